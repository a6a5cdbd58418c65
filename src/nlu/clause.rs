//! A progress message cut into the reports it makes: "I.1 xong; I.2 đạt 60%; II.1 vướng kinh phí" is three.
//!
//! A report starts at a task reference that opens a clause (the message's first, or one after ";", ",",
//! "." or a dash, or after the name of the agency that sends it: "…; Sở Xây dựng: III.8 đạt 50%") and
//! says something of its own (a percentage, a status, a result). It runs to the next such reference. A
//! reference inside a sentence ("như đã nêu ở III.2") is a mention, part of the note; a percentage belongs
//! to the clause it stands in.

use std::collections::BTreeSet;
use std::ops::Range;

use super::agency::AgencyMatcher;
use super::report::{self, ReportParts};
use super::task_ref::{self, Found};
use super::words::Words;

/// One report of a message, and who sends it where the message names a sender for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub reference: Option<Found>,
    pub parts: ReportParts,
    /// The agency named as the report's sender ("Sở Xây dựng: III.8 …"), if any.
    pub sender: Option<String>,
    /// The words the report was read from (its reference and sender excluded).
    pub words: Range<usize>,
}

/// Whether a clause could start at word `i`: the start of the message, or after punctuation that ends one.
pub fn boundary_before(w: &Words, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let Some(word) = w.words.get(i) else { return false };
    let (prev, cur) = (w.words[i - 1].token, word.token);
    if prev == cur {
        return false;
    }
    let ends_clause = w.tokens[prev].text.trim_end().ends_with([';', ',', '.', ':']);
    let dash_between = (prev + 1..cur).any(|t| w.tokens[t].text.chars().all(|c| !c.is_alphanumeric()));
    ends_clause || dash_between || w.text(i - 1) == "va"
}

/// The reports a message makes, from word `start` (after its command): the first at `first`, then every
/// reference that opens a clause of its own.
pub fn split(w: &Words, agencies: &AgencyMatcher, first: Option<&Found>, taken: &BTreeSet<usize>) -> Vec<Clause> {
    let Some(first) = first else {
        let parts = report::read(w, taken);
        return vec![Clause { reference: None, parts, sender: None, words: 0..w.words.len() }];
    };
    // Heads: (reference, where its clause begins — its sender's name, if named).
    // Heads: (reference, where its clause begins, its sender, the words that named a sender after it).
    let mut heads: Vec<(Found, usize, Option<String>, std::ops::Range<usize>)> =
        vec![(first.clone(), first.words.start, None, 0..0)];
    let later: Vec<Found> = task_ref::find_all(w).into_iter().filter(|f| f.words.start >= first.words.end).collect();
    if later.is_empty() {
        let mut outside = taken.clone();
        outside.extend(0..first.words.end);
        let parts = report::read(w, &outside);
        return vec![Clause {
            reference: Some(first.clone()),
            parts,
            sender: None,
            words: first.words.end..w.words.len(),
        }];
    }
    for (k, found) in later.iter().enumerate() {
        let found = found.clone();
        let start = found.words.start;
        let sender = (start.saturating_sub(8)..start)
            .filter(|s| boundary_before(w, *s) && !taken.contains(s))
            .find_map(|s| agencies.find_at(w, s).filter(|m| m.words.end == start));
        // "…; còn III.1 thì Sở Tư pháp báo cáo đạt 100%": "còn" after a boundary opens the clause too,
        // and a sender may be named after the reference it reports ("thì/do <cơ quan> báo cáo").
        let after_con = start >= 1 && w.text(start - 1) == "con" && boundary_before(w, start - 1);
        let opens = sender.is_some() || boundary_before(w, start) || after_con;
        let named_after = {
            let at = found.words.end + usize::from(matches!(w.text(found.words.end), "thi" | "do"));
            agencies.find_at(w, at).filter(|m| w.phrase_at("bao cao", m.words.end))
        };
        let next = later.get(k + 1).map_or(w.words.len(), |f| f.words.start);
        // "III.2, III.3 và III.4: đạt 50%": III.3 says nothing itself, but lists the next reference.
        let lists_next = k + 1 < later.len() && (found.words.end..next).all(|i| joins_a_list(w.text(i)));
        if !opens || !(lists_next || says_something(w, &found, next, taken)) {
            continue;
        }
        let begins = sender.as_ref().map_or(if after_con { start - 1 } else { start }, |m| m.words.start);
        let named_words = named_after.as_ref().map_or(0..0, |m| found.words.end..m.words.end + 2);
        heads.push((found, begins, sender.or(named_after).map(|m| m.code), named_words));
    }
    let ends: Vec<usize> = heads.iter().skip(1).map(|h| h.1).chain(std::iter::once(w.words.len())).collect();
    let mut clauses: Vec<Clause> = heads
        .into_iter()
        .zip(ends)
        .map(|((found, begins, sender, named_words), end)| {
            // Everything outside the clause is someone else's; the reference and sender are not the note.
            let mut outside: BTreeSet<usize> = taken.clone();
            outside.extend((0..begins).chain(end..w.words.len()));
            outside.extend(begins..found.words.end);
            outside.extend(named_words);
            let parts = report::read(w, &outside);
            Clause { reference: Some(found.clone()), parts, sender, words: found.words.end..end }
        })
        .collect();
    // "III.2 và III.3 đã hoàn thành", "III.2, III.3: đạt 50%": references listed before one statement share
    // it. Read alone, the first would say nothing, or "và" as its note.
    for k in (0..clauses.len().saturating_sub(1)).rev() {
        let listed = clauses[k].words.clone().all(|i| joins_a_list(w.text(i)));
        if listed {
            clauses[k].parts = clauses[k + 1].parts.clone();
        }
    }
    clauses
}

