//! Support tickets: schema, severity rules, initial response times, and validation.
//!
//! The pane validates as the visitor types and the intake server validates again with the
//! same [`TicketRequest::validate`]; a request is stored only when it returns no error.
//!
//! Sources of the rules:
//! - request flow and fields (issue type, plan, severity, problem type, title, details, time
//!   of last occurrence with date, time and time zone, preferred contact method): Azure
//!   "create a billing/subscription support ticket";
//! - severity definitions (A critical, B high, C non-critical) and initial response times per
//!   plan: Office 365 support service description;
//! - partner (Cloud Solution Provider) response times A 2 h, B 4 h, C 8 h: Partner Center
//!   "escalate on behalf of a customer";
//! - "severity A only for technical support; billing and subscription at most B" and 21Vianet
//!   times (A 1 h, B 1 business day, C 3 business days): Office 365 operated by 21Vianet;
//! - filing on behalf of a customer (plan "Cloud Solution Provider", the partner's own contact
//!   details): Partner Center;
//! - credit/refund request (customer subscription id, customer name, amount, credit period,
//!   billing date of that period, reason) and subscription validation (subscription id and
//!   billing address): Azure Marketplace publishing issues;
//! - callback ("contact me": description, number, expected wait shown): contact support for
//!   business products;
//! - reopening up to 14 days after closing: O365 support description.

