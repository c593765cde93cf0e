//! Local servers implementing the parts of Freshdesk, Jira Service Management, Zammad, GitHub
//! and GitLab that Guichet uses, as each vendor documents them (paths, authentication,
//! payload shapes, attachment flow, lookups, error bodies). The doc page each follows is in
//! the destination's module (`src/delivery/*.rs`).
//!
//! Each records what it created in one normalised form ([`Created`]) for the tests, and
//! shares the switches of [`Desk`]: a title containing `REJECT` gets the vendor's validation
//! error; `drop_after_commit` drops the connection after committing.

use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub const SECRET: &str = "desk-secret-42";
pub const USER: &str = "agent@acme.test";

/// One created ticket, request or issue.
#[derive(Debug, Clone)]
pub struct Created {
    pub remote_id: String,
    pub title: String,
    pub body: String,
    pub files: Vec<(String, String, Vec<u8>)>,
    pub raw: Value,
}

#[derive(Default)]
pub struct Desk {
    pub created: Mutex<Vec<Created>>,
    pub uploads: Mutex<Vec<(String, String, Vec<u8>)>>,
    pub drop_after_commit: AtomicUsize,
    pub creates: AtomicUsize,
}

type S = State<Arc<Desk>>;

impl Desk {
    pub fn created(&self) -> Vec<Created> {
        self.created.lock().unwrap().clone()
    }

    /// Sets `key` of the created item `remote_id` in its raw form: 404 when there is none.
    fn update(&self, remote_id: &str, key: &str, value: Value) -> Response {
        let mut created = self.created.lock().unwrap();
        match created.iter_mut().find(|c| c.remote_id == remote_id) {
            Some(c) => {
                c.raw[key] = value;
                Json(c.raw.clone()).into_response()
            }
            None => StatusCode::NOT_FOUND.into_response(),
        }
    }

    /// Records `c`, then drops the connection if asked to.
    fn commit(&self, c: Created) {
        self.created.lock().unwrap().push(c);
        if self.drop_after_commit.load(Ordering::SeqCst) > 0 {
            self.drop_after_commit.fetch_sub(1, Ordering::SeqCst);
            panic!("fake helpdesk drops the connection after committing (expected in this test)");
        }
    }

    fn next_id(&self) -> u64 {
        1 + self.created.lock().unwrap().len() as u64
    }
}

fn basic(h: &HeaderMap, user: &str, password: &str) -> bool {
    let want = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    h.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Basic {want}"))
}

fn header(h: &HeaderMap, k: &str) -> String {
    h.get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

async fn files(mut m: Multipart, field: &str) -> (Vec<(String, String, Vec<u8>)>, HashMap<String, Vec<String>>) {
    let (mut files, mut fields) = (Vec::new(), HashMap::<String, Vec<String>>::new());
    while let Some(part) = m.next_field().await.unwrap() {
        let name = part.name().unwrap_or("").to_string();
        if name == field {
            let file = part.file_name().unwrap_or("").to_string();
            let mime = part.content_type().unwrap_or("").to_string();
            files.push((file, mime, part.bytes().await.unwrap().to_vec()));
        } else {
            fields.entry(name).or_default().push(part.text().await.unwrap());
        }
    }
    (files, fields)
}

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

// ---- Freshdesk v2 ----

async fn fd_create(State(d): S, h: HeaderMap, body: Bytes) -> Response {
    d.creates.fetch_add(1, Ordering::SeqCst);
    if !basic(&h, SECRET, "X") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": "invalid_credentials", "message": "You have to be logged in to perform this action."})),
        )
            .into_response();
    }
    let ct = header(&h, "content-type");
    let (fields, files): (Value, _) = if ct.starts_with("multipart/form-data") {
        let m = Multipart::from_request(
            axum::http::Request::builder().header("content-type", ct).body(axum::body::Body::from(body)).unwrap(),
            &(),
        )
        .await
        .unwrap();
        let (files, f) = files(m, "attachments[]").await;
        let one = |k: &str| f.get(k).and_then(|v| v.first()).cloned().unwrap_or_default();
        (
            json!({"subject": one("subject"), "description": one("description"), "email": one("email"), "tags": f.get("tags[]").cloned().unwrap_or_default(), "priority": one("priority").parse::<u64>().unwrap_or(0)}),
            files,
        )
    } else {
        (serde_json::from_slice(&body).unwrap(), Vec::new())
    };
    let subject = fields["subject"].as_str().unwrap_or("").to_string();
    if subject.contains("REJECT")
        || fields["email"].as_str().unwrap_or("").is_empty()
        || !(1..=4).contains(&fields["priority"].as_u64().unwrap_or(0))
    {
        return (StatusCode::BAD_REQUEST, Json(json!({"description": "Validation failed", "errors": [{"field": "subject", "message": "It should not be blank", "code": "invalid_value"}]}))).into_response();
    }
    let id = d.next_id();
    let mut raw = fields.clone();
    raw["id"] = id.into();
    d.commit(Created {
        remote_id: id.to_string(),
        title: subject,
        body: fields["description"].as_str().unwrap_or("").into(),
        files,
        raw: raw.clone(),
    });
    (StatusCode::CREATED, Json(raw)).into_response()
}

