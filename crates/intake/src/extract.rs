//! Reading request bodies and headers: strict JSON with per-field `422`s, the
//! `Idempotency-Key` header, signed identities and the agent token.

use crate::error::ApiError;
use crate::store::Verified;
use crate::Config;
use axum::http::{HeaderMap, StatusCode};
use guichet_core::identity::SignedIdentity;
use guichet_core::ticket::{ErrorCode, Field, FieldError};
use guichet_core::wire::{FieldErrorBody, IdentityBody};
use guichet_core::Locale;
use serde::Deserialize;

/// The `Idempotency-Key` header, if any. Errors: `400 invalid_idempotency_key` unless it is 1
/// to 255 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let bad = |m: &str| ApiError::refused(StatusCode::BAD_REQUEST, "invalid_idempotency_key", m);
    let Some(v) = headers.get("idempotency-key") else { return Ok(None) };
    let s = v.to_str().map_err(|_| bad("Idempotency-Key must be visible ASCII"))?;
    if s.is_empty() || s.len() > 255 || !s.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(bad("Idempotency-Key must be 1 to 255 visible ASCII characters"));
    }
    Ok(Some(s.to_string()))
}

/// Parses a JSON body into `T`. Errors: `400 malformed_json` when it is not JSON; a `422`
/// naming the field (`required`, `unknown_field` or `invalid_value`, the message in the body's
/// `locale` when it has one) when it does not fit `T`.
pub fn parse_json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::refused(StatusCode::BAD_REQUEST, "malformed_json", format!("The body is not valid JSON: {e}"))
    })?;
    serde_path_to_error::deserialize(&value).map_err(|e| {
        let locale = value.get("locale").and_then(|l| l.as_str()).and_then(Locale::parse).unwrap_or(Locale::En);
        ApiError::Invalid(vec![schema_error(e, locale)])
    })
}

/// The `422` entry of a body that does not fit the schema.
fn schema_error(e: serde_path_to_error::Error<serde_json::Error>, locale: Locale) -> FieldErrorBody {
    let path = e.path().to_string();
    let inner = e.into_inner().to_string();
    let code = if inner.starts_with("missing field") {
        "required"
    } else if inner.starts_with("unknown field") {
        "unknown_field"
    } else {
        "invalid_value"
    };
    // For a missing or unknown field serde names it in backticks.
    let named = inner.split('`').nth(1).map(str::to_string);
    let field = match (code, path.as_str()) {
        ("invalid_value", p) if p != "." => p.to_string(),
        (_, ".") => named.unwrap_or_else(|| "body".into()),
        (_, p) => match named {
            Some(n) if !p.ends_with(&n) => format!("{p}.{n}"),
            _ => p.to_string(),
        },
    };
    let message = if code == "required" {
        // Which field it is does not change the sentence; Kind stands for any.
        FieldError::new(Field::Kind, ErrorCode::Required).message(locale)
    } else {
        inner
    };
    FieldErrorBody { field, code: code.into(), message }
}

/// Verifies a signed identity with the configured secret. Errors: `401
/// identity_not_configured` without a secret; `401` expired, forged or malformed.
pub fn verify_identity(cfg: &Config, id: &SignedIdentity) -> Result<Verified, ApiError> {
    let Some(secret) = &cfg.identity_secret else {
        return Err(ApiError::refused(
            StatusCode::UNAUTHORIZED,
            "identity_not_configured",
            "This server does not accept signed identities",
        ));
    };
    id.verify_within(secret, chrono::Utc::now().timestamp(), cfg.identity_max_lifetime)?;
    Ok(Verified { user_id: id.user_id.clone(), tenant: id.tenant.clone() })
}

/// The verified visitor of an `{"identity": …}` body ([`IdentityBody`]). Errors: as
/// [`parse_json`] and [`verify_identity`].
pub fn caller(cfg: &Config, body: &[u8]) -> Result<Verified, ApiError> {
    let b: IdentityBody = parse_json(body)?;
    verify_identity(cfg, &b.identity)
}

/// Checks `Authorization: Bearer <GUICHET_AGENT_TOKEN>`. Errors: `404` when the agent API is
/// off (no token configured), `401 unauthorized` for a missing or wrong token.
pub fn agent(cfg: &Config, headers: &HeaderMap) -> Result<(), ApiError> {
    use sha2::Digest;
    let Some(token) = &cfg.agent_token else { return Err(ApiError::not_found("The agent API is off")) };
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compare digests so the comparison time does not depend on the token's content.
    if sha2::Sha256::digest(given.as_bytes()) != sha2::Sha256::digest(token.as_bytes()) {
        return Err(ApiError::refused(StatusCode::UNAUTHORIZED, "unauthorized", "Agent token required"));
    }
    Ok(())
}
