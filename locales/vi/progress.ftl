## Progress: reports, their restatement, undo and confirmation; overdue, roll-up, who has not reported.

status-done = hoàn thành
status-in-progress = đang thực hiện
status-not-started = chưa triển khai
status-blocked = vướng mắc
state-with-percent = { $status }, { $percent }%
role-lead = chủ trì
role-support = phối hợp
category-done-on-time = hoàn thành đúng hạn
category-done-late = hoàn thành quá hạn
category-open-on-time = chưa hoàn thành, trong hạn
category-open-overdue = chưa hoàn thành, quá hạn
category-awaiting-review = chờ xác nhận
review-suffix-pending = { $state }, chờ cơ quan điều phối xác nhận
review-suffix-confirmed = { $state } (đã được xác nhận)
review-suffix-returned = { $state } — bị trả lại: { $reason }

report-recorded = Đã ghi nhận báo cáo:
report-task = • Nhiệm vụ { $ref }: { $title }
report-agency = • Cơ quan: { $agency } ({ $role })
report-period = • Kỳ báo cáo: { $period }
report-status = • Trạng thái: { $status }
report-percent = • Tỷ lệ hoàn thành: { $percent }%
report-awaiting-review = • Kết quả chờ cơ quan điều phối ({ $coordinator }) xác nhận; đến khi đó nhiệm vụ được tính là "chờ xác nhận".
report-expected = • Dự kiến hoàn thành: { $day }
report-note = • Ghi chú: { $note }
report-as-of = • Tình trạng tính đến ngày: { $day }
report-entered-by = • Do { $agency } ghi nhận thay
report-undo-hint = Nếu chưa đúng, bấm "Hoàn tác" hoặc gõ "hoàn tác" trong vòng { $hours } giờ rồi gửi lại.
action-undo = Hoàn tác
report-unchanged = Báo cáo này không có gì mới: báo cáo hiện tại của nhiệm vụ { $ref }, gửi lúc { $when }, đã ghi { $state }; tôi không ghi thêm.
confirm-done-below-full = Bạn báo "hoàn thành" nhưng tỷ lệ là { $percent }%. Bạn có chắc muốn ghi nhận như sau không?
confirm-lower = Tỷ lệ hoàn thành giảm từ { $before }% xuống { $percent }%. Bạn có chắc muốn ghi nhận như sau không?
confirm-expected-after-plan = Ngày dự kiến { $expected } sau khi kế hoạch kết thúc ({ $last }). Bạn có chắc muốn ghi nhận như sau không?
confirm-hint = Trả lời "có" để ghi nhận, "không" để hủy. Chưa có gì được ghi nhận.
choice-confirm = Xác nhận, ghi nhận
choice-cancel = Hủy
pending-dropped = Đã hủy, không ghi nhận gì. Bạn có thể gửi lại báo cáo đã sửa.
nothing-pending = Không có báo cáo nào đang chờ xác nhận.
review-none-waiting = Cũng không có kết quả nào chờ cơ quan điều phối xác nhận.
review-waiting-header = Có { $count } kết quả chờ cơ quan điều phối xác nhận; gõ lệnh bên cạnh để xác nhận, hoặc /tralai <số> <lý do> để trả lại:
review-waiting-line = • { $ref } — { $agency } (tính đến { $day }): /xacnhan { $id }
nothing-to-cancel = Không có gì để hủy: không có báo cáo nào đang chờ xác nhận, và chưa có gì được ghi nhận.
report-retracted = Đã hoàn tác báo cáo nhiệm vụ { $ref } gửi lúc { $when }: { $state }. Báo cáo vẫn được lưu trong lịch sử với dấu "đã hoàn tác".
nothing-to-undo = Nhóm này không có báo cáo nào trong { $hours } giờ qua để hoàn tác.
undo-which = "{ $arg }" không phải số của một báo cáo nên chưa hoàn tác gì. Gõ "hoàn tác" để hoàn tác báo cáo vừa gửi của nhóm, hoặc bấm nút "Hoàn tác" dưới báo cáo cần hoàn tác.
not-recorded = Chưa có gì được ghi nhận.
impossible-percent = Tỷ lệ { $percent }% không hợp lệ: tỷ lệ hoàn thành phải từ 0 đến 100%. Chưa có gì được ghi nhận, vui lòng gửi lại.
note-too-long = Ghi chú quá dài (tối đa { $max } ký tự). Chưa có gì được ghi nhận; vui lòng tóm tắt rồi gửi lại.
message-too-long = Tin nhắn quá dài (tối đa { $max } ký tự) nên tôi chưa đọc và chưa ghi nhận gì. Vui lòng gửi ngắn gọn hơn.
what-to-update = Bạn muốn cập nhật gì cho nhiệm vụ { $ref }? Ví dụ: "cập nhật { $ref }: đạt 50%, đã trình dự thảo". Chưa có gì được ghi nhận.
update-which-task = Bạn cập nhật nhiệm vụ nào? Hãy ghi rõ số hiệu, ví dụ "cập nhật III.2: đạt 80%", hoặc chọn:
update-which-section = Nhiệm vụ { $number } của mục nào? Hãy chọn:
update-number-missing = Không mục nào của kế hoạch có nhiệm vụ số { $number }. Hãy ghi rõ số hiệu, ví dụ "cập nhật III.2: đạt 80%". Chưa có gì được ghi nhận.
not-assigned = { $agency } không được giao nhiệm vụ { $ref } nên không thể báo cáo nhiệm vụ này. Nhiệm vụ { $ref } do { $leads } chủ trì. Chưa có gì được ghi nhận.
update-which-topic = Bạn cập nhật nhiệm vụ nào? Nhiệm vụ sát với nội dung tin nhắn nhất được xếp trước (cơ quan bạn chủ trì trước, phối hợp sau):
reports-same-task = tin nhắn có hai báo cáo cho nhiệm vụ { $ref }; hãy gộp thành một.
unknown-sender = Tin nhắn ghi “{ $named }” là cơ quan báo cáo, nhưng tôi không nhận ra cơ quan này trong danh sách của kế hoạch. Báo cáo của một cơ quan cần gửi từ nhóm của cơ quan đó (bỏ tên cơ quan nếu đây là báo cáo của chính nhóm này), hoặc để { $coordinator } ghi nhận thay.
several-senders = Tin nhắn có báo cáo của nhiều cơ quan ({ $agencies }), nên chưa ghi nhận báo cáo nào. Hãy gửi báo cáo của mỗi cơ quan thành một tin nhắn riêng, từ nhóm của cơ quan đó; cơ quan điều phối ghi nhận thay thì ghi rõ, ví dụ: "ghi nhận thay { $example }: III.4 đạt 60%".
reports-refused = Chưa ghi nhận báo cáo nào của tin nhắn này:
reports-refused-line = • { $ref }: { $why }
reports-refused-footer = Hãy sửa các báo cáo trên rồi gửi lại cả tin nhắn.
reports-recorded = Đã ghi nhận { $count } báo cáo:
reports-line = • { $ref } — { $agency } ({ $role }): { $state }
reports-line-note = • { $ref } — { $agency } ({ $role }): { $state } — { $note }
reports-unchanged-also = Không có gì mới nên không ghi thêm: { $refs }.
reports-unchanged = Các báo cáo này không có gì mới so với tình trạng hiện tại nên tôi không ghi thêm: { $refs }.
action-undo-ref = Hoàn tác { $ref }
doubt-done-below-full = { $ref }: báo "hoàn thành" nhưng tỷ lệ là { $percent }%
doubt-lower = { $ref }: tỷ lệ giảm từ { $before }% xuống { $percent }%
doubt-expected-after-plan = { $ref }: ngày dự kiến { $expected } sau khi kế hoạch kết thúc ({ $last })
confirm-several = Trước khi ghi nhận { $count } báo cáo của tin nhắn này, xin bạn xác nhận:
confirm-several-reports = Các báo cáo sẽ được ghi nhận:
other-sender = Tin nhắn ghi { $sender } là cơ quan báo cáo nhiệm vụ { $ref }, nhưng nhóm này là của { $agency }. Báo cáo của { $sender } cần gửi từ nhóm của cơ quan đó, hoặc để cơ quan điều phối ghi nhận thay.
on-behalf-coordinator-only = Chỉ nhóm của cơ quan điều phối mới ghi nhận báo cáo thay cơ quan khác; nếu cần, hãy đề nghị { $coordinator } ghi nhận giúp.
on-behalf-which = Bạn ghi nhận thay cơ quan nào? Ví dụ: "ghi nhận thay Sở Y tế: III.8 đạt 50%".
ended-cannot-report = { $agency } đã chấm dứt hoạt động từ ngày { $since }; nhiệm vụ { $ref } nay do { $successors } thực hiện. Hãy báo cáo từ nhóm của cơ quan đó, hoặc đề nghị { $coordinator } ghi nhận thay. Tình hình trước ngày { $since } vẫn báo cáo được từ đây, kèm ngày, ví dụ: "cập nhật { $ref }: đã hoàn thành ngày 20/12/2024".
ended-cannot-report-entered = { $agency } đã chấm dứt hoạt động từ ngày { $since }; nhiệm vụ { $ref } nay do { $successors } thực hiện và báo cáo. Tình hình của { $agency } trước ngày { $since } vẫn ghi nhận thay được, kèm ngày, ví dụ: "ghi nhận thay { $agency }: { $ref } đã hoàn thành ngày 20/12/2024".
day-invalid = Ngày ghi trong báo cáo không có thật; hãy ghi ngày theo dạng 20/12/2025.
day-in-future = Ngày { $day } chưa đến: báo cáo chỉ ghi tình hình đã có. Nếu đó là ngày dự kiến, hãy viết "dự kiến hoàn thành ngày { $day }".
day-before-plan = Ngày { $day } trước ngày ban hành kế hoạch ({ $issued }) nên không tính vào kế hoạch này.
day-after-plan = Ngày { $day } sau khi Kế hoạch { $plan } kết thúc ({ $last }) nên không tính vào kế hoạch này. Nếu bạn báo cáo kết quả đến hết kế hoạch, hãy ghi kèm ngày đó, ví dụ: "cập nhật III.2: đạt 90% tính đến { $last }".

