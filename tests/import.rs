//! `phoihop import --xlsx`: the workbook `export` writes, brought into another database, reproduces every
//! task's state; a workbook edited by hand is read as a person left it; a bad row records nothing unless
//! the good rows are asked for. On SQLite and PostgreSQL.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use calamine::{Reader, Xlsx};
use serde_json::Value;

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn phoihop(db: &str, now: &str, args: &[&str], stdin: &str) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_phoihop"));
    cmd.args(["--database", db, "--now", now]).args(args);
    cmd.env_remove("DATABASE_URL").env_remove("PHOIHOP_NOW").env_remove("PHOIHOP_PLAN").env_remove("PHOIHOP_LANG");
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const REPORTED: &str = "2026-11-28T09:00:00+07:00";

fn chat(db: &str, agency: &str, input: &str) {
    let run = phoihop(db, REPORTED, &["chat", "--agency", agency], input);
    assert!(run.ok && run.stdout.contains("Đã ghi nhận"), "{agency}: {}{}", run.stdout, run.stderr);
}

fn export(db: &str, now: &str, file: &Path) {
    let run = phoihop(db, now, &["export", "--xlsx", file.to_str().unwrap()], "");
    assert!(run.ok, "{}", run.stderr);
}

/// Every cell of the task sheet, as text.
fn task_sheet(file: &Path) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook(file).unwrap();
    let range = book.worksheet_range("Theo cơ quan").unwrap();
    range.rows().map(|row| row.iter().map(|c| c.to_string()).collect()).collect()
}

fn reports(db: &str) -> Vec<Value> {
    serde_json::from_str(&phoihop(db, REPORTED, &["reports", "--json"], "").stdout).unwrap()
}

