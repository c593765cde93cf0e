//! News back from helpdesks: their webhooks, verified as each vendor documents, close or
//! reopen the Guichet ticket and add public replies that the requester sees in "My requests".

mod support;

use base64::Engine;
use guichet_intake::store::DeliveryState;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use support::{helpdesks, intake_with, ticket, zendesk, Intake};

const ID_SECRET: &[u8] = b"identity-secret";
const HOOK: &str = "inbound-secret-123";

fn config() -> guichet_intake::Config {
    guichet_intake::Config { identity_secret: Some(ID_SECRET.to_vec()), ..Default::default() }
}

fn identity() -> Value {
    support::identity(ID_SECRET)
}

/// Files a verified ticket and waits for its delivery: (ticket id, the helpdesk's id).
async fn delivered(g: &Intake) -> (String, String) {
    let mut body = ticket("Mail flow stopped", "A");
    body["identity"] = identity();
    let id = g.file(&body).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    (id, rows[0].remote_id.clone().unwrap())
}

async fn mine(g: &Intake) -> Value {
    let r = reqwest::Client::new()
        .post(format!("{}/api/my/tickets", g.base))
        .json(&json!({"identity": identity()}))
        .send()
        .await
        .unwrap();
    r.json::<Value>().await.unwrap()["tickets"][0].clone()
}

async fn post(g: &Intake, dest: &str, headers: &[(&str, String)], body: &str) -> (u16, Value) {
    let mut rb = reqwest::Client::new().post(format!("{}/api/inbound/{dest}", g.base)).body(body.to_string());
    for (k, v) in headers {
        rb = rb.header(*k, v);
    }
    let r = rb.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().to_vec()
}

fn zendesk_signed(body: &str, at: chrono::DateTime<chrono::Utc>, secret: &str) -> Vec<(&'static str, String)> {
    let ts = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let sig =
        base64::engine::general_purpose::STANDARD.encode(hmac(secret.as_bytes(), &[ts.as_bytes(), body.as_bytes()]));
    vec![
        ("x-zendesk-webhook-signature", sig),
        ("x-zendesk-webhook-signature-timestamp", ts),
        ("content-type", "application/json".into()),
    ]
}

