//! One suite, two backends: every store behaviour the core relies on, on real SQLite and real
//! PostgreSQL. (PostgreSQL runs when PHOIHOP_TEST_POSTGRES is set; under CI=true it must be.)

mod common;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use phoihop::chat::{ChatBinding, ChatKey, Redeemed, Unbound};
use phoihop::delivery::{NewUpdate, Outgoing, SendOutcome};
use phoihop::plan::{Role, seed};
use phoihop::progress::{NewReport, Person, Retraction, Status};
use phoihop::store::{ButtonToken, Finished, Instance, Lease, SaveOutcome, SendClaim, Store};

const PLAN: &str = "quang-ngai-16-kh-ubnd-2022";

/// A serving process that has just shown it is alive.
async fn alive(store: &Arc<dyn Store>, id: &str) {
    let now = Utc::now();
    let instance = Instance {
        id: id.into(),
        platform: "telegram".into(),
        host: "test-host".into(),
        pid: 1,
        started_at: now,
        heartbeat_at: now,
    };
    store.heartbeat(&instance).await.unwrap();
}

/// A claim by instance `by` at minute `now`, held until minute `until`; silent instances count as dead.
fn lease(by: &str, now: i64, until: i64) -> Lease<'_> {
    Lease { by, now: at(now), until: at(until), alive_since: Utc::now() - TimeDelta::seconds(3) }
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn new_report(chat: &str, task: &str, agency: &str, status: Status, percent: Option<u8>, minutes: i64) -> NewReport {
    NewReport {
        plan_id: PLAN.into(),
        task: task.parse().unwrap(),
        agency: agency.into(),
        role: Role::Lead,
        period: "2026-2030".into(),
        status,
        percent,
        note: Some(format!("ghi chú lúc {minutes}")),
        chat: ChatKey::new("telegram", chat),
        user_id: "42".into(),
        user_name: "Chị Lan".into(),
        message_id: Some(minutes.to_string()),
        at: at(minutes),
        evidence: (minutes % 2 == 1).then(|| format!("file-{minutes}")),
        source: None,
        // Some reports say when their state held, some were entered by the coordinator: both round-trip.
        stated_on: (minutes % 3 == 0).then(|| chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap()),
        proxy: (minutes % 4 == 2).then(|| "snnmt".to_string()),
        expected: None,
        confirmed_by: None,
        review: None,
        review_note: None,
    }
}

fn retraction(chat: &str, minutes: i64) -> Retraction {
    Retraction {
        chat: ChatKey::new("telegram", chat),
        user_id: "42".into(),
        user_name: "Chị Lan".into(),
        at: at(minutes),
        source: None,
    }
}

async fn seeded(store: &Arc<dyn Store>) {
    store.save_plan(&seed::bundled().unwrap()).await.unwrap();
}

fn binding(platform: &str, chat: &str, agency: &str, coordinator: bool) -> ChatBinding {
    ChatBinding {
        chat: ChatKey::new(platform, chat),
        catalog: "quang-ngai".into(),
        agency: agency.into(),
        coordinator,
        plan: None,
        bound_at: Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap(),
    }
}

async fn saves_and_loads_the_plan_exactly(store: Arc<dyn Store>) {
    let bundle = seed::bundled().unwrap();
    assert_eq!(store.load_plan(None).await.unwrap(), None, "a new database holds no plan");
    assert_eq!(store.save_plan(&bundle).await.unwrap(), SaveOutcome::Created);
    let loaded = store.load_plan(None).await.unwrap().expect("the plan just saved");
    assert_eq!(loaded, bundle, "what is loaded back is what was saved, field by field");
    assert_eq!(store.load_plan(Some(&bundle.plan.meta.id)).await.unwrap().as_ref(), Some(&bundle));
    assert_eq!(store.load_plan(Some("no-such-plan")).await.unwrap(), None);
    assert_eq!(store.plan_ids().await.unwrap(), vec![bundle.plan.meta.id.clone()]);
}

async fn saving_the_same_plan_twice_changes_nothing(store: Arc<dyn Store>) {
    let bundle = seed::bundled().unwrap();
    assert_eq!(store.save_plan(&bundle).await.unwrap(), SaveOutcome::Created);
    assert_eq!(store.save_plan(&bundle).await.unwrap(), SaveOutcome::Unchanged);
    assert_eq!(store.load_plan(None).await.unwrap().unwrap(), bundle);
}

async fn a_changed_plan_replaces_the_old_one(store: Arc<dyn Store>) {
    let original = seed::bundled().unwrap();
    store.save_plan(&original).await.unwrap();
    let mut changed = original.clone();
    changed.plan.tasks.retain(|t| t.reference.to_string() != "V.4");
    changed.plan.tasks[0].title = "Tiêu đề đã sửa".into();
    changed.plan.tasks[1].support.clear();
    changed.plan.tasks[1].requested.clear();
    assert_eq!(store.save_plan(&changed).await.unwrap(), SaveOutcome::Updated);
    let loaded = store.load_plan(None).await.unwrap().unwrap();
    assert_eq!(loaded, changed);
    assert_eq!(loaded.plan.tasks.len(), 21);
    assert_eq!(store.save_plan(&original).await.unwrap(), SaveOutcome::Updated);
    assert_eq!(store.load_plan(None).await.unwrap().unwrap(), original);
}

async fn concurrent_loads_of_one_plan_agree(store: Arc<dyn Store>) {
    let bundle = seed::bundled().unwrap();
    let (a, b) = tokio::join!(store.save_plan(&bundle), store.save_plan(&bundle));
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|o| format!("{o:?}"));
    assert_eq!(outcomes, [SaveOutcome::Created, SaveOutcome::Unchanged]);
    assert_eq!(store.load_plan(None).await.unwrap().unwrap(), bundle);
}

