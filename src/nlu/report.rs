//! The parts of a progress report: percentage, status and the free-text note.

use std::collections::BTreeSet;

use super::when::{self, DayRole, StatedDay};
use super::words::{UNITS, Words};
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
    // "Không thực hiện" (with no reason: "… được vì …" is an obstacle, read before these).
    ("khong thuc hien", Status::NotStarted),
    ("khong trien khai", Status::NotStarted),
    ("khong tham gia", Status::NotStarted),
    ("not started", Status::NotStarted),
    ("vuong mac", Status::Blocked),
    ("bi vuong", Status::Blocked),
    ("vuong", Status::Blocked),
    ("kho khan", Status::Blocked),
    ("gap kho", Status::Blocked),
    ("bi ket", Status::Blocked),
    ("tac nghen", Status::Blocked),
    ("tro ngai", Status::Blocked),
    ("dung lai", Status::Blocked),
    ("tam dung", Status::Blocked),
    ("tam ngung", Status::Blocked),
    ("tam hoan", Status::Blocked),
    // "dự án đang bị treo", "phải ngừng thi công": stopped, waiting on something.
    ("bi treo", Status::Blocked),
    // Waiting for the money, or able to go on only once something comes: "đang chờ bố trí vốn mới làm
    // tiếp được".
    ("cho bo tri von", Status::Blocked),
    ("cho bo tri kinh phi", Status::Blocked),
    ("cho cap von", Status::Blocked),
    ("cho phan bo von", Status::Blocked),
    ("moi lam tiep duoc", Status::Blocked),
    ("moi trien khai tiep duoc", Status::Blocked),
    ("dang tac", Status::Blocked),
    ("bi tac", Status::Blocked),
    ("con tac", Status::Blocked),
    ("ngung thi cong", Status::Blocked),
    ("dang ngung", Status::Blocked),
    ("phai ngung", Status::Blocked),
    ("bi ngung", Status::Blocked),
    ("dinh tre", Status::Blocked),
    ("ach tac", Status::Blocked),
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
const NOT_YET: &[&str] =
    &["du kien", "se", "sap", "gan", "dang", "de", "nham", "phan dau", "ke hoach", "muc tieu", "truoc khi"];

/// Words that make a "hoàn thành" later in their clause a plan, whatever stands between ("dự kiến quý
/// I/2027 hoàn thành").
const PLANNED: &[&str] = &["du kien", "phan dau", "du dinh"];

/// Words before a figure that only lead to it, and go with it out of the note.
const FIGURE_LEADS: &[&str] = &["den nay", "hien nay", "hien", "da", "ket qua"];

/// Words a negator reaches across without using up its reach: "chưa thể coi là hoàn thành", "chưa được
/// xem là xong", "chưa dám nói là xong".
const COPULA: &[&str] = &["the", "duoc", "coi", "xem", "la", "dam", "noi", "goi", "tinh"];

/// Words after "hoàn thành" that make it a part, not the whole ("hoàn thành giai đoạn 1").
const PART_OF: &[&str] = &["giai doan", "mot phan", "buoc", "phan", "dot", "so bo"];

/// Words that deny the status said within the next few words: "không phát sinh trở ngại", "chưa xong",
/// "chẳng có khó khăn gì", "đã giải quyết vướng mắc".
const NEGATORS: &[&str] = &["khong", "chua", "chang", "het", "da giai quyet", "da thao go", "da khac phuc"];

/// How many words a negator reaches: "không [phát sinh] trở ngại", "chẳng [có] khó khăn".
const NEGATION_REACH: usize = 3;

/// "không thể …", "chưa thể …", "không kịp …" before work: the work could not be done.
const CANNOT: &[&str] = &["khong the", "chua the", "khong kip"];

/// "không … được", "chưa … được" around work, or alone: the work could not be done, an obstacle when
/// the sentence says why ("không làm được vì …", "chưa triển khai được do …", "ko đc vì …").
const NOT_ABLE: &[&str] = &["khong", "chua"];

/// The work "không thể" may stand before.
const WORK: &[&str] = &[
    "lam",
    "thuc hien",
    "trien khai",
    "hoan thanh",
    "hoan tat",
    "xong",
    "tien hanh",
    "thi cong",
    "giai ngan",
    "to chuc",
    "ban hanh",
    "bat dau",
    "khoi cong",
];

