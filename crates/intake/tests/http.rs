//! Intake over real HTTP on 127.0.0.1 with a real SQLite file, or, with
//! `GUICHET_TEST_BACKEND=postgres` (scripts/test.sh's second pass), a real PostgreSQL
//! database: the same requests and checks against both stores.

mod support;

use guichet_core::identity::sign;
use guichet_intake::store::{PgStore, SqliteStore, TicketStore};
use guichet_intake::{app, AppState, Config};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;

/// Where the server under test keeps its data.
enum Db {
    Sqlite(std::path::PathBuf),
    Postgres(support::pg::TestDb),
}

struct Server {
    base: String,
    db: Db,
    store: Arc<dyn TicketStore>,
    /// The same store when it is SQLite (backup, attachment files).
    sqlite: Option<Arc<SqliteStore>>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// The SQLite file, for the checks that only SQLite has (files on disk, online backup).
    fn sqlite_path(&self) -> Option<&std::path::Path> {
        match &self.db {
            Db::Sqlite(p) => Some(p),
            Db::Postgres(_) => None,
        }
    }

    /// The text columns of the first row of `sql` (written in SQL both databases read).
    async fn texts(&self, sql: &str) -> Vec<String> {
        let sql = sql.to_string();
        match &self.db {
            Db::Sqlite(p) => {
                let conn = rusqlite::Connection::open(p).unwrap();
                let mut st = conn.prepare(&sql).unwrap();
                let n = st.column_count();
                st.query_row([], |r| (0..n).map(|i| r.get::<_, String>(i)).collect::<Result<Vec<_>, _>>()).unwrap()
            }
            Db::Postgres(d) => {
                let url = d.url.clone();
                tokio::task::spawn_blocking(move || {
                    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
                    let r = c.query_one(&sql, &[]).unwrap();
                    (0..r.len()).map(|i| r.get::<_, String>(i)).collect()
                })
                .await
                .unwrap()
            }
        }
    }

    /// The count `sql` (a `SELECT COUNT(*) …`) answers.
    async fn rows(&self, sql: &str) -> i64 {
        let sql = sql.to_string();
        match &self.db {
            Db::Sqlite(p) => rusqlite::Connection::open(p).unwrap().query_row(&sql, [], |r| r.get(0)).unwrap(),
            Db::Postgres(d) => {
                let url = d.url.clone();
                tokio::task::spawn_blocking(move || {
                    postgres::Client::connect(&url, postgres::NoTls).unwrap().query_one(&sql, &[]).unwrap().get(0)
                })
                .await
                .unwrap()
            }
        }
    }

    /// Runs the statements `sql`.
    async fn exec(&self, sql: &str) {
        let sql = sql.to_string();
        match &self.db {
            Db::Sqlite(p) => rusqlite::Connection::open(p).unwrap().execute_batch(&sql).unwrap(),
            Db::Postgres(d) => {
                let url = d.url.clone();
                tokio::task::spawn_blocking(move || {
                    postgres::Client::connect(&url, postgres::NoTls).unwrap().batch_execute(&sql).unwrap()
                })
                .await
                .unwrap()
            }
        }
    }

    /// Calls the store directly (on a blocking thread: PostgreSQL's client blocks).
    async fn with_store<T: Send + 'static>(&self, f: impl FnOnce(&dyn TicketStore) -> T + Send + 'static) -> T {
        let s = self.store.clone();
        tokio::task::spawn_blocking(move || f(s.as_ref())).await.unwrap()
    }

    /// The store opened anew on the same database, as a restarted server would.
    async fn reopened(&self) -> Arc<dyn TicketStore> {
        match &self.db {
            Db::Sqlite(p) => Arc::new(SqliteStore::open(p).unwrap()),
            Db::Postgres(d) => {
                let url = d.url.clone();
                tokio::task::spawn_blocking(move || Arc::new(PgStore::open(&url, 1).unwrap()) as Arc<dyn TicketStore>)
                    .await
                    .unwrap()
            }
        }
    }
}

const SECRET: &[u8] = b"test-secret";

fn config() -> Config {
    Config {
        identity_secret: Some(SECRET.to_vec()),
        identity_max_lifetime: guichet_core::identity::MAX_LIFETIME_SECS,
        allowed_origins: vec!["https://portal.example".into()],
        rate_limit: None,
        agent_token: Some("agent-token".into()),
        link_secret: Some(b"link-secret".to_vec()),
        upload_quota: Default::default(),
        trusted_proxies: Vec::new(),
        analytics: true,
        events_rate: None,
        insights_k: 5,
        retention: None,
    }
}

async fn start_with(cfg: Config) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let (db, store, sqlite): (Db, Arc<dyn TicketStore>, _) = if support::pg::requested() {
        let (d, s) = tokio::task::spawn_blocking(|| {
            let d = support::pg::database();
            let s = PgStore::open(&d.url, 4).unwrap();
            (d, s)
        })
        .await
        .unwrap();
        (Db::Postgres(d), Arc::new(s), None)
    } else {
        let path = dir.path().join("t.db");
        let s = Arc::new(SqliteStore::open(&path).unwrap());
        (Db::Sqlite(path), s.clone(), Some(s))
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(store.clone(), cfg);
    tokio::spawn(async move {
        axum::serve(listener, app(state, None).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    Server { base, db, store, sqlite, _dir: dir }
}

async fn start() -> Server {
    start_with(config()).await
}

fn identity(email: &str, expires_at: i64, secret: &[u8]) -> Value {
    json!({"user_id": "u-42", "email": email, "tenant": "contoso", "name": "Ada Admin", "expires_at": expires_at,
           "signature": sign(secret, "u-42", email, "contoso", expires_at).unwrap()})
}

fn sqlite_rows(db: &std::path::Path, sql: &str) -> i64 {
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
    // The whole 201 body reads as the shared wire type, with the ticket's locale.
    let created: guichet_core::wire::Created = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(Some(created.locale), guichet_core::Locale::parse(ticket()["locale"].as_str().unwrap()));
    let got = s.texts(&format!("SELECT title, severity, payload FROM tickets WHERE id = '{id}'")).await;
    assert_eq!((got[0].as_str(), got[1].as_str()), ("Mail flow stopped", "A"));
    assert!(got[2].contains("Europe/Paris"));
}

#[tokio::test]
async fn invalid_fields_get_422_with_every_error() {
    let s = start().await;
    let mut t = ticket();
    t["issue_type"] = json!("billing_subscription"); // severity A not allowed under 21Vianet
    t["plan"] = json!("vianet21");
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
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 0);
}

#[tokio::test]
async fn errors_come_in_german_for_a_german_ticket() {
    let s = start().await;
    let mut t = ticket();
    t["title"] = json!("");
    t["locale"] = json!("de");
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["message"], "Dieses Feld ist erforderlich.");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 0);
}

