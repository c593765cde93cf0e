//! The intake's HTTP bodies, shared by the intake (which writes them) and the pane (which reads
//! them), so that each is written once. The requests are [`TicketRequest`](crate::ticket::TicketRequest)
//! and the small bodies below; the API is described in `crates/intake/openapi.json`.

use crate::identity::SignedIdentity;
use crate::names::wire_names;
use crate::ticket::{Availability, FieldError, ResponseTime, Severity};
use crate::Locale;
use serde::{Deserialize, Serialize};

/// `201` of `POST /api/tickets`: the stored ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    /// Ticket id (`GU-` and 10 upper-case hex digits).
    pub id: String,
    /// RFC 3339 UTC time of storage.
    pub created_at: String,
    /// Severity as filed.
    pub severity: Severity,
    /// The profile that validated the ticket, `"id@version"`.
    #[serde(default)]
    pub profile: String,
    /// First-response objective for the ticket's plan and severity
    /// ([`Profile::response`](crate::profile::Profile::response)).
    pub response_time: ResponseTime,
    /// When the ticket is worked on.
    pub availability: Availability,
    /// Whether a signed identity was verified for it.
    pub verified: bool,
    /// The ticket's locale (the language support answers in, and that of any error message).
    pub locale: Locale,
}

/// `201` of `POST /api/attachments`: a stored attachment's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Attachment id (`AT-` and 12 hex digits).
    pub id: String,
    /// File name as uploaded (for display).
    pub filename: String,
    /// MIME type detected from the content.
    pub mime: String,
    /// Size in bytes.
    pub size: u64,
}

/// Status of a stored ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Being worked on (new or reopened).
    Open,
    /// Closed by an agent; can be reopened for 14 days ([`can_reopen`](crate::ticket::can_reopen)).
    Closed,
}

wire_names!(TicketStatus, "ticket status", { Open => "open", Closed => "closed" });

/// One line of "My requests" (`200` of `POST /api/my/tickets`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTicket {
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
    /// Whether Reopen is still possible now.
    pub can_reopen: bool,
    /// The support team's public replies from the helpdesk, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<Reply>,
}

/// A public reply to a ticket, as the helpdesk reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    /// Who wrote it (the helpdesk's display name).
    pub author: String,
    /// Its text (plain).
    pub body: String,
    /// RFC 3339 time the intake received it.
    pub created_at: String,
}

/// `200` of `POST /api/my/tickets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTickets {
    /// Open and recently closed requests, newest first.
    pub tickets: Vec<MyTicket>,
}

/// `200` of the status changes (reopen, close).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusBody {
    /// The new status.
    pub status: TicketStatus,
}

/// Body of `POST /api/my/tickets` and `POST /api/tickets/{id}/reopen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityBody {
    /// Identity signed by the host's backend.
    pub identity: SignedIdentity,
}

/// Body of `POST /api/feedback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// Article id (lowercase letters, digits, dashes; at most 100 characters).
    pub article_id: String,
    /// Locale the article was read in.
    pub locale: Locale,
    /// Whether the article answered the question.
    pub helpful: bool,
}

/// Every error but invalid fields: `{"error": code, "message": text}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable code (`"idempotency_key_reused"`, `"identity_forged"`...).
    pub error: String,
    /// Sentence for the visitor or the operator.
    pub message: String,
}

/// One invalid field of a `422`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorBody {
    /// JSON path of the field (a [`Field`](crate::ticket::Field) path for ticket fields, or
    /// the path serde reports for a body that does not fit the schema).
    pub field: String,
    /// Machine-readable reason (`"required"`, `"invalid_email"`, `"unknown_field"`...).
    pub code: String,
    /// Sentence for the visitor in the request's locale (English when unknown).
    pub message: String,
}

impl FieldErrorBody {
    /// The body of a validation error, its message in `locale` with `profile`'s wording.
    pub fn from_error(e: &FieldError, profile: &crate::profile::Profile, locale: Locale) -> FieldErrorBody {
        FieldErrorBody { field: e.path(), code: e.code.as_str().to_string(), message: e.message(profile, locale) }
    }
}

/// `422`: `{"errors": [...]}`; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalid {
    /// Every invalid field.
    pub errors: Vec<FieldErrorBody>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_agree_with_serde() {
        for s in [TicketStatus::Open, TicketStatus::Closed] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
            assert_eq!(s.as_str().parse::<TicketStatus>(), Ok(s));
        }
        assert!("archived".parse::<TicketStatus>().is_err());
    }
}
