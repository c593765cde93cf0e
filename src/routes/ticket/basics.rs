//! Step 1, Basics: kind of request, issue type, plan, subscription, and the partner's customer.

use super::field::TextField;
use super::form::Form;
use crate::i18n::{self, tr, Label};
use guichet_core::ticket::{Customer, Field, IssueType, Step, SupportPlan, TicketKind};
use leptos::prelude::*;

#[component]
pub fn Basics(form: Form) -> impl IntoView {
    let loc = form.loc;
    let kind = move || form.draft.with(|f| f.kind);
    view! {
        <div hidden=move || form.step.get() != Step::Basics>
            <div class="g-field">
                <label for=Field::Kind.input_id()>{move || tr!(loc.get(), request_kind)}</label>
                <select id=Field::Kind.input_id() class="g-input" on:change=move |ev| {
                    if let Ok(k) = event_target_value(&ev).parse::<TicketKind>() {
                        form.draft.update(|f| f.set_kind(k));
                    }
                }>
                    {TicketKind::ALL.iter().copied().map(|k| view! {
                        <option value=k.as_str() selected=move || kind() == k>{move || i18n::kind(loc.get(), k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || kind().fixed_issue_type().is_none()>
                <div class="g-field">
                    <label for=Field::IssueType.input_id()>{move || tr!(loc.get(), issue_type)}</label>
                    <select id=Field::IssueType.input_id() class="g-input" aria-describedby=Field::IssueType.error_id()
                        on:change=move |ev| {
                            if let Ok(it) = event_target_value(&ev).parse::<IssueType>() {
                                form.draft.update(|f| f.set_issue_type(it));
                            }
                        }>
                        {IssueType::ALL.iter().copied().map(|it| view! {
                            <option value=it.as_str() selected=move || form.draft.with(|f| f.issue_type == it)>
                                {move || i18n::issue_type(loc.get(), it)}
                            </option>
                        }).collect_view()}
                    </select>
                    <p id=Field::IssueType.error_id() class="g-field-error">{move || form.error(Field::IssueType)}</p>
                </div>
            </Show>
            <div class="g-field">
                <label for=Field::Plan.input_id()>{move || tr!(loc.get(), plan)}</label>
                <select id=Field::Plan.input_id() class="g-input" aria-invalid=move || form.invalid(Field::Plan)
                    aria-describedby=Field::Plan.error_id() on:change=move |ev| {
                        if let Ok(p) = event_target_value(&ev).parse::<SupportPlan>() {
                            form.draft.update(|f| f.plan = p);
                        }
                    }>
                    {SupportPlan::ALL.iter().copied().map(|p| view! {
                        <option value=p.as_str() selected=move || form.draft.with(|f| f.plan == p)>{move || i18n::plan(loc.get(), p)}</option>
                    }).collect_view()}
                </select>
                <p id=Field::Plan.error_id() class="g-field-error">{move || form.error(Field::Plan)}</p>
            </div>
            <TextField form field=Field::SubscriptionId label=(|l| tr!(l, subscription_id)) as Label
                get=|f| f.subscription_id.clone() set=|f, v| f.subscription_id = v/>
            <Show when=move || kind() == TicketKind::OnBehalf>
                <TextField form field=Field::CustomerName label=(|l| tr!(l, customer_name)) as Label autocomplete="organization"
                    get=|f| f.customer.as_ref().map(|c| c.name.clone()).unwrap_or_default()
                    set=|f, v| f.customer.get_or_insert_with(Customer::default).name = v/>
                <TextField form field=Field::CustomerTenant label=(|l| tr!(l, customer_tenant)) as Label
                    get=|f| f.customer.as_ref().map(|c| c.tenant.clone()).unwrap_or_default()
                    set=|f, v| f.customer.get_or_insert_with(Customer::default).tenant = v/>
            </Show>
        </div>
    }
}
