//! `phoihop nlu`: what the bot understands of each line of stdin, for people or (`--json`) for tools.

use anyhow::Result;
use phoihop::bot::Plans;
use phoihop::nlu::RefSlot;

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// One JSON object per line: {"text", "plan", "intent", "task", "percent", "status", "agency", "note", "query",
    /// "reports": [{"task", "percent", "status", "note", "as_of", "expected"}]}.
    #[arg(long)]
    json: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let plans = ctx.plans().await?;
    print_understanding(&plans, ctx.today(), args.json)
}

/// Each line as the plan it is about understands it (the first plan's reading where it could be several).
fn print_understanding(plans: &Plans, today: chrono::NaiveDate, json: bool) -> Result<()> {
    use std::io::{BufRead, Write};
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let text = line.trim_end_matches('\r');
        let (plan, rest) = plans.meant_by(text, today);
        let u = plans.get(plan.unwrap_or(0)).nlu_on(today).understand(&rest);
        let plan = plan.map(|i| plans.get(i).id().to_string());
        let task = u.task.and_then(RefSlot::exact).map(|r| r.to_string());
        let status = u.status.map(|s| s.as_str());
        let result = if json {
            // Every report the message makes, with its days read on `today`.
            let reports: Vec<_> = u
                .reports
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "task": r.task.and_then(RefSlot::exact).map(|t| t.to_string()),
                        "percent": r.percent,
                        "status": r.status.map(|s| s.as_str()),
                        "note": r.note,
                        "as_of": r.held.and_then(|d| d.resolve(today)).map(|d| d.to_string()),
                        "expected": r.expected.and_then(|d| d.resolve_ahead(today)).map(|d| d.to_string()),
                    })
                })
                .collect();
            let value = serde_json::json!({
                "text": text,
                "plan": plan,
                "intent": u.intent.as_str(),
                "task": task,
                "percent": u.percent,
                "status": status,
                "agency": u.agency,
                "note": u.note,
                "query": u.query,
                "reports": reports,
            });
            writeln!(out, "{value}")
        } else {
            let slots = [
                ("task", task),
                ("percent", u.percent.map(|p| p.to_string())),
                ("status", status.map(str::to_string)),
                ("agency", u.agency),
                ("note", u.note),
                ("query", u.query),
            ];
            let slots: Vec<String> = slots.into_iter().filter_map(|(k, v)| v.map(|v| format!("{k}={v}"))).collect();
            writeln!(out, "{}\t{}", u.intent.as_str(), slots.join("\t"))
        };
        if result.is_err() {
            // The reader went away.
            break;
        }
    }
    Ok(())
}
