//! Ticket form (fields of the seeds' request flow) and its confirmation. The draft is saved to
//! `localStorage` as it is typed and restored on the next visit; one idempotency key per draft
//! makes retries safe.

use crate::api::{self, SubmitError};
use crate::app::{Ctx, Screen};
use crate::browser;
use crate::i18n::{self, t, K};
use guichet_core::ticket::{initial_response, ContactMethod, IssueType, LastOccurrence, Severity, SupportPlan, TicketRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

const DRAFT_KEY: &str = "guichet.draft";
const IDEMPOTENCY_KEY: &str = "guichet.idempotency-key";

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Editing,
    Sending,
    Failed,
}

fn blank(ctx: &Ctx) -> TicketRequest {
    TicketRequest {
        issue_type: IssueType::Technical,
        severity: Severity::C,
        plan: ctx.plan.get_value(),
        title: String::new(),
        description: String::new(),
        last_occurrence: Some(LastOccurrence { date: String::new(), time: String::new(), time_zone: ctx.visitor_zone.get_value() }),
        contact_name: String::new(),
        email: String::new(),
        phone: String::new(),
        preferred_contact: ContactMethod::Email,
        locale: ctx.locale.get_untracked(),
        region: None,
        from_article: None,
    }
}

/// What is sent: trimmed, without an empty last occurrence, with the pane's locale and region.
fn to_request(ctx: &Ctx, f: &TicketRequest) -> TicketRequest {
    let mut r = f.clone();
    if r.last_occurrence.as_ref().is_some_and(|lo| lo.date.trim().is_empty() && lo.time.trim().is_empty()) {
        r.last_occurrence = None;
    }
    r.title = r.title.trim().to_string();
    r.description = r.description.trim().to_string();
    r.contact_name = r.contact_name.trim().to_string();
    r.email = r.email.trim().to_string();
    r.phone = r.phone.trim().to_string();
    r.locale = ctx.locale.get_untracked();
    r.region = ctx.region.get_untracked().and_then(|slug| ctx.directory.with_untracked(|d| d.as_ref().and_then(|d| d.by_slug(&slug)).map(|r| r.code.clone())));
    r.from_article = ctx.from_article.get_untracked();
    r
}

