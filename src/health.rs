//! Health endpoints served beside the webhooks: `/healthz` says the process is alive, `/readyz` that it
//! can reach its database. Neither calls Telegram or Zalo, so a load balancer probing them costs nothing
//! and a platform outage does not take the replicas out of rotation.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::store::Store;

pub fn router(store: Arc<dyn Store>) -> Router {
    async fn live() -> &'static str {
        "ok"
    }
    async fn ready(State(store): State<Arc<dyn Store>>) -> (StatusCode, &'static str) {
        match store.ping().await {
            Ok(()) => (StatusCode::OK, "ready"),
            Err(e) => {
                tracing::warn!(error = %e, "not ready: the database does not answer");
                (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
            }
        }
    }
    Router::new().route("/healthz", get(live)).route("/readyz", get(ready)).with_state(store)
}
