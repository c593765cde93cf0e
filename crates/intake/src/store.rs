//! Storage of tickets, attachments and feedback behind [`TicketStore`], so another backend
//! (PostgreSQL) can replace SQLite when one machine is not enough. [`SqliteStore`] keeps
//! everything in one SQLite file (WAL journal, `synchronous=FULL`: a commit is on disk before
//! the server answers 201).

use guichet_core::ticket::TicketRequest;
use guichet_core::wire::TicketStatus;
use guichet_core::Locale;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Mutex;

/// Why storage failed. The HTTP layer answers 503 and asks for a retry with the same
/// idempotency key: nothing acknowledged is lost.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed (locked, full, corrupt, closed).
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// Attachment files could not be written or read.
    #[error("attachment files: {0}")]
    Files(#[from] std::io::Error),
    /// A stored value could not be encoded or decoded.
    #[error("stored data: {0}")]
    Data(#[from] serde_json::Error),
}

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

/// Result of [`TicketStore::insert_ticket`].
#[derive(Debug)]
pub enum InsertOutcome {
    /// A new row was committed.
    Created(StoredTicket),
    /// The idempotency key was seen before with the same body: the earlier ticket.
    Replayed(StoredTicket),
    /// The idempotency key was seen before with a different body.
    KeyConflict,
    /// An attachment id is unknown or already belongs to another ticket.
    UnknownAttachment(String),
}

/// Who filed a ticket, once the intake verified the signed identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Host user id.
    pub user_id: String,
    /// Host tenant id.
    pub tenant: String,
}

/// A stored attachment's metadata (the `201` body of an upload).
pub use guichet_core::wire::Attachment;

/// One line of "My requests".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TicketSummary {
    /// Ticket id.
    pub id: String,
    /// Title as stored.
    pub title: String,
    /// Open or closed.
    pub status: TicketStatus,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// RFC 3339 closing time, when closed.
    pub closed_at: Option<String>,
}

/// Ticket storage. Implementations must make a `Created` ticket durable before returning.
pub trait TicketStore: Send + Sync {
    /// Checks the backend answers.
    fn ping(&self) -> Result<(), StoreError>;
    /// Stores a validated ticket, honouring the idempotency `key` and linking `attachments`.
    fn insert_ticket(
        &self,
        req: &TicketRequest,
        key: Option<&str>,
        verified: Option<&Verified>,
    ) -> Result<InsertOutcome, StoreError>;
    /// Stores an attachment's bytes and metadata (not yet linked to a ticket).
    fn insert_attachment(&self, filename: &str, mime: &str, bytes: &[u8]) -> Result<Attachment, StoreError>;
    /// Records one "did this help?" answer.
    fn insert_feedback(&self, article_id: &str, locale: Locale, helpful: bool) -> Result<(), StoreError>;
    /// Tickets of a verified user: open ones, and closed ones from the last 30 days, newest
    /// first.
    fn tickets_of(&self, who: &Verified) -> Result<Vec<TicketSummary>, StoreError>;
    /// One ticket of a verified user.
    fn ticket_of(&self, who: &Verified, id: &str) -> Result<Option<TicketSummary>, StoreError>;
    /// Sets a ticket's status (open clears `closed_at`; closed sets it to now). Returns whether
    /// the ticket exists.
    fn set_status(&self, id: &str, status: TicketStatus) -> Result<bool, StoreError>;
    /// Tickets not yet delivered to the helpdesk webhook whose next attempt is due.
    fn due_for_forwarding(&self, now: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError>;
    /// Records a delivery result: delivered, or the time of the next attempt.
    fn forwarding_result(&self, id: &str, delivered_at: Option<&str>, next_attempt_at: &str) -> Result<(), StoreError>;
    /// Number of stored tickets.
    fn ticket_count(&self) -> Result<u64, StoreError>;
}

/// SQLite implementation: one connection behind a mutex (SQLite serialises writers anyway);
/// attachment bytes in files beside the database.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    attachments_dir: std::path::PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    idempotency_key TEXT UNIQUE,
    request_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'support_request',
    issue_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    plan TEXT NOT NULL,
    title TEXT NOT NULL,
    email TEXT NOT NULL,
    locale TEXT NOT NULL,
    region TEXT,
    from_article TEXT,
    verified INTEGER NOT NULL DEFAULT 0,
    user_id TEXT,
    tenant TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    closed_at TEXT,
    forwarded_at TEXT,
    forward_next_at TEXT,
    payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_user ON tickets (tenant, user_id);
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    ticket_id TEXT REFERENCES tickets (id),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    article_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    helpful INTEGER NOT NULL
);
";

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, applies the schema, and keeps
    /// attachments in `<path>.attachments/`.
    ///
    /// Errors: the SQLite or I/O error when the file or folder cannot be opened or written.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let mut dir = path.as_os_str().to_owned();
        dir.push(".attachments");
        let attachments_dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&attachments_dir)?;
        Ok(SqliteStore { conn: Mutex::new(conn), attachments_dir })
    }

    /// Folder holding attachment files (named by attachment id).
    pub fn attachments_dir(&self) -> &Path {
        &self.attachments_dir
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn summary(r: &rusqlite::Row) -> rusqlite::Result<TicketSummary> {
    Ok(TicketSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        status: r
            .get::<_, String>(2)?
            .parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?,
        created_at: r.get(3)?,
        closed_at: r.get(4)?,
    })
}

