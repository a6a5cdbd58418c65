//! One suite, two backends: every store behaviour the core relies on, on real SQLite and real
//! PostgreSQL. (PostgreSQL runs when PHOIHOP_TEST_POSTGRES is set; under CI=true it must be.)

mod common;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use phoihop::chat::{ChatBinding, ChatKey};
use phoihop::plan::seed;
use phoihop::store::{SaveOutcome, Store};

fn binding(platform: &str, chat: &str, agency: &str, coordinator: bool) -> ChatBinding {
    ChatBinding {
        chat: ChatKey::new(platform, chat),
        catalog: "quang-ngai".into(),
        agency: agency.into(),
        coordinator,
        bound_at: Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0).unwrap(),
    }
}

async fn saves_and_loads_the_plan_exactly(store: Arc<dyn Store>) {
    let bundle = seed::bundled().unwrap();
    assert_eq!(
        store.load_plan(None).await.unwrap(),
        None,
        "a new database holds no plan"
    );
    assert_eq!(
        store.save_plan(&bundle).await.unwrap(),
        SaveOutcome::Created
    );
    let loaded = store
        .load_plan(None)
        .await
        .unwrap()
        .expect("the plan just saved");
    assert_eq!(
        loaded, bundle,
        "what is loaded back is what was saved, field by field"
    );
    assert_eq!(
        store
            .load_plan(Some(&bundle.plan.meta.id))
            .await
            .unwrap()
            .as_ref(),
        Some(&bundle)
    );
    assert_eq!(store.load_plan(Some("no-such-plan")).await.unwrap(), None);
    assert_eq!(
        store.plan_ids().await.unwrap(),
        vec![bundle.plan.meta.id.clone()]
    );
}

async fn saving_the_same_plan_twice_changes_nothing(store: Arc<dyn Store>) {
    let bundle = seed::bundled().unwrap();
    assert_eq!(
        store.save_plan(&bundle).await.unwrap(),
        SaveOutcome::Created
    );
    assert_eq!(
        store.save_plan(&bundle).await.unwrap(),
        SaveOutcome::Unchanged
    );
    assert_eq!(store.load_plan(None).await.unwrap().unwrap(), bundle);
}

async fn a_changed_plan_replaces_the_old_one(store: Arc<dyn Store>) {
    let original = seed::bundled().unwrap();
    store.save_plan(&original).await.unwrap();
    let mut changed = original.clone();
    changed
        .plan
        .tasks
        .retain(|t| t.reference.to_string() != "V.4");
    changed.plan.tasks[0].title = "Tiêu đề đã sửa".into();
    changed.plan.tasks[1].support.clear();
    changed.plan.tasks[1].requested.clear();
    assert_eq!(
        store.save_plan(&changed).await.unwrap(),
        SaveOutcome::Updated
    );
    let loaded = store.load_plan(None).await.unwrap().unwrap();
    assert_eq!(loaded, changed);
    assert_eq!(loaded.plan.tasks.len(), 21);
    assert_eq!(
        store.save_plan(&original).await.unwrap(),
        SaveOutcome::Updated
    );
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
    assert_eq!(
        store
            .chat_binding(&ChatKey::new("zalo", "-100123"))
            .await
            .unwrap(),
        None
    );
}

async fn a_chat_cannot_be_bound_to_an_unknown_agency(store: Arc<dyn Store>) {
    store.save_plan(&seed::bundled().unwrap()).await.unwrap();
    let result = store
        .bind_chat(&binding("telegram", "1", "khong-co", false))
        .await;
    assert!(
        result.is_err(),
        "the database refuses a binding to an agency it does not know"
    );
    assert_eq!(
        store
            .chat_binding(&ChatKey::new("telegram", "1"))
            .await
            .unwrap(),
        None
    );
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
);
