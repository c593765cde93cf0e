//! `GET /api/health` (liveness), `GET /api/ready` (readiness) and `GET /api/openapi.json`.

use crate::error::{blocking, ApiError};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// Liveness: `200 {"status": "ok"}` when storage answers; `503` otherwise.
pub async fn health(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    let store = st.store.clone();
    blocking(move || store.ping()).await?;
    Ok(Json(json!({"status": "ok"})))
}

/// Readiness, for a load balancer: `200 {"status": "ready", "deliveries": {"pending",
/// "dead"}}` when storage answers and can be read; `503` otherwise (take this replica out of
/// rotation).
pub async fn ready(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    use crate::store::DeliveryState;
    let store = st.store.clone();
    let (pending, dead) = blocking(move || {
        store.ping()?;
        Ok((
            store.deliveries(Some(DeliveryState::Pending), 100_000)?.len(),
            store.deliveries(Some(DeliveryState::Dead), 100_000)?.len(),
        ))
    })
    .await?;
    Ok(Json(json!({"status": "ready", "deliveries": {"pending": pending, "dead": dead}})))
}

/// The OpenAPI 3.1 document ([`crate::OPENAPI`]).
pub async fn openapi() -> ([(&'static str, &'static str); 1], &'static str) {
    ([("content-type", "application/json")], crate::OPENAPI)
}
