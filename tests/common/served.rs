//! `phoihop serve` as a child process of a test, talking to the test's fake servers.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TELEGRAM_TOKEN: &str = "123456:FAKE-TOKEN-FOR-TESTS";

/// `phoihop --database DB --now NOW serve` against the fake Bot API at `telegram_url`. Scheduled sends
/// are off (tests of conversations should not get last week's digest); a test of the schedule sets
/// `PHOIHOP_SCHEDULE_SECONDS` itself.
pub fn command(db: &str, telegram_url: &str, now: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phoihop"));
    cmd.args(["--database", db, "--now", now, "serve"])
        .env("TELOXIDE_TOKEN", TELEGRAM_TOKEN)
        .env("TELOXIDE_API_URL", telegram_url)
        .env("RUST_LOG", "phoihop=info")
        .env("PHOIHOP_SCHEDULE_SECONDS", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    cmd
}

/// A running `serve`, killed when dropped.
pub struct Served(pub Child);

impl Served {
    pub fn start(db: &str, telegram_url: &str, now: &str, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = command(db, telegram_url, now);
        cmd.args(extra);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Served(cmd.spawn().unwrap())
    }

    /// SIGTERM, then the time it took to exit and whether it exited cleanly.
    pub fn stop(mut self) -> (Duration, bool) {
        let started = Instant::now();
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return (started.elapsed(), status.success());
            }
            assert!(started.elapsed() < Duration::from_secs(15), "serve did not stop after SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no shutdown, no flushing; whatever was in flight is cut.
    pub fn kill9(&mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
