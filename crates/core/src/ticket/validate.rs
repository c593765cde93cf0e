//! Validation of a [`TicketRequest`]: every field, every rule, every error at once.

use super::messages::error_message;
use super::*;
use crate::profile::{Need, Part, Profile};
use crate::zone::Zone;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Whether `s` is a GUID in the 8-4-4-4-12 hexadecimal form (braces not accepted).
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether `s` is a positive decimal amount with at most two decimals and at most 12 integer
/// digits.
pub fn is_amount(s: &str) -> bool {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    !int.is_empty()
        && int.len() <= 12
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.len() <= 2
        && frac.chars().all(|c| c.is_ascii_digit())
        && !(s.contains('.') && frac.is_empty())
        && s.chars().any(|c| c.is_ascii_digit() && c != '0')
}

/// Machine-readable reason a field is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The field is empty.
    Required,
    /// Shorter than the minimum length.
    TooShort,
    /// Longer than the maximum length.
    TooLong,
    /// Not an email address.
    InvalidEmail,
    /// Not a phone number.
    InvalidPhone,
    /// Severity too high for the issue type.
    SeverityNotAllowed,
    /// Not a `YYYY-MM-DD` date.
    InvalidDate,
    /// Not a `HH:MM` time.
    InvalidTime,
    /// Not an IANA time zone.
    InvalidTimeZone,
    /// Date and time in the future.
    InFuture,
    /// Date, time and time zone must be given together.
    Incomplete,
    /// Not an ISO 3166-1 alpha-2 code.
    InvalidRegion,
    /// Not a GUID.
    InvalidGuid,
    /// Not a positive amount with at most two decimals.
    InvalidAmount,
    /// Not an ISO 4217 currency code.
    InvalidCurrency,
    /// The period ends before it starts.
    InvalidPeriod,
    /// The flow imposes another plan (default profile: partner requests use the Cloud
    /// Solution Provider plan).
    PlanImposed,
    /// Not an id the profile knows (flow, plan, issue type or severity).
    UnknownChoice,
    /// The answer does not match the field's pattern.
    PatternMismatch,
    /// Not a number, or outside the field's range.
    OutOfRange,
    /// Fewer or more choices than the field allows.
    ChoiceCount,
    /// The answer has the wrong shape for its field type (e.g. a number for a checkbox).
    WrongType,
    /// A file field names an attachment that is not among the request's attachments.
    UnknownAttachment,
    /// The field does not belong to this kind of request, or the kind requires another value.
    NotApplicable,
    /// Too many attachments.
    TooManyAttachments,
}

crate::names::wire_names!(ErrorCode, "error code", {
    Required => "required",
    TooShort => "too_short",
    TooLong => "too_long",
    InvalidEmail => "invalid_email",
    InvalidPhone => "invalid_phone",
    SeverityNotAllowed => "severity_not_allowed",
    InvalidDate => "invalid_date",
    InvalidTime => "invalid_time",
    InvalidTimeZone => "invalid_time_zone",
    InFuture => "in_future",
    Incomplete => "incomplete",
    InvalidRegion => "invalid_region",
    InvalidGuid => "invalid_guid",
    InvalidAmount => "invalid_amount",
    InvalidCurrency => "invalid_currency",
    InvalidPeriod => "invalid_period",
    PlanImposed => "plan_imposed",
    UnknownChoice => "unknown_choice",
    PatternMismatch => "pattern_mismatch",
    OutOfRange => "out_of_range",
    ChoiceCount => "choice_count",
    WrongType => "wrong_type",
    UnknownAttachment => "unknown_attachment",
    NotApplicable => "not_applicable",
    TooManyAttachments => "too_many_attachments",
});

/// A validation error on one field. Serialised as `{"field": path, "code": code}` where the
/// path is the field's JSON path (`"email"`, `"last_occurrence.date"`), or
/// `"answers.<id>"` for a profile field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field ([`Field::Answers`] for a profile field, named by `answer`).
    pub field: Field,
    /// Reason.
    pub code: ErrorCode,
    /// The profile field's id, for [`Field::Answers`].
    pub answer: Option<String>,
    /// What the message needs, not serialised: for [`ErrorCode::SeverityNotAllowed`] the
    /// issue type and plan whose severity limit was broken (its message says why); for
    /// [`ErrorCode::PlanImposed`] the flow and the plan it imposes.
    pub context: Option<(String, String)>,
}

