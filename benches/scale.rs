//! The core on a national database: the weekly digest and "nhiệm vụ của tôi" of one province among 34
//! (1,000 tasks, 100 agencies, 1,000,000 reports in all), each timed next to what it cannot beat in the
//! same run: the raw SQL aggregate over the same rows, and one round trip to the database. Medians of
//! interleaved rounds, so that a noisy machine slows both sides alike.
//!
//! `cargo bench --bench scale`. The SQLite database is made once with `phoihop bench-data` into
//! `target/phoihop-national.db` (about 20 s) and reused; `PHOIHOP_SCALE_DB=URL` uses another one;
//! with `PHOIHOP_TEST_POSTGRES` set, a PostgreSQL copy is made and measured too. `PHOIHOP_SCALE_JSON=FILE`
//! also writes the figures as JSON.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use phoihop::bot::{Bot, Incoming, Settings};
use phoihop::chat::ChatKey;
use phoihop::i18n::{Lang, Messages};
use phoihop::plan::PlanIndex;
use phoihop::progress::week::Week;
use phoihop::store::Store;
use phoihop::synthetic::{Scale, bind_chats, fill};
use serde_json::{Value, json};

mod common;

const PLAN: &str = "kh-01";
const ROUNDS: usize = 15;

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let figures = runtime.block_on(async {
        let mut figures = Vec::new();
        let sqlite = std::env::var("PHOIHOP_SCALE_DB").unwrap_or_else(|_| {
            let target = std::path::Path::new(env!("CARGO_BIN_EXE_phoihop")).ancestors().nth(2).unwrap().to_path_buf();
            format!("sqlite://{}", target.join("phoihop-national.db").display())
        });
        figures.push(measure("sqlite", &sqlite).await);
        if let Some(pg) = common::postgres_url("phoihop_national").await {
            figures.push(measure("postgres", &pg).await);
        }
        figures
    });
    if let Ok(path) = std::env::var("PHOIHOP_SCALE_JSON") {
        std::fs::write(path, serde_json::to_string_pretty(&figures).unwrap()).unwrap();
    }
}

async fn ensure_filled(store: &dyn Store) {
    if store.plan_ids().await.unwrap().iter().any(|id| id == PLAN) {
        return;
    }
    eprintln!("filling the national database once (34 plans, 1,000,000 reports)…");
    let started = Instant::now();
    fill(store, Scale::NATIONAL, Utc::now(), |_, _| {}).await.unwrap();
    eprintln!("filled in {:.1?}", started.elapsed());
}