/// What stopped the work: a denied "done" followed by one of these is an obstacle ("không hoàn thành được do
/// thay đổi chủ trương"), not work still going on.
const REASONS: &[&str] = &["vi", "do", "boi", "tai", "thieu"];

/// Status words that say nothing beyond the status: a note made only of them is no note.
const STATUS_ONLY_WORDS: &[&str] = &[
    "da", "roi", "xong", "hoan", "thanh", "tat", "dang", "thuc", "hien", "trien", "khai", "chua", "bat", "dau", "lam",
    "van", "nhe", "a", "oi", "het", "100", "tien", "do", "duoc", "dat", "vuong", "mac", "kho", "khan", "gap", "bi",
    "ket", "tam", "dung", "ngung", "lai",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportParts {
    pub percent: Option<i64>,
    pub status: Option<Status>,
    pub note: Option<String>,
    /// The day the state held, when the report says ("đã hoàn thành ngày 20/12/2025").
    pub held: Option<StatedDay>,
    /// The day the work is expected done, when the report says ("phấn đấu xong vào 20/12").
    pub expected: Option<StatedDay>,
}

/// A percentage among the free words and the words it took: "80%", "80 %", "đạt 80", "80 phần trăm",
/// "tiến độ 80".
fn percent(w: &Words, free: &dyn Fn(usize) -> bool) -> Option<(i64, Vec<usize>)> {
    let n = w.words.len();
    for i in (0..n).filter(|i| free(*i)) {
        let text = w.text(i);
        let lead_in = |at: usize| -> Vec<usize> {
            let mut taken = vec![];
            let mut k = at;
            // Within the figure's clause: "quỹ đất: đạt 50%" keeps its "đất" (folded like "đạt").
            while k > 0 && free(k - 1) && !super::clause::boundary_before(w, k) {
                // "mới đạt 10%", "chỉ đạt 20%": the adverb goes with its verb, not into the note alone.
                let adverb = !taken.is_empty() && matches!(w.text(k - 1), "moi" | "chi" | "van");
                if !(adverb || matches!(w.text(k - 1), "dat" | "duoc" | "khoang" | "la" | "muc")) {
                    break;
                }
                k -= 1;
                taken.push(k);
            }
            if k >= 2 && free(k - 2) && w.text(k - 2) == "tien" && w.text(k - 1) == "do" {
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

/// Whether a part of a count is said among the free words: "7/10 xã", "3/5 huyện", "8/10 công trình".
fn part_counted(w: &Words, free: &dyn Fn(usize) -> bool) -> bool {
    (0..w.words.len()).filter(|i| free(*i)).any(|i| {
        let Some((part, whole)) = w.text(i).split_once('/') else { return false };
        let (Ok(part), Ok(whole)) = (part.parse::<u32>(), whole.parse::<u32>()) else { return false };
        part < whole && when::counts(w, i)
    })
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

/// Status phrases by their first word: (phrase, its length in words, status), longest first.
type PhraseTable = std::collections::HashMap<&'static str, Vec<(&'static str, usize, Status)>>;

/// The status phrases by their first word, longest first: a message is read in one pass over its words.
fn phrase_table() -> &'static PhraseTable {
    static TABLE: std::sync::OnceLock<PhraseTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = PhraseTable::new();
        for &(phrase, status) in STATUS_PHRASES {
            let first = phrase.split(' ').next().unwrap_or(phrase);
            table.entry(first).or_default().push((phrase, phrase.split(' ').count(), status));
        }
        for phrases in table.values_mut() {
            // Longest first; among equals, the table's order (most specific first).
            phrases.sort_by_key(|p| std::cmp::Reverse(p.1));
        }
        table
    })
}

/// A status said at `at` over `len` words.
#[derive(Debug, Clone, Copy)]
struct Said {
    at: usize,
    len: usize,
    status: Status,
    /// "không thể …": an obstacle in itself, which no negator before it undoes.
    cannot: bool,
}

/// Where `phrase` ends right before word `end` (exclusive), if it does.
pub(super) fn phrase_ending_at(w: &Words, phrase: &str, end: usize) -> bool {
    let len = phrase.split(' ').count();
    end >= len && w.phrase_at(phrase, end - len)
}

/// The status a report states among the free words, and the words that said it.
///
/// Each status word has a scope of negation: a negator ("không", "chưa", "chẳng", "hết") within a few
/// words before it, with no other status word between, denies it. A denied obstacle is none ("không
/// phát sinh trở ngại"); a denied "done" is work still going on ("chưa xong hẳn"), or an obstacle when the
/// sentence says why ("không hoàn thành được do …"); work that "could not" be done ("không thể", "không
/// kịp") is an obstacle.
fn status(w: &Words, free: &dyn Fn(usize) -> bool) -> Option<(Status, Vec<usize>)> {
    let n = w.words.len();
    let mut taken = vec![false; n];
    let mut said: Vec<Said> = Vec::new();
    let claim = |at: usize, len: usize, taken: &mut Vec<bool>| -> bool {
        if (at..at + len).any(|k| taken[k] || !free(k)) {
            return false;
        }
        taken[at..at + len].iter_mut().for_each(|t| *t = true);
        true
    };
    // "Could not" first: "không thể hoàn tất" is an obstacle, not a "hoàn tất". Then the status phrases,
    // found from each word's table of the phrases that start with it, longest first.
    for at in 0..n {
        for cannot in CANNOT {
            let len = cannot.split(' ').count();
            if !w.phrase_at(cannot, at) {
                continue;
            }
            if let Some(work) = WORK.iter().find(|v| w.phrase_at(v, at + len)) {
                let total = len + work.split(' ').count();
                if claim(at, total, &mut taken) {
                    said.push(Said { at, len: total, status: Status::Blocked, cannot: true });
                }
            }
        }
    }
    // "Could not … because": the negator, the work if named, "được", then a reason. Without the work, only
    // right before the reason ("ko đc vì …"): "đã xong, chưa được nghiệm thu do …" is done, not stopped.
    let reason_after = |end: usize| {
        (end..n)
            .take_while(|k| free(*k))
            .any(|k| REASONS.contains(&w.text(k)) || w.text(k) == "khi" && matches!(w.text(k + 1), "chua" | "khong"))
    };
    for at in 0..n {
        if !NOT_ABLE.contains(&w.text(at)) {
            continue;
        }
        let mut work = WORK.iter().find(|v| w.phrase_at(v, at + 1)).map_or(0, |v| v.split(' ').count());
        // "không triển khai tiếp được": the work had begun and cannot go on.
        if work > 0 && w.text(at + 1 + work) == "tiep" {
            work += 1;
        }
        let total = 1 + work + 1;
        let why = if work == 0 { REASONS.contains(&w.text(at + total)) } else { reason_after(at + total) };
        if w.text(at + 1 + work) == "duoc" && why && claim(at, total, &mut taken) {
            said.push(Said { at, len: total, status: Status::Blocked, cannot: true });
        }
    }
    let table = phrase_table();
    for at in 0..n {
        for &(phrase, len, status) in table.get(w.text(at)).into_iter().flatten() {
            if w.phrase_at(phrase, at) && claim(at, len, &mut taken) {
                said.push(Said { at, len, status, cannot: false });
                break;
            }
        }
    }
    said.sort_by_key(|s| s.at);
    // Whether a negator reaches the status said at `at`: it ends within the few words before it (words of
    // "being considered" not counted), and no other status word stands between.
    // An obstacle named in a row of obstacle words is denied with the first ("không phát sinh khó khăn
    // vướng mắc").
    let obstacle_word =
        |j: usize| said.iter().any(|s| s.status == Status::Blocked && !s.cannot && (s.at..s.at + s.len).contains(&j));
    let denied = |at: usize| {
        let (mut j, mut reach) = (at, NEGATION_REACH);
        let blocked = obstacle_word(at);
        while j > 0 && reach > 0 {
            j -= 1;
            if free(j) && NEGATORS.iter().any(|neg| phrase_ending_at(w, neg, j + 1)) {
                return true;
            }
            if taken[j] && blocked && obstacle_word(j) {
                continue;
            }
            if taken[j] {
                return false;
            }
            if !COPULA.contains(&w.text(j)) {
                reach -= 1;
            }
        }
        false
    };
    // "khó hoàn thành đúng hạn": doubted, not done.
    let doubted = |at: usize| at > 0 && free(at - 1) && w.text(at - 1) == "kho";
    // "chưa triển khai xong": the negation is of the finishing, the work has begun.
    let unfinished = |s: &Said| {
        s.status == Status::NotStarted
            && matches!(w.text(s.at), "chua" | "khong")
            && said.iter().any(|d| d.status == Status::Done && d.at == s.at + s.len)
    };
    // A cause said before the status: "thiếu cán bộ nên chưa triển khai".
    let caused = |at: usize| at >= 2 && w.text(at - 1) == "nen" && free(at - 1) && free(at - 2);
    let mut found: Vec<(usize, Status, usize)> = Vec::new();
    for s in &said {
        let (at, len) = (s.at, s.len);
        let status = match s.status {
            // "không phát sinh trở ngại": no obstacle.
            Status::Blocked if !s.cannot && denied(at) => continue,
            // Read with the "chưa triển khai" before it.
            Status::Done if said.iter().any(|n| unfinished(n) && n.at + n.len == at) => continue,
            Status::NotStarted if unfinished(s) => {
                let done_len = said.iter().find(|d| d.at == at + len).map_or(0, |d| d.len);
                if reason_after(at + len + done_len) { Status::Blocked } else { Status::InProgress }
            }
            Status::Done if denied(at) || doubted(at) => {
                if reason_after(at + len) {
                    Status::Blocked
                } else {
                    Status::InProgress
                }
            }
            // "chưa hoàn thành do thiếu vốn": could not be finished because of something.
            Status::InProgress if w.text(at) == "chua" && reason_after(at + len) => Status::Blocked,
            // "chưa có vốn nên chưa triển khai": not begun, because of something.
            Status::NotStarted | Status::InProgress if w.text(at) == "chua" && caused(at) => Status::Blocked,
            Status::Done => {
                let partly = PART_OF.iter().any(|p| w.phrase_at(p, at + len));
                // "kế hoạch hoàn thành trong quý 4" is a plan; "đã ban hành kế hoạch, xong" is done: the
                // comma ends the clause "kế hoạch" stood in.
                let planned =
                    NOT_YET.iter().any(|p| phrase_ending_at(w, p, at)) && !super::clause::boundary_before(w, at);
                let planned_earlier = (0..at)
                    .rev()
                    .take_while(|k| !super::clause::boundary_before(w, k + 1))
                    .any(|k| PLANNED.iter().any(|p| w.phrase_at(p, k)));
                if partly || planned || planned_earlier { Status::InProgress } else { Status::Done }
            }
            other => other,
        };
        found.push((at, status, len));
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

/// Whether the text has a word of obstacle ("vướng", "khó khăn", "tạm dừng" …), said or denied: the
/// obstacle phrases of the status table.
pub fn names_an_obstacle(w: &Words) -> bool {
    STATUS_PHRASES.iter().any(|(phrase, status)| *status == Status::Blocked && w.has(phrase))
}

/// Whether the words `range` say a status or a percentage and nothing else ("đã hoàn thành", "đạt 80%"):
/// the state of a report that names its task after it ("Đã hoàn thành nhiệm vụ III.2").
pub fn only_a_state(w: &Words, range: std::ops::Range<usize>) -> bool {
    let free = |i: usize| range.contains(&i);
    let figure = percent(w, &free).map(|p| p.1).unwrap_or_default();
    let said = status(w, &free).map(|s| s.1).unwrap_or_default();
    !(figure.is_empty() && said.is_empty())
        && range.clone().all(|i| figure.contains(&i) || said.contains(&i) || matches!(w.text(i), "da" | "roi"))
}

/// Whether the words not `taken` state a status in words or a percentage: a report says something.
pub fn says_progress(w: &Words, taken: &BTreeSet<usize>) -> bool {
    let free = |i: usize| !taken.contains(&i);
    percent(w, &free).is_some() || status(w, &free).is_some()
}

/// The status a text states in words, if any (a percentage or a note alone state none).
pub fn stated_status(w: &Words) -> Option<Status> {
    status(w, &|_| true).map(|(s, _)| s)
}

/// Reads a report. `taken` are the words already used (command words, the task reference).
pub fn read(w: &Words, taken: &BTreeSet<usize>) -> ReportParts {
    let free = |i: usize| !taken.contains(&i);
    let mut percent = percent(w, &free);
    // "chưa hoàn thành được 100% như kế hoạch, mới đạt 75%": the figure denied is not the one reported.
    if let Some((_, words)) = &percent
        && let Some(&first) = words.iter().min()
        && (first.saturating_sub(NEGATION_REACH)..first).any(|k| {
            NEGATORS.iter().any(|n| w.phrase_at(n, k))
                && !w.chua_not_negation(k)
                && (k + 1..=first).all(|b| !super::clause::boundary_before(w, b))
        })
    {
        // With no other, no figure is reported: "không đạt 100% kế hoạch" is not done, nor 100%.
        let denied = words.clone();
        percent = self::percent(w, &|i| free(i) && !denied.contains(&i));
    }
    let status_found = status(w, &free);
    let mut status = status_found.as_ref().map(|s| s.0);
    let mut percent_value = percent.as_ref().map(|p| p.0);
    // "xong được 70% phần việc", "đã hoàn thành 85% khối lượng": a "done" next to a figure below 100% is
    // that much progress, not the whole.
    let together = |a: usize, b: usize| {
        a.abs_diff(b) <= 2 && (a.min(b) + 1..=a.max(b)).all(|k| !super::clause::boundary_before(w, k))
    };
    // "đã rà soát xong quỹ đất ở 5 xã, đạt 40%": what is done is named after it, a step of the task.
    let of_a_step = |said: &[usize]| {
        said.iter().max().is_some_and(|&end| {
            let next = end + 1;
            next < w.words.len()
                && free(next)
                && !super::clause::boundary_before(w, next)
                && !STATUS_ONLY_WORDS.contains(&w.text(next))
                && !w.text(next).starts_with(|c: char| c.is_ascii_digit())
        })
    };
    if let (Some((Status::Done, said)), Some((p, figure))) = (&status_found, &percent)
        && *p < 100
        && (said.iter().any(|s| figure.iter().any(|f| together(*s, *f))) || of_a_step(said))
    {
        status = Some(Status::InProgress);
    }
    // "7/10 xã đã hoàn thành": done where counted, not the whole task.
    if status == Some(Status::Done) && percent_value.is_none_or(|p| p < 100) && part_counted(w, &free) {
        status = Some(Status::InProgress);
    }
    match (status, percent_value) {
        (None, Some(100)) => status = Some(Status::Done),
        (None, Some(0)) => status = Some(Status::NotStarted),
        (None, Some(_)) => status = Some(Status::InProgress),
        (Some(Status::Done), None) => percent_value = Some(100),
        (Some(Status::NotStarted), None) => percent_value = Some(0),
        // "đạt 50%, chưa triển khai phần còn lại": begun, whatever is not.
        (Some(Status::NotStarted), Some(p)) if p > 0 => status = Some(Status::InProgress),
        _ => {}
    }

    let mut removed: BTreeSet<usize> = taken.clone();
    if let Some((_, words)) = &percent {
        removed.extend(words.iter().copied());
    }
    // The day the state held becomes the report's date. The note keeps the person's words, the day
    // included ("đã ban hành Quyết định 12/QĐ-UBND ngày 15/3/2024"), unless the day is all it would say.
    let days = when::find_all(w, &removed);
    // A figure inside a phrase ("hoàn thành 85% khối lượng", "đã hỗ trợ 60% số hộ") stays in the note:
    // without it the phrase says something else ("hoàn thành khối lượng"). One at the clause's end
    // ("…, đạt 80%") is the report's percentage and nothing more.
    if let Some((_, words)) = &percent
        && let (Some(&first), Some(&last)) = (words.iter().min(), words.iter().max())
        && embedded(w, first, last + 1, taken)
        && !days.iter().any(|m| m.words.contains(&(last + 1)))
    {
        for i in words {
            removed.remove(i);
        }
    }
    // "…, đến nay đạt 80%", "hiện đạt 60%", "đã đạt 60%": words that only led to the figure go with it.
    if let Some((_, words)) = &percent
        && let Some(&first) = words.iter().min()
        && removed.contains(&first)
    {
        let mut start = first;
        while let Some(lead) = FIGURE_LEADS.iter().find(|l| {
            let len = l.split(' ').count();
            start >= len
                && phrase_ending_at(w, l, start)
                && (start + 1 - len..=start).all(|k| !super::clause::boundary_before(w, k))
                && (start - len..start).all(|k| !taken.contains(&k))
        }) {
            let len = lead.split(' ').count();
            removed.extend(start - len..start);
            start -= len;
        }
    }
    // "không thể hoàn thành trong năm 2026 do …": the time the work could not be done in, not the day the
    // state held.
    let within = |m: &&when::DayMention| {
        status == Some(Status::Blocked) && m.words.first().is_some_and(|&k| w.text(k) == "trong")
    };
    let held = days.iter().filter(|m| !within(m)).find(|m| m.role == DayRole::Held).cloned();
    let expected = days.iter().find(|m| m.role == DayRole::Expected).cloned();
    // "dự kiến đến 30/12 đạt 100%": a target with its day, not the state reached; the figure stays in the
    // note.
    let said_done = status_found.as_ref().is_some_and(|s| s.0 == Status::Done) && status == Some(Status::Done);
    if expected.is_some() && percent_value == Some(100) && !said_done {
        percent_value = None;
        status = Some(Status::InProgress);
        if let Some((_, words)) = &percent {
            for i in words {
                removed.remove(i);
            }
        }
    }
    let mut without_day = removed.clone();
    if let Some(m) = &held {
        without_day.extend(m.words.iter().copied());
        // "đến 30/10/2026 đã đạt 60%": the "đến" is the day's.
        if let Some(&first) = m.words.first()
            && first > 0
            && w.text(first - 1) == "den"
        {
            without_day.insert(first - 1);
        }
    }
    let note = note(w, &without_day).and_then(|_| note(w, &removed));
    if note.is_some() && status.is_none() {
        status = Some(Status::InProgress);
    }
    ReportParts { percent: percent_value, status, note, held: held.map(|m| m.when), expected: expected.map(|m| m.when) }
}

/// Whether the figure whose words start at `first` sits inside a phrase: said with its verb ("đạt",
/// "được") or after words of the person's own ("đã hỗ trợ 60% …"), and carried on at `next` by a word of
/// the same clause that says more than a status. A bare figure that opens the clause ("III.8 42% biên bản
/// …") is the report's percentage, and what follows is the note.
fn embedded(w: &Words, first: usize, next: usize, taken: &BTreeSet<usize>) -> bool {
    let said_with_verb = !w.text(first).starts_with(|c: char| c.is_ascii_digit() || c == '-');
    let after_words = first > 0 && !taken.contains(&(first - 1)) && !super::clause::boundary_before(w, first);
    (said_with_verb || after_words)
        && next < w.words.len()
        && !taken.contains(&next)
        && !super::clause::boundary_before(w, next)
        && !STATUS_ONLY_WORDS.contains(&w.text(next))
        // "đạt 30% như đã nêu ở III.2": a comparison opens a phrase of its own.
        && w.text(next) != "nhu"
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
    // A dropped token keeps the punctuation that ended it ("đã hoàn thành 100%, dự kiến …" → "đã hoàn
    // thành, dự kiến …"): the clauses stay apart.
    let mut pieces: Vec<String> = Vec::new();
    for t in first..=last {
        let text = w.tokens[t].text.as_str();
        if keep_tokens.contains(&t) || !drop_tokens.contains(&t) {
            pieces.push(text.to_string());
        } else if let (Some(end), Some(prev)) =
            (text.chars().last().filter(|c| matches!(c, ',' | ';')), pieces.last_mut())
            && !prev.ends_with([',', ';', ':', '.'])
        {
            prev.push(end);
        }
    }
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
            ReportParts { percent: Some(100), status: Some(Status::Done), note: None, held: None, expected: None }
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
