//! Freshdesk (`type = "freshdesk"`), API v2 (<https://developers.freshdesk.com/api/#tickets>):
//! `POST /api/v2/tickets` as `multipart/form-data` when there are attachments
//! (`attachments[]` parts), JSON otherwise, with `subject`, `description` (HTML), the
//! requester's `email` and `name`, `priority` (1 low … 4 urgent) from the severity, `status`
//! 2 (open), `tags` (including `guichet-<ticket id>`) and mapped `custom_fields`.
//!
//! Freshdesk tickets have no external id: on a retry the intake first searches
//! `GET /api/v2/search/tickets?query="tag:'guichet-<id>'"` and takes a ticket an earlier
//! attempt created. Authentication: HTTP Basic with the API key as user name and `X` as
//! password. Errors: `400 {"description": "Validation failed", "errors": [...]}` is a dead
//! letter; `429` carries `Retry-After` (<https://developers.freshdesk.com/api/#ratelimit>).
//!
//! Keys: `url` (`https://DOMAIN.freshdesk.com`), `api_key_env`, optional `group_id`,
//! `priority` (severity → 1–4; default A 4, B 3, C 2), `fields` (`cf_…` name → Guichet
//! field path), `inbound_secret_env` (the token an automation webhook sends back).

use super::inbound::{digest_id, header, id_text, json as read_json, same, Inbound, InboundError};
use super::keys::{ConfigError, Ctx};
use super::{at, field_value, html_body, send_json, BoxFuture, Delivered, DeliveryError, Destination, Outgoing};
use axum::http::HeaderMap;
use guichet_core::ticket::Severity;
use guichet_core::wire::TicketStatus;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A Freshdesk account.
pub struct Freshdesk {
    name: String,
    base: reqwest::Url,
    api_key: String,
    group_id: Option<u64>,
    priority: BTreeMap<Severity, u8>,
    fields: Vec<(String, super::FieldPath)>,
    inbound_secret: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    url: String,
    api_key_env: String,
    #[serde(default)]
    group_id: Option<u64>,
    #[serde(default)]
    priority: BTreeMap<String, u8>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    inbound_secret_env: Option<String>,
}

/// The tag that finds a ticket again (Freshdesk tags are case-insensitive).
fn marker(ticket_id: &str) -> String {
    format!("guichet-{}", ticket_id.to_ascii_lowercase())
}

impl Freshdesk {
    /// Builds it from its keys. Errors: a bad URL, a missing key variable, a priority outside
    /// 1–4, a custom field not named `cf_…` or mapped to no ticket field.
    pub fn from_config(ctx: &Ctx) -> Result<Freshdesk, ConfigError> {
        let k: Keys = ctx.keys()?;
        let defaults = [(Severity::A, 4), (Severity::B, 3), (Severity::C, 2)];
        let priority = ctx.priorities(&k.priority, defaults, |p: &u8| {
            if (1..=4).contains(p) {
                Ok(())
            } else {
                Err("Freshdesk priorities are 1 (low) to 4 (urgent)".into())
            }
        })?;
        let mut fields = Vec::new();
        for (name, path) in &k.fields {
            let key = format!("fields.{name}");
            if !name.starts_with("cf_") {
                return Err(ctx.error(&key, "Freshdesk custom fields are named cf_…"));
            }
            fields.push((name.clone(), ctx.field(&key, path)?));
        }
        Ok(Freshdesk {
            name: ctx.name().into(),
            base: ctx.url("url", &k.url)?,
            api_key: ctx.secret("api_key_env", &k.api_key_env)?,
            group_id: k.group_id,
            priority,
            fields,
            inbound_secret: ctx.optional_secret("inbound_secret_env", k.inbound_secret_env.as_deref())?,
            http: ctx.http.clone(),
        })
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        at(&self.base, path)
    }

    fn done(&self, ticket: &Value) -> Result<Delivered, DeliveryError> {
        let id = ticket
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| DeliveryError::retry(format!("no ticket id in {ticket}")))?;
        Ok(Delivered {
            remote_id: id.to_string(),
            remote_url: Some(self.endpoint(&format!("/a/tickets/{id}")).to_string()),
        })
    }

    async fn existing(&self, ticket_id: &str) -> Result<Option<Value>, DeliveryError> {
        let mut url = self.endpoint("/api/v2/search/tickets");
        url.query_pairs_mut().append_pair("query", &format!("\"tag:'{}'\"", marker(ticket_id)));
        let body = send_json(self.http.get(url).basic_auth(&self.api_key, Some("X"))).await?;
        Ok(body.get("results").and_then(Value::as_array).and_then(|r| r.first().cloned()))
    }

    /// The ticket's fields as Freshdesk takes them (JSON form).
    pub fn fields(&self, t: &Outgoing) -> Value {
        let r = &t.request;
        let request = serde_json::to_value(r).unwrap_or_default();
        let custom: serde_json::Map<String, Value> = self
            .fields
            .iter()
            .filter_map(|(name, f)| {
                let v = field_value(&request, f)?;
                (v.as_str() != Some("")).then(|| (name.clone(), v.clone()))
            })
            .collect();
        let mut v = json!({
            "subject": r.title.clone(),
            "description": html_body(t),
            "email": r.email.trim(),
            "name": r.contact_name.trim(),
            "priority": self.priority.get(&r.severity).copied().unwrap_or(2),
            "status": 2,
            "tags": ["guichet", marker(&t.ticket_id)],
        });
        if !r.phone.trim().is_empty() {
            v["phone"] = r.phone.trim().into();
        }
        if let Some(g) = self.group_id {
            v["group_id"] = g.into();
        }
        if !custom.is_empty() {
            v["custom_fields"] = custom.into();
        }
        v
    }
}