impl FieldError {
    /// An error of `code` on `field`.
    pub fn new(field: Field, code: ErrorCode) -> Self {
        FieldError { field, code, answer: None, context: None }
    }

    /// An error of `code` on the profile field `id`.
    pub fn answer(id: &str, code: ErrorCode) -> Self {
        FieldError { field: Field::Answers, code, answer: Some(id.to_string()), context: None }
    }

    /// The JSON path of the field (`"refund.amount"`, `"answers.app_version"`).
    pub fn path(&self) -> String {
        match &self.answer {
            Some(id) => format!("answers.{id}"),
            None => self.field.path().to_string(),
        }
    }

    /// A sentence for the visitor, in `locale`, naming what to fix; limits and messages of
    /// profile rules come from `profile`.
    pub fn message(&self, profile: &Profile, locale: Locale) -> String {
        error_message(self, profile, locale)
    }
}

#[derive(Serialize, Deserialize)]
struct FieldErrorWire {
    field: String,
    code: ErrorCode,
}

impl Serialize for FieldError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FieldErrorWire { field: self.path(), code: self.code }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for FieldError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FieldError, D::Error> {
        let w = FieldErrorWire::deserialize(d)?;
        match w.field.strip_prefix("answers.") {
            Some(id) => Ok(FieldError::answer(id, w.code)),
            None => Ok(FieldError::new(w.field.parse().map_err(serde::de::Error::custom)?, w.code)),
        }
    }
}

/// Checks `value` against `field`'s [`Field::limits`]: empty is `Required` when the field has a
/// minimum, else fine.
fn check_len(errors: &mut Vec<FieldError>, field: Field, value: &str) {
    let (min, max) = field.limits().expect("a field with length limits");
    let n = value.trim().chars().count();
    if n == 0 {
        if min > 0 {
            errors.push(FieldError::new(field, ErrorCode::Required));
        }
    } else if n < min {
        errors.push(FieldError::new(field, ErrorCode::TooShort));
    } else if n > max {
        errors.push(FieldError::new(field, ErrorCode::TooLong));
    }
}

/// Whether `s` looks like an email address: one `@`, a non-empty local part, a domain with a
/// dot and no spaces (the HTML `type=email` check, not RFC 5322).
pub fn is_valid_email(s: &str) -> bool {
    let s = s.trim();
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// Normalises a phone number typed by a visitor to `+` and digits. Accepts spaces, dots,
/// dashes and parentheses; a leading `00` becomes `+`. Returns `None` unless the result has
/// 6 to 15 digits (E.164 allows at most 15).
pub fn normalize_phone(s: &str) -> Option<String> {
    let s = s.trim();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push('+'),
            '0'..='9' => out.push(c),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
            _ => return None,
        }
    }
    if let Some(rest) = out.strip_prefix("00") {
        out = format!("+{rest}");
    }
    let digits = out.trim_start_matches('+').len();
    (6..=15).contains(&digits).then_some(out)
}

