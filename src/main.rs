//! Guichet pane entry point: mounts the pane into `#guichet` (configured by its `data-`
//! attributes) or, when absent, into `<body>`.

mod api;
mod app;
mod browser;
mod i18n;
mod outbox;
mod routes;

use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    let root = doc.get_element_by_id("guichet").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
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
    };
    let parent = root.unwrap_or_else(|| doc.body().expect("a body"));
    leptos::mount::mount_to(parent, move || leptos::view! { <app::App boot=cfg.clone()/> }).forget();
}
