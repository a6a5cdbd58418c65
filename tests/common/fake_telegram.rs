//! A fake Telegram Bot API server: the real wire format (`POST /bot<token>/<method>`, JSON answers), in
//! the test process. Tests queue updates, read what the bot sent, and make it fail on purpose.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub const BOT_ID: i64 = 999_001;
pub const BOT_USERNAME: &str = "phoihop_bot";

#[derive(Default)]
pub struct Inner {
    /// Updates Telegram holds until a getUpdates call with a higher offset confirms them.
    pub updates: VecDeque<Value>,
    /// Updates delivered once more whatever the offset, as Telegram does when unsure a delivery arrived.
    pub replays: VecDeque<Value>,
    /// Updates held as text, for ones no JSON value can hold (nested deeper than a parser goes).
    pub raw_updates: VecDeque<(i64, String)>,
    next_update_id: i64,
    next_message_id: i64,
    /// Every call: (method, payload).
    pub calls: Vec<(String, Value)>,
    /// The files uploaded with sendDocument and sendPhoto, as sent: (method, file name, bytes).
    pub files: Vec<(String, String, Vec<u8>)>,
    /// Files people sent, by file id, for getFile and the download that follows it.
    pub held: std::collections::HashMap<String, Vec<u8>>,
    /// When each message was accepted: (chat, instant), in order.
    pub delivered: Vec<(i64, std::time::Instant)>,
    /// Answers to give to the next sendMessage calls (to one chat, or any) instead of success.
    pub send_failures: VecDeque<(Option<i64>, u16, Value)>,
    /// Until then, every other sendMessage fails, with 429 and 500 in turn.
    pub storm_until: Option<std::time::Instant>,
    storm_calls: u64,
}

#[derive(Clone, Default)]
pub struct FakeTelegram {
    pub inner: Arc<Mutex<Inner>>,
    pub url: String,
}

impl FakeTelegram {
    pub async fn start() -> Self {
        let fake = FakeTelegram::default();
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .route("/file/{bot}/{*path}", axum::routing::get(download))
            .with_state(fake.inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeTelegram { url, ..fake }
    }

    /// Queues an update (`kind` is "message", "callback_query", …); returns its id.
    pub fn push(&self, kind: &str, body: Value) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update_id += 1;
        let id = inner.next_update_id;
        inner.updates.push_back(json!({ "update_id": id, kind: body }));
        id
    }

