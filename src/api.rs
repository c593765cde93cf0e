//! HTTP calls of the pane: help-center and directory bundles, ticket submission, feedback.

use gloo_net::http::Request;
use guichet_core::directory::Directory;
use guichet_core::search::{Bundle, Needs, SearchIndex};
use guichet_core::ticket::TicketRequest;
use guichet_core::wire::{Attachment, Created, ErrorBody, FieldErrorBody, Invalid, MyTicket, MyTickets};
use guichet_core::Locale;
use serde::Deserialize;

pub use crate::state::Config;

/// Loads the help center of `locale` (`help-center.<tag>.json`) into its search index: a
/// whole help center, or the manifest of a chunked one (see [`index_parts`]; its decoding is in
/// a part loaded on demand, [`crate::lazy::chunked_index`]).
pub async fn help_center(cfg: &Config, locale: Locale) -> Result<SearchIndex, String> {
    fetch_help_center(cfg, locale).await.map_err(|(_, e)| e)
}

fn help_center_url(cfg: &Config, locale: Locale) -> String {
    format!("{}/help-center.{}.json", cfg.bundle, locale.tag())
}

/// [`help_center`], with the HTTP status of a failure when there was an answer.
pub async fn fetch_help_center(cfg: &Config, locale: Locale) -> Result<SearchIndex, (Option<u16>, String)> {
    let url = help_center_url(cfg, locale);
    let text = get_text(&url).await?;
    let index = if Bundle::is_chunked(&text).map_err(|e| (None, e))? {
        crate::lazy::chunked_index(text).await.map_err(|_| (None, crate::lazy::part_failed(&url)))?
    } else {
        Bundle::whole_from_json(&text).map(SearchIndex::build)
    };
    index.map_err(|e| (None, e))
}

