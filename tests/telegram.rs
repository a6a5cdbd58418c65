//! `phoihop serve` against a fake Telegram Bot API server started by the test, over HTTP: binding with
//! codes, questions, reports and their undo through the button, migrations, rate limits, duplicates.

mod common;

use std::process::Command;
use std::time::Duration;

use common::fake_telegram::{FakeTelegram, document_message, message, user};
use common::served::Served;
use serde_json::{Value, json};

const NOW: &str = "2026-11-28T09:00:00+07:00";
const COORDINATOR_CHAT: i64 = -1001;
const AGENCY_CHAT: i64 = -2002;
const UPGRADED_CHAT: i64 = -1_000_000_002_002;

fn phoihop(db: &str, args: &[&str]) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_phoihop")).args(["--database", db, "--now", NOW]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The code `phoihop invite` prints on its last line.
fn invite(db: &str, args: &[&str]) -> String {
    let mut all = vec!["invite"];
    all.extend(args);
    phoihop(db, &all).lines().last().unwrap().to_string()
}

fn texts(sent: &[Value]) -> Vec<String> {
    sent.iter().map(|m| m["text"].as_str().unwrap_or_default().to_string()).collect()
}

fn last_text(sent: &[Value]) -> String {
    texts(sent).pop().unwrap_or_default()
}

/// The callback data of the first button of a sent message.
fn button(sent: &Value) -> String {
    sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"].as_str().expect("a button").to_string()
}

