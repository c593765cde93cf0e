//! Delivery of stored tickets to the helpdesks where support teams work: a transactional
//! outbox. A ticket and one delivery row per destination its [`Route`]s select are committed
//! together (see [`TicketStore::insert_ticket`]); one worker per destination ([`worker`])
//! claims due rows in creation order, calls the destination, and records the outcome:
//! done (with the destination's id), retry later (backoff with jitter, or the destination's
//! `Retry-After`), or dead letter (a refusal that retrying cannot fix, with its reason).
//! Nothing is dropped: operators list and retry dead letters with `guichet-intake deliveries`.
//!
//! Each destination is a module behind [`Destination`]; the destinations file
//! ([`config`]) says which exist, their secrets (from the environment) and their routes.

pub mod config;
pub mod confirmation;
pub mod email;
pub mod freshdesk;
pub mod github;
pub mod gitlab;
pub mod inbound;
pub mod jira;
pub mod keys;
pub mod webhook;
pub mod worker;
pub mod zammad;
pub mod zendesk;

use crate::store::{Action, Attachment, DeliveryJob, TicketStore};
use guichet_core::ticket::TicketRequest;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use config::{load, Destinations, Route};
pub use keys::ConfigError;

/// The internal note a helpdesk gets when the requester reopens a ticket.
pub const REOPEN_NOTE: &str = "The requester reopened this request from the help pane.";

/// What a destination receives for one delivery attempt.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The delivery's row id (stable across its retries).
    pub delivery_id: i64,
    /// Guichet ticket id (`GU-…`): the destination's external id where it has one.
    pub ticket_id: String,
    /// RFC 3339 UTC time the ticket was stored.
    pub created_at: String,
    /// Attempt number, from 1; above 1 an earlier attempt may have been committed by the
    /// destination with its answer lost, so destinations look up before creating.
    pub attempt: u32,
    /// The ticket as validated and stored.
    pub request: TicketRequest,
    /// Its attachments with their bytes (empty for a reopen).
    pub attachments: Vec<(Attachment, Vec<u8>)>,
}

/// A destination's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The destination's id for the ticket (Zendesk ticket number, email Message-ID…).
    pub remote_id: String,
    /// A link to it, when the destination gives one.
    pub remote_url: Option<String>,
}

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// May succeed later (network error, timeout, 408/429/5xx, or a misconfiguration the
    /// operator can fix: 401/403/404). `after` is the destination's `Retry-After`.
    #[error("{reason}")]
    Retry { reason: String, after: Option<Duration> },
    /// Refused for good (400/413/422 and the like): the delivery becomes a dead letter.
    #[error("{reason}")]
    Permanent { reason: String },
}

impl DeliveryError {
    /// A retryable failure without a `Retry-After`.
    pub fn retry(reason: impl Into<String>) -> Self {
        DeliveryError::Retry { reason: reason.into(), after: None }
    }
}

/// A boxed future, so that destinations can sit behind one trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One helpdesk (or mailbox, or webhook) that receives tickets.
pub trait Destination: Send + Sync {
    /// The name given in the destinations file.
    fn name(&self) -> &str;
    /// Creates the ticket at the destination, or finds the one an earlier attempt created.
    fn deliver<'a>(&'a self, ticket: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>>;
    /// Reopens the ticket it knows as `remote_id` (the requester reopened it in the pane).
    /// Reopening an open ticket is harmless, so a retry needs no lookup. Default: nothing to
    /// do (a confirmation email).
    fn reopen<'a>(
        &'a self,
        remote_id: &'a str,
        _ticket: &'a Outgoing,
    ) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move { Ok(Delivered { remote_id: remote_id.to_string(), remote_url: None }) })
    }
    /// Verifies and reads one of the destination's webhook calls. Default: unsupported.
    fn inbound(
        &self,
        _headers: &axum::http::HeaderMap,
        _body: &[u8],
    ) -> Result<Vec<inbound::Inbound>, inbound::InboundError> {
        Err(inbound::InboundError::Unsupported)
    }
}

/// What the HTTP layer needs to queue deliveries, wake the workers and take news back.
#[derive(Clone, Default)]
pub struct Outbox {
    /// Destination names and their routes, in file order.
    pub routes: Arc<Vec<(String, Route)>>,
    /// The destinations (for their inbound webhooks).
    pub destinations: Arc<Vec<Arc<dyn Destination>>>,
    /// Woken after each stored ticket.
    pub wake: Arc<tokio::sync::Notify>,
}

