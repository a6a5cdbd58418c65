## Conversation: greeting, guide, and what the bot says when it cannot help.

start-greeting = Xin chào { $name }!
start-greeting-anonymous = Xin chào!
help =
    Tôi giúp các cơ quan theo dõi và báo cáo việc thực hiện Kế hoạch { $plan }. Bạn có thể gõ:
    • "nhiệm vụ của tôi" (/nhiemvu) — các nhiệm vụ cơ quan bạn chủ trì hoặc phối hợp;
    • "nhiệm vụ III.2" — toàn văn và tiến độ một nhiệm vụ ("3.2", "III-2", "nv 2 mục III" đều được);
    • "cập nhật III.2: đã trình UBND tỉnh, đạt 80%" — báo cáo tiến độ; gửi nhầm thì gõ "hoàn tác";
    • "việc nào quá hạn" (/quahan), "việc nào sắp đến hạn", "việc nào đang vướng mắc", "tổng hợp" (/tonghop), "ai chưa báo cáo", "ai đã báo cáo" — tình hình chung;
    • "tìm nhiệm vụ về hợp tác xã" — tìm nhiệm vụ theo chủ đề;
    • "nhiệm vụ của Sở Y tế" — nhiệm vụ của cơ quan khác; "lịch sử III.2" — các lần báo cáo.
    Gõ không dấu hay viết tắt cũng được, ví dụ: "nv cua toi", "cn 3.2 xong".
plans-and = { $first } và { $last }
unknown = Xin lỗi, tôi chưa hiểu ý bạn. Gõ /help để xem những câu tôi trả lời được.
unbound =
    Nhóm chat này chưa được kết nối với cơ quan nào nên tôi chưa thể trả lời.
    Hãy xin mã kết nối từ { $coordinator }, rồi gõ: /ketnoi <mã>
store-unavailable = Hệ thống tạm thời không truy cập được dữ liệu, chưa có gì được ghi nhận. Vui lòng thử lại sau ít phút.
store-refused = Xin lỗi, có lỗi khi xử lý tin nhắn này nên chưa có gì được ghi nhận. Lỗi đã được ghi lại để kiểm tra; gửi lại cũng không giúp được, nếu cần gấp xin báo cơ quan điều phối.
store-busy = ⏳ Hệ thống đang tạm mất kết nối với cơ sở dữ liệu. Tin nhắn của bạn vẫn được giữ lại và sẽ được xử lý ngay khi hệ thống hoạt động trở lại — không cần gửi lại.
small-talk-thanks = Rất vui được giúp bạn! Cần gì cứ nhắn, hoặc gõ /help để xem hướng dẫn.
small-talk-greeting = Xin chào! Bạn có thể hỏi "nhiệm vụ của tôi", "việc nào quá hạn", hoặc gõ /help để xem hướng dẫn.

## Binding a chat to an agency.

bind-how = Để kết nối nhóm này với cơ quan của bạn, hãy xin mã kết nối từ { $coordinator }, rồi gõ: /ketnoi <mã>
bind-done = Đã kết nối nhóm này với { $agency }. Từ giờ các thành viên có thể hỏi "nhiệm vụ của tôi" hoặc gửi báo cáo, ví dụ "cập nhật III.2: đạt 50%". Gõ /help để xem hướng dẫn.
bind-done-coordinator = Đã kết nối nhóm này với { $agency } với vai trò nhóm điều phối: nhóm sẽ nhận báo cáo tổng hợp hằng tuần và có thể dùng /moi, /danhsach, /huyketnoi.
bind-wrong = Mã không đúng. Hãy kiểm tra lại mã do { $coordinator } cấp (bạn còn { $left } lần thử trong giờ này).
bind-expired = Mã này đã hết hạn. Vui lòng xin mã mới từ { $coordinator }.
bind-used = Mã này đã được dùng. Mỗi mã chỉ dùng một lần; vui lòng xin mã mới từ { $coordinator }.
bind-locked-you = Bạn đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau { $minutes } phút; thành viên khác trong nhóm vẫn có thể nhập mã đúng.
bind-locked-busy = Gần đây có quá nhiều mã sai được nhập nên tạm thời chưa kiểm tra thêm mã từ người đã nhập sai. Vui lòng thử lại sau { $minutes } phút, hoặc nhờ một thành viên khác trong nhóm nhập mã.
bind-no-longer-coordinator = Nhóm này không còn là nhóm điều phối; các nhóm điều phối khác vẫn giữ vai trò đó.
bind-last-coordinator = Chưa dùng mã này: nhóm này là nhóm điều phối duy nhất, dùng mã sẽ làm tỉnh không còn nhóm điều phối nào. Hãy kết nối một nhóm điều phối khác trước (gõ /moi kèm mã cơ quan điều phối và "điều phối" để cấp mã), rồi nhập lại mã này — mã vẫn còn hiệu lực.
coordinator-only = Lệnh này chỉ dùng được trong nhóm điều phối.
coordinator-command = Đây là lệnh của nhóm điều phối ({ $coordinator }): bảng tính có ghi chú của mọi cơ quan và tên người báo cáo nên chỉ gửi trong nhóm điều phối. Cơ quan bạn xem tiến độ của mình bằng "nhiệm vụ của tôi".
invite-which = Cấp mã cho cơ quan nào? Gõ /moi kèm mã cơ quan, ví dụ: /moi syt (thêm "điều phối" để cấp mã nhóm điều phối). Mã gần giống: { $closest }.
invite-issued =
    Mã kết nối cho { $agency }: { $code }
    Trong nhóm chat của cơ quan đó, gõ: /ketnoi { $code }
    Mã chỉ dùng một lần và hết hạn sau { $hours } giờ.
