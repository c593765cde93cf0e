//! A portal profile: what differs between portals in their ticket forms, as data.
//!
//! One file (TOML or JSON, [`Profile::from_toml`] / [`Profile::from_json`], described by the
//! JSON Schema in `schema/profile.schema.json`) gives the flows with their steps and fields,
//! the plans, the severities, which issue types allow which severities under which plans, and
//! the response-time matrix with its availability. The pane and the intake validate a
//! [`TicketRequest`](crate::ticket::TicketRequest) against the same profile
//! ([`TicketRequest::validate`](crate::ticket::TicketRequest::validate)), and a stored ticket
//! records the profile id and version it was filed under.
//!
//! [`Profile::seeds`] is the shipped default: the five flows, plans, severity rules and
//! response times of the source documents (each figure's source is written next to it in
//! `default.toml`).

use crate::ticket::{Availability, ResponseTime};
use crate::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod check;
mod load;
pub mod pattern;

pub use check::ProfileError;
pub use load::line_and_column;

/// Text per locale: `{ en = "Billing", fr = "Facturation" }`, keys BCP 47 primary subtags.
/// `en` is required (the fallback for a locale the text lacks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The text in `locale`, else in English, else the first one given, else `""`.
    pub fn get(&self, locale: Locale) -> &str {
        self.0
            .get(locale.tag())
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// A text in English only.
    pub fn en(s: &str) -> Text {
        Text(BTreeMap::from([("en".to_string(), s.to_string())]))
    }
}

/// A portal profile; see the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable id of the profile, lower-case letters, digits and `-` (`"acme-cloud"`).
    pub id: String,
    /// Version of the profile, recorded on every ticket filed under it (`"2026-12-01"`).
    pub version: String,
    /// Name of the portal or organisation, for headings (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// The plan a new request starts with (an id of `plans`).
    pub default_plan: String,
    /// Support plans, in the order offered.
    pub plans: Vec<Plan>,
    /// Severities, most urgent first (the order is the severity order).
    pub severities: Vec<SeverityDef>,
    /// What a request can be about, in the order offered; the first is the default.
    pub issue_types: Vec<IssueTypeDef>,
    /// Named hours a response rule can run in, besides `always`, `business_hours` and
    /// `not_stated`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<NamedHours>,
    /// The response-time matrix: for a plan and a severity, the first rule that matches.
    pub responses: Vec<ResponseRule>,
    /// The request flows, in the order offered; the first is the default.
    pub flows: Vec<Flow>,
}

/// A support plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Id on the wire (`"enterprise"`).
    pub id: String,
    /// Label per locale.
    pub label: Text,
}

/// A severity: business impact as assessed by the filer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SeverityDef {
    /// Id on the wire (`"A"`).
    pub id: String,
    /// Short name per locale (`"A – critical"`).
    pub label: Text,
    /// One-line definition per locale.
    pub definition: Text,
}

/// An issue type and the severities it allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IssueTypeDef {
    /// Id on the wire (`"technical"`).
    pub id: String,
    /// Label per locale.
    pub label: Text,
    /// Severity limits; the first whose `plans` contains the request's plan applies. No
    /// matching limit: every severity is allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<SeverityLimit>,
}

/// "Under these plans, at most this severity" for one issue type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SeverityLimit {
    /// Plan ids the limit applies to.
    pub plans: Vec<String>,
    /// The most urgent severity allowed (an id of `severities`).
    pub highest: String,
    /// What the visitor reads when choosing a more urgent one, per locale.
    pub message: Text,
}

/// Hours a response rule runs in, by name (`"every day 09:00–24:00 Beijing time"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NamedHours {
    /// Id referenced by `responses[].availability`.
    pub id: String,
    /// "handled …" phrase per locale.
    pub label: Text,
}

/// How soon a first answer comes, in a profile: `{ hours = 4 }`, `"next_day"`,
/// `{ business_days = 3 }` or `"none"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Within {
    /// Within this many hours.
    Hours(u32),
    /// By the next day.
    NextDay,
    /// Within this many business days.
    BusinessDays(u32),
    /// No commitment.
    None,
}

/// One cell (or a row, with `*`) of the response-time matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseRule {
    /// Plan id, or `"*"` for every plan.
    pub plan: String,
    /// Severity id, or `"*"` for every severity.
    pub severity: String,
    /// First-response objective.
    pub within: Within,
    /// When the request is worked on: `"always"` (24/7), `"business_hours"`, `"not_stated"`
    /// (the source gives no hours) or the id of a `hours` entry.
    pub availability: String,
}

/// Whether a built-in field of a flow is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Shown and required.
    Required,
    /// Shown, may be left empty.
    #[default]
    Optional,
    /// Not shown (a value sent anyway is still checked against its limits).
    Hidden,
}

