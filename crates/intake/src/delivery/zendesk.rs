//! Zendesk (`type = "zendesk"`), through the Tickets API with an agent's API token
//! (<https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/>):
//!
//! - attachments first, each `POST /api/v2/uploads?filename=…` with its bytes, giving a token
//!   (<https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#upload-files>);
//! - then `POST /api/v2/tickets` with `subject`, `comment.body` and `comment.uploads`, the
//!   requester (name, email), `priority` from the severity, `tags`, `group_id`, the mapped
//!   `custom_fields`, and `external_id` = the Guichet ticket id;
//! - on a retry, `GET /api/v2/tickets?external_id=…` first: a ticket an earlier attempt
//!   created (its answer lost) is taken instead of creating a second one.
//!
//! Authentication: HTTP Basic `{email}/token:{api_token}`
//! (<https://developer.zendesk.com/api-reference/introduction/security-and-auth/>). A 429
//! carries `Retry-After` in seconds
//! (<https://developer.zendesk.com/api-reference/introduction/rate-limits/>); a 422
//! `RecordInvalid` is a dead letter with Zendesk's details.
//!
//! Keys: `url` (`https://SUBDOMAIN.zendesk.com`), `email` (the agent's), `token_env`,
//! optional `group_id`, `tags` (added to `guichet`, the kind and the severity), `priority`
//! (severity → `urgent|high|normal|low`; default A urgent, B high, C normal), `fields`
//! (custom field id → Guichet field path, e.g. `"360001234" = "subscription_id"`) and
//! `inbound_secret_env` (the signing secret of the Zendesk webhook that reports status
//! changes and public comments back).

use super::inbound::{digest_id, header, hmac_sha256, id_text, json, same, Inbound, InboundError};
use super::keys::{ConfigError, Ctx};
use super::{
    at, field_value, send_json, text_body, BoxFuture, Delivered, DeliveryError, Destination, Outgoing, REOPEN_NOTE,
};
use axum::http::HeaderMap;
use base64::Engine;
use guichet_core::ticket::Severity;
use guichet_core::wire::TicketStatus;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A Zendesk account.
pub struct Zendesk {
    name: String,
    base: reqwest::Url,
    email: String,
    token: String,
    group_id: Option<u64>,
    tags: Vec<String>,
    priority: BTreeMap<Severity, String>,
    fields: Vec<(u64, super::FieldPath)>,
    inbound_secret: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    url: String,
    email: String,
    token_env: String,
    #[serde(default)]
    group_id: Option<u64>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    priority: BTreeMap<String, String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    inbound_secret_env: Option<String>,
}

const PRIORITIES: [&str; 4] = ["urgent", "high", "normal", "low"];

impl Zendesk {
    /// Builds it from its keys. Errors: a bad URL, a missing token variable, an unknown
    /// severity or priority, a custom field id that is not a number or a path that is no
    /// ticket field.
    pub fn from_config(ctx: &Ctx) -> Result<Zendesk, ConfigError> {
        let k: Keys = ctx.keys()?;
        let base = ctx.url("url", &k.url)?;
        let token = ctx.secret("token_env", &k.token_env)?;
        let defaults = [(Severity::A, "urgent".into()), (Severity::B, "high".into()), (Severity::C, "normal".into())];
        let priority = ctx.priorities(&k.priority, defaults, |p: &String| {
            if PRIORITIES.contains(&p.as_str()) {
                Ok(())
            } else {
                Err(format!("{p:?} is not one of {PRIORITIES:?}"))
            }
        })?;
        let mut fields = Vec::new();
        for (id, path) in &k.fields {
            let key = format!("fields.{id}");
            let id: u64 = id.parse().map_err(|_| ctx.error(&key, "a Zendesk custom field id is a number"))?;
            fields.push((id, ctx.field(&key, path)?));
        }
        Ok(Zendesk {
            name: ctx.name().into(),
            base,
            email: k.email,
            token,
            group_id: k.group_id,
            tags: k.tags,
            priority,
            fields,
            inbound_secret: ctx.optional_secret("inbound_secret_env", k.inbound_secret_env.as_deref())?,
            http: ctx.http.clone(),
        })
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        at(&self.base, path)
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        rb.basic_auth(format!("{}/token", self.email), Some(&self.token))
    }

