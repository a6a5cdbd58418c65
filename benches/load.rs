//! End to end under load: a fake Bot API in this process feeds N chats × M messages to `phoihop serve`
//! (a separate process, the real binary) and to a bare teloxide echo bot (this same executable, started
//! again in the echo role), one after the other in the same run, and measures updates handled per second,
//! the latency from delivery (getUpdates answering) to reply (sendMessage arriving), and the peak RSS of
//! each process. Each chat waits for its reply before sending the next message, as people do. Rounds
//! alternate the systems, and the median round of each is shown; the CPU time per update of the bot and
//! of the whole machine says where the time goes, and a third run (the floor) sends phoihop only a
//! question that needs no statement of the core, which leaves the cost of the durable pipeline itself.
//!
//! `cargo bench --bench load` (SQLite; PostgreSQL too when `PHOIHOP_TEST_POSTGRES` names a server).
//! `PHOIHOP_LOAD_CHATS`, `PHOIHOP_LOAD_MESSAGES`, `PHOIHOP_LOAD_ROUNDS` change the load (50, 100, 3);
//! `PHOIHOP_LOAD_JSON=FILE` also writes the figures as JSON; `PHOIHOP_LOAD_LOG=FILE` keeps phoihop's log
//! (each run's appended under a line naming its mix), filtered by `PHOIHOP_LOAD_RUST_LOG` (e.g.
//! `sqlx::query=debug` to see each statement and its time).

use std::collections::{HashMap, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

mod common;

const TOKEN: &str = "123456:LOAD-BENCH-FAKE-TOKEN";
const ROLE: &str = "PHOIHOP_BENCH_ROLE";

fn main() {
    if std::env::var(ROLE).as_deref() == Ok("echo") {
        return echo_bot();
    }
    // `cargo bench` passes `--bench`; any other argument is a filter criterion would take: ignore.
    let chats: i64 = env_number("PHOIHOP_LOAD_CHATS", 50);
    let messages: usize = env_number("PHOIHOP_LOAD_MESSAGES", 100);
    let rounds: usize = env_number("PHOIHOP_LOAD_ROUNDS", 3).max(1);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut figures = Vec::new();
    runtime.block_on(async {
        let (_dir, sqlite) = sqlite_url();
        let mut backends = vec![("sqlite", sqlite)];
        if let Some(pg) = common::postgres_url("phoihop_load").await {
            backends.push(("postgres", pg));
        }
        // The national database of `benches/scale.rs`, if it was made: memory and speed at that size.
        let national = std::env::var("PHOIHOP_SCALE_DB").ok().or_else(|| {
            let target = std::path::Path::new(env!("CARGO_BIN_EXE_phoihop")).ancestors().nth(2)?.to_path_buf();
            let file = target.join("phoihop-national.db");
            file.exists().then(|| format!("sqlite://{}", file.display()))
        });
        if let Some(url) = national {
            backends.push(("sqlite, national database", url));
        }
        for (backend, url) in backends {
            let chat_tasks = prepare(&url, chats).await;
            // Rounds taken in turn, so that a slow moment of the machine falls on both; the median of each.
            let (mut echoes, mut bots, mut floors) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..rounds {
                echoes.push(run(System::Echo, &chat_tasks, messages, Mix::Officials).await);
                bots.push(run(System::Phoihop(url.clone()), &chat_tasks, messages, Mix::Officials).await);
                floors.push(run(System::Phoihop(url.clone()), &chat_tasks, messages, Mix::OwnTasks).await);
            }
            let (echo, bot, floor) = (median(echoes), median(bots), median(floors));
            println!("load {backend}: {chats} chats × {messages} messages");
            println!("  echo bot : {}", echo.line());
            println!("  phoihop  : {}", bot.line());
            let ratio = bot.rate / echo.rate;
            println!(
                "  ratio    : phoihop handles {:.2}× the echo bot's rate (goal ≥ 0.50: {})",
                ratio,
                if ratio >= 0.5 { "met" } else { "NOT met" }
            );
            println!("  rounds   : the median of {rounds}, each system in turn");
            println!(
                "  cpu      : per update, echo bot {:.0} µs, phoihop {:.0} µs of its own; the whole machine {:.0} µs and {:.0} µs ({} cores)",
                echo.cpu_us,
                bot.cpu_us,
                echo.machine_cpu_us,
                bot.machine_cpu_us,
                cores()
            );
            println!(
                "  floor    : phoihop answering only \"nhiệm vụ của tôi\" (no statement of the core): {:.0} updates/s, {:.2}× the echo bot, {:.0} µs of CPU per update",
                floor.rate,
                floor.rate / echo.rate,
                floor.cpu_us
            );
            figures.push(json!({
                "backend": backend, "chats": chats, "messages_per_chat": messages, "rounds": rounds,
                "echo": echo.json(), "phoihop": bot.json(), "ratio": ratio, "floor": floor.json(),
            }));
        }
    });
    if let Ok(path) = std::env::var("PHOIHOP_LOAD_JSON") {
        std::fs::write(path, serde_json::to_string_pretty(&figures).unwrap()).unwrap();
    }
}

/// The round of median rate.
fn median(mut runs: Vec<Run>) -> Run {
    runs.sort_by(|a, b| a.rate.total_cmp(&b.rate));
    runs.swap_remove(runs.len() / 2)
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The floor of the framework: teloxide's own dispatcher echoing every text, nothing else.
fn echo_bot() {
    use teloxide::prelude::*;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = std::env::var("TELOXIDE_API_URL").unwrap();
        let bot = Bot::new(TOKEN).set_api_url(url.parse().unwrap());
        teloxide::repl(bot, |bot: Bot, msg: Message| async move {
            if let Some(text) = msg.text() {
                bot.send_message(msg.chat.id, text).await?;
            }
            Ok(())
        })
        .await;
    });
}

