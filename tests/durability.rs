//! Fault tests: `phoihop serve` killed with SIGKILL in the middle of a burst, a Bot API that fails every
//! other call for a minute, two replicas on one PostgreSQL receiving the same webhooks, and the database
//! going away for ten seconds. Each prints its figures (run with `--nocapture` to see them).

mod common;

use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::fake_telegram::{FakeTelegram, message};
use common::served::Served;
use phoihop::chat::{ChatBinding, ChatKey};
use serde_json::Value;

const NOW: &str = "2026-11-28T09:00:00+07:00";

/// `serve` without pacing: the fake has no rate limits to respect, and pacing would only slow the bursts.
fn serve(db: &str, fake: &FakeTelegram, now: &str, extra: &[&str], env: &[(&str, &str)]) -> Served {
    let mut env = env.to_vec();
    env.extend([("PHOIHOP_TELEGRAM_THROTTLE", "0"), ("RUST_LOG", "phoihop=warn")]);
    Served::start(db, &fake.url, now, extra, &env)
}

/// Binds `count` private chats (ids from `first`) to agencies with a part in some task; returns each
/// chat with the task it reports on.
async fn bind_chats(url: &str, first: i64, count: i64) -> Vec<(i64, String)> {
    let store = phoihop::setup::open(url).await.unwrap();
    let timeline = phoihop::setup::timeline(store.as_ref(), None).await.unwrap();
    let today = phoihop::clock::local_date(phoihop::clock::parse_time(NOW).unwrap());
    phoihop::synthetic::bind_chats(store.as_ref(), timeline.at(today), first, count).await.unwrap()
}

/// The report line a chat sends the `k`th time; its note names both, so that replies and stored reports
/// can be matched to it.
fn report_text(task: &str, chat: i64, k: usize) -> String {
    format!("cập nhật {task}: đang thực hiện, báo cáo số {k} của nhóm {chat}")
}

/// Reports stored, per (chat, k), with their ids (in recording order).
async fn stored_reports(url: &str) -> Vec<(i64, usize, i64)> {
    let store = phoihop::store::open(url).await.unwrap();
    let plan = store.plan_ids().await.unwrap()[0].clone();
    let mut found = Vec::new();
    for r in store.all_reports(&plan).await.unwrap() {
        let note = r.note.clone().unwrap_or_default();
        let Some(rest) = note.split("báo cáo số ").nth(1) else { continue };
        let mut words = rest.split_whitespace();
        let k: usize = words.next().unwrap().parse().unwrap();
        let chat: i64 = words.last().unwrap().parse().unwrap();
        found.push((chat, k, r.id));
    }
    found
}

/// Confirmations the fake received, per (chat, k).
fn confirmations(fake: &FakeTelegram) -> HashMap<(i64, usize), usize> {
    let mut seen = HashMap::new();
    for sent in fake.calls("sendMessage") {
        let text = sent["text"].as_str().unwrap_or_default();
        if !text.contains("Đã ghi nhận") {
            continue;
        }
        let Some(rest) = text.split("báo cáo số ").nth(1) else { continue };
        let mut words = rest.split_whitespace();
        let k: usize = words.next().unwrap().parse().unwrap();
        let chat = sent["chat_id"].as_i64().unwrap();
        *seen.entry((chat, k)).or_insert(0) += 1;
    }
    seen
}

/// Figures of a run: reports sent, recorded, duplicated, lost; replies delivered, duplicated, lost.
#[derive(Debug)]
struct Figures {
    sent: usize,
    recorded: usize,
    duplicated: usize,
    lost: usize,
    replies_delivered: usize,
    replies_duplicated: usize,
    replies_lost: usize,
}

impl Figures {
    async fn of(url: &str, fake: &FakeTelegram, chats: &[(i64, String)], per_chat: usize) -> Self {
        let reports = stored_reports(url).await;
        let mut unique: Vec<(i64, usize)> = reports.iter().map(|&(c, k, _)| (c, k)).collect();
        unique.sort();
        unique.dedup();
        let replies = confirmations(fake);
        let expected = chats.len() * per_chat;
        let delivered_once = chats
            .iter()
            .flat_map(|(c, _)| (1..=per_chat).map(move |k| (*c, k)))
            .filter(|key| replies.contains_key(key))
            .count();
        Figures {
            sent: expected,
            recorded: unique.len(),
            duplicated: reports.len() - unique.len(),
            lost: expected - unique.len(),
            replies_delivered: replies.values().sum(),
            replies_duplicated: replies.values().map(|n| n.saturating_sub(1)).sum(),
            replies_lost: expected - delivered_once,
        }
    }

