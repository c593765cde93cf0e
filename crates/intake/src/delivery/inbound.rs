//! News coming back from helpdesks: their webhooks, verified per vendor, become status
//! changes and public replies on the Guichet ticket they created (`POST
//! /api/inbound/{destination}`, see `routes::inbound`). A destination that supports it takes
//! an `inbound_secret_env` key; without it, its inbound endpoint answers 404.

use axum::http::HeaderMap;
use guichet_core::wire::TicketStatus;
use hmac::{Hmac, Mac};

/// One piece of news about a ticket, named by the helpdesk's id for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// The ticket was closed (solved) or reopened there.
    Status { remote_id: String, status: TicketStatus },
    /// A public reply was posted; `reply_id` is the helpdesk's id for it (or a digest of it).
    Reply { remote_id: String, reply_id: String, author: String, body: String },
}

/// Why an inbound call was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InboundError {
    /// The destination takes no inbound calls (no `inbound_secret_env`).
    #[error("this destination takes no inbound calls")]
    Unsupported,
    /// The signature or token is missing or wrong, or the call is too old.
    #[error("{0}")]
    Unauthorized(String),
    /// Verified, but not a payload this destination sends.
    #[error("{0}")]
    Invalid(String),
}

/// HMAC-SHA256 of the concatenated `parts` under `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

/// Whether `given` equals `expected`, in time independent of where they differ.
pub fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Header `name` as text ("" when absent).
pub fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// `body` as JSON, or [`InboundError::Invalid`].
pub fn json(body: &[u8]) -> Result<serde_json::Value, InboundError> {
    serde_json::from_slice(body).map_err(|e| InboundError::Invalid(format!("not JSON: {e}")))
}

/// An id a payload gives as a non-empty string or as a number, as text.
pub fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A stable id for a reply the helpdesk gives no id for: a digest of its author and text.
pub fn digest_id(author: &str, body: &str) -> String {
    use sha2::Digest;
    hex::encode(&sha2::Sha256::digest(format!("{author}\n{body}").as_bytes())[..12])
}