    fn done(&self, ticket: &Value) -> Result<Delivered, DeliveryError> {
        let id = ticket
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| DeliveryError::retry(format!("Zendesk answered without a ticket id: {ticket}")))?;
        let mut url = self.base.clone();
        url.set_path(&format!("/agent/tickets/{id}"));
        Ok(Delivered { remote_id: id.to_string(), remote_url: Some(url.to_string()) })
    }

    /// The ticket an earlier attempt created, if any.
    async fn existing(&self, external_id: &str) -> Result<Option<Value>, DeliveryError> {
        let mut url = self.endpoint("/api/v2/tickets");
        url.query_pairs_mut().append_pair("external_id", external_id);
        let body: Value = send_json(self.auth(self.http.get(url))).await?;
        Ok(body.get("tickets").and_then(Value::as_array).and_then(|t| t.first().cloned()))
    }

    async fn upload(&self, filename: &str, mime: &str, bytes: &[u8]) -> Result<String, DeliveryError> {
        let mut url = self.endpoint("/api/v2/uploads");
        url.query_pairs_mut().append_pair("filename", filename);
        let rb = self.http.post(url).header("content-type", mime).body(bytes.to_vec());
        let body: Value = send_json(self.auth(rb)).await?;
        body.pointer("/upload/token")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| DeliveryError::retry(format!("upload answered without a token: {body}")))
    }

    /// The `ticket` object Zendesk creates (without uploads).
    pub fn ticket(&self, t: &Outgoing, uploads: Vec<String>) -> Value {
        let r = &t.request;
        let request = serde_json::to_value(r).unwrap_or_default();
        let custom_fields: Vec<Value> = self
            .fields
            .iter()
            .filter_map(|(id, f)| {
                let v = field_value(&request, f)?;
                let blank = v.as_str().is_some_and(|s| s.trim().is_empty());
                (!blank).then(|| json!({"id": id, "value": v}))
            })
            .collect();
        let mut tags = vec!["guichet".to_string(), r.kind.as_str().into(), format!("severity_{}", r.severity)];
        tags.extend(self.tags.iter().cloned());
        let mut ticket = json!({
            "subject": r.title.clone(),
            "comment": {"body": text_body(t), "uploads": uploads},
            "requester": {"name": r.contact_name.trim(), "email": r.email.trim()},
            "priority": self.priority.get(&r.severity).cloned().unwrap_or_else(|| "normal".into()),
            "tags": tags,
            "external_id": t.ticket_id,
        });
        if let Some(g) = self.group_id {
            ticket["group_id"] = g.into();
        }
        if !custom_fields.is_empty() {
            ticket["custom_fields"] = custom_fields.into();
        }
        ticket
    }
}

impl Destination for Zendesk {
    fn name(&self) -> &str {
        &self.name
    }

    /// `PUT /api/v2/tickets/{id}` with status `open` and an internal note saying why.
    fn reopen<'a>(&'a self, remote_id: &'a str, _t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let body = json!({"ticket": {"status": "open", "comment": {"body": REOPEN_NOTE, "public": false}}});
            let rb = self.http.put(self.endpoint(&format!("/api/v2/tickets/{remote_id}"))).json(&body);
            let v: Value = send_json(self.auth(rb)).await?;
            self.done(v.get("ticket").unwrap_or(&Value::Null))
        })
    }

    /// A Zendesk webhook (<https://developer.zendesk.com/documentation/webhooks/verifying/>):
    /// `X-Zendesk-Webhook-Signature` is base64 HMAC-SHA256 of `X-Zendesk-Webhook-Signature-Timestamp`
    /// followed by the body, under the webhook's signing secret; calls older than 5 minutes are
    /// refused. The body is the JSON the trigger sends (README): `ticket_id`, `status`, and
    /// when a public comment was added `comment` and `author` (optionally `comment_id`).
    fn inbound(&self, h: &HeaderMap, body: &[u8]) -> Result<Vec<Inbound>, InboundError> {
        let secret = self.inbound_secret.as_deref().ok_or(InboundError::Unsupported)?;
        let ts = header(h, "x-zendesk-webhook-signature-timestamp");
        let at = chrono::DateTime::parse_from_rfc3339(ts)
            .map_err(|_| InboundError::Unauthorized("missing or bad signature timestamp".into()))?;
        if (chrono::Utc::now() - at.with_timezone(&chrono::Utc)).num_seconds().abs() > 300 {
            return Err(InboundError::Unauthorized("signature timestamp older than 5 minutes".into()));
        }
        let given = base64::engine::general_purpose::STANDARD
            .decode(header(h, "x-zendesk-webhook-signature"))
            .map_err(|_| InboundError::Unauthorized("missing signature".into()))?;
        if !same(&given, &hmac_sha256(secret.as_bytes(), &[ts.as_bytes(), body])) {
            return Err(InboundError::Unauthorized("signature does not match".into()));
        }
        let v = json(body)?;
        // An empty id names no ticket: refused, as Freshdesk's is.
        let id = id_text(&v["ticket_id"]).ok_or_else(|| InboundError::Invalid("ticket_id missing".into()))?;
        let mut out = Vec::new();
        if let Some(status) = v["status"].as_str() {
            let status = match status.to_ascii_lowercase().as_str() {
                "solved" | "closed" => TicketStatus::Closed,
                _ => TicketStatus::Open,
            };
            out.push(Inbound::Status { remote_id: id.clone(), status });
        }
        if let Some(text) = v["comment"].as_str().map(str::trim).filter(|c| !c.is_empty()) {
            let author = v["author"].as_str().unwrap_or("Support").to_string();
            let reply_id = id_text(&v["comment_id"]).unwrap_or_else(|| digest_id(&author, text));
            out.push(Inbound::Reply { remote_id: id, reply_id, author, body: text.to_string() });
        }
        Ok(out)
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            if t.attempt > 1 {
                if let Some(found) = self.existing(&t.ticket_id).await? {
                    return self.done(&found);
                }
            }
            let mut uploads = Vec::new();
            for (a, bytes) in &t.attachments {
                uploads.push(self.upload(&a.filename, &a.mime, bytes).await?);
            }
            let body = json!({"ticket": self.ticket(t, uploads)});
            let rb = self.http.post(self.endpoint("/api/v2/tickets")).json(&body);
            let created: Value = send_json(self.auth(rb)).await?;
            self.done(created.get("ticket").unwrap_or(&Value::Null))
        })
    }
}
