//! Home screen: search-as-you-type over the help center (ARIA 1.2 combobox with a listbox
//! popup). A region named in the query ("uk support phone", "téléphone Allemagne") puts that
//! region's support contacts first; when the active locale has no match, the other locale's
//! articles are shown, said so. Recent searches (kept in `localStorage`, clearable) and popular
//! articles (the help center's promoted ones) when the query is empty; and the way to contact support.

use crate::browser;
use crate::events::{emit, HostEvent};
use crate::i18n::{locale_name, result_count, tr};
use crate::load;
use crate::routes::fragments;
use crate::state::{Ctx, Screen, Suggestion};
use guichet_core::search::Hit;
use guichet_core::Locale;
use leptos::prelude::*;

/// Results shown per query.
const LIMIT: usize = 8;
/// Places shown above the articles.
const PLACES: usize = 2;
/// Articles offered before any query (the help center's promoted ones, see
/// `HelpCenter::popular`).
const POPULAR: usize = 5;
const RECENT_KEY: &str = "guichet.recent";

fn recent() -> Vec<String> {
    browser::storage_get(RECENT_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

fn remember(q: &str) {
    let q = q.trim();
    if q.is_empty() {
        return;
    }
    let mut list = recent();
    list.retain(|x| x != q);
    list.insert(0, q.to_string());
    list.truncate(5);
    if let Ok(s) = serde_json::to_string(&list) {
        browser::storage_set(RECENT_KEY, &s);
    }
}

/// One entry of the listbox.
#[derive(Clone, PartialEq)]
enum Entry {
    /// A region named in the query: (slug, name, main number).
    Place(String, String, Option<String>),
    /// An article hit; the locale is set when it differs from the UI's (fallback hits, or a
    /// German UI reading English articles).
    Article(Hit, Option<Locale>),
}

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
            load::parts(ctx, fallback, q, LIMIT);
        }
    });
    let use_fallback =
        move || !ctx.query.get().trim().is_empty() && ctx.index.with(Option::is_some) && primary.with(Vec::is_empty);
    Effect::new(move |_| {
        if use_fallback() {
            load::fallback(ctx);
        }
    });
    let entries = Memo::new(move |_| {
        let q = ctx.query.get();
        ctx.parts.track(); // fallback results of a chunked help center refresh too
        let l = loc.get();
        let audience = ctx.audience.get_value();
        let mut out: Vec<Entry> = ctx.directory.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.places_in_query(&q)
                        .into_iter()
                        .take(PLACES)
                        .map(|r| {
                            let number = d
                                .contacts(&r.slug, &audience)
                                .and_then(|c| c.numbers.first().map(|n| n.display.clone()));
                            Entry::Place(r.slug.clone(), r.display_name(l.tag()), number)
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        let hits = primary.get();
        let content = ctx.content_locale();
        if hits.is_empty() && !q.trim().is_empty() {
            let other = content.other();
            out.extend(
                ctx.fallback
                    .with(|f| f.as_ref().map(|f| f.search(&q, LIMIT)).unwrap_or_default())
                    .into_iter()
                    .map(|h| Entry::Article(h, (other != l).then_some(other))),
            );
        } else {
            out.extend(hits.into_iter().map(|h| Entry::Article(h, (content != l).then_some(content))));
        }
        out
    });
    Effect::new(move |_| {
        let q = ctx.query.get();
        if !q.trim().is_empty() {
            let n = entries.with(Vec::len);
            emit(HostEvent::Search { query: &q, results: n });
        }
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
            Entry::Article(h, locale) => ctx.go(Screen::Article { id: h.article_id, anchor: h.anchor, locale }),
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
                {move || entries.get().into_iter().enumerate().map(|(i, e)| {
                    let body = match e {
                        Entry::Place(_, name, number) => view! {
                            <span class="g-option-title">{format!("{} · {}", tr!(loc.get(), contacts_for), name)}</span>
                            <span class="g-option-snippet">{number.map(|n| format!("{n} — {}", tr!(loc.get(), support_contacts))).unwrap_or_else(|| tr!(loc.get(), support_contacts).to_string())}</span>
                        }.into_any(),
                        Entry::Article(h, locale) => {
                            let heading = h.heading.clone();
                            view! {
                                <span class="g-option-title" lang=locale.map(|l| l.tag())>{fragments(h.title)}</span>
                                {(!heading.is_empty()).then(|| view! { <span class="g-option-heading">{heading}</span> })}
                                <span class="g-option-snippet">{fragments(h.snippet)}</span>
                            }.into_any()
                        }
                    };
                    view! {
                        <li id=format!("guichet-opt-{i}") role="option" class="g-option"
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            on:click=move |_| open_entry(i)
                            on:mousemove=move |_| if active.get_untracked() != Some(i) { active.set(Some(i)) }>
                            {body}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || has_query() && entries.with(Vec::is_empty) && ctx.index.with(Option::is_some) && !ctx.fallback_loading.get()>
                <div class="g-empty">
                    <p><strong>{move || tr!(loc.get(), no_results)}</strong></p>
                    <p class="g-muted">{move || tr!(loc.get(), no_results_hint)}</p>
                </div>
            </Show>
            <Show when=move || !has_query()>
                <Show when=move || ctx.suggestions.with(|s| !s.is_empty())>
                    <h3 class="g-subtitle" id="guichet-suggested-title">{move || tr!(loc.get(), suggested)}</h3>
                    <ul class="g-list" aria-labelledby="guichet-suggested-title">
                        {move || ctx.suggestions.get().into_iter().filter_map(|s| match s {
                            Suggestion::Article(id) => {
                                let title = ctx.index.with(|i| i.as_ref().and_then(|i| i.help_center().article(&id).map(|a| a.title.clone())))?;
                                Some(view! {
                                    <li><a href=format!("#{id}") class="g-link" lang=move || ctx.content_locale().tag() on:click=move |ev| {
                                        ev.prevent_default();
                                        ctx.go(Screen::Article { id: id.clone(), anchor: String::new(), locale: None });
                                    }>{title}</a></li>
                                }.into_any())
                            }
                            Suggestion::Link { title, url } => Some(view! {
                                <li><a href=url class="g-link" target="_blank" rel="noopener">{title}</a></li>
                            }.into_any()),
                        }).collect_view()}
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
                {move || match ctx.index.with(|i| i.as_ref().map(|i| i.help_center().popular(POPULAR).into_iter().map(|a| (a.id.clone(), a.title.clone())).collect::<Vec<_>>())) {
                    None if ctx.load_error.get().is_none() => view! { <p class="g-muted">{tr!(loc.get(), loading)}</p> }.into_any(),
                    None => ().into_any(),
                    Some(list) => {
                        view! {
                            <ul class="g-list" id="guichet-popular" aria-labelledby="guichet-popular-title">
                                {list.into_iter().map(|(id, title)| view! {
                                    <li><a href=format!("#{id}") class="g-link" lang=move || ctx.content_locale().tag() on:click=move |ev| {
                                        ev.prevent_default();
                                        ctx.go(Screen::Article { id: id.clone(), anchor: String::new(), locale: None });
                                    }>{title}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </Show>
            <div class="g-footer">
                <button type="button" class="g-button g-secondary" on:click=contact>{move || tr!(loc.get(), contact_support)}</button>
            </div>
        </div>
    }
}
