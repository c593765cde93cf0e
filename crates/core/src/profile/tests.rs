use super::*;

const MINIMAL: &str = r#"
id = "tiny"
version = "1"
default_plan = "free"
[[plans]]
id = "free"
label = { en = "Free" }
[[severities]]
id = "high"
label = { en = "High" }
definition = { en = "Blocked." }
[[severities]]
id = "low"
label = { en = "Low" }
definition = { en = "Not blocked." }
[[issue_types]]
id = "question"
label = { en = "Question" }
[[responses]]
plan = "*"
severity = "*"
within = { business_days = 2 }
availability = "business_hours"
[[flows]]
id = "ask"
label = { en = "Ask" }
"#;

fn with(extra: &str) -> Result<Profile, ProfileError> {
    Profile::from_toml(&format!("{MINIMAL}{extra}"), "tiny.toml")
}

#[test]
fn the_default_profile_loads_and_has_the_seeds_five_flows() {
    let p = Profile::seeds();
    let flows: Vec<&str> = p.flows.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(flows, ["support_request", "on_behalf", "refund", "subscription_validation", "callback"]);
    assert_eq!(p.tag(), "guichet-default@2026-12-01");
    // Every plan and severity has a response rule (check() refuses a hole).
    assert_eq!(
        p.response("vianet21", "B"),
        Some((ResponseTime::BusinessDays(1), Availability::Named("beijing_daytime".into())))
    );
    assert_eq!(p.hours_label("beijing_daytime", Locale::Fr), "traitement tous les jours de 9 h à 24 h, heure de Pékin");
    assert!(!p.severity_allowed("billing_subscription", "vianet21", "A"));
    assert!(p.severity_allowed("billing_subscription", "enterprise", "A"));
    assert_eq!(p.highest_allowed("pre_sales", "vianet21"), "B");
}

#[test]
fn json_and_toml_give_the_same_profile() {
    let p = Profile::seeds();
    let json = serde_json::to_string(p).unwrap();
    assert_eq!(&Profile::from_json(&json, "profile.json").unwrap(), p);
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let e = with("\n[[flows]]\nid = \"x\nlabel = {}\n").unwrap_err();
    assert_eq!(e.file, "tiny.toml");
    assert_eq!(e.at.map(|a| a.0), Some(MINIMAL.lines().count() + 3), "{e}");
}

#[test]
fn a_wrong_type_names_the_key_and_the_line() {
    let e = with("[[flows.fields]]\nid = \"n\"\ntype = \"colour\"\nlabel = { en = \"N\" }\n").unwrap_err();
    assert_eq!(e.key, "flows[0].fields[0].type", "{e}");
    assert_eq!(e.at.map(|a| a.0), Some(MINIMAL.lines().count() + 3), "{e}");
    let line = MINIMAL.lines().count() + 3;
    assert!(e.to_string().starts_with(&format!("tiny.toml:{line}:8: `flows[0].fields[0].type`")), "{e}");
    assert!(e.message.contains("colour"), "{e}");
}

#[test]
fn an_unknown_key_is_refused() {
    let e = with("colour = \"red\"\n").unwrap_err();
    assert!(e.message.contains("colour"), "{e}");
}

#[test]
fn references_must_resolve() {
    let cases = [
        ("[[flows]]\nid = \"x\"\nlabel = { en = \"X\" }\nplan = \"gold\"\n", "flows[1].plan"),
        ("[[flows]]\nid = \"ask\"\nlabel = { en = \"X\" }\n", "flows[1].id"),
        ("[[flows]]\nid = \"x\"\nlabel = { en = \"X\" }\nissue_type = \"nope\"\n", "flows[1].issue_type"),
        (
            "[[flows.fields]]\nid = \"a\"\ntype = \"text\"\nlabel = { en = \"A\" }\nshow_when = { field = \"b\", equals = [\"1\"] }\n",
            "flows[0].fields[0].show_when.field",
        ),
        ("[[flows.fields]]\nid = \"a\"\ntype = \"select\"\nlabel = { en = \"A\" }\n", "flows[0].fields[0].options"),
        ("[[flows.fields]]\nid = \"a\"\ntype = \"text\"\npattern = \"(\"\nlabel = { en = \"A\" }\n", "flows[0].fields[0].pattern"),
        ("[[flows.fields]]\nid = \"a\"\ntype = \"text\"\nlabel = { fr = \"A\" }\n", "flows[0].fields[0].label"),
        ("[[flows.fields]]\nid = \"a\"\ntype = \"amount\"\ncurrencies = [\"euro\"]\nlabel = { en = \"A\" }\n", "flows[0].fields[0].currencies[0]"),
    ];
    for (extra, key) in cases {
        let e = with(extra).unwrap_err();
        assert_eq!(e.key, key, "{e}");
        assert!(e.to_string().starts_with("tiny.toml: `"), "{e}");
    }
    // A plan without a response rule.
    let text = MINIMAL.replace("plan = \"*\"", "plan = \"free\"").replace(
        "[[plans]]\nid = \"free\"",
        "[[plans]]\nid = \"pro\"\nlabel = { en = \"Pro\" }\n[[plans]]\nid = \"free\"",
    );
    let e = Profile::from_toml(&text, "t.toml").unwrap_err();
    assert_eq!((e.key.as_str(), e.message.as_str()), ("responses", "no rule for plan `pro` and severity `high`"));
}

#[test]
fn a_bad_json_profile_names_the_key() {
    let e = Profile::from_json(r#"{"id": "x", "version": 3}"#, "p.json").unwrap_err();
    assert_eq!(e.key, "version");
    assert_eq!(e.file, "p.json");
}

fn acme() -> Profile {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/acme/content/profile.toml"))
            .unwrap();
    Profile::from_toml(&text, "acme.toml").unwrap()
}

#[test]
fn a_limit_applies_to_its_plans_only() {
    let p = acme();
    assert!(!p.severity_allowed("bug", "starter", "urgent"));
    assert!(p.severity_allowed("bug", "starter", "high"));
    assert!(p.severity_allowed("bug", "team", "urgent"));
    let r = crate::ticket::TicketRequest::new(&p, Locale::Fr);
    assert_eq!(
        (r.kind.as_str(), r.issue_type.as_str(), r.plan.as_str(), r.severity.as_str()),
        ("bug_report", "bug", "starter", "low")
    );
}
