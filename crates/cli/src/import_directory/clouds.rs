//! Special cloud directories (21Vianet, Germany), authored from the seeds in
//! `content/directory/clouds.json` and compiled into directory clouds.

use super::to_e164;
use guichet_core::directory::{parse_hours_line, CallCharge, Cloud, CloudDirectory, CloudEntry, PhoneNumber};
use guichet_core::hours::SupportType;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Source form of a special cloud directory (`content/directory/clouds.json`), authored from
/// the seeds: numbers as displayed and hours as phrases, compiled by [`compile_clouds`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudSource {
    pub id: Cloud,
    pub names: BTreeMap<String, String>,
    pub source: String,
    pub entries: Vec<CloudEntrySource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudEntrySource {
    #[serde(default)]
    pub regions: Vec<String>,
    pub numbers: Vec<NumberSource>,
    #[serde(default)]
    pub charge: Option<CallCharge>,
    pub hours: Vec<HoursSource>,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSource {
    pub display: String,
    /// ISO code whose numbering plan the display form uses.
    pub region: String,
    #[serde(default)]
    pub alternative: bool,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursSource {
    pub support: SupportType,
    /// `Language: phrase`, as in the reference pages.
    pub line: String,
    #[serde(default)]
    pub severity: Option<String>,
}

/// Turns cloud sources into directory clouds: numbers to E.164, phrases to schedules.
pub fn compile_clouds(src: &[CloudSource]) -> Result<Vec<CloudDirectory>, String> {
    let mut out = Vec::new();
    for c in src {
        let mut entries = Vec::new();
        for e in &c.entries {
            let mut numbers = Vec::new();
            for n in &e.numbers {
                let (e164, flags) = to_e164(&n.display, &n.region)?.stored();
                numbers.push(PhoneNumber {
                    e164,
                    display: n.display.clone(),
                    alternative: n.alternative,
                    label: n.label.clone(),
                    plan: None,
                    cloud: None,
                    steps: vec![],
                    flags,
                    charge: None,
                });
            }
            let mut hours = Vec::new();
            for h in &e.hours {
                let mut line =
                    parse_hours_line(h.support, &h.line, None, None).map_err(|err| format!("cloud {}: {err}", c.id))?;
                line.severity = h.severity.clone();
                hours.push(line);
            }
            entries.push(CloudEntry {
                regions: e.regions.clone(),
                numbers,
                charge: e.charge,
                hours,
                notes: e.notes.clone(),
            });
        }
        out.push(CloudDirectory { id: c.id, names: c.names.clone(), source: c.source.clone(), entries });
    }
    Ok(out)
}
