//! Guichet intake server: receives tickets, attachments and article feedback over HTTP and
//! stores them through a [`store::TicketStore`] (SQLite by default), validating with the same
//! `guichet-core` rules as the pane. The full API is in `openapi.json` (served at
//! `GET /api/openapi.json`).
//!
//! Error bodies are JSON: `{"error": code, "message": text}`, or for invalid tickets
//! `422 {"errors":[{"field","code","message"}]}`. No input makes the server answer 5xx except
//! a storage failure (503, retry with the same `Idempotency-Key`).

pub mod forward;
pub mod store;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use guichet_core::identity::{IdentityError, SignedIdentity};
use guichet_core::ticket::{initial_response, ErrorCode, TicketRequest, ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES};
use guichet_core::Locale;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use store::{InsertOutcome, TicketStore, Verified};

/// Largest accepted JSON body, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Server settings (environment variables in `main.rs`).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Secret shared with the host's backend for identity signatures (`GUICHET_IDENTITY_SECRET`);
    /// without it, signed identities are refused (401).
    pub identity_secret: Option<Vec<u8>>,
    /// Origins allowed to call the API from a browser (`GUICHET_ALLOWED_ORIGINS`, comma
    /// separated). Same-origin calls need no entry.
    pub allowed_origins: Vec<String>,
    /// Requests per second per client IP, and burst; `None` disables rate limiting
    /// (`GUICHET_RATE_LIMIT=per_second,burst`, default 10,40).
    pub rate_limit: Option<(u64, u32)>,
    /// Bearer token of support agents for `POST /api/agent/tickets/{id}/close`
    /// (`GUICHET_AGENT_TOKEN`); without it the agent API is off.
    pub agent_token: Option<String>,
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// Ticket, attachment and feedback storage.
    pub store: Arc<dyn TicketStore>,
    /// Settings.
    pub config: Arc<Config>,
}

/// Builds the router; `static_dir` serves the pane's files when set (`/` → `index.html`,
/// missing files → 404).
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` when rate limiting is
/// on (the limit is per client IP).
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let cfg = state.config.clone();
    let mut api = Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(|| async { ([("content-type", "application/json")], OPENAPI) }))
        .route("/api/tickets", post(create_ticket))
        .route("/api/feedback", post(feedback))
        .route("/api/my/tickets", post(my_tickets))
        .route("/api/tickets/{id}/reopen", post(reopen))
        .route("/api/agent/tickets/{id}/close", post(agent_close))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .route("/api/attachments", post(upload).layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES + 1)))
        .with_state(state);
    if let Some((per_second, burst)) = cfg.rate_limit {
        let gov = tower_governor::governor::GovernorConfigBuilder::default()
            .per_millisecond((1000 / per_second.max(1)).max(1))
            .burst_size(burst.max(1))
            .finish()
            .expect("valid rate limit");
        api = api.layer(tower_governor::GovernorLayer::new(Arc::new(gov)));
    }
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
    match static_dir {
        // No SPA fallback: a file the bundle lacks (a help center in a locale without
        // articles) must answer 404, so the pane reads the other locale's articles.
        Some(dir) => api.fallback_service(tower_http::services::ServeDir::new(dir)),
        None => api,
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(error(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            format!("Storage is unavailable; retry later: {e}"),
        )),
        Err(_) => {
            Err(error(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "Storage is unavailable; retry later"))
        }
    }
}

async fn health(State(st): State<AppState>) -> Response {
    let store = st.store.clone();
    match blocking(move || store.ping()).await {
        Ok(()) => Json(json!({"status": "ok"})).into_response(),
        Err(r) => r,
    }
}

/// A JSON error body: `{"error": code, "message": text}`.
fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": code, "message": message.into()}))).into_response()
}

/// One field error as sent to clients.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct FieldErrorBody {
    /// JSON path of the field.
    pub field: String,
    /// Machine-readable reason (`"required"`, `"invalid_email"`, `"invalid_value"`...).
    pub code: String,
    /// Sentence for the visitor in the request's locale (English when unknown).
    pub message: String,
}

fn field_errors(list: Vec<FieldErrorBody>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": list }))).into_response()
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Response> {
    let Some(v) = headers.get("idempotency-key") else { return Ok(None) };
    let s = v.to_str().map_err(|_| {
        error(StatusCode::BAD_REQUEST, "invalid_idempotency_key", "Idempotency-Key must be visible ASCII")
    })?;
    if s.is_empty() || s.len() > 255 || !s.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "invalid_idempotency_key",
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(Some(s.to_string()))
}

/// Parses JSON into `T`, turning schema mismatches into a 422 that names the field.
fn parse_json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<(T, Locale), Response> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| error(StatusCode::BAD_REQUEST, "malformed_json", format!("The body is not valid JSON: {e}")))?;
    let locale = value.get("locale").and_then(|l| l.as_str()).and_then(Locale::parse).unwrap_or(Locale::En);
    match serde_path_to_error::deserialize(&value) {
        Ok(v) => Ok((v, locale)),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            let code = if inner.starts_with("missing field") {
                "required"
            } else if inner.starts_with("unknown field") {
                "unknown_field"
            } else {
                "invalid_value"
            };
            // For a missing or unknown field serde names it in backticks.
            let named = inner.split('`').nth(1).map(str::to_string);
            let field = match (code, path.as_str()) {
                ("invalid_value", p) if p != "." => p.to_string(),
                (_, ".") => named.unwrap_or_else(|| "body".into()),
                (_, p) => match named {
                    Some(n) if !p.ends_with(&n) => format!("{p}.{n}"),
                    _ => p.to_string(),
                },
            };
            let message = if code == "required" {
                guichet_core::ticket::FieldError { field: String::new(), code: ErrorCode::Required }.message(locale)
            } else {
                inner
            };
            Err(field_errors(vec![FieldErrorBody { field, code: code.into(), message }]))
        }
    }
}

