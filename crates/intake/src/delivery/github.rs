//! GitHub Issues (`type = "github"`), for developer portals
//! (<https://docs.github.com/en/rest/issues/issues#create-an-issue>): `POST
//! /repos/{owner}/{repo}/issues` with `title`, `body` and `labels` (`guichet`, `severity:X`,
//! `kind:…` and the configured ones). Headers: `Authorization: Bearer` (a fine-grained token
//! with Issues write), `Accept: application/vnd.github+json`, `X-GitHub-Api-Version:
//! 2022-11-28`.
//!
//! Issues are often public: the body carries the problem, not the requester's contact details
//! (email, phone) unless `include_contact = true`. GitHub's API takes no issue attachments:
//! their names are listed in the body.
//!
//! The body ends with a hidden marker `<!-- guichet:GU-… -->`; on a retry the intake first
//! lists the repository's recent `guichet` issues (`GET …/issues?labels=guichet&state=all`)
//! and takes the one carrying it. Errors: `410` (issues disabled) and `422` (validation) are
//! dead letters; `403`/`429` rate limits are retried after `Retry-After`
//! (<https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api>).
//!
//! Keys: `repository` (`owner/name`), `token_env`, optional `api_url` (GitHub Enterprise
//! Server, default `https://api.github.com`), `labels`, `include_contact`,
//! `inbound_secret_env` (the secret of a repository webhook sending `issues` and
//! `issue_comment` events back).

use super::inbound::{header, hmac_sha256, json as read_json, same, Inbound, InboundError};
use super::keys::{ConfigError, Ctx};
use super::{send_json, BoxFuture, Delivered, DeliveryError, Destination, Outgoing};
use axum::http::HeaderMap;
use guichet_core::wire::TicketStatus;
use serde::Deserialize;
use serde_json::{json, Value};

/// A GitHub repository.
pub struct GitHub {
    name: String,
    api: reqwest::Url,
    repository: String,
    token: String,
    labels: Vec<String>,
    include_contact: bool,
    inbound_secret: Option<String>,
    http: reqwest::Client,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    repository: String,
    token_env: String,
    #[serde(default = "default_api")]
    api_url: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    include_contact: bool,
    #[serde(default)]
    inbound_secret_env: Option<String>,
}

fn default_api() -> String {
    "https://api.github.com".into()
}

/// The hidden marker that finds an issue again.
fn marker(ticket_id: &str) -> String {
    format!("<!-- guichet:{ticket_id} -->")
}

/// The issue body shared by GitHub and GitLab: the description, the ticket's facts (contact
/// details only when asked), the attachments' names, and the marker.
pub fn issue_body(t: &Outgoing, include_contact: bool, files: &[String]) -> String {
    let r = &t.request;
    let mut b = format!("{}\n\n| | |\n|---|---|\n", r.description.trim());
    let mut row = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            b.push_str(&format!("| {k} | {} |\n", v.trim().replace('|', "\\|").replace('\n', " ")));
        }
    };
    row("Guichet ticket", &t.ticket_id);
    row("Kind", r.kind.as_str());
    row("Issue type", r.issue_type.as_str());
    row("Severity", r.severity.as_str());
    row("Locale", r.locale.tag());
    row("From article", r.from_article.as_deref().unwrap_or(""));
    if include_contact {
        row("Contact", &format!("{} <{}>", r.contact_name.trim(), r.email.trim()));
        row("Phone", &r.phone);
    }
    if !files.is_empty() {
        b.push_str("\n**Attachments**\n\n");
        for f in files {
            b.push_str(&format!("- {f}\n"));
        }
    }
    b.push('\n');
    b.push_str(&marker(&t.ticket_id));
    b
}

