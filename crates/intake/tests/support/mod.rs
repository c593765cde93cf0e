//! Shared by the delivery tests: an intake with destinations and running workers, and a
//! wait for a condition with a deadline.

#![allow(dead_code)]

pub mod helpdesks;
pub mod pg;
pub mod tls;
pub mod zendesk;

use guichet_intake::delivery::{self, Outbox};
use guichet_intake::store::{DeliveryRow, SqliteStore, TicketStore};
use guichet_intake::{app, AppState, Config};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub struct Intake {
    pub base: String,
    pub store: Arc<SqliteStore>,
    pub dir: tempfile::TempDir,
}

/// Starts an intake on a free port whose destinations come from `toml` (secrets from `env`),
/// with its delivery workers running.
pub async fn intake(toml: &str, env: &[(&str, &str)]) -> Intake {
    intake_with(toml, env, Config::default()).await
}

/// [`intake`] with settings.
pub async fn intake_with(toml: &str, env: &[(&str, &str)], config: Config) -> Intake {
    let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let lookup = move |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let destinations = delivery::load("destinations.toml", toml, &lookup).expect("valid destinations");
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("t.db")).unwrap());
    let outbox = Outbox::new(&destinations);
    let dyn_store: Arc<dyn TicketStore> = store.clone();
    delivery::worker::spawn(dyn_store.clone(), &destinations, outbox.wake.clone());
    let state = AppState { outbox, ..AppState::new(dyn_store, config) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, app(state, None).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap()
    });
    Intake { base, store, dir }
}

/// Ada (user `u-42` of tenant `contoso`, `ada@example.com`, the email of [`ticket`]) signed
/// with `secret` for the next hour.
pub fn identity(secret: &[u8]) -> Value {
    let exp = chrono::Utc::now().timestamp() + 3600;
    json!({"user_id": "u-42", "email": "ada@example.com", "tenant": "contoso", "name": "Ada", "expires_at": exp,
           "signature": guichet_core::identity::sign(secret, "u-42", "ada@example.com", "contoso", exp).unwrap()})
}

pub fn ticket(title: &str, severity: &str) -> Value {
    json!({
        "issue_type": "technical", "severity": severity, "plan": "enterprise",
        "title": title, "description": "Nobody can send or receive mail since this morning.",
        "subscription_id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        "contact_name": "Ada Admin", "email": "ada@example.com", "phone": "+33 1 23 45 67 89",
        "preferred_contact": "email", "locale": "fr", "region": "FR"
    })
}

impl Intake {
    /// Files `body` (201 expected): the ticket id.
    pub async fn file(&self, body: &Value) -> String {
        let r = reqwest::Client::new().post(format!("{}/api/tickets", self.base)).json(body).send().await.unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    }

    /// Uploads a file: its attachment id.
    pub async fn upload(&self, name: &str, bytes: &[u8]) -> String {
        let r = reqwest::Client::new()
            .post(format!("{}/api/attachments", self.base))
            .query(&[("filename", name)])
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    }

    pub fn deliveries(&self) -> Vec<DeliveryRow> {
        self.store.deliveries(None, 100_000).unwrap()
    }

    /// Waits (up to 60 s) until `cond` holds on the deliveries; panics with them otherwise.
    pub async fn wait_for(&self, what: &str, cond: impl Fn(&[DeliveryRow]) -> bool) -> Vec<DeliveryRow> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let rows = self.deliveries();
            if cond(&rows) {
                return rows;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("timed out waiting for {what}: {rows:#?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A real SMTP server (`smtp_sink.py`, aiosmtpd) writing what it receives to a folder.
pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    _child: tokio::process::Child,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        Self::start_with(&[]).await
    }

    /// A sink speaking TLS (`"implicit"` or `"starttls"`, required) with a fresh certificate
    /// for `localhost`: the sink and the certificate's PEM file (to trust it).
    pub async fn start_tls(mode: &str) -> (SmtpSink, std::path::PathBuf) {
        let keys = tempfile::tempdir().unwrap().keep();
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let (cert_path, key_path) = (keys.join("cert.pem"), keys.join("key.pem"));
        std::fs::write(&cert_path, cert.cert.pem()).unwrap();
        std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
        let args = [
            "--tls".into(),
            mode.to_string(),
            "--cert".into(),
            cert_path.display().to_string(),
            "--key".into(),
            key_path.display().to_string(),
        ];
        (Self::start_with(&args).await, cert_path)
    }

    async fn start_with(args: &[String]) -> SmtpSink {
        use tokio::io::AsyncBufReadExt;
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = tokio::process::Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs (scripts/setup.sh installs aiosmtpd)");
        let mut line = String::new();
        tokio::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).await.unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| panic!("smtp_sink.py did not start: {line:?}"));
        SmtpSink { port, dir, _child: child }
    }

    /// The structure of message `n` (from 1) as Python's email package parses it.
    pub fn message(&self, n: usize) -> Value {
        let path = self.dir.path().join(format!("{n}.json"));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    pub fn count(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "json"))
            .count()
    }
}

/// Runs the Standard Webhooks reference library on a received request: the verified payload,
/// or the library's error.
pub fn verify_webhook(secret: &str, headers: &[(String, String)], body: &str) -> Result<Value, String> {
    use std::io::Write;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/verify_webhook.py");
    let mut child = std::process::Command::new("python3")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/setup.sh installs standardwebhooks)");
    let h: serde_json::Map<String, Value> = headers.iter().map(|(k, v)| (k.clone(), Value::from(v.clone()))).collect();
    let input = json!({"secret": secret, "headers": h, "body": body});
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if out.status.success() {
        Ok(serde_json::from_str(&text).unwrap())
    } else {
        Err(text)
    }
}
