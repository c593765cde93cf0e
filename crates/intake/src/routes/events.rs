//! `POST /api/events`: a batch of anonymous analytics events from the pane
//! ([`guichet_core::analytics::EventBatch`]), sent with `navigator.sendBeacon` (as
//! `text/plain` or `application/json`).

use crate::error::{blocking, ApiError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use guichet_core::analytics::{EventBatch, MAX_BATCH_BYTES};

/// Stores a batch: `204`. Errors: `404 not_found` when analytics are off
/// (`GUICHET_ANALYTICS=off`); `413 too_large` past [`MAX_BATCH_BYTES`]; `400 malformed_json`;
/// `422 invalid_events` for an unknown event type, an unknown or missing field, or a value out
/// of bounds (named); `409 batch_replayed` for a (session, seq) already stored; `429` past the
/// per-address event rate; `503` storage.
pub async fn create(State(st): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    if !st.config.analytics {
        return Err(ApiError::not_found("Analytics are off on this intake"));
    }
    if body.len() > MAX_BATCH_BYTES {
        return Err(ApiError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("An event batch is at most {MAX_BATCH_BYTES} bytes"),
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::refused(StatusCode::BAD_REQUEST, "malformed_json", format!("The body is not valid JSON: {e}"))
    })?;
    let invalid = |m: String| ApiError::refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_events", m);
    let batch: EventBatch = serde_path_to_error::deserialize(&value)
        .map_err(|e| invalid(format!("{}: {}", e.path().clone(), e.into_inner())))?;
    let batch = batch.checked().map_err(|e| invalid(e.0))?;
    let store = st.store.clone();
    let stored = blocking(move || store.insert_events(&batch, chrono::Utc::now())).await?;
    if !stored {
        return Err(ApiError::refused(StatusCode::CONFLICT, "batch_replayed", "This batch was received before"));
    }
    Ok(StatusCode::NO_CONTENT)
}
