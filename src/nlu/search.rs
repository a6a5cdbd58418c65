//! "Tìm nhiệm vụ về hợp tác xã": ranked retrieval over task titles and products.
//!
//! BM25 over folded syllables and syllable pairs (Vietnamese words are mostly two syllables, so pairs
//! carry the meaning: "hợp tác", "tác xã"), with a small table of synonyms people use for the same thing.
//! The index is built once per plan.

use std::collections::HashMap;

use super::words::analyse;
use crate::plan::Plan;

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A pair of syllables says more than either alone.
const PAIR_WEIGHT: f32 = 1.5;
/// A term reached through a synonym counts less than the word the person typed.
const SYNONYM_WEIGHT: f32 = 0.6;
/// Hits scoring below this share of the best one are noise.
const RELATIVE_CUTOFF: f32 = 0.3;

const STOPWORDS: &[&str] = &[
    "cac", "va", "cua", "cho", "trong", "ve", "voi", "nhung", "de", "o", "tai", "theo", "nham", "la", "co", "duoc",
    "the", "nhu", "mot", "nhieu", "tu", "den", "tren", "khac", "nay", "do", "cung", "hay", "hoac", "nhat", "doi",
];

/// Groups of phrases (folded) that mean the same thing in poverty-reduction and public-administration
/// plans.
const SYNONYMS: &[&[&str]] = &[
    &["xuat khau lao dong", "dua nguoi lao dong di lam viec o nuoc ngoai", "lao dong nuoc ngoai"],
    &["viec lam", "tao viec lam", "gioi thieu viec lam", "ho tro viec lam"],
    &["hop tac xa", "to hop tac", "kinh te tap the"],
    &["dan toc thieu so", "dong bao dan toc", "mien nui"],
    &["doanh nghiep nho va vua", "doanh nghiep"],
    &["y te", "kham chua benh", "bao hiem y te", "suc khoe"],
    &["giao duc", "truong hoc", "hoc sinh", "giao duc nghe nghiep", "hoc nghe", "dao tao nghe"],
    &["nha o", "xay nha", "nha cho ho ngheo"],
    &["nuoc sinh hoat", "nuoc sach"],
    &["tuyen truyen", "truyen thong", "bao chi"],
    &["thi dua", "khen thuong", "phong trao"],
    &["co so du lieu", "du lieu", "phan mem", "cong nghe thong tin", "chuyen doi so"],
    &["kiem tra", "giam sat", "thanh tra"],
    &["quoc phong", "an ninh", "quan su", "cong an"],
    &["nguon luc", "von", "kinh phi", "ngan sach", "dau tu"],
    &["ha tang", "ket cau ha tang", "co so ha tang"],
    &["dat san xuat", "dat o", "dat dai"],
    &["sinh ke", "thu nhap", "phat trien san xuat"],
    &["chuong trinh muc tieu quoc gia", "muc tieu quoc gia"],
    &["thi truong lao dong", "cung cau lao dong", "ket noi viec lam"],
    &["phap luat", "van ban phap luat", "quy dinh"],
    &["nong thon", "vung nong thon", "nong nghiep"],
];

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into the plan's tasks.
    pub task: usize,
    pub score: f32,
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    /// term → (document, weighted term frequency)
    postings: HashMap<String, Vec<(usize, f32)>>,
    lengths: Vec<f32>,
    average_length: f32,
    synonyms: Vec<Vec<Vec<String>>>,
}

/// Content syllables of a text, folded.
fn content_words(text: &str) -> Vec<String> {
    analyse(text).words.into_iter().map(|w| w.text).filter(|w| !STOPWORDS.contains(&w.as_str())).collect()
}

/// Syllables and syllable pairs, with their weights.
fn terms(words: &[String]) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = words.iter().map(|w| (w.clone(), 1.0)).collect();
    out.extend(words.windows(2).map(|p| (format!("{} {}", p[0], p[1]), PAIR_WEIGHT)));
    out
}

