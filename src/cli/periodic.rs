//! `phoihop report --period 2026 --docx FILE [--agency CODE]`: the periodic report as a Word draft.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use phoihop::progress::term::Term;

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// The term it covers: a year (2026), a half (2026-H2), a quarter (2026-Q3) or a stage (2021-2025).
    #[arg(long)]
    period: String,
    /// The .docx file to write.
    #[arg(long)]
    docx: PathBuf,
    /// An agency's own report to the coordinator, instead of the coordinator's report of the whole plan.
    #[arg(long)]
    agency: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let term = Term::parse(&args.period, ctx.today())?;
    let core = super::core(ctx, ctx.one_plan().await?);
    let reply = core.term_report_reply(term, args.agency.as_deref(), ctx.clock.now()).await?;
    let Some(file) = reply.file else { bail!(reply.text) };
    std::fs::write(&args.docx, &file.bytes).with_context(|| format!("cannot write {}", args.docx.display()))?;
    eprintln!("{}: {} bytes", args.docx.display(), file.bytes.len());
    Ok(())
}
