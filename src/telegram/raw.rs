//! A `getUpdates` answer that the client could not read as a whole (an update nested deeper than a
//! parser goes, a field of a type it did not expect), cut into its updates without parsing them, so that
//! the readable ones go on and the unreadable one is kept as received and passed over. A plain scan with
//! a depth counter: no recursion, so no depth is too deep for it.

/// One update of the answer: its id when it has a readable one, and its text as received.
#[derive(Debug, PartialEq, Eq)]
pub struct RawUpdate<'a> {
    pub id: Option<i64>,
    pub json: &'a str,
}

/// The updates of `{"ok": true, "result": [ … ]}`, or `None` when the text is not such an answer.
pub fn updates(answer: &str) -> Option<Vec<RawUpdate<'_>>> {
    let result = members(answer)?.into_iter().find(|(key, _)| *key == "result")?.1;
    let inner = result.strip_prefix('[')?.strip_suffix(']')?;
    Some(elements(inner)?.into_iter().map(|json| RawUpdate { id: update_id(json), json }).collect())
}

/// The `update_id` of one update, if it is a plain integer at its top level.
fn update_id(update: &str) -> Option<i64> {
    members(update)?.into_iter().find(|(key, _)| *key == "update_id")?.1.parse().ok()
}

/// The top-level members of a JSON object, as (key without quotes, value text).
fn members(object: &str) -> Option<Vec<(&str, &str)>> {
    let inner = object.trim().strip_prefix('{')?.strip_suffix('}')?;
    elements(inner)?
        .into_iter()
        .map(|member| {
            let (key, rest) = string_end(member).map(|end| member.split_at(end))?;
            let value = rest.trim_start().strip_prefix(':')?.trim();
            Some((key.trim().strip_prefix('"')?.strip_suffix('"')?, value))
        })
        .collect()
}

/// The length of the JSON string at the start of `text` (after spaces), quotes included.
fn string_end(text: &str) -> Option<usize> {
    let start = text.len() - text.trim_start().len();
    let bytes = text.as_bytes();
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The comma-separated elements at the top level of the inside of an array or object, trimmed.
fn elements(inner: &str) -> Option<Vec<&str>> {
    let bytes = inner.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut start, mut parts) = (0, Vec::new());
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.checked_sub(1)?,
            b',' if depth == 0 => {
                parts.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 || in_string {
        return None;
    }
    let last = inner[start..].trim();
    if !last.is_empty() || !parts.is_empty() {
        parts.push(last);
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_cut_into_its_updates_however_deep_they_go() {
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let answer = format!(
            r#"{{"ok": true, "result": [{{"update_id": 7, "message": {{"text": "a, [b] \"}}\""}}}},
               {{"update_id": 8, "message": {deep}}}, {{"message": {{}}}}]}}"#
        );
        let got = updates(&answer).unwrap();
        assert_eq!(got.iter().map(|u| u.id).collect::<Vec<_>>(), [Some(7), Some(8), None]);
        assert!(got[0].json.ends_with(r#""a, [b] \"}\""}}"#), "{}", got[0].json);
        assert!(serde_json::from_str::<serde_json::Value>(got[0].json).is_ok());
        assert_eq!(updates(r#"{"ok": true, "result": []}"#).unwrap(), []);
        assert!(updates("{\"ok\": true, \"result\": [{\"update_id\": 1}").is_none(), "cut short");
        assert!(updates("not json").is_none());
    }
}
