//! The plan as it stands after the 2025 reorganisation, through the core on real SQLite and PostgreSQL:
//! answers use the assignments in force on the day, history keeps the names reports were sent under,
//! chats of agencies that ended are told who carries on, and the state before the bot can be brought in.

mod common;

use chrono::{TimeZone, Utc};
use common::chats::Chats;
use phoihop::bot::Reply;
use phoihop::chat::ChatKey;
use phoihop::progress::Status;

/// The chats of the coordinator (Sở NN&MT) and of Sở Y tế, on 28/11/2026 at 09:00 in Vietnam.
struct Harness(Chats);

impl std::ops::Deref for Harness {
    type Target = Chats;

    fn deref(&self) -> &Chats {
        &self.0
    }
}

impl Harness {
    async fn new(url: &str) -> Self {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap();
        Self(Chats::new(url, now, &[("snnmt", true), ("syt", false)]).await)
    }

    async fn say(&self, agency: &str, text: &str) -> String {
        let replies: Vec<Reply> = self.say_on(agency, text, self.now).await;
        replies.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("\n---\n")
    }
}

async fn a_report_of_the_past_counts_on_its_own_date(h: Harness) {
    // III.3 ran 2021–2025; it was finished on 20/12/2025 and is reported only now.
    let reply = h.say("snnmt", "cập nhật III.3: đã hoàn thành ngày 20/12/2025").await;
    assert!(reply.contains("Đã ghi nhận") && reply.contains("Tình trạng tính đến ngày: 20/12/2025"), "{reply}");
    assert!(reply.contains("giai đoạn 2021–2025"), "the period of that date: {reply}");
    let reports = h.reports().await;
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!((r.status, r.period.as_str(), r.as_of().to_string()), (Status::Done, "2021-2025", "2025-12-20".into()));
    let summary = h.say("snnmt", "tổng hợp tiến độ").await;
    assert!(summary.contains("Hoàn thành đúng hạn: 1"), "finished before its due date: {summary}");

    // The same, finished after the deadline, is done late; a date to come or before the plan is refused.
    h.say("snnmt", "cập nhật V.4: đã hoàn thành ngày 15/3/2026").await;
    let summary = h.say("snnmt", "tổng hợp tiến độ").await;
    assert!(summary.contains("Hoàn thành đúng hạn: 1") && summary.contains("Hoàn thành quá hạn: 1"), "{summary}");
    for (text, why) in [
        ("cập nhật III.2: đã hoàn thành ngày 20/12/2026", "chưa đến"),
        ("cập nhật III.2: đã hoàn thành ngày 20/12/2021", "trước ngày ban hành"),
        ("cập nhật III.2: đã hoàn thành ngày 31/02/2022", "không có thật"),
    ] {
        let reply = h.say("snnmt", text).await;
        assert!(reply.contains(why) && reply.contains("Chưa có gì được ghi nhận"), "{text}: {reply}");
    }
    assert_eq!(h.reports().await.len(), 2, "refused reports record nothing");
}

async fn periods_that_ended_unreported_are_counted_apart(h: Harness) {
    let overdue = h.say("snnmt", "việc nào quá hạn").await;
    assert!(overdue.contains("3 nhiệm vụ đã hết hạn mà chưa có báo cáo nào"), "{overdue}");
    assert!(overdue.contains("III.2 (năm 2022)") && overdue.contains("V.4 (giai đoạn 2021–2025)"), "{overdue}");
    assert!(overdue.contains("ghi nhận thay"), "says how to bring them in: {overdue}");
    h.say("snnmt", "cập nhật III.3: đang thực hiện 80%").await;
    let overdue = h.say("snnmt", "việc nào quá hạn").await;
    assert!(overdue.contains("III.3 — ") && overdue.contains("quá hạn"), "reported, still late: {overdue}");
    assert!(overdue.contains("2 nhiệm vụ đã hết hạn mà chưa có báo cáo nào"), "{overdue}");
    // Earlier periods of tasks that go on: the years of an annual task, a phase that closed. A report
    // in one of them takes that period off.
    assert!(overdue.contains("18 nhiệm vụ có kỳ trước chưa có báo cáo nào"), "{overdue}");
    assert!(overdue.contains("I.3 (năm 2022, năm 2023, năm 2024, năm 2025)"), "{overdue}");
    assert!(overdue.contains("III.6 (giai đoạn 2021–2025)"), "{overdue}");
    h.say("snnmt", "cập nhật I.3: đã hoàn thành ngày 20/12/2023").await;
    let overdue = h.say("snnmt", "việc nào quá hạn").await;
    assert!(overdue.contains("I.3 (năm 2022, năm 2024, năm 2025)"), "{overdue}");
    // Scoped to an agency: the tasks it leads.
    h.bind("snv", false).await;
    let mine = h.say("snv", "việc nào của tôi quá hạn").await;
    assert!(mine.contains("III.6 (giai đoạn 2021–2025)") && !mine.contains("I.3 ("), "{mine}");
}

