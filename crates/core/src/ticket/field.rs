//! The fields of a [`TicketRequest`](super::TicketRequest): their JSON paths, the form step
//! that shows them and their length limits. Validation errors, the pane's form and its
//! messages all name fields through [`Field`], so a path is written once.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A step of the ticket form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Kind, issue type, plan, subscription, partner's customer.
    Basics,
    /// Severity, title, description and the kind's own details.
    Problem,
    /// Name, email, phone, preferred contact.
    Contact,
    /// Everything, read back before sending.
    Review,
}

impl Step {
    /// Every step, in form order.
    pub const ALL: [Step; 4] = [Step::Basics, Step::Problem, Step::Contact, Step::Review];

    /// Position in the form, from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The step after this one (Review stays Review).
    pub fn next(self) -> Step {
        Step::ALL[(self.index() + 1).min(3)]
    }

    /// The step before this one, `None` on Basics.
    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }
}

macro_rules! fields {
    ($($(#[$doc:meta])* $name:ident => $path:literal, $step:ident, $limits:expr;)*) => {
        /// A field of a ticket request, by its JSON path (`"refund.amount"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Field {
            $($(#[$doc])* $name,)*
        }

        impl Field {
            /// Every field, in form order.
            pub const ALL: &'static [Field] = &[$(Field::$name),*];

            /// JSON path of the field in the request body (`"last_occurrence.date"`).
            pub fn path(self) -> &'static str {
                match self {
                    $(Field::$name => $path,)*
                }
            }

            /// The form step that shows the field.
            pub fn step(self) -> Step {
                match self {
                    $(Field::$name => Step::$step,)*
                }
            }

            /// Length limits in characters after trimming, `(min, max)`, for text fields that
            /// have them (a `min` of 0: optional, only a maximum).
            pub fn limits(self) -> Option<(usize, usize)> {
                match self {
                    $(Field::$name => $limits,)*
                }
            }
        }
    };
}

fields! {
    /// The flow (`kind`).
    Kind => "kind", Basics, None;
    /// What the request is about.
    IssueType => "issue_type", Basics, None;
    /// Support plan.
    Plan => "plan", Basics, None;
    /// Subscription id: optional, at most 100 characters (a GUID for subscription validation).
    SubscriptionId => "subscription_id", Basics, Some((0, 100));
    /// The partner's customer as a whole (refused outside partner requests).
    Customer => "customer", Basics, None;
    /// Customer name, 2 to 200 characters.
    CustomerName => "customer.name", Basics, Some((2, 200));
    /// Customer tenant, optional, at most 200 characters.
    CustomerTenant => "customer.tenant", Basics, Some((0, 200));
    /// Severity.
    Severity => "severity", Problem, None;
    /// Problem type, optional, at most 200 characters.
    ProblemType => "problem_type", Problem, Some((0, 200));
    /// Title, 5 to 120 characters.
    Title => "title", Problem, Some((5, 120));
    /// Description, 20 to 5,000 characters.
    Description => "description", Problem, Some((20, 5000));
    /// Refund details as a whole (refused outside refund requests).
    Refund => "refund", Problem, None;
    /// The customer's subscription GUID.
    RefundCustomerSubscriptionId => "refund.customer_subscription_id", Problem, None;
    /// The customer's name, 2 to 200 characters.
    RefundCustomerName => "refund.customer_name", Problem, Some((2, 200));
    /// Amount.
    RefundAmount => "refund.amount", Problem, None;
    /// ISO 4217 currency, optional.
    RefundCurrency => "refund.currency", Problem, None;
    /// First day of the credit period.
    RefundPeriodStart => "refund.period_start", Problem, None;
    /// Last day of the credit period.
    RefundPeriodEnd => "refund.period_end", Problem, None;
    /// Billing date of the period.
    RefundBillingDate => "refund.billing_date", Problem, None;
    /// Reason, 10 to 2,000 characters.
    RefundReason => "refund.reason", Problem, Some((10, 2000));
    /// Billing address, 10 to 500 characters.
    BillingAddress => "billing_address", Problem, Some((10, 500));
    /// Preferred callback time.
    CallbackTime => "callback_time", Problem, None;
    /// Date of the last occurrence.
    LastOccurrenceDate => "last_occurrence.date", Problem, None;
    /// Time of the last occurrence.
    LastOccurrenceTime => "last_occurrence.time", Problem, None;
    /// Time zone of the last occurrence.
    LastOccurrenceTimeZone => "last_occurrence.time_zone", Problem, None;
    /// Attachment ids.
    Attachments => "attachments", Problem, None;
    /// Answers to the profile's own fields (an error names the field in
    /// [`FieldError::answer`](super::FieldError::answer)).
    Answers => "answers", Problem, None;
    /// Contact name, 1 to 100 characters.
    ContactName => "contact_name", Contact, Some((1, 100));
    /// Contact email.
    Email => "email", Contact, None;
    /// Contact phone.
    Phone => "phone", Contact, None;
    /// Preferred contact method.
    PreferredContact => "preferred_contact", Contact, None;
    /// The visitor's region (set by the pane, not shown).
    Region => "region", Contact, None;
    /// The article the visitor read before escalating (set by the pane, not shown): an
    /// article id, at most 200 characters.
    FromArticle => "from_article", Contact, Some((0, 200));
    /// The verified visitor's display name (not signed, set by the host): at most 200
    /// characters.
    IdentityName => "identity.name", Contact, Some((0, 200));
}

impl Field {
    /// The id of the field's input in the pane (`"guichet-f-refund-amount"`).
    pub fn input_id(self) -> String {
        format!("guichet-f-{}", self.path().replace('.', "-"))
    }

    /// The id of the element holding the field's error in the pane (`"guichet-e-email"`).
    pub fn error_id(self) -> String {
        format!("guichet-e-{}", self.path().replace('.', "-"))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// A path that names no [`Field`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown ticket field `{}`", self.0)
    }
}

impl std::error::Error for UnknownField {}

impl FromStr for Field {
    type Err = UnknownField;

    /// Reads a JSON path (`"refund.amount"`). Errors: [`UnknownField`].
    fn from_str(s: &str) -> Result<Field, UnknownField> {
        Field::ALL.iter().copied().find(|f| f.path() == s).ok_or_else(|| UnknownField(s.to_string()))
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.path())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_and_are_unique() {
        for f in Field::ALL {
            assert_eq!(f.path().parse::<Field>(), Ok(*f));
            assert_eq!(Field::ALL.iter().filter(|g| g.path() == f.path()).count(), 1, "{f}");
        }
        assert_eq!("nope".parse::<Field>(), Err(UnknownField("nope".into())));
        assert_eq!(serde_json::to_string(&Field::RefundAmount).unwrap(), "\"refund.amount\"");
    }

    #[test]
    fn steps_follow_the_form() {
        assert_eq!(Field::Plan.step(), Step::Basics);
        assert_eq!(Field::CustomerTenant.step(), Step::Basics);
        assert_eq!(Field::LastOccurrenceDate.step(), Step::Problem);
        assert_eq!(Field::Email.step(), Step::Contact);
        assert_eq!(Step::Contact.next(), Step::Review);
        assert_eq!(Step::Review.next(), Step::Review);
        assert_eq!(Step::Basics.previous(), None);
        assert_eq!(Field::RefundAmount.input_id(), "guichet-f-refund-amount");
    }
}
