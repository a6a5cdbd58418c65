//! One-time invite codes: random, typed by people (so without look-alike characters), stored hashed.

use chrono::{DateTime, TimeDelta, Utc};
use ring::digest::{SHA256, digest};
use ring::rand::{SecureRandom, SystemRandom};

use crate::chat::Invite;
use crate::store::{Store, StoreError};

/// No 0/O, 1/I/L: a code read aloud or copied from a screen is typed right.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 12 characters of 31: about 59 bits.
pub const CODE_CHARS: usize = 12;

#[derive(Debug, thiserror::Error)]
#[error("the system's random number generator failed")]
pub struct NoRandomness;

/// A new code, shown in groups of four: "K7QM-4XTA-9HPC".
pub fn new_code() -> Result<String, NoRandomness> {
    let rng = SystemRandom::new();
    let mut code = String::with_capacity(CODE_CHARS + 2);
    while code.len() < CODE_CHARS + 2 {
        let mut byte = [0u8; 1];
        rng.fill(&mut byte).map_err(|_| NoRandomness)?;
        // Rejection sampling keeps every character equally likely.
        if usize::from(byte[0]) >= ALPHABET.len() * (256 / ALPHABET.len()) {
            continue;
        }
        if code.len() == 4 || code.len() == 9 {
            code.push('-');
        }
        code.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()] as char);
    }
    Ok(code)
}

/// The code as stored: upper case without separators, hashed.
pub fn hash(code: &str) -> String {
    let normalized: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    digest(&SHA256, normalized.as_bytes()).as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether text could be a code at all (before asking the database).
pub fn looks_like_code(text: &str) -> bool {
    let chars: Vec<char> = text.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    chars.len() == CODE_CHARS && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
}

/// The code in what a person pasted after `/ketnoi`, without the debris copying leaves around it:
/// quotes and backticks, a final full stop, the placeholder's angle brackets, non-breaking and
/// zero-width spaces, direction marks. `None` when there is no code-shaped text in it.
pub fn code_in(pasted: &str) -> Option<String> {
    let spaced: String = pasted
        .chars()
        .map(|c| if c.is_whitespace() || c == '\u{A0}' { ' ' } else { c })
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}'))
        .collect();
    let debris: &[char] =
        &['`', '\'', '"', '“', '”', '‘', '’', '<', '>', '(', ')', '[', ']', '.', ',', ';', ':', '!', '?'];
    let words: Vec<&str> = spaced.split(' ').map(|w| w.trim_matches(debris)).filter(|w| !w.is_empty()).collect();
    // The code is one word ("K7QM-4XTA-9HPC"), or its three groups typed apart ("K7QM 4XTA 9HPC").
    let candidates = words.iter().map(|w| w.to_string()).chain(words.windows(3).map(|w| w.join("-")));
    candidates.into_iter().find(|c| looks_like_code(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_long_unambiguous_and_different() {
        let a = new_code().unwrap();
        let b = new_code().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), CODE_CHARS + 2);
        assert!(a.chars().filter(|c| *c != '-').all(|c| ALPHABET.contains(&(c as u8))));
        assert!(looks_like_code(&a));
    }

    #[test]
    fn pasted_codes_are_found_in_their_debris() {
        for pasted in [
            "K7QM-4XTA-9HPC",
            "`K7QM-4XTA-9HPC`.",
            "<k7qm-4xta-9hpc>",
            "\u{A0}K7QM-4XTA-9HPC\u{200B}",
            "\u{200F}K7QM-4XTA-9HPC\u{202C}",
            "\"K7QM 4XTA 9HPC\"",
            "mã: K7QM4XTA9HPC, cảm ơn",
        ] {
            assert_eq!(code_in(pasted).map(|c| hash(&c)), Some(hash("K7QM4XTA9HPC")), "{pasted:?}");
        }
        for pasted in ["", "abc", "K7QM-4XTA-9HP", "K7QM-4XTA-9HPCX", "mã là gì"] {
            assert_eq!(code_in(pasted), None, "{pasted:?}");
        }
    }

    #[test]
    fn hashing_ignores_case_and_separators() {
        assert_eq!(hash("k7qm-4xta-9hpc"), hash("K7QM4XTA9HPC"));
        assert_ne!(hash("K7QM4XTA9HPC"), hash("K7QM4XTA9HPD"));
        assert_eq!(hash("x").len(), 64);
    }
}

/// How long a code can be used.
pub const VALIDITY: TimeDelta = TimeDelta::hours(72);

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Randomness(#[from] NoRandomness),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Issues a code for `agency` and returns it; only its hash is stored.
pub async fn issue(
    store: &dyn Store,
    catalog: &str,
    agency: &str,
    coordinator: bool,
    plan: Option<&str>,
    created_by: &str,
    at: DateTime<Utc>,
) -> Result<String, IssueError> {
    let code = new_code()?;
    let invite = Invite {
        code_hash: hash(&code),
        catalog: catalog.to_string(),
        agency: agency.to_string(),
        coordinator,
        plan: plan.map(str::to_string),
        created_by: created_by.to_string(),
        created_at: at,
        expires_at: at + VALIDITY,
    };
    store.create_invite(&invite).await?;
    Ok(code)
}

/// A random token of `len` characters from the code alphabet: for button data and webhook secrets.
pub fn random_token(len: usize) -> Result<String, NoRandomness> {
    let rng = SystemRandom::new();
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut byte = [0u8; 1];
        rng.fill(&mut byte).map_err(|_| NoRandomness)?;
        if usize::from(byte[0]) < ALPHABET.len() * (256 / ALPHABET.len()) {
            out.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()] as char);
        }
    }
    Ok(out)
}
