//! Text folding shared by everything that matches what people type.
//!
//! Focal points write on phones, often without diacritics ("nhiem vu cua toi") and with ad-hoc
//! punctuation. Matching therefore happens on a folded form: NFC, lower case, diacritics removed
//! (đ → d), typographic quotes and dashes made plain, other punctuation and control characters turned
//! into spaces, whitespace collapsed. The characters that carry meaning in references and amounts
//! (`.`, `-`, `/`, `&`, `%`, and a comma between digits) are kept.

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
    let mut chars = text.nfd().filter(|c| !is_combining_mark(*c)).peekable();
    while let Some(c) = chars.next() {
        // A decimal comma stays in its number ("62,5%", "2,5 tỷ"): in Vietnamese it is the decimal point.
        if c == ','
            && !pending_space
            && out.ends_with(|p: char| p.is_ascii_digit())
            && chars.peek().is_some_and(|n| n.is_ascii_digit())
        {
            out.push(',');
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

/// "Giảm nghèo bền vững" → "giảm nghèo bền vững": a title to follow a word in a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
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

/// Characters that draw nothing a person means but can act on whatever shows the text: controls (a
/// terminal's escape sequences, a bell), and marks that reorder text or hide in it (a right-to-left
/// override makes "fdp.exe" read "exe.pdf").
fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2060}' | '\u{FEFF}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Text from a person as the bot keeps it: tabs and carriage returns become spaces and line breaks,
/// other controls and hidden or reordering marks go. Done once, where messages and workbooks come in.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push(' '),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c if is_hidden_control(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text as a terminal may show it: whatever control or hidden mark is left (in data kept before
/// [`clean`] existed, or in a seed file) is written out as `\u{…}` instead of acting on the terminal.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if is_hidden_control(c) { format!("\\u{{{:04X}}}", u32::from(c)) } else { c.to_string() })
            .collect(),
    )
}

/// JSON text as a terminal may show it: hidden marks left inside its strings are written as JSON's own
/// `\uXXXX` escapes, so that the output stays the same JSON.
pub fn json_for_terminal(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(json);
    }
    std::borrow::Cow::Owned(
        json.chars()
            .map(|c| if is_hidden_control(c) { format!("\\u{:04x}", u32::from(c)) } else { c.to_string() })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_hidden_marks_do_not_come_in() {
        let typed = "Đã xong\x1b]0;pwned\x07 \x1b[2J\u{202E}fdp.exe\u{200B}\0\tlần 2\r\nhết\rcuối";
        assert_eq!(clean(typed), "Đã xong]0;pwned [2Jfdp.exe lần 2\nhết\ncuối");
        assert!(matches!(clean("cập nhật III.2: đạt 80% 👨‍👩‍👧"), std::borrow::Cow::Borrowed(_)), "emoji joiners stay");
        assert_eq!(for_terminal("a\x1b[2Jb\u{202E}c\nd"), "a\\u{001B}[2Jb\\u{202E}c\nd");
        let json = serde_json::to_string(&["x\u{202E}y\u{7f}"]).unwrap();
        let shown = json_for_terminal(&json);
        assert_eq!(shown, "[\"x\\u202ey\\u007fz\"]".replace('z', ""));
        assert_eq!(serde_json::from_str::<Vec<String>>(&shown).unwrap(), ["x\u{202E}y\u{7f}"], "the same JSON");
    }

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
        // A decimal comma is part of its number; a comma between words or after a number is not.
        assert_eq!(fold("đạt 62,5%, giải ngân 2,5 tỷ"), "dat 62,5% giai ngan 2,5 ty");
        assert_eq!(fold("I.1, I.2 xong; 3, 4 hộ"), "i.1 i.2 xong 3 4 ho");
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
