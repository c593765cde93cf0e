//! Article view: sections with their headings, a Back action, and "Did this help?".

use crate::api;
use crate::browser;
use crate::events::{emit, HostEvent};
use crate::i18n::{locale_name, tr};
use crate::load;
use crate::state::{Ctx, Screen};
use guichet_core::analytics::Event;
use guichet_core::help_center::Article;
use guichet_core::search::SearchIndex;
use leptos::prelude::*;
use std::rc::Rc;

/// Where an article stands in one locale's index.
enum Lookup {
    /// The index has not arrived (or failed to).
    NotLoaded,
    /// The index has no article with this id.
    Absent,
    /// A chunked index has the article but not yet its text.
    Pending,
    Ready(Article),
}

impl Lookup {
    /// What to show while this locale is the article's only chance.
    fn shown(self) -> Shown {
        match self {
            Lookup::Ready(a) => Shown::Found(a),
            _ => Shown::Loading,
        }
    }
}

/// What the article screen shows.
#[derive(Clone, PartialEq)]
enum Shown {
    Loading,
    Found(Article),
    Missing,
}

fn lookup(index: RwSignal<Option<Rc<SearchIndex>>, LocalStorage>, id: &str) -> Lookup {
    index.with(|i| match i {
        None => Lookup::NotLoaded,
        Some(i) => match i.article(id) {
            Some(a) => Lookup::Ready(a.clone()),
            None if i.article_number(id).is_some() => Lookup::Pending,
            None => Lookup::Absent,
        },
    })
}

