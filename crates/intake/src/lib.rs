//! Guichet intake server: receives tickets, attachments and article feedback over HTTP and
//! stores them through a [`store::TicketStore`] (SQLite by default), validating with the same
//! `guichet-core` rules as the pane. The full API is in `openapi.json` (served at
//! `GET /api/openapi.json`).
//!
//! Error bodies are JSON: `{"error": code, "message": text}`, or for invalid tickets
//! `422 {"errors":[{"field","code","message"}]}`. No input makes the server answer 5xx except
//! a storage failure (503, retry with the same `Idempotency-Key`).

pub mod delivery;
pub mod error;
pub mod extract;
pub mod link;
pub mod metrics;
pub mod profiles;
pub mod routes;
pub mod server;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use guichet_core::ticket::MAX_ATTACHMENT_BYTES;
use routes::{attachments, events, feedback, health, inbound, insights, tickets};
use std::path::PathBuf;
use std::sync::Arc;
use store::TicketStore;

pub use error::ApiError;
pub use routes::attachments::detect_type;

/// Largest accepted JSON body, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Server settings (environment variables in `main.rs`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Secret shared with the host's backend for identity signatures (`GUICHET_IDENTITY_SECRET`);
    /// without it, signed identities are refused (401).
    pub identity_secret: Option<Vec<u8>>,
    /// Longest accepted identity lifetime, seconds (`GUICHET_IDENTITY_MAX_HOURS`, default 24 h,
    /// [`guichet_core::identity::MAX_LIFETIME_SECS`]).
    pub identity_max_lifetime: i64,
    /// Origins allowed to call the API from a browser (`GUICHET_ALLOWED_ORIGINS`, comma
    /// separated). Same-origin calls need no entry.
    pub allowed_origins: Vec<String>,
    /// Requests per second per client IP, and burst; `None` disables rate limiting
    /// (`GUICHET_RATE_LIMIT=per_second,burst`, default 10,40).
    pub rate_limit: Option<(u64, u32)>,
    /// Secret of the signed request links (`GUICHET_LINK_SECRET`); without it the link API
    /// answers 404 and confirmation emails cannot carry a `{token}` link.
    pub link_secret: Option<Vec<u8>>,
    /// Limits on uploads not linked to a ticket (`GUICHET_UPLOAD_QUOTA_MB` per client address
    /// and day, `GUICHET_UPLOAD_TOTAL_MB` for all).
    pub upload_quota: store::UploadQuota,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers are believed
    /// (`GUICHET_TRUSTED_PROXIES`, IPs or CIDR blocks); none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Bearer token of support agents for `POST /api/agent/tickets/{id}/close`
    /// (`GUICHET_AGENT_TOKEN`); without it the agent API is off.
    pub agent_token: Option<String>,
    /// Whether `POST /api/events` stores the pane's anonymous analytics
    /// (`GUICHET_ANALYTICS=off` turns it off: 404); default on.
    pub analytics: bool,
    /// Event batches per second per client IP, and burst (`GUICHET_EVENTS_RATE`, default 1,20);
    /// `None` disables this limit.
    pub events_rate: Option<(u64, u32)>,
    /// Distinct pane sessions a query needs before the owner's figures show its text
    /// (`GUICHET_INSIGHTS_K`, default 5, at least 1).
    pub insights_k: u32,
    /// What happens to closed tickets after some days (`GUICHET_RETENTION_DAYS`,
    /// `GUICHET_RETENTION_MODE` `anonymise` or `delete`); `None`: kept.
    pub retention: Option<store::privacy::Retention>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            identity_secret: None,
            identity_max_lifetime: guichet_core::identity::MAX_LIFETIME_SECS,
            allowed_origins: Vec::new(),
            rate_limit: None,
            link_secret: None,
            agent_token: None,
            upload_quota: store::UploadQuota::default(),
            trusted_proxies: Vec::new(),
            analytics: true,
            events_rate: Some((1, 20)),
            insights_k: store::analytics::DEFAULT_K,
            retention: None,
        }
    }
}

