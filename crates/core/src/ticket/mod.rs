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
use crate::names::wire_names;
use crate::Locale;
use serde::{Deserialize, Serialize};

mod field;
mod form;
mod messages;
mod rules;
#[cfg(test)]
mod tests;
mod validate;

pub use field::{Field, Step};
pub use rules::{can_reopen, initial_response, Availability, ResponseTime, REOPEN_WINDOW_DAYS};
pub use validate::{is_amount, is_guid, is_valid_email, normalize_phone, ErrorCode, FieldError};

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
    /// Whether the kind is a billing matter (issue type must be billing and subscription).
    pub fn is_billing(self) -> bool {
        matches!(self, TicketKind::Refund | TicketKind::SubscriptionValidation)
    }

    /// Whether title and description are required (else optional).
    pub fn needs_title(self) -> bool {
        matches!(self, TicketKind::SupportRequest | TicketKind::OnBehalf)
    }

    /// Whether a description is required (support, partner and callback requests).
    pub fn needs_description(self) -> bool {
        matches!(self, TicketKind::SupportRequest | TicketKind::OnBehalf | TicketKind::Callback)
    }

    /// The plan this kind imposes: Cloud Solution Provider for a partner filing on behalf of a
    /// customer (Partner Center), else none.
    pub fn fixed_plan(self) -> Option<SupportPlan> {
        (self == TicketKind::OnBehalf).then_some(SupportPlan::CloudSolutionProvider)
    }

    /// The issue type this kind imposes: billing and subscription for refunds and subscription
    /// validation (Azure Marketplace publishing issues), else none.
    pub fn fixed_issue_type(self) -> Option<IssueType> {
        self.is_billing().then_some(IssueType::BillingSubscription)
    }
}

wire_names!(TicketKind, "ticket kind", {
    SupportRequest => "support_request",
    OnBehalf => "on_behalf",
    Refund => "refund",
    SubscriptionValidation => "subscription_validation",
    Callback => "callback",
});

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
    /// ISO 4217 currency code (`"EUR"`), optional (`""`): the Marketplace refund form of the
    /// source (Azure Marketplace publishing issues) asks for the customer's subscription, name,
    /// amount, credit period, billing date and reason, not for a currency.
    #[serde(default)]
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
    /// Highest severity allowed for this issue type under `plan`. Under Office 365 operated by
    /// 21Vianet: A for technical issues only, B otherwise ("Severity A is available only for
    /// technical support": the 21Vianet part of the Office 365 support description, seed
    /// `002_9fd5ab9106260d12.txt`, moniker `o365-21vianet`). Under every other plan the
    /// worldwide description has no such rule: A for every issue type.
    pub fn max_severity(self, plan: SupportPlan) -> Severity {
        match (plan, self) {
            (SupportPlan::Vianet21, IssueType::Technical)
            | (
                SupportPlan::Business
                | SupportPlan::Enterprise
                | SupportPlan::Elevated
                | SupportPlan::CloudSolutionProvider,
                _,
            ) => Severity::A,
            (SupportPlan::Vianet21, _) => Severity::B,
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

wire_names!(IssueType, "issue type", {
    Technical => "technical",
    BillingSubscription => "billing_subscription",
    PreSales => "pre_sales",
});

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

wire_names!(Severity, "severity", { A => "A", B => "B", C => "C" });

wire_names!(SupportPlan, "support plan", {
    Business => "business",
    Enterprise => "enterprise",
    Elevated => "elevated",
    CloudSolutionProvider => "cloud_solution_provider",
    Vianet21 => "vianet21",
});

/// How the visitor wants to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    /// By email.
    Email,
    /// By phone (a phone number is then required).
    Phone,
}

wire_names!(ContactMethod, "contact method", { Email => "email", Phone => "phone" });

/// When the problem last happened: wall-clock date and time in an IANA zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
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
