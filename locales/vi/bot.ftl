## Conversation: greeting, guide, and what the bot says when it cannot help.

start-greeting = Xin chào { $name }!
start-greeting-anonymous = Xin chào!
help =
    Tôi giúp các cơ quan theo dõi và báo cáo việc thực hiện Kế hoạch { $plan }. Bạn có thể gõ:
    • "nhiệm vụ của tôi" (/nhiemvu) — các nhiệm vụ cơ quan bạn chủ trì hoặc phối hợp;
    • "nhiệm vụ III.2" — toàn văn và tiến độ một nhiệm vụ ("3.2", "III-2", "nv 2 mục III" đều được);
    • "cập nhật III.2: đã trình UBND tỉnh, đạt 80%" — báo cáo tiến độ; gửi nhầm thì gõ "hoàn tác";
    • "việc nào quá hạn" (/quahan), "tổng hợp" (/tonghop), "ai chưa báo cáo" — tình hình chung;
    • "tìm nhiệm vụ về hợp tác xã" — tìm nhiệm vụ theo chủ đề;
    • "nhiệm vụ của Sở Y tế" — nhiệm vụ của cơ quan khác; "lịch sử III.2" — các lần báo cáo.
    Gõ không dấu hay viết tắt cũng được, ví dụ: "nv cua toi", "cn 3.2 xong".
unknown = Xin lỗi, tôi chưa hiểu ý bạn. Gõ /help để xem những câu tôi trả lời được.
unbound =
    Nhóm chat này chưa được kết nối với cơ quan nào nên tôi chưa thể trả lời.
    Hãy xin mã kết nối từ { $coordinator }, rồi gõ: /ketnoi <mã>
store-unavailable = Hệ thống tạm thời không truy cập được dữ liệu, chưa có gì được ghi nhận. Vui lòng thử lại sau ít phút.
small-talk-thanks = Rất vui được giúp bạn! Cần gì cứ nhắn, hoặc gõ /help để xem hướng dẫn.
small-talk-greeting = Xin chào! Bạn có thể hỏi "nhiệm vụ của tôi", "việc nào quá hạn", hoặc gõ /help để xem hướng dẫn.
