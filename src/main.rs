//! The `phoihop` command: the console chat and plan management around the library.

mod console;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::TimeDelta;
use clap::{Parser, Subcommand};
use fluent_bundle::FluentValue;
use phoihop::bot::{Bot, Settings};
use phoihop::clock::{Clock, ZONE, parse_time};
use phoihop::i18n::{Lang, Messages};
use phoihop::invite;
use phoihop::nlu::{Nlu, RefSlot};
use phoihop::plan::{PlanIndex, PlanTimeline, seed};
use phoihop::progress::Report;
use phoihop::progress::week::Week;
use phoihop::setup;
use phoihop::store::{DEFAULT_URL, SaveOutcome};
use phoihop::text::shorten;

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
    /// The plan to serve, by id; default: the most recently loaded.
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
    Chat {
        /// Agency code (see `phoihop plan`); default: the plan's coordinator.
        #[arg(long)]
        agency: Option<String>,
    },
    /// Show the loaded plan as in force today (the clock's date), or on another date.
    Plan {
        /// Print JSON for other tools.
        #[arg(long)]
        json: bool,
        /// The plan as in force on this date (2022-06-01) instead of today.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Load a plan directory (catalog.toml + plan.toml); loading the same plan again changes nothing.
    Seed { path: PathBuf },
    /// Fill the database with a synthetic national workload for benchmarks: one plan per province, with
    /// its own agencies, and reports spread over the two years before now.
    BenchData {
        #[arg(long, default_value_t = 34)]
        provinces: usize,
        /// Tasks in each province's plan.
        #[arg(long, default_value_t = 1000)]
        tasks: usize,
        /// Agencies in each province's catalog.
        #[arg(long, default_value_t = 100)]
        agencies: usize,
        /// Reports over all provinces.
        #[arg(long, default_value_t = 1_000_000)]
        reports: usize,
    },
    /// Serve the bot on Telegram (token from TELOXIDE_TOKEN): long polling, or a webhook with
    /// --webhook-listen and --webhook-url. SIGINT or SIGTERM stops it cleanly.
    Serve {
        /// Serve on Telegram (TELOXIDE_TOKEN); the default when no platform is named.
        #[arg(long)]
        telegram: bool,
        /// Serve on the Zalo Bot Platform (ZALO_BOT_TOKEN, ZALO_API_URL).
        #[arg(long)]
        zalo: bool,
        /// Address to receive Zalo's webhook requests on (the secret comes from ZALO_WEBHOOK_SECRET).
        #[arg(long, requires = "zalo_webhook_url")]
        zalo_webhook_listen: Option<std::net::SocketAddr>,
        /// Public HTTPS URL Zalo posts events to.
        #[arg(long, requires = "zalo_webhook_listen")]
        zalo_webhook_url: Option<url::Url>,
        /// Address to receive Telegram's webhook requests on, e.g. 0.0.0.0:8443 (behind a TLS proxy).
        #[arg(long, requires = "webhook_url")]
        webhook_listen: Option<std::net::SocketAddr>,
        /// Public HTTPS URL Telegram posts updates to, e.g. https://bot.example.vn/telegram.
        #[arg(long, requires = "webhook_listen")]
        webhook_url: Option<url::Url>,
    },
    /// Issue a one-time code that binds a chat to an agency (`/ketnoi CODE` in that chat). The code is the
    /// last line of the output.
    Invite {
        /// Agency code (see `phoihop plan`).
        agency: String,
        /// The chat becomes a coordinator chat: it gets roll-ups and may manage bindings.
        #[arg(long)]
        coordinator: bool,
    },
    /// The weekly roll-up of an ISO week (default: the week that has just ended): printed with --print,
    /// otherwise sent to every coordinator chat on Telegram.
    Digest {
        /// ISO week, e.g. 2026-W48.
        #[arg(long)]
        week: Option<String>,
        /// Print it instead of sending it.
        #[arg(long)]
        print: bool,
    },
    /// Write the progress spreadsheet: tasks with each agency's state, and every report.
    Export {
        /// The .xlsx file to write.
        #[arg(long)]
        xlsx: PathBuf,
    },
    /// Bring in progress from a workbook that `export --xlsx` wrote (edited by hand): the rows that
    /// differ from the database are recorded with their dates, entered by the coordinator.
    Import {
        /// The .xlsx file to read.
        #[arg(long)]
        xlsx: PathBuf,
        /// Record the good rows of a file that has bad ones (by default a bad row records nothing).
        #[arg(long)]
        skip_bad_rows: bool,
    },
    /// Show the settings, or change one: `phoihop settings set digest_time 07:30`.
    Settings {
        #[command(subcommand)]
        change: Option<SettingsChange>,
    },
    /// Print every progress report of the plan, retracted ones included.
    Reports {
        /// A JSON array: [{"task", "agency", "role", "period", "status", "percent", "note", "author", "at", "retracted"}].
        #[arg(long)]
        json: bool,
    },
    /// Read one message per line on stdin and print what the bot understands of each.
    Nlu {
        /// One JSON object per line: {"text", "intent", "task", "percent", "status", "agency", "note", "query",
        /// "reports": [{"task", "percent", "status", "note", "as_of", "expected"}]}.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SettingsChange {
    /// Store a setting: digest_day, digest_time, reminder_day, reminder_time, report_window_days.
    Set { key: String, value: String },
}

/// Everything a command needs, opened once.
pub struct Context_ {
    pub store: Arc<dyn phoihop::store::Store>,
    pub messages: Arc<Messages>,
    pub lang: Lang,
    pub clock: Clock,
    pub settings: Settings,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()))
        .init();
    let cli = Cli::parse();
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
    // Fail on a missing token before touching the database.
    let telegram = match &cli.command {
        Command::Serve { telegram, zalo, .. } if *telegram || !*zalo => Some(phoihop::telegram::bot_from_env()?),
        Command::Digest { print: false, .. } => Some(phoihop::telegram::bot_from_env()?),
        _ => None,
    };
    let zalo = match &cli.command {
        Command::Serve { zalo: true, .. } => Some(phoihop::zalo::ZaloClient::from_env()?),
        _ => None,
    };
    let messages = Arc::new(Messages::load()?);
    let store = setup::open(&cli.database).await?;
    let mut settings = Settings::from_stored(&store.settings().await?);
    if let Some(days) = cli.report_window_days {
        settings.report_window = TimeDelta::days(days.into());
    }
    let ctx = Context_ { store, messages, lang, clock, settings };
    match cli.command {
        Command::Chat { agency } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            console::run(&ctx, timeline, agency.as_deref()).await
        }
        Command::Plan { json, as_of } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let day = as_of.unwrap_or_else(|| phoihop::clock::local_date(ctx.clock.now()));
            let plan = timeline.at(day);
            if json { print_plan_json(plan, day) } else { print_plan(&ctx, plan, day) }
        }
        Command::Serve { webhook_listen, webhook_url, zalo_webhook_listen, zalo_webhook_url, .. } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let core = Arc::new(core(&ctx, timeline));
            let webhook = match (webhook_listen, webhook_url) {
                (Some(listen), Some(url)) => {
                    let secret = match std::env::var("PHOIHOP_WEBHOOK_SECRET") {
                        Ok(s) if s.len() >= 8 => s,
                        _ => invite::random_token(32)?,
                    };
                    Some(phoihop::telegram::Webhook { listen, url, secret })
                }
                _ => None,
            };
            let zalo_webhook = match (zalo_webhook_listen, zalo_webhook_url) {
                (Some(listen), Some(url)) => {
                    let secret = std::env::var("ZALO_WEBHOOK_SECRET")
                        .ok()
                        .filter(|s| (8..=256).contains(&s.len()))
                        .context("ZALO_WEBHOOK_SECRET must be set (8 to 256 characters) for a Zalo webhook")?;
                    Some(phoihop::zalo::ZaloWebhook { listen, url, secret })
                }
                _ => None,
            };
            let on_telegram = async {
                match telegram {
                    Some(bot) => {
                        let (store, messages) = (ctx.store.clone(), ctx.messages.clone());
                        phoihop::telegram::serve(bot, core.clone(), store, ctx.clock, messages, ctx.lang, webhook).await
                    }
                    None => Ok(()),
                }
            };
            let on_zalo = async {
                match zalo {
                    Some(client) => {
                        let (store, messages) = (ctx.store.clone(), ctx.messages.clone());
                        phoihop::zalo::serve(client, core.clone(), store, ctx.clock, messages, ctx.lang, zalo_webhook)
                            .await
                    }
                    None => Ok(()),
                }
            };
            tokio::try_join!(on_telegram, on_zalo)?;
            Ok(())
        }
        Command::Digest { week, print } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let core = core(&ctx, timeline);
            let now = ctx.clock.now();
            let week = match week {
                Some(w) => w.parse::<Week>()?,
                None => Week::of(phoihop::clock::local_date(now)).previous(),
            };
            let reply = match core.digest(week, now).await? {
                Ok(reply) => reply,
                Err(why) => bail!(core.no_digest_reply(&why).text),
            };
            if print {
                println!("{}", reply.text);
                return Ok(());
            }
            let bot = telegram.context("the Telegram bot was prepared above")?;
            let (store, messages) = (ctx.store.clone(), ctx.messages.clone());
            let (chats, waiting) = phoihop::telegram::send_to_coordinators(
                bot,
                Arc::new(core),
                store,
                ctx.clock,
                messages,
                ctx.lang,
                &reply,
            )
            .await?;
            eprintln!("queued for {chats} coordinator chats; {waiting} messages still waiting to be sent");
            Ok(())
        }
        Command::Settings { change } => {
            if let Some(SettingsChange::Set { key, value }) = change {
                let mut checked = ctx.settings;
                checked.apply(&key, &value)?;
                let canonical = checked.value_of(&key).context("every key has a value")?;
                ctx.store.set_setting(&key, &canonical).await?;
                println!("{key} = {canonical}");
                return Ok(());
            }
            for key in phoihop::settings::KEYS {
                println!("{key} = {}", ctx.settings.value_of(key).unwrap_or_default());
            }
            Ok(())
        }
        Command::Export { xlsx } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let core = core(&ctx, timeline);
            let file = core.export(ctx.clock.now()).await??;
            std::fs::write(&xlsx, &file.bytes).with_context(|| format!("cannot write {}", xlsx.display()))?;
            eprintln!("{}: {} bytes", xlsx.display(), file.bytes.len());
            Ok(())
        }
        Command::Import { xlsx, skip_bad_rows } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let core = core(&ctx, timeline);
            let bytes = std::fs::read(&xlsx).with_context(|| format!("cannot read {}", xlsx.display()))?;
            let file = xlsx.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let imported = core.import_workbook(bytes, &file, ctx.clock.now(), skip_bad_rows).await?;
            print_import(&ctx, &file, &imported)
        }
        Command::Invite { agency, coordinator } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let today = phoihop::clock::local_date(ctx.clock.now());
            let catalog = &timeline.at(today).catalog();
            let agency = resolve_agency(&ctx, catalog, &agency)?;
            if let Some(ended) = catalog.agency(&agency).filter(|a| !a.exists_on(today)) {
                let successors = catalog.successors_on(&ended.code, today).join(", ");
                bail!(ctx.messages.tr(
                    ctx.lang,
                    "cli-agency-ended",
                    &[("code", agency.as_str().into()), ("successors", successors.into())]
                ));
            }
            let code =
                invite::issue(ctx.store.as_ref(), &catalog.id, &agency, coordinator, "cli", ctx.clock.now()).await?;
            let name = catalog.agency(&agency).map_or(agency.as_str(), |a| a.name.as_str());
            let text = ctx.messages.tr(
                ctx.lang,
                "invite-issued",
                &[
                    ("agency", name.into()),
                    ("code", code.as_str().into()),
                    ("hours", invite::VALIDITY.num_hours().into()),
                ],
            );
            println!("{text}\n{code}");
            Ok(())
        }
        Command::Reports { json } => {
            let bundle = setup::plan(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let reports = ctx.store.all_reports(&bundle.plan.meta.id).await?;
            print_reports(&reports, json)
        }
        Command::Nlu { json } => {
            let timeline = setup::timeline(ctx.store.as_ref(), cli.plan.as_deref()).await?;
            let today = phoihop::clock::local_date(ctx.clock.now());
            print_understanding(timeline.at(today), today, json)
        }
        Command::BenchData { provinces, tasks, agencies, reports } => {
            use phoihop::synthetic::{Scale, fill, plan_id};
            let tr = |key: &str, args: &[(&str, FluentValue)]| ctx.messages.tr(ctx.lang, key, args);
            let first = plan_id(1);
            if ctx.store.plan_ids().await?.contains(&first) {
                bail!(tr("cli-bench-data-exists", &[("plan", first.as_str().into())]));
            }
            let scale = Scale { provinces, tasks, agencies, reports };
            let started = std::time::Instant::now();
            let written = fill(ctx.store.as_ref(), scale, ctx.clock.now(), |n, written| {
                let args = [("n", n.into()), ("of", provinces.into()), ("reports", written.into())];
                eprintln!("{}", tr("cli-bench-data-progress", &args));
            })
            .await?;
            let args = [
                ("plans", provinces.into()),
                ("tasks", tasks.into()),
                ("agencies", agencies.into()),
                ("reports", written.into()),
                ("seconds", started.elapsed().as_secs_f64().round().into()),
            ];
            println!("{}", tr("cli-bench-data-done", &args));
            Ok(())
        }
        Command::Seed { path } => {
            let bundle = seed::load_dir(&path)?;
            let outcome = ctx.store.save_plan(&bundle).await?;
            let key = match outcome {
                SaveOutcome::Created => "cli-seed-created",
                SaveOutcome::Updated => "cli-seed-updated",
                SaveOutcome::Unchanged => "cli-seed-unchanged",
            };
            println!(
                "{}",
                ctx.messages.tr(
                    ctx.lang,
                    key,
                    &[
                        ("plan", FluentValue::from(bundle.plan.meta.id.as_str())),
                        ("tasks", FluentValue::from(bundle.plan.tasks.len())),
                        ("agencies", FluentValue::from(bundle.catalog.agencies().len())),
                    ],
                )
            );
            Ok(())
        }
    }
}

