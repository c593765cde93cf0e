//! Guichet pane entry point: mounts the pane into `#guichet` (configured by its `data-`
//! attributes) or, when absent, into `<body>`.

mod api;
mod app;
mod browser;
mod embed;
mod i18n;
mod outbox;
mod routes;

use wasm_bindgen::JsCast;

/// Runs when the module loads. On a page with `<div id="guichet">` (the demo portal) the pane
/// mounts there; otherwise the embed loader calls [`embed::mount`].
fn main() {
    console_error_panic_hook::set_once();
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    let Some(root) = doc.get_element_by_id("guichet").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    let root = Some(root);
    let attr = |name: &str| root.as_ref().and_then(|r| r.get_attribute(name)).filter(|v| !v.is_empty());
    let cfg = app::Boot {
        config: api::Config {
            bundle: attr("data-bundle").unwrap_or_else(|| "bundle".into()).trim_end_matches('/').to_string(),
            endpoint: attr("data-endpoint").unwrap_or_default().trim_end_matches('/').to_string(),
        },
        locale: attr("data-locale"),
        region: attr("data-region"),
        plan: attr("data-plan"),
        cloud: attr("data-cloud"),
        identity: attr("data-identity"),
        inline: false,
    };
    let parent = root.expect("checked above");
    leptos::mount::mount_to(parent, move || leptos::view! { <app::App boot=cfg.clone()/> }).forget();
}
