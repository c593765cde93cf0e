//! Step 4, Review: every filled-in field of the request about to be sent, labelled.

use super::form::Form;
use crate::i18n;
use guichet_core::ticket::{Field, Step};
use leptos::prelude::*;
use serde_json::Value;

/// (label, value) rows of the request's filled-in text fields (the kind first; locale, region,
/// article and identity, which the visitor did not type, left out).
fn rows(l: guichet_core::Locale, request: &guichet_core::ticket::TicketRequest) -> Vec<(String, String)> {
    let v = serde_json::to_value(request).unwrap_or_default();
    let mut rows = vec![(i18n::field_label(l, Field::Kind).to_string(), i18n::kind(l, request.kind).to_string())];
    let skipped = [Field::Kind, Field::Region, Field::FromArticle, Field::IdentityName];
    let mut walk = |prefix: &str, obj: &Value| {
        for (k, val) in obj.as_object().into_iter().flatten() {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            let text = match val {
                Value::String(s) => s.clone(),
                Value::Array(a) if !a.is_empty() => a.len().to_string(),
                _ => continue,
            };
            match path.parse::<Field>() {
                Ok(f) if !text.is_empty() && !skipped.contains(&f) => {
                    rows.push((i18n::field_label(l, f).to_string(), text));
                }
                _ => {}
            }
        }
    };
    walk("", &v);
    for sub in ["customer", "refund", "last_occurrence"] {
        if let Some(o) = v.get(sub) {
            walk(sub, o);
        }
    }
    rows
}

#[component]
pub fn Review(form: Form) -> impl IntoView {
    let loc = form.loc;
    view! {
        <div hidden=move || form.step.get() != Step::Review>
            <dl class="g-review">
                {move || {
                    form.draft.track();
                    form.files.track();
                    rows(loc.get(), &form.request())
                        .into_iter()
                        .map(|(k, val)| view! { <dt>{k}</dt><dd>{val}</dd> })
                        .collect_view()
                }}
            </dl>
        </div>
    }
}
