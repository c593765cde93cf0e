//! What the search screen offers before any query: the host's suggestions, the visitor's recent
//! searches (kept in `localStorage` under [`RECENT_KEY`], at most five, clearable) and the help
//! center's promoted articles.

use crate::browser;
use crate::i18n::tr;
use crate::state::{Ctx, Screen, Suggestion};
use leptos::prelude::*;

/// Articles offered before any query (the help center's promoted ones, see
/// `HelpCenter::popular`).
const POPULAR: usize = 5;
const RECENT_KEY: &str = "guichet.recent";
/// Recent searches kept.
const RECENT: usize = 5;

/// The recent searches, newest first (empty when storage is unavailable or holds bad JSON).
pub fn recent() -> Vec<String> {
    browser::storage_get(RECENT_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Forgets the recent searches (another user signed in on this browser).
pub fn forget_recent() {
    browser::storage_remove(RECENT_KEY);
}

/// Puts `q` (trimmed; ignored when blank) first in the recent searches.
pub fn remember(q: &str) {
    let q = q.trim();
    if q.is_empty() {
        return;
    }
    let mut list = recent();
    list.retain(|x| x != q);
    list.insert(0, q.to_string());
    list.truncate(RECENT);
    if let Ok(s) = serde_json::to_string(&list) {
        browser::storage_set(RECENT_KEY, &s);
    }
}

/// A link that opens article `id` in the pane.
#[component]
fn ArticleLink(id: String, title: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <li><a href=format!("#{id}") class="g-link" lang=move || ctx.content_locale().tag() on:click=move |ev| {
            ev.prevent_default();
            ctx.go(Screen::Article { id: id.clone(), anchor: String::new(), locale: None });
        }>{title}</a></li>
    }
}

/// Suggestions, recent searches and popular articles; `recents` is the screen's copy of
/// [`recent`].
#[component]
pub fn Home(recents: RwSignal<Vec<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let suggestion = move |s: Suggestion| match s {
        Suggestion::Article(id) => {
            let title =
                ctx.index.with(|i| i.as_ref().and_then(|i| i.help_center().article(&id).map(|a| a.title.clone())))?;
            Some(view! { <ArticleLink id title/> }.into_any())
        }
        Suggestion::Link { title, url } => {
            Some(view! { <li><a href=url class="g-link" target="_blank" rel="noopener">{title}</a></li> }.into_any())
        }
    };
    let popular = move || {
        ctx.index.with(|i| {
            i.as_ref().map(|i| {
                i.help_center()
                    .popular(POPULAR)
                    .into_iter()
                    .map(|a| (a.id.clone(), a.title.clone()))
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <Show when=move || ctx.suggestions.with(|s| !s.is_empty())>
            <h3 class="g-subtitle" id="guichet-suggested-title">{move || tr!(loc.get(), suggested)}</h3>
            <ul class="g-list" aria-labelledby="guichet-suggested-title">
                {move || ctx.suggestions.get().into_iter().filter_map(suggestion).collect_view()}
            </ul>
        </Show>
        <Show when=move || recents.with(|r| !r.is_empty())>
            <div class="g-recent">
                <h3 class="g-subtitle" id="guichet-recent-title">{move || tr!(loc.get(), recent_searches)}</h3>
                <button type="button" class="g-copy" on:click=move |_| { browser::storage_remove(RECENT_KEY); recents.set(Vec::new()); }
                    aria-describedby="guichet-recent-title">{move || tr!(loc.get(), clear_recent)}</button>
                <ul class="g-list" aria-labelledby="guichet-recent-title">
                    {move || recents.get().into_iter().map(|q| {
                        let q2 = q.clone();
                        view! { <li><button type="button" class="g-back" on:click=move |_| { ctx.query.set(q2.clone()); browser::focus_id("guichet-search"); }>{q}</button></li> }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        <h3 class="g-subtitle" id="guichet-popular-title">{move || tr!(loc.get(), popular)}</h3>
        {move || match popular() {
            None if ctx.load_error.get().is_none() => view! { <p class="g-muted">{tr!(loc.get(), loading)}</p> }.into_any(),
            None => ().into_any(),
            Some(list) => view! {
                <ul class="g-list" id="guichet-popular" aria-labelledby="guichet-popular-title">
                    {list.into_iter().map(|(id, title)| view! { <ArticleLink id title/> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
