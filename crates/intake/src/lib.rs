//! Guichet intake server: receives tickets and article feedback over HTTP and stores them in
//! SQLite, validating with the same `guichet-core` rules as the pane.
//!
//! API (JSON):
//! - `GET /api/health` → `200 {"status":"ok"}` once the database answers.
//! - `POST /api/tickets` with a [`TicketRequest`] body and an optional `Idempotency-Key`
//!   header (1–255 visible ASCII characters) → `201 {"id", "created_at", "response_time",
//!   "availability"}` after the row is committed; `422 {"errors":[{"field","code","message"}]}`
//!   on invalid fields; `400` on malformed JSON or a bad key; `409` when a key is reused with a
//!   different body; `413` over 64 KiB. A repeated key with the same body returns the same
//!   ticket with `Idempotent-Replayed: true`, never a second row.
//! - `POST /api/feedback` `{"article_id","locale","helpful"}` → `204` (deflection tracking).
//! - anything else: files of the pane's `dist/` folder when one is configured.

pub mod store;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use guichet_core::ticket::{initial_response, ErrorCode, TicketRequest};
use guichet_core::Locale;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use store::{InsertOutcome, SqliteStore};

/// Largest accepted request body, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// Ticket and feedback storage.
    pub store: Arc<SqliteStore>,
}

/// Builds the router; `static_dir` serves the pane (with `index.html` as fallback) when set.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let api = Router::new()
        .route("/api/health", get(health))
        .route("/api/tickets", post(create_ticket))
        .route("/api/feedback", post(feedback))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state);
    match static_dir {
        Some(dir) => {
            let index = dir.join("index.html");
            api.fallback_service(tower_http::services::ServeDir::new(dir).fallback(tower_http::services::ServeFile::new(index)))
        }
        None => api,
    }
}

async fn health(State(st): State<AppState>) -> Response {
    let store = st.store.clone();
    match tokio::task::spawn_blocking(move || store.ping()).await {
        Ok(Ok(())) => Json(json!({"status": "ok"})).into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "unavailable"}))).into_response(),
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

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Response> {
    let Some(v) = headers.get("idempotency-key") else { return Ok(None) };
    let s = v.to_str().map_err(|_| error(StatusCode::BAD_REQUEST, "invalid_idempotency_key", "Idempotency-Key must be visible ASCII"))?;
    if s.is_empty() || s.len() > 255 || !s.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(error(StatusCode::BAD_REQUEST, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters"));
    }
    Ok(Some(s.to_string()))
}

async fn create_ticket(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let key = match idempotency_key(&headers) {
        Ok(k) => k,
        Err(r) => return r,
    };
    // Malformed JSON is a 400; well-formed JSON that does not fit the schema is a 422 naming
    // the field.
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::BAD_REQUEST, "malformed_json", format!("The body is not valid JSON: {e}")),
    };
    let locale = value.get("locale").and_then(|l| l.as_str()).and_then(Locale::parse).unwrap_or(Locale::En);
    let req: TicketRequest = match serde_path_to_error::deserialize(&value) {
        Ok(r) => r,
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
            let message = if code == "required" { ErrorCode::Required.message_for(locale) } else { inner };
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"errors": [FieldErrorBody { field, code: code.into(), message }]}))).into_response();
        }
    };
    let errors = req.validate(chrono::Utc::now());
    if !errors.is_empty() {
        let list: Vec<FieldErrorBody> = errors
            .iter()
            .map(|e| FieldErrorBody {
                field: e.field.clone(),
                code: serde_json::to_value(e.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                message: e.message(req.locale),
            })
            .collect();
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"errors": list}))).into_response();
    }
    let store = st.store.clone();
    let outcome = match tokio::task::spawn_blocking(move || store.insert_ticket(&req, key.as_deref())).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => return error(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", format!("The ticket was not stored, retry with the same Idempotency-Key: {e}")),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "The ticket was not stored, retry with the same Idempotency-Key"),
    };
    match outcome {
        InsertOutcome::Created(t) => created(t, false),
        InsertOutcome::Replayed(t) => created(t, true),
        InsertOutcome::KeyConflict => error(StatusCode::CONFLICT, "idempotency_key_reused", "This Idempotency-Key was already used with a different request"),
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
    });
    let mut resp = (StatusCode::CREATED, Json(body)).into_response();
    if replayed {
        resp.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
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
    if fb.article_id.is_empty() || fb.article_id.len() > 100 || !fb.article_id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_feedback", "article_id must be lowercase letters, digits and dashes");
    }
    let store = st.store.clone();
    match tokio::task::spawn_blocking(move || store.insert_feedback(&fb.article_id, fb.locale, fb.helpful)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        _ => error(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", "Feedback was not stored"),
    }
}

/// Extension used by the handler to localise "required" for schema errors.
trait MessageFor {
    fn message_for(self, locale: Locale) -> String;
}

impl MessageFor for ErrorCode {
    fn message_for(self, locale: Locale) -> String {
        guichet_core::ticket::FieldError { field: String::new(), code: self }.message(locale)
    }
}