use crate::identity::SignedIdentity;
use crate::Locale;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The flows of the seeds; each has its own fields and rules (see [`TicketRequest::validate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// Basics → problem → contact: the general support request.
    #[default]
    SupportRequest,
    /// A partner files for a customer: plan must be Cloud Solution Provider, the contact is the
    /// partner, the customer is named in `customer`.
    OnBehalf,
    /// Marketplace credit or refund for a customer: `refund` details, billing issue.
    Refund,
    /// Check that a subscription id and billing address belong to a known customer.
    SubscriptionValidation,
    /// "Contact me": a description and a number to call back, optional preferred time.
    Callback,
}

impl TicketKind {
    /// Every kind, in form order.
    pub const ALL: [TicketKind; 5] = [
        TicketKind::SupportRequest,
        TicketKind::OnBehalf,
        TicketKind::Refund,
        TicketKind::SubscriptionValidation,
        TicketKind::Callback,
    ];

    /// Whether the kind is a billing matter (issue type must be billing and subscription).
    pub fn is_billing(self) -> bool {
        matches!(self, TicketKind::Refund | TicketKind::SubscriptionValidation)
    }

    /// Whether title and description are required (else optional).
    pub fn needs_title(self) -> bool {
        matches!(self, TicketKind::SupportRequest | TicketKind::OnBehalf)
    }
}

/// The customer a partner files for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Customer (company) name, 2 to 200 characters.
    pub name: String,
    /// Customer tenant id or domain, optional.
    #[serde(default)]
    pub tenant: String,
}

/// Details of a Marketplace credit or refund request (Azure Marketplace publishing issues).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RefundDetails {
    /// The customer's subscription id: a GUID (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
    pub customer_subscription_id: String,
    /// The customer's name.
    pub customer_name: String,
    /// Credit amount, decimal with at most 2 decimals, greater than 0 (`"120.50"`).
    pub amount: String,
    /// ISO 4217 currency code (`"EUR"`).
    pub currency: String,
    /// First day of the credit period, `YYYY-MM-DD`.
    pub period_start: String,
    /// Last day of the credit period, `YYYY-MM-DD`, not before `period_start`.
    pub period_end: String,
    /// Billing date of that period, `YYYY-MM-DD`.
    pub billing_date: String,
    /// Reason for the credit, 10 to 2,000 characters.
    pub reason: String,
}

/// What the request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueType {
    /// Installation, setup, configuration, service failures.
    Technical,
    /// Invoices, payments, licences, subscription management.
    BillingSubscription,
    /// Plans, pricing, trials, finding a partner (before buying).
    PreSales,
}

impl IssueType {
    /// Every issue type, in form order.
    pub const ALL: [IssueType; 3] = [IssueType::Technical, IssueType::BillingSubscription, IssueType::PreSales];

    /// Highest severity allowed for this issue type: A for technical, B otherwise
    /// (21Vianet service description: "Severity A is available only for technical support").
    pub fn max_severity(self) -> Severity {
        match self {
            IssueType::Technical => Severity::A,
            _ => Severity::B,
        }
    }
}

/// Business impact of the issue, as assessed by the customer when filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Critical: one or more services inaccessible or unusable, production severely affected,
    /// many users affected (O365 support description).
    A,
    /// High: service usable but impaired, moderate business impact, can wait for business
    /// hours (O365 support description).
    B,
    /// Non-critical: minimal business impact, a workaround exists (O365 support description).
    C,
}

impl Severity {
    /// Every severity, most critical first.
    pub const ALL: [Severity; 3] = [Severity::A, Severity::B, Severity::C];
}

/// Support plan of the subscription; decides initial response times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportPlan {
    /// Microsoft 365 Business Basic / Standard / Apps for business.
    Business,
    /// Office 365 Enterprise E1/E3/F1, Government, Education, standalone plans.
    Enterprise,
    /// Paid elevated support (Premier, Professional Direct...).
    Elevated,
    /// Partner filing on behalf of a customer (Cloud Solution Provider program).
    CloudSolutionProvider,
    /// Office 365 operated by 21Vianet (China).
    Vianet21,
}

impl SupportPlan {
    /// Every plan, in form order.
    pub const ALL: [SupportPlan; 5] = [
        SupportPlan::Business,
        SupportPlan::Enterprise,
        SupportPlan::Elevated,
        SupportPlan::CloudSolutionProvider,
        SupportPlan::Vianet21,
    ];
}

/// How soon support commits to a first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum ResponseTime {
    /// Within this many hours.
    Hours(u32),
    /// By the next day.
    NextDay,
    /// Within this many business days.
    BusinessDays(u32),
    /// No response-time commitment.
    NoCommitment,
}

/// When the request is worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Around the clock, every day.
    TwentyFourSeven,
    /// Local business hours only.
    BusinessHours,
}

/// Initial response objective for `plan` and `severity`.
///
/// Figures: O365 support description ("Technical support initial response times": business
/// plans A 1 h 24/7, B and C business hours without commitment; enterprise A 1 h, B next day,
/// C no commitment, 24/7; elevated A 1 h, B 2 h, C 4 h); Partner Center FAQ (CSP: A 2 h, B 4 h,
/// C 8 h, English; local language in business hours); 21Vianet (A 1 h 24/7, B 1 business day,
/// C 3 business days, 09:00–24:00 Beijing time).
pub fn initial_response(plan: SupportPlan, severity: Severity) -> (ResponseTime, Availability) {
    use Availability::*;
    use ResponseTime::*;
    use Severity::*;
    match (plan, severity) {
        (_, A) if plan != SupportPlan::CloudSolutionProvider => (Hours(1), TwentyFourSeven),
        (SupportPlan::Business, _) => (NoCommitment, BusinessHours),
        (SupportPlan::Enterprise, B) => (NextDay, TwentyFourSeven),
        (SupportPlan::Enterprise, _) => (NoCommitment, TwentyFourSeven),
        (SupportPlan::Elevated, B) => (Hours(2), TwentyFourSeven),
        (SupportPlan::Elevated, _) => (Hours(4), TwentyFourSeven),
        (SupportPlan::CloudSolutionProvider, A) => (Hours(2), TwentyFourSeven),
        (SupportPlan::CloudSolutionProvider, B) => (Hours(4), TwentyFourSeven),
        (SupportPlan::CloudSolutionProvider, C) => (Hours(8), TwentyFourSeven),
        (SupportPlan::Vianet21, B) => (BusinessDays(1), BusinessHours),
        (SupportPlan::Vianet21, _) => (BusinessDays(3), BusinessHours),
    }
}

/// How the visitor wants to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    /// By email.
    Email,
    /// By phone (a phone number is then required).
    Phone,
}

/// When the problem last happened: wall-clock date and time in an IANA zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LastOccurrence {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, 24-hour.
    pub time: String,
    /// IANA time zone (`"Europe/Paris"`).
    pub time_zone: String,
}

/// A ticket as submitted by the pane (`POST /api/tickets` body, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketRequest {
    /// Which flow; default `support_request`.
    #[serde(default)]
    pub kind: TicketKind,
    /// What the request is about.
    pub issue_type: IssueType,
    /// Customer-assessed severity; see [`IssueType::max_severity`].
    pub severity: Severity,
    /// Support plan of the subscription.
    pub plan: SupportPlan,
    /// Subscription or account id concerned (required GUID for subscription validation,
    /// optional otherwise).
    #[serde(default)]
    pub subscription_id: String,
    /// Problem type and category as the visitor picked them (free text, at most 200
    /// characters).
    #[serde(default)]
    pub problem_type: String,
    /// Short summary, 5 to 120 characters (required for support requests and partner
    /// requests; optional otherwise).
    #[serde(default)]
    pub title: String,
    /// Details, 20 to 5,000 characters (required for support, partner and callback requests).
    #[serde(default)]
    pub description: String,
    /// Optional time of last occurrence; all three parts or none.
    #[serde(default)]
    pub last_occurrence: Option<LastOccurrence>,
    /// Name of the person to contact, 1 to 100 characters.
    pub contact_name: String,
    /// Email of the person to contact.
    pub email: String,
    /// Phone number (international form recommended); required when `preferred_contact` is
    /// `phone`.
    #[serde(default)]
    pub phone: String,
    /// Preferred contact method.
    pub preferred_contact: ContactMethod,
    /// Content locale of the pane when filed.
    pub locale: Locale,
    /// ISO 3166-1 alpha-2 region of the visitor, if known.
    #[serde(default)]
    pub region: Option<String>,
    /// Article the visitor read before escalating (deflection tracking), if any.
    #[serde(default)]
    pub from_article: Option<String>,
    /// The customer, for partner requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// Refund details, for refund requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<RefundDetails>,
    /// Billing address, for subscription validation (10 to 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<String>,
    /// Preferred callback time `HH:MM` in the visitor's zone, for callbacks (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_time: Option<String>,
    /// Ids of attachments uploaded first (`POST /api/attachments`), at most
    /// [`MAX_ATTACHMENTS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// Identity signed by the host's backend, if the host page passed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<SignedIdentity>,
}

/// Most attachments on one ticket.
pub const MAX_ATTACHMENTS: usize = 5;
/// Largest attachment, in bytes (5 MiB).
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;
/// Accepted attachment types (MIME type, extensions shown in the UI). The intake checks the
/// type from the file's first bytes, not from its name.
pub const ATTACHMENT_TYPES: [(&str, &str); 6] = [
    ("image/png", "PNG"),
    ("image/jpeg", "JPEG"),
    ("image/gif", "GIF"),
    ("application/pdf", "PDF"),
    ("application/zip", "ZIP"),
    ("text/plain", "TXT/LOG"),
];

/// Days after closing during which a request can be reopened (O365 support description).
pub const REOPEN_WINDOW_DAYS: i64 = 14;

/// Whether a request closed at `closed_at` can be reopened at `now`: up to and including 14
/// days after closing.
pub fn can_reopen(closed_at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    now >= closed_at && now - closed_at <= chrono::Duration::days(REOPEN_WINDOW_DAYS)
}

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
    /// Partner requests use the Cloud Solution Provider plan.
    PlanMustBeCsp,
    /// The field does not belong to this kind of request, or the kind requires another value.
    NotApplicable,
    /// Too many attachments.
    TooManyAttachments,
}

