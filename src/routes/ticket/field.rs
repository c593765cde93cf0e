//! One labelled text input of the form, with its error below it.

use super::form::Form;
use crate::i18n::Label;
use guichet_core::ticket::{Field, TicketRequest};
use leptos::prelude::*;

/// A text input (or, with `multiline`, a textarea) bound to one string of the draft: `get`
/// reads it, `set` writes it. Its id, error id and `aria-invalid` come from `field`.
#[component]
pub fn TextField(
    form: Form,
    field: Field,
    label: Label,
    get: fn(&TicketRequest) -> String,
    set: fn(&mut TicketRequest, String),
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let (id, err_id) = (field.input_id(), field.error_id());
    let loc = form.loc;
    let value = move || form.draft.with(get);
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        form.draft.update(|f| set(f, v));
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() class="g-input" rows="4" aria-invalid=move || form.invalid(field)
                aria-describedby=err_id.clone() prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="g-input" type=input_type autocomplete=autocomplete readonly=readonly
                aria-invalid=move || form.invalid(field) aria-describedby=err_id.clone()
                prop:value=value on:input=on_input/>
        }
        .into_any()
    };
    view! {
        <div class="g-field">
            <label for=id>{move || label(loc.get())}</label>
            {input}
            <p id=err_id class="g-field-error">{move || form.error(field)}</p>
        </div>
    }
}