/// Serves `site` as the intake's static folder, with a SQLite store in a temporary folder
/// (returned: it must outlive the test). Returns the base URL too.
async fn serve_static(site: &std::path::Path) -> (String, tempfile::TempDir) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(Arc::new(SqliteStore::open(&dir.path().join("t.db")).unwrap()), config());
    let root = site.to_path_buf();
    tokio::spawn(async move {
        axum::serve(listener, app(state, Some(root)).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    (base, dir)
}

/// The `Cache-Control` of `url`, which must answer 200.
async fn cache_control(url: String) -> String {
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.headers()["cache-control"].to_str().unwrap().to_string()
}

#[tokio::test]
async fn precompressed_variants_are_served_to_browsers_that_accept_them_and_never_stale() {
    let site = tempfile::tempdir().unwrap();
    let wasm = vec![7u8; 4096];
    std::fs::write(site.path().join("pane.wasm"), &wasm).unwrap();
    std::fs::write(site.path().join("pane.wasm.br"), b"BROTLI").unwrap();
    std::fs::write(site.path().join("pane.wasm.gz"), b"GZIP").unwrap();
    let (base, _db) = serve_static(site.path()).await;
    let client = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap();
    let get = |accept: &str| client.get(format!("{base}/pane.wasm")).header("accept-encoding", accept).send();
    let r = get("gzip, deflate, br").await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert_eq!(r.headers()["vary"], "accept-encoding");
    assert_eq!(r.headers()["cache-control"], "no-cache");
    let modified = r.headers()["last-modified"].clone();
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"BROTLI");
    let r = get("gzip").await.unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"GZIP");
    let r = get("identity").await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap().as_ref(), wasm.as_slice());
    // A reopen revalidates: 304, no body.
    let r = client.get(format!("{base}/pane.wasm")).header("if-modified-since", modified).send().await.unwrap();
    assert_eq!(r.status(), 304);
    // The file is rebuilt after its variants: they are stale, the new file goes out as it is.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
    std::fs::write(site.path().join("pane.wasm"), vec![8u8; 4096]).unwrap();
    std::fs::File::options().write(true).open(site.path().join("pane.wasm")).unwrap().set_modified(later).unwrap();
    let r = get("br").await.unwrap();
    assert!(r.headers().get("content-encoding").is_none());
    assert_eq!(r.bytes().await.unwrap().as_ref(), vec![8u8; 4096].as_slice());
}

#[tokio::test]
async fn content_hashed_build_files_are_immutable_and_stable_names_are_revalidated() {
    let site = tempfile::tempdir().unwrap();
    for f in [
        "guichet-pane-0123456789abcdef.js",
        "guichet-pane-0123456789abcdef_bg.wasm",
        "guichet-fedcba98.css",
        "guichet-part-split-ticket-0123456789abcdef.wasm",
        "guichet-parts-0123456789abcdef.js",
        "guichet.js",
        "guichet-pane.js",
        "guichet-pane-notahash.js",
        "guichet-part-split-ticket.wasm",
    ] {
        std::fs::write(site.path().join(f), "x").unwrap();
    }
    let (base, _db) = serve_static(site.path()).await;
    let cache = |p: &'static str| cache_control(format!("{base}/{p}"));
    for p in [
        "guichet-pane-0123456789abcdef.js",
        "guichet-pane-0123456789abcdef_bg.wasm",
        "guichet-fedcba98.css",
        "guichet-part-split-ticket-0123456789abcdef.wasm",
        "guichet-parts-0123456789abcdef.js",
    ] {
        assert_eq!(cache(p).await, "public, max-age=31536000, immutable", "{p}");
    }
    // The loader (stable name, points at the current hashes) and anything not hashed: revalidated.
    for p in ["guichet.js", "guichet-pane.js", "guichet-pane-notahash.js", "guichet-part-split-ticket.wasm"] {
        assert_eq!(cache(p).await, "no-cache", "{p}");
    }
    // A missing hashed file is a 404 nobody may keep.
    let r = reqwest::get(format!("{base}/guichet-pane-1111111111111111.js")).await.unwrap();
    assert_eq!(r.status(), 404);
    assert_ne!(
        r.headers().get("cache-control").map(|v| v.to_str().unwrap()),
        Some("public, max-age=31536000, immutable")
    );
}

#[tokio::test]
async fn whole_bundle_files_are_reused_while_revalidated_and_chunked_manifests_and_profiles_are_not() {
    let site = tempfile::tempdir().unwrap();
    let b = site.path().join("bundle");
    std::fs::create_dir_all(b.join("help-center.fr")).unwrap();
    for f in [
        "help-center.en.json",
        "help-center.fr.json",
        "help-center.fr/shard-0.json",
        "directory.json",
        "glossary.json",
        "profile.json",
    ] {
        std::fs::write(b.join(f), "{}").unwrap();
    }
    let (base, _db) = serve_static(site.path()).await;
    let cache = |p: &'static str| cache_control(format!("{base}/bundle/{p}"));
    for p in ["help-center.en.json", "directory.json", "glossary.json"] {
        assert_eq!(cache(p).await, "max-age=0, stale-while-revalidate=604800", "{p}");
    }
    // A chunked help center's manifest (its parts beside it), its parts, and the profile.
    for p in ["help-center.fr.json", "help-center.fr/shard-0.json", "profile.json"] {
        assert_eq!(cache(p).await, "no-cache", "{p}");
    }
}

#[tokio::test]
async fn static_files_are_served_and_a_missing_bundle_is_404_not_the_page() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("bundle")).unwrap();
    std::fs::write(site.path().join("index.html"), "<!doctype html><title>pane</title>").unwrap();
    std::fs::write(site.path().join("bundle/help-center.en.json"), "{}").unwrap();
    let (base, _db) = serve_static(site.path()).await;
    let get = |p: &str| reqwest::get(format!("{base}{p}"));
    let home = get("/").await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("<title>pane</title>"));
    assert_eq!(get("/bundle/help-center.en.json").await.unwrap().status(), 200);
    // The pane reads English articles when the German bundle is missing: that needs a 404,
    // not the page with a 200.
    assert_eq!(get("/bundle/help-center.de.json").await.unwrap().status(), 404);
    // Hardening: files are not sniffed, checked for updates, and only the folder's own plain files.
    let r = get("/bundle/help-center.en.json").await.unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(r.headers()["cache-control"], "max-age=0, stale-while-revalidate=604800");
    assert_eq!(get("/").await.unwrap().headers()["cache-control"], "no-cache");
    std::fs::write(site.path().join(".env"), "SECRET=1").unwrap();
    std::fs::create_dir_all(site.path().join(".git")).unwrap();
    std::fs::write(site.path().join(".git/config"), "[core]").unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("private.txt"), "private").unwrap();
    std::os::unix::fs::symlink(outside.path().join("private.txt"), site.path().join("link.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("elsewhere")).unwrap();
    for p in ["/.env", "/.git/config", "/%2Eenv", "/link.txt", "/elsewhere/private.txt", "/bundle/../.env"] {
        let r = get(p).await.unwrap();
        assert_eq!(r.status(), 404, "{p}");
        assert!(!r.text().await.unwrap().contains("SECRET"), "{p}");
    }
    // API answers: never cached, never run as a page.
    let r = get("/api/health").await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
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
    let r = c
        .post(format!("{}/api/tickets", s.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "malformed_json");
    let mut t = ticket();
    t["description"] = json!("x".repeat(70_000));
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 0);
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
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 1);
    // same key, different body: conflict, still one row
    let mut other = ticket();
    other["title"] = json!("Another problem");
    let r = send(other).await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 1);
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
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 1);
}

#[tokio::test]
async fn bad_idempotency_keys_are_rejected() {
    let s = start().await;
    let c = reqwest::Client::new();
    for bad in ["", "has space", &"k".repeat(256)] {
        let r = c
            .post(format!("{}/api/tickets", s.base))
            .header("Idempotency-Key", bad)
            .json(&ticket())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad:?}");
    }
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 0);
}

