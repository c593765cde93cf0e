//! "My requests": a verified admin's open and recently closed requests (or the one request a
//! signed link from the confirmation email names) with their status, the helpdesk's public
//! replies, and Reopen up to 14 days after closing (O365 support description); the intake
//! enforces the same rule.

use crate::api;
use crate::browser;
use crate::i18n::tr;
use crate::state::Ctx;
use guichet_core::wire::{MyTicket, TicketStatus};
use leptos::prelude::*;

#[component]
pub fn RequestsScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let list: RwSignal<Option<Result<Vec<MyTicket>, String>>> = RwSignal::new(None);
    let notice = RwSignal::new(None::<String>);
    // A signed link (from the confirmation email) shows its one request; else the verified
    // visitor's requests.
    let load = move || {
        let (cfg, identity, token) = (ctx.config.get_value(), ctx.identity.get_value(), ctx.request_token.get_value());
        match (token, identity) {
            (Some(token), _) => {
                ctx.spawn(async move { api::request_by_link(&cfg, &token).await }, move |r| list.set(Some(r)))
            }
            (None, Some(identity)) => {
                ctx.spawn(async move { api::my_tickets(&cfg, &identity).await }, move |r| list.set(Some(r)))
            }
            (None, None) => list.set(Some(Err(tr!(loc.get_untracked(), requests_need_identity).to_string()))),
        }
    };
    load();
    request_animation_frame(|| browser::focus_id("guichet-requests-title"));
    let reopen = move |id: String| {
        let (cfg, identity, token) = (ctx.config.get_value(), ctx.identity.get_value(), ctx.request_token.get_value());
        let work = async move {
            match (token, identity) {
                (Some(token), _) => api::reopen_by_link(&cfg, &token).await,
                (None, Some(identity)) => api::reopen(&cfg, &identity, &id).await,
                (None, None) => Err(String::new()),
            }
        };
        ctx.spawn(work, move |result| {
            match result {
                Ok(()) => notice.set(Some(tr!(loc.get_untracked(), reopened).to_string())),
                Err(e) => notice.set(Some(e)),
            }
            load();
        });
    };
    view! {
        <div class="g-requests">
            <button type="button" class="g-back" on:click=move |_| ctx.back()>{move || format!("← {}", tr!(loc.get(), back))}</button>
            <h3 id="guichet-requests-title" tabindex="-1">{move || tr!(loc.get(), my_requests)}</h3>
            <p role="status">{move || notice.get()}</p>
            {move || match list.get() {
                None => view! { <p class="g-muted">{tr!(loc.get(), loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="g-error" role="alert">{e}</p> }.into_any(),
                Some(Ok(v)) if v.is_empty() => view! { <p>{tr!(loc.get(), no_requests)}</p> }.into_any(),
                Some(Ok(v)) => view! {
                    <ul class="g-list">
                        {v.into_iter().map(|t| {
                            let id = t.id.clone();
                            let open = t.status == TicketStatus::Open;
                            view! {
                                <li class="g-request">
                                    <strong>{t.title.clone()}</strong>
                                    <span class="g-muted">{format!(" · {} · {}", t.id, if open { tr!(loc.get(), status_open) } else { tr!(loc.get(), status_closed) })}</span>
                                    {(!t.replies.is_empty()).then(|| view! {
                                        <ol class="g-replies" aria-label=tr!(loc.get(), replies)>
                                            {t.replies.iter().map(|r| view! {
                                                <li><p class="g-muted">{r.author.clone()}</p><p class="g-reply">{r.body.clone()}</p></li>
                                            }).collect_view()}
                                        </ol>
                                    })}
                                    {(!open && t.can_reopen).then(|| view! {
                                        <button type="button" class="g-button g-secondary" aria-label=format!("{} {}", tr!(loc.get(), reopen), t.id)
                                            on:click=move |_| reopen(id.clone())>{tr!(loc.get(), reopen)}</button>
                                    })}
                                    {(!open && !t.can_reopen).then(|| view! { <p class="g-muted">{tr!(loc.get(), reopen_expired)}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
}
