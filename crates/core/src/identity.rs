//! Verified visitor identity: the host's backend signs the visitor's user id, email, tenant
//! and an expiry with HMAC-SHA256 and a secret shared with the intake server; the pane passes
//! the signed identity along with the ticket, and the intake verifies it.
//!
//! Signed payload: `user_id`, `email`, `tenant` and `expires_at` (Unix seconds, decimal)
//! joined by `\n`; signature: lower-case hex of HMAC-SHA256(secret, payload).

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// An identity as signed by the host page's backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedIdentity {
    /// The host's user id.
    pub user_id: String,
    /// The user's email address.
    pub email: String,
    /// The user's tenant (organisation) id.
    pub tenant: String,
    /// Display name (not signed; shown and prefilled only).
    #[serde(default)]
    pub name: String,
    /// Expiry, Unix seconds (UTC).
    pub expires_at: i64,
    /// Hex HMAC-SHA256 of the payload.
    pub signature: String,
}

/// Why an identity was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityError {
    /// The signature does not match: forged or altered.
    Forged,
    /// Past `expires_at`.
    Expired,
    /// A field holds a newline, or the signature is not hex.
    Malformed,
    /// Expires further ahead than the accepted lifetime (a leaked identity must not work for
    /// ever).
    TooLongLived,
}

/// Longest accepted lifetime of a signed identity by default, in seconds: 24 hours. Hosts sign
/// one per page load or session.
pub const MAX_LIFETIME_SECS: i64 = 24 * 3600;

fn payload(user_id: &str, email: &str, tenant: &str, expires_at: i64) -> Option<String> {
    if [user_id, email, tenant].iter().any(|f| f.contains('\n')) {
        return None;
    }
    Some(format!("{user_id}\n{email}\n{tenant}\n{expires_at}"))
}

/// Signs an identity (what the host's backend does). `None` if a field contains a newline.
pub fn sign(secret: &[u8], user_id: &str, email: &str, tenant: &str, expires_at: i64) -> Option<String> {
    let p = payload(user_id, email, tenant, expires_at)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(p.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

impl SignedIdentity {
    /// Checks the signature (constant-time) and the expiry against `now` (Unix seconds).
    pub fn verify(&self, secret: &[u8], now: i64) -> Result<(), IdentityError> {
        self.verify_within(secret, now, MAX_LIFETIME_SECS)
    }

    /// [`Self::verify`], accepting identities that expire at most `max_lifetime` seconds after
    /// `now`. Errors: [`IdentityError`].
    pub fn verify_within(&self, secret: &[u8], now: i64, max_lifetime: i64) -> Result<(), IdentityError> {
        let p = payload(&self.user_id, &self.email, &self.tenant, self.expires_at).ok_or(IdentityError::Malformed)?;
        let sig = hex::decode(self.signature.trim()).map_err(|_| IdentityError::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(p.as_bytes());
        mac.verify_slice(&sig).map_err(|_| IdentityError::Forged)?;
        if now >= self.expires_at {
            return Err(IdentityError::Expired);
        }
        if self.expires_at.saturating_sub(now) > max_lifetime {
            return Err(IdentityError::TooLongLived);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_living_longer_than_allowed_is_refused() {
        let now = 1_800_000_000;
        assert_eq!(id(b"s", now + MAX_LIFETIME_SECS).verify(b"s", now), Ok(()));
        assert_eq!(id(b"s", now + MAX_LIFETIME_SECS + 1).verify(b"s", now), Err(IdentityError::TooLongLived));
        assert_eq!(id(b"s", i64::MAX).verify(b"s", now), Err(IdentityError::TooLongLived));
        assert_eq!(id(b"s", now + 7200).verify_within(b"s", now, 3600), Err(IdentityError::TooLongLived));
    }

    fn id(secret: &[u8], exp: i64) -> SignedIdentity {
        SignedIdentity {
            user_id: "u-42".into(),
            email: "ada@contoso.com".into(),
            tenant: "contoso".into(),
            name: "Ada".into(),
            expires_at: exp,
            signature: sign(secret, "u-42", "ada@contoso.com", "contoso", exp).unwrap(),
        }
    }

    #[test]
    fn a_signed_identity_verifies() {
        assert_eq!(id(b"s3cret", 2000).verify(b"s3cret", 1000), Ok(()));
    }

    #[test]
    fn forged_altered_expired_and_malformed_are_refused() {
        assert_eq!(id(b"other", 2000).verify(b"s3cret", 1000), Err(IdentityError::Forged));
        let mut altered = id(b"s3cret", 2000);
        altered.email = "eve@contoso.com".into();
        assert_eq!(altered.verify(b"s3cret", 1000), Err(IdentityError::Forged));
        let mut longer = id(b"s3cret", 2000);
        longer.expires_at = 9000;
        assert_eq!(longer.verify(b"s3cret", 1000), Err(IdentityError::Forged));
        assert_eq!(id(b"s3cret", 2000).verify(b"s3cret", 2000), Err(IdentityError::Expired));
        let mut bad = id(b"s3cret", 2000);
        bad.signature = "zz".into();
        assert_eq!(bad.verify(b"s3cret", 1000), Err(IdentityError::Malformed));
        assert!(sign(b"k", "a\nb", "e", "t", 1).is_none());
    }
}
