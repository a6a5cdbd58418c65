//! `phoihop invite AGENCY`: a one-time code that binds a chat to an agency.

use anyhow::{Result, bail};
use phoihop::invite;

use super::{Ctx, resolve_agency};

#[derive(clap::Args)]
pub struct Args {
    /// Agency code (see `phoihop plan`).
    agency: String,
    /// The chat becomes a coordinator chat: it gets roll-ups and may manage bindings.
    #[arg(long)]
    coordinator: bool,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let timeline = ctx.timeline().await?;
    let today = ctx.today();
    let catalog = &timeline.at(today).catalog();
    let agency = resolve_agency(ctx, catalog, &args.agency)?;
    if let Some(ended) = catalog.agency(&agency).filter(|a| !a.exists_on(today)) {
        let successors = catalog.successors_on(&ended.code, today).join(", ");
        bail!(ctx.tr("cli-agency-ended", &[("code", agency.as_str().into()), ("successors", successors.into())]));
    }
    // `--plan` with `--coordinator`: the chat coordinates that plan only.
    let plan = ctx.plan.as_deref().filter(|_| args.coordinator);
    let code =
        invite::issue(ctx.store.as_ref(), &catalog.id, &agency, args.coordinator, plan, "cli", ctx.clock.now()).await?;
    let name = catalog.agency(&agency).map_or(agency.as_str(), |a| a.name.as_str());
    let text = ctx.tr(
        "invite-issued",
        &[("agency", name.into()), ("code", code.as_str().into()), ("hours", invite::VALIDITY.num_hours().into())],
    );
    println!("{text}\n{code}");
    Ok(())
}
