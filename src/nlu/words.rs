//! A message cut into words for matching: folded (see [`crate::text::fold`]), with the abbreviations
//! people type expanded, each word remembering the original token it came from so that a note can be
//! returned in the person's own spelling.

use unicode_normalization::UnicodeNormalization;

use crate::text::{fold, fold_keep_case};

/// Messages longer than this are not read further: no question or report is that long.
pub const MAX_CHARS: usize = 4096;

/// A whitespace-separated piece of the original message.
#[derive(Debug, Clone)]
pub struct Token {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Folded and expanded: "nhiem", "vu".
    pub text: String,
    /// Folded with letter case kept, for telling "III" (a section) from "iii".
    pub cased: String,
    /// Index of the token it came from.
    pub token: usize,
}

#[derive(Debug, Clone)]
pub struct Words {
    pub tokens: Vec<Token>,
    pub words: Vec<Word>,
    /// The original text ended with a question mark.
    pub question_mark: bool,
}

/// Words after a number that make it a count of something, not a percentage ("đạt 500 hộ") nor a day
/// ("7/10 xã").
pub const UNITS: &[&str] = &[
    "ho", "nguoi", "lao", "trieu", "ty", "ti", "nghin", "ngan", "xa", "huyen", "lop", "cuoc", "buoi", "lan", "ban",
    "van", "du", "mo", "ke", "hoi", "nam", "thang", "ngay", "tuan", "quy", "dong", "tin", "bai", "chuong", "hop",
    "don", "thon", "phuong",
];

/// Abbreviations and spellings people type, as folded words, with what they stand for.
const EXPANSIONS: &[(&str, &str)] = &[
    ("nv", "nhiem vu"),
    ("nvu", "nhiem vu"),
    ("nhiemvu", "nhiem vu"),
    ("cn", "cap nhat"),
    ("capnhat", "cap nhat"),
    ("cnhat", "cap nhat"),
    ("bc", "bao cao"),
    ("baocao", "bao cao"),
    ("ko", "khong"),
    ("k", "khong"),
    ("kh0ng", "khong"),
    ("hok", "khong"),
    ("hong", "khong"),
    ("khg", "khong"),
    ("kg", "khong"),
    ("dc", "duoc"),
    ("dk", "duoc"),
    ("tp", "thanh pho"),
    ("tp.", "thanh pho"),
    ("tx", "thi xa"),
    ("tx.", "thi xa"),
    ("h.", "huyen"),
    ("tt&tt", "thong tin truyen thong"),
    ("tttt", "thong tin truyen thong"),
    ("kh&dt", "ke hoach dau tu"),
    ("khdt", "ke hoach dau tu"),
    ("ld-tb&xh", "lao dong thuong binh xa hoi"),
    ("ld-tbxh", "lao dong thuong binh xa hoi"),
    ("ldtb&xh", "lao dong thuong binh xa hoi"),
    ("ldtbxh", "lao dong thuong binh xa hoi"),
    ("sldtbxh", "so lao dong thuong binh xa hoi"),
    ("nn&ptnt", "nong nghiep phat trien nong thon"),
    ("nnptnt", "nong nghiep phat trien nong thon"),
    ("nn&mt", "nong nghiep moi truong"),
    ("nnmt", "nong nghiep moi truong"),
    ("snnmt", "so nong nghiep moi truong"),
    ("dt&tg", "dan toc ton giao"),
    ("dttg", "dan toc ton giao"),
    ("tn&mt", "tai nguyen moi truong"),
    ("tnmt", "tai nguyen moi truong"),
    ("gd&dt", "giao duc dao tao"),
    ("gddt", "giao duc dao tao"),
    ("kh&cn", "khoa hoc cong nghe"),
    ("khcn", "khoa hoc cong nghe"),
    ("vhtt&dl", "van hoa the thao du lich"),
    ("vhttdl", "van hoa the thao du lich"),
    ("gtvt", "giao thong van tai"),
    ("bchqs", "bo chi huy quan su"),
    ("bch", "bo chi huy"),
    ("qs", "quan su"),
    ("yte", "y te"),
    ("htx", "hop tac xa"),
    ("lmhtx", "lien minh hop tac xa"),
    ("mttq", "mat tran to quoc"),
    ("ubmttq", "uy ban mat tran to quoc"),
    ("ubmttqvn", "uy ban mat tran to quoc viet nam"),
    ("kt-xh", "kinh te xa hoi"),
    ("ktxh", "kinh te xa hoi"),
    ("xkld", "xuat khau lao dong"),
    ("dtts", "dan toc thieu so"),
    ("cntt", "cong nghe thong tin"),
    ("csdl", "co so du lieu"),
    ("mtqg", "muc tieu quoc gia"),
    ("ctmtqg", "chuong trinh muc tieu quoc gia"),
    ("gnbv", "giam ngheo ben vung"),
    ("vp", "van phong"),
    ("j", "gi"),
    ("ntn", "nhu the nao"),
    ("bn", "bao nhieu"),
    ("r", "roi"),
    ("xog", "xong"),
    ("dag", "dang"),
    ("dg", "dang"),
    ("vs", "voi"),
    ("tks", "cam on"),
    ("thanks", "cam on"),
    ("camon", "cam on"),
    ("hdsd", "huong dan su dung"),
];