    fn complete(&self) -> bool {
        self.recorded == self.sent && self.lost == 0 && self.replies_lost == 0
    }
}

/// Waits (up to `limit`) until every report is recorded and confirmed.
async fn settle(url: &str, fake: &FakeTelegram, chats: &[(i64, String)], per_chat: usize, limit: Duration) -> Figures {
    let started = Instant::now();
    loop {
        let figures = Figures::of(url, fake, chats, per_chat).await;
        if figures.complete() || started.elapsed() > limit {
            return figures;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Each chat's reports were recorded in the order it sent them.
async fn assert_in_order(url: &str) {
    let mut by_chat: HashMap<i64, Vec<(i64, usize)>> = HashMap::new();
    for (chat, k, id) in stored_reports(url).await {
        by_chat.entry(chat).or_default().push((id, k));
    }
    for (chat, mut reports) in by_chat {
        reports.sort();
        let ks: Vec<usize> = reports.iter().map(|&(_, k)| k).collect();
        assert!(ks.windows(2).all(|w| w[0] < w[1]), "chat {chat} recorded out of order: {ks:?}");
    }
}

async fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------------------------
// kill -9 in the middle of a burst

async fn a_killed_server_loses_and_doubles_nothing(url: String, backend: &str) {
    const CHATS: i64 = 50;
    const PER_CHAT: usize = 20;
    let fake = FakeTelegram::start().await;
    let chats = bind_chats(&url, 5001, CHATS).await;
    for k in 1..=PER_CHAT {
        for (chat, task) in &chats {
            fake.push("message", message(k as i64, *chat, *chat, &report_text(task, *chat, k)));
        }
    }
    let mut served = serve(&url, &fake, NOW, &[], &[]);
    // Killed early, while reports are still being recorded and confirmations sent.
    wait_for("the first replies", Duration::from_secs(60), || fake.calls("sendMessage").len() >= 10).await;
    served.kill9();
    let replies_at_kill = fake.calls("sendMessage").len();
    let recorded_at_kill = stored_reports(&url).await.len();
    assert!(replies_at_kill < CHATS as usize * PER_CHAT, "the kill came mid-burst ({replies_at_kill} replies)");
    // The chats that still waited for a reply when the process died.
    let waiting: Vec<i64> = chats.iter().map(|(c, _)| *c).filter(|c| fake.sent_to(*c).len() < PER_CHAT).collect();

    // Restarted at once, with Telegram's pacing on as in production: it takes over the dead process's
    // claims without waiting for their leases.
    let restarted_at = Instant::now();
    let _restarted = common::served::Served::start(&url, &fake.url, NOW, &[], &[("RUST_LOG", "phoihop=warn")]);
    let figures = settle(&url, &fake, &chats, PER_CHAT, Duration::from_secs(180)).await;
    let takeover: Vec<Duration> = waiting
        .iter()
        .map(|c| fake.first_delivery_after(*c, restarted_at).map_or(Duration::MAX, |at| at - restarted_at))
        .collect();
    let slowest = takeover.iter().max().copied().unwrap_or_default();
    eprintln!(
        "kill -9 mid-burst ({backend}): killed after {replies_at_kill} replies and {recorded_at_kill} reports; \
         {} chats waiting; first reply after the restart within {:.2} s (slowest chat); {figures:?}",
        waiting.len(),
        slowest.as_secs_f64()
    );
    assert_eq!((figures.recorded, figures.duplicated, figures.lost), (1000, 0, 0), "{figures:?}");
    assert_eq!(figures.replies_lost, 0, "every sender got a confirmation: {figures:?}");
    // A reply the killed process had sent but not yet marked sent goes out again: at most the one message
    // in flight per chat at the moment of the kill (Telegram has no idempotency key to prevent it).
    assert!(figures.replies_duplicated <= CHATS as usize, "{figures:?}");
    assert!(slowest <= Duration::from_secs(5), "every waiting chat heard back within 5 s of the restart: {takeover:?}");
    assert_in_order(&url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_mid_burst_on_sqlite() {
    let (_dir, url) = common::sqlite_url();
    a_killed_server_loses_and_doubles_nothing(url, "sqlite").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_mid_burst_on_postgres() {
    if let Some(url) = common::postgres_url().await {
        a_killed_server_loses_and_doubles_nothing(url, "postgres").await;
    }
}

// ---------------------------------------------------------------------------------------------------------
// A minute of 429s and 500s

#[tokio::test(flavor = "multi_thread")]
async fn every_reply_gets_through_a_minute_of_429_and_500() {
    const CHATS: i64 = 20;
    const ROUNDS: usize = 10;
    let fake = FakeTelegram::start().await;
    let (_dir, url) = common::sqlite_url();
    let chats = bind_chats(&url, 6001, CHATS).await;
    let _served = serve(&url, &fake, NOW, &[], &[]);
    fake.wait_calls("setMyCommands", 1).await;
    let storm = Duration::from_secs(60);
    fake.storm(storm);
    let started = Instant::now();
    // The reports come in through the storm, a round every six seconds.
    for k in 1..=ROUNDS {
        for (chat, task) in &chats {
            fake.push("message", message(k as i64, *chat, *chat, &report_text(task, *chat, k)));
        }
        tokio::time::sleep(storm / ROUNDS as u32).await;
    }
    let figures = settle(&url, &fake, &chats, ROUNDS, Duration::from_secs(90)).await;
    let refused = fake.calls("sendMessage (failed)").len();
    eprintln!("429/500 storm: {refused} calls refused in {:?}; {figures:?}", started.elapsed());
    assert!(refused >= 40, "the storm happened ({refused} refusals)");
    assert!(figures.complete(), "every reply delivered: {figures:?}");
    assert_eq!((figures.duplicated, figures.replies_duplicated), (0, 0), "{figures:?}");
    assert_in_order(&url).await;
}

// ---------------------------------------------------------------------------------------------------------
// Two replicas behind webhooks

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn post(client: &reqwest::Client, port: u16, secret: Option<&str>, body: String) -> u16 {
    let mut request = client.post(format!("http://127.0.0.1:{port}/telegram")).body(body);
    if let Some(s) = secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    request.send().await.map(|r| r.status().as_u16()).unwrap_or(0)
}

async fn wait_ready(client: &reqwest::Client, port: u16) {
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/readyz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("replica on port {port} never became ready");
}

async fn inbox_rows(url: &str) -> i64 {
    use sqlx::Connection;
    let mut db = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM inbox").fetch_one(&mut db).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_webhook_replicas_on_postgres_double_nothing() {
    let Some(url) = common::postgres_url().await else { return };
    const CHATS: i64 = 20;
    const PER_CHAT: usize = 10;
    const SECRET: &str = "replica-secret-123";
    let fake = FakeTelegram::start().await;
    let chats = bind_chats(&url, 7001, CHATS).await;
    let store = phoihop::store::open(&url).await.unwrap();
    let coordinator = ChatKey::new("telegram", "-1001");
    let bound = ChatBinding {
        chat: coordinator.clone(),
        catalog: "quang-ngai".into(),
        agency: "snnmt".into(),
        coordinator: true,
        plan: None,
        bound_at: Utc::now(),
    };
    store.bind_chat(&bound).await.unwrap();

    // Monday morning: last week's digest is due; each replica looks at the schedule every 50 ms.
    let monday = "2026-11-30T09:00:00+07:00";
    let ports = [free_port(), free_port()];
    let started = Instant::now();
    let _replicas: Vec<Served> = ports
        .iter()
        .map(|port| {
            let listen = format!("127.0.0.1:{port}");
            let hook = format!("http://127.0.0.1:{port}/telegram");
            serve(
                &url,
                &fake,
                monday,
                &["--webhook-listen", &listen, "--webhook-url", &hook],
                &[("PHOIHOP_WEBHOOK_SECRET", SECRET), ("PHOIHOP_SCHEDULE_SECONDS", "0.05")],
            )
        })
        .collect();
    let client = reqwest::Client::new();
    for port in ports {
        wait_ready(&client, port).await;
    }

    // The load balancer, unsure, hands every update to both replicas, in either order.
    let mut update_id = 0;
    for k in 1..=PER_CHAT {
        let mut posts = Vec::new();
        for (chat, task) in &chats {
            update_id += 1;
            let body = serde_json::json!({
                "update_id": update_id,
                "message": message(k as i64, *chat, *chat, &report_text(task, *chat, k)),
            })
            .to_string();
            let order = if update_id % 2 == 0 { [ports[0], ports[1]] } else { [ports[1], ports[0]] };
            for port in order {
                let (client, body) = (client.clone(), body.clone());
                posts.push(tokio::spawn(async move { post(&client, port, Some(SECRET), body).await }));
            }
        }
        for p in posts {
            assert_eq!(p.await.unwrap(), 200);
        }
    }
    let figures = settle(&url, &fake, &chats, PER_CHAT, Duration::from_secs(60)).await;
    assert_in_order(&url).await;

    // Bad requests are refused and store nothing; an old update sent again is skipped.
    let stored = inbox_rows(&url).await;
    let update_one = serde_json::json!({"update_id": 1, "message": message(1, 7001, 7001, "nhiệm vụ của tôi")});
    assert_eq!(post(&client, ports[0], None, update_one.to_string()).await, 401);
    assert_eq!(post(&client, ports[0], Some("wrong-secret-000"), update_one.to_string()).await, 401);
    let huge = serde_json::json!({"update_id": 99_999, "message": message(1, 7001, 7001, &"a".repeat(300 * 1024))});
    assert_eq!(post(&client, ports[0], Some(SECRET), huge.to_string()).await, 413);
    assert_eq!(post(&client, ports[1], Some(SECRET), "{\"update_id\": 5, \"message\":".into()).await, 400);
    assert_eq!(post(&client, ports[1], Some(SECRET), "[1, 2, 3]".into()).await, 400);
    assert_eq!(post(&client, ports[1], Some(SECRET), update_one.to_string()).await, 200);
    assert_eq!(inbox_rows(&url).await, stored, "nothing stored for bad or replayed requests");

    // Both replicas have looked at the schedule more than a hundred times by now.
    let rounds = Duration::from_millis(50) * 100;
    tokio::time::sleep(rounds.saturating_sub(started.elapsed()) + Duration::from_secs(1)).await;
    let digests: Vec<Value> = fake
        .sent_to(-1001)
        .into_iter()
        .filter(|m| m["text"].as_str().unwrap_or_default().contains("TỔNG HỢP"))
        .collect();
    let sent_before = fake.calls("sendMessage").len();
    tokio::time::sleep(Duration::from_secs(1)).await;
    eprintln!(
        "two webhook replicas (postgres): {} updates posted twice; {figures:?}; digests sent: {}",
        update_id,
        digests.len()
    );
    assert_eq!((figures.recorded, figures.duplicated, figures.lost), (200, 0, 0), "{figures:?}");
    assert_eq!((figures.replies_delivered, figures.replies_lost, figures.replies_duplicated), (200, 0, 0));
    assert_eq!(digests.len(), 1, "one digest, claimed by one replica");
    assert_eq!(fake.calls("sendMessage").len(), sent_before, "nothing more goes out: no replayed update answered");
}

// ---------------------------------------------------------------------------------------------------------
// The database goes away for ten seconds

/// A PostgreSQL server of this test's own, which it may stop and start (see `.ci/pg-instance`).
struct OwnServer {
    dir: std::path::PathBuf,
}

impl OwnServer {
    fn script() -> &'static str {
        concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/pg-instance")
    }

    fn run(args: &[&str]) {
        let out = Command::new(Self::script()).args(args).output().unwrap();
        assert!(out.status.success(), "pg-instance {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn init() -> (Self, String) {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("phoihop-outage-{}-{port}", std::process::id()));
        Self::run(&["init", dir.to_str().unwrap(), &port.to_string()]);
        (OwnServer { dir }, format!("postgres://postgres@127.0.0.1:{port}/postgres"))
    }

    fn stop(&self) {
        Self::run(&["stop", self.dir.to_str().unwrap()]);
    }

    fn start(&self) {
        Self::run(&["start", self.dir.to_str().unwrap()]);
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = Command::new(Self::script()).args(["destroy", self.dir.to_str().unwrap()]).output();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bot_waits_out_a_database_outage() {
    // Runs wherever the PostgreSQL suite runs; it needs a server of its own to stop.
    if common::postgres_url().await.is_none() {
        return;
    }
    const CHATS: i64 = 5;
    let (server, url) = OwnServer::init();
    let fake = FakeTelegram::start().await;
    let chats = bind_chats(&url, 8001, CHATS).await;
    let _served = serve(&url, &fake, NOW, &[], &[]);
    for (chat, task) in &chats {
        fake.push("message", message(1, *chat, *chat, &report_text(task, *chat, 1)));
    }
    let before = settle(&url, &fake, &chats, 1, Duration::from_secs(30)).await;
    assert!(before.complete(), "{before:?}");

    server.stop();
    let stopped = Instant::now();
    for k in 2..=4 {
        for (chat, task) in &chats {
            fake.push("message", message(k as i64, *chat, *chat, &report_text(task, *chat, k)));
        }
    }
    // Every chat hears that its messages wait, once, and nothing else while the database is away.
    let busy = |fake: &FakeTelegram, chat: i64| {
        fake.sent_to(chat).iter().filter(|m| m["text"].as_str().unwrap_or_default().contains("tạm mất kết nối")).count()
    };
    wait_for("busy notices", Duration::from_secs(20), || chats.iter().all(|(c, _)| busy(&fake, *c) >= 1)).await;
    let replies_during = confirmations(&fake).len();
    tokio::time::sleep(Duration::from_secs(10).saturating_sub(stopped.elapsed())).await;
    assert_eq!(confirmations(&fake).len(), replies_during, "no answers while the database is away");
    server.start();

    let figures = settle(&url, &fake, &chats, 4, Duration::from_secs(60)).await;
    eprintln!("database outage ({:?}): {figures:?}", stopped.elapsed());
    assert!(figures.complete(), "caught up: {figures:?}");
    assert_eq!((figures.duplicated, figures.replies_duplicated), (0, 0), "{figures:?}");
    assert!(chats.iter().all(|(c, _)| busy(&fake, *c) == 1), "one notice per chat per outage");
    assert_in_order(&url).await;
}

// ---------------------------------------------------------------------------------------------------------
// a database that refuses a request (a bug, not an outage)

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_update_is_answered_once_and_never_retried() {
    let (_dir, url) = common::sqlite_url();
    let fake = FakeTelegram::start().await;
    let chats = bind_chats(&url, 9001, 1).await;
    let (chat, task) = chats[0].clone();
    // Every new report breaks a rule of the database, as a bug would: no retry can help.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(url.trim_start_matches("sqlite://"));
    let mut db = sqlx::ConnectOptions::connect(&options).await.unwrap();
    sqlx::query("CREATE TRIGGER refuse BEFORE INSERT ON reports BEGIN SELECT RAISE(ABORT, 'a bug'); END")
        .execute(&mut db)
        .await
        .unwrap();
    let _served = serve(&url, &fake, NOW, &[], &[]);
    fake.push("message", message(1, chat, chat, &report_text(&task, chat, 1)));
    let sent = fake.wait_sent(chat, 1).await;
    assert!(sent[0]["text"].as_str().unwrap().contains("Xin lỗi, có lỗi khi xử lý tin nhắn này"), "{sent:?}");
    // The next message of the chat is not held up behind it.
    fake.push("message", message(2, chat, chat, "nhiệm vụ của tôi"));
    let sent = fake.wait_sent(chat, 2).await;
    assert!(sent[1]["text"].as_str().unwrap().contains("Nhiệm vụ của"), "{sent:?}");
    // Set aside after one attempt: no busy notice, no second try, one answer.
    let (state, attempts): (String, i32) =
        sqlx::query_as("SELECT state, attempts FROM inbox WHERE update_id = (SELECT MIN(update_id) FROM inbox)")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!((state.as_str(), attempts), ("failed", 1));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.sent_to(chat).len(), 2, "answered once: {:?}", fake.sent_to(chat));
    assert!(!fake.sent_to(chat).iter().any(|m| m["text"].as_str().unwrap_or_default().contains("tạm mất kết nối")));
}
