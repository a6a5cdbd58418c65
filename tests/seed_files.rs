//! The seed format a coordinator edits by hand: the bundled plan is whole, and every mistake in a seed
//! file is reported with its file, line and field.

use std::path::Path;

use phoihop::plan::seed::{self, SeedError};

const CATALOG: &str = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/catalog.toml");
const PLAN: &str = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/plan.toml");
const AMENDMENTS: &str = include_str!("../seeds/quang-ngai-16-kh-ubnd-2022/amendments.toml");

/// Loads a seed directory holding `catalog` and `plan`, with the bundled amendments.
fn load(catalog: &str, plan: &str) -> Result<phoihop::plan::PlanBundle, SeedError> {
    load_amended(catalog, plan, AMENDMENTS)
}

fn load_amended(catalog: &str, plan: &str, amendments: &str) -> Result<phoihop::plan::PlanBundle, SeedError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("catalog.toml"), catalog).unwrap();
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    std::fs::write(dir.path().join("amendments.toml"), amendments).unwrap();
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

#[test]
fn a_split_agency_needs_each_task_given_to_a_successor() {
    // Without the transfer of III.6 and III.8 to Sở Nội vụ, the loader cannot tell who takes them.
    let amendments = AMENDMENTS.replacen("tasks = [\"III.6\", \"III.8\"]", "tasks = [\"III.8\"]", 1);
    let (file, line, field, message) = invalid(load_amended(CATALOG, PLAN, &amendments));
    assert_eq!((file.as_str(), field.as_str()), ("plan.toml", "task III.6.lead"));
    assert_eq!(line, line_of(PLAN, "ref = \"III.6\""));
    assert!(message.contains("sldtbxh") && message.contains("snv, snnmt, syt, sgddt"), "{message}");
    assert!(message.contains("amendment.transfer"), "says how to mend it: {message}");
}

#[test]
fn an_amendment_before_the_plan_or_naming_strangers_is_refused() {
    let early = AMENDMENTS.replacen("date = 2025-03-01", "date = 2021-03-01", 1);
    let (file, line, field, message) = invalid(load_amended(CATALOG, PLAN, &early));
    assert_eq!((file.as_str(), field.as_str()), ("amendments.toml", "amendment.date"));
    assert_eq!(line, line_of(&early, "date = 2021-03-01"));
    assert!(message.contains("2022-01-27"), "{message}");

    let stranger = AMENDMENTS.replacen("to = [\"snv\"]", "to = [\"snvv\"]", 1);
    let (file, line, field, message) = invalid(load_amended(CATALOG, PLAN, &stranger));
    assert_eq!((file.as_str(), field.as_str()), ("amendments.toml", "amendment.transfer.to"));
    assert_eq!(line, line_of(&stranger, "\"snvv\""));
    assert!(message.contains("snvv") && message.contains("snv"), "{message}");

    let no_basis = AMENDMENTS.replacen("basis = \"Luật Tổ chức", "basis = \" \"\n# \"Luật Tổ chức", 1);
    let (_, _, field, _) = invalid(load_amended(CATALOG, PLAN, &no_basis));
    assert_eq!(field, "amendment.basis");
}

#[test]
fn a_transfer_of_a_task_the_agency_does_not_have_is_refused() {
    let wrong = AMENDMENTS.replacen("tasks = [\"V.3\"]", "tasks = [\"III.7\"]", 1);
    let (file, line, field, message) = invalid(load_amended(CATALOG, PLAN, &wrong));
    assert_eq!((file.as_str(), field.as_str()), ("amendments.toml", "amendment 1.transfer.tasks"));
    assert_eq!(line, line_of(&wrong, "date = 2025-03-01"));
    assert!(message.contains("III.7") && message.contains("stttt"), "{message}");
}

#[test]
fn the_districts_must_be_replaced_when_they_end() {
    let cut = AMENDMENTS.find("\n  [[amendment.replace_group]]").unwrap();
    let without = &AMENDMENTS[..cut];
    let (file, _, field, message) = invalid(load_amended(CATALOG, PLAN, without));
    assert_eq!(file, "plan.toml");
    assert!(field.ends_with(".lead"), "{field}");
    assert!(message.contains("@ubnd-huyen") && message.contains("2025-07-01"), "{message}");
}

#[test]
fn a_task_added_for_an_agency_that_ended_is_refused_where_it_was_added() {
    let added = format!(
        "{AMENDMENTS}\n[[amendment]]\ndate = 2025-08-01\ntitle = \"Bổ sung\"\nbasis = \"Quyết định thử\"\n\
         [[amendment.add_task]]\nref = \"V.5\"\ntitle = \"Nhiệm vụ mới\"\nlead = [\"stnmt\"]\nproduct = \"Báo cáo\"\n\
         timeframe = \"Năm 2026\"\n"
    );
    // Sở TN&MT had one successor: its new task passes to Sở Nông nghiệp và Môi trường by itself.
    let bundle = load_amended(CATALOG, PLAN, &added).unwrap();
    let timeline = phoihop::plan::PlanTimeline::new(bundle).unwrap();
    let v5 = timeline.at("2026-01-01".parse().unwrap()).task("V.5".parse().unwrap()).unwrap().clone();
    assert_eq!(v5.lead, [phoihop::plan::Assignee::Agency("snnmt".into())]);
    // Sở LĐ-TB&XH had several: the loader points at the added task.
    let split = added.replace("lead = [\"stnmt\"]", "lead = [\"sldtbxh\"]");
    let (file, line, field, _) = invalid(load_amended(CATALOG, PLAN, &split));
    assert_eq!((file.as_str(), field.as_str()), ("amendments.toml", "task V.5.lead"));
    assert_eq!(line, line_of(&split, "ref = \"V.5\""));
}