async fn a_workbook_carries_every_state_to_another_database(first: String, second: String) {
    let dir = tempfile::tempdir().unwrap();
    // Reports of today and of the past, by departments, a commune, the coordinator for another
    // agency, and an agency that has since ended (for the state it had then).
    chat(
        &first,
        "snnmt",
        "cập nhật III.3: đã hoàn thành ngày 20/12/2025\ncập nhật I.3: đạt 40%, đã in tờ rơi\n\
         ghi nhận thay Sở Y tế: III.8 vướng mắc về quỹ đất\ncập nhật V.4: đã hoàn thành ngày 15/3/2026\n",
    );
    chat(&first, "xa-tinh-khe", "cập nhật III.9: hoàn thành ngày 10/10/2026\n");
    chat(&first, "sldtbxh", "cập nhật III.2: đã hoàn thành ngày 20/12/2022\n");
    chat(&first, "svhttdl", "cập nhật I.4: chưa triển khai\n");
    // The states of periods that have ended: the year 2024 of an annual task, the 2021–2025 phase of a
    // task Sở LĐ-TB&XH led then and Sở Nội vụ leads now.
    chat(&first, "syt", "cập nhật I.1: đã hoàn thành ngày 15/12/2024\n");
    chat(&first, "sldtbxh", "cập nhật III.6: đã hoàn thành ngày 20/12/2024\n");
    chat(&first, "sxd", "cập nhật III.7: đã hoàn thành\n");
    // The commune's result waits for the coordinator, who confirms it; Sở Y tế's and Sở Xây dựng's are
    // left waiting, and the workbook carries them so. Sở LĐ-TB&XH was the coordinator in 2022, so its own
    // result of then needs none.
    let confirmed = phoihop(&first, REPORTED, &["chat", "--agency", "snnmt"], "/xacnhan 5\n/xacnhan 6\n").stdout;
    assert!(confirmed.contains("Đã xác nhận kết quả nhiệm vụ III.9 của Xã Tịnh Khê"), "{confirmed}");
    assert!(confirmed.contains("Báo cáo số 6 không ở trạng thái chờ xác nhận"), "{confirmed}");

    let exported = dir.path().join("tien-do.xlsx");
    export(&first, "2026-11-28T10:00:00+07:00", &exported);
    let run = phoihop(&second, "2026-11-28T11:00:00+07:00", &["import", "--xlsx", exported.to_str().unwrap()], "");
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Đã ghi nhận 10 báo cáo từ tien-do.xlsx"), "{}", run.stdout);
    assert!(run.stdout.contains("III.3 — Sở NN&MT: hoàn thành, 100%, 20/12/2025 — đã ghi nhận"), "{}", run.stdout);
    assert!(run.stdout.contains("I.1 — Sở Y tế: hoàn thành, 100%, 15/12/2024 — đã ghi nhận"), "{}", run.stdout);
    assert!(run.stdout.contains("dòng “Chưa báo cáo”: bỏ qua"), "{}", run.stdout);

    let imported = reports(&second);
    assert_eq!(imported.len(), 10);
    let waiting: Vec<_> = imported.iter().filter(|r| r["review"] == "pending").map(|r| r["task"].clone()).collect();
    assert_eq!(waiting, [Value::from("I.1"), Value::from("III.7")], "still waiting for review: {imported:?}");
    assert!(imported.iter().all(|r| r["entered_by"] == "snnmt"), "entered by the coordinator: {imported:?}");
    let iii3 = imported.iter().find(|r| r["task"] == "III.3").unwrap();
    assert_eq!(
        (&iii3["as_of"], &iii3["period"], &iii3["status"]),
        (&Value::from("2025-12-20"), &Value::from("2021-2025"), &Value::from("done"))
    );

    // Both databases now say the same of every task and every agency.
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export(&first, "2026-11-28T12:00:00+07:00", &a);
    export(&second, "2026-11-28T12:00:00+07:00", &b);
    let (a, b) = (task_sheet(&a), task_sheet(&b));
    assert!(a.len() > 1000, "every task × agency row");
    let ended: Vec<_> = a.iter().filter(|r| r[0] == "III.6" && r[2] == "giai đoạn 2021–2025").collect();
    assert!(
        ended.len() == 1
            && (ended[0][5].as_str(), ended[0][6].as_str()) == ("Sở LĐ-TB&XH (nay là Sở Nội vụ)", "sldtbxh")
            && ended[0][4] == "hoàn thành đúng hạn"
            && ended[0][8] == "hoàn thành",
        "the phase that ended, with the state Sở LĐ-TB&XH left, carried by Sở Nội vụ: {ended:?}"
    );
    assert!(a.iter().any(|r| r[0] == "I.1" && r[2] == "năm 2024" && r[6] == "syt" && r[8] == "chờ xác nhận"));
    assert_eq!(a, b);
    let term = |db: &str| phoihop(db, "2026-11-28T12:00:00+07:00", &["chat", "--agency", "snnmt"], "nhiệm vụ III.6\n");
    assert_eq!(term(&first).stdout, term(&second).stdout);
    // Every report comes back as the agency that sent it, in its period, with its day: the periodic
    // report of a term that ended reads the same from both.
    let kept = |db: &str| {
        let mut all: Vec<String> = reports(db)
            .iter()
            .map(|r| {
                let waiting = r["review"] == "pending";
                format!(
                    "{} {} {} {} {} {} {waiting}",
                    r["task"], r["agency"], r["period"], r["status"], r["percent"], r["as_of"]
                )
            })
            .collect();
        all.sort();
        all
    };
    assert_eq!(kept(&first), kept(&second));

    // Importing the same file again records nothing: every row is as the database has it.
    let again = phoihop(&second, "2026-11-28T13:00:00+07:00", &["import", "--xlsx", exported.to_str().unwrap()], "");
    assert!(again.ok && again.stdout.contains("Đã ghi nhận 0 báo cáo"), "{}", again.stdout);
    assert!(again.stdout.contains("giống tình trạng đã có"), "{}", again.stdout);
    assert_eq!(reports(&second).len(), 10);

    // A later report is not undone by importing the older workbook again.
    let later =
        phoihop(&second, "2026-11-29T09:00:00+07:00", &["chat", "--agency", "snnmt"], "cập nhật I.3: đạt 70%\n");
    assert!(later.stdout.contains("Đã ghi nhận"), "{}", later.stdout);
    let old = phoihop(&second, "2026-11-29T10:00:00+07:00", &["import", "--xlsx", exported.to_str().unwrap()], "");
    assert!(old.ok && old.stdout.contains("Đã ghi nhận 0 báo cáo"), "{}", old.stdout);
    assert!(old.stdout.contains("I.3 — Sở NN&MT: đang thực hiện, 40%, 28/11/2026 — bỏ qua: cũ hơn"), "{}", old.stdout);
}

