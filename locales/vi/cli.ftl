## The command line: console chat and plan management.

console-banner =
    phoihop — trò chuyện với tư cách đầu mối của { $agency }.
    Gõ câu hỏi rồi nhấn Enter; /help để xem hướng dẫn; Ctrl+D để thoát.
console-choice = { $number }) { $label }
console-choice-hint = Gõ số thứ tự để chọn.
cli-unknown-agency = Không có cơ quan mã “{ $code }”. Mã gần giống: { $closest }.
cli-agency-ended = Cơ quan “{ $code }” đã chấm dứt hoạt động; hãy cấp mã cho cơ quan kế thừa: { $successors }.
cli-seed-created = Đã nạp kế hoạch { $plan }: { $tasks } nhiệm vụ, { $agencies } cơ quan.
cli-seed-catalog-differs = Cảnh báo: { $count } mục trong catalog.toml khác với danh mục “{ $catalog }” đã có; giữ danh mục đã có (thêm --update-catalog để lấy theo tệp): { $codes }
cli-seed-catalog-updated = Đã cập nhật { $count } mục của danh mục “{ $catalog }” theo catalog.toml: { $codes }
cli-seed-catalog-missing = Lưu ý: { $count } mục của danh mục “{ $catalog }” không có trong catalog.toml này (có thể là bản cũ); vẫn giữ nguyên: { $codes }
cli-seed-catalog-added = Đã thêm { $count } mục mới vào danh mục “{ $catalog }”: { $codes }
cli-seed-timeline = Không nạp kế hoạch { $plan }: { $error }
cli-seed-updated = Đã cập nhật kế hoạch { $plan }: { $tasks } nhiệm vụ, { $agencies } cơ quan.
cli-seed-unchanged = Kế hoạch { $plan } đã có trong cơ sở dữ liệu, không có gì thay đổi.
cli-plan-header = Kế hoạch { $code } ngày { $issued } của { $issuer } — { $tasks } nhiệm vụ. Cơ quan điều phối: { $coordinator }.
cli-plan-task = { $ref } | chủ trì: { $lead } | { $timeframe } (hạn { $due }) | { $title }
cli-plan-as-of = Kế hoạch có hiệu lực tại ngày { $day }:
cli-plan-as-of-amended = Kế hoạch có hiệu lực tại ngày { $day }, với các điều chỉnh:
cli-plan-amendment = • Từ { $date }: { $title }
cli-plan-ended = Các cơ quan đã kết thúc (ngày cuối; cơ quan kế thừa):
console-file = [Tệp đính kèm: { $name }, { $kb } KB — trên máy chủ, lấy bảng Excel bằng lệnh phoihop export, báo cáo Word bằng phoihop report]
cli-plan-agencies = Các cơ quan (mã dùng trong lệnh, ví dụ: phoihop chat --agency syt):
cli-which-plan = Có nhiều kế hoạch đang theo dõi; hãy chọn một bằng --plan (xem: phoihop plan list): { $plans }
cli-plan-list-header = Các kế hoạch trong cơ sở dữ liệu ({ $count }):
cli-plan-list-line = • { $code } — { $title } ({ $id })
    {"   "}cơ quan điều phối: { $coordinator } · { $tasks } nhiệm vụ · { $reports } báo cáo · ban hành { $issued }, đến năm { $ends }
cli-plan-list-retired = • { $code } — { $title } ({ $id }) — đã dừng theo dõi từ { $retired }
    {"   "}cơ quan điều phối: { $coordinator } · { $tasks } nhiệm vụ · { $reports } báo cáo · ban hành { $issued }, đến năm { $ends }
