//! The coordinator's web page (`serve --web-listen`): read-only pages of the plans a session may see,
//! server-rendered, no scripts. Sign-in is by a one-time link from the chat (`/web`) or the command line
//! (`phoihop web-link`); the session is an HTTP-only, SameSite=Strict cookie. Every response carries a
//! strict Content-Security-Policy; sign-in attempts are limited per client address.

mod pages;

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::bot::Bot;
use crate::chat::WebGrant;
use crate::clock::{Clock, local_date};
use crate::delivery::FileSource;
use crate::i18n::{Lang, Messages};
use crate::plan::TaskRef;
use crate::store::StoreError;

const COOKIE: &str = "phoihop_session";
/// Sign-in attempts one address may make in [`ATTEMPT_WINDOW`].
const MAX_ATTEMPTS: usize = 20;
const ATTEMPT_WINDOW: Duration = Duration::from_secs(600);
/// Link previews identify themselves; their fetch must not use a one-time link up.
const PREVIEW_AGENTS: &[&str] = &[
    "telegrambot",
    "zalo",
    "facebookexternalhit",
    "whatsapp",
    "slackbot",
    "discordbot",
    "twitterbot",
    "linkedinbot",
    "skypeuripreview",
    "googlebot",
    "bingbot",
    "bingpreview",
    "microsoftpreview",
    "embedly",
    "vkshare",
    "viber",
    "redditbot",
    "applebot",
    "yandex",
    "pinterest",
    "kakaotalk",
];
/// Addresses the sign-in limit remembers at once; past it, new addresses wait (a flood of addresses must
/// neither grow memory nor get around the limit).
const MAX_ADDRESSES: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// Where people reach the page: the base of sign-in links.
    pub public_url: url::Url,
    /// Requests come through a reverse proxy that appends the client's address to X-Forwarded-For: the
    /// sign-in limit counts that address, not the proxy's.
    pub behind_proxy: bool,
}

impl Config {
    /// `public_url` (PHOIHOP_PUBLIC_URL), by default `http://` and the listening address.
    pub fn new(listen: SocketAddr, public_url: Option<url::Url>) -> Result<Self, url::ParseError> {
        let public_url = match public_url {
            Some(url) => url,
            None => url::Url::parse(&format!("http://{listen}"))?,
        };
        Ok(Self { listen, public_url, behind_proxy: false })
    }
}

struct Web {
    core: Arc<Bot>,
    clock: Clock,
    /// Where reports' files are fetched from, by platform.
    files: Vec<Arc<dyn FileSource>>,
    config: Config,
    attempts: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

type Shared = Arc<Web>;

/// The site, with the health endpoints beside it; `files` fetch the files reports came with.
pub fn router(core: Arc<Bot>, clock: Clock, config: &Config, files: Vec<Arc<dyn FileSource>>) -> Router {
    let store = core.store().clone();
    let web = Arc::new(Web { core, clock, files, config: config.clone(), attempts: Mutex::default() });
    Router::new()
        .route("/", get(|| async { Redirect::to("/web/") }))
        .route("/web", get(|| async { Redirect::to("/web/") }))
        .route("/web/", get(overview))
        .route("/web/vao/{token}", get(sign_in))
        .route("/web/gioi-thieu", get(about))
        .route("/web/bang", get(grid))
        .route("/web/chua-bao-cao", get(silent))
        .route("/web/nhiem-vu/{plan}/{reference}", get(task))
        .route("/web/co-quan/{plan}/{code}", get(agency))
        .route("/web/tai/{plan}/tien-do.xlsx", get(workbook))
        .route("/web/tai/{plan}/bao-cao.docx", get(report))
        .route("/web/bieu-do/{plan}", get(chart))
        .route("/web/tep/{plan}/{report}", get(evidence))
        .route("/web/style.css", get(style))
        .with_state(web)
        .merge(crate::health::router(store))
        .layer(middleware::from_fn(security_headers))
}

/// The grid page of a plan as a session of `grant` sees it, rendered without a server: what the
/// benchmark times against the query that feeds it.
pub async fn grid_html(
    core: Arc<Bot>,
    clock: Clock,
    grant: WebGrant,
    plan: &str,
) -> Result<Option<String>, StoreError> {
    let config = Config::new(SocketAddr::from(([127, 0, 0, 1], 0)), None).expect("a loopback address is a URL");
    let web = Web { core: core.clone(), clock, files: Vec::new(), config, attempts: Mutex::default() };
    let plans = core.visible_plans(&grant, local_date(clock.now()));
    let session = Session { grant, core: core.with_store(core.store().clone()), plans };
    let Ok(bot) = session.plan(Some(plan)) else { return Ok(None) };
    let filter = crate::bot::desk::GridFilter::default();
    let view = bot.grid(&filter, clock.now()).await?;
    Ok(Some(pages::grid(&web, &session, &bot, &view, &filter).0))
}

/// Serves the site on `config.listen` until SIGINT or SIGTERM.
pub async fn serve(
    config: &Config,
    core: Arc<Bot>,
    clock: Clock,
    files: Vec<Arc<dyn FileSource>>,
) -> std::io::Result<()> {
    let app = router(core, clock, config, files).into_make_service_with_connect_info::<SocketAddr>();
    let tcp = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(listen = %config.listen, url = %config.public_url, "serving the web page");
    axum::serve(tcp, app).with_graceful_shutdown(crate::delivery::stop_signal()).await
}

/// Every response: no scripts, no framing, no referrer (a sign-in path must not travel), nothing cached.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; \
             base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// What went wrong, as a page: the database away (try again) or a fault (logged).
enum Failure {
    /// The database cannot be reached now: trying again later can help.
    Unavailable(StoreError),
    /// A bug or bad data, a file that could not be written, no randomness: logged.
    Fault(String),
    NotFound,
    Forbidden,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        if e.is_transient() { Failure::Unavailable(e) } else { Failure::Fault(e.to_string()) }
    }
}