#[component]
pub fn ArticleScreen(id: String, anchor: String, locale: Option<guichet_core::Locale>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    crate::lazy::prefetch_escalation();
    // The directory for the contacts a reader may go on to, once the articles are there.
    Effect::new(move |_| {
        if ctx.index.with(Option::is_some) {
            load::directory(ctx);
        }
    });
    let loc = ctx.screen_locale();
    let answered = RwSignal::new(false);
    // The article is looked up in the index of its locale; one the active locale lacks (an
    // imported help center in one language, a host's `showArticle` with the other locale's
    // id) is looked up in the other locale's, and an id neither has is said to be missing.
    let from_fallback = move || locale.is_some_and(|l| l != ctx.content_locale());
    let fallback_tried = RwSignal::new(false);
    let state = {
        let id = id.clone();
        Memo::new(move |_| {
            ctx.parts.track();
            let primary = if from_fallback() { ctx.fallback } else { ctx.index };
            match lookup(primary, &id) {
                Lookup::Absent if !from_fallback() => match lookup(ctx.fallback, &id) {
                    Lookup::NotLoaded if !fallback_tried.get() || ctx.fallback_loading.get() => Shown::Loading,
                    Lookup::NotLoaded | Lookup::Absent => Shown::Missing,
                    other => other.shown(),
                },
                Lookup::Absent => Shown::Missing,
                other => other.shown(),
            }
        })
    };
    // A chunked help center fetches the article's text the first time it is shown.
    {
        let id = id.clone();
        Effect::new(move |_| {
            let primary = if from_fallback() { ctx.fallback } else { ctx.index };
            let Some(index) = primary.get() else { return };
            if index.article_number(&id).is_some() {
                load::article(ctx, index, id.clone());
            } else if !from_fallback() {
                load::fallback(ctx);
                fallback_tried.set(true);
                if let Some(other) = ctx.fallback.get() {
                    load::article(ctx, other, id.clone());
                }
            }
        });
    }
    // Once the text is there, land on the matched section (its heading takes the focus, so a
    // screen reader starts there and the section is at the top of the pane), or on the title.
    Effect::new(move |landed: Option<bool>| {
        if landed == Some(true) || !state.with(|s| matches!(s, Shown::Found(_))) {
            return landed.unwrap_or(false);
        }
        let heading = format!("guichet-h-{anchor}");
        let anchor = anchor.clone();
        request_animation_frame(move || {
            if anchor.is_empty() || browser::element(&heading).is_none() {
                browser::focus_id("guichet-article-title");
            } else {
                browser::scroll_to_id(&format!("guichet-s-{anchor}"));
                browser::focus_id_in_place(&heading);
            }
        });
        true
    });
    let read_in = locale.unwrap_or(ctx.locale.get_untracked());
    emit(HostEvent::ArticleViewed { id: &id, locale: read_in });
    crate::analytics::record(Event::ArticleView { article_id: id.clone(), locale: read_in });
    let id_yes = id.clone();
    let yes = move |_| {
        answered.set(true);
        emit(HostEvent::Helpful { id: &id_yes, helpful: true });
        let (cfg, id, l) = (ctx.config.get_value(), id_yes.clone(), locale.unwrap_or(ctx.locale.get_untracked()));
        // Feedback is best effort: the visitor is not held up by it.
        ctx.spawn(async move { api::feedback(&cfg, &id, l, true).await }, |_| {});
    };
    let id_no = id.clone();
    let no = move |_| {
        let (cfg, id, l) = (ctx.config.get_value(), id_no.clone(), locale.unwrap_or(ctx.locale.get_untracked()));
        ctx.from_article.set(Some(id.clone()));
        emit(HostEvent::Helpful { id: &id, helpful: false });
        ctx.spawn(async move { api::feedback(&cfg, &id, l, false).await }, |_| {});
        ctx.go(Screen::Contact);
    };
    view! {
        <article class="g-article">
            <button type="button" class="g-back" on:click=move |_| ctx.back()>{move || format!("← {}", tr!(loc.get(), back))}</button>
            {move || match state.get() {
                Shown::Loading => view! { <p class="g-muted">{tr!(loc.get(), loading)}</p> }.into_any(),
                Shown::Missing => view! {
                    <h3 id="guichet-article-title" tabindex="-1" class="g-article-title">{move || tr!(loc.get(), article_missing)}</h3>
                    <p class="g-muted">{move || tr!(loc.get(), article_missing_hint)}</p>
                    <button type="button" class="g-button" on:click=move |_| ctx.go(Screen::Contact)>{move || tr!(loc.get(), contact_support)}</button>
                }.into_any(),
                Shown::Found(a) => view! {
                    {(a.locale != ctx.content_locale() && locale.is_none()).then(|| {
                        let l = loc.get();
                        view! { <p class="g-muted g-fallback" role="note">{tr!(l, article_other_locale, other = locale_name(l, a.locale))}</p> }
                    })}
                    // Links between articles (`#other-article`, as the importers write them) and to
                    // a section of this one (`#section-anchor`) stay in the pane.
                    <div lang=a.locale.tag() on:click=move |ev: leptos::ev::MouseEvent| {
                        let Some(target) = browser::in_pane_link(&ev) else { return };
                        ev.prevent_default();
                        if browser::element(&format!("guichet-s-{target}")).is_some() {
                            browser::scroll_to_id(&format!("guichet-s-{target}"));
                            browser::focus_id_in_place(&format!("guichet-h-{target}"));
                        } else {
                            ctx.go(Screen::Article { id: target, anchor: String::new(), locale: None });
                        }
                    }>
                    <h3 id="guichet-article-title" tabindex="-1" class="g-article-title">{a.title.clone()}</h3>
                    {a.sections.into_iter().map(|s| {
                        let sid = if s.anchor.is_empty() { String::new() } else { format!("guichet-s-{}", s.anchor) };
                        view! {
                            <section id=sid class="g-section">
                                {(!s.heading.is_empty()).then(|| view! { <h4 id=format!("guichet-h-{}", s.anchor) tabindex="-1">{s.heading.clone()}</h4> })}
                                <div class="g-prose" inner_html=s.html></div>
                            </section>
                        }
                    }).collect_view()}
                    </div>
                }.into_any(),
            }}
            <div class="g-feedback" role="group" aria-labelledby="guichet-helped" hidden=move || state.with(|s| matches!(s, Shown::Missing))>
                <p id="guichet-helped">{move || tr!(loc.get(), did_this_help)}</p>
                <Show when=move || !answered.get() fallback=move || view! { <p role="status">{tr!(loc.get(), thanks_helpful)}</p> }>
                    <button type="button" class="g-button" on:click=yes.clone()>{move || tr!(loc.get(), yes)}</button>
                    <button type="button" class="g-button g-secondary" on:click=no.clone()>{move || tr!(loc.get(), no_contact)}</button>
                </Show>
            </div>
        </article>
    }
}
