//! The destinations file (TOML, `--destinations FILE` or `GUICHET_DESTINATIONS`): one
//! `[[destination]]` table per helpdesk, mailbox or webhook. Secrets are never in the file:
//! keys ending in `_env` name the environment variable that holds them. Everything is checked
//! at start-up and the first problem is refused with the destination and key it concerns
//! (a syntax error with its line and column).
//!
//! Keys every destination takes: `name` (unique), `type` (one of [`TYPES`]),
//! `timeout_secs` (per attempt, default 30), `backoff_max_secs` (longest wait between retries,
//! default 600), `ca_file` (a PEM root certificate to trust besides the public ones, for a
//! helpdesk behind a private CA), and `[destination.route]` (which tickets go there; all when
//! absent). The README has a copy-paste example per type.

use super::keys::{ConfigError, Ctx};
use super::{confirmation, email, freshdesk, github, gitlab, jira, webhook, zammad, zendesk, Destination};
use guichet_core::ticket::{IssueType, Severity, SupportPlan, TicketKind, TicketRequest};
use guichet_core::Locale;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// Which tickets a destination receives: every listed key must match (an absent or empty
/// list matches everything). Values are wire names (`kinds = ["refund"]`, `severities =
/// ["A"]`, `regions = ["FR"]` as ISO 3166-1 alpha-2, `locales = ["fr"]`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Route {
    #[serde(default)]
    pub kinds: Vec<TicketKind>,
    #[serde(default)]
    pub issue_types: Vec<IssueType>,
    #[serde(default)]
    pub severities: Vec<Severity>,
    #[serde(default)]
    pub plans: Vec<SupportPlan>,
    #[serde(default)]
    pub locales: Vec<Locale>,
    #[serde(default)]
    pub regions: Vec<String>,
}

impl Route {
    /// Whether `req` goes to this route's destination.
    pub fn matches(&self, req: &TicketRequest) -> bool {
        fn any<T: PartialEq>(list: &[T], v: &T) -> bool {
            list.is_empty() || list.contains(v)
        }
        let region = req.region.as_deref().unwrap_or("").to_ascii_uppercase();
        any(&self.kinds, &req.kind)
            && any(&self.issue_types, &req.issue_type)
            && any(&self.severities, &req.severity)
            && any(&self.plans, &req.plan)
            && any(&self.locales, &req.locale)
            && (self.regions.is_empty() || self.regions.iter().any(|r| r.eq_ignore_ascii_case(&region)))
    }
}

/// How the worker treats one destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// Longest wait between two attempts (backoff cap).
    pub backoff_max: Duration,
    /// How long a claimed delivery stays claimed (four attempt timeouts): a worker that dies
    /// mid-attempt leaves it to be taken again after this.
    pub lease: Duration,
}