progress-header = Tiến độ { $period } (hạn { $due }): { $category }.
progress-leads = Cơ quan chủ trì:
progress-support = Cơ quan phối hợp đã báo cáo:
progress-line = • { $agency }: { $state } (tính đến { $when })
progress-line-note = • { $agency }: { $state } (tính đến { $when }) — { $note }
expected-by = , dự kiến xong { $day }
expected-passed = , dự kiến xong { $day }, đã quá ngày dự kiến
reported-by-predecessor = {" "}(theo báo cáo của { $agency })
progress-not-reported = • { $agency }: chưa báo cáo
progress-group = • { $group }: { $tally }
tally-done = { $done }/{ $total } đã hoàn thành
tally-awaiting = { $count } chờ xác nhận
tally-in-progress = { $count } đang thực hiện
tally-blocked = { $count } vướng mắc
tally-not-started = { $count } chưa triển khai
tally-not-reported = { $count } chưa báo cáo

scope-agency = {" "}của { $agency }
overdue-none = Không có nhiệm vụ nào{ $scope } quá hạn tính đến ngày { $today }.
overdue-header = Có { $count } nhiệm vụ{ $scope } chưa hoàn thành quá hạn (tính đến ngày { $today }):
overdue-line = • { $ref } — { $title }: quá hạn { $days } ngày (hạn { $due }); cơ quan chủ trì đã hoàn thành: { $done }/{ $total }
overdue-footer = Gõ "nhiệm vụ" kèm số hiệu để xem ai đã báo cáo gì.
due-soon-header = Có { $count } nhiệm vụ{ $scope } chưa hoàn thành đến hạn trong { $days } ngày tới (tính từ ngày { $today }):
due-soon-line = • { $ref } — { $title }: hạn { $due } ({ $left ->
        [0] đến hạn hôm nay
       *[other] còn { $left } ngày
    }); cơ quan chủ trì đã hoàn thành: { $done }/{ $total }
