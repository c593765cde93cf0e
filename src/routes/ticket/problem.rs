//! Step 2, Problem: severity with the expected response, then the flow's fields (title and
//! description; refund details; billing address; callback time; the profile's own fields),
//! the last occurrence and attachments. What shows is the flow's, in the portal profile.

use super::answers::Answers;
use super::attachments::Attachments;
use super::field::TextField;
use super::form::Form;
use crate::i18n::{self, tr, Label};
use guichet_core::profile::{FieldStep, Need, Part};
use guichet_core::ticket::{Field, RefundDetails, Severity, Step};
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
    let flow = move || form.flow();
    view! {
        <div hidden=move || form.step.get() != Step::Problem>
            <Show when=move || flow().severity>
                <SeverityChoice form/>
            </Show>
            <Show when=move || flow().title != Need::Hidden>
                <TextField form field=Field::ProblemType label=(|l| tr!(l, problem_type)) as Label
                    get=|f| f.problem_type.clone() set=|f, v| f.problem_type = v/>
                <TextField form field=Field::Title label=(|l| tr!(l, title)) as Label
                    get=|f| f.title.clone() set=|f, v| f.title = v/>
            </Show>
            <Show when=move || flow().description != Need::Hidden>
                <TextField form field=Field::Description label=(|l| tr!(l, description)) as Label multiline=true
                    get=|f| f.description.clone() set=|f, v| f.description = v/>
            </Show>
            <Show when=move || flow().parts.contains(&Part::Refund)>
                {refund_field!(form, Field::RefundCustomerSubscriptionId, customer_subscription_id, customer_subscription_id)}
                {refund_field!(form, Field::RefundCustomerName, customer_name, customer_name)}
                <div class="g-row">
                    {refund_field!(form, Field::RefundAmount, amount, amount)}
                    <TextField form field=Field::RefundCurrency label=(|l| tr!(l, currency)) as Label
                        get=|f| f.refund.as_ref().map(|r| r.currency.clone()).unwrap_or_default()
                        set=|f, v| refund(f).currency = v.to_ascii_uppercase()/>
                </div>
                <div class="g-row">
                    {refund_field!(form, Field::RefundPeriodStart, period_start, period_start, input_type = "date")}
                    {refund_field!(form, Field::RefundPeriodEnd, period_end, period_end, input_type = "date")}
                </div>
                {refund_field!(form, Field::RefundBillingDate, billing_date, billing_date, input_type = "date")}
                {refund_field!(form, Field::RefundReason, reason, reason, multiline = true)}
            </Show>
            <Show when=move || flow().parts.contains(&Part::BillingAddress)>
                <TextField form field=Field::BillingAddress label=(|l| tr!(l, billing_address)) as Label multiline=true
                    get=|f| f.billing_address.clone().unwrap_or_default() set=|f, v| f.billing_address = Some(v)/>
            </Show>
            <Show when=move || flow().parts.contains(&Part::CallbackTime)>
                <TextField form field=Field::CallbackTime label=(|l| tr!(l, callback_time)) as Label input_type="time"
                    get=|f| f.callback_time.clone().unwrap_or_default() set=|f, v| f.callback_time = Some(v)/>
            </Show>
            <Answers form step=FieldStep::Problem/>
            <Show when=move || flow().last_occurrence>
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
            {form.profile.get_value().severities.iter().map(|def| {
                let s = Severity::new(def.id.clone());
                let id = format!("guichet-sev-{}", def.id);
                let (label, definition) = (def.label.clone(), def.definition.clone());
                let (s1, s2, s3) = (s.clone(), s.clone(), s);
                view! {
                    <div class="g-radio">
                        <input type="radio" name="guichet-severity" id=id.clone()
                            prop:checked=move || form.draft.with(|f| f.severity == s1)
                            disabled=move || form.draft.with(|f| form.profile.with_value(|p| {
                                !p.severity_allowed(f.issue_type.as_str(), f.effective_plan(p).as_str(), s2.as_str())
                            }))
                            on:change=move |_| form.draft.update(|f| f.severity = s3.clone())/>
                        <label for=id>
                            <strong>{move || label.get(loc.get()).to_string()}</strong>
                            <span class="g-muted">{move || definition.get(loc.get()).to_string()}</span>
                        </label>
                    </div>
                }
            }).collect_view()}
            <p id=Field::Severity.error_id() class="g-field-error">{move || form.error(Field::Severity)}</p>
            <p id="guichet-response" class="g-response" aria-live="polite">
                {move || {
                    let p = form.profile.get_value();
                    let (plan, severity) = form.draft.with(|f| (f.effective_plan(&p), f.severity.clone()));
                    let callback = form.flow().parts.contains(&Part::CallbackTime);
                    let (rt, av) = p.response(plan.as_str(), severity.as_str())?;
                    let label = if callback { tr!(loc.get(), expected_wait) } else { tr!(loc.get(), expected_response) };
                    Some(i18n::labelled(loc.get(), label, &i18n::response(loc.get(), Some(&p), rt, av)))
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
                        super::zone_names(&current).into_iter().map(|name| {
                            let selected = name == current;
                            let label = name.clone();
                            view! { <option value=name selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
                <p id=zone.error_id() class="g-field-error">{move || form.error(zone)}</p>
            </div>
        </fieldset>
    }
}