impl TicketRequest {
    /// Checks every field and every rule of `profile`; returns all errors (empty means
    /// valid).
    ///
    /// Ids (flow, plan, issue type, severity) must be the profile's; the flow decides which
    /// built-in fields are required, hidden or refused, and its own fields are checked by
    /// their definitions (type, required when shown, limits, pattern, options). `now` is the
    /// current instant (UTC), used to reject a date in the future (one minute of clock skew
    /// allowed).
    pub fn validate(&self, profile: &Profile, now: chrono::DateTime<chrono::Utc>) -> Vec<FieldError> {
        let mut e = Vec::new();
        let Some(flow) = profile.flow(self.kind.as_str()) else {
            return vec![FieldError::new(Field::Kind, ErrorCode::UnknownChoice)];
        };
        if profile.plan(self.plan.as_str()).is_none() {
            e.push(FieldError::new(Field::Plan, ErrorCode::UnknownChoice));
        }
        if profile.issue_type(self.issue_type.as_str()).is_none() {
            e.push(FieldError::new(Field::IssueType, ErrorCode::UnknownChoice));
        } else if flow.issue_type.as_deref().is_some_and(|t| t != self.issue_type.as_str()) {
            e.push(FieldError::new(Field::IssueType, ErrorCode::NotApplicable));
        }
        if profile.severity(self.severity.as_str()).is_none() {
            e.push(FieldError::new(Field::Severity, ErrorCode::UnknownChoice));
        } else if !profile.severity_allowed(
            self.issue_type.as_str(),
            self.effective_plan(profile).as_str(),
            self.severity.as_str(),
        ) {
            e.push(FieldError {
                context: Some((self.issue_type.to_string(), self.effective_plan(profile).to_string())),
                ..FieldError::new(Field::Severity, ErrorCode::SeverityNotAllowed)
            });
        }
        if let Some(imposed) = flow.plan.as_deref().filter(|p| *p != self.plan.as_str()) {
            e.push(FieldError {
                context: Some((flow.id.clone(), imposed.to_string())),
                ..FieldError::new(Field::Plan, ErrorCode::PlanImposed)
            });
        }
        if flow.subscription_id == Need::Required {
            if self.subscription_id.trim().is_empty() {
                e.push(FieldError::new(Field::SubscriptionId, ErrorCode::Required));
            } else if !is_guid(&self.subscription_id) {
                e.push(FieldError::new(Field::SubscriptionId, ErrorCode::InvalidGuid));
            }
        } else {
            check_len(&mut e, Field::SubscriptionId, &self.subscription_id);
        }
        check_len(&mut e, Field::ProblemType, &self.problem_type);
        if flow.title == Need::Required || !self.title.trim().is_empty() {
            check_len(&mut e, Field::Title, &self.title);
        }
        if flow.description == Need::Required || !self.description.trim().is_empty() {
            check_len(&mut e, Field::Description, &self.description);
        }
        check_len(&mut e, Field::ContactName, &self.contact_name);
        if self.email.trim().is_empty() {
            e.push(FieldError::new(Field::Email, ErrorCode::Required));
        } else if !is_valid_email(&self.email) {
            e.push(FieldError::new(Field::Email, ErrorCode::InvalidEmail));
        }
        let phone_needed = self.preferred_contact == ContactMethod::Phone || flow.phone == Need::Required;
        if self.phone.trim().is_empty() {
            if phone_needed {
                e.push(FieldError::new(Field::Phone, ErrorCode::Required));
            }
        } else if normalize_phone(&self.phone).is_none() {
            e.push(FieldError::new(Field::Phone, ErrorCode::InvalidPhone));
        }
        if let Some(r) = &self.region {
            if r.len() != 2 || !r.chars().all(|c| c.is_ascii_uppercase()) {
                e.push(FieldError::new(Field::Region, ErrorCode::InvalidRegion));
            }
        }
        if let Some(lo) = &self.last_occurrence {
            validate_occurrence(lo, now, &mut e);
        }
        // Set by the pane and the host, not typed, but stored: bounded all the same.
        check_len(&mut e, Field::FromArticle, self.from_article.as_deref().unwrap_or(""));
        check_len(&mut e, Field::IdentityName, self.identity.as_ref().map_or("", |i| i.name.as_str()));
        // The flow's built-in parts: required where the flow has them, refused elsewhere.
        let has = |p: Part| flow.parts.contains(&p);
        match (&self.customer, has(Part::Customer)) {
            (None, true) => e.push(FieldError::new(Field::CustomerName, ErrorCode::Required)),
            (Some(c), true) => {
                check_len(&mut e, Field::CustomerName, &c.name);
                check_len(&mut e, Field::CustomerTenant, &c.tenant);
            }
            (Some(_), false) => e.push(FieldError::new(Field::Customer, ErrorCode::NotApplicable)),
            (None, false) => {}
        }
        match (&self.refund, has(Part::Refund)) {
            (None, true) => e.push(FieldError::new(Field::RefundCustomerSubscriptionId, ErrorCode::Required)),
            (Some(r), true) => validate_refund(r, &mut e),
            (Some(_), false) => e.push(FieldError::new(Field::Refund, ErrorCode::NotApplicable)),
            (None, false) => {}
        }
        match (&self.billing_address, has(Part::BillingAddress)) {
            (None, true) => e.push(FieldError::new(Field::BillingAddress, ErrorCode::Required)),
            (Some(a), true) => check_len(&mut e, Field::BillingAddress, a),
            (Some(_), false) => e.push(FieldError::new(Field::BillingAddress, ErrorCode::NotApplicable)),
            (None, false) => {}
        }
        match (&self.callback_time, has(Part::CallbackTime)) {
            (Some(t), true) if !t.trim().is_empty() && NaiveTime::parse_from_str(t.trim(), "%H:%M").is_err() => {
                e.push(FieldError::new(Field::CallbackTime, ErrorCode::InvalidTime))
            }
            (Some(_), false) => e.push(FieldError::new(Field::CallbackTime, ErrorCode::NotApplicable)),
            _ => {}
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            e.push(FieldError::new(Field::Attachments, ErrorCode::TooManyAttachments));
        }
        super::answers::validate(self, flow, now, &mut e);
        e
    }