/// A validation error on one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON path of the field (`"email"`, `"last_occurrence.date"`).
    pub field: String,
    /// Reason.
    pub code: ErrorCode,
}

impl FieldError {
    fn new(field: &str, code: ErrorCode) -> Self {
        FieldError { field: field.to_string(), code }
    }

    /// A sentence for the visitor, in `locale`, naming what to fix.
    pub fn message(&self, locale: Locale) -> String {
        error_message(self.code, &self.field, locale)
    }
}

/// Length limits in characters (Unicode scalar values) after trimming.
pub const TITLE_LEN: (usize, usize) = (5, 120);
/// Length limits of the description.
pub const DESCRIPTION_LEN: (usize, usize) = (20, 5000);
/// Length limits of the contact name.
pub const NAME_LEN: (usize, usize) = (1, 100);

fn check_len(errors: &mut Vec<FieldError>, field: &str, value: &str, (min, max): (usize, usize)) {
    let n = value.trim().chars().count();
    if n == 0 {
        errors.push(FieldError::new(field, ErrorCode::Required));
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
    /// Checks every field and every rule; returns all errors (empty means valid).
    ///
    /// `now` is the current instant (UTC), used to reject a last occurrence in the future (one
    /// minute of clock skew allowed).
    pub fn validate(&self, now: chrono::DateTime<chrono::Utc>) -> Vec<FieldError> {
        use TicketKind::*;
        let mut e = Vec::new();
        if self.kind.is_billing() && self.issue_type != IssueType::BillingSubscription {
            e.push(FieldError::new("issue_type", ErrorCode::NotApplicable));
        }
        if self.severity < self.issue_type.max_severity() {
            e.push(FieldError::new("severity", ErrorCode::SeverityNotAllowed));
        }
        if self.kind == OnBehalf && self.plan != SupportPlan::CloudSolutionProvider {
            e.push(FieldError::new("plan", ErrorCode::PlanMustBeCsp));
        }
        if self.kind == SubscriptionValidation {
            if self.subscription_id.trim().is_empty() {
                e.push(FieldError::new("subscription_id", ErrorCode::Required));
            } else if !is_guid(&self.subscription_id) {
                e.push(FieldError::new("subscription_id", ErrorCode::InvalidGuid));
            }
        } else if self.subscription_id.chars().count() > 100 {
            e.push(FieldError::new("subscription_id", ErrorCode::TooLong));
        }
        if self.problem_type.chars().count() > 200 {
            e.push(FieldError::new("problem_type", ErrorCode::TooLong));
        }
        if self.kind.needs_title() || !self.title.trim().is_empty() {
            check_len(&mut e, "title", &self.title, TITLE_LEN);
        }
        if matches!(self.kind, SupportRequest | OnBehalf | Callback) || !self.description.trim().is_empty() {
            check_len(&mut e, "description", &self.description, DESCRIPTION_LEN);
        }
        check_len(&mut e, "contact_name", &self.contact_name, NAME_LEN);
        if self.email.trim().is_empty() {
            e.push(FieldError::new("email", ErrorCode::Required));
        } else if !is_valid_email(&self.email) {
            e.push(FieldError::new("email", ErrorCode::InvalidEmail));
        }
        let phone_needed = self.preferred_contact == ContactMethod::Phone || self.kind == Callback;
        if self.phone.trim().is_empty() {
            if phone_needed {
                e.push(FieldError::new("phone", ErrorCode::Required));
            }
        } else if normalize_phone(&self.phone).is_none() {
            e.push(FieldError::new("phone", ErrorCode::InvalidPhone));
        }
        if let Some(r) = &self.region {
            if r.len() != 2 || !r.chars().all(|c| c.is_ascii_uppercase()) {
                e.push(FieldError::new("region", ErrorCode::InvalidRegion));
            }
        }
        if let Some(lo) = &self.last_occurrence {
            validate_occurrence(lo, now, &mut e);
        }
        // Kind-specific parts: required where the kind needs them, refused elsewhere.
        match (&self.customer, self.kind) {
            (None, OnBehalf) => e.push(FieldError::new("customer.name", ErrorCode::Required)),
            (Some(c), OnBehalf) => {
                check_len(&mut e, "customer.name", &c.name, (2, 200));
                if c.tenant.chars().count() > 200 {
                    e.push(FieldError::new("customer.tenant", ErrorCode::TooLong));
                }
            }
            (Some(_), _) => e.push(FieldError::new("customer", ErrorCode::NotApplicable)),
            (None, _) => {}
        }
        match (&self.refund, self.kind) {
            (None, Refund) => e.push(FieldError::new("refund.customer_subscription_id", ErrorCode::Required)),
            (Some(r), Refund) => validate_refund(r, &mut e),
            (Some(_), _) => e.push(FieldError::new("refund", ErrorCode::NotApplicable)),
            (None, _) => {}
        }
        match (&self.billing_address, self.kind) {
            (None, SubscriptionValidation) => e.push(FieldError::new("billing_address", ErrorCode::Required)),
            (Some(a), SubscriptionValidation) => check_len(&mut e, "billing_address", a, (10, 500)),
            (Some(_), _) => e.push(FieldError::new("billing_address", ErrorCode::NotApplicable)),
            (None, _) => {}
        }
        match (&self.callback_time, self.kind) {
            (Some(t), Callback) if !t.trim().is_empty() && NaiveTime::parse_from_str(t.trim(), "%H:%M").is_err() => {
                e.push(FieldError::new("callback_time", ErrorCode::InvalidTime))
            }
            (Some(_), k) if k != Callback => e.push(FieldError::new("callback_time", ErrorCode::NotApplicable)),
            _ => {}
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            e.push(FieldError::new("attachments", ErrorCode::TooManyAttachments));
        }
        e
    }

    /// The title stored for kinds where it is optional: the visitor's, else a summary of the
    /// kind (`"Refund request: Fabrikam"`).
    pub fn effective_title(&self) -> String {
        let t = self.title.trim();
        if !t.is_empty() {
            return t.to_string();
        }
        match self.kind {
            TicketKind::Refund => {
                format!("Refund request: {}", self.refund.as_ref().map(|r| r.customer_name.trim()).unwrap_or(""))
            }
            TicketKind::SubscriptionValidation => format!("Subscription validation: {}", self.subscription_id.trim()),
            TicketKind::Callback => "Callback request".to_string(),
            _ => String::new(),
        }
    }
}

fn validate_refund(r: &RefundDetails, e: &mut Vec<FieldError>) {
    if r.customer_subscription_id.trim().is_empty() {
        e.push(FieldError::new("refund.customer_subscription_id", ErrorCode::Required));
    } else if !is_guid(&r.customer_subscription_id) {
        e.push(FieldError::new("refund.customer_subscription_id", ErrorCode::InvalidGuid));
    }
    check_len(e, "refund.customer_name", &r.customer_name, (2, 200));
    if r.amount.trim().is_empty() {
        e.push(FieldError::new("refund.amount", ErrorCode::Required));
    } else if !is_amount(&r.amount) {
        e.push(FieldError::new("refund.amount", ErrorCode::InvalidAmount));
    }
    if r.currency.len() != 3 || !r.currency.chars().all(|c| c.is_ascii_uppercase()) {
        e.push(FieldError::new("refund.currency", ErrorCode::InvalidCurrency));
    }
    let date = |field: &str, v: &str, e: &mut Vec<FieldError>| {
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
    let start = date("refund.period_start", &r.period_start, e);
    let end = date("refund.period_end", &r.period_end, e);
    date("refund.billing_date", &r.billing_date, e);
    if let (Some(s), Some(en)) = (start, end) {
        if en < s {
            e.push(FieldError::new("refund.period_end", ErrorCode::InvalidPeriod));
        }
    }
    check_len(e, "refund.reason", &r.reason, (10, 2000));
}

fn validate_occurrence(lo: &LastOccurrence, now: chrono::DateTime<chrono::Utc>, e: &mut Vec<FieldError>) {
    let parts = [lo.date.trim(), lo.time.trim(), lo.time_zone.trim()];
    let given = parts.iter().filter(|p| !p.is_empty()).count();
    if given == 0 {
        return;
    }
    let before = e.len();
    for (p, name) in parts.iter().zip(["last_occurrence.date", "last_occurrence.time", "last_occurrence.time_zone"]) {
        if p.is_empty() {
            e.push(FieldError::new(name, ErrorCode::Incomplete));
        }
    }
    let date = NaiveDate::parse_from_str(parts[0], "%Y-%m-%d").ok();
    if !parts[0].is_empty() && date.is_none() {
        e.push(FieldError::new("last_occurrence.date", ErrorCode::InvalidDate));
    }
    let time = NaiveTime::parse_from_str(parts[1], "%H:%M").ok();
    if !parts[1].is_empty() && time.is_none() {
        e.push(FieldError::new("last_occurrence.time", ErrorCode::InvalidTime));
    }
    let tz: Option<Tz> = parts[2].parse().ok();
    if !parts[2].is_empty() && tz.is_none() {
        e.push(FieldError::new("last_occurrence.time_zone", ErrorCode::InvalidTimeZone));
    }
    if e.len() == before {
        if let (Some(d), Some(t), Some(tz)) = (date, time, tz) {
            let local = NaiveDateTime::new(d, t);
            use chrono::TimeZone;
            if let Some(at) = tz.from_local_datetime(&local).earliest() {
                if at.with_timezone(&chrono::Utc) > now + chrono::Duration::minutes(1) {
                    e.push(FieldError::new("last_occurrence.date", ErrorCode::InFuture));
                }
            }
        }
    }
}

fn error_message(code: ErrorCode, field: &str, locale: Locale) -> String {
    use ErrorCode::*;
    let (min, max) = match field {
        "title" => TITLE_LEN,
        "description" => DESCRIPTION_LEN,
        "customer.name" | "refund.customer_name" => (2, 200),
        "refund.reason" => (10, 2000),
        "billing_address" => (10, 500),
        _ => NAME_LEN,
    };
    match (code, locale) {
        (Required, Locale::Fr) => "Ce champ est obligatoire.".into(),
        (Required, Locale::En) => "This field is required.".into(),
        (Required, Locale::De) => "Dieses Feld ist erforderlich.".into(),
        (TooShort, Locale::Fr) => format!("Écrivez au moins {min} caractères."),
        (TooShort, Locale::En) => format!("Write at least {min} characters."),
        (TooShort, Locale::De) => format!("Schreiben Sie mindestens {min} Zeichen."),
        (TooLong, Locale::Fr) => format!("{max} caractères au maximum."),
        (TooLong, Locale::En) => format!("At most {max} characters."),
        (TooLong, Locale::De) => format!("Höchstens {max} Zeichen."),
        (InvalidEmail, Locale::Fr) => "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.".into(),
        (InvalidEmail, Locale::En) => "Enter a valid email address, such as name@example.com.".into(),
        (InvalidEmail, Locale::De) => {
            "Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.".into()
        }
        (InvalidPhone, Locale::Fr) => "Saisissez un numéro de 6 à 15 chiffres, par exemple +33 1 23 45 67 89.".into(),
        (InvalidPhone, Locale::En) => "Enter a number of 6 to 15 digits, such as +1 425 555 0100.".into(),
        (InvalidPhone, Locale::De) => {
            "Geben Sie eine Nummer mit 6 bis 15 Ziffern ein, zum Beispiel +49 30 1234 5678.".into()
        }
        (SeverityNotAllowed, Locale::Fr) => {
            "La gravité A est réservée aux problèmes techniques ; choisissez B ou C.".into()
        }
        (SeverityNotAllowed, Locale::En) => "Severity A is for technical issues only; choose B or C.".into(),
        (SeverityNotAllowed, Locale::De) => {
            "Schweregrad A gilt nur für technische Probleme; wählen Sie B oder C.".into()
        }
        (InvalidDate, Locale::Fr) => "Date attendue au format AAAA-MM-JJ.".into(),
        (InvalidDate, Locale::En) => "Expected a date as YYYY-MM-DD.".into(),
        (InvalidDate, Locale::De) => "Datum im Format JJJJ-MM-TT erwartet.".into(),
        (InvalidTime, Locale::Fr) => "Heure attendue au format HH:MM.".into(),
        (InvalidTime, Locale::En) => "Expected a time as HH:MM.".into(),
        (InvalidTime, Locale::De) => "Uhrzeit im Format HH:MM erwartet.".into(),
        (InvalidTimeZone, Locale::Fr) => "Choisissez un fuseau horaire de la liste.".into(),
        (InvalidTimeZone, Locale::En) => "Choose a time zone from the list.".into(),
        (InvalidTimeZone, Locale::De) => "Wählen Sie eine Zeitzone aus der Liste.".into(),
        (InFuture, Locale::Fr) => "Cette date est dans le futur.".into(),
        (InFuture, Locale::En) => "This date is in the future.".into(),
        (InFuture, Locale::De) => "Dieses Datum liegt in der Zukunft.".into(),
        (Incomplete, Locale::Fr) => "Indiquez la date, l’heure et le fuseau horaire ensemble.".into(),
        (Incomplete, Locale::En) => "Give the date, time and time zone together.".into(),
        (Incomplete, Locale::De) => "Geben Sie Datum, Uhrzeit und Zeitzone zusammen an.".into(),
        (InvalidRegion, Locale::Fr) => "Région inconnue.".into(),
        (InvalidRegion, Locale::En) => "Unknown region.".into(),
        (InvalidRegion, Locale::De) => "Unbekannte Region.".into(),
        (InvalidGuid, Locale::Fr) => {
            "Identifiant attendu au format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (chiffres 0-9 et lettres a-f).".into()
        }
        (InvalidGuid, Locale::En) => {
            "Expected an id like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (digits 0-9 and letters a-f).".into()
        }
        (InvalidGuid, Locale::De) => {
            "Kennung im Format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx erwartet (Ziffern 0-9 und Buchstaben a-f).".into()
        }
        (InvalidAmount, Locale::Fr) => {
            "Montant positif attendu, deux décimales au plus, avec un point : 120.50.".into()
        }
        (InvalidAmount, Locale::En) => "Expected a positive amount with at most two decimals, such as 120.50.".into(),
        (InvalidAmount, Locale::De) => {
            "Positiver Betrag mit höchstens zwei Nachkommastellen und Punkt erwartet, zum Beispiel 120.50.".into()
        }
        (InvalidCurrency, Locale::Fr) => "Code de devise ISO à trois lettres attendu, par exemple EUR.".into(),
        (InvalidCurrency, Locale::En) => "Expected a three-letter ISO currency code, such as EUR.".into(),
        (InvalidCurrency, Locale::De) => "Dreibuchstabiger ISO-Währungscode erwartet, zum Beispiel EUR.".into(),
        (InvalidPeriod, Locale::Fr) => "La fin de la période précède son début.".into(),
        (InvalidPeriod, Locale::En) => "The period ends before it starts.".into(),
        (InvalidPeriod, Locale::De) => "Das Ende des Zeitraums liegt vor seinem Beginn.".into(),
        (PlanMustBeCsp, Locale::Fr) => {
            "Pour le compte d’un client, choisissez la formule Fournisseur de solutions cloud.".into()
        }
        (PlanMustBeCsp, Locale::En) => "On behalf of a customer, choose the Cloud Solution Provider plan.".into(),
        (PlanMustBeCsp, Locale::De) => "Für einen Kunden wählen Sie den Plan Cloud Solution Provider.".into(),
        (NotApplicable, Locale::Fr) => "Ce champ ne convient pas à ce type de demande.".into(),
        (NotApplicable, Locale::En) => "This field does not fit this kind of request.".into(),
        (NotApplicable, Locale::De) => "Dieses Feld passt nicht zu dieser Art von Anfrage.".into(),
        (TooManyAttachments, Locale::Fr) => format!("{MAX_ATTACHMENTS} pièces jointes au maximum."),
        (TooManyAttachments, Locale::En) => format!("At most {MAX_ATTACHMENTS} attachments."),
        (TooManyAttachments, Locale::De) => format!("Höchstens {MAX_ATTACHMENTS} Anhänge."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z").unwrap().with_timezone(&Utc)
    }

    pub(crate) fn valid() -> TicketRequest {
        TicketRequest {
            kind: TicketKind::SupportRequest,
            subscription_id: String::new(),
            problem_type: String::new(),
            customer: None,
            refund: None,
            billing_address: None,
            callback_time: None,
            attachments: vec![],
            identity: None,
            issue_type: IssueType::Technical,
            severity: Severity::A,
            plan: SupportPlan::Enterprise,
            title: "Mail flow stopped".into(),
            description: "Nobody in the company can send or receive mail since 9:00.".into(),
            last_occurrence: Some(LastOccurrence {
                date: "2026-11-22".into(),
                time: "09:15".into(),
                time_zone: "Europe/Paris".into(),
            }),
            contact_name: "Ada Admin".into(),
            email: "ada@example.com".into(),
            phone: "+33 1 23 45 67 89".into(),
            preferred_contact: ContactMethod::Phone,
            locale: Locale::En,
            region: Some("FR".into()),
            from_article: None,
        }
    }

    fn codes(t: &TicketRequest) -> Vec<(String, ErrorCode)> {
        t.validate(now()).into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_complete_ticket_is_valid() {
        assert!(valid().validate(now()).is_empty());
    }

    #[test]
    fn severity_a_is_for_technical_issues_only() {
        let mut t = valid();
        t.issue_type = IssueType::BillingSubscription;
        assert_eq!(codes(&t), vec![("severity".into(), ErrorCode::SeverityNotAllowed)]);
        t.severity = Severity::B;
        assert!(codes(&t).is_empty());
        t.issue_type = IssueType::PreSales;
        t.severity = Severity::A;
        assert_eq!(codes(&t)[0].1, ErrorCode::SeverityNotAllowed);
    }

    #[test]
    fn required_and_length_errors() {
        let mut t = valid();
        t.title = "  ".into();
        t.description = "too short".into();
        t.contact_name = "x".repeat(101);
        t.email = "".into();
        let c = codes(&t);
        assert!(c.contains(&("title".into(), ErrorCode::Required)));
        assert!(c.contains(&("description".into(), ErrorCode::TooShort)));
        assert!(c.contains(&("contact_name".into(), ErrorCode::TooLong)));
        assert!(c.contains(&("email".into(), ErrorCode::Required)));
    }

    #[test]
    fn email_and_phone_formats() {
        for bad in ["ada", "ada@", "@x.com", "a b@x.com", "ada@x", "ada@x..com", "a@b@c.com"] {
            assert!(!is_valid_email(bad), "{bad}");
        }
        assert!(is_valid_email("ada.l+test@sub.example.co.uk"));
        assert_eq!(normalize_phone("0033 1 23 45 67 89").as_deref(), Some("+33123456789"));
        assert_eq!(normalize_phone("(425) 555-0100").as_deref(), Some("4255550100"));
        assert_eq!(normalize_phone("12345"), None);
        assert_eq!(normalize_phone("+1 800 CALL-NOW"), None);
        let mut t = valid();
        t.phone = "".into();
        assert_eq!(codes(&t), vec![("phone".into(), ErrorCode::Required)]);
        t.preferred_contact = ContactMethod::Email;
        assert!(codes(&t).is_empty());
        t.phone = "abc".into();
        assert_eq!(codes(&t), vec![("phone".into(), ErrorCode::InvalidPhone)]);
    }

    #[test]
    fn last_occurrence_rules() {
        let mut t = valid();
        t.last_occurrence = Some(LastOccurrence { date: "2026-11-22".into(), time: "".into(), time_zone: "".into() });
        assert_eq!(codes(&t).len(), 2);
        t.last_occurrence =
            Some(LastOccurrence { date: "22/11/2026".into(), time: "25:00".into(), time_zone: "Mars/Olympus".into() });
        let c: Vec<_> = codes(&t).into_iter().map(|x| x.1).collect();
        assert_eq!(c, vec![ErrorCode::InvalidDate, ErrorCode::InvalidTime, ErrorCode::InvalidTimeZone]);
        // 14:00 in Paris is 13:00 UTC, after now (12:00 UTC)
        t.last_occurrence =
            Some(LastOccurrence { date: "2026-11-22".into(), time: "14:00".into(), time_zone: "Europe/Paris".into() });
        assert_eq!(codes(&t), vec![("last_occurrence.date".into(), ErrorCode::InFuture)]);
        t.last_occurrence = Some(LastOccurrence::default());
        assert!(codes(&t).is_empty());
    }

    #[test]
    fn response_times_follow_the_tables() {
        use ResponseTime::*;
        assert_eq!(initial_response(SupportPlan::Business, Severity::A), (Hours(1), Availability::TwentyFourSeven));
        assert_eq!(initial_response(SupportPlan::Business, Severity::B), (NoCommitment, Availability::BusinessHours));
        assert_eq!(initial_response(SupportPlan::Enterprise, Severity::B).0, NextDay);
        assert_eq!(initial_response(SupportPlan::Elevated, Severity::C).0, Hours(4));
        assert_eq!(initial_response(SupportPlan::CloudSolutionProvider, Severity::A).0, Hours(2));
        assert_eq!(initial_response(SupportPlan::CloudSolutionProvider, Severity::C).0, Hours(8));
        assert_eq!(initial_response(SupportPlan::Vianet21, Severity::C).0, BusinessDays(3));
    }

    #[test]
    fn messages_exist_in_every_locale() {
        let e = FieldError::new("title", ErrorCode::TooShort);
        assert!(e.message(Locale::Fr).contains('5'));
        assert!(e.message(Locale::En).starts_with("Write"));
        assert_eq!(e.message(Locale::De), "Schreiben Sie mindestens 5 Zeichen.");
    }

    fn refund() -> TicketRequest {
        let mut t = valid();
        t.kind = TicketKind::Refund;
        t.issue_type = IssueType::BillingSubscription;
        t.severity = Severity::B;
        t.title = String::new();
        t.description = String::new();
        t.last_occurrence = None;
        t.refund = Some(RefundDetails {
            customer_subscription_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            customer_name: "Fabrikam".into(),
            amount: "120.50".into(),
            currency: "EUR".into(),
            period_start: "2026-10-01".into(),
            period_end: "2026-10-31".into(),
            billing_date: "2026-11-01".into(),
            reason: "Service outage for the whole month.".into(),
        });
        t
    }

    #[test]
    fn refund_requests_check_guid_amount_currency_and_period() {
        assert!(codes(&refund()).is_empty(), "{:?}", codes(&refund()));
        assert_eq!(refund().effective_title(), "Refund request: Fabrikam");
        let mut t = refund();
        let r = t.refund.as_mut().unwrap();
        r.customer_subscription_id = "not-a-guid".into();
        r.amount = "-3".into();
        r.currency = "euro".into();
        r.period_end = "2026-09-01".into();
        let c: Vec<_> = codes(&t).into_iter().map(|(f, c)| (f, c)).collect();
        assert_eq!(
            c,
            vec![
                ("refund.customer_subscription_id".into(), ErrorCode::InvalidGuid),
                ("refund.amount".into(), ErrorCode::InvalidAmount),
                ("refund.currency".into(), ErrorCode::InvalidCurrency),
                ("refund.period_end".into(), ErrorCode::InvalidPeriod),
            ]
        );
        let mut t = refund();
        t.issue_type = IssueType::Technical;
        assert!(codes(&t).contains(&("issue_type".into(), ErrorCode::NotApplicable)));
        let mut t = refund();
        t.refund = None;
        assert_eq!(codes(&t), vec![("refund.customer_subscription_id".into(), ErrorCode::Required)]);
        for ok in ["1", "0.5", "120.50", "999999999999.99"] {
            assert!(is_amount(ok), "{ok}");
        }
        for bad in ["", "0", "0.00", "1.", ".5", "1.234", "1,5", "1e3", "-1", "1234567890123"] {
            assert!(!is_amount(bad), "{bad}");
        }
        assert!(is_guid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        assert!(!is_guid("{0f8fad5b-d9cb-469f-a165-70867728950e}"));
    }

    #[test]
    fn partner_requests_need_csp_and_a_customer() {
        let mut t = valid();
        t.kind = TicketKind::OnBehalf;
        assert_eq!(
            codes(&t),
            vec![("plan".into(), ErrorCode::PlanMustBeCsp), ("customer.name".into(), ErrorCode::Required)]
        );
        t.plan = SupportPlan::CloudSolutionProvider;
        t.customer = Some(Customer { name: "Fabrikam".into(), tenant: "fabrikam.onmicrosoft.com".into() });
        assert!(codes(&t).is_empty());
        let mut other = valid();
        other.customer = Some(Customer::default());
        assert_eq!(codes(&other), vec![("customer".into(), ErrorCode::NotApplicable)]);
    }

    #[test]
    fn subscription_validation_and_callback_rules() {
        let mut t = valid();
        t.kind = TicketKind::SubscriptionValidation;
        t.issue_type = IssueType::BillingSubscription;
        t.severity = Severity::C;
        t.title = String::new();
        t.description = String::new();
        assert_eq!(
            codes(&t),
            vec![("subscription_id".into(), ErrorCode::Required), ("billing_address".into(), ErrorCode::Required)]
        );
        t.subscription_id = "0f8fad5b-d9cb-469f-a165-70867728950e".into();
        t.billing_address = Some("1 Rue de la Paix, 75002 Paris".into());
        assert!(codes(&t).is_empty());
        let mut cb = valid();
        cb.kind = TicketKind::Callback;
        cb.title = String::new();
        cb.phone = String::new();
        cb.preferred_contact = ContactMethod::Email;
        cb.callback_time = Some("25:99".into());
        assert_eq!(
            codes(&cb),
            vec![("phone".into(), ErrorCode::Required), ("callback_time".into(), ErrorCode::InvalidTime)]
        );
        let mut t = valid();
        t.callback_time = Some("10:00".into());
        assert_eq!(codes(&t), vec![("callback_time".into(), ErrorCode::NotApplicable)]);
        t.callback_time = None;
        t.attachments = (0..6).map(|i| i.to_string()).collect();
        assert_eq!(codes(&t), vec![("attachments".into(), ErrorCode::TooManyAttachments)]);
    }

    #[test]
    fn reopen_window_is_fourteen_days() {
        let closed = DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z").unwrap().with_timezone(&Utc);
        let day = |d: i64| closed + chrono::Duration::days(d);
        assert!(can_reopen(closed, day(13)));
        assert!(can_reopen(closed, day(14)));
        assert!(!can_reopen(closed, day(14) + chrono::Duration::seconds(1)));
        assert!(!can_reopen(closed, day(15)));
        assert!(!can_reopen(closed, day(-1)));
    }

    #[test]
    fn unknown_json_fields_are_rejected() {
        let mut v = serde_json::to_value(valid()).unwrap();
        v["admin"] = serde_json::json!(true);
        assert!(serde_json::from_value::<TicketRequest>(v).is_err());
    }
}