/// A group of built-in fields of the seeds' flows that a flow can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The partner's customer: name (required) and tenant (`customer`).
    Customer,
    /// Marketplace credit or refund details (`refund`).
    Refund,
    /// Billing address (`billing_address`).
    BillingAddress,
    /// Preferred callback time (`callback_time`); the response is then an expected wait.
    CallbackTime,
}

/// A request flow: which built-in fields it asks, what it imposes, and its own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Id on the wire (`kind`), e.g. `"bug_report"`.
    pub id: String,
    /// Label per locale.
    pub label: Text,
    /// Plan imposed by the flow (an id of `plans`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Issue type imposed by the flow, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_type: Option<String>,
    /// Whether the visitor picks a severity (default true; else the least urgent applies).
    #[serde(default = "yes")]
    pub severity: bool,
    /// Title, 5 to 120 characters.
    #[serde(default)]
    pub title: Need,
    /// Description, 20 to 5,000 characters.
    #[serde(default)]
    pub description: Need,
    /// Subscription or account id; `required` means a GUID is required.
    #[serde(default)]
    pub subscription_id: Need,
    /// Phone number (required: the flow is a callback or similar).
    #[serde(default)]
    pub phone: Need,
    /// Whether "when did it last happen" (date, time, time zone) is asked (default true).
    #[serde(default = "yes")]
    pub last_occurrence: bool,
    /// Built-in field groups of the seeds' flows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// The flow's own fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDef>,
    /// Title stored when the visitor gives none: `{path}` is replaced by that field's value
    /// (`"Refund request: {refund.customer_name}"`, `"Bug: {answers.area}"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_template: Option<String>,
}

fn yes() -> bool {
    true
}

/// Type of a profile field, and the shape of its answer in `answers` (JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text: a string.
    Text,
    /// Several lines: a string.
    LongText,
    /// One of `options`: the option's value.
    Select,
    /// Some of `options`: an array of values.
    MultiSelect,
    /// Ticked or not: a boolean.
    Checkbox,
    /// A date: `"YYYY-MM-DD"`.
    Date,
    /// A wall-clock date and time in an IANA zone:
    /// `{ "date": "YYYY-MM-DD", "time": "HH:MM", "time_zone": "Europe/Paris" }`.
    DateTime,
    /// A decimal number: a string (`"3"`, `"2.5"`), within `min`..`max`.
    Number,
    /// An amount with its ISO 4217 currency: `{ "amount": "120.50", "currency": "EUR" }`.
    Amount,
    /// An email address: a string.
    Email,
    /// A phone number: a string of 6 to 15 digits, `+` allowed.
    Phone,
    /// An uploaded file: the attachment id (`POST /api/attachments`), also listed in
    /// `attachments`.
    File,
}

/// A choice of a select or multi-select field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Value in the answer.
    pub value: String,
    /// Label per locale.
    pub label: Text,
}

/// "Show this field when …": another field's value is one of `equals` (a checkbox is
/// `"true"` or `"false"`; a multi-select matches when any chosen value is listed). `field` is
/// an answer id, or `issue_type`, `plan` or `severity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The field whose value decides.
    pub field: String,
    /// The values that show the field.
    pub equals: Vec<String>,
}

/// A step of the form a profile field appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldStep {
    /// With the flow, issue type and plan.
    Basics,
    /// With severity, title and description.
    #[default]
    Problem,
    /// With the contact details.
    Contact,
}

/// A field a profile adds to a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Key in `answers`: lower-case letters, digits and `_`, starting with a letter.
    pub id: String,
    /// Type, and shape of the answer.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Step that shows it (default `problem`).
    #[serde(default)]
    pub step: FieldStep,
    /// Whether an answer is required when the field is shown.
    #[serde(default)]
    pub required: bool,
    /// Text: fewest characters; number: smallest value; multi-select: fewest choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Text: most characters (default 200, long text 5,000); number: largest value;
    /// multi-select: most choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Text: a regular expression the whole answer must match (`"^INV-[0-9]{6}$"`; syntax of
    /// the `regex-lite` crate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// What a pattern mismatch says, per locale (`"Like INV-004211"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_message: Option<Text>,
    /// Choices of a select or multi-select.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// Currencies offered by an amount (ISO 4217); empty: any three capital letters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub currencies: Vec<String>,
    /// Shown only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_when: Option<Condition>,
    /// Label per locale.
    pub label: Text,
    /// Help under the field, per locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
}

impl FieldDef {
    /// Length limits of a text answer in characters `(min, max)`: `min` (default 0) and
    /// `max` (default 5,000 for long text, 200 otherwise).
    pub fn text_limits(&self) -> (usize, usize) {
        let default_max = if self.kind == FieldType::LongText { 5000 } else { 200 };
        (self.min.map_or(0, |m| m.max(0.0) as usize), self.max.map_or(default_max, |m| m.max(0.0) as usize))
    }

    /// The id of the field's input in the pane (`"guichet-f-answers-app_version"`).
    pub fn input_id(&self) -> String {
        format!("guichet-f-answers-{}", self.id)
    }

