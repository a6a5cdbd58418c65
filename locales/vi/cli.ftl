## The command line: console chat and plan management.

console-banner =
    phoihop — trò chuyện với tư cách đầu mối của { $agency }.
    Gõ câu hỏi rồi nhấn Enter; /help để xem hướng dẫn; Ctrl+D để thoát.
console-choice = { $number }) { $label }
console-choice-hint = Gõ số thứ tự để chọn.
cli-unknown-agency = Không có cơ quan mã “{ $code }”. Mã gần giống: { $closest }.
cli-agency-ended = Cơ quan “{ $code }” đã kết thúc hoạt động; hãy cấp mã cho cơ quan kế thừa: { $successors }.
cli-seed-created = Đã nạp kế hoạch { $plan }: { $tasks } nhiệm vụ, { $agencies } cơ quan.
cli-seed-updated = Đã cập nhật kế hoạch { $plan }: { $tasks } nhiệm vụ, { $agencies } cơ quan.
cli-seed-unchanged = Kế hoạch { $plan } đã có trong cơ sở dữ liệu, không có gì thay đổi.
cli-plan-header = Kế hoạch { $code } ngày { $issued } của { $issuer } — { $tasks } nhiệm vụ. Cơ quan điều phối: { $coordinator }.
cli-plan-task = { $ref } | chủ trì: { $lead } | { $timeframe } (hạn { $due }) | { $title }
cli-plan-as-of = Kế hoạch như đang có hiệu lực ngày { $day }, theo các điều chỉnh:
cli-plan-amendment = • Từ { $date }: { $title }
cli-plan-ended = Các cơ quan đã kết thúc (ngày cuối; cơ quan kế thừa):
console-file = [Tệp đính kèm: { $name }, { $kb } KB — trên máy chủ, lấy tệp này bằng lệnh: phoihop export --xlsx { $name }]
cli-plan-agencies = Các cơ quan (mã dùng trong lệnh, ví dụ: phoihop chat --agency syt):
cli-bench-data-exists = Cơ sở dữ liệu này đã có dữ liệu thử nghiệm (kế hoạch { $plan }): hãy dùng một cơ sở dữ liệu trống.
cli-bench-data-progress = Tỉnh { $n }/{ $of }: đã ghi { $reports } báo cáo.
cli-bench-data-done = Đã tạo { $plans } kế hoạch, mỗi kế hoạch { $tasks } nhiệm vụ và { $agencies } cơ quan, cùng { $reports } báo cáo, trong { $seconds } giây.
