//! Profile fields (`answers`) validated against a profile that is not the seeds': Acme
//! Cloud's (examples/acme/content/profile.toml), every field type and error path.

use super::*;
use crate::profile::Profile;
use chrono::{DateTime, Utc};
use serde_json::json;

fn acme() -> &'static Profile {
    static P: std::sync::OnceLock<Profile> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let text = include_str!("../../../../examples/acme/content/profile.toml");
        Profile::from_toml(text, "acme.toml").unwrap()
    })
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z").unwrap().with_timezone(&Utc)
}

/// A valid bug report about the dashboard, severity high, Starter.
fn bug() -> TicketRequest {
    let mut r = TicketRequest::new(acme(), Locale::En);
    r.title = "Export button does nothing".into();
    r.description = "Clicking Export on the dashboard has done nothing since this morning.".into();
    r.contact_name = "Camille".into();
    r.email = "camille@example.com".into();
    r.severity = Severity::new("high");
    r.answers.insert("area".into(), json!("dashboard"));
    r
}

fn errors(r: &TicketRequest) -> Vec<(String, ErrorCode)> {
    r.validate(acme(), now()).into_iter().map(|e| (e.path(), e.code)).collect()
}

fn with(answers: serde_json::Value) -> TicketRequest {
    let mut r = bug();
    for (k, v) in answers.as_object().unwrap() {
        if v.is_null() {
            r.answers.remove(k);
        } else {
            r.answers.insert(k.clone(), v.clone());
        }
    }
    r
}

#[test]
fn a_filled_bug_report_is_valid_and_its_flow_comes_from_the_profile() {
    assert_eq!(errors(&bug()), vec![]);
    let r = bug();
    assert_eq!((r.kind.as_str(), r.issue_type.as_str(), r.plan.as_str()), ("bug_report", "bug", "starter"));
}

#[test]
fn a_required_field_must_be_answered() {
    assert_eq!(errors(&with(json!({"area": null}))), vec![("answers.area".into(), ErrorCode::Required)]);
    assert_eq!(errors(&with(json!({"area": ""}))), vec![("answers.area".into(), ErrorCode::Required)]);
}

#[test]
fn a_select_takes_only_its_options() {
    assert_eq!(errors(&with(json!({"area": "kitchen"}))), vec![("answers.area".into(), ErrorCode::UnknownChoice)]);
    assert_eq!(errors(&with(json!({"area": 3}))), vec![("answers.area".into(), ErrorCode::WrongType)]);
}

#[test]
fn a_condition_shows_a_field_and_a_hidden_field_takes_no_answer() {
    // The request id is required for the API only.
    let api = with(json!({"area": "api"}));
    assert_eq!(errors(&api), vec![("answers.api_request_id".into(), ErrorCode::Required)]);
    let dashboard = with(json!({"api_request_id": "req_4f9c2a71"}));
    assert_eq!(errors(&dashboard), vec![("answers.api_request_id".into(), ErrorCode::NotApplicable)]);
    // normalized() drops what a condition hides, so a pane draft that changed its mind is sent clean.
    assert_eq!(errors(&dashboard.normalized(acme())), vec![]);
    assert!(!dashboard.normalized(acme()).answers.contains_key("api_request_id"));
}

#[test]
fn a_pattern_must_match_the_whole_answer_and_says_what_it_wants() {
    let r = with(json!({"area": "api", "api_request_id": "request-42"}));
    let e = r.validate(acme(), now());
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, ErrorCode::PatternMismatch);
    assert_eq!(e[0].message(acme(), Locale::En), "A request id looks like req_4f9c2a71 (in the X-Request-Id header).");
    assert_eq!(errors(&with(json!({"area": "api", "api_request_id": "req_4f9c2a71"}))), vec![]);
    assert_eq!(
        errors(&with(json!({"area": "api", "api_request_id": "xreq_4f9c2a71"}))),
        vec![("answers.api_request_id".into(), ErrorCode::PatternMismatch)]
    );
}

#[test]
fn a_multi_select_takes_a_list_of_its_options() {
    assert_eq!(errors(&with(json!({"browsers": ["chrome", "safari"]}))), vec![]);
    assert_eq!(
        errors(&with(json!({"browsers": ["netscape"]}))),
        vec![("answers.browsers".into(), ErrorCode::UnknownChoice)]
    );
    assert_eq!(errors(&with(json!({"browsers": "chrome"}))), vec![("answers.browsers".into(), ErrorCode::WrongType)]);
}

#[test]
fn a_date_time_needs_its_three_parts_a_real_zone_and_the_past() {
    let at = |d: &str, t: &str, z: &str| with(json!({"happened_at": {"date": d, "time": t, "time_zone": z}}));
    assert_eq!(errors(&at("2026-11-22", "08:30", "Europe/Paris")), vec![]);
    let code = |r: TicketRequest| errors(&r).first().map(|e| e.1);
    assert_eq!(code(at("2026-11-22", "", "Europe/Paris")), Some(ErrorCode::Incomplete));
    assert_eq!(code(at("22/11/2026", "08:30", "Europe/Paris")), Some(ErrorCode::InvalidDate));
    assert_eq!(code(at("2026-11-22", "8h30", "Europe/Paris")), Some(ErrorCode::InvalidTime));
    assert_eq!(code(at("2026-11-22", "08:30", "Mars/Olympus")), Some(ErrorCode::InvalidTimeZone));
    assert_eq!(code(at("2026-11-23", "08:30", "Europe/Paris")), Some(ErrorCode::InFuture));
    assert_eq!(code(with(json!({"happened_at": "yesterday"}))), Some(ErrorCode::WrongType));
}

