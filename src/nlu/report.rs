//! The parts of a progress report: percentage, status and the free-text note.

use std::collections::BTreeSet;

use super::when::{self, DayRole, StatedDay};
use super::words::Words;
use crate::progress::Status;

/// Status phrases (folded), most specific first. "chưa hoàn thành" is work in progress, not done.
const STATUS_PHRASES: &[(&str, Status)] = &[
    ("chua hoan thanh", Status::InProgress),
    ("chua xong", Status::InProgress),
    ("chua trien khai", Status::NotStarted),
    ("chua thuc hien", Status::NotStarted),
    ("chua bat dau", Status::NotStarted),
    ("chua lam", Status::NotStarted),
    ("chua khoi dong", Status::NotStarted),
    ("not started", Status::NotStarted),
    ("vuong mac", Status::Blocked),
    ("bi vuong", Status::Blocked),
    ("vuong", Status::Blocked),
    ("kho khan", Status::Blocked),
    ("gap kho", Status::Blocked),
    ("bi ket", Status::Blocked),
    ("tac nghen", Status::Blocked),
    ("blocked", Status::Blocked),
    ("dang thuc hien", Status::InProgress),
    ("dang trien khai", Status::InProgress),
    ("dang lam", Status::InProgress),
    ("dang tien hanh", Status::InProgress),
    ("tiep tuc thuc hien", Status::InProgress),
    ("in progress", Status::InProgress),
    ("hoan thanh", Status::Done),
    ("hoan tat", Status::Done),
    ("da xong", Status::Done),
    ("xong", Status::Done),
    ("done", Status::Done),
];

/// Words before "hoàn thành" that make it a plan, not a fact ("dự kiến hoàn thành").
const NOT_YET: &[&str] = &["du kien", "se", "sap", "de", "nham", "phan dau", "ke hoach", "muc tieu", "truoc khi"];

/// Words after "hoàn thành" that make it a part, not the whole ("hoàn thành giai đoạn 1").
const PART_OF: &[&str] = &["giai doan", "mot phan", "buoc", "phan", "dot", "so bo"];

/// Words before a difficulty that deny it ("không có vướng mắc").
const DENIED: &[&str] = &["khong", "khong co", "khong gap", "het", "da giai quyet", "khong con"];

/// Words after a number that make it a quantity, not a percentage ("đạt 500 hộ").
const UNITS: &[&str] = &[
    "ho", "nguoi", "lao", "trieu", "ty", "ti", "nghin", "ngan", "xa", "huyen", "lop", "cuoc", "buoi", "lan", "ban",
    "van", "du", "mo", "ke", "hoi", "nam", "thang", "ngay", "tuan", "quy", "dong", "tin", "bai", "chuong", "hop",
];

