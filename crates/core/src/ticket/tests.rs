use super::*;
use crate::profile::Profile;
use chrono::{DateTime, Utc};

fn p() -> &'static Profile {
    Profile::seeds()
}

fn initial_response(plan: SupportPlan, severity: Severity) -> (ResponseTime, Availability) {
    p().response(plan.as_str(), severity.as_str()).unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z").unwrap().with_timezone(&Utc)
}

pub(crate) fn valid() -> TicketRequest {
    TicketRequest {
        severity: Severity::A,
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
        region: Some("FR".into()),
        plan: SupportPlan::Enterprise,
        ..TicketRequest::new(p(), Locale::En)
    }
}

#[test]
fn a_new_request_is_an_empty_support_request_that_does_not_validate() {
    let t = TicketRequest::new(p(), Locale::Fr);
    assert_eq!(
        (t.kind.clone(), t.severity.clone(), t.plan.clone(), t.locale),
        (TicketKind::SupportRequest, Severity::C, SupportPlan::Business, Locale::Fr)
    );
    let c = codes(&t);
    assert!(
        c.contains(&(Field::Title, ErrorCode::Required)) && c.contains(&(Field::Email, ErrorCode::Required)),
        "{c:?}"
    );
}

fn codes(t: &TicketRequest) -> Vec<(Field, ErrorCode)> {
    t.validate(p(), now()).into_iter().map(|e| (e.field, e.code)).collect()
}

#[test]
fn a_complete_ticket_is_valid() {
    assert!(valid().validate(p(), now()).is_empty());
}

#[test]
fn severity_a_is_for_technical_issues_only_under_21vianet() {
    // Worldwide plans: no such rule, A is valid for billing and pre-sales.
    let mut t = valid();
    for it in [IssueType::BillingSubscription, IssueType::PreSales] {
        t.issue_type = it.clone();
        assert!(codes(&t).is_empty(), "{it:?}: {:?}", codes(&t));
    }
    // Office 365 operated by 21Vianet: technical only.
    let mut t = valid();
    t.plan = SupportPlan::Vianet21;
    assert!(codes(&t).is_empty());
    t.issue_type = IssueType::BillingSubscription;
    assert_eq!(codes(&t), vec![(Field::Severity, ErrorCode::SeverityNotAllowed)]);
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
    assert!(c.contains(&(Field::Title, ErrorCode::Required)));
    assert!(c.contains(&(Field::Description, ErrorCode::TooShort)), "{c:?}");
    assert!(c.contains(&(Field::ContactName, ErrorCode::TooLong)));
    assert!(c.contains(&(Field::Email, ErrorCode::Required)));
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
    assert_eq!(codes(&t), vec![(Field::Phone, ErrorCode::Required)]);
    t.preferred_contact = ContactMethod::Email;
    assert!(codes(&t).is_empty());
    t.phone = "abc".into();
    assert_eq!(codes(&t), vec![(Field::Phone, ErrorCode::InvalidPhone)]);
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
    assert_eq!(codes(&t), vec![(Field::LastOccurrenceDate, ErrorCode::InFuture)]);
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
    // Partner Center gives the times, not the hours: nothing claims 24/7 for partners.
    for s in [Severity::A, Severity::B, Severity::C] {
        assert_eq!(initial_response(SupportPlan::CloudSolutionProvider, s).1, Availability::NotStated);
    }
    assert_eq!(initial_response(SupportPlan::Vianet21, Severity::C).0, BusinessDays(3));
    // 21Vianet B and C: 09:00-24:00 Beijing time every day of the year, not "business hours".
    assert_eq!(initial_response(SupportPlan::Vianet21, Severity::B).1, Availability::Named("beijing_daytime".into()));
    assert_eq!(initial_response(SupportPlan::Vianet21, Severity::A).1, Availability::TwentyFourSeven);
}

