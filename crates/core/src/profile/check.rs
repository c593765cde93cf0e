//! What a profile must hold beyond its shape: ids that exist, are unique and well formed,
//! rules that can be met.

use super::{FieldType, Need, Profile};
use std::collections::BTreeSet;
use std::fmt;

/// A profile that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// The file (as given by the caller).
    pub file: String,
    /// Line and column, 1-based, when known.
    pub at: Option<(usize, usize)>,
    /// Key path (`flows[1].fields[0].show_when.field`), empty for the whole file.
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.at {
            write!(f, ":{line}:{col}")?;
        }
        if !self.key.is_empty() && self.key != "." {
            write!(f, ": `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ProfileError {}

fn err(key: impl Into<String>, message: impl Into<String>) -> ProfileError {
    ProfileError { file: String::new(), at: None, key: key.into(), message: message.into() }
}

fn is_id(s: &str, extra: char) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.len() <= 64
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == extra || c.is_ascii_uppercase())
}

fn unique<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), ProfileError> {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !is_id(id, '_') {
            return Err(err(format!("{what}[{i}].id"), format!("`{id}` is not an id (letters, digits and `_`)")));
        }
        if !seen.insert(id) {
            return Err(err(format!("{what}[{i}].id"), format!("`{id}` is used twice")));
        }
    }
    if seen.is_empty() {
        return Err(err(what, "at least one is needed"));
    }
    Ok(())
}

impl Profile {
    /// Checks ids (well formed, unique, every reference resolves), that `en` labels exist,
    /// patterns compile, selects have options and conditions name an earlier field. Errors:
    /// [`ProfileError`] with the key path (no file: the loaders add it).
    pub fn check(&self) -> Result<(), ProfileError> {
        if !is_id(&self.id, '-') {
            return Err(err("id", "lower-case letters, digits and `-`"));
        }
        if self.version.trim().is_empty() {
            return Err(err("version", "a version is required (e.g. the date of the change)"));
        }
        unique("plans", self.plans.iter().map(|p| p.id.as_str()))?;
        unique("severities", self.severities.iter().map(|p| p.id.as_str()))?;
        unique("issue_types", self.issue_types.iter().map(|p| p.id.as_str()))?;
        unique("flows", self.flows.iter().map(|p| p.id.as_str()))?;
        let hours: BTreeSet<&str> = self.hours.iter().map(|h| h.id.as_str()).collect();
        let plan = |key: String, id: &str| {
            if self.plan(id).is_some() {
                Ok(())
            } else {
                Err(err(key, format!("no plan `{id}` in `plans`")))
            }
        };
        let severity = |key: String, id: &str| {
            if self.severity(id).is_some() {
                Ok(())
            } else {
                Err(err(key, format!("no severity `{id}` in `severities`")))
            }
        };
        plan("default_plan".into(), &self.default_plan)?;
        for (i, t) in self.issue_types.iter().enumerate() {
            for (j, l) in t.limits.iter().enumerate() {
                for (k, p) in l.plans.iter().enumerate() {
                    plan(format!("issue_types[{i}].limits[{j}].plans[{k}]"), p)?;
                }
                severity(format!("issue_types[{i}].limits[{j}].highest"), &l.highest)?;
            }
        }
        for (i, r) in self.responses.iter().enumerate() {
            if r.plan != "*" {
                plan(format!("responses[{i}].plan"), &r.plan)?;
            }
            if r.severity != "*" {
                severity(format!("responses[{i}].severity"), &r.severity)?;
            }
            if !matches!(r.availability.as_str(), "always" | "business_hours" | "not_stated")
                && !hours.contains(r.availability.as_str())
            {
                return Err(err(
                    format!("responses[{i}].availability"),
                    format!("`{}` is not always, business_hours, not_stated or an id of `hours`", r.availability),
                ));
            }
        }
        for p in &self.plans {
            for s in &self.severities {
                if self.response(&p.id, &s.id).is_none() {
                    return Err(err("responses", format!("no rule for plan `{}` and severity `{}`", p.id, s.id)));
                }
            }
        }
        for (i, f) in self.flows.iter().enumerate() {
            if let Some(p) = &f.plan {
                plan(format!("flows[{i}].plan"), p)?;
            }
            if let Some(t) = &f.issue_type {
                if self.issue_type(t).is_none() {
                    return Err(err(format!("flows[{i}].issue_type"), format!("no issue type `{t}` in `issue_types`")));
                }
            }
            if f.title == Need::Hidden && f.title_template.is_none() && f.description == Need::Hidden {
                return Err(err(format!("flows[{i}]"), "a flow without title or description needs a title_template"));
            }
            let mut before: BTreeSet<&str> = ["issue_type", "plan", "severity"].into();
            for (j, d) in f.fields.iter().enumerate() {
                let key = format!("flows[{i}].fields[{j}]");
                if !is_id(&d.id, '_') || d.id.chars().any(|c| c.is_ascii_uppercase()) {
                    return Err(err(format!("{key}.id"), format!("`{}` is not an id (a-z, 0-9 and `_`)", d.id)));
                }
                if before.contains(d.id.as_str()) {
                    return Err(err(format!("{key}.id"), format!("`{}` is used twice in this flow", d.id)));
                }
                if !d.label.0.contains_key("en") {
                    return Err(err(format!("{key}.label"), "an English label (`en`) is required"));
                }
                let choice = matches!(d.kind, FieldType::Select | FieldType::MultiSelect);
                if choice && d.options.is_empty() {
                    return Err(err(format!("{key}.options"), "a select needs options"));
                }
                if !choice && !d.options.is_empty() {
                    return Err(err(format!("{key}.options"), "only a select or multi-select has options"));
                }
                if let Some(p) = &d.pattern {
                    if let Err(e) = super::pattern::compiles(p) {
                        return Err(err(format!("{key}.pattern"), format!("not a regular expression: {e}")));
                    }
                }
                if let (Some(a), Some(b)) = (d.min, d.max) {
                    if a > b {
                        return Err(err(format!("{key}.min"), "min is above max"));
                    }
                }
                for (k, c) in d.currencies.iter().enumerate() {
                    if c.len() != 3 || !c.chars().all(|c| c.is_ascii_uppercase()) {
                        return Err(err(format!("{key}.currencies[{k}]"), format!("`{c}` is not an ISO 4217 code")));
                    }
                }
                if let Some(c) = &d.show_when {
                    if !before.contains(c.field.as_str()) {
                        return Err(err(
                            format!("{key}.show_when.field"),
                            format!("`{}` is not issue_type, plan, severity or an earlier field of this flow", c.field),
                        ));
                    }
                }
                before.insert(d.id.as_str());
            }
        }
        Ok(())
    }
}