#[tokio::test]
async fn a_signed_zendesk_webhook_closes_the_ticket_and_adds_the_public_reply() {
    let (base, _fake) = zendesk::start().await;
    let toml = format!(
        "[[destination]]\nname = \"zendesk\"\ntype = \"zendesk\"\nurl = \"{base}\"\nemail = \"{}\"\ntoken_env = \"ZD\"\ninbound_secret_env = \"ZD_HOOK\"\n",
        zendesk::EMAIL
    );
    let g = intake_with(&toml, &[("ZD", zendesk::TOKEN), ("ZD_HOOK", HOOK)], config()).await;
    let (_, remote) = delivered(&g).await;
    let body = json!({"ticket_id": remote, "status": "Solved", "comment": "We restarted the mail connector; mail flows again.", "author": "Marie (Support)"}).to_string();
    let (status, applied) = post(&g, "zendesk", &zendesk_signed(&body, chrono::Utc::now(), HOOK), &body).await;
    assert_eq!((status, applied["applied"].as_u64()), (200, Some(2)), "{applied}");
    let t = mine(&g).await;
    assert_eq!(t["status"], "closed");
    assert_eq!(t["can_reopen"], true);
    assert_eq!(t["replies"][0]["author"], "Marie (Support)");
    assert_eq!(t["replies"][0]["body"], "We restarted the mail connector; mail flows again.");
    // The same call again adds no second reply.
    let (_, again) = post(&g, "zendesk", &zendesk_signed(&body, chrono::Utc::now(), HOOK), &body).await;
    assert_eq!(again["ignored"], 1);
    assert_eq!(mine(&g).await["replies"].as_array().unwrap().len(), 1);
    // Refused: a wrong secret, an old timestamp, no signature; ignored: a ticket Guichet did not deliver.
    let reopen = json!({"ticket_id": remote, "status": "open"}).to_string();
    assert_eq!(post(&g, "zendesk", &zendesk_signed(&reopen, chrono::Utc::now(), "other"), &reopen).await.0, 401);
    let old = chrono::Utc::now() - chrono::Duration::minutes(10);
    assert_eq!(post(&g, "zendesk", &zendesk_signed(&reopen, old, HOOK), &reopen).await.0, 401);
    assert_eq!(post(&g, "zendesk", &[], &reopen).await.0, 401);
    assert_eq!(mine(&g).await["status"], "closed", "nothing refused was applied");
    let stranger = json!({"ticket_id": 99999, "status": "open"}).to_string();
    let (s, r) = post(&g, "zendesk", &zendesk_signed(&stranger, chrono::Utc::now(), HOOK), &stranger).await;
    assert_eq!((s, r["ignored"].as_u64()), (200, Some(1)));
    let bad = "not json";
    assert_eq!(post(&g, "zendesk", &zendesk_signed(bad, chrono::Utc::now(), HOOK), bad).await.0, 400);
    // A ticket id that is empty or missing names no ticket: refused, as Freshdesk's.
    for nameless in [json!({"ticket_id": "", "status": "open"}), json!({"status": "open"})] {
        let b = nameless.to_string();
        assert_eq!(post(&g, "zendesk", &zendesk_signed(&b, chrono::Utc::now(), HOOK), &b).await.0, 400, "{b}");
    }
    // Reopened in Zendesk: open again.
    post(&g, "zendesk", &zendesk_signed(&reopen, chrono::Utc::now(), HOOK), &reopen).await;
    assert_eq!(mine(&g).await["status"], "open");
    assert_eq!(post(&g, "nowhere", &[], "{}").await.0, 404);
}

#[tokio::test]
async fn github_comments_and_closing_come_back_with_a_valid_signature_only() {
    let (base, _desk) = helpdesks::github().await;
    let toml = format!("[[destination]]\nname = \"gh\"\ntype = \"github\"\napi_url = \"{base}\"\nrepository = \"acme/portal\"\ntoken_env = \"GH\"\ninbound_secret_env = \"GH_HOOK\"\n");
    let g = intake_with(&toml, &[("GH", helpdesks::SECRET), ("GH_HOOK", HOOK)], config()).await;
    let (_, number) = delivered(&g).await;
    let n: u64 = number.parse().unwrap();
    let signed = |event: &str, body: &str, secret: &str| {
        vec![
            ("x-github-event", event.to_string()),
            ("x-hub-signature-256", format!("sha256={}", hex::encode(hmac(secret.as_bytes(), &[body.as_bytes()])))),
        ]
    };
    let comment = json!({"action": "created", "issue": {"number": n}, "comment": {"id": 77, "body": "Fixed in 2.4.1.", "user": {"login": "octocat"}}}).to_string();
    assert_eq!(post(&g, "gh", &signed("issue_comment", &comment, "wrong"), &comment).await.0, 401);
    assert!(mine(&g).await.get("replies").is_none());
    assert_eq!(post(&g, "gh", &signed("issue_comment", &comment, HOOK), &comment).await.1["applied"], 1);
    let closed = json!({"action": "closed", "issue": {"number": n}}).to_string();
    assert_eq!(post(&g, "gh", &signed("issues", &closed, HOOK), &closed).await.1["applied"], 1);
    let ping = json!({"zen": "Keep it logically awesome."}).to_string();
    assert_eq!(post(&g, "gh", &signed("ping", &ping, HOOK), &ping).await.0, 200);
    let t = mine(&g).await;
    assert_eq!(t["status"], "closed");
    assert_eq!(
        t["replies"],
        json!([{"author": "octocat", "body": "Fixed in 2.4.1.", "created_at": t["replies"][0]["created_at"]}])
    );
}