fn callback(id: &str, chat: i64, data: &str) -> Value {
    json!({
        "id": id, "from": user(777, "Lan"), "chat_instance": "ci", "data": data,
        "message": message(1, chat, common::fake_telegram::BOT_ID, "…")
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coordinator_and_an_agency_work_through_telegram() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    let coordinator_code = invite(&db, &["snnmt", "--coordinator"]);
    let agency_code = invite(&db, &["syt"]);
    let served = Served::start(&db, &fake.url, NOW, &[], &[]);

    let commands = fake.wait_calls("setMyCommands", 1).await;
    let names: Vec<&str> =
        commands[0]["commands"].as_array().unwrap().iter().map(|c| c["command"].as_str().unwrap()).collect();
    assert!(names.contains(&"nhiemvu") && names.contains(&"ketnoi") && names.contains(&"tim"), "{names:?}");
    assert!(!names.contains(&"moi") && !names.contains(&"xuat") && !names.contains(&"start"), "{names:?}");
    assert!(commands[0]["commands"][0]["description"].as_str().unwrap().contains("Nhiệm vụ"));

    // Bind the coordinator's group, then the agency's (a command addressed to the bot by name).
    fake.push("message", message(1, COORDINATOR_CHAT, 100, &format!("/ketnoi {coordinator_code}")));
    let sent = fake.wait_sent(COORDINATOR_CHAT, 1).await;
    assert!(last_text(&sent).contains("nhóm điều phối"), "{sent:?}");
    assert_eq!(sent[0]["parse_mode"], "HTML");

    fake.push("message", message(2, AGENCY_CHAT, 777, "nhiệm vụ của tôi"));
    let sent = fake.wait_sent(AGENCY_CHAT, 1).await;
    assert!(last_text(&sent).contains("/ketnoi"), "an unbound chat is told how to bind: {sent:?}");
    fake.push("message", message(3, AGENCY_CHAT, 777, "/ketnoi abcd-efgh-jkmn"));
    assert!(last_text(&fake.wait_sent(AGENCY_CHAT, 2).await).contains("Mã không đúng"));
    fake.push("message", message(4, AGENCY_CHAT, 777, &format!("/ketnoi@phoihop_bot {agency_code}")));
    assert!(last_text(&fake.wait_sent(AGENCY_CHAT, 3).await).contains("Sở Y tế"));

    // A question by mention, HTML-escaped names.
    fake.push("message", message(5, AGENCY_CHAT, 777, "@phoihop_bot nhiệm vụ của tôi"));
    let tasks = last_text(&fake.wait_sent(AGENCY_CHAT, 4).await);
    assert!(tasks.contains("III.8") && tasks.contains("Phối hợp"), "{tasks}");
    fake.push("message", message(6, AGENCY_CHAT, 777, "Sở TT&TT làm gì"));
    let other = last_text(&fake.wait_sent(AGENCY_CHAT, 5).await);
    assert!(other.contains("Sở TT&amp;TT"), "escaped for HTML: {other}");

    // Chatter in the group that is neither addressed nor understood gets no answer.
    fake.push("message", message(7, AGENCY_CHAT, 777, "chiều nay họp lúc 3 giờ nhé"));

    // A report, then its undo through the button; the button cannot be pressed twice.
    let update = message(8, AGENCY_CHAT, 777, "cập nhật III.8 40% đang rà soát quỹ đất");
    let id = fake.push("message", update.clone());
    let sent = fake.wait_sent(AGENCY_CHAT, 6).await;
    assert!(last_text(&sent).contains("Đã ghi nhận") && last_text(&sent).contains("40%"), "{sent:?}");
    let undo = button(sent.last().unwrap());
    assert!(undo.len() < 64, "callback data under 64 bytes: {undo}");
    // Telegram delivering the same update again changes nothing.
    fake.push_again(id, "message", update);

    fake.push("callback_query", callback("cb-1", AGENCY_CHAT, &undo));
    let sent = fake.wait_sent(AGENCY_CHAT, 7).await;
    assert!(last_text(&sent).contains("Đã hoàn tác"), "{sent:?}");
    fake.push("callback_query", callback("cb-2", AGENCY_CHAT, &undo));
    fake.push("callback_query", callback("cb-3", AGENCY_CHAT, "b:FORGEDTOKEN12345"));
    let answers = fake.wait_calls("answerCallbackQuery", 3).await;
    assert!(answers[0]["text"].is_null());
    for replayed in &answers[1..] {
        assert!(replayed["text"].as_str().unwrap().contains("không còn hiệu lực"), "{replayed}");
    }

    // An edited message and a channel post are not answered.
    fake.push("edited_message", message(8, AGENCY_CHAT, 777, "cập nhật III.8 50%"));
    fake.push(
        "channel_post",
        json!({"message_id": 1, "date": 1_764_295_200,
        "chat": {"id": -100_777, "type": "channel", "title": "Kênh"}, "text": "nhiệm vụ của tôi"}),
    );

    // A sticker gets no answer; a document whose caption is a report is recorded with the file.
    let mut sticker = message(81, AGENCY_CHAT, 777, "");
    sticker.as_object_mut().unwrap().remove("text");
    sticker["sticker"] = json!({"file_id": "s1", "file_unique_id": "su1", "type": "regular", "width": 512,
        "height": 512, "is_animated": false, "is_video": false});
    fake.push("message", sticker);
    let caption = "cập nhật III.8 42% biên bản khảo sát kèm theo";
    fake.push("message", document_message(82, AGENCY_CHAT, 777, "doc-bien-ban-1", "bien-ban.pdf", caption));
    let sent = fake.wait_sent(AGENCY_CHAT, 8).await;
    assert!(last_text(&sent).contains("42%"), "{sent:?}");

    // The group becomes a supergroup: its binding follows it.
    let mut migrated = message(9, AGENCY_CHAT, 777, "");
    migrated.as_object_mut().unwrap().remove("text");
    migrated["migrate_to_chat_id"] = json!(UPGRADED_CHAT);
    fake.push("message", migrated);
    let mut migrated_from = message(1, UPGRADED_CHAT, 777, "");
    migrated_from.as_object_mut().unwrap().remove("text");
    migrated_from["migrate_from_chat_id"] = json!(AGENCY_CHAT);
    fake.push("message", migrated_from);
    fake.push("message", message(10, UPGRADED_CHAT, 777, "cập nhật III.8 45% đã khảo sát 3 huyện"));
    let sent = fake.wait_sent(UPGRADED_CHAT, 1).await;
    assert!(last_text(&sent).contains("Đã ghi nhận"), "{sent:?}");

    // A 429 and a 500 before success: the reply still arrives.
    fake.fail_next_sends(vec![
        (429, json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}})),
        (500, json!({"ok": false, "error_code": 500, "description": "Internal Server Error"})),
    ]);
    fake.push("message", message(11, COORDINATOR_CHAT, 100, "việc nào quá hạn"));
    let sent = fake.wait_sent(COORDINATOR_CHAT, 2).await;
    assert!(last_text(&sent).contains("III.3") && last_text(&sent).contains("V.4"), "{sent:?}");

    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        fake.sent_to(AGENCY_CHAT).len(),
        8,
        "no answer to chatter, stickers, edits or duplicates: {:?}",
        texts(&fake.sent_to(AGENCY_CHAT))
    );
    assert!(fake.sent_to(-100_777).is_empty());

    let (took, clean) = served.stop();
    assert!(clean && took < Duration::from_secs(10), "stopped cleanly in {took:?}");

    let reports: Vec<Value> = serde_json::from_str(&phoihop(&db, &["reports", "--json"])).unwrap();
    assert_eq!(reports.len(), 3, "{reports:?}");
    assert_eq!((&reports[0]["percent"], &reports[0]["retracted"]), (&json!(40), &json!(true)));
    assert_eq!((&reports[1]["percent"], &reports[1]["note"]), (&json!(42), &json!("biên bản khảo sát kèm theo")));
    assert_eq!(
        (&reports[2]["percent"], &reports[2]["note"], &reports[2]["agency"]),
        (&json!(45), &json!("đã khảo sát 3 huyện"), &json!("syt"))
    );
    let store = phoihop::store::open(&db).await.unwrap();
    let stored = store.all_reports("quang-ngai-16-kh-ubnd-2022").await.unwrap();
    assert_eq!(stored[1].evidence.as_deref(), Some("doc-bien-ban-1"), "the document is kept as evidence");
    assert_eq!(stored[2].chat.chat_id, UPGRADED_CHAT.to_string());
}

