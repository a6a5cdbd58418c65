//! Reports as officials write them, through the core on real SQLite and PostgreSQL: the status recorded is
//! the one meant (a wrong status goes straight into the official count), several reports in one message
//! are each checked and recorded together, a sender named in the message is respected, a report that
//! names its task by topic is asked about with the nearest tasks first, and expected days are kept.

mod common;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use common::chats::{Chats, PLAN};
use phoihop::bot::Reply;
use phoihop::progress::Status;

/// The chats of the coordinator (Sở NN&MT), Sở Y tế and Công an tỉnh, on Thursday 26/11/2026 at 09:00.
struct Harness(Chats);

impl std::ops::Deref for Harness {
    type Target = Chats;

    fn deref(&self) -> &Chats {
        &self.0
    }
}

impl Harness {
    async fn new(url: &str) -> Self {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0).unwrap();
        Self(Chats::new(url, now, &[("snnmt", true), ("syt", false), ("cat", false)]).await)
    }

    async fn say_at(&self, agency: &str, text: &str, at: DateTime<Utc>) -> Reply {
        let mut replies = self.say_on(agency, text, at).await;
        assert_eq!(replies.len(), 1, "{replies:?}");
        replies.remove(0)
    }

    async fn say(&self, agency: &str, text: &str) -> Reply {
        self.say_at(agency, text, self.now).await
    }

    /// The latest live report of each (task, agency): (task, agency, status, percent).
    async fn states(&self) -> Vec<(String, String, Status, Option<u8>)> {
        let mut out: Vec<_> = self
            .store
            .latest_reports(PLAN)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.task.to_string(), r.agency.clone(), r.status, r.percent))
            .collect();
        out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        out
    }
}

async fn the_status_meant_is_the_status_recorded(h: Harness) {
    for (text, task, status, percent) in [
        ("cập nhật III.8: xong được 70% phần việc", "III.8", Status::InProgress, Some(70)),
        ("cập nhật II.1 — đã trình, được phê duyệt; xong 100% chỉ tiêu", "II.1", Status::Done, Some(100)),
        ("cập nhật III.1: gặp trở ngại khi rà soát văn bản", "III.1", Status::Blocked, None),
        ("I.1 không kịp xong vì thiếu người", "I.1", Status::Blocked, None),
        ("I.2 đạt 60%, không phát sinh trở ngại", "I.2", Status::InProgress, Some(60)),
        ("II.2: chưa xong hẳn", "II.2", Status::InProgress, None),
        ("III.7: không thể triển khai khi chưa có quy hoạch", "III.7", Status::Blocked, None),
        // "Could not … because" without "không thể", typed without diacritics and abbreviated.
        ("III.1 ko thuc hien dc vi chua co kinh phi", "III.1", Status::Blocked, None),
        ("I.2: chưa có kinh phí nên chưa triển khai", "I.2", Status::Blocked, None),
        // The state before the task; a report ending in "hộ" (households), not the question particle "hở".
        ("Đã hoàn thành nhiệm vụ II.2", "II.2", Status::Done, Some(100)),
        ("III.8 đã bàn giao đất cho 12 hộ", "III.8", Status::InProgress, None),
        // A decimal comma, and a count of communes that is neither a day nor the whole task done.
        ("III.1: giải ngân được 2,5 tỷ đồng, đạt 62% kế hoạch vốn", "III.1", Status::InProgress, Some(62)),
        ("I.1 tiến độ: 7/10 xã đã hoàn thành", "I.1", Status::InProgress, None),
    ] {
        let reply = h.say("syt", text).await;
        assert!(reply.text.contains("Đã ghi nhận"), "{text}: {}", reply.text);
        let states = h.states().await;
        let got = states.iter().find(|s| s.0 == task && s.1 == "syt").unwrap_or_else(|| panic!("{text}: {states:?}"));
        assert_eq!((got.2, got.3), (status, percent), "{text}");
    }
    // "không kịp xong" is the worst misreading there is: never done.
    let overdue = h.say("snnmt", "tổng hợp tiến độ").await.text;
    assert!(overdue.contains("Hoàn thành đúng hạn: 0"), "{overdue}");
}