    /// Queues an update given as JSON text, with the next id put in front of `rest` (the members after
    /// `update_id`).
    pub fn push_raw(&self, rest: &str) -> i64 {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update_id += 1;
        let id = inner.next_update_id;
        inner.raw_updates.push_back((id, format!(r#"{{"update_id": {id}, {rest}}}"#)));
        id
    }

    /// Queues the same update again, as Telegram does when it is not sure it was delivered.
    pub fn push_again(&self, id: i64, kind: &str, body: Value) {
        self.inner.lock().unwrap().replays.push_back(json!({ "update_id": id, kind: body }));
    }

    pub fn fail_next_sends(&self, failures: Vec<(u16, Value)>) {
        self.inner.lock().unwrap().send_failures.extend(failures.into_iter().map(|(s, b)| (None, s, b)));
    }

    /// Makes the next sendMessage to `chat` fail with this answer.
    pub fn fail_next_send_to(&self, chat: i64, status: u16, body: Value) {
        self.inner.lock().unwrap().send_failures.push_back((Some(chat), status, body));
    }

    /// For `length`, every other sendMessage call fails: "429 retry after 1 s" and "500" in turn.
    pub fn storm(&self, length: Duration) {
        self.inner.lock().unwrap().storm_until = Some(std::time::Instant::now() + length);
    }

    pub fn calls(&self, method: &str) -> Vec<Value> {
        let method = method.to_ascii_lowercase();
        self.inner.lock().unwrap().calls.iter().filter(|(m, _)| *m == method).map(|(_, p)| p.clone()).collect()
    }

    /// When the first message to `chat` after `since` was accepted.
    pub fn first_delivery_after(&self, chat: i64, since: std::time::Instant) -> Option<std::time::Instant> {
        self.inner.lock().unwrap().delivered.iter().find(|(c, at)| *c == chat && *at >= since).map(|(_, at)| *at)
    }

    /// Texts the bot sent to a chat, in order.
    pub fn sent_to(&self, chat: i64) -> Vec<Value> {
        self.calls("sendMessage").into_iter().filter(|p| p["chat_id"] == json!(chat)).collect()
    }

    /// Documents the bot sent to a chat (their file names).
    pub fn documents_to(&self, chat: i64) -> Vec<String> {
        self.files_to("sendDocument", chat)
    }

    /// Holds a file as if a person had sent it: getFile and the download find it by `file_id`.
    pub fn hold_file(&self, file_id: &str, bytes: &[u8]) {
        self.inner.lock().unwrap().held.insert(file_id.to_string(), bytes.to_vec());
    }

    /// Pictures the bot sent to a chat (their file names).
    pub fn photos_to(&self, chat: i64) -> Vec<String> {
        self.files_to("sendPhoto", chat)
    }

    /// The bytes of an uploaded file.
    pub fn file(&self, name: &str) -> Option<Vec<u8>> {
        self.inner.lock().unwrap().files.iter().find(|(_, n, _)| n == name).map(|(_, _, bytes)| bytes.clone())
    }

    fn files_to(&self, method: &str, chat: i64) -> Vec<String> {
        self.calls(method)
            .into_iter()
            .filter(|p| {
                p["chat_id"].as_str().and_then(|c| c.parse::<i64>().ok()).or(p["chat_id"].as_i64()) == Some(chat)
            })
            .map(|p| p["file_name"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Waits until the bot has sent `count` messages to `chat`; returns them all.
    pub async fn wait_sent(&self, chat: i64, count: usize) -> Vec<Value> {
        for _ in 0..400 {
            let sent = self.sent_to(chat);
            if sent.len() >= count {
                return sent;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the bot sent {} messages to {chat}, expected {count}: {:?}",
            self.sent_to(chat).len(),
            self.sent_to(chat)
        );
    }

    pub async fn wait_calls(&self, method: &str, count: usize) -> Vec<Value> {
        for _ in 0..400 {
            let calls = self.calls(method);
            if calls.len() >= count {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{method} was called {} times, expected {count}", self.calls(method).len());
    }
}

fn ok(result: Value) -> Response {
    (StatusCode::OK, axum::Json(json!({ "ok": true, "result": result }))).into_response()
}

fn chat_json(id: i64) -> Value {
    if id > 0 {
        json!({ "id": id, "type": "private", "first_name": "Người dùng" })
    } else if id < -1_000_000_000_000 {
        json!({ "id": id, "type": "supergroup", "title": "Nhóm" })
    } else {
        json!({ "id": id, "type": "group", "title": "Nhóm" })
    }
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path((bot, method)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
    raw: axum::body::Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&raw).into_owned();
    assert!(bot.starts_with("bot"), "teloxide calls /bot<token>/<method>");
    // Method names are case-insensitive in the Bot API (teloxide sends "GetMe").
    let method = method.to_ascii_lowercase();
    let payload: Value = serde_json::from_str(&body).unwrap_or_else(|_| multipart_fields(&body));
    // A sendMessage is recorded once its fate is known (under the same lock: sends run concurrently).
    if method != "sendmessage" {
        inner.lock().unwrap().calls.push((method.clone(), payload.clone()));
    }
    if let Some((name, bytes)) = uploaded_file(&headers, &raw) {
        inner.lock().unwrap().files.push((method.clone(), name, bytes));
    }
    match method.as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Phối hợp", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getupdates" => {
            let offset = payload["offset"].as_i64().unwrap_or(0);
            let wait = payload["timeout"].as_u64().unwrap_or(0).min(1);
            for _ in 0..=(wait * 20) {
                {
                    let mut inner = inner.lock().unwrap();
                    inner.updates.retain(|u| u["update_id"].as_i64().unwrap() >= offset);
                    inner.raw_updates.retain(|(id, _)| *id >= offset);
                    if !inner.raw_updates.is_empty() {
                        // As text, in id order with the others.
                        let mut batch: Vec<(i64, String)> = inner.raw_updates.iter().cloned().collect();
                        batch.extend(inner.updates.iter().map(|u| (u["update_id"].as_i64().unwrap(), u.to_string())));
                        batch.sort_by_key(|(id, _)| *id);
                        let texts: Vec<String> = batch.into_iter().map(|(_, text)| text).collect();
                        let body = format!(r#"{{"ok": true, "result": [{}]}}"#, texts.join(","));
                        return (StatusCode::OK, [("content-type", "application/json")], body).into_response();
                    }
                    if !inner.updates.is_empty() || !inner.replays.is_empty() {
                        let mut batch: Vec<Value> = inner.replays.drain(..).collect();
                        batch.extend(inner.updates.iter().take(100).cloned());
                        return ok(Value::Array(batch));
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            ok(json!([]))
        }
        "sendmessage" => {
            let mut inner = inner.lock().unwrap();
            let chat = payload["chat_id"].as_i64().unwrap_or(0);
            let failure = inner.send_failures.iter().position(|(target, _, _)| target.is_none_or(|t| t == chat));
            let mut failure = failure.and_then(|i| inner.send_failures.remove(i));
            if inner.storm_until.is_some_and(|until| std::time::Instant::now() < until) {
                inner.storm_calls += 1;
                failure = match inner.storm_calls % 4 {
                    1 => Some((
                        None,
                        429,
                        json!({"ok": false, "error_code": 429,
                        "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}),
                    )),
                    3 => Some((
                        None,
                        500,
                        json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
                    )),
                    _ => failure,
                };
            }
            if let Some((_, status, body)) = failure {
                // A failed call is not a sent message.
                inner.calls.push(("sendmessage (failed)".into(), payload));
                return (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
            }
            inner.calls.push((method.clone(), payload.clone()));
            inner.delivered.push((chat, std::time::Instant::now()));
            inner.next_message_id += 1;
            ok(json!({
                "message_id": inner.next_message_id, "date": 1_764_295_200,
                "chat": chat_json(chat), "text": payload["text"],
                "from": { "id": BOT_ID, "is_bot": true, "first_name": "Phối hợp", "username": BOT_USERNAME }
            }))
        }
        // A file sent: the message that carries it, as Telegram answers.
        "senddocument" | "sendphoto" => {
            let mut inner = inner.lock().unwrap();
            inner.next_message_id += 1;
            let chat =
                payload["chat_id"].as_str().and_then(|c| c.parse().ok()).or(payload["chat_id"].as_i64()).unwrap_or(0);
            let mut message =
                json!({ "message_id": inner.next_message_id, "date": 1_764_295_200, "chat": chat_json(chat) });
            if method == "sendphoto" {
                message["photo"] = json!([{ "file_id": "sent-photo", "file_unique_id": "sent-photo-u", "width": 1200, "height": 900 }]);
            } else {
                message["document"] =
                    json!({ "file_id": "sent-doc", "file_unique_id": "sent-doc-u", "file_name": payload["file_name"] });
            }
            ok(message)
        }
        "getfile" => {
            let id = payload["file_id"].as_str().unwrap_or_default().to_string();
            let inner = inner.lock().unwrap();
            match inner.held.get(&id) {
                Some(bytes) => ok(json!({
                    "file_id": id, "file_unique_id": format!("u-{id}"), "file_size": bytes.len(),
                    "file_path": format!("documents/{id}.pdf")
                })),
                None => (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})),
                )
                    .into_response(),
            }
        }
        "copymessage" => {
            let mut inner = inner.lock().unwrap();
            inner.next_message_id += 1;
            ok(json!({ "message_id": inner.next_message_id }))
        }
        _ => ok(json!(true)),
    }
}

/// `GET /file/bot<token>/<path>`: a held file's bytes.
async fn download(State(inner): State<Arc<Mutex<Inner>>>, Path((_, path)): Path<(String, String)>) -> Response {
    let id = path.rsplit('/').next().unwrap_or_default().trim_end_matches(".pdf");
    match inner.lock().unwrap().held.get(id) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The file part of a multipart/form-data body, byte for byte: (file name, bytes).
fn uploaded_file(headers: &axum::http::HeaderMap, body: &[u8]) -> Option<(String, Vec<u8>)> {
    let content_type = headers.get("content-type")?.to_str().ok()?;
    let boundary = content_type.split("boundary=").nth(1)?.trim_matches('"');
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..].windows(needle.len()).position(|w| w == needle).map(|i| i + from)
    };
    let name_at = find(body, b"; filename=\"", 0)? + b"; filename=\"".len();
    let name_end = find(body, b"\"", name_at)?;
    let start = find(body, b"\r\n\r\n", name_end)? + 4;
    let end = find(body, format!("\r\n--{boundary}").as_bytes(), start)?;
    Some((String::from_utf8_lossy(&body[name_at..name_end]).into_owned(), body[start..end].to_vec()))
}

/// The text fields of a multipart/form-data body (teloxide sends setWebhook that way).
fn multipart_fields(body: &str) -> Value {
    let mut fields = serde_json::Map::new();
    for part in body.split("Content-Disposition: form-data; name=\"").skip(1) {
        let Some((name, rest)) = part.split_once('"') else { continue };
        if let Some(file_name) = rest.strip_prefix("; filename=\"").and_then(|r| r.split('"').next()) {
            // teloxide names the file part after an attachment id ("attach://…"); keep its file name.
            let _ = name;
            fields.insert("file_name".to_string(), Value::from(file_name));
            continue;
        }
        let Some((_, value)) = rest.split_once("\r\n\r\n") else { continue };
        let value = value.split("\r\n--").next().unwrap_or_default();
        fields.insert(name.to_string(), Value::from(value.trim_matches('"')));
    }
    Value::Object(fields)
}

pub fn user(id: i64, name: &str) -> Value {
    json!({ "id": id, "is_bot": false, "first_name": name })
}

/// A text message in a chat.
pub fn message(id: i64, chat: i64, from: i64, text: &str) -> Value {
    json!({ "message_id": id, "date": 1_764_295_200, "chat": chat_json(chat), "from": user(from, "Lan"), "text": text })
}

/// A PDF sent to a chat as a document, held by the fake as `file_id`, with its caption.
pub fn document_message(id: i64, chat: i64, from: i64, file_id: &str, name: &str, caption: &str) -> Value {
    let mut message = message(id, chat, from, "");
    message.as_object_mut().unwrap().remove("text");
    message["document"] = json!({"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": name,
        "mime_type": "application/pdf", "file_size": 1234});
    message["caption"] = json!(caption);
    message
}
