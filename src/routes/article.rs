//! Article view: sections with their headings, a Back action, and "Did this help?".

use crate::api;
use crate::app::{Ctx, Screen};
use crate::browser;
use crate::i18n::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ArticleScreen(id: String, anchor: String, locale: Option<guichet_core::Locale>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let answered = RwSignal::new(false);
    let article = {
        let id = id.clone();
        move || {
            let from_fallback = locale.is_some_and(|l| l != ctx.content_locale());
            let index = if from_fallback { ctx.fallback } else { ctx.index };
            ctx.parts.track();
            index.with(|i| i.as_ref().and_then(|i| i.article(&id).cloned()))
        }
    };
    // A chunked help center fetches the article's text the first time it is shown.
    {
        let id = id.clone();
        Effect::new(move |_| {
            let from_fallback = locale.is_some_and(|l| l != ctx.content_locale());
            let index = if from_fallback { ctx.fallback } else { ctx.index };
            if let Some(index) = index.get() {
                ctx.load_article(index, id.clone());
            }
        });
    }
    // Land on the matched section, or on the title.
    let target = if anchor.is_empty() { "guichet-article-title".to_string() } else { format!("guichet-s-{anchor}") };
    request_animation_frame(move || {
        browser::scroll_to_id(&target);
        browser::focus_id("guichet-article-title");
    });
    crate::embed::emit("article-viewed", serde_json::json!({ "id": id, "locale": locale.unwrap_or(ctx.locale.get_untracked()) }));
    let id_yes = id.clone();
    let yes = move |_| {
        answered.set(true);
        crate::embed::emit("helpful", serde_json::json!({ "id": id_yes, "helpful": true }));
        let (cfg, id, l) = (ctx.config.get_value(), id_yes.clone(), locale.unwrap_or(ctx.locale.get_untracked()));
        spawn_local(async move {
            let _ = api::feedback(&cfg, &id, l, true).await;
        });
    };
    let id_no = id.clone();
    let no = move |_| {
        let (cfg, id, l) = (ctx.config.get_value(), id_no.clone(), locale.unwrap_or(ctx.locale.get_untracked()));
        ctx.from_article.set(Some(id.clone()));
        crate::embed::emit("helpful", serde_json::json!({ "id": id, "helpful": false }));
        spawn_local(async move {
            let _ = api::feedback(&cfg, &id, l, false).await;
        });
        ctx.go(Screen::Contact);
    };
    view! {
        <article class="g-article">
            <button type="button" class="g-back" on:click=move |_| ctx.back()>{move || format!("← {}", tr!(loc.get(), back))}</button>
            {move || match article() {
                None => view! { <p class="g-muted">{tr!(loc.get(), loading)}</p> }.into_any(),
                Some(a) => view! {
                    <div lang=a.locale.tag()>
                    <h3 id="guichet-article-title" tabindex="-1" class="g-article-title">{a.title.clone()}</h3>
                    {a.sections.into_iter().map(|s| {
                        let sid = if s.anchor.is_empty() { String::new() } else { format!("guichet-s-{}", s.anchor) };
                        view! {
                            <section id=sid class="g-section">
                                {(!s.heading.is_empty()).then(|| view! { <h4>{s.heading.clone()}</h4> })}
                                <div class="g-prose" inner_html=s.html></div>
                            </section>
                        }
                    }).collect_view()}
                    </div>
                }.into_any(),
            }}
            <div class="g-feedback" role="group" aria-labelledby="guichet-helped">
                <p id="guichet-helped">{move || tr!(loc.get(), did_this_help)}</p>
                <Show when=move || !answered.get() fallback=move || view! { <p role="status">{tr!(loc.get(), thanks_helpful)}</p> }>
                    <button type="button" class="g-button" on:click=yes.clone()>{move || tr!(loc.get(), yes)}</button>
                    <button type="button" class="g-button g-secondary" on:click=no.clone()>{move || tr!(loc.get(), no_contact)}</button>
                </Show>
            </div>
        </article>
    }
}
