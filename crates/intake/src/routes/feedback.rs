//! `POST /api/feedback`: one "did this help?" answer.

use crate::error::{blocking, ApiError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use guichet_core::wire::Feedback;

/// Records a [`Feedback`] body: `204`. Errors: `422 invalid_feedback` for a body that does not
/// fit or an `article_id` that is not lowercase letters, digits and dashes (1 to 100).
pub async fn create(State(st): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    let invalid = |m: String| ApiError::refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_feedback", m);
    let fb: Feedback = serde_json::from_slice(&body).map_err(|e| invalid(e.to_string()))?;
    if !guichet_core::analytics::is_article_id(&fb.article_id) {
        return Err(invalid("article_id must be lowercase letters, digits and dashes".into()));
    }
    let store = st.store.clone();
    blocking(move || store.insert_feedback(&fb.article_id, fb.locale, fb.helpful)).await?;
    Ok(StatusCode::NO_CONTENT)
}
