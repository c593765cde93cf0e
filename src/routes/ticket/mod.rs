//! Ticket form: the seeds' flows (support request, partner request on behalf of a customer,
//! Marketplace credit/refund, subscription validation, callback) in four steps — Basics,
//! Problem, Contact, Review — one component each, validated with the same `core` rules as the
//! intake. The draft is saved to `localStorage` as it is typed; sending goes through
//! [`crate::submit`], which queues it in the outbox when the network or the server fails.

mod answers;
mod attachments;
mod basics;
mod contact;
mod done;
mod field;
mod form;
mod problem;
mod review;

pub use done::DoneScreen;

use crate::browser;
use crate::draft;
use crate::events::{emit, HostEvent};
use crate::i18n::{tr, Label};
use crate::state::{Ctx, Queued};
use crate::submit;
use form::Form;
use guichet_core::profile::Profile;
use guichet_core::ticket::{Step, TicketRequest};
use leptos::prelude::*;
use std::sync::Arc;

/// A new draft of `profile`: the host's plan (if the profile has it), the visitor's time
/// zone, and the search typed so far as its title (never lose what they typed).
fn blank(ctx: &Ctx, profile: &Profile) -> TicketRequest {
    let query = ctx.query.get_untracked();
    let mut d = TicketRequest::new(profile, ctx.locale.get_untracked());
    if let Some(plan) = ctx.plan.get_value().filter(|p| profile.plan(p.as_str()).is_some()) {
        d.plan = plan;
        d.set_kind(profile, d.kind.clone());
    }
    TicketRequest {
        title: query.trim().chars().take(120).collect(),
        last_occurrence: Some(guichet_core::ticket::LastOccurrence {
            time_zone: ctx.visitor_zone(),
            ..Default::default()
        }),
        ..d
    }
}