impl TicketStore for SqliteStore {
    fn ping(&self) -> Result<(), StoreError> {
        Ok(self.lock().query_row("SELECT 1", [], |_| Ok(()))?)
    }

    fn insert_ticket(
        &self,
        req: &TicketRequest,
        key: Option<&str>,
        verified: Option<&Verified>,
    ) -> Result<InsertOutcome, StoreError> {
        let payload = serde_json::to_string(req).expect("a ticket serialises");
        let sha = hex::encode(Sha256::digest(payload.as_bytes()));
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(k) = key {
            let existing = tx
                .query_row(
                    "SELECT id, created_at, request_sha256, payload FROM tickets WHERE idempotency_key = ?1",
                    [k],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()?;
            if let Some((id, created_at, old_sha, old_payload)) = existing {
                if old_sha != sha {
                    return Ok(InsertOutcome::KeyConflict);
                }
                let request = serde_json::from_str(&old_payload)?;
                return Ok(InsertOutcome::Replayed(StoredTicket { id, created_at, request }));
            }
        }
        let id = format!("GU-{}", &uuid::Uuid::new_v4().simple().to_string()[..10].to_uppercase());
        let created_at = now_rfc3339();
        tx.execute(
            "INSERT INTO tickets (id, created_at, idempotency_key, request_sha256, kind, issue_type, severity, plan, title, email, locale, region, from_article, verified, user_id, tenant, forward_next_at, payload)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?2, ?17)",
            params![
                id,
                created_at,
                key,
                sha,
                req.kind.as_str(),
                req.issue_type.as_str(),
                req.severity.as_str(),
                req.plan.as_str(),
                req.effective_title(),
                req.email.trim(),
                req.locale.tag(),
                req.region,
                req.from_article,
                verified.is_some(),
                verified.map(|v| v.user_id.as_str()),
                verified.map(|v| v.tenant.as_str()),
                payload
            ],
        )
        ?;
        for a in &req.attachments {
            let n = tx
                .execute("UPDATE attachments SET ticket_id = ?1 WHERE id = ?2 AND ticket_id IS NULL", params![id, a])?;
            if n != 1 {
                return Ok(InsertOutcome::UnknownAttachment(a.clone())); // tx dropped: rolled back
            }
        }
        tx.commit()?;
        Ok(InsertOutcome::Created(StoredTicket { id, created_at, request: req.clone() }))
    }

    fn insert_attachment(&self, filename: &str, mime: &str, bytes: &[u8]) -> Result<Attachment, StoreError> {
        let id = format!("AT-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        // Write and sync the file first, then record it: a row never points at a missing file.
        let path = self.attachments_dir.join(&id);
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&path)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        let sha = hex::encode(Sha256::digest(bytes));
        self.lock().execute(
            "INSERT INTO attachments (id, created_at, filename, mime, size, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, now_rfc3339(), filename, mime, bytes.len() as i64, sha],
        )?;
        Ok(Attachment { id, filename: filename.to_string(), mime: mime.to_string(), size: bytes.len() as u64 })
    }

    fn insert_feedback(&self, article_id: &str, locale: Locale, helpful: bool) -> Result<(), StoreError> {
        self.lock().execute(
            "INSERT INTO feedback (created_at, article_id, locale, helpful) VALUES (?1, ?2, ?3, ?4)",
            params![now_rfc3339(), article_id, locale.tag(), helpful],
        )?;
        Ok(())
    }

    fn tickets_of(&self, who: &Verified) -> Result<Vec<TicketSummary>, StoreError> {
        let since =
            (chrono::Utc::now() - chrono::Duration::days(30)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let conn = self.lock();
        let mut st = conn
            .prepare(
                "SELECT id, title, status, created_at, closed_at FROM tickets WHERE tenant = ?1 AND user_id = ?2 AND verified = 1
                 AND (status = 'open' OR closed_at >= ?3) ORDER BY created_at DESC LIMIT 100",
            )
            ?;
        let rows = st.query_map(params![who.tenant, who.user_id, since], summary)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn ticket_of(&self, who: &Verified, id: &str) -> Result<Option<TicketSummary>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT id, title, status, created_at, closed_at FROM tickets WHERE id = ?1 AND tenant = ?2 AND user_id = ?3 AND verified = 1",
                params![id, who.tenant, who.user_id],
                summary,
            )
            .optional()?)
    }

    fn set_status(&self, id: &str, status: TicketStatus) -> Result<bool, StoreError> {
        let closed_at = (status == TicketStatus::Closed).then(now_rfc3339);
        let n = self.lock().execute(
            "UPDATE tickets SET status = ?1, closed_at = ?2 WHERE id = ?3",
            params![status.as_str(), closed_at, id],
        )?;
        Ok(n == 1)
    }

    fn due_for_forwarding(&self, now: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        let conn = self.lock();
        let mut st = conn
            .prepare("SELECT id, payload FROM tickets WHERE forwarded_at IS NULL AND forward_next_at <= ?1 ORDER BY created_at LIMIT ?2")
            ?;
        let rows = st.query_map(params![now, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn forwarding_result(&self, id: &str, delivered_at: Option<&str>, next_attempt_at: &str) -> Result<(), StoreError> {
        self.lock().execute(
            "UPDATE tickets SET forwarded_at = ?1, forward_next_at = ?2 WHERE id = ?3",
            params![delivered_at, next_attempt_at, id],
        )?;
        Ok(())
    }

    fn ticket_count(&self) -> Result<u64, StoreError> {
        Ok(self.lock().query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?)
    }
}