async fn chat_bindings_round_trip(store: Arc<dyn Store>) {
    store.save_plan(&seed::bundled().unwrap()).await.unwrap();
    let chat = ChatKey::new("telegram", "-100123");
    assert_eq!(store.chat_binding(&chat).await.unwrap(), None);

    let syt = binding("telegram", "-100123", "syt", false);
    store.bind_chat(&syt).await.unwrap();
    assert_eq!(store.chat_binding(&chat).await.unwrap(), Some(syt));

    // Rebinding a chat replaces its agency; the same id on another platform is another chat.
    let coordinator = binding("telegram", "-100123", "sldtbxh", true);
    store.bind_chat(&coordinator).await.unwrap();
    assert_eq!(store.chat_binding(&chat).await.unwrap(), Some(coordinator));
    assert_eq!(store.chat_binding(&ChatKey::new("zalo", "-100123")).await.unwrap(), None);
}

async fn a_chat_cannot_be_bound_to_an_unknown_agency(store: Arc<dyn Store>) {
    store.save_plan(&seed::bundled().unwrap()).await.unwrap();
    let result = store.bind_chat(&binding("telegram", "1", "khong-co", false)).await;
    assert!(result.is_err(), "the database refuses a binding to an agency it does not know");
    assert_eq!(store.chat_binding(&ChatKey::new("telegram", "1")).await.unwrap(), None);
}

async fn reports_are_appended_and_the_latest_is_current(store: Arc<dyn Store>) {
    seeded(&store).await;
    let first = store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(20), 0)).await.unwrap();
    let second = store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(40), 5)).await.unwrap();
    store.add_report(&new_report("b", "III.8", "stnmt", Status::Blocked, None, 6)).await.unwrap();
    assert!(second.id > first.id);
    let current = store.current_report(PLAN, "III.8", "syt", "2026-2030").await.unwrap().unwrap();
    assert_eq!(current, second, "every field comes back as written");
    assert_eq!(store.current_report(PLAN, "III.8", "syt", "2021-2025").await.unwrap(), None);

    let latest = store.latest_reports(PLAN).await.unwrap();
    assert_eq!(latest.len(), 2, "one per (task, agency, period)");
    assert!(latest.iter().any(|r| r.agency == "syt" && r.percent == Some(40)));
    assert_eq!(store.latest_task_reports(PLAN, "III.8").await.unwrap(), latest);
    assert!(store.latest_task_reports(PLAN, "III.9").await.unwrap().is_empty());
    let all = store.all_reports(PLAN).await.unwrap();
    assert_eq!(all.iter().map(|r| r.percent).collect::<Vec<_>>(), [Some(20), Some(40), None]);
    let history = store.task_history(PLAN, "III.8", 2).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].id > history[1].id, "newest first");
    assert_eq!(store.report(PLAN, first.id).await.unwrap(), Some(first.clone()), "found by id");
    let mine = store.agency_history(PLAN, "syt", 10).await.unwrap();
    assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), [second.id, first.id], "an agency's, newest first");
    assert_eq!(store.report("another-plan", first.id).await.unwrap(), None, "within its plan only");
}

async fn a_retraction_is_recorded_not_a_deletion(store: Arc<dyn Store>) {
    seeded(&store).await;
    let older = store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(20), 0)).await.unwrap();
    let newer = store.add_report(&new_report("a", "III.8", "syt", Status::Done, Some(100), 5)).await.unwrap();
    let other_chat = store.add_report(&new_report("b", "III.8", "stnmt", Status::Done, Some(100), 6)).await.unwrap();

    // Another chat cannot retract it, by id or otherwise.
    assert_eq!(store.retract(Some(newer.id), at(0), &retraction("b", 7)).await.unwrap(), None);
    let undone = store.retract(None, at(0), &retraction("a", 7)).await.unwrap().unwrap();
    assert_eq!((undone.id, undone.retracted_at), (newer.id, Some(at(7))));
    assert_eq!(store.current_report(PLAN, "III.8", "syt", "2026-2030").await.unwrap().unwrap().id, older.id);
    assert_eq!(store.retract(Some(newer.id), at(0), &retraction("a", 8)).await.unwrap(), None, "only once");
    // Too old to undo.
    assert_eq!(store.retract(None, at(1), &retraction("a", 9)).await.unwrap(), None);

    let all = store.all_reports(PLAN).await.unwrap();
    assert_eq!(all.len(), 3, "nothing is deleted");
    assert_eq!(all.iter().filter(|r| r.retracted_at.is_some()).count(), 1);
    let latest = store.latest_reports(PLAN).await.unwrap();
    assert_eq!(latest.iter().map(|r| r.id).collect::<Vec<_>>(), [older.id, other_chat.id]);
    assert_eq!(store.latest_task_reports(PLAN, "III.8").await.unwrap(), latest);

    // A new report stands over the one that came back; retracting a report that no longer stands changes
    // nothing; retracting the last one leaves its group with no state at all.
    let newest = store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(60), 10)).await.unwrap();
    assert_eq!(store.retract(Some(older.id), at(0), &retraction("a", 11)).await.unwrap().map(|r| r.id), Some(older.id));
    let current = |store: Arc<dyn Store>| async move {
        store.latest_task_reports(PLAN, "III.8").await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(current(store.clone()).await, [other_chat.id, newest.id]);
    store.retract(Some(newest.id), at(0), &retraction("a", 12)).await.unwrap().unwrap();
    assert_eq!(current(store.clone()).await, [other_chat.id], "nothing of syt's stands");
    assert_eq!(store.current_report(PLAN, "III.8", "syt", "2026-2030").await.unwrap(), None);
}

