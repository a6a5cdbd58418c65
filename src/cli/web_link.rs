//! `phoihop web-link --agency CODE`: a one-time sign-in link to the web page for an agency (its
//! coordinator's view when it coordinates a plan in service). The link is the last line.

use anyhow::{Context, Result};
use phoihop::chat::{ChatKey, WebGrant};

use super::{Ctx, WebArgs, resolve_agency};

#[derive(clap::Args)]
pub struct Args {
    /// Agency code (see `phoihop plan`).
    #[arg(long, required_unless_present = "revoke")]
    agency: Option<String>,
    /// End every session opened with links from the command line, and void the unused ones.
    #[arg(long, conflicts_with = "agency")]
    revoke: bool,
    #[command(flatten)]
    web: WebArgs,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let cli = ChatKey::new(phoihop::signin::COMMAND_LINE, "web-link");
    if args.revoke {
        let ended = ctx.store.revoke_web_sessions(&cli, ctx.clock.now()).await?;
        println!("{}", ctx.tr("cli-web-link-revoked", &[("count", ended.into())]));
        return Ok(());
    }
    let asked = args.agency.as_deref().unwrap_or_default();
    let base = args.web.base()?.context(ctx.tr("cli-web-link-where", &[]))?;
    let plans = ctx.plans().await?;
    let today = ctx.today();
    let timeline = ctx.timeline().await?;
    let catalog = timeline.at(today).catalog();
    let agency = resolve_agency(ctx, catalog, asked)?;
    let among = plans.of_catalog(&catalog.id);
    // The coordinator's view for the agency that coordinates a plan in service today.
    let coordinator = among.iter().any(|&i| plans.get(i).at(today).plan().meta.coordinator == agency);
    let grant = WebGrant {
        catalog: catalog.id.clone(),
        agency: agency.clone(),
        coordinator,
        plan: None,
        // Sessions from the command line answer to no chat: `web-link --revoke` ends them.
        chat: cli,
    };
    let link = phoihop::signin::new_link(ctx.store.as_ref(), &base, &grant, ctx.clock.now()).await?;
    let name = catalog.agency(&agency).map_or(agency.as_str(), |a| a.name.as_str());
    let minutes = phoihop::signin::LINK_LIFETIME.num_minutes();
    println!("{}", ctx.tr("cli-web-link", &[("agency", name.into()), ("minutes", minutes.into())]));
    println!("{link}");
    Ok(())
}