impl SearchIndex {
    pub fn new(plan: &Plan) -> Self {
        let mut index = SearchIndex::default();
        for (doc, task) in plan.tasks.iter().enumerate() {
            let section = plan.section(&task.reference.section_id()).map(|s| s.title.as_str()).unwrap_or("");
            let mut frequencies: HashMap<String, f32> = HashMap::new();
            let mut length = 0.0;
            for (text, field_weight) in [(task.title.as_str(), 1.0), (task.product.as_str(), 0.6), (section, 0.3)] {
                for (term, weight) in terms(&content_words(text)) {
                    *frequencies.entry(term).or_default() += weight * field_weight;
                    length += field_weight;
                }
            }
            for (term, tf) in frequencies {
                index.postings.entry(term).or_default().push((doc, tf));
            }
            index.lengths.push(length);
        }
        let n = index.lengths.len().max(1) as f32;
        index.average_length = index.lengths.iter().sum::<f32>() / n;
        index.synonyms = SYNONYMS
            .iter()
            .map(|group| group.iter().map(|p| p.split(' ').map(str::to_string).collect()).collect())
            .collect();
        index
    }

    /// Query terms with their weights: the person's words, then their synonyms.
    fn query_terms(&self, words: &[String]) -> HashMap<String, f32> {
        let mut out: HashMap<String, f32> = HashMap::new();
        for (term, weight) in terms(words) {
            out.entry(term).or_insert(weight);
        }
        for group in &self.synonyms {
            let mentioned = group.iter().any(|phrase| words.windows(phrase.len()).any(|w| w == phrase.as_slice()));
            if !mentioned {
                continue;
            }
            for phrase in group {
                let content: Vec<String> =
                    phrase.iter().filter(|w| !STOPWORDS.contains(&w.as_str())).cloned().collect();
                for (term, weight) in terms(&content) {
                    out.entry(term).or_insert(weight * SYNONYM_WEIGHT);
                }
            }
        }
        out
    }

    /// The tasks best matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let words = content_words(query);
        if words.is_empty() {
            return Vec::new();
        }
        let n = self.lengths.len() as f32;
        let mut scores: HashMap<usize, f32> = HashMap::new();
        for (term, query_weight) in self.query_terms(&words) {
            let Some(postings) = self.postings.get(&term) else {
                continue;
            };
            let df = postings.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(doc, tf) in postings {
                let norm = 1.0 - B + B * self.lengths[doc] / self.average_length.max(1.0);
                *scores.entry(doc).or_default() += query_weight * idf * tf * (K1 + 1.0) / (tf + K1 * norm);
            }
        }
        let mut hits: Vec<Hit> = scores.into_iter().map(|(task, score)| Hit { task, score }).collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.task.cmp(&b.task)));
        let best = hits.first().map_or(0.0, |h| h.score);
        hits.retain(|h| h.score >= best * RELATIVE_CUTOFF);
        hits.truncate(limit);
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::seed;

    fn top(query: &str) -> Vec<String> {
        let bundle = seed::bundled().unwrap();
        let index = SearchIndex::new(&bundle.plan);
        index.search(query, 5).into_iter().map(|h| bundle.plan.tasks[h.task].reference.to_string()).collect()
    }

    #[test]
    fn finds_the_task_about_a_topic_first() {
        assert_eq!(top("dịch vụ y tế").first().map(String::as_str), Some("III.8"));
        assert_eq!(top("hop tac xa").first().map(String::as_str), Some("III.9"));
        assert_eq!(top("HTX").first().map(String::as_str), Some("III.9"));
        assert_eq!(top("xuất khẩu lao động").first().map(String::as_str), Some("III.6"));
        assert_eq!(top("cơ sở dữ liệu").first().map(String::as_str), Some("V.2"));
        assert_eq!(top("quốc phòng an ninh").first().map(String::as_str), Some("III.5"));
    }

    #[test]
    fn nothing_for_nothing() {
        assert!(top("").is_empty());
        assert!(top("của và các").is_empty());
        assert!(top("zzzz qqqq").is_empty());
    }
}
