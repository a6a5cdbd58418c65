//! Sign-in links for the coordinator's web page: a random token that works once, within
//! [`LINK_LIFETIME`], for what the chat that asked for it may see; it opens a session of
//! [`SESSION_LIFETIME`]. Tokens and session ids are stored hashed.

use chrono::{DateTime, TimeDelta, Utc};

use crate::chat::WebGrant;
use crate::invite::{self, NoRandomness};
use crate::store::{Store, StoreError};

pub const LINK_LIFETIME: TimeDelta = TimeDelta::minutes(15);
pub const SESSION_LIFETIME: TimeDelta = TimeDelta::days(7);
/// Where a link is opened: `{base}/web/vao/{token}`.
pub const LINK_PATH: &str = "/web/vao/";
/// The "platform" of links made on the command line, whose sessions answer to no chat.
pub const COMMAND_LINE: &str = "cli";
/// 32 characters of 31: about 158 bits, beyond guessing.
const TOKEN_CHARS: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum SigninError {
    #[error(transparent)]
    Random(#[from] NoRandomness),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new sign-in link for `grant`, as a URL under `base`.
pub async fn new_link(
    store: &dyn Store,
    base: &url::Url,
    grant: &WebGrant,
    now: DateTime<Utc>,
) -> Result<String, SigninError> {
    let token = invite::random_token(TOKEN_CHARS)?;
    store.create_web_link(&invite::hash(&token), grant, now, now + LINK_LIFETIME).await?;
    Ok(format!("{}{LINK_PATH}{token}", base.as_str().trim_end_matches('/')))
}

/// Opens a session with a link's token: the session's id (for the cookie) and what it may see, or `None`
/// for a link unknown, used or expired.
pub async fn open_session(
    store: &dyn Store,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, WebGrant)>, SigninError> {
    if token.len() != TOKEN_CHARS || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let session = invite::random_token(TOKEN_CHARS)?;
    let grant =
        store.open_web_session(&invite::hash(token), &invite::hash(&session), now, now + SESSION_LIFETIME).await?;
    Ok(grant.map(|g| (session, g)))
}

/// What a session may see, if it is live — and as long as the chat that asked for it still speaks for
/// the same agency (and plan): unbinding or rebinding a chat ends what its links opened.
pub async fn session(store: &dyn Store, id: &str, now: DateTime<Utc>) -> Result<Option<WebGrant>, StoreError> {
    if id.len() != TOKEN_CHARS || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let Some(grant) = store.web_session(&invite::hash(id), now).await? else { return Ok(None) };
    if grant.chat.platform == COMMAND_LINE {
        return Ok(Some(grant));
    }
    let still = store.chat_binding(&grant.chat).await?.is_some_and(|b| b.web_grant() == grant);
    Ok(still.then_some(grant))
}