use axum::extract::FromRequest;

async fn fd_search(State(d): S, h: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    if !basic(&h, SECRET, "X") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // query="tag:'guichet-gu-…'" (the quotes are part of the documented syntax).
    let query = q.get("query").cloned().unwrap_or_default();
    let tag = query.trim_matches('"').strip_prefix("tag:").unwrap_or("").trim_matches('\'').to_string();
    let results: Vec<Value> = d
        .created()
        .into_iter()
        .filter(|c| c.raw["tags"].as_array().is_some_and(|t| t.iter().any(|x| x.as_str() == Some(&tag))))
        .map(|c| c.raw)
        .collect();
    Json(json!({"results": results, "total": results.len()})).into_response()
}

async fn fd_update(State(d): S, h: HeaderMap, Path(id): Path<String>, Json(b): Json<Value>) -> Response {
    if !basic(&h, SECRET, "X") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    d.update(&id, "status", b["status"].clone())
}

pub async fn freshdesk() -> (String, Arc<Desk>) {
    let d = Arc::new(Desk::default());
    let app = Router::new()
        .route("/api/v2/tickets", post(fd_create))
        .route("/api/v2/tickets/{id}", axum::routing::put(fd_update))
        .route("/api/v2/search/tickets", get(fd_search))
        .with_state(d.clone());
    (serve(app).await, d)
}

// ---- Jira Service Management ----

async fn jira_temp(State(d): S, h: HeaderMap, Path(_desk): Path<String>, m: Multipart) -> Response {
    if !basic(&h, USER, SECRET) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if header(&h, "x-atlassian-token") != "no-check" {
        return (StatusCode::FORBIDDEN, "XSRF check failed").into_response();
    }
    let (files, _) = files(m, "file").await;
    let mut ups = d.uploads.lock().unwrap();
    let out: Vec<Value> = files
        .into_iter()
        .map(|f| {
            ups.push(f.clone());
            json!({"temporaryAttachmentId": format!("temp-{}", ups.len()), "fileName": f.0})
        })
        .collect();
    Json(json!({"temporaryAttachments": out})).into_response()
}

async fn jira_create(State(d): S, h: HeaderMap, Json(b): Json<Value>) -> Response {
    d.creates.fetch_add(1, Ordering::SeqCst);
    if !basic(&h, USER, SECRET) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let summary = b["requestFieldValues"]["summary"].as_str().unwrap_or("").to_string();
    if summary.contains("REJECT") || b["serviceDeskId"].is_null() || b["requestTypeId"].is_null() {
        return (StatusCode::BAD_REQUEST, Json(json!({"errorMessage": "Summary: is invalid", "i18nErrorMessage": {"i18nKey": "sd.request.create.error", "parameters": []}}))).into_response();
    }
    let key = format!("SD-{}", d.next_id());
    let raw = json!({"issueId": "10010", "issueKey": key, "requestTypeId": b["requestTypeId"], "serviceDeskId": b["serviceDeskId"],
        "requestFieldValues": [{"fieldId": "summary", "label": "Summary", "value": summary}, {"fieldId": "description", "label": "Description", "value": b["requestFieldValues"]["description"]}],
        "_links": {"web": format!("https://acme.atlassian.net/servicedesk/customer/portal/1/{key}")}, "sent": b});
    d.commit(Created {
        remote_id: key,
        title: summary,
        body: b["requestFieldValues"]["description"].as_str().unwrap_or("").into(),
        files: vec![],
        raw: raw.clone(),
    });
    (StatusCode::CREATED, Json(raw)).into_response()
}

async fn jira_attach(State(d): S, h: HeaderMap, Path(key): Path<String>, Json(b): Json<Value>) -> Response {
    if !basic(&h, USER, SECRET) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let ups = d.uploads.lock().unwrap().clone();
    let mut created = d.created.lock().unwrap();
    let Some(c) = created.iter_mut().find(|c| c.remote_id == key) else { return StatusCode::NOT_FOUND.into_response() };
    for id in b["temporaryAttachmentIds"].as_array().unwrap() {
        let n: usize = id.as_str().unwrap().trim_start_matches("temp-").parse().unwrap();
        c.files.push(ups[n - 1].clone());
    }
    (
        StatusCode::CREATED,
        Json(json!({"attachments": {"values": c.files.iter().map(|f| json!({"filename": f.0})).collect::<Vec<_>>()}})),
    )
        .into_response()
}

