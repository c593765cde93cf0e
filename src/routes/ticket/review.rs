//! Step 4, Review: every filled-in field of the request about to be sent, labelled.

use super::form::Form;
use crate::i18n;
use crate::i18n::tr;
use guichet_core::ticket::{Field, Step};
use leptos::prelude::*;
use serde_json::Value;

/// (label, value) rows of the request's filled-in text fields (the kind first; locale, region,
/// article and identity, which the visitor did not type, left out).
fn rows(
    l: guichet_core::Locale,
    profile: &guichet_core::profile::Profile,
    request: &guichet_core::ticket::TicketRequest,
) -> Vec<(String, String)> {
    let v = serde_json::to_value(request).unwrap_or_default();
    let flow = profile.flow(request.kind.as_str());
    let kind = flow.map_or(request.kind.to_string(), |f| f.label.get(l).to_string());
    let mut rows = vec![(i18n::field_label(l, Field::Kind).to_string(), kind)];
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
                    // Choices read as their labels in the profile.
                    let text = match f {
                        Field::IssueType => profile.issue_type(&text).map_or(text, |t| t.label.get(l).to_string()),
                        Field::Plan => profile.plan(&text).map_or(text, |t| t.label.get(l).to_string()),
                        Field::Severity => profile.severity(&text).map_or(text, |t| t.label.get(l).to_string()),
                        _ => text,
                    };
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
    // The profile's own fields, labelled as in the form; choices by their labels.
    for def in flow.map(|f| f.fields.as_slice()).unwrap_or_default() {
        let Some(a) = request.answers.get(&def.id) else { continue };
        let choice = |x: &serde_json::Value| {
            let s = x.as_str().unwrap_or("");
            def.options.iter().find(|o| o.value == s).map_or(s.to_string(), |o| o.label.get(l).to_string())
        };
        let text = match a {
            Value::Array(list) => list.iter().map(choice).collect::<Vec<_>>().join(", "),
            Value::Bool(b) => {
                if *b {
                    "✓".to_string()
                } else {
                    "—".to_string()
                }
            }
            Value::Object(o) => o.values().filter_map(Value::as_str).collect::<Vec<_>>().join(" "),
            Value::String(_) if def.kind == guichet_core::profile::FieldType::File => {
                let id = a.as_str().unwrap_or("");
                request.attachments.iter().find(|x| *x == id).cloned().unwrap_or_default()
            }
            other => choice(other),
        };
        rows.push((def.label.get(l).to_string(), text));
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
                    form.profile.with_value(|p| rows(loc.get(), p, &form.request()))
                        .into_iter()
                        .map(|(k, val)| view! { <dt>{k}</dt><dd>{val}</dd> })
                        .collect_view()
                }}
            </dl>
            <Privacy form/>
        </div>
    }
}

/// The host's privacy notice link (`data-privacy-url`) and consent box
/// (`data-consent="required"`), when set.
#[component]
fn Privacy(form: Form) -> impl IntoView {
    let loc = form.loc;
    let cfg = form.ctx.config.get_value();
    let notice = cfg.privacy_url.map(|url| {
        view! {
            <p class="g-muted">
                {move || tr!(loc.get(), privacy_intro)}" "
                <a href=url target="_blank" rel="noopener">{move || tr!(loc.get(), privacy_notice)}</a>
            </p>
        }
    });
    let consent = cfg.consent_required.then(|| {
        let missing = form.consent_missing;
        view! {
            <div class="g-field g-consent">
                <input id="guichet-consent" type="checkbox" aria-required="true"
                    aria-invalid=move || missing.get().to_string()
                    aria-describedby=move || missing.get().then_some("guichet-consent-error")
                    prop:checked=move || form.draft.with(|d| d.consent)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.draft.update(|d| d.consent = on);
                        if on {
                            missing.set(false);
                        }
                    }/>
                <label for="guichet-consent">{move || tr!(loc.get(), consent_label)}</label>
                <p id="guichet-consent-error" class="g-error" hidden=move || !missing.get()>{move || tr!(loc.get(), consent_needed)}</p>
            </div>
        }
    });
    view! { {notice} {consent} }
}
