//! Helpers shared by the integration tests: real databases, never mocks.
#![allow(dead_code)]

pub mod chats;
pub mod fake_telegram;
pub mod fake_zalo;
pub mod served;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use phoihop::store::Store;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// A fresh SQLite database file in its own temporary directory (kept alive by the returned guard).
pub fn sqlite_url() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("phoihop.db").display());
    (dir, url)
}

pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// A fresh, empty PostgreSQL database on the server named by `PHOIHOP_TEST_POSTGRES`, or `None` (with a
/// note) when there is no server — which fails the test under `CI=true`.
pub async fn postgres_url() -> Option<String> {
    let Ok(server) = std::env::var("PHOIHOP_TEST_POSTGRES") else {
        assert!(
            !under_ci(),
            "PHOIHOP_TEST_POSTGRES is not set under CI: the PostgreSQL suite must run (use .ci/with-postgres)"
        );
        eprintln!("skipped: PostgreSQL tests need PHOIHOP_TEST_POSTGRES (see .ci/with-postgres)");
        return None;
    };
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "phoihop_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
    );
    let mut admin = PgConnection::connect(&server).await.expect("connect to the test PostgreSQL server");
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    let base = server.rsplit_once('/').map(|(b, _)| b).unwrap_or(&server);
    Some(format!("{base}/{name}"))
}

/// Writes a plan directory "dai" under `dir` in which Sở Y tế leads 300 tasks titled by `title(n)` — far more
/// than one chat message holds — next to the bundled catalog; returns its path.
pub fn long_plan(dir: &std::path::Path, title: impl Fn(usize) -> String) -> std::path::PathBuf {
    let mut plan = String::from(
        "[plan]\nid = \"dai\"\ncatalog = \"quang-ngai\"\ncode = \"1/KH\"\ntitle = \"Kế hoạch dài\"\nissuer = \"UBND\"\n\
         issued = 2024-01-01\ncoordinator = \"syt\"\nends = 2030\n\n[[section]]\nid = \"I\"\ntitle = \"Mục một\"\n",
    );
    for n in 1..=300 {
        plan.push_str(&format!(
            "\n[[task]]\nref = \"I.{n}\"\ntitle = \"{}\"\nlead = [\"syt\"]\nproduct = \"Báo cáo\"\ntimeframe = \"Hàng năm\"\n",
            title(n)
        ));
    }
    let seed = dir.join("dai");
    std::fs::create_dir_all(&seed).unwrap();
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/quang-ngai-16-kh-ubnd-2022/catalog.toml");
    std::fs::copy(catalog, seed.join("catalog.toml")).unwrap();
    std::fs::write(seed.join("plan.toml"), plan).unwrap();
    seed
}

/// The core on the database at `url` (seeded with the bundled plan), in Vietnamese, default settings.
pub async fn core(url: &str) -> (Arc<dyn Store>, phoihop::bot::Bot) {
    let store = phoihop::setup::open(url).await.unwrap();
    let timeline = phoihop::setup::timeline(store.as_ref(), None).await.unwrap();
    let bot = phoihop::bot::Bot::new(
        store.clone(),
        Arc::new(phoihop::bot::Plans::one(timeline)),
        Arc::new(phoihop::i18n::Messages::load().unwrap()),
        phoihop::i18n::Lang::Vi,
        phoihop::bot::Settings::default(),
    );
    (store, bot)
}

/// Runs each named `async fn(Harness)` as a test on SQLite and on PostgreSQL, where the test file's
/// `Harness::new(url)` builds what they need.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (_dir, url) = $crate::common::sqlite_url();
                    super::$name(super::Harness::new(&url).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(url) = $crate::common::postgres_url().await {
                        super::$name(super::Harness::new(&url).await).await;
                    }
                }
            )*
        }
    };
}

pub async fn sqlite_store() -> (tempfile::TempDir, Arc<dyn Store>) {
    let (dir, url) = sqlite_url();
    (dir, phoihop::store::open(&url).await.expect("open SQLite"))
}

pub async fn postgres_store() -> Option<Arc<dyn Store>> {
    let url = postgres_url().await?;
    Some(phoihop::store::open(&url).await.expect("open PostgreSQL"))
}

/// Runs a console chat as an agency at a given time, feeding it `input` (reports seeded the way people
/// make them).
pub fn console(db: &str, now: &str, agency: &str, input: &str) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(["--database", db, "--now", now, "chat", "--agency", agency])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
}
