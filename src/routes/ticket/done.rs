//! The confirmation after a 201: ticket number and expected first response.

use crate::browser;
use crate::i18n::{self, tr};
use crate::state::{Ctx, Screen};
use leptos::prelude::*;

#[component]
pub fn DoneScreen(id: String, response: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    request_animation_frame(|| browser::focus_id("guichet-done-title"));
    view! {
        <div class="g-done" role="status">
            <h3 id="guichet-done-title" tabindex="-1">{move || tr!(loc.get(), ticket_created)}</h3>
            <p>{move || i18n::labelled(loc.get(), tr!(loc.get(), ticket_number), "")}<strong id="guichet-ticket-id">{id.clone()}</strong></p>
            <p>{move || i18n::labelled(loc.get(), tr!(loc.get(), expected_response), &response)}</p>
            <button type="button" class="g-button" on:click=move |_| ctx.screen.set(Screen::Home)>{move || tr!(loc.get(), back_to_help)}</button>
        </div>
    }
}
