//! Guichet pane entry point: mounts the pane into `#guichet` (configured by its `data-`
//! attributes) or, when absent, into `<body>`.
//!
//! Modules, from the leaves up: `browser` (browser APIs), `state` (settings, screens and the
//! shared signals), `events` (host events), `i18n` (UI strings), `api` (HTTP calls), `draft`
//! (the ticket draft in local storage), `load` (help center and directory loading), `submit`
//! (the one submission path and the outbox), `routes` (one module per screen), `app` (the
//! shell that wires screens), `embed` (the host page API, which nothing imports).

mod analytics;
mod api;
mod app;
mod browser;
mod draft;
mod embed;
mod events;
mod i18n;
mod lazy;
mod load;
mod routes;
mod state;
mod submit;

use wasm_bindgen::JsCast;

/// Runs when the module loads. On a page with `<div id="guichet">` (the demo portal) the pane
/// mounts there; otherwise the embed loader calls [`embed::mount`].
fn main() {
    console_error_panic_hook::set_once();
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    let Some(root) = doc.get_element_by_id("guichet").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    // The demo page's <div id="guichet"> carries the settings as data-* attributes; it is
    // never inline (it has its own launcher).
    let cfg =
        state::Boot::from_lookup(|k| if k == "container" { None } else { root.get_attribute(&format!("data-{k}")) });
    leptos::mount::mount_to(root, move || leptos::view! { <app::App boot=cfg.clone()/> }).forget();
    // A confirmation email's link (…#guichet-request=TOKEN) opens that request (the embed
    // loader does the same for pages that load the pane through it).
    if let Some(token) = browser::request_link_token() {
        embed::show_request(token);
    }
}