impl GitHub {
    /// Builds it from its keys. Errors: a repository not written `owner/name`, a bad API URL,
    /// a missing token variable.
    pub fn from_config(ctx: &Ctx) -> Result<GitHub, ConfigError> {
        let k: Keys = ctx.keys()?;
        let parts: Vec<&str> = k.repository.split('/').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
            return Err(ctx.error("repository", format!("{:?}: expected owner/name", k.repository)));
        }
        Ok(GitHub {
            name: ctx.name().into(),
            api: ctx.url("api_url", &k.api_url)?,
            repository: k.repository,
            token: ctx.secret("token_env", &k.token_env)?,
            labels: k.labels,
            include_contact: k.include_contact,
            inbound_secret: ctx.optional_secret("inbound_secret_env", k.inbound_secret_env.as_deref())?,
            http: ctx.http.clone(),
        })
    }

    fn endpoint(&self, path: &str) -> reqwest::Url {
        let mut u = self.api.clone();
        let prefix = u.path().trim_end_matches('/').to_string();
        u.set_path(&format!("{prefix}/repos/{}{path}", self.repository));
        u
    }

    fn auth(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        rb.bearer_auth(&self.token)
            .header("accept", "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28")
    }

    fn done(issue: &Value) -> Result<Delivered, DeliveryError> {
        let n = issue
            .get("number")
            .and_then(Value::as_u64)
            .ok_or_else(|| DeliveryError::retry(format!("no issue number in {issue}")))?;
        Ok(Delivered {
            remote_id: n.to_string(),
            remote_url: issue.get("html_url").and_then(Value::as_str).map(str::to_string),
        })
    }

    async fn existing(&self, ticket_id: &str) -> Result<Option<Value>, DeliveryError> {
        let mut url = self.endpoint("/issues");
        url.query_pairs_mut()
            .append_pair("labels", "guichet")
            .append_pair("state", "all")
            .append_pair("sort", "created")
            .append_pair("direction", "desc")
            .append_pair("per_page", "100");
        let list: Value = send_json(self.auth(self.http.get(url))).await?;
        let m = marker(ticket_id);
        Ok(list.as_array().and_then(|l| l.iter().find(|i| i["body"].as_str().is_some_and(|b| b.contains(&m))).cloned()))
    }

    /// The issue GitHub creates.
    pub fn issue(&self, t: &Outgoing) -> Value {
        let r = &t.request;
        let mut labels = vec!["guichet".to_string(), format!("severity:{}", r.severity), format!("kind:{}", r.kind)];
        labels.extend(self.labels.iter().cloned());
        let files: Vec<String> = t.attachments.iter().map(|(a, _)| a.filename.clone()).collect();
        json!({"title": r.title.clone(), "body": issue_body(t, self.include_contact, &files), "labels": labels})
    }
}

impl Destination for GitHub {
    fn name(&self) -> &str {
        &self.name
    }

    /// `PATCH /repos/{owner}/{repo}/issues/{number}` with `state` `open`.
    fn reopen<'a>(&'a self, remote_id: &'a str, _t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let rb = self.auth(self.http.patch(self.endpoint(&format!("/issues/{remote_id}"))));
            let v: Value = send_json(rb.json(&json!({"state": "open"}))).await?;
            Self::done(&v)
        })
    }

    /// A repository webhook (<https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries>):
    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. Events: `issues`
    /// (`closed`, `reopened`) and `issue_comment` (`created`); `ping` and others are read and
    /// ignored.
    fn inbound(&self, h: &HeaderMap, body: &[u8]) -> Result<Vec<Inbound>, InboundError> {
        let secret = self.inbound_secret.as_deref().ok_or(InboundError::Unsupported)?;
        let given = header(h, "x-hub-signature-256").strip_prefix("sha256=").and_then(|x| hex::decode(x).ok());
        if !given.is_some_and(|g| same(&g, &hmac_sha256(secret.as_bytes(), &[body]))) {
            return Err(InboundError::Unauthorized("X-Hub-Signature-256 missing or wrong".into()));
        }
        let v = read_json(body)?;
        let number = v.pointer("/issue/number").and_then(Value::as_u64).map(|n| n.to_string());
        let Some(remote_id) = number else { return Ok(Vec::new()) };
        Ok(match (header(h, "x-github-event"), v["action"].as_str().unwrap_or("")) {
            ("issues", "closed") => vec![Inbound::Status { remote_id, status: TicketStatus::Closed }],
            ("issues", "reopened") => vec![Inbound::Status { remote_id, status: TicketStatus::Open }],
            ("issue_comment", "created") => {
                let c = &v["comment"];
                let reply_id = c["id"].as_u64().map(|i| i.to_string()).unwrap_or_default();
                let author = c.pointer("/user/login").and_then(Value::as_str).unwrap_or("GitHub").to_string();
                let body = c["body"].as_str().unwrap_or("").trim().to_string();
                if body.is_empty() || reply_id.is_empty() {
                    return Err(InboundError::Invalid("issue_comment without comment id or body".into()));
                }
                vec![Inbound::Reply { remote_id, reply_id, author, body }]
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
            let rb = self.auth(self.http.post(self.endpoint("/issues"))).json(&self.issue(t));
            let created: Value = send_json(rb).await?;
            Self::done(&created)
        })
    }
}
