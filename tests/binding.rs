//! Binding chats to agencies with one-time codes, through the core, on SQLite and PostgreSQL.

mod common;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use phoihop::bot::{Bot, Incoming, Reply};
use phoihop::chat::ChatKey;
use phoihop::store::Store;

struct Harness {
    store: Arc<dyn Store>,
    bot: Bot,
    now: DateTime<Utc>,
}

impl Harness {
    async fn new(url: &str) -> Self {
        let (store, bot) = common::core(url).await;
        Self { store, bot, now: Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap() }
    }

    async fn code(&self, agency: &str, coordinator: bool, minutes: i64) -> String {
        let at = self.now + TimeDelta::minutes(minutes);
        phoihop::invite::issue(self.store.as_ref(), "quang-ngai", agency, coordinator, None, "cli", at).await.unwrap()
    }

    async fn say(&self, chat: &str, text: &str, minutes: i64) -> String {
        self.say_as("u", chat, text, minutes).await
    }

    async fn say_as(&self, user: &str, chat: &str, text: &str, minutes: i64) -> String {
        self.replies(user, chat, text, minutes).await.into_iter().map(|r| r.text).collect::<Vec<_>>().join("\n")
    }

    async fn replies(&self, user: &str, chat: &str, text: &str, minutes: i64) -> Vec<Reply> {
        let msg = Incoming {
            chat: ChatKey::new("test", chat),
            user_id: user.into(),
            user_name: user.into(),
            text: text.into(),
            at: self.now + TimeDelta::minutes(minutes),
            message_id: None,
            addressed: true,
            file_id: None,
            source: None,
        };
        self.bot.handle(&msg).await
    }
}

async fn a_code_binds_one_chat_once(h: Harness) {
    let before = h.say("syt-group", "nhiệm vụ của tôi", 0).await;
    assert!(before.contains("/ketnoi"), "an unbound chat is told how to bind: {before}");

    let code = h.code("syt", false, 0).await;
    let bound = h.say("syt-group", &format!("/ketnoi {}", code.to_lowercase()), 1).await;
    assert!(bound.contains("Đã kết nối") && bound.contains("Sở Y tế"), "{bound}");
    let tasks = h.say("syt-group", "nhiệm vụ của tôi", 2).await;
    assert!(tasks.contains("III.8"), "{tasks}");

    let reused = h.say("other-group", &format!("/ketnoi {code}"), 3).await;
    assert!(reused.contains("đã được dùng"), "{reused}");
    let expired_code = h.code("sxd", false, -73 * 60).await;
    let expired = h.say("sxd-group", &format!("/ketnoi@phoihop_bot {expired_code}"), 4).await;
    assert!(expired.contains("hết hạn"), "{expired}");
    assert_eq!(h.store.chat_binding(&ChatKey::new("test", "other-group")).await.unwrap(), None);
}

async fn guessing_is_limited_without_locking_out_the_right_code(h: Harness) {
    // A member who types five wrong codes is refused for an hour, whichever chat they move to.
    for i in 0..5 {
        let wrong = h.say_as("prankster", "group", "/ketnoi AAAA-BBBB-CCCC", i).await;
        assert!(wrong.contains("Mã không đúng"), "{wrong}");
    }
    let code = h.code("syt", false, 5).await;
    let locked = h.say_as("prankster", "group", &format!("/ketnoi {code}"), 6).await;
    assert!(locked.contains("Bạn đã nhập sai mã quá nhiều lần"), "{locked}");
    let elsewhere = h.say_as("prankster", "another-group", "/ketnoi AAAA-BBBB-CCCD", 7).await;
    assert!(elsewhere.contains("quá nhiều lần"), "rotating chats gives no fresh tries: {elsewhere}");

    // The group is not locked out of its own right code: another member's works, pasted with debris.
    let bound = h.say_as("focal-point", "group", &format!("/ketnoi `{code}`.\u{a0}"), 8).await;
    assert!(bound.contains("Đã kết nối"), "{bound}");

    // Many wrong codes in a chat: those who typed a wrong one wait; someone new is still heard.
    for (n, user) in ["a", "b", "c", "d"].iter().enumerate() {
        for i in 0..4 {
            h.say_as(user, "noisy", "/ketnoi AAAA-BBBB-CCCC", 10 + n as i64 * 4 + i).await;
        }
    }
    let busy = h.say_as("a", "noisy", "/ketnoi AAAA-BBBB-CCCC", 30).await;
    assert!(busy.contains("quá nhiều mã sai"), "{busy}");
    let code = h.code("sxd", false, 30).await;
    assert!(h.say_as("newcomer", "noisy", &format!("/ketnoi {code}"), 31).await.contains("Đã kết nối"));
    // An hour later the prankster is heard again; an expired or used code does not count as wrong.
    let later = h.say_as("prankster", "third", "/ketnoi AAAA-BBBB-CCCC", 70).await;
    assert!(later.contains("Mã không đúng") && later.contains("còn 4 lần"), "{later}");
}