async fn several_reports_in_one_message(h: Harness) {
    let reply = h.say("syt", "I.1 xong; I.2 đạt 60%; II.1 vướng kinh phí").await;
    assert!(reply.text.contains("Đã ghi nhận 3 báo cáo"), "{}", reply.text);
    for line in [
        "• I.1 — Sở Y tế (chủ trì): hoàn thành, 100%",
        "• I.2 — Sở Y tế (chủ trì): đang thực hiện, 60%",
        "• II.1 — Sở Y tế (chủ trì): vướng mắc — vướng kinh phí",
    ] {
        assert!(reply.text.contains(line), "{line}: {}", reply.text);
    }
    assert_eq!(reply.actions.len(), 3, "one undo each: {reply:?}");
    assert_eq!(
        h.states().await,
        [
            ("I.1".into(), "syt".into(), Status::Done, Some(100)),
            ("I.2".into(), "syt".into(), Status::InProgress, Some(60)),
            ("II.1".into(), "syt".into(), Status::Blocked, None),
        ]
    );

    // A lower figure for two of them: one question for both, then both recorded.
    let ask = h.say("syt", "I.1 đạt 80%; I.2 đạt 40%").await;
    assert!(
        ask.text.contains("I.1: tỷ lệ giảm từ 100% xuống 80%") && ask.text.contains("I.2: tỷ lệ giảm từ 60% xuống 40%"),
        "{}",
        ask.text
    );
    assert_eq!(h.store.all_reports(PLAN).await.unwrap().len(), 3, "nothing before the answer");
    let yes = h.say("syt", "có").await;
    assert!(yes.text.contains("Đã ghi nhận 2 báo cáo"), "{}", yes.text);
    assert_eq!(h.store.all_reports(PLAN).await.unwrap().len(), 5);

    // One report that cannot be recorded stops the message: nothing recorded, each problem named.
    let refused = h.say("syt", "I.1 đạt 90%; III.4 đạt 20%").await;
    assert!(refused.text.contains("Chưa ghi nhận báo cáo nào") && refused.text.contains("III.4"), "{}", refused.text);
    assert!(refused.text.contains("không được giao nhiệm vụ III.4"), "{}", refused.text);
    assert_eq!(h.store.all_reports(PLAN).await.unwrap().len(), 5);

    // A reference inside a note is a mention; a second clause sent by another agency is asked about.
    let mention = h.say("syt", "III.8 đạt 30% như đã nêu ở III.2").await;
    assert!(
        mention.text.contains("Đã ghi nhận báo cáo") && mention.text.contains("như đã nêu ở III.2"),
        "{}",
        mention.text
    );
    let other = h.say("syt", "III.8 đạt 40%; Sở Xây dựng: III.8 đạt 50%").await;
    assert!(
        other.text.contains("báo cáo của nhiều cơ quan (Sở Y tế, Sở Xây dựng)")
            && other.text.contains("Chưa có gì được ghi nhận"),
        "{}",
        other.text
    );
    let named_after = h.say("syt", "III.8 xong 90%; còn III.1 thì Sở Tư pháp báo cáo đạt 100%").await;
    assert!(named_after.text.contains("nhiều cơ quan (Sở Y tế, Sở Tư pháp)"), "{}", named_after.text);
    // A sender the catalog does not know: said so, not recorded as this chat's.
    let unknown = h.say("syt", "Phòng Nội vụ huyện xin báo cáo I.1: đạt 65%").await;
    assert!(
        unknown.text.contains("không nhận ra cơ quan này") && unknown.text.contains("Chưa có gì được ghi nhận"),
        "{}",
        unknown.text
    );
    // Nor from the coordinator's chat: each agency's reports in a message of their own.
    let mixed = h.say("snnmt", "III.5 đạt 30%; Sở Tài chính: III.4 đạt 60%").await;
    assert!(mixed.text.contains("ghi nhận thay Sở Tài chính: III.4 đạt 60%"), "{}", mixed.text);
    assert_eq!(h.store.all_reports(PLAN).await.unwrap().len(), 6);

    // References listed before one statement share it: both done, not the first "in progress — và".
    let listed = h.say("syt", "I.2 và II.1 đã hoàn thành").await;
    for line in ["• I.2 — Sở Y tế (chủ trì): hoàn thành, 100%", "• II.1 — Sở Y tế (chủ trì): hoàn thành, 100%"]
    {
        assert!(listed.text.contains(line), "{line}: {}", listed.text);
    }
    let states = h.states().await;
    assert!(states.contains(&("I.2".into(), "syt".into(), Status::Done, Some(100))), "{states:?}");
    assert!(states.contains(&("II.1".into(), "syt".into(), Status::Done, Some(100))), "{states:?}");
    // The state first, then the tasks listed.
    let first = h.say("syt", "tạm dừng III.8 và II.2 do chưa có vốn").await;
    assert!(first.text.contains("Đã ghi nhận 2 báo cáo"), "{}", first.text);
    let states = h.states().await;
    assert!(states.contains(&("III.8".into(), "syt".into(), Status::Blocked, None)), "{states:?}");
    assert!(states.contains(&("II.2".into(), "syt".into(), Status::Blocked, None)), "{states:?}");
}

