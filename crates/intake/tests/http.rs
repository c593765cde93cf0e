//! Intake over real HTTP on 127.0.0.1 with a real SQLite file.

use guichet_intake::store::SqliteStore;
use guichet_intake::{app, AppState};
use serde_json::{json, Value};
use std::sync::Arc;

struct Server {
    base: String,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let store = Arc::new(SqliteStore::open(&db).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app(AppState { store }, None)).await.unwrap() });
    Server { base, db, _dir: dir }
}

fn rows(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn ticket() -> Value {
    json!({
        "issue_type": "technical", "severity": "A", "plan": "enterprise",
        "title": "Mail flow stopped", "description": "Nobody can send or receive mail since this morning.",
        "last_occurrence": {"date": "2026-01-05", "time": "09:15", "time_zone": "Europe/Paris"},
        "contact_name": "Ada Admin", "email": "ada@example.com", "phone": "+33 1 23 45 67 89",
        "preferred_contact": "email", "locale": "en", "region": "FR"
    })
}

#[tokio::test]
async fn health_answers() {
    let s = start().await;
    let r = reqwest::get(format!("{}/api/health", s.base)).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "ok");
}

#[tokio::test]
async fn a_valid_ticket_is_stored_and_gets_an_id() {
    let s = start().await;
    let c = reqwest::Client::new();
    let r = c.post(format!("{}/api/tickets", s.base)).json(&ticket()).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    let id = body["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("GU-") && id.len() == 13, "{id}");
    assert_eq!(body["response_time"], json!({"kind": "hours", "value": 1}));
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let (title, severity, payload): (String, String, String) =
        conn.query_row("SELECT title, severity, payload FROM tickets WHERE id = ?1", [&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!(title, "Mail flow stopped");
    assert_eq!(severity, "A");
    assert!(payload.contains("Europe/Paris"));
}

#[tokio::test]
async fn invalid_fields_get_422_with_every_error() {
    let s = start().await;
    let mut t = ticket();
    t["issue_type"] = json!("billing_subscription"); // severity A not allowed
    t["email"] = json!("not-an-email");
    t["title"] = json!("");
    t["locale"] = json!("fr");
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["severity", "title", "email"]);
    assert_eq!(body["errors"][0]["code"], "severity_not_allowed");
    assert!(body["errors"][2]["message"].as_str().unwrap().contains("adresse e-mail"), "French message");
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM tickets"), 0);
}

#[tokio::test]
async fn schema_errors_name_the_field() {
    let s = start().await;
    let c = reqwest::Client::new();
    let mut t = ticket();
    t["severity"] = json!("D");
    let body: Value = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "severity");
    let mut t = ticket();
    t.as_object_mut().unwrap().remove("email");
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0], json!({"field": "email", "code": "required", "message": "This field is required."}));
    let mut t = ticket();
    t["is_admin"] = json!(true);
    let body: Value = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "unknown_field");
}

#[tokio::test]
async fn malformed_json_is_400_and_oversized_is_413() {
    let s = start().await;
    let c = reqwest::Client::new();
    let r = c.post(format!("{}/api/tickets", s.base)).header("content-type", "application/json").body("{not json").send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "malformed_json");
    let mut t = ticket();
    t["description"] = json!("x".repeat(70_000));
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM tickets"), 0);
}

#[tokio::test]
async fn same_idempotency_key_returns_the_same_ticket() {
    let s = start().await;
    let c = reqwest::Client::new();
    let send = |t: Value| c.post(format!("{}/api/tickets", s.base)).header("Idempotency-Key", "k-123").json(&t).send();
    let a = send(ticket()).await.unwrap();
    assert_eq!(a.status(), 201);
    assert!(a.headers().get("idempotent-replayed").is_none());
    let a: Value = a.json().await.unwrap();
    let b = send(ticket()).await.unwrap();
    assert_eq!(b.status(), 201);
    assert_eq!(b.headers()["idempotent-replayed"], "true");
    let b: Value = b.json().await.unwrap();
    assert_eq!(a["id"], b["id"]);
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM tickets"), 1);
    // same key, different body: conflict, still one row
    let mut other = ticket();
    other["title"] = json!("Another problem");
    let r = send(other).await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM tickets"), 1);
}

#[tokio::test]
async fn concurrent_retries_with_one_key_store_one_ticket() {
    let s = start().await;
    let c = reqwest::Client::new();
    let mut handles = Vec::new();
    for _ in 0..16 {
        let c = c.clone();
        let url = format!("{}/api/tickets", s.base);
        handles.push(tokio::spawn(async move {
            let r = c.post(url).header("Idempotency-Key", "same").json(&ticket()).send().await.unwrap();
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
        }));
    }
    let mut ids = Vec::new();
    for h in handles {
        ids.push(h.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1);
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM tickets"), 1);
}

#[tokio::test]
async fn bad_idempotency_keys_are_rejected() {
    let s = start().await;
    let c = reqwest::Client::new();
    for bad in ["", "has space", &"k".repeat(256)] {
        let r = c.post(format!("{}/api/tickets", s.base)).header("Idempotency-Key", bad).json(&ticket()).send().await.unwrap();
        assert_eq!(r.status(), 400, "{bad:?}");
    }
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM tickets"), 0);
}

#[tokio::test]
async fn feedback_is_recorded_and_validated() {
    let s = start().await;
    let c = reqwest::Client::new();
    let r = c.post(format!("{}/api/feedback", s.base)).json(&json!({"article_id": "severity-levels", "locale": "fr", "helpful": true})).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM feedback WHERE helpful = 1 AND article_id = 'severity-levels'"), 1);
    for bad in [json!({"article_id": "../etc", "locale": "fr", "helpful": true}), json!({"article_id": "x", "locale": "xx", "helpful": true}), json!({"helpful": "yes"})] {
        let r = c.post(format!("{}/api/feedback", s.base)).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 422, "{bad}");
    }
    assert_eq!(rows(&s.db, "SELECT COUNT(*) FROM feedback"), 1);
}

#[tokio::test]
async fn tickets_survive_a_reopen_of_the_database() {
    let s = start().await;
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&ticket()).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let store = SqliteStore::open(&s.db).unwrap();
    assert_eq!(store.ticket_count().unwrap(), 1);
}
