//! The `phoihop` command: the console chat, serving on the chat platforms, and plan management around
//! the library. Each subcommand is a file of [`cli`].

mod cli;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::TimeDelta;
use clap::{Parser, Subcommand};
use phoihop::bot::Settings;
use phoihop::clock::{Clock, parse_time};
use phoihop::i18n::{Lang, Messages};
use phoihop::setup;
use phoihop::store::DEFAULT_URL;

#[derive(Parser)]
#[command(
    name = "phoihop",
    version,
    about = "A chat bot for carrying out an inter-agency plan of a Vietnamese province"
)]
struct Cli {
    /// Database URL: sqlite://FILE (created on first use) or postgres://USER@HOST/DB.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_URL)]
    database: String,
    /// Start the clock at this time (RFC 3339, or a date) instead of now; it then advances normally.
    #[arg(long, global = true, env = "PHOIHOP_NOW")]
    now: Option<String>,
    /// Scope a command to one plan, by id (`phoihop plan list`); `serve` serves every plan in service.
    #[arg(long, global = true, env = "PHOIHOP_PLAN")]
    plan: Option<String>,
    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, env = "PHOIHOP_LANG", default_value = "vi")]
    lang: String,
    /// An agency that has not reported for this many days counts as "chưa báo cáo" (overrides the stored
    /// setting report_window_days, default 7).
    #[arg(long, global = true, env = "PHOIHOP_REPORT_WINDOW_DAYS", value_parser = clap::value_parser!(u16).range(1..=366))]
    report_window_days: Option<u16>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Talk to the bot in this terminal as the focal point of an agency.
    Chat(cli::chat::Args),
    /// Show the loaded plan as in force today (the clock's date), or on another date.
    Plan(cli::plan::Args),
    /// Load a plan directory (catalog.toml + plan.toml); loading the same plan again changes nothing.
    Seed(cli::seed::Args),
    /// Fill the database with a synthetic national workload for benchmarks: one plan per province, with
    /// its own agencies, and reports spread over the two years before now.
    BenchData(cli::bench_data::Args),
    /// Serve the bot on Telegram (token from TELOXIDE_TOKEN), Zalo, or both: long polling, or webhooks;
    /// and the web page for the coordinator's office with --web-listen.
    /// SIGINT or SIGTERM stops it cleanly.
    Serve(Box<cli::serve::Args>),
    /// Issue a one-time code that binds a chat to an agency (`/ketnoi CODE` in that chat). The code is the
    /// last line of the output.
    Invite(cli::invite::Args),
    /// The weekly roll-up of an ISO week (default: the week that has just ended): printed with --print,
    /// otherwise sent to every coordinator chat on Telegram.
    Digest(cli::digest::Args),
    /// Write the progress spreadsheet: tasks with each agency's state, and every report.
    Export(cli::export::Args),
    /// A one-time sign-in link to the web page for an agency (the link is the last line).
    WebLink(cli::web_link::Args),
    /// Write the periodic report of a term (sơ kết, tổng kết) as a Word draft laid out as Nghị định
    /// 30/2020/NĐ-CP asks: the plan's, or with --agency an agency's own to the coordinator.
    Report(cli::periodic::Args),
    /// Bring in progress from a workbook that `export --xlsx` wrote (edited by hand): the rows that
    /// differ from the database are recorded with their dates, entered by the coordinator.
    Import(cli::import::Args),
    /// Show the settings, or change one: `phoihop settings set digest_time 07:30`.
    Settings(cli::settings::Args),
    /// Print every progress report of the plan, retracted ones included.
    Reports(cli::reports::Args),
    /// Read one message per line on stdin and print what the bot understands of each.
    Nlu(cli::nlu::Args),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()))
        .init();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_) | Command::Chat(_)) {
        // A printing command whose reader went away (`phoihop plan --json | head`) ends quietly, as Unix
        // tools do. The server keeps Rust's default, where a closed socket is an error to handle.
        #[cfg(unix)]
        // SAFETY: done before any other thread exists, restoring the signal's default disposition.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("phoihop: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let lang = Lang::parse(&cli.lang).with_context(|| format!("unknown language “{}”: use vi or en", cli.lang))?;
    let clock = match &cli.now {
        Some(now) => Clock::starting_at(parse_time(now)?),
        None => Clock::system(),
    };
    // Fail on a missing token or secret before touching the database.
    let platforms = match &cli.command {
        Command::Serve(args) => Some(cli::serve::configure(args)?),
        Command::Digest(args) => {
            cli::digest::check(args)?;
            None
        }
        _ => None,
    };
    let messages = Arc::new(Messages::load()?);
    let store = setup::open(&cli.database).await?;
    let mut settings = Settings::from_stored(&store.settings().await?);
    if let Some(days) = cli.report_window_days {
        settings.report_window = TimeDelta::days(days.into());
    }
    let ctx = cli::Ctx { store, messages, lang, clock, settings, plan: cli.plan };
    match cli.command {
        Command::Chat(args) => cli::chat::run(&ctx, args).await,
        Command::Plan(args) => cli::plan::run(&ctx, args).await,
        Command::Seed(args) => cli::seed::run(&ctx, args).await,
        Command::BenchData(args) => cli::bench_data::run(&ctx, args).await,
        Command::Serve(_) => cli::serve::run(&ctx, platforms.context("configured above")?).await,
        Command::Invite(args) => cli::invite::run(&ctx, args).await,
        Command::Digest(args) => cli::digest::run(&ctx, args).await,
        Command::Export(args) => cli::export::run(&ctx, args).await,
        Command::Report(args) => cli::periodic::run(&ctx, args).await,
        Command::WebLink(args) => cli::web_link::run(&ctx, args).await,
        Command::Import(args) => cli::import::run(&ctx, args).await,
        Command::Settings(args) => cli::settings::run(&ctx, args).await,
        Command::Reports(args) => cli::reports::run(&ctx, args).await,
        Command::Nlu(args) => cli::nlu::run(&ctx, args).await,
    }
}
