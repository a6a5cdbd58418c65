//! `phoihop chat`: the bot in a terminal, or scripted through stdin (one message per line), as the focal
//! point of an agency.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use fluent_bundle::FluentValue;
use phoihop::bot::{Incoming, Reply, split_text};
use phoihop::chat::{ChatBinding, ChatKey};
use phoihop::text::for_terminal;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::{Ctx, resolve_agency};

pub const PLATFORM: &str = "console";
/// The console shows messages as Telegram would split them.
const MESSAGE_LIMIT: usize = 4096;

#[derive(clap::Args)]
pub struct Args {
    /// Agency code (see `phoihop plan`); default: the plan's coordinator.
    #[arg(long)]
    agency: Option<String>,
}

pub async fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let plans = ctx.plans().await?;
    let today = phoihop::clock::local_date(ctx.clock.now());
    // The plans as in force today: the first plan's coordinator speaks when no agency is named.
    let plan = plans.get(0).at(today);
    let coordinator = plan.plan().meta.coordinator.clone();
    let agency = match args.agency.as_deref() {
        Some(code) => resolve_agency(ctx, plan.catalog(), code)?,
        None => coordinator.clone(),
    };
    let coordinates = plans.iter().any(|p| p.at(today).plan().meta.coordinator == agency);
    let chat = ChatKey::new(PLATFORM, format!("{PLATFORM}:{agency}"));
    ctx.store
        .bind_chat(&ChatBinding {
            chat: chat.clone(),
            catalog: plan.catalog().id.clone(),
            agency: agency.clone(),
            coordinator: coordinates,
            plan: None,
            bound_at: ctx.clock.now(),
        })
        .await?;
    let agency_name = plan.catalog().agency(&agency).map(|a| a.name.clone()).unwrap_or_else(|| agency.clone());
    let bot = super::core_for(ctx, plans);

    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    if interactive {
        let banner = ctx.messages.tr(ctx.lang, "console-banner", &[("agency", FluentValue::from(agency_name))]);
        writeln!(out, "{banner}\n")?;
    }
    drop(out);

    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut choices: Vec<String> = Vec::new();
    let user = std::env::var("USER").unwrap_or_else(|_| PLATFORM.to_string());
    let mut sequence = 0u64;
    loop {
        if interactive {
            print!("> ");
            std::io::stdout().flush()?;
        }
        let Some(line) = lines.next_line().await? else {
            break;
        };
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        // A number answers the choices just offered, as a button would.
        let text = match line.trim().parse::<usize>() {
            Ok(n) if (1..=choices.len()).contains(&n) => choices[n - 1].clone(),
            _ => line.to_string(),
        };
        sequence += 1;
        let incoming = Incoming {
            chat: chat.clone(),
            user_id: user.clone(),
            user_name: user.clone(),
            text,
            at: ctx.clock.now(),
            message_id: Some(sequence.to_string()),
            addressed: true,
            file_id: None,
            source: None,
        };
        let replies = bot.handle(&incoming).await;
        choices = replies.iter().flat_map(|r| r.choices.iter().map(|c| c.message.clone())).collect();
        if print_replies(ctx, &replies).is_err() {
            // The reader went away (a closed pipe): nothing more to say.
            break;
        }
    }
    Ok(())
}

fn print_replies(ctx: &Ctx, replies: &[Reply]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let mut number = 0;
    for reply in replies {
        for part in split_text(&reply.text, MESSAGE_LIMIT) {
            writeln!(out, "{}\n", for_terminal(&part))?;
        }
        if !reply.choices.is_empty() {
            for choice in &reply.choices {
                number += 1;
                let line = ctx.messages.tr(
                    ctx.lang,
                    "console-choice",
                    &[("number", FluentValue::from(number)), ("label", FluentValue::from(choice.label.as_str()))],
                );
                writeln!(out, "{}", for_terminal(&line))?;
            }
            writeln!(out, "{}\n", ctx.messages.tr(ctx.lang, "console-choice-hint", &[]))?;
        }
        for (key, attached) in [("console-picture", &reply.picture), ("console-file", &reply.file)] {
            let Some(file) = attached else { continue };
            let line = ctx.messages.tr(
                ctx.lang,
                key,
                &[
                    ("name", FluentValue::from(file.file_name.as_str())),
                    ("kb", FluentValue::from(file.bytes.len().div_ceil(1024))),
                ],
            );
            writeln!(out, "{line}\n")?;
        }
        if reply.evidence.is_some() {
            writeln!(out, "{}\n", ctx.messages.tr(ctx.lang, "evidence-elsewhere", &[]))?;
        }
        for action in &reply.actions {
            writeln!(out, "[{}: {}]\n", for_terminal(&action.label), for_terminal(&action.command))?;
        }
    }
    out.flush()
}
