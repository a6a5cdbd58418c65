//! The understanding corpus (`tests/data/nlu_cases.tsv`) through `phoihop nlu --json`: every dev case
//! must be understood exactly; the holdout part, written before the rules were tuned, is measured.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

struct Case {
    set: String,
    text: String,
    expected: Value,
}

const SLOTS: [&str; 7] = ["intent", "task", "percent", "status", "agency", "note", "query"];

fn cases() -> Vec<Case> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/nlu_cases.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header, ["set", "text", "intent", "task", "percent", "status", "agency", "note", "query", "reports"]);
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), header.len(), "malformed line: {line}");
            let mut expected = serde_json::Map::new();
            for (name, cell) in header.iter().zip(&cells).skip(2) {
                let value = match (*name, *cell) {
                    (_, "") => Value::Null,
                    // Not compared: a held-out case written by someone who left the slot to the bot.
                    (_, "*") => continue,
                    ("percent", n) => Value::from(n.parse::<i64>().unwrap()),
                    ("reports", json) => serde_json::from_str(json).expect("reports as JSON"),
                    (_, s) => Value::from(s),
                };
                expected.insert(name.to_string(), value);
            }
            Case { set: cells[0].to_string(), text: cells[1].to_string(), expected: Value::Object(expected) }
        })
        .collect()
}

fn understand_all(texts: &[&str]) -> Vec<Value> {
    let (_dir, db) = common::sqlite_url();
    let mut child = Command::new(env!("CARGO_BIN_EXE_phoihop"))
        // Names mean the agency that bore them on the day: the corpus is read on a fixed one, after the
        // 2025 reorganisation ("sở nông nghiệp" is Sở Nông nghiệp và Môi trường).
        .args(["--database", &db, "--now", "2026-11-28", "nlu", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let input = texts.join("\n") + "\n";
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn mismatches(case: &Case, got: &Value) -> Vec<String> {
    let mut wrong: Vec<String> = SLOTS
        .iter()
        .filter(|slot| case.expected.get(**slot).is_some_and(|e| got[**slot] != *e))
        .map(|slot| format!("{slot}: expected {}, got {}", case.expected[*slot], got[*slot]))
        .collect();
    // Where a case lists the reports a message makes, they must be those, in every field it gives.
    let expected = &case.expected["reports"];
    let same = |e: &Value, g: &Value| e.as_object().is_some_and(|e| e.iter().all(|(k, v)| g[k] == *v));
    let matches = match (expected.as_array(), got["reports"].as_array()) {
        (Some(e), Some(g)) => e.len() == g.len() && e.iter().zip(g).all(|(e, g)| same(e, g)),
        _ => expected.is_null(),
    };
    if !matches {
        wrong.push(format!("reports: expected {expected}, got {}", got["reports"]));
    }
    wrong
}

#[test]
fn the_corpus_is_understood() {
    let cases = cases();
    assert!(cases.len() >= 250, "{} cases", cases.len());
    for intent in [
        "my_tasks",
        "agency_tasks",
        "task_detail",
        "search",
        "overdue",
        "due_soon",
        "blocked",
        "not_reported",
        "reported",
        "summary",
        "update",
        "help",
        "unknown",
    ] {
        assert!(cases.iter().any(|c| c.set == "dev" && c.expected["intent"] == intent), "no dev case for {intent}");
    }
    let texts: Vec<&str> = cases.iter().map(|c| c.text.as_str()).collect();
    let results = understand_all(&texts);
    assert_eq!(results.len(), cases.len());

    let mut dev_failures = Vec::new();
    let (mut holdout, mut holdout_right) = (0, 0);
    let mut holdout_failures = Vec::new();
    for (case, got) in cases.iter().zip(&results) {
        assert_eq!(got["text"], case.text.as_str());
        let wrong = mismatches(case, got);
        if case.set == "holdout" {
            holdout += 1;
            if wrong.is_empty() {
                holdout_right += 1;
            } else {
                holdout_failures.push(format!("{:?}: {}", case.text, wrong.join("; ")));
            }
        } else if !wrong.is_empty() {
            dev_failures.push(format!("{:?}: {}", case.text, wrong.join("; ")));
        }
    }
    let accuracy = holdout_right as f64 / holdout.max(1) as f64;
    eprintln!("holdout: {holdout_right}/{holdout} understood exactly ({:.1}%)", accuracy * 100.0);
    for failure in &holdout_failures {
        eprintln!("  holdout miss {failure}");
    }
    assert!(dev_failures.is_empty(), "{} dev cases misunderstood:\n{}", dev_failures.len(), dev_failures.join("\n"));
    assert!(holdout >= 50, "the holdout part keeps at least 50 cases");
    assert!(accuracy >= 0.85, "holdout accuracy fell to {:.1}%", accuracy * 100.0);
}
