//! Thin wrappers over browser APIs: language, time zone, local storage, random keys and
//! locale-aware time formatting (the browser's own `Intl`, so no formatting tables ship in the
//! wasm).

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `navigator.language` (BCP 47), or `"en"` when unavailable.
pub fn navigator_language() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into())
}

/// The visitor's IANA time zone from `Intl.DateTimeFormat().resolvedOptions().timeZone`, or
/// `"UTC"`; read on first use, then kept. Not at start: a page's first `Intl` formatter loads
/// the browser's locale data (about 20 ms on a desktop, 90 ms on a mid-range phone), which the
/// first search result does not need.
pub fn time_zone() -> String {
    thread_local!(static ZONE: std::cell::OnceCell<String> = const { std::cell::OnceCell::new() });
    ZONE.with(|z| {
        z.get_or_init(|| {
            let dtf = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new());
            Reflect::get(&dtf.resolved_options(), &"timeZone".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| "UTC".into())
        })
        .clone()
    })
}

/// Runs `f` once the browser has painted what the current task put in the page: in a zero-delay
/// timeout started by the next animation frame's callback (which runs just before that paint).
/// For work a visitor does not see, such as a prefetch, that would otherwise delay the frame
/// showing the first results on a slow phone.
pub fn after_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || leptos::prelude::set_timeout(f, std::time::Duration::ZERO));
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads a `localStorage` entry.
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Writes a `localStorage` entry; returns false when storage is unavailable or full.
pub fn storage_set(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a `localStorage` entry.
pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A fresh random idempotency key (`crypto.randomUUID()`).
pub fn random_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k-{}", Date::now()))
}

/// Formats an instant (milliseconds since the epoch) as a time in `locale`'s own format (12- or
/// 24-hour clock), in `time_zone` (`None`: the browser's zone). With `weekday`, adds the day
/// name.
pub fn format_time(ms: f64, locale: &str, time_zone: Option<&str>, weekday: bool) -> String {
    let opts = Object::new();
    let set = |k: &str, v: &str| {
        let _ = Reflect::set(&opts, &k.into(), &v.into());
    };
    set("hour", "numeric");
    set("minute", "2-digit");
    if weekday {
        set("weekday", "long");
    }
    if let Some(tz) = time_zone {
        set("timeZone", tz);
    }
    let locales = Array::of1(&JsValue::from_str(locale));
    let dtf = js_sys::Intl::DateTimeFormat::new(&locales, &opts);
    let f = dtf.format();
    f.call1(&JsValue::NULL, &Date::new(&JsValue::from_f64(ms))).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// Local calendar day (`YYYY-MM-DD`) of an instant in `time_zone` (`None`: browser zone).
pub fn day_of(ms: f64, time_zone: Option<&str>) -> String {
    let opts = Object::new();
    if let Some(tz) = time_zone {
        let _ = Reflect::set(&opts, &"timeZone".into(), &tz.into());
    }
    let dtf = js_sys::Intl::DateTimeFormat::new(&Array::of1(&"en-CA".into()), &opts);
    dtf.format()
        .call1(&JsValue::NULL, &Date::new(&JsValue::from_f64(ms)))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

thread_local! {
    /// The shadow root the pane lives in, when embedded by the loader.
    static ROOT: std::cell::RefCell<Option<web_sys::DocumentFragment>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the shadow root the pane is mounted in (element lookups search it first).
pub fn set_root(root: Option<web_sys::DocumentFragment>) {
    ROOT.with(|r| *r.borrow_mut() = root);
}

/// The element with `id` in the pane's shadow root, or in the document.
pub fn element(id: &str) -> Option<web_sys::Element> {
    if let Some(el) = ROOT.with(|r| r.borrow().as_ref().and_then(|root| root.get_element_by_id(id))) {
        return Some(el);
    }
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
}

/// The host page's language (`<html lang>`), if it declares one.
pub fn page_language() -> Option<String> {
    let lang = web_sys::window()?.document()?.document_element()?.get_attribute("lang")?;
    (!lang.trim().is_empty()).then_some(lang)
}

/// Moves keyboard focus to the element with `id`, if present.
pub fn focus_id(id: &str) {
    if let Some(el) = element(id) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Moves keyboard focus to the element with `id` without scrolling (`preventScroll`), if
/// present.
pub fn focus_id_in_place(id: &str) {
    let Some(el) = element(id) else { return };
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"preventScroll".into(), &JsValue::TRUE);
    if let Ok(focus) = Reflect::get(&el, &"focus".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = focus.call1(&el, &opts);
    }
}

/// Scrolls the element with `id` into view, if present.
pub fn scroll_to_id(id: &str) {
    if let Some(el) = element(id) {
        el.scroll_into_view();
    }
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`); resolves to whether it
/// worked.
pub async fn copy_text(text: &str) -> bool {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return false };
    let Ok(clipboard) = Reflect::get(&nav, &"clipboard".into()) else { return false };
    let Ok(write) = Reflect::get(&clipboard, &"writeText".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)).and_then(|p| p.dyn_into::<js_sys::Promise>())
    else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The BCP 47 tag to format dates and times with: the browser's own locale (`en-GB`, `fr-CA`)
/// when it speaks the pane's language, else the pane's language alone.
pub fn format_locale(ui: guichet_core::Locale) -> String {
    let browser = navigator_language();
    if guichet_core::Locale::parse(&browser) == Some(ui) {
        browser
    } else {
        ui.tag().to_string()
    }
}

/// Keeps Tab and Shift+Tab inside the element with `id` (a modal pane): from the last focusable
/// element Tab goes to the first, and back. Returns whether it moved focus.
pub fn trap_tab(id: &str, ev: &web_sys::KeyboardEvent) -> bool {
    let Some(container) = element(id) else { return false };
    let Ok(list) = container.query_selector_all("a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])") else { return false };
    let mut items: Vec<web_sys::HtmlElement> = Vec::new();
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            // Skip what is not rendered (hidden steps, closed lists).
            if el.offset_parent().is_some() {
                items.push(el);
            }
        }
    }
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return false };
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
    let at = |e: &web_sys::HtmlElement| target.as_ref().is_some_and(|t| t == e);
    if ev.shift_key() && at(first) {
        let _ = last.focus();
        return true;
    }
    if !ev.shift_key() && at(last) {
        let _ = first.focus();
        return true;
    }
    false
}

/// The in-pane target of a click on a link `<a href="#target">` (or inside one), without the
/// `#`; `None` for any other click or link.
pub fn in_pane_link(ev: &web_sys::MouseEvent) -> Option<String> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let a = el.closest("a[href]").ok()??;
    let href = a.get_attribute("href")?;
    href.strip_prefix('#').filter(|t| !t.is_empty()).map(str::to_string)
}

/// The token of a signed request link in the page's URL (`…#guichet-request=TOKEN`), if any.
pub fn request_link_token() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let raw = hash.trim_start_matches('#').split('&').find_map(|kv| kv.strip_prefix("guichet-request="))?;
    let token = js_sys::decode_uri_component(raw).ok()?.as_string()?;
    (!token.is_empty()).then_some(token)
}