#[tokio::test]
async fn gitlab_notes_come_back_but_internal_notes_stay_internal() {
    let (base, _desk) = helpdesks::gitlab().await;
    let toml = format!("[[destination]]\nname = \"gl\"\ntype = \"gitlab\"\nurl = \"{base}\"\nproject = \"acme/portal\"\ntoken_env = \"GL\"\ninbound_secret_env = \"GL_HOOK\"\n");
    let g = intake_with(&toml, &[("GL", helpdesks::SECRET), ("GL_HOOK", HOOK)], config()).await;
    let (_, iid) = delivered(&g).await;
    let iid: u64 = iid.parse().unwrap();
    let h =
        |event: &str, token: &str| vec![("x-gitlab-event", event.to_string()), ("x-gitlab-token", token.to_string())];
    let note = |id: u64, text: &str, internal: bool| {
        json!({"object_kind": "note", "user": {"name": "Sam Agent"}, "issue": {"iid": iid},
        "object_attributes": {"id": id, "note": text, "noteable_type": "Issue", "internal": internal}})
        .to_string()
    };
    let public = note(5, "Please try again now.", false);
    assert_eq!(post(&g, "gl", &h("Confidential Note Hook", "nope"), &public).await.0, 401);
    assert_eq!(post(&g, "gl", &h("Confidential Note Hook", HOOK), &public).await.1["applied"], 1);
    let internal = note(6, "Customer seems confused, escalate.", true);
    post(&g, "gl", &h("Confidential Note Hook", HOOK), &internal).await;
    let close = json!({"object_kind": "issue", "object_attributes": {"iid": iid, "action": "close"}}).to_string();
    assert_eq!(post(&g, "gl", &h("Confidential Issue Hook", HOOK), &close).await.1["applied"], 1);
    let t = mine(&g).await;
    assert_eq!(t["status"], "closed");
    let replies: Vec<&str> = t["replies"].as_array().unwrap().iter().map(|r| r["body"].as_str().unwrap()).collect();
    assert_eq!(replies, ["Please try again now."]);
}

#[tokio::test]
async fn a_destination_without_an_inbound_secret_takes_no_calls() {
    let (base, _fake) = zendesk::start().await;
    let toml = format!("[[destination]]\nname = \"zendesk\"\ntype = \"zendesk\"\nurl = \"{base}\"\nemail = \"x@y.z\"\ntoken_env = \"ZD\"\n");
    let g = intake_with(&toml, &[("ZD", "t")], config()).await;
    assert_eq!(post(&g, "zendesk", &[], "{}").await.0, 404);
}

fn desk_toml(kind: &str, base: &str) -> String {
    let keys = match kind {
        "freshdesk" => format!("url = \"{base}\"\napi_key_env = \"DESK\""),
        "jira" => format!(
            "url = \"{base}\"\nemail = \"{}\"\ntoken_env = \"DESK\"\nservice_desk_id = \"1\"\nrequest_type_id = \"10\"",
            helpdesks::USER
        ),
        "zammad" => format!("url = \"{base}\"\ntoken_env = \"DESK\"\ngroup = \"Users\""),
        _ => unreachable!(),
    };
    format!("[[destination]]\nname = \"{kind}\"\ntype = \"{kind}\"\ninbound_secret_env = \"HOOK\"\n{keys}\n")
}

async fn desk_intake(kind: &str) -> (Intake, String) {
    let (base, _desk) = match kind {
        "freshdesk" => helpdesks::freshdesk().await,
        "jira" => helpdesks::jira().await,
        _ => helpdesks::zammad().await,
    };
    let g = intake_with(&desk_toml(kind, &base), &[("DESK", helpdesks::SECRET), ("HOOK", HOOK)], config()).await;
    let (_, remote) = delivered(&g).await;
    (g, remote)
}

