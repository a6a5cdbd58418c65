//! `phoihop export --xlsx FILE`: the progress spreadsheet.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Ctx;

#[derive(clap::Args)]
pub struct Args {
    /// The .xlsx file to write.
    #[arg(long)]
    xlsx: PathBuf,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let core = super::core(ctx, ctx.one_plan().await?);
    let file = core.export(ctx.clock.now()).await??;
    std::fs::write(&args.xlsx, &file.bytes).with_context(|| format!("cannot write {}", args.xlsx.display()))?;
    eprintln!("{}: {} bytes", args.xlsx.display(), file.bytes.len());
    Ok(())
}
