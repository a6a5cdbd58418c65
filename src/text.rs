//! Text folding shared by everything that matches what people type.
//!
//! Focal points write on phones, often without diacritics ("nhiem vu cua toi") and with ad-hoc
//! punctuation. Matching therefore happens on a folded form: NFC, lower case, diacritics removed
//! (đ → d), typographic quotes and dashes made plain, other punctuation and control characters turned
//! into spaces, whitespace collapsed. The characters that carry meaning in references and amounts
//! (`.`, `-`, `/`, `&`, `%`) are kept.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case with diacritics removed, punctuation folded, whitespace collapsed.
pub fn fold(text: &str) -> String {
    fold_with(text, true)
}

/// As [`fold`], keeping letter case: "III 2" is a reference where "iii 2" may not be. Words line up one
/// to one with those of [`fold`].
pub fn fold_keep_case(text: &str) -> String {
    fold_with(text, false)
}

fn fold_with(text: &str, lower: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' => 'd',
            'Đ' => 'D',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        };
        if c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '&' | '%') {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if lower {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// The text with its first letter in upper case: a label at the start of a line.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Shortens `text` to at most `max` characters at a word boundary, ending with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ', '-', '–']))
}

/// The text without its mentions of `@name`, whatever their case ("@PhoiHop_bot", "@phoihop_bot"), or
/// `None` when it does not mention the name. A longer name that begins the same ("@phoihop_bot2") is not
/// a mention of this one.
pub fn without_mention(text: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let mention: Vec<char> = std::iter::once('@').chain(name.chars()).flat_map(char::to_lowercase).collect();
    let mut kept = String::with_capacity(text.len());
    let mut found = false;
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        kept.push_str(&rest[..at]);
        let tail = &rest[at..];
        match mention_len(tail, &mention) {
            Some(len) => {
                found = true;
                rest = &tail[len..];
                // "a @bot b" leaves one space, not two; line breaks stay.
                if kept.is_empty() || kept.ends_with(' ') {
                    rest = rest.strip_prefix(' ').unwrap_or(rest);
                }
            }
            None => {
                kept.push('@');
                rest = &tail[1..];
            }
        }
    }
    kept.push_str(rest);
    found.then(|| kept.trim().to_string())
}

/// The length in bytes of the mention (lower-cased `mention`) that `text` begins with, if it does.
fn mention_len(text: &str, mention: &[char]) -> Option<usize> {
    let mut wanted = mention.iter();
    let mut end = 0;
    let mut pending: Vec<char> = Vec::new();
    for (i, c) in text.char_indices() {
        if wanted.len() == 0 && pending.is_empty() {
            break;
        }
        pending.extend(c.to_lowercase());
        for lower in pending.drain(..) {
            if wanted.next() != Some(&lower) {
                return None;
            }
        }
        end = i + c.len_utf8();
    }
    if wanted.len() > 0 {
        return None;
    }
    let next = text[end..].chars().next();
    (!next.is_some_and(|c| c.is_alphanumeric() || c == '_')).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_taken_out_whatever_their_case() {
        for (text, left) in [
            ("@PhoiHop_bot nhiệm vụ của tôi", "nhiệm vụ của tôi"),
            ("cập nhật III.2 @phoihop_bot xong", "cập nhật III.2 xong"),
            ("@PHOIHOP_BOT, việc nào quá hạn?", ", việc nào quá hạn?"),
            ("/nhiemvu@PhoiHop_Bot III.2", "/nhiemvu III.2"),
            ("@phoihop_bot\ncập nhật I.1 xong\ncập nhật I.2 đạt 50%", "cập nhật I.1 xong\ncập nhật I.2 đạt 50%"),
        ] {
            assert_eq!(without_mention(text, "phoihop_bot").as_deref(), Some(left), "{text}");
        }
        assert_eq!(without_mention("@Phối_Hợp xin chào", "phối_hợp").as_deref(), Some("xin chào"));
        assert_eq!(without_mention("hỏi @phoihop_bot2 đi", "phoihop_bot"), None);
        assert_eq!(without_mention("gửi a@b.vn", "phoihop_bot"), None);
        assert_eq!(without_mention("@phoihop", "phoihop_bot"), None);
        assert_eq!(without_mention("chào", ""), None);
    }

    #[test]
    fn folds_diacritics_and_case() {
        assert_eq!(fold("Nhiệm vụ của TÔI"), "nhiem vu cua toi");
        assert_eq!(fold("Sở LĐ-TB&XH"), "so ld-tb&xh");
        assert_eq!(fold("Đắk Lắk"), "dak lak");
    }

    #[test]
    fn folds_punctuation_and_space() {
        assert_eq!(fold("  cập nhật III.2:  đạt 80% !! "), "cap nhat iii.2 dat 80%");
        assert_eq!(fold("“Vì người nghèo” – 2021–2025"), "vi nguoi ngheo - 2021-2025");
        assert_eq!(fold("a\u{0}b\tc\n"), "a b c");
        assert_eq!(fold("🙂"), "");
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        let decomposed: String = "Nhiệm vụ".nfd().collect();
        assert_eq!(fold(&decomposed), fold("Nhiệm vụ"));
    }

    #[test]
    fn capitalizes_vietnamese() {
        assert_eq!(capitalize("đang thực hiện"), "Đang thực hiện");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn shortens_on_word_boundary() {
        assert_eq!(shorten("ngắn", 10), "ngắn");
        let s = shorten("Đẩy mạnh công tác tuyên truyền, giáo dục, nâng cao nhận thức", 30);
        assert!(s.chars().count() <= 30, "{s}");
        assert_eq!(s, "Đẩy mạnh công tác tuyên…");
    }
}