fn print_understanding(plan: &PlanIndex, today: chrono::NaiveDate, json: bool) -> Result<()> {
    use std::io::{BufRead, Write};
    let nlu = Nlu::for_version(plan);
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let text = line.trim_end_matches('\r');
        let u = nlu.understand(text);
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

/// What an import did, row by row, then in a line; an error when bad rows stopped it.
fn print_import(ctx: &Context_, file: &str, imported: &phoihop::bot::import::Imported) -> Result<()> {
    use phoihop::bot::import::RowOutcome;
    let tr = |key: &str, args: &[(&str, FluentValue)]| ctx.messages.tr(ctx.lang, key, args);
    let refused = imported.bad() > 0 && imported.recorded == 0;
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
        println!("{}", tr(key, &args));
    }
    if not_reported > 0 {
        println!("{}", tr("import-not-reported", &[("count", not_reported.into())]));
    }
    let args = [
        ("file", FluentValue::from(file)),
        ("recorded", imported.recorded.into()),
        ("skipped", imported.skipped().into()),
        ("bad", imported.bad().into()),
    ];
    if refused {
        bail!(tr("import-refused", &args));
    }
    println!("{}", tr("import-done", &args));
    Ok(())
}

fn print_reports(reports: &[Report], json: bool) -> Result<()> {
    let at =
        |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&ZONE).to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    if json {
        let out: Vec<_> = reports
            .iter()
            .map(|r| {
                serde_json::json!({
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
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    for r in reports {
        let percent = r.percent.map(|p| format!("{p}%")).unwrap_or_default();
        let retracted = if r.retracted_at.is_some() { " (retracted)" } else { "" };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}{}",
            at(r.at),
            r.task,
            r.agency,
            r.period,
            r.status.as_str(),
            percent,
            r.user_name,
            r.note.as_deref().unwrap_or(""),
            retracted
        );
    }
    Ok(())
}

fn print_plan_json(version: &PlanIndex, day: chrono::NaiveDate) -> Result<()> {
    let plan = version.plan();
    let catalog = version.catalog();
    let m = &plan.meta;
    let tasks: Vec<_> = plan
        .tasks
        .iter()
        .map(|t| {
            serde_json::json!({
                "ref": t.reference.to_string(),
                "section": t.reference.section_id(),
                "title": t.title,
                "lead": t.lead,
                "support": t.support,
                "product": t.product,
                "timeframe": t.timeframe_text,
                "due": plan.due(t).to_string(),
            })
        })
        .collect();
    // Every agency there has been by that day; those that ended say when and who carries on.
    let agencies: Vec<_> = catalog
        .agencies()
        .iter()
        .filter(|a| a.started_by(day))
        .map(|a| {
            let mut entry = serde_json::json!({"code": a.code, "name": a.name, "kind": a.kind.as_str()});
            if a.ended_before(day) {
                entry["until"] = a.until.map(|u| u.to_string()).into();
                entry["successors"] = catalog.successors_on(&a.code, day).into();
            }
            entry
        })
        .collect();
    let groups: serde_json::Map<String, serde_json::Value> =
        catalog.groups().iter().map(|g| (g.code.clone(), g.members.clone().into())).collect();
    let amendments: Vec<_> = version
        .bundle()
        .amendments
        .iter()
        .map(|a| serde_json::json!({"date": a.date.to_string(), "title": a.title, "basis": a.basis}))
        .collect();
    let out = serde_json::json!({
        "plan": {
            "code": m.code,
            "title": m.title,
            "issuer": m.issuer,
            "issued": m.issued.to_string(),
            "coordinator": m.coordinator,
            "as_of": day.to_string(),
        },
        "tasks": tasks,
        "agencies": agencies,
        "groups": groups,
        "amendments": amendments,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn print_plan(ctx: &Context_, version: &PlanIndex, day: chrono::NaiveDate) -> Result<()> {
    let plan = version.plan();
    let catalog = version.catalog();
    let m = &plan.meta;
    let tr = |key: &str, args: &[(&str, FluentValue)]| ctx.messages.tr(ctx.lang, key, args);
    let coordinator = catalog.agency(&m.coordinator).map(|a| a.name.as_str()).unwrap_or(&m.coordinator);
    println!(
        "{}",
        tr(
            "cli-plan-header",
            &[
                ("code", m.code.as_str().into()),
                ("issued", m.issued.format("%d/%m/%Y").to_string().into()),
                ("issuer", m.issuer.as_str().into()),
                ("tasks", plan.tasks.len().into()),
                ("coordinator", coordinator.into()),
            ]
        )
    );
    println!("{}", tr("cli-plan-as-of", &[("day", day.format("%d/%m/%Y").to_string().into())]));
    for a in &version.bundle().amendments {
        println!(
            "{}",
            tr(
                "cli-plan-amendment",
                &[("date", a.date.format("%d/%m/%Y").to_string().into()), ("title", a.title.as_str().into())]
            )
        );
    }
    for t in &plan.tasks {
        let lead = t.lead.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        println!(
            "{}",
            tr(
                "cli-plan-task",
                &[
                    ("ref", t.reference.to_string().into()),
                    ("lead", lead.into()),
                    ("timeframe", t.timeframe_text.as_str().into()),
                    ("due", plan.due(t).format("%d/%m/%Y").to_string().into()),
                    ("title", shorten(&t.title, 70).into()),
                ]
            )
        );
    }
    println!("\n{}", tr("cli-plan-agencies", &[]));
    for agency in catalog.agencies().iter().filter(|a| a.exists_on(day)) {
        println!("{:<26} {}", agency.code, agency.name);
    }
    let ended: Vec<_> = catalog.agencies().iter().filter(|a| a.ended_before(day)).collect();
    if !ended.is_empty() {
        println!("\n{}", tr("cli-plan-ended", &[]));
        for agency in ended {
            let successors = catalog.successors_on(&agency.code, day).join(", ");
            let until = agency.until.map(|u| u.format("%d/%m/%Y").to_string()).unwrap_or_default();
            println!("{:<26} {} (→ {until}; {successors})", agency.code, agency.name);
        }
    }
    for group in catalog.groups().iter().filter(|g| !g.members.is_empty()) {
        println!("{:<26} {} ({})", format!("@{}", group.code), group.name, group.members.len());
    }
    Ok(())
}

/// The core for the plan, with this command's store, messages and settings.
fn core(ctx: &Context_, timeline: PlanTimeline) -> Bot {
    Bot::new(ctx.store.clone(), Arc::new(timeline), ctx.messages.clone(), ctx.lang, ctx.settings)
}

/// An agency code as typed on the command line, or an error naming the closest codes.
pub fn resolve_agency(ctx: &Context_, catalog: &phoihop::plan::Catalog, code: &str) -> Result<String> {
    let wanted = code.trim().to_lowercase();
    if catalog.agency(&wanted).is_some() {
        return Ok(wanted);
    }
    let closest = catalog.closest_codes(&wanted, 3).join(", ");
    bail!(ctx.messages.tr(ctx.lang, "cli-unknown-agency", &[("code", code.into()), ("closest", closest.into())]))
}