cli-plan-unknown = Không có kế hoạch “{ $plan }” (các kế hoạch: { $known }).
cli-plan-retired = Đã dừng theo dõi Kế hoạch { $code } ({ $plan }): lịch sử báo cáo được giữ nguyên; bot không còn trả lời, nhắc việc hay gửi tổng hợp cho kế hoạch này.
cli-plan-retired-already = Kế hoạch { $plan } đã dừng theo dõi từ trước; không có gì thay đổi.
cli-plan-retire-last = Không dừng theo dõi { $plan }: đây là kế hoạch duy nhất đang theo dõi. Hãy nạp kế hoạch khác trước (phoihop seed THƯ_MỤC).
cli-serve-plan-deprecated = Lưu ý: --plan / PHOIHOP_PLAN ({ $plan }) không còn áp dụng cho serve — bot phục vụ mọi kế hoạch đang theo dõi (xem: phoihop plan list). Hãy bỏ thiết lập này.
cli-bench-data-exists = Cơ sở dữ liệu này đã có dữ liệu thử nghiệm (kế hoạch { $plan }): hãy dùng một cơ sở dữ liệu trống.
cli-bench-data-progress = Tỉnh { $n }/{ $of }: đã ghi { $reports } báo cáo.
cli-bench-data-done = Đã tạo { $plans } kế hoạch, mỗi kế hoạch { $tasks } nhiệm vụ và { $agencies } cơ quan, cùng { $reports } báo cáo, trong { $seconds } giây.

import-author = Nhập từ tệp { $file }
import-row-recorded = Dòng { $row }: { $summary } — đã ghi nhận
import-row-would-record = Dòng { $row }: { $summary } — sẽ ghi nhận
import-row-skipped = Dòng { $row }: { $summary } — bỏ qua: { $why }
import-row-bad = Dòng { $row }: { $summary } — lỗi: { $why }
import-done = Đã ghi nhận { $recorded } báo cáo từ { $file }; bỏ qua { $skipped } dòng; { $bad } dòng lỗi không được ghi nhận.
import-refused = Tệp { $file } có { $bad } dòng lỗi nên chưa ghi nhận gì. Sửa các dòng trên rồi nhập lại, hoặc thêm --skip-bad-rows để chỉ ghi nhận các dòng đúng.
import-not-reported = { $count } dòng “Chưa báo cáo”: bỏ qua, không có gì để ghi.
import-why-unchanged = giống tình trạng đã có
import-why-older = cũ hơn tình trạng đã có (tính đến { $day })
import-why-duplicate = trùng với dòng { $row }
import-why-bad-ref = “{ $value }” không phải số hiệu nhiệm vụ (ví dụ III.2)
import-why-unknown-task = kế hoạch không có nhiệm vụ { $ref }
import-why-no-task = kế hoạch không có nhiệm vụ { $ref } vào ngày { $day }
import-why-unknown-agency = không có cơ quan “{ $value }”
import-why-not-assigned = { $agency } không được giao nhiệm vụ { $ref }
import-why-bad-status = không đọc được trạng thái “{ $value }” (hoàn thành, đang thực hiện, chưa triển khai, vướng mắc)
import-why-bad-percent = tỷ lệ “{ $value }” không hợp lệ (từ 0 đến 100%)
import-why-no-date = thiếu ngày (cột “Tính đến ngày”)
import-why-bad-date = không đọc được ngày “{ $value }” (ghi dạng 20/12/2025)
import-why-future = ngày { $day } chưa đến
import-why-before-plan = ngày { $day } trước ngày ban hành kế hoạch ({ $issued })
import-why-after-plan = ngày { $day } sau khi kế hoạch kết thúc ({ $last })
import-why-ended = { $agency } đã chấm dứt hoạt động trước ngày { $day }
import-why-period = ngày { $day } thuộc kỳ { $period }, không phải “{ $value }” (sửa cột “Kỳ báo cáo” thành “{ $period }” hoặc để trống)
import-why-note-too-long = ghi chú dài quá { $max } ký tự
console-picture = [Biểu đồ: { $name }, { $kb } KB — trên máy chủ, lưu biểu đồ của tuần bằng lệnh: phoihop digest --chart { $name }]
cli-web-link = Đường dẫn đăng nhập trang web cho { $agency }, dùng được một lần trong { $minutes } phút:
cli-web-link-where = Chưa biết địa chỉ trang web: đặt PHOIHOP_PUBLIC_URL (hoặc --public-url), hoặc --web-listen như khi chạy serve.
cli-web-link-revoked = Đã kết thúc { $count } phiên đăng nhập mở bằng đường dẫn từ dòng lệnh; các đường dẫn chưa dùng cũng hết hiệu lực.