impl Outbox {
    /// The outbox of `destinations`.
    pub fn new(destinations: &Destinations) -> Outbox {
        Outbox {
            routes: Arc::new(destinations.routes.clone()),
            destinations: Arc::new(destinations.list.iter().map(|(d, _)| d.clone()).collect()),
            wake: Arc::default(),
        }
    }

    /// The destination named `name`.
    pub fn destination(&self, name: &str) -> Option<&Arc<dyn Destination>> {
        self.destinations.iter().find(|d| d.name() == name)
    }

    /// The destinations `req` goes to: every one whose route matches.
    pub fn destinations_for(&self, req: &TicketRequest) -> Vec<String> {
        self.routes.iter().filter(|(_, r)| r.matches(req)).map(|(n, _)| n.clone()).collect()
    }
}

/// Runs a claimed job's action at `dest`: create, or reopen what an earlier delivery created
/// (a reopen whose ticket never reached the destination has nothing to reopen: done).
pub async fn run_job(dest: &dyn Destination, job: &DeliveryJob, out: &Outgoing) -> Result<Delivered, DeliveryError> {
    match (job.action, &job.remote_id) {
        (Action::Create, _) => dest.deliver(out).await,
        (Action::Reopen, Some(remote)) => dest.reopen(remote, out).await,
        (Action::Reopen, None) => Ok(Delivered { remote_id: String::new(), remote_url: None }),
    }
}

/// Builds what the destination receives for a claimed job, with the ticket's attachments read
/// from storage for a creation (a reopen sends no files).
pub fn outgoing(store: &dyn TicketStore, job: &DeliveryJob) -> Result<Outgoing, crate::store::StoreError> {
    let mut attachments = Vec::new();
    // Only a creation sends files: a reopen does not read them again.
    let files = if job.action == Action::Create { job.ticket.request.attachments.as_slice() } else { &[] };
    for id in files {
        if let Some(a) = store.attachment(id)? {
            attachments.push(a);
        }
    }
    Ok(Outgoing {
        delivery_id: job.id,
        ticket_id: job.ticket.id.clone(),
        created_at: job.ticket.created_at.clone(),
        attempt: job.attempt,
        request: job.ticket.request.clone(),
        attachments,
    })
}

/// Sorts an HTTP answer: 2xx passes; 408, 425, 429, 5xx and 401/403/404 (credentials or
/// URL to fix, tickets kept meanwhile) are retried, with the `Retry-After` delay in seconds
/// when given (RFC 9110 §10.2.3; Zendesk, Freshdesk, Jira, GitHub and GitLab send it with
/// 429); any other status is a permanent refusal whose reason quotes the body (first 500
/// bytes).
pub async fn check(resp: reqwest::Response) -> Result<reqwest::Response, DeliveryError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = resp.text().await.unwrap_or_default();
    let mut end = body.len().min(500);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let reason = format!("HTTP {}: {}", status.as_u16(), &body[..end]);
    match status.as_u16() {
        401 | 403 | 404 | 408 | 425 | 429 | 500..=599 => Err(DeliveryError::Retry { reason, after }),
        _ => Err(DeliveryError::Permanent { reason }),
    }
}

/// Sends `rb` and sorts the answer as [`check`] does.
pub async fn send(rb: reqwest::RequestBuilder) -> Result<reqwest::Response, DeliveryError> {
    check(rb.send().await.map_err(network)?).await
}

/// [`send`], then reads the answer's JSON.
pub async fn send_json(rb: reqwest::RequestBuilder) -> Result<serde_json::Value, DeliveryError> {
    send(rb).await?.json().await.map_err(network)
}

/// `path` on the host of `base` (its own path replaced).
pub fn at(base: &reqwest::Url, path: &str) -> reqwest::Url {
    let mut u = base.clone();
    u.set_path(path);
    u
}

/// The value of ticket field `f` in the request's JSON (`request` is the serialised
/// `TicketRequest`), when it is there and not null.
pub fn field_value<'a>(request: &'a serde_json::Value, f: &FieldPath) -> Option<&'a serde_json::Value> {
    request.pointer(&format!("/{}", f.0.replace('.', "/"))).filter(|v| !v.is_null())
}

