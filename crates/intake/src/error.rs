//! The intake's errors and their HTTP answers, in the manner of axum's `error-handling`
//! example: handlers return `Result<_, ApiError>` and use `?`; [`ApiError`] turns itself into
//! the JSON body. Bodies: `{"error": code, "message": text}`
//! ([`ErrorBody`](guichet_core::wire::ErrorBody)), or for invalid fields
//! `422 {"errors": [{"field", "code", "message"}]}` ([`Invalid`](guichet_core::wire::Invalid)).

use crate::store::StoreError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use guichet_core::identity::IdentityError;
use guichet_core::wire::{ErrorBody, FieldErrorBody, Invalid};

/// Why a request got no success answer.
#[derive(Debug)]
pub enum ApiError {
    /// `422` with every invalid field; nothing was stored.
    Invalid(Vec<FieldErrorBody>),
    /// Any other refusal: HTTP status, machine-readable code, sentence.
    Refused(StatusCode, &'static str, String),
    /// A signed identity was refused (`401`).
    Identity(IdentityError),
    /// Storage failed: `503`, retry with the same idempotency key.
    Storage(StoreError),
}

impl ApiError {
    /// A refusal with `status`, `code` and `message`.
    pub fn refused(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Refused(status, code, message.into())
    }

    /// `404 not_found` with `message`.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::refused(StatusCode::NOT_FOUND, "not_found", message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::Storage(e)
    }
}

impl From<IdentityError> for ApiError {
    fn from(e: IdentityError) -> ApiError {
        ApiError::Identity(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::Invalid(errors) => {
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(Invalid { errors })).into_response()
            }
            ApiError::Refused(status, code, message) => (status, code, message),
            ApiError::Identity(e) => {
                let (code, message) = match e {
                    IdentityError::Expired => ("identity_expired", "The signed identity has expired; reload the page"),
                    IdentityError::Forged => ("identity_forged", "The identity signature does not match"),
                    IdentityError::Malformed => ("identity_malformed", "The signed identity is malformed"),
                    IdentityError::TooLongLived => (
                        "identity_too_long_lived",
                        "The signed identity expires too far ahead; sign it for a shorter time",
                    ),
                };
                (StatusCode::UNAUTHORIZED, code, message.to_string())
            }
            ApiError::Storage(e) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "storage_unavailable",
                format!("Storage is unavailable; retry later: {e}"),
            ),
        };
        (status, Json(ErrorBody { error: code.to_string(), message })).into_response()
    }
}

/// Runs blocking storage work off the async threads. Errors: the store's error, or a storage
/// error when the task itself panicked (both `503`).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => Ok(r?),
        Err(_) => Err(ApiError::refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "Storage is unavailable; retry later",
        )),
    }
}
