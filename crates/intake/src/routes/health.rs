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

/// Prometheus metrics in OpenMetrics text (see [`crate::metrics`]), for a scraper with the
/// agent token (`Authorization: Bearer`). Errors: as [`crate::extract::agent`]; `503`
/// storage (the delivery counts).
pub async fn metrics(
    State(st): State<AppState>,
    headers: axum::http::HeaderMap,
) -> Result<([(&'static str, &'static str); 1], String), ApiError> {
    crate::extract::agent(&st.config, &headers)?;
    let store = st.store.clone();
    let rows = blocking(move || store.deliveries(None, 1_000_000)).await?;
    let mut counts: std::collections::BTreeMap<(String, String), i64> = Default::default();
    for r in rows {
        *counts.entry((r.destination, r.state.as_str().to_string())).or_default() += 1;
    }
    for ((destination, state), n) in counts {
        st.metrics.deliveries.get_or_create(&crate::metrics::Delivery { destination, state }).set(n);
    }
    Ok(([("content-type", "application/openmetrics-text; version=1.0.0; charset=utf-8")], st.metrics.encode()))
}
