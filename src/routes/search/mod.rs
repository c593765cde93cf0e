//! Home screen: search-as-you-type over the help center (ARIA 1.2 combobox with a listbox
//! popup). A region named in the query ("uk support phone", "téléphone Allemagne") puts that
//! region's support contacts first; when the active locale has no match, the other locale's
//! articles are shown, said so. Recent searches (kept in `localStorage`, clearable) and popular
//! articles (the help center's promoted ones) when the query is empty; and the way to contact support.

mod entries;
mod home;

use crate::events::{emit, HostEvent};
use crate::i18n::{locale_name, result_count, tr};
use crate::load;
use crate::state::{Ctx, Screen};
use entries::{Entry, ResultOption, LIMIT};
use guichet_core::search::glossary::coverage;
pub use home::forget_recent;
use home::{recent, remember, Home};
use leptos::prelude::*;

#[component]
pub fn SearchScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let active = RwSignal::new(None::<usize>);
    let recents = RwSignal::new(recent());
    let primary = Memo::new(move |_| {
        let q = ctx.query.get();
        ctx.parts.track();
        ctx.index.with(|i| i.as_ref().map(|i| i.search(&q, LIMIT)).unwrap_or_default())
    });
    // A chunked help center fetches the parts each query needs (the results above refresh).
    Effect::new(move |_| {
        let q = ctx.query.get();
        if let Some(index) = ctx.index.get() {
            load::parts(ctx, index, q.clone(), LIMIT);
        }
        if let Some(fallback) = ctx.fallback.get() {
            // The other language is searched with the query in its words.
            let glossary = ctx.glossary.get().unwrap_or_default();
            let q = glossary.translate(&q, ctx.content_locale(), fallback.locale()).unwrap_or(q);
            load::parts(ctx, fallback, q, LIMIT);
        }
    });
    // The other language is fetched when this one has no hit that answers every word (it may
    // have the answer: see `entries::list`). A query that comes before this language's articles
    // (the host page's own search box handing over at first open) cannot be judged yet: the
    // other language is then fetched alongside them rather than after, for a query in it.
    let use_fallback = move || {
        !ctx.query.get().trim().is_empty()
            && match ctx.index.with(Option::is_some) {
                true => primary.with(|h| h.iter().all(|h| coverage(h) < 1.0)),
                false => ctx.load_error.with(Option::is_none),
            }
    };
    Effect::new(move |_| {
        // Again when a fetch of it ends: one started before this language's articles may have
        // been for the wrong language (a German UI reads English articles), and dropped.
        ctx.fallback_loading.track();
        if use_fallback() {
            load::fallback(ctx);
        }
    });
    let entries = Memo::new(move |_| entries::list(ctx, &ctx.query.get(), loc.get(), primary.get()));
    Effect::new(move |_| {
        let q = ctx.query.get();
        if !q.trim().is_empty() {
            let n = entries.with(Vec::len);
            emit(HostEvent::Search { query: &q, results: n });
            crate::analytics::searched(&q, ctx.content_locale(), n);
            // Results are on screen: the screens a visitor goes on to are fetched meanwhile, the
            // article's once they are painted unless the other language's help center is still
            // coming (its requests would delay that frame by some 15 ms on a slow phone).
            crate::lazy::prefetch_escalation();
            if n > 0 && !ctx.fallback_loading.get_untracked() {
                crate::browser::after_paint(crate::lazy::prefetch_article);
            }
        }
    });
    // The directory (places named in a query, the contacts the visitor goes on to), once a
    // query has this language's results and the other language's help center is not being
    // fetched: it does not share the first open's bandwidth with what the first result needs.
    // Created after the effect that starts that fetch, so it runs after it and sees it. Started
    // once those results are painted (its request and decoding would delay that frame). The
    // screens that show the directory ask for it themselves if they come first.
    Effect::new(move |_| {
        let searched = !ctx.query.with(|q| q.trim().is_empty()) && ctx.index.with(Option::is_some);
        if searched && !ctx.fallback_loading.get() {
            crate::browser::after_paint(move || {
                if ctx.alive() {
                    load::directory(ctx);
                }
            });
        }
    });
    // "Did you mean": for a query that finds nothing, the nearest words of the help center.
    let suggestion = Memo::new(move |_| {
        let q = ctx.query.get();
        if q.trim().is_empty() || !entries.with(Vec::is_empty) {
            return None;
        }
        ctx.index.with(|i| i.as_ref().and_then(|i| i.suggest(&q)))
    });
    let fallback_shown =
        move || primary.with(Vec::is_empty) && entries.with(|e| e.iter().any(|x| matches!(x, Entry::Article(..))));
    let has_query = move || !ctx.query.get().trim().is_empty();
    let open_entry = move |i: usize| {
        let Some(e) = entries.with_untracked(|r| r.get(i).cloned()) else { return };
        remember(&ctx.query.get_untracked());
        recents.set(recent());
        match e {
            Entry::Place(slug, _, _) => {
                ctx.region.set(Some(slug));
                ctx.from_article.set(None);
                ctx.go(Screen::Contact);
            }
            Entry::Article(h, locale) => {
                crate::analytics::opened(i + 1, &h.article_id);
                ctx.go(Screen::Article { id: h.article_id, anchor: h.anchor, locale })
            }
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = entries.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                ev.prevent_default();
                if n > 0 {
                    open_entry(active.get_untracked().unwrap_or(0));
                }
            }
            "Escape" if !ctx.query.get_untracked().is_empty() => {
                // First Esc clears the query; the next one closes the pane.
                ev.prevent_default();
                ctx.query.set(String::new());
                active.set(None);
            }
            _ => {}
        }
    };
    let status = move || {
        if !has_query() {
            return String::new();
        }
        result_count(loc.get(), entries.with(Vec::len))
    };
    let contact = move |_| {
        ctx.from_article.set(None);
        ctx.go(Screen::Contact);
    };

    view! {
        <div class="g-search">
            <label for="guichet-search" class="g-sr-only">{move || tr!(loc.get(), search_label)}</label>
            <input id="guichet-search" class="g-input" type="search" autocomplete="off" spellcheck="false"
                role="combobox" aria-autocomplete="list" aria-controls="guichet-results"
                aria-expanded=move || (has_query() && entries.with(|r| !r.is_empty())).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("guichet-opt-{i}"))
                placeholder=move || tr!(loc.get(), search_placeholder)
                prop:value=move || ctx.query.get()
                on:input=move |ev| { ctx.query.set(event_target_value(&ev)); active.set(None); }
                on:keydown=on_keydown/>
            <p class="g-sr-only" role="status" aria-live="polite">{status}</p>
            {move || ctx.load_error.get().map(|e| view! {
                <div class="g-error" role="alert">
                    <p>{tr!(loc.get(), load_error)}</p>
                    <p class="g-muted">{e}</p>
                    <button type="button" class="g-button" on:click=move |_| load::index(ctx)>{tr!(loc.get(), retry)}</button>
                </div>
            })}
            {move || {
                let (l, content) = (loc.get(), ctx.content_locale());
                (content != l).then(|| view! { <p class="g-muted g-content-notice">{tr!(l, content_notice, lang = locale_name(l, content))}</p> })
            }}
            <p class="g-muted g-fallback" hidden=move || !has_query() || !fallback_shown()>{move || {
                let (l, content) = (loc.get(), ctx.content_locale());
                tr!(l, fallback_notice, content = locale_name(l, content), other = locale_name(l, content.other()))
            }}</p>
            <ul id="guichet-results" class="g-results" role="listbox" aria-label=move || tr!(loc.get(), results_label)
                hidden=move || !has_query() || entries.with(Vec::is_empty)>
                {move || entries.get().into_iter().enumerate().map(|(i, entry)| view! {
                    <ResultOption i entry active open=move || open_entry(i)/>
                }).collect_view()}
            </ul>
            <Show when=move || has_query() && entries.with(Vec::is_empty) && ctx.index.with(Option::is_some) && !ctx.fallback_loading.get()>
                <div class="g-empty">
                    <p><strong>{move || tr!(loc.get(), no_results)}</strong></p>
                    {move || suggestion.get().map(|s| {
                        let text = s.clone();
                        view! {
                            <p class="g-suggest">{tr!(loc.get(), did_you_mean)}" "
                                <button type="button" class="g-link" on:click=move |_| { ctx.query.set(s.clone()); active.set(None); }>{text}</button></p>
                        }
                    })}
                    <p class="g-muted">{move || tr!(loc.get(), no_results_hint)}</p>
                </div>
            </Show>
            <Show when=move || !has_query()>
                <Home recents/>
            </Show>
            <div class="g-footer">
                <button type="button" class="g-button g-secondary" on:click=contact>{move || tr!(loc.get(), contact_support)}</button>
            </div>
        </div>
    }
}