#[test]
fn a_file_answer_names_one_of_the_attachments() {
    let mut r = with(json!({"screenshot": "AT-000000000001"}));
    assert_eq!(errors(&r), vec![("answers.screenshot".into(), ErrorCode::UnknownAttachment)]);
    r.attachments.push("AT-000000000001".into());
    assert_eq!(errors(&r), vec![]);
}

fn billing() -> TicketRequest {
    let mut r = bug();
    r.set_kind(acme(), TicketKind::new("billing_question"));
    r.answers.clear();
    r.answers.insert("invoice_number".into(), json!("INV-004211"));
    r
}

#[test]
fn numbers_checkboxes_and_amounts() {
    let b = |a: serde_json::Value| {
        let mut r = billing();
        r.answers.extend(a.as_object().unwrap().clone());
        errors(&r)
    };
    assert_eq!(b(json!({})), vec![]);
    assert_eq!(billing().issue_type.as_str(), "billing", "the flow imposes its issue type");
    assert_eq!(b(json!({"seats": "12"})), vec![]);
    assert_eq!(b(json!({"seats": "800"})), vec![("answers.seats".into(), ErrorCode::OutOfRange)]);
    assert_eq!(b(json!({"seats": "twelve"})), vec![("answers.seats".into(), ErrorCode::OutOfRange)]);
    // Ticking "disputed" makes the amount required, in one of the listed currencies.
    assert_eq!(b(json!({"disputed": true})), vec![("answers.disputed_amount".into(), ErrorCode::Required)]);
    assert_eq!(b(json!({"disputed": "yes"})), vec![("answers.disputed".into(), ErrorCode::WrongType)]);
    let amount = |a: &str, c: &str| b(json!({"disputed": true, "disputed_amount": {"amount": a, "currency": c}}));
    assert_eq!(amount("49.90", "GBP"), vec![]);
    assert_eq!(amount("49.901", "GBP"), vec![("answers.disputed_amount".into(), ErrorCode::InvalidAmount)]);
    assert_eq!(amount("49.90", "JPY"), vec![("answers.disputed_amount".into(), ErrorCode::InvalidCurrency)]);
    // Unticked: the amount is refused, and dropped by normalized().
    assert_eq!(
        b(json!({"disputed": false, "disputed_amount": {"amount": "1", "currency": "EUR"}})),
        vec![("answers.disputed_amount".into(), ErrorCode::NotApplicable)]
    );
    assert_eq!(b(json!({"colour": "red"})), vec![("answers.colour".into(), ErrorCode::NotApplicable)]);
}

#[test]
fn severity_limits_and_response_times_are_the_profiles() {
    let mut r = bug();
    r.severity = Severity::new("urgent");
    let e = r.validate(acme(), now());
    assert_eq!(e.iter().map(|e| e.code).collect::<Vec<_>>(), vec![ErrorCode::SeverityNotAllowed]);
    assert_eq!(
        e[0].message(acme(), Locale::Fr),
        "Le support urgent est inclus dans les formules Équipe et Business ; choisissez Élevée ou moins."
    );
    r.plan = SupportPlan::new("team");
    assert_eq!(errors(&r), vec![]);
    // Billing is at most High under every plan: its own message.
    let mut b = billing();
    b.severity = Severity::new("urgent");
    let e = b.validate(acme(), now());
    assert_eq!(e[0].message(acme(), Locale::En), "A billing question is at most High.");
    // Switching to billing lowers an urgent severity to the highest allowed.
    let mut s = bug();
    s.plan = SupportPlan::new("business");
    s.severity = Severity::new("urgent");
    s.set_kind(acme(), TicketKind::new("billing_question"));
    assert_eq!(s.severity.as_str(), "high");
    assert_eq!(acme().response("business", "urgent"), Some((ResponseTime::Hours(1), Availability::TwentyFourSeven)));
    assert_eq!(
        acme().response("starter", "high"),
        Some((ResponseTime::BusinessDays(3), Availability::Named("paris_weekdays".into())))
    );
    assert_eq!(acme().response("team", "low").map(|r| r.0), Some(ResponseTime::BusinessDays(2)));
}

#[test]
fn ids_the_profile_lacks_are_errors_not_crashes() {
    let mut r = bug();
    r.severity = Severity::A;
    r.plan = SupportPlan::Enterprise;
    r.issue_type = IssueType::Technical;
    assert_eq!(
        errors(&r),
        vec![
            ("plan".into(), ErrorCode::UnknownChoice),
            ("issue_type".into(), ErrorCode::UnknownChoice),
            ("severity".into(), ErrorCode::UnknownChoice)
        ]
    );
}

#[test]
fn an_answer_error_round_trips_as_its_path() {
    let e = FieldError::answer("api_request_id", ErrorCode::PatternMismatch);
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v, json!({"field": "answers.api_request_id", "code": "pattern_mismatch"}));
    assert_eq!(serde_json::from_value::<FieldError>(v).unwrap(), e);
}

#[test]
fn a_title_template_fills_an_untitled_request() {
    let mut r = billing();
    r.title.clear();
    let seeds = Profile::seeds();
    let mut refund = TicketRequest::new(seeds, Locale::En);
    refund.set_kind(seeds, TicketKind::Refund);
    refund.refund.as_mut().unwrap().customer_name = " Fabrikam ".into();
    assert_eq!(refund.effective_title(seeds), "Refund request: Fabrikam");
    assert_eq!(r.effective_title(acme()), "", "no template: stays empty (and the title is required)");
    assert_eq!(errors(&r), vec![("title".into(), ErrorCode::Required)]);
}
