//! Storage of tickets, attachments and feedback behind [`TicketStore`], so another backend
//! (PostgreSQL) can replace SQLite when one machine is not enough. [`SqliteStore`] keeps
//! everything in one SQLite file (WAL journal, `synchronous=FULL`: a commit is on disk before
//! the server answers 201).

use guichet_core::analytics::EventBatch;
use guichet_core::ticket::TicketRequest;
use guichet_core::wire::{Reply, TicketStatus};
use guichet_core::Locale;
use serde::Serialize;

pub mod analytics;
mod pg;
pub mod privacy;
mod sqlite;

pub use pg::PgStore;
pub use sqlite::SqliteStore;

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
    /// PostgreSQL refused or failed.
    #[error("database: {0}")]
    Postgres(#[from] ::postgres::Error),
    /// No PostgreSQL connection could be had from the pool in time.
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// A stored value is not one this version knows.
    #[error("stored data: {0}")]
    Corrupt(String),
    /// A schema migration failed (it was rolled back; the database is at the version before).
    #[error("schema migration: {0}")]
    Migration(String),
}

/// What opening a store did to its schema (`guichet-intake migrate` prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrations {
    /// Migrations applied by this open, as `V<version>__<name>`, oldest first (empty when the
    /// schema was up to date).
    pub applied: Vec<String>,
    /// The schema version now (the highest applied migration).
    pub version: i32,
}

impl Migrations {
    fn from_report(report: &refinery::Report, version: i32) -> Migrations {
        let applied = report.applied_migrations().iter().map(|m| format!("V{}__{}", m.version(), m.name())).collect();
        Migrations { applied, version }
    }
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

/// Limits on uploads not (yet) linked to a ticket, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadQuota {
    /// Per uploader over the last 24 hours (default 50 MiB: ten files of the largest size).
    pub per_uploader: u64,
    /// For everyone together (default 1 GiB).
    pub total: u64,
}

impl Default for UploadQuota {
    fn default() -> UploadQuota {
        UploadQuota { per_uploader: 50 << 20, total: 1 << 30 }
    }
}

impl UploadQuota {
    /// The refusal for `size` more bytes, given `mine` (the uploader's unlinked bytes of the
    /// last 24 hours) and `all` (every unlinked byte); `None` when they fit.
    pub fn refusal(&self, mine: u64, all: u64, size: u64) -> Option<UploadOutcome> {
        if mine + size > self.per_uploader {
            Some(UploadOutcome::UploaderQuota)
        } else if all + size > self.total {
            Some(UploadOutcome::TotalQuota)
        } else {
            None
        }
    }
}