thread_local! {
    /// Requests started ahead of their reader, by URL: each is taken by the first `get` of it.
    static STARTED: std::cell::RefCell<Vec<(String, js_sys::Promise)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Starts fetching the help center of `locale` now, synchronously, so that it downloads while
/// the pane builds its view (an async fetch would begin only once the mount is over: hundreds
/// of milliseconds on a slow phone). The help center's loader takes the answer.
/// Does nothing when that request was already started (by the loader: [`adopt`]).
pub fn start_help_center(cfg: &Config, locale: Locale) {
    let url = help_center_url(cfg, locale);
    if STARTED.with(|s| s.borrow().iter().any(|(u, _)| *u == url)) {
        return;
    }
    if let Some(w) = web_sys::window() {
        let promise = w.fetch_with_str(&url);
        adopt(url, promise);
    }
}

/// Takes `response` as the answer to the next read of `url`, which then does not fetch it
/// (unless it failed in the network: then it is fetched once more): a pending `fetch(url)` (a
/// promise of a `Response`), or the loader's read-ahead (a promise of the body as an
/// `ArrayBuffer` when the status is a success, else of the status), whose bytes are taken
/// without waiting for another task.
pub fn adopt(url: String, response: js_sys::Promise) {
    STARTED.with(|s| s.borrow_mut().push((url, response)));
}

/// Fetches, in parallel, the parts of `locale`'s chunked help center that `needs` lists
/// (`help-center.<tag>/words-<n>.json`, `shard-<n>.json`, `article-<n>.json`), as `(url,
/// text)` pairs in that order (decoded by [`crate::lazy::add_parts`]).
/// Errors: the first failed fetch (the message names its URL).
pub async fn index_parts(cfg: &Config, locale: Locale, needs: &Needs) -> Result<Texts, String> {
    let base = &format!("{}/help-center.{}", cfg.bundle, locale.tag());
    let files = [("words", &needs.words), ("shard", &needs.shards), ("article", &needs.articles)];
    let urls = files.iter().flat_map(|(kind, ns)| ns.iter().map(move |n| format!("{base}/{kind}-{n}.json")));
    let fetched = futures::future::join_all(
        urls.map(|url| async move { get_text(&url).await.map(|t| (url, t)).map_err(|(_, e)| e) }),
    )
    .await;
    fetched.into_iter().collect()
}

/// Fetched files as `(url, text)` pairs.
pub type Texts = Vec<(String, String)>;

/// Loads the articles that serve a UI in `locale`: its own help center, or that of
/// [`Locale::other`] when the bundle has none for `locale` (HTTP 404). The default help center
/// has French and English articles, so a German UI reads English ones; the index's
/// `help_center().locale` says which.
pub async fn help_center_for(cfg: &Config, locale: Locale) -> Result<SearchIndex, String> {
    match fetch_help_center(cfg, locale).await {
        Err((Some(404), _)) => help_center(cfg, locale.other()).await,
        r => r.map_err(|(_, e)| e),
    }
}

/// Loads the bundle's glossary (`glossary.json`); a bundle without one has an empty glossary.
pub async fn glossary(cfg: &Config) -> Result<guichet_core::search::glossary::Glossary, String> {
    match get_json(format!("{}/glossary.json", cfg.bundle)).await {
        Err((Some(404), _)) => Ok(Default::default()),
        r => r.map_err(|(_, e)| e),
    }
}

/// Loads the bundle's portal profile (`profile.json`: flows, plans, severities, fields).
pub async fn profile(cfg: &Config) -> Result<guichet_core::profile::Profile, String> {
    let text = get_text(&format!("{}/profile.json", cfg.bundle)).await.map_err(|(_, e)| e)?;
    guichet_core::profile::Profile::from_json(&text, "profile.json").map_err(|e| e.to_string())
}

/// The support directory of the bundle (`directory.json`). Its decoding lives in a part loaded
/// on demand ([`crate::lazy::decode_directory`]): it is needed after the first result.
pub async fn directory(cfg: &Config) -> Result<Directory, String> {
    let url = format!("{}/directory.json", cfg.bundle);
    let text = get_text(&url).await.map_err(|(_, e)| e)?;
    crate::lazy::decode_directory(text)
        .await
        .map_err(|_| crate::lazy::part_failed(&url))?
        .map_err(|e| format!("{url}: {e}"))
}

/// GETs and decodes JSON; the error carries the HTTP status when there was an answer.
async fn get_json<T: for<'de> Deserialize<'de>>(url: String) -> Result<T, (Option<u16>, String)> {
    let text = get_text(&url).await?;
    serde_json::from_str(&text).map_err(|e| (None, format!("{url}: {e}")))
}

/// GETs a UTF-8 text body (or takes the answer started for `url`, see [`adopt`]); the error
/// carries the HTTP status when there was an answer.
/// The body comes in as bytes, copied into the wasm memory at once: read as a JavaScript
/// string, it would be re-encoded to UTF-8 character by character (some 8 ms for the two help
/// centers of a first open on a mid-range phone).
async fn get_text(url: &str) -> Result<String, (Option<u16>, String)> {
    use wasm_bindgen::JsCast;
    let answer = match take_started(url) {
        // A read-ahead that failed in the network is tried again here, once.
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok(),
        None => None,
    };
    let resp = match answer.map(|a| a.dyn_into::<web_sys::Response>()) {
        Some(Ok(r)) => gloo_net::http::Response::from(r),
        // The loader's read-ahead: the body, or the status of a failure.
        Some(Err(a)) => match a.as_f64() {
            Some(status) => return Err(http_error(url, status as u16)),
            None => return utf8(url, js_sys::Uint8Array::new(&a).to_vec()),
        },
        None => Request::get(url).send().await.map_err(|e| (None, format!("{url}: {e}")))?,
    };
    if !resp.ok() {
        return Err(http_error(url, resp.status()));
    }
    utf8(url, resp.binary().await.map_err(|e| (None, format!("{url}: {e}")))?)
}

fn utf8(url: &str, bytes: Vec<u8>) -> Result<String, (Option<u16>, String)> {
    String::from_utf8(bytes).map_err(|e| (None, format!("{url}: the body is not UTF-8 ({e})")))
}

fn http_error(url: &str, status: u16) -> (Option<u16>, String) {
    (Some(status), format!("{url}: HTTP {status}"))
}

fn take_started(url: &str) -> Option<js_sys::Promise> {
    STARTED.with(|s| {
        let mut s = s.borrow_mut();
        s.iter().position(|(u, _)| u == url).map(|i| s.swap_remove(i).1)
    })
}

/// Why a submission did not produce a ticket.
#[derive(Clone, Debug, PartialEq)]
pub enum SubmitError {
    /// `422`: the server rejected fields (nothing stored).
    Invalid(Vec<FieldErrorBody>),
    /// Another `4xx` (forged identity, conflict...): retrying will not help; the message says
    /// why. Nothing stored.
    Rejected { code: String, message: String },
    /// Network failure, `429` or `5xx`: the ticket is queued and retried with the same key.
    Failed(String),
}

/// Sends `ticket` with `idempotency_key`; retrying with the same key never creates a second
/// ticket.
pub async fn submit_ticket(
    cfg: &Config,
    ticket: &TicketRequest,
    idempotency_key: &str,
) -> Result<Created, SubmitError> {
    let req = Request::post(&format!("{}/api/tickets", cfg.endpoint))
        .header("Idempotency-Key", idempotency_key)
        .json(ticket)
        .map_err(|e| SubmitError::Failed(e.to_string()))?;
    let resp = req.send().await.map_err(|e| SubmitError::Failed(e.to_string()))?;
    match resp.status() {
        201 => resp.json::<Created>().await.map_err(|e| SubmitError::Failed(e.to_string())),
        422 => match resp.json::<Invalid>().await {
            Ok(i) => Err(SubmitError::Invalid(i.errors)),
            Err(e) => Err(SubmitError::Failed(e.to_string())),
        },
        s @ 400..=499 if s != 408 && s != 429 => match resp.json::<ErrorBody>().await {
            Ok(b) => Err(SubmitError::Rejected { code: b.error, message: b.message }),
            Err(_) => Err(SubmitError::Rejected { code: format!("http_{s}"), message: format!("HTTP {s}") }),
        },
        s => Err(SubmitError::Failed(format!("HTTP {s}"))),
    }
}

/// Uploads a file's bytes; the error is the server's explanation (type, size).
pub async fn upload_attachment(cfg: &Config, filename: &str, bytes: Vec<u8>) -> Result<Attachment, String> {
    let url = format!("{}/api/attachments?filename={}", cfg.endpoint, js_sys::encode_uri_component(filename));
    let body = js_sys::Uint8Array::from(bytes.as_slice());
    let resp = Request::post(&url)
        .header("content-type", "application/octet-stream")
        .body(body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    expect(resp, 201).await?.json().await.map_err(|e| e.to_string())
}

/// `resp` when its status is `ok`; else the server's explanation (`ErrorBody.message`), or
/// `HTTP <status>` when it gave none.
async fn expect(resp: gloo_net::http::Response, ok: u16) -> Result<gloo_net::http::Response, String> {
    if resp.status() == ok {
        return Ok(resp);
    }
    Err(resp.json::<ErrorBody>().await.map(|b| b.message).unwrap_or_else(|_| format!("HTTP {}", resp.status())))
}

/// Open and recently closed requests of the verified visitor.
pub async fn my_tickets(
    cfg: &Config,
    identity: &guichet_core::identity::SignedIdentity,
) -> Result<Vec<MyTicket>, String> {
    let body = guichet_core::wire::IdentityBody { identity: identity.clone() };
    let resp = Request::post(&format!("{}/api/my/tickets", cfg.endpoint))
        .json(&body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    expect(resp, 200).await?.json::<MyTickets>().await.map(|m| m.tickets).map_err(|e| e.to_string())
}

/// Reopens a closed request (up to 14 days after closing).
pub async fn reopen(cfg: &Config, identity: &guichet_core::identity::SignedIdentity, id: &str) -> Result<(), String> {
    let body = guichet_core::wire::IdentityBody { identity: identity.clone() };
    let resp = Request::post(&format!("{}/api/tickets/{}/reopen", cfg.endpoint, js_sys::encode_uri_component(id)))
        .json(&body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    expect(resp, 200).await.map(drop)
}

/// The request a signed link names (`GET /api/requests/{token}`), as a one-item list.
pub async fn request_by_link(cfg: &Config, token: &str) -> Result<Vec<MyTicket>, String> {
    let url = format!("{}/api/requests/{}", cfg.endpoint, js_sys::encode_uri_component(token));
    let resp = Request::get(&url).send().await.map_err(|e| e.to_string())?;
    expect(resp, 200).await?.json::<MyTicket>().await.map(|t| vec![t]).map_err(|e| e.to_string())
}

/// Reopens the request a signed link names.
pub async fn reopen_by_link(cfg: &Config, token: &str) -> Result<(), String> {
    let url = format!("{}/api/requests/{}/reopen", cfg.endpoint, js_sys::encode_uri_component(token));
    let resp = Request::post(&url).send().await.map_err(|e| e.to_string())?;
    expect(resp, 200).await.map(drop)
}

/// Records a "did this help?" answer. Errors are returned but the UI does not block on them.
pub async fn feedback(cfg: &Config, article_id: &str, locale: Locale, helpful: bool) -> Result<(), String> {
    let body = guichet_core::wire::Feedback { article_id: article_id.to_string(), locale, helpful };
    let resp = Request::post(&format!("{}/api/feedback", cfg.endpoint))
        .json(&body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if resp.status() == 204 {
        Ok(())
    } else {
        Err(format!("HTTP {}", resp.status()))
    }
}