due-soon-none = Không có nhiệm vụ nào{ $scope } đến hạn trong { $days } ngày tới (tính từ ngày { $today }).
due-soon-next = Hạn gần nhất là ngày { $due } (còn { $left } ngày), { $count } nhiệm vụ chưa hoàn thành:
due-soon-nothing-open = Không còn nhiệm vụ nào{ $scope } chưa hoàn thành trong kỳ hiện tại (tính đến ngày { $today }).
blocked-header = Có { $count } báo cáo vướng mắc{ $scope } đang chờ tháo gỡ (tính đến ngày { $today }):
blocked-line = • { $ref } — { $agency } ({ $since }): { $note }
blocked-line-bare = • { $ref } — { $agency } ({ $since })
blocked-none = Hiện không có báo cáo vướng mắc nào{ $scope } (tính đến ngày { $today }).
never-reported = { $count } nhiệm vụ đã hết hạn mà chưa có báo cáo nào: { $refs }.
earlier-unreported = { $count } nhiệm vụ có kỳ trước chưa có báo cáo nào: { $refs }.
earlier-unreported-brief = { $count } nhiệm vụ có kỳ trước chưa có báo cáo nào: { $refs } (gõ “việc nào quá hạn” để xem từng kỳ).
never-reported-ref = { $ref } ({ $period })
never-reported-how = Có thể bổ sung tình hình trước khi dùng bot: báo cáo kèm ngày, ví dụ "cập nhật III.3: đã hoàn thành ngày 20/12/2025"; cơ quan điều phối có thể "ghi nhận thay Sở Y tế: III.8 đạt 50%" hoặc nhập cả bảng tính bằng lệnh phoihop import --xlsx.

