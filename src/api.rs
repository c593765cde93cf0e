//! HTTP calls of the pane: help-center and directory bundles, ticket submission, feedback.

use gloo_net::http::Request;
use guichet_core::directory::Directory;
use guichet_core::help_center::HelpCenter;
use guichet_core::ticket::TicketRequest;
use guichet_core::Locale;
use serde::Deserialize;

/// Where the pane finds its data and its intake server.
#[derive(Clone, Debug)]
pub struct Config {
    /// Base URL of the bundle files (`help-center.<locale>.json`, `directory.json`), no
    /// trailing slash. Default `"bundle"` (relative to the page).
    pub bundle: String,
    /// Base URL of the intake API, no trailing slash. Default `""` (same origin).
    pub endpoint: String,
}

/// Loads the help center of `locale`.
pub async fn help_center(cfg: &Config, locale: Locale) -> Result<HelpCenter, String> {
    get_json(&format!("{}/help-center.{}.json", cfg.bundle, locale.tag())).await
}

/// Loads the support directory.
pub async fn directory(cfg: &Config) -> Result<Directory, String> {
    get_json(&format!("{}/directory.json", cfg.bundle)).await
}

async fn get_json<T: for<'de> Deserialize<'de>>(url: &str) -> Result<T, String> {
    let resp = Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    resp.json().await.map_err(|e| e.to_string())
}

/// A stored ticket as acknowledged by the intake (`201`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Created {
    /// Ticket id (`GU-...`).
    pub id: String,
}

/// One server-side field error (`422`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ServerFieldError {
    /// JSON path of the field.
    pub field: String,
    /// Message in the request's locale.
    pub message: String,
}

/// Why a submission did not produce a ticket.
#[derive(Clone, Debug, PartialEq)]
pub enum SubmitError {
    /// `422`: the server rejected fields (nothing stored).
    Invalid(Vec<ServerFieldError>),
    /// Network failure or any other status: the ticket may be retried with the same key.
    Failed(String),
}

#[derive(Deserialize)]
struct Invalid {
    errors: Vec<ServerFieldError>,
}

/// Sends `ticket` with `idempotency_key`; retrying with the same key never creates a second
/// ticket.
pub async fn submit_ticket(cfg: &Config, ticket: &TicketRequest, idempotency_key: &str) -> Result<Created, SubmitError> {
    let req = Request::post(&format!("{}/api/tickets", cfg.endpoint))
        .header("Idempotency-Key", idempotency_key)
        .json(ticket)
        .map_err(|e| SubmitError::Failed(e.to_string()))?;
    let resp = req.send().await.map_err(|e| SubmitError::Failed(e.to_string()))?;
    match resp.status() {
        201 => resp.json::<Created>().await.map_err(|e| SubmitError::Failed(e.to_string())),
        422 => match resp.json::<Invalid>().await {
            Ok(i) => Err(SubmitError::Invalid(i.errors)),
            Err(e) => Err(SubmitError::Failed(e.to_string())),
        },
        s => Err(SubmitError::Failed(format!("HTTP {s}"))),
    }
}

/// Records a "did this help?" answer. Errors are returned but the UI does not block on them.
pub async fn feedback(cfg: &Config, article_id: &str, locale: Locale, helpful: bool) -> Result<(), String> {
    let body = serde_json::json!({"article_id": article_id, "locale": locale, "helpful": helpful});
    let resp = Request::post(&format!("{}/api/feedback", cfg.endpoint)).json(&body).map_err(|e| e.to_string())?.send().await.map_err(|e| e.to_string())?;
    if resp.status() == 204 {
        Ok(())
    } else {
        Err(format!("HTTP {}", resp.status()))
    }
}
