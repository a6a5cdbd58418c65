//! The web page in a real browser: headless Chromium signs in with a link, filters the grid by words
//! typed without diacritics, opens a task, and leaves screenshots in `target/tmp/screenshots/` for a
//! person to look at. Chromium is Debian's `chromium` (`.ci/run` installs it); without it the test says
//! it was skipped, except under CI=true, where it must run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::served::Served;

const NOW: &str = "2026-11-28T09:00:00+07:00";
const PLAN: &str = "quang-ngai-16-kh-ubnd-2022";

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let found = Command::new("sh").args(["-c", &format!("command -v {name}")]).output().ok()?;
        let path = String::from_utf8(found.stdout).ok()?.trim().to_string();
        (found.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
    })
}

/// One browser run with a profile that keeps its cookies between runs, as a person's browser does.
fn browse(chromium: &Path, profile: &Path, args: &[&str], url: &str) -> String {
    let out = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The references of the grid's rows, in order.
fn rows(dom: &str) -> Vec<String> {
    dom.split("<td class=\"ref\">")
        .skip(1)
        .filter_map(|row| row.split("</a>").next()?.rsplit('>').next().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_filter_the_grid_and_open_a_task_in_chromium() {
    let Some(chromium) = chromium() else {
        assert!(!common::under_ci(), "CI=true: Chromium must be installed (.ci/run installs it)");
        eprintln!("skipped: no Chromium on this machine");
        return;
    };
    let (dir, db) = common::sqlite_url();
    common::console(&db, NOW, "dac-khu-ly-son", "cập nhật III.9: đã hoàn thành, đã thành lập 2 tổ hợp tác\n");
    common::console(&db, NOW, "syt", "cập nhật III.8 40% đang rà soát quỹ đất\n");
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    let base = format!("http://{address}");
    let served = Served::start(&db, "http://127.0.0.1:9", NOW, &["--web-listen", &address], &[]);
    for _ in 0..200 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(["--database", &db, "--now", NOW, "web-link", "--agency", "snnmt", "--web-listen", &address])
        .output()
        .unwrap();
    let link = String::from_utf8(out.stdout).unwrap().lines().last().unwrap().to_string();
    let profile = dir.path().join("chromium-profile");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let window = "--window-size=1400,1000";

    // Without signing in, the browser is sent to the explanation.
    let before = browse(&chromium, &profile, &["--dump-dom"], &format!("{base}/web/bang"));
    assert!(before.contains("gõ /web trong nhóm chat") && rows(&before).is_empty(), "{before}");

    let signed = browse(&chromium, &profile, &["--dump-dom"], &link);
    assert!(signed.contains("Đã đăng nhập"), "{signed}");

    // The grid, filtered by words typed without diacritics: the cooperative task only.
    let filtered = format!("{base}/web/bang?plan={PLAN}&q=hop+tac+xa");
    let grid = browse(&chromium, &profile, &["--dump-dom"], &filtered);
    assert_eq!(rows(&grid), ["III.9"], "{grid}");
    assert!(grid.contains("Đặc khu Lý Sơn") || grid.contains("UBND các xã"), "the communes' column: {grid}");
    assert!(grid.contains("value=\"hop tac xa\""), "the filter keeps what was typed");
    let whole = browse(&chromium, &profile, &["--dump-dom"], &format!("{base}/web/bang?plan={PLAN}"));
    assert_eq!(rows(&whole).len(), 22, "every task without a filter");
    assert!(whole.contains("class=\"cell st_prog\""), "Sở Y tế's task in progress is coloured");
    browse(
        &chromium,
        &profile,
        &[window, &format!("--screenshot={}", shots.join("grid.png").display())],
        &format!("{base}/web/bang?plan={PLAN}"),
    );

    // A task with its reports.
    let task = browse(&chromium, &profile, &["--dump-dom"], &format!("{base}/web/nhiem-vu/{PLAN}/III.9"));
    assert!(task.contains("Hướng dẫn, vận động các xã, phường, thị trấn xây dựng mô hình hợp tác xã"), "{task}");
    assert!(task.contains("đã thành lập 2 tổ hợp tác") && task.contains("chờ"), "the report, awaiting review: {task}");
    browse(
        &chromium,
        &profile,
        &[window, &format!("--screenshot={}", shots.join("task.png").display())],
        &format!("{base}/web/nhiem-vu/{PLAN}/III.9"),
    );
    browse(
        &chromium,
        &profile,
        &["--window-size=390,844", &format!("--screenshot={}", shots.join("phone.png").display())],
        &format!("{base}/web/"),
    );

    for name in ["grid.png", "task.png", "phone.png"] {
        let png = std::fs::read(shots.join(name)).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{name}: a screenshot with something on it");
    }
    drop(served);
}