#[tokio::test]
async fn feedback_is_recorded_and_validated() {
    let s = start().await;
    let c = reqwest::Client::new();
    let r = c
        .post(format!("{}/api/feedback", s.base))
        .json(&json!({"article_id": "severity-levels", "locale": "fr", "helpful": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(s.rows("SELECT COUNT(*) FROM feedback WHERE helpful AND article_id = 'severity-levels'").await, 1);
    for bad in [
        json!({"article_id": "../etc", "locale": "fr", "helpful": true}),
        json!({"article_id": "x", "locale": "xx", "helpful": true}),
        json!({"helpful": "yes"}),
    ] {
        let r = c.post(format!("{}/api/feedback", s.base)).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 422, "{bad}");
    }
    assert_eq!(s.rows("SELECT COUNT(*) FROM feedback").await, 1);
}

#[tokio::test]
async fn tickets_survive_a_reopen_of_the_database() {
    let s = start().await;
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&ticket()).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let store = s.reopened().await;
    assert_eq!(tokio::task::spawn_blocking(move || store.ticket_count().unwrap()).await.unwrap(), 1);
}

#[tokio::test]
async fn a_signed_identity_marks_the_ticket_verified() {
    let s = start().await;
    let c = reqwest::Client::new();
    let exp = chrono::Utc::now().timestamp() + 600;
    let mut t = ticket();
    t["identity"] = identity("ada@example.com", exp, SECRET);
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(
        s.rows("SELECT COUNT(*) FROM tickets WHERE verified AND user_id = 'u-42' AND tenant = 'contoso'").await,
        1
    );
    // Without identity: stored, unverified.
    let r = c.post(format!("{}/api/tickets", s.base)).json(&ticket()).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets WHERE NOT verified").await, 1);
}

#[tokio::test]
async fn forged_expired_or_mismatched_identities_are_refused() {
    let s = start().await;
    let c = reqwest::Client::new();
    let exp = chrono::Utc::now().timestamp() + 600;
    for (id, status, code) in [
        (identity("ada@example.com", exp, b"wrong-secret"), 401, "identity_forged"),
        (identity("ada@example.com", chrono::Utc::now().timestamp() - 1, SECRET), 401, "identity_expired"),
        (identity("eve@example.com", exp, SECRET), 403, "identity_mismatch"),
    ] {
        let mut t = ticket();
        t["identity"] = id;
        let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
        assert_eq!(r.status(), status);
        assert_eq!(r.json::<Value>().await.unwrap()["error"], code);
    }
    let mut t = ticket();
    t["identity"] = identity("ada@example.com", exp, SECRET);
    t["identity"]["tenant"] = json!("fabrikam");
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 401, "altered tenant");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 0);
}

#[tokio::test]
async fn my_requests_and_the_fourteen_day_reopen_rule() {
    let s = start().await;
    let c = reqwest::Client::new();
    let exp = chrono::Utc::now().timestamp() + 600;
    let id_body = json!({"identity": identity("ada@example.com", exp, SECRET)});
    let mut ids = Vec::new();
    for title in ["Closed 13 days ago", "Closed 15 days ago", "Still open"] {
        let mut t = ticket();
        t["title"] = json!(title);
        t["identity"] = identity("ada@example.com", exp, SECRET);
        let r: Value = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap().json().await.unwrap();
        ids.push(r["id"].as_str().unwrap().to_string());
    }
    // An agent closes the first two; their closing dates are then moved back in time.
    for id in &ids[..2] {
        let r =
            c.post(format!("{}/api/agent/tickets/{id}/close", s.base)).bearer_auth("agent-token").send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = c.post(format!("{}/api/agent/tickets/{}/close", s.base, ids[2])).bearer_auth("nope").send().await.unwrap();
    assert_eq!(r.status(), 401);
    let ago =
        |d: i64| (chrono::Utc::now() - chrono::Duration::days(d)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    s.exec(&format!(
        "UPDATE tickets SET closed_at = '{}' WHERE id = '{}'; UPDATE tickets SET closed_at = '{}' WHERE id = '{}';",
        ago(13),
        ids[0],
        ago(15),
        ids[1]
    ))
    .await;
    let mine: Value =
        c.post(format!("{}/api/my/tickets", s.base)).json(&id_body).send().await.unwrap().json().await.unwrap();
    let list = mine["tickets"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    let can = |id: &str| list.iter().find(|t| t["id"] == id).unwrap()["can_reopen"].as_bool().unwrap();
    assert!(can(&ids[0]));
    assert!(!can(&ids[1]));
    assert!(!can(&ids[2]));
    let reopen = |id: String| c.post(format!("{}/api/tickets/{id}/reopen", s.base)).json(&id_body).send();
    let r = reopen(ids[0].clone()).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        s.rows(&format!(
            "SELECT COUNT(*) FROM tickets WHERE id = '{}' AND status = 'open' AND closed_at IS NULL",
            ids[0]
        ))
        .await,
        1
    );
    let r = reopen(ids[1].clone()).await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "reopen_window_passed");
    assert_eq!(reopen(ids[2].clone()).await.unwrap().status(), 409, "still open");
    assert_eq!(reopen("GU-0000000000".into()).await.unwrap().status(), 404);
    // Another user sees none of these.
    let other = json!({"identity": {"user_id": "u-7", "email": "bob@example.com", "tenant": "contoso", "expires_at": exp, "signature": sign(SECRET, "u-7", "bob@example.com", "contoso", exp).unwrap()}});
    let theirs: Value =
        c.post(format!("{}/api/my/tickets", s.base)).json(&other).send().await.unwrap().json().await.unwrap();
    assert_eq!(theirs["tickets"].as_array().unwrap().len(), 0);
    let r = c.post(format!("{}/api/tickets/{}/reopen", s.base, ids[0])).json(&other).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];

#[tokio::test]
async fn attachments_are_typed_by_content_and_linked_to_the_ticket() {
    let s = start().await;
    let c = reqwest::Client::new();
    let up = |name: &str, bytes: Vec<u8>| {
        c.post(format!("{}/api/attachments", s.base)).query(&[("filename", name)]).body(bytes).send()
    };
    let r = up("screen.png", PNG.to_vec()).await.unwrap();
    assert_eq!(r.status(), 201);
    let png: Value = r.json().await.unwrap();
    assert_eq!(png["mime"], "image/png");
    let log: Value = up("trace.log", b"2026-11-22 error 42\n".to_vec()).await.unwrap().json().await.unwrap();
    assert_eq!(log["mime"], "text/plain");
    // An executable named .png is refused, with the reason.
    let r = up("invoice.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec()).await.unwrap();
    assert_eq!(r.status(), 415);
    assert!(r.json::<Value>().await.unwrap()["message"]
        .as_str()
        .unwrap()
        .contains("PNG, JPEG, GIF, PDF, ZIP, TXT/LOG"));
    assert_eq!(up("big.txt", vec![b'a'; 5 * 1024 * 1024 + 1]).await.unwrap().status(), 413);
    assert_eq!(up("empty.txt", vec![]).await.unwrap().status(), 422);
    assert_eq!(up("../etc/passwd", b"x".to_vec()).await.unwrap().status(), 422);
    // U+202E shows "invoice\u{202E}gnp.exe" as "invoiceexe.png"; zero-width characters hide a name.
    for name in ["invoice\u{202E}gnp.exe", "scr\u{200B}een.png", "a\u{FEFF}.png"] {
        let r = up(name, PNG.to_vec()).await.unwrap();
        assert_eq!(r.status(), 422, "{name:?}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_filename");
    }
    let mut t = ticket();
    t["attachments"] = json!([png["id"], log["id"]]);
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let id: Value = r.json().await.unwrap();
    assert_eq!(
        s.rows(&format!("SELECT COUNT(*) FROM attachments WHERE ticket_id = '{}'", id["id"].as_str().unwrap())).await,
        2
    );
    let png_id = png["id"].as_str().unwrap().to_string();
    let (meta, bytes) = s.with_store(move |st| st.attachment(&png_id).unwrap().unwrap()).await;
    assert_eq!((meta.filename.as_str(), bytes.as_slice()), ("screen.png", PNG));
    if let Some(sqlite) = &s.sqlite {
        assert_eq!(std::fs::read(sqlite.attachments_dir().join(png["id"].as_str().unwrap())).unwrap(), PNG);
    }
    // An attachment cannot be reused by another ticket, and the failed ticket is not stored.
    let before = s.rows("SELECT COUNT(*) FROM tickets").await;
    let r = c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["errors"][0]["code"], "unknown_attachment");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, before);
}

