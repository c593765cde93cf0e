//! Anonymous search analytics sent to the intake (`POST /api/events`, see
//! [`guichet_core::analytics`]): searches the visitor settled on, the result position opened,
//! articles read, the contacts screen's region, tickets filed. No cookie and nothing stored in
//! the browser: a random session id lives as long as the loaded pane. Queries are scrubbed of
//! emails, GUIDs and long numbers here, before they leave the page.
//!
//! Nothing is sent when the browser asks not to be tracked (`navigator.doNotTrack == "1"`,
//! `navigator.globalPrivacyControl`) or the host page says `data-analytics="off"`.
//!
//! Batching: a search counts once the visitor settles on it (another search that does not
//! extend it, an opened result, or leaving); events are queued and sent with
//! `navigator.sendBeacon` when the pane closes, the page is hidden or left, or 10 are queued.
//! A beacon the browser refuses is dropped: these are figures, not tickets.

use guichet_core::analytics::{normalize_query, Event, EventBatch};
use guichet_core::Locale;
use std::cell::RefCell;

/// Queued events that trigger a send.
const SEND_AT: usize = 10;

struct Sender {
    url: String,
    session: String,
    seq: u32,
    queue: Vec<Event>,
    /// The search being typed: (normalised query, locale, results).
    typing: Option<(String, Locale, u32)>,
    /// The last search settled, for results opened after it.
    last: Option<(String, Locale)>,
}

thread_local! {
    static SENDER: RefCell<Option<Sender>> = const { RefCell::new(None) };
}

/// Whether the browser or the host page asks for no analytics: `data-analytics="off"`, Do Not
/// Track or Global Privacy Control.
pub fn refused(host_setting: Option<&str>) -> bool {
    if host_setting.is_some_and(|v| v.trim().eq_ignore_ascii_case("off")) {
        return true;
    }
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return true };
    let prop = |k: &str| js_sys::Reflect::get(&nav, &k.into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    prop("doNotTrack").as_string().as_deref() == Some("1") || prop("globalPrivacyControl").as_bool() == Some(true)
}

/// Starts collecting for this pane session, sending to `endpoint` (the intake's base URL),
/// unless [`refused`]. Calling it again keeps the session.
pub fn start(endpoint: &str, host_setting: Option<&str>) {
    if refused(host_setting) {
        SENDER.with(|s| *s.borrow_mut() = None);
        return;
    }
    SENDER.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            *s = session_id().map(|session| Sender {
                url: format!("{endpoint}/api/events"),
                session,
                seq: 0,
                queue: Vec::new(),
                typing: None,
                last: None,
            });
        }
    });
}

/// A random pane session id: 32 hex digits from `crypto.getRandomValues`.
fn session_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The visitor's query now, with the number of results shown. A query that does not extend
/// the one before (nor the reverse) settles the one before.
pub fn searched(query: &str, locale: Locale, results: usize) {
    let q = normalize_query(query);
    with(|s| {
        if let Some((before, ..)) = &s.typing {
            if !q.starts_with(before.as_str()) && !before.starts_with(q.as_str()) {
                s.settle();
            }
        }
        s.typing = (!q.is_empty()).then(|| (q, locale, u32::try_from(results).unwrap_or(u32::MAX)));
    });
}

/// A result opened: its 1-based `position` for the query being typed.
pub fn opened(position: usize, article_id: &str) {
    with(|s| {
        s.settle();
        let Some((query, locale)) = s.last.clone() else { return };
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        s.push(Event::ResultOpen { query, locale, position, article_id: article_id.into() });
    });
}

/// Any other event (article read, contacts screen, ticket filed).
pub fn record(event: Event) {
    with(|s| {
        s.settle();
        s.push(event);
    });
}

/// Sends what is queued (the pane closes, the page is hidden or left).
pub fn flush() {
    with(|s| {
        s.settle();
        s.send();
    });
}

fn with(f: impl FnOnce(&mut Sender)) {
    SENDER.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            f(s);
        }
    });
}

impl Sender {
    fn settle(&mut self) {
        if let Some((query, locale, results)) = self.typing.take() {
            self.last = Some((query.clone(), locale));
            self.push(Event::Search { query, locale, results });
        }
    }

    /// Queues an event that passes the intake's checks (one that would not is dropped here,
    /// rather than making the intake refuse the whole batch).
    fn push(&mut self, mut e: Event) {
        if e.check().is_err() {
            return;
        }
        self.queue.push(e);
        if self.queue.len() >= SEND_AT {
            self.send();
        }
    }

    fn send(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        self.seq += 1;
        let batch =
            EventBatch { session: self.session.clone(), seq: self.seq, events: std::mem::take(&mut self.queue) };
        let (Some(nav), Ok(body)) = (web_sys::window().map(|w| w.navigator()), serde_json::to_string(&batch)) else {
            return;
        };
        let _ = nav.send_beacon_with_opt_str(&self.url, Some(&body));
    }
}