/// Words that join references into a list: "III.2 và III.3", "III.2 cùng với III.3".
const LIST_JOINERS: &[&str] = &["va", "cung", "voi", "&", "+"];

/// Whether a word only joins references into a list (commas are gone by then).
pub fn joins_a_list(word: &str) -> bool {
    LIST_JOINERS.contains(&word)
}

/// Whether the words after a reference, up to the next one (`end`), report something: a percentage or a
/// status word, or a result ("mở được 4 lớp", "đã tư vấn cho 350 lao động").
fn says_something(w: &Words, found: &Found, end: usize, taken: &BTreeSet<usize>) -> bool {
    let outside: BTreeSet<usize> = taken.iter().copied().chain(0..found.words.end).chain(end..w.words.len()).collect();
    report::says_progress(w, &outside) || reports_a_result(w, found.words.end, end)
}

/// Words that open a question about a task, not a report on it: "III.6 là gì", "III.6 do ai chủ trì".
const ASKING: &[&str] = &["la", "do", "gom", "thuoc", "co", "cua", "giao", "ai", "nao", "the", "bao", "chu", "phoi"];

/// Units of time: "III.2 năm 2022" names a period, not a result.
const TIME_UNITS: &[&str] = &["nam", "thang", "ngay", "quy", "tuan", "gio"];

/// Whether the words `from..end` report a result without a status word: something done ("đã …", "… được
/// …") or counted ("24 chuyên mục").
pub fn reports_a_result(w: &Words, from: usize, end: usize) -> bool {
    if end <= from + 1 || ASKING.contains(&w.text(from)) {
        return false;
    }
    (from..end).any(|i| {
        let text = w.text(i);
        let done = text == "da" && i + 1 < end;
        let achieved = text == "duoc" && i > from;
        let counted = text.bytes().all(|b| b.is_ascii_digit())
            && i + 1 < end
            && !TIME_UNITS.contains(&w.text(i + 1))
            && !w.text(i + 1).ends_with('%');
        done || achieved || counted
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::words::analyse;
    use crate::plan::seed;

    /// (reference, percent, status, sender) of each clause.
    type Read = (String, Option<i64>, Option<crate::progress::Status>, Option<String>);

    fn clauses(text: &str) -> Vec<Read> {
        let bundle = seed::bundled().unwrap();
        let agencies = AgencyMatcher::new(&bundle.catalog, "2026-11-28".parse().unwrap());
        let w = analyse(text);
        let first = task_ref::find(&w);
        split(&w, &agencies, first.as_ref(), &BTreeSet::new())
            .into_iter()
            .map(|c| {
                let r = c.reference.and_then(|f| f.slot.exact()).map(|r| r.to_string()).unwrap_or_default();
                (r, c.parts.percent, c.parts.status, c.sender)
            })
            .collect()
    }

    #[test]
    fn one_report_per_clause_with_its_own_figures() {
        use crate::progress::Status::*;
        assert_eq!(
            clauses("I.1 xong; I.2 đạt 60%; II.1 vướng kinh phí"),
            [
                ("I.1".into(), Some(100), Some(Done), None),
                ("I.2".into(), Some(60), Some(InProgress), None),
                ("II.1".into(), None, Some(Blocked), None)
            ]
        );
        assert_eq!(clauses("III.4 đạt 30% như đã nêu ở III.2").len(), 1, "a mention is not a report");
        let named = clauses("III.8: đạt 40%; Sở Xây dựng: III.8 đạt 50%");
        assert_eq!(named[1], ("III.8".into(), Some(50), Some(InProgress), Some("sxd".into())));
    }

    #[test]
    fn references_listed_before_one_statement_share_it() {
        use crate::progress::Status::*;
        let both_done = [("III.2".into(), Some(100), Some(Done), None), ("III.3".into(), Some(100), Some(Done), None)];
        assert_eq!(clauses("III.2 và III.3 đã hoàn thành"), both_done);
        assert_eq!(clauses("III.2, III.3 xong"), both_done);
        let half = clauses("III.2, III.3 và III.4: đạt 50%");
        assert_eq!(half.len(), 3);
        assert!(half.iter().all(|c| c.1 == Some(50) && c.2 == Some(InProgress)), "{half:?}");
        // A clause of its own keeps its own figures.
        assert_eq!(clauses("I.1 xong; I.2 đạt 60%")[0], ("I.1".into(), Some(100), Some(Done), None));
    }

    #[test]
    fn results_without_a_status_word() {
        for (text, result) in [
            ("IV.1: mở được 4 lớp dạy nghề", true),
            ("III.6 đã tư vấn cho 350 lao động", true),
            ("I.5 phát sóng 24 chuyên mục", true),
            ("III.6 là gì", false),
            ("III.2 năm 2022", false),
            ("III.2", false),
        ] {
            let w = analyse(text);
            assert_eq!(reports_a_result(&w, 1, w.words.len()), result, "{text}");
        }
    }
}