#[tokio::test]
async fn refund_with_a_bad_guid_gets_field_errors() {
    let s = start().await;
    let t = json!({
        "kind": "refund", "issue_type": "billing_subscription", "severity": "B", "plan": "business",
        "contact_name": "Pat Partner", "email": "pat@example.com", "preferred_contact": "email", "locale": "en",
        "refund": {"customer_subscription_id": "1234", "customer_name": "Fabrikam", "amount": "12,5", "currency": "EUR",
                   "period_start": "2026-10-01", "period_end": "2026-10-31", "billing_date": "2026-11-01", "reason": "Outage all month long."}
    });
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["refund.customer_subscription_id", "refund.amount"]);
}

#[tokio::test]
async fn cors_allows_listed_origins_only() {
    let s = start().await;
    let c = reqwest::Client::new();
    let pre = |origin: &str| {
        c.request(reqwest::Method::OPTIONS, format!("{}/api/tickets", s.base))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,idempotency-key")
            .send()
    };
    let ok = pre("https://portal.example").await.unwrap();
    assert_eq!(ok.headers()["access-control-allow-origin"], "https://portal.example");
    let no = pre("https://evil.example").await.unwrap();
    assert!(no.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn rate_limit_answers_429_past_the_burst() {
    let mut cfg = config();
    cfg.rate_limit = Some((1, 5));
    let s = start_with(cfg).await;
    let c = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(c.get(format!("{}/api/health", s.base)).send().await.unwrap().status().as_u16());
    }
    assert_eq!(&statuses[..5], &[200; 5]);
    assert!(statuses[5..].contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let s = start().await;
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", s.base)).await.unwrap().json().await.unwrap();
    for path in [
        "/api/health",
        "/api/tickets",
        "/api/attachments",
        "/api/feedback",
        "/api/my/tickets",
        "/api/tickets/{id}/reopen",
        "/api/agent/tickets/{id}/close",
        "/api/events",
        "/api/my/export",
        "/api/agent/insights",
        "/api/agent/insights/{table}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    // Every ticket field of core is described.
    let props = doc["components"]["schemas"]["TicketRequest"]["properties"].as_object().unwrap();
    let sample =
        serde_json::to_value(serde_json::from_value::<guichet_core::ticket::TicketRequest>(ticket()).unwrap()).unwrap();
    for k in sample.as_object().unwrap().keys() {
        assert!(props.contains_key(k), "{k} not in openapi.json");
    }
}

#[tokio::test]
async fn a_signed_link_shows_one_request_and_reopens_it_until_revoked_or_expired() {
    let s = start().await;
    let c = reqwest::Client::new();
    let created: Value =
        c.post(format!("{}/api/tickets", s.base)).json(&ticket()).send().await.unwrap().json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let token = guichet_intake::link::issue(b"link-secret", &id, created["created_at"].as_str().unwrap(), 0);
    let get = |t: String| c.get(format!("{}/api/requests/{t}", s.base)).send();
    let r = get(token.clone()).await.unwrap();
    assert_eq!(r.status(), 200);
    let mine: Value = r.json().await.unwrap();
    assert_eq!((mine["id"].as_str(), mine["status"].as_str()), (Some(id.as_str()), Some("open")));
    // Reopen: not while open; yes once closed.
    let reopen = |t: String| c.post(format!("{}/api/requests/{t}/reopen", s.base)).send();
    assert_eq!(reopen(token.clone()).await.unwrap().status(), 409);
    let i = id.clone();
    s.with_store(move |st| st.set_status(&i, guichet_core::wire::TicketStatus::Closed).unwrap()).await;
    assert_eq!(reopen(token.clone()).await.unwrap().status(), 200);
    assert_eq!(get(token.clone()).await.unwrap().json::<Value>().await.unwrap()["status"], "open");
    // Forged, from another secret, or revoked: 404; expired: 410.
    let forged = format!("{}x", &token[..token.len() - 1]);
    assert_eq!(get(forged).await.unwrap().status(), 404);
    assert_eq!(
        get(guichet_intake::link::issue(b"other", &id, created["created_at"].as_str().unwrap(), 0))
            .await
            .unwrap()
            .status(),
        404
    );
    let old = (chrono::Utc::now() - chrono::Duration::days(guichet_intake::link::LINK_DAYS + 1)).to_rfc3339();
    let r = get(guichet_intake::link::issue(b"link-secret", &id, &old, 0)).await.unwrap();
    assert_eq!(r.status(), 410);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "link_expired");
    let i = id.clone();
    assert!(s.with_store(move |st| st.revoke_links(&i).unwrap()).await);
    assert_eq!(get(token.clone()).await.unwrap().status(), 404, "revoked");
    assert_eq!(
        get(guichet_intake::link::issue(b"link-secret", &id, created["created_at"].as_str().unwrap(), 1))
            .await
            .unwrap()
            .status(),
        200,
        "a new link works"
    );
    assert_eq!(get("garbage".into()).await.unwrap().status(), 404);
}

#[tokio::test]
async fn an_identity_signed_to_live_for_ever_is_refused() {
    let s = start().await;
    let mut t = ticket();
    t["identity"] = identity("ada@example.com", i64::MAX, SECRET);
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "identity_too_long_lived");
    t["identity"] = identity("ada@example.com", chrono::Utc::now().timestamp() + 3600, SECRET);
    let r = reqwest::Client::new().post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 201, "an hour is fine");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 1);
}

#[test]
fn allowed_origins_are_origins_and_never_a_wildcard() {
    use guichet_intake::parse_origins;
    assert_eq!(
        parse_origins("https://portal.example, http://localhost:3000").unwrap(),
        ["https://portal.example", "http://localhost:3000"]
    );
    assert_eq!(parse_origins("https://portal.example/").unwrap(), ["https://portal.example"]);
    assert!(parse_origins("*").unwrap_err().contains("`*` is not accepted"));
    assert!(parse_origins("https://portal.example/help").unwrap_err().contains("is not an origin"));
    assert!(parse_origins("portal.example").unwrap_err().contains("GUICHET_ALLOWED_ORIGINS: \"portal.example\""));
    assert!(parse_origins("ftp://portal.example").unwrap_err().contains("is not an origin"));
}

#[test]
fn a_wildcard_origin_stops_the_server_before_it_listens() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
        .args(["--addr", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("t.db"))
        .env("GUICHET_ALLOWED_ORIGINS", "*")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`*` is not accepted"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
}

