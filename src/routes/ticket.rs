//! Ticket form: the seeds' flows (support request, partner request on behalf of a customer,
//! Marketplace credit/refund, subscription validation, callback) in four steps — Basics,
//! Problem, Contact, Review — with the same `core` validation as the intake. The draft is saved
//! to `localStorage` as it is typed; a send that fails for lack of network or a server error
//! goes to the outbox with the draft's idempotency key.

use crate::api::{self, Attachment, SubmitError};
use crate::app::{Ctx, Screen};
use crate::browser;
use crate::i18n::{self, tr, Label};
use crate::outbox::{self, Queued, ATTACHMENTS_KEY, DRAFT_KEY, IDEMPOTENCY_KEY};
use guichet_core::ticket::{
    initial_response, ContactMethod, Customer, IssueType, LastOccurrence, RefundDetails, Severity, SupportPlan,
    TicketKind, TicketRequest, MAX_ATTACHMENTS,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Editing,
    Sending,
}

fn blank(ctx: &Ctx) -> TicketRequest {
    TicketRequest {
        kind: TicketKind::SupportRequest,
        issue_type: IssueType::Technical,
        severity: Severity::C,
        plan: ctx.plan.get_value(),
        subscription_id: String::new(),
        problem_type: String::new(),
        title: String::new(),
        description: String::new(),
        last_occurrence: Some(LastOccurrence {
            date: String::new(),
            time: String::new(),
            time_zone: ctx.visitor_zone.get_value(),
        }),
        contact_name: String::new(),
        email: String::new(),
        phone: String::new(),
        preferred_contact: ContactMethod::Email,
        locale: ctx.locale.get_untracked(),
        region: None,
        from_article: None,
        customer: None,
        refund: None,
        billing_address: None,
        callback_time: None,
        attachments: vec![],
        identity: None,
    }
}

/// What is sent: only the parts of the chosen kind, trimmed, with the pane's locale, region,
/// identity and attachments.
fn to_request(ctx: &Ctx, f: &TicketRequest, files: &[Attachment]) -> TicketRequest {
    use TicketKind::*;
    let mut r = f.clone();
    if r.last_occurrence.as_ref().is_some_and(|lo| lo.date.trim().is_empty() && lo.time.trim().is_empty())
        || r.kind.is_billing()
    {
        r.last_occurrence = None;
    }
    for s in [
        &mut r.title,
        &mut r.description,
        &mut r.contact_name,
        &mut r.email,
        &mut r.phone,
        &mut r.subscription_id,
        &mut r.problem_type,
    ] {
        *s = s.trim().to_string();
    }
    if r.kind.is_billing() {
        r.issue_type = IssueType::BillingSubscription;
    }
    if r.kind == OnBehalf {
        r.plan = SupportPlan::CloudSolutionProvider;
    }
    r.customer = (r.kind == OnBehalf).then(|| f.customer.clone().unwrap_or_default());
    r.refund = (r.kind == Refund).then(|| f.refund.clone().unwrap_or_default());
    r.billing_address = (r.kind == SubscriptionValidation).then(|| f.billing_address.clone().unwrap_or_default());
    r.callback_time = if r.kind == Callback { f.callback_time.clone().filter(|t| !t.trim().is_empty()) } else { None };
    r.locale = ctx.locale.get_untracked();
    r.region = ctx.region.get_untracked().and_then(|slug| {
        ctx.directory.with_untracked(|d| d.as_ref().and_then(|d| d.by_slug(&slug)).map(|r| r.code.clone()))
    });
    r.from_article = ctx.from_article.get_untracked();
    r.attachments = files.iter().map(|a| a.id.clone()).collect();
    r.identity = ctx.identity.get_value();
    if let Some(id) = &r.identity {
        r.email = id.email.clone();
        if r.contact_name.is_empty() {
            r.contact_name = id.name.clone();
        }
    }
    r
}

/// Step (0 basics, 1 problem, 2 contact) a field belongs to.
fn step_of(field: &str) -> usize {
    match field {
        "kind" | "issue_type" | "plan" | "subscription_id" => 0,
        f if f.starts_with("customer") => 0,
        "contact_name" | "email" | "phone" | "preferred_contact" => 2,
        _ => 1,
    }
}