/// Verifies a signed identity with the configured secret.
fn verify_identity(cfg: &Config, id: &SignedIdentity) -> Result<Verified, Response> {
    let Some(secret) = &cfg.identity_secret else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "identity_not_configured",
            "This server does not accept signed identities",
        ));
    };
    match id.verify(secret, chrono::Utc::now().timestamp()) {
        Ok(()) => Ok(Verified { user_id: id.user_id.clone(), tenant: id.tenant.clone() }),
        Err(IdentityError::Expired) => {
            Err(error(StatusCode::UNAUTHORIZED, "identity_expired", "The signed identity has expired; reload the page"))
        }
        Err(IdentityError::Forged) => {
            Err(error(StatusCode::UNAUTHORIZED, "identity_forged", "The identity signature does not match"))
        }
        Err(IdentityError::Malformed) => {
            Err(error(StatusCode::UNAUTHORIZED, "identity_malformed", "The signed identity is malformed"))
        }
    }
}

async fn create_ticket(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let key = match idempotency_key(&headers) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let (req, _locale): (TicketRequest, Locale) = match parse_json(&body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let errors = req.validate(chrono::Utc::now());
    if !errors.is_empty() {
        return field_errors(
            errors
                .iter()
                .map(|e| FieldErrorBody {
                    field: e.field.clone(),
                    code: serde_json::to_value(e.code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    message: e.message(req.locale),
                })
                .collect(),
        );
    }
    let verified = match &req.identity {
        None => None,
        Some(id) => match verify_identity(&st.config, id) {
            Ok(v) => {
                // The contact email of a verified visitor is the signed one (locked in the pane).
                if !id.email.trim().eq_ignore_ascii_case(req.email.trim()) {
                    return error(
                        StatusCode::FORBIDDEN,
                        "identity_mismatch",
                        "The contact email differs from the verified identity",
                    );
                }
                Some(v)
            }
            Err(r) => return r,
        },
    };
    let store = st.store.clone();
    let outcome = match blocking(move || store.insert_ticket(&req, key.as_deref(), verified.as_ref())).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    match outcome {
        InsertOutcome::Created(t) => created(t, false),
        InsertOutcome::Replayed(t) => created(t, true),
        InsertOutcome::KeyConflict => error(
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            "This Idempotency-Key was already used with a different request",
        ),
        InsertOutcome::UnknownAttachment(a) => field_errors(vec![FieldErrorBody {
            field: "attachments".into(),
            code: "unknown_attachment".into(),
            message: format!("Attachment {a} is unknown or belongs to another ticket; upload it again"),
        }]),
    }
}

fn created(t: store::StoredTicket, replayed: bool) -> Response {
    let (time, availability) = initial_response(t.request.plan, t.request.severity);
    let body = json!({
        "id": t.id,
        "created_at": t.created_at,
        "severity": t.request.severity,
        "response_time": time,
        "availability": availability,
        "verified": t.request.identity.is_some(),
    });
    let mut resp = (StatusCode::CREATED, Json(body)).into_response();
    if replayed {
        resp.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// Query of `POST /api/attachments`.
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    /// File name for display, 1 to 200 characters.
    pub filename: String,
}

/// The MIME type of `bytes` from their content (magic bytes; `infer`), or `text/plain` for
/// UTF-8 text without NUL bytes; `None` when unknown.
pub fn detect_type(bytes: &[u8]) -> Option<String> {
    if let Some(t) = infer::get(bytes) {
        return Some(t.mime_type().to_string());
    }
    (std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0)).then(|| "text/plain".to_string())
}

async fn upload(State(st): State<AppState>, Query(q): Query<UploadQuery>, body: Bytes) -> Response {
    let name = q.filename.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(|c| c.is_control() || c == '/' || c == '\\') {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_filename",
            "The file name must be 1 to 200 characters, without slashes",
        );
    }
    if body.is_empty() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "empty_file", "The file is empty");
    }
    if body.len() > MAX_ATTACHMENT_BYTES {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!("Files are limited to {} MB", MAX_ATTACHMENT_BYTES / 1024 / 1024),
        );
    }
    let mime = detect_type(&body);
    let allowed: Vec<&str> = ATTACHMENT_TYPES.iter().map(|(m, _)| *m).collect();
    let Some(mime) = mime.filter(|m| allowed.contains(&m.as_str())) else {
        let labels: Vec<&str> = ATTACHMENT_TYPES.iter().map(|(_, l)| *l).collect();
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            format!("This file's content is not an accepted type ({}), whatever its name says", labels.join(", ")),
        );
    };
    let store = st.store.clone();
    match blocking(move || store.insert_attachment(&name, &mime, &body)).await {
        Ok(a) => (StatusCode::CREATED, Json(a)).into_response(),
        Err(r) => r,
    }
}

