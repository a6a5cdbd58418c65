//! `phoihop bench-data`: a synthetic national workload for the benchmarks.

use anyhow::{Result, bail};
use phoihop::synthetic::{Scale, fill, plan_id};

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 34)]
    provinces: usize,
    /// Tasks in each province's plan.
    #[arg(long, default_value_t = 1000)]
    tasks: usize,
    /// Agencies in each province's catalog.
    #[arg(long, default_value_t = 100)]
    agencies: usize,
    /// Reports over all provinces.
    #[arg(long, default_value_t = 1_000_000)]
    reports: usize,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let Args { provinces, tasks, agencies, reports } = args;
    let first = plan_id(1);
    if ctx.store.plan_ids().await?.contains(&first) {
        bail!(ctx.tr("cli-bench-data-exists", &[("plan", first.as_str().into())]));
    }
    let scale = Scale { provinces, tasks, agencies, reports };
    let started = std::time::Instant::now();
    let written = fill(ctx.store.as_ref(), scale, ctx.clock.now(), |n, written| {
        let args = [("n", n.into()), ("of", provinces.into()), ("reports", written.into())];
        eprintln!("{}", ctx.tr("cli-bench-data-progress", &args));
    })
    .await?;
    let args = [
        ("plans", provinces.into()),
        ("tasks", tasks.into()),
        ("agencies", agencies.into()),
        ("reports", written.into()),
        ("seconds", started.elapsed().as_secs_f64().round().into()),
    ];
    println!("{}", ctx.tr("cli-bench-data-done", &args));
    Ok(())
}
