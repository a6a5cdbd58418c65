//! `phoihop plan`: the loaded plan as in force on a day, for people or (`--json`) for other tools.

use anyhow::{Context, Result, bail};
use fluent_bundle::FluentValue;
use phoihop::plan::PlanIndex;
use phoihop::text::shorten;

use super::Ctx;

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// Print JSON for other tools.
    #[arg(long)]
    json: bool,
    /// The plan as in force on this date (2022-06-01) instead of today.
    #[arg(long)]
    as_of: Option<chrono::NaiveDate>,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Every stored plan: code, title, coordinator as in force today, counts, whether it is in service.
    List {
        /// Print JSON for other tools.
        #[arg(long)]
        json: bool,
    },
    /// Ends a plan in the bot: its reports are kept; it is no longer asked about or reminded.
    Retire { id: String },
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    match args.action {
        Some(Action::List { json }) => return list(ctx, json).await,
        Some(Action::Retire { id }) => return retire(ctx, &id).await,
        None => {}
    }
    let timeline = ctx.timeline().await?;
    let day = args.as_of.unwrap_or_else(|| ctx.today());
    let plan = timeline.at(day);
    if args.json { print_plan_json(plan, day) } else { print_plan(ctx, plan, day) }
}

async fn list(ctx: &Ctx, json: bool) -> Result<()> {
    let today = ctx.today();
    let plans = ctx.store.plan_overview().await?;
    let mut rows = Vec::with_capacity(plans.len());
    for p in &plans {
        // The coordinator as amendments and the reorganisation left it today.
        let bundle = ctx.store.load_plan(Some(&p.id)).await?.context("a listed plan")?;
        let (code, name) = match phoihop::plan::PlanTimeline::new(bundle) {
            Ok(timeline) => {
                let version = timeline.at(today);
                let code = version.plan().meta.coordinator.clone();
                let name = version.catalog().agency(&code).map_or(code.clone(), |a| a.name.clone());
                (code, name)
            }
            Err(_) => (p.coordinator.clone(), p.coordinator.clone()),
        };
        rows.push((p, code, name));
    }
    if json {
        let out: Vec<_> = rows
            .iter()
            .map(|(p, code, _)| {
                serde_json::json!({
                    "id": p.id, "code": p.code, "title": p.title, "short_title": p.short_title,
                    "catalog": p.catalog, "coordinator": code, "issued": p.issued.to_string(), "ends": p.ends,
                    "tasks": p.tasks, "reports": p.reports, "retired": p.retired_at.map(|r| r.to_rfc3339()),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("{}", ctx.tr("cli-plan-list-header", &[("count", rows.len().into())]));
    for (p, _, coordinator) in rows {
        let title = p.short_title.clone().unwrap_or_else(|| shorten(&p.title, 70));
        let retired = p.retired_at.map(|r| phoihop::clock::local_date(r).format("%d/%m/%Y").to_string());
        println!(
            "{}",
            ctx.tr(
                if retired.is_some() { "cli-plan-list-retired" } else { "cli-plan-list-line" },
                &[
                    ("code", p.code.as_str().into()),
                    ("title", title.into()),
                    ("id", p.id.as_str().into()),
                    ("coordinator", coordinator.into()),
                    ("tasks", p.tasks.into()),
                    ("reports", p.reports.into()),
                    ("issued", p.issued.format("%d/%m/%Y").to_string().into()),
                    ("ends", p.ends.into()),
                    ("retired", retired.unwrap_or_default().into()),
                ]
            )
        );
    }
    Ok(())
}

async fn retire(ctx: &Ctx, id: &str) -> Result<()> {
    let plans = ctx.store.plan_overview().await?;
    let in_service: Vec<&str> = plans.iter().filter(|p| p.retired_at.is_none()).map(|p| p.id.as_str()).collect();
    let Some(plan) = plans.iter().find(|p| p.id == id) else {
        let known = plans.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ");
        bail!(ctx.tr("cli-plan-unknown", &[("plan", id.into()), ("known", known.into())]));
    };
    if plan.retired_at.is_some() {
        println!("{}", ctx.tr("cli-plan-retired-already", &[("plan", id.into())]));
        return Ok(());
    }
    if in_service == [id] {
        bail!(ctx.tr("cli-plan-retire-last", &[("plan", id.into())]));
    }
    ctx.store.retire_plan(id, ctx.clock.now()).await?;
    println!("{}", ctx.tr("cli-plan-retired", &[("plan", id.into()), ("code", plan.code.as_str().into())]));
    Ok(())
}

fn print_plan_json(version: &PlanIndex, day: chrono::NaiveDate) -> Result<()> {
    let plan = version.plan();
    let catalog = version.catalog();
    let m = &plan.meta;
    let tasks: Vec<_> = plan
        .tasks
        .iter()
        .map(|t| {
            serde_json::json!({
                "ref": t.reference.to_string(),
                "section": t.reference.section_id(),
                "title": t.title,
                "lead": t.lead,
                "support": t.support,
                "product": t.product,
                "timeframe": t.timeframe_text,
                "due": plan.due(t).to_string(),
            })
        })
        .collect();
    // Every agency there has been by that day; those that ended say when and who carries on.
    let agencies: Vec<_> = catalog
        .agencies()
        .iter()
        .filter(|a| a.started_by(day))
        .map(|a| {
            let mut entry = serde_json::json!({"code": a.code, "name": a.name, "kind": a.kind.as_str()});
            if a.ended_before(day) {
                entry["until"] = a.until.map(|u| u.to_string()).into();
                entry["successors"] = catalog.successors_on(&a.code, day).into();
            }
            entry
        })
        .collect();
    let groups: serde_json::Map<String, serde_json::Value> =
        catalog.groups().iter().map(|g| (g.code.clone(), g.members.clone().into())).collect();
    let amendments: Vec<_> = version
        .bundle()
        .amendments
        .iter()
        .map(|a| serde_json::json!({"date": a.date.to_string(), "title": a.title, "basis": a.basis}))
        .collect();
    let out = serde_json::json!({
        "plan": {
            "code": m.code,
            "title": m.title,
            "issuer": m.issuer,
            "issued": m.issued.to_string(),
            "coordinator": m.coordinator,
            "as_of": day.to_string(),
        },
        "tasks": tasks,
        "agencies": agencies,
        "groups": groups,
        "amendments": amendments,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn print_plan(ctx: &Ctx, version: &PlanIndex, day: chrono::NaiveDate) -> Result<()> {
    let plan = version.plan();
    let catalog = version.catalog();
    let m = &plan.meta;
    let tr = |key: &str, args: &[(&str, FluentValue)]| ctx.tr(key, args);
    let coordinator = catalog.agency(&m.coordinator).map(|a| a.name.as_str()).unwrap_or(&m.coordinator);
    println!(
        "{}",
        tr(
            "cli-plan-header",
            &[
                ("code", m.code.as_str().into()),
                ("issued", m.issued.format("%d/%m/%Y").to_string().into()),
                ("issuer", m.issuer.as_str().into()),
                ("tasks", plan.tasks.len().into()),
                ("coordinator", coordinator.into()),
            ]
        )
    );
    // The amendments in force on the day, if any, after the day itself.
    let key = if version.bundle().amendments.is_empty() { "cli-plan-as-of" } else { "cli-plan-as-of-amended" };
    println!("{}", tr(key, &[("day", day.format("%d/%m/%Y").to_string().into())]));
    for a in &version.bundle().amendments {
        println!(
            "{}",
            tr(
                "cli-plan-amendment",
                &[("date", a.date.format("%d/%m/%Y").to_string().into()), ("title", a.title.as_str().into())]
            )
        );
    }
    for t in &plan.tasks {
        let lead = t.lead.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        println!(
            "{}",
            tr(
                "cli-plan-task",
                &[
                    ("ref", t.reference.to_string().into()),
                    ("lead", lead.into()),
                    ("timeframe", t.timeframe_text.as_str().into()),
                    ("due", plan.due(t).format("%d/%m/%Y").to_string().into()),
                    ("title", shorten(&t.title, 70).into()),
                ]
            )
        );
    }
    println!("\n{}", tr("cli-plan-agencies", &[]));
    for agency in catalog.agencies().iter().filter(|a| a.exists_on(day)) {
        println!("{:<26} {}", agency.code, agency.name);
    }
    let ended: Vec<_> = catalog.agencies().iter().filter(|a| a.ended_before(day)).collect();
    if !ended.is_empty() {
        println!("\n{}", tr("cli-plan-ended", &[]));
        for agency in ended {
            let successors = catalog.successors_on(&agency.code, day).join(", ");
            let until = agency.until.map(|u| u.format("%d/%m/%Y").to_string()).unwrap_or_default();
            println!("{:<26} {} (→ {until}; {successors})", agency.code, agency.name);
        }
    }
    for group in catalog.groups().iter().filter(|g| !g.members.is_empty()) {
        println!("{:<26} {} ({})", format!("@{}", group.code), group.name, group.members.len());
    }
    Ok(())
}