enum System {
    Echo,
    Phoihop(String),
}

/// What the chats write: officials' everyday mix, or only the question that needs no statement of the
/// core (its answer comes from the plan in memory), which leaves the cost of the pipeline itself.
#[derive(Clone, Copy)]
enum Mix {
    Officials,
    OwnTasks,
}

struct Run {
    handled: usize,
    seconds: f64,
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_rss_kib: u64,
    extra_messages: usize,
    /// CPU time of the bot's process per update handled, from its first poll to the last reply.
    cpu_us: f64,
    /// Busy time of all the machine's cores per update over the same span: the bot, this load, a database
    /// server.
    machine_cpu_us: f64,
}

impl Run {
    fn line(&self) -> String {
        format!(
            "{:>7.0} updates/s, latency p50 {:.1} ms, p99 {:.1} ms, peak RSS {:.1} MiB ({} updates in {:.2} s{})",
            self.rate,
            self.p50_ms,
            self.p99_ms,
            self.peak_rss_kib as f64 / 1024.0,
            self.handled,
            self.seconds,
            if self.extra_messages > 0 { format!(", {} extra messages", self.extra_messages) } else { String::new() }
        )
    }

    fn json(&self) -> Value {
        json!({
            "updates_per_second": self.rate, "p50_ms": self.p50_ms, "p99_ms": self.p99_ms,
            "peak_rss_kib": self.peak_rss_kib, "updates": self.handled, "seconds": self.seconds,
            "cpu_us_per_update": self.cpu_us, "machine_cpu_us_per_update": self.machine_cpu_us,
        })
    }
}

/// Binds `count` chats to agencies of the served plan that have a part in some task.
async fn prepare(url: &str, count: i64) -> Vec<(i64, String)> {
    let store = phoihop::setup::open(url).await.unwrap();
    let timeline = phoihop::setup::timeline(store.as_ref(), None).await.unwrap();
    let today = phoihop::clock::local_date(chrono::Utc::now());
    phoihop::synthetic::bind_chats(store.as_ref(), timeline.at(today), 10_001, count).await.unwrap()
}

/// The log of one run of phoihop: every run's in one file, each after a line naming its mix.
fn run_log(file: &str, mix: Mix) -> std::fs::File {
    use std::io::Write;
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open(file).unwrap();
    writeln!(log, "=== phoihop run: {}", if let Mix::OwnTasks = mix { "floor" } else { "mix" }).unwrap();
    log
}

/// The `i`th message of a chat: questions, reports and undo, as focal points write them.
fn message_text(mix: Mix, task: &str, i: usize) -> String {
    if let Mix::OwnTasks = mix {
        return "nhiệm vụ của tôi".to_string();
    }
    match i % 5 {
        0 => "nhiệm vụ của tôi".to_string(),
        1 => format!("cập nhật {task}: đang thực hiện {}%", 10 + i),
        2 => format!("nhiem vu {task}"),
        3 => "hoàn tác".to_string(),
        _ => format!("cn {task} dang thuc hien {}%", 10 + i),
    }
}