async fn pending_reports_wait_for_confirmation(store: Arc<dyn Store>) {
    seeded(&store).await;
    let chat = ChatKey::new("telegram", "a");
    let pending = new_report("a", "III.8", "syt", Status::Done, Some(80), 10);
    store.put_pending(&[new_report("a", "III.8", "syt", Status::Done, Some(70), 9)]).await.unwrap();
    store.put_pending(std::slice::from_ref(&pending)).await.unwrap();
    assert!(store.all_reports(PLAN).await.unwrap().is_empty(), "nothing recorded before confirmation");
    let other = Person { user_id: "u9".into(), user_name: "Thu".into() };
    let recorded = store.commit_pending(&chat, at(0), Some("telegram:77"), &other).await.unwrap();
    // Another member answered "có": the report is still its author's, and it is kept who confirmed it.
    let confirmed =
        NewReport { source: Some("telegram:77".into()), confirmed_by: Some(other.clone()), ..pending.clone() };
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].report, confirmed, "the later pending report replaced the earlier, made by the answer");
    assert_eq!(store.reports_by_source("telegram:77").await.unwrap(), recorded);
    assert_eq!(store.all_reports(PLAN).await.unwrap(), recorded);
    assert!(store.commit_pending(&chat, at(0), None, &other).await.unwrap().is_empty());

    store.put_pending(std::slice::from_ref(&pending)).await.unwrap();
    assert!(store.drop_pending(&chat).await.unwrap());
    assert!(!store.drop_pending(&chat).await.unwrap());

    store.put_pending(std::slice::from_ref(&pending)).await.unwrap();
    assert!(
        store.commit_pending(&chat, at(11), None, &other).await.unwrap().is_empty(),
        "an expired confirmation records nothing"
    );
    assert_eq!(store.all_reports(PLAN).await.unwrap().len(), 1);

    // The reports of one message wait and are recorded together, each with its own source.
    let several = [
        new_report("a", "III.8", "syt", Status::Blocked, None, 12),
        new_report("a", "I.1", "syt", Status::Done, None, 12),
    ];
    store.put_pending(&several).await.unwrap();
    let recorded = store.commit_pending(&chat, at(0), Some("telegram:78"), &other).await.unwrap();
    let tasks: Vec<String> = recorded.iter().map(|r| r.task.to_string()).collect();
    assert_eq!(tasks, ["III.8", "I.1"]);
    assert_eq!(
        recorded.iter().map(|r| r.source.clone().unwrap()).collect::<Vec<_>>(),
        ["telegram:78", "telegram:78#2"]
    );
    assert_eq!(store.reports_by_source("telegram:78").await.unwrap(), recorded);
    assert!(store.reports_by_source("telegram:7").await.unwrap().is_empty(), "a key, not a prefix");
}

async fn a_message_s_reports_are_recorded_together(store: Arc<dyn Store>) {
    seeded(&store).await;
    let mut first = new_report("a", "III.8", "syt", Status::InProgress, Some(40), 0);
    first.source = Some("telegram:90".into());
    first.expected = chrono::NaiveDate::from_ymd_opt(2026, 12, 20);
    let mut second = new_report("a", "I.1", "syt", Status::Done, Some(100), 0);
    second.source = Some("telegram:90#2".into());
    let recorded = store.add_report_batch(&[first.clone(), second.clone()]).await.unwrap();
    assert_eq!((recorded[0].report.clone(), recorded[1].report.clone()), (first, second));
    assert!(recorded[0].id < recorded[1].id);
    assert_eq!(store.all_reports(PLAN).await.unwrap(), recorded, "the expected day round-trips");
    // A batch that breaks a rule records nothing: its second report repeats the first's source.
    let mut again = new_report("a", "II.1", "syt", Status::Done, Some(100), 1);
    again.source = Some("telegram:91".into());
    let clash = NewReport { source: Some("telegram:90".into()), ..again.clone() };
    assert!(store.add_report_batch(&[again, clash]).await.is_err());
    assert_eq!(store.all_reports(PLAN).await.unwrap().len(), 2);
}

async fn who_reported_lately(store: Arc<dyn Store>) {
    seeded(&store).await;
    store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, None, 0)).await.unwrap();
    store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, None, 30)).await.unwrap();
    store.add_report(&new_report("b", "III.8", "stnmt", Status::InProgress, None, 40)).await.unwrap();
    store.add_report(&new_report("c", "V.1", "snv", Status::InProgress, None, -100)).await.unwrap();
    store.retract(None, at(0), &retraction("b", 41)).await.unwrap().unwrap();
    let mut since = store.reported_since(PLAN, at(-10)).await.unwrap();
    since.sort();
    assert_eq!(since, vec![("syt".to_string(), at(30))]);
}

async fn simultaneous_reports_are_all_kept(store: Arc<dyn Store>) {
    seeded(&store).await;
    let writes = (0..20).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(i), i64::from(i))).await
        })
    });
    let mut ids = Vec::new();
    for w in writes {
        ids.push(w.await.unwrap().unwrap().id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    assert_eq!(store.all_reports(PLAN).await.unwrap().len(), 20);
}

async fn the_database_refuses_impossible_percentages(store: Arc<dyn Store>) {
    seeded(&store).await;
    assert!(store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(150), 0)).await.is_err());
    assert!(store.all_reports(PLAN).await.unwrap().is_empty());
}

async fn both_ends_of_a_week_read_in_one_pass(store: Arc<dyn Store>) {
    seeded(&store).await;
    store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(20), 0)).await.unwrap();
    store.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(40), 5)).await.unwrap();
    store.add_report(&new_report("b", "III.8", "stnmt", Status::Blocked, None, 6)).await.unwrap();
    store.add_report(&new_report("a", "III.2", "syt", Status::Done, Some(100), 9)).await.unwrap();
    // The minute-5 report is taken back at minute 7: before that it counts, after it the one before does.
    store.retract(None, at(0), &retraction("b", 7)).await.unwrap().unwrap();
    store.retract(Some(2), at(0), &retraction("a", 7)).await.unwrap().unwrap();
    for (first, second) in [(3, 10), (6, 8), (0, 6), (8, 8), (-1, 20), (10, 12), (9, 30), (7, 7)] {
        let both = store.latest_reports_at_both(PLAN, at(first), at(second)).await.unwrap();
        let apart = (
            store.latest_reports_as_of(PLAN, at(first)).await.unwrap(),
            store.latest_reports_as_of(PLAN, at(second)).await.unwrap(),
        );
        assert_eq!(both, apart, "at minutes {first} and {second}");
    }
}