#[test]
fn catalog_lifecycle_mistakes_are_named() {
    let gap = CATALOG.replacen("since = 2025-03-01\n# Sở NN&PTNT", "since = 2025-04-01\n# Sở NN&PTNT", 1);
    let (file, _, field, message) = invalid(load(&gap, PLAN));
    // The first agency it succeeds is named: Sở LĐ-TB&XH ends on 28/02 and would leave a gap.
    assert_eq!((file.as_str(), field.as_str()), ("catalog.toml", "agency sldtbxh.successors"));
    assert!(message.contains("snnmt") && message.contains("2025-04-01"), "{message}");
    let backwards =
        CATALOG.replacen("since = 2025-03-01\n# Sở NN&PTNT", "since = 2025-03-01\nuntil = 2025-01-01\n# Sở NN&PTNT", 1);
    let (_, line, field, message) = invalid(load(&backwards, PLAN));
    assert_eq!((field.as_str(), line), ("agency snnmt.until", line_of(&backwards, "until = 2025-01-01")));
    assert!(message.contains("before it was set up"), "{message}");
}

#[test]
fn amendments_remove_reword_and_move_deadlines_from_their_date() {
    let amended = format!(
        "{AMENDMENTS}\n[[amendment]]\ndate = 2026-06-01\ntitle = \"Điều chỉnh kế hoạch\"\nbasis = \"Quyết định thử\"\n\
         remove_tasks = [\"III.1\"]\n\
         [[amendment.reword]]\nref = \"III.2\"\ntitle = \"Ban hành Kế hoạch giai đoạn 2026-2030\"\ntimeframe = \"Năm 2026\"\n\
         [[amendment.deadline]]\nref = \"V.4\"\ndue = 2026-06-30\n"
    );
    let timeline = phoihop::plan::PlanTimeline::new(load_amended(CATALOG, PLAN, &amended).unwrap()).unwrap();
    let before = timeline.at("2026-05-31".parse().unwrap());
    let after = timeline.at("2026-06-01".parse().unwrap());
    let r = |s: &str| s.parse::<phoihop::plan::TaskRef>().unwrap();
    assert!(before.task(r("III.1")).is_some() && after.task(r("III.1")).is_none());
    assert_eq!(after.plan().tasks.len(), 21);
    let (old, new) = (before.task(r("III.2")).unwrap(), after.task(r("III.2")).unwrap());
    assert!(old.title.starts_with("Xây dựng, ban hành") && new.title.starts_with("Ban hành Kế hoạch"));
    assert_eq!(after.plan().due(new).to_string(), "2026-12-31");
    assert_eq!(before.plan().due(old).to_string(), "2022-12-31");
    let v4 = after.task(r("V.4")).unwrap();
    assert_eq!(after.plan().due(v4).to_string(), "2026-06-30");
    assert_eq!(after.plan().period_at(v4, "2026-03-01".parse().unwrap()).end.to_string(), "2026-06-30");

    let unknown = amended.replace("remove_tasks = [\"III.1\"]", "remove_tasks = [\"III.19\"]");
    let (file, _, field, message) = invalid(load_amended(CATALOG, PLAN, &unknown));
    assert_eq!((file.as_str(), field.as_str()), ("amendments.toml", "amendment 3.remove_tasks"));
    assert!(message.contains("III.19"), "{message}");
}

#[test]
fn a_renamed_agency_keeps_its_old_name_for_its_past() {
    let catalog = CATALOG
        .replacen("name = \"Ban Tuyên giáo Tỉnh ủy\"", "name = \"Ban Tuyên giáo và Dân vận Tỉnh ủy\"", 1)
        .replacen(
            "aliases = [\"BTG Tỉnh ủy\", \"BTGTU\", \"Ban Tuyên giáo\", \"Ban Tuyên giáo TU\"]",
            "aliases = [\"BTGDV\"]\n[[agency.former]]\nuntil = 2025-02-28\nname = \"Ban Tuyên giáo Tỉnh ủy\"\n\
             aliases = [\"Ban Tuyên giáo\"]",
            1,
        );
    assert_ne!(catalog, CATALOG);
    let bundle = load(&catalog, PLAN).unwrap();
    let btg = bundle.catalog.agency("btgtu").unwrap();
    assert_eq!(btg.short_name_on("2024-01-01".parse().unwrap()), "Ban Tuyên giáo Tỉnh ủy");
    assert_eq!(btg.short_name_on("2026-01-01".parse().unwrap()), "Ban Tuyên giáo và Dân vận Tỉnh ủy");
}
