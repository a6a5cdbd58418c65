//! `phoihop web-link --agency CODE`: a one-time sign-in link to the web page for an agency (its
//! coordinator's view when it coordinates a plan in service). The link is the last line.

use anyhow::{Context, Result};
use phoihop::chat::{ChatKey, WebGrant};

use super::{Ctx, WebArgs, resolve_agency};

#[derive(clap::Args)]
pub struct Args {
    /// Agency code (see `phoihop plan`).
    #[arg(long)]
    agency: String,
    #[command(flatten)]
    web: WebArgs,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let base = args.web.base()?.context(ctx.tr("cli-web-link-where", &[]))?;
    let plans = ctx.plans().await?;
    let today = ctx.today();
    let timeline = ctx.timeline().await?;
    let catalog = timeline.at(today).catalog();
    let agency = resolve_agency(ctx, catalog, &args.agency)?;
    let among = plans.of_catalog(&catalog.id);
    // The coordinator's view for the agency that coordinates a plan in service today.
    let coordinator = among.iter().any(|&i| plans.get(i).at(today).plan().meta.coordinator == agency);
    let grant = WebGrant {
        catalog: catalog.id.clone(),
        agency: agency.clone(),
        coordinator,
        plan: None,
        // Sessions from the command line are ended by their expiry (or a new database), not from a chat.
        chat: ChatKey::new(phoihop::signin::COMMAND_LINE, "web-link"),
    };
    let link = phoihop::signin::new_link(ctx.store.as_ref(), &base, &grant, ctx.clock.now()).await?;
    let name = catalog.agency(&agency).map_or(agency.as_str(), |a| a.name.as_str());
    let minutes = phoihop::signin::LINK_LIFETIME.num_minutes();
    println!("{}", ctx.tr("cli-web-link", &[("agency", name.into()), ("minutes", minutes.into())]));
    println!("{link}");
    Ok(())
}