async fn the_coordinator_enters_a_report_for_another_agency(h: Harness) {
    let reply = h.say("snnmt", "ghi nhận thay Sở Y tế: III.8 đạt 50%, đã khảo sát 3 xã").await;
    assert!(reply.contains("Đã ghi nhận") && reply.contains("Sở Y tế") && reply.contains("ghi nhận thay"), "{reply}");
    let r = &h.reports().await[0];
    assert_eq!((r.agency.as_str(), r.entered_by(), r.percent), ("syt", "snnmt", Some(50)));
    assert_eq!(r.note.as_deref(), Some("đã khảo sát 3 xã"));
    let history = h.say("syt", "lịch sử III.8").await;
    assert!(history.contains("Sở Y tế") && history.contains("do Sở NN&MT ghi nhận thay"), "{history}");

    let refused = h.say("syt", "ghi nhận thay Sở Xây dựng: III.8 đạt 70%").await;
    assert!(refused.contains("cơ quan điều phối") && refused.contains("Chưa có gì được ghi nhận"), "{refused}");
    let unnamed = h.say("snnmt", "ghi nhận thay: III.8 đạt 70%").await;
    assert!(unnamed.contains("thay cơ quan nào"), "{unnamed}");
    let unassigned = h.say("snnmt", "ghi nhận thay Sở Y tế: III.4 đạt 70%").await;
    assert!(unassigned.contains("không được giao nhiệm vụ III.4"), "{unassigned}");
    assert_eq!(h.reports().await.len(), 1);
}

async fn a_chat_of_a_split_agency_is_told_once_and_keeps_its_history(h: Harness) {
    h.bind("sldtbxh", false).await;
    let first = h.say_on("sldtbxh", "nhiệm vụ III.2", h.now).await;
    assert_eq!(first.len(), 2, "a notice, then the answer: {first:?}");
    assert!(first[0].text.contains("Sở LĐ-TB&XH đã chấm dứt hoạt động từ ngày 01/03/2025"), "{}", first[0].text);
    assert!(first[0].text.contains("Sở Nội vụ, Sở NN&MT, Sở Y tế, Sở GD&ĐT"), "{}", first[0].text);
    assert!(first[1].text.contains("Nhiệm vụ III.2"), "{}", first[1].text);
    assert_eq!(h.say_on("sldtbxh", "nhiệm vụ III.2", h.now).await.len(), 1, "told once");

    let mine = h.say("sldtbxh", "nhiệm vụ của tôi").await;
    assert!(mine.contains("Sở Nội vụ — chủ trì: III.6, III.8"), "{mine}");
    assert!(mine.contains("Sở NN&MT — chủ trì: I.1, I.2, I.3, I.6, II.1, II.2, III.2, III.3"), "{mine}");
    assert!(mine.contains("/ketnoi"), "says how to bind to a successor: {mine}");

    // Today it cannot report; the state it had before it ended, it can.
    let refused = h.say("sldtbxh", "cập nhật III.2: hoàn thành").await;
    assert!(refused.contains("nay do Sở NN&MT") && refused.contains("Chưa có gì được ghi nhận"), "{refused}");
    let past = h.say("sldtbxh", "cập nhật III.2: đã hoàn thành ngày 20/12/2022").await;
    assert!(past.contains("Đã ghi nhận"), "{past}");
    let r = &h.reports().await[0];
    assert_eq!((r.agency.as_str(), r.period.as_str()), ("sldtbxh", "2022"), "kept under the agency that sent it");

    // Its successor carries the report on: III.2 is done, on time, under Sở NN&MT's name today.
    let detail = h.say("snnmt", "nhiệm vụ III.2").await;
    assert!(detail.contains("Sở Nông nghiệp và Môi trường"), "{detail}");
    assert!(detail.contains("hoàn thành đúng hạn"), "{detail}");
    assert!(detail.contains("Sở NN&MT (theo báo cáo của Sở LĐ-TB&XH): hoàn thành"), "{detail}");
    let history = h.say("snnmt", "lịch sử III.2").await;
    assert!(history.contains("Sở LĐ-TB&XH (nay là Sở Nông nghiệp và Môi trường)"), "{history}");
}