summary-header = Tổng hợp tiến độ Kế hoạch { $plan }{ $scope } đến ngày { $today } ({ $count } nhiệm vụ, theo kỳ báo cáo hiện tại):
summary-category = • { $category }: { $count }
summary-by-section = Theo mục:
summary-section = • Mục { $section }: { $total } nhiệm vụ — { $done } hoàn thành, { $overdue } quá hạn
summary-reporters = { $count ->
    [0] Trong { $days } ngày qua chưa có cơ quan nào gửi báo cáo.
   *[other] Trong { $days } ngày qua có { $count } cơ quan gửi báo cáo.
} Gõ "việc nào quá hạn" hoặc "ai chưa báo cáo" để xem chi tiết.

agency-reported = { $agency } đã báo cáo, lần gần nhất lúc { $when }.
agency-not-reported = { $agency } chưa gửi báo cáo nào trong { $days } ngày qua.
not-reported-none = Tất cả cơ quan chủ trì đều đã báo cáo trong { $days } ngày qua (hoặc đã hoàn thành nhiệm vụ của mình).
not-reported-header = { $count } cơ quan chủ trì chưa gửi báo cáo nào trong { $days } ngày qua:
not-reported-group = • { $kind } ({ $count }): { $names }
reported-none = Chưa có cơ quan nào gửi báo cáo trong { $days } ngày qua. Gõ "ai chưa báo cáo" để xem các cơ quan chủ trì cần nhắc.
reported-header = { $count } cơ quan đã gửi báo cáo trong { $days } ngày qua (mới nhất trước):
reported-line = • { $agency } — lần gần nhất lúc { $when }
kind-departments = Sở, ban, ngành
kind-districts = UBND cấp huyện
kind-communes = UBND cấp xã
kind-others = Cơ quan khác

history-which = Bạn muốn xem lịch sử báo cáo của nhiệm vụ nào? Ví dụ: "lịch sử III.2".
history-none = Chưa có báo cáo nào cho nhiệm vụ { $ref }.
history-header = Lịch sử báo cáo nhiệm vụ { $ref } (mới nhất trước):
history-line = • { $when } — { $agency }: { $state } (người gửi: { $author })
history-note = {" "}— { $note }
history-as-of = {" "}— tính đến ngày { $day }
history-entered-by = {" "}— do { $agency } ghi nhận thay
history-confirmed-by = {" "}— { $name } xác nhận
confirmed-for-another = { $name } đã xác nhận báo cáo này thay cho người gửi ({ $author }).
history-retracted = {" "}[đã hoàn tác]
history-more = … và các báo cáo cũ hơn.

