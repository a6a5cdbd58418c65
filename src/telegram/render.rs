//! A core reply as Telegram messages: HTML with everything escaped, parts under 4,096 characters split on
//! line boundaries, buttons as an inline keyboard on the last part.

use crate::bot::{Reply, split_text};

/// Telegram's limit on a message's text, counted after entities are parsed.
pub const MAX_MESSAGE_CHARS: usize = 4096;
/// Buttons per keyboard row for short labels (task references).
const SHORT_BUTTONS_PER_ROW: usize = 4;

/// Escapes text for `parse_mode=HTML`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A button to put on a message: its label and the command it stands for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Button {
    pub label: String,
    pub command: String,
}

/// One Telegram message to send.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    pub html: String,
    /// Rows of buttons (only on the last part of a reply).
    pub buttons: Vec<Vec<Button>>,
}

pub fn render(reply: &Reply) -> Vec<Part> {
    let parts = split_text(&reply.text, MAX_MESSAGE_CHARS);
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| Part { html: escape(&part), buttons: if i == last { buttons(reply) } else { Vec::new() } })
        .collect()
}

fn buttons(reply: &Reply) -> Vec<Vec<Button>> {
    let choices: Vec<Button> =
        reply.choices.iter().map(|c| Button { label: c.label.clone(), command: c.message.clone() }).collect();
    let short = choices.iter().all(|b| b.label.chars().count() <= 8);
    let per_row = if short { SHORT_BUTTONS_PER_ROW } else { 1 };
    let mut rows: Vec<Vec<Button>> = choices.chunks(per_row).map(<[Button]>::to_vec).collect();
    let actions: Vec<Button> =
        reply.actions.iter().map(|a| Button { label: a.label.clone(), command: a.command.clone() }).collect();
    if !actions.is_empty() {
        rows.push(actions);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bot::{Action, Choice};

    #[test]
    fn escapes_html() {
        assert_eq!(escape("Sở LĐ-TB&XH <b>"), "Sở LĐ-TB&amp;XH &lt;b&gt;");
    }

    #[test]
    fn long_replies_split_and_buttons_go_last() {
        let text = (0..400).map(|i| format!("• dòng {i} & <chi tiết>")).collect::<Vec<_>>().join("\n");
        let reply = Reply {
            text: text.clone(),
            choices: vec![Choice { label: "I.2".into(), message: "/nhiemvu I.2".into() }],
            actions: vec![Action { label: "Hoàn tác".into(), command: "/hoantac 1".into() }],
            file: None,
            picture: None,
            evidence: None,
            no_preview: false,
        };
        let out = render(&reply);
        assert!(out.len() > 1);
        assert!(
            out.iter().all(|m| m.html.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").chars().count()
                <= MAX_MESSAGE_CHARS)
        );
        assert!(out[..out.len() - 1].iter().all(|m| m.buttons.is_empty()));
        assert_eq!(out.last().unwrap().buttons.len(), 2);
        let joined: Vec<String> = out.iter().map(|m| m.html.clone()).collect();
        assert_eq!(joined.join("\n"), escape(&text));
    }
}