/// A ticket field a destination maps to one of its own fields, by JSON path: a built-in field
/// (`"region"`, `"refund.amount"`) or a profile field (`"answers.area"`), checked at start-up
/// ([`keys::Ctx::field`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub String);

/// A network failure (no answer, a refused TLS handshake, or a timeout): always retried,
/// with the whole cause chain as the reason ("invalid peer certificate: UnknownIssuer").
pub fn network(e: reqwest::Error) -> DeliveryError {
    let what = if e.is_timeout() { "timed out" } else { "no answer" };
    let mut reason = format!("{what}: {e}");
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        reason.push_str(&format!(": {s}"));
        source = s.source();
    }
    DeliveryError::retry(reason)
}

/// [`text_body`] as HTML (escaped, one line per `<br>`), for destinations whose description
/// is HTML.
pub fn html_body(t: &Outgoing) -> String {
    let text = text_body(t);
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    format!("<div>{}</div>", escaped.trim_end().replace('\n', "<br>\n"))
}

/// `[GU-…] title`: the summary of destinations that find a ticket again by searching for its
/// id in the title.
pub fn titled(t: &Outgoing) -> String {
    format!("[{}] {}", t.ticket_id, t.request.title)
}

/// The ticket as plain text: title, then every filled field (shared by the destinations that
/// take a text body).
pub fn text_body(t: &Outgoing) -> String {
    let r = &t.request;
    let mut out = format!("{}\n\n", r.description.trim());
    let mut line = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            out.push_str(&format!("{k}: {}\n", v.trim()));
        }
    };
    line("Guichet ticket", &t.ticket_id);
    line("Kind", r.kind.as_str());
    line("Issue type", r.issue_type.as_str());
    line("Severity", r.severity.as_str());
    line("Plan", r.plan.as_str());
    line("Contact", &format!("{} <{}>", r.contact_name.trim(), r.email.trim()));
    line("Phone", &r.phone);
    line("Preferred contact", r.preferred_contact.as_str());
    line("Locale", r.locale.tag());
    line("Region", r.region.as_deref().unwrap_or(""));
    line("Subscription", &r.subscription_id);
    line("Problem type", &r.problem_type);
    line("From article", r.from_article.as_deref().unwrap_or(""));
    if let Some(c) = &r.customer {
        line("Customer", &format!("{} ({})", c.name, c.tenant));
    }
    if let Some(lo) = &r.last_occurrence {
        line("Last occurrence", &format!("{} {} {}", lo.date, lo.time, lo.time_zone));
    }
    if let Some(id) = &r.identity {
        line("Verified user", &format!("{} (tenant {})", id.user_id, id.tenant));
    }
    // The kind's own parts (refund, billing address, callback time), as their fields say.
    let refund = serde_json::to_value(&r.refund).unwrap_or_default();
    for (k, v) in refund.as_object().into_iter().flatten() {
        line(&format!("refund.{k}"), v.as_str().unwrap_or(&v.to_string()));
    }
    line("Billing address", r.billing_address.as_deref().unwrap_or(""));
    line("Callback time", r.callback_time.as_deref().unwrap_or(""));
    // The profile's own fields, under their English labels, choices by their labels.
    let profile = crate::profiles::of(r);
    let defs = profile.flow(r.kind.as_str()).map(|f| f.fields.as_slice()).unwrap_or_default();
    for (id, v) in &r.answers {
        let def = defs.iter().find(|d| &d.id == id);
        let label = def.map_or(id.as_str(), |d| d.label.get(guichet_core::Locale::En));
        let choice = |s: &str| {
            def.and_then(|d| d.options.iter().find(|o| o.value == s))
                .map_or(s.to_string(), |o| o.label.get(guichet_core::Locale::En).to_string())
        };
        let text = match v {
            serde_json::Value::String(s) => choice(s),
            serde_json::Value::Array(a) => {
                a.iter().filter_map(|x| x.as_str()).map(choice).collect::<Vec<_>>().join(", ")
            }
            serde_json::Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            serde_json::Value::Object(o) => o.values().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(" "),
            other => other.to_string(),
        };
        line(label, &text);
    }
    line("Profile", &r.profile);
    if !t.attachments.is_empty() {
        let names: Vec<&str> = t.attachments.iter().map(|(a, _)| a.filename.as_str()).collect();
        line("Attachments", &names.join(", "));
    }
    out
}