#[component]
pub fn TicketScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let restored = browser::storage_get(DRAFT_KEY).and_then(|s| serde_json::from_str::<TicketRequest>(&s).ok());
    let was_restored = restored.is_some();
    let form = RwSignal::new(restored.unwrap_or_else(|| {
        let mut b = blank(&ctx);
        // Carry the visitor's search into the title (never lose what they typed).
        let q = ctx.query.get_untracked();
        if !q.trim().is_empty() {
            b.title = q.trim().chars().take(120).collect();
        }
        b
    }));
    let errors: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let status = RwSignal::new(Status::Editing);
    Effect::new(move |_| {
        let f = form.get();
        if let Ok(s) = serde_json::to_string(&f) {
            browser::storage_set(DRAFT_KEY, &s);
        }
    });
    request_animation_frame(|| browser::focus_id("guichet-ticket-title"));

    let err = move |field: &'static str| move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()));
    let invalid = move |field: &'static str| move || errors.with(|e| e.iter().any(|(f, _)| f == field)).to_string();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if status.get_untracked() == Status::Sending {
            return;
        }
        let l = ctx.locale.get_untracked();
        let req = to_request(&ctx, &form.get_untracked());
        let found = req.validate(chrono::Utc::now());
        if !found.is_empty() {
            errors.set(found.iter().map(|e| (e.field.clone(), e.message(l))).collect());
            status.set(Status::Editing);
            let first = format!("guichet-f-{}", found[0].field.replace('.', "-"));
            request_animation_frame(move || browser::focus_id(&first));
            return;
        }
        errors.set(Vec::new());
        status.set(Status::Sending);
        let key = browser::storage_get(IDEMPOTENCY_KEY).unwrap_or_else(|| {
            let k = browser::random_key();
            browser::storage_set(IDEMPOTENCY_KEY, &k);
            k
        });
        let cfg = ctx.config.get_value();
        spawn_local(async move {
            match api::submit_ticket(&cfg, &req, &key).await {
                Ok(created) => {
                    browser::storage_remove(DRAFT_KEY);
                    browser::storage_remove(IDEMPOTENCY_KEY);
                    let (rt, av) = initial_response(req.plan, req.severity);
                    ctx.query.set(String::new());
                    ctx.screen.set(Screen::Done { id: created.id, response: i18n::response(l, rt, av) });
                    ctx.history.set(Vec::new());
                }
                Err(SubmitError::Invalid(list)) => {
                    errors.set(list.into_iter().map(|e| (e.field, e.message)).collect());
                    status.set(Status::Editing);
                    request_animation_frame(|| browser::focus_id("guichet-ticket-errors"));
                }
                Err(SubmitError::Failed(_)) => status.set(Status::Failed),
            }
        });
    };

    let text_input = move |field: &'static str, label: K, kind: &'static str, autocomplete: &'static str, get: fn(&TicketRequest) -> String, set: fn(&mut TicketRequest, String)| {
        let id = format!("guichet-f-{field}");
        let err_id = format!("guichet-e-{field}");
        view! {
            <div class="g-field">
                <label for=id.clone()>{move || ctx.t(label)}</label>
                <input id=id class="g-input" type=kind autocomplete=autocomplete
                    aria-invalid=invalid(field) aria-describedby=err_id.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }/>
                <p id=err_id class="g-field-error">{err(field)}</p>
            </div>
        }
    };

    view! {
        <form class="g-ticket" novalidate on:submit=submit>
            <button type="button" class="g-back" on:click=move |_| ctx.back()>{move || format!("← {}", ctx.t(K::Back))}</button>
            <h3 id="guichet-ticket-title" tabindex="-1">{move || ctx.t(K::TicketTitle)}</h3>
            {was_restored.then(|| view! { <p class="g-muted" role="status">{move || ctx.t(K::DraftRestored)}</p> })}
            <div id="guichet-ticket-errors" tabindex="-1" role="alert" class="g-error" hidden=move || errors.with(Vec::is_empty)>
                {move || ctx.t(K::FixErrors)}
            </div>
            <div class="g-field">
                <label for="guichet-f-issue_type">{move || ctx.t(K::IssueType)}</label>
                <select id="guichet-f-issue_type" class="g-input" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Ok(it) = serde_json::from_value::<IssueType>(serde_json::Value::String(v)) {
                        form.update(|f| {
                            f.issue_type = it;
                            if f.severity < it.max_severity() { f.severity = it.max_severity(); }
                        });
                    }
                }>
                    {IssueType::ALL.into_iter().map(|it| {
                        let v = serde_json::to_value(it).unwrap().as_str().unwrap().to_string();
                        view! { <option value=v selected=move || form.with(|f| f.issue_type == it)>{move || i18n::issue_type(ctx.locale.get(), it)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="g-field">
                <label for="guichet-f-plan">{move || ctx.t(K::Plan)}</label>
                <select id="guichet-f-plan" class="g-input" on:change=move |ev| {
                    if let Ok(p) = serde_json::from_value::<SupportPlan>(serde_json::Value::String(event_target_value(&ev))) { form.update(|f| f.plan = p); }
                }>
                    {SupportPlan::ALL.into_iter().map(|p| {
                        let v = serde_json::to_value(p).unwrap().as_str().unwrap().to_string();
                        view! { <option value=v selected=move || form.with(|f| f.plan == p)>{move || i18n::plan(ctx.locale.get(), p)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="g-fieldset" id="guichet-f-severity" tabindex="-1" aria-describedby="guichet-e-severity guichet-response">
                <legend>{move || ctx.t(K::Severity)}</legend>
                {Severity::ALL.into_iter().map(|s| {
                    let id = format!("guichet-sev-{s:?}");
                    view! {
                        <div class="g-radio">
                            <input type="radio" name="guichet-severity" id=id.clone()
                                prop:checked=move || form.with(|f| f.severity == s)
                                disabled=move || form.with(|f| s < f.issue_type.max_severity())
                                on:change=move |_| form.update(|f| f.severity = s)/>
                            <label for=id>
                                <strong>{move || i18n::severity(ctx.locale.get(), s).0}</strong>
                                <span class="g-muted">{move || i18n::severity(ctx.locale.get(), s).1}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
                <p id="guichet-e-severity" class="g-field-error">{err("severity")}</p>
                <p id="guichet-response" class="g-response" aria-live="polite">
                    {move || {
                        let (p, s) = form.with(|f| (f.plan, f.severity));
                        let (rt, av) = initial_response(p, s);
                        i18n::labelled(ctx.locale.get(), ctx.t(K::ExpectedResponse), &i18n::response(ctx.locale.get(), rt, av))
                    }}
                </p>
            </fieldset>
            {text_input("title", K::Title, "text", "off", |f| f.title.clone(), |f, v| f.title = v)}
            <div class="g-field">
                <label for="guichet-f-description">{move || ctx.t(K::Description)}</label>
                <textarea id="guichet-f-description" class="g-input" rows="5"
                    aria-invalid=invalid("description") aria-describedby="guichet-e-description"
                    prop:value=move || form.with(|f| f.description.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.description = v); }></textarea>
                <p id="guichet-e-description" class="g-field-error">{err("description")}</p>
            </div>
            <fieldset class="g-fieldset">
                <legend>{move || format!("{} ({})", ctx.t(K::LastOccurrence), ctx.t(K::Optional))}</legend>
                <div class="g-row">
                    <div class="g-field">
                        <label for="guichet-f-last_occurrence-date">{move || ctx.t(K::Date)}</label>
                        <input id="guichet-f-last_occurrence-date" class="g-input" type="date"
                            aria-invalid=invalid("last_occurrence.date") aria-describedby="guichet-e-lo-date"
                            prop:value=move || form.with(|f| f.last_occurrence.as_ref().map(|l| l.date.clone()).unwrap_or_default())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.last_occurrence.get_or_insert_with(Default::default).date = v); }/>
                        <p id="guichet-e-lo-date" class="g-field-error">{err("last_occurrence.date")}</p>
                    </div>
                    <div class="g-field">
                        <label for="guichet-f-last_occurrence-time">{move || ctx.t(K::Time)}</label>
                        <input id="guichet-f-last_occurrence-time" class="g-input" type="time"
                            aria-invalid=invalid("last_occurrence.time") aria-describedby="guichet-e-lo-time"
                            prop:value=move || form.with(|f| f.last_occurrence.as_ref().map(|l| l.time.clone()).unwrap_or_default())
                            on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.last_occurrence.get_or_insert_with(Default::default).time = v); }/>
                        <p id="guichet-e-lo-time" class="g-field-error">{err("last_occurrence.time")}</p>
                    </div>
                </div>
                <div class="g-field">
                    <label for="guichet-f-last_occurrence-time_zone">{move || ctx.t(K::TimeZone)}</label>
                    <select id="guichet-f-last_occurrence-time_zone" class="g-input" aria-describedby="guichet-e-lo-tz"
                        on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.last_occurrence.get_or_insert_with(Default::default).time_zone = v); }>
                        {move || {
                            let current = form.with_untracked(|f| f.last_occurrence.as_ref().map(|l| l.time_zone.clone()).unwrap_or_default());
                            chrono_tz::TZ_VARIANTS.iter().map(|tz| {
                                let name = tz.name();
                                view! { <option value=name selected=name == current>{name}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <p id="guichet-e-lo-tz" class="g-field-error">{err("last_occurrence.time_zone")}</p>
                </div>
            </fieldset>
            <fieldset class="g-fieldset">
                <legend>{move || ctx.t(K::ContactDetails)}</legend>
                {text_input("contact_name", K::Name, "text", "name", |f| f.contact_name.clone(), |f, v| f.contact_name = v)}
                {text_input("email", K::Email, "email", "email", |f| f.email.clone(), |f, v| f.email = v)}
                {text_input("phone", K::Phone, "tel", "tel", |f| f.phone.clone(), |f, v| f.phone = v)}
                <div class="g-field" role="radiogroup" aria-labelledby="guichet-preferred">
                    <span id="guichet-preferred" class="g-label">{move || ctx.t(K::Preferred)}</span>
                    {[(ContactMethod::Email, K::ByEmail), (ContactMethod::Phone, K::ByPhone)].into_iter().map(|(m, k)| {
                        let id = format!("guichet-pref-{m:?}");
                        view! {
                            <span class="g-radio-inline">
                                <input type="radio" name="guichet-preferred" id=id.clone()
                                    prop:checked=move || form.with(|f| f.preferred_contact == m)
                                    on:change=move |_| form.update(|f| f.preferred_contact = m)/>
                                <label for=id>{move || ctx.t(k)}</label>
                            </span>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <p class="g-error" role="alert" hidden=move || status.get() != Status::Failed>{move || ctx.t(K::SendFailed)}</p>
            <button type="submit" class="g-button g-primary" disabled=move || status.get() == Status::Sending>
                {move || if status.get() == Status::Sending { ctx.t(K::Sending) } else { ctx.t(K::Submit) }}
            </button>
        </form>
    }
}

#[component]
pub fn DoneScreen(id: String, response: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    request_animation_frame(|| browser::focus_id("guichet-done-title"));
    view! {
        <div class="g-done" role="status">
            <h3 id="guichet-done-title" tabindex="-1">{move || ctx.t(K::TicketCreated)}</h3>
            <p>{move || i18n::labelled(ctx.locale.get(), ctx.t(K::TicketNumber), "")}<strong id="guichet-ticket-id">{id.clone()}</strong></p>
            <p>{move || i18n::labelled(ctx.locale.get(), ctx.t(K::ExpectedResponse), &response)}</p>
            <button type="button" class="g-button" on:click=move |_| ctx.screen.set(Screen::Home)>{move || t(ctx.locale.get(), K::BackToHelp)}</button>
        </div>
    }
}
