//! Finding a task reference in what people type: "III.2", "3.2", "III-2", "III 2", "nv III.2",
//! "nhiệm vụ 2 mục III", "mục 3 nhiệm vụ 2".

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

/// A folded word with its original letter case.
struct Word<'a> {
    lower: &'a str,
    cased: &'a str,
}

const MAX_NUMBER: u16 = 999;

/// The first task reference in `folded` (from [`crate::text::fold`]), using `cased`
/// ([`crate::text::fold_keep_case`] of the same text) to tell "III 2" from ordinary words.
pub fn find(folded: &str, cased: &str) -> Option<RefSlot> {
    let words: Vec<Word> = folded
        .split(' ')
        .zip(cased.split(' '))
        .map(|(lower, cased)| Word {
            lower: lower.trim_end_matches('.'),
            cased: cased.trim_end_matches('.'),
        })
        .filter(|w| !w.lower.is_empty())
        .collect();
    let mut number_only = None;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        // "III.2", "3.2", "III-2"
        if let Some(r) = joined_ref(w.lower) {
            return Some(RefSlot::Exact(r));
        }
        let after_keyword = i > 0 && is_task_word(&words, i - 1);
        // "III 2": a Roman numeral written in capitals (or after "nv"), then a number
        if let Some(section) = roman_section(w, after_keyword)
            && let Some(number) = words.get(i + 1).and_then(|n| number(n.lower))
            && let Some(r) = TaskRef::new(section, number)
        {
            return Some(RefSlot::Exact(r));
        }
        // "mục 3 nhiệm vụ 2", "mục III nv 2"
        if w.lower == "muc"
            && let Some(section) = words.get(i + 1).and_then(|s| section_number(s.lower))
            && let Some(number) = number_after_task_word(&words, i + 2)
        {
            return TaskRef::new(section, number).map(RefSlot::Exact);
        }
        // "nhiệm vụ 2 mục III", "nv số 2 thuộc mục 3", or a bare "nhiệm vụ 2"
        if let Some((number, next)) =
            task_word_len(&words, i).and_then(|len| number_at(&words, i + len))
        {
            let mut j = next;
            while words
                .get(j)
                .is_some_and(|w| matches!(w.lower, "thuoc" | "cua" | "o" | "trong" | "tai"))
            {
                j += 1;
            }
            if words.get(j).is_some_and(|w| w.lower == "muc")
                && let Some(section) = words.get(j + 1).and_then(|s| section_number(s.lower))
            {
                return TaskRef::new(section, number).map(RefSlot::Exact);
            }
            number_only.get_or_insert(number);
        }
        i += 1;
    }
    number_only.map(RefSlot::NumberOnly)
}

/// "iii.2", "3.2", "iii-2".
fn joined_ref(word: &str) -> Option<TaskRef> {
    let (section, number_text) = word.split_once(['.', '-'])?;
    TaskRef::new(section_number(section)?, number(number_text)?)
}

fn section_number(s: &str) -> Option<u8> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
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

/// A Roman numeral that stands for a section: written in capitals ("III"), or after "nv".
fn roman_section(w: &Word, after_keyword: bool) -> Option<u8> {
    let capitals = w.cased.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    if capitals || after_keyword {
        parse_roman(w.lower)
    } else {
        None
    }
}

/// How many words the task keyword at `i` takes: "nv", "nhiemvu", "nhiem vu" (and "viec").
fn task_word_len(words: &[Word], i: usize) -> Option<usize> {
    match words.get(i)?.lower {
        "nv" | "nhiemvu" => Some(1),
        "nhiem" if words.get(i + 1).is_some_and(|w| w.lower == "vu") => Some(2),
        _ => None,
    }
}

fn is_task_word(words: &[Word], i: usize) -> bool {
    task_word_len(words, i) == Some(1) || (i > 0 && task_word_len(words, i - 1) == Some(2))
}

/// The number at `i`, allowing "số" before it; returns it and the index after it.
fn number_at(words: &[Word], mut i: usize) -> Option<(u16, usize)> {
    if words.get(i).is_some_and(|w| w.lower == "so") {
        i += 1;
    }
    number(words.get(i)?.lower).map(|n| (n, i + 1))
}

fn number_after_task_word(words: &[Word], i: usize) -> Option<u16> {
    let len = task_word_len(words, i)?;
    number_at(words, i + len).map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold, fold_keep_case};

    fn slot(text: &str) -> Option<RefSlot> {
        find(&fold(text), &fold_keep_case(text))
    }

    fn exact(text: &str) -> Option<String> {
        match slot(text) {
            Some(RefSlot::Exact(r)) => Some(r.to_string()),
            _ => None,
        }
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
    fn a_bare_number_is_ambiguous() {
        assert_eq!(slot("nhiệm vụ 2"), Some(RefSlot::NumberOnly(2)));
        assert_eq!(slot("nv số 5"), Some(RefSlot::NumberOnly(5)));
    }

    #[test]
    fn ordinary_words_are_not_references() {
        for text in [
            "vì 2 lý do",
            "đạt 80%",
            "nhiệm vụ của tôi",
            "",
            "XL.1",
            "III.0",
            "đã xong 3.5%",
        ] {
            assert_eq!(slot(text), None, "{text}");
        }
    }

    #[test]
    fn out_of_plan_references_are_still_found() {
        assert_eq!(exact("XIV.99").as_deref(), Some("XIV.99"));
    }
}