/// Result of [`TicketStore::insert_attachment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadOutcome {
    /// Stored.
    Stored(Attachment),
    /// This uploader's unlinked uploads would pass [`UploadQuota::per_uploader`].
    UploaderQuota,
    /// All unlinked uploads together would pass [`UploadQuota::total`].
    TotalQuota,
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
    /// Stores a validated ticket, honouring the idempotency `key` and linking `attachments`,
    /// and in the same transaction one pending delivery per name in `destinations` (the
    /// transactional outbox: a stored ticket is never without its deliveries).
    fn insert_ticket(
        &self,
        req: &TicketRequest,
        key: Option<&str>,
        verified: Option<&Verified>,
        destinations: &[String],
    ) -> Result<InsertOutcome, StoreError>;
    /// Stores an attachment's bytes and metadata (not yet linked to a ticket) for `uploader`
    /// (the client's address), unless it would take `uploader`'s unlinked uploads of the last
    /// 24 hours past `quota.per_uploader` bytes, or all unlinked uploads past `quota.total`.
    fn insert_attachment(
        &self,
        filename: &str,
        mime: &str,
        bytes: &[u8],
        uploader: &str,
        quota: &UploadQuota,
    ) -> Result<UploadOutcome, StoreError>;
    /// Deletes uploads never linked to a ticket that are older than `before` (RFC 3339),
    /// rows and files: how many, and their bytes.
    fn collect_unlinked(&self, before: &str) -> Result<(u64, u64), StoreError>;
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
    /// The stored bytes of attachment `id`, with its metadata (`None` when unknown).
    fn attachment(&self, id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError>;
    /// Claims the oldest pending delivery to `destination` if it is due at `now` and not
    /// claimed by another worker: counts the attempt and claims it until `lease_until` (RFC
    /// 3339). Deliveries to one destination leave in creation order: while the oldest pending
    /// one waits for its retry, the others wait behind it.
    fn claim_delivery(
        &self,
        destination: &str,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<DeliveryJob>, StoreError>;
    /// When the oldest pending delivery to `destination` is next due (RFC 3339), if any.
    fn next_delivery_at(&self, destination: &str) -> Result<Option<String>, StoreError>;
    /// Records the outcome of a claimed delivery attempt.
    fn finish_delivery(&self, id: i64, outcome: &DeliveryOutcome) -> Result<(), StoreError>;
    /// Deliveries in `state` (all when `None`), oldest first, at most `limit`.
    fn deliveries(&self, state: Option<DeliveryState>, limit: usize) -> Result<Vec<DeliveryRow>, StoreError>;
    /// How many deliveries each destination has in each state: `(destination, state, count)`.
    fn delivery_counts(&self) -> Result<Vec<(String, DeliveryState, u64)>, StoreError>;
    /// Puts a dead delivery back in the queue, due now. Returns whether it was dead.
    fn retry_delivery(&self, id: i64) -> Result<bool, StoreError>;
    /// Ticket `id` with its link version (see `link`), whoever filed it.
    fn ticket_by_id(&self, id: &str) -> Result<Option<(TicketSummary, i64)>, StoreError>;
    /// Revokes every link to ticket `id` issued so far. Returns whether it exists.
    fn revoke_links(&self, id: &str) -> Result<bool, StoreError>;
    /// The requester reopens ticket `id`: status open and, in the same transaction, one
    /// `reopen` delivery per destination the ticket was (or is being) delivered to. Returns
    /// whether the ticket exists.
    fn reopen_by_requester(&self, id: &str) -> Result<bool, StoreError>;
    /// The Guichet ticket that `destination` knows as `remote_id` (from a done delivery).
    fn ticket_for_remote(&self, destination: &str, remote_id: &str) -> Result<Option<String>, StoreError>;
    /// Records a public reply from `destination` (its own id `reply_id`: a reply reported
    /// twice is kept once). Returns whether it was new.
    fn add_reply(
        &self,
        ticket_id: &str,
        destination: &str,
        reply_id: &str,
        author: &str,
        body: &str,
    ) -> Result<bool, StoreError>;
    /// A ticket's replies, oldest first.
    fn replies_of(&self, ticket_id: &str) -> Result<Vec<Reply>, StoreError>;
    /// Wakes `wake` whenever any process (another replica too) queues a delivery. Default:
    /// nothing to subscribe to (one process: the HTTP layer wakes its own workers).
    fn subscribe(&self, _wake: std::sync::Arc<tokio::sync::Notify>) -> Result<(), StoreError> {
        Ok(())
    }
    /// Number of stored tickets.
    fn ticket_count(&self) -> Result<u64, StoreError>;
    /// Stores a checked batch of analytics events received at `at`, in one transaction.
    /// Returns false, storing nothing, when its (session, seq) was stored before (a replay).
    fn insert_events(&self, batch: &EventBatch, at: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError>;
    /// Rolls up the raw events of every day that may be at `now` (see
    /// [`analytics::RAW_DAYS`]) into daily counts and deletes them. Returns the days rolled up.
    fn roll_up_analytics(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<String>, StoreError>;
    /// The owner's figures for a period, from the daily counts (days rolled up so far).
    fn insights(&self, q: &analytics::InsightsQuery) -> Result<analytics::Insights, StoreError>;
    /// Ids of a requester's tickets, oldest first (by email: case-insensitive; by verified
    /// identity: tenant and user id).
    fn requester_tickets(&self, who: &privacy::Requester) -> Result<Vec<String>, StoreError>;
    /// Everything stored about one ticket, `None` for an unknown id.
    fn ticket_record(&self, id: &str) -> Result<Option<privacy::TicketRecord>, StoreError>;
    /// Replaces a ticket's stored form by `erased` (JSON) and empties its personal columns,
    /// its replies' authors and text and its delivery errors, deletes its attachments (rows
    /// and bytes) and sets `erased_at`, in one transaction. False for an unknown id.
    fn scrub_ticket(&self, id: &str, erased: &str, erased_at: &str) -> Result<bool, StoreError>;
    /// Deletes a ticket with its attachments (rows and bytes), deliveries and replies. False
    /// for an unknown id.
    fn delete_ticket(&self, id: &str) -> Result<bool, StoreError>;
    /// Ids of the tickets closed before `cutoff` (RFC 3339), those already erased only when
    /// `erased_too`.
    fn closed_before(&self, cutoff: &str, erased_too: bool) -> Result<Vec<String>, StoreError>;
}

/// `t` as the stores write times: RFC 3339 UTC with milliseconds (the text compares in time
/// order).
pub fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The current time as [`rfc3339`].
pub fn now_rfc3339() -> String {
    rfc3339(chrono::Utc::now())
}

/// [`rfc3339`] of `hours` ago.
pub fn hours_ago(hours: i64) -> String {
    rfc3339(chrono::Utc::now() - chrono::Duration::hours(hours))
}

/// A new public ticket id: `GU-` and 10 upper-case hex digits.
fn new_ticket_id() -> String {
    format!("GU-{}", &uuid::Uuid::new_v4().simple().to_string()[..10].to_uppercase())
}

/// A new attachment id: `AT-` and 12 hex digits.
fn new_attachment_id() -> String {
    format!("AT-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

/// A request as stored (its JSON) and the hex SHA-256 of that JSON, which tells a replay with
/// the same body from a reuse of its idempotency key.
fn stored_form(req: &TicketRequest) -> (String, String) {
    use sha2::Digest;
    let payload = serde_json::to_string(req).expect("a ticket serialises");
    let sha = hex::encode(sha2::Sha256::digest(payload.as_bytes()));
    (payload, sha)
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    /// The destination acknowledged it.
    Done,
    /// The destination refused it for good (dead letter); `guichet-intake deliveries --retry`
    /// puts it back.
    Dead,
}

/// What a delivery does at its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Create the ticket there.
    Create,
    /// Reopen the ticket created there (the requester reopened it in the pane).
    Reopen,
}

guichet_core::wire_names!(Action, "delivery action", { Create => "create", Reopen => "reopen" });

guichet_core::wire_names!(DeliveryState, "delivery state", { Pending => "pending", Done => "done", Dead => "dead" });

/// A claimed delivery: what a destination needs to create the ticket.
#[derive(Debug, Clone)]
pub struct DeliveryJob {
    /// Delivery row id.
    pub id: i64,
    /// Destination name (from the destinations file).
    pub destination: String,
    /// What to do there.
    pub action: Action,
    /// The destination's id for the ticket, once created there (for a reopen).
    pub remote_id: Option<String>,
    /// This attempt's number, from 1. An attempt above 1 may follow one whose answer was lost
    /// after the destination committed: destinations look up before creating again.
    pub attempt: u32,
    /// The ticket.
    pub ticket: StoredTicket,
}

/// The outcome of one delivery attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryOutcome {
    /// Acknowledged: the destination's id for the ticket (stored before the delivery counts
    /// as done) and a link to it when the destination gives one.
    Done { remote_id: String, remote_url: Option<String> },
    /// Failed for now: try again at `next_at` (RFC 3339).
    Retry { next_at: String, error: String },
    /// Refused for good: the destination's reason.
    Dead { error: String },
}

/// One delivery as listed to operators.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeliveryRow {
    /// Row id (for `--retry`).
    pub id: i64,
    /// Ticket id.
    pub ticket_id: String,
    /// Destination name.
    pub destination: String,
    /// What it does there.
    pub action: Action,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: u32,
    /// Next attempt (pending ones), RFC 3339.
    pub next_at: String,
    /// The last failure, if any.
    pub last_error: Option<String>,
    /// The destination's id for the ticket once done.
    pub remote_id: Option<String>,
    /// A link to it in the destination, when known.
    pub remote_url: Option<String>,
}