#[test]
fn a_bad_database_pool_size_stops_the_server_before_it_connects() {
    for bad in ["0", "lots", "5000"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
            .args(["--addr", "127.0.0.1:0", "--db", "host=/nonexistent user=nobody dbname=none"])
            .env("GUICHET_DB_POOL", bad)
            .env_remove("GUICHET_CONFIG")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("GUICHET_DB_POOL: a number of connections from 1 to 1000")
        );
    }
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let s = start().await;
    let c = reqwest::Client::new();
    let url = format!("{}/api/tickets", s.base);
    let body = ticket().to_string();
    // A form post from another site (text/plain needs no CORS preflight): refused by origin.
    let r = c
        .post(&url)
        .header("origin", "https://evil.example")
        .header("content-type", "text/plain")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "origin_not_allowed");
    // Even as JSON, from a site not on the allow-list.
    let r = c
        .post(&url)
        .header("origin", "https://evil.example")
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Not JSON, whatever the origin: 415.
    let r = c.post(&url).header("content-type", "text/plain").body(body.clone()).send().await.unwrap();
    assert_eq!(r.status(), 415);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "json_required");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 0);
    // The allowed portal, and the pane served by the intake itself (same origin), may.
    let r = c.post(&url).header("origin", "https://portal.example").json(&ticket()).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let mut t = ticket();
    t["title"] = "Another problem".into();
    let r = c.post(&url).header("origin", s.base.as_str()).json(&t).send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 2);
}

#[tokio::test]
async fn uploads_have_quotas_and_unlinked_ones_are_collected() {
    use guichet_intake::store::UploadQuota;
    let file = b"2026-11-22 10:00:01 error 42 in mail flow\n".to_vec(); // 42 bytes
    let s = start_with(Config { upload_quota: UploadQuota { per_uploader: 100, total: 10_000 }, ..config() }).await;
    let c = reqwest::Client::new();
    let up = |name: &str| {
        c.post(format!("{}/api/attachments", s.base)).query(&[("filename", name)]).body(file.clone()).send()
    };
    let a: Value = up("a.log").await.unwrap().json().await.unwrap();
    let b: Value = up("b.log").await.unwrap().json().await.unwrap();
    let r = up("c.log").await.unwrap();
    assert_eq!(r.status(), 429, "126 bytes unlinked from one address > 100");
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "upload_quota");
    // Once linked to a ticket, they no longer count.
    let mut t = ticket();
    t["attachments"] = json!([a["id"], b["id"]]);
    assert_eq!(c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap().status(), 201);
    let d: Value = up("d.log").await.unwrap().json().await.unwrap();
    assert!(d["id"].is_string());
    // Collection: the unlinked upload goes, rows and file; the linked ones stay.
    let files = || s.sqlite.as_ref().map(|st| std::fs::read_dir(st.attachments_dir()).unwrap().count());
    assert_eq!(s.rows("SELECT COUNT(*) FROM attachments").await, 3);
    assert!(matches!(files(), None | Some(3)));
    let later =
        (chrono::Utc::now() + chrono::Duration::seconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let l = later.clone();
    assert_eq!(s.with_store(move |st| st.collect_unlinked(&l).unwrap()).await, (1, file.len() as u64));
    assert!(matches!(files(), None | Some(2)));
    assert_eq!(s.rows("SELECT COUNT(*) FROM attachments").await, 2);
    assert_eq!(s.with_store(move |st| st.collect_unlinked(&later).unwrap()).await, (0, 0));
    // The server's total cap: 507.
    let s = start_with(Config { upload_quota: UploadQuota { per_uploader: 10_000, total: 60 }, ..config() }).await;
    let up = |name: &str| {
        c.post(format!("{}/api/attachments", s.base)).query(&[("filename", name)]).body(file.clone()).send()
    };
    assert_eq!(up("a.log").await.unwrap().status(), 201);
    let r = up("b.log").await.unwrap();
    assert_eq!(r.status(), 507);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "upload_capacity");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_visitor_has_a_rate_limit_bucket_and_forged_headers_do_not() {
    let health = |s: &Server, xff: &'static str| {
        reqwest::Client::new().get(format!("{}/api/health", s.base)).header("x-forwarded-for", xff).send()
    };
    // The test client (127.0.0.1) is the proxy: visitors are told apart by X-Forwarded-For.
    let proxied = start_with(Config {
        rate_limit: Some((1, 2)),
        trusted_proxies: guichet_intake::parse_proxies("127.0.0.0/8").unwrap(),
        ..config()
    })
    .await;
    for _ in 0..2 {
        assert_eq!(health(&proxied, "203.0.113.5").await.unwrap().status(), 200);
    }
    assert_eq!(health(&proxied, "203.0.113.5").await.unwrap().status(), 429, "that visitor's burst is spent");
    assert_eq!(health(&proxied, "198.51.100.7, 127.0.0.1").await.unwrap().status(), 200, "another visitor is not");
    // Not trusted: the header is anyone's to forge and changes nothing (one bucket, the peer's).
    let direct = start_with(Config { rate_limit: Some((1, 2)), ..config() }).await;
    assert_eq!(health(&direct, "203.0.113.1").await.unwrap().status(), 200);
    assert_eq!(health(&direct, "203.0.113.2").await.unwrap().status(), 200);
    assert_eq!(health(&direct, "203.0.113.3").await.unwrap().status(), 429);
    assert!(guichet_intake::parse_proxies("10.0.0.0/8, ::1").is_ok());
    assert!(guichet_intake::parse_proxies("proxy.example").unwrap_err().contains("\"proxy.example\""));
}

