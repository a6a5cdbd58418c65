//! Understanding what a focal point typed: which intent, and which task.
//!
//! Matching runs on folded text (see [`crate::text`]), so "nhiem vu cua toi" is "nhiệm vụ của tôi".
//! Nothing here touches the database: it needs only the text.

pub mod task_ref;

use crate::text::{fold, fold_keep_case};
pub use task_ref::RefSlot;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// "nhiệm vụ của tôi", `/nhiemvu`: the tasks of the chat's agency.
    MyTasks,
    /// "nhiệm vụ III.2": one task in full (or "which section?" for a bare number).
    TaskDetail(RefSlot),
    /// `/help`, "hướng dẫn".
    Help,
    /// `/start`: a greeting, then the same guide.
    Start,
    /// Anything else: small talk, thanks, emoji, an unknown command.
    Unknown,
}

/// Messages longer than this are not questions; the rest is ignored rather than scanned.
const MAX_UNDERSTOOD_CHARS: usize = 4096;

pub fn understand(text: &str) -> Intent {
    let text = match text.char_indices().nth(MAX_UNDERSTOOD_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let folded = fold(text);
    let cased = fold_keep_case(text);
    if let Some(intent) = command(text.trim_start()) {
        return intent;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |phrase: &str| contains_phrase(&words, phrase);

    let reference = task_ref::find(&folded, &cased);
    let asks_own = [
        "cua toi",
        "cua minh",
        "cua chung toi",
        "cua don vi",
        "cua em",
        "cua so",
        "toi phai lam",
    ]
    .iter()
    .any(|p| has(p));
    let about_tasks = ["nhiem vu", "nv", "nhiemvu", "viec", "cong viec"]
        .iter()
        .any(|p| has(p));

    let asks_own_english = has("my tasks") || has("my task");
    if (asks_own && about_tasks || asks_own_english)
        && !matches!(reference, Some(RefSlot::Exact(_)))
    {
        return Intent::MyTasks;
    }
    if let Some(slot) = reference {
        return Intent::TaskDetail(slot);
    }
    if [
        "huong dan",
        "tro giup",
        "help",
        "giup do",
        "giup toi",
        "lam the nao",
        "cach dung",
    ]
    .iter()
    .any(|p| has(p))
    {
        return Intent::Help;
    }
    Intent::Unknown
}

/// Slash commands, with or without "@botname", in Vietnamese and English.
fn command(trimmed: &str) -> Option<Intent> {
    let rest = trimmed.strip_prefix('/')?;
    let (head, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let name = head.split('@').next().unwrap_or_default();
    let (args_folded, args_cased) = (fold(args), fold_keep_case(args));
    Some(match fold(name).as_str() {
        "start" | "batdau" => Intent::Start,
        "help" | "huongdan" | "trogiup" => Intent::Help,
        "nhiemvu" | "nv" | "tasks" | "mytasks" | "task" => {
            match task_ref::find(&args_folded, &args_cased) {
                Some(slot) => Intent::TaskDetail(slot),
                None => Intent::MyTasks,
            }
        }
        _ => Intent::Unknown,
    })
}

/// Whether the words contain `phrase` as whole consecutive words.
fn contains_phrase(words: &[&str], phrase: &str) -> bool {
    let wanted: Vec<&str> = phrase.split(' ').collect();
    words.windows(wanted.len()).any(|w| w == wanted.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::TaskRef;

    fn detail(s: &str) -> Intent {
        Intent::TaskDetail(RefSlot::Exact(s.parse::<TaskRef>().unwrap()))
    }

    #[test]
    fn my_tasks_with_and_without_diacritics() {
        for text in [
            "nhiệm vụ của tôi",
            "nhiem vu cua toi",
            "Nhiệm vụ của tôi?",
            "nv cua toi",
            "/nhiemvu",
            "/nhiemvu@phoihop_bot",
            "/tasks",
            "việc của đơn vị mình là gì",
        ] {
            assert_eq!(understand(text), Intent::MyTasks, "{text}");
        }
    }

    #[test]
    fn task_detail() {
        assert_eq!(understand("nhiệm vụ III.2"), detail("III.2"));
        assert_eq!(understand("/nhiemvu III.2"), detail("III.2"));
        assert_eq!(understand("/nhiemvu@bot 3.2"), detail("III.2"));
        assert_eq!(
            understand("nhiệm vụ 2"),
            Intent::TaskDetail(RefSlot::NumberOnly(2))
        );
    }

    #[test]
    fn help_and_the_rest() {
        assert_eq!(understand("/help"), Intent::Help);
        assert_eq!(understand("/start"), Intent::Start);
        assert_eq!(understand("hướng dẫn"), Intent::Help);
        for text in ["cảm ơn", "👍", "", "   ", "/khongco", "\u{0}\u{7}"] {
            assert_eq!(understand(text), Intent::Unknown, "{text:?}");
        }
    }

    #[test]
    fn huge_input_is_cut_not_scanned() {
        let text = "a ".repeat(50_000);
        assert_eq!(understand(&text), Intent::Unknown);
    }
}
