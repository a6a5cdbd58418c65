## Tasks of the plan: lists and details.

my-tasks-header = Nhiệm vụ của { $agency } trong Kế hoạch { $plan }:
my-tasks-lead = Chủ trì ({ $count } nhiệm vụ):
my-tasks-support = Phối hợp ({ $count } nhiệm vụ):
my-tasks-none = { $agency } không được giao nhiệm vụ nào trong Kế hoạch { $plan }.
my-tasks-footer = Để xem chi tiết, gõ "nhiệm vụ" kèm số hiệu, ví dụ: nhiệm vụ { $example }
task-line = • { $ref } — { $title }
task-line-requested = • { $ref } — { $title } (được đề nghị phối hợp)

task-header = Nhiệm vụ { $ref } — Mục { $section }. { $section_title }
task-lead = Cơ quan chủ trì: { $agencies }
task-support = Cơ quan phối hợp: { $agencies }
task-support-none = Cơ quan phối hợp: không có
task-product = Sản phẩm: { $product }
task-timeframe = Thời gian thực hiện: { $timeframe }
task-ended = Thời hạn thực hiện đã kết thúc ngày { $due }.
period-year = năm { $year }
period-span = giai đoạn { $from }–{ $to }
task-your-role-lead = Cơ quan bạn chủ trì nhiệm vụ này.
task-your-role-support = Cơ quan bạn phối hợp thực hiện nhiệm vụ này.
group-with-count = { $name } ({ $count } cơ quan)
agency-requested = { $name } (đề nghị phối hợp)
agency-now = { $agency } (nay là { $now })
ended-header = { $agency } đã chấm dứt hoạt động từ ngày { $since }; công việc của cơ quan này nay do { $successors } đảm nhận.
ended-tasks-intro = Các nhiệm vụ của cơ quan này trong Kế hoạch { $plan } nay thuộc:
ended-successor-tasks = • { $agency } — chủ trì: { $lead }; phối hợp: { $support }
ended-successor-lead = • { $agency } — chủ trì: { $lead }
ended-successor-support = • { $agency } — phối hợp: { $support }
ended-no-tasks = Các cơ quan kế thừa không nhận nhiệm vụ nào của cơ quan này trong Kế hoạch { $plan }.
ended-footer = Để báo cáo tiến độ, nhóm này cần gắn với cơ quan kế thừa: đề nghị { $coordinator } cấp mã mới rồi gõ /ketnoi <mã>. Tình hình trước khi sắp xếp vẫn báo cáo được từ đây, kèm ngày.
rebound = Lưu ý: { $from } đã chấm dứt hoạt động từ ngày { $since }; { $to } tiếp nhận công việc. Nhóm này từ nay là nhóm của { $to }: nhiệm vụ, báo cáo và nhắc việc theo cơ quan mới.

task-not-found = Kế hoạch không có nhiệm vụ { $ref }. Mục { $section } gồm các nhiệm vụ: { $refs }.
task-section-not-found = Kế hoạch không có nhiệm vụ { $ref } vì không có mục { $section }. Các mục của kế hoạch: { $sections }.
task-ambiguous = Bạn muốn xem nhiệm vụ { $number } của mục nào? Kế hoạch có: { $refs }.
task-number-missing = Không mục nào của kế hoạch có nhiệm vụ số { $number }. Các mục: { $sections }. Hãy ghi rõ, ví dụ "nhiệm vụ III.2".

search-what = Bạn muốn tìm nhiệm vụ về chủ đề gì? Ví dụ: "tìm nhiệm vụ về hợp tác xã".
search-none = Không tìm thấy nhiệm vụ nào về “{ $query }”. Hãy thử từ khác, ví dụ "việc làm", "y tế", "tuyên truyền".
search-header = Các nhiệm vụ về “{ $query }” (phù hợp nhất trước):
search-line = • { $ref } — { $title } (chủ trì: { $lead })