async fn jira_attachments(State(d): S, Path(key): Path<String>) -> Response {
    let created = d.created();
    let n = created.iter().find(|c| c.remote_id == key).map_or(0, |c| c.files.len());
    Json(json!({"size": n, "values": vec![json!({}); n]})).into_response()
}

async fn jira_list(State(d): S, h: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    if !basic(&h, USER, SECRET) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let term = q.get("searchTerm").cloned().unwrap_or_default();
    let values: Vec<Value> = d.created().into_iter().filter(|c| c.title.contains(&term)).map(|c| c.raw).collect();
    Json(json!({"size": values.len(), "isLastPage": true, "values": values})).into_response()
}

pub async fn jira() -> (String, Arc<Desk>) {
    let d = Arc::new(Desk::default());
    let app = Router::new()
        .route("/rest/servicedeskapi/servicedesk/{id}/attachTemporaryFile", post(jira_temp))
        .route("/rest/servicedeskapi/request", post(jira_create).get(jira_list))
        .route("/rest/servicedeskapi/request/{key}/attachment", post(jira_attach).get(jira_attachments))
        .with_state(d.clone());
    (serve(app).await, d)
}

// ---- Zammad ----

async fn zammad_create(State(d): S, h: HeaderMap, Json(b): Json<Value>) -> Response {
    d.creates.fetch_add(1, Ordering::SeqCst);
    if header(&h, "authorization") != format!("Token token={SECRET}") {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "Invalid token!"}))).into_response();
    }
    let title = b["title"].as_str().unwrap_or("").to_string();
    if title.contains("REJECT") || b["group"].as_str().unwrap_or("").is_empty() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "Title is invalid", "error_human": "Title is invalid"})),
        )
            .into_response();
    }
    let files = b["article"]["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| {
            (
                a["filename"].as_str().unwrap().to_string(),
                a["mime-type"].as_str().unwrap().to_string(),
                base64::engine::general_purpose::STANDARD.decode(a["data"].as_str().unwrap()).unwrap(),
            )
        })
        .collect();
    let id = d.next_id();
    let raw = json!({"id": id, "number": format!("{}", 31000 + id), "title": title, "group": b["group"], "customer_id": b["customer_id"], "priority_id": b["priority_id"]});
    d.commit(Created {
        remote_id: id.to_string(),
        title,
        body: b["article"]["body"].as_str().unwrap_or("").into(),
        files,
        raw: raw.clone(),
    });
    (StatusCode::CREATED, Json(raw)).into_response()
}

async fn zammad_search(State(d): S, h: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    if header(&h, "authorization") != format!("Token token={SECRET}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let query = q.get("query").cloned().unwrap_or_default();
    let term = query.strip_prefix("title:").unwrap_or(&query).trim_matches('"').to_string();
    let found: Vec<Value> = d.created().into_iter().filter(|c| c.title.contains(&term)).map(|c| c.raw).collect();
    Json(found).into_response()
}

async fn zammad_update(State(d): S, h: HeaderMap, Path(id): Path<String>, Json(b): Json<Value>) -> Response {
    if header(&h, "authorization") != format!("Token token={SECRET}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    d.update(&id, "state", b["state"].clone())
}

pub async fn zammad() -> (String, Arc<Desk>) {
    let d = Arc::new(Desk::default());
    let app = Router::new()
        .route("/api/v1/tickets", post(zammad_create))
        .route("/api/v1/tickets/{id}", axum::routing::put(zammad_update))
        .route("/api/v1/tickets/search", get(zammad_search))
        .with_state(d.clone());
    (serve(app).await, d)
}

// ---- GitHub ----

fn github_ok(h: &HeaderMap) -> bool {
    header(h, "authorization") == format!("Bearer {SECRET}")
        && header(h, "accept") == "application/vnd.github+json"
        && !header(h, "user-agent").is_empty()
}

async fn gh_create(State(d): S, h: HeaderMap, Path((o, r)): Path<(String, String)>, Json(b): Json<Value>) -> Response {
    d.creates.fetch_add(1, Ordering::SeqCst);
    if !github_ok(&h) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})),
        )
            .into_response();
    }
    let title = b["title"].as_str().unwrap_or("").to_string();
    if title.contains("REJECT") || title.is_empty() {
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({"message": "Validation Failed", "errors": [{"resource": "Issue", "code": "custom", "field": "title"}], "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue"}))).into_response();
    }
    let n = d.next_id();
    let labels: Vec<Value> =
        b["labels"].as_array().cloned().unwrap_or_default().into_iter().map(|l| json!({"name": l})).collect();
    let raw = json!({"number": n, "html_url": format!("https://github.com/{o}/{r}/issues/{n}"), "title": title, "body": b["body"], "labels": labels, "state": "open"});
    d.commit(Created {
        remote_id: n.to_string(),
        title,
        body: b["body"].as_str().unwrap_or("").into(),
        files: vec![],
        raw: raw.clone(),
    });
    (StatusCode::CREATED, Json(raw)).into_response()
}