/// Body of `POST /api/feedback`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Article id (lowercase letters, digits, dashes; at most 100 characters).
    pub article_id: String,
    /// Locale the article was read in.
    pub locale: Locale,
    /// Whether the article answered the question.
    pub helpful: bool,
}

async fn feedback(State(st): State<AppState>, body: Bytes) -> Response {
    let fb: Feedback = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_feedback", e.to_string()),
    };
    if fb.article_id.is_empty()
        || fb.article_id.len() > 100
        || !fb.article_id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_feedback",
            "article_id must be lowercase letters, digits and dashes",
        );
    }
    let store = st.store.clone();
    match blocking(move || store.insert_feedback(&fb.article_id, fb.locale, fb.helpful)).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(r) => r,
    }
}

/// Body of the "my requests" calls: the signed identity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityBody {
    /// Identity signed by the host's backend.
    pub identity: SignedIdentity,
}

/// The verified visitor of an `{"identity": …}` body, or the error response.
fn caller(cfg: &Config, body: &[u8]) -> Result<Verified, Response> {
    let (b, _): (IdentityBody, _) = parse_json(body)?;
    verify_identity(cfg, &b.identity)
}

async fn my_tickets(State(st): State<AppState>, body: Bytes) -> Response {
    let who = match caller(&st.config, &body) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let store = st.store.clone();
    let now = chrono::Utc::now();
    match blocking(move || store.tickets_of(&who)).await {
        Ok(list) => {
            let list: Vec<serde_json::Value> = list.into_iter().map(|t| with_reopen(t, now)).collect();
            Json(json!({ "tickets": list })).into_response()
        }
        Err(r) => r,
    }
}

/// Whether a stored ticket can be reopened at `now` (closed, within the core rule's window).
fn reopenable(t: &store::TicketSummary, now: chrono::DateTime<chrono::Utc>) -> bool {
    t.status == "closed"
        && t.closed_at
            .as_deref()
            .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
            .is_some_and(|c| guichet_core::ticket::can_reopen(c.with_timezone(&chrono::Utc), now))
}

fn with_reopen(t: store::TicketSummary, now: chrono::DateTime<chrono::Utc>) -> serde_json::Value {
    let can = reopenable(&t, now);
    let mut v = serde_json::to_value(&t).expect("summary serialises");
    v["can_reopen"] = json!(can);
    v
}

async fn reopen(State(st): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let who = match caller(&st.config, &body) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let store = st.store.clone();
    let lookup = id.clone();
    let t = match blocking(move || store.ticket_of(&who, &lookup)).await {
        Ok(Some(t)) => t,
        Ok(None) => return error(StatusCode::NOT_FOUND, "not_found", "No such request among yours"),
        Err(r) => return r,
    };
    let now = chrono::Utc::now();
    if t.status != "closed" {
        return error(StatusCode::CONFLICT, "not_closed", "This request is still open");
    }
    if !reopenable(&t, now) {
        return error(
            StatusCode::CONFLICT,
            "reopen_window_passed",
            "Requests can be reopened up to 14 days after closing; open a new one and quote this number",
        );
    }
    let store = st.store.clone();
    match blocking(move || store.set_status(&id, "open")).await {
        Ok(true) => Json(json!({"status": "open"})).into_response(),
        Ok(false) => error(StatusCode::NOT_FOUND, "not_found", "No such request"),
        Err(r) => r,
    }
}

async fn agent_close(State(st): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Some(token) = &st.config.agent_token else {
        return error(StatusCode::NOT_FOUND, "not_found", "The agent API is off");
    };
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    use sha2::Digest;
    // Compare digests so the comparison time does not depend on the token's content.
    if sha2::Sha256::digest(given.as_bytes()) != sha2::Sha256::digest(token.as_bytes()) {
        return error(StatusCode::UNAUTHORIZED, "unauthorized", "Agent token required");
    }
    let store = st.store.clone();
    match blocking(move || store.set_status(&id, "closed")).await {
        Ok(true) => Json(json!({"status": "closed"})).into_response(),
        Ok(false) => error(StatusCode::NOT_FOUND, "not_found", "No such request"),
        Err(r) => r,
    }
}
