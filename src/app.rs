//! The pane shell: launcher button, header with language switch, the outbox banner and the
//! current screen. It wires screens to [`Screen`]s and starts the loaders; the state itself
//! lives in [`crate::state`], which no screen reaches through here.

use crate::browser;
use crate::events::{emit, HostEvent};
use crate::i18n::tr;
use crate::lazy::{OnDemand, OutboxAction, Part};
use crate::load;
use crate::routes::search::SearchScreen;
use crate::routes::ticket::DoneScreen;
use crate::state::{state, Boot, Ctx, Screen};
use crate::submit;
use chrono::Utc;
use guichet_core::Locale;
use leptos::prelude::*;

/// The pane with its launcher.
#[component]
pub fn App(boot: Boot) -> impl IntoView {
    let ctx = state(&boot);
    provide_context(ctx);
    if let Some(id) = ctx.identity.get_value() {
        if crate::draft::claim(&id.user_id) {
            crate::routes::search::forget_recent();
        }
    }
    let inline = boot.inline;
    let open = ctx.open;
    emit(HostEvent::Ready);
    crate::analytics::start(&ctx.config.get_value().endpoint, boot.analytics.as_deref());
    Effect::new(move |prev: Option<bool>| {
        let o = open.get();
        if prev.is_some_and(|p| p != o) {
            emit(if o { HostEvent::Open } else { HostEvent::Close });
            if !o {
                crate::analytics::flush();
            }
        }
        o
    });
    // Leaving or hiding the page sends the queued analytics (the last moment a beacon goes out).
    let _ =
        leptos_use::use_event_listener(leptos_use::use_window(), leptos::ev::pagehide, |_| crate::analytics::flush());
    // `visibilitychange` is fired at the document and bubbles to the window.
    let _ = leptos_use::use_event_listener(leptos_use::use_window(), leptos::ev::visibilitychange, |_| {
        let state = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| js_sys::Reflect::get(&d, &"visibilityState".into()).ok())
            .and_then(|v| v.as_string());
        if state.as_deref() == Some("hidden") {
            crate::analytics::flush();
        }
    });

    // Help center of the active locale: its download starts now, while the view is built (an
    // effect runs only after the mount); reloaded when the locale changes.
    if ctx.index.with_untracked(Option::is_none) {
        crate::api::start_help_center(&ctx.config.get_value(), ctx.locale.get_untracked());
    }
    Effect::new(move |prev: Option<Locale>| {
        let l = ctx.locale.get();
        let loaded = ctx.index.with_untracked(Option::is_some);
        if prev.map_or(!loaded, |p| p != l) {
            ctx.index.set(None);
            ctx.fallback.set(None);
            load::index(ctx);
        }
        l
    });
    // Send what the outbox holds from an earlier visit, and again whenever the browser is back
    // online. The outbox's code is in the ticket form's part, fetched only when a ticket waits.
    if submit::waiting(ctx) {
        crate::lazy::outbox(ctx, OutboxAction::Flush);
    }
    // Both are removed when the pane unmounts.
    let _ = leptos_use::use_event_listener(leptos_use::use_window(), leptos::ev::online, move |_| {
        if submit::waiting(ctx) {
            crate::lazy::outbox(ctx, OutboxAction::Flush);
        }
    });
    // Keep "open now" fresh while the pane is mounted.
    let _ = leptos_use::use_interval_fn(move || ctx.now.set(Utc::now()), 30_000);

    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            request_animation_frame(|| browser::focus_id("guichet-search"));
        }
    };
    let close = move || {
        if inline {
            return;
        }
        open.set(false);
        request_animation_frame(|| browser::focus_id("guichet-launcher"));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            close();
        }
        // A modal pane keeps keyboard focus inside until it is closed (WCAG 2.4.3).
        if ev.key() == "Tab" && !inline && browser::trap_tab("guichet-pane", &ev) {
            ev.prevent_default();
        }
    };

    // Screens are rebuilt only when the screen changes, not on every set (Guichet.search()
    // sets Home again while on Home).
    let screen = Memo::new(move |_| ctx.screen.get());
    view! {
        <div class="guichet" lang=move || ctx.locale.get().tag() data-theme=boot.theme.as_str() data-position=boot.position.map(|p| p.as_str())>
            <button id="guichet-launcher" class="g-launcher" type="button" hidden=inline
                aria-expanded=move || open.get().to_string() aria-controls="guichet-pane"
                on:click=toggle>
                <span aria-hidden="true">"?"</span>
                <span>{move || tr!(ctx.locale.get(), help)}</span>
                <Show when=move || ctx.outbox.with(|o| !o.is_empty())>
                    <span class="g-badge">{move || ctx.outbox.with(Vec::len)}</span>
                </Show>
            </button>
            // Closing hides the pane rather than dropping it: reopening costs no render and
            // allocates nothing (scripts/bench-embed.sh measures it).
            <section id="guichet-pane" class=if inline { "g-pane g-inline" } else { "g-pane" } role=if inline { "region" } else { "dialog" } aria-labelledby="guichet-title" on:keydown=on_keydown
                hidden=move || !open.get()>
                    // The pane follows the page's direction for its place (the end side), but its
                    // text reads in the direction of its own language (French and English: LTR).
                    <header class="g-header" dir="ltr">
                        <h2 id="guichet-title">{move || tr!(ctx.locale.get(), pane_title)}</h2>
                        <div class="g-langs" role="group" aria-label=move || tr!(ctx.locale.get(), language)>
                            {Locale::ALL.into_iter().map(|l| view! {
                                <button type="button" class="g-lang" aria-pressed=move || (ctx.locale.get() == l).to_string()
                                    lang=l.tag() on:click=move |_| ctx.locale.set(l)>
                                    {l.tag().to_ascii_uppercase()}
                                </button>
                            }).collect_view()}
                        </div>
                        <button type="button" class="g-close" aria-label=move || tr!(ctx.locale.get(), close) on:click=move |_| close()>"×"</button>
                    </header>
                    <div dir="ltr"><OutboxBanner/></div>
                    <div class="g-body" dir="ltr">
                        {move || match screen.get() {
                            Screen::Home => view! { <SearchScreen/> }.into_any(),
                            Screen::Article { id, anchor, locale } => view! { <OnDemand part=Part::Article { id, anchor, locale }/> }.into_any(),
                            Screen::Contact => view! { <OnDemand part=Part::Contacts/> }.into_any(),
                            Screen::Ticket => view! { <OnDemand part=Part::Ticket/> }.into_any(),
                            Screen::Done { id, response } => view! { <DoneScreen id=id response=response/> }.into_any(),
                            Screen::Requests => view! { <OnDemand part=Part::Requests/> }.into_any(),
                        }}
                    </div>
                </section>
        </div>
    }
}

/// "Waiting to send" for queued tickets, with Cancel.
#[component]
fn OutboxBanner() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <Show when=move || ctx.outbox.with(|o| !o.is_empty())>
            <div class="g-outbox" role="status">
                {move || ctx.outbox.get().into_iter().map(|q| {
                    let (key, title) = (q.key.clone(), q.title);
                    view! {
                        <div class="g-outbox-item">
                            <p><strong>{tr!(ctx.locale.get(), waiting_to_send)}</strong>" " {title}</p>
                            <p class="g-muted">{tr!(ctx.locale.get(), will_retry)}</p>
                            <button type="button" class="g-button g-secondary" on:click=move |_| crate::lazy::outbox(ctx, OutboxAction::Cancel(key.clone()))>{tr!(ctx.locale.get(), cancel_send)}</button>
                        </div>
                    }
                }).collect_view()}
            </div>
        </Show>
    }
}