/// Status words that say nothing beyond the status: a note made only of them is no note.
const STATUS_ONLY_WORDS: &[&str] = &[
    "da", "roi", "xong", "hoan", "thanh", "tat", "dang", "thuc", "hien", "trien", "khai", "chua", "bat", "dau", "lam",
    "van", "nhe", "a", "oi", "het", "100", "tien", "do", "duoc", "dat", "vuong", "mac", "kho", "khan", "gap", "bi",
    "ket",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportParts {
    pub percent: Option<i64>,
    pub status: Option<Status>,
    pub note: Option<String>,
    /// The day the state held, when the report says ("đã hoàn thành ngày 20/12/2025").
    pub held: Option<StatedDay>,
}

/// A percentage and the words it took: "80%", "80 %", "đạt 80", "80 phần trăm", "tiến độ 80".
fn percent(w: &Words) -> Option<(i64, Vec<usize>)> {
    let n = w.words.len();
    for i in 0..n {
        let text = w.text(i);
        let lead_in = |at: usize| -> Vec<usize> {
            let mut taken = vec![];
            let mut k = at;
            while k > 0 && matches!(w.text(k - 1), "dat" | "duoc" | "khoang" | "la" | "muc") {
                k -= 1;
                taken.push(k);
            }
            if k >= 2 && w.text(k - 2) == "tien" && w.text(k - 1) == "do" {
                taken.extend([k - 2, k - 1]);
            }
            taken
        };
        if let Some(number) = text.strip_suffix('%').and_then(parse_number) {
            let mut taken = lead_in(i);
            taken.push(i);
            return Some((number, taken));
        }
        let Some(number) = parse_number(text) else {
            continue;
        };
        if w.text(i + 1) == "%" {
            let mut taken = lead_in(i);
            taken.extend([i, i + 1]);
            return Some((number, taken));
        }
        if w.text(i + 1) == "phan" && w.text(i + 2) == "tram" {
            let mut taken = lead_in(i);
            taken.extend([i, i + 1, i + 2]);
            return Some((number, taken));
        }
        let after_dat = i > 0 && matches!(w.text(i - 1), "dat" | "duoc")
            || i > 1 && w.text(i - 2) == "tien" && w.text(i - 1) == "do";
        let next_is_unit = UNITS.contains(&w.text(i + 1));
        if after_dat && !next_is_unit && !text.contains(['.', '/']) {
            let mut taken = lead_in(i);
            taken.push(i);
            return Some((number, taken));
        }
    }
    None
}

/// "80", "-5", "80.5" (rounded), never a reference like "3.2" followed by more.
fn parse_number(s: &str) -> Option<i64> {
    let s = s.trim_end_matches(['.', ',']);
    if s.is_empty() || s.len() > 7 {
        return None;
    }
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    s.replace(',', ".").parse::<f64>().ok().filter(|f| f.is_finite()).map(|f| f.round() as i64)
}

/// The status a report states, and the words that said it.
fn status(w: &Words) -> Option<(Status, Vec<usize>)> {
    let mut found: Vec<(usize, Status, usize)> = Vec::new();
    let mut taken = BTreeSet::new();
    for (phrase, status) in STATUS_PHRASES {
        let len = phrase.split(' ').count();
        let mut from = 0;
        while let Some(at) = w.find_from(phrase, from) {
            from = at + 1;
            if (at..at + len).any(|k| taken.contains(&k)) {
                continue;
            }
            if *status == Status::Blocked && DENIED.iter().any(|p| ends_before(w, p, at)) {
                taken.extend(at..at + len);
                continue;
            }
            let partly = PART_OF.iter().any(|p| w.find_from(p, at + len) == Some(at + len));
            if *status == Status::Done && (partly || NOT_YET.iter().any(|p| ends_before(w, p, at))) {
                taken.extend(at..at + len);
                found.push((at, Status::InProgress, len));
                continue;
            }
            taken.extend(at..at + len);
            found.push((at, *status, len));
        }
    }
    // Blocked outweighs everything; work still going on outweighs a part that is done.
    let rank = |s: Status| match s {
        Status::Blocked => 0,
        Status::NotStarted => 1,
        Status::InProgress => 2,
        Status::Done => 3,
    };
    let best = found.iter().map(|f| f.1).min_by_key(|s| rank(*s))?;
    let words = found.iter().filter(|f| f.1 == best).flat_map(|f| f.0..f.0 + f.2).collect();
    Some((best, words))
}

/// The status a text states in words, if any (a percentage or a note alone state none).
pub fn stated_status(w: &Words) -> Option<Status> {
    status(w).map(|(s, _)| s)
}

fn ends_before(w: &Words, phrase: &str, at: usize) -> bool {
    let len = phrase.split(' ').count();
    at >= len && w.find_from(phrase, at - len) == Some(at - len)
}

/// Reads a report. `taken` are the words already used (command words, the task reference).
pub fn read(w: &Words, taken: &BTreeSet<usize>) -> ReportParts {
    let free = |i: &usize| !taken.contains(i);
    let percent = percent(w).filter(|(_, words)| words.iter().all(free));
    let status_found = status(w);
    let mut status = status_found.as_ref().map(|s| s.0);
    let mut percent_value = percent.as_ref().map(|p| p.0);
    match (status, percent_value) {
        (None, Some(100)) => status = Some(Status::Done),
        (None, Some(0)) => status = Some(Status::NotStarted),
        (None, Some(_)) => status = Some(Status::InProgress),
        (Some(Status::Done), None) => percent_value = Some(100),
        (Some(Status::NotStarted), None) => percent_value = Some(0),
        _ => {}
    }

    let mut removed: BTreeSet<usize> = taken.clone();
    if let Some((_, words)) = &percent {
        removed.extend(words.iter().copied());
    }
    // The day the state held becomes the report's date. The note keeps the person's words, the day
    // included ("đã ban hành Quyết định 12/QĐ-UBND ngày 15/3/2024"), unless the day is all it would say.
    let held = when::find(w, &removed).filter(|m| m.role == DayRole::Held);
    let mut without_day = removed.clone();
    if let Some(m) = &held {
        without_day.extend(m.words.iter().copied());
    }
    let note = note(w, &without_day).and_then(|_| note(w, &removed));
    if note.is_some() && status.is_none() {
        status = Some(Status::InProgress);
    }
    ReportParts { percent: percent_value, status, note, held: held.map(|m| m.when) }
}

/// The person's own words, less the removed ones; `None` when nothing but status words remain.
fn note(w: &Words, removed: &BTreeSet<usize>) -> Option<String> {
    let mut drop_tokens: BTreeSet<usize> = BTreeSet::new();
    let mut keep_tokens: BTreeSet<usize> = BTreeSet::new();
    for (i, word) in w.words.iter().enumerate() {
        if removed.contains(&i) {
            drop_tokens.insert(word.token);
        } else {
            keep_tokens.insert(word.token);
        }
    }
    // A token with words to keep stays whole; a token with none (only punctuation, emoji) stays if it
    // sits between kept words.
    let first = *keep_tokens.first()?;
    let last = *keep_tokens.last()?;
    let pieces: Vec<&str> = (first..=last)
        .filter(|t| keep_tokens.contains(t) || !drop_tokens.contains(t))
        .map(|t| w.tokens[t].text.as_str())
        .collect();
    let mut text = pieces.join(" ");
    for (from, to) in [(" ,", ","), (",,", ","), (" .", "."), (" :", ":"), (" ;", ";")] {
        while text.contains(from) {
            text = text.replace(from, to);
        }
    }
    let text = text.trim_matches(|c: char| c.is_whitespace() || ":;,.-–—/".contains(c)).to_string();
    let kept_words: Vec<&str> = w
        .words
        .iter()
        .enumerate()
        .filter(|(i, word)| !removed.contains(i) && (first..=last).contains(&word.token))
        .map(|(_, word)| word.text.as_str())
        .collect();
    let only_status = kept_words.iter().all(|k| STATUS_ONLY_WORDS.contains(k));
    (!text.is_empty() && !only_status).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::words::analyse;

    fn parts(text: &str, skip: usize) -> ReportParts {
        let w = analyse(text);
        read(&w, &(0..skip).collect())
    }

    #[test]
    fn percentages_in_every_form() {
        for (text, p) in [("đạt 80%", 80), ("80 %", 80), ("đạt 80", 80), ("80 phần trăm", 80), ("tiến độ 45", 45)]
        {
            assert_eq!(parts(text, 0).percent, Some(p), "{text}");
        }
        assert_eq!(parts("đạt 500 hộ", 0).percent, None);
        assert_eq!(parts("150%", 0).percent, Some(150), "kept, so that the bot can refuse it");
        assert_eq!(parts("-5%", 0).percent, Some(-5));
    }

    #[test]
    fn status_from_words_and_numbers() {
        assert_eq!(
            parts("hoàn thành", 0),
            ReportParts { percent: Some(100), status: Some(Status::Done), note: None, held: None }
        );
        assert_eq!(parts("chưa triển khai", 0).percent, Some(0));
        assert_eq!(parts("80%", 0).status, Some(Status::InProgress));
        assert_eq!(parts("100%", 0).status, Some(Status::Done));
        assert_eq!(parts("0%", 0).status, Some(Status::NotStarted));
        assert_eq!(parts("vướng mắc kinh phí", 0).status, Some(Status::Blocked));
        assert_eq!(parts("dự kiến hoàn thành tháng 12", 0).status, Some(Status::InProgress));
        assert_eq!(parts("chưa hoàn thành", 0).status, Some(Status::InProgress));
        let note_only = parts("đã gửi công văn", 0);
        assert_eq!((note_only.status, note_only.percent), (Some(Status::InProgress), None));
    }

    #[test]
    fn the_note_is_the_persons_own_words() {
        let p = parts("cập nhật III.2: đã trình UBND tỉnh, đạt 80%", 3);
        assert_eq!(p.note.as_deref(), Some("đã trình UBND tỉnh"));
        let p = parts("III.8 40% đang rà soát quỹ đất", 1);
        assert_eq!(p.note.as_deref(), Some("đang rà soát quỹ đất"));
        let p = parts("III.2 đã trình, đạt 80%, chờ ký", 1);
        assert_eq!(p.note.as_deref(), Some("đã trình, chờ ký"));
        assert_eq!(parts("III.2 - hoàn thành 100%", 1).note, None);
    }

    #[test]
    fn the_day_a_state_held_is_read_apart_from_the_note() {
        let p = parts("III.3 đã hoàn thành ngày 20/12/2025", 1);
        assert_eq!((p.status, p.note), (Some(Status::Done), None));
        assert_eq!(p.held, Some(StatedDay { year: Some(2025), month: Some(12), day: Some(20) }));
        let p = parts("III.8 đạt 60% từ tháng 4/2024, đang giải phóng mặt bằng", 1);
        assert_eq!((p.percent, p.note.as_deref()), (Some(60), Some("từ tháng 4/2024, đang giải phóng mặt bằng")));
        assert_eq!(p.held, Some(StatedDay { year: Some(2024), month: Some(4), day: None }));
        let p = parts("III.8 đạt 60%, dự kiến xong ngày 20/12/2026", 1);
        assert_eq!((p.held, p.note.as_deref()), (None, Some("dự kiến xong ngày 20/12/2026")));
    }
}