/// "ca tinh" is Công an tỉnh, but "ca" alone is "cả".
const PAIR_EXPANSIONS: &[(&str, &str, &str)] = &[("ca", "tinh", "cong an tinh")];

fn expansion(word: &str) -> Option<&'static str> {
    EXPANSIONS.iter().find(|(short, _)| *short == word).map(|(_, long)| *long)
}

/// Words that are only punctuation carry nothing to match.
fn is_punctuation(word: &str) -> bool {
    word.chars().all(|c| matches!(c, '.' | '-' | '/' | '&'))
}

pub fn analyse(text: &str) -> Words {
    let text: String = text.nfc().take(MAX_CHARS).collect();
    let question_mark = text.trim_end().ends_with(['?', '？']);
    let mut tokens = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    for raw in text.split_whitespace() {
        let index = tokens.len();
        tokens.push(Token { text: raw.to_string() });
        let folded = fold(raw);
        let cased = fold_keep_case(raw);
        for (lower, cased) in folded.split(' ').zip(cased.split(' ')) {
            if lower.is_empty() || is_punctuation(lower) {
                continue;
            }
            let key = if expansion(lower).is_some() { lower } else { lower.trim_end_matches('.') };
            if let Some(long) = expansion(key) {
                for part in long.split(' ') {
                    words.push(Word { text: part.to_string(), cased: part.to_string(), token: index });
                }
            } else if !key.is_empty() && !is_punctuation(key) {
                words.push(Word {
                    text: key.to_string(),
                    cased: cased.trim_end_matches('.').to_string(),
                    token: index,
                });
            }
        }
    }
    let mut i = 0;
    while i + 1 < words.len() {
        // Only the letters "ca" stand for Công an: "cả tỉnh" is "the whole province".
        let plain = |w: &Word| tokens[w.token].text.to_lowercase().trim_end_matches(['.', ',']) == w.text;
        if let Some((_, _, long)) =
            PAIR_EXPANSIONS.iter().find(|(a, b, _)| words[i].text == *a && words[i + 1].text == *b && plain(&words[i]))
        {
            let tokens_of = (words[i].token, words[i + 1].token);
            let parts: Vec<&str> = long.split(' ').collect();
            let replacement: Vec<Word> = parts
                .iter()
                .enumerate()
                .map(|(k, p)| Word {
                    text: p.to_string(),
                    cased: p.to_string(),
                    token: if k + 1 == parts.len() { tokens_of.1 } else { tokens_of.0 },
                })
                .collect();
            let n = replacement.len();
            words.splice(i..i + 2, replacement);
            i += n;
        } else {
            i += 1;
        }
    }
    expand_ht(&tokens, &mut words);
    Words { tokens, words, question_mark }
}

/// "ht" is "hoàn thành" in "bc V.3 ht 100%", "đã ht", "ht rồi", "ht." but "hệ thống" in "xây dựng ht csdl": it is
/// read as the status only where nothing but a figure or the clause's end follows, or a word of tense or
/// negation comes before. Left alone, it only ever costs a question, never a wrong "done".
fn expand_ht(tokens: &[Token], words: &mut Vec<Word>) {
    let mut i = 0;
    while i < words.len() {
        let is_status = words[i].text == "ht" && {
            let after = words.get(i + 1).map(|w| w.text.as_str());
            let ends_clause = tokens[words[i].token].text.ends_with([',', ';', '.', ':', '!']);
            let before = i.checked_sub(1).map(|k| words[k].text.as_str());
            after.is_none_or(|a| a == "roi" || a.starts_with(|c: char| c.is_ascii_digit()))
                || ends_clause
                || matches!(before, Some("da" | "chua" | "se" | "khong" | "duoc"))
        };
        if is_status {
            let token = words[i].token;
            let part = |t: &str| Word { text: t.to_string(), cased: t.to_string(), token };
            words.splice(i..=i, [part("hoan"), part("thanh")]);
            i += 2;
        } else {
            i += 1;
        }
    }
}

