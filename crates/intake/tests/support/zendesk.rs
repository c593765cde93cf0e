//! A local server implementing the part of the Zendesk Support API that Guichet uses, as
//! documented:
//! - `POST /api/v2/uploads?filename=…` (raw bytes, `Content-Type` of the file) → `201
//!   {"upload": {"token", "attachment": {...}}}`
//!   (<https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#upload-files>);
//! - `POST /api/v2/tickets` `{"ticket": {...}}` → `201 {"ticket": {"id", "url", ...}}`, and
//!   `GET /api/v2/tickets?external_id=…` → `200 {"tickets": [...], "count"}`
//!   (<https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/>);
//! - `401 {"error": "Couldn't authenticate you"}` without the right Basic `{email}/token:{token}`
//!   (<https://developer.zendesk.com/api-reference/introduction/security-and-auth/>);
//! - `422 {"error": "RecordInvalid", "description": "Record validation errors", "details"}`
//!   for an invalid record (<https://developer.zendesk.com/api-reference/introduction/requests/>);
//! - `429` with `Retry-After` seconds when rate limited
//!   (<https://developer.zendesk.com/api-reference/introduction/rate-limits/>).
//!
//! Test switches: `down` (answers 503), `rate_limited` (next N creates answer 429),
//! `drop_after_commit` (next N creates are committed, then the connection is dropped without
//! an answer), `hang_after_commit` (next N creates are committed and never answered).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub const EMAIL: &str = "agent@acme.test";
pub const TOKEN: &str = "zd-token-123";

#[derive(Default)]
pub struct Fake {
    pub tickets: Mutex<Vec<Value>>,
    pub uploads: Mutex<Vec<(String, String, Vec<u8>)>>,
    pub down: AtomicBool,
    pub rate_limited: AtomicUsize,
    pub drop_after_commit: AtomicUsize,
    pub hang_after_commit: AtomicUsize,
    pub create_calls: AtomicUsize,
    pub lookups: AtomicUsize,
}

impl Fake {
    pub fn tickets(&self) -> Vec<Value> {
        self.tickets.lock().unwrap().clone()
    }
}

fn authorized(h: &HeaderMap) -> bool {
    let want = base64::engine::general_purpose::STANDARD.encode(format!("{EMAIL}/token:{TOKEN}"));
    h.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Basic {want}"))
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, Json(json!({"error": "Couldn't authenticate you"}))).into_response()
}

async fn upload(
    State(f): State<Arc<Fake>>,
    h: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    let Some(name) = q.get("filename") else {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "filename missing"}))).into_response();
    };
    let mime = h.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let mut ups = f.uploads.lock().unwrap();
    ups.push((name.clone(), mime.clone(), body.to_vec()));
    let token = format!("upl-{}", ups.len());
    (
        StatusCode::CREATED,
        Json(json!({"upload": {"token": token, "attachment": {"file_name": name, "content_type": mime, "size": body.len()}}})),
    )
        .into_response()
}

async fn create(State(f): State<Arc<Fake>>, h: HeaderMap, Json(body): Json<Value>) -> Response {
    f.create_calls.fetch_add(1, Ordering::SeqCst);
    if !authorized(&h) {
        return unauthorized();
    }
    if f.down.load(Ordering::SeqCst) {
        return (StatusCode::SERVICE_UNAVAILABLE, "maintenance").into_response();
    }
    if f.rate_limited.load(Ordering::SeqCst) > 0 {
        f.rate_limited.fetch_sub(1, Ordering::SeqCst);
        return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")], Json(json!({"error": "TooManyRequests"})))
            .into_response();
    }
    let t = &body["ticket"];
    let subject = t["subject"].as_str().unwrap_or("");
    if subject.is_empty() || t["comment"]["body"].as_str().unwrap_or("").is_empty() || subject.contains("REJECT") {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "RecordInvalid", "description": "Record validation errors",
                        "details": {"subject": [{"description": "Subject: is invalid"}]}})),
        )
            .into_response();
    }
    let stored = {
        let mut tickets = f.tickets.lock().unwrap();
        let id = 1000 + tickets.len() as u64;
        let mut stored = t.clone();
        stored["id"] = id.into();
        stored["url"] = format!("https://acme.zendesk.com/api/v2/tickets/{id}.json").into();
        tickets.push(stored.clone());
        stored
    };
    if f.hang_after_commit.load(Ordering::SeqCst) > 0 {
        f.hang_after_commit.fetch_sub(1, Ordering::SeqCst);
        // Committed, then no answer within the client's timeout (it never comes).
        std::future::pending::<()>().await;
    }
    if f.drop_after_commit.load(Ordering::SeqCst) > 0 {
        f.drop_after_commit.fetch_sub(1, Ordering::SeqCst);
        // Committed, then the connection goes away without an answer (hyper drops it when
        // the handler panics).
        panic!("fake Zendesk drops the connection after committing (expected in this test)");
    }
    (StatusCode::CREATED, Json(json!({"ticket": stored}))).into_response()
}

async fn list(State(f): State<Arc<Fake>>, h: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    f.lookups.fetch_add(1, Ordering::SeqCst);
    let found: Vec<Value> = f
        .tickets()
        .into_iter()
        .filter(|t| q.get("external_id").is_none_or(|e| t["external_id"].as_str() == Some(e)))
        .collect();
    Json(json!({"count": found.len(), "tickets": found, "next_page": null, "previous_page": null})).into_response()
}

/// `PUT /api/v2/tickets/{id}` (Update Ticket): status and an optional comment.
async fn update(State(f): State<Arc<Fake>>, h: HeaderMap, Path(id): Path<u64>, Json(body): Json<Value>) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    let mut tickets = f.tickets.lock().unwrap();
    let Some(t) = tickets.iter_mut().find(|t| t["id"] == id) else {
        return (StatusCode::NOT_FOUND, Json(json!({"error": "RecordNotFound", "description": "Not found"})))
            .into_response();
    };
    if let Some(s) = body["ticket"]["status"].as_str() {
        t["status"] = s.into();
    }
    if !body["ticket"]["comment"].is_null() {
        let mut notes = t["notes"].as_array().cloned().unwrap_or_default();
        notes.push(body["ticket"]["comment"].clone());
        t["notes"] = notes.into();
    }
    Json(json!({"ticket": t.clone()})).into_response()
}

/// The fake's routes over `fake`.
pub fn router(fake: Arc<Fake>) -> Router {
    Router::new()
        .route("/api/v2/uploads", post(upload))
        .route("/api/v2/tickets", post(create).get(list))
        .route("/api/v2/tickets/{id}", axum::routing::put(update))
        .with_state(fake)
}

/// Starts the fake on a free loopback port: its base URL and its state.
pub async fn start() -> (String, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    let app = router(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, fake)
}