/// Settings a config file may hold: the `GUICHET_*` variables without their prefix, in lower
/// case. Secrets are not among them: they come from the environment only.
pub const FILE_SETTINGS: [&str; 18] = [
    "addr",
    "analytics",
    "events_rate",
    "insights_k",
    "db",
    "db_pool",
    "static",
    "destinations",
    "allowed_origins",
    "rate_limit",
    "identity_max_hours",
    "trusted_proxies",
    "upload_quota_mb",
    "upload_total_mb",
    "log",
    "log_format",
    "retention_days",
    "retention_mode",
];

/// Reads a config file (TOML, `--config FILE`): each setting of [`FILE_SETTINGS`] as the text
/// its environment variable would hold (arrays are joined with commas, numbers written out),
/// keyed by the variable's name (`GUICHET_RATE_LIMIT`). Environment variables override it.
/// Errors: TOML syntax (with line and column), an unknown key, a secret written in the file,
/// a value of another type, each named.
pub fn settings_file(name: &str, src: &str) -> Result<std::collections::BTreeMap<String, String>, String> {
    let table: toml::Table = src.parse().map_err(|e: toml::de::Error| format!("{name}: {e}"))?;
    let mut out = std::collections::BTreeMap::new();
    for (k, v) in table {
        if ["identity_secret", "agent_token", "link_secret"].contains(&k.as_str()) {
            return Err(format!(
                "{name}: {k}: secrets come from the environment (GUICHET_{}), not from a file",
                k.to_uppercase()
            ));
        }
        if !FILE_SETTINGS.contains(&k.as_str()) {
            return Err(format!("{name}: unknown setting `{k}` (known: {})", FILE_SETTINGS.join(", ")));
        }
        let text = match v {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string).ok_or_else(|| format!("{name}: {k}: a list of strings")))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            other => {
                return Err(format!("{name}: {k}: a string, a number or a list of strings, not {}", other.type_str()))
            }
        };
        out.insert(format!("GUICHET_{}", k.to_uppercase()), text);
    }
    Ok(out)
}

/// Reads `GUICHET_TRUSTED_PROXIES`: comma-separated IP addresses or CIDR blocks. Errors:
/// the entry that is neither, named.
pub fn parse_proxies(v: &str) -> Result<Vec<ipnet::IpNet>, String> {
    v.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            e.parse::<ipnet::IpNet>()
                .or_else(|_| e.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("GUICHET_TRUSTED_PROXIES: {e:?} is not an IP address or CIDR block"))
        })
        .collect()
}

/// Reads an allow-list of browser origins (`GUICHET_ALLOWED_ORIGINS`, comma-separated):
/// each `scheme://host[:port]`, http(s), no path. Errors: `*` (any site could file tickets in
/// its visitors' names) and any entry that is not an origin, named.
pub fn parse_origins(v: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for entry in v.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if entry == "*" {
            return Err(
                "GUICHET_ALLOWED_ORIGINS: `*` is not accepted; list the portal origins (https://portal.example)".into(),
            );
        }
        let url = url::Url::parse(entry).map_err(|e| format!("GUICHET_ALLOWED_ORIGINS: {entry:?}: {e}"))?;
        let origin = url.origin().ascii_serialization();
        if !matches!(url.scheme(), "http" | "https") || origin != entry.trim_end_matches('/') || url.path() != "/" {
            return Err(format!("GUICHET_ALLOWED_ORIGINS: {entry:?} is not an origin (scheme://host[:port], no path)"));
        }
        out.push(origin);
    }
    Ok(out)
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// Ticket, attachment and feedback storage.
    pub store: Arc<dyn TicketStore>,
    /// Settings.
    pub config: Arc<Config>,
    /// Where stored tickets are delivered (none by default).
    pub outbox: delivery::Outbox,
    /// Prometheus metrics.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    /// State over `store` with `config` and no delivery destination.
    pub fn new(store: Arc<dyn TicketStore>, config: Config) -> AppState {
        AppState { store, config: Arc::new(config), outbox: delivery::Outbox::default(), metrics: Arc::default() }
    }
}