/// The median of `ROUNDS` timings of each closure, run in turn within each round.
async fn medians<const N: usize>(mut run: impl AsyncFnMut(usize)) -> [Duration; N] {
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); N];
    for _ in 0..ROUNDS {
        for (which, samples) in times.iter_mut().enumerate() {
            let started = Instant::now();
            run(which).await;
            samples.push(started.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect::<Vec<_>>()
        .try_into()
        .unwrap()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn measure(backend: &str, url: &str) -> Value {
    let store = phoihop::setup::open(url).await.unwrap();
    ensure_filled(store.as_ref()).await;
    let bundle = store.load_plan(Some(PLAN)).await.unwrap().expect("the synthetic plan");
    let total_reports: i64 = raw_count(url, None).await;
    let plan_reports: i64 = raw_count(url, Some(PLAN)).await;
    // One process serving every plan in the database, as `serve` does.
    let loading = Instant::now();
    let plans = phoihop::bot::Plans::load(store.as_ref(), None).await.expect("the synthetic plans hold together");
    let loaded_in = loading.elapsed();
    let served = plans.len();
    let position = plans.position(PLAN).expect("the synthetic plan is served");
    let all =
        Bot::new(store.clone(), Arc::new(plans), Arc::new(Messages::load().unwrap()), Lang::Vi, Settings::default());
    let core = all.in_plan(position);
    // The focal point of the agency with the most tasks asks for them.
    let index = PlanIndex::new(bundle.clone());
    let busiest = bundle.catalog.agencies().iter().max_by_key(|a| index.assignments(&a.code).len()).unwrap();
    let chats = bind_chats(store.as_ref(), &index, 900_001, 1).await.unwrap();
    let chat = ChatKey::new("telegram", chats[0].0.to_string());
    let binding = phoihop::chat::ChatBinding {
        chat: chat.clone(),
        catalog: bundle.catalog.id.clone(),
        agency: busiest.code.clone(),
        coordinator: false,
        plan: None,
        bound_at: Utc::now(),
    };
    store.bind_chat(&binding).await.unwrap();
    let now = Utc::now();
    let week = Week::of(phoihop::clock::local_date(now)).previous();
    let ask = Incoming {
        chat,
        user_id: "1".into(),
        user_name: "Lan".into(),
        text: "nhiệm vụ của tôi".into(),
        at: now,
        message_id: None,
        addressed: true,
        file_id: None,
        source: None,
    };
    let raw = RawSql::connect(url).await;

    let [digest, digest_data, aggregate] = medians::<3>(async |which| match which {
        0 => drop(core.digest(week, now).await.unwrap().unwrap()),
        1 => drop(core.digest_data(week, now).await.unwrap().unwrap()),
        _ => raw.latest_state(PLAN, week.end()).await,
    })
    .await;
    // The web page's grid of the plan, as its coordinator's session sees it, next to the rows it is made of.
    let coordinator = phoihop::chat::WebGrant {
        catalog: bundle.catalog.id.clone(),
        agency: bundle.plan.meta.coordinator.clone(),
        coordinator: true,
        plan: Some(PLAN.to_string()),
        chat: ChatKey::new("cli", "bench"),
    };
    let shared = Arc::new(all.in_plan(position));
    let clock = phoihop::clock::Clock::starting_at(now);
    let page =
        phoihop::web::grid_html(shared.clone(), clock, coordinator.clone(), PLAN).await.unwrap().expect("visible");
    let [grid, current] = medians::<2>(async |which| match which {
        0 => drop(phoihop::web::grid_html(shared.clone(), clock, coordinator.clone(), PLAN).await.unwrap()),
        _ => raw.current_rows(PLAN).await,
    })
    .await;
    let [my_tasks, round_trip] = medians::<2>(async |which| match which {
        0 => assert!(!all.handle(&ask).await.is_empty()),
        _ => store.ping().await.unwrap(),
    })
    .await;

    let assigned = index.assignments(&busiest.code).len();
    println!(
        "scale {backend}: plan {PLAN} ({} tasks, {} agencies, {plan_reports} of {total_reports} reports), one of {served} plans served by one process (loaded in {:.1} s)",
        bundle.plan.tasks.len(),
        bundle.catalog.agencies().len(),
        loaded_in.as_secs_f64()
    );
    let ratio = ms(digest_data) / ms(aggregate);
    println!(
        "  weekly digest {week}: {:.1} ms with its chart and spreadsheet, {:.1} ms for its data; raw SQL aggregate {:.1} ms \
         → data/aggregate {ratio:.2}× (goal ≤ 3: {})",
        ms(digest),
        ms(digest_data),
        ms(aggregate),
        if ratio <= 3.0 { "met" } else { "NOT met" }
    );
    let overhead = ms(my_tasks) - ms(round_trip);
    println!(
        "  \"nhiệm vụ của tôi\" ({assigned} tasks): {:.3} ms; one round trip {:.3} ms → {:.3} ms more (goal: a small constant, ≤ 1 ms: {})",
        ms(my_tasks),
        ms(round_trip),
        overhead,
        if overhead <= 1.0 { "met" } else { "NOT met" }
    );
    let grid_ratio = ms(grid) / ms(current);
    println!(
        "  web grid ({} tasks × {} agencies, {:.1} MB of HTML): {:.1} ms to render; the raw query that feeds it {:.1} ms \
         → {grid_ratio:.2}× (goal ≤ 3: {})",
        bundle.plan.tasks.len(),
        bundle.catalog.agencies().len(),
        page.len() as f64 / 1e6,
        ms(grid),
        ms(current),
        if grid_ratio <= 3.0 { "met" } else { "NOT met" }
    );
    json!({
        "grid_ms": ms(grid), "grid_query_ms": ms(current), "grid_ratio": grid_ratio, "grid_bytes": page.len(),
        "backend": backend, "plan_reports": plan_reports, "total_reports": total_reports,
        "digest_ms": ms(digest), "digest_data_ms": ms(digest_data), "aggregate_ms": ms(aggregate),
        "digest_ratio": ratio, "my_tasks_ms": ms(my_tasks), "round_trip_ms": ms(round_trip),
        "my_tasks_tasks": assigned,
    })
}

async fn raw_count(url: &str, plan: Option<&str>) -> i64 {
    let raw = RawSql::connect(url).await;
    raw.count(plan).await
}

/// The same rows through plain SQL, without the bot.
enum RawSql {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// The latest live report of each (task, agency, period) before a time, counted by status: the aggregate
/// at the heart of a digest, in the fastest form plain SQL has for it on both databases (a window
/// function over the rows is about twice as slow).
const LATEST_STATE: &str = "SELECT r.status, COUNT(*) FROM reports r WHERE r.id IN (
       SELECT MAX(q.id) FROM reports q LEFT JOIN report_retractions y ON y.report_id = q.id
       WHERE q.plan_id = $1 AND q.reported_at < $2 AND (y.report_id IS NULL OR y.retracted_at >= $2)
       GROUP BY q.task_ref, q.agency, q.period)
     GROUP BY r.status";

impl RawSql {
    async fn connect(url: &str) -> Self {
        if url.starts_with("sqlite:") {
            RawSql::Sqlite(sqlx::SqlitePool::connect(url).await.unwrap())
        } else {
            RawSql::Postgres(sqlx::PgPool::connect(url).await.unwrap())
        }
    }

    async fn latest_state(&self, plan: &str, until: chrono::DateTime<Utc>) {
        let rows = match self {
            RawSql::Sqlite(p) => sqlx::query(LATEST_STATE).bind(plan).bind(until).fetch_all(p).await.unwrap().len(),
            RawSql::Postgres(p) => sqlx::query(LATEST_STATE).bind(plan).bind(until).fetch_all(p).await.unwrap().len(),
        };
        assert!(rows > 0);
    }

    /// Every current report of a plan with its columns: what the grid is made of.
    async fn current_rows(&self, plan: &str) {
        let sql = "SELECT r.* FROM report_current c JOIN reports r ON r.id = c.report_id WHERE c.plan_id = $1";
        let rows = match self {
            RawSql::Sqlite(p) => sqlx::query(sql).bind(plan).fetch_all(p).await.unwrap().len(),
            RawSql::Postgres(p) => sqlx::query(sql).bind(plan).fetch_all(p).await.unwrap().len(),
        };
        assert!(rows > 0);
    }

    async fn count(&self, plan: Option<&str>) -> i64 {
        let sql = "SELECT COUNT(*) FROM reports WHERE $1 IS NULL OR plan_id = $1";
        match self {
            RawSql::Sqlite(p) => sqlx::query_scalar(sql).bind(plan).fetch_one(p).await.unwrap(),
            RawSql::Postgres(p) => sqlx::query_scalar(sql).bind(plan).fetch_one(p).await.unwrap(),
        }
    }
}
