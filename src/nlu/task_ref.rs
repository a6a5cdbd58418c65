//! Finding a task reference in what people type: "III.2", "3.2", "III-2", "III 2", "nv III.2",
//! "nhiệm vụ 2 mục III", "mục 3 nhiệm vụ 2".

use std::ops::Range;

use super::words::Words;
use crate::plan::TaskRef;
use crate::plan::task_ref::{MAX_SECTION, parse_roman};

/// What a message says about which task it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefSlot {
    /// A section and a number; whether the plan has that task is for the caller to check.
    Exact(TaskRef),
    /// "nhiệm vụ 2" with no section: the person must be asked which.
    NumberOnly(u16),
}

impl RefSlot {
    pub fn exact(self) -> Option<TaskRef> {
        match self {
            RefSlot::Exact(r) => Some(r),
            RefSlot::NumberOnly(_) => None,
        }
    }
}

/// A reference found in a message, and the words it took (including "nhiệm vụ", "mục", "số").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub slot: RefSlot,
    pub words: Range<usize>,
}

const MAX_NUMBER: u16 = 999;

/// The first task reference in the message.
pub fn find(w: &Words) -> Option<Found> {
    find_from(w, 0)
}

/// Every exact reference in the message, in order, none overlapping: a message may report on several.
pub fn find_all(w: &Words) -> Vec<Found> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = find_from(w, from) {
        if !matches!(found.slot, RefSlot::Exact(_)) {
            break;
        }
        from = found.words.end.max(from + 1);
        out.push(found);
    }
    out
}

/// The first task reference at or after word `from`.
fn find_from(w: &Words, from: usize) -> Option<Found> {
    let mut number_only = None;
    for i in from..w.words.len() {
        let keyword_len = task_word_len(w, i);
        // A reference right after "nhiệm vụ" takes the keyword along with it.
        let start = |at: usize| {
            let back = (1..=2).find(|&k| at >= from + k && task_word_len(w, at - k) == Some(k));
            back.map_or(at, |k| at - k)
        };
        // "III.2", "3.2", "III-2"
        if let Some(r) = joined_ref(w.text(i)) {
            return Some(Found { slot: RefSlot::Exact(r), words: start(i)..i + 1 });
        }
        // "III 2": a Roman numeral written in capitals (or after "nhiệm vụ"), then a number
        let after_keyword = start(i) != i;
        if let Some(section) = roman_section(&w.words[i].cased, w.text(i), after_keyword)
            && let Some(number) = number(w.text(i + 1))
            && let Some(r) = TaskRef::new(section, number)
        {
            return Some(Found { slot: RefSlot::Exact(r), words: start(i)..i + 2 });
        }
        // "mục 3 nhiệm vụ 2", "mục III nv số 2"
        if w.text(i) == "muc"
            && let Some(section) = section_number(w.text(i + 1))
            && let Some(len) = task_word_len(w, i + 2)
            && let Some((number, end)) = number_at(w, i + 2 + len)
        {
            return TaskRef::new(section, number).map(|r| Found { slot: RefSlot::Exact(r), words: i..end });
        }
        // "nhiệm vụ 2 mục III", "nv số 2 thuộc mục 3", or a bare "nhiệm vụ 2"
        if let Some(len) = keyword_len
            && let Some((number, end)) = number_at(w, i + len)
        {
            let mut j = end;
            while matches!(w.text(j), "thuoc" | "cua" | "o" | "trong" | "tai") {
                j += 1;
            }
            if w.text(j) == "muc"
                && let Some(section) = section_number(w.text(j + 1))
            {
                return TaskRef::new(section, number).map(|r| Found { slot: RefSlot::Exact(r), words: i..j + 2 });
            }
            number_only.get_or_insert(Found { slot: RefSlot::NumberOnly(number), words: i..end });
        }
    }
    number_only
}