impl Web {
    fn messages(&self) -> (&Arc<Messages>, Lang) {
        self.core.messages()
    }

    fn t(&self, key: &str, args: &[(&str, fluent_bundle::FluentValue)]) -> String {
        let (messages, lang) = self.messages();
        messages.tr(lang, key, args)
    }

    fn failure(&self, failure: Failure) -> Response {
        let (status, key) = match failure {
            Failure::Unavailable(e) => {
                tracing::warn!(error = %e, "the web page cannot reach the database");
                (StatusCode::SERVICE_UNAVAILABLE, "web-unavailable")
            }
            Failure::Fault(e) => {
                tracing::error!(error = %e, "the web page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "web-failed")
            }
            Failure::NotFound => (StatusCode::NOT_FOUND, "web-not-found"),
            Failure::Forbidden => (StatusCode::FORBIDDEN, "web-forbidden"),
        };
        (status, pages::message_page(self, &self.t(key, &[]))).into_response()
    }

    /// The session's grant, from its cookie.
    async fn grant(&self, headers: &HeaderMap) -> Result<Option<WebGrant>, StoreError> {
        let Some(id) = cookie(headers) else { return Ok(None) };
        crate::signin::session(self.core.store().as_ref(), &id, self.clock.now()).await
    }

    /// Whether this address may try another sign-in now (and counts the try).
    fn may_try(&self, address: IpAddr) -> bool {
        // An IPv6 client holds a whole /64: counted as one.
        let address = match address {
            IpAddr::V6(v6) => {
                let mut octets = v6.octets();
                octets[8..].fill(0);
                IpAddr::V6(std::net::Ipv6Addr::from(octets))
            }
            v4 => v4,
        };
        let now = Instant::now();
        let mut attempts = self.attempts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget what is past, so the map does not grow with every address ever seen.
        attempts.retain(|_, tries| {
            while tries.front().is_some_and(|t| now.duration_since(*t) > ATTEMPT_WINDOW) {
                tries.pop_front();
            }
            !tries.is_empty()
        });
        if attempts.len() >= MAX_ADDRESSES && !attempts.contains_key(&address) {
            return false;
        }
        let tries = attempts.entry(address).or_default();
        if tries.len() >= MAX_ATTEMPTS {
            return false;
        }
        tries.push_back(now);
        true
    }
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// A signed-in request: what it may see, through the plans as they are now.
struct Session {
    grant: WebGrant,
    core: Bot,
    plans: Vec<usize>,
}

impl Session {
    /// The plan a page shows: the one asked for among those the session may see, or the first.
    fn plan(&self, asked: Option<&str>) -> Result<Bot, Failure> {
        let found = match asked.filter(|id| !id.is_empty()) {
            Some(id) => self.plans.iter().copied().find(|&i| self.core.plans().get(i).id() == id),
            None => self.plans.first().copied(),
        };
        found.map(|i| self.core.in_plan(i)).ok_or(Failure::NotFound)
    }
}

/// Pages take a `Session`: without one the request gets the redirect, never the page.
impl axum::extract::FromRequestParts<Shared> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, web: &Shared) -> Result<Self, Response> {
        signed_in(web, &parts.headers).await
    }
}

/// The request's session, or the response that says it has none.
async fn signed_in(web: &Web, headers: &HeaderMap) -> Result<Session, Response> {
    match web.grant(headers).await {
        Ok(Some(grant)) => {
            let today = local_date(web.clock.now());
            let core = web.core.refreshed().await;
            let plans = core.visible_plans(&grant, today);
            Ok(Session { grant, core, plans })
        }
        Ok(None) => Err(Redirect::to("/web/gioi-thieu").into_response()),
        Err(e) => Err(web.failure(e.into())),
    }
}

