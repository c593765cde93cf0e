//! Answers to a flow's own fields (the profile's `flows[].fields`): when a field is shown,
//! and whether its answer fits its definition.

use super::validate::{is_amount, is_valid_email, normalize_phone, ErrorCode, FieldError};
use super::TicketRequest;
use crate::profile::{FieldDef, FieldType, Flow};
use crate::zone::Zone;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

/// The value at a dotted `path` of a request's JSON (`"refund.customer_name"`,
/// `"answers.area"`), as text: strings trimmed, arrays joined with `", "`, `""` when absent.
pub fn lookup(request: &Value, path: &str) -> String {
    let v = path.split('.').try_fold(request, |v, k| v.get(k));
    text_of(v.unwrap_or(&Value::Null))
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_string(),
        Value::Array(a) => a.iter().map(text_of).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The value a condition compares for `field` (an answer id, or `issue_type`, `plan` or
/// `severity`): each chosen value of a multi-select, `"true"`/`"false"` for a checkbox.
fn values_of(r: &TicketRequest, field: &str) -> Vec<String> {
    match field {
        "issue_type" => vec![r.issue_type.to_string()],
        "plan" => vec![r.plan.to_string()],
        "severity" => vec![r.severity.to_string()],
        id => match r.answers.get(id) {
            Some(Value::Array(a)) => a.iter().map(text_of).collect(),
            Some(Value::Bool(b)) => vec![b.to_string()],
            Some(v) => vec![text_of(v)],
            None => vec![],
        },
    }
}

/// Whether `def` is shown for request `r`: it has no condition, or the value of the field
/// its condition names is among `equals` and that field is itself shown.
pub fn shown(flow: &Flow, def: &FieldDef, r: &TicketRequest) -> bool {
    let Some(c) = &def.show_when else { return true };
    let parent_shown = flow.fields.iter().find(|d| d.id == c.field).is_none_or(|p| shown(flow, p, r));
    parent_shown && values_of(r, &c.field).iter().any(|v| c.equals.contains(v))
}

/// Whether an answer counts as given (non-empty text, a ticked box, at least one choice).
fn given(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Bool(b) => *b,
        Value::Object(o) => o.values().any(given),
        Value::Number(_) => true,
    }
}

/// Checks the answers of `r` against `flow`'s fields into `e`: an answer to a field the flow
/// lacks, or to a hidden field, is refused (`not_applicable`); a shown required field needs
/// an answer; each answer must fit its type.
pub(super) fn validate(r: &TicketRequest, flow: &Flow, now: chrono::DateTime<chrono::Utc>, e: &mut Vec<FieldError>) {
    for id in r.answers.keys() {
        if !flow.fields.iter().any(|d| &d.id == id) {
            e.push(FieldError::answer(id, ErrorCode::NotApplicable));
        }
    }
    for def in &flow.fields {
        let answer = r.answers.get(&def.id).filter(|v| given(v));
        let is_shown = shown(flow, def, r);
        match (answer, is_shown) {
            (None, true) if def.required => e.push(FieldError::answer(&def.id, ErrorCode::Required)),
            (Some(_), false) => e.push(FieldError::answer(&def.id, ErrorCode::NotApplicable)),
            (Some(v), true) => {
                if let Err(code) = check(def, v, r, now) {
                    e.push(FieldError::answer(&def.id, code));
                }
            }
            _ => {}
        }
    }
}

fn string(v: &Value) -> Result<&str, ErrorCode> {
    v.as_str().map(str::trim).ok_or(ErrorCode::WrongType)
}

/// Checks one given answer against its definition.
fn check(def: &FieldDef, v: &Value, r: &TicketRequest, now: chrono::DateTime<chrono::Utc>) -> Result<(), ErrorCode> {
    use ErrorCode::*;
    match def.kind {
        FieldType::Text | FieldType::LongText => {
            let s = string(v)?;
            let (min, max) = def.text_limits();
            let n = s.chars().count();
            if n < min {
                return Err(TooShort);
            }
            if n > max {
                return Err(TooLong);
            }
            if let Some(p) = &def.pattern {
                if !crate::profile::pattern::matches(p, s).unwrap_or(false) {
                    return Err(PatternMismatch);
                }
            }
            Ok(())
        }
        FieldType::Select => {
            let s = string(v)?;
            def.options.iter().any(|o| o.value == s).then_some(()).ok_or(UnknownChoice)
        }
        FieldType::MultiSelect => {
            let a = v.as_array().ok_or(WrongType)?;
            for x in a {
                let s = x.as_str().ok_or(WrongType)?;
                if !def.options.iter().any(|o| o.value == s) {
                    return Err(UnknownChoice);
                }
            }
            let n = a.len() as f64;
            if def.min.is_some_and(|m| n < m) || def.max.is_some_and(|m| n > m) {
                return Err(ChoiceCount);
            }
            Ok(())
        }
        FieldType::Checkbox => v.as_bool().map(|_| ()).ok_or(WrongType),
        FieldType::Date => NaiveDate::parse_from_str(string(v)?, "%Y-%m-%d").map(|_| ()).map_err(|_| InvalidDate),
        FieldType::DateTime => {
            let part = |k: &str| v.get(k).and_then(Value::as_str).map(str::trim).unwrap_or("");
            if !v.is_object() {
                return Err(WrongType);
            }
            let (d, t, z) = (part("date"), part("time"), part("time_zone"));
            if d.is_empty() || t.is_empty() || z.is_empty() {
                return Err(Incomplete);
            }
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| InvalidDate)?;
            let t = NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| InvalidTime)?;
            let z = Zone::new(z).ok_or(InvalidTimeZone)?;
            let at = z.from_local(NaiveDateTime::new(d, t)).earliest().ok_or(InvalidTime)?;
            if at > now + chrono::Duration::minutes(1) {
                return Err(InFuture);
            }
            Ok(())
        }
        FieldType::Number => {
            let n: f64 = string(v)?.parse().map_err(|_| OutOfRange)?;
            if !n.is_finite() || def.min.is_some_and(|m| n < m) || def.max.is_some_and(|m| n > m) {
                return Err(OutOfRange);
            }
            Ok(())
        }
        FieldType::Amount => {
            let amount = v.get("amount").and_then(Value::as_str).ok_or(WrongType)?;
            let currency = v.get("currency").and_then(Value::as_str).unwrap_or("").trim();
            if !is_amount(amount) {
                return Err(InvalidAmount);
            }
            let iso = currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase());
            if !iso || (!def.currencies.is_empty() && !def.currencies.iter().any(|c| c == currency)) {
                return Err(InvalidCurrency);
            }
            Ok(())
        }
        FieldType::Email => is_valid_email(string(v)?).then_some(()).ok_or(InvalidEmail),
        FieldType::Phone => normalize_phone(string(v)?).map(|_| ()).ok_or(InvalidPhone),
        FieldType::File => {
            let id = string(v)?;
            r.attachments.iter().any(|a| a == id).then_some(()).ok_or(UnknownAttachment)
        }
    }
}
