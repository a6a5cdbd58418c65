//! Every sentence exists in both languages, and every message the code asks for exists.

use std::collections::BTreeSet;
use std::path::Path;

use phoihop::i18n::{EN_FILES, Lang, Messages, VI_FILES, message_ids};

#[test]
fn both_locales_define_the_same_messages() {
    let vi: BTreeSet<String> = message_ids(VI_FILES).into_iter().collect();
    let en: BTreeSet<String> = message_ids(EN_FILES).into_iter().collect();
    assert!(!vi.is_empty());
    let missing_en: Vec<_> = vi.difference(&en).collect();
    let missing_vi: Vec<_> = en.difference(&vi).collect();
    assert!(missing_en.is_empty(), "missing from locales/en: {missing_en:?}");
    assert!(missing_vi.is_empty(), "missing from locales/vi: {missing_vi:?}");
}

#[test]
fn every_locale_file_on_disk_is_compiled_in() {
    for (lang, files) in [("vi", VI_FILES), ("en", EN_FILES)] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ftl"))
            .collect();
        let compiled: BTreeSet<String> = files.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, compiled, "locales/{lang}");
    }
}

/// String literals that look like message ids ("my-tasks-header") in the code that talks to people.
fn message_like_literals(path: &Path, out: &mut BTreeSet<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            message_like_literals(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        let source = std::fs::read_to_string(path).unwrap();
        // Unit tests hold data, not messages.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        let text: String = source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        for (i, literal) in text.split('"').enumerate() {
            let looks_like_id = i % 2 == 1
                && literal.contains('-')
                && literal.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !literal.ends_with('-');
            if looks_like_id {
                out.insert(literal.to_string());
            }
        }
    }
}

#[test]
fn every_message_the_code_uses_exists() {
    // Hyphenated literals in the source that are not message ids.
    const NOT_MESSAGES: &[&str] = &["vi-vn", "en-us", "en-gb", "no-referrer", "no-store", "utf-8", "x-forwarded-for"];
    let mut used = BTreeSet::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for part in ["bot", "main.rs", "cli", "jobs", "nlu/command.rs", "i18n.rs", "web"] {
        message_like_literals(&src.join(part), &mut used);
    }
    let messages = Messages::load().expect("locales parse");
    let missing: Vec<_> = used
        .iter()
        .filter(|id| !NOT_MESSAGES.contains(&id.as_str()))
        .filter(|id| !messages.has(Lang::Vi, id) || !messages.has(Lang::En, id))
        .collect();
    assert!(used.len() > 20, "the scan finds the message ids: {used:?}");
    assert!(missing.is_empty(), "used in src/ but not defined in both locales: {missing:?}");
}

#[test]
fn chat_output_has_no_unicode_isolation_marks() {
    let messages = Messages::load().unwrap();
    let text = messages.tr(Lang::Vi, "my-tasks-header", &[("agency", "Sở Y tế".into()), ("plan", "16/KH-UBND".into())]);
    assert_eq!(text, "Nhiệm vụ của Sở Y tế trong Kế hoạch 16/KH-UBND:");
    assert!(!text.contains(['\u{2068}', '\u{2069}']));
}