/// The draft to start from: the saved one or a blank one, with the host's prefilled fields
/// (`Guichet.prefill`, which win) and the verified identity's email and name.
fn starting_draft(ctx: &Ctx, profile: &Profile) -> (TicketRequest, bool) {
    // A draft of another profile (the portal changed its flows since) starts over.
    let restored = draft::load().filter(|d| profile.flow(d.kind.as_str()).is_some());
    let was_restored = restored.is_some();
    let mut d = restored.unwrap_or_else(|| blank(ctx, profile));
    if let Some(fields) = ctx.prefill.get_untracked() {
        let mut merged = serde_json::to_value(&d).unwrap_or_default();
        if let (Some(m), Some(f)) = (merged.as_object_mut(), fields.as_object()) {
            m.extend(f.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        if let Ok(f) = serde_json::from_value::<TicketRequest>(merged) {
            // A prefilled flow brings what it implies (a callback prefers the phone).
            let kind_changed = f.kind != d.kind;
            d = f;
            if kind_changed {
                d.set_kind(profile, d.kind.clone());
            }
        }
        ctx.prefill.set(None);
    }
    if let Some(id) = ctx.identity.get_value() {
        d.email = id.email.clone();
        if d.contact_name.trim().is_empty() {
            d.contact_name = id.name.clone();
        }
    }
    (d, was_restored)
}

/// Sends the form's request after a last check, through the host's `beforeSubmit` (whose
/// result is validated again like anything else).
/// The time zones a picker offers (the browser's IANA names, `guichet_core::zone::Zone::names`),
/// with `current` first when the browser does not list it (a draft from another browser).
fn zone_names(current: &str) -> Vec<String> {
    let mut names = guichet_core::zone::Zone::names();
    if !current.is_empty() && !names.iter().any(|n| n == current) {
        names.insert(0, current.to_string());
    }
    names
}

fn send(form: Form) {
    let ctx = form.ctx;
    // A second click while this form sends is ignored (`submit::send` would queue it).
    if ctx.sending.get_untracked() || !form.check(Step::Review) {
        return;
    }
    // The host's consent box, when it asks for one, must be ticked: nothing is sent before.
    if ctx.config.get_value().consent_required && !form.draft.with_untracked(|d| d.consent) {
        form.consent_missing.set(true);
        request_animation_frame(|| browser::focus_id("guichet-consent"));
        return;
    }
    let l = ctx.locale.get_untracked();
    let mut req = form.request();
    if let Some(changed) = emit(HostEvent::BeforeSubmit(serde_json::to_value(&req).unwrap_or_default())).as_string() {
        match serde_json::from_str::<TicketRequest>(&changed) {
            Ok(r) => {
                let p = form.profile.get_value();
                let errors = r.validate(&p, chrono::Utc::now());
                if form.show_errors(errors.iter().map(|e| (e.path(), e.message(&p, l))).collect()) {
                    return;
                }
                req = r;
            }
            Err(e) => {
                ctx.rejected.set(Some(format!("{} {e}", tr!(l, before_submit_invalid))));
                return;
            }
        }
    }
    let title = req.effective_title(&form.profile.get_value());
    submit::send(
        ctx,
        Queued { key: draft::idempotency_key(), request: req, attempts: 0, last_error: String::new(), title },
    );
}

/// The ticket screen: the form once the portal profile is loaded (fetched on first open,
/// with Retry on failure).
#[component]
pub fn TicketScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    crate::load::profile(ctx, true);
    // The ticket carries the visitor's region (ISO code from the directory).
    crate::load::directory(ctx);
    move || {
        match ctx.profile.get() {
        Some(profile) => view! { <TicketForm profile/> }.into_any(),
        None => view! {
            <div class="g-ticket">
                <p class="g-muted" role="status" hidden=move || ctx.load_error.with(Option::is_some)>{move || tr!(loc.get(), loading)}</p>
                <Show when=move || ctx.load_error.with(Option::is_some)>
                    <p class="g-error" role="alert">{move || ctx.load_error.get()}</p>
                    <button type="button" class="g-button g-secondary" on:click=move |_| crate::load::profile(ctx, true)>{move || tr!(loc.get(), retry)}</button>
                </Show>
            </div>
        }
        .into_any(),
    }
    }
}

#[component]
fn TicketForm(profile: Arc<Profile>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let (start, was_restored) = starting_draft(&ctx, &profile);
    let form = Form {
        profile: StoredValue::new(profile),
        ctx,
        loc,
        draft: RwSignal::new(start),
        files: RwSignal::new(draft::attachments()),
        uploading: RwSignal::new(0),
        file_error: RwSignal::new(None),
        errors: RwSignal::new(Vec::new()),
        step: RwSignal::new(Step::Basics),
        consent_missing: RwSignal::new(false),
    };
    Effect::new(move |_| form.draft.with(draft::save));
    Effect::new(move |_| form.files.with(|f| draft::save_attachments(f)));
    // Field errors the server sent (for this form's send or a queued ticket's) come here.
    Effect::new(move |_| {
        let list = ctx.server_errors.get();
        if !list.is_empty() {
            ctx.server_errors.set(Vec::new());
            form.show_errors(list.into_iter().map(|e| (e.field, e.message)).collect());
            request_animation_frame(|| browser::focus_id("guichet-ticket-errors"));
        }
    });
    Effect::new(move |_| {
        if ctx.rejected.with(Option::is_some) {
            request_animation_frame(|| browser::focus_id("guichet-ticket-rejected"));
        }
    });
    request_animation_frame(|| browser::focus_id("guichet-ticket-title"));
    let queued = move || {
        let key = draft::current_key();
        ctx.outbox.with(|o| key.is_some_and(|k| o.iter().any(|q| q.key == k)))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = form.step.get_untracked();
        if s != Step::Review {
            if form.check(s) {
                form.step.set(s.next());
                request_animation_frame(|| browser::focus_id("guichet-ticket-title"));
            }
            return;
        }
        send(form);
    };
    let back = move |_| match form.step.get_untracked().previous() {
        Some(p) => form.step.set(p),
        None => ctx.back(),
    };
    let steps: [Label; 4] =
        [|l| tr!(l, step_basics), |l| tr!(l, step_problem), |l| tr!(l, step_contact), |l| tr!(l, step_review)];
    let step_name = move |s: Step| steps[s.index()](loc.get());
    view! {
        <form class="g-ticket" novalidate on:submit=on_submit>
            <button type="button" class="g-back" on:click=back>{move || format!("← {}", tr!(loc.get(), back))}</button>
            <h3 id="guichet-ticket-title" tabindex="-1">{move || format!("{} — {}", tr!(loc.get(), ticket_title), step_name(form.step.get()))}</h3>
            <ol class="g-steps-nav">
                {Step::ALL.into_iter().map(|s| view! {
                    <li aria-current=move || (form.step.get() == s).then_some("step")>{move || format!("{}. {}", s.index() + 1, step_name(s))}</li>
                }).collect_view()}
            </ol>
            {was_restored.then(|| view! { <p class="g-muted" role="status">{move || tr!(loc.get(), draft_restored)}</p> })}
            <p class="g-muted" role="status" hidden=move || !queued()>{move || tr!(loc.get(), queued)}</p>
            <div id="guichet-ticket-rejected" tabindex="-1" role="alert" class="g-error" hidden=move || ctx.rejected.with(Option::is_none)>
                {move || ctx.rejected.get().map(|m| format!("{} {m}", tr!(loc.get(), rejected)))}
            </div>
            <div id="guichet-ticket-errors" tabindex="-1" role="alert" class="g-error" hidden=move || form.errors.with(Vec::is_empty)>
                {move || tr!(loc.get(), fix_errors)}
            </div>
            <basics::Basics form/>
            <problem::Problem form/>
            <contact::ContactStep form/>
            <review::Review form/>
            <div class="g-footer">
                <Show when=move || form.step.get() != Step::Review fallback=move || view! {
                    <button type="submit" class="g-button g-primary" disabled=move || ctx.sending.get() || form.uploading.get() != 0>
                        {move || if ctx.sending.get() { tr!(loc.get(), sending) } else { tr!(loc.get(), submit) }}
                    </button>
                }>
                    <button type="submit" class="g-button g-primary">
                        {move || if form.step.get() == Step::Contact { tr!(loc.get(), review) } else { tr!(loc.get(), next) }}
                    </button>
                </Show>
            </div>
        </form>
    }
}
