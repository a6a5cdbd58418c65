//! `phoihop import --xlsx FILE`: progress from a workbook that `export` wrote, edited by hand.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use fluent_bundle::FluentValue;

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// The .xlsx file to read.
    #[arg(long)]
    xlsx: PathBuf,
    /// Record the good rows of a file that has bad ones (by default a bad row records nothing).
    #[arg(long)]
    skip_bad_rows: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let core = super::core(ctx, ctx.one_plan().await?);
    let bytes = std::fs::read(&args.xlsx).with_context(|| format!("cannot read {}", args.xlsx.display()))?;
    let file = args.xlsx.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let imported = core.import_workbook(bytes, &file, ctx.clock.now(), args.skip_bad_rows).await?;
    print_import(ctx, &file, &imported, args.skip_bad_rows)
}

/// What an import did, row by row, then in a line; an error when bad rows stopped it (not when told to
/// skip them, even if the good rows had nothing new).
fn print_import(ctx: &Ctx, file: &str, imported: &phoihop::bot::import::Imported, skip_bad_rows: bool) -> Result<()> {
    use phoihop::bot::import::RowOutcome;
    let refused = imported.bad() > 0 && !skip_bad_rows;
    // Rows the workbook marks "not reported" are many and say nothing: they are counted, not listed.
    let mut not_reported = 0;
    for r in &imported.rows {
        let (key, why) = match &r.outcome {
            RowOutcome::NotReported => {
                not_reported += 1;
                continue;
            }
            RowOutcome::Report(_) if refused => ("import-row-would-record", String::new()),
            RowOutcome::Report(_) => ("import-row-recorded", String::new()),
            RowOutcome::Skipped(why) => ("import-row-skipped", why.clone()),
            RowOutcome::Bad(why) => ("import-row-bad", why.clone()),
        };
        let args = [("row", r.row.into()), ("summary", r.summary.as_str().into()), ("why", why.into())];
        println!("{}", phoihop::text::for_terminal(&ctx.tr(key, &args)));
    }
    if not_reported > 0 {
        println!("{}", ctx.tr("import-not-reported", &[("count", not_reported.into())]));
    }
    let args = [
        ("file", FluentValue::from(file)),
        ("recorded", imported.recorded.into()),
        ("skipped", imported.skipped().into()),
        ("bad", imported.bad().into()),
    ];
    if refused {
        bail!(ctx.tr("import-refused", &args));
    }
    println!("{}", ctx.tr("import-done", &args));
    Ok(())
}