#[test]
fn messages_exist_in_every_locale() {
    let e = FieldError::new(Field::Title, ErrorCode::TooShort);
    assert!(e.message(p(), Locale::Fr).contains('5'));
    assert!(e.message(p(), Locale::En).starts_with("Write"));
    assert_eq!(e.message(p(), Locale::De), "Schreiben Sie mindestens 5 Zeichen.");
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
    assert_eq!(refund().effective_title(p()), "Refund request: Fabrikam");
    let mut t = refund();
    let r = t.refund.as_mut().unwrap();
    r.customer_subscription_id = "not-a-guid".into();
    r.amount = "-3".into();
    r.currency = "euro".into();
    r.period_end = "2026-09-01".into();
    let c = codes(&t);
    assert_eq!(
        c,
        vec![
            (Field::RefundCustomerSubscriptionId, ErrorCode::InvalidGuid),
            (Field::RefundAmount, ErrorCode::InvalidAmount),
            (Field::RefundCurrency, ErrorCode::InvalidCurrency),
            (Field::RefundPeriodEnd, ErrorCode::InvalidPeriod),
        ]
    );
    let mut t = refund();
    t.issue_type = IssueType::Technical;
    assert!(codes(&t).contains(&(Field::IssueType, ErrorCode::NotApplicable)));
    // The currency is optional (the source's refund form has none); a request without it, sent
    // without the key at all, is valid.
    let mut t = refund();
    t.refund.as_mut().unwrap().currency = String::new();
    assert!(codes(&t).is_empty(), "{:?}", codes(&t));
    let mut json = serde_json::to_value(&t).unwrap();
    json["refund"].as_object_mut().unwrap().remove("currency");
    let back: TicketRequest = serde_json::from_value(json).unwrap();
    assert!(codes(&back).is_empty());
    let mut t = refund();
    t.refund = None;
    assert_eq!(codes(&t), vec![(Field::RefundCustomerSubscriptionId, ErrorCode::Required)]);
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
    assert_eq!(codes(&t), vec![(Field::Plan, ErrorCode::PlanImposed), (Field::CustomerName, ErrorCode::Required)]);
    t.plan = SupportPlan::CloudSolutionProvider;
    t.customer = Some(Customer { name: "Fabrikam".into(), tenant: "fabrikam.onmicrosoft.com".into() });
    assert!(codes(&t).is_empty());
    let mut other = valid();
    other.customer = Some(Customer::default());
    assert_eq!(codes(&other), vec![(Field::Customer, ErrorCode::NotApplicable)]);
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
        vec![(Field::SubscriptionId, ErrorCode::Required), (Field::BillingAddress, ErrorCode::Required)]
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
    assert_eq!(codes(&cb), vec![(Field::Phone, ErrorCode::Required), (Field::CallbackTime, ErrorCode::InvalidTime)]);
    let mut t = valid();
    t.callback_time = Some("10:00".into());
    assert_eq!(codes(&t), vec![(Field::CallbackTime, ErrorCode::NotApplicable)]);
    t.callback_time = None;
    t.attachments = (0..6).map(|i| i.to_string()).collect();
    assert_eq!(codes(&t), vec![(Field::Attachments, ErrorCode::TooManyAttachments)]);
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

#[test]
fn wire_names_agree_with_serde() {
    fn check<T: serde::Serialize + std::str::FromStr + PartialEq + std::fmt::Debug + Copy>(
        all: &[T],
        name: fn(T) -> &'static str,
    ) {
        for v in all {
            assert_eq!(serde_json::to_value(v).unwrap(), name(*v));
            assert_eq!(name(*v).parse::<T>().ok(), Some(*v));
        }
    }
    check(ContactMethod::ALL, ContactMethod::as_str);
    check(ErrorCode::ALL, ErrorCode::as_str);
    // Profile ids are their strings on the wire; an id the profile lacks is a validation
    // error, not a parse error.
    assert_eq!(serde_json::to_value(SupportPlan::Vianet21).unwrap(), "vianet21");
    assert_eq!(serde_json::from_value::<Severity>("B".into()).unwrap(), Severity::B);
    let mut t = valid();
    t.plan = SupportPlan::new("platinum");
    t.kind = TicketKind::new("support_request");
    assert_eq!(codes(&t), vec![(Field::Plan, ErrorCode::UnknownChoice)]);
    t.kind = TicketKind::new("bug_report");
    assert_eq!(codes(&t), vec![(Field::Kind, ErrorCode::UnknownChoice)]);
}

#[test]
fn length_messages_name_the_fields_own_limits() {
    let mut t = valid();
    t.problem_type = "x".repeat(201);
    t.kind = TicketKind::OnBehalf;
    t.plan = SupportPlan::CloudSolutionProvider;
    t.customer = Some(Customer { name: "Fabrikam".into(), tenant: "t".repeat(201) });
    let errors = t.validate(p(), now());
    let msg = |f: Field| errors.iter().find(|e| e.field == f).map(|e| e.message(p(), Locale::En));
    assert_eq!(msg(Field::ProblemType).as_deref(), Some("At most 200 characters."));
    assert_eq!(msg(Field::CustomerTenant).as_deref(), Some("At most 200 characters."));
    t.subscription_id = "s".repeat(101);
    let e = t.validate(p(), now());
    let sub = e.iter().find(|e| e.field == Field::SubscriptionId).unwrap();
    assert_eq!(sub.message(p(), Locale::En), "At most 100 characters.");
}

#[test]
fn kind_changes_apply_what_the_kind_imposes() {
    let mut t = valid();
    assert_eq!(t.severity, Severity::A);
    t.set_kind(p(), TicketKind::Refund);
    assert_eq!(
        (t.issue_type.clone(), t.severity.clone()),
        (IssueType::BillingSubscription, Severity::A),
        "worldwide: A stays"
    );
    assert_eq!(t.refund.as_ref().map(|r| r.currency.as_str()), Some(""), "no invented currency");
    t.set_kind(p(), TicketKind::OnBehalf);
    assert_eq!(t.plan, SupportPlan::CloudSolutionProvider);
    t.preferred_contact = ContactMethod::Email;
    t.set_kind(p(), TicketKind::Callback);
    assert_eq!(t.preferred_contact, ContactMethod::Phone);
    let mut t = valid();
    t.kind = TicketKind::OnBehalf;
    t.plan = SupportPlan::Business;
    assert_eq!(t.effective_plan(p()), SupportPlan::CloudSolutionProvider);
}

#[test]
fn normalized_keeps_only_the_kinds_parts() {
    let mut t = valid();
    t.title = "  Mail flow stopped  ".into();
    t.customer = Some(Customer::default());
    t.refund = Some(RefundDetails::default());
    t.callback_time = Some("10:00".into());
    t.billing_address = Some("somewhere".into());
    let n = t.normalized(p());
    assert_eq!(n.title, "Mail flow stopped");
    assert_eq!((n.customer, n.refund, n.callback_time, n.billing_address), (None, None, None, None));
    assert!(n.last_occurrence.is_some());
    let mut r = refund();
    r.issue_type = IssueType::Technical;
    r.last_occurrence = Some(LastOccurrence { date: "2026-11-01".into(), ..Default::default() });
    let n = r.normalized(p());
    assert_eq!(n.issue_type, IssueType::BillingSubscription);
    assert_eq!(n.last_occurrence, None);
    assert!(n.validate(p(), now()).is_empty(), "{:?}", n.validate(p(), now()));
    let mut c = valid();
    c.kind = TicketKind::Callback;
    c.callback_time = Some("  ".into());
    c.last_occurrence =
        Some(LastOccurrence { date: " ".into(), time: String::new(), time_zone: "Europe/Paris".into() });
    let n = c.normalized(p());
    assert_eq!((n.callback_time, n.last_occurrence), (None, None));
    let mut pr = valid();
    pr.kind = TicketKind::OnBehalf;
    let n = pr.normalized(p());
    assert_eq!(n.plan, SupportPlan::CloudSolutionProvider);
    assert_eq!(n.customer, Some(Customer::default()));
}

#[test]
fn fields_set_by_the_pane_or_host_are_bounded_and_nested_unknown_fields_refused() {
    let mut t = valid();
    t.from_article = Some("a".repeat(60_000));
    assert_eq!(codes(&t), vec![(Field::FromArticle, ErrorCode::TooLong)]);
    let mut t = valid();
    t.identity = Some(crate::identity::SignedIdentity {
        user_id: "u".into(),
        email: "ada@example.com".into(),
        tenant: "t".into(),
        name: "n".repeat(50_000),
        expires_at: 0,
        signature: String::new(),
    });
    assert_eq!(codes(&t), vec![(Field::IdentityName, ErrorCode::TooLong)]);
    let mut v = serde_json::to_value(valid()).unwrap();
    v["last_occurrence"]["note"] = "extra".into();
    let e = serde_json::from_value::<TicketRequest>(v).unwrap_err().to_string();
    assert!(e.contains("unknown field `note`"), "{e}");
}
