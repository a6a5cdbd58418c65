//! The pages' HTML (maud: escaped by construction). They lay out what `bot::desk` computed; the words
//! are the locale files'.

use maud::{DOCTYPE, Markup, html};

use super::{Session, Web};
use crate::bot::Bot;
use crate::bot::desk::{AgencyView, CellState, Grid, GridFilter, Overview, ReportLine, Silent, TaskView};
use crate::clock::local_date;
use crate::i18n::{arg, date};
use crate::plan::Role;
use crate::progress::state::Category;

pub const STYLE: &str = include_str!("style.css");

/// The class a cell is coloured by (`style.css`).
fn state_class(state: CellState) -> &'static str {
    match state {
        CellState::Done => "st_done",
        CellState::Awaiting => "st_wait",
        CellState::InProgress => "st_prog",
        CellState::Blocked => "st_block",
        CellState::NotStarted => "st_none",
        CellState::NotReported => "st_unrep",
    }
}

fn category_class(c: Category) -> &'static str {
    match c {
        Category::DoneOnTime => "cat_ontime",
        Category::DoneLate => "cat_late",
        Category::AwaitingReview => "cat_wait",
        Category::OpenOnTime => "cat_open",
        Category::OpenOverdue => "cat_overdue",
    }
}

/// A category in links and the filter ("?state=overdue").
pub(super) fn category_key(c: Category) -> &'static str {
    match c {
        Category::DoneOnTime => "done_on_time",
        Category::DoneLate => "done_late",
        Category::AwaitingReview => "awaiting",
        Category::OpenOnTime => "open",
        Category::OpenOverdue => "overdue",
    }
}

/// The style sheet's address, naming its content: a browser keeps it an hour, and takes a changed one at
/// once.
fn style_href() -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let digest = ring::digest::digest(&ring::digest::SHA256, STYLE.as_bytes());
        let short: String = digest.as_ref()[..6].iter().map(|b| format!("{b:02x}")).collect();
        format!("/web/style.css?v={short}")
    })
}

/// A page as axum sends it.
pub(super) type Page = axum::response::Html<String>;

fn role_label(web: &Web, role: Role) -> String {
    web.t(if role == Role::Lead { "role-lead" } else { "role-support" }, &[])
}

/// A link with a query, its values escaped for a URL; empty values are left out.
fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()))
        .finish();
    if query.is_empty() { path.to_string() } else { format!("{path}?{query}") }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Grid,
    Silent,
    Mine,
    None,
}

fn layout(web: &Web, session: Option<(&Session, &Bot)>, tab: Tab, title: &str, body: Markup) -> Page {
    let t = |key: &str| web.t(key, &[]);
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " — phoihop" }
                link rel="stylesheet" href=(style_href());
            }
            body {
                @if let Some((session, bot)) = session {
                    @let today = local_date(web.clock.now());
                    @let plan_id = bot.timeline().id().to_string();
                    @let catalog = bot.plan_on(today).catalog();
                    @let who = catalog.agency(&session.grant.agency).map_or(session.grant.agency.as_str(), |a| a.name.as_str());
                    header.top {
                        span.brand { "phoihop" }
                        span.who {
                            (who)
                            @if session.grant.coordinator { " — " (t("web-coordinator")) }
                        }
                        nav {
                            a class=(if tab == Tab::Overview { "on" } else { "" }) href=(with_query("/web/", &[("plan", &plan_id)])) { (t("web-nav-overview")) }
                            a class=(if tab == Tab::Grid { "on" } else { "" }) href=(with_query("/web/bang", &[("plan", &plan_id)])) { (t("web-nav-grid")) }
                            a class=(if tab == Tab::Silent { "on" } else { "" }) href=(with_query("/web/chua-bao-cao", &[("plan", &plan_id)])) { (t("web-nav-silent")) }
                            @if !bot.plan_on(today).assignments(&session.grant.agency).is_empty() {
                                a class=(if tab == Tab::Mine { "on" } else { "" }) href=(format!("/web/co-quan/{plan_id}/{}", session.grant.agency)) { (t("web-nav-mine")) }
                            }
                        }
                    }
                    @if session.plans.len() > 1 {
                        nav.plans {
                            @for &i in &session.plans {
                                @let other = session.core.in_plan(i);
                                @let id = other.timeline().id().to_string();
                                a class=(if id == plan_id { "on" } else { "" }) href=(with_query("/web/", &[("plan", &id)])) {
                                    (other.plan_title(today))
                                }
                            }
                        }
                    }
                }
                main {
                    h1 { (title) }
                    (body)
                }
                footer { (t("web-footer")) }
            }
        }
    };
    axum::response::Html(page.into_string())
}

