//! Delivery to helpdesks through the transactional outbox, against local servers that
//! implement each destination's documented API (see `support/`).

mod support;

use guichet_intake::delivery;
use guichet_intake::store::{DeliveryState, TicketStore};
use std::sync::atomic::Ordering;
use support::{intake, ticket, zendesk};

fn zendesk_toml(base: &str, extra: &str) -> String {
    format!(
        r#"
[[destination]]
name = "zendesk"
type = "zendesk"
url = "{base}"
email = "{}"
token_env = "ZD_TOKEN"
timeout_secs = 5
backoff_max_secs = 1
group_id = 42
tags = ["portal"]
fields = {{ "360001" = "subscription_id", "360002" = "region" }}
{extra}
"#,
        zendesk::EMAIL
    )
}

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";

#[tokio::test]
async fn zendesk_gets_the_ticket_once_with_its_attachment_fields_and_external_id() {
    let (base, fake) = zendesk::start().await;
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    let file = g.upload("screen.png", PNG).await;
    let mut body = ticket("Mail flow stopped", "A");
    body["attachments"] = serde_json::json!([file]);
    let id = g.file(&body).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    let t = fake.tickets();
    assert_eq!(t.len(), 1);
    let t = &t[0];
    assert_eq!(t["external_id"], id.as_str());
    assert_eq!(t["subject"], "Mail flow stopped");
    assert_eq!(t["priority"], "urgent", "severity A");
    assert_eq!(t["group_id"], 42);
    assert_eq!(t["requester"]["email"], "ada@example.com");
    assert_eq!(t["comment"]["uploads"], serde_json::json!(["upl-1"]));
    assert!(t["comment"]["body"].as_str().unwrap().contains(&id));
    assert_eq!(
        t["custom_fields"],
        serde_json::json!([{"id": 360001, "value": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}, {"id": 360002, "value": "FR"}])
    );
    let tags: Vec<&str> = t["tags"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(tags.contains(&"guichet") && tags.contains(&"portal"), "{tags:?}");
    let up = fake.uploads.lock().unwrap().clone();
    assert_eq!(up, vec![("screen.png".to_string(), "image/png".to_string(), PNG.to_vec())]);
    assert_eq!(rows[0].remote_id.as_deref(), Some(t["id"].to_string().as_str()));
    assert_eq!(rows[0].remote_url.as_deref(), Some(format!("{base}/agent/tickets/{}", t["id"]).as_str()));
    assert_eq!(rows[0].attempts, 1);
    assert_eq!(fake.lookups.load(Ordering::SeqCst), 0, "a first attempt creates without looking up");
}

#[tokio::test]
async fn an_answer_lost_after_zendesk_committed_does_not_make_a_second_ticket() {
    let (base, fake) = zendesk::start().await;
    fake.drop_after_commit.store(1, Ordering::SeqCst);
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    let id = g.file(&ticket("Mail flow stopped", "B")).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(rows[0].attempts, 2, "{rows:?}");
    let t = fake.tickets();
    assert_eq!(t.len(), 1, "one ticket in Zendesk");
    assert_eq!(t[0]["external_id"], id.as_str());
    assert_eq!(fake.create_calls.load(Ordering::SeqCst), 1, "the retry found it by external_id");
    assert_eq!(rows[0].remote_id.as_deref(), Some(t[0]["id"].to_string().as_str()));
}

#[tokio::test]
async fn a_helpdesk_that_commits_but_answers_after_the_timeout_gets_one_ticket() {
    let (base, fake) = zendesk::start().await;
    fake.hang_after_commit.store(1, Ordering::SeqCst);
    let toml = zendesk_toml(&base, "").replace("timeout_secs = 5", "timeout_secs = 1");
    let g = intake(&toml, &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    g.file(&ticket("Mail flow stopped", "B")).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(rows[0].attempts, 2);
    assert!(
        fake.tickets().len() == 1 && fake.create_calls.load(Ordering::SeqCst) == 1,
        "found by external_id, not re-created"
    );
}

#[tokio::test]
async fn a_429_waits_for_retry_after_and_then_delivers() {
    let (base, fake) = zendesk::start().await;
    fake.rate_limited.store(1, Ordering::SeqCst);
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    g.file(&ticket("Mail flow stopped", "C")).await;
    let pending = g.wait_for("the 429", |r| r.iter().any(|d| d.attempts == 1 && d.last_error.is_some())).await;
    assert!(pending[0].last_error.as_deref().unwrap().starts_with("HTTP 429"), "{pending:?}");
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(rows[0].attempts, 2);
    assert_eq!(fake.tickets().len(), 1);
    assert_eq!(fake.tickets()[0]["priority"], "normal", "severity C");
}

#[tokio::test]
async fn a_422_is_a_dead_letter_with_zendesks_reason_and_can_be_retried() {
    let (base, fake) = zendesk::start().await;
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    let id = g.file(&ticket("REJECT me", "B")).await;
    let rows = g.wait_for("the dead letter", |r| r.iter().any(|d| d.state == DeliveryState::Dead)).await;
    let dead = &rows[0];
    assert_eq!(dead.ticket_id, id);
    assert!(dead.last_error.as_deref().unwrap().contains("RecordInvalid"), "{dead:?}");
    assert_eq!(fake.tickets().len(), 0);
    // The requester's ticket is still stored, and the operator can send it again.
    assert_eq!(g.store.ticket_count().unwrap(), 1);
    assert_eq!(g.store.deliveries(Some(DeliveryState::Dead), 10).unwrap().len(), 1);
    assert!(!g.store.retry_delivery(dead.id + 100).unwrap(), "an unknown id is not retried");
    assert!(g.store.retry_delivery(dead.id).unwrap());
    // Still refused (the subject is still invalid): dead again, after a second attempt.
    let rows =
        g.wait_for("the second refusal", |r| r.iter().any(|d| d.attempts == 2 && d.state == DeliveryState::Dead)).await;
    assert_eq!(rows.len(), 1);
}

#[tokio::test]
async fn a_wrong_token_keeps_the_ticket_queued_with_the_reason() {
    let (base, fake) = zendesk::start().await;
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", "not-the-token")]).await;
    g.file(&ticket("Mail flow stopped", "B")).await;
    let rows = g.wait_for("two refused attempts", |r| r.iter().any(|d| d.attempts >= 2)).await;
    assert_eq!(rows[0].state, DeliveryState::Pending, "credentials can be fixed: not a dead letter");
    assert!(rows[0].last_error.as_deref().unwrap().starts_with("HTTP 401"), "{rows:?}");
    assert_eq!(fake.tickets().len(), 0);
}

#[tokio::test]
async fn after_an_outage_every_ticket_arrives_once_in_creation_order() {
    let (base, fake) = zendesk::start().await;
    fake.down.store(true, Ordering::SeqCst);
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(g.file(&ticket(&format!("Ticket {i}"), "B")).await);
    }
    g.wait_for("failed attempts", |r| r.iter().any(|d| d.attempts >= 2)).await;
    assert!(fake.tickets().is_empty());
    fake.down.store(false, Ordering::SeqCst);
    g.wait_for("every delivery", |r| r.len() == 40 && r.iter().all(|d| d.state == DeliveryState::Done)).await;
    let got: Vec<String> = fake.tickets().iter().map(|t| t["external_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(got, ids, "each once, in creation order");
}

#[tokio::test]
async fn routes_send_a_ticket_only_where_it_matches() {
    let (base, fake) = zendesk::start().await;
    let toml = zendesk_toml(&base, "[destination.route]\nseverities = [\"A\"]\nregions = [\"fr\", \"BE\"]\n");
    let g = intake(&toml, &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    g.file(&ticket("Not urgent", "C")).await;
    let mut be = ticket("Urgent in Belgium", "A");
    be["region"] = "BE".into();
    g.file(&be).await;
    let mut de = ticket("Urgent in Germany", "A");
    de["region"] = "DE".into();
    g.file(&de).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(rows.len(), 1, "only the matching ticket has a delivery: {rows:?}");
    assert_eq!(fake.tickets()[0]["subject"], "Urgent in Belgium");
}

fn refused(toml: &str, env: &[(&str, &str)]) -> String {
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let lookup = move |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    match delivery::load("d.toml", toml, &lookup) {
        Ok(_) => panic!("accepted: {toml}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_destinations_are_refused_naming_the_destination_and_key() {
    let ok = zendesk_toml("https://acme.zendesk.com", "");
    let env = [("ZD_TOKEN", "t")];
    assert!(delivery::load("d.toml", &ok, &|k| env.iter().find(|e| e.0 == k).map(|e| e.1.to_string())).is_ok());
    let e = refused(&ok, &[]);
    assert_eq!(e, "d.toml: destination `zendesk`: token_env: environment variable ZD_TOKEN is not set");
    let e = refused(&ok.replace("type = \"zendesk\"", "type = \"zendsk\""), &env);
    assert!(e.starts_with("d.toml: destination `zendesk`: type: unknown destination type \"zendsk\""), "{e}");
    let e = refused(&ok.replace("https://acme.zendesk.com", "http://acme.zendesk.com"), &env);
    assert!(e.starts_with("d.toml: destination `zendesk`: url: http://acme.zendesk.com: https is required"), "{e}");
    let e = refused(&ok.replace("https://acme.zendesk.com", "acme"), &env);
    assert!(e.starts_with("d.toml: destination `zendesk`: url: invalid URL"), "{e}");
    let e = refused(&ok.replace("\"region\"", "\"regoin\""), &env);
    assert_eq!(e, "d.toml: destination `zendesk`: fields.360002: no ticket field is named \"regoin\"");
    let e = refused(&ok.replace("group_id", "grup_id"), &env);
    assert!(e.starts_with("d.toml: destination `zendesk`: grup_id: unknown field `grup_id`"), "{e}");
    let e = refused(&format!("{ok}\n[destination.route]\nseverities = [\"D\"]\n"), &env);
    assert_eq!(e, "d.toml: destination `zendesk`: route.severities: \"D\" is in no served portal profile");
    let e = refused(&ok.replace("group_id = 42", "group_id = 42\npriority = { A = \"asap\" }"), &env);
    assert_eq!(
        e,
        "d.toml: destination `zendesk`: priority.A: \"asap\" is not one of [\"urgent\", \"high\", \"normal\", \"low\"]"
    );
    let e = refused(&ok.replace("group_id = 42", "group_id = 42\npriority = { D = \"low\" }"), &env);
    assert!(e.starts_with("d.toml: destination `zendesk`: priority.D: "), "{e}");
    let e = refused(&format!("{ok}{ok}"), &env);
    assert_eq!(e, "d.toml: destination `zendesk`: name: names must be non-empty and unique");
    let e = refused("[[destination]]\nname = \"x\"\ntype = \"zendesk\"\nurl = \n", &env);
    assert!(e.starts_with("d.toml: ") && e.contains("line 4"), "{e}");
    let e = refused("[destinations]\n", &env);
    assert!(e.contains("unknown top-level key `destinations`"), "{e}");
}

/// A Standard Webhooks secret (`whsec_` + base64 of 32 bytes).
const HOOK_SECRET: &str = "whsec_Z3VpY2hldC10ZXN0LXNlY3JldC0zMi1ieXRlcy1sb25nIQ==";

type Received = std::sync::Arc<std::sync::Mutex<Vec<(Vec<(String, String)>, String)>>>;

/// A webhook receiver that answers 500 to its first `fail_first` requests, then 204.
async fn receiver(fail_first: usize) -> (String, Received) {
    use axum::http::{HeaderMap, StatusCode};
    let got: Received = Default::default();
    let g = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |h: HeaderMap, body: String| {
            let g = g.clone();
            async move {
                let headers = h.iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string())).collect();
                let mut g = g.lock().unwrap();
                g.push((headers, body));
                if g.len() <= fail_first {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

fn hook_toml(url: &str) -> String {
    format!("[[destination]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"{url}\"\nsecret_env = \"HOOK_SECRET\"\nbackoff_max_secs = 1\n")
}

#[tokio::test]
async fn the_webhook_is_signed_per_standard_webhooks_and_keeps_its_id_across_retries() {
    let (url, got) = receiver(1).await;
    let secret = b"test-secret";
    let config = guichet_intake::Config { identity_secret: Some(secret.to_vec()), ..Default::default() };
    let g = support::intake_with(&hook_toml(&url), &[("HOOK_SECRET", HOOK_SECRET)], config).await;
    let mut body = ticket("Mail flow stopped", "A");
    body["identity"] = support::identity(secret);
    let id = g.file(&body).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(rows[0].attempts, 2);
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    let header = |i: usize, k: &str| got[i].0.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(header(0, "webhook-id"), id);
    assert_eq!(header(1, "webhook-id"), id, "the receiver's idempotency key is stable");
    let (headers, raw) = &got[1];
    let payload = support::verify_webhook(HOOK_SECRET, headers, raw).expect("the reference library accepts it");
    assert_eq!(payload["type"], "ticket.created");
    assert_eq!(payload["data"]["id"], id.as_str());
    assert_eq!(payload["data"]["identity"]["user_id"], "u-42");
    assert!(payload["data"]["identity"].get("signature").is_none(), "the host's identity signature stays home");
    assert!(!raw.contains(&body["identity"]["signature"].as_str().unwrap()[..16]));
    // The check can fail: another body, or another secret, is refused.
    let tampered = raw.replace("Mail flow stopped", "Mail flow restored");
    assert!(support::verify_webhook(HOOK_SECRET, headers, &tampered).unwrap_err().contains("WebhookVerificationError"));
    let other = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlciE=";
    assert!(support::verify_webhook(other, headers, raw).is_err());
}

fn email_toml(port: u16, to: &str) -> String {
    format!(
        "[[destination]]\nname = \"mailbox\"\ntype = \"email\"\nsmtp = \"smtp://127.0.0.1:{port}\"\nfrom = \"Guichet <guichet@portal.test>\"\nto = \"{to}\"\nbackoff_max_secs = 1\n"
    )
}

#[tokio::test]
async fn email_reaches_a_real_smtp_server_with_its_attachment_and_a_stable_message_id() {
    let smtp = support::SmtpSink::start().await;
    let g = intake(&email_toml(smtp.port, "Support <support@portal.test>"), &[]).await;
    let file = g.upload("screen.png", PNG).await;
    let mut body = ticket("Mail flow stopped", "A");
    body["attachments"] = serde_json::json!([file]);
    let id = g.file(&body).await;
    let rows = g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(smtp.count(), 1);
    let m = smtp.message(1);
    assert_eq!(m["mail_from"], "guichet@portal.test");
    assert_eq!(m["rcpt_tos"], serde_json::json!(["support@portal.test"]));
    assert_eq!(m["content_type"], "multipart/mixed");
    let h = &m["headers"];
    assert_eq!(h["subject"], format!("[{id}] Mail flow stopped"));
    assert_eq!(h["message-id"], format!("<{id}@portal.test>"));
    assert_eq!(rows[0].remote_id.as_deref(), Some(format!("<{id}@portal.test>").as_str()));
    assert_eq!(h["reply-to"], "Ada Admin <ada@example.com>");
    let parts = m["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert_eq!(parts[0]["content_type"], "text/plain");
    assert!(parts[0]["text"].as_str().unwrap().contains("Nobody can send or receive mail"));
    assert_eq!(parts[1]["content_type"], "image/png");
    assert_eq!(parts[1]["filename"], "screen.png");
    assert_eq!(parts[1]["disposition"], "attachment");
    use sha2::Digest;
    assert_eq!(parts[1]["sha256"], hex::encode(sha2::Sha256::digest(PNG)));
}

#[tokio::test]
async fn a_mailbox_that_refuses_the_recipient_is_a_dead_letter_with_the_smtp_reply() {
    let smtp = support::SmtpSink::start().await;
    let g = intake(&email_toml(smtp.port, "reject@portal.test"), &[]).await;
    g.file(&ticket("Mail flow stopped", "B")).await;
    let rows = g.wait_for("the dead letter", |r| r.iter().any(|d| d.state == DeliveryState::Dead)).await;
    assert!(rows[0].last_error.as_deref().unwrap().contains("550"), "{rows:?}");
    assert_eq!(smtp.count(), 0);
    assert_eq!(g.store.ticket_count().unwrap(), 1, "the ticket itself is kept");
}

#[test]
fn plain_smtp_or_http_off_loopback_and_bad_secrets_are_refused() {
    let e = refused(
        "[[destination]]\nname = \"m\"\ntype = \"email\"\nsmtp = \"smtp://mail.example.com:25\"\nfrom = \"a@b.c\"\nto = \"d@e.f\"\n",
        &[],
    );
    assert!(e.starts_with("d.toml: destination `m`: smtp: smtp://mail.example.com:25: use smtps://"), "{e}");
    let ok = "[[destination]]\nname = \"m\"\ntype = \"email\"\nsmtp = \"smtp://mail.example.com:587?tls=required\"\nfrom = \"a@b.c\"\nto = \"d@e.f\"\n";
    assert!(delivery::load("d.toml", ok, &|_| None).is_ok());
    let e = refused(&ok.replace("d@e.f", "not a mailbox"), &[]);
    assert!(e.starts_with("d.toml: destination `m`: to: \"not a mailbox\""), "{e}");
    let e = refused(&hook_toml("https://hooks.example.com/x"), &[("HOOK_SECRET", "plain-text")]);
    assert!(e.starts_with("d.toml: destination `hook`: secret_env: HOOK_SECRET: expected whsec_"), "{e}");
}

#[tokio::test]
async fn an_https_helpdesk_is_reached_and_its_certificate_is_checked() {
    let fake = std::sync::Arc::new(zendesk::Fake::default());
    let (base, pem) = support::tls::serve(zendesk::router(fake.clone())).await;
    // Not trusted (a self-signed certificate): the delivery waits, with the TLS reason.
    let g = intake(&zendesk_toml(&base, ""), &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    g.file(&ticket("Mail flow stopped", "A")).await;
    let rows = g.wait_for("a refused handshake", |r| r.iter().any(|d| d.attempts >= 1 && d.last_error.is_some())).await;
    assert_eq!(rows[0].state, DeliveryState::Pending);
    assert!(rows[0].last_error.as_deref().unwrap().contains("UnknownIssuer"), "{rows:?}");
    assert!(fake.tickets().is_empty());
    // Trusted through ca_file: delivered over TLS.
    let ca = g.dir.path().join("helpdesk-ca.pem");
    std::fs::write(&ca, pem).unwrap();
    let toml = zendesk_toml(&base, &format!("ca_file = \"{}\"", ca.display()));
    let g = intake(&toml, &[("ZD_TOKEN", zendesk::TOKEN)]).await;
    g.file(&ticket("Mail flow stopped", "A")).await;
    g.wait_for("delivery", |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(fake.tickets().len(), 1);
}

#[tokio::test]
async fn the_requester_gets_a_confirmation_in_their_language_next_to_the_helpdesk_delivery() {
    let smtp = support::SmtpSink::start().await;
    let (base, fake) = zendesk::start().await;
    let toml = format!(
        "{}\n[[destination]]\nname = \"confirmation\"\ntype = \"confirmation\"\nsmtp = \"smtp://127.0.0.1:{}\"\nfrom = \"Support Contoso <support@portal.test>\"\nlink = \"https://portal.test/help#guichet-request={{token}}\"\n",
        zendesk_toml(&base, ""),
        smtp.port
    );
    let config = guichet_intake::Config { link_secret: Some(b"link-secret".to_vec()), ..Default::default() };
    let g =
        support::intake_with(&toml, &[("ZD_TOKEN", zendesk::TOKEN), ("GUICHET_LINK_SECRET", "link-secret")], config)
            .await;
    let id = g.file(&ticket("Mail flow stopped", "A")).await;
    let rows =
        g.wait_for("both deliveries", |r| r.len() == 2 && r.iter().all(|d| d.state == DeliveryState::Done)).await;
    assert_eq!(rows.iter().map(|r| r.destination.as_str()).collect::<Vec<_>>(), ["zendesk", "confirmation"]);
    assert_eq!(fake.tickets().len(), 1);
    let m = smtp.message(1);
    assert_eq!(m["rcpt_tos"], serde_json::json!(["ada@example.com"]));
    assert_eq!(m["headers"]["subject"], format!("[{id}] Nous avons bien reçu votre demande : Mail flow stopped"));
    assert_eq!(m["headers"]["message-id"], format!("<{id}.confirmation@portal.test>"));
    let text = m["parts"][0]["text"].as_str().unwrap();
    assert!(text.starts_with("Bonjour Ada Admin,"), "{text}");
    assert!(text.contains(&format!("enregistrée sous le numéro {id}")), "{text}");
    // Enterprise plan, severity A: 1 hour, 24/7 (O365 support description).
    assert!(text.contains("Première réponse attendue : 1 heure (traitement 24 h/24, 7 j/7)."), "{text}");
    // The link opens this request without an account.
    let token = text.split("#guichet-request=").nth(1).unwrap().split_whitespace().next().unwrap();
    let r = reqwest::get(format!("{}/api/requests/{token}", g.base)).await.unwrap();
    assert_eq!(r.status(), 200, "{text}");
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["id"], id.as_str());
}

#[tokio::test]
async fn a_reopen_reaches_zendesk_with_an_internal_note_and_the_webhook_as_an_event() {
    let (base, fake) = zendesk::start().await;
    let (url, got) = receiver(0).await;
    let secret = b"identity-secret";
    let config = guichet_intake::Config { identity_secret: Some(secret.to_vec()), ..Default::default() };
    let toml = format!("{}\n{}", zendesk_toml(&base, ""), hook_toml(&url));
    let g = support::intake_with(&toml, &[("ZD_TOKEN", zendesk::TOKEN), ("HOOK_SECRET", HOOK_SECRET)], config).await;
    let identity = support::identity(secret);
    let mut body = ticket("Mail flow stopped", "B");
    body["identity"] = identity.clone();
    let id = g.file(&body).await;
    g.wait_for("delivery", |r| r.len() == 2 && r.iter().all(|d| d.state == DeliveryState::Done)).await;
    g.store.set_status(&id, guichet_core::wire::TicketStatus::Closed).unwrap();
    let r = reqwest::Client::new()
        .post(format!("{}/api/tickets/{id}/reopen", g.base))
        .json(&serde_json::json!({"identity": identity}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    g.wait_for("the reopens", |r| r.len() == 4 && r.iter().all(|d| d.state == DeliveryState::Done)).await;
    let t = &fake.tickets()[0];
    assert_eq!(t["status"], "open");
    assert_eq!(t["notes"][0]["public"], false);
    let got = got.lock().unwrap().clone();
    let (headers, raw) = &got[1];
    let payload = support::verify_webhook(HOOK_SECRET, headers, raw).unwrap();
    assert_eq!(payload["type"], "ticket.reopened");
    assert_eq!(payload["data"]["id"], id.as_str());
    assert!(headers.iter().any(|(k, v)| k == "webhook-id" && v.starts_with(&format!("{id}.reopened."))));
}

#[tokio::test]
async fn email_goes_over_implicit_tls_and_starttls_to_a_relay_it_trusts() {
    for (mode, scheme) in
        [("implicit", "smtps://localhost:{port}"), ("starttls", "smtp://localhost:{port}?tls=required")]
    {
        let (smtp, ca) = support::SmtpSink::start_tls(mode).await;
        let url = scheme.replace("{port}", &smtp.port.to_string());
        let toml = format!(
            "[[destination]]\nname = \"mailbox\"\ntype = \"email\"\nsmtp = \"{url}\"\nfrom = \"guichet@portal.test\"\nto = \"support@portal.test\"\nbackoff_max_secs = 1\nca_file = \"{}\"\n",
            ca.display()
        );
        let g = intake(&toml, &[]).await;
        let id = g.file(&ticket("Mail flow stopped", "B")).await;
        g.wait_for(mode, |r| r.iter().any(|d| d.state == DeliveryState::Done)).await;
        assert_eq!(smtp.message(1)["headers"]["subject"], format!("[{id}] Mail flow stopped"), "{mode}");
        // Without trusting the relay's certificate, nothing is sent: the delivery waits.
        let untrusted = toml.replace(&format!("ca_file = \"{}\"\n", ca.display()), "");
        let g = intake(&untrusted, &[]).await;
        g.file(&ticket("Mail flow stopped", "B")).await;
        let rows = g.wait_for("a refused handshake", |r| r.iter().any(|d| d.last_error.is_some())).await;
        assert_eq!(rows[0].state, DeliveryState::Pending, "{mode}: {rows:?}");
        assert_eq!(smtp.count(), 1, "{mode}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_intake_replicas_on_one_postgres_deliver_every_ticket_once() {
    use guichet_intake::store::{PgStore, TicketStore};
    use std::sync::Arc;
    let pg = support::pg::PgServer::start();
    let (base, fake) = zendesk::start().await;
    let toml = zendesk_toml(&base, "");
    let env = [("ZD_TOKEN".to_string(), zendesk::TOKEN.to_string())];
    let lookup = move |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut replicas = Vec::new();
    for _ in 0..2 {
        let url = pg.url.clone();
        let store: Arc<dyn TicketStore> =
            Arc::new(tokio::task::spawn_blocking(move || PgStore::open(&url, 4).unwrap()).await.unwrap());
        let dests = delivery::load("d.toml", &toml, &lookup).unwrap();
        let outbox = guichet_intake::delivery::Outbox::new(&dests);
        delivery::worker::spawn(store.clone(), &dests, outbox.wake.clone());
        let state =
            guichet_intake::AppState { outbox, ..guichet_intake::AppState::new(store.clone(), Default::default()) };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = guichet_intake::app(state, None);
        tokio::spawn(guichet_intake::server::serve(listener, router, Default::default(), std::future::pending()));
        replicas.push((url, store));
    }
    let c = reqwest::Client::new();
    let mut ids = Vec::new();
    for i in 0..30 {
        // Alternate replicas; every ticket also retried on the other with the same key.
        let (a, b) = (&replicas[i % 2].0, &replicas[(i + 1) % 2].0);
        let body = ticket(&format!("Replica ticket {i}"), "B");
        let key = format!("key-{i}");
        let first: serde_json::Value = c
            .post(format!("{a}/api/tickets"))
            .header("idempotency-key", &key)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let again: serde_json::Value = c
            .post(format!("{b}/api/tickets"))
            .header("idempotency-key", &key)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(first["id"], again["id"], "one ticket per key across replicas");
        ids.push(first["id"].as_str().unwrap().to_string());
    }
    let store = replicas[0].1.clone();
    let done = move || {
        let s = store.clone();
        tokio::task::spawn_blocking(move || {
            (s.deliveries(Some(DeliveryState::Done), 1000).unwrap().len(), s.ticket_count().unwrap())
        })
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (delivered, tickets) = done().await.unwrap();
        assert_eq!(tickets, 30);
        if delivered == 30 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{delivered} of 30 delivered");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let got: Vec<String> = fake.tickets().iter().map(|t| t["external_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(got, ids, "each ticket once in Zendesk, in creation order, whichever replica delivered it");
}
