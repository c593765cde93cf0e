//! Step 1, Basics: flow, issue type, plan, subscription, the partner's customer, and the
//! profile's own fields of this step. Choices and labels come from the portal profile.

use super::answers::Answers;
use super::field::TextField;
use super::form::Form;
use crate::i18n::{tr, Label};
use guichet_core::profile::{FieldStep, Need, Part};
use guichet_core::ticket::{Customer, Field, IssueType, Step, SupportPlan, TicketKind};
use leptos::prelude::*;

#[component]
pub fn Basics(form: Form) -> impl IntoView {
    let loc = form.loc;
    let profile = form.profile.get_value();
    let flow = move || form.flow();
    let kinds = profile.flows.iter().map(|fl| {
        let (id, label) = (fl.id.clone(), fl.label.clone());
        let value = id.clone();
        view! { <option value=value selected=move || form.draft.with(|f| f.kind.as_str() == id)>{move || label.get(loc.get()).to_string()}</option> }
    }).collect_view();
    // Built where shown (views are not Clone once components are type-erased).
    let issue_types = move || {
        form.profile.with_value(|profile| profile.issue_types.iter().map(|it| {
        let (id, label) = (it.id.clone(), it.label.clone());
        let value = id.clone();
        view! { <option value=value selected=move || form.draft.with(|f| f.issue_type.as_str() == id)>{move || label.get(loc.get()).to_string()}</option> }
    }).collect_view())
    };
    let plans = move || {
        form.profile.with_value(|profile| profile.plans.iter().map(|p| {
        let (id, label) = (p.id.clone(), p.label.clone());
        let value = id.clone();
        view! { <option value=value selected=move || form.draft.with(|f| f.plan.as_str() == id)>{move || label.get(loc.get()).to_string()}</option> }
    }).collect_view())
    };
    view! {
        <div hidden=move || form.step.get() != Step::Basics>
            <div class="g-field">
                <label for=Field::Kind.input_id()>{move || tr!(loc.get(), request_kind)}</label>
                <select id=Field::Kind.input_id() class="g-input" on:change=move |ev| {
                    let k = TicketKind::new(event_target_value(&ev));
                    let p = form.profile.get_value();
                    form.draft.update(|f| f.set_kind(&p, k));
                }>
                    {kinds}
                </select>
            </div>
            <Show when=move || flow().issue_type.is_none()>
                <div class="g-field">
                    <label for=Field::IssueType.input_id()>{move || tr!(loc.get(), issue_type)}</label>
                    <select id=Field::IssueType.input_id() class="g-input" aria-describedby=Field::IssueType.error_id()
                        on:change=move |ev| {
                            let it = IssueType::new(event_target_value(&ev));
                            let p = form.profile.get_value();
                            form.draft.update(|f| f.set_issue_type(&p, it));
                        }>
                        {issue_types}
                    </select>
                    <p id=Field::IssueType.error_id() class="g-field-error">{move || form.error(Field::IssueType)}</p>
                </div>
            </Show>
            <Show when=move || form.profile.with_value(|p| p.plans.len() > 1)>
                <div class="g-field">
                    <label for=Field::Plan.input_id()>{move || tr!(loc.get(), plan)}</label>
                    <select id=Field::Plan.input_id() class="g-input" aria-invalid=move || form.invalid(Field::Plan)
                        aria-describedby=Field::Plan.error_id() on:change=move |ev| {
                            let plan = SupportPlan::new(event_target_value(&ev));
                            let p = form.profile.get_value();
                            form.draft.update(|f| {
                                f.plan = plan;
                                f.set_issue_type(&p, f.issue_type.clone());
                            });
                        }>
                        {plans}
                    </select>
                    <p id=Field::Plan.error_id() class="g-field-error">{move || form.error(Field::Plan)}</p>
                </div>
            </Show>
            <Show when=move || flow().subscription_id != Need::Hidden>
                <TextField form field=Field::SubscriptionId label=(|l| tr!(l, subscription_id)) as Label
                    get=|f| f.subscription_id.clone() set=|f, v| f.subscription_id = v/>
            </Show>
            <Show when=move || flow().parts.contains(&Part::Customer)>
                <TextField form field=Field::CustomerName label=(|l| tr!(l, customer_name)) as Label autocomplete="organization"
                    get=|f| f.customer.as_ref().map(|c| c.name.clone()).unwrap_or_default()
                    set=|f, v| f.customer.get_or_insert_with(Customer::default).name = v/>
                <TextField form field=Field::CustomerTenant label=(|l| tr!(l, customer_tenant)) as Label
                    get=|f| f.customer.as_ref().map(|c| c.tenant.clone()).unwrap_or_default()
                    set=|f, v| f.customer.get_or_insert_with(Customer::default).tenant = v/>
            </Show>
            <Answers form step=FieldStep::Basics/>
        </div>
    }
}
