//! What the core answers with, before any platform renders it.

/// One message to send. Adapters render it: Telegram as HTML with inline buttons, Zalo as text with
/// numbered choices, the console as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    /// Plain text; lines separated by '\n'. Adapters escape it for their markup.
    pub text: String,
    /// Answers the person may pick; picking one sends its `message` as if typed.
    pub choices: Vec<Choice>,
    /// Buttons that act on something just done (undo a report, next page).
    pub actions: Vec<Action>,
    pub file: Option<Attachment>,
    /// A picture shown in the chat (the digest's chart), before the file.
    pub picture: Option<Attachment>,
    /// A message that carried a file (a report's evidence), to show again where the platform can copy
    /// it; elsewhere the adapter says where it is.
    pub evidence: Option<Evidence>,
    /// Links in it must not be previewed: the platform's fetch would use up a one-time link.
    pub no_preview: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub chat: crate::chat::ChatKey,
    pub message_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub label: String,
    /// The command the action stands for, as the person could also type it.
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn text(text: impl Into<String>) -> Self {
        Self { text: text.into(), ..Self::default() }
    }
}

/// Splits `text` into parts of at most `limit` characters, on line boundaries where possible, so a long
/// list continues in further messages instead of being cut off. A single line longer than `limit` is
/// split between words, or between characters as a last resort.
pub fn split_text(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(1);
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for line in text.split('\n') {
        let line_len = line.chars().count();
        let needed = if current.is_empty() { line_len } else { current_len + 1 + line_len };
        if needed <= limit {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
            current_len = needed;
            continue;
        }
        if !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        if line_len <= limit {
            current = line.to_string();
            current_len = line_len;
        } else {
            let mut pieces = split_long_line(line, limit);
            let last = pieces.pop().unwrap_or_default();
            parts.extend(pieces);
            current_len = last.chars().count();
            current = last;
        }
    }
    if !current.trim().is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
}

fn split_long_line(line: &str, limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    while rest.len() > limit {
        let cut = rest[..limit].iter().rposition(|c| *c == ' ').filter(|&i| i > 0).unwrap_or(limit);
        pieces.push(rest[..cut].iter().collect::<String>().trim_end().to_string());
        let skip = if cut < rest.len() && rest[cut] == ' ' { cut + 1 } else { cut };
        rest.drain(..skip);
    }
    pieces.push(rest.into_iter().collect());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(split_text("a\nb", 10), ["a\nb"]);
    }

    #[test]
    fn splits_on_lines_and_loses_nothing() {
        let lines: Vec<String> = (0..500).map(|i| format!("• dòng số {i} của danh sách")).collect();
        let text = lines.join("\n");
        let parts = split_text(&text, 4096);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.chars().count() <= 4096));
        assert_eq!(parts.join("\n"), text);
    }

    #[test]
    fn splits_a_giant_line() {
        let line = "chữ ".repeat(3000);
        let parts = split_text(&line, 2000);
        assert!(parts.iter().all(|p| p.chars().count() <= 2000));
        let words: usize = parts.iter().map(|p| p.split_whitespace().count()).sum();
        assert_eq!(words, 3000);
        let solid = "x".repeat(4500);
        let parts = split_text(&solid, 2000);
        assert_eq!(parts.concat(), solid);
    }
}
