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
use std::collections::BTreeMap;

#[cfg(test)]
mod answer_tests;
mod answers;
mod field;
mod form;
mod messages;
mod rules;
#[cfg(test)]
mod tests;
mod validate;

pub use answers::{lookup, shown};
pub use field::{Field, Step};
pub use rules::{can_reopen, Availability, ResponseTime, REOPEN_WINDOW_DAYS};
pub use validate::{is_amount, is_guid, is_valid_email, normalize_phone, ErrorCode, FieldError};

/// `id_type!(Name, "what", { Const => "id", ... })`: an id of a portal profile entry,
/// serialised as its string, with constants for the default profile's ids.
macro_rules! id_type {
    ($(#[$doc:meta])* $ty:ident, { $($(#[$cdoc:meta])* $c:ident => $v:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $ty(pub std::borrow::Cow<'static, str>);

        #[allow(non_upper_case_globals)]
        impl $ty {
            $($(#[$cdoc])* pub const $c: $ty = $ty(std::borrow::Cow::Borrowed($v));)*

            /// The id (`"refund"`).
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id `s`.
            pub fn new(s: impl Into<String>) -> $ty {
                $ty(std::borrow::Cow::Owned(s.into()))
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($ty::new(s))
            }
        }

        impl PartialEq<str> for $ty {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
    };
}

id_type!(
    /// The flow of a request: an id of the profile's `flows` (the default profile's five
    /// flows have constants here).
    TicketKind, {
        /// Basics, problem, contact: the general support request.
        SupportRequest => "support_request",
        /// A partner files for a customer (Partner Center).
        OnBehalf => "on_behalf",
        /// Marketplace credit or refund for a customer (Azure Marketplace publishing issues).
        Refund => "refund",
        /// Check that a subscription id and billing address belong to a known customer.
        SubscriptionValidation => "subscription_validation",
        /// "Contact me": a description and a number to call back.
        Callback => "callback",
    }
);

impl Default for TicketKind {
    fn default() -> Self {
        TicketKind::SupportRequest
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

id_type!(
    /// What the request is about: an id of the profile's `issue_types`.
    IssueType, {
        /// Installation, setup, configuration, service failures.
        Technical => "technical",
        /// Invoices, payments, licences, subscription management.
        BillingSubscription => "billing_subscription",
        /// Plans, pricing, trials, finding a partner (before buying).
        PreSales => "pre_sales",
    }
);

id_type!(
    /// Business impact as assessed by the filer: an id of the profile's `severities`, whose
    /// order is the severity order (default profile: A critical, B high, C non-critical, O365
    /// support description).
    Severity, {
        /// Critical.
        A => "A",
        /// High.
        B => "B",
        /// Non-critical.
        C => "C",
    }
);

id_type!(
    /// Support plan: an id of the profile's `plans`; decides response times.
    SupportPlan, {
        /// Microsoft 365 Business Basic / Standard / Apps for business.
        Business => "business",
        /// Office 365 Enterprise E1/E3/F1, Government, Education, standalone plans.
        Enterprise => "enterprise",
        /// Paid elevated support (Premier, Professional Direct...).
        Elevated => "elevated",
        /// Partner filing on behalf of a customer (Cloud Solution Provider program).
        CloudSolutionProvider => "cloud_solution_provider",
        /// Office 365 operated by 21Vianet (China).
        Vianet21 => "vianet21",
    }
);

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
    /// Customer-assessed severity; see [`Profile::severity_allowed`](crate::profile::Profile::severity_allowed).
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
    /// Answers to the flow's own fields (the profile's `flows[].fields`), by field id; the
    /// shape of each answer follows its [`FieldType`](crate::profile::FieldType).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Whether the visitor ticked the host page's consent box before sending (the pane asks
    /// when the host sets `data-consent="required"`); stored with the ticket as the record of
    /// that consent. Absent means false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consent: bool,
    /// The profile the request is filed under: `"id"` from the pane (`""`: the intake's
    /// default); the intake stores `"id@version"` of the profile that validated it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub profile: String,
}

/// What an erased ticket's personal text reads as.
pub const ERASED: &str = "[erased]";

impl TicketRequest {
    /// The ticket with everything that may identify or describe a person removed, for erasure
    /// and retention (GDPR art. 17): title and description become [`ERASED`]; contact name,
    /// email, phone, subscription id, customer, refund details, billing address, callback time,
    /// attachments, identity and the flow's own answers are emptied. What counts stays: flow,
    /// issue type, severity, plan, problem type, locale, region, the article it came from,
    /// preferred contact method, time of last occurrence and profile.
    pub fn erased(&self) -> TicketRequest {
        TicketRequest {
            title: ERASED.into(),
            description: ERASED.into(),
            contact_name: String::new(),
            email: String::new(),
            phone: String::new(),
            subscription_id: String::new(),
            customer: None,
            refund: None,
            billing_address: None,
            callback_time: None,
            attachments: Vec::new(),
            identity: None,
            answers: BTreeMap::new(),
            ..self.clone()
        }
    }
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