#[tokio::test]
async fn sqlite_an_online_backup_restores_to_the_same_rows_and_files() {
    use guichet_intake::store::TicketStore;
    let s = start().await;
    let c = reqwest::Client::new();
    let up = s.upload("screen.png", PNG.to_vec()).await;
    let mut t = ticket();
    t["attachments"] = json!([up["id"]]);
    assert_eq!(c.post(format!("{}/api/tickets", s.base)).json(&t).send().await.unwrap().status(), 201);
    assert_eq!(
        c.post(format!("{}/api/tickets", s.base))
            .json(&ticket())
            .header("idempotency-key", "k2")
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let db = s.sqlite_path().expect("a SQLite test (the PostgreSQL pass leaves out sqlite_ tests)");
    let copy = db.with_file_name("copy.db");
    s.sqlite.as_ref().unwrap().backup(&copy).unwrap();
    let restored = SqliteStore::open(&copy).unwrap();
    assert_eq!(restored.ticket_count().unwrap(), 2);
    for table in ["tickets", "attachments", "deliveries"] {
        let q = format!("SELECT COUNT(*) FROM {table}");
        assert_eq!(sqlite_rows(&copy, &q), s.rows(&q).await, "{table}");
    }
    let (meta, bytes) = restored.attachment(up["id"].as_str().unwrap()).unwrap().unwrap();
    assert_eq!((meta.filename.as_str(), bytes.as_slice()), ("screen.png", PNG));
    let ready: Value = reqwest::get(format!("{}/api/ready", s.base)).await.unwrap().json().await.unwrap();
    assert_eq!(ready["status"], "ready");
}

#[tokio::test]
async fn metrics_count_tickets_requests_and_rate_limits_for_the_agent_only() {
    let s = start_with(Config { rate_limit: Some((1, 3)), ..config() }).await;
    let c = reqwest::Client::new();
    assert_eq!(c.post(format!("{}/api/tickets", s.base)).json(&ticket()).send().await.unwrap().status(), 201);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(c.get(format!("{}/api/health", s.base)).send().await.unwrap().status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    let get = |token: Option<&str>| {
        let mut rb = c.get(format!("{}/metrics", s.base));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        rb.send()
    };
    assert_eq!(get(None).await.unwrap().status(), 401);
    assert_eq!(get(Some("wrong")).await.unwrap().status(), 401);
    // Scrapes are not rate limited.
    let r = get(Some("agent-token")).await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("guichet_tickets_created_total{kind=\"support_request\"} 1"), "{text}");
    assert!(
        text.contains(
            "guichet_http_request_duration_seconds_count{route=\"/api/tickets\",method=\"POST\",status=\"2xx\"} 1"
        ),
        "{text}"
    );
    let limited: f64 =
        text.lines().find_map(|l| l.strip_prefix("guichet_rate_limited_requests_total ")).unwrap().parse().unwrap();
    assert!(limited >= 1.0, "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_are_json_lines_with_the_request_id_and_never_a_link_token() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(dir.path().join("t.db"))
        .env("GUICHET_LINK_SECRET", "s")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap(); // "listening": the server is up
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let c = reqwest::Client::new();
    let r =
        c.get(format!("http://127.0.0.1:{port}/api/health")).header("x-request-id", "req-123").send().await.unwrap();
    assert_eq!(r.headers()["x-request-id"], "req-123", "echoed");
    let r = c.get(format!("http://127.0.0.1:{port}/api/health")).send().await.unwrap();
    let made = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made.len(), 36, "a UUID when the client sends none: {made}");
    c.get(format!("http://127.0.0.1:{port}/api/requests/GU-X.99.SECRETSIGNATURE")).send().await.unwrap();
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("{token}")) {
        let l = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("a log line for each request");
        seen.push(l);
    }
    let _ = child.kill();
    let _ = child.wait();
    let lines: Vec<Value> =
        seen.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    assert!(
        lines.iter().any(|l| l["span"]["request_id"] == "req-123" && l["span"]["path"] == "/api/health"),
        "{seen:?}"
    );
    assert!(seen.iter().all(|l| !l.contains("SECRETSIGNATURE")), "{seen:?}");
}

#[test]
fn a_settings_file_is_read_and_the_environment_overrides_it() {
    use guichet_intake::settings_file;
    let s = settings_file(
        "g.toml",
        "rate_limit = \"5,10\"\nupload_quota_mb = 20\ntrusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n",
    )
    .unwrap();
    assert_eq!(s["GUICHET_RATE_LIMIT"], "5,10");
    assert_eq!(s["GUICHET_UPLOAD_QUOTA_MB"], "20");
    assert_eq!(s["GUICHET_TRUSTED_PROXIES"], "10.0.0.0/8,::1");
    assert!(settings_file("g.toml", "agent_token = \"x\"\n")
        .unwrap_err()
        .contains("secrets come from the environment (GUICHET_AGENT_TOKEN)"));
    assert!(settings_file("g.toml", "rate_limt = \"1,2\"\n").unwrap_err().contains("unknown setting `rate_limt`"));
    assert!(settings_file("g.toml", "rate_limit = \n").unwrap_err().starts_with("g.toml: "));
    // The binary: the file's bad origin stops it; the environment's good one overrides it.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("guichet.toml");
    std::fs::write(
        &cfg,
        format!("allowed_origins = \"*\"\naddr = \"127.0.0.1:0\"\ndb = \"{}\"\n", dir.path().join("t.db").display()),
    )
    .unwrap();
    let run = |env: &[(&str, &str)]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"));
        c.arg("--config").arg(&cfg).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        for (k, v) in env {
            c.env(k, v);
        }
        c.spawn().unwrap()
    };
    let out = run(&[]).wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GUICHET_ALLOWED_ORIGINS: `*` is not accepted"));
    let mut ok = run(&[("GUICHET_ALLOWED_ORIGINS", "https://portal.example")]);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(ok.stdout.take().unwrap()), &mut line).unwrap();
    let _ = ok.kill();
    let _ = ok.wait();
    assert!(line.contains("listening"), "{line}");
    assert!(line.contains("t.db"), "the file's db setting was used: {line}");
}

/// A session id as the pane makes them (16 to 64 of `[0-9a-z]`).
fn session(n: usize) -> String {
    format!("s{n:0>20}")
}

/// Posts one event batch as `navigator.sendBeacon` does (a `text/plain` string body).
async fn beacon(s: &Server, body: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/api/events", s.base))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn insights(s: &Server, query: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}/api/agent/insights{query}", s.base))
        .bearer_auth("agent-token")
        .send()
        .await
        .unwrap()
}

