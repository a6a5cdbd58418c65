//! The `phoihop` command as people and scripts use it: the plan as JSON, the console chat, seeding, and
//! clear failures.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const REFERENCE_NOW: &str = "2026-11-28T09:00:00+07:00";

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn phoihop(db: &str, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phoihop"));
    cmd.args(["--database", db]).args(args);
    cmd.env_remove("DATABASE_URL").env_remove("PHOIHOP_NOW").env_remove("PHOIHOP_PLAN").env_remove("PHOIHOP_LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let Output { status, stdout, stderr } = child.wait_with_output().unwrap();
    Run { ok: status.success(), stdout: String::from_utf8(stdout).unwrap(), stderr: String::from_utf8(stderr).unwrap() }
}

fn chat(db: &str, agency: &str, input: &str) -> String {
    let run = phoihop(db, &["--now", REFERENCE_NOW, "chat", "--agency", agency], input, &[]);
    assert!(run.ok, "chat failed: {}", run.stderr);
    run.stdout
}

/// The references listed in a block of text, in order ("• III.8 — …").
fn refs_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("• "))
        .filter_map(|l| l.split(" — ").next())
        .map(str::to_string)
        .collect()
}

/// The lead and support parts of a "nhiệm vụ của tôi" answer.
fn lead_and_support(answer: &str) -> (Vec<String>, Vec<String>) {
    let lead_start = answer.find("Chủ trì").map(|i| i as isize).unwrap_or(-1);
    let support_start = answer.find("Phối hợp").unwrap_or(answer.len());
    let lead = if lead_start >= 0 { refs_in(&answer[lead_start as usize..support_start]) } else { vec![] };
    (lead, refs_in(&answer[support_start..]))
}