/// "iii.2", "3.2", "iii-2" (and "iii.0", which the plan will not have).
fn joined_ref(word: &str) -> Option<TaskRef> {
    let (section, number_text) = word.split_once(['.', '-'])?;
    let number = if number_text == "0" { 0 } else { number(number_text)? };
    TaskRef::new(section_number(section)?, number)
}

fn section_number(s: &str) -> Option<u8> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok().filter(|n| (1..=MAX_SECTION).contains(n))
    } else {
        parse_roman(s)
    }
}

fn number(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| (1..=MAX_NUMBER).contains(n))
}

/// A Roman numeral that stands for a section: written in capitals ("III"), or after "nhiệm vụ".
fn roman_section(cased: &str, lower: &str, after_keyword: bool) -> Option<u8> {
    let capitals = !cased.is_empty() && cased.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    if capitals || after_keyword { parse_roman(lower) } else { None }
}

/// How many words the task keyword at `i` takes: "nhiem vu" (also from "nv").
fn task_word_len(w: &Words, i: usize) -> Option<usize> {
    (w.text(i) == "nhiem" && w.text(i + 1) == "vu").then_some(2)
}

/// The number at `i`, allowing "số" before it; returns it and the index after it.
fn number_at(w: &Words, mut i: usize) -> Option<(u16, usize)> {
    if w.text(i) == "so" {
        i += 1;
    }
    number(w.text(i)).map(|n| (n, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::words::analyse;

    fn slot(text: &str) -> Option<RefSlot> {
        find(&analyse(text)).map(|f| f.slot)
    }

    fn exact(text: &str) -> Option<String> {
        slot(text).and_then(RefSlot::exact).map(|r| r.to_string())
    }

    #[test]
    fn every_written_form() {
        for text in [
            "III.2",
            "iii.2",
            "3.2",
            "III-2",
            "III 2",
            "nv III.2",
            "nv iii 2",
            "nhiệm vụ III.2",
            "nhiem vu 3.2",
            "nhiệm vụ 2 mục III",
            "nhiem vu so 2 thuoc muc 3",
            "mục 3 nhiệm vụ 2",
            "muc III nv 2",
            "cập nhật III.2: đạt 80%",
            "xem III.2.",
        ] {
            assert_eq!(exact(text).as_deref(), Some("III.2"), "{text}");
        }
    }

    #[test]
    fn reports_the_words_it_took() {
        let w = analyse("cập nhật nv III.2: xong");
        assert_eq!(find(&w).unwrap().words, 2..5);
        let w = analyse("nhiệm vụ 2 mục III xong");
        assert_eq!(find(&w).unwrap().words, 0..5);
    }

    #[test]
    fn every_reference_of_a_message() {
        let w = analyse("I.1 xong; nv I.2 đạt 60%; II.1 vướng, như đã nêu ở III.2");
        let all: Vec<String> = find_all(&w).iter().filter_map(|f| f.slot.exact()).map(|r| r.to_string()).collect();
        assert_eq!(all, ["I.1", "I.2", "II.1", "III.2"]);
        assert!(find_all(&analyse("nhiệm vụ 2")).is_empty());
    }

    #[test]
    fn a_bare_number_is_ambiguous() {
        assert_eq!(slot("nhiệm vụ 2"), Some(RefSlot::NumberOnly(2)));
        assert_eq!(slot("nv số 5"), Some(RefSlot::NumberOnly(5)));
    }

    #[test]
    fn ordinary_words_are_not_references() {
        for text in ["vì 2 lý do", "đạt 80%", "nhiệm vụ của tôi", "", "XL.1", "III.00", "đã xong 3.5%"] {
            assert_eq!(slot(text), None, "{text}");
        }
    }

    #[test]
    fn out_of_plan_references_are_still_found() {
        assert_eq!(exact("XIV.99").as_deref(), Some("XIV.99"));
        assert_eq!(exact("III.0").as_deref(), Some("III.0"));
    }
}