async fn a_report_that_names_its_sender(h: Harness) {
    let reply = h.say("cat", "Kính gửi Sở, Công an tỉnh xin báo cáo III.5 đạt 30%").await;
    assert!(reply.text.contains("Đã ghi nhận") && reply.text.contains("Công an tỉnh"), "{}", reply.text);
    // From another agency's chat it is not recorded as theirs.
    let refused = h.say("syt", "Công an tỉnh xin báo cáo III.5 đạt 40%").await;
    assert!(
        refused.text.contains("nhóm này là của Sở Y tế") && refused.text.contains("Chưa có gì được ghi nhận"),
        "{}",
        refused.text
    );
    // The coordinator relaying it enters it for the agency.
    let relayed = h.say("snnmt", "Công an tỉnh báo cáo: III.5 đạt 45%").await;
    assert!(relayed.text.contains("Đã ghi nhận") && relayed.text.contains("ghi nhận thay"), "{}", relayed.text);
    let reports = h.store.all_reports(PLAN).await.unwrap();
    let last = reports.last().unwrap();
    assert_eq!((last.agency.as_str(), last.entered_by(), last.percent), ("cat", "snnmt", Some(45)));
    assert_eq!(reports.len(), 2);
}

async fn results_without_a_status_word_and_reports_by_topic(h: Harness) {
    let reply = h.say("snnmt", "IV.1: mở được 4 lớp dạy nghề, 120 học viên").await;
    assert!(
        reply.text.contains("Đã ghi nhận") && reply.text.contains("mở được 4 lớp dạy nghề, 120 học viên"),
        "{}",
        reply.text
    );
    assert_eq!(h.states().await, [("IV.1".into(), "snnmt".into(), Status::InProgress, None)]);
    assert!(h.say("snnmt", "IV.1 là gì").await.text.contains("Nhiệm vụ IV.1 —"), "a question stays a question");

    // A topic instead of a reference: the chat's own tasks nearest the topic come first.
    let ask = h.say("syt", "báo cáo việc giải quyết đất sản xuất, đất ở: đạt 50%").await;
    assert!(ask.text.contains("Chưa có gì được ghi nhận"), "{}", ask.text);
    assert_eq!(ask.choices[0].label, "III.8", "{:?}", ask.choices);
    let recorded = h.say("syt", &ask.choices[0].message).await;
    assert!(recorded.text.contains("Đã ghi nhận") && recorded.text.contains("III.8"), "{}", recorded.text);
    // Among the tasks on the topic, those the agency leads before those it supports (Sở Y tế supports the
    // press contest I.4, and leads I.1 and I.2 as a department); each offered with its title.
    // Without "báo cáo": a statement of progress on a topic is a report whose task is asked.
    let ask = h.say("syt", "việc khám chữa bệnh, chăm sóc sức khỏe cho người nghèo đạt 50%").await;
    assert!(ask.text.contains("Chưa có gì được ghi nhận") && ask.choices[0].label == "III.8", "{}", ask.text);
    let ask = h.say("syt", "bc viec tuyen truyen giam ngheo dat 80%").await;
    let offered: Vec<&str> = ask.choices.iter().map(|c| c.label.as_str()).collect();
    let at = |r: &str| offered.iter().position(|o| *o == r).unwrap();
    assert!(at("I.1") < at("I.4") && at("I.2") < at("I.4"), "{offered:?}");
    assert!(ask.text.contains("• I.4 — Tham gia, hưởng ứng cuộc thi"), "{}", ask.text);
}

async fn expected_days_are_kept_and_followed_up(h: Harness) {
    let reply = h.say("syt", "cập nhật III.8: đạt 70%, phấn đấu xong vào 30/11").await;
    assert!(reply.text.contains("Dự kiến hoàn thành: 30/11/2026"), "{}", reply.text);
    let detail = h.say("syt", "nhiệm vụ III.8").await.text;
    assert!(detail.contains("dự kiến xong 30/11/2026") && !detail.contains("đã quá ngày dự kiến"), "{detail}");
    // A week later the day has passed: the task says so, and so does the next digest.
    let later = h.now + TimeDelta::days(7);
    let detail = h.say_at("syt", "nhiệm vụ III.8", later).await.text;
    assert!(detail.contains("đã quá ngày dự kiến"), "{detail}");
    let digest = h.say_at("snnmt", "/tonghop", later).await.text;
    assert!(digest.contains("Đã quá ngày dự kiến hoàn thành mà chưa báo cáo xong: 1"), "{digest}");
    assert!(digest.contains("III.8 — Sở Y tế: dự kiến xong 30/11/2026"), "{digest}");
    let reports = h.store.all_reports(PLAN).await.unwrap();
    assert_eq!(reports[0].expected.map(|d| d.to_string()).as_deref(), Some("2026-11-30"));
}

async fn help_and_lists_in_other_words(h: Harness) {
    assert!(h.say("syt", "có những lệnh gì").await.text.contains("nhiệm vụ của tôi"));
    assert!(h.say("syt", "danh sách việc phải làm").await.text.contains("Nhiệm vụ của Sở Y tế"));
    assert!(h.say("syt", "nhiệm vụ của Sở GD và ĐT").await.text.contains("Nhiệm vụ của Sở GD&ĐT"));
}

on_both_backends!(
    the_status_meant_is_the_status_recorded,
    several_reports_in_one_message,
    a_report_that_names_its_sender,
    results_without_a_status_word_and_reports_by_topic,
    expected_days_are_kept_and_followed_up,
    help_and_lists_in_other_words,
);
