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
        FieldError::new(Field::Kind, ErrorCode::Required).message(crate::profiles::served().all()[0].as_ref(), locale)
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

/// The client's address. The TCP peer, unless the peer is one of the `trusted` proxies: then
/// the nearest address the proxies recorded that is not itself a trusted proxy, from RFC 7239
/// `Forwarded: for=` or else `X-Forwarded-For`, read right to left. Headers from any other
/// peer are ignored (anyone can send them).
pub fn client_ip(peer: std::net::IpAddr, headers: &HeaderMap, trusted: &[ipnet::IpNet]) -> std::net::IpAddr {
    use forwarded_header_value::{ForwardedHeaderValue, Identifier};
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all(axum::http::header::FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| ForwardedHeaderValue::from_forwarded(v).ok())
        .flat_map(|f| {
            f.iter()
                .filter_map(|s| match &s.forwarded_for {
                    Some(Identifier::SocketAddr(a)) => Some(a.ip()),
                    Some(Identifier::IpAddr(ip)) => Some(*ip),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let chain = if forwarded.is_empty() {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    } else {
        forwarded
    };
    chain.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer)
}

/// Rate-limit key: [`client_ip`] of each request (the TCP peer must be known: serve with
/// `into_make_service_with_connect_info::<SocketAddr>()`).
#[derive(Clone)]
pub struct ClientKey {
    /// Trusted reverse proxies (`GUICHET_TRUSTED_PROXIES`).
    pub trusted: std::sync::Arc<Vec<ipnet::IpNet>>,
}

impl tower_governor::key_extractor::KeyExtractor for ClientKey {
    type Key = std::net::IpAddr;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<Self::Key, tower_governor::GovernorError> {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or(tower_governor::GovernorError::UnableToExtractKey)?;
        Ok(client_ip(peer, req.headers(), &self.trusted))
    }
}
