//! The seed format a coordinator edits by hand: the bundled plan is whole, and every mistake in a seed
//! file is reported with its file, line and field.

use std::path::Path;

use phoihop::plan::seed::{self, SeedError};

const CATALOG: &str = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/catalog.toml");
const PLAN: &str = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/plan.toml");

/// Loads a seed directory holding `catalog` and `plan`.
fn load(catalog: &str, plan: &str) -> Result<phoihop::plan::PlanBundle, SeedError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("catalog.toml"), catalog).unwrap();
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    seed::load_dir(dir.path())
}

/// 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle in text") + 1
}

fn invalid(result: Result<phoihop::plan::PlanBundle, SeedError>) -> (String, usize, String, String) {
    match result {
        Err(SeedError::Invalid { file, line, field, message }) => {
            (file.file_name().unwrap().to_string_lossy().into_owned(), line, field, message)
        }
        other => panic!("expected an invalid-seed error, got {other:?}"),
    }
}

#[test]
fn the_seed_directory_in_the_repository_is_the_bundled_plan() {
    let from_dir = seed::load_dir(Path::new(seed::BUNDLED_DIR)).unwrap();
    assert_eq!(from_dir, seed::bundled().unwrap());
    assert_eq!(from_dir.plan.tasks.len(), 22);
}

#[test]
fn groups_hold_what_the_plan_means() {
    let bundle = seed::bundled().unwrap();
    let catalog = &bundle.catalog;
    let districts = &catalog.group("ubnd-huyen").unwrap().members;
    assert_eq!(districts.len(), 13);
    assert!(districts.iter().all(|c| catalog.agency(c).unwrap().kind == phoihop::plan::AgencyKind::District));
    let departments = &catalog.group("so-ban-nganh").unwrap().members;
    for code in ["sldtbxh", "syt", "cat", "bchqs", "bdt", "stc", "stp", "sgtvt", "svhttdl", "skhcn", "ttt", "vpubnd"] {
        assert!(departments.contains(&code.to_string()), "{code} is one of các sở, ban, ngành");
    }
    for code in ["mttq", "btgtu", "lmhtx"] {
        assert!(!departments.contains(&code.to_string()), "{code} is not a state department");
    }
}

#[test]
fn an_unknown_agency_names_file_line_field_and_closest_codes() {
    let plan = PLAN.replacen("lead = [\"stnmt\", \"sldtbxh\", \"syt\"", "lead = [\"stnmt\", \"sldtbxh\", \"sytt\"", 1);
    let (file, line, field, message) = invalid(load(CATALOG, &plan));
    assert_eq!(file, "plan.toml");
    assert_eq!(line, line_of(&plan, "\"sytt\""));
    assert_eq!(field, "task III.8.lead");
    assert!(message.contains("sytt") && message.contains("syt"), "{message}");
}

#[test]
fn an_unknown_group_is_refused() {
    let plan = PLAN.replacen("support = [\"@ubnd-huyen\"]", "support = [\"@ubnd-tinh\"]", 1);
    let (_, _, field, message) = invalid(load(CATALOG, &plan));
    assert!(field.ends_with(".support"), "{field}");
    assert!(message.contains("@ubnd-tinh") && message.contains("ubnd-huyen"), "{message}");
}

#[test]
fn a_missing_field_is_named() {
    let plan = PLAN.replacen("product = \"Nghị quyết, quyết định\"\n", "", 1);
    let (file, _, field, message) = invalid(load(CATALOG, &plan));
    assert_eq!(file, "plan.toml");
    assert_eq!(field, "product", "{message}");
}

#[test]
fn a_misspelt_field_is_named() {
    let plan = PLAN.replacen("timeframe = \"Năm 2022\"", "timeframe = \"Năm 2022\"\nleed = []", 1);
    let (_, line, field, _) = invalid(load(CATALOG, &plan));
    assert_eq!(field, "leed");
    assert_eq!(line, line_of(&plan, "leed = []"));
}

#[test]
fn an_unreadable_timeframe_names_the_task() {
    let plan = PLAN.replacen("timeframe = \"Năm 2022\"", "timeframe = \"Sớm nhất có thể\"", 1);
    let (_, line, field, message) = invalid(load(CATALOG, &plan));
    assert_eq!(field, "task III.2.timeframe");
    assert_eq!(line, line_of(&plan, "Sớm nhất có thể"));
    assert!(message.contains("Sớm nhất có thể"), "{message}");
}

#[test]
fn a_duplicate_task_is_refused() {
    let plan = PLAN.replacen("ref = \"III.3\"", "ref = \"III.2\"", 1);
    let (_, _, field, message) = invalid(load(CATALOG, &plan));
    assert_eq!(field, "task III.2.ref");
    assert!(message.contains("twice"), "{message}");
}

#[test]
fn a_task_outside_any_section_is_refused() {
    let plan = PLAN.replacen("ref = \"V.4\"", "ref = \"VI.1\"", 1);
    let (_, _, _, message) = invalid(load(CATALOG, &plan));
    assert!(message.contains("section VI"), "{message}");
}

#[test]
fn broken_toml_names_the_line() {
    let plan = PLAN.replacen("ref = \"II.1\"", "ref = \"II.1", 1);
    let (file, line, _, _) = invalid(load(CATALOG, &plan));
    assert_eq!(file, "plan.toml");
    assert_eq!(line, line_of(&plan, "ref = \"II.1"));
}

#[test]
fn catalog_mistakes_are_reported_in_the_catalog() {
    let catalog = CATALOG.replacen("\"minhlong\", \"sonha\"", "\"minhlong\", \"sonhaa\"", 1);
    let (file, line, field, message) = invalid(load(&catalog, PLAN));
    assert_eq!(file, "catalog.toml");
    assert_eq!(line, line_of(&catalog, "\"sonhaa\""));
    assert_eq!(field, "group ubnd-huyen.members");
    assert!(message.contains("sonhaa"), "{message}");

    let catalog = CATALOG.replacen("kind = \"press\"", "kind = \"newspaper\"", 1);
    let (_, _, field, _) = invalid(load(&catalog, PLAN));
    assert_eq!(field, "agency dptth.kind");

    let catalog = CATALOG.replacen("code = \"sxd\"", "code = \"syt\"", 1);
    let (_, _, _, message) = invalid(load(&catalog, PLAN));
    assert!(message.contains("twice"), "{message}");
}

#[test]
fn requested_cooperation_must_be_listed_as_cooperation() {
    let plan = PLAN.replacen("requested = [\"mttq\"]", "requested = [\"btgtu\"]", 1);
    let (_, _, field, _) = invalid(load(CATALOG, &plan));
    assert_eq!(field, "task I.6.requested");
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("catalog.toml"), CATALOG).unwrap();
    match seed::load_dir(dir.path()) {
        Err(SeedError::Io { file, .. }) => assert!(file.ends_with("plan.toml")),
        other => panic!("expected a missing-file error, got {other:?}"),
    }
}
