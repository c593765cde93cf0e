//! The portal profile's own fields of a flow (`flows[].fields`), for one step: each drawn by
//! its type, shown when its condition holds, its answer kept in the draft's `answers` and its
//! error below it.

use super::attachments::upload;
use super::form::Form;
use crate::i18n::tr;
use guichet_core::profile::{FieldDef, FieldStep, FieldType};
use leptos::prelude::*;
use serde_json::{json, Value};

/// The fields of the draft's flow shown in `step`.
#[component]
pub fn Answers(form: Form, step: FieldStep) -> impl IntoView {
    move || {
        let flow = form.flow();
        flow.fields
            .iter()
            .filter(|d| d.step == step)
            .map(|d| {
                let def = d.clone();
                let id = def.id.clone();
                let kind = flow.id.clone();
                let shown = move || {
                    form.draft
                        .with(|r| {
                            form.profile.with_value(|p| {
                                p.flow(&kind).and_then(|f| {
                                    f.fields.iter().find(|x| x.id == id).map(|d| guichet_core::ticket::shown(f, d, r))
                                })
                            })
                        })
                        .unwrap_or(false)
                };
                view! { <div hidden=move || !shown()><AnswerField form def/></div> }
            })
            .collect_view()
    }
}

/// The draft's answer to field `id` (`Null` when none).
fn answer(form: Form, id: &str) -> Value {
    form.draft.with(|r| r.answers.get(id).cloned().unwrap_or(Value::Null))
}

/// Sets (or, for `Null`, removes) the draft's answer to field `id`.
fn set_answer(form: Form, id: &str, v: Value) {
    form.draft.update(|r| {
        if v.is_null() {
            r.answers.remove(id);
        } else {
            r.answers.insert(id.to_string(), v);
        }
    });
}

