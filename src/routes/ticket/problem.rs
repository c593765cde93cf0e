//! Step 2, Problem: severity with the expected response, then the kind's own fields (title
//! and description; refund details; billing address; callback time), the last occurrence
//! and attachments.

use super::attachments::Attachments;
use super::field::TextField;
use super::form::Form;
use crate::i18n::{self, tr, Label};
use guichet_core::ticket::{initial_response, Field, RefundDetails, Severity, Step, TicketKind};
use leptos::prelude::*;

/// The refund's details, for editing.
fn refund(f: &mut guichet_core::ticket::TicketRequest) -> &mut RefundDetails {
    f.refund.get_or_insert_with(Default::default)
}

/// A refund text field: `$name` is the field of [`RefundDetails`].
macro_rules! refund_field {
    ($form:ident, $field:expr, $label:ident, $name:ident $(, $attr:ident = $v:expr)*) => {
        view! {
            <TextField form=$form field=$field label=(|l| tr!(l, $label)) as Label $($attr=$v)*
                get=|f| f.refund.as_ref().map(|r| r.$name.clone()).unwrap_or_default()
                set=|f, v| refund(f).$name = v/>
        }
    };
}

#[component]
pub fn Problem(form: Form) -> impl IntoView {
    let kind = move || form.draft.with(|f| f.kind);
    view! {
        <div hidden=move || form.step.get() != Step::Problem>
            <Show when=move || kind() != TicketKind::SubscriptionValidation>
                <SeverityChoice form/>
            </Show>
            <Show when=move || kind().needs_title()>
                <TextField form field=Field::ProblemType label=(|l| tr!(l, problem_type)) as Label
                    get=|f| f.problem_type.clone() set=|f, v| f.problem_type = v/>
                <TextField form field=Field::Title label=(|l| tr!(l, title)) as Label
                    get=|f| f.title.clone() set=|f, v| f.title = v/>
            </Show>
            <Show when=move || kind().needs_description()>
                <TextField form field=Field::Description label=(|l| tr!(l, description)) as Label multiline=true
                    get=|f| f.description.clone() set=|f, v| f.description = v/>
            </Show>
            <Show when=move || kind() == TicketKind::Refund>
                {refund_field!(form, Field::RefundCustomerSubscriptionId, customer_subscription_id, customer_subscription_id)}
                {refund_field!(form, Field::RefundCustomerName, customer_name, customer_name)}
                <div class="g-row">
                    {refund_field!(form, Field::RefundAmount, amount, amount)}
                    <TextField form field=Field::RefundCurrency label=(|l| tr!(l, currency)) as Label
                        get=|f| f.refund.as_ref().map(|r| r.currency.clone()).unwrap_or_default()
                        set=|f, v| refund(f).currency = v.to_uppercase()/>
                </div>
                <div class="g-row">
                    {refund_field!(form, Field::RefundPeriodStart, period_start, period_start, input_type = "date")}
                    {refund_field!(form, Field::RefundPeriodEnd, period_end, period_end, input_type = "date")}
                </div>
                {refund_field!(form, Field::RefundBillingDate, billing_date, billing_date, input_type = "date")}
                {refund_field!(form, Field::RefundReason, reason, reason, multiline = true)}
            </Show>
            <Show when=move || kind() == TicketKind::SubscriptionValidation>
                <TextField form field=Field::BillingAddress label=(|l| tr!(l, billing_address)) as Label multiline=true
                    get=|f| f.billing_address.clone().unwrap_or_default() set=|f, v| f.billing_address = Some(v)/>
            </Show>
            <Show when=move || kind() == TicketKind::Callback>
                <TextField form field=Field::CallbackTime label=(|l| tr!(l, callback_time)) as Label input_type="time"
                    get=|f| f.callback_time.clone().unwrap_or_default() set=|f, v| f.callback_time = Some(v)/>
            </Show>
            <Show when=move || kind().needs_title()>
                <LastOccurrence form/>
            </Show>
            <Attachments form/>
        </div>
    }
}

/// Severity radios (A only where the issue type allows it) and the expected first response.
#[component]
fn SeverityChoice(form: Form) -> impl IntoView {
    let loc = form.loc;
    view! {
        <fieldset class="g-fieldset" id=Field::Severity.input_id() tabindex="-1"
            aria-describedby=format!("{} guichet-response", Field::Severity.error_id())>
            <legend>{move || tr!(loc.get(), severity)}</legend>
            {Severity::ALL.iter().copied().map(|s| {
                let id = format!("guichet-sev-{s:?}");
                view! {
                    <div class="g-radio">
                        <input type="radio" name="guichet-severity" id=id.clone()
                            prop:checked=move || form.draft.with(|f| f.severity == s)
                            disabled=move || form.draft.with(|f| s < f.issue_type.max_severity(f.effective_plan()))
                            on:change=move |_| form.draft.update(|f| f.severity = s)/>
                        <label for=id>
                            <strong>{move || i18n::severity(loc.get(), s).0}</strong>
                            <span class="g-muted">{move || i18n::severity(loc.get(), s).1}</span>
                        </label>
                    </div>
                }
            }).collect_view()}
            <p id=Field::Severity.error_id() class="g-field-error">{move || form.error(Field::Severity)}</p>
            <p id="guichet-response" class="g-response" aria-live="polite">
                {move || {
                    let (plan, severity, kind) = form.draft.with(|f| (f.effective_plan(), f.severity, f.kind));
                    let (rt, av) = initial_response(plan, severity);
                    let label = if kind == TicketKind::Callback { tr!(loc.get(), expected_wait) } else { tr!(loc.get(), expected_response) };
                    i18n::labelled(loc.get(), label, &i18n::response(loc.get(), rt, av))
                }}
            </p>
        </fieldset>
    }
}

/// When the problem last happened: date, time and IANA time zone, optional.
#[component]
fn LastOccurrence(form: Form) -> impl IntoView {
    let loc = form.loc;
    let zone = Field::LastOccurrenceTimeZone;
    view! {
        <fieldset class="g-fieldset">
            <legend>{move || format!("{} ({})", tr!(loc.get(), last_occurrence), tr!(loc.get(), optional))}</legend>
            <div class="g-row">
                <TextField form field=Field::LastOccurrenceDate label=(|l| tr!(l, date)) as Label input_type="date"
                    get=|f| f.last_occurrence.as_ref().map(|l| l.date.clone()).unwrap_or_default()
                    set=|f, v| f.last_occurrence.get_or_insert_with(Default::default).date = v/>
                <TextField form field=Field::LastOccurrenceTime label=(|l| tr!(l, time)) as Label input_type="time"
                    get=|f| f.last_occurrence.as_ref().map(|l| l.time.clone()).unwrap_or_default()
                    set=|f, v| f.last_occurrence.get_or_insert_with(Default::default).time = v/>
            </div>
            <div class="g-field">
                <label for=zone.input_id()>{move || tr!(loc.get(), time_zone)}</label>
                <select id=zone.input_id() class="g-input" aria-describedby=zone.error_id() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.draft.update(|f| f.last_occurrence.get_or_insert_with(Default::default).time_zone = v);
                }>
                    {move || {
                        let current = form.draft.with_untracked(|f| f.last_occurrence.as_ref().map(|l| l.time_zone.clone()).unwrap_or_default());
                        chrono_tz::TZ_VARIANTS.iter().map(|tz| {
                            let name = tz.name();
                            view! { <option value=name selected=name == current>{name}</option> }
                        }).collect_view()
                    }}
                </select>
                <p id=zone.error_id() class="g-field-error">{move || form.error(zone)}</p>
            </div>
        </fieldset>
    }
}