async fn run(system: System, chats: &[(i64, String)], per_chat: usize, mix: Mix) -> Run {
    // Update ids go on from where an earlier run on the same database stopped, as Telegram's do: a
    // database that has seen id 1 would rightly skip a second update 1.
    let last_update_id = match &system {
        System::Echo => 0,
        System::Phoihop(url) => last_update_id(url).await,
    };
    let fake = LoadFake::start(last_update_id).await;
    let mut child = match &system {
        System::Echo => Command::new(std::env::current_exe().unwrap())
            .env(ROLE, "echo")
            .env("TELOXIDE_API_URL", &fake.url)
            .env("RUST_LOG", "off")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        System::Phoihop(url) => Command::new(env!("CARGO_BIN_EXE_phoihop"))
            .args(["--database", url, "serve"])
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", &fake.url)
            .env("PHOIHOP_TELEGRAM_THROTTLE", "0")
            .env("PHOIHOP_SCHEDULE_SECONDS", "0")
            .env("RUST_LOG", std::env::var("PHOIHOP_LOAD_RUST_LOG").unwrap_or_else(|_| "off".into()))
            .stdout(Stdio::null())
            .stderr(match std::env::var("PHOIHOP_LOAD_LOG") {
                Ok(file) => Stdio::from(run_log(&file, mix)),
                Err(_) => Stdio::null(),
            })
            .spawn()
            .unwrap(),
    };
    fake.wait_polling().await;
    let (cpu_before, machine_before) = (process_cpu(&child), machine_cpu());
    let started = Instant::now();
    let mut senders = Vec::new();
    for (chat, task) in chats.iter().cloned() {
        let fake = fake.clone();
        senders.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(per_chat);
            for i in 0..per_chat {
                fake.push(chat, &message_text(mix, &task, i));
                latencies.push(fake.reply(chat, i).await);
            }
            latencies
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    for s in senders {
        latencies.extend(s.await.unwrap());
    }
    let seconds = started.elapsed().as_secs_f64();
    let (cpu, machine) = (process_cpu(&child) - cpu_before, machine_cpu() - machine_before);
    // Replies split in several messages would skew the pairing: count them.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let extra_messages = fake.sent().saturating_sub(latencies.len());
    let peak_rss_kib = peak_rss_kib(&child);
    let _ = child.kill();
    let _ = child.wait();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)].as_secs_f64() * 1e3;
    Run {
        handled: latencies.len(),
        seconds,
        rate: latencies.len() as f64 / seconds,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        peak_rss_kib,
        extra_messages,
        cpu_us: cpu * 1e6 / latencies.len() as f64,
        machine_cpu_us: machine * 1e6 / latencies.len() as f64,
    }
}

/// Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux for as long as it has existed).
const TICKS: f64 = 100.0;

/// The CPU time a process has used so far (user and system), in seconds (Linux: /proc/PID/stat).
fn process_cpu(child: &Child) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", child.id())).unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces: utime is the 12th.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / TICKS
}

/// The busy time of all cores so far, in seconds (Linux: /proc/stat): user, nice, system, irq and softirq;
/// not idle, I/O wait, time stolen by the hypervisor, or guest time (already counted in user).
fn machine_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().next() else { return 0.0 };
    let ticks: Vec<f64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    [0, 1, 2, 5, 6].iter().filter_map(|&i| ticks.get(i)).sum::<f64>() / TICKS
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The peak resident set of a process (Linux: VmHWM in /proc/PID/status), in KiB.
fn peak_rss_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The highest Telegram update id the database's inbox holds (0 for none). Zalo's ids are not numbers.
async fn last_update_id(url: &str) -> i64 {
    use sqlx::Connection;
    const LAST: &str = "SELECT COALESCE(MAX(CAST(update_id AS BIGINT)), 0) FROM inbox WHERE platform = 'telegram'";
    if url.starts_with("sqlite:") {
        let mut db = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(LAST).fetch_one(&mut db).await.unwrap()
    } else {
        let mut db = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(LAST).fetch_one(&mut db).await.unwrap()
    }
}

fn sqlite_url() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("load.db").display());
    (dir, url)
}

/// A Bot API that answers at once: getUpdates wakes as soon as an update is queued, and every
/// sendMessage is timed against the delivery of the message it answers.
#[derive(Clone)]
struct LoadFake {
    url: String,
    state: Arc<Mutex<FakeState>>,
    queued: Arc<Notify>,
    replied: Arc<Notify>,
}