#[test]
fn plan_json_lists_the_22_tasks_with_the_appendix_leads() {
    let (_dir, db) = common::sqlite_url();
    // The plan as issued: before the 2025 reorganisation.
    let run = phoihop(&db, &["plan", "--json", "--as-of", "2022-06-01"], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let plan = &json["plan"];
    assert_eq!(plan["code"], "16/KH-UBND");
    assert_eq!(plan["issuer"], "UBND tỉnh Quảng Ngãi");
    assert_eq!(plan["issued"], "2022-01-27");
    assert_eq!(plan["coordinator"], "sldtbxh");
    assert!(plan["title"].as_str().unwrap().contains("160/NQ-CP"));

    let expected_leads: &[(&str, &[&str])] = &[
        ("I.1", &["@so-ban-nganh", "@ubnd-huyen"]),
        ("I.2", &["@so-ban-nganh", "@ubnd-huyen"]),
        ("I.3", &["sldtbxh", "stttt"]),
        ("I.4", &["stttt"]),
        ("I.5", &["stttt"]),
        ("I.6", &["sldtbxh", "snv"]),
        ("II.1", &["@so-ban-nganh", "@ubnd-huyen"]),
        ("II.2", &["@so-ban-nganh", "@ubnd-huyen"]),
        ("III.1", &["@so-ban-nganh"]),
        ("III.2", &["sldtbxh"]),
        ("III.3", &["sldtbxh"]),
        ("III.4", &["skhdt", "sct", "@ubnd-huyen"]),
        ("III.5", &["bchqs", "cat", "sldtbxh"]),
        ("III.6", &["sldtbxh"]),
        ("III.7", &["skhdt", "@so-ban-nganh"]),
        ("III.8", &["stnmt", "sldtbxh", "syt", "sgddt", "sxd", "stttt", "snnptnt", "bdt"]),
        ("III.9", &["@ubnd-huyen", "lmhtx"]),
        ("IV.1", &["sldtbxh"]),
        ("V.1", &["snv", "sldtbxh"]),
        ("V.2", &["sldtbxh"]),
        ("V.3", &["sldtbxh", "stttt"]),
        ("V.4", &["sldtbxh"]),
    ];
    let tasks = json["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 22);
    for (task, (reference, lead)) in tasks.iter().zip(expected_leads) {
        assert_eq!(task["ref"], *reference);
        assert_eq!(task["section"], reference.split('.').next().unwrap());
        let got: Vec<&str> = task["lead"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(got, *lead, "leads of {reference}");
        for key in ["title", "product", "timeframe", "due"] {
            assert!(!task[key].as_str().unwrap().is_empty(), "{reference} has a {key}");
        }
    }
    let task = |r: &str| tasks.iter().find(|t| t["ref"] == r).unwrap();
    assert_eq!(task("III.2")["support"], serde_json::json!(["@so-ban-nganh", "@ubnd-huyen"]));
    assert_eq!(task("III.2")["timeframe"], "Năm 2022");
    assert_eq!(task("III.2")["due"], "2022-12-31");
    assert_eq!(task("III.3")["due"], "2025-12-31");
    assert_eq!(task("V.4")["due"], "2025-12-31");
    assert_eq!(task("I.1")["due"], "2030-12-31");
    assert_eq!(task("I.6")["timeframe"], "Giai đoạn 2021-2025 và giai đoạn 2026-2030");
    assert_eq!(
        task("V.1")["product"],
        "Hoàn thiện quy định quản lý nhà nước về giảm nghèo, kiện toàn cơ quan điều phối về giảm nghèo"
    );
    assert!(task("III.9")["title"].as_str().unwrap().contains("sản xuất giỏi, làm kinh tế giỏi"));
    assert!(task("I.6")["support"].as_array().unwrap().contains(&Value::from("mttq")));
}

#[test]
fn plan_json_shows_the_plan_as_in_force_on_the_clock_and_on_another_date() {
    let (_dir, db) = common::sqlite_url();
    let run = phoihop(&db, &["--now", REFERENCE_NOW, "plan", "--json"], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["plan"]["coordinator"], "snnmt");
    let agencies = json["agencies"].as_array().unwrap();
    let agency = |code: &str| agencies.iter().find(|a| a["code"] == code).cloned();
    let ended: Vec<&str> =
        agencies.iter().filter(|a| a.get("until").is_some()).map(|a| a["code"].as_str().unwrap()).collect();
    // No task names an agency that has ended, directly or through a group.
    let groups = json["groups"].as_object().unwrap();
    for task in json["tasks"].as_array().unwrap() {
        for assignee in task["lead"].as_array().unwrap().iter().chain(task["support"].as_array().unwrap()) {
            let name = assignee.as_str().unwrap();
            let members: Vec<&str> = match name.strip_prefix('@') {
                Some(group) => groups[group].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect(),
                None => vec![name],
            };
            assert!(!members.is_empty(), "{name} in {}", task["ref"]);
            for m in members {
                assert!(!ended.contains(&m), "{m} has ended but is named by {}", task["ref"]);
            }
        }
    }
    let ldtbxh = agency("sldtbxh").unwrap();
    assert_eq!(ldtbxh["until"], "2025-02-28");
    assert_eq!(ldtbxh["successors"], serde_json::json!(["snv", "snnmt", "syt", "sgddt"]));
    assert_eq!(agency("binhson").unwrap()["kind"], "district");
    assert_eq!(agency("dac-khu-ly-son").unwrap()["kind"], "commune");
    assert!(agency("snnmt").unwrap().get("until").is_none());
    assert_eq!(groups["ubnd-xa"].as_array().unwrap().len(), 56, "the communes of the former Quảng Ngãi");
    assert!(groups["ubnd-huyen"].as_array().unwrap().is_empty());
    let task = |r: &str| json["tasks"].as_array().unwrap().iter().find(|t| t["ref"] == r).unwrap().clone();
    assert_eq!(task("III.2")["lead"], serde_json::json!(["snnmt"]));
    assert_eq!(task("III.9")["lead"], serde_json::json!(["@ubnd-xa", "lmhtx"]));

    let issued = phoihop(&db, &["--now", REFERENCE_NOW, "plan", "--json", "--as-of", "2022-06-01"], "", &[]);
    let json: Value = serde_json::from_str(&issued.stdout).unwrap();
    assert_eq!(json["plan"]["coordinator"], "sldtbxh");
    let agencies = json["agencies"].as_array().unwrap();
    assert!(agencies.iter().all(|a| a.get("until").is_none()), "nobody had ended in 2022");
    assert!(!agencies.iter().any(|a| a["code"] == "snnmt"), "not set up yet");
    assert_eq!(json["groups"]["ubnd-huyen"].as_array().unwrap().len(), 13);
    assert_eq!(json["amendments"], serde_json::json!([]));
}

#[test]
fn invite_codes_are_for_agencies_that_exist() {
    let (_dir, db) = common::sqlite_url();
    let run = phoihop(&db, &["--now", REFERENCE_NOW, "invite", "snnmt", "--coordinator"], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    let code = run.stdout.lines().last().unwrap();
    assert!(phoihop::invite::looks_like_code(code), "{code}");
    let run = phoihop(&db, &["--now", REFERENCE_NOW, "invite", "sldtbxh"], "", &[]);
    assert!(!run.ok && run.stderr.contains("snv, snnmt, syt, sgddt"), "{}", run.stderr);
    // In 2024 it still existed.
    let run = phoihop(&db, &["--now", "2024-05-06", "invite", "sldtbxh"], "", &[]);
    assert!(run.ok, "{}", run.stderr);
}

#[test]
fn the_console_speaks_for_an_agency_that_ended_as_its_chat_would() {
    let (_dir, db) = common::sqlite_url();
    let out = chat(&db, "sldtbxh", "nhiệm vụ của tôi\n");
    assert!(out.contains("đã chấm dứt hoạt động từ ngày 01/03/2025"), "{out}");
    assert!(out.contains("Sở NN&MT — chủ trì: I.1, I.2, I.3, I.6, II.1, II.2, III.2"), "{out}");
    // Huyện Lý Sơn has one successor: the console's chat follows it.
    let out = chat(&db, "lyson", "nhiệm vụ của tôi\n");
    assert!(out.contains("Đặc khu Lý Sơn tiếp nhận công việc"), "{out}");
    assert!(out.contains("Nhiệm vụ của Đặc khu Lý Sơn") && out.contains("III.9"), "{out}");
}

#[test]
fn my_tasks_for_the_health_department() {
    let (_dir, db) = common::sqlite_url();
    let out = chat(&db, "syt", "nhiệm vụ của tôi\n");
    assert!(out.contains("Sở Y tế"), "{out}");
    let (lead, support) = lead_and_support(&out);
    assert!(lead.contains(&"III.8".to_string()), "III.8 is led by Sở Y tế: {lead:?}");
    for group_task in ["I.1", "II.1", "III.1", "III.7"] {
        assert!(lead.contains(&group_task.to_string()), "{group_task} through các sở, ban, ngành: {lead:?}");
    }
    for group_task in ["III.2", "III.3", "V.4"] {
        assert!(support.contains(&group_task.to_string()), "{group_task}: {support:?}");
    }
    for other in ["III.4", "V.1"] {
        assert!(
            !lead.contains(&other.to_string()) && !support.contains(&other.to_string()),
            "{other} is not Sở Y tế's"
        );
    }
}

#[test]
fn the_front_cooperates_only_on_the_emulation_movement() {
    let (_dir, db) = common::sqlite_url();
    let (lead, support) = lead_and_support(&chat(&db, "mttq", "nhiem vu cua toi\n"));
    assert!(lead.is_empty());
    assert_eq!(support, ["I.6"]);
}

#[test]
fn without_an_agency_the_console_speaks_for_the_coordinator() {
    let (_dir, db) = common::sqlite_url();
    let run = phoihop(&db, &["--now", REFERENCE_NOW, "chat"], "/nhiemvu\n", &[]);
    assert!(run.ok, "{}", run.stderr);
    // Since 2025 the coordinator is Sở Nông nghiệp và Môi trường (see the plan's amendments).
    assert!(run.stdout.contains("Nhiệm vụ của Sở NN&MT"), "{}", run.stdout);
    let (lead, _) = lead_and_support(&run.stdout);
    assert!(lead.contains(&"III.2".to_string()) && lead.contains(&"V.4".to_string()));
}

#[test]
fn a_task_in_full() {
    let (_dir, db) = common::sqlite_url();
    let out = chat(&db, "syt", "nhiệm vụ III.8\n");
    assert!(out.contains("Nhiệm vụ III.8"), "{out}");
    assert!(out.contains("Giải quyết đất sản xuất, đất ở phù hợp"), "{out}");
    // Sở TN&MT, which led it when the plan was issued, is now part of Sở Nông nghiệp và Môi trường.
    assert!(out.contains("Sở Nông nghiệp và Môi trường") && !out.contains("Sở Tài nguyên"), "{out}");
    assert!(out.contains("Quy hoạch, kế hoạch, đề án, dự án"), "{out}");
    assert!(out.contains("giai đoạn 2026–2030") && out.contains("31/12/2030"), "{out}");
    assert!(out.contains("Cơ quan bạn chủ trì"), "{out}");

    let out = chat(&db, "syt", "nhiem vu 3.2\n");
    assert!(out.contains("Năm 2022") && out.contains("31/12/2022"), "{out}");
}

#[test]
fn the_clock_decides_the_reporting_period() {
    let (_dir, db) = common::sqlite_url();
    let now_2026 = chat(&db, "svhttdl", "nhiệm vụ I.5\n");
    assert!(now_2026.contains("năm 2026 (hạn 31/12/2026)"), "{now_2026}");
    let run = phoihop(&db, &["chat", "--agency", "svhttdl"], "nhiệm vụ I.5\n", &[("PHOIHOP_NOW", "2027-03-01")]);
    assert!(run.stdout.contains("năm 2027 (hạn 31/12/2027)"), "{}", run.stdout);
}

/// "Việc nào sắp đến hạn": open tasks due within 30 days, soonest first; when none is, the nearest deadline
/// and its tasks. A task its lead reported done leaves the list.
#[test]
fn deadlines_ahead_are_answered() {
    let (_dir, db) = common::sqlite_url();
    let on = |now: &str, agency: &str, input: &str| {
        let run = phoihop(&db, &["--now", now, "chat", "--agency", agency], input, &[]);
        assert!(run.ok, "{}", run.stderr);
        run.stdout
    };
    // 28 November: the year's deadline (31 December) is 33 days away.
    let far = on(REFERENCE_NOW, "syt", "việc nào sắp đến hạn\n");
    assert!(far.contains("Không có nhiệm vụ nào đến hạn trong 30 ngày tới"), "{far}");
    assert!(far.contains("Hạn gần nhất là ngày 31/12/2026 (còn 33 ngày)"), "{far}");
    let listed = refs_in(&far);
    assert!(listed.contains(&"I.5".to_string()) && listed.contains(&"I.1".to_string()), "{far}");
    // Tasks of the 2026–2030 period are not due this year.
    assert!(!listed.contains(&"III.8".to_string()), "{far}");

    // 10 December, without diacritics, after Sở VHTT&DL (I.5's only lead) reported it done.
    let done = on("2026-12-10T09:00:00+07:00", "svhttdl", "cập nhật I.5: đã hoàn thành\n");
    assert!(done.contains("Đã ghi nhận"), "{done}");
    let near = on("2026-12-10T09:00:00+07:00", "syt", "nhiem vu nao sap het han\n");
    assert!(near.contains("chưa hoàn thành đến hạn trong 30 ngày tới (tính từ ngày 10/12/2026)"), "{near}");
    assert!(near.contains("hạn 31/12/2026 (còn 21 ngày)"), "{near}");
    let listed = refs_in(&near);
    assert!(listed.contains(&"I.1".to_string()) && !listed.contains(&"I.5".to_string()), "{near}");
    // "sắp hết hạn" is not "hết hạn": nothing here is overdue yet.
    assert!(!near.contains("quá hạn"), "{near}");

    // Scoped to an agency named in the question: its lead tasks only.
    let theirs = on("2026-12-10T09:00:00+07:00", "syt", "việc của Sở VHTT&DL sắp đến hạn\n");
    assert!(theirs.contains("của Sở VHTT&DL chưa hoàn thành"), "{theirs}");
    assert!(!refs_in(&theirs).contains(&"I.5".to_string()), "{theirs}");
    // "Của tôi": the asking chat's agency.
    let mine = on("2026-12-10T09:00:00+07:00", "svhttdl", "việc nào của tôi sắp đến hạn?\n");
    assert!(mine.contains("của Sở VHTT&DL chưa hoàn thành"), "{mine}");
    assert_eq!(refs_in(&mine), refs_in(&theirs), "{mine}");
}

/// "Việc nào đang vướng mắc": each agency whose latest report says it is blocked, with its reason and day;
/// a later report that moves on takes it off.
#[test]
fn obstacles_are_listed_on_request() {
    let (_dir, db) = common::sqlite_url();
    let none = chat(&db, "syt", "việc nào đang vướng mắc\n");
    assert!(none.contains("Hiện không có báo cáo vướng mắc nào"), "{none}");
    let out = chat(&db, "syt", "cn III.8: ko đc vì chưa có kinh phí\nI.1 tạm dừng\n");
    assert!(out.matches("Đã ghi nhận").count() == 2, "{out}");
    let listed = chat(&db, "snnmt", "danh sách nhiệm vụ vướng mắc\n");
    assert!(listed.contains("Có 2 báo cáo vướng mắc"), "{listed}");
    assert!(listed.contains("• III.8 — Sở Y tế (28/11/2026): ko đc vì chưa có kinh phí"), "{listed}");
    assert!(listed.contains("• I.1 — Sở Y tế (28/11/2026)\n"), "{listed}");
    // Moved on: off the list. Scoped to the asker's own agency with "của tôi".
    chat(&db, "syt", "cn III.8 đạt 30%\n");
    let mine = chat(&db, "syt", "việc nào của tôi bị vướng\n");
    assert!(mine.contains("Có 1 báo cáo vướng mắc của Sở Y tế") && !mine.contains("III.8"), "{mine}");
    let theirs = chat(&db, "syt", "nhiệm vụ nào của Sở Nội vụ gặp khó khăn\n");
    assert!(theirs.contains("Hiện không có báo cáo vướng mắc nào của Sở Nội vụ"), "{theirs}");
}

/// "Ai đã báo cáo": the agencies that reported within the window, the latest first, and one named agency
/// on its own; the reports before the window do not count.
#[test]
fn who_has_reported_is_listed_latest_first() {
    let (_dir, db) = common::sqlite_url();
    let none = chat(&db, "snnmt", "tuần này ai đã báo cáo\n");
    assert!(none.contains("Chưa có cơ quan nào gửi báo cáo trong 7 ngày qua"), "{none}");
    let at = |now: &str, agency: &str, text: &str| {
        let run = phoihop(&db, &["--now", now, "chat", "--agency", agency], text, &[]);
        assert!(run.ok && run.stdout.contains("Đã ghi nhận"), "{}{}", run.stdout, run.stderr);
    };
    at("2026-11-10T09:00:00+07:00", "sct", "cn III.4 đạt 20%\n");
    at("2026-11-25T08:30:00+07:00", "syt", "cn III.8 đạt 30%\n");
    at("2026-11-27T15:45:00+07:00", "snv", "cn III.6 đạt 40%\n");
    let listed = chat(&db, "snnmt", "cơ quan nào đã gửi báo cáo\n");
    assert!(listed.contains("2 cơ quan đã gửi báo cáo trong 7 ngày qua"), "{listed}");
    let nv = listed.find("• Sở Nội vụ — lần gần nhất lúc 15:45 27/11/2026");
    let yt = listed.find("• Sở Y tế — lần gần nhất lúc 08:30 25/11/2026");
    assert!(nv.is_some() && yt.is_some() && nv < yt, "{listed}");
    assert!(!listed.contains("Công Thương"), "reported before the window: {listed}");
    let one = chat(&db, "snnmt", "ai da bao cao, so y te\n");
    assert!(one.contains("Sở Y tế đã báo cáo, lần gần nhất lúc 08:30 25/11/2026"), "{one}");
}

#[test]
fn references_that_do_not_exist_or_need_a_section() {
    let (_dir, db) = common::sqlite_url();
    let out = chat(&db, "syt", "nhiệm vụ III.12\nXIV.99\nnhiệm vụ 2\n3\n");
    assert!(out.contains("không có nhiệm vụ III.12") && out.contains("III.1, III.2"), "{out}");
    assert!(out.contains("không có mục XIV"), "{out}");
    assert!(out.contains("I.2, II.2, III.2, V.2"), "asks which section: {out}");
    // The third choice answers with III.2 in full.
    assert!(out.contains("Xây dựng, ban hành Kế hoạch thực hiện Chương trình"), "{out}");
}

#[test]
fn help_and_things_it_does_not_understand() {
    let (_dir, db) = common::sqlite_url();
    let out = chat(&db, "syt", "/help\ncảm ơn bạn 👍\nhôm nay trời đẹp quá\n");
    assert!(out.contains("nhiệm vụ của tôi"), "{out}");
    // The guide ends with the commands, each described; an agency's chat is not shown the coordinator's.
    assert!(out.contains("/nhiemvu — Nhiệm vụ của cơ quan tôi") && out.contains("/ketnoi — "), "{out}");
    assert!(!out.contains("/moi — ") && !out.contains("/xuat — "), "{out}");
    let coordinator = chat(&db, "snnmt", "/Hướngdẫn\n");
    assert!(coordinator.contains("/moi — Cấp mã kết nối") && coordinator.contains("/xuat — "), "{coordinator}");
    assert!(out.contains("Rất vui được giúp bạn"), "thanks get a friendly answer: {out}");
    assert!(out.contains("chưa hiểu") && out.contains("/help"), "{out}");
}

#[test]
fn garbled_and_huge_input_gets_answers_not_panics() {
    let (_dir, db) = common::sqlite_url();
    let huge = "nhiệm vụ ".repeat(2_000);
    let input = format!("\u{1}\u{7}\u{1b}[31m\n{huge}\n\u{202e}مرحبا 你好 ☃\n   \n/\n/nhiemvu@\n");
    let run = phoihop(&db, &["chat", "--agency", "syt"], &input, &[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stdout.matches("chưa hiểu").count() >= 3, "{}", run.stdout);
}

#[test]
fn english_messages_on_request() {
    let (_dir, db) = common::sqlite_url();
    let run = phoihop(&db, &["--lang", "en", "chat", "--agency", "syt"], "my tasks\nnhiem vu cua toi\n", &[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("Tasks of Sở Y tế") && run.stdout.contains("Lead (7 tasks)"), "{}", run.stdout);
}

#[test]
fn an_unknown_agency_lists_the_closest_codes() {
    let (_dir, db) = common::sqlite_url();
    let run = phoihop(&db, &["chat", "--agency", "sytt"], "", &[]);
    assert!(!run.ok);
    assert!(run.stderr.contains("sytt") && run.stderr.contains("syt"), "{}", run.stderr);
}

#[test]
fn an_unwritable_or_unreachable_database_fails_clearly() {
    let run = phoihop("sqlite:///nonexistent-dir/phoihop/x.db", &["plan"], "", &[]);
    assert!(!run.ok);
    assert!(run.stderr.contains("cannot open the database"), "{}", run.stderr);

    let run = phoihop("postgres://phoihop:secret@127.0.0.1:1/phoihop", &["plan"], "", &[]);
    assert!(!run.ok);
    assert!(run.stderr.contains("cannot open the database") && !run.stderr.contains("secret"), "{}", run.stderr);

    let run = phoihop("mysql://x", &["plan"], "", &[]);
    assert!(!run.ok && run.stderr.contains("unsupported database URL"), "{}", run.stderr);
}

/// Writes a copy of the bundled seed directory with its plan text passed through `edit`.
fn seed_copy(dir: &Path, edit: impl Fn(&str) -> String) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/quang-ngai-16-kh-ubnd-2022");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(src.join("catalog.toml"), dir.join("catalog.toml")).unwrap();
    std::fs::copy(src.join("amendments.toml"), dir.join("amendments.toml")).unwrap();
    let plan = std::fs::read_to_string(src.join("plan.toml")).unwrap();
    std::fs::write(dir.join("plan.toml"), edit(&plan)).unwrap();
    dir.display().to_string()
}

#[test]
fn seeding_twice_changes_nothing_and_a_bad_seed_loads_nothing() {
    let (dir, db) = common::sqlite_url();
    let same = seed_copy(&dir.path().join("same"), str::to_string);
    let first = phoihop(&db, &["seed", &same], "", &[]);
    assert!(first.ok, "{}", first.stderr);
    assert!(
        first.stdout.contains("không có gì thay đổi"),
        "the bundled plan was loaded on first use: {}",
        first.stdout
    );
    let before = phoihop(&db, &["plan", "--json"], "", &[]).stdout;

    let bad = seed_copy(&dir.path().join("bad"), |p| {
        p.replacen("id = \"quang-ngai-16-kh-ubnd-2022\"", "id = \"ke-hoach-moi\"", 1)
            .replacen("lead = [\"lmhtx\"", "lead = [\"lmhtxx\"", 1)
            .replacen("\"@ubnd-huyen\", \"lmhtx\"]", "\"@ubnd-huyen\", \"lmhtxx\"]", 1)
    });
    let run = phoihop(&db, &["seed", &bad], "", &[]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("plan.toml:") && run.stderr.contains("lmhtxx") && run.stderr.contains("lmhtx"),
        "{}",
        run.stderr
    );
    assert_eq!(phoihop(&db, &["plan", "--json"], "", &[]).stdout, before, "nothing half-loaded");
    let other = phoihop(&db, &["--plan", "ke-hoach-moi", "plan"], "", &[]);
    assert!(!other.ok && other.stderr.contains("ke-hoach-moi"), "{}", other.stderr);

    let renamed = seed_copy(&dir.path().join("renamed"), |p| {
        p.replacen("id = \"quang-ngai-16-kh-ubnd-2022\"", "id = \"ke-hoach-moi\"", 1).replacen(
            "code = \"16/KH-UBND\"",
            "code = \"99/KH-UBND\"",
            1,
        )
    });
    let run = phoihop(&db, &["seed", &renamed], "", &[]);
    assert!(run.ok && run.stdout.contains("Đã nạp"), "{} {}", run.stdout, run.stderr);
    let json: Value =
        serde_json::from_str(&phoihop(&db, &["--plan", "ke-hoach-moi", "plan", "--json"], "", &[]).stdout).unwrap();
    assert_eq!(json["plan"]["code"], "99/KH-UBND");
}

#[test]
fn a_long_list_continues_in_further_messages() {
    let (dir, db) = common::sqlite_url();
    let seed_dir = common::long_plan(dir.path(), |n| {
        format!("Nhiệm vụ thử số {n} với một tiêu đề khá dài để danh sách vượt quá giới hạn của một tin nhắn")
    });
    let seed_dir = seed_dir.display().to_string();
    let run = phoihop(&db, &["seed", &seed_dir], "", &[]);
    assert!(run.ok, "{}", run.stderr);

    let run = phoihop(&db, &["--plan", "dai", "chat", "--agency", "syt"], "nhiệm vụ của tôi\n", &[]);
    let listed = refs_in(&run.stdout);
    let expected: Vec<String> = (1..=300).map(|n| format!("I.{n}")).collect();
    assert_eq!(listed, expected, "every task is listed, none cut off");
    let messages: Vec<&str> = run.stdout.split("\n\n").filter(|m| m.contains("• I.")).collect();
    assert!(messages.len() > 1, "the list spans several messages");
    assert!(messages.iter().all(|m| m.chars().count() <= 4096));
}

/// The progress issue's scenario, scripted through the console chat, read back with `reports --json`.
async fn reports_scenario(db: &str) {
    let out = chat(db, "snnmt", "cập nhật III.2: hoàn thành 100%\n");
    assert!(out.contains("Đã ghi nhận"), "{out}");
    let out = chat(
        db,
        "syt",
        "cập nhật III.8 40% đang rà soát quỹ đất\ncập nhật III.4 đạt 50%\ncập nhật I.1 đạt 10%\nhoàn tác\n",
    );
    assert!(out.contains("không được giao nhiệm vụ III.4") && out.contains("Đã hoàn tác"), "{out}");
    let overdue = chat(db, "syt", "nhiệm vụ nào quá hạn\n");
    assert!(overdue.contains("III.3") && overdue.contains("V.4") && !overdue.contains("III.2"), "{overdue}");

    let run = phoihop(db, &["reports", "--json"], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    let reports: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(reports.len(), 3, "{reports:?}");
    for r in &reports {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "plan",
                "task",
                "agency",
                "role",
                "period",
                "status",
                "percent",
                "note",
                "author",
                "at",
                "retracted",
                "as_of",
                "entered_by",
                "confirmed_by",
                "review",
                "review_note"
            ]
        );
        assert!(chrono::DateTime::parse_from_rfc3339(r["at"].as_str().unwrap()).is_ok());
    }
    assert_eq!(
        reports[0],
        serde_json::json!({"plan": "quang-ngai-16-kh-ubnd-2022", "task": "III.2", "agency": "snnmt", "role": "lead", "period": "2022", "status": "done",
            "percent": 100, "note": null, "author": reports[0]["author"], "at": reports[0]["at"], "retracted": false,
            "as_of": "2026-11-28", "entered_by": "snnmt", "confirmed_by": null, "review": null, "review_note": null})
    );
    assert_eq!(
        (
            &reports[1]["task"],
            &reports[1]["status"],
            &reports[1]["percent"],
            &reports[1]["note"],
            &reports[1]["retracted"]
        ),
        (
            &Value::from("III.8"),
            &Value::from("in_progress"),
            &Value::from(40),
            &Value::from("đang rà soát quỹ đất"),
            &Value::from(false)
        )
    );
    assert_eq!((&reports[2]["task"], &reports[2]["retracted"]), (&Value::from("I.1"), &Value::from(true)));
}

#[tokio::test]
async fn reports_json_shows_exactly_what_was_meant_on_sqlite() {
    let (_dir, db) = common::sqlite_url();
    reports_scenario(&db).await;
}

#[tokio::test]
async fn reports_json_shows_exactly_what_was_meant_on_postgres() {
    if let Some(db) = common::postgres_url().await {
        reports_scenario(&db).await;
    }
}

/// The shared strings of an .xlsx file: every text cell.
fn xlsx_strings(path: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/sharedStrings.xml").unwrap(), &mut xml).unwrap();
    let names: Vec<String> = archive.file_names().map(|n| n.unwrap().to_string()).collect();
    assert!(names.iter().any(|n| n == "xl/worksheets/sheet2.xml"), "two sheets: {names:?}");
    xml
}

#[test]
fn the_digest_and_the_spreadsheet() {
    let (dir, db) = common::sqlite_url();
    let week48 = |agency: &str, input: &str| {
        let run = phoihop(&db, &["--now", "2026-11-26T10:00:00+07:00", "chat", "--agency", agency], input, &[]);
        assert!(run.ok, "{}", run.stderr);
    };
    let empty = dir.path().join("empty.xlsx");
    let run = phoihop(&db, &["export", "--xlsx", empty.to_str().unwrap()], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(xlsx_strings(&empty).contains("Không có báo cáo nào"), "an export with no reports says so");

    week48("snnmt", "cập nhật III.2: hoàn thành 100%\n");
    week48("syt", "cập nhật III.8 40% đang rà soát quỹ đất\n");
    week48("dac-khu-ly-son", "cập nhật III.9: vướng mắc về vốn đối ứng\n");

    let run = phoihop(&db, &["--now", "2026-11-30T09:00:00+07:00", "digest", "--print"], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    let digest = run.stdout;
    for part in [
        "TỔNG HỢP TUẦN 48/2026 (23/11/2026 – 29/11/2026)",
        "Hoàn thành quá hạn: 1 (+1 so với tuần trước)",
        "Chưa hoàn thành, quá hạn: 2 (-1 so với tuần trước)",
        "Theo mục:",
        "Báo cáo nhận được trong tuần: 3",
        "III.8: Sở Y tế — đang thực hiện, 40%",
        "Vướng mắc: 1",
        "III.9 — Đặc khu Lý Sơn: vướng mắc về vốn đối ứng",
        // III.3 and V.4 (2021–2025) were never reported: counted apart from tasks reported late.
        "Nhiệm vụ chưa hoàn thành quá hạn: 2 (trong đó 2 nhiệm vụ chưa có báo cáo nào)",
        "III.3 (giai đoạn 2021–2025)",
        // 17 departments and 56 communes lead tasks in force, and the Cooperative Alliance: 74, less the
        // three that reported.
        "Cơ quan chủ trì chưa báo cáo trong tuần: 71",
    ] {
        assert!(digest.contains(part), "{part:?} in:\n{digest}");
    }
    let earlier = phoihop(&db, &["digest", "--week", "2026-W40", "--print"], "", &[]);
    assert!(earlier.ok && earlier.stdout.contains("Báo cáo nhận được trong tuần: 0"), "{}", earlier.stdout);
    for (week, error) in [
        ("2021-W10", "trước khi kế hoạch"),
        ("2031-W02", "sau thời hạn"),
        ("2026-W54", "not an ISO week"),
        ("2027-W10", "chưa bắt đầu"),
    ] {
        let run = phoihop(&db, &["--now", "2026-11-30T09:00:00+07:00", "digest", "--week", week, "--print"], "", &[]);
        assert!(!run.ok && run.stderr.contains(error), "{week}: {}", run.stderr);
    }

    let file = dir.path().join("tien-do.xlsx");
    let run = phoihop(&db, &["export", "--xlsx", file.to_str().unwrap()], "", &[]);
    assert!(run.ok, "{}", run.stderr);
    let strings = xlsx_strings(&file);
    for part in [
        "Nội dung nhiệm vụ",
        "Sở Y tế",
        "đang rà soát quỹ đất",
        "vướng mắc về vốn đối ứng",
        "hoàn thành quá hạn",
        "Chưa báo cáo",
    ] {
        assert!(strings.contains(part), "{part} in the spreadsheet");
    }
}

#[test]
fn settings_are_checked_and_kept() {
    let (_dir, db) = common::sqlite_url();
    let set = |key: &str, value: &str| phoihop(&db, &["settings", "set", key, value], "", &[]);
    assert!(set("digest_time", "7:30").stdout.contains("digest_time = 07:30"));
    assert!(!set("digest_time", "25:00").ok && !set("no_such_key", "1").ok);
    assert!(set("deadline_alerts", "7, 30").stdout.contains("deadline_alerts = 30,7"));
    assert!(!set("deadline_alerts", "soon").ok);
    assert!(set("holidays_add", "2026-12-01,2026-11-30").stdout.contains("holidays_add = 2026-12-01, 2026-11-30"));
    let bad = set("holidays_add", "2026-02-30");
    assert!(!bad.ok && bad.stderr.contains("2026-02-30"), "{}", bad.stderr);
    assert!(set("review_done", "off").stdout.contains("review_done = off"));
    let listed = phoihop(&db, &["settings"], "", &[]).stdout;
    for line in
        ["digest_time = 07:30", "review_done = off", "deadline_alerts = 30,7", "holidays_add = 2026-12-01, 2026-11-30"]
    {
        assert!(listed.contains(line), "{line} in {listed}");
    }
    // With reviews off, a commune's "done" counts at once.
    let done = chat(&db, "dac-khu-ly-son", "cập nhật III.9: đã hoàn thành\n");
    assert!(done.contains("Đã ghi nhận") && !done.contains("chờ cơ quan điều phối"), "{done}");
}

/// The value of `name="…"` in an XML tag.
fn xml_attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// The sheet a coordinator prints: a row per task with its leads side by side, and every row at least as
/// tall as its wrapped text needs, so that nothing overprints the row below on paper.
#[test]
fn the_printed_progress_sheet_keeps_its_rows_apart() {
    use calamine::Reader;
    let (dir, db) = common::sqlite_url();
    let said = chat(&db, "syt", "cập nhật III.8 40% đang rà soát quỹ đất\n");
    assert!(said.contains("Đã ghi nhận"), "{said}");
    let file = dir.path().join("in.xlsx");
    let later = "2026-11-28T10:00:00+07:00";
    assert!(phoihop(&db, &["--now", later, "export", "--xlsx", file.to_str().unwrap()], "", &[]).ok);

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names()[..2], ["Tiến độ".to_string(), "Theo cơ quan".to_string()]);
    let cells = book.worksheet_range("Tiến độ").unwrap();
    let rows: Vec<Vec<String>> = cells.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows.len(), 23, "a heading and one row per task");
    let iii8 = rows.iter().find(|r| r[0] == "III.8").unwrap();
    assert!(iii8[5].contains("Sở Y tế: đang thực hiện, 40%") && iii8[5].contains('\n'), "{:?}", iii8[5]);

    let mut archive = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
    let widths: Vec<f64> =
        xml.split("<col ").skip(1).map(|c| xml_attribute(c, "width").unwrap().parse().unwrap()).collect();
    let heights: Vec<f64> = xml
        .split("<row ")
        .skip(1)
        .map(|r| {
            assert_eq!(xml_attribute(r, "customHeight"), Some("1"), "every row has its height set: {r:.80}");
            xml_attribute(r, "ht").unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(heights.len(), rows.len());
    for (row, height) in rows.iter().zip(&heights) {
        // However generous the font, a line holds at most about 1.3 characters per unit of width.
        let needed = row
            .iter()
            .zip(&widths)
            .map(|(text, width)| {
                let per_line = (width * 1.3) as usize;
                text.split('\n').map(|l| l.chars().count().div_ceil(per_line).max(1)).sum::<usize>()
            })
            .max()
            .unwrap();
        assert!(*height >= needed as f64 * 12.0, "row {:?} is {height} pt for {needed} lines", row[0]);
    }
}

#[test]
fn bench_data_fills_an_empty_database_once() {
    let (_dir, db) = common::sqlite_url();
    let args = ["bench-data", "--provinces", "3", "--tasks", "40", "--agencies", "12", "--reports", "300"];
    let run = phoihop(&db, &args, "", &[]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("3 kế hoạch") && run.stdout.contains("300 báo cáo"), "{}", run.stdout);
    let plan = phoihop(&db, &["--plan", "kh-02", "plan", "--json"], "", &[]);
    let json: serde_json::Value = serde_json::from_str(&plan.stdout).unwrap();
    assert_eq!(json["tasks"].as_array().unwrap().len(), 40);
    let reports = phoihop(&db, &["--plan", "kh-03", "reports", "--json"], "", &[]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&reports.stdout).unwrap().as_array().unwrap().len(), 100);
    let again = phoihop(&db, &args, "", &[]);
    assert!(!again.ok && again.stderr.contains("đã có dữ liệu thử nghiệm"), "{}", again.stderr);
}

async fn the_spreadsheet_goes_to_the_coordinating_group_only(h: Harness) {
    let db = h.0;
    chat(&db, "syt", "cập nhật III.8: đã khảo sát, đạt 30%\n");
    // It holds every agency's notes and who sent them: an agency's group gets no file, and is told why.
    for asked in ["/xuat", "/Xuất", "xuất excel"] {
        let out = chat(&db, "syt", &format!("{asked}\n"));
        assert!(out.contains("lệnh của nhóm điều phối") && !out.contains(".xlsx"), "{asked}: {out}");
    }
    let out = chat(&db, "snnmt", "/xuat\n");
    assert!(out.contains("tien-do-") && out.contains(".xlsx"), "{out}");
}

async fn a_mistyped_undo_undoes_nothing(h: Harness) {
    let db = h.0;
    chat(&db, "syt", "cập nhật III.8: đã khảo sát, đạt 30%\n");
    let live = |db: &str| {
        let run = phoihop(db, &["reports", "--json"], "", &[]);
        let all: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        all.as_array().unwrap().iter().filter(|r| r["retracted"] == false).count()
    };
    for typed in ["/hoantac abc", "/hoantac 99999999999999999999", "/hoantac -3", "/hoantac 0"] {
        let out = chat(&db, "syt", &format!("{typed}\n"));
        assert!(out.contains("không phải số của một báo cáo") && !out.contains("Đã hoàn tác"), "{typed}: {out}");
        assert_eq!(live(&db), 1, "{typed} retracted nothing");
    }
    // A well-formed id that is not this chat's, then the plain word: the latest goes.
    assert!(chat(&db, "syt", "/hoantac 424242\n").contains("không có báo cáo nào"));
    assert!(chat(&db, "syt", "hoàn tác\n").contains("Đã hoàn tác"));
    assert_eq!(live(&db), 0);
}

async fn control_characters_never_reach_the_store_or_the_terminal(h: Harness) {
    let db = h.0;
    let typed = "cập nhật III.8: đã khảo sát\u{1b}]0;pwned\u{7} thôn\u{1b}[2J phần \u{202E}fdp.exe\u{0}, đạt 30%\n";
    let out = chat(&db, "syt", typed);
    assert!(out.contains("Đã ghi nhận"), "{out}");
    let hidden = |s: &str| s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202E}');
    assert!(!hidden(&out), "the reply shows none: {out:?}");
    let json = phoihop(&db, &["reports", "--json"], "", &[]).stdout;
    let all: serde_json::Value = serde_json::from_str(&json).unwrap();
    let note = all[0]["note"].as_str().unwrap();
    assert!(!hidden(note) && note.contains("]0;pwned") && note.contains("fdp.exe"), "kept cleaned: {note:?}");
    let listed = phoihop(&db, &["reports"], "", &[]).stdout;
    assert_eq!(listed.lines().next().unwrap().split('\t').nth(2), Some("III.8"), "fields apart: {listed:?}");
    for args in [&["reports"][..], &["--now", REFERENCE_NOW, "digest", "--print"][..], &["reports", "--json"][..]] {
        let run = phoihop(&db, args, "", &[]);
        assert!(!hidden(&run.stdout), "{args:?} prints none: {:?}", run.stdout);
    }
}

const SECOND_PLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/quang-ngai-nong-thon-moi-2025");

async fn plans_are_listed_and_retired(h: Harness) {
    let db = h.0;
    chat(&db, "syt", "cập nhật III.8: đã khảo sát, đạt 30%\n");
    let seeded = phoihop(&db, &["seed", SECOND_PLAN], "", &[]);
    assert!(seeded.ok && seeded.stdout.contains("quang-ngai-nong-thon-moi-2025"), "{}", seeded.stderr);
    let list = phoihop(&db, &["--now", REFERENCE_NOW, "plan", "list"], "", &[]).stdout;
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines[0], "Các kế hoạch trong cơ sở dữ liệu (2):", "{list}");
    assert_eq!(lines[1], "• 16/KH-UBND — Giảm nghèo bền vững đến năm 2030 (quang-ngai-16-kh-ubnd-2022)");
    assert!(lines[2].contains("cơ quan điều phối: Sở Nông nghiệp và Môi trường · 22 nhiệm vụ · 1 báo cáo"), "{list}");
    assert!(lines[3].starts_with("• 125/KH-UBND — Xây dựng nông thôn mới"), "{list}");
    assert!(lines[4].contains("14 nhiệm vụ · 0 báo cáo"), "{list}");

    let retired = phoihop(&db, &["--now", REFERENCE_NOW, "plan", "retire", "quang-ngai-nong-thon-moi-2025"], "", &[]);
    assert!(retired.ok && retired.stdout.contains("Đã dừng theo dõi Kế hoạch 125/KH-UBND"), "{}", retired.stderr);
    let json = phoihop(&db, &["plan", "list", "--json"], "", &[]).stdout;
    let plans: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(plans[0]["retired"], serde_json::Value::Null);
    assert!(plans[1]["retired"].as_str().is_some_and(|r| r.starts_with("2026-11-28")), "{json}");
    // The last plan in service stays; a plan that is not there is named with those that are.
    let last = phoihop(&db, &["plan", "retire", "quang-ngai-16-kh-ubnd-2022"], "", &[]);
    assert!(!last.ok && last.stderr.contains("kế hoạch duy nhất đang theo dõi"), "{}", last.stderr);
    let unknown = phoihop(&db, &["plan", "retire", "kh-99"], "", &[]);
    assert!(!unknown.ok && unknown.stderr.contains("quang-ngai-nong-thon-moi-2025"), "{}", unknown.stderr);
}

async fn one_chat_works_across_plans(h: Harness) {
    let db = h.0;
    assert!(phoihop(&db, &["seed", SECOND_PLAN], "", &[]).ok);
    // My tasks, grouped by plan under each plan's code and short title, in the order they were issued.
    let mine = chat(&db, "snnmt", "nhiệm vụ của tôi\n");
    let poverty = mine.find("📋 Kế hoạch 16/KH-UBND — Giảm nghèo bền vững đến năm 2030").expect(&mine);
    let rural = mine.find("📋 Kế hoạch 125/KH-UBND — Xây dựng nông thôn mới giai đoạn 2025–2030").expect(&mine);
    assert!(poverty < rural, "{mine}");
    assert!(mine[rural..].contains("• IV.3 — Bảo vệ môi trường nông thôn"), "{mine}");

    // III.2 is in both plans and Sở NN&MT leads both: asked, with nothing recorded; the choice keeps the
    // report and records it in the plan chosen; the next report of III.2 goes to the same plan.
    let asked = chat(&db, "snnmt", "cập nhật III.2: đã trình UBND tỉnh, đạt 80%\n2\ncập nhật III.2: đạt 85%\n");
    let (question, rest) = asked.split_once("Gõ số thứ tự để chọn.").expect(&asked);
    assert!(question.contains("Chưa có gì được ghi nhận") && question.contains("có trong 2 kế hoạch"), "{asked}");
    assert!(question.contains("1) 16/KH-UBND — Giảm nghèo") && question.contains("2) 125/KH-UBND"), "{asked}");
    assert_eq!(rest.matches("Đã ghi nhận báo cáo").count(), 2, "{asked}");
    let json = phoihop(&db, &["reports", "--json"], "", &[]).stdout;
    let reports: serde_json::Value = serde_json::from_str(&json).unwrap();
    let recorded: Vec<(&str, &str, i64, Option<&str>)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["plan"].as_str().unwrap(),
                r["task"].as_str().unwrap(),
                r["percent"].as_i64().unwrap(),
                r["note"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        recorded,
        [
            ("quang-ngai-nong-thon-moi-2025", "III.2", 80, Some("đã trình UBND tỉnh")),
            ("quang-ngai-nong-thon-moi-2025", "III.2", 85, None)
        ]
    );
    // Named in the message, the plan decides at once; a reference only one plan has needs no question.
    let named = chat(&db, "snnmt", "KH 16: cập nhật III.2 đạt 50%\n");
    assert!(named.contains("Đã ghi nhận") && named.contains("Kỳ báo cáo: năm 2022"), "{named}");
    let only = chat(&db, "syt", "nhiệm vụ III.8\n");
    assert!(only.contains("Nhiệm vụ III.8 — Mục III") && !only.contains("kế hoạch nào"), "{only}");
    // A plan named in a question scopes the answer.
    let scoped = chat(&db, "snnmt", "việc nào quá hạn trong kế hoạch nông thôn mới\n");
    assert!(scoped.contains("Không có nhiệm vụ nào quá hạn") && !scoped.contains("16/KH-UBND"), "{scoped}");
    // `nlu --json` says which plan a line is about, where it can only be one.
    let lines = "KH 16: cập nhật III.2 đạt 50%\ncập nhật IV.2 đạt 10%\ncập nhật III.2 đạt 10%\n";
    let understood = phoihop(&db, &["--now", REFERENCE_NOW, "nlu", "--json"], lines, &[]).stdout;
    let plans: Vec<serde_json::Value> =
        understood.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["plan"].clone()).collect();
    assert_eq!(
        plans,
        [
            serde_json::json!("quang-ngai-16-kh-ubnd-2022"),
            serde_json::json!("quang-ngai-nong-thon-moi-2025"),
            serde_json::Value::Null
        ]
    );
    // One workbook is one plan's: with two in service, `export` asks which.
    let file = std::env::temp_dir().join(format!("phoihop-two-plans-{}.xlsx", std::process::id()));
    let export = phoihop(&db, &["export", "--xlsx", file.to_str().unwrap()], "", &[]);
    assert!(!export.ok && export.stderr.contains("hãy chọn một bằng --plan"), "{}", export.stderr);
    let chosen =
        phoihop(&db, &["--plan", "quang-ngai-nong-thon-moi-2025", "export", "--xlsx", file.to_str().unwrap()], "", &[]);
    assert!(chosen.ok, "{}", chosen.stderr);
    let _ = std::fs::remove_file(&file);
    let both = chat(&db, "snnmt", "việc nào quá hạn\n");
    assert!(both.contains("📋 Kế hoạch 16/KH-UBND") && both.contains("📋 Kế hoạch 125/KH-UBND"), "{both}");
    // The coordinating department coordinates both: `/tonghop` is each plan's week so far, apart.
    let summary = chat(&db, "snnmt", "/tonghop\n");
    let (first, second) = summary.split_once("📋 Kế hoạch 125/KH-UBND").expect(&summary);
    assert!(first.contains("📋 Kế hoạch 16/KH-UBND") && first.contains("TỔNG HỢP TUẦN"), "{summary}");
    assert!(second.contains("TỔNG HỢP TUẦN"), "{summary}");
}

/// A second plan brought with an older copy of the province's catalog: what is new is added, nothing
/// kept is undone, and each difference is named.
async fn an_older_catalog_copy_changes_nothing_kept(h: Harness) {
    let db = h.0;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("nong-thon-moi");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(format!("{SECOND_PLAN}/plan.toml"), copy.join("plan.toml")).unwrap();
    let catalog = std::fs::read_to_string(format!("{SECOND_PLAN}/catalog.toml")).unwrap();
    // Before the reorganisation reached it: Sở LĐ-TB&XH never ended; without the party board; one new.
    let (before, after) = catalog.split_once("code = \"sldtbxh\"").unwrap();
    let (entry, rest) = after.split_once("source =").unwrap();
    let entry: String = entry
        .lines()
        .filter(|l| !l.starts_with("until") && !l.starts_with("successors"))
        .map(|l| format!("{l}\n"))
        .collect();
    let catalog_before_2025 = format!("{before}code = \"sldtbxh\"{entry}source ={rest}");
    let older = catalog_before_2025.replace(
        "[[agency]]\ncode = \"btgtu\"\nname = \"Ban Tuyên giáo Tỉnh ủy\"\nkind = \"party\"\n",
        "[[agency]]\ncode = \"so-thu\"\nname = \"Sở Thử nghiệm\"\nkind = \"department\"\n",
    );
    assert_ne!(older, catalog);
    std::fs::write(copy.join("catalog.toml"), older).unwrap();
    let seeded = phoihop(&db, &["seed", copy.to_str().unwrap()], "", &[]);
    assert!(seeded.ok, "{}", seeded.stderr);
    assert!(seeded.stderr.contains("khác với danh mục “quang-ngai” đã có; giữ danh mục đã có"), "{}", seeded.stderr);
    assert!(
        seeded.stderr.contains("sldtbxh (until, successors)") || seeded.stderr.contains("sldtbxh (until)"),
        "{}",
        seeded.stderr
    );
    assert!(
        seeded.stderr.contains("không có trong catalog.toml này") && seeded.stderr.contains("btgtu"),
        "{}",
        seeded.stderr
    );
    assert!(seeded.stderr.contains("Đã thêm 1 mục mới") && seeded.stderr.contains("so-thu"), "{}", seeded.stderr);
    // The kept catalog stands: Sở LĐ-TB&XH still ended in 2025, the board is still there.
    let json = phoihop(&db, &["--plan", "quang-ngai-16-kh-ubnd-2022", "plan", "--json"], "", &[]).stdout;
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let agency = |code: &str| plan["agencies"].as_array().unwrap().iter().find(|a| a["code"] == code).cloned();
    assert_eq!(agency("sldtbxh").unwrap()["until"], "2025-02-28");
    assert!(agency("btgtu").is_some() && agency("so-thu").is_some());
}

/// A plan whose results need no review says so in its plan.toml; the others keep theirs.
#[test]
fn review_is_a_plan_s_choice() {
    let (dir, db) = common::sqlite_url();
    let copy = dir.path().join("nong-thon-moi");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(format!("{SECOND_PLAN}/catalog.toml"), copy.join("catalog.toml")).unwrap();
    let plan = std::fs::read_to_string(format!("{SECOND_PLAN}/plan.toml")).unwrap();
    let plan = plan.replacen("ends = 2030\n", "ends = 2030\nreview_done = false\n", 1);
    assert!(plan.contains("review_done = false"));
    std::fs::write(copy.join("plan.toml"), plan).unwrap();
    assert!(phoihop(&db, &["seed", copy.to_str().unwrap()], "", &[]).ok);
    let said =
        chat(&db, "dac-khu-ly-son", "KH 125: cập nhật III.4: đã hoàn thành\nKH 16: cập nhật III.9: đã hoàn thành\n");
    let (rural, poverty) = said.split_once("Nhiệm vụ III.9").expect(&said);
    assert!(rural.contains("Đã ghi nhận") && !rural.contains("chờ cơ quan điều phối"), "{rural}");
    assert!(poverty.contains("Kết quả chờ cơ quan điều phối"), "{poverty}");
}

/// A printing command whose reader stops early ends quietly, as Unix tools do.
#[test]
fn a_closed_pipe_ends_a_listing_quietly() {
    let (_dir, db) = common::sqlite_url();
    let mut child = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        .args(["--database", &db, "plan", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A database, for the scenarios that run on both backends.
struct Harness(String);

impl Harness {
    async fn new(url: &str) -> Self {
        Self(url.to_string())
    }
}

on_both_backends!(
    an_older_catalog_copy_changes_nothing_kept,
    plans_are_listed_and_retired,
    one_chat_works_across_plans,
    the_spreadsheet_goes_to_the_coordinating_group_only,
    a_mistyped_undo_undoes_nothing,
    control_characters_never_reach_the_store_or_the_terminal,
);

/// A Word document's text, a paragraph a line (table cells too), with its XML and the parts read.
struct Docx {
    text: String,
    document: String,
    styles: String,
}

fn read_docx(path: &Path) -> Docx {
    let bytes = std::fs::read(path).unwrap();
    // The file opens as a Word document, not only as a zip.
    docx_rs::read_docx(&bytes).expect("the report opens as a Word document");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut xml).unwrap();
        xml
    };
    let (document, styles) = (part("word/document.xml"), part("word/styles.xml"));
    let mut text = String::new();
    let mut rest = document.replace("</w:p>", "\n");
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        rest = rest[start..].split_once('>').map(|(_, r)| r.to_string()).unwrap_or_default();
    }
    text.push_str(&rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Docx { text, document, styles }
}

/// The first tag `<name …>` in `xml`.
fn xml_tag<'a>(xml: &'a str, name: &str) -> &'a str {
    let start = xml.find(&format!("<{name} ")).unwrap_or_else(|| panic!("no <{name}>"));
    &xml[start..start + xml[start..].find('>').unwrap()]
}

fn twips(tag: &str, name: &str) -> i64 {
    xml_attribute(tag, name).unwrap_or_else(|| panic!("{name} in {tag}")).parse().unwrap()
}

/// The periodic report as Nghị định 30/2020/NĐ-CP lays out an administrative document, with every task
/// of the plan in its body, the agencies' notes as results, obstacles as difficulties, and the parts
/// only people can write left marked for them.
#[test]
fn the_periodic_report_is_a_decree_30_draft_of_the_whole_plan() {
    let (dir, db) = common::sqlite_url();
    chat(&db, "syt", "cập nhật III.8 40% đang rà soát quỹ đất cho 120 hộ\n");
    chat(&db, "xa-ba-to-21484", "cập nhật III.2: vướng kinh phí, chưa bố trí vốn đối ứng\n");
    let file = dir.path().join("bao-cao.docx");
    let run = phoihop(
        &db,
        &["--now", REFERENCE_NOW, "report", "--period", "2026", "--docx", file.to_str().unwrap()],
        "",
        &[],
    );
    assert!(run.ok, "{}", run.stderr);
    let doc = read_docx(&file);

    // A4, margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right (1 mm = 56.7 twips).
    let size = xml_tag(&doc.document, "w:pgSz");
    assert_eq!((twips(size, "w:w"), twips(size, "w:h")), (11906, 16838), "A4: {size}");
    let margins = xml_tag(&doc.document, "w:pgMar");
    for (side, range) in
        [("w:top", 1134..=1418), ("w:bottom", 1134..=1418), ("w:left", 1701..=1985), ("w:right", 850..=1134)]
    {
        assert!(range.contains(&twips(margins, side)), "{side} outside the decree's range: {margins}");
    }
    let fonts = xml_tag(&doc.styles, "w:rFonts");
    for attribute in ["w:ascii", "w:hAnsi", "w:cs"] {
        assert_eq!(xml_attribute(fonts, attribute), Some("Times New Roman"), "{fonts}");
    }
    // Quốc hiệu, tiêu ngữ and the title typed in capitals, not styled so.
    assert!(!doc.document.contains("<w:caps"), "capitals must be typed");
    let lines: Vec<&str> = doc.text.lines().map(str::trim).collect();
    for line in
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"]
    {
        assert!(lines.contains(&line), "no line “{line}”");
    }
    assert!(lines.iter().any(|l| l.starts_with("Số:") && l.contains("/BC-")), "the number is left to fill");
    assert!(lines.iter().any(|l| l.starts_with("Quảng Ngãi, ngày") && l.ends_with("năm 2026")), "place and date");
    let subject = lines.iter().find(|l| l.starts_with("Kết quả thực hiện Kế hoạch số 16/KH-UBND")).expect("the title");
    assert!(subject.ends_with("(năm 2026)"), "the term in the title: {subject}");

    // Every task of the plan, cited by its reference, in the body and in the appendix.
    let plan: Value =
        serde_json::from_str(&phoihop(&db, &["--now", REFERENCE_NOW, "plan", "--json"], "", &[]).stdout).unwrap();
    let refs: Vec<&str> = plan["tasks"].as_array().unwrap().iter().map(|t| t["ref"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 22);
    let appendix = doc.text.split("\nPhụ lục\n").nth(1).expect("an appendix");
    for r in &refs {
        assert!(doc.text.contains(&format!("- Nhiệm vụ {r}: ")), "{r} missing from the body");
        assert!(appendix.lines().any(|l| l.trim() == *r), "{r} missing from the appendix");
    }
    // The period's results are the agencies' own words; obstacles are the difficulties.
    let (results, after) = doc.text.split_once("II. KHÓ KHĂN, VƯỚNG MẮC").expect("a part for difficulties");
    assert!(
        results.contains("Sở Y tế: đang thực hiện, 40% (báo cáo ngày 28/11/2026): đang rà soát quỹ đất cho 120 hộ.")
    );
    let difficulties = after.split("III. ĐÁNH GIÁ CHUNG").next().unwrap();
    assert!(
        difficulties.contains("Nhiệm vụ III.2 (Xã Ba Tơ, ngày 28/11/2026): vướng kinh phí, chưa bố trí vốn đối ứng.")
    );
    // What people write is marked, highlighted, and not made up.
    for part in ["III. ĐÁNH GIÁ CHUNG", "V. ĐỀ XUẤT, KIẾN NGHỊ"] {
        let after = doc.text.split(part).nth(1).unwrap_or_else(|| panic!("no {part}"));
        let next = after.lines().map(str::trim).find(|l| !l.is_empty()).unwrap();
        assert!(next.starts_with("[Phần do cơ quan soạn thảo viết"), "{part} is left to the office: {next}");
    }
    assert!(doc.document.contains("<w:highlight w:val=\"yellow\""));
}

#[test]
fn an_agency_reports_its_own_tasks_and_terms_without_a_report_are_refused() {
    let (dir, db) = common::sqlite_url();
    chat(&db, "syt", "cập nhật III.8 40% đang rà soát quỹ đất\n");
    let (lead, support) = lead_and_support(&chat(&db, "syt", "nhiệm vụ của tôi\n"));
    let file = dir.path().join("syt.docx");
    let path = file.to_str().unwrap();
    let run = phoihop(
        &db,
        &["--now", REFERENCE_NOW, "report", "--period", "2026-H2", "--docx", path, "--agency", "syt"],
        "",
        &[],
    );
    assert!(run.ok, "{}", run.stderr);
    let doc = read_docx(&file);
    assert!(doc.text.contains("Kính gửi: Sở Nông nghiệp và Môi trường."), "an agency reports to the coordinator");
    assert!(doc.text.contains("(6 tháng cuối năm 2026)"));
    let mut cited: Vec<String> = doc
        .text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- Nhiệm vụ "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect();
    let mut mine: Vec<String> = lead.into_iter().chain(support).collect();
    cited.sort();
    mine.sort();
    assert_eq!(cited, mine, "exactly the agency's tasks");

    for (period, agency, says) in [
        ("2027", None, "chưa bắt đầu"),
        ("2021-H1", None, "trước khi Kế hoạch số 16/KH-UBND được ban hành"),
        ("2026-H3", None, "2026-H2"),
        ("2026", Some("khong-co"), "Không có cơ quan mã “khong-co”"),
    ] {
        let mut args = vec!["--now", REFERENCE_NOW, "report", "--period", period, "--docx", path];
        args.extend(agency.iter().flat_map(|a| ["--agency", a]));
        std::fs::remove_file(&file).ok();
        let run = phoihop(&db, &args, "", &[]);
        assert!(!run.ok && run.stderr.contains(says), "{period}: {}", run.stderr);
        assert!(!file.exists(), "{period}: no file for a refused report");
    }
}

/// `/baocao` in a chat: the coordinator's report of the plan, an agency's own for the coordinator.
#[test]
fn baocao_in_a_chat_attaches_the_draft() {
    let (_dir, db) = common::sqlite_url();
    let coordinator = chat(&db, "snnmt", "/baocao 6 tháng cuối năm\n");
    assert!(
        coordinator.contains("Dự thảo báo cáo kết quả thực hiện Kế hoạch số 16/KH-UBND 6 tháng cuối năm 2026"),
        "{coordinator}"
    );
    assert!(coordinator.contains("bao-cao-16-kh-ubnd-2026-H2.docx"), "{coordinator}");
    let agency = chat(&db, "syt", "/baocao\n");
    assert!(
        agency.contains("Dự thảo báo cáo của Sở Y tế") && agency.contains("bao-cao-16-kh-ubnd-2026-syt.docx"),
        "{agency}"
    );
    let words = chat(&db, "snnmt", "xuất báo cáo định kỳ năm 2025\n");
    assert!(words.contains("bao-cao-16-kh-ubnd-2025.docx"), "{words}");
    let bad = chat(&db, "snnmt", "/baocao quý 7\n");
    assert!(bad.contains("Chưa rõ kỳ báo cáo “quý 7”"), "{bad}");
}