async fn buttons_are_pressed_once(store: Arc<dyn Store>) {
    seeded(&store).await;
    let chat = ChatKey::new("telegram", "a");
    store.put_button("tok1", &chat, "/hoantac 7", at(0)).await.unwrap();
    assert_eq!(store.take_button("tok1", &ChatKey::new("telegram", "b"), at(-5)).await.unwrap(), None, "another chat");
    assert_eq!(store.take_button("tok1", &chat, at(1)).await.unwrap(), None, "too old");
    assert_eq!(store.take_button("tok1", &chat, at(-5)).await.unwrap().as_deref(), Some("/hoantac 7"));
    assert_eq!(store.take_button("tok1", &chat, at(-5)).await.unwrap(), None, "single use");

    store.put_button("tok2", &chat, "/nhiemvu III.2", at(0)).await.unwrap();
    assert!(store.prune(at(30)).await.unwrap() >= 1, "old buttons are forgotten");
    assert_eq!(store.take_button("tok2", &chat, at(-5)).await.unwrap(), None);
}

fn update(platform: &str, id: &str, chat: &str, minutes: i64) -> NewUpdate {
    NewUpdate {
        platform: platform.into(),
        update_id: id.into(),
        chat_id: chat.into(),
        payload: format!("{{\"id\": {id}}}"),
        received_at: at(minutes),
    }
}

fn done(id: i64, replies: Vec<Outgoing>) -> Finished {
    Finished { id, failed: false, replies }
}

fn reply(chat: &str, text: &str) -> Outgoing {
    Outgoing { platform: "telegram".into(), chat_id: chat.into(), payload: text.into(), ..Outgoing::default() }
}

async fn the_inbox_keeps_each_update_once_and_each_chat_in_order(store: Arc<dyn Store>) {
    seeded(&store).await;
    assert!(store.inbox_put(&[update("telegram", "1", "a", 0)]).await.unwrap() == 1);
    assert!(store.inbox_put(&[update("telegram", "1", "a", 1)]).await.unwrap() == 0, "a redelivery is recognised");
    assert!(store.inbox_put(&[update("zalo", "1", "a", 1)]).await.unwrap() == 1, "ids are per platform");
    assert!(store.inbox_put(&[update("telegram", "2", "a", 1)]).await.unwrap() == 1);
    assert!(store.inbox_put(&[update("telegram", "3", "b", 2)]).await.unwrap() == 1);

    // Only the head of each chat is taken; chat a's second update waits for its first.
    alive(&store, "w1").await;
    let taken = store.inbox_claim("telegram", &lease("w1", 3, 10), 10).await.unwrap();
    let ids: Vec<&str> = taken.iter().map(|i| i.update.update_id.as_str()).collect();
    assert_eq!(ids, ["1", "3"]);
    assert_eq!(taken[0].attempts, 1);
    assert_eq!(taken[0].update, update("telegram", "1", "a", 0), "stored as received");
    assert!(
        store.inbox_claim("telegram", &lease("w1", 4, 10), 10).await.unwrap().is_empty(),
        "held rows are not taken twice"
    );

    // Finishing an update queues its replies in the same step and opens the chat's next update.
    store.inbox_finish(&[done(taken[0].id, vec![reply("a", "một"), reply("a", "hai")])], at(5), None).await.unwrap();
    let next = store.inbox_claim("telegram", &lease("w1", 5, 10), 10).await.unwrap();
    assert_eq!(next.iter().map(|i| i.update.update_id.as_str()).collect::<Vec<_>>(), ["2"]);
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 2);

    // A worker that died leaves its lease to run out; then the update is taken again.
    let again = store.inbox_claim("telegram", &lease("w1", 11, 20), 10).await.unwrap();
    let mut ids: Vec<_> = again.iter().map(|i| (i.update.update_id.clone(), i.attempts)).collect();
    ids.sort();
    assert_eq!(ids, [("2".to_string(), 2), ("3".to_string(), 2)]);
    // Finishing twice (two workers after a lease ran out) queues the replies once.
    store.inbox_finish(&[done(again[0].id, vec![reply("a", "ba")])], at(12), None).await.unwrap();
    store.inbox_finish(&[done(again[0].id, vec![reply("a", "ba")])], at(12), None).await.unwrap();
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 3);

    // A handled update is still recognised weeks later, until it is pruned.
    assert!(store.inbox_put(&[update("telegram", "1", "a", 60 * 24 * 20)]).await.unwrap() == 0);
    store.prune(at(60 * 24 * 30)).await.unwrap();
    assert!(store.inbox_put(&[update("telegram", "1", "a", 60 * 24 * 31)]).await.unwrap() == 1);

    let batch = [update("telegram", "1", "a", 2), update("telegram", "6", "c", 2), update("telegram", "7", "c", 2)];
    assert_eq!(store.inbox_put(&batch).await.unwrap(), 2, "a batch stores what is new, in one go");
}