#[tokio::test]
async fn freshdesk_webhooks_carry_the_shared_token() {
    let (g, remote) = desk_intake("freshdesk").await;
    let body = json!({"ticket_id": remote.parse::<u64>().unwrap(), "status": "Resolved", "comment": "Your mailbox is restored.", "author": "Lea"}).to_string();
    assert_eq!(post(&g, "freshdesk", &[("x-guichet-token", "nope".into())], &body).await.0, 401);
    let (s, r) = post(&g, "freshdesk", &[("x-guichet-token", HOOK.into())], &body).await;
    assert_eq!((s, r["applied"].as_u64()), (200, Some(2)));
    let t = mine(&g).await;
    assert_eq!(t["status"], "closed");
    assert_eq!(t["replies"][0]["body"], "Your mailbox is restored.");
}

#[tokio::test]
async fn jira_public_comments_and_done_statuses_come_back_internal_comments_do_not() {
    let (g, key) = desk_intake("jira").await;
    let sig = |b: &str, secret: &str| {
        vec![("x-hub-signature", format!("sha256={}", hex::encode(hmac(secret.as_bytes(), &[b.as_bytes()]))))]
    };
    let comment = |id: &str, text: &str, public: bool| {
        json!({"webhookEvent": "comment_created", "issue": {"key": key},
        "comment": {"id": id, "body": text, "jsdPublic": public, "author": {"displayName": "Ravi"}}})
        .to_string()
    };
    let public = comment("10001", "We reset the connector.", true);
    assert_eq!(post(&g, "jira", &sig(&public, "wrong"), &public).await.0, 401);
    assert_eq!(post(&g, "jira", &sig(&public, HOOK), &public).await.1["applied"], 1);
    let internal = comment("10002", "Internal: customer on old client.", false);
    post(&g, "jira", &sig(&internal, HOOK), &internal).await;
    let done = json!({"webhookEvent": "jira:issue_updated", "issue": {"key": key, "fields": {"status": {"name": "Resolved", "statusCategory": {"key": "done"}}}}}).to_string();
    assert_eq!(post(&g, "jira", &sig(&done, HOOK), &done).await.1["applied"], 1);
    let t = mine(&g).await;
    assert_eq!(t["status"], "closed");
    assert_eq!(t["replies"].as_array().unwrap().len(), 1);
    assert_eq!(t["replies"][0]["author"], "Ravi");
}

#[tokio::test]
async fn zammad_agent_articles_and_closed_states_come_back_with_a_sha1_signature() {
    let (g, id) = desk_intake("zammad").await;
    let sign = |b: &str, secret: &str| {
        use hmac::Mac;
        let mut m = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes()).unwrap();
        m.update(b.as_bytes());
        vec![("x-hub-signature", format!("sha1={}", hex::encode(m.finalize().into_bytes())))]
    };
    let event = |aid: u64, text: &str, internal: bool, state: &str| {
        json!({"ticket": {"id": id.parse::<u64>().unwrap(), "state": state},
        "article": {"id": aid, "body": text, "internal": internal, "sender": "Agent", "created_by": {"firstname": "Ines", "lastname": "Agent"}}}).to_string()
    };
    let reply = event(7, "Please restart Outlook.", false, "open");
    assert_eq!(post(&g, "zammad", &sign(&reply, "wrong"), &reply).await.0, 401);
    assert_eq!(post(&g, "zammad", &sign(&reply, HOOK), &reply).await.1["applied"], 2);
    let note = event(8, "internal note", true, "closed");
    post(&g, "zammad", &sign(&note, HOOK), &note).await;
    let t = mine(&g).await;
    assert_eq!(t["status"], "closed");
    let bodies: Vec<&str> = t["replies"].as_array().unwrap().iter().map(|r| r["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["Please restart Outlook."]);
    assert_eq!(t["replies"][0]["author"], "Ines Agent");
}
