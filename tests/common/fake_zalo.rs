//! A fake Zalo Bot Platform server: `POST /bot<token>/<method>`, `{"ok", "result"}` answers, one event per
//! getUpdates and error 408 when none arrives in time, as the platform does.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::{Value, json};

#[derive(Default)]
pub struct Inner {
    events: VecDeque<Value>,
    pub calls: Vec<(String, Value)>,
    send_failures: VecDeque<(u16, Value)>,
    next_id: u64,
}

#[derive(Clone, Default)]
pub struct FakeZalo {
    pub inner: Arc<Mutex<Inner>>,
    pub url: String,
}

impl FakeZalo {
    pub async fn start() -> Self {
        let fake = FakeZalo::default();
        let app = Router::new().route("/{bot}/{method}", post(handle)).with_state(fake.inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeZalo { url, ..fake }
    }

    /// Queues a text message event; returns its message id.
    pub fn text(&self, chat: &str, group: bool, user: &str, text: &str) -> String {
        let mut inner = self.inner.lock().unwrap();
        inner.next_id += 1;
        let id = format!("zmsg-{}", inner.next_id);
        inner.events.push_back(event(&id, chat, group, user, text));
        id
    }

    /// Queues an event again with the same message id.
    pub fn again(&self, id: &str, chat: &str, user: &str, text: &str) {
        self.inner.lock().unwrap().events.push_back(event(id, chat, false, user, text));
    }

    pub fn fail_next_sends(&self, failures: Vec<(u16, Value)>) {
        self.inner.lock().unwrap().send_failures.extend(failures);
    }

    pub fn calls(&self, method: &str) -> Vec<Value> {
        self.inner.lock().unwrap().calls.iter().filter(|(m, _)| m == method).map(|(_, p)| p.clone()).collect()
    }

    pub fn sent_to(&self, chat: &str) -> Vec<String> {
        self.calls("sendMessage")
            .into_iter()
            .filter(|p| p["chat_id"] == json!(chat))
            .map(|p| p["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    pub async fn wait_sent(&self, chat: &str, count: usize) -> Vec<String> {
        for _ in 0..400 {
            let sent = self.sent_to(chat);
            if sent.len() >= count {
                return sent;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the bot sent {} Zalo messages to {chat}, expected {count}: {:?}",
            self.sent_to(chat).len(),
            self.sent_to(chat)
        );
    }
}

/// The event shape of the platform's samples (one of the variants the adapter accepts).
fn event(id: &str, chat: &str, group: bool, user: &str, text: &str) -> Value {
    json!({
        "event_name": "message.text.received",
        "message": {
            "message_id": id, "date": 1_764_295_200_000u64, "text": text,
            "from": { "id": user, "display_name": "Chị Hoa", "is_bot": false },
            "chat": { "id": chat, "chat_type": if group { "GROUP" } else { "PRIVATE" } }
        }
    })
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path((bot, method)): Path<(String, String)>,
    body: String,
) -> (StatusCode, axum::Json<Value>) {
    assert!(bot.starts_with("bot"), "calls go to /bot<token>/<method>");
    let payload: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    inner.lock().unwrap().calls.push((method.clone(), payload.clone()));
    let ok = |result: Value| (StatusCode::OK, axum::Json(json!({ "ok": true, "result": result })));
    match method.as_str() {
        "getMe" => ok(
            json!({ "id": "bot-1", "account_name": "bot.phoihop", "account_type": "BASIC", "can_join_groups": true }),
        ),
        "getUpdates" => {
            for _ in 0..20 {
                if let Some(event) = inner.lock().unwrap().events.pop_front() {
                    return ok(event);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            (StatusCode::OK, axum::Json(json!({ "ok": false, "error_code": 408, "description": "Request timeout" })))
        }
        "sendMessage" => {
            let mut inner = inner.lock().unwrap();
            if let Some((status, body)) = inner.send_failures.pop_front() {
                inner.calls.pop();
                return (StatusCode::from_u16(status).unwrap(), axum::Json(body));
            }
            let text = payload["text"].as_str().unwrap_or_default();
            assert!(
                (1..=2000).contains(&text.chars().count()),
                "Zalo takes 1 to 2,000 characters: {}",
                text.chars().count()
            );
            ok(json!({ "message_id": "sent", "date": 1_764_295_200_000u64 }))
        }
        _ => ok(json!(true)),
    }
}