/// Everything the destinations file configures.
#[derive(Clone, Default)]
pub struct Destinations {
    /// The destinations, in file order, with their pacing.
    pub list: Vec<(Arc<dyn Destination>, Pacing)>,
    /// Their names and routes (for the outbox).
    pub routes: Vec<(String, Route)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Common {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    route: Route,
    #[serde(default = "default_timeout")]
    timeout_secs: u64,
    #[serde(default = "default_backoff_max")]
    backoff_max_secs: u64,
    #[serde(default)]
    ca_file: Option<String>,
}

fn default_timeout() -> u64 {
    30
}

fn default_backoff_max() -> u64 {
    600
}

/// The destination types.
pub const TYPES: &str = "zendesk, freshdesk, jira, zammad, github, gitlab, email, webhook, confirmation";

const COMMON_KEYS: [&str; 6] = ["name", "type", "route", "timeout_secs", "backoff_max_secs", "ca_file"];

/// Reads the destinations file `src` (named `file` in errors), taking secrets through `env`.
/// Errors: [`ConfigError`] naming the destination and key.
pub fn load(file: &str, src: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Destinations, ConfigError> {
    let syntax = |message: String| ConfigError::Syntax { file: file.into(), message };
    let mut root: toml::Table = src.parse().map_err(|e: toml::de::Error| syntax(e.to_string()))?;
    let tables = match root.remove("destination") {
        None => Vec::new(),
        Some(toml::Value::Array(a)) => a,
        Some(_) => return Err(syntax("`destination` must be an array of tables ([[destination]])".into())),
    };
    if let Some(k) = root.keys().next() {
        return Err(syntax(format!("unknown top-level key `{k}` (expected [[destination]] tables)")));
    }
    let mut out = Destinations::default();
    for (i, t) in tables.into_iter().enumerate() {
        let toml::Value::Table(mut table) = t else {
            return Err(syntax(format!("destination #{}: not a table", i + 1)));
        };
        let label = table.get("name").and_then(|v| v.as_str()).map_or(format!("#{}", i + 1), str::to_string);
        let mut common = toml::Table::new();
        for k in COMMON_KEYS {
            if let Some(v) = table.remove(k) {
                common.insert(k.into(), v);
            }
        }
        let common = Common::deserialize(toml::Value::Table(common)).map_err(|e| {
            let msg = e.message().to_string();
            ConfigError::Key {
                file: file.into(),
                destination: label.clone(),
                key: msg.split('`').nth(1).unwrap_or("?").to_string(),
                message: msg,
            }
        })?;
        let key_error = |key: &str, message: String| ConfigError::Key {
            file: file.into(),
            destination: common.name.clone(),
            key: key.into(),
            message,
        };
        if common.name.trim().is_empty() || out.routes.iter().any(|(n, _)| *n == common.name) {
            return Err(key_error("name", "names must be non-empty and unique".into()));
        }
        // Flow, issue type, severity and plan ids: those of a served profile.
        let served = crate::profiles::served();
        let known = |what: &str, id: &str| -> bool {
            served.all().iter().any(|p| match what {
                "kinds" => p.flow(id).is_some(),
                "issue_types" => p.issue_type(id).is_some(),
                "severities" => p.severity(id).is_some(),
                _ => p.plan(id).is_some(),
            })
        };
        let r = &common.route;
        for (what, ids) in [
            ("kinds", r.kinds.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
            ("issue_types", r.issue_types.iter().map(|v| v.as_str()).collect()),
            ("severities", r.severities.iter().map(|v| v.as_str()).collect()),
            ("plans", r.plans.iter().map(|v| v.as_str()).collect()),
        ] {
            if let Some(id) = ids.iter().find(|id| !known(what, id)) {
                return Err(key_error(&format!("route.{what}"), format!("{id:?} is in no served portal profile")));
            }
        }
        for r in &common.route.regions {
            if r.len() != 2 || !r.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(key_error("route.regions", format!("{r:?} is not an ISO 3166-1 alpha-2 code")));
            }
        }
        let timeout = Duration::from_secs(common.timeout_secs.max(1));
        let mut http = reqwest::Client::builder().timeout(timeout).user_agent("guichet-intake");
        let mut ca_pem = None;
        if let Some(path) = &common.ca_file {
            let pem = std::fs::read(path).map_err(|e| key_error("ca_file", format!("{path}: {e}")))?;
            let cert =
                reqwest::Certificate::from_pem(&pem).map_err(|e| key_error("ca_file", format!("{path}: {e}")))?;
            http = http.add_root_certificate(cert);
            ca_pem = Some(pem);
        }
        let http = http.build().map_err(|e| key_error("ca_file", e.to_string()))?;
        let ctx = Ctx { file, name: common.name.clone(), table, env, http, timeout, ca_pem };
        let dest: Arc<dyn Destination> = match common.kind.as_str() {
            "zendesk" => Arc::new(zendesk::Zendesk::from_config(&ctx)?),
            "webhook" => Arc::new(webhook::Webhook::from_config(&ctx)?),
            "email" => Arc::new(email::Email::from_config(&ctx)?),
            "confirmation" => Arc::new(confirmation::Confirmation::from_config(&ctx)?),
            "freshdesk" => Arc::new(freshdesk::Freshdesk::from_config(&ctx)?),
            "jira" => Arc::new(jira::Jira::from_config(&ctx)?),
            "zammad" => Arc::new(zammad::Zammad::from_config(&ctx)?),
            "github" => Arc::new(github::GitHub::from_config(&ctx)?),
            "gitlab" => Arc::new(gitlab::GitLab::from_config(&ctx)?),
            other => return Err(key_error("type", format!("unknown destination type {other:?} ({TYPES})"))),
        };
        let pacing = Pacing { backoff_max: Duration::from_secs(common.backoff_max_secs.max(1)), lease: timeout * 4 };
        out.list.push((dest, pacing));
        out.routes.push((common.name, common.route));
    }
    Ok(out)
}
