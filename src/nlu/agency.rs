//! Finding an agency in a message by any name people use for it: the official name, the short name,
//! the abbreviations in the catalog — with or without diacritics, and forgiving a typo.
//!
//! Names outlive agencies: "Sở LĐTBXH" is still typed after it ended, and "Sở Nông nghiệp" named Sở
//! NN&PTNT until 2025 and Sở Nông nghiệp và Môi trường since. A matcher is built for one day; where the
//! same words name several agencies, the one that bore the name on that day wins, then one that exists,
//! then one that ended.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::words::{Words, analyse};
use crate::plan::Catalog;

/// One way of naming an agency, as folded words.
#[derive(Debug)]
struct Name {
    words: Vec<String>,
    code: String,
    /// 0: the agency bore this name on the matcher's day; 1: it exists but bore the name at another
    /// time; 2: it had ended. Lower wins a tie.
    rank: u8,
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
    /// The names of the agencies set up by `day`, ranked for that day.
    pub fn new(catalog: &Catalog, day: NaiveDate) -> Self {
        let mut matcher = Self::default();
        for agency in catalog.agencies().iter().filter(|a| a.started_by(day)) {
            matcher.codes.insert(agency.code.clone(), agency.code.clone());
            // A former name was borne up to its `until`; the present one after the last of them.
            let renamed = agency.former.last().map(|f| f.until);
            for (until, name) in agency.names() {
                let borne = match until {
                    Some(u) => day <= u && agency.former.iter().filter(|f| f.until < u).all(|f| day > f.until),
                    None => renamed.is_none_or(|r| day > r),
                };
                let rank = if !agency.exists_on(day) {
                    2
                } else if borne {
                    0
                } else {
                    1
                };
                let words: Vec<String> = significant(&analyse(name)).into_iter().map(|(_, w)| w).collect();
                matcher.add(words.clone(), &agency.code, rank);
                // "Sở GD&ĐT" is also written "Sở GD và ĐT": the letters on each side of "&" as words.
                if name.contains('&') {
                    let spelt = name.replace('&', " ");
                    let words: Vec<String> = significant(&analyse(&spelt)).into_iter().map(|(_, w)| w).collect();
                    matcher.add(words, &agency.code, rank);
                }
                // "UBND huyện Ba Tơ" is also "huyện Ba Tơ"; "Ban Dân tộc tỉnh" also "Ban Dân tộc".
                if words.first().is_some_and(|w| w == "ubnd") && words.len() > 2 {
                    matcher.add(words[1..].to_vec(), &agency.code, rank);
                }
                if words.last().is_some_and(|w| w == "tinh") && words.len() > 2 {
                    matcher.add(words[..words.len() - 1].to_vec(), &agency.code, rank);
                }
            }
        }
        matcher
    }

    fn add(&mut self, words: Vec<String>, code: &str, rank: u8) {
        if words.is_empty() {
            return;
        }
        if let Some(known) = self.names.iter_mut().find(|n| n.words == words && n.code == code) {
            known.rank = known.rank.min(rank);
            return;
        }
        self.by_first.entry(words[0].clone()).or_default().push(self.names.len());
        self.names.push(Name { words, code: code.to_string(), rank });
    }

    /// Whether name `n` beats the best so far: longer, or as long and better ranked.
    fn beats(&self, n: usize, len: usize, best: Option<(usize, usize, usize)>) -> bool {
        best.is_none_or(|(blen, _, bn)| len > blen || (len == blen && self.names[n].rank < self.names[bn].rank))
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
                if fits && self.beats(n, name.len(), best) {
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

    /// The agency whose name starts exactly at word `start`, the longest name first.
    pub fn find_at(&self, w: &Words, start: usize) -> Option<AgencyMatch> {
        let sig = significant(w);
        let p = sig.iter().position(|(i, _)| *i == start)?;
        let mut best: Option<(usize, usize, usize)> = None;
        for &n in self.by_first.get(&sig[p].1).into_iter().flatten() {
            let name = &self.names[n].words;
            let fits = name.len() <= sig.len() - p && name.iter().zip(&sig[p..]).all(|(a, (_, b))| a == b);
            if fits && self.beats(n, name.len(), best) {
                best = Some((name.len(), p, n));
            }
        }
        let (len, p, n) = best?;
        Some(AgencyMatch { code: self.names[n].code.clone(), words: sig[p].0..sig[p + len - 1].0 + 1 })
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
                if fits && typos <= 1 && self.beats(n, name.len(), best) {
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
        code_on(text, "2022-06-01")
    }

    fn code_on(text: &str, day: &str) -> Option<String> {
        let bundle = seed::bundled().unwrap();
        AgencyMatcher::new(&bundle.catalog, day.parse().unwrap()).find(&analyse(text)).map(|m| m.code)
    }

    #[test]
    fn a_name_means_the_agency_that_bore_it_on_the_day() {
        assert_eq!(code_on("Sở Nông nghiệp", "2024-05-01").as_deref(), Some("snnptnt"));
        assert_eq!(code_on("Sở Nông nghiệp", "2026-11-28").as_deref(), Some("snnmt"));
        assert_eq!(code_on("so nn&mt", "2026-11-28").as_deref(), Some("snnmt"));
        // Old names are still understood, as the agency that bore them.
        assert_eq!(code_on("Sở LĐTBXH", "2026-11-28").as_deref(), Some("sldtbxh"));
        assert_eq!(code_on("huyện Sơn Tịnh", "2026-11-28").as_deref(), Some("sontinh"));
        assert_eq!(code_on("Sơn Tịnh", "2024-01-01").as_deref(), Some("sontinh"));
        assert_eq!(code_on("Sơn Tịnh", "2026-11-28").as_deref(), Some("xa-son-tinh"));
        assert_eq!(code_on("UBND xã Ba Tô", "2026-11-28").as_deref(), Some("xa-ba-to-21523"));
        assert_eq!(code_on("Sở Dân tộc và Tôn giáo", "2026-11-28").as_deref(), Some("sdttg"));
        // Agencies not yet set up are not found.
        assert_ne!(code_on("Sở NN&MT", "2024-05-01").as_deref(), Some("snnmt"));
        assert_eq!(code_on("Sở Dân tộc và Tôn giáo", "2024-05-01"), None);
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
