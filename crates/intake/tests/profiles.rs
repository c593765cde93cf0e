//! An intake serving two portal profiles (the default one and Acme Cloud's,
//! examples/acme/content/profile.toml): each ticket is validated against the profile it names,
//! stored with that profile's version, and refused with a clear error for a profile the
//! intake does not serve. (Its own test process: the served profiles are installed once.)

mod support;

use guichet_core::profile::Profile;
use serde_json::{json, Value};
use support::intake;

fn install() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let profiles = guichet_intake::profiles::read(&[
        format!("{root}/content/profile.toml"),
        format!("{root}/examples/acme/content/profile.toml"),
    ])
    .unwrap();
    guichet_intake::profiles::install(profiles);
}

fn bug(answers: Value) -> Value {
    json!({
        "profile": "acme-cloud", "kind": "bug_report", "issue_type": "bug", "severity": "high", "plan": "team",
        "title": "Export button does nothing", "description": "Clicking Export on the dashboard has done nothing since 9:00.",
        "contact_name": "Camille", "email": "camille@example.com", "preferred_contact": "email", "locale": "en",
        "answers": answers
    })
}

async fn post(base: &str, body: &Value) -> (u16, Value) {
    let r = reqwest::Client::new().post(format!("{base}/api/tickets")).json(body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn each_ticket_follows_the_profile_it_names() {
    install();
    let g = intake("", &[]).await;
    // Acme's bug report: its own answers, its response time, its version on the stored ticket.
    let (status, body) = post(&g.base, &bug(json!({"area": "api", "api_request_id": "req_4f9c2a71"}))).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["profile"], "acme-cloud@2026-12-01");
    assert_eq!(body["response_time"], json!({"kind": "business_days", "value": 1}));
    assert_eq!(body["availability"], json!({"named": "paris_weekdays"}));
    let id = body["id"].as_str().unwrap();
    let stored: Value = {
        let db = rusqlite::Connection::open(g.dir.path().join("t.db")).unwrap();
        let payload: String = db.query_row("SELECT payload FROM tickets WHERE id = ?1", [id], |r| r.get(0)).unwrap();
        serde_json::from_str(&payload).unwrap()
    };
    assert_eq!(stored["answers"], json!({"area": "api", "api_request_id": "req_4f9c2a71"}));
    assert_eq!(stored["profile"], "acme-cloud@2026-12-01");

    // A request without a profile is the default one's (the first served).
    let (status, body) = post(&g.base, &support::ticket("Mail flow stopped", "A")).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["profile"], format!("guichet-default@{}", Profile::seeds().version));
}

#[tokio::test]
async fn a_bad_answer_is_refused_naming_the_field_with_the_profiles_words() {
    install();
    let g = intake("", &[]).await;
    let (status, body) = post(&g.base, &bug(json!({"area": "api", "api_request_id": "request-42"}))).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["errors"],
        json!([{"field": "answers.api_request_id", "code": "pattern_mismatch",
                "message": "A request id looks like req_4f9c2a71 (in the X-Request-Id header)."}])
    );
    // The seeds' plan under Acme's profile: an unknown choice, not a crash.
    let mut b = bug(json!({"area": "mobile"}));
    b["plan"] = "enterprise".into();
    let (status, body) = post(&g.base, &b).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "plan");
    assert_eq!(body["errors"][0]["code"], "unknown_choice");
    // A severity Starter does not have for bugs: the limit's own message.
    let mut b = bug(json!({"area": "mobile"}));
    b["plan"] = "starter".into();
    b["severity"] = "urgent".into();
    let (_, body) = post(&g.base, &b).await;
    assert_eq!(
        body["errors"][0]["message"],
        "Urgent support comes with the Team and Business plans; choose High or lower."
    );
}

#[tokio::test]
async fn a_profile_the_intake_does_not_serve_is_refused() {
    install();
    let g = intake("", &[]).await;
    let mut b = bug(json!({"area": "api", "api_request_id": "req_4f9c2a71"}));
    b["profile"] = "globex".into();
    let (status, body) = post(&g.base, &b).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "profile");
    assert_eq!(body["errors"][0]["code"], "unknown_choice");
    use guichet_intake::store::TicketStore;
    assert_eq!(g.store.ticket_count().unwrap(), 0);
}

#[test]
fn an_unreadable_profile_names_the_file() {
    let e = guichet_intake::profiles::read(&["/nonexistent/profile.toml".to_string()]).unwrap_err();
    assert_eq!(e.file, "/nonexistent/profile.toml");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("p.json");
    std::fs::write(&bad, r#"{"id": "x"}"#).unwrap();
    let e = guichet_intake::profiles::read(&[bad.display().to_string()]).unwrap_err();
    assert!(e.to_string().starts_with(&format!("{}:1:", bad.display())), "{e}");
    assert!(e.message.contains("missing field"), "{e}");
}

#[tokio::test]
async fn a_helpdesk_receives_the_profile_fields_labelled_and_mapped_to_its_own() {
    install();
    let (base, fake) = support::zendesk::start().await;
    let toml = format!(
        "[[destination]]\nname = \"zendesk\"\ntype = \"zendesk\"\nurl = \"{base}\"\nemail = \"{}\"\ntoken_env = \"ZD_TOKEN\"\n\
         timeout_secs = 5\nbackoff_max_secs = 1\nfields = {{ \"360001\" = \"answers.area\", \"360002\" = \"answers.api_request_id\" }}\n\
         priority = {{ urgent = \"urgent\", high = \"high\", normal = \"normal\", low = \"low\" }}\n",
        support::zendesk::EMAIL
    );
    let g = intake(&toml, &[("ZD_TOKEN", support::zendesk::TOKEN)]).await;
    g.file(&bug(json!({"area": "api", "api_request_id": "req_4f9c2a71"}))).await;
    g.wait_for("delivery", |r| r.iter().any(|d| d.state == guichet_intake::store::DeliveryState::Done)).await;
    let t = &fake.tickets()[0];
    assert_eq!(t["custom_fields"], json!([{"id": 360001, "value": "api"}, {"id": 360002, "value": "req_4f9c2a71"}]));
    assert_eq!(t["priority"], "high");
    let body = t["comment"]["body"].as_str().or(t["comment"]["html_body"].as_str()).unwrap();
    assert!(body.contains("Where in Acme?: API"), "{body}");
    assert!(body.contains("Request id: req_4f9c2a71"), "{body}");
    assert!(body.contains("Profile: acme-cloud@2026-12-01"), "{body}");
}

#[test]
fn a_destination_may_map_only_fields_that_exist() {
    install();
    let env = |k: &str| (k == "ZD_TOKEN").then(|| "t".to_string());
    let toml =
        "[[destination]]\nname = \"zd\"\ntype = \"zendesk\"\nurl = \"https://x.zendesk.com\"\nemail = \"a@b.c\"\n\
                token_env = \"ZD_TOKEN\"\nfields = { \"360001\" = \"answers.colour\" }\n";
    let e = guichet_intake::delivery::load("d.toml", toml, &env).err().unwrap().to_string();
    assert_eq!(e, "d.toml: destination `zd`: fields.360001: no ticket field is named \"answers.colour\"");
}
