//! Zammad (`type = "zammad"`), REST API (<https://docs.zammad.org/en/latest/api/ticket/index.html>):
//! `POST /api/v1/tickets` with `title` `[GU-…] title`, `group`, `customer_id`
//! `guess:<email>` (Zammad finds or creates the customer), `priority_id` from the severity, and
//! the first `article` (`type` web, `internal` false, `content_type` text/plain) whose
//! `attachments` carry each file base64-encoded with its `filename` and `mime-type`.
//!
//! Zammad tickets have no external id: on a retry the intake first searches
//! `GET /api/v1/tickets/search?query=title:"GU-…"` and takes a ticket an earlier attempt
//! created. Authentication: `Authorization: Token token=…` (an access token with
//! `ticket.agent`). Errors: `422 {"error", "error_human"}` is a dead letter.
//!
//! Keys: `url`, `token_env`, `group` (name), optional `priority` (severity → Zammad
//! priority id; default A 3 high, B 2 normal, C 2 normal), `inbound_secret_env` (the
//! signature token of a trigger webhook sending state changes and agent articles back).

use super::inbound::{header, json as read_json, Inbound, InboundError};
use super::keys::{ConfigError, Ctx};
use super::{at, send_json, text_body, titled, BoxFuture, Delivered, DeliveryError, Destination, Outgoing};
use axum::http::HeaderMap;
use base64::Engine;
use guichet_core::ticket::Severity;
use guichet_core::wire::TicketStatus;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A Zammad instance and group.
pub struct Zammad {
    name: String,
    base: reqwest::Url,
    token: String,
    group: String,
    priority: BTreeMap<Severity, u64>,
    inbound_secret: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    url: String,
    token_env: String,
    group: String,
    #[serde(default)]
    priority: BTreeMap<String, u64>,
    #[serde(default)]
    inbound_secret_env: Option<String>,
}

impl Zammad {
    /// Builds it from its keys. Errors: a bad URL, a missing token variable, an unknown
    /// severity.
    pub fn from_config(ctx: &Ctx) -> Result<Zammad, ConfigError> {
        let k: Keys = ctx.keys()?;
        let defaults = [(Severity::A, 3), (Severity::B, 2), (Severity::C, 2)];
        let priority = ctx.priorities(&k.priority, defaults, |_: &u64| Ok(()))?;
        Ok(Zammad {
            name: ctx.name().into(),
            base: ctx.url("url", &k.url)?,
            token: ctx.secret("token_env", &k.token_env)?,
            group: k.group,
            priority,
            inbound_secret: ctx.optional_secret("inbound_secret_env", k.inbound_secret_env.as_deref())?,
            http: ctx.http.clone(),
        })
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        at(&self.base, path)
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        rb.header("authorization", format!("Token token={}", self.token))
    }

    fn done(&self, ticket: &Value) -> Result<Delivered, DeliveryError> {
        let id = ticket
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| DeliveryError::retry(format!("no ticket id in {ticket}")))?;
        let mut url = self.base.clone();
        url.set_path("/");
        url.set_fragment(Some(&format!("ticket/zoom/{id}")));
        Ok(Delivered { remote_id: id.to_string(), remote_url: Some(url.to_string()) })
    }

    async fn existing(&self, ticket_id: &str) -> Result<Option<Value>, DeliveryError> {
        let mut url = self.endpoint("/api/v1/tickets/search");
        url.query_pairs_mut().append_pair("query", &format!("title:\"{ticket_id}\"")).append_pair("expand", "true");
        let body: Value = send_json(self.auth(self.http.get(url))).await?;
        let tag = format!("[{ticket_id}]");
        let list = body.as_array().cloned().unwrap_or_default();
        Ok(list.into_iter().find(|t| t["title"].as_str().is_some_and(|s| s.starts_with(&tag))))
    }

    /// The ticket Zammad creates, with its first article.
    pub fn ticket(&self, t: &Outgoing) -> Value {
        let r = &t.request;
        let files: Vec<Value> = t
            .attachments
            .iter()
            .map(|(a, bytes)| {
                json!({"filename": a.filename, "data": base64::engine::general_purpose::STANDARD.encode(bytes), "mime-type": a.mime})
            })
            .collect();
        json!({
            "title": titled(t),
            "group": self.group,
            "customer_id": format!("guess:{}", r.email.trim()),
            "priority_id": self.priority.get(&r.severity).copied().unwrap_or(2),
            "article": {
                "subject": r.title.clone(),
                "body": text_body(t),
                "type": "web",
                "internal": false,
                "content_type": "text/plain",
                "attachments": files,
            },
        })
    }
}

impl Destination for Zammad {
    fn name(&self) -> &str {
        &self.name
    }

    /// A Zammad trigger webhook (<https://admin-docs.zammad.org/en/latest/manage/webhook.html>):
    /// `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>` under the webhook's signature
    /// token; the default payload's `ticket` (`id`, `state`) and `article` (`id`, `body`,
    /// `internal`, `created_by`). `closed` states close the request; internal articles and the
    /// customer's own articles are not replies.
    fn inbound(&self, h: &HeaderMap, body: &[u8]) -> Result<Vec<Inbound>, InboundError> {
        use hmac::{Hmac, Mac};
        let secret = self.inbound_secret.as_deref().ok_or(InboundError::Unsupported)?;
        let given = header(h, "x-hub-signature").strip_prefix("sha1=").and_then(|x| hex::decode(x).ok());
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(body);
        if given.is_none_or(|g| mac.verify_slice(&g).is_err()) {
            return Err(InboundError::Unauthorized("X-Hub-Signature missing or wrong".into()));
        }
        let v = read_json(body)?;
        let Some(id) = v.pointer("/ticket/id").and_then(Value::as_u64).map(|i| i.to_string()) else {
            return Err(InboundError::Invalid("ticket.id missing".into()));
        };
        let mut out = Vec::new();
        if let Some(state) = v.pointer("/ticket/state").and_then(Value::as_str) {
            let closed = state.starts_with("closed");
            out.push(Inbound::Status {
                remote_id: id.clone(),
                status: if closed { TicketStatus::Closed } else { TicketStatus::Open },
            });
        }
        let a = &v["article"];
        let from_agent = a["sender"].as_str().is_none_or(|s| s == "Agent");
        if a.is_object() && a["internal"] != true && from_agent {
            if let (Some(aid), Some(text)) =
                (a["id"].as_u64(), a["body"].as_str().map(str::trim).filter(|b| !b.is_empty()))
            {
                let who = &a["created_by"];
                let author =
                    format!("{} {}", who["firstname"].as_str().unwrap_or(""), who["lastname"].as_str().unwrap_or(""));
                let author = if author.trim().is_empty() { "Support".to_string() } else { author.trim().to_string() };
                out.push(Inbound::Reply { remote_id: id, reply_id: aid.to_string(), author, body: text.to_string() });
            }
        }
        Ok(out)
    }

    /// `PUT /api/v1/tickets/{id}` with `state` `open`.
    fn reopen<'a>(&'a self, remote_id: &'a str, _t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let rb = self.auth(self.http.put(self.endpoint(&format!("/api/v1/tickets/{remote_id}"))));
            let v: Value = send_json(rb.json(&json!({"state": "open"}))).await?;
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
            let rb = self.auth(self.http.post(self.endpoint("/api/v1/tickets"))).json(&self.ticket(t));
            let created: Value = send_json(rb).await?;
            self.done(&created)
        })
    }
}