/// Records each API request's latency by route template, method and status class, and
/// counts 429s.
async fn measure(
    State(m): State<Arc<metrics::Metrics>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let route = req.extensions().get::<axum::extract::MatchedPath>().map_or("other", |p| p.as_str()).to_string();
    let method = req.method().to_string();
    let start = std::time::Instant::now();
    let resp = next.run(req).await;
    let status = resp.status();
    if status == StatusCode::TOO_MANY_REQUESTS {
        m.limited.inc();
    }
    let class = format!("{}xx", status.as_u16() / 100);
    m.requests.get_or_create(&metrics::Route { route, method, status: class }).observe(start.elapsed().as_secs_f64());
    resp
}

/// Refuses cross-site writes before any handler runs. A browser `POST` from another origin
/// (its `Origin` header names neither this server's host nor an allowed origin) gets `403
/// origin_not_allowed`; a JSON endpoint's body that is not `application/json` gets `415
/// json_required` (a `text/plain` form post needs no CORS preflight, so without this check
/// any site could file tickets in its visitors' browsers). Helpdesk webhooks (`/api/inbound/`,
/// server to server and signed) and requests without `Origin` (not from a browser page) pass.
async fn same_site_writes(
    State(cfg): State<Arc<Config>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header;
    let path = req.uri().path();
    if req.method() != Method::POST || path.starts_with("/api/inbound/") {
        return next.run(req).await;
    }
    let h = req.headers();
    if let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = h.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let same = origin.split_once("://").is_some_and(|(_, rest)| rest == host);
        if !same && !cfg.allowed_origins.iter().any(|o| o == origin) {
            return ApiError::refused(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                "This site may not send requests here",
            )
            .into_response();
        }
    }
    let has_body = h.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).is_some_and(|n| n != "0")
        || h.contains_key(header::TRANSFER_ENCODING);
    let json = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")));
    // Attachments are multipart; event batches come from `navigator.sendBeacon`, whose string
    // bodies are `text/plain` (a type that needs no CORS preflight).
    if has_body && !json && !path.starts_with("/api/attachments") && path != "/api/events" {
        return ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "json_required",
            "Send JSON (Content-Type: application/json)",
        )
        .into_response();
    }
    next.run(req).await
}

/// A per-client-address rate limit of `per_second` requests and `burst` (clients named as
/// [`extract::ClientKey`] reads them, behind the trusted proxies).
fn per_address_limit(
    cfg: &Config,
    (per_second, burst): (u64, u32),
) -> tower_governor::GovernorLayer<extract::ClientKey, governor::middleware::NoOpMiddleware, axum::body::Body> {
    let gov = tower_governor::governor::GovernorConfigBuilder::default()
        .key_extractor(extract::ClientKey { trusted: Arc::new(cfg.trusted_proxies.clone()) })
        .per_millisecond((1000 / per_second.max(1)).max(1))
        .burst_size(burst.max(1))
        .finish()
        .expect("valid rate limit");
    tower_governor::GovernorLayer::new(Arc::new(gov))
}

/// `POST /api/events`, behind its own per-address rate limit ([`Config::events_rate`]).
fn events_route(cfg: &Config) -> axum::routing::MethodRouter<AppState> {
    let route = post(events::create);
    match cfg.events_rate {
        Some(rate) => route.layer(per_address_limit(cfg, rate)),
        None => route,
    }
}

