//! Events for the host page (`Guichet.on(name, cb)`), typed. The embed loader passes the
//! function that delivers them; without a loader (the demo page mounting the pane itself)
//! they go nowhere.

use guichet_core::Locale;
use serde_json::{json, Value};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// An event of the pane, as the host page receives it: a name (`"ticket-created"`) and a
/// JSON payload. Names and payloads are those of `public/guichet.d.ts`.
#[derive(Debug, Clone, PartialEq)]
pub enum HostEvent<'a> {
    /// The pane is mounted and its API usable. Payload `{}`.
    Ready,
    /// The pane was opened. Payload `{}`.
    Open,
    /// The pane was closed. Payload `{}`.
    Close,
    /// A query and its result count. Payload `{query, results}`.
    Search { query: &'a str, results: usize },
    /// An article was shown. Payload `{id, locale}`.
    ArticleViewed { id: &'a str, locale: Locale },
    /// "Did this help?" answered. Payload `{id, helpful}`.
    Helpful { id: &'a str, helpful: bool },
    /// A ticket was stored. Payload `{id}`.
    TicketCreated { id: &'a str },
    /// A ticket is about to be sent; the host's `beforeSubmit` may return it changed.
    /// Payload: the ticket, as JSON (made by the caller, in the ticket form's part: the
    /// ticket's serde code stays out of the first open's wasm).
    BeforeSubmit(Value),
}

impl HostEvent<'_> {
    /// The event's name for `Guichet.on`.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Ready => "ready",
            HostEvent::Open => "open",
            HostEvent::Close => "close",
            HostEvent::Search { .. } => "search",
            HostEvent::ArticleViewed { .. } => "article-viewed",
            HostEvent::Helpful { .. } => "helpful",
            HostEvent::TicketCreated { .. } => "ticket-created",
            HostEvent::BeforeSubmit(_) => "before-submit",
        }
    }

    /// The event's payload.
    pub fn payload(&self) -> Value {
        match self {
            HostEvent::Ready | HostEvent::Open | HostEvent::Close => json!({}),
            HostEvent::Search { query, results } => json!({ "query": query, "results": results }),
            HostEvent::ArticleViewed { id, locale } => json!({ "id": id, "locale": locale }),
            HostEvent::Helpful { id, helpful } => json!({ "id": id, "helpful": helpful }),
            HostEvent::TicketCreated { id } => json!({ "id": id }),
            HostEvent::BeforeSubmit(t) => t.clone(),
        }
    }
}

thread_local! {
    static EMIT: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Sets the loader's delivery function `(name, json) => any`.
pub fn set_emitter(f: js_sys::Function) {
    EMIT.with(|e| *e.borrow_mut() = Some(f));
}

/// Sends `event` to the host page; returns what the host's handler returned (`beforeSubmit`:
/// the changed ticket as JSON text), `null` without a loader.
pub fn emit(event: HostEvent<'_>) -> JsValue {
    EMIT.with(|e| match e.borrow().as_ref() {
        Some(f) => f
            .call2(&JsValue::NULL, &JsValue::from_str(event.name()), &JsValue::from_str(&event.payload().to_string()))
            .unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_payloads_follow_the_typescript_declarations() {
        let e = HostEvent::Search { query: "refund", results: 3 };
        assert_eq!((e.name(), e.payload()), ("search", json!({"query": "refund", "results": 3})));
        let e = HostEvent::ArticleViewed { id: "refunds", locale: Locale::Fr };
        assert_eq!((e.name(), e.payload()), ("article-viewed", json!({"id": "refunds", "locale": "fr"})));
        assert_eq!(HostEvent::TicketCreated { id: "GU-1" }.payload(), json!({"id": "GU-1"}));
        assert_eq!(HostEvent::Ready.name(), "ready");
    }
}