## The weekly digest.

digest-title = TỔNG HỢP TUẦN { $number }/{ $year } ({ $from } – { $to })
digest-plan = Kế hoạch { $plan }: { $title }
digest-headline = 1. Tình hình chung ({ $count } nhiệm vụ, tính đến hết ngày { $day }):
digest-category = • { $category }: { $count } ({ $change })
digest-same = không đổi so với tuần trước
digest-change = { $delta } so với tuần trước
digest-reports = 2. Báo cáo nhận được trong tuần: { $count }
digest-report-line = • { $ref }: { $parts }
digest-report-part = { $agency } — { $state }
digest-awaiting = Chờ xác nhận ({ $count }):
digest-awaiting-line = • { $ref } — { $agency }: báo cáo hoàn thành ngày { $since }, { $days ->
    [0] chờ từ hôm nay
   *[other] đã chờ { $days } ngày
}
digest-due-ahead = Sắp đến hạn trong { $days } ngày tới, chưa hoàn thành: { $count }
digest-due-ahead-line = • { $ref } — hạn { $due } ({ $left ->
    [0] đến hạn hôm nay
   *[other] còn { $left } ngày
})
digest-blocked = 3. Vướng mắc: { $count }
digest-blocked-line = • { $ref } — { $agency }: { $note }
digest-overdue = 4. Nhiệm vụ chưa hoàn thành quá hạn: { $count }{ $never ->
        [0] {""}
       *[other] {" "}(trong đó { $never } nhiệm vụ chưa có báo cáo nào)
    }
digest-overdue-line = • { $ref }: quá hạn { $days } ngày (hạn { $due })
digest-expected-passed = Đã quá ngày dự kiến hoàn thành mà chưa báo cáo xong: { $count }
digest-expected-line = • { $ref } — { $agency }: dự kiến xong { $day }
digest-silent = 5. Cơ quan chủ trì chưa báo cáo trong tuần: { $count }
digest-and-more = {" "}và { $count } cơ quan khác
digest-more = … và { $count } mục khác (xem chi tiết trong tệp đính kèm).
digest-footer = Chi tiết từng nhiệm vụ và từng báo cáo trong tệp Excel đính kèm.
digest-before-plan = Tuần { $week } diễn ra trước khi kế hoạch được ban hành nên không có báo cáo tổng hợp.
digest-after-plan = Tuần { $week } nằm sau thời hạn của kế hoạch nên không có báo cáo tổng hợp.
digest-future = Tuần { $week } chưa bắt đầu.

## The spreadsheet.

xlsx-title = TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH { $plan } — ĐẾN NGÀY { $day }
xlsx-sheet-progress = Tiến độ
xlsx-leads = Cơ quan chủ trì và tình hình
xlsx-sheet-tasks = Theo cơ quan
xlsx-sheet-reports = Báo cáo
xlsx-ref = TT
xlsx-task = Nội dung nhiệm vụ
xlsx-period = Kỳ báo cáo
xlsx-due = Hạn
xlsx-category = Tình trạng
xlsx-agency = Cơ quan
xlsx-role = Vai trò
xlsx-status = Trạng thái
xlsx-percent = Tỷ lệ
xlsx-note = Ghi chú
xlsx-agency-code = Mã cơ quan
xlsx-as-of = Tính đến ngày
xlsx-entered-by = Cơ quan nhập
xlsx-time = Thời gian
xlsx-author = Người gửi
xlsx-retracted = Đã hoàn tác
xlsx-yes = Có
xlsx-not-reported = Chưa báo cáo
xlsx-no-reports = Không có báo cáo nào trong kỳ này.
export-ready = Bảng tiến độ (Excel) đính kèm: một trang các nhiệm vụ với tình trạng của từng cơ quan, một trang tất cả các báo cáo.

## Reminders and settings.