async fn a_chat_of_a_merged_agency_follows_its_successor(h: Harness) {
    h.bind("skhdt", false).await;
    let replies = h.say_on("skhdt", "nhiệm vụ của tôi", h.now).await;
    assert!(replies[0].text.contains("Sở KH&ĐT") && replies[0].text.contains("Sở Tài chính"), "{replies:?}");
    assert!(replies[1].text.contains("Nhiệm vụ của Sở Tài chính") && replies[1].text.contains("III.4"), "{replies:?}");
    let binding = h.store.chat_binding(&ChatKey::new("test", "group-skhdt")).await.unwrap().unwrap();
    assert_eq!(binding.agency, "stc", "re-bound to the one successor");
    assert_eq!(h.say_on("skhdt", "nhiệm vụ của tôi", h.now).await.len(), 1, "told once");
    let reply = h.say("skhdt", "cập nhật III.4: đạt 30%").await;
    assert!(reply.contains("Đã ghi nhận") && reply.contains("Sở Tài chính"), "{reply}");
    assert_eq!(h.reports().await[0].agency, "stc");
}

async fn names_mean_the_agency_of_the_day(h: Harness) {
    let in_2024 = Utc.with_ymd_and_hms(2024, 5, 6, 2, 0, 0).unwrap();
    let then = h.say_on("syt", "nhiệm vụ của Sở Nông nghiệp", in_2024).await;
    assert!(then[0].text.contains("Nhiệm vụ của Sở NN&PTNT"), "{then:?}");
    let now = h.say("syt", "nhiệm vụ của Sở Nông nghiệp").await;
    assert!(now.contains("Nhiệm vụ của Sở NN&MT"), "{now}");
    // An old name is still understood, as the agency that bore it.
    let old = h.say("syt", "nhiệm vụ của Sở LĐTBXH").await;
    assert!(old.contains("Sở LĐ-TB&XH đã chấm dứt hoạt động"), "{old}");
    // In 2024 the districts still lead; in 2026 the communes.
    let district = h.say_on("syt", "nhiệm vụ III.9", in_2024).await;
    assert!(district[0].text.contains("UBND các huyện, thị xã, thành phố (13 cơ quan)"), "{district:?}");
    let commune = h.say("syt", "nhiệm vụ III.9").await;
    assert!(commune.contains("UBND các xã, phường, đặc khu (56 cơ quan)"), "{commune}");
}

async fn a_coordinator_cannot_invite_an_agency_that_ended(h: Harness) {
    let refused = h.say("snnmt", "/moi sldtbxh").await;
    assert!(refused.contains("đã chấm dứt hoạt động") && !refused.contains("Mã kết nối"), "{refused}");
    let issued = h.say("snnmt", "/moi Sở Dân tộc và Tôn giáo").await;
    assert!(issued.contains("Sở Dân tộc và Tôn giáo"), "{issued}");
    assert!(issued.lines().next().unwrap().rsplit(' ').next().is_some_and(phoihop::invite::looks_like_code));
}

on_both_backends!(
    a_report_of_the_past_counts_on_its_own_date,
    periods_that_ended_unreported_are_counted_apart,
    the_coordinator_enters_a_report_for_another_agency,
    a_chat_of_a_split_agency_is_told_once_and_keeps_its_history,
    a_chat_of_a_merged_agency_follows_its_successor,
    names_mean_the_agency_of_the_day,
    a_coordinator_cannot_invite_an_agency_that_ended,
);
