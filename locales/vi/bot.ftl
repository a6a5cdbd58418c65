## Conversation: greeting, guide, and what the bot says when it cannot help.

start-greeting = Xin chào { $name }!
start-greeting-anonymous = Xin chào!
help =
    Tôi giúp các cơ quan theo dõi việc thực hiện Kế hoạch { $plan }. Bạn có thể hỏi:
    • "nhiệm vụ của tôi" hoặc /nhiemvu — các nhiệm vụ cơ quan bạn chủ trì hoặc phối hợp;
    • "nhiệm vụ III.2" — toàn văn một nhiệm vụ (viết "3.2", "III-2" hay "nv 2 mục III" đều được);
    • /help — xem lại hướng dẫn này.
    Gõ không dấu cũng được, ví dụ: "nhiem vu cua toi".
unknown = Xin lỗi, tôi chưa hiểu ý bạn. Gõ /help để xem những câu tôi trả lời được.
unbound =
    Nhóm chat này chưa được kết nối với cơ quan nào nên tôi chưa thể trả lời.
    Hãy xin mã kết nối từ { $coordinator }, rồi gõ: /ketnoi <mã>
store-unavailable = Hệ thống tạm thời không truy cập được dữ liệu, chưa có gì được ghi nhận. Vui lòng thử lại sau ít phút.
small-talk-thanks = Rất vui được giúp bạn! Cần gì cứ nhắn, hoặc gõ /help để xem hướng dẫn.
small-talk-greeting = Xin chào! Bạn có thể hỏi "nhiệm vụ của tôi", "việc nào quá hạn", hoặc gõ /help để xem hướng dẫn.
