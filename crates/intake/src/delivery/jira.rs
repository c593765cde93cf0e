//! Jira Service Management (`type = "jira"`), through the customer request API
//! (<https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-post>):
//!
//! - attachments first, each `POST /rest/servicedeskapi/servicedesk/{id}/attachTemporaryFile`
//!   (multipart `file`, header `X-Atlassian-Token: no-check`), giving temporary ids;
//! - `POST /rest/servicedeskapi/request` with `serviceDeskId`, `requestTypeId`,
//!   `requestFieldValues` (`summary` `[GU-…] title`, `description`, mapped fields) and
//!   `raiseOnBehalfOf` the requester's email when `on_behalf = true`;
//! - then `POST /rest/servicedeskapi/request/{key}/attachment` with the temporary ids
//!   (<https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-servicedeskid-attachtemporaryfile-post>).
//!
//! On a retry the intake first lists `GET /rest/servicedeskapi/request?searchTerm=GU-…`
//! (which matches summaries) and takes a request an earlier attempt created. Authentication:
//! HTTP Basic with the account's email and API token. Errors: `400 {"errorMessage"}` is a
//! dead letter; `429` carries `Retry-After`.
//!
//! Keys: `url` (`https://SITE.atlassian.net`), `email`, `token_env`, `service_desk_id`,
//! `request_type_id`, optional `on_behalf` (default false), `fields` (Jira field id, e.g.
//! `customfield_10050`, → Guichet field path), `reopen_transition_id` (the workflow
//! transition that reopens a request, used when the requester reopens it),
//! `inbound_secret_env` (the secret of a Jira webhook sending comments and status back).

use super::inbound::{header, hmac_sha256, json as read_json, same, Inbound, InboundError};
use super::keys::{ConfigError, Ctx};
use super::{
    at, field_value, send, send_json, text_body, titled, BoxFuture, Delivered, DeliveryError, Destination, Outgoing,
};
use axum::http::HeaderMap;
use guichet_core::wire::TicketStatus;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A Jira Service Management service desk and request type.
pub struct Jira {
    name: String,
    base: reqwest::Url,
    email: String,
    token: String,
    service_desk_id: String,
    request_type_id: String,
    on_behalf: bool,
    fields: Vec<(String, super::FieldPath)>,
    reopen_transition_id: Option<String>,
    inbound_secret: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    url: String,
    email: String,
    token_env: String,
    service_desk_id: String,
    request_type_id: String,
    #[serde(default)]
    on_behalf: bool,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    reopen_transition_id: Option<String>,
    #[serde(default)]
    inbound_secret_env: Option<String>,
}

impl Jira {
    /// Builds it from its keys. Errors: a bad URL, a missing token variable, a field mapped
    /// to no ticket field.
    pub fn from_config(ctx: &Ctx) -> Result<Jira, ConfigError> {
        let k: Keys = ctx.keys()?;
        let mut fields = Vec::new();
        for (id, path) in &k.fields {
            fields.push((id.clone(), ctx.field(&format!("fields.{id}"), path)?));
        }
        Ok(Jira {
            name: ctx.name().into(),
            base: ctx.url("url", &k.url)?,
            email: k.email,
            token: ctx.secret("token_env", &k.token_env)?,
            service_desk_id: k.service_desk_id,
            request_type_id: k.request_type_id,
            on_behalf: k.on_behalf,
            fields,
            reopen_transition_id: k.reopen_transition_id,
            inbound_secret: ctx.optional_secret("inbound_secret_env", k.inbound_secret_env.as_deref())?,
            http: ctx.http.clone(),
        })
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        at(&self.base, path)
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        rb.basic_auth(&self.email, Some(&self.token)).header("accept", "application/json")
    }

    fn done(&self, request: &Value) -> Result<Delivered, DeliveryError> {
        let key = request
            .get("issueKey")
            .and_then(Value::as_str)
            .ok_or_else(|| DeliveryError::retry(format!("no issueKey in {request}")))?;
        let url = request.pointer("/_links/web").and_then(Value::as_str).map(str::to_string);
        Ok(Delivered { remote_id: key.to_string(), remote_url: url })
    }

    async fn existing(&self, ticket_id: &str) -> Result<Option<Value>, DeliveryError> {
        let mut url = self.endpoint("/rest/servicedeskapi/request");
        url.query_pairs_mut().append_pair("searchTerm", ticket_id).append_pair("requestOwnership", "ALL_REQUESTS");
        let body: Value = send_json(self.auth(self.http.get(url))).await?;
        let tag = format!("[{ticket_id}]");
        Ok(body.get("values").and_then(Value::as_array).and_then(|v| {
            v.iter()
                .find(|r| {
                    r.get("requestFieldValues").and_then(Value::as_array).is_some_and(|f| {
                        f.iter().any(|f| {
                            f["fieldId"] == "summary" && f["value"].as_str().is_some_and(|s| s.starts_with(&tag))
                        })
                    })
                })
                .cloned()
        }))
    }

    /// How many attachments request `key` has.
    async fn attached(&self, key: &str) -> Result<usize, DeliveryError> {
        if key.is_empty() {
            return Ok(0);
        }
        let url = self.endpoint(&format!("/rest/servicedeskapi/request/{key}/attachment"));
        let body: Value = send_json(self.auth(self.http.get(url))).await?;
        Ok(body.get("values").and_then(Value::as_array).map_or(0, Vec::len))
    }

