//! Finding an agency in a message by any name people use for it: the official name, the short name,
//! the abbreviations in the catalog — with or without diacritics, and forgiving a typo.

use std::collections::HashMap;
use std::ops::Range;

use super::words::{Words, analyse};
use crate::plan::Catalog;

/// One way of naming an agency, as folded words.
#[derive(Debug)]
struct Name {
    words: Vec<String>,
    code: String,
}

#[derive(Debug, Default)]
pub struct AgencyMatcher {
    /// Names by their first word, for exact look-up.
    by_first: HashMap<String, Vec<usize>>,
    names: Vec<Name>,
    codes: HashMap<String, String>,
}

/// Words that do not tell agencies apart ("Sở Lao động – Thương binh và Xã hội" = "… Thương binh Xã hội").
const FILLER: &[&str] = &["va"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyMatch {
    pub code: String,
    /// The message words that named it.
    pub words: Range<usize>,
}

impl AgencyMatcher {
    pub fn new(catalog: &Catalog) -> Self {
        let mut matcher = Self::default();
        for agency in catalog.agencies() {
            matcher.codes.insert(agency.code.clone(), agency.code.clone());
            let mut names: Vec<String> = vec![agency.name.clone()];
            names.extend(agency.short.clone());
            names.extend(agency.aliases.iter().cloned());
            for name in names {
                let words: Vec<String> = significant(&analyse(&name)).into_iter().map(|(_, w)| w).collect();
                matcher.add(words.clone(), &agency.code);
                // "UBND huyện Ba Tơ" is also "huyện Ba Tơ"; "Ban Dân tộc tỉnh" also "Ban Dân tộc".
                if words.first().is_some_and(|w| w == "ubnd") && words.len() > 2 {
                    matcher.add(words[1..].to_vec(), &agency.code);
                }
                if words.last().is_some_and(|w| w == "tinh") && words.len() > 2 {
                    matcher.add(words[..words.len() - 1].to_vec(), &agency.code);
                }
            }
        }
        matcher
    }

    fn add(&mut self, words: Vec<String>, code: &str) {
        if words.is_empty() || self.names.iter().any(|n| n.words == words && n.code == code) {
            return;
        }
        self.by_first.entry(words[0].clone()).or_default().push(self.names.len());
        self.names.push(Name { words, code: code.to_string() });
    }

    /// An agency code typed as such ("syt"), for command arguments.
    pub fn by_code(&self, word: &str) -> Option<&str> {
        self.codes.get(word).map(String::as_str)
    }

    /// The agency the message names, the longest name first; a near miss (one typo in a word of four
    /// letters or more) only when nothing matches exactly.
    pub fn find(&self, w: &Words) -> Option<AgencyMatch> {
        let sig = significant(w);
        let mut best: Option<(usize, usize, usize)> = None; // (length, start, name)
        for start in 0..sig.len() {
            for &n in self.by_first.get(&sig[start].1).into_iter().flatten() {
                let name = &self.names[n].words;
                let fits = name.len() <= sig.len() - start && name.iter().zip(&sig[start..]).all(|(a, (_, b))| a == b);
                if fits && best.is_none_or(|b| name.len() > b.0) {
                    best = Some((name.len(), start, n));
                }
            }
        }
        if best.is_none() {
            best = self.near_miss(&sig);
        }
        let (len, start, n) = best?;
        let words = sig[start].0..sig[start + len - 1].0 + 1;
        Some(AgencyMatch { code: self.names[n].code.clone(), words })
    }

    /// Names of three words or more that match but for one typo. The first word must be right ("sở",
    /// "huyện", "ban"): it keeps the look-up to a few names, and one- and two-word names ("Ba Tơ") are
    /// too short to guess at.
    fn near_miss(&self, sig: &[(usize, String)]) -> Option<(usize, usize, usize)> {
        let mut best: Option<(usize, usize, usize)> = None;
        for start in 0..sig.len() {
            for &n in self.by_first.get(&sig[start].1).into_iter().flatten() {
                let name = &self.names[n].words;
                if name.len() < 3 || name.len() > sig.len() - start {
                    continue;
                }
                let mut typos = 0;
                let fits = name.iter().zip(&sig[start..]).all(|(a, (_, b))| {
                    if a == b {
                        return true;
                    }
                    typos += 1;
                    a.len().max(b.len()) >= 3 && strsim::damerau_levenshtein(a, b) <= 1
                });
                if fits && typos <= 1 && best.is_none_or(|b| name.len() > b.0) {
                    best = Some((name.len(), start, n));
                }
            }
        }
        best
    }
}

/// The words that tell agencies apart, with their positions in the message.
fn significant(w: &Words) -> Vec<(usize, String)> {
    w.words
        .iter()
        .enumerate()
        .filter(|(_, word)| !FILLER.contains(&word.text.as_str()))
        .map(|(i, word)| (i, word.text.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::seed;

    fn code(text: &str) -> Option<String> {
        let bundle = seed::bundled().unwrap();
        AgencyMatcher::new(&bundle.catalog).find(&analyse(text)).map(|m| m.code)
    }

    #[test]
    fn names_abbreviations_and_no_diacritics() {
        for (text, expected) in [
            ("nhiệm vụ của Sở Y tế", "syt"),
            ("so y te", "syt"),
            ("Sở TT&TT", "stttt"),
            ("so tttt lam gi", "stttt"),
            ("huyện Lý Sơn", "lyson"),
            ("TX Đức Phổ", "tx-ducpho"),
            ("sở nông nghiệp", "snnptnt"),
            ("Sở NN&PTNT", "snnptnt"),
            ("Sở LĐ-TB&XH", "sldtbxh"),
            ("so lao dong thuong binh va xa hoi", "sldtbxh"),
            ("ldtbxh", "sldtbxh"),
            ("CA tỉnh", "cat"),
            ("BCH QS tỉnh", "bchqs"),
            ("bch qs", "bchqs"),
            ("UBND huyện Ba Tơ", "bato"),
            ("Ủy ban MTTQ tỉnh", "mttq"),
            ("Ban Dân tộc", "bdt"),
            ("sở kế hoạch và đầu tư", "skhdt"),
            ("Sở KH&ĐT", "skhdt"),
        ] {
            assert_eq!(code(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn forgives_a_typo_in_a_long_name() {
        assert_eq!(code("so giao duc dao taoo").as_deref(), Some("sgddt"));
        assert_eq!(code("sở thông tinn và truyền thông").as_deref(), Some("stttt"));
    }

    #[test]
    fn ordinary_text_names_no_agency() {
        for text in ["nhiệm vụ của tôi", "cả tỉnh", "việc nào quá hạn", "cảm ơn"] {
            assert_eq!(code(text), None, "{text}");
        }
    }
}
