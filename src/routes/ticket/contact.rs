//! Step 3, Contact: name, email, phone and preferred contact (name and email locked when the
//! host page signed the visitor's identity).

use super::answers::Answers;
use super::field::TextField;
use super::form::Form;
use crate::i18n::{tr, Label};
use guichet_core::profile::{FieldStep, Part};
use guichet_core::ticket::{ContactMethod, Field, Step};
use leptos::prelude::*;

#[component]
pub fn ContactStep(form: Form) -> impl IntoView {
    let loc = form.loc;
    let locked = form.ctx.identity.get_value().is_some();
    let methods = [
        (ContactMethod::Email, (|l| tr!(l, by_email)) as Label),
        (ContactMethod::Phone, (|l| tr!(l, by_phone)) as Label),
    ];
    view! {
        <div hidden=move || form.step.get() != Step::Contact>
            {locked.then(|| view! { <p class="g-verified">{move || tr!(loc.get(), verified)}</p> })}
            <Show when=move || form.flow().parts.contains(&Part::Customer)>
                <p class="g-muted">{move || tr!(loc.get(), partner_contact_note)}</p>
            </Show>
            <TextField form field=Field::ContactName label=(|l| tr!(l, name)) as Label autocomplete="name" readonly=locked
                get=|f| f.contact_name.clone() set=|f, v| f.contact_name = v/>
            <TextField form field=Field::Email label=(|l| tr!(l, email)) as Label input_type="email" autocomplete="email"
                readonly=locked get=|f| f.email.clone() set=|f, v| f.email = v/>
            <TextField form field=Field::Phone label=(|l| tr!(l, phone)) as Label input_type="tel" autocomplete="tel"
                get=|f| f.phone.clone() set=|f, v| f.phone = v/>
            <div class="g-field" role="radiogroup" aria-labelledby="guichet-preferred">
                <span id="guichet-preferred" class="g-label">{move || tr!(loc.get(), preferred)}</span>
                {methods.into_iter().map(|(m, label)| {
                    let id = format!("guichet-pref-{m:?}");
                    view! {
                        <span class="g-radio-inline">
                            <input type="radio" name="guichet-preferred" id=id.clone()
                                prop:checked=move || form.draft.with(|f| f.preferred_contact == m)
                                on:change=move |_| form.draft.update(|f| f.preferred_contact = m)/>
                            <label for=id>{move || label(loc.get())}</label>
                        </span>
                    }
                }).collect_view()}
            </div>
            <Answers form step=FieldStep::Contact/>
        </div>
    }
}