fn enum_value<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn from_value<T: for<'de> serde::Deserialize<'de>>(s: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s)).ok()
}

#[component]
pub fn TicketScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
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
    // Fields the host page prefilled (Guichet.prefill) win over the restored draft.
    if let Some(fields) = ctx.prefill.get_untracked() {
        let mut merged = serde_json::to_value(form.get_untracked()).unwrap_or_default();
        if let (Some(m), Some(f)) = (merged.as_object_mut(), fields.as_object()) {
            for (k, v) in f {
                m.insert(k.clone(), v.clone());
            }
        }
        if let Ok(f) = serde_json::from_value::<TicketRequest>(merged) {
            form.set(f);
        }
        ctx.prefill.set(None);
    }
    if let Some(id) = ctx.identity.get_value() {
        form.update(|f| {
            f.email = id.email.clone();
            if f.contact_name.trim().is_empty() {
                f.contact_name = id.name.clone();
            }
        });
    }
    let files: RwSignal<Vec<Attachment>> = RwSignal::new(
        browser::storage_get(ATTACHMENTS_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
    );
    let file_error = RwSignal::new(None::<String>);
    let uploading = RwSignal::new(0usize);
    let step = RwSignal::new(0usize);
    // Errors the server sent for a queued ticket come back here.
    let errors: RwSignal<Vec<(String, String)>> = RwSignal::new(ctx.server_errors.get_untracked());
    if let Some(first) = errors.with_untracked(|e| e.first().map(|(f, _)| step_of(f))) {
        step.set(first);
        ctx.server_errors.set(Vec::new());
    }
    let status = RwSignal::new(Status::Editing);
    let queued_note = RwSignal::new(false);
    Effect::new(move |_| {
        let f = form.get();
        if let Ok(s) = serde_json::to_string(&f) {
            browser::storage_set(DRAFT_KEY, &s);
        }
    });
    Effect::new(move |_| {
        let list = files.get();
        if let Ok(s) = serde_json::to_string(&list) {
            browser::storage_set(ATTACHMENTS_KEY, &s);
        }
    });
    request_animation_frame(|| browser::focus_id("guichet-ticket-title"));
    let locked = ctx.identity.get_value().is_some();

    let err =
        move |field: &'static str| move || errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()));
    let invalid = move |field: &'static str| move || errors.with(|e| e.iter().any(|(f, _)| f == field)).to_string();
    let kind = move || form.with(|f| f.kind);

    // Validates the steps up to `upto` (3 = everything); shows the errors and moves to the step
    // of the first one. Returns whether they are valid.
    let check = move |upto: usize| -> bool {
        let l = ctx.locale.get_untracked();
        let req = to_request(&ctx, &form.get_untracked(), &files.get_untracked());
        let found: Vec<(String, String)> = req
            .validate(chrono::Utc::now())
            .into_iter()
            .filter(|e| step_of(&e.field) <= upto)
            .map(|e| (e.field.clone(), e.message(l)))
            .collect();
        if let Some((field, _)) = found.first() {
            step.set(step_of(field));
            let id = format!("guichet-f-{}", field.replace('.', "-"));
            errors.set(found);
            request_animation_frame(move || browser::focus_id(&id));
            return false;
        }
        errors.set(Vec::new());
        true
    };
    let next = move |_| {
        let s = step.get_untracked();
        if check(s) {
            step.set((s + 1).min(3));
            request_animation_frame(|| browser::focus_id("guichet-ticket-title"));
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if step.get_untracked() < 3 {
            next(());
            return;
        }
        if status.get_untracked() == Status::Sending || !check(3) {
            return;
        }
        let l = ctx.locale.get_untracked();
        let mut req = to_request(&ctx, &form.get_untracked(), &files.get_untracked());
        // The host page may add or change fields (Guichet.beforeSubmit); the result is
        // validated again like anything else.
        if let Some(changed) =
            crate::embed::emit("before-submit", serde_json::to_value(&req).unwrap_or_default()).as_string()
        {
            match serde_json::from_str::<TicketRequest>(&changed) {
                Ok(r) if r.validate(chrono::Utc::now()).is_empty() => req = r,
                Ok(r) => {
                    errors
                        .set(r.validate(chrono::Utc::now()).iter().map(|e| (e.field.clone(), e.message(l))).collect());
                    return;
                }
                Err(e) => {
                    ctx.rejected.set(Some(format!("beforeSubmit: {e}")));
                    return;
                }
            }
        }
        status.set(Status::Sending);
        ctx.rejected.set(None);
        let key = browser::storage_get(IDEMPOTENCY_KEY).unwrap_or_else(|| {
            let k = browser::random_key();
            browser::storage_set(IDEMPOTENCY_KEY, &k);
            k
        });
        let cfg = ctx.config.get_value();
        spawn_local(async move {
            let result = api::submit_ticket(&cfg, &req, &key).await;
            if !ctx.alive() {
                // Unmounted meanwhile: the draft and its idempotency key are still stored; sending
                // again returns the same ticket.
                return;
            }
            match result {
                Ok(created) => outbox::ticket_created(ctx, &req, created.id),
                Err(SubmitError::Invalid(list)) => {
                    if let Some(s) = list.first().map(|e| step_of(&e.field)) {
                        step.set(s);
                    }
                    errors.set(list.into_iter().map(|e| (e.field, e.message)).collect());
                    status.set(Status::Editing);
                    request_animation_frame(|| browser::focus_id("guichet-ticket-errors"));
                }
                Err(SubmitError::Rejected { message, .. }) => {
                    ctx.rejected.set(Some(message));
                    status.set(Status::Editing);
                    request_animation_frame(|| browser::focus_id("guichet-ticket-rejected"));
                }
                Err(SubmitError::Failed(e)) => {
                    // Offline or server trouble: keep it in the outbox, same key, and retry.
                    outbox::enqueue(ctx, Queued { key, request: req, attempts: 0, last_error: e });
                    status.set(Status::Editing);
                    queued_note.set(true);
                }
            }
        });
    };

    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let mut picked = Vec::new();
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                picked.push(f);
            }
        }
        input.set_value("");
        file_error.set(None);
        for f in picked {
            if files.with_untracked(Vec::len) + uploading.get_untracked() >= MAX_ATTACHMENTS {
                file_error.set(Some(
                    guichet_core::ticket::FieldError {
                        field: "attachments".into(),
                        code: guichet_core::ticket::ErrorCode::TooManyAttachments,
                    }
                    .message(ctx.locale.get_untracked()),
                ));
                break;
            }
            uploading.update(|n| *n += 1);
            let cfg = ctx.config.get_value();
            spawn_local(async move {
                let name = f.name();
                let bytes = match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
                    Ok(buf) => js_sys::Uint8Array::new(&buf.unchecked_into()).to_vec(),
                    Err(_) => Vec::new(),
                };
                match api::upload_attachment(&cfg, &name, bytes).await {
                    Ok(a) => files.update(|v| v.push(a)),
                    Err(e) => file_error.set(Some(format!("{name}: {e}"))),
                }
                uploading.update(|n| *n -= 1);
            });
        }
    };

    let text_input = move |field: &'static str,
                           label: Label,
                           kind_attr: &'static str,
                           autocomplete: &'static str,
                           get: fn(&TicketRequest) -> String,
                           set: fn(&mut TicketRequest, String),
                           readonly: bool| {
        let id = format!("guichet-f-{}", field.replace('.', "-"));
        let err_id = format!("guichet-e-{}", field.replace('.', "-"));
        view! {
            <div class="g-field">
                <label for=id.clone()>{move || label(loc.get())}</label>
                <input id=id class="g-input" type=kind_attr autocomplete=autocomplete readonly=readonly
                    aria-invalid=invalid(field) aria-describedby=err_id.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }/>
                <p id=err_id class="g-field-error">{err(field)}</p>
            </div>
        }
    };
    let area = move |field: &'static str,
                     label: Label,
                     get: fn(&TicketRequest) -> String,
                     set: fn(&mut TicketRequest, String)| {
        let id = format!("guichet-f-{}", field.replace('.', "-"));
        let err_id = format!("guichet-e-{}", field.replace('.', "-"));
        view! {
            <div class="g-field">
                <label for=id.clone()>{move || label(loc.get())}</label>
                <textarea id=id class="g-input" rows="4" aria-invalid=invalid(field) aria-describedby=err_id.clone()
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }></textarea>
                <p id=err_id class="g-field-error">{err(field)}</p>
            </div>
        }
    };

    let steps = [
        (|l| tr!(l, step_basics)) as Label,
        (|l| tr!(l, step_problem)) as Label,
        (|l| tr!(l, step_contact)) as Label,
        (|l| tr!(l, step_review)) as Label,
    ];
    view! {
        <form class="g-ticket" novalidate on:submit=submit>
            <button type="button" class="g-back" on:click=move |_| { if step.get_untracked() > 0 { step.update(|s| *s -= 1) } else { ctx.back() } }>
                {move || format!("← {}", tr!(loc.get(), back))}
            </button>
            <h3 id="guichet-ticket-title" tabindex="-1">{move || format!("{} — {}", tr!(loc.get(), ticket_title), steps[step.get()](loc.get()))}</h3>
            <ol class="g-steps-nav">
                {steps.into_iter().enumerate().map(|(i, k)| view! {
                    <li aria-current=move || (step.get() == i).then_some("step")>{move || format!("{}. {}", i + 1, k(loc.get()))}</li>
                }).collect_view()}
            </ol>
            {was_restored.then(|| view! { <p class="g-muted" role="status">{move || tr!(loc.get(), draft_restored)}</p> })}
            <p class="g-muted" role="status" hidden=move || !queued_note.get()>{move || tr!(loc.get(), queued)}</p>
            <div id="guichet-ticket-rejected" tabindex="-1" role="alert" class="g-error" hidden=move || ctx.rejected.with(Option::is_none)>
                {move || ctx.rejected.get().map(|m| format!("{} {m}", tr!(loc.get(), rejected)))}
            </div>
            <div id="guichet-ticket-errors" tabindex="-1" role="alert" class="g-error" hidden=move || errors.with(Vec::is_empty)>
                {move || tr!(loc.get(), fix_errors)}
            </div>

            // Step 1: basics
            <div hidden=move || step.get() != 0>
                <div class="g-field">
                    <label for="guichet-f-kind">{move || tr!(loc.get(), request_kind)}</label>
                    <select id="guichet-f-kind" class="g-input" on:change=move |ev| {
                        if let Some(k) = from_value::<TicketKind>(event_target_value(&ev)) {
                            form.update(|f| {
                                f.kind = k;
                                if k.is_billing() { f.issue_type = IssueType::BillingSubscription; }
                                if f.severity < f.issue_type.max_severity() { f.severity = f.issue_type.max_severity(); }
                                if k == TicketKind::OnBehalf { f.plan = SupportPlan::CloudSolutionProvider; }
                                if k == TicketKind::Refund && f.refund.is_none() { f.refund = Some(RefundDetails { currency: "EUR".into(), ..Default::default() }); }
                                if k == TicketKind::Callback && f.preferred_contact == ContactMethod::Email { f.preferred_contact = ContactMethod::Phone; }
                            });
                        }
                    }>
                        {TicketKind::ALL.into_iter().map(|k| view! {
                            <option value=enum_value(k) selected=move || form.with(|f| f.kind == k)>{move || i18n::kind(loc.get(), k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || !kind().is_billing()>
                    <div class="g-field">
                        <label for="guichet-f-issue_type">{move || tr!(loc.get(), issue_type)}</label>
                        <select id="guichet-f-issue_type" class="g-input" aria-describedby="guichet-e-issue_type" on:change=move |ev| {
                            if let Some(it) = from_value::<IssueType>(event_target_value(&ev)) {
                                form.update(|f| {
                                    f.issue_type = it;
                                    if f.severity < it.max_severity() { f.severity = it.max_severity(); }
                                });
                            }
                        }>
                            {IssueType::ALL.into_iter().map(|it| view! {
                                <option value=enum_value(it) selected=move || form.with(|f| f.issue_type == it)>{move || i18n::issue_type(loc.get(), it)}</option>
                            }).collect_view()}
                        </select>
                        <p id="guichet-e-issue_type" class="g-field-error">{err("issue_type")}</p>
                    </div>
                </Show>
                <div class="g-field">
                    <label for="guichet-f-plan">{move || tr!(loc.get(), plan)}</label>
                    <select id="guichet-f-plan" class="g-input" aria-invalid=invalid("plan") aria-describedby="guichet-e-plan" on:change=move |ev| {
                        if let Some(p) = from_value::<SupportPlan>(event_target_value(&ev)) { form.update(|f| f.plan = p); }
                    }>
                        {SupportPlan::ALL.into_iter().map(|p| view! {
                            <option value=enum_value(p) selected=move || form.with(|f| f.plan == p)>{move || i18n::plan(loc.get(), p)}</option>
                        }).collect_view()}
                    </select>
                    <p id="guichet-e-plan" class="g-field-error">{err("plan")}</p>
                </div>
                {text_input("subscription_id", (|l| tr!(l, subscription_id)) as Label, "text", "off", |f| f.subscription_id.clone(), |f, v| f.subscription_id = v, false)}
                <Show when=move || kind() == TicketKind::OnBehalf>
                    {text_input("customer.name", (|l| tr!(l, customer_name)) as Label, "text", "organization", |f| f.customer.as_ref().map(|c| c.name.clone()).unwrap_or_default(), |f, v| f.customer.get_or_insert_with(Customer::default).name = v, false)}
                    {text_input("customer.tenant", (|l| tr!(l, customer_tenant)) as Label, "text", "off", |f| f.customer.as_ref().map(|c| c.tenant.clone()).unwrap_or_default(), |f, v| f.customer.get_or_insert_with(Customer::default).tenant = v, false)}
                </Show>
            </div>

            // Step 2: the problem, by kind
            <div hidden=move || step.get() != 1>
                <Show when=move || !matches!(kind(), TicketKind::SubscriptionValidation)>
                    <fieldset class="g-fieldset" id="guichet-f-severity" tabindex="-1" aria-describedby="guichet-e-severity guichet-response">
                        <legend>{move || tr!(loc.get(), severity)}</legend>
                        {Severity::ALL.into_iter().map(|s| {
                            let id = format!("guichet-sev-{s:?}");
                            view! {
                                <div class="g-radio">
                                    <input type="radio" name="guichet-severity" id=id.clone()
                                        prop:checked=move || form.with(|f| f.severity == s)
                                        disabled=move || form.with(|f| s < f.issue_type.max_severity())
                                        on:change=move |_| form.update(|f| f.severity = s)/>
                                    <label for=id>
                                        <strong>{move || i18n::severity(loc.get(), s).0}</strong>
                                        <span class="g-muted">{move || i18n::severity(loc.get(), s).1}</span>
                                    </label>
                                </div>
                            }
                        }).collect_view()}
                        <p id="guichet-e-severity" class="g-field-error">{err("severity")}</p>
                        <p id="guichet-response" class="g-response" aria-live="polite">
                            {move || {
                                let (p, s, k) = form.with(|f| (if f.kind == TicketKind::OnBehalf { SupportPlan::CloudSolutionProvider } else { f.plan }, f.severity, f.kind));
                                let (rt, av) = initial_response(p, s);
                                let label = if k == TicketKind::Callback { tr!(loc.get(), expected_wait) } else { tr!(loc.get(), expected_response) };
                                i18n::labelled(loc.get(), label, &i18n::response(loc.get(), rt, av))
                            }}
                        </p>
                    </fieldset>
                </Show>
                <Show when=move || matches!(kind(), TicketKind::SupportRequest | TicketKind::OnBehalf)>
                    {text_input("problem_type", (|l| tr!(l, problem_type)) as Label, "text", "off", |f| f.problem_type.clone(), |f, v| f.problem_type = v, false)}
                    {text_input("title", (|l| tr!(l, title)) as Label, "text", "off", |f| f.title.clone(), |f, v| f.title = v, false)}
                </Show>
                <Show when=move || matches!(kind(), TicketKind::SupportRequest | TicketKind::OnBehalf | TicketKind::Callback)>
                    {area("description", (|l| tr!(l, description)) as Label, |f| f.description.clone(), |f, v| f.description = v)}
                </Show>
                <Show when=move || kind() == TicketKind::Refund>
                    {text_input("refund.customer_subscription_id", (|l| tr!(l, customer_subscription_id)) as Label, "text", "off", |f| f.refund.as_ref().map(|r| r.customer_subscription_id.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).customer_subscription_id = v, false)}
                    {text_input("refund.customer_name", (|l| tr!(l, customer_name)) as Label, "text", "off", |f| f.refund.as_ref().map(|r| r.customer_name.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).customer_name = v, false)}
                    <div class="g-row">
                        {text_input("refund.amount", (|l| tr!(l, amount)) as Label, "text", "off", |f| f.refund.as_ref().map(|r| r.amount.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).amount = v, false)}
                        {text_input("refund.currency", (|l| tr!(l, currency)) as Label, "text", "off", |f| f.refund.as_ref().map(|r| r.currency.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).currency = v.to_uppercase(), false)}
                    </div>
                    <div class="g-row">
                        {text_input("refund.period_start", (|l| tr!(l, period_start)) as Label, "date", "off", |f| f.refund.as_ref().map(|r| r.period_start.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).period_start = v, false)}
                        {text_input("refund.period_end", (|l| tr!(l, period_end)) as Label, "date", "off", |f| f.refund.as_ref().map(|r| r.period_end.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).period_end = v, false)}
                    </div>
                    {text_input("refund.billing_date", (|l| tr!(l, billing_date)) as Label, "date", "off", |f| f.refund.as_ref().map(|r| r.billing_date.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).billing_date = v, false)}
                    {area("refund.reason", (|l| tr!(l, reason)) as Label, |f| f.refund.as_ref().map(|r| r.reason.clone()).unwrap_or_default(), |f, v| f.refund.get_or_insert_with(Default::default).reason = v)}
                </Show>
                <Show when=move || kind() == TicketKind::SubscriptionValidation>
                    {area("billing_address", (|l| tr!(l, billing_address)) as Label, |f| f.billing_address.clone().unwrap_or_default(), |f, v| f.billing_address = Some(v))}
                </Show>
                <Show when=move || kind() == TicketKind::Callback>
                    {text_input("callback_time", (|l| tr!(l, callback_time)) as Label, "time", "off", |f| f.callback_time.clone().unwrap_or_default(), |f, v| f.callback_time = Some(v), false)}
                </Show>
                <Show when=move || matches!(kind(), TicketKind::SupportRequest | TicketKind::OnBehalf)>
                    <fieldset class="g-fieldset">
                        <legend>{move || format!("{} ({})", tr!(loc.get(), last_occurrence), tr!(loc.get(), optional))}</legend>
                        <div class="g-row">
                            {text_input("last_occurrence.date", (|l| tr!(l, date)) as Label, "date", "off", |f| f.last_occurrence.as_ref().map(|l| l.date.clone()).unwrap_or_default(), |f, v| f.last_occurrence.get_or_insert_with(Default::default).date = v, false)}
                            {text_input("last_occurrence.time", (|l| tr!(l, time)) as Label, "time", "off", |f| f.last_occurrence.as_ref().map(|l| l.time.clone()).unwrap_or_default(), |f, v| f.last_occurrence.get_or_insert_with(Default::default).time = v, false)}
                        </div>
                        <div class="g-field">
                            <label for="guichet-f-last_occurrence-time_zone">{move || tr!(loc.get(), time_zone)}</label>
                            <select id="guichet-f-last_occurrence-time_zone" class="g-input" aria-describedby="guichet-e-last_occurrence-time_zone"
                                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.last_occurrence.get_or_insert_with(Default::default).time_zone = v); }>
                                {move || {
                                    let current = form.with_untracked(|f| f.last_occurrence.as_ref().map(|l| l.time_zone.clone()).unwrap_or_default());
                                    chrono_tz::TZ_VARIANTS.iter().map(|tz| {
                                        let name = tz.name();
                                        view! { <option value=name selected=name == current>{name}</option> }
                                    }).collect_view()
                                }}
                            </select>
                            <p id="guichet-e-last_occurrence-time_zone" class="g-field-error">{err("last_occurrence.time_zone")}</p>
                        </div>
                    </fieldset>
                </Show>
                <div class="g-field">
                    <label for="guichet-f-attachments">{move || tr!(loc.get(), attachments)}</label>
                    <input id="guichet-f-attachments" type="file" multiple aria-describedby="guichet-attachment-limits guichet-e-attachments-upload" on:change=on_files/>
                    <p id="guichet-attachment-limits" class="g-muted">{move || tr!(loc.get(), attachment_limits)}</p>
                    <p class="g-muted" role="status">{move || (uploading.get() > 0).then(|| tr!(loc.get(), uploading))}</p>
                    <p id="guichet-e-attachments-upload" class="g-field-error" role="alert">{move || file_error.get()}</p>
                    <p class="g-field-error">{err("attachments")}</p>
                    <ul class="g-files">
                        {move || files.get().into_iter().map(|a| {
                            let id = a.id.clone();
                            view! {
                                <li>
                                    <span>{format!("{} ({} KB)", a.filename, a.size.div_ceil(1024))}</span>
                                    <button type="button" class="g-copy" aria-label=format!("{} {}", tr!(loc.get(), remove), a.filename)
                                        on:click=move |_| files.update(|v| v.retain(|x| x.id != id))>{tr!(loc.get(), remove)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </div>

            // Step 3: contact
            <div hidden=move || step.get() != 2>
                {locked.then(|| view! { <p class="g-verified">{move || tr!(loc.get(), verified)}</p> })}
                <Show when=move || kind() == TicketKind::OnBehalf>
                    <p class="g-muted">{move || tr!(loc.get(), partner_contact_note)}</p>
                </Show>
                {text_input("contact_name", (|l| tr!(l, name)) as Label, "text", "name", |f| f.contact_name.clone(), |f, v| f.contact_name = v, locked)}
                {text_input("email", (|l| tr!(l, email)) as Label, "email", "email", |f| f.email.clone(), |f, v| f.email = v, locked)}
                {text_input("phone", (|l| tr!(l, phone)) as Label, "tel", "tel", |f| f.phone.clone(), |f, v| f.phone = v, false)}
                <div class="g-field" role="radiogroup" aria-labelledby="guichet-preferred">
                    <span id="guichet-preferred" class="g-label">{move || tr!(loc.get(), preferred)}</span>
                    {[(ContactMethod::Email, (|l| tr!(l, by_email)) as Label), (ContactMethod::Phone, (|l| tr!(l, by_phone)) as Label)].into_iter().map(|(m, k)| {
                        let id = format!("guichet-pref-{m:?}");
                        view! {
                            <span class="g-radio-inline">
                                <input type="radio" name="guichet-preferred" id=id.clone()
                                    prop:checked=move || form.with(|f| f.preferred_contact == m)
                                    on:change=move |_| form.update(|f| f.preferred_contact = m)/>
                                <label for=id>{move || k(loc.get())}</label>
                            </span>
                        }
                    }).collect_view()}
                </div>
            </div>

            // Step 4: review
            <div hidden=move || step.get() != 3>
                <dl class="g-review">
                    {move || {
                        let l = loc.get();
                        let r = to_request(&ctx, &form.get(), &files.get());
                        let v = serde_json::to_value(&r).unwrap_or_default();
                        let mut rows: Vec<(String, String)> = vec![(i18n::field_label(l, "kind").into(), i18n::kind(l, r.kind).into())];
                        let walk = |prefix: &str, obj: &serde_json::Value, rows: &mut Vec<(String, String)>| {
                            if let Some(m) = obj.as_object() {
                                for (k, val) in m {
                                    let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                                    let text = match val { serde_json::Value::String(s) => s.clone(), serde_json::Value::Array(a) if !a.is_empty() => format!("{}", a.len()), _ => continue };
                                    if text.is_empty() || ["kind", "locale", "region", "from_article"].contains(&path.as_str()) || path.starts_with("identity") { continue; }
                                    rows.push((i18n::field_label(l, &path).into(), text));
                                }
                            }
                        };
                        walk("", &v, &mut rows);
                        for sub in ["customer", "refund", "last_occurrence"] {
                            if let Some(o) = v.get(sub) { walk(sub, o, &mut rows); }
                        }
                        rows.into_iter().map(|(k, val)| view! { <dt>{k}</dt><dd>{val}</dd> }).collect_view()
                    }}
                </dl>
            </div>

            <div class="g-footer">
                <Show when=move || step.get() < 3 fallback=move || view! {
                    <button type="submit" class="g-button g-primary" disabled=move || status.get() == Status::Sending || uploading.get() != 0>
                        {move || if status.get() == Status::Sending { tr!(loc.get(), sending) } else { tr!(loc.get(), submit) }}
                    </button>
                }>
                    <button type="submit" class="g-button g-primary">{move || if step.get() == 2 { tr!(loc.get(), review) } else { tr!(loc.get(), next) }}</button>
                </Show>
            </div>
        </form>
    }
}

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