async fn a_batch_keeps_all_it_did_or_nothing(store: Arc<dyn Store>) {
    seeded(&store).await;
    store.inbox_put(&[update("telegram", "1", "a", 0), update("telegram", "2", "b", 0)]).await.unwrap();
    alive(&store, "w1").await;
    let taken = store.inbox_claim("telegram", &lease("w1", 1, 10), 10).await.unwrap();
    assert_eq!(taken.len(), 2);

    // Rolled back: neither the report nor the "done" marks nor the replies remain.
    let batch = store.begin_batch().await.unwrap();
    batch.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(20), 1)).await.unwrap();
    let seen = batch.latest_task_reports(PLAN, "III.8").await.unwrap();
    assert_eq!(seen.len(), 1, "the batch reads what it wrote");
    batch.inbox_finish(&[done(taken[0].id, vec![reply("a", "một")])], at(2), None).await.unwrap();
    batch.rollback().await;
    assert!(store.latest_task_reports(PLAN, "III.8").await.unwrap().is_empty());
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 0);
    assert!(batch.latest_reports(PLAN).await.is_err(), "a batch is over once rolled back");

    // Committed: all of it, at once; a button offered with a reply can be pressed afterwards.
    let batch = store.begin_batch().await.unwrap();
    assert!(batch.begin_batch().await.is_err(), "batches do not nest");
    let recorded = batch.add_report(&new_report("a", "III.8", "syt", Status::InProgress, Some(20), 1)).await.unwrap();
    let with_button = Outgoing {
        buttons: vec![ButtonToken { token: "tok9".into(), message: format!("/hoantac {}", recorded.id) }],
        ..reply("a", "Đã ghi nhận")
    };
    let finished = [done(taken[0].id, vec![with_button]), Finished { id: taken[1].id, failed: true, replies: vec![] }];
    batch.inbox_finish(&finished, at(2), None).await.unwrap();
    batch.commit().await.unwrap();
    assert_eq!(store.latest_task_reports(PLAN, "III.8").await.unwrap(), vec![recorded.clone()]);
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 1);
    let chat = ChatKey::new("telegram", "a");
    assert_eq!(store.take_button("tok9", &chat, at(0)).await.unwrap(), Some(format!("/hoantac {}", recorded.id)));
    assert!(store.inbox_claim("telegram", &lease("w1", 20, 30), 10).await.unwrap().is_empty(), "both finished");
}

async fn a_batch_takes_its_updates_without_claiming_them(store: Arc<dyn Store>) {
    seeded(&store).await;
    let updates = [update("telegram", "1", "a", 0), update("telegram", "2", "a", 0), update("telegram", "3", "b", 0)];
    store.inbox_put(&updates).await.unwrap();
    alive(&store, "w1").await;

    // The head of each chat, oldest first, counting this try; nothing is written for them.
    let batch = store.begin_batch().await.unwrap();
    let taken = batch.inbox_take("telegram", &lease("w1", 1, 10), 10).await.unwrap();
    let ids: Vec<(&str, i32)> = taken.iter().map(|i| (i.update.update_id.as_str(), i.attempts)).collect();
    assert_eq!(ids, [("1", 1), ("3", 1)]);
    assert_eq!(taken[0].update, updates[0], "read as received");
    assert_eq!(batch.inbox_take("telegram", &lease("w1", 1, 10), 1).await.unwrap().len(), 1, "at most the limit");
    batch.rollback().await;

    // Rolled back (or the process gone): free at once for anyone, their first counted try.
    let claimed = store.inbox_claim("telegram", &lease("w2", 2, 10), 10).await.unwrap();
    assert_eq!(claimed.iter().map(|i| (i.update.update_id.as_str(), i.attempts)).collect::<Vec<_>>(), ids);
    // A claim held by a live instance keeps a batch off the row; the chat's later update waits behind it.
    alive(&store, "w2").await;
    let batch = store.begin_batch().await.unwrap();
    assert!(batch.inbox_take("telegram", &lease("w1", 3, 10), 10).await.unwrap().is_empty());
    batch.rollback().await;

    // Finished in the batch that took it: done, and the chat's next update is the head.
    store.inbox_finish(&[done(claimed[0].id, vec![]), done(claimed[1].id, vec![])], at(4), None).await.unwrap();
    let batch = store.begin_batch().await.unwrap();
    let taken = batch.inbox_take("telegram", &lease("w1", 5, 10), 10).await.unwrap();
    assert_eq!(taken.iter().map(|i| i.update.update_id.as_str()).collect::<Vec<_>>(), ["2"]);
    batch.inbox_finish(&[done(taken[0].id, vec![reply("a", "xong")])], at(5), None).await.unwrap();
    batch.commit().await.unwrap();
    assert!(store.inbox_claim("telegram", &lease("w1", 20, 30), 10).await.unwrap().is_empty(), "all done");
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 1);
}

async fn replies_that_head_their_chat_are_claimed_to_go_at_once(store: Arc<dyn Store>) {
    seeded(&store).await;
    store.enqueue(&[reply("a", "earlier")], None, at(0)).await.unwrap();
    store.inbox_put(&[update("telegram", "1", "a", 0), update("telegram", "2", "b", 0)]).await.unwrap();
    alive(&store, "w1").await;
    let taken = store.inbox_claim("telegram", &lease("w1", 1, 10), 10).await.unwrap();
    let finished =
        [done(taken[0].id, vec![reply("a", "a1")]), done(taken[1].id, vec![reply("b", "b1"), reply("b", "b2")])];
    let now = store.inbox_finish(&finished, at(2), Some(&lease("w1", 2, 10))).await.unwrap();
    // Chat a has an earlier message waiting, and b's second part waits for its first.
    assert_eq!(now.iter().map(|i| i.message.payload.as_str()).collect::<Vec<_>>(), ["b1"]);
    let rest = store.outbox_claim("telegram", &lease("w2", 3, 10), 10).await.unwrap();
    assert_eq!(rest.iter().map(|i| i.message.payload.as_str()).collect::<Vec<_>>(), ["earlier"], "b1 is held");
}

