//! Property tests over hostile input: understanding, references, timeframes, seed files, webhook bodies,
//! message splitting. Nothing may panic, hang or lose text. `PROPTEST_CASES` raises the number of cases
//! for a long run (see README).

mod common;

use phoihop::bot::{Incoming, split_text};
use phoihop::chat::{ChatBinding, ChatKey};
use phoihop::nlu::Nlu;
use phoihop::plan::{PlanYears, Timeframe, seed};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Pieces people type: words with and without diacritics, references, numbers, abbreviations, emoji,
/// punctuation, control characters and other scripts.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nhiệm vụ".to_string()),
        Just("nhiem vu".to_string()),
        Just("cập nhật".to_string()),
        Just("cn".to_string()),
        Just("của tôi".to_string()),
        Just("mục".to_string()),
        Just("III".to_string()),
        Just("hoàn thành".to_string()),
        Just("vướng mắc".to_string()),
        Just("đạt".to_string()),
        Just("%".to_string()),
        Just("tìm".to_string()),
        Just("về".to_string()),
        Just("Sở Y tế".to_string()),
        Just("quá hạn".to_string()),
        Just("/nhiemvu".to_string()),
        Just("/ketnoi".to_string()),
        Just("/hoantac".to_string()),
        Just("hoàn tác".to_string()),
        Just("có".to_string()),
        Just("😀".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;x\u{7}".to_string()),
        Just("\u{200f}\u{2066}\u{feff}".to_string()),
        Just("\r\n\t".to_string()),
        Just("你好".to_string()),
        "[0-9]{1,6}",
        "[IVXivx]{1,5}[.-][0-9]{1,4}",
        "-?[0-9]{1,4}%",
        "[ .,:;!?/&-]{1,3}",
        any::<String>(),
    ]
}

fn message() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..12).prop_map(|parts| parts.join(" "))
}

/// The number of cases: a short run by default, `PROPTEST_CASES` for a long one.
fn cases(short: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(short)
}

