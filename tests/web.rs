//! The web page over HTTP, as `phoihop serve --web-listen` serves it: sign-in links asked for in a
//! Telegram chat (against the fake Bot API) or on the command line, used once and within minutes;
//! sessions ended from the chat; nothing shown without one; an agency's session kept to its own.

mod common;

use std::process::Command;
use std::time::Duration;

use common::fake_telegram::{FakeTelegram, document_message, message};
use common::served::Served;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE, USER_AGENT};
use serde_json::json;

const NOW: &str = "2026-11-28T09:00:00+07:00";
const COORDINATOR_CHAT: i64 = -1001;
const AGENCY_CHAT: i64 = -2002;
const PLAN: &str = "quang-ngai-16-kh-ubnd-2022";

fn phoihop(db: &str, now: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(["--database", db, "--now", now])
        .args(args)
        .env_remove("PHOIHOP_PUBLIC_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn free_address() -> String {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().to_string()
}

/// A sign-in link made on the command line (its last line).
fn cli_link(db: &str, now: &str, agency: &str, address: &str) -> String {
    phoihop(db, now, &["web-link", "--agency", agency, "--web-listen", address]).lines().last().unwrap().to_string()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn wait_ready(base: &str) {
    for _ in 0..200 {
        if client().get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the web page did not come up at {base}");
}

/// Opens a link: the session cookie it sets (`name=value`), if any.
async fn sign_in(link: &str) -> (StatusCode, Option<String>, Option<String>) {
    let response = client().get(link).send().await.unwrap();
    let set = response.headers().get(SET_COOKIE).map(|v| v.to_str().unwrap().to_string());
    let cookie = set.as_deref().and_then(|c| c.split(';').next()).map(str::to_string);
    (response.status(), cookie, set)
}

async fn get(url: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = client().get(url);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_from_the_chat_signs_in_once_and_the_chat_signs_out() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    let address = free_address();
    let base = format!("http://{address}");
    let code = phoihop(&db, NOW, &["invite", "snnmt", "--coordinator"]).lines().last().unwrap().to_string();
    let served = Served::start(&db, &fake.url, NOW, &["--telegram", "--web-listen", &address], &[]);
    wait_ready(&base).await;

    // Without a session, every page sends to a short explanation that shows nothing of the plan.
    for path in ["/web/", "/web/bang", &format!("/web/nhiem-vu/{PLAN}/III.2"), &format!("/web/tai/{PLAN}/tien-do.xlsx")]
    {
        let response = get(&format!("{base}{path}"), None).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(response.headers()[LOCATION], "/web/gioi-thieu", "{path}");
    }
    let about = get(&format!("{base}/web/gioi-thieu"), None).await;
    let csp = about.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("script-src"), "no scripts at all: {csp}");
    assert_eq!(about.headers()["x-frame-options"], "DENY");
    assert_eq!(about.headers()["referrer-policy"], "no-referrer");
    let text = about.text().await.unwrap();
    assert!(text.contains("gõ /web trong nhóm chat") && !text.contains("16/KH-UBND"), "{text}");

    // `/web` in the coordinator's chat: a link, sent without a preview.
    fake.push("message", message(1, COORDINATOR_CHAT, 100, &format!("/ketnoi {code}")));
    fake.wait_sent(COORDINATOR_CHAT, 1).await;
    fake.push("message", message(2, COORDINATOR_CHAT, 100, "/web"));
    let sent = fake.wait_sent(COORDINATOR_CHAT, 2).await;
    let reply = &sent[1];
    assert_eq!(reply["link_preview_options"]["is_disabled"], json!(true), "{reply}");
    let text = reply["text"].as_str().unwrap();
    let link = text.lines().last().unwrap().trim().to_string();
    assert!(link.starts_with(&format!("{base}/web/vao/")), "{text}");

    // A link preview's fetch does not use it up; the person's does, once.
    let preview = client().get(&link).header(USER_AGENT, "TelegramBot (like TwitterBot)").send().await.unwrap();
    assert!(preview.status().is_success() && preview.headers().get(SET_COOKIE).is_none());
    let checked = client().head(&link).send().await.unwrap();
    assert!(checked.status().is_success() && checked.headers().get(SET_COOKIE).is_none(), "a HEAD signs no one in");
    let (status, cookie, set) = sign_in(&link).await;
    assert_eq!(status, StatusCode::OK);
    let set = set.expect("a session cookie");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/web", "Max-Age=604800"] {
        assert!(set.contains(part), "{part} in {set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP: {set}");
    let cookie = cookie.unwrap();
    let (again, none, _) = sign_in(&link).await;
    assert_eq!((again, none), (StatusCode::FORBIDDEN, None), "a link works once");

    // The session sees the plan: the overview, the grid narrowed to overdue tasks, a task.
    let overview = get(&format!("{base}/web/"), Some(&cookie)).await;
    assert_eq!(overview.status(), StatusCode::OK);
    assert_eq!(overview.headers()["cache-control"], "no-store");
    let page = overview.text().await.unwrap();
    assert!(page.contains("Kế hoạch 16/KH-UBND") && page.contains("Sở Nông nghiệp và Môi trường"), "{page}");
    let grid = get(&format!("{base}/web/bang?plan={PLAN}&state=overdue"), Some(&cookie)).await.text().await.unwrap();
    let shown: Vec<&str> = grid
        .split("<td class=\"ref\"><a href=\"")
        .skip(1)
        .filter_map(|row| row.split('>').nth(1)?.split('<').next())
        .collect();
    assert_eq!(shown, ["III.2", "III.3", "V.4"], "the overdue tasks");
    // A report that came with a file: the coordinator downloads it from its task's page.
    let agency_code = phoihop(&db, NOW, &["invite", "syt"]).lines().last().unwrap().to_string();
    fake.push("message", message(10, AGENCY_CHAT, 777, &format!("/ketnoi {agency_code}")));
    fake.wait_sent(AGENCY_CHAT, 1).await;
    fake.hold_file("doc-bien-ban", b"%PDF-1.4 bien ban khao sat");
    let caption = "cập nhật III.8 40% biên bản khảo sát <script>alert(1)</script> kèm theo";
    fake.push("message", document_message(11, AGENCY_CHAT, 777, "doc-bien-ban", "bien-ban.pdf", caption));
    fake.wait_sent(AGENCY_CHAT, 2).await;
    let task = get(&format!("{base}/web/nhiem-vu/{PLAN}/III.8"), Some(&cookie)).await.text().await.unwrap();
    assert!(task.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !task.contains("<script>"), "text, not markup");
    let href = task.split("href=\"/web/tep/").nth(1).and_then(|rest| rest.split('"').next()).expect("a download link");
    let file = get(&format!("{base}/web/tep/{href}"), Some(&cookie)).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(&file.bytes().await.unwrap()[..], b"%PDF-1.4 bien ban khao sat");

    let workbook = get(&format!("{base}/web/tai/{PLAN}/tien-do.xlsx"), Some(&cookie)).await;
    assert_eq!(workbook.status(), StatusCode::OK);
    assert!(workbook.bytes().await.unwrap().starts_with(b"PK"), "a workbook");

    // The coordinator's own report with a file: not for an agency's session.
    fake.hold_file("doc-ke-hoach", b"%PDF-1.4 ke hoach");
    let caption = "cập nhật III.2: đạt 80%, dự thảo kế hoạch kèm theo";
    fake.push("message", document_message(4, COORDINATOR_CHAT, 100, "doc-ke-hoach", "ke-hoach.pdf", caption));
    fake.wait_sent(COORDINATOR_CHAT, 3).await;
    let task = get(&format!("{base}/web/nhiem-vu/{PLAN}/III.2"), Some(&cookie)).await.text().await.unwrap();
    let coordinators_file = task
        .split("href=\"/web/tep/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a download link")
        .to_string();

    // `/web tat` in the chat ends the session, and voids the link asked for and not used yet.
    fake.push("message", message(5, COORDINATOR_CHAT, 100, "/web"));
    let sent = fake.wait_sent(COORDINATOR_CHAT, 4).await;
    let unused = sent[3]["text"].as_str().unwrap().lines().last().unwrap().trim().to_string();
    fake.push("message", message(6, COORDINATOR_CHAT, 100, "/web tat"));
    let sent = fake.wait_sent(COORDINATOR_CHAT, 5).await;
    assert!(sent[4]["text"].as_str().unwrap().contains("Đã đăng xuất 1 phiên"), "{}", sent[4]);
    let after = get(&format!("{base}/web/"), Some(&cookie)).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "signed out");
    assert_eq!(sign_in(&unused).await.0, StatusCode::FORBIDDEN, "a link from before signing out");

    // A chat bound to another agency no longer signs anyone in as the one before.
    fake.push("message", message(12, AGENCY_CHAT, 777, "/web"));
    let sent = fake.wait_sent(AGENCY_CHAT, 3).await;
    let link = sent[2]["text"].as_str().unwrap().lines().last().unwrap().trim().to_string();
    let agency_cookie = sign_in(&link).await.1.expect("signed in");
    assert_eq!(get(&format!("{base}/web/"), Some(&agency_cookie)).await.status(), StatusCode::OK);
    assert_eq!(
        get(&format!("{base}/web/tep/{coordinators_file}"), Some(&agency_cookie)).await.status(),
        StatusCode::FORBIDDEN,
        "another agency's file"
    );
    let other = phoihop(&db, NOW, &["invite", "sxd"]).lines().last().unwrap().to_string();
    fake.push("message", message(13, AGENCY_CHAT, 777, &format!("/ketnoi {other}")));
    fake.wait_sent(AGENCY_CHAT, 4).await;
    assert_eq!(get(&format!("{base}/web/"), Some(&agency_cookie)).await.status(), StatusCode::SEE_OTHER);
    drop(served);
}

#[tokio::test(flavor = "multi_thread")]
async fn links_expire_attempts_are_limited_and_an_agency_sees_its_own() {
    let fake = FakeTelegram::start().await;
    let (_dir, db) = common::sqlite_url();
    let address = free_address();
    let base = format!("http://{address}");
    let served = Served::start(&db, &fake.url, NOW, &["--web-listen", &address], &[]);
    wait_ready(&base).await;

    // A link made 16 minutes before is no longer good.
    let old = cli_link(&db, "2026-11-28T08:44:00+07:00", "snnmt", &address);
    assert_eq!(sign_in(&old).await.0, StatusCode::FORBIDDEN, "expired");
    let fresh = cli_link(&db, "2026-11-28T08:50:00+07:00", "syt", &address);
    let (status, cookie, _) = sign_in(&fresh).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = cookie.unwrap();

    // An agency's session: its plan and its own page, not the workbook or another agency's page.
    let mine = get(&format!("{base}/web/co-quan/{PLAN}/syt"), Some(&cookie)).await;
    assert_eq!(mine.status(), StatusCode::OK);
    assert!(mine.text().await.unwrap().contains("III.8"));
    for path in [format!("/web/tai/{PLAN}/tien-do.xlsx"), format!("/web/co-quan/{PLAN}/snnmt")] {
        assert_eq!(get(&format!("{base}{path}"), Some(&cookie)).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        get(&format!("{base}/web/bang?plan=another-plan"), Some(&cookie)).await.status(),
        StatusCode::NOT_FOUND,
        "a plan it may not see"
    );
    let report = get(&format!("{base}/web/tai/{PLAN}/bao-cao.docx?ky=2026"), Some(&cookie)).await;
    assert_eq!(report.status(), StatusCode::OK);
    assert!(report.headers()["content-disposition"].to_str().unwrap().contains("bao-cao-16-kh-ubnd-2026-syt.docx"));

    // Guessing links is cut off: twenty tries from one address, then 429.
    let mut statuses = Vec::new();
    for i in 0..21 {
        let guess = format!("{base}/web/vao/{:0>32}", i);
        statuses.push(sign_in(&guess).await.0);
    }
    assert!(statuses[..18].iter().all(|s| *s == StatusCode::FORBIDDEN), "{statuses:?}");
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    // Behind a proxy, each client is limited by the address the proxy appends, not the proxy's.
    let proxied = free_address();
    let _behind = Served::start(&db, &fake.url, NOW, &["--web-listen", &proxied, "--web-behind-proxy", "on"], &[]);
    wait_ready(&format!("http://{proxied}")).await;
    let guess = |from: &'static str| {
        let url = format!("http://{proxied}/web/vao/{:0>32}", 7);
        async move { client().get(url).header("x-forwarded-for", from).send().await.unwrap().status() }
    };
    for _ in 0..20 {
        assert_eq!(guess("203.0.113.9, 10.0.0.1").await, StatusCode::FORBIDDEN);
    }
    assert_eq!(guess("198.51.100.7, 10.0.0.1").await, StatusCode::TOO_MANY_REQUESTS, "the same client");
    assert_eq!(guess("10.0.0.2").await, StatusCode::FORBIDDEN, "another client is still heard");

    // Sessions from the command line end with `web-link --revoke`.
    assert_eq!(get(&format!("{base}/web/"), Some(&cookie)).await.status(), StatusCode::OK);
    let said = phoihop(&db, NOW, &["web-link", "--revoke"]);
    assert!(said.contains("Đã kết thúc 1 phiên"), "{said}");
    assert_eq!(get(&format!("{base}/web/"), Some(&cookie)).await.status(), StatusCode::SEE_OTHER);
    // The page stops on SIGTERM as the webhooks do.
    let (took, clean) = served.stop();
    assert!(clean && took < Duration::from_secs(10), "stopped cleanly in {took:?}");
}