    /// The title stored when the visitor gives none: the visitor's, else the flow's
    /// `title_template` with each `{path}` replaced (`"Refund request: Fabrikam"`), else `""`.
    pub fn effective_title(&self, profile: &Profile) -> String {
        let t = self.title.trim();
        if !t.is_empty() {
            return t.to_string();
        }
        let Some(template) = profile.flow(self.kind.as_str()).and_then(|f| f.title_template.as_deref()) else {
            return String::new();
        };
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let path = &rest[open + 1..open + close];
            out.push_str(&super::answers::lookup(&value, path));
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out.trim().to_string()
    }
}

fn validate_refund(r: &RefundDetails, e: &mut Vec<FieldError>) {
    if r.customer_subscription_id.trim().is_empty() {
        e.push(FieldError::new(Field::RefundCustomerSubscriptionId, ErrorCode::Required));
    } else if !is_guid(&r.customer_subscription_id) {
        e.push(FieldError::new(Field::RefundCustomerSubscriptionId, ErrorCode::InvalidGuid));
    }
    check_len(e, Field::RefundCustomerName, &r.customer_name);
    if r.amount.trim().is_empty() {
        e.push(FieldError::new(Field::RefundAmount, ErrorCode::Required));
    } else if !is_amount(&r.amount) {
        e.push(FieldError::new(Field::RefundAmount, ErrorCode::InvalidAmount));
    }
    // Optional (not in the source's form); when given, ISO 4217's three capital letters.
    if !r.currency.is_empty() && (r.currency.len() != 3 || !r.currency.chars().all(|c| c.is_ascii_uppercase())) {
        e.push(FieldError::new(Field::RefundCurrency, ErrorCode::InvalidCurrency));
    }
    let date = |field: Field, v: &str, e: &mut Vec<FieldError>| {
        if v.trim().is_empty() {
            e.push(FieldError::new(field, ErrorCode::Required));
            None
        } else {
            let d = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
            if d.is_none() {
                e.push(FieldError::new(field, ErrorCode::InvalidDate));
            }
            d
        }
    };
    let start = date(Field::RefundPeriodStart, &r.period_start, e);
    let end = date(Field::RefundPeriodEnd, &r.period_end, e);
    date(Field::RefundBillingDate, &r.billing_date, e);
    if let (Some(s), Some(en)) = (start, end) {
        if en < s {
            e.push(FieldError::new(Field::RefundPeriodEnd, ErrorCode::InvalidPeriod));
        }
    }
    check_len(e, Field::RefundReason, &r.reason);
}

fn validate_occurrence(lo: &LastOccurrence, now: chrono::DateTime<chrono::Utc>, e: &mut Vec<FieldError>) {
    let parts = [lo.date.trim(), lo.time.trim(), lo.time_zone.trim()];
    let given = parts.iter().filter(|p| !p.is_empty()).count();
    if given == 0 {
        return;
    }
    let before = e.len();
    for (p, name) in
        parts.iter().zip([Field::LastOccurrenceDate, Field::LastOccurrenceTime, Field::LastOccurrenceTimeZone])
    {
        if p.is_empty() {
            e.push(FieldError::new(name, ErrorCode::Incomplete));
        }
    }
    let date = NaiveDate::parse_from_str(parts[0], "%Y-%m-%d").ok();
    if !parts[0].is_empty() && date.is_none() {
        e.push(FieldError::new(Field::LastOccurrenceDate, ErrorCode::InvalidDate));
    }
    let time = NaiveTime::parse_from_str(parts[1], "%H:%M").ok();
    if !parts[1].is_empty() && time.is_none() {
        e.push(FieldError::new(Field::LastOccurrenceTime, ErrorCode::InvalidTime));
    }
    let tz = Zone::new(parts[2]);
    if !parts[2].is_empty() && tz.is_none() {
        e.push(FieldError::new(Field::LastOccurrenceTimeZone, ErrorCode::InvalidTimeZone));
    }
    if e.len() == before {
        if let (Some(d), Some(t), Some(tz)) = (date, time, tz) {
            let local = NaiveDateTime::new(d, t);
            if let Some(at) = tz.from_local(local).earliest() {
                if at > now + chrono::Duration::minutes(1) {
                    e.push(FieldError::new(Field::LastOccurrenceDate, ErrorCode::InFuture));
                }
            }
        }
    }
}