#[derive(Deserialize, Default)]
struct PlanQuery {
    plan: Option<String>,
}

async fn sign_in(
    State(web): State<Shared>,
    Path(token): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: axum::http::Method,
    headers: HeaderMap,
) -> Response {
    let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default().to_lowercase();
    // A link checker's HEAD, like a preview's GET, must not use the link up.
    if method == axum::http::Method::HEAD || PREVIEW_AGENTS.iter().any(|bot| agent.contains(bot)) {
        return pages::message_page(&web, &web.t("web-link-preview", &[])).into_response();
    }
    // Behind a proxy only the address it appended last is the client's; the others are the client's say.
    let forwarded = || {
        headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()
    };
    let client = if web.config.behind_proxy { forwarded().unwrap_or(peer.ip()) } else { peer.ip() };
    if !web.may_try(client) {
        return (StatusCode::TOO_MANY_REQUESTS, pages::message_page(&web, &web.t("web-too-many", &[]))).into_response();
    }
    match crate::signin::open_session(web.core.store().as_ref(), &token, web.clock.now()).await {
        Ok(Some((session, _))) => {
            let secure = if web.config.public_url.scheme() == "https" { "; Secure" } else { "" };
            let max_age = crate::signin::SESSION_LIFETIME.num_seconds();
            let cookie = format!("{COOKIE}={session}; Path=/web; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
            // A page, not a redirect: a SameSite=Strict cookie is not sent on a redirect that began in
            // another site (the chat app), but is on the page's own link.
            let mut response = pages::signed_in_page(&web).into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Ok(None) => (StatusCode::FORBIDDEN, pages::message_page(&web, &web.t("web-link-used", &[]))).into_response(),
        Err(crate::signin::SigninError::Store(e)) => web.failure(e.into()),
        Err(e) => web.failure(Failure::Fault(e.to_string())),
    }
}

async fn about(State(web): State<Shared>) -> Response {
    pages::message_page(&web, &web.t("web-about", &[])).into_response()
}

async fn overview(State(web): State<Shared>, session: Session, Query(q): Query<PlanQuery>) -> Response {
    let result = async {
        let bot = session.plan(q.plan.as_deref())?;
        let view = bot.overview(web.clock.now()).await?;
        Ok::<_, Failure>(pages::overview(&web, &session, &bot, &view))
    };
    result.await.map_or_else(|f| web.failure(f), IntoResponse::into_response)
}

#[derive(Deserialize, Default)]
struct GridQuery {
    plan: Option<String>,
    section: Option<String>,
    agency: Option<String>,
    state: Option<String>,
    q: Option<String>,
}

async fn grid(State(web): State<Shared>, session: Session, Query(q): Query<GridQuery>) -> Response {
    let result = async {
        let bot = session.plan(q.plan.as_deref())?;
        let filter = crate::bot::desk::GridFilter {
            section: q.section.as_deref().and_then(|s| s.parse().ok()),
            agency: q.agency.clone().filter(|a| !a.is_empty()),
            category: q
                .state
                .as_deref()
                .and_then(|s| crate::progress::state::Category::ALL.into_iter().find(|c| pages::category_key(*c) == s)),
            text: q.q.clone().filter(|t| !t.trim().is_empty()),
        };
        let view = bot.grid(&filter, web.clock.now()).await?;
        Ok::<_, Failure>(pages::grid(&web, &session, &bot, &view, &filter))
    };
    result.await.map_or_else(|f| web.failure(f), IntoResponse::into_response)
}

async fn silent(State(web): State<Shared>, session: Session, Query(q): Query<PlanQuery>) -> Response {
    let result = async {
        let bot = session.plan(q.plan.as_deref())?;
        let view = bot.silent(web.clock.now()).await?;
        Ok::<_, Failure>(pages::silent(&web, &session, &bot, &view))
    };
    result.await.map_or_else(|f| web.failure(f), IntoResponse::into_response)
}

async fn task(
    State(web): State<Shared>,
    session: Session,
    Path((plan, reference)): Path<(String, String)>,
) -> Response {
    let result = async {
        let bot = session.plan(Some(&plan))?;
        let reference: TaskRef = reference.parse().map_err(|_| Failure::NotFound)?;
        let view = bot.task_view(reference, web.clock.now()).await?.ok_or(Failure::NotFound)?;
        Ok::<_, Failure>(pages::task(&web, &session, &bot, &view))
    };
    result.await.map_or_else(|f| web.failure(f), IntoResponse::into_response)
}

async fn agency(State(web): State<Shared>, session: Session, Path((plan, code)): Path<(String, String)>) -> Response {
    let result = async {
        // An agency's session sees its own page; the coordinator's, every agency of its plans.
        if !session.grant.coordinator && session.grant.agency != code {
            return Err(Failure::Forbidden);
        }
        let bot = session.plan(Some(&plan))?;
        let view = bot.agency_view(&code, web.clock.now()).await?.ok_or(Failure::NotFound)?;
        Ok::<_, Failure>(pages::agency(&web, &session, &bot, &view))
    };
    result.await.map_or_else(|f| web.failure(f), IntoResponse::into_response)
}

fn file_response(file: crate::bot::reply::Attachment) -> Response {
    // A name from a platform is not trusted in a header: letters, digits, dots, dashes and underscores.
    let name: String = file
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut response = file.bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(mime) = HeaderValue::from_str(&file.mime) {
        headers.insert(header::CONTENT_TYPE, mime);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn workbook(State(web): State<Shared>, session: Session, Path(plan): Path<String>) -> Response {
    let result = async {
        // The workbook holds every agency's notes and who sent them: the coordinator's, as in the chat.
        if !session.grant.coordinator {
            return Err(Failure::Forbidden);
        }
        let bot = session.plan(Some(&plan))?;
        match bot.export(web.clock.now()).await? {
            Ok(file) => Ok(file_response(file)),
            Err(e) => Err(Failure::Fault(e.to_string())),
        }
    };
    result.await.unwrap_or_else(|f| web.failure(f))
}

#[derive(Deserialize, Default)]
struct TermQuery {
    ky: Option<String>,
}

async fn report(
    State(web): State<Shared>,
    session: Session,
    Path(plan): Path<String>,
    Query(q): Query<TermQuery>,
) -> Response {
    let result = async {
        let bot = session.plan(Some(&plan))?;
        let now = web.clock.now();
        let today = local_date(now);
        let term = match q.ky.as_deref() {
            Some(text) => crate::progress::term::Term::parse(text, today).map_err(|_| Failure::NotFound)?,
            None => crate::progress::term::Term::current(today),
        };
        // The coordinator's report of the plan, or an agency's own, as `/baocao` in their chats.
        let agency = (!session.grant.coordinator).then_some(session.grant.agency.as_str());
        let reply = bot.term_report_reply(term, agency, now).await?;
        match reply.file {
            Some(file) => Ok(file_response(file)),
            None => Ok((StatusCode::NOT_FOUND, pages::message_page(&web, &reply.text)).into_response()),
        }
    };
    result.await.unwrap_or_else(|f| web.failure(f))
}

async fn chart(State(web): State<Shared>, session: Session, Path(plan): Path<String>) -> Response {
    let plan = plan.trim_end_matches(".png").to_string();
    let result = async {
        let bot = session.plan(Some(&plan))?;
        let now = web.clock.now();
        let week = crate::progress::week::Week::of(local_date(now));
        let data = bot.digest_data(week, now).await?.map_err(|_| Failure::NotFound)?;
        let chart = bot.chart(&data).await?.ok_or(Failure::NotFound)?;
        Ok(([(header::CONTENT_TYPE, "image/png")], chart.bytes).into_response())
    };
    result.await.unwrap_or_else(|f| web.failure(f))
}

/// The file a report came with, fetched from the platform it was sent on: any of the plan's for its
/// coordinator, an agency's own for an agency.
async fn evidence(State(web): State<Shared>, session: Session, Path((plan, report)): Path<(String, i64)>) -> Response {
    let result = async {
        let bot = session.plan(Some(&plan))?;
        let report = web.core.store().report(bot.timeline().id(), report).await?.ok_or(Failure::NotFound)?;
        if !session.grant.coordinator && report.agency != session.grant.agency {
            return Err(Failure::Forbidden);
        }
        let file_id = report.evidence.as_deref().ok_or(Failure::NotFound)?;
        let Some(source) = web.files.iter().find(|f| f.platform() == report.chat.platform) else {
            return Ok(
                (StatusCode::NOT_FOUND, pages::message_page(&web, &web.t("web-file-elsewhere", &[]))).into_response()
            );
        };
        match source.fetch(file_id).await {
            Ok((file_name, bytes)) => Ok(file_response(crate::bot::reply::Attachment {
                file_name,
                mime: "application/octet-stream".to_string(),
                bytes,
            })),
            Err(e) => {
                tracing::warn!(error = %e, report = report.id, "cannot fetch a report's file");
                Ok((StatusCode::BAD_GATEWAY, pages::message_page(&web, &web.t("web-file-unavailable", &[])))
                    .into_response())
            }
        }
    };
    result.await.unwrap_or_else(|f| web.failure(f))
}

async fn style() -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    response
}
