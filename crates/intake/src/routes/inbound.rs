//! `POST /api/inbound/{destination}`: a helpdesk's webhook reporting status changes and public
//! replies on tickets Guichet delivered to it (verified by the destination, see
//! `delivery::inbound`). News about a ticket Guichet does not know (not delivered there, or
//! created in the helpdesk directly) is acknowledged and ignored, so that the helpdesk does not
//! retry it forever.

use crate::delivery::inbound::{Inbound, InboundError};
use crate::error::{blocking, ApiError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Serialize;

/// Largest inbound payload, in bytes (helpdesk events carry whole issues).
pub const MAX_INBOUND: usize = 1024 * 1024;

/// `200` of an inbound call.
#[derive(Debug, Serialize)]
pub struct Applied {
    /// Status changes and new replies recorded.
    pub applied: usize,
    /// News about tickets Guichet does not know, or replies already recorded.
    pub ignored: usize,
}

/// Applies one webhook call. Errors: `404` unknown destination or one without inbound calls;
/// `401 bad_signature`; `400 bad_payload`; `503` storage (the helpdesk retries).
pub async fn receive(
    State(st): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Applied>, ApiError> {
    let dest = st.outbox.destination(&name).ok_or_else(|| ApiError::not_found("No such destination"))?;
    let news = dest.inbound(&headers, &body).map_err(|e| match e {
        InboundError::Unsupported => ApiError::not_found("This destination takes no inbound calls"),
        InboundError::Unauthorized(m) => ApiError::refused(StatusCode::UNAUTHORIZED, "bad_signature", m),
        InboundError::Invalid(m) => ApiError::refused(StatusCode::BAD_REQUEST, "bad_payload", m),
    })?;
    let store = st.store.clone();
    let applied = blocking(move || {
        let mut out = Applied { applied: 0, ignored: 0 };
        for n in news {
            let remote = match &n {
                Inbound::Status { remote_id, .. } | Inbound::Reply { remote_id, .. } => remote_id,
            };
            let Some(ticket) = store.ticket_for_remote(&name, remote)? else {
                out.ignored += 1;
                continue;
            };
            let new = match &n {
                Inbound::Status { status, .. } => store.set_status(&ticket, *status)?,
                Inbound::Reply { reply_id, author, body, .. } => {
                    store.add_reply(&ticket, &name, reply_id, author, body)?
                }
            };
            if new {
                out.applied += 1;
            } else {
                out.ignored += 1;
            }
        }
        Ok(out)
    })
    .await?;
    Ok(Json(applied))
}