#[derive(Default)]
struct FakeState {
    updates: VecDeque<Value>,
    next_update_id: i64,
    polls: usize,
    /// Per chat: when each of its messages was handed out, and when each reply arrived.
    delivered: HashMap<i64, Vec<Instant>>,
    replies: HashMap<i64, Vec<Instant>>,
    handed_out: std::collections::HashSet<i64>,
    sent: usize,
}

impl LoadFake {
    /// A fake whose updates are numbered after `last_update_id`.
    async fn start(last_update_id: i64) -> Self {
        let mut fake = LoadFake {
            url: String::new(),
            state: Arc::default(),
            queued: Arc::new(Notify::new()),
            replied: Arc::new(Notify::new()),
        };
        fake.state.lock().unwrap().next_update_id = last_update_id;
        let app = Router::new().route("/{bot}/{method}", post(answer)).with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        fake.url = format!("http://{}/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    fn push(&self, chat: i64, text: &str) {
        let mut state = self.state.lock().unwrap();
        state.next_update_id += 1;
        let id = state.next_update_id;
        state.updates.push_back(json!({
            "update_id": id,
            "message": {
                "message_id": id, "date": 1_764_295_200, "text": text,
                "chat": { "id": chat, "type": "private", "first_name": "Lan" },
                "from": { "id": chat, "is_bot": false, "first_name": "Lan" },
            }
        }));
        drop(state);
        self.queued.notify_waiters();
    }

    /// Waits for the `i`th reply to a chat; returns the time from the delivery of its `i`th message.
    async fn reply(&self, chat: i64, i: usize) -> Duration {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "no reply {i} to chat {chat} within a minute");
            let notified = self.replied.notified();
            {
                let state = self.state.lock().unwrap();
                if let (Some(replied), Some(delivered)) =
                    (state.replies.get(&chat).and_then(|r| r.get(i)), state.delivered.get(&chat).and_then(|d| d.get(i)))
                {
                    return replied.duration_since(*delivered);
                }
            }
            let _ = tokio::time::timeout(Duration::from_secs(30), notified).await;
        }
    }

    async fn wait_polling(&self) {
        for _ in 0..600 {
            if self.state.lock().unwrap().polls > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the bot never polled");
    }

    fn sent(&self) -> usize {
        self.state.lock().unwrap().sent
    }
}

async fn answer(
    State(fake): State<LoadFake>,
    Path((_bot, method)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> axum::Json<Value> {
    let payload: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let ok = |result: Value| axum::Json(json!({ "ok": true, "result": result }));
    match method.to_ascii_lowercase().as_str() {
        "getme" => ok(json!({
            "id": 42, "is_bot": true, "first_name": "Phối hợp", "username": "phoihop_bot",
            "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
            "can_connect_to_business": false, "has_main_web_app": false
        })),
        "getwebhookinfo" => ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": 0 })),
        "getupdates" => {
            let offset = payload["offset"].as_i64().unwrap_or(0);
            let deadline = Instant::now() + Duration::from_secs(payload["timeout"].as_u64().unwrap_or(0).min(5));
            loop {
                let notified = fake.queued.notified();
                {
                    let mut state = fake.state.lock().unwrap();
                    state.polls += 1;
                    state.updates.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
                    let batch: Vec<Value> = state.updates.iter().take(100).cloned().collect();
                    if !batch.is_empty() {
                        let now = Instant::now();
                        for u in &batch {
                            let id = u["update_id"].as_i64().unwrap_or(0);
                            let chat = u["message"]["chat"]["id"].as_i64().unwrap_or(0);
                            // A redelivered update (offset not yet moved) keeps its first delivery time.
                            if state.handed_out.insert(id) {
                                state.delivered.entry(chat).or_default().push(now);
                            }
                        }
                        return ok(Value::Array(batch));
                    }
                }
                if Instant::now() >= deadline {
                    return ok(json!([]));
                }
                let _ = tokio::time::timeout_at(deadline.into(), notified).await;
            }
        }
        "sendmessage" => {
            let mut state = fake.state.lock().unwrap();
            let chat = payload["chat_id"].as_i64().unwrap_or(0);
            state.replies.entry(chat).or_default().push(Instant::now());
            state.sent += 1;
            let id = state.sent as i64;
            drop(state);
            fake.replied.notify_waiters();
            ok(json!({
                "message_id": id, "date": 1_764_295_200, "text": payload["text"],
                "chat": { "id": chat, "type": "private", "first_name": "Lan" },
                "from": { "id": 42, "is_bot": true, "first_name": "Phối hợp", "username": "phoihop_bot" }
            }))
        }
        _ => ok(json!(true)),
    }
}