async fn the_claims_of_a_dead_instance_are_taken_over_at_once(store: Arc<dyn Store>) {
    seeded(&store).await;
    store.inbox_put(&[update("telegram", "1", "a", 0), update("telegram", "2", "b", 0)]).await.unwrap();
    store.enqueue(&[reply("a", "1")], None, at(0)).await.unwrap();
    alive(&store, "w1").await;
    alive(&store, "w2").await;
    assert_eq!(store.inbox_claim("telegram", &lease("w1", 1, 30), 10).await.unwrap().len(), 2);
    assert_eq!(store.outbox_claim("telegram", &lease("w1", 1, 30), 10).await.unwrap().len(), 1);
    // While w1 beats, its leases hold.
    assert!(store.inbox_claim("telegram", &lease("w2", 2, 30), 10).await.unwrap().is_empty());
    // Once it is gone (forgotten, or silent past the limit), its rows are free before their lease ends.
    store.forget_instance("w1").await.unwrap();
    let taken = store.inbox_claim("telegram", &lease("w2", 2, 30), 10).await.unwrap();
    assert_eq!(taken.iter().map(|i| i.attempts).collect::<Vec<_>>(), [2, 2]);
    assert_eq!(store.outbox_claim("telegram", &lease("w2", 2, 30), 10).await.unwrap().len(), 1);
    let silent = Instance {
        id: "w2".into(),
        platform: "telegram".into(),
        host: "test-host".into(),
        pid: 1,
        started_at: Utc::now() - TimeDelta::seconds(60),
        heartbeat_at: Utc::now() - TimeDelta::seconds(10),
    };
    store.heartbeat(&silent).await.unwrap();
    alive(&store, "w3").await;
    assert_eq!(store.inbox_claim("telegram", &lease("w3", 3, 30), 10).await.unwrap().len(), 2, "silent for 10 s");
    // A claimer whose own heartbeat went stale (the database was away) does not take its rows again:
    // its tasks still run.
    store.heartbeat(&Instance { id: "w3".into(), ..silent.clone() }).await.unwrap();
    assert!(store.inbox_claim("telegram", &lease("w3", 4, 30), 10).await.unwrap().is_empty());
    let ids: Vec<String> = store.instances().await.unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["w2", "w3"]);
}

async fn the_outbox_sends_in_order_and_retries_later(store: Arc<dyn Store>) {
    seeded(&store).await;
    store.enqueue(&[reply("a", "1"), reply("a", "2"), reply("b", "3")], None, at(0)).await.unwrap();
    alive(&store, "w1").await;
    let taken = store.outbox_claim("telegram", &lease("w1", 0, 5), 10).await.unwrap();
    assert_eq!(taken.iter().map(|i| i.message.payload.as_str()).collect::<Vec<_>>(), ["1", "3"]);
    assert!(store.outbox_claim("telegram", &lease("w1", 1, 5), 10).await.unwrap().is_empty());

    // Rate limited: chat a's message waits, and so does the one after it.
    let retry = SendOutcome::Retry { at: at(3), error: "429".into() };
    store.outbox_outcomes(&[(taken[0].id, retry), (taken[1].id, SendOutcome::Sent)], at(1)).await.unwrap();
    assert!(store.outbox_claim("telegram", &lease("w1", 2, 5), 10).await.unwrap().is_empty(), "not before retry_after");
    let retried = store.outbox_claim("telegram", &lease("w1", 3, 5), 10).await.unwrap();
    assert_eq!((retried.len(), retried[0].message.payload.as_str(), retried[0].attempts), (1, "1", 1));
    store.outbox_outcomes(&[(retried[0].id, SendOutcome::Failed { error: "403".into() })], at(3)).await.unwrap();
    let last = store.outbox_claim("telegram", &lease("w1", 3, 5), 10).await.unwrap();
    assert_eq!(last[0].message.payload, "2", "a failed message does not hold up the next");
    store.outbox_outcomes(&[(last[0].id, SendOutcome::Sent)], at(3)).await.unwrap();
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 0);

    // A file travels with its message.
    let file = Outgoing { file: Some(vec![0, 159, 146, 150]), ..reply("c", "doc") };
    store.enqueue(std::slice::from_ref(&file), None, at(4)).await.unwrap();
    assert_eq!(store.outbox_claim("telegram", &lease("w1", 4, 9), 10).await.unwrap()[0].message, file);
}

async fn a_scheduled_send_is_claimed_once(store: Arc<dyn Store>) {
    seeded(&store).await;
    let chat = ChatKey::new("telegram", "-1001");
    let claim = SendClaim { job: "digest", period: "2026-W48", chat: &chat };
    assert!(!store.send_claimed("digest", "2026-W48", &chat).await.unwrap());
    let racers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            let chat = chat.clone();
            tokio::spawn(async move {
                let claim = SendClaim { job: "digest", period: "2026-W48", chat: &chat };
                store.enqueue(&[reply("-1001", "tổng hợp")], Some(&claim), at(0)).await.unwrap()
            })
        })
        .collect();
    let mut won = 0;
    for r in racers {
        won += usize::from(r.await.unwrap());
    }
    assert_eq!(won, 1, "exactly one of the racing replicas queues the digest");
    assert_eq!(store.outbox_open("telegram").await.unwrap(), 1);
    assert!(store.send_claimed("digest", "2026-W48", &chat).await.unwrap());
    assert!(!store.enqueue(&[reply("-1001", "x")], Some(&claim), at(1)).await.unwrap());
}

async fn concurrent_workers_never_take_the_same_row(store: Arc<dyn Store>) {
    seeded(&store).await;
    for n in 0..200 {
        store.inbox_put(&[update("telegram", &n.to_string(), &format!("c{}", n % 40), 0)]).await.unwrap();
    }
    for w in 0..4 {
        alive(&store, &format!("w{w}")).await;
    }
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                let (mut mine, mut idle) = (Vec::new(), 0);
                let me = format!("w{w}");
                for round in 0..1000 {
                    let now = at(1) + TimeDelta::milliseconds(round);
                    let terms = Lease { now, ..lease(&me, 1, 30) };
                    let taken = store.inbox_claim("telegram", &terms, 7).await.unwrap();
                    idle = if taken.is_empty() { idle + 1 } else { 0 };
                    if idle > 20 {
                        break;
                    }
                    tokio::task::yield_now().await;
                    for item in taken {
                        store.inbox_finish(&[done(item.id, vec![])], now, None).await.unwrap();
                        mine.push(item.update.update_id);
                    }
                }
                mine
            })
        })
        .collect();
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    let handled = all.len();
    all.sort();
    all.dedup();
    assert_eq!((handled, all.len()), (200, 200), "every update handled, none twice");
}

