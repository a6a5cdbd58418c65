//! Receiving updates by webhook, for any platform: a request is answered 200 only once its update is in
//! the inbox, so the platform keeps (and redelivers) whatever the bot has not stored. A request without
//! the right secret gets 401, a body over 256 KiB 413, one that is not an update 400 — and nothing is
//! stored for any of them.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use subtle::ConstantTimeEq;

use crate::delivery::Delivery;

/// The largest update body accepted; Telegram's and Zalo's updates are a few KiB.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Reads a body: `Ok(Some((update id, chat id)))` for an update to store, `Ok(None)` for one to ignore,
/// `Err` for a body that is not an update.
pub type ReadUpdate = fn(&str) -> Result<Option<(String, String)>, String>;

#[derive(Clone)]
struct Hook {
    delivery: Arc<Delivery>,
    header: &'static str,
    secret: Arc<String>,
    read: ReadUpdate,
}

/// The route at `path` taking updates whose header `header` carries `secret`.
pub fn router(path: &str, header: &'static str, secret: String, delivery: Arc<Delivery>, read: ReadUpdate) -> Router {
    let hook = Hook { delivery, header, secret: Arc::new(secret), read };
    Router::new().route(path, post(receive)).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)).with_state(hook)
}

async fn receive(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers.get(hook.header).map(|v| v.as_bytes()).unwrap_or_default();
    if !bool::from(given.ct_eq(hook.secret.as_bytes())) {
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(text) = std::str::from_utf8(&body) else { return StatusCode::BAD_REQUEST };
    let (update_id, chat_id) = match (hook.read)(text) {
        Ok(Some(ids)) => ids,
        Ok(None) => return StatusCode::OK,
        Err(e) => {
            tracing::warn!(error = %e, "a webhook request that is not an update; refused");
            return StatusCode::BAD_REQUEST;
        }
    };
    match hook.delivery.accept(&update_id, &chat_id, text.to_string()).await {
        Ok(_) => StatusCode::OK,
        Err(e) => {
            // Not stored, so not acknowledged: the platform delivers it again later.
            tracing::warn!(error = %e, "cannot store an update; asking the platform to deliver it again");
            // The notice goes out on its own: the platform is not kept waiting for the answer.
            let delivery = hook.delivery.clone();
            tokio::spawn(async move { delivery.tell_busy(&chat_id).await });
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}
