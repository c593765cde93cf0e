//! What a destination module gets to build itself from its table of the destinations file
//! ([`Ctx`]: its keys, secrets from the environment, checked URLs and field paths, an HTTP
//! client) and the error it refuses a bad key with ([`ConfigError`]).

use guichet_core::ticket::{Field, Severity};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// A refused destinations file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// Not TOML, or not a list of `[[destination]]` tables (with line and column).
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    /// A bad key in one destination.
    #[error("{file}: destination `{destination}`: {key}: {message}")]
    Key { file: String, destination: String, key: String, message: String },
}

/// What a destination module gets to build itself: its own keys, checked.
pub struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) name: String,
    pub(super) table: toml::Table,
    pub(super) env: &'a dyn Fn(&str) -> Option<String>,
    /// An HTTP client with the destination's timeout and extra root certificate.
    pub http: reqwest::Client,
    /// The attempt timeout.
    pub timeout: Duration,
    /// The PEM root certificate of `ca_file`, if given.
    pub ca_pem: Option<Vec<u8>>,
}

impl Ctx<'_> {
    /// The destination's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// An error about `key` of this destination.
    pub fn error(&self, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError::Key {
            file: self.file.into(),
            destination: self.name.clone(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// The destination's own keys as `T` (unknown keys refused).
    pub fn keys<T: DeserializeOwned>(&self) -> Result<T, ConfigError> {
        T::deserialize(toml::Value::Table(self.table.clone())).map_err(|e| {
            let msg = e.message().to_string();
            // serde names the key in its message ("unknown field `x`", "missing field `y`").
            let key = msg.split('`').nth(1).unwrap_or("?").to_string();
            self.error(&key, msg)
        })
    }

    /// The secret in the environment variable that `key` (e.g. `token_env`) names.
    pub fn secret(&self, key: &str, var: &str) -> Result<String, ConfigError> {
        match (self.env)(var) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(self.error(key, format!("environment variable {var} is not set"))),
        }
    }

    /// [`Self::secret`] when the file names a variable for `key`; `None` when it names none.
    pub fn optional_secret(&self, key: &str, var: Option<&str>) -> Result<Option<String>, ConfigError> {
        var.map(|v| self.secret(key, v)).transpose()
    }

    /// The `priority` table (severity wire name → the helpdesk's priority) over `defaults`;
    /// `check` refuses a value with its reason. Errors name `priority.<severity>`.
    pub fn priorities<T: Clone>(
        &self,
        given: &std::collections::BTreeMap<String, T>,
        defaults: [(Severity, T); 3],
        check: impl Fn(&T) -> Result<(), String>,
    ) -> Result<std::collections::BTreeMap<Severity, T>, ConfigError> {
        let mut out: std::collections::BTreeMap<Severity, T> = defaults.into();
        for (s, p) in given {
            let key = format!("priority.{s}");
            if !crate::profiles::served().all().iter().any(|p| p.severity(s).is_some()) {
                return Err(self.error(&key, format!("{s:?} is a severity of no served portal profile")));
            }
            let sev = Severity::new(s.clone());
            check(p).map_err(|reason| self.error(&key, reason))?;
            out.insert(sev, p.clone());
        }
        Ok(out)
    }

    /// `value` of `key` as an `https` URL (plain `http` only to a loopback address, so that
    /// tickets never cross a network in clear text).
    pub fn url(&self, key: &str, value: &str) -> Result<reqwest::Url, ConfigError> {
        let url = reqwest::Url::parse(value).map_err(|e| self.error(key, format!("invalid URL {value:?}: {e}")))?;
        let loopback = match url.host() {
            Some(url::Host::Domain(d)) => d == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        match url.scheme() {
            "https" => Ok(url),
            "http" if loopback => Ok(url),
            "http" => {
                Err(self.error(key, format!("{value}: https is required (plain http only to a loopback address)")))
            }
            s => Err(self.error(key, format!("{value}: unsupported scheme {s}"))),
        }
    }

    /// A Guichet field path: a built-in field (`refund.amount`, a [`Field`]) or a profile
    /// field (`answers.area`) of a served profile.
    pub fn field(&self, key: &str, path: &str) -> Result<super::FieldPath, ConfigError> {
        let known = match path.strip_prefix("answers.") {
            Some(id) => crate::profiles::served()
                .all()
                .iter()
                .any(|p| p.flows.iter().any(|f| f.fields.iter().any(|d| d.id == id))),
            None => path.parse::<Field>().is_ok(),
        };
        if known {
            Ok(super::FieldPath(path.to_string()))
        } else {
            Err(self.error(key, format!("no ticket field is named {path:?}")))
        }
    }
}