async fn gh_list(State(d): S, h: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    if !github_ok(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let label = q.get("labels").cloned().unwrap_or_default();
    let mut list: Vec<Value> = d
        .created()
        .into_iter()
        .map(|c| c.raw)
        .filter(|i| i["labels"].as_array().unwrap().iter().any(|l| l["name"] == label.as_str()))
        .collect();
    list.reverse(); // sort=created&direction=desc
    Json(list).into_response()
}

async fn gh_update(
    State(d): S,
    h: HeaderMap,
    Path((_o, _r, n)): Path<(String, String, String)>,
    Json(b): Json<Value>,
) -> Response {
    if !github_ok(&h) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    d.update(&n, "state", b["state"].clone())
}

pub async fn github() -> (String, Arc<Desk>) {
    let d = Arc::new(Desk::default());
    let app = Router::new()
        .route("/repos/{o}/{r}/issues", post(gh_create).get(gh_list))
        .route("/repos/{o}/{r}/issues/{n}", axum::routing::patch(gh_update))
        .with_state(d.clone());
    (serve(app).await, d)
}

// ---- GitLab ----

async fn gl_upload(State(d): S, h: HeaderMap, Path(_p): Path<String>, m: Multipart) -> Response {
    if header(&h, "private-token") != SECRET {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let (files, _) = files(m, "file").await;
    let f = files.into_iter().next().unwrap();
    let mut ups = d.uploads.lock().unwrap();
    ups.push(f.clone());
    let url = format!("/uploads/{:032x}/{}", ups.len(), f.0);
    (StatusCode::CREATED, Json(json!({"alt": f.0, "url": url, "full_path": format!("/acme/portal{url}"), "markdown": format!("[{}]({url})", f.0)}))).into_response()
}

async fn gl_create(State(d): S, h: HeaderMap, Path(p): Path<String>, Json(b): Json<Value>) -> Response {
    d.creates.fetch_add(1, Ordering::SeqCst);
    if header(&h, "private-token") != SECRET {
        return (StatusCode::UNAUTHORIZED, Json(json!({"message": "401 Unauthorized"}))).into_response();
    }
    let title = b["title"].as_str().unwrap_or("").to_string();
    if title.contains("REJECT") {
        return (StatusCode::BAD_REQUEST, Json(json!({"message": {"title": ["is invalid"]}}))).into_response();
    }
    let description = b["description"].as_str().unwrap_or("").to_string();
    let ups = d.uploads.lock().unwrap().clone();
    let files = ups
        .into_iter()
        .enumerate()
        .filter(|(i, f)| description.contains(&format!("/uploads/{:032x}/{}", i + 1, f.0)))
        .map(|(_, f)| f)
        .collect();
    let iid = d.next_id();
    let raw = json!({"id": 500 + iid, "iid": iid, "project": p, "title": title, "description": description, "labels": b["labels"].as_str().unwrap_or("").split(',').collect::<Vec<_>>(),
        "confidential": b["confidential"], "web_url": format!("https://gitlab.example.com/{p}/-/issues/{iid}")});
    d.commit(Created { remote_id: iid.to_string(), title, body: description, files, raw: raw.clone() });
    (StatusCode::CREATED, Json(raw)).into_response()
}

async fn gl_list(State(d): S, h: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Response {
    if header(&h, "private-token") != SECRET {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let term = q.get("search").cloned().unwrap_or_default();
    let list: Vec<Value> = d
        .created()
        .into_iter()
        .filter(|c| q.get("in").map(String::as_str) == Some("title") && c.title.contains(&term))
        .map(|c| c.raw)
        .collect();
    Json(list).into_response()
}

async fn gl_update(
    State(d): S,
    h: HeaderMap,
    Path((_p, iid)): Path<(String, String)>,
    Json(b): Json<Value>,
) -> Response {
    if header(&h, "private-token") != SECRET {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let state = if b["state_event"] == "reopen" { "opened" } else { "closed" };
    d.update(&iid, "state", state.into())
}

pub async fn gitlab() -> (String, Arc<Desk>) {
    let d = Arc::new(Desk::default());
    let app = Router::new()
        .route("/api/v4/projects/{p}/uploads", post(gl_upload))
        .route("/api/v4/projects/{p}/issues", post(gl_create).get(gl_list))
        .route("/api/v4/projects/{p}/issues/{iid}", axum::routing::put(gl_update))
        .with_state(d.clone());
    (serve(app).await, d)
}