/// A workbook as an office leaves it: a title above the headings, columns moved and missing, blank
/// rows, dates typed as text or entered as date cells, a percentage as a number.
fn hand_edited(file: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "BẢNG TIẾN ĐỘ — nhập tay từ báo cáo năm 2025").unwrap();
    let headings = ["TT", "Nội dung nhiệm vụ", "Trạng thái", "Mã cơ quan", "Tỷ lệ", "Ghi chú", "Tính đến ngày"];
    for (col, h) in headings.iter().enumerate() {
        sheet.write_string(2, col as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let percent_format = Format::new().set_num_format("0%");
    // Row 4: a date cell.
    sheet.write_string(3, 0, "III.3").unwrap();
    sheet.write_string(3, 2, "Hoàn thành").unwrap();
    sheet.write_string(3, 3, "snnmt").unwrap();
    let day = ExcelDateTime::from_ymd(2025, 12, 20).unwrap();
    sheet.write_datetime_with_format(3, 6, &day, &date_format).unwrap();
    // Row 6 (after a blank row): 40% as the number 0.4, a date as text.
    sheet.write_string(5, 0, "I.3").unwrap();
    sheet.write_string(5, 2, "đang thực hiện").unwrap();
    sheet.write_string(5, 3, "SNNMT").unwrap();
    sheet.write_number_with_format(5, 4, 0.4, &percent_format).unwrap();
    sheet.write_string(5, 5, "đã in tờ rơi").unwrap();
    sheet.write_string(5, 6, "28/11/2026").unwrap();
    // Row 7: a status in other words, an ISO date.
    sheet.write_string(6, 0, "III.8").unwrap();
    sheet.write_string(6, 2, "vướng").unwrap();
    sheet.write_string(6, 3, "syt").unwrap();
    sheet.write_string(6, 5, "thiếu quỹ đất").unwrap();
    sheet.write_string(6, 6, "2026-11-20").unwrap();
    // Row 8: Sở Y tế has no part in III.4. Row 9: 31/02 does not exist. Row 10: 150%.
    for (row, reference, agency, percent, day) in [
        (7, "III.4", "syt", "50%", "20/11/2026"),
        (8, "III.2", "snnmt", "", "31/02/2026"),
        (9, "V.3", "skhcn", "150%", "01/11/2026"),
    ] {
        sheet.write_string(row, 0, reference).unwrap();
        sheet.write_string(row, 2, "đang thực hiện").unwrap();
        sheet.write_string(row, 3, agency).unwrap();
        sheet.write_string(row, 4, percent).unwrap();
        sheet.write_string(row, 6, day).unwrap();
    }
    // Row 11: a task the plan does not have, and no date either: the task is what is wrong.
    sheet.write_string(10, 0, "IX.9").unwrap();
    sheet.write_string(10, 2, "đang thực hiện").unwrap();
    sheet.write_string(10, 3, "syt").unwrap();
    book.save(file).unwrap();
}

async fn a_hand_edited_workbook_with_bad_rows(db: String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nhap-tay.xlsx");
    hand_edited(&file);
    let path = file.to_str().unwrap();

    let refused = phoihop(&db, REPORTED, &["import", "--xlsx", path], "");
    assert!(!refused.ok, "a file with bad rows fails");
    assert!(refused.stderr.contains("có 4 dòng lỗi nên chưa ghi nhận gì"), "{}", refused.stderr);
    assert!(refused.stdout.contains("Dòng 11: IX.9 — lỗi: kế hoạch không có nhiệm vụ IX.9"), "{}", refused.stdout);
    assert!(
        refused.stdout.contains("Dòng 8: III.4 — Sở Y tế — lỗi: Sở Y tế không được giao nhiệm vụ III.4"),
        "{}",
        refused.stdout
    );
    assert!(
        refused.stdout.contains("Dòng 9: III.2 — Sở NN&MT — lỗi: không đọc được ngày “31/02/2026”"),
        "{}",
        refused.stdout
    );
    assert!(refused.stdout.contains("Dòng 10: V.3 — Sở KH&CN — lỗi: tỷ lệ “150%”"), "{}", refused.stdout);
    assert!(
        refused.stdout.contains("Dòng 4: III.3 — Sở NN&MT: hoàn thành, 100%, 20/12/2025 — sẽ ghi nhận"),
        "{}",
        refused.stdout
    );
    assert!(reports(&db).is_empty(), "nothing recorded");

    let partial = phoihop(&db, REPORTED, &["import", "--xlsx", path, "--skip-bad-rows"], "");
    assert!(partial.ok, "{}", partial.stderr);
    assert!(
        partial.stdout.contains("Đã ghi nhận 3 báo cáo") && partial.stdout.contains("4 dòng lỗi"),
        "{}",
        partial.stdout
    );
    // Again: the good rows have nothing new, and the bad ones were to be skipped — not a failure.
    let again = phoihop(&db, REPORTED, &["import", "--xlsx", path, "--skip-bad-rows"], "");
    assert!(again.ok && again.stdout.contains("Đã ghi nhận 0 báo cáo"), "{}{}", again.stdout, again.stderr);
    let recorded = reports(&db);
    let find = |task: &str| recorded.iter().find(|r| r["task"] == task).unwrap().clone();
    assert_eq!(
        (find("III.3")["as_of"].clone(), find("III.3")["percent"].clone()),
        (Value::from("2025-12-20"), Value::from(100))
    );
    let i3 = find("I.3");
    assert_eq!(
        (&i3["percent"], &i3["note"], &i3["as_of"]),
        (&Value::from(40), &Value::from("đã in tờ rơi"), &Value::from("2026-11-28"))
    );
    let iii8 = find("III.8");
    assert_eq!(
        (&iii8["status"], &iii8["agency"], &iii8["entered_by"]),
        (&Value::from("blocked"), &Value::from("syt"), &Value::from("snnmt"))
    );
    let summary = phoihop(&db, REPORTED, &["chat", "--agency", "snnmt"], "tổng hợp tiến độ\n").stdout;
    assert!(summary.contains("Hoàn thành đúng hạn: 1"), "III.3 done on 20/12/2025 counts as on time: {summary}");
}

#[tokio::test]
async fn a_workbook_carries_every_state_on_sqlite() {
    let (_a, first) = common::sqlite_url();
    let (_b, second) = common::sqlite_url();
    a_workbook_carries_every_state_to_another_database(first, second).await;
}

#[tokio::test]
async fn a_workbook_carries_every_state_on_postgres() {
    // From SQLite to PostgreSQL: the workbook is the bridge, whatever the backends.
    let (_a, first) = common::sqlite_url();
    if let Some(second) = common::postgres_url().await {
        a_workbook_carries_every_state_to_another_database(first, second).await;
    }
}

#[tokio::test]
async fn a_hand_edited_workbook_on_sqlite() {
    let (_dir, db) = common::sqlite_url();
    a_hand_edited_workbook_with_bad_rows(db).await;
}

#[tokio::test]
async fn a_hand_edited_workbook_on_postgres() {
    if let Some(db) = common::postgres_url().await {
        a_hand_edited_workbook_with_bad_rows(db).await;
    }
}

/// Rows dated before the plan was issued or after it ended are refused, whatever the clock says.
#[test]
fn rows_outside_the_plan_s_life_are_refused() {
    use rust_xlsxwriter::Workbook;
    let (dir, db) = common::sqlite_url();
    let file = dir.path().join("ngoai-ky.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in ["TT", "Trạng thái", "Mã cơ quan", "Tỷ lệ", "Tính đến ngày"].iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    for (row, day) in [(1, "01/06/2021"), (2, "15/01/2031"), (3, "31/12/2030")] {
        for (col, value) in ["III.8", "đang thực hiện", "syt", "50%", day].iter().enumerate() {
            sheet.write_string(row, col as u16, *value).unwrap();
        }
    }
    book.save(&file).unwrap();
    let run = phoihop(&db, "2031-03-02T09:00:00+07:00", &["import", "--xlsx", file.to_str().unwrap()], "");
    assert!(!run.ok && run.stderr.contains("có 2 dòng lỗi"), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Dòng 2: III.8 — Sở Y tế — lỗi: ngày 01/06/2021 trước ngày ban hành"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Dòng 3: III.8 — Sở Y tế — lỗi: ngày 15/01/2031 sau khi kế hoạch kết thúc (31/12/2030)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Dòng 4: III.8 — Sở Y tế: đang thực hiện, 50%, 31/12/2030 — sẽ ghi nhận"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_clearly() {
    let (dir, db) = common::sqlite_url();
    let file = dir.path().join("ghi-chu.xlsx");
    std::fs::write(&file, "không phải tệp Excel").unwrap();
    let run = phoihop(&db, REPORTED, &["import", "--xlsx", file.to_str().unwrap()], "");
    assert!(!run.ok && run.stderr.contains("cannot read the workbook"), "{}", run.stderr);
}
