//! Opening the database with a plan in it: what every command does first.

use std::sync::Arc;

use crate::bot::PlansError;
use crate::plan::seed::{self, SeedError};
use crate::plan::{PlanBundle, PlanTimeline};
use crate::store::{self, SaveOutcome, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the bundled plan is invalid: {0}")]
    Seed(#[from] SeedError),
    #[error(transparent)]
    Plans(#[from] PlansError),
}

/// Opens the database at `url`, migrates it, and loads the bundled plan into it if it holds none.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, SetupError> {
    let store = store::open(url).await?;
    if store.plan_ids().await?.is_empty() {
        let outcome = store.save_plan(&seed::bundled()?).await?;
        if outcome != SaveOutcome::Unchanged {
            tracing::info!(backend = store.backend(), "loaded the bundled plan into an empty database");
        }
    }
    Ok(store)
}

/// The plan `id`, or the most recently loaded one in service.
pub async fn plan(store: &dyn Store, id: Option<&str>) -> Result<PlanBundle, SetupError> {
    let latest;
    let id = match id {
        Some(id) => Some(id),
        None => {
            let retired: Vec<String> =
                store.plan_overview().await?.into_iter().filter(|p| p.retired_at.is_some()).map(|p| p.id).collect();
            latest = store.plan_ids().await?.into_iter().find(|id| !retired.contains(id));
            latest.as_deref()
        }
    };
    match store.load_plan(id).await? {
        Some(bundle) => Ok(bundle),
        None => Err(PlansError::NoSuchPlan {
            wanted: id.unwrap_or("*").to_string(),
            known: store.plan_ids().await?.join(", "),
        }
        .into()),
    }
}

/// The plan `id` (or the most recently loaded one) through time, its amendments applied.
pub async fn timeline(store: &dyn Store, id: Option<&str>) -> Result<PlanTimeline, SetupError> {
    let bundle = plan(store, id).await?;
    let plan = bundle.plan.meta.id.clone();
    Ok(PlanTimeline::new(bundle).map_err(|source| PlansError::Timeline { plan, source })?)
}