async fn coordinators_manage_bindings(h: Harness) {
    let code = h.code("snnmt", true, 0).await;
    let bound = h.say("coord", &format!("/ketnoi {code}"), 0).await;
    assert!(bound.contains("nhóm điều phối"), "{bound}");

    let issued = h.say("coord", "/moi Sở Y tế", 1).await;
    let agency_code = issued.lines().next().unwrap().rsplit(' ').next().unwrap().to_string();
    assert!(issued.contains("Sở Y tế") && phoihop::invite::looks_like_code(&agency_code), "{issued}");
    assert!(h.say("syt-group", &format!("/ketnoi {agency_code}"), 2).await.contains("Đã kết nối"));

    let refused = h.say("syt-group", "/moi syt", 3).await;
    assert!(refused.contains("chỉ dùng được trong nhóm điều phối"), "{refused}");
    assert!(h.say("coord", "/moi sytt", 3).await.contains("syt"), "suggests codes");

    let list = h.say("coord", "/danhsach", 4).await;
    assert!(list.contains("1. Sở NN&MT (nhóm điều phối)") && list.contains("2. Sở Y tế"), "{list}");
    // Unbinding asks first, and the confirmation names the chat, not its place in the list.
    let asked = h.replies("u", "coord", "/huyketnoi 2", 5).await;
    assert!(asked[0].text.contains("Hủy kết nối nhóm test syt-group của Sở Y tế?"), "{asked:?}");
    assert!(h.say("syt-group", "nhiệm vụ của tôi", 5).await.contains("III.8"), "still bound until confirmed");
    assert_eq!(asked[0].actions[0].command, "/huyketnoi test:syt-group xacnhan");
    let unbound = h.say("coord", &asked[0].actions[0].command, 6).await;
    assert!(unbound.contains("Đã hủy kết nối nhóm test syt-group"), "{unbound}");
    assert!(h.say("syt-group", "nhiệm vụ của tôi", 6).await.contains("/ketnoi"));
    assert!(h.say("coord", "/huyketnoi test:syt-group xacnhan", 7).await.contains("Hủy kết nối nhóm nào?"));
    assert!(h.say("coord", "/huyketnoi 1", 7).await.contains("Không thể tự hủy"));
}

