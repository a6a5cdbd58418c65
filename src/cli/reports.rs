//! `phoihop reports`: every progress report of the plan, retracted ones included.

use anyhow::Result;
use phoihop::clock::ZONE;
use phoihop::progress::Report;
use phoihop::{setup, text};

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// A JSON array: [{"plan", "task", "agency", "role", "period", "status", "percent", "note", "author", "at", "retracted",
    /// "as_of", "entered_by", "confirmed_by", "review", "review_note"}].
    #[arg(long)]
    json: bool,
}

/// The reports of `--plan`, or of every stored plan (retired ones included), plan by plan.
pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let ids = match &ctx.plan {
        Some(_) => vec![setup::plan(ctx.store.as_ref(), ctx.plan.as_deref()).await?.plan.meta.id],
        None => ctx.store.plan_overview().await?.into_iter().map(|p| p.id).collect(),
    };
    let mut reports = Vec::new();
    for id in &ids {
        reports.extend(ctx.store.all_reports(id).await?);
    }
    print_reports(&reports, args.json)
}

fn print_reports(reports: &[Report], json: bool) -> Result<()> {
    let at =
        |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&ZONE).to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    if json {
        let out: Vec<_> = reports
            .iter()
            .map(|r| {
                serde_json::json!({
                    "plan": r.plan_id,
                    "task": r.task.to_string(),
                    "agency": r.agency,
                    "role": r.role.as_str(),
                    "period": r.period,
                    "status": r.status.as_str(),
                    "percent": r.percent,
                    "note": r.note,
                    "author": r.user_name,
                    "at": at(r.at),
                    "retracted": r.retracted_at.is_some(),
                    "as_of": r.as_of().to_string(),
                    "entered_by": r.entered_by(),
                    "confirmed_by": r.confirmed_by.as_ref().map(|p| p.user_name.as_str()),
                    "review": r.review.map(|v| v.as_str()),
                    "review_note": r.review_note,
                })
            })
            .collect();
        println!("{}", text::json_for_terminal(&serde_json::to_string_pretty(&out)?));
        return Ok(());
    }
    for r in reports {
        let percent = r.percent.map(|p| format!("{p}%")).unwrap_or_default();
        let retracted = if r.retracted_at.is_some() { " (retracted)" } else { "" };
        let note = format!("{}{retracted}", r.note.as_deref().unwrap_or(""));
        let fields = [
            at(r.at),
            r.plan_id.clone(),
            r.task.to_string(),
            r.agency.clone(),
            r.period.clone(),
            r.status.as_str().to_string(),
            percent,
            r.user_name.clone(),
            note,
        ];
        // Written by people: whatever a field holds must not act on the terminal; the tabs between
        // fields are the output's own.
        let fields: Vec<_> = fields.iter().map(|f| text::for_terminal(f)).collect();
        println!("{}", fields.join("\t"));
    }
    Ok(())
}
