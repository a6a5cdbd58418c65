//! `phoihop serve --telegram --zalo` against fake Telegram and Zalo servers: an agency on Zalo and the
//! coordinator on Telegram working on one plan.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::fake_telegram::{FakeTelegram, message};
use common::fake_zalo::FakeZalo;
use serde_json::json;

const ZALO_TOKEN: &str = "7777777:ZALO-SECRET-TOKEN-NEVER-LOGGED";

fn invite(db: &str, args: &[&str]) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_phoihop")).args(["--database", db, "invite"]).args(args).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().last().unwrap().to_string()
}

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(
    db: &str,
    telegram: &FakeTelegram,
    zalo: &FakeZalo,
    args: &[&str],
    env: &[(&str, &str)],
    log: &std::path::Path,
) -> Served {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phoihop"));
    cmd.args(["--database", db, "--now", "2026-11-25T10:00:00+07:00", "serve"])
        .args(args)
        .env("TELOXIDE_TOKEN", "123456:FAKE-TOKEN-FOR-TESTS")
        .env("TELOXIDE_API_URL", &telegram.url)
        .env("ZALO_BOT_TOKEN", ZALO_TOKEN)
        .env("ZALO_API_URL", &zalo.url)
        .env("RUST_LOG", "debug")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    Served(cmd.spawn().unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agency_on_zalo_and_the_coordinator_on_telegram() {
    let (telegram, zalo) = (FakeTelegram::start().await, FakeZalo::start().await);
    let (dir, db) = common::sqlite_url();
    let coordinator = invite(&db, &["snnmt", "--coordinator"]);
    let syt = invite(&db, &["syt"]);
    let nnmt = invite(&db, &["snnmt"]);
    let log = dir.path().join("serve.log");
    let served = serve(&db, &telegram, &zalo, &["--telegram", "--zalo"], &[], &log);

    telegram.push("message", message(1, -1001, 100, &format!("/ketnoi {coordinator}")));
    assert!(telegram.wait_sent(-1001, 1).await[0]["text"].as_str().unwrap().contains("điều phối"));

    // A Zalo chat id that is also a Telegram id stays a different chat.
    zalo.text("-1001", false, "u1", "nhiệm vụ của tôi");
    assert!(zalo.wait_sent("-1001", 1).await[0].contains("/ketnoi"), "unbound on Zalo");

    // In a group the bot is mentioned, in whatever case: the command after the mention still counts.
    zalo.text("zc-syt", true, "u2", &format!("@Bot.PhoiHop /ketnoi {syt}"));
    assert!(zalo.wait_sent("zc-syt", 1).await[0].contains("Sở Y tế"));
    zalo.text("zc-syt", true, "u2", "@bot.phoihop nhiệm vụ của tôi");
    assert!(zalo.wait_sent("zc-syt", 2).await[1].contains("III.8"));

    let id = zalo.text("zc-syt", true, "u2", "cập nhật III.8 40% đang rà soát quỹ đất");
    let sent = zalo.wait_sent("zc-syt", 3).await;
    assert!(sent[2].contains("Đã ghi nhận") && sent[2].contains("Hoàn tác: /hoantac"), "{}", sent[2]);
    assert!(!sent[2].contains("<b>") && !sent[2].contains("&amp;"), "no HTML on Zalo");
    zalo.again(&id, "zc-syt", "u2", "cập nhật III.8 40% đang rà soát quỹ đất");

    // A numbered choice, answered with its number; a 429 and a 500 on the way.
    zalo.text("zc-syt", true, "u2", "cập nhật nhiệm vụ 8 đạt 60%, đã khảo sát");
    let sent = zalo.wait_sent("zc-syt", 4).await;
    assert!(sent[3].contains("1. III.8"), "{}", sent[3]);
    zalo.fail_next_sends(vec![
        (429, json!({"ok": false, "error_code": 429, "description": "Too many requests"})),
        (500, json!({"ok": false, "error_code": 500, "description": "Internal error"})),
    ]);
    zalo.text("zc-syt", true, "u2", "1");
    let sent = zalo.wait_sent("zc-syt", 5).await;
    assert!(sent[4].contains("Đã ghi nhận") && sent[4].contains("60%"), "{}", sent[4]);

    // A long answer is split under 2,000 characters (checked by the fake on every send).
    zalo.text("zc-ld", false, "u3", &format!("/ketnoi {nnmt}"));
    zalo.wait_sent("zc-ld", 1).await;
    zalo.text("zc-ld", false, "u3", "nhiệm vụ của tôi");
    zalo.wait_sent("zc-ld", 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let parts = zalo.sent_to("zc-ld");
    assert!(parts.len() >= 3, "the 21 tasks of the coordinator take more than one message: {parts:?}");
    let all = parts[1..].join("\n");
    for task in ["I.1", "III.2", "V.4"] {
        assert!(all.contains(&format!("• {task} — ")), "{task}");
    }

    // The Zalo agency's report is in the coordinator's digest on Telegram. (The scheduler may also have
    // sent last week's digest to the newly bound coordinator chat: this week's is the one asked for.)
    telegram.push("message", message(2, -1001, 100, "/tonghop"));
    let mut digest = String::new();
    for _ in 0..200 {
        let texts: Vec<String> =
            telegram.sent_to(-1001).iter().map(|m| m["text"].as_str().unwrap_or_default().to_string()).collect();
        if let Some(d) = texts.into_iter().find(|t| t.contains("TỔNG HỢP TUẦN 48/2026")) {
            digest = d;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(digest.contains("III.8: Sở Y tế — đang thực hiện, 60%"), "{digest}");

    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(zalo.sent_to("zc-syt").len(), 5, "the duplicate event got no second answer");
    drop(served);
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(log.contains("connected to the Zalo Bot API"), "{log}");
    assert!(!log.contains("ZALO-SECRET-TOKEN"), "the Zalo token never appears in logs");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_zalo_webhook_needs_the_secret() {
    let (telegram, zalo) = (FakeTelegram::start().await, FakeZalo::start().await);
    let (dir, db) = common::sqlite_url();
    let code = invite(&db, &["syt"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/zalo");
    let secret = "zalo-webhook-secret-for-tests";
    let _served = serve(
        &db,
        &telegram,
        &zalo,
        &["--zalo", "--zalo-webhook-listen", &format!("127.0.0.1:{port}"), "--zalo-webhook-url", &url],
        &[("ZALO_WEBHOOK_SECRET", secret)],
        &dir.path().join("serve.log"),
    );
    let event = |id: &str, text: &str| {
        json!({"event_name": "message.text.received", "message": {"message_id": id, "date": 1, "text": text,
            "from": {"id": "u9", "name": "Hoa"}, "chat": {"id": "zw", "chat_type": "PRIVATE"}}})
        .to_string()
    };
    let client = reqwest::Client::new();
    let post = |body: String, secret: Option<&str>| {
        let mut request = client.post(&url).header("content-type", "application/json").body(body);
        if let Some(s) = secret {
            request = request.header("X-Bot-Api-Secret-Token", s);
        }
        request.send()
    };
    let mut status = None;
    for _ in 0..100 {
        if let Ok(r) = post(event("w1", "/help"), None).await {
            status = Some(r.status().as_u16());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, Some(401), "no secret, refused");
    assert_eq!(post(event("w2", "/help"), Some("zalo-webhook-secret-for-testz")).await.unwrap().status().as_u16(), 401);
    assert_eq!(post(event("w3", &format!("/ketnoi {code}")), Some(secret)).await.unwrap().status().as_u16(), 200);
    assert!(zalo.wait_sent("zw", 1).await[0].contains("Sở Y tế"));
    assert_eq!(zalo.sent_to("zw").len(), 1, "the refused requests were not handled");
    let set = zalo.calls("setWebhook");
    assert_eq!((set[0]["url"].as_str(), set[0]["secret_token"].as_str()), (Some(url.as_str()), Some(secret)));
}
