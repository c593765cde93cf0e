//! `GET /api/health` and `GET /api/openapi.json`.

use crate::error::{blocking, ApiError};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// `200 {"status": "ok"}` when storage answers; `503` otherwise.
pub async fn health(State(st): State<AppState>) -> Result<Json<Value>, ApiError> {
    let store = st.store.clone();
    blocking(move || store.ping()).await?;
    Ok(Json(json!({"status": "ok"})))
}

/// The OpenAPI 3.1 document ([`crate::OPENAPI`]).
pub async fn openapi() -> ([(&'static str, &'static str); 1], &'static str) {
    ([("content-type", "application/json")], crate::OPENAPI)
}
