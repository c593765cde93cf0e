//! Signed webhook (`type = "webhook"`), following the Standard Webhooks specification
//! (<https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md>):
//! `POST` of `{"type": "ticket.created", "timestamp", "data": ticket}` (and of
//! `ticket.reopened` with `{"id", "status"}` when the requester reopens it) with the headers
//! `webhook-id` (the Guichet ticket id, `<id>.reopened.<n>` for a reopen: the same on every
//! retry, the receiver's idempotency key), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64
//! HMAC-SHA256 of `id.timestamp.body` under the secret's bytes).
//!
//! The payload carries who filed the ticket when it was verified (user id, tenant, email,
//! name) but never the host's identity signature.
//!
//! Keys: `url` (https, or http to loopback), `secret_env` (variable holding `whsec_` + base64
//! secret, as the spec's libraries generate).

use super::keys::{ConfigError, Ctx};
use super::{send, BoxFuture, Delivered, DeliveryError, Destination, Outgoing};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;

/// A Standard Webhooks endpoint.
pub struct Webhook {
    name: String,
    url: reqwest::Url,
    key: Vec<u8>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    url: String,
    secret_env: String,
}

impl Webhook {
    /// Builds it from its keys. Errors: a bad URL, a missing variable, a secret that is not
    /// `whsec_` + base64.
    pub fn from_config(ctx: &Ctx) -> Result<Webhook, ConfigError> {
        let k: Keys = ctx.keys()?;
        let url = ctx.url("url", &k.url)?;
        let secret = ctx.secret("secret_env", &k.secret_env)?;
        let key = secret
            .trim()
            .strip_prefix("whsec_")
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .filter(|k| k.len() >= 24)
            .ok_or_else(|| {
                ctx.error("secret_env", format!("{}: expected whsec_ and at least 24 base64 bytes", k.secret_env))
            })?;
        Ok(Webhook { name: ctx.name().into(), url, key, http: ctx.http.clone() })
    }
}

/// The `webhook-signature` value for message `id` sent at `timestamp` (Unix seconds).
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// The ticket as the webhook's `data`: the stored request without the identity's signature
/// and expiry, plus `id` and `created_at`.
pub fn ticket_json(t: &Outgoing) -> serde_json::Value {
    let mut v = serde_json::to_value(&t.request).expect("a ticket serialises");
    if let Some(identity) = v.get_mut("identity").and_then(|i| i.as_object_mut()) {
        identity.remove("signature");
        identity.remove("expires_at");
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), t.ticket_id.clone().into());
        o.insert("created_at".into(), t.created_at.clone().into());
        let files: Vec<_> = t.attachments.iter().map(|(a, _)| serde_json::to_value(a).unwrap_or_default()).collect();
        o.insert("attachments".into(), files.into());
    }
    v
}

impl Webhook {
    /// Posts event `kind` with `data`, as message `id` (the receiver's idempotency key).
    async fn send(&self, kind: &str, id: &str, data: serde_json::Value) -> Result<(), DeliveryError> {
        let now = chrono::Utc::now();
        let body = serde_json::to_vec(&serde_json::json!({
            "type": kind,
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "data": data,
        }))
        .expect("JSON");
        let ts = now.timestamp();
        let rb = self
            .http
            .post(self.url.clone())
            .header("content-type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", ts.to_string())
            .header("webhook-signature", sign(&self.key, id, ts, &body))
            .body(body);
        send(rb).await?;
        Ok(())
    }
}

impl Destination for Webhook {
    fn name(&self) -> &str {
        &self.name
    }

    /// A `ticket.reopened` event (`data`: `id`, `status`), signed like the first.
    fn reopen<'a>(&'a self, remote_id: &'a str, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let data = serde_json::json!({"id": t.ticket_id, "status": "open"});
            self.send("ticket.reopened", &format!("{}.reopened.{}", t.ticket_id, t.delivery_id), data).await?;
            Ok(Delivered { remote_id: remote_id.to_string(), remote_url: None })
        })
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            self.send("ticket.created", &t.ticket_id, ticket_json(t)).await?;
            Ok(Delivered { remote_id: t.ticket_id.clone(), remote_url: None })
        })
    }
}