    /// The id of the element holding the field's error in the pane.
    pub fn error_id(&self) -> String {
        format!("guichet-e-answers-{}", self.id)
    }
}

/// The default profile's TOML text.
pub const DEFAULT_TOML: &str = include_str!("../../../../content/profile.toml");

impl Profile {
    /// The shipped default profile: the seeds' five flows, plans, severities and response
    /// times (`content/profile.toml`, checked by the tests), read once.
    #[cfg(feature = "toml")]
    pub fn seeds() -> &'static Profile {
        static SEEDS: std::sync::OnceLock<Profile> = std::sync::OnceLock::new();
        SEEDS.get_or_init(|| Profile::from_toml(DEFAULT_TOML, "default.toml").expect("the default profile is valid"))
    }

    /// `"id@version"`, recorded on tickets.
    pub fn tag(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// The flow `id`, if the profile has it.
    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.id == id)
    }

    /// The plan `id`, if the profile has it.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The issue type `id`, if the profile has it.
    pub fn issue_type(&self, id: &str) -> Option<&IssueTypeDef> {
        self.issue_types.iter().find(|p| p.id == id)
    }

    /// The severity `id`, if the profile has it.
    pub fn severity(&self, id: &str) -> Option<&SeverityDef> {
        self.severities.iter().find(|p| p.id == id)
    }

    /// Position of severity `id` in the severity order (0 is the most urgent), if known.
    pub fn severity_rank(&self, id: &str) -> Option<usize> {
        self.severities.iter().position(|s| s.id == id)
    }

    /// The least urgent severity (the default of a new request: nobody files the most urgent
    /// by mistake).
    pub fn least_urgent(&self) -> &SeverityDef {
        self.severities.last().expect("a checked profile has severities")
    }

    /// The severity limit that applies to `issue_type` under `plan`, if any.
    pub fn limit(&self, issue_type: &str, plan: &str) -> Option<&SeverityLimit> {
        self.issue_type(issue_type)?.limits.iter().find(|l| l.plans.iter().any(|p| p == plan))
    }

    /// Whether `severity` is allowed for `issue_type` under `plan` (see [`Profile::limit`]).
    /// Unknown ids: false.
    pub fn severity_allowed(&self, issue_type: &str, plan: &str, severity: &str) -> bool {
        let Some(rank) = self.severity_rank(severity) else { return false };
        match self.limit(issue_type, plan) {
            Some(l) => self.severity_rank(&l.highest).is_some_and(|h| rank >= h),
            None => true,
        }
    }

    /// The most urgent severity allowed for `issue_type` under `plan`.
    pub fn highest_allowed(&self, issue_type: &str, plan: &str) -> &str {
        self.limit(issue_type, plan).map_or(self.severities[0].id.as_str(), |l| l.highest.as_str())
    }

    /// The first-response objective for `plan` and `severity`: the first rule of `responses`
    /// whose plan and severity match (`*` matches any). `None` when no rule matches.
    pub fn response(&self, plan: &str, severity: &str) -> Option<(ResponseTime, Availability)> {
        let rule = self
            .responses
            .iter()
            .find(|r| (r.plan == "*" || r.plan == plan) && (r.severity == "*" || r.severity == severity))?;
        let time = match rule.within {
            Within::Hours(h) => ResponseTime::Hours(h),
            Within::NextDay => ResponseTime::NextDay,
            Within::BusinessDays(d) => ResponseTime::BusinessDays(d),
            Within::None => ResponseTime::NoCommitment,
        };
        let availability = match rule.availability.as_str() {
            "always" => Availability::TwentyFourSeven,
            "business_hours" => Availability::BusinessHours,
            "not_stated" => Availability::NotStated,
            named => Availability::Named(named.to_string()),
        };
        Some((time, availability))
    }

    /// The "handled …" phrase of named hours `id` in `locale` (`""` if unknown).
    pub fn hours_label(&self, id: &str, locale: Locale) -> &str {
        self.hours.iter().find(|h| h.id == id).map_or("", |h| h.label.get(locale))
    }
}

/// Several profiles by id, for an intake serving several portals; the first is the default
/// for a request that names none.
#[derive(Debug, Clone)]
pub struct Profiles(Vec<std::sync::Arc<Profile>>);

impl Profiles {
    /// The given profiles; `profiles` must not be empty.
    pub fn new(profiles: Vec<Profile>) -> Profiles {
        assert!(!profiles.is_empty(), "at least one profile");
        Profiles(profiles.into_iter().map(std::sync::Arc::new).collect())
    }

    /// The profile a request names (`""`: the default), if served.
    pub fn get(&self, id: &str) -> Option<&std::sync::Arc<Profile>> {
        if id.is_empty() {
            return self.0.first();
        }
        self.0.iter().find(|p| p.id == id)
    }

    /// Every served profile.
    pub fn all(&self) -> &[std::sync::Arc<Profile>] {
        &self.0
    }
}

#[cfg(test)]
mod tests;