reminder-header = Nhắc báo cáo tuần { $number }: { $agency } chưa gửi báo cáo tiến độ nào trong tuần này (tuần kết thúc ngày { $to }). Các nhiệm vụ cơ quan chủ trì:
reminder-example = Chỉ cần một dòng, ví dụ: "cập nhật { $ref }: đạt 50%, đã trình dự thảo kế hoạch".
reminder-expected-passed = Các nhiệm vụ đã quá ngày dự kiến hoàn thành mà cơ quan đã báo, nhưng chưa báo cáo hoàn thành:
reminder-expected-line = • { $ref }: dự kiến xong { $day }
settings-header = Cài đặt hiện tại:
settings-digest = • Gửi báo cáo tổng hợp tuần: { $day } lúc { $time }
settings-reminder = • Nhắc cơ quan chưa báo cáo: { $day } lúc { $time }
settings-window = • Coi là "chưa báo cáo" sau: { $days } ngày
settings-digest-per-plan = • Nhóm điều phối nhiều kế hoạch nhận: { $mode ->
    [separate] mỗi kế hoạch một bản tổng hợp
   *[together] một bản tổng hợp chung, mỗi kế hoạch một phần
}
settings-coordinator = • Cơ quan điều phối: { $agency }
settings-how = Thay đổi bằng lệnh trên máy chủ: phoihop settings set digest_time 07:30 (các khóa: digest_day, digest_time, reminder_day, reminder_time, report_window_days, digest_per_plan).
day-mon = thứ Hai
day-tue = thứ Ba
day-wed = thứ Tư
day-thu = thứ Năm
day-fri = thứ Sáu
day-sat = thứ Bảy
day-sun = Chủ nhật

## The coordinator's review of results reported done.

review-which = Xác nhận hoặc trả lại kết quả nào? Gõ kèm số báo cáo ghi trong yêu cầu xác nhận, ví dụ: /xacnhan 12 hoặc /tralai 12 thiếu biên bản nghiệm thu.
review-reason = Trả lại kết quả cần có lý do để cơ quan báo cáo biết phải bổ sung gì. Gõ: /tralai { $id } <lý do>
review-none = Báo cáo số { $id } không ở trạng thái chờ xác nhận (đã được xử lý, đã hoàn tác, hoặc không thuộc kế hoạch do nhóm này điều phối).
review-confirmed = Đã xác nhận kết quả nhiệm vụ { $ref } của { $agency }: nhiệm vụ được tính là hoàn thành.
review-returned = Đã trả lại kết quả nhiệm vụ { $ref } cho { $agency } với lý do: { $reason }. Nhiệm vụ được tính là đang thực hiện; cơ quan sẽ nhận được lý do.
review-request = 🔎 Cần xác nhận kết quả (báo cáo số { $id }): nhiệm vụ { $ref } — { $title }
review-request-who = • Cơ quan: { $agency } (người gửi: { $name }), tình hình tính đến { $day }
review-request-state = • Báo cáo: { $state }
review-request-note = • Nội dung: { $note }
review-request-evidence = • Có tài liệu kèm theo.
evidence-elsewhere = (Tài liệu kèm theo ở trong nhóm của cơ quan báo cáo.)
review-request-how = Bấm nút bên dưới, hoặc gõ /xacnhan { $id } để xác nhận, /tralai { $id } <lý do> để trả lại.
review-returned-notice = ↩️ { $coordinator } đã trả lại kết quả nhiệm vụ { $ref } với lý do: { $reason }. Nhiệm vụ được tính là đang thực hiện; khi bổ sung xong, hãy báo cáo lại, ví dụ: "cập nhật { $ref }: đã hoàn thành, đã bổ sung …".
action-review-confirm = Xác nhận
action-review-return = Trả lại

## Alerts before deadlines.

deadline-header = ⏰ Sắp đến hạn — nhiệm vụ { $agency } chủ trì chưa hoàn thành:
deadline-line = • { $ref } — { $title }: hạn { $due } ({ $left ->
    [0] đến hạn hôm nay
   *[other] còn { $left } ngày
})

# The digest's chart.
chart-title = Kế hoạch { $plan } — tình hình đến ngày { $day }
chart-bars = Nhiệm vụ theo tình trạng, từng mục của Kế hoạch
chart-section = { $id }. { $title }
chart-trend = Số nhiệm vụ đã hoàn thành, { $weeks } tuần gần đây (đến Chủ nhật mỗi tuần)