fn nlu() -> &'static Nlu {
    static NLU: std::sync::OnceLock<Nlu> = std::sync::OnceLock::new();
    NLU.get_or_init(|| Nlu::new(&seed::bundled().unwrap()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn understanding_never_panics(text in message()) {
        let u = nlu().understand(&text);
        if let Some(note) = &u.note {
            prop_assert!(!note.is_empty());
        }
    }

    #[test]
    fn understanding_any_text_never_panics(text in any::<String>()) {
        nlu().understand(&text);
    }

    #[test]
    fn folding_is_stable(text in any::<String>()) {
        let once = phoihop::text::fold(&text);
        prop_assert_eq!(phoihop::text::fold(&once), once);
    }

    #[test]
    fn timeframes_parse_or_refuse(text in prop_oneof![any::<String>(), "(Giai đoạn|Năm|Định kỳ|Hàng năm)? ?[0-9]{0,5}(-[0-9]{0,5})?( và giai đoạn [0-9]{4}-[0-9]{4})?"], year in 1900i32..2300, first in 2000i32..2100) {
        if let Ok(timeframe) = Timeframe::parse(&text) {
            let plan = PlanYears { first, last: first + 8 };
            let date = chrono::NaiveDate::from_ymd_opt(year, 6, 15).unwrap();
            let period = timeframe.period_at(date, plan);
            prop_assert!(period.start <= period.end);
            timeframe.last_day(plan);
        }
    }

    #[test]
    fn replies_split_under_the_limit_without_losing_text(text in any::<String>(), limit in 1usize..5000) {
        let parts = split_text(&text, limit);
        prop_assert!(parts.iter().all(|p| p.chars().count() <= limit));
        let kept: String = parts.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(kept, original);
    }

    #[test]
    fn webhook_bodies_are_read_or_refused(
        body in any::<String>(),
        id in any::<i64>(),
        chat in any::<i64>(),
        kind in "[a-z_]{0,20}",
        text in message(),
    ) {
        // Anything at all: read or refused, never a panic.
        let _ = phoihop::telegram::read_update(&body);
        let _ = phoihop::zalo::read_event(&body);
        // Well-formed updates of any id, chat and kind are read; their id is kept as given.
        let update = serde_json::json!({"update_id": id.unsigned_abs() % (1 << 31), "message": {
            "message_id": 1, "date": 0, "text": text, "chat": {"id": chat, "type": kind}}});
        if let Ok(Some((read_id, _))) = phoihop::telegram::read_update(&update.to_string()) {
            prop_assert_eq!(read_id, (id.unsigned_abs() % (1 << 31)).to_string());
        }
    }

    #[test]
    fn zalo_events_never_panic(body in any::<String>(), text in message()) {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&body) {
            phoihop::zalo::parse_event(&value);
        }
        let event = serde_json::json!({"message": {"message_id": body, "text": text, "chat": {"id": 1}, "from": {}}});
        phoihop::zalo::parse_event(&event);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn seed_files_are_read_or_refused(cut in 0usize..30_000, insert in any::<String>()) {
        let catalog = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/catalog.toml");
        let plan = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/plan.toml");
        // Damage the plan at some character boundary.
        let at = plan.char_indices().map(|(i, _)| i).nth(cut % plan.chars().count()).unwrap_or(0);
        let damaged = format!("{}{}{}", &plan[..at], insert, &plan[at..]);
        let dir = std::path::Path::new("fuzz");
        let _ = seed::parse(
            seed::SeedFile { name: &dir.join("catalog.toml"), text: catalog },
            seed::SeedFile { name: &dir.join("plan.toml"), text: &damaged },
        );
        let _ = seed::parse(
            seed::SeedFile { name: &dir.join("catalog.toml"), text: &damaged },
            seed::SeedFile { name: &dir.join("plan.toml"), text: plan },
        );
    }
}

/// A character that acts on a terminal or reorders text, other than a line break.
fn hidden(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// JSON nested `depth` deep: more than a parser with a recursion limit takes.
fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deeply_nested_bodies_are_refused_not_fatal() {
    for depth in [10, 200, 10_000, 100_000] {
        let body = format!(r#"{{"update_id": 5, "message": {}}}"#, nested(depth));
        let _ = phoihop::telegram::read_update(&body);
        let _ = phoihop::zalo::read_event(&body);
    }
}

/// The whole core, on a real database, answers anything without panicking and records only valid reports.
#[tokio::test]
async fn the_core_answers_anything() {
    let (_dir, url) = common::sqlite_url();
    let (store, bot) = common::core(&url).await;
    let chat = ChatKey::new("fuzz", "1");
    let now = chrono::Utc::now();
    store
        .bind_chat(&ChatBinding {
            chat: chat.clone(),
            catalog: "quang-ngai".into(),
            agency: "syt".into(),
            coordinator: true,
            plan: None,
            bound_at: now,
        })
        .await
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 300, ..ProptestConfig::default() });
    let texts: Vec<String> = (0..300).map(|_| message().new_tree(&mut runner).unwrap().current()).collect();
    for text in texts {
        let msg = Incoming {
            chat: chat.clone(),
            user_id: "u".into(),
            user_name: "U".into(),
            text,
            at: now,
            message_id: None,
            addressed: true,
            file_id: None,
            source: None,
        };
        for reply in bot.handle(&msg).await {
            assert!(!reply.text.is_empty());
            assert!(!hidden(&reply.text), "a reply carries no control or hidden mark: {:?}", reply.text);
        }
    }
    for r in store.all_reports("quang-ngai-16-kh-ubnd-2022").await.unwrap() {
        assert!(r.percent.is_none_or(|p| p <= 100));
        assert!(!hidden(r.note.as_deref().unwrap_or("")), "stored cleaned: {:?}", r.note);
    }
}