async fn what_an_update_did_is_found_by_its_source(store: Arc<dyn Store>) {
    seeded(&store).await;
    let report =
        NewReport { source: Some("telegram:5".into()), ..new_report("a", "III.8", "syt", Status::Done, None, 0) };
    let recorded = store.add_report(&report).await.unwrap();
    assert_eq!(store.reports_by_source("telegram:5").await.unwrap()[0].id, recorded.id);
    assert!(store.add_report(&report).await.is_err(), "an update records one report at most");
    assert!(store.reports_by_source("telegram:6").await.unwrap().is_empty());
    let by = Retraction { source: Some("telegram:6".into()), ..retraction("a", 1) };
    store.retract(None, at(0), &by).await.unwrap().unwrap();
    assert_eq!(store.retracted_by_source("telegram:6").await.unwrap().unwrap().id, recorded.id);
    assert_eq!(store.all_reports(PLAN).await.unwrap().len(), 1);
}

async fn invites_bind_once(store: Arc<dyn Store>) {
    seeded(&store).await;
    let invite = phoihop::chat::Invite {
        code_hash: "h1".into(),
        catalog: "quang-ngai".into(),
        agency: "syt".into(),
        coordinator: false,
        plan: None,
        created_by: "cli".into(),
        created_at: at(0),
        expires_at: at(60),
    };
    store.create_invite(&invite).await.unwrap();
    let chat = ChatKey::new("telegram", "-100");
    assert_eq!(store.redeem_invite("nope", &chat, at(1)).await.unwrap(), Redeemed::Unknown);
    match store.redeem_invite("h1", &chat, at(1)).await.unwrap() {
        Redeemed::Bound(b) => assert_eq!((b.agency.as_str(), b.coordinator), ("syt", false)),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.chat_binding(&chat).await.unwrap().unwrap().agency, "syt");
    assert_eq!(store.redeem_invite("h1", &ChatKey::new("telegram", "-200"), at(2)).await.unwrap(), Redeemed::Used);
    // The chat that used it, sending it again (a message handled twice), hears that it is bound.
    assert!(matches!(store.redeem_invite("h1", &chat, at(3)).await.unwrap(), Redeemed::Bound(b) if b.agency == "syt"));
    store.create_invite(&phoihop::chat::Invite { code_hash: "h2".into(), ..invite }).await.unwrap();
    assert_eq!(store.redeem_invite("h2", &chat, at(61)).await.unwrap(), Redeemed::Expired);

    store.record_bind_failure(&chat, "u1", at(0)).await.unwrap();
    store.record_bind_failure(&chat, "u1", at(5)).await.unwrap();
    store.record_bind_failure(&chat, "u2", at(6)).await.unwrap();
    store.record_bind_failure(&ChatKey::new("telegram", "-300"), "u1", at(7)).await.unwrap();
    store.record_bind_failure(&ChatKey::new("zalo", "-300"), "u1", at(7)).await.unwrap();
    let counted = store.bind_failures_since(&chat, "u1", at(1)).await.unwrap();
    assert_eq!(
        counted,
        phoihop::store::BindFailures { by_user: 2, in_chat: 2, everywhere: 4 },
        "a person's wrong codes follow them across chats of a platform"
    );

    let bindings = store.chat_bindings("quang-ngai").await.unwrap();
    assert_eq!(bindings.len(), 1);
    let upgraded = ChatKey::new("telegram", "-100999");
    assert!(store.move_chat(&chat, &upgraded).await.unwrap());
    assert_eq!(store.chat_binding(&chat).await.unwrap(), None);
    assert_eq!(store.chat_binding(&upgraded).await.unwrap().unwrap().agency, "syt");
    assert_eq!(store.unbind_chat(&upgraded).await.unwrap(), Unbound::Done);
    assert_eq!(store.unbind_chat(&upgraded).await.unwrap(), Unbound::NotBound);
}

async fn a_result_is_reviewed_once(store: Arc<dyn Store>) {
    use phoihop::progress::Review;
    seeded(&store).await;
    let done = NewReport {
        review: Some(Review::Pending),
        ..new_report("-1", "III.9", "dac-khu-ly-son", Status::Done, Some(100), 0)
    };
    let first = store.add_report(&done).await.unwrap();
    assert_eq!(first.review, Some(Review::Pending), "round-trips");
    let under = store.reports_under_review(PLAN, at(0)).await.unwrap();
    assert_eq!(under.iter().map(|r| r.id).collect::<Vec<_>>(), [first.id]);
    // Two coordinators decide at once: one decision stands.
    let (a, b) = tokio::join!(
        store.review_report(PLAN, first.id, Review::Returned, Some("thiếu biên bản"), "A", at(1)),
        store.review_report(PLAN, first.id, Review::Confirmed, None, "B", at(1)),
    );
    let decided: Vec<Review> = [a.unwrap(), b.unwrap()].into_iter().flatten().map(|r| r.review.unwrap()).collect();
    assert_eq!(decided.len(), 1, "{decided:?}");
    let stored = store.all_reports(PLAN).await.unwrap();
    assert_eq!(stored[0].review, Some(decided[0]));
    assert!(store.review_report("kh-khac", first.id, Review::Confirmed, None, "C", at(2)).await.unwrap().is_none());
    // A returned result stays listed for its notice, until it is old; a pending one that is undone is not.
    let returned_listed = store.reports_under_review(PLAN, at(0)).await.unwrap().len();
    assert_eq!(returned_listed, usize::from(decided[0] == Review::Returned));
    assert!(store.reports_under_review(PLAN, at(5)).await.unwrap().is_empty());
    let again = store.add_report(&NewReport { at: at(3), ..done.clone() }).await.unwrap();
    store.retract(Some(again.id), at(0), &retraction("-1", 4)).await.unwrap();
    assert!(store.review_report(PLAN, again.id, Review::Confirmed, None, "C", at(5)).await.unwrap().is_none());
    assert!(!store.reports_under_review(PLAN, at(5)).await.unwrap().iter().any(|r| r.id == again.id));
}

