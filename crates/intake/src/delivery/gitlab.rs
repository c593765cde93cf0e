//! GitLab Issues (`type = "gitlab"`), for developer portals
//! (<https://docs.gitlab.com/api/issues/#new-issue>): attachments first, each `POST
//! /api/v4/projects/{id}/uploads` (multipart `file`) giving a Markdown link
//! (<https://docs.gitlab.com/api/project_markdown_uploads/>); then `POST
//! /api/v4/projects/{id}/issues` with `title` `[GU-…] title`, `description` (the links
//! included), `labels` and `confidential` (true unless `confidential = false`: a ticket is
//! not for everyone). Header `PRIVATE-TOKEN`.
//!
//! As on GitHub, contact details stay out unless `include_contact = true`. On a retry the
//! intake first lists `GET …/issues?search=GU-…&in=title` and takes an issue an earlier
//! attempt created. Errors: `400`/`422` are dead letters, `429` waits for `Retry-After`.
//!
//! Keys: `url` (`https://gitlab.com` or a self-managed instance), `project` (numeric id or
//! `group/name`), `token_env`, optional `labels`, `confidential`, `include_contact`,
//! `inbound_secret_env` (the secret token of a project webhook sending issue and note events
//! back).

use super::github::issue_body;
use super::inbound::{header, json as read_json, same, Inbound, InboundError};
use super::keys::{ConfigError, Ctx};
use super::{send_json, titled, BoxFuture, Delivered, DeliveryError, Destination, Outgoing};
use axum::http::HeaderMap;
use guichet_core::wire::TicketStatus;
use serde::Deserialize;
use serde_json::{json, Value};

/// A GitLab project.
pub struct GitLab {
    name: String,
    base: reqwest::Url,
    project: String,
    token: String,
    labels: Vec<String>,
    confidential: bool,
    include_contact: bool,
    inbound_secret: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    url: String,
    project: String,
    token_env: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default = "yes")]
    confidential: bool,
    #[serde(default)]
    include_contact: bool,
    #[serde(default)]
    inbound_secret_env: Option<String>,
}

fn yes() -> bool {
    true
}

impl GitLab {
    /// Builds it from its keys. Errors: a bad URL, an empty project, a missing token variable.
    pub fn from_config(ctx: &Ctx) -> Result<GitLab, ConfigError> {
        let k: Keys = ctx.keys()?;
        if k.project.trim().is_empty() {
            return Err(ctx.error("project", "a project id or group/name"));
        }
        Ok(GitLab {
            name: ctx.name().into(),
            base: ctx.url("url", &k.url)?,
            project: k.project.trim().to_string(),
            token: ctx.secret("token_env", &k.token_env)?,
            labels: k.labels,
            confidential: k.confidential,
            include_contact: k.include_contact,
            inbound_secret: ctx.optional_secret("inbound_secret_env", k.inbound_secret_env.as_deref())?,
            http: ctx.http.clone(),
        })
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        // The project's path is one URL-encoded segment (`group%2Fname`).
        let mut u = self.base.clone();
        u.path_segments_mut()
            .expect("an http(s) URL")
            .pop_if_empty()
            .extend(["api", "v4", "projects", self.project.as_str()])
            .extend(path.split('/').filter(|s| !s.is_empty()));
        u
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        rb.header("private-token", &self.token)
    }

    fn done(issue: &Value) -> Result<Delivered, DeliveryError> {
        let iid = issue
            .get("iid")
            .and_then(Value::as_u64)
            .ok_or_else(|| DeliveryError::retry(format!("no issue iid in {issue}")))?;
        Ok(Delivered {
            remote_id: iid.to_string(),
            remote_url: issue.get("web_url").and_then(Value::as_str).map(str::to_string),
        })
    }

    async fn existing(&self, ticket_id: &str) -> Result<Option<Value>, DeliveryError> {
        let mut url = self.endpoint("issues");
        url.query_pairs_mut().append_pair("search", ticket_id).append_pair("in", "title");
        let list: Value = send_json(self.auth(self.http.get(url))).await?;
        let tag = format!("[{ticket_id}]");
        Ok(list
            .as_array()
            .and_then(|l| l.iter().find(|i| i["title"].as_str().is_some_and(|s| s.starts_with(&tag))).cloned()))
    }