impl Words {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the word at `i`, folded "chua", was written "chữa" (to cure) or "chứa" (to hold): folding
    /// makes it look like "chưa" (not yet), which it is not. Typed without marks, it stays "chưa".
    pub fn chua_not_negation(&self, i: usize) -> bool {
        self.words
            .get(i)
            .is_some_and(|word| word.text == "chua" && self.tokens[word.token].text.contains(['ữ', 'ứ', 'Ữ', 'Ứ']))
    }

    pub fn text(&self, i: usize) -> &str {
        self.words.get(i).map(|w| w.text.as_str()).unwrap_or("")
    }

    /// Where `phrase` (folded words separated by spaces) starts, searching from `from`.
    pub fn find_from(&self, phrase: &str, from: usize) -> Option<usize> {
        // Called for every phrase of every table on every message: no allocation, and the first byte is
        // compared before the rest.
        let first = *phrase.as_bytes().first()?;
        (from..self.words.len())
            .find(|&i| self.words[i].text.as_bytes().first() == Some(&first) && self.phrase_at(phrase, i))
    }

    /// Whether `phrase` stands at word `at` (a look at one place, where `find_from` scans on): its words,
    /// separated by single spaces, are the words from `at` on.
    pub fn phrase_at(&self, phrase: &str, at: usize) -> bool {
        let mut rest = phrase.as_bytes();
        let mut i = at;
        loop {
            let Some(word) = self.words.get(i) else { return false };
            let word = word.text.as_bytes();
            if !rest.starts_with(word) {
                return false;
            }
            rest = &rest[word.len()..];
            match rest.split_first() {
                None => return true,
                Some((b' ', after)) => rest = after,
                Some(_) => return false,
            }
            i += 1;
        }
    }

    pub fn find(&self, phrase: &str) -> Option<usize> {
        self.find_from(phrase, 0)
    }

    pub fn has(&self, phrase: &str) -> bool {
        self.find(phrase).is_some()
    }

    pub fn has_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.has(p))
    }

    pub fn starts_with(&self, phrase: &str) -> bool {
        self.phrase_at(phrase, 0)
    }

    /// The words from `range`, joined: for queries.
    pub fn joined(&self, range: std::ops::Range<usize>) -> String {
        self.words[range].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        analyse(s).words.into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn expands_what_people_abbreviate() {
        assert_eq!(texts("nv cua toi"), ["nhiem", "vu", "cua", "toi"]);
        assert_eq!(texts("cn III.2 ko dc"), ["cap", "nhat", "iii.2", "khong", "duoc"]);
        assert_eq!(texts("Sở TT&TT"), ["so", "thong", "tin", "truyen", "thong"]);
        assert_eq!(texts("Sở LĐ-TB&XH"), ["so", "lao", "dong", "thuong", "binh", "xa", "hoi"]);
        assert_eq!(texts("CA tỉnh"), ["cong", "an", "tinh"]);
        assert_eq!(texts("cả tỉnh"), ["ca", "tinh"]);
        assert_eq!(texts("cả nước"), ["ca", "nuoc"]);
        assert_eq!(texts("H. Ba Tơ"), ["huyen", "ba", "to"]);
        assert_eq!(texts("TP. Quảng Ngãi"), ["thanh", "pho", "quang", "ngai"]);
    }

    #[test]
    fn remembers_tokens_and_drops_punctuation() {
        let w = analyse("cập nhật III.2: đạt 80% - xong");
        assert_eq!(w.tokens.len(), 7);
        let texts: Vec<_> = w.words.iter().map(|w| (w.text.as_str(), w.token)).collect();
        assert_eq!(texts, [("cap", 0), ("nhat", 1), ("iii.2", 2), ("dat", 3), ("80%", 4), ("xong", 6)]);
        assert_eq!(w.words[2].cased, "III.2");
    }

    #[test]
    fn finds_phrases() {
        let w = analyse("việc nào quá hạn?");
        assert!(w.question_mark);
        assert!(w.has("qua han"));
        assert_eq!(w.find("nao qua"), Some(1));
        assert!(!w.has("han qua"));
    }

    #[test]
    fn caps_long_input() {
        let w = analyse(&"a ".repeat(100_000));
        assert!(w.words.len() <= MAX_CHARS);
    }
}
