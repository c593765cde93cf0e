//! SQLite storage of tickets and feedback (WAL journal, `synchronous=FULL`: a commit is on
//! disk before the server answers 201).

use guichet_core::ticket::TicketRequest;
use guichet_core::Locale;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Mutex;

/// A ticket as stored.
#[derive(Debug, Clone)]
pub struct StoredTicket {
    /// Public ticket id, `GU-` and 10 upper-case hex digits.
    pub id: String,
    /// RFC 3339 UTC time of storage.
    pub created_at: String,
    /// The validated request.
    pub request: TicketRequest,
}

/// Result of [`SqliteStore::insert_ticket`].
#[derive(Debug)]
pub enum InsertOutcome {
    /// A new row was committed.
    Created(StoredTicket),
    /// The idempotency key was seen before with the same body: the earlier ticket.
    Replayed(StoredTicket),
    /// The idempotency key was seen before with a different body.
    KeyConflict,
}

/// Ticket storage in one SQLite file, one connection behind a mutex (SQLite serialises
/// writers anyway).
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    request_sha256 TEXT NOT NULL,
    issue_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    plan TEXT NOT NULL,
    title TEXT NOT NULL,
    email TEXT NOT NULL,
    locale TEXT NOT NULL,
    region TEXT,
    from_article TEXT,
    payload TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    article_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    helpful INTEGER NOT NULL
);
";

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and applies the schema.
    ///
    /// Errors: the SQLite error when the file cannot be opened or written.
    pub fn open(path: &Path) -> rusqlite::Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(SqliteStore { conn: Mutex::new(conn) })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks the database answers.
    pub fn ping(&self) -> rusqlite::Result<()> {
        self.lock().query_row("SELECT 1", [], |_| Ok(()))
    }

    /// Stores a validated ticket, honouring `key` (see [`InsertOutcome`]). The row is committed
    /// before this returns `Created`.
    pub fn insert_ticket(&self, req: &TicketRequest, key: Option<&str>) -> rusqlite::Result<InsertOutcome> {
        let payload = serde_json::to_string(req).expect("a ticket serialises");
        let sha = hex(&Sha256::digest(payload.as_bytes()));
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(k) = key {
            let existing = tx
                .query_row("SELECT id, created_at, request_sha256, payload FROM tickets WHERE idempotency_key = ?1", [k], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
                })
                .optional()?;
            if let Some((id, created_at, old_sha, old_payload)) = existing {
                if old_sha != sha {
                    return Ok(InsertOutcome::KeyConflict);
                }
                let request = serde_json::from_str(&old_payload).expect("stored payload is a ticket");
                return Ok(InsertOutcome::Replayed(StoredTicket { id, created_at, request }));
            }
        }
        let id = format!("GU-{}", &uuid::Uuid::new_v4().simple().to_string()[..10].to_uppercase());
        let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        tx.execute(
            "INSERT INTO tickets (id, created_at, idempotency_key, request_sha256, issue_type, severity, plan, title, email, locale, region, from_article, payload)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                id,
                created_at,
                key,
                sha,
                enum_str(&req.issue_type),
                enum_str(&req.severity),
                enum_str(&req.plan),
                req.title.trim(),
                req.email.trim(),
                req.locale.tag(),
                req.region,
                req.from_article,
                payload
            ],
        )?;
        tx.commit()?;
        Ok(InsertOutcome::Created(StoredTicket { id, created_at, request: req.clone() }))
    }

    /// Records one "did this help?" answer.
    pub fn insert_feedback(&self, article_id: &str, locale: Locale, helpful: bool) -> rusqlite::Result<()> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self.lock().execute(
            "INSERT INTO feedback (created_at, article_id, locale, helpful) VALUES (?1, ?2, ?3, ?4)",
            params![now, article_id, locale.tag(), helpful],
        )?;
        Ok(())
    }

    /// Number of stored tickets.
    pub fn ticket_count(&self) -> rusqlite::Result<u64> {
        self.lock().query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