chats-none = Chưa có nhóm chat nào được kết nối.
chats-header = Các nhóm chat đã kết nối ({ $count }):
chats-line = { $number }. { $agency } — { $platform } { $chat } (từ { $since })
chats-line-coordinator = { $number }. { $agency } (nhóm điều phối) — { $platform } { $chat } (từ { $since })
chats-footer = Để hủy kết nối một nhóm, gõ /huyketnoi kèm số thứ tự, ví dụ: /huyketnoi 2 (bot sẽ hỏi lại để xác nhận).
unbind-which = Hủy kết nối nhóm nào? Gõ /danhsach để xem số thứ tự, rồi gõ /huyketnoi kèm số đó.
unbind-self = Không thể tự hủy kết nối nhóm điều phối đang dùng.
unbind-done = Đã hủy kết nối nhóm { $platform } { $chat } của { $agency }.
unbind-confirm =
    Hủy kết nối nhóm { $platform } { $chat } của { $agency }? Sau khi hủy, nhóm đó không hỏi hay báo cáo được nữa cho đến khi được cấp mã mới; các báo cáo đã gửi vẫn được giữ nguyên.
    Để xác nhận, bấm nút bên dưới hoặc gõ: { $command }
unbind-confirm-coordinator =
    Hủy kết nối nhóm điều phối { $platform } { $chat } của { $agency }? Nhóm đó sẽ không còn nhận báo cáo tổng hợp và không quản lý kết nối được nữa.
    Để xác nhận, bấm nút bên dưới hoặc gõ: { $command }
unbind-last-coordinator = Không hủy kết nối nhóm { $platform } { $chat } của { $agency }: đó là nhóm điều phối duy nhất còn lại.
action-unbind = Xác nhận hủy kết nối

plan-title = Kế hoạch { $code } — { $title }
plan-heading = 📋 { $plan }
plan-which = Nhiệm vụ { $refs } có trong { $count } kế hoạch. Bạn muốn nói kế hoạch nào? (Lần sau có thể ghi kèm số kế hoạch, ví dụ "KH 16: …".)
## The slash commands, as menus and the guide list them.

help-commands = Các lệnh:

cmd-nhiemvu = Nhiệm vụ của cơ quan tôi, hoặc /nhiemvu III.2 để xem một nhiệm vụ
cmd-capnhat = Báo cáo tiến độ, ví dụ: /capnhat III.2 đạt 80%, đã trình UBND tỉnh
cmd-quahan = Các nhiệm vụ quá hạn
cmd-tonghop = Tổng hợp tiến độ kế hoạch
cmd-chuabaocao = Các cơ quan chưa báo cáo
cmd-tim = Tìm nhiệm vụ theo chủ đề, ví dụ: /tim hợp tác xã
cmd-lichsu = Lịch sử báo cáo của một nhiệm vụ, ví dụ: /lichsu III.2
cmd-hoantac = Hoàn tác báo cáo vừa gửi
cmd-ketnoi = Kết nối nhóm chat với cơ quan: /ketnoi <mã>
cmd-help = Hướng dẫn sử dụng và danh sách lệnh
cmd-xuat = Xuất bảng tiến độ ra tệp Excel
cmd-moi = Cấp mã kết nối cho một cơ quan, ví dụ: /moi syt
cmd-danhsach = Các nhóm chat đã kết nối
cmd-huyketnoi = Hủy kết nối một nhóm chat, ví dụ: /huyketnoi 2
cmd-caidat = Xem các thiết lập nhắc việc và báo cáo tuần
cmd-tralai = Trả lại kết quả chưa đạt, ví dụ: /tralai 12 thiếu biên bản nghiệm thu
cmd-xacnhan = Ghi nhận báo cáo đang chờ xác nhận
cmd-huy = Bỏ báo cáo đang chờ xác nhận
button-expired = Nút này không còn hiệu lực. Vui lòng gõ lại yêu cầu.
zalo-no-file = (Zalo không nhận tệp từ bot: tệp { $name } có trong nhóm Telegram của cơ quan; trên máy chủ, cán bộ quản trị lấy bảng Excel bằng lệnh "phoihop export", báo cáo Word bằng "phoihop report".)
zalo-no-picture = (Biểu đồ tiến độ { $name } được gửi kèm trong nhóm Telegram của cơ quan điều phối; trên máy chủ, cán bộ quản trị lưu biểu đồ bằng lệnh "phoihop digest --chart { $name }".)
cmd-baocao = Dự thảo báo cáo định kỳ (tệp Word), ví dụ /baocao 2026 hoặc /baocao 6 tháng cuối năm
cmd-web = Trang web theo dõi tiến độ (gửi đường dẫn đăng nhập; /web tat để đăng xuất)
web-link = Đường dẫn đăng nhập trang web theo dõi tiến độ cho { $agency } (dùng được một lần, trong { $minutes } phút; phiên đăng nhập kéo dài { $days } ngày, gõ /web tat để đăng xuất mọi phiên mở từ nhóm này):
    { $link }
web-off = Trang web chưa được bật trên máy chủ này (cán bộ quản trị chạy phoihop serve --web-listen).
web-signed-out = { $count ->
    [0] Không có phiên đăng nhập nào đang mở từ nhóm này.
   *[other] Đã đăng xuất { $count } phiên đăng nhập trang web mở từ nhóm này.
}
