//! Data protection for tickets: export of everything stored about one requester (GDPR art. 15
//! and 20), erasure of one requester (art. 17: personal data scrubbed, counts kept), and
//! retention (closed tickets erased or deleted N days after closing). The rule of what is
//! personal in a ticket is core's ([`TicketRequest::erased`]); this module applies it through
//! [`TicketStore`]'s per-ticket operations, the same on SQLite and PostgreSQL.

use super::{StoreError, TicketStore, Verified};
use guichet_core::ticket::TicketRequest;
use guichet_core::wire::{Attachment, Reply};
use serde::Serialize;

/// Whose data: a requester by email address (case-insensitive), or a user the host's backend
/// verified (signed identity: tenant and user id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requester {
    /// Every ticket filed with this email address.
    Email(String),
    /// Every ticket filed under this verified identity.
    User(Verified),
}

/// A delivery of a ticket to a helpdesk, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryRecord {
    /// Destination name.
    pub destination: String,
    /// `pending`, `delivered` or `dead`.
    pub state: String,
    /// The helpdesk's id of the ticket, once delivered.
    pub remote_id: Option<String>,
    /// The helpdesk's link to it.
    pub remote_url: Option<String>,
}

/// Everything stored about one ticket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketRecord {
    /// Ticket id.
    pub id: String,
    /// RFC 3339 times.
    pub created_at: String,
    /// `open` or `closed`.
    pub status: String,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// When its personal data was erased.
    pub erased_at: Option<String>,
    /// The ticket as filed ([`TicketRequest`] JSON).
    pub ticket: serde_json::Value,
    /// Its attachments (metadata; the bytes are not in the export).
    pub attachments: Vec<Attachment>,
    /// Replies from the helpdesk.
    pub replies: Vec<Reply>,
    /// Its deliveries.
    pub deliveries: Vec<DeliveryRecord>,
}

/// An export of one requester's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequesterExport {
    /// RFC 3339 time of the export.
    pub exported_at: String,
    /// The tickets, oldest first.
    pub tickets: Vec<TicketRecord>,
}

/// What retention does to closed tickets past their time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionMode {
    /// Personal data erased ([`TicketRequest::erased`]), attachments deleted, counts kept.
    Anonymise,
    /// The ticket and everything linked to it deleted.
    Delete,
}

/// A retention setting (`GUICHET_RETENTION_DAYS`, `GUICHET_RETENTION_MODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days after closing.
    pub days: u32,
    /// Erase or delete.
    pub mode: RetentionMode,
}

/// Everything stored about `who`. Errors: storage.
pub fn export(store: &dyn TicketStore, who: &Requester) -> Result<RequesterExport, StoreError> {
    let mut tickets = Vec::new();
    for id in store.requester_tickets(who)? {
        if let Some(t) = store.ticket_record(&id)? {
            tickets.push(t);
        }
    }
    Ok(RequesterExport { exported_at: super::now_rfc3339(), tickets })
}

/// Erases `who`'s personal data from every ticket of theirs (see [`erase_ticket`]); returns how
/// many tickets. Errors: storage (tickets erased before the error stay erased).
pub fn erase(store: &dyn TicketStore, who: &Requester) -> Result<u64, StoreError> {
    let mut n = 0;
    for id in store.requester_tickets(who)? {
        n += u64::from(erase_ticket(store, &id)?);
    }
    Ok(n)
}

/// Erases one ticket: its stored form replaced by [`TicketRequest::erased`], title and email
/// columns emptied, identity unlinked, replies' text and authors, delivery errors and
/// attachments (rows and bytes) removed. Returns false for an unknown ticket.
pub fn erase_ticket(store: &dyn TicketStore, id: &str) -> Result<bool, StoreError> {
    let Some(record) = store.ticket_record(id)? else { return Ok(false) };
    let erased = match serde_json::from_value::<TicketRequest>(record.ticket) {
        Ok(t) => serde_json::to_string(&t.erased())?,
        Err(_) => "{}".to_string(), // a form this version cannot read: nothing of it is kept
    };
    store.scrub_ticket(id, &erased, &super::now_rfc3339())
}

/// Applies `policy` at `now`: tickets closed more than `days` before are erased (once) or
/// deleted. Returns how many.
pub fn apply_retention(
    store: &dyn TicketStore,
    now: chrono::DateTime<chrono::Utc>,
    policy: &Retention,
) -> Result<u64, StoreError> {
    let cutoff = super::rfc3339(now - chrono::Duration::days(i64::from(policy.days)));
    let mut n = 0;
    for id in store.closed_before(&cutoff, policy.mode == RetentionMode::Delete)? {
        n += u64::from(match policy.mode {
            RetentionMode::Anonymise => erase_ticket(store, &id)?,
            RetentionMode::Delete => store.delete_ticket(&id)?,
        });
    }
    Ok(n)
}

/// The SQL both stores run (`$n` parameters).
pub(super) mod sql {
    pub const BY_EMAIL: &str =
        "SELECT id FROM tickets WHERE lower(email) = lower($1) AND email <> '' ORDER BY created_at, id";
    pub const BY_USER: &str = "SELECT id FROM tickets WHERE tenant = $1 AND user_id = $2 ORDER BY created_at, id";
    pub const TICKET: &str = "SELECT id, created_at, status, closed_at, erased_at, payload FROM tickets WHERE id = $1";
    pub const ATTACHMENTS: &str =
        "SELECT id, filename, mime, size FROM attachments WHERE ticket_id = $1 ORDER BY created_at, id";
    pub const DELIVERIES: &str =
        "SELECT destination, state, remote_id, remote_url FROM deliveries WHERE ticket_id = $1 ORDER BY id";
    /// `$1` id, `$2` erased form, `$3` time.
    pub const SCRUB: &str = "UPDATE tickets SET title = '[erased]', email = '', user_id = NULL, tenant = NULL, \
         idempotency_key = NULL, request_sha256 = '', payload = $2, erased_at = $3 WHERE id = $1";
    /// Then, each with `$1` the ticket id.
    pub const SCRUB_LINKED: [&str; 3] = [
        "UPDATE replies SET author = '', body = '[erased]' WHERE ticket_id = $1",
        "UPDATE deliveries SET last_error = NULL WHERE ticket_id = $1",
        "DELETE FROM attachments WHERE ticket_id = $1",
    ];
    /// Each with `$1` the ticket id; the ticket last.
    pub const DELETE: [&str; 4] = [
        "DELETE FROM replies WHERE ticket_id = $1",
        "DELETE FROM deliveries WHERE ticket_id = $1",
        "DELETE FROM attachments WHERE ticket_id = $1",
        "DELETE FROM tickets WHERE id = $1",
    ];
    /// `$1` cutoff, `$2` whether erased ones count too.
    pub const CLOSED_BEFORE: &str = "SELECT id FROM tickets WHERE status = 'closed' AND closed_at < $1 \
         AND ($2 OR erased_at IS NULL) ORDER BY closed_at, id";
}