async fn the_last_coordinator_chat_stays(h: Harness) {
    h.say("first", &format!("/ketnoi {}", h.code("snnmt", true, 0).await), 0).await;
    // A member pastes an agency's code into the only coordinator chat: the code is left unused.
    let syt = h.code("syt", false, 1).await;
    let refused = h.say("first", &format!("/ketnoi {syt}"), 1).await;
    assert!(refused.contains("nhóm điều phối duy nhất") && refused.contains("mã vẫn còn hiệu lực"), "{refused}");
    assert!(h.say("first", "/danhsach", 2).await.contains("(nhóm điều phối)"));

    h.say("second", &format!("/ketnoi {}", h.code("snnmt", true, 2).await), 2).await;
    // With a second coordinator chat, the code binds, and the chat is told what it gave up.
    let bound = h.say("first", &format!("/ketnoi {syt}"), 3).await;
    assert!(
        bound.contains("Đã kết nối nhóm này với Sở Y tế") && bound.contains("không còn là nhóm điều phối"),
        "{bound}"
    );
    // The remaining coordinator chat cannot be unbound from the one that just became an agency's …
    assert!(h.say("first", "/huyketnoi test:second xacnhan", 4).await.contains("chỉ dùng được trong nhóm điều phối"));
    // … and a coordinator chat unbinding another is asked to confirm, naming its role.
    h.say("third", &format!("/ketnoi {}", h.code("snnmt", true, 4).await), 4).await;
    let asked = h.replies("u", "third", "/huyketnoi 1", 5).await;
    assert!(asked[0].text.contains("Hủy kết nối nhóm điều phối test second"), "{asked:?}");
    assert!(h.say("third", &asked[0].actions[0].command, 6).await.contains("Đã hủy kết nối"));
    assert!(h.say("second", "/danhsach", 7).await.contains("chỉ dùng được trong nhóm điều phối"), "no longer one");
}

async fn group_chatter_is_not_answered(h: Harness) {
    let code = h.code("syt", false, 0).await;
    h.say("syt-group", &format!("/ketnoi {code}"), 0).await;
    let msg = |text: &str| Incoming {
        chat: ChatKey::new("test", "syt-group"),
        user_id: "u".into(),
        user_name: "U".into(),
        text: text.into(),
        at: h.now,
        message_id: None,
        addressed: false,
        file_id: None,
        source: None,
    };
    assert!(h.bot.handle(&msg("chiều nay họp lúc 3 giờ nhé mọi người")).await.is_empty());
    assert!(!h.bot.handle(&msg("nhiệm vụ của tôi")).await.is_empty(), "a question the bot understands");
    assert!(h.bot.handle(&msg("ok")).await.is_empty(), "a bare 'ok' with nothing to confirm is chatter");
    let ask = h.bot.handle(&msg("cập nhật III.8: đã hoàn thành, đạt 90%")).await;
    assert!(ask[0].text.contains("90%"), "{ask:?}");
    let yes = h.bot.handle(&msg("có")).await;
    assert!(yes[0].text.contains("Đã ghi nhận"), "an unaddressed 'có' answers the question: {yes:?}");
}

async fn who_confirmed_is_kept(h: Harness) {
    let code = h.code("syt", false, 0).await;
    h.say("syt-group", &format!("/ketnoi {code}"), 0).await;
    let asked = h.say_as("Lan", "syt-group", "cập nhật III.8: đã hoàn thành, đạt 90%", 1).await;
    assert!(asked.contains("90%"), "{asked}");
    let yes = h.say_as("Minh", "syt-group", "có", 2).await;
    assert!(
        yes.contains("Đã ghi nhận") && yes.contains("Minh đã xác nhận báo cáo này thay cho người gửi (Lan)"),
        "{yes}"
    );
    let history = h.say_as("Lan", "syt-group", "lịch sử III.8", 3).await;
    assert!(history.contains("người gửi: Lan") && history.contains("Minh xác nhận"), "{history}");
    let reports = h.store.all_reports("quang-ngai-16-kh-ubnd-2022").await.unwrap();
    let by = reports[0].confirmed_by.as_ref().expect("kept");
    assert_eq!((reports[0].user_name.as_str(), by.user_name.as_str(), by.user_id.as_str()), ("Lan", "Minh", "Minh"));
}

on_both_backends!(
    who_confirmed_is_kept,
    a_code_binds_one_chat_once,
    guessing_is_limited_without_locking_out_the_right_code,
    coordinators_manage_bindings,
    the_last_coordinator_chat_stays,
    group_chatter_is_not_answered,
);