    async fn attach(&self, key: &str, t: &Outgoing) -> Result<(), DeliveryError> {
        if t.attachments.is_empty() {
            return Ok(());
        }
        let mut ids = Vec::new();
        for (a, bytes) in &t.attachments {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(a.filename.clone())
                .mime_str(&a.mime)
                .map_err(|e| DeliveryError::Permanent { reason: format!("attachment type {}: {e}", a.mime) })?;
            let url = self
                .endpoint(&format!("/rest/servicedeskapi/servicedesk/{}/attachTemporaryFile", self.service_desk_id));
            let rb = self.auth(self.http.post(url)).header("X-Atlassian-Token", "no-check");
            let body: Value = send_json(rb.multipart(reqwest::multipart::Form::new().part("file", part))).await?;
            let id = body
                .pointer("/temporaryAttachments/0/temporaryAttachmentId")
                .and_then(Value::as_str)
                .ok_or_else(|| DeliveryError::retry(format!("no temporary attachment id in {body}")))?;
            ids.push(id.to_string());
        }
        let url = self.endpoint(&format!("/rest/servicedeskapi/request/{key}/attachment"));
        let body = json!({"temporaryAttachmentIds": ids, "public": true});
        send(self.auth(self.http.post(url)).json(&body)).await?;
        Ok(())
    }

    /// The request Jira creates.
    pub fn request(&self, t: &Outgoing) -> Value {
        let stored = serde_json::to_value(&t.request).unwrap_or_default();
        let mut values = json!({"summary": titled(t), "description": text_body(t)});
        for (id, f) in &self.fields {
            if let Some(v) = field_value(&stored, f) {
                values[id] = v.clone();
            }
        }
        let mut req = json!({
            "serviceDeskId": self.service_desk_id,
            "requestTypeId": self.request_type_id,
            "requestFieldValues": values,
        });
        if self.on_behalf {
            req["raiseOnBehalfOf"] = t.request.email.trim().into();
        }
        req
    }
}

impl Destination for Jira {
    fn name(&self) -> &str {
        &self.name
    }

    /// A Jira webhook with a secret
    /// (<https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks>):
    /// `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>`. Events: `comment_created`
    /// (public comments only: `jsdPublic` true) and `jira:issue_updated` (a status in the
    /// `done` category closes the request, any other opens it).
    fn inbound(&self, h: &HeaderMap, body: &[u8]) -> Result<Vec<Inbound>, InboundError> {
        let secret = self.inbound_secret.as_deref().ok_or(InboundError::Unsupported)?;
        let given = header(h, "x-hub-signature").strip_prefix("sha256=").and_then(|x| hex::decode(x).ok());
        if !given.is_some_and(|g| same(&g, &hmac_sha256(secret.as_bytes(), &[body]))) {
            return Err(InboundError::Unauthorized("X-Hub-Signature missing or wrong".into()));
        }
        let v = read_json(body)?;
        let Some(key) = v.pointer("/issue/key").and_then(Value::as_str).map(str::to_string) else {
            return Ok(Vec::new());
        };
        Ok(match v["webhookEvent"].as_str().unwrap_or("") {
            "comment_created" if v.pointer("/comment/jsdPublic") != Some(&Value::Bool(false)) => {
                let c = &v["comment"];
                let body = c["body"].as_str().unwrap_or("").trim().to_string();
                let Some(id) = c["id"].as_str().map(str::to_string) else {
                    return Err(InboundError::Invalid("comment without id".into()));
                };
                let author = c.pointer("/author/displayName").and_then(Value::as_str).unwrap_or("Support").to_string();
                vec![Inbound::Reply { remote_id: key, reply_id: id, author, body }]
            }
            "jira:issue_updated" => {
                let done = v.pointer("/issue/fields/status/statusCategory/key").and_then(Value::as_str) == Some("done");
                vec![Inbound::Status {
                    remote_id: key,
                    status: if done { TicketStatus::Closed } else { TicketStatus::Open },
                }]
            }
            _ => Vec::new(),
        })
    }

    /// With `reopen_transition_id`: `POST /rest/api/3/issue/{key}/transitions` to it (Jira
    /// workflows name their own transitions,
    /// <https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post>);
    /// without it, nothing to do.
    fn reopen<'a>(&'a self, remote_id: &'a str, _t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            if let Some(tr) = &self.reopen_transition_id {
                let url = self.endpoint(&format!("/rest/api/3/issue/{remote_id}/transitions"));
                send(self.auth(self.http.post(url)).json(&json!({"transition": {"id": tr}}))).await?;
            }
            Ok(Delivered { remote_id: remote_id.to_string(), remote_url: None })
        })
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            // Attachments are attached after creation: a request found again gets them when it
            // has fewer than the ticket (the earlier attempt failed in between).
            if t.attempt > 1 {
                if let Some(found) = self.existing(&t.ticket_id).await? {
                    let delivered = self.done(&found)?;
                    if self.attached(&delivered.remote_id).await? < t.attachments.len() {
                        self.attach(&delivered.remote_id, t).await?;
                    }
                    return Ok(delivered);
                }
            }
            let rb = self.auth(self.http.post(self.endpoint("/rest/servicedeskapi/request"))).json(&self.request(t));
            let created: Value = send_json(rb).await?;
            let delivered = self.done(&created)?;
            self.attach(&delivered.remote_id, t).await?;
            Ok(delivered)
        })
    }
}