/// `value` as multipart form fields named like Freshdesk's form API (`tags[]`,
/// `custom_fields[cf_x]`).
fn form(mut f: reqwest::multipart::Form, value: &Value) -> reqwest::multipart::Form {
    for (k, v) in value.as_object().into_iter().flatten() {
        match v {
            Value::Array(items) => {
                for i in items {
                    f = f.text(format!("{k}[]"), i.as_str().map_or(i.to_string(), str::to_string));
                }
            }
            Value::Object(o) => {
                for (ck, cv) in o {
                    f = f.text(format!("{k}[{ck}]"), cv.as_str().map_or(cv.to_string(), str::to_string));
                }
            }
            Value::String(s) => f = f.text(k.clone(), s.clone()),
            other => f = f.text(k.clone(), other.to_string()),
        }
    }
    f
}

impl Destination for Freshdesk {
    fn name(&self) -> &str {
        &self.name
    }

    /// A Freshdesk automation webhook. Freshdesk does not sign its webhooks: the rule sends the
    /// secret in a custom header `X-Guichet-Token`
    /// (<https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules>),
    /// and the JSON body the README gives: `ticket_id`, `status`, and for a public reply
    /// `comment` and `author`. `Resolved` and `Closed` close the request.
    fn inbound(&self, h: &HeaderMap, body: &[u8]) -> Result<Vec<Inbound>, InboundError> {
        let secret = self.inbound_secret.as_deref().ok_or(InboundError::Unsupported)?;
        if !same(header(h, "x-guichet-token").as_bytes(), secret.as_bytes()) {
            return Err(InboundError::Unauthorized("X-Guichet-Token missing or wrong".into()));
        }
        let v = read_json(body)?;
        let id = id_text(&v["ticket_id"]).ok_or_else(|| InboundError::Invalid("ticket_id missing".into()))?;
        let mut out = Vec::new();
        if let Some(status) = v["status"].as_str() {
            let closed = matches!(status.to_ascii_lowercase().as_str(), "resolved" | "closed");
            out.push(Inbound::Status {
                remote_id: id.clone(),
                status: if closed { TicketStatus::Closed } else { TicketStatus::Open },
            });
        }
        if let Some(text) = v["comment"].as_str().map(str::trim).filter(|c| !c.is_empty()) {
            let author = v["author"].as_str().unwrap_or("Support").to_string();
            out.push(Inbound::Reply {
                remote_id: id,
                reply_id: digest_id(&author, text),
                author,
                body: text.to_string(),
            });
        }
        Ok(out)
    }

    /// `PUT /api/v2/tickets/{id}` with `status` 2 (open).
    fn reopen<'a>(&'a self, remote_id: &'a str, _t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let rb = self
                .http
                .put(self.endpoint(&format!("/api/v2/tickets/{remote_id}")))
                .basic_auth(&self.api_key, Some("X"));
            let v: Value = send_json(rb.json(&json!({"status": 2}))).await?;
            self.done(&v)
        })
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            if t.attempt > 1 {
                if let Some(found) = self.existing(&t.ticket_id).await? {
                    return self.done(&found);
                }
            }
            let rb = self.http.post(self.endpoint("/api/v2/tickets")).basic_auth(&self.api_key, Some("X"));
            let rb = if t.attachments.is_empty() {
                rb.json(&self.fields(t))
            } else {
                let mut f = form(reqwest::multipart::Form::new(), &self.fields(t));
                for (a, bytes) in &t.attachments {
                    let part = reqwest::multipart::Part::bytes(bytes.clone())
                        .file_name(a.filename.clone())
                        .mime_str(&a.mime)
                        .map_err(|e| DeliveryError::Permanent { reason: format!("attachment type {}: {e}", a.mime) })?;
                    f = f.part("attachments[]", part);
                }
                rb.multipart(f)
            };
            let created: Value = send_json(rb).await?;
            self.done(&created)
        })
    }
}