/// Builds the router; `static_dir` serves the pane's files when set (`/` → `index.html`,
/// missing files → 404).
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` when rate limiting is
/// on (the limit is per client IP).
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let cfg = state.config.clone();
    let measured = state.metrics.clone();
    // Scrapes are not visitors: outside the rate limit (the agent token guards them).
    let scrape = Router::new().route("/metrics", get(health::metrics)).with_state(state.clone());
    let mut api = Router::new()
        .route("/api/health", get(health::health))
        .route("/api/ready", get(health::ready))
        .route("/api/openapi.json", get(health::openapi))
        .route("/api/tickets", post(tickets::create))
        .route("/api/feedback", post(feedback::create))
        .route("/api/my/tickets", post(tickets::mine))
        .route("/api/my/export", post(tickets::export))
        .route("/api/tickets/{id}/reopen", post(tickets::reopen))
        .route("/api/requests/{token}", get(tickets::by_link))
        .route("/api/requests/{token}/reopen", post(tickets::reopen_by_link))
        .route("/api/agent/tickets/{id}/close", post(tickets::close))
        .route("/api/agent/insights", get(insights::json))
        .route("/api/agent/insights/{table}", get(insights::csv))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .route("/api/events", events_route(&cfg).layer(DefaultBodyLimit::max(MAX_BODY)))
        .route("/api/attachments", post(attachments::create).layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES + 1)))
        .route("/api/inbound/{destination}", post(inbound::receive).layer(DefaultBodyLimit::max(inbound::MAX_INBOUND)))
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(cfg.clone(), same_site_writes));
    if let Some(rate) = cfg.rate_limit {
        api = api.layer(per_address_limit(&cfg, rate));
    }
    // Outside the rate limit, so that its 429s are counted too.
    api = api.layer(axum::middleware::from_fn_with_state(measured, measure)).merge(scrape);
    if !cfg.allowed_origins.is_empty() {
        let origins: Vec<HeaderValue> = cfg.allowed_origins.iter().filter_map(|o| o.parse().ok()).collect();
        api = api.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([axum::http::header::CONTENT_TYPE, "idempotency-key".parse().unwrap()])
                .expose_headers(["idempotent-replayed".parse().unwrap()]),
        );
    }
    // API answers carry tickets and personal data: never cached, never framed, never run.
    use tower_http::set_header::SetResponseHeaderLayer;
    let api = api
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ));
    let api = api.merge(insights::page_router());
    let router = match static_dir {
        // No SPA fallback: a file the bundle lacks (a help center in a locale without
        // articles) must answer 404, so the pane reads the other locale's articles.
        Some(dir) => {
            let files = Router::new()
                // `FILE.br` / `FILE.gz` when present and accepted (Vary: Accept-Encoding).
                .fallback_service(tower_http::services::ServeDir::new(&dir).precompressed_br().precompressed_gzip())
                .layer(axum::middleware::from_fn_with_state(Arc::new(dir), static_guard))
                // The answer depends on Accept-Encoding (precompressed variants): caches keep one per.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::VARY,
                    HeaderValue::from_static("accept-encoding"),
                ))
                // Files under stable names (the loader, the bundle, pages) are revalidated (ETag /
                // Last-Modified) each time; content-hashed ones are immutable (`static_guard`).
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ));
            api.fallback_service(files)
        }
        None => api,
    };
    // Each request gets an id (the client's `X-Request-Id`, else a new UUID), echoed in the
    // answer and carried by every log line of the request.
    use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
    let request_id = header::HeaderName::from_static("x-request-id");
    router
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("request", method = %req.method(), path = %log_path(req.uri().path()), request_id = %id)
                })
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO))
                .on_request(()),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// A request path as logged: a signed request link's token (a credential) is replaced by
/// `{token}`.
pub fn log_path(path: &str) -> String {
    match path.strip_prefix("/api/requests/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, tail)) => format!("/api/requests/{{token}}/{tail}"),
            None => "/api/requests/{token}".into(),
        },
        None => path.to_string(),
    }
}

/// Serves only plain files of the static folder: a path with a dot segment (`.git`, `.env`)
/// or one that leaves the folder through a symbolic link answers 404. A precompressed variant
/// (`FILE.br`, `FILE.gz`, written by `guichet-content precompress`) older than its file is
/// stale: the file is then sent uncompressed rather than an old version of it. Caching: see
/// [`content_hashed`] and [`reusable_while_revalidated`].
async fn static_guard(
    State(root): State<Arc<PathBuf>>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path().to_string();
    let decoded = percent_decode(&path);
    let hidden = decoded.split('/').any(|seg| seg.starts_with('.'));
    let escapes = {
        let root = root.clone();
        let rel = decoded.trim_start_matches('/').to_string();
        tokio::task::spawn_blocking(move || {
            let Ok(base) = root.canonicalize() else { return (true, false, false) };
            let mut p = root.join(&rel);
            if p.is_dir() {
                p = p.join("index.html");
            }
            let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
            let stale = modified(&p).is_some_and(|file| {
                ["br", "gz"].iter().any(|ext| {
                    let mut v = p.clone().into_os_string();
                    v.push(format!(".{ext}"));
                    modified(std::path::Path::new(&v)).is_some_and(|variant| variant < file)
                })
            });
            // A missing file is ServeDir's 404 to give; an existing one must be itself, inside.
            let escapes = match p.canonicalize() {
                Ok(real) => !real.starts_with(&base) || real != base.join(p.strip_prefix(&*root).unwrap_or(&p)),
                Err(_) => false,
            };
            (escapes, stale, reusable_while_revalidated(&p))
        })
        .await
        .unwrap_or((true, false, false))
    };
    let (escapes, stale, reusable) = escapes;
    if hidden || escapes {
        return StatusCode::NOT_FOUND.into_response();
    }
    if stale {
        req.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    let mut res = next.run(req).await;
    if content_hashed(&decoded) && (res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    } else if reusable && (res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=0, stale-while-revalidate=604800"));
    }
    res
}

/// Whether a browser may use its cached copy of the bundle file `file` at once and check for a
/// newer one in the background (`stale-while-revalidate`, a week): a whole help center
/// (`help-center.<tag>.json` without a `help-center.<tag>/` folder of parts beside it),
/// `directory.json` and `glossary.json`. Each is consistent on its own, so a reopen does not
/// wait for a round trip, and a content update reaches the visitor at the next load after.
/// Not a chunked help center's manifest (an old one must not meet newer parts) nor
/// `profile.json` (a form must be the one the intake validates against): those are
/// revalidated before use (`no-cache`).
pub fn reusable_while_revalidated(file: &std::path::Path) -> bool {
    let Some(name) = file.file_name().and_then(|n| n.to_str()) else { return false };
    match name.strip_prefix("help-center.").and_then(|n| n.strip_suffix(".json")) {
        Some(tag) => {
            !tag.is_empty() && !tag.contains('.') && !file.with_file_name(format!("help-center.{tag}")).is_dir()
        }
        None => name == "directory.json" || name == "glossary.json",
    }
}

/// Whether the last segment of `path` is a content-hashed build file, as trunk names them
/// (`guichet-pane-<hash>.js`, `guichet-pane-<hash>_bg.wasm`, `guichet-<hash>.css`, and the parts
/// loaded on demand, `guichet-part-<name>-<hash>.wasm` and `guichet-parts-<hash>.js`; hash of 8 to
/// 16 hex digits): its content never changes under that name, so browsers may keep it for a
/// year without asking again. Every other file is revalidated (`no-cache`).
pub fn content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some(stem) = [".js", ".css", "_bg.wasm", ".wasm"].iter().find_map(|ext| name.strip_suffix(ext)) else {
        return false;
    };
    let Some((base, hash)) = stem.rsplit_once('-') else { return false };
    !base.is_empty()
        && (8..=16).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `%XX` escapes of a URL path decoded (invalid ones kept as they are).
fn percent_decode(path: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| path.to_string())
}
