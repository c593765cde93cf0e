//! Home screen: search-as-you-type over the help center (ARIA 1.2 combobox with a listbox
//! popup), popular articles when the query is empty, and the way to contact support.

use crate::app::{Ctx, Screen};
use crate::i18n::K;
use crate::routes::fragments;
use leptos::prelude::*;

/// Results shown per query.
const LIMIT: usize = 8;

#[component]
pub fn SearchScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let active = RwSignal::new(None::<usize>);
    let results = Memo::new(move |_| {
        let q = ctx.query.get();
        ctx.index.with(|i| i.as_ref().map(|i| i.search(&q, LIMIT)).unwrap_or_default())
    });
    let has_query = move || !ctx.query.get().trim().is_empty();
    let open_hit = move |i: usize| {
        if let Some(h) = results.with_untracked(|r| r.get(i).cloned()) {
            ctx.go(Screen::Article { id: h.article_id, anchor: h.anchor });
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
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
                    open_hit(active.get_untracked().unwrap_or(0));
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
        let n = results.with(Vec::len);
        match (ctx.locale.get(), n) {
            (guichet_core::Locale::Fr, 0) => "Aucun résultat".into(),
            (guichet_core::Locale::Fr, 1) => "1 résultat".into(),
            (guichet_core::Locale::Fr, n) => format!("{n} résultats"),
            (_, 0) => "No results".into(),
            (_, 1) => "1 result".into(),
            (_, n) => format!("{n} results"),
        }
    };
    let contact = move |_| {
        ctx.from_article.set(None);
        ctx.go(Screen::Contact);
    };

    view! {
        <div class="g-search">
            <label for="guichet-search" class="g-sr-only">{move || ctx.t(K::SearchLabel)}</label>
            <input id="guichet-search" class="g-input" type="search" autocomplete="off" spellcheck="false"
                role="combobox" aria-autocomplete="list" aria-controls="guichet-results"
                aria-expanded=move || (has_query() && results.with(|r| !r.is_empty())).to_string()
                aria-activedescendant=move || active.get().map(|i| format!("guichet-opt-{i}"))
                placeholder=move || ctx.t(K::SearchPlaceholder)
                prop:value=move || ctx.query.get()
                on:input=move |ev| { ctx.query.set(event_target_value(&ev)); active.set(None); }
                on:keydown=on_keydown/>
            <p class="g-sr-only" role="status" aria-live="polite">{status}</p>
            {move || ctx.load_error.get().map(|e| view! {
                <div class="g-error" role="alert">
                    <p>{ctx.t(K::LoadError)}</p>
                    <p class="g-muted">{e}</p>
                    <button type="button" class="g-button" on:click=move |_| ctx.load_index()>{ctx.t(K::Retry)}</button>
                </div>
            })}
            <ul id="guichet-results" class="g-results" role="listbox" aria-label=move || ctx.t(K::ResultsLabel)
                hidden=move || !has_query() || results.with(Vec::is_empty)>
                {move || results.get().into_iter().enumerate().map(|(i, h)| {
                    let heading = h.heading.clone();
                    view! {
                        <li id=format!("guichet-opt-{i}") role="option" class="g-option"
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:click=move |_| open_hit(i)
                            on:mousemove=move |_| if active.get_untracked() != Some(i) { active.set(Some(i)) }>
                            <span class="g-option-title">{fragments(h.title)}</span>
                            {(!heading.is_empty()).then(|| view! { <span class="g-option-heading">{heading}</span> })}
                            <span class="g-option-snippet">{fragments(h.snippet)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || has_query() && results.with(Vec::is_empty) && ctx.index.with(Option::is_some)>
                <div class="g-empty">
                    <p><strong>{move || ctx.t(K::NoResults)}</strong></p>
                    <p class="g-muted">{move || ctx.t(K::NoResultsHint)}</p>
                </div>
            </Show>
            <Show when=move || !has_query()>
                <h3 class="g-subtitle">{move || ctx.t(K::Popular)}</h3>
                {move || match ctx.index.with(|i| i.as_ref().map(|i| i.help_center().articles.iter().map(|a| (a.id.clone(), a.title.clone())).collect::<Vec<_>>())) {
                    None if ctx.load_error.get().is_none() => view! { <p class="g-muted">{ctx.t(K::Loading)}</p> }.into_any(),
                    None => ().into_any(),
                    Some(list) => {
                        let popular = ["open-support-request", "severity-levels", "call-support-by-phone", "response-times-by-plan", "reopen-closed-request"];
                        view! {
                            <ul class="g-list">
                                {popular.into_iter().filter_map(|p| list.iter().find(|(id, _)| id == p).cloned()).map(|(id, title)| view! {
                                    <li><a href=format!("#{id}") class="g-link" on:click=move |ev| {
                                        ev.prevent_default();
                                        ctx.go(Screen::Article { id: id.clone(), anchor: String::new() });
                                    }>{title}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </Show>
            <div class="g-footer">
                <button type="button" class="g-button g-secondary" on:click=contact>{move || ctx.t(K::ContactSupport)}</button>
            </div>
        </div>
    }
}