/// A short page that says one thing (signed out, a used link, an error).
pub(super) fn message_page(web: &Web, text: &str) -> Page {
    let body = html! { div.message { @for line in text.lines() { p { (line) } } } };
    layout(web, None, Tab::None, "phoihop", body)
}

/// After sign-in: a link onwards (see `sign_in` for why not a redirect).
pub(super) fn signed_in_page(web: &Web) -> Page {
    let body = html! {
        div.message {
            p { (web.t("web-signed-in", &[])) }
            p { a href="/web/" { (web.t("web-enter", &[])) } }
        }
    };
    layout(web, None, Tab::None, &web.t("web-signed-in", &[]), body)
}

fn downloads(web: &Web, session: &Session, bot: &Bot) -> Markup {
    let id = bot.timeline().id();
    let year = local_date(web.clock.now()).format("%Y").to_string();
    html! {
        ul.downloads {
            @if session.grant.coordinator {
                li { a href=(format!("/web/tai/{id}/tien-do.xlsx")) { (web.t("web-nav-xlsx", &[])) } }
            }
            li { a href=(with_query(&format!("/web/tai/{id}/bao-cao.docx"), &[("ky", &year)])) { (web.t("web-nav-docx", &[arg("term", year.clone())])) } }
        }
    }
}

fn reports_table(web: &Web, session: &Session, bot: &Bot, reports: &[ReportLine], with_task: bool) -> Markup {
    let t = |key: &str| web.t(key, &[]);
    let id = bot.timeline().id();
    html! {
        div.scroll {
            table.reports {
                thead { tr {
                    th { (t("web-col-time")) }
                    @if with_task { th { (t("web-col-task")) } }
                    th { (t("web-col-agency")) } th { (t("web-col-sender")) } th { (t("web-col-state")) }
                    th { (t("web-col-note")) } th { (t("web-col-as-of")) } th { (t("web-col-review")) }
                } }
                tbody {
                    @for r in reports {
                        tr class=(if r.retracted { "retracted" } else { "" }) {
                            td.num { (r.at) }
                            @if with_task { td.ref { a href=(format!("/web/nhiem-vu/{id}/{}", r.reference)) { (r.reference) } } }
                            td { (r.agency) }
                            td { (r.sender) }
                            td {
                                (r.state)
                                @if r.retracted { " (" (t("web-retracted")) ")" }
                            }
                            td {
                                (r.note)
                                @if r.evidence {
                                    br;
                                    @if session.grant.coordinator || session.grant.agency == r.agency_code {
                                        a href=(format!("/web/tep/{id}/{}", r.id)) { (t("web-evidence-download")) }
                                    } @else {
                                        em { (t("web-evidence")) }
                                    }
                                }
                            }
                            td.num { (date(r.as_of)) }
                            td { (r.review.clone().unwrap_or_default()) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn overview(web: &Web, session: &Session, bot: &Bot, view: &Overview) -> Page {
    let id = bot.timeline().id();
    let body = html! {
        p.sub { (web.t("web-categories", &[arg("day", date(view.day))])) }
        div.scroll {
            table.overview {
                thead { tr {
                    th { (web.t("web-section", &[])) }
                    @for (category, label) in &view.categories {
                        th class=(format!("num {}", category_class(*category))) {
                            a href=(with_query("/web/bang", &[("plan", id), ("state", category_key(*category))])) { (label) }
                        }
                    }
                    th.num { (web.t("web-total", &[])) }
                } }
                tbody {
                    @for (number, label, counts) in &view.sections {
                        tr {
                            td { a href=(with_query("/web/bang", &[("plan", id), ("section", &number.to_string())])) { (label) } }
                            @for count in counts { td.num { (count) } }
                            td.num { (counts.iter().sum::<usize>()) }
                        }
                    }
                }
            }
        }
        (downloads(web, session, bot))
        h2 { (web.t("web-chart", &[])) }
        img.chart src=(format!("/web/bieu-do/{id}.png")) alt=(web.t("web-chart", &[])) width="1200" height="900";
        h2 { (web.t("web-week-reports", &[arg("week", view.week.number), arg("count", view.reports.len())])) }
        @if view.reports.is_empty() {
            p { (web.t("web-no-reports", &[])) }
        } @else {
            (reports_table(web, session, bot, &view.reports, true))
        }
    };
    layout(web, Some((session, bot)), Tab::Overview, &view.title, body)
}

pub(super) fn grid(web: &Web, session: &Session, bot: &Bot, view: &Grid, filter: &GridFilter) -> Page {
    let t = |key: &str| web.t(key, &[]);
    let id = bot.timeline().id();
    let rows = html! {
        @for row in &view.rows {
            tr {
                td.ref { a href=(format!("/web/nhiem-vu/{id}/{}", row.reference)) { (row.reference) } }
                td.title { (row.title) }
                td.num { (date(row.due)) }
                td class=(format!("cat {}", category_class(row.category))) { (row.category_label) }
                @for cell in &row.cells {
                    @match cell {
                        Some(cell) => td class=(format!("cell {}", state_class(cell.state))) title=[cell.day.map(date)] { (cell.label) },
                        None => td {},
                    }
                }
            }
        }
    };
    let section = filter.section.map(|s| s.to_string()).unwrap_or_default();
    let agency = filter.agency.clone().unwrap_or_default();
    let state = filter.category.map(category_key).unwrap_or_default();
    let body = html! {
        form.filter method="get" action="/web/bang" {
            input type="hidden" name="plan" value=(id);
            label { (t("web-filter-section"))
                select name="section" {
                    option value="" { (t("web-filter-all")) }
                    @for (n, label) in &view.sections {
                        option value=(n) selected[section == n.to_string()] { (label) }
                    }
                }
            }
            label { (t("web-filter-agency"))
                select name="agency" {
                    option value="" { (t("web-filter-all")) }
                    @for a in &view.agencies {
                        option value=(a.code) selected[agency == a.code] { (a.name) }
                    }
                }
            }
            label { (t("web-filter-state"))
                select name="state" {
                    option value="" { (t("web-filter-all")) }
                    @for (category, label) in &view.categories {
                        option value=(category_key(*category)) selected[state == category_key(*category)] { (label) }
                    }
                }
            }
            label { (t("web-filter-text"))
                input type="search" name="q" value=(filter.text.clone().unwrap_or_default());
            }
            button type="submit" { (t("web-filter-apply")) }
        }
        p.sub { (web.t("web-grid-count", &[arg("shown", view.rows.len()), arg("total", view.total), arg("day", date(view.day))])) }
        div.scroll {
            table.grid {
                thead { tr {
                    th { (t("web-col-task")) } th { (t("web-col-title")) } th { (t("web-col-due")) } th { (t("web-col-category")) }
                    @for c in &view.columns {
                        th.agency {
                            @if c.code.starts_with('@') { (c.name) }
                            @else { a href=(format!("/web/co-quan/{id}/{}", c.code)) { (c.name) } }
                        }
                    }
                } }
                tbody { (rows) }
            }
        }
    };
    layout(web, Some((session, bot)), Tab::Grid, &t("web-grid-title"), body)
}

pub(super) fn task(web: &Web, session: &Session, bot: &Bot, view: &TaskView) -> Page {
    let t = |key: &str| web.t(key, &[]);
    let id = bot.timeline().id();
    let body = html! {
        p.sub { (web.t("web-task-section", &[arg("section", view.section.as_str())])) }
        p { strong { (view.title) } }
        p { (web.t("web-task-product", &[arg("product", view.product.as_str())])) br;
            (web.t("web-task-timeframe", &[arg("timeframe", view.timeframe.as_str())])) }
        p class=(category_class(view.category)) {
            (web.t("web-task-period", &[arg("period", view.period.as_str()), arg("due", date(view.due)), arg("category", view.category_label.as_str())]))
        }
        h2 { (t("web-task-parts")) }
        div.scroll { table {
            thead { tr { th { (t("web-col-agency")) } th { (t("web-col-role")) } th { (t("web-col-state")) } } }
            tbody {
                @for part in &view.parts {
                    tr {
                        td { @if session.grant.coordinator || session.grant.agency == part.code {
                                a href=(format!("/web/co-quan/{id}/{}", part.code)) { (part.name) }
                             } @else { (part.name) } }
                        td { (role_label(web, part.role))
                             @if part.requested { " (" (t("web-requested")) ")" } }
                        td class=(state_class(part.cell)) { (part.state) }
                    }
                }
                @for (group, tally) in &view.groups {
                    tr { td { (group) } td { (t("role-lead")) } td { (tally) } }
                }
            }
        } }
        h2 { (web.t("web-task-history", &[arg("count", view.reports.len())])) }
        (reports_table(web, session, bot, &view.reports, false))
    };
    let title = web.t("web-task-title", &[arg("ref", view.reference.to_string())]);
    layout(web, Some((session, bot)), Tab::Grid, &title, body)
}

pub(super) fn agency(web: &Web, session: &Session, bot: &Bot, view: &AgencyView) -> Page {
    let t = |key: &str| web.t(key, &[]);
    let id = bot.timeline().id();
    let body = html! {
        h2 { (t("web-agency-tasks")) }
        div.scroll { table {
            thead { tr { th { (t("web-col-task")) } th { (t("web-col-title")) } th { (t("web-col-role")) } th { (t("web-col-state")) } } }
            tbody {
                @for (reference, title, role, state, cell) in &view.tasks {
                    tr {
                        td.ref { a href=(format!("/web/nhiem-vu/{id}/{reference}")) { (reference) } }
                        td.title { (title) }
                        td { (role_label(web, *role)) }
                        td class=(state_class(*cell)) { (state) }
                    }
                }
            }
        } }
        h2 { (web.t("web-agency-reports", &[arg("count", view.reports.len())])) }
        (reports_table(web, session, bot, &view.reports, true))
    };
    let tab = if session.grant.agency == view.code { Tab::Mine } else { Tab::Grid };
    layout(web, Some((session, bot)), tab, &view.name, body)
}

pub(super) fn silent(web: &Web, session: &Session, bot: &Bot, view: &[Silent]) -> Page {
    let t = |key: &str| web.t(key, &[]);
    let id = bot.timeline().id();
    let days = session.core.settings().report_window.num_days();
    let body = html! {
        @if view.is_empty() {
            p { (web.t("web-silent-none", &[arg("days", days)])) }
        } @else {
            div.scroll { table {
                thead { tr { th { (t("web-col-agency")) } th { (t("web-col-open")) } th { (t("web-col-last")) } } }
                tbody {
                    @for s in view {
                        tr {
                            td {
                                @if session.grant.coordinator || session.grant.agency == s.code {
                                    a href=(format!("/web/co-quan/{id}/{}", s.code)) { (s.name) }
                                } @else { (s.name) }
                                @if !s.kind.is_empty() { br; small { (t(&s.kind)) } }
                            }
                            td {
                                @for (n, r) in s.open_tasks.iter().enumerate() {
                                    @if n > 0 { ", " }
                                    a href=(format!("/web/nhiem-vu/{id}/{r}")) { (r) }
                                }
                            }
                            td.num { (s.last_report.map(date).unwrap_or_else(|| t("web-never"))) }
                        }
                    }
                }
            } }
        }
    };
    let title = web.t("web-silent-title", &[arg("days", days)]);
    layout(web, Some((session, bot)), Tab::Silent, &title, body)
}
