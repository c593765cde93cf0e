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
    let counts = blocking(move || {
        store.ping()?;
        store.delivery_counts()
    })
    .await?;
    let total = |state| counts.iter().filter(|(_, s, _)| *s == state).map(|(_, _, n)| n).sum::<u64>();
    let (pending, dead) = (total(DeliveryState::Pending), total(DeliveryState::Dead));
    Ok(Json(json!({"status": "ready", "deliveries": {"pending": pending, "dead": dead}})))
}

/// The OpenAPI 3.1 document ([`crate::OPENAPI`]).
pub async fn openapi() -> ([(&'static str, &'static str); 1], &'static str) {
    ([("content-type", "application/json")], crate::OPENAPI)
}

/// Prometheus metrics in OpenMetrics text (see [`crate::metrics`]), for a scraper with the
/// agent token (`Authorization: Bearer`). Errors: as [`crate::extract::agent`]; `503`
/// storage (the delivery counts).
pub async fn metrics(
    State(st): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<([(&'static str, &'static str); 1], String), ApiError> {
    crate::extract::agent(&st.config, &headers)?;
    let store = st.store.clone();
    for (destination, state, n) in blocking(move || store.delivery_counts()).await? {
        let labels = crate::metrics::Delivery { destination, state: state.as_str().to_string() };
        st.metrics.deliveries.get_or_create(&labels).set(n as i64);
    }
    Ok(([("content-type", "application/openmetrics-text; version=1.0.0; charset=utf-8")], st.metrics.encode()))
}
