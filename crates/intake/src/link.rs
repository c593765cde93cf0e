//! Signed links to one request, for requesters without an account: the confirmation email
//! carries one, and the pane opens "My request" with it (status, public replies, Reopen).
//!
//! A token is `<ticket id>.<expiry>.<signature>`: expiry in Unix seconds, [`LINK_DAYS`] after
//! the ticket was filed; signature the unpadded base64url HMAC-SHA256 of `<ticket
//! id>.<expiry>.<link version>` under `GUICHET_LINK_SECRET`. Revoking a ticket's links
//! (`guichet-intake revoke-link ID`) bumps its link version, so every earlier token stops
//! verifying.

use base64::Engine;
use hmac::{Hmac, Mac};

/// How long a link works after the ticket was filed, in days.
pub const LINK_DAYS: i64 = 90;

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Not a token, a forged or revoked one, or the intake has no link secret.
    #[error("this link is not valid")]
    Invalid,
    /// A genuine token past its expiry.
    #[error("this link has expired")]
    Expired,
}

fn signature(secret: &[u8], id: &str, expires: i64, version: i64) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("{id}.{expires}.{version}").as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// The token for ticket `id` filed at `created_at` (RFC 3339), at link version `version`.
pub fn issue(secret: &[u8], id: &str, created_at: &str, version: i64) -> String {
    let filed =
        chrono::DateTime::parse_from_rfc3339(created_at).map_or(chrono::Utc::now().timestamp(), |t| t.timestamp());
    let expires = filed + LINK_DAYS * 86_400;
    format!("{id}.{expires}.{}", signature(secret, id, expires, version))
}

/// The ticket id a token names, before its signature is checked (to look its version up).
pub fn ticket_of(token: &str) -> Option<&str> {
    let id = token.split('.').next()?;
    (id.starts_with("GU-") && id.len() <= 32).then_some(id)
}

/// Checks `token` against the ticket's current link `version` at `now` (Unix seconds).
/// Errors: [`LinkError`].
pub fn verify(secret: &[u8], token: &str, version: i64, now: i64) -> Result<String, LinkError> {
    let mut parts = token.split('.');
    let (Some(id), Some(expires), Some(sig), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(LinkError::Invalid);
    };
    let expires: i64 = expires.parse().map_err(|_| LinkError::Invalid)?;
    let want = signature(secret, id, expires, version);
    if !crate::delivery::inbound::same(sig.as_bytes(), want.as_bytes()) {
        return Err(LinkError::Invalid);
    }
    if now > expires {
        return Err(LinkError::Expired);
    }
    Ok(id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_until_it_expires_or_is_revoked() {
        let t = issue(b"s", "GU-ABC", "2026-12-01T10:00:00.000Z", 0);
        let filed = 1_796_119_200; // 2026-12-01T10:00:00Z
        assert_eq!(ticket_of(&t), Some("GU-ABC"));
        assert_eq!(verify(b"s", &t, 0, filed + 86_400), Ok("GU-ABC".into()));
        assert_eq!(verify(b"s", &t, 0, filed + LINK_DAYS * 86_400 + 1), Err(LinkError::Expired));
        assert_eq!(verify(b"s", &t, 1, filed), Err(LinkError::Invalid), "revoked: version bumped");
        assert_eq!(verify(b"other", &t, 0, filed), Err(LinkError::Invalid));
        let forged = t.replace("GU-ABC", "GU-ABD");
        assert_eq!(verify(b"s", &forged, 0, filed), Err(LinkError::Invalid));
        let later = t.replacen(&(filed + LINK_DAYS * 86_400).to_string(), &(filed + 999 * 86_400).to_string(), 1);
        assert_eq!(verify(b"s", &later, 0, filed), Err(LinkError::Invalid), "the expiry is signed");
        assert_eq!(verify(b"s", "GU-ABC", 0, filed), Err(LinkError::Invalid));
    }
}