/// Visitors' events are kept raw until their day and the next are over, then rolled up into
/// daily counts without session ids; the owner's figures show a query only once k sessions
/// made it (k − 1 never, by JSON or any CSV), and personal data never reaches the store.
#[tokio::test]
async fn events_roll_up_into_figures_that_show_a_query_only_past_k_sessions() {
    let s = start().await;
    let today = chrono::Utc::now().date_naive().to_string();
    let search = |q: &str, results: u32| json!({"type": "search", "query": q, "locale": "en", "results": results});
    for n in 0..6 {
        let mut events = vec![search("Refund", 4), search("invoice for jane.doe@example.com", 2)];
        if n < 4 {
            events.push(search("vpn setup", 0)); // 4 sessions: below k = 5
        }
        if n < 5 {
            events.push(search("partner portal", 0)); // 5 sessions: a content gap shown
        }
        events.push(json!({"type": "result_open", "query": "refund", "locale": "en", "position": 1 + n % 2,
                           "article_id": "refund-policy"}));
        events.push(json!({"type": "article_view", "article_id": "refund-policy", "locale": "en"}));
        if n == 0 {
            events.push(json!({"type": "contacts", "region": "FR"}));
            events.push(json!({"type": "ticket", "from_article": "refund-policy"}));
        }
        let body = json!({"session": session(n), "seq": 1, "events": events}).to_string();
        assert_eq!(beacon(&s, &body).await.0, 204, "{body}");
    }
    let c = reqwest::Client::new();
    c.post(format!("{}/api/feedback", s.base))
        .json(&json!({"article_id": "refund-policy", "locale": "en", "helpful": true}))
        .send()
        .await
        .unwrap();
    // Scrubbed before storing: no address in any raw event.
    assert_eq!(s.rows("SELECT COUNT(*) FROM analytics_events WHERE query LIKE '%@%'").await, 0);
    assert_eq!(s.rows("SELECT COUNT(*) FROM analytics_events WHERE query = 'invoice for [email]'").await, 6);
    // Until the day after is over, nothing is rolled up and the figures are empty.
    let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
    assert!(s.with_store(move |st| st.roll_up_analytics(tomorrow)).await.unwrap().is_empty());
    let period = format!("?from={today}&to={today}");
    let early: Value = insights(&s, &period).await.json().await.unwrap();
    assert_eq!(early["searches"], 0);
    // Two days on (a moved clock), the day is rolled up once and its raw events are gone.
    let later = chrono::Utc::now() + chrono::Duration::days(2);
    assert_eq!(s.with_store(move |st| st.roll_up_analytics(later)).await.unwrap(), vec![today.clone()]);
    assert!(s.with_store(move |st| st.roll_up_analytics(later)).await.unwrap().is_empty());
    assert_eq!(s.rows("SELECT COUNT(*) FROM analytics_events").await, 0);
    assert_eq!(s.rows("SELECT COUNT(*) FROM analytics_batches").await, 0);
    let r = insights(&s, &period).await;
    assert_eq!(r.status(), 200);
    let f: Value = r.json().await.unwrap();
    assert_eq!(f["searches"], 6 + 6 + 4 + 5);
    assert_eq!(f["zero_result_searches"], 4 + 5);
    assert_eq!(f["queries_below_k"], 1);
    let queries = |list: &str| -> Vec<String> {
        f[list].as_array().unwrap().iter().map(|q| q["query"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(queries("top_searches"), ["invoice for [email]", "refund", "partner portal"]);
    assert_eq!(queries("no_results"), ["partner portal"]);
    assert_eq!(f["top_searches"][1], json!({"query": "refund", "searches": 6, "sessions": 6}));
    let opens = f["opens_by_position"].as_array().unwrap();
    assert_eq!((opens[0]["position"].clone(), opens[0]["opens"].clone()), (json!(1), json!(3)));
    assert_eq!(
        f["articles"][0],
        json!({"article_id": "refund-policy", "views": 6, "helpful": 1, "not_helpful": 0, "tickets": 1})
    );
    assert_eq!((f["sessions_engaged"].clone(), f["sessions_deflected"].clone()), (json!(6), json!(5)));
    assert!((f["deflection_rate"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-9);
    assert_eq!(f["contacts_by_region"], json!([{"item": "FR", "count": 1}]));
    // The query made by k − 1 sessions is nowhere: not in the JSON, not in any CSV table.
    assert!(!f.to_string().contains("vpn"));
    for table in guichet_intake::routes::insights::TABLES {
        let r = c
            .get(format!("{}/api/agent/insights/{table}.csv{period}", s.base))
            .bearer_auth("agent-token")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{table}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = r.text().await.unwrap();
        assert!(!text.contains("vpn"), "{table}: {text}");
        if table == "no_results" {
            assert_eq!(text, "query,searches,sessions\npartner portal,5,5\n");
        }
    }
    // A locale filter keeps only that locale's searches.
    let fr: Value = insights(&s, &format!("{period}&locale=fr")).await.json().await.unwrap();
    assert_eq!((fr["searches"].clone(), fr["top_searches"].clone()), (json!(0), json!([])));
    // Events of a day already rolled up (early, by `roll-up --now`) add to its counts.
    let late = json!({"session": session(7), "seq": 1, "events": [search("refund", 4)]}).to_string();
    assert_eq!(beacon(&s, &late).await.0, 204);
    s.with_store(move |st| st.roll_up_analytics(later)).await.unwrap();
    let f: Value = insights(&s, &period).await.json().await.unwrap();
    assert_eq!(f["top_searches"][0], json!({"query": "refund", "searches": 7, "sessions": 7}));
    assert_eq!(f["sessions_engaged"], 7);
}

/// Garbage, unknown event types, oversized or replayed batches and bursts get clear 4xx and
/// store nothing; the owner's figures need the agent token and a valid period.
#[tokio::test]
async fn bad_event_batches_get_clear_errors_and_store_nothing() {
    let s = start().await;
    let batch = |seq: u32, event: Value| json!({"session": session(1), "seq": seq, "events": [event]}).to_string();
    let view = json!({"type": "article_view", "article_id": "refund-policy", "locale": "en"});
    assert_eq!(beacon(&s, &batch(1, view.clone())).await.0, 204);
    let (status, body) = beacon(&s, &batch(1, view.clone())).await;
    assert_eq!((status, body["error"].as_str()), (409, Some("batch_replayed")));
    let (status, body) = beacon(&s, "{not json").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("malformed_json")));
    let (status, body) = beacon(&s, &batch(2, json!({"type": "pageview", "url": "https://x"}))).await;
    assert_eq!((status, body["error"].as_str()), (422, Some("invalid_events")));
    assert!(body["message"].as_str().unwrap().contains("pageview"), "{body}");
    let (status, body) = beacon(&s, &batch(3, json!({"type": "contacts", "region": "France"}))).await;
    assert_eq!(status, 422);
    assert!(body["message"].as_str().unwrap().starts_with("events[0]: region"), "{body}");
    let long = json!({"type": "search", "query": "x".repeat(9000), "locale": "en", "results": 1});
    let (status, body) = beacon(&s, &batch(4, long)).await;
    assert_eq!((status, body["error"].as_str()), (413, Some("too_large")));
    assert_eq!(s.rows("SELECT COUNT(*) FROM analytics_events").await, 1);
    // The figures: agent token, a valid period, a known table.
    let c = reqwest::Client::new();
    assert_eq!(c.get(format!("{}/api/agent/insights", s.base)).send().await.unwrap().status(), 401);
    let r = insights(&s, "?from=2026-13-01").await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_period");
    assert_eq!(insights(&s, "?from=2026-12-02&to=2026-12-01").await.status(), 422);
    assert_eq!(insights(&s, "?locale=xx").await.status(), 422);
    assert_eq!(insights(&s, "/passwords.csv").await.status(), 404);
    // Analytics off: refused, nothing stored.
    let off = start_with(Config { analytics: false, ..config() }).await;
    assert_eq!(beacon(&off, &batch(1, view.clone())).await.0, 404);
    assert_eq!(off.rows("SELECT COUNT(*) FROM analytics_events").await, 0);
    // A burst from one address past the events rate: 429.
    let limited = start_with(Config { events_rate: Some((1, 3)), ..config() }).await;
    let mut statuses = Vec::new();
    for seq in 1..=6 {
        statuses.push(beacon(&limited, &batch(seq, view.clone())).await.0);
    }
    assert_eq!(&statuses[..3], &[204; 3]);
    assert!(statuses[3..].contains(&429), "{statuses:?}");
}

/// Runs `guichet-intake --db <the server's database> ARGS` and returns its standard output.
fn intake_cli(s: &Server, args: &[&str]) -> String {
    let db = match &s.db {
        Db::Sqlite(p) => p.display().to_string(),
        Db::Postgres(d) => d.url.clone(),
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
        .args(["--db", &db])
        .args(args)
        .env_remove("GUICHET_CONFIG")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A requester's data is exported (by their verified identity over HTTP, by email for the
/// operator), then erased: no trace of them is left in any table, the database files or the
/// attachment folder, while the tickets still count and another requester's stay whole.
#[tokio::test]
async fn a_requester_is_exported_then_erased_without_a_trace_and_counts_kept() {
    let s = start().await;
    let c = reqwest::Client::new();
    let exp = chrono::Utc::now().timestamp() + 600;
    let note = s.upload("ada-notes.txt", b"ADA-SECRET-NOTE: the mail server of Ada Admin".to_vec()).await;
    let mut ada = ticket();
    ada["identity"] = identity("ada@example.com", exp, SECRET);
    ada["attachments"] = json!([note["id"]]);
    let first = s.file(&ada).await;
    let mut again = ticket();
    again["identity"] = identity("ada@example.com", exp, SECRET);
    again["title"] = json!("Ada Admin again: mail flow");
    s.file(&again).await;
    let mut bob = ticket();
    bob["email"] = json!("bob@example.com");
    bob["contact_name"] = json!("Bob Builder");
    let bob_id = s.file(&bob).await;
    let (f, b) = (first.clone(), bob_id.clone());
    s.with_store(move |st| {
        st.add_reply(&f, "zendesk", "r1", "Agent Zoe", "Hello Ada Admin, we are on it.").unwrap();
        st.add_reply(&b, "zendesk", "r2", "Agent Zoe", "Hello Bob.").unwrap();
    })
    .await;
    // Access: the visitor's own export, by their signed identity.
    let r = c
        .post(format!("{}/api/my/export", s.base))
        .json(&json!({"identity": identity("ada@example.com", exp, SECRET)}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mine: Value = r.json().await.unwrap();
    let tickets = mine["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 2);
    assert_eq!(tickets[0]["ticket"]["contact_name"], "Ada Admin");
    assert_eq!(tickets[0]["attachments"][0]["filename"], "ada-notes.txt");
    assert_eq!(tickets[0]["replies"][0]["body"], "Hello Ada Admin, we are on it.");
    let forged = c
        .post(format!("{}/api/my/export", s.base))
        .json(&json!({"identity": identity("ada@example.com", exp, b"wrong")}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    // The operator's export by email (any case) finds the same two.
    let by_email: Value = serde_json::from_str(&intake_cli(&s, &["export", "--email", "ADA@Example.com"])).unwrap();
    assert_eq!(by_email["tickets"].as_array().unwrap().len(), 2);
    // Erasure.
    assert_eq!(intake_cli(&s, &["erase", "--email", "ada@example.com"]).trim(), "erased 2 tickets");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 3, "counts are kept");
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets WHERE erased_at IS NOT NULL").await, 2);
    assert_eq!(s.rows("SELECT COUNT(*) FROM attachments").await, 0);
    let traces = ["ada@example.com", "Ada Admin", "ADA-SECRET", "Mail flow stopped", "+33 1 23 45 67 89", "u-42"];
    for t in traces {
        let hits = s
            .rows(&format!(
                "SELECT (SELECT COUNT(*) FROM tickets WHERE id <> '{bob_id}' AND (payload LIKE '%{t}%' OR title LIKE '%{t}%' \
                 OR email LIKE '%{t}%' OR COALESCE(user_id, '') LIKE '%{t}%')) \
                 + (SELECT COUNT(*) FROM replies WHERE body LIKE '%{t}%' OR author LIKE '%Zoe%' AND ticket_id <> '{bob_id}')"
            ))
            .await;
        assert_eq!(hits, 0, "{t} left in a table");
    }
    if let Some(db) = s.sqlite_path() {
        // The raw files: the database, its write-ahead log, the attachment folder.
        let mut files = vec![db.to_path_buf(), db.with_extension("db-wal")];
        files.extend(
            std::fs::read_dir(s.sqlite.as_ref().unwrap().attachments_dir()).unwrap().map(|e| e.unwrap().path()),
        );
        for f in files.iter().filter(|f| f.exists()) {
            let bytes = std::fs::read(f).unwrap();
            for t in ["ada@example.com", "Ada Admin", "ADA-SECRET"] {
                assert!(!bytes.windows(t.len()).any(|w| w == t.as_bytes()), "{t} in {}", f.display());
            }
        }
    }
    // Nothing left to export for her; Bob's ticket and reply are whole.
    let after: Value = serde_json::from_str(&intake_cli(&s, &["export", "--email", "ada@example.com"])).unwrap();
    assert_eq!(after["tickets"], json!([]));
    let bob_export: Value = serde_json::from_str(&intake_cli(&s, &["export", "--email", "bob@example.com"])).unwrap();
    assert_eq!(bob_export["tickets"][0]["ticket"]["contact_name"], "Bob Builder");
    assert_eq!(bob_export["tickets"][0]["replies"][0]["body"], "Hello Bob.");
}

/// Retention, with a moved clock: closed tickets are erased (once) or deleted past their days,
/// open ones and recent ones never.
#[tokio::test]
async fn retention_erases_or_deletes_closed_tickets_past_their_days_and_nothing_else() {
    use guichet_intake::store::privacy::{apply_retention, Retention, RetentionMode};
    let s = start().await;
    let c = reqwest::Client::new();
    let (a, open, b) = (s.file(&ticket()).await, s.file(&ticket()).await, s.file(&ticket()).await);
    for id in [&a, &b] {
        let r =
            c.post(format!("{}/api/agent/tickets/{id}/close", s.base)).bearer_auth("agent-token").send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let run = |days: i64, mode| {
        let at = chrono::Utc::now() + chrono::Duration::days(days);
        s.with_store(move |st| apply_retention(st, at, &Retention { days: 30, mode }).unwrap())
    };
    assert_eq!(run(29, RetentionMode::Anonymise).await, 0, "not yet");
    assert_eq!(run(31, RetentionMode::Anonymise).await, 2);
    assert_eq!(run(31, RetentionMode::Anonymise).await, 0, "erased once");
    let erased: Vec<String> = s.texts(&format!("SELECT title, email FROM tickets WHERE id = '{a}'")).await;
    assert_eq!(erased, ["[erased]", ""]);
    assert_eq!(s.texts(&format!("SELECT title FROM tickets WHERE id = '{open}'")).await, ["Mail flow stopped"]);
    assert_eq!(run(31, RetentionMode::Delete).await, 2);
    assert_eq!(s.rows("SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(s.rows(&format!("SELECT COUNT(*) FROM tickets WHERE id = '{open}'")).await, 1);
    assert_eq!(s.rows(&format!("SELECT COUNT(*) FROM deliveries WHERE ticket_id IN ('{a}', '{b}')")).await, 0);
}

impl Server {
    /// Uploads an attachment (`201`) and returns its JSON (`id`, `filename`, `mime`, `size`).
    async fn upload(&self, name: &str, bytes: Vec<u8>) -> Value {
        let r = reqwest::Client::new()
            .post(format!("{}/api/attachments", self.base))
            .query(&[("filename", name)])
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json().await.unwrap()
    }

    /// Files a ticket (`201`) and returns its id.
    async fn file(&self, body: &Value) -> String {
        let r = reqwest::Client::new().post(format!("{}/api/tickets", self.base)).json(body).send().await.unwrap();
        assert_eq!(r.status(), 201);
        r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    }
}

/// Bad analytics, insight and retention settings stop the server before it opens anything, and
/// the roll-up command refuses a time it cannot read.
#[test]
fn bad_analytics_and_retention_settings_stop_the_server_with_the_setting_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db").display().to_string();
    for (var, value, words) in [
        ("GUICHET_ANALYTICS", "maybe", "GUICHET_ANALYTICS must be on or off"),
        ("GUICHET_EVENTS_RATE", "fast", "GUICHET_EVENTS_RATE must be per_second,burst or off"),
        ("GUICHET_INSIGHTS_K", "0", "GUICHET_INSIGHTS_K must be a whole number"),
        ("GUICHET_RETENTION_DAYS", "soon", "GUICHET_RETENTION_DAYS must be a whole number of days"),
        ("GUICHET_RETENTION_MODE", "shred", "GUICHET_RETENTION_MODE must be anonymise or delete"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
            .args(["--addr", "127.0.0.1:0", "--db", &db])
            .env(var, value)
            .env("GUICHET_RETENTION_DAYS", if var == "GUICHET_RETENTION_DAYS" { value } else { "30" })
            .env_remove("GUICHET_CONFIG")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{var}: {err}");
        assert!(err.contains(words), "{var}: {err}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
        .args(["--db", &db, "roll-up", "--now", "tomorrow"])
        .env_remove("GUICHET_CONFIG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--now: not an RFC 3339 time"));
}