async fn a_catalog_keeps_a_coordinator_chat(store: Arc<dyn Store>) {
    seeded(&store).await;
    let first = binding("telegram", "-1", "snnmt", true);
    let second = binding("telegram", "-2", "snnmt", true);
    store.bind_chat(&first).await.unwrap();
    store.bind_chat(&second).await.unwrap();
    // Two coordinator chats unbinding each other at the same moment: one of them stays.
    let (a, b) = tokio::join!(store.unbind_chat(&first.chat), store.unbind_chat(&second.chat));
    let mut outcomes = [a.unwrap(), b.unwrap()];
    outcomes.sort_by_key(|o| *o == Unbound::Done);
    assert_eq!(outcomes, [Unbound::LastCoordinator, Unbound::Done]);
    let left = store.chat_bindings("quang-ngai").await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(left[0].coordinator);

    // An agency's code in the last coordinator chat is refused and stays unused; a coordinator code of
    // the same catalog is taken.
    let invite = |hash: &str, coordinator| phoihop::chat::Invite {
        code_hash: hash.into(),
        catalog: "quang-ngai".into(),
        agency: if coordinator { "snnmt" } else { "syt" }.into(),
        coordinator,
        plan: None,
        created_by: "cli".into(),
        created_at: at(0),
        expires_at: at(60),
    };
    store.create_invite(&invite("agency", false)).await.unwrap();
    store.create_invite(&invite("coordinator", true)).await.unwrap();
    let last = &left[0].chat;
    assert_eq!(store.redeem_invite("agency", last, at(1)).await.unwrap(), Redeemed::LastCoordinator);
    assert!(store.chat_binding(last).await.unwrap().unwrap().coordinator);
    assert!(
        matches!(store.redeem_invite("coordinator", last, at(2)).await.unwrap(), Redeemed::Bound(b) if b.coordinator)
    );
    // Once another coordinator chat exists, the code binds.
    store.bind_chat(&binding("zalo", "z", "snnmt", true)).await.unwrap();
    assert!(matches!(store.redeem_invite("agency", last, at(3)).await.unwrap(), Redeemed::Bound(b) if !b.coordinator));
    assert_eq!(store.unbind_chat(last).await.unwrap(), Unbound::Done, "an agency chat is unbound freely");
}

async fn a_web_link_opens_one_session_until_the_chat_ends_it(store: Arc<dyn Store>) {
    seeded(&store).await;
    let grant = binding("telegram", "-1", "snnmt", true).web_grant();
    store.create_web_link("link", &grant, at(0), at(15)).await.unwrap();
    store.create_web_link("late", &grant, at(0), at(15)).await.unwrap();
    // Two tabs opening the same link at once: one session.
    let (a, b) = tokio::join!(
        store.open_web_session("link", "s1", at(1), at(60)),
        store.open_web_session("link", "s2", at(1), at(60))
    );
    let opened: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(opened, std::slice::from_ref(&grant), "used once");
    assert_eq!(store.open_web_session("late", "s3", at(16), at(60)).await.unwrap(), None, "expired");
    let live = if store.web_session("s1", at(2)).await.unwrap().is_some() { "s1" } else { "s2" };
    assert_eq!(store.web_session(live, at(2)).await.unwrap(), Some(grant.clone()));
    assert_eq!(store.web_session(live, at(61)).await.unwrap(), None, "a session ends");
    assert_eq!(store.web_session("unknown", at(2)).await.unwrap(), None);
    // Another chat's `/web tat` ends nothing of this one's; its own ends the session and voids its
    // unused links.
    store.create_web_link("pending", &grant, at(2), at(17)).await.unwrap();
    assert_eq!(store.revoke_web_sessions(&ChatKey::new("telegram", "-2"), at(3)).await.unwrap(), 0);
    assert_eq!(store.revoke_web_sessions(&grant.chat, at(3)).await.unwrap(), 1);
    assert_eq!(store.web_session(live, at(4)).await.unwrap(), None, "revoked");
    assert_eq!(store.open_web_session("pending", "s4", at(4), at(60)).await.unwrap(), None, "voided");
}

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (_dir, store) = crate::common::sqlite_store().await;
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(store) = crate::common::postgres_store().await {
                        super::$name(store).await;
                    }
                }
            )*
        }
    };
}

conformance!(
    saves_and_loads_the_plan_exactly,
    saving_the_same_plan_twice_changes_nothing,
    a_changed_plan_replaces_the_old_one,
    concurrent_loads_of_one_plan_agree,
    chat_bindings_round_trip,
    a_chat_cannot_be_bound_to_an_unknown_agency,
    reports_are_appended_and_the_latest_is_current,
    a_retraction_is_recorded_not_a_deletion,
    pending_reports_wait_for_confirmation,
    a_message_s_reports_are_recorded_together,
    who_reported_lately,
    simultaneous_reports_are_all_kept,
    the_database_refuses_impossible_percentages,
    buttons_are_pressed_once,
    both_ends_of_a_week_read_in_one_pass,
    the_inbox_keeps_each_update_once_and_each_chat_in_order,
    a_batch_keeps_all_it_did_or_nothing,
    a_batch_takes_its_updates_without_claiming_them,
    replies_that_head_their_chat_are_claimed_to_go_at_once,
    the_outbox_sends_in_order_and_retries_later,
    the_claims_of_a_dead_instance_are_taken_over_at_once,
    a_scheduled_send_is_claimed_once,
    concurrent_workers_never_take_the_same_row,
    what_an_update_did_is_found_by_its_source,
    invites_bind_once,
    a_catalog_keeps_a_coordinator_chat,
    a_result_is_reviewed_once,
    a_web_link_opens_one_session_until_the_chat_ends_it,
);
