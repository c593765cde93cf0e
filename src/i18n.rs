//! UI strings in French, English and German with leptos_i18n. The strings live in
//! `locales/{en,fr,de}.json`; `build.rs` turns them into the [`i18n`] module, so a key missing
//! from a locale, an unknown key or a wrong interpolation variable is a compile error.
//!
//! Screens look strings up with [`tr!`] on the pane's [`Locale`] (a `guichet_core` locale, the
//! one the help center and the intake also speak); the helpers below turn core values (ticket
//! kinds, plans, severities, response times) into words.

use guichet_core::Locale;

#[allow(unused_imports, dead_code)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

/// The leptos_i18n locale of a pane locale.
pub fn ui(l: Locale) -> i18n::Locale {
    match l {
        Locale::Fr => i18n::Locale::fr,
        Locale::En => i18n::Locale::en,
        Locale::De => i18n::Locale::de,
    }
}

/// `tr!(locale, key)` → `&'static str`; `tr!(locale, key, var = value, ...)` → `String`.
/// `locale` is a [`guichet_core::Locale`]; `key` a key of `locales/en.json`, checked at compile
/// time.
macro_rules! tr {
    ($l:expr, $($rest:tt)*) => {
        leptos_i18n::td_string!($crate::i18n::ui($l), $($rest)*)
    };
}
pub(crate) use tr;

/// "Label: value" with the locale's punctuation (French puts a narrow no-break space before
/// the colon).
pub fn labelled(l: Locale, label: &str, value: &str) -> String {
    tr!(l, labelled, label = label, value = value)
}

/// "3 results" for the live region that announces the result count.
pub fn result_count(l: Locale, n: usize) -> String {
    match n {
        0 => tr!(l, results_none).to_string(),
        1 => tr!(l, results_one).to_string(),
        n => tr!(l, results_many, count = n),
    }
}

/// Label of a ticket field, for the review step and error summaries.
pub fn field_label(l: Locale, field: guichet_core::ticket::Field) -> &'static str {
    use guichet_core::ticket::Field::*;
    match field {
        Kind => tr!(l, request_kind),
        IssueType => tr!(l, issue_type),
        Plan => tr!(l, plan),
        SubscriptionId => tr!(l, subscription_id),
        Customer | CustomerName | RefundCustomerName => tr!(l, customer_name),
        CustomerTenant => tr!(l, customer_tenant),
        Severity => tr!(l, severity),
        ProblemType => tr!(l, problem_type),
        Title => tr!(l, title),
        Description => tr!(l, description),
        Refund | RefundCustomerSubscriptionId => tr!(l, customer_subscription_id),
        RefundAmount => tr!(l, amount),
        RefundCurrency => tr!(l, currency),
        RefundPeriodStart => tr!(l, period_start),
        RefundPeriodEnd => tr!(l, period_end),
        RefundBillingDate => tr!(l, billing_date),
        RefundReason => tr!(l, reason),
        BillingAddress => tr!(l, billing_address),
        CallbackTime => tr!(l, callback_time),
        Attachments => tr!(l, attachments),
        ContactName => tr!(l, name),
        Email => tr!(l, email),
        Phone => tr!(l, phone),
        PreferredContact => tr!(l, preferred),
        LastOccurrenceDate | LastOccurrenceTime | LastOccurrenceTimeZone => tr!(l, last_occurrence),
        Region => tr!(l, region),
        // Set by the pane and the host, never typed: an error names them as the page does.
        FromArticle => tr!(l, title),
        // A profile field names itself (its label in the profile).
        Answers => tr!(l, details),
        IdentityName => tr!(l, name),
    }
}

/// A response-time objective in words: "4 hours (handled 24/7)".
pub fn response(
    l: Locale,
    profile: Option<&guichet_core::profile::Profile>,
    rt: guichet_core::ticket::ResponseTime,
    av: guichet_core::ticket::Availability,
) -> String {
    use guichet_core::ticket::{Availability, ResponseTime::*};
    let time = match rt {
        Hours(1) => tr!(l, rt_one_hour).to_string(),
        Hours(h) => tr!(l, rt_hours, count = h),
        NextDay => tr!(l, rt_next_day).to_string(),
        BusinessDays(1) => tr!(l, rt_one_business_day).to_string(),
        BusinessDays(d) => tr!(l, rt_business_days, count = d),
        NoCommitment => tr!(l, rt_none).to_string(),
    };
    let when = match av {
        Availability::TwentyFourSeven => tr!(l, handled_247),
        Availability::BusinessHours => tr!(l, handled_business),
        Availability::Named(id) => profile.map_or("", |p| p.hours_label(&id, l)),
        Availability::NotStated => return time,
    };
    tr!(l, response_time, time = time, when = when)
}

/// Name of a pane locale's language, in the UI locale ("anglais" in French).
pub fn locale_name(l: Locale, of: Locale) -> &'static str {
    match of {
        Locale::Fr => tr!(l, lang_french),
        Locale::En => tr!(l, lang_english),
        Locale::De => tr!(l, lang_german),
    }
}

/// A directory line's language (named in English by the source, "French"), in the UI locale;
/// names we have no translation for are shown as the source gives them.
pub fn language_name(l: Locale, english: &str) -> String {
    let s = match english {
        "" => tr!(l, language_not_stated),
        "English" => tr!(l, lang_english),
        "French" => tr!(l, lang_french),
        "German" => tr!(l, lang_german),
        "Spanish" => tr!(l, lang_spanish),
        "Italian" => tr!(l, lang_italian),
        "Portuguese" => tr!(l, lang_portuguese),
        "Dutch" => tr!(l, lang_dutch),
        "Arabic" => tr!(l, lang_arabic),
        "Russian" => tr!(l, lang_russian),
        "Japanese" => tr!(l, lang_japanese),
        "Korean" => tr!(l, lang_korean),
        "Chinese (Mandarin)" | "Mandarin" => tr!(l, lang_mandarin),
        "Cantonese" => tr!(l, lang_cantonese),
        "Chinese and English" => tr!(l, lang_chinese_english),
        "Thai" => tr!(l, lang_thai),
        "Turkish" => tr!(l, lang_turkish),
        "Polish" => tr!(l, lang_polish),
        "Czech" => tr!(l, lang_czech),
        "Hebrew" => tr!(l, lang_hebrew),
        "Hungarian" => tr!(l, lang_hungarian),
        "Bahasa Indonesia" => tr!(l, lang_indonesian),
        _ => return english.to_string(),
    };
    s.to_string()
}

/// A UI string chosen by a screen and looked up later in the current locale:
/// `(|l| tr!(l, title)) as Label`.
pub type Label = fn(Locale) -> &'static str;