    async fn upload(&self, filename: &str, mime: &str, bytes: &[u8]) -> Result<String, DeliveryError> {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name(filename.to_string())
            .mime_str(mime)
            .map_err(|e| DeliveryError::Permanent { reason: format!("attachment type {mime}: {e}") })?;
        let rb = self
            .auth(self.http.post(self.endpoint("uploads")))
            .multipart(reqwest::multipart::Form::new().part("file", part));
        let body: Value = send_json(rb).await?;
        body.get("markdown")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| DeliveryError::retry(format!("no markdown in {body}")))
    }

    /// The issue GitLab creates, given the attachments' Markdown links.
    pub fn issue(&self, t: &Outgoing, files: &[String]) -> Value {
        let r = &t.request;
        let mut labels = vec!["guichet".to_string(), format!("severity::{}", r.severity), format!("kind::{}", r.kind)];
        labels.extend(self.labels.iter().cloned());
        json!({
            "title": titled(t),
            "description": issue_body(t, self.include_contact, files),
            "labels": labels.join(","),
            "confidential": self.confidential,
        })
    }
}

impl Destination for GitLab {
    fn name(&self) -> &str {
        &self.name
    }

    /// `PUT /api/v4/projects/{id}/issues/{iid}` with `state_event` `reopen`.
    fn reopen<'a>(&'a self, remote_id: &'a str, _t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let rb = self.auth(self.http.put(self.endpoint(&format!("issues/{remote_id}"))));
            let v: Value = send_json(rb.json(&json!({"state_event": "reopen"}))).await?;
            Self::done(&v)
        })
    }

    /// A project webhook (<https://docs.gitlab.com/user/project/integrations/webhooks/>):
    /// `X-Gitlab-Token` is the secret token. Events (`X-Gitlab-Event`): `Issue Hook` and
    /// `Confidential Issue Hook` (`close`, `reopen`), `Note Hook` and `Confidential Note Hook`
    /// on an issue (internal notes are not replies to the requester and are skipped).
    fn inbound(&self, h: &HeaderMap, body: &[u8]) -> Result<Vec<Inbound>, InboundError> {
        let secret = self.inbound_secret.as_deref().ok_or(InboundError::Unsupported)?;
        if !same(header(h, "x-gitlab-token").as_bytes(), secret.as_bytes()) {
            return Err(InboundError::Unauthorized("X-Gitlab-Token missing or wrong".into()));
        }
        let v = read_json(body)?;
        let a = &v["object_attributes"];
        Ok(match header(h, "x-gitlab-event") {
            "Issue Hook" | "Confidential Issue Hook" => {
                let Some(iid) = a["iid"].as_u64() else {
                    return Err(InboundError::Invalid("issue without iid".into()));
                };
                let status = match a["action"].as_str().unwrap_or("") {
                    "close" => TicketStatus::Closed,
                    "reopen" => TicketStatus::Open,
                    _ => return Ok(Vec::new()),
                };
                vec![Inbound::Status { remote_id: iid.to_string(), status }]
            }
            "Note Hook" | "Confidential Note Hook" if a["noteable_type"] == "Issue" => {
                if a["internal"] == true || a["confidential"] == true {
                    return Ok(Vec::new());
                }
                let iid = v.pointer("/issue/iid").and_then(Value::as_u64);
                let (Some(iid), Some(id)) = (iid, a["id"].as_u64()) else {
                    return Err(InboundError::Invalid("note without issue iid or id".into()));
                };
                let author = v.pointer("/user/name").and_then(Value::as_str).unwrap_or("GitLab").to_string();
                let body = a["note"].as_str().unwrap_or("").trim().to_string();
                vec![Inbound::Reply { remote_id: iid.to_string(), reply_id: id.to_string(), author, body }]
            }
            _ => Vec::new(),
        })
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            if t.attempt > 1 {
                if let Some(found) = self.existing(&t.ticket_id).await? {
                    return Self::done(&found);
                }
            }
            let mut files = Vec::new();
            for (a, bytes) in &t.attachments {
                files.push(self.upload(&a.filename, &a.mime, bytes).await?);
            }
            let rb = self.auth(self.http.post(self.endpoint("issues"))).json(&self.issue(t, &files));
            let created: Value = send_json(rb).await?;
            Self::done(&created)
        })
    }
}
