# The periodic report (báo cáo định kỳ): a Word draft laid out as Nghị định 30/2020/NĐ-CP asks, for the
# office to complete and sign. Capitals are typed, not styled, as the decree asks.

periodic-nation = CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
periodic-motto = Độc lập - Tự do - Hạnh phúc
periodic-parent = UBND { $province }
periodic-number = Số:        /BC-……
periodic-place-date = { $place }, ngày …… tháng …… năm { $year }
periodic-kind = BÁO CÁO
periodic-subject = Kết quả thực hiện Kế hoạch số { $code } ngày { $issued } của { $issuer }{ $about } ({ $term })
periodic-about = {" "}về { $topic }
periodic-to = Kính gửi: { $to }.
periodic-intro = Thực hiện Kế hoạch số { $code } ngày { $issued } của { $issuer }{ $about }, { $body } báo cáo kết quả thực hiện { $term } như sau:

periodic-term-quarter = quý { $quarter } năm { $year }
periodic-term-half-1 = 6 tháng đầu năm { $year }
periodic-term-half-2 = 6 tháng cuối năm { $year }
periodic-term-year = năm { $year }
periodic-term-years = giai đoạn { $first }–{ $last }

periodic-part-results = I. KẾT QUẢ THỰC HIỆN
periodic-overview = 1. Tình hình chung
periodic-overview-plan = Kế hoạch có { $tasks } nhiệm vụ. Đến ngày { $day }: { $done_on_time } nhiệm vụ hoàn thành đúng hạn, { $done_late } hoàn thành quá hạn, { $awaiting } chờ xác nhận kết quả, { $open } đang thực hiện trong hạn, { $overdue } chưa hoàn thành và đã quá hạn.
periodic-overview-agency = { $body } được giao { $tasks } nhiệm vụ (chủ trì { $lead }, phối hợp { $support }). Đến ngày { $day }, trong các nhiệm vụ chủ trì: { $done } đã hoàn thành, { $awaiting } chờ xác nhận kết quả, { $open } đang thực hiện, { $blocked } gặp vướng mắc, { $unreported } chưa báo cáo.
periodic-overview-reports = Trong kỳ, { $reports ->
    [0] không có báo cáo tiến độ nào được ghi nhận qua phoihop.
   *[other] { $reports } báo cáo tiến độ của { $agencies } cơ quan, đơn vị được ghi nhận qua phoihop.
}
periodic-tasks = 2. Kết quả thực hiện các nhiệm vụ
periodic-section = 2.{ $n }. { $title } (mục { $id } của Kế hoạch)
periodic-task = - Nhiệm vụ { $ref }: { $title } Thời gian thực hiện: { $timeframe }; tình trạng đến ngày { $day }: { $category }.
periodic-line = + { $agency }: { $state }.
periodic-line-dated = + { $agency }: { $state } (báo cáo ngày { $date }).
periodic-line-note = + { $agency }: { $state } (báo cáo ngày { $date }): { $note }
periodic-line-support = { $agency } (phối hợp)
periodic-line-more = { $count ->
    [one] (Trong kỳ còn 1 báo cáo khác.)
   *[other] (Trong kỳ còn { $count } báo cáo khác.)
}
periodic-line-stale = chưa báo cáo trong kỳ; báo cáo gần nhất ngày { $date }: { $state }
periodic-not-reported = chưa báo cáo
periodic-group = + { $group }: { $tally }.
periodic-member = { $agency }

periodic-part-difficulties = II. KHÓ KHĂN, VƯỚNG MẮC
periodic-blocked = - Nhiệm vụ { $ref } ({ $agency }, ngày { $date }): { $note }
periodic-blocked-no-note = - Nhiệm vụ { $ref } ({ $agency }, ngày { $date }): báo cáo vướng mắc, chưa nêu lý do.
periodic-returned = - Nhiệm vụ { $ref }: kết quả { $agency } báo cáo hoàn thành ngày { $date } được trả lại: { $reason }
periodic-no-difficulties = Trong kỳ, không có cơ quan, đơn vị nào báo cáo vướng mắc qua phoihop.
periodic-fill-difficulties = [Cơ quan soạn thảo bổ sung khó khăn, vướng mắc khác và nguyên nhân, nếu có.]

periodic-part-assessment = III. ĐÁNH GIÁ CHUNG
periodic-fill-assessment = [Phần do cơ quan soạn thảo viết: đánh giá kết quả đạt được, những hạn chế và nguyên nhân. phoihop không tự viết phần này.]

periodic-part-next = IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI
periodic-next-overdue = - Các nhiệm vụ chưa hoàn thành đã quá hạn: { $refs }.
periodic-next-due = - Các nhiệm vụ đến hạn trong 6 tháng tới: { $refs }.
periodic-next-none = - Không có nhiệm vụ quá hạn hay đến hạn trong 6 tháng tới.
periodic-fill-next = [Cơ quan soạn thảo bổ sung giải pháp, nhiệm vụ trọng tâm.]

periodic-part-proposals = V. ĐỀ XUẤT, KIẾN NGHỊ
periodic-fill-proposals = [Phần do cơ quan soạn thảo viết: đề xuất, kiến nghị với { $to }. phoihop không tự viết phần này.]

periodic-closing = Trên đây là báo cáo kết quả thực hiện Kế hoạch số { $code } { $term } của { $body }./.
periodic-recipients = Nơi nhận:
periodic-recipient = - { $to } (b/c);
periodic-archive = - Lưu: VT, …….
periodic-signer = [CHỨC VỤ NGƯỜI KÝ]
periodic-signer-name = [Họ và tên]

periodic-appendix = Phụ lục
periodic-appendix-title = TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ ĐẾN NGÀY { $day }
periodic-appendix-ref = (Kèm theo Báo cáo số        /BC-…… ngày …… tháng …… năm { $year } của { $body })
periodic-col-ref = Nhiệm vụ
periodic-col-task = Nội dung
periodic-col-lead = Cơ quan chủ trì
periodic-col-role = Vai trò
periodic-col-state = Tình trạng
periodic-col-date = Ngày báo cáo

# Asking for the report in a chat, and the command line.
periodic-ready = Dự thảo báo cáo kết quả thực hiện Kế hoạch số { $code } { $term } (tệp Word, trình bày theo Nghị định 30/2020/NĐ-CP). Các phần đánh giá, đề xuất để trống trong ngoặc vuông cho cơ quan soạn thảo viết.
periodic-ready-agency = Dự thảo báo cáo của { $body } về kết quả thực hiện Kế hoạch số { $code } { $term }, để gửi { $coordinator } tổng hợp. Các phần đánh giá, đề xuất để trống trong ngoặc vuông cho đơn vị viết.
periodic-bad-term = Chưa rõ kỳ báo cáo “{ $term }”. Ví dụ: /baocao 2026, /baocao 6 tháng cuối năm 2026, /baocao quý 3, /baocao 2021-2025.
periodic-not-started = Kỳ { $term } chưa bắt đầu: chưa có gì để báo cáo.
periodic-before-plan = Kỳ { $term } kết thúc trước khi Kế hoạch số { $code } được ban hành ({ $issued }).
periodic-not-assigned = { $body } không được giao nhiệm vụ nào trong Kế hoạch số { $code }.
periodic-unknown-agency = Không có cơ quan mã “{ $code }” trong danh mục.
periodic-failed = Chưa tạo được tệp báo cáo (lỗi đã được ghi lại). Xin thử lại sau ít phút.