/// A part of an object answer (`amount`, `time_zone`...), as text.
fn part(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// One profile field: label, input(s) by type, help and error.
#[component]
fn AnswerField(form: Form, def: FieldDef) -> impl IntoView {
    let loc = form.loc;
    let (input_id, error_id) = (def.input_id(), def.error_id());
    let path = format!("answers.{}", def.id);
    let help_id = format!("guichet-h-answers-{}", def.id);
    let label_id = format!("guichet-l-answers-{}", def.id);
    let described = format!("{error_id} {help_id}");
    let label = def.label.clone();
    let required = def.required;
    let label_text = move || {
        let l = loc.get();
        let text = label.get(l).to_string();
        if required {
            text
        } else {
            format!("{text} ({})", tr!(l, optional))
        }
    };
    let id = def.id.clone();
    let err_path = path.clone();
    let invalid = move || form.error_at(&err_path).is_some().to_string();
    let text_input = |input_type: &'static str| {
        let (get_id, set_id) = (id.clone(), id.clone());
        view! {
            <input id=input_id.clone() class="g-input" type=input_type aria-invalid=invalid.clone()
                aria-describedby=described.clone()
                prop:value=move || answer(form, &get_id).as_str().unwrap_or("").to_string()
                on:input=move |ev| set_answer(form, &set_id, Value::String(event_target_value(&ev)))/>
        }
        .into_any()
    };
    let control = match def.kind {
        FieldType::Text => text_input("text"),
        FieldType::Email => text_input("email"),
        FieldType::Phone => text_input("tel"),
        FieldType::Number => text_input("number"),
        FieldType::Date => text_input("date"),
        FieldType::LongText => {
            let (get_id, set_id) = (id.clone(), id.clone());
            view! {
                <textarea id=input_id.clone() class="g-input" rows="4" aria-invalid=invalid.clone()
                    aria-describedby=described.clone()
                    prop:value=move || answer(form, &get_id).as_str().unwrap_or("").to_string()
                    on:input=move |ev| set_answer(form, &set_id, Value::String(event_target_value(&ev)))></textarea>
            }
            .into_any()
        }
        FieldType::Select => {
            let set_id = id.clone();
            let options = def
                .options
                .iter()
                .map(|o| {
                    let (value, label, get_id) = (o.value.clone(), o.label.clone(), id.clone());
                    let v2 = value.clone();
                    view! {
                        <option value=value selected=move || answer(form, &get_id).as_str() == Some(v2.as_str())>
                            {move || label.get(loc.get()).to_string()}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <select id=input_id.clone() class="g-input" aria-invalid=invalid.clone() aria-describedby=described.clone()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_answer(form, &set_id, if v.is_empty() { Value::Null } else { Value::String(v) });
                    }>
                    <option value="">{move || tr!(loc.get(), choose)}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FieldType::MultiSelect => {
            let boxes = def.options.iter().enumerate().map(|(i, o)| {
                let (value, label) = (o.value.clone(), o.label.clone());
                let box_id = format!("{input_id}-{i}");
                let (get_id, set_id, v_get, v_set) = (id.clone(), id.clone(), value.clone(), value);
                view! {
                    <span class="g-radio-inline">
                        <input type="checkbox" id=box_id.clone()
                            prop:checked=move || answer(form, &get_id).as_array().is_some_and(|a| a.iter().any(|x| x.as_str() == Some(v_get.as_str())))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let mut list: Vec<Value> = answer(form, &set_id).as_array().cloned().unwrap_or_default();
                                list.retain(|x| x.as_str() != Some(v_set.as_str()));
                                if on {
                                    list.push(Value::String(v_set.clone()));
                                }
                                set_answer(form, &set_id, if list.is_empty() { Value::Null } else { Value::Array(list) });
                            }/>
                        <label for=box_id>{move || label.get(loc.get()).to_string()}</label>
                    </span>
                }
            }).collect_view();
            view! { <div id=input_id.clone() tabindex="-1" role="group" aria-labelledby=label_id.clone() aria-describedby=described.clone()>{boxes}</div> }.into_any()
        }
        FieldType::Checkbox => {
            let (get_id, set_id) = (id.clone(), id.clone());
            view! {
                <input type="checkbox" id=input_id.clone() aria-describedby=described.clone()
                    prop:checked=move || answer(form, &get_id).as_bool().unwrap_or(false)
                    on:change=move |ev| set_answer(form, &set_id, Value::Bool(event_target_checked(&ev)))/>
            }
            .into_any()
        }
        FieldType::DateTime => {
            let zone = form.ctx.visitor_zone();
            let update = move |id: &str, key: &'static str, value: String, zone: &str| {
                let mut v = answer(form, id);
                if !v.is_object() {
                    v = json!({"date": "", "time": "", "time_zone": zone});
                }
                v[key] = Value::String(value);
                set_answer(form, id, v);
            };
            let (a, b, c, d) = (id.clone(), id.clone(), id.clone(), id.clone());
            let (z1, z2) = (zone.clone(), zone.clone());
            let zones = {
                let e = id.clone();
                let zone = zone.clone();
                move || {
                    let current =
                        answer(form, &e).get("time_zone").and_then(Value::as_str).map_or(zone.clone(), str::to_string);
                    super::zone_names(&current)
                        .into_iter()
                        .map(|name| {
                            let selected = name == current;
                            let label = name.clone();
                            view! { <option value=name selected=selected>{label}</option> }
                        })
                        .collect_view()
                }
            };
            let e = id.clone();
            view! {
                <div id=input_id.clone() class="g-row" tabindex="-1" role="group" aria-labelledby=label_id.clone() aria-describedby=described.clone()>
                    <input type="date" class="g-input" aria-label=move || tr!(loc.get(), date)
                        prop:value=move || part(&answer(form, &a), "date")
                        on:input=move |ev| update(&b, "date", event_target_value(&ev), &z1)/>
                    <input type="time" class="g-input" aria-label=move || tr!(loc.get(), time)
                        prop:value=move || part(&answer(form, &c), "time")
                        on:input=move |ev| update(&d, "time", event_target_value(&ev), &z2)/>
                    <select class="g-input" aria-label=move || tr!(loc.get(), time_zone)
                        on:change=move |ev| update(&e, "time_zone", event_target_value(&ev), "")>
                        {zones}
                    </select>
                </div>
            }
            .into_any()
        }
        FieldType::Amount => {
            let first = def.currencies.first().cloned().unwrap_or_default();
            let update = move |id: &str, key: &'static str, value: String, first: &str| {
                let mut v = answer(form, id);
                if !v.is_object() {
                    v = json!({"amount": "", "currency": first});
                }
                v[key] = Value::String(value);
                set_answer(form, id, v);
            };
            let (a, b, c) = (id.clone(), id.clone(), id.clone());
            let (f1, f2) = (first.clone(), first.clone());
            let currency = if def.currencies.is_empty() {
                let g = id.clone();
                view! {
                    <input class="g-input" maxlength="3" aria-label=move || tr!(loc.get(), currency_code)
                        prop:value=move || part(&answer(form, &g), "currency")
                        on:input=move |ev| update(&c, "currency", event_target_value(&ev).to_ascii_uppercase(), &f2)/>
                }
                .into_any()
            } else {
                let options = def.currencies.iter().map(|code| {
                    let (code, g) = (code.clone(), id.clone());
                    let (c2, value) = (code.clone(), code.clone());
                    view! { <option value=value selected=move || part(&answer(form, &g), "currency") == c2>{code}</option> }
                }).collect_view();
                view! {
                    <select class="g-input" aria-label=move || tr!(loc.get(), currency_code)
                        on:change=move |ev| update(&c, "currency", event_target_value(&ev), &f2)>{options}</select>
                }
                .into_any()
            };
            view! {
                <div id=input_id.clone() class="g-row" tabindex="-1" role="group" aria-labelledby=label_id.clone() aria-describedby=described.clone()>
                    <input class="g-input" inputmode="decimal" aria-label=move || tr!(loc.get(), amount_value)
                        prop:value=move || part(&answer(form, &a), "amount")
                        on:input=move |ev| update(&b, "amount", event_target_value(&ev), &f1)/>
                    {currency}
                </div>
            }
            .into_any()
        }
        FieldType::File => {
            let set_id = id.clone();
            let on_file = move |ev: leptos::ev::Event| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                let Some(f) = input.files().and_then(|l| l.get(0)) else { return };
                let set_id = set_id.clone();
                upload(form, f, move |a| set_answer(form, &set_id, Value::String(a.id.clone())));
            };
            view! { <input id=input_id.clone() type="file" aria-describedby=described.clone() on:change=on_file/> }
                .into_any()
        }
    };
    let help = def.help.clone();
    view! {
        <div class="g-field">
            <label id=label_id for=input_id>{label_text}</label>
            {control}
            <p id=help_id class="g-muted">{move || help.as_ref().map(|h| h.get(loc.get()).to_string())}</p>
            <p id=error_id class="g-field-error">{move || form.error_at(&path)}</p>
        </div>
    }
}
