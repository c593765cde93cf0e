//! The host page API, exported to JavaScript for the embed loader (`public/guichet.js`):
//! `mount` puts the pane into an element (inside the loader's shadow root), `unmount` takes it
//! out again (its listeners and timers go with it; its state stays for the next mount), and
//! the other exports are the controls behind `Guichet.open()`, `close()`, `search(q)`...
//! Events go back to the loader through the function it passes ([`crate::events`]). Nothing in
//! the pane imports this module: it drives the pane through [`state::current`].

use crate::state::{self, Boot, Ctx, Screen, Suggestion};
use guichet_core::Locale;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The mounted view (a `leptos::mount::UnmountHandle`); dropping it unmounts the pane.
    static MOUNTED: RefCell<Option<Box<dyn std::any::Any>>> = const { RefCell::new(None) };
}

/// Runs `f` on the mounted pane's state and its open signal; `None` when not mounted (the
/// loader then queues the call for the next mount).
fn with<T>(f: impl FnOnce(Ctx, RwSignal<bool>) -> T) -> Option<T> {
    state::current().map(|ctx| f(ctx, ctx.open))
}

/// Mounts the pane into `parent` with the loader's settings (JSON of the script's `data-*`
/// attributes: endpoint, bundle, locale, region, plan, cloud, identity, container) and the
/// loader's event function. Mounting again without [`unmount`] first does nothing; after an
/// unmount, the pane comes back where the visitor left it.
#[wasm_bindgen]
pub fn mount(parent: web_sys::HtmlElement, config_json: String, emit_fn: js_sys::Function) {
    if MOUNTED.with(|m| m.borrow().is_some()) {
        return;
    }
    let cfg: serde_json::Value = serde_json::from_str(&config_json).unwrap_or_default();
    crate::events::set_emitter(emit_fn);
    let root = parent.get_root_node();
    crate::browser::set_root(root.dyn_into::<web_sys::DocumentFragment>().ok());
    // The loader passes `script.dataset`, whose keys are camel-cased (`data-privacy-url` →
    // `privacyUrl`).
    let boot = Boot::from_lookup(|k| cfg.get(dataset_key(k)).and_then(|v| v.as_str()).map(str::to_string));
    let handle = leptos::mount::mount_to(parent, move || view! { <crate::app::App boot=boot.clone()/> });
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
}

/// Hands the pane a request the loader started for it: `response` is the read-ahead of a
/// bundle file the first open needs (the help center; on a query, the other language's and
/// the glossary too), fetched while the wasm downloads: a promise of its body (an
/// `ArrayBuffer`) when the status is a success, else of the status, or a pending
/// `fetch(url)`. The pane's first read of `url` takes it instead of fetching (see
/// [`crate::api::adopt`]); a URL the pane never reads is never read.
#[wasm_bindgen]
pub fn started(url: String, response: js_sys::Promise) {
    crate::api::adopt(url, response);
}

/// Removes the pane from the page: its DOM, window listeners, timers and reactive state are
/// released; the visitor's place (locale, screen, query, region, suggestions, identity) and
/// the loaded articles and directory are kept for the next [`mount`]. Queued tickets keep
/// their place in local storage and are sent by the next mount.
#[wasm_bindgen]
pub fn unmount() {
    // The loader queues calls made while unmounted and replays them after the next mount.
    let handle = MOUNTED.with(|m| m.borrow_mut().take());
    drop(handle);
    state::release_state();
}

/// Opens the pane.
#[wasm_bindgen]
pub fn open() {
    with(|_, open| open.set(true));
}

/// Closes the pane.
#[wasm_bindgen]
pub fn close() {
    with(|_, open| open.set(false));
}

/// Opens or closes the pane.
#[wasm_bindgen]
pub fn toggle() {
    with(|_, open| open.update(|o| *o = !*o));
}

/// Opens the pane on the search screen with `query` typed in.
#[wasm_bindgen]
pub fn search(query: String) {
    with(|ctx, open| {
        ctx.query.set(query);
        ctx.screen.set(Screen::Home);
        open.set(true);
    });
}

/// Switches the UI and content language (`"fr"`, `"en"`, any BCP 47 tag) without reload.
#[wasm_bindgen(js_name = setLocale)]
pub fn set_locale(tag: String) -> bool {
    match Locale::parse(&tag) {
        Some(l) => with(|ctx, _| ctx.locale.set(l)).is_some(),
        None => false,
    }
}

/// Opens the pane on the article `id`.
#[wasm_bindgen(js_name = showArticle)]
pub fn show_article(id: String) {
    with(|ctx, open| {
        ctx.go(Screen::Article { id, anchor: String::new(), locale: None });
        open.set(true);
    });
}

/// Opens the pane on the support contacts.
#[wasm_bindgen(js_name = showContact)]
pub fn show_contact() {
    with(|ctx, open| {
        ctx.go(Screen::Contact);
        open.set(true);
    });
}

/// Opens the pane on the request a signed link names (the token of the confirmation email's
/// link; the loader passes `#guichet-request=TOKEN` from the page's URL).
#[wasm_bindgen(js_name = showRequest)]
pub fn show_request(token: String) {
    with(|ctx, open| {
        ctx.request_token.set_value(Some(token));
        ctx.go(Screen::Requests);
        open.set(true);
    });
}

/// Prefills ticket fields (JSON object of ticket fields); they are merged into the draft.
#[wasm_bindgen]
pub fn prefill(fields_json: String) -> bool {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(&fields_json) else {
        return false;
    };
    let mut draft = crate::draft::load_json();
    for (k, v) in fields {
        draft[k] = v;
    }
    with(|ctx, _| ctx.prefill.set(Some(draft))).is_some()
}

/// Sets the signed identity (same JSON as `data-identity`).
#[wasm_bindgen]
pub fn identify(identity_json: String) -> bool {
    match serde_json::from_str::<guichet_core::identity::SignedIdentity>(&identity_json) {
        Ok(id) => {
            // Another user's draft and recent searches are not this one's to see.
            if crate::draft::claim(&id.user_id) {
                crate::routes::search::forget_recent();
            }
            with(|ctx, _| ctx.identity.set_value(Some(id))).is_some()
        }
        Err(_) => false,
    }
}

/// Sets the suggestions shown first on the home screen (JSON array of article ids and
/// `{title, url}` objects; anything else is ignored). `[]` clears them.
#[wasm_bindgen]
pub fn suggest(items_json: String) -> bool {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(&items_json) else {
        return false;
    };
    let list: Vec<Suggestion> = items.iter().filter_map(Suggestion::parse).collect();
    with(|ctx, _| ctx.suggestions.set(list)).is_some()
}

/// The `dataset` key of a `data-*` attribute name: `privacy-url` → `privacyUrl`.
fn dataset_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase()); // attribute names are ASCII
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