async fn unreadable_update_scenario(db: &str) {
    let fake = FakeTelegram::start().await;
    let code = invite(db, &["syt"]);
    let _served = Served::start(db, &fake.url, NOW, &[], &[]);
    fake.push("message", message(1, AGENCY_CHAT, 777, &format!("/ketnoi {code}")));
    fake.wait_sent(AGENCY_CHAT, 1).await;

    // Nested deeper than any JSON parser goes: the whole getUpdates answer is unreadable to the client.
    let deep = format!("{}1{}", "[".repeat(50_000), "]".repeat(50_000));
    let unreadable = fake.push_raw(&format!(r#""message": {deep}"#));
    fake.push("message", message(2, AGENCY_CHAT, 777, "nhiệm vụ của tôi"));
    let sent = fake.wait_sent(AGENCY_CHAT, 2).await;
    assert!(last_text(&sent).contains("III.8"), "the next message is answered: {sent:?}");
    fake.push("message", message(3, AGENCY_CHAT, 777, "việc nào quá hạn"));
    fake.wait_sent(AGENCY_CHAT, 3).await;

    // Kept as received and set aside, not answered and not retried.
    let query = "SELECT state, payload FROM inbox WHERE platform = 'telegram' AND update_id = $1";
    let id = unreadable.to_string();
    let (state, payload): (String, String) = if db.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(db).await.unwrap();
        sqlx::query_as(query).bind(id).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::PgPool::connect(db).await.unwrap();
        sqlx::query_as(query).bind(id).fetch_one(&pool).await.unwrap()
    };
    assert_eq!(state, "failed");
    assert!(payload.len() > 100_000 && payload.contains(r#""update_id""#));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_the_client_cannot_read_is_set_aside_and_the_rest_flow_on_sqlite() {
    let (_dir, db) = common::sqlite_url();
    unreadable_update_scenario(&db).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_the_client_cannot_read_is_set_aside_and_the_rest_flow_on_postgres() {
    if let Some(db) = common::postgres_url().await {
        unreadable_update_scenario(&db).await;
    }
}

/// A lead reports a task done with a document: the coordinator's chat is asked to review it, sees the
/// document copied under the request, and confirms it with the button.
#[tokio::test(flavor = "multi_thread")]
async fn a_result_goes_to_the_coordinator_with_its_document() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    let coordinator_code = invite(&db, &["snnmt", "--coordinator"]);
    let agency_code = invite(&db, &["syt"]);
    let served = Served::start(&db, &fake.url, NOW, &[], &[("PHOIHOP_SCHEDULE_SECONDS", "1")]);
    fake.push("message", message(1, COORDINATOR_CHAT, 100, &format!("/ketnoi {coordinator_code}")));
    fake.push("message", message(2, AGENCY_CHAT, 777, &format!("/ketnoi {agency_code}")));
    fake.wait_sent(AGENCY_CHAT, 1).await;
    let caption = "cập nhật III.8: đã hoàn thành, biên bản nghiệm thu kèm theo";
    fake.push("message", document_message(3, AGENCY_CHAT, 777, "doc-nghiem-thu", "nghiem-thu.pdf", caption));
    wait_until(|| texts(&fake.sent_to(AGENCY_CHAT)).iter().any(|t| t.contains("chờ cơ quan điều phối"))).await;

    let copies = fake.wait_calls("copyMessage", 1).await;
    assert_eq!(
        (&copies[0]["chat_id"], &copies[0]["from_chat_id"], &copies[0]["message_id"]),
        (&json!(COORDINATOR_CHAT), &json!(AGENCY_CHAT), &json!(3)),
        "the document is shown again in the coordinator's chat"
    );
    let request = fake
        .sent_to(COORDINATOR_CHAT)
        .into_iter()
        .find(|m| m["text"].as_str().is_some_and(|t| t.contains("Cần xác nhận kết quả")))
        .expect("a review request");
    let text = request["text"].as_str().unwrap();
    assert!(text.contains("III.8") && text.contains("Sở Y tế") && text.contains("Có tài liệu kèm theo."), "{text}");
    let before = fake.sent_to(COORDINATOR_CHAT).len();
    fake.push("callback_query", callback("cb-review", COORDINATOR_CHAT, &button(&request)));
    let sent = fake.wait_sent(COORDINATOR_CHAT, before + 1).await;
    assert!(last_text(&sent).contains("Đã xác nhận kết quả nhiệm vụ III.8"), "{sent:?}");
    drop(served);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_reply_is_split_under_the_limit() {
    let fake = FakeTelegram::start().await;
    let (dir, db) = common::sqlite_url();
    let seed = common::long_plan(dir.path(), |n| {
        format!("Nhiệm vụ thử số {n} <với> ký tự & đặc biệt, đủ dài để vượt giới hạn một tin nhắn")
    });
    phoihop(&db, &["seed", seed.to_str().unwrap()]);
    // The long plan alone in service, so that the answer is its 300 tasks.
    phoihop(&db, &["plan", "retire", "quang-ngai-16-kh-ubnd-2022"]);
    let code = invite(&db, &["--plan", "dai", "syt"]);
    let _served = Served::start(&db, &fake.url, NOW, &[], &[]);

    fake.push("message", message(1, 4242, 4242, &format!("/ketnoi {code}")));
    fake.wait_sent(4242, 1).await;
    fake.push("message", message(2, 4242, 4242, "nhiệm vụ của tôi"));
    // Throttled to about one message a second per chat, as Telegram wants.
    let mut sent = Vec::new();
    for _ in 0..600 {
        sent = fake.sent_to(4242);
        if sent.last().is_some_and(|m| m["text"].as_str().unwrap_or_default().contains("I.300 ")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let parts = &sent[1..];
    assert!(parts.len() > 1, "split into several messages: {}", parts.len());
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    for part in parts {
        assert!(unescape(part["text"].as_str().unwrap()).chars().count() <= 4096);
    }
    let all: String = parts.iter().map(|p| unescape(p["text"].as_str().unwrap())).collect::<Vec<_>>().join("\n");
    for n in 1..=300 {
        assert!(all.contains(&format!("• I.{n} — ")), "task I.{n} is listed");
    }
}

/// A reply goes out straight after its batch (claimed as it was queued) and is then marked sent: nothing
/// is left pending, and a process killed afterwards sends nothing again after its restart.
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_sent_when_all_goes_quiet_is_never_sent_again() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    let mut served = Served::start(&db, &fake.url, NOW, &[], &[]);
    fake.push("message", message(1, 4242, 4242, "nhiệm vụ của tôi"));
    fake.wait_sent(4242, 1).await;
    let store = phoihop::store::open(&db).await.unwrap();
    let mut pending = store.outbox_open("telegram").await.unwrap();
    for _ in 0..100 {
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        pending = store.outbox_open("telegram").await.unwrap();
    }
    assert_eq!(pending, 0, "the reply was marked sent with nothing else happening");
    served.kill9();
    let _restarted = Served::start(&db, &fake.url, NOW, &[], &[]);
    fake.wait_calls("setMyCommands", 2).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(fake.sent_to(4242).len(), 1, "sent once: {:?}", texts(&fake.sent_to(4242)));
}

#[tokio::test(flavor = "multi_thread")]
async fn webhooks_need_the_secret() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    let code = invite(&db, &["syt"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let url = format!("http://127.0.0.1:{port}/telegram");
    let secret = "a-long-enough-test-secret";
    let _served = Served::start(
        &db,
        &fake.url,
        NOW,
        &["--webhook-listen", &listen, "--webhook-url", &url],
        &[("PHOIHOP_WEBHOOK_SECRET", secret)],
    );
    let set = fake.wait_calls("setWebhook", 1).await;
    assert_eq!((set[0]["url"].as_str(), set[0]["secret_token"].as_str()), (Some(url.as_str()), Some(secret)));

    let client = reqwest::Client::new();
    let update = |id: i64, text: &str| json!({ "update_id": id, "message": message(id, 5151, 5151, text) }).to_string();
    let mut tries = 0;
    let status = loop {
        let sent = client.post(&url).header("content-type", "application/json").body(update(1, "/help")).send().await;
        match sent {
            Ok(r) => break r.status(),
            Err(_) if tries < 100 => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("the webhook never listened: {e}"),
        }
    };
    assert_eq!(status.as_u16(), 401, "a request without the secret is refused");
    let base = format!("http://127.0.0.1:{port}");
    let calls_before = fake.inner.lock().unwrap().calls.len();
    assert_eq!(client.get(format!("{base}/healthz")).send().await.unwrap().status().as_u16(), 200);
    let ready = client.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!((ready.status().as_u16(), ready.text().await.unwrap()), (200, "ready".to_string()));
    assert_eq!(fake.inner.lock().unwrap().calls.len(), calls_before, "health checks never call Telegram");
    let with_secret = |body: String| {
        client
            .post(&url)
            .header("content-type", "application/json")
            .header("X-Telegram-Bot-Api-Secret-Token", secret)
            .body(body)
            .send()
    };
    assert_eq!(with_secret(update(2, &format!("/ketnoi {code}"))).await.unwrap().status().as_u16(), 200);
    assert!(last_text(&fake.wait_sent(5151, 1).await).contains("Sở Y tế"));
    assert!(fake.sent_to(5151).len() == 1, "the refused request was not handled");
}

fn digests_to(fake: &FakeTelegram, chat: i64) -> usize {
    texts(&fake.sent_to(chat)).iter().filter(|t| t.contains("TỔNG HỢP TUẦN 48/2026")).count()
}

async fn wait_until(mut done: impl FnMut() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_weekly_digest_goes_out_once_and_reminders_on_friday() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    common::console(&db, "2026-11-27T10:00:00+07:00", "syt", "cập nhật III.8 40% đang rà soát quỹ đất\n");
    common::console(&db, "2026-11-27T11:00:00+07:00", "dac-khu-ly-son", "cập nhật III.9 vướng mắc về vốn\n");
    // The first coordinator chat, bound before, has blocked the bot by the time the digest goes out.
    let store = phoihop::store::open(&db).await.unwrap();
    let blocked = phoihop::chat::ChatBinding {
        chat: phoihop::chat::ChatKey::new("telegram", "-7001"),
        catalog: "quang-ngai".into(),
        agency: "snnmt".into(),
        coordinator: true,
        plan: None,
        bound_at: chrono::Utc::now(),
    };
    store.bind_chat(&blocked).await.unwrap();
    fake.fail_next_send_to(
        -7001,
        403,
        json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
    );
    let coordinator_code = invite(&db, &["snnmt", "--coordinator"]);
    let syt_code = invite(&db, &["syt"]);
    let sxd_code = invite(&db, &["sxd"]);
    let monday = "2026-11-30T08:05:00+07:00";
    let serve_at = |now: &str| Served::start(&db, &fake.url, now, &[], &[("PHOIHOP_SCHEDULE_SECONDS", "1")]);

    let served = serve_at(monday);
    fake.push("message", message(2, COORDINATOR_CHAT, 100, &format!("/ketnoi {coordinator_code}")));
    fake.push("message", message(3, AGENCY_CHAT, 777, &format!("/ketnoi {syt_code}")));
    fake.push("message", message(4, -3003, 888, &format!("/ketnoi {sxd_code}")));
    wait_until(|| digests_to(&fake, COORDINATOR_CHAT) == 1 && fake.documents_to(COORDINATOR_CHAT).len() == 1).await;
    let digest = texts(&fake.sent_to(COORDINATOR_CHAT)).into_iter().find(|t| t.contains("TỔNG HỢP")).unwrap();
    for part in [
        "Hoàn thành quá hạn",
        "III.8: Sở Y tế — đang thực hiện, 40%",
        "Vướng mắc: 1",
        "III.9 — Đặc khu Lý Sơn: vướng mắc về vốn",
        "chưa có báo cáo nào: III.2 (năm 2022), III.3 (giai đoạn 2021–2025)",
    ] {
        assert!(digest.contains(part), "{part} in {digest}");
    }
    assert_eq!(fake.documents_to(COORDINATOR_CHAT), ["tong-hop-2026-W48.xlsx"]);
    // With its chart, as a picture: a PNG whose bars have the colours of the categories the digest counts.
    assert_eq!(fake.photos_to(COORDINATOR_CHAT), ["bieu-do-2026-W48.png"]);
    let chart = fake.file("bieu-do-2026-W48.png").expect("the chart's bytes");
    let mut reader = png::Decoder::new(std::io::Cursor::new(chart)).read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1200, 900));
    let has = |rgb: [u8; 3]| pixels.chunks(3).any(|p| p == rgb);
    assert!(has([229, 57, 53]) && has([255, 179, 0]), "overdue in red, open in amber");
    assert_eq!(digests_to(&fake, -7001), 0, "the blocked chat is skipped, the others still get theirs");

    // More ticks and a restart send nothing more; agencies are not reminded on a Monday.
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(served);
    let served = serve_at(monday);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(digests_to(&fake, COORDINATOR_CHAT), 1, "exactly once across restarts");
    assert_eq!(fake.documents_to(COORDINATOR_CHAT).len(), 1);
    drop(served);

    // Friday: the agency that reported this week is not reminded, the silent one is, once.
    common::console(&db, "2026-12-02T10:00:00+07:00", "syt", "cập nhật III.8 50% đã trình dự thảo\n");
    let friday = "2026-12-04T09:10:00+07:00";
    let served = serve_at(friday);
    wait_until(|| texts(&fake.sent_to(-3003)).iter().any(|t| t.contains("Nhắc báo cáo tuần 49"))).await;
    let reminder = texts(&fake.sent_to(-3003)).into_iter().find(|t| t.contains("Nhắc báo cáo")).unwrap();
    assert!(
        reminder.contains("Sở Xây dựng") && reminder.contains("III.8") && reminder.contains("cập nhật III.8"),
        "{reminder}"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(served);
    let served = serve_at(friday);
    tokio::time::sleep(Duration::from_secs(3)).await;
    drop(served);
    let reminders = |chat| texts(&fake.sent_to(chat)).iter().filter(|t| t.contains("Nhắc báo cáo")).count();
    assert_eq!(reminders(-3003), 1);
    assert_eq!(reminders(AGENCY_CHAT), 0, "Sở Y tế reported this week");
    assert_eq!(digests_to(&fake, COORDINATOR_CHAT), 1, "no older week is replayed");
}

const SECOND_PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/quang-ngai-nong-thon-moi-2025");
const POVERTY_CHAT: i64 = -1016;
const RURAL_CHAT: i64 = -1125;
const SNNMT_CHAT: i64 = -2016;

/// The second button's data (choices with long labels stand one per row).
fn second_button(sent: &Value) -> String {
    sent["reply_markup"]["inline_keyboard"][1][0]["callback_data"].as_str().expect("two buttons").to_string()
}

/// Two plans of one province served by one bot: each plan's coordinator chat gets its own Monday digest,
/// an agency's tasks come grouped by plan, and a reference both plans have is asked about, then
/// recorded in the plan chosen with a button.
async fn two_plans_scenario(db: &str) {
    let fake = FakeTelegram::start().await;
    phoihop(db, &["seed", SECOND_PLAN]);
    let poverty = invite(db, &["--plan", "quang-ngai-16-kh-ubnd-2022", "snnmt", "--coordinator"]);
    let rural = invite(db, &["--plan", "quang-ngai-nong-thon-moi-2025", "snnmt", "--coordinator"]);
    let snnmt = invite(db, &["snnmt"]);
    let syt = invite(db, &["syt"]);
    let monday = "2026-11-30T08:05:00+07:00";
    let _served = Served::start(db, &fake.url, monday, &[], &[("PHOIHOP_SCHEDULE_SECONDS", "1")]);
    for (k, (chat, code)) in
        [(POVERTY_CHAT, &poverty), (RURAL_CHAT, &rural), (SNNMT_CHAT, &snnmt), (AGENCY_CHAT, &syt)].iter().enumerate()
    {
        fake.push("message", message(k as i64 + 1, *chat, 100 + k as i64, &format!("/ketnoi {code}")));
        fake.wait_sent(*chat, 1).await;
    }

    // Each coordinator chat gets the digest of its own plan, under the plan's heading.
    let digest = |chat: i64| texts(&fake.sent_to(chat)).into_iter().find(|t| t.contains("TỔNG HỢP TUẦN 48/2026"));
    wait_until(|| digest(POVERTY_CHAT).is_some() && digest(RURAL_CHAT).is_some()).await;
    let (to_poverty, to_rural) = (digest(POVERTY_CHAT).unwrap(), digest(RURAL_CHAT).unwrap());
    assert!(to_poverty.contains("📋 Kế hoạch 16/KH-UBND") && !to_poverty.contains("125/KH-UBND"), "{to_poverty}");
    assert!(to_rural.contains("📋 Kế hoạch 125/KH-UBND") && !to_rural.contains("16/KH-UBND"), "{to_rural}");
    assert!(digest(SNNMT_CHAT).is_none() && digest(AGENCY_CHAT).is_none(), "agency chats get no digest");

    // Sở Y tế's tasks, grouped by plan.
    fake.push("message", message(10, AGENCY_CHAT, 777, "nhiệm vụ của tôi"));
    let mine = last_text(&fake.wait_sent(AGENCY_CHAT, 2).await);
    assert!(mine.contains("📋 Kế hoạch 16/KH-UBND") && mine.contains("III.8"), "{mine}");
    assert!(mine.contains("📋 Kế hoạch 125/KH-UBND") && mine.contains("IV.2"), "{mine}");

    // III.2 in Sở NN&MT's own chat: asked, then recorded in the plan pressed.
    fake.push("message", message(11, SNNMT_CHAT, 101, "cập nhật III.2: đã trình UBND tỉnh, đạt 80%"));
    let sent = fake.wait_sent(SNNMT_CHAT, 2).await;
    let question = sent.last().unwrap();
    assert!(question["text"].as_str().unwrap().contains("có trong 2 kế hoạch"), "{question}");
    fake.push("callback_query", callback("cb-plan", SNNMT_CHAT, &second_button(question)));
    let recorded = last_text(&fake.wait_sent(SNNMT_CHAT, 3).await);
    assert!(recorded.contains("Đã ghi nhận") && recorded.contains("Phát triển sản xuất nông nghiệp"), "{recorded}");
    // In the chat of the poverty plan's coordinator, III.2 is that plan's.
    fake.push("message", message(12, POVERTY_CHAT, 100, "cập nhật III.2: đạt 60%"));
    let recorded = last_text(&fake.wait_sent(POVERTY_CHAT, 3).await);
    assert!(recorded.contains("Đã ghi nhận") && recorded.contains("Kỳ báo cáo: năm 2022"), "{recorded}");

    let reports: Vec<Value> = serde_json::from_str(&phoihop(db, &["reports", "--json"])).unwrap();
    let kept: Vec<(&str, i64)> =
        reports.iter().map(|r| (r["plan"].as_str().unwrap(), r["percent"].as_i64().unwrap())).collect();
    assert_eq!(kept, [("quang-ngai-16-kh-ubnd-2022", 60), ("quang-ngai-nong-thon-moi-2025", 80)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_plans_through_telegram_on_sqlite() {
    let (_dir, db) = common::sqlite_url();
    two_plans_scenario(&db).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_plans_through_telegram_on_postgres() {
    if let Some(db) = common::postgres_url().await {
        two_plans_scenario(&db).await;
    }
}

/// `phoihop seed` and `phoihop plan retire` while `serve` runs: the next messages see the change.
async fn plans_change_while_serving(db: &str) {
    let fake = FakeTelegram::start().await;
    let syt = invite(db, &["syt"]);
    let _served = Served::start(db, &fake.url, NOW, &[], &[]);
    fake.push("message", message(1, AGENCY_CHAT, 777, &format!("/ketnoi {syt}")));
    fake.wait_sent(AGENCY_CHAT, 1).await;
    fake.push("message", message(2, AGENCY_CHAT, 777, "nhiệm vụ của tôi"));
    let before = last_text(&fake.wait_sent(AGENCY_CHAT, 2).await);
    assert!(before.contains("III.8") && !before.contains("IV.2 — "), "{before}");

    phoihop(db, &["seed", SECOND_PLAN]);
    let mut after = String::new();
    for k in 0..50 {
        fake.push("message", message(3 + k, AGENCY_CHAT, 777, "nhiệm vụ của tôi"));
        after = last_text(&fake.wait_sent(AGENCY_CHAT, 3 + k as usize).await);
        if after.contains("125/KH-UBND") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(after.contains("📋 Kế hoạch 125/KH-UBND") && after.contains("IV.2 — "), "{after}");

    phoihop(db, &["plan", "retire", "quang-ngai-nong-thon-moi-2025"]);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let sent = fake.sent_to(AGENCY_CHAT).len();
    fake.push("message", message(100, AGENCY_CHAT, 777, "nhiệm vụ của tôi"));
    let retired = last_text(&fake.wait_sent(AGENCY_CHAT, sent + 1).await);
    assert!(retired.contains("III.8") && !retired.contains("125/KH-UBND"), "{retired}");
}

#[tokio::test(flavor = "multi_thread")]
async fn plans_change_while_serving_on_sqlite() {
    let (_dir, db) = common::sqlite_url();
    plans_change_while_serving(&db).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plans_change_while_serving_on_postgres() {
    if let Some(db) = common::postgres_url().await {
        plans_change_while_serving(&db).await;
    }
}
