//! The support directory: per region (ISO 3166-1) phone numbers in E.164, dialling steps,
//! call-charge notes, and billing/technical hours per language, with the region's IANA time
//! zones. Built by `guichet import-directory` from the support-contacts reference pages
//! (Microsoft 365 business support, CC BY 4.0) and bundled as `public/bundle/directory.json`.

use crate::hours::{parse_hours, status, HoursFlag, OpenStatus, Schedule, SupportType};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who pays for a call, as stated by the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallCharge {
    /// "International call charges apply".
    International,
    /// "Local call charges apply".
    Local,
    /// Toll-free for the caller.
    TollFree,
}

/// A phone number of a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// E.164 form, `+` and digits only (`+18008659408`), used for `tel:` links.
    pub e164: String,
    /// The number as the source displays it (`1 800 865 9408`).
    pub display: String,
    /// `false` for the main number, `true` for an "Alternative Phone Number".
    pub alternative: bool,
    /// Free label from the source: carrier, plan, "Local toll-free", "Cellular"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Dialling steps to follow after the number ("Select option 3", "Enter code 7706").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Oddities: `"e164_unverified"` (the number did not pass libphonenumber's checks for the
    /// region; the E.164 form was derived from the country calling code), `"access_number"`
    /// (a carrier access code to dial before the number given in `steps`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// Opening hours of one support type in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursLine {
    /// Billing or technical support.
    pub support: SupportType,
    /// Language spoken on the line, in English as the source names it ("French").
    pub language: String,
    /// The phrase as written in the source, for display and audit.
    pub raw: String,
    /// Weekly schedule parsed from `raw`.
    pub schedule: Schedule,
    /// IANA zone named by the phrase (`"Europe/London"`); `None` means local to the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Plan the line is limited to, if the source says so (Japan: "Office 365 Enterprise").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Oddities kept from the source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<HoursFlag>,
}

/// A region of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// ISO 3166-1 alpha-2 code (`"FR"`); `"XK"` (user-assigned) for Kosovo; `"AC"`/`"TA"`
    /// (exceptionally reserved) for Ascension and Tristan da Cunha.
    pub code: String,
    /// Slug of the source page (`"united-kingdom"`).
    pub slug: String,
    /// Display names by BCP 47 language (`"en"`, `"fr"`, `"de"`).
    pub names: BTreeMap<String, String>,
    /// IANA time zones of the region, main zone first.
    pub zones: Vec<String>,
    /// Phone numbers, main first; empty when there is no phone support.
    pub numbers: Vec<PhoneNumber>,
    /// Call charges note, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<CallCharge>,
    /// Opening hours per support type and language.
    pub hours: Vec<HoursLine>,
    /// Facts as codes, translated by the UI: `"closed_public_holidays"`, `"no_phone_support"`,
    /// `"online_support_24_7"`, `"severe_issues_24_7"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// English name as the source page writes it, when it differs from the CLDR name
    /// (`"Saba"` for code BQ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
}

/// The whole directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// Attribution of the source data.
    pub source: String,
    /// Regions sorted by code, then slug.
    pub regions: Vec<Region>,
}

impl Region {
    /// Name in `lang` (`"fr"`), falling back to English, then to the code.
    pub fn name(&self, lang: &str) -> &str {
        self.names.get(lang).or_else(|| self.names.get("en")).map(String::as_str).unwrap_or(&self.code)
    }

    /// Display name in `lang`, with the source's own name appended where several source
    /// regions share one ISO code (`"Pays-Bas caribéens (Saba)"`).
    pub fn display_name(&self, lang: &str) -> String {
        match &self.source_name {
            Some(s) => format!("{} ({s})", self.name(lang)),
            None => self.name(lang).to_string(),
        }
    }

    /// Whether the region has phone support at all (Nepal has none).
    pub fn has_phone_support(&self) -> bool {
        !self.numbers.is_empty()
    }

    /// The region's main IANA zone (first of `zones`), or UTC if unknown.
    pub fn main_zone(&self) -> Tz {
        self.zones.first().and_then(|z| z.parse().ok()).unwrap_or(Tz::UTC)
    }

    /// The zone a line's hours are read in: the zone the line names; else the visitor's zone
    /// when it belongs to this region (multi-zone regions such as US, CA, AU, BR, RU); else the
    /// region's main zone.
    pub fn line_zone(&self, line: &HoursLine, visitor_zone: Option<&str>) -> Tz {
        if let Some(z) = line.zone.as_deref().and_then(|z| z.parse().ok()) {
            return z;
        }
        if let Some(v) = visitor_zone {
            if self.zones.iter().any(|z| z == v) {
                if let Ok(tz) = v.parse() {
                    return tz;
                }
            }
        }
        self.main_zone()
    }

    /// Open state of `line` at `now` (see [`Region::line_zone`] for the zone used).
    pub fn line_status(&self, line: &HoursLine, visitor_zone: Option<&str>, now: DateTime<Utc>) -> OpenStatus {
        status(&line.schedule, self.line_zone(line, visitor_zone), now)
    }

    /// Distinct languages offered, in source order.
    pub fn languages(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for h in &self.hours {
            if !out.contains(&h.language.as_str()) {
                out.push(&h.language);
            }
        }
        out
    }
}

impl Directory {
    /// The first region with ISO code `code` (case-insensitive).
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code.eq_ignore_ascii_case(code))
    }

    /// The region whose source slug is `slug` (unique, unlike codes: BQ has three).
    pub fn by_slug(&self, slug: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.slug == slug)
    }

    /// Guesses the visitor's region from the browser's BCP 47 `locale` (`"fr-BE"`) and IANA
    /// `time_zone` (`"Europe/Brussels"`).
    ///
    /// Order: the locale's region if the time zone belongs to it; else the single region whose
    /// zones contain the time zone; else the locale's region if the directory has it; else
    /// `None`.
    pub fn detect_region(&self, locale: &str, time_zone: &str) -> Option<&Region> {
        let locale_region = locale
            .split(['-', '_'])
            .skip(1)
            .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
            .and_then(|c| self.region(c));
        if let Some(r) = locale_region {
            if r.zones.iter().any(|z| z == time_zone) {
                return Some(r);
            }
        }
        let by_zone: Vec<&Region> = self.regions.iter().filter(|r| r.zones.iter().any(|z| z == time_zone)).collect();
        if by_zone.len() == 1 {
            return Some(by_zone[0]);
        }
        locale_region
    }
}

/// Parses one "Language: phrase" hours line of the source into an [`HoursLine`].
///
/// Errors: the phrase when the language label or hours cannot be read.
pub fn parse_hours_line(support: SupportType, line: &str, plan: Option<&str>) -> Result<HoursLine, String> {
    let line = line.trim();
    let (language, phrase) = match line.split_once(':') {
        Some((l, p)) if !l.trim().is_empty() && !l.chars().any(|c| c.is_ascii_digit()) => (l.trim(), p.trim()),
        _ => {
            // "French Mon-Fri 9 AM-noon": missing colon; language is the leading word(s).
            let idx = line.find(|c: char| c.is_ascii_digit()).ok_or_else(|| line.to_string())?;
            let head = &line[..idx];
            let split = head.trim_end().rfind(' ').ok_or_else(|| line.to_string())?;
            (line[..split].trim(), line[split..].trim())
        }
    };
    let parsed = parse_hours(phrase).map_err(|e| format!("{line}: {e}"))?;
    Ok(HoursLine {
        support,
        language: language.to_string(),
        raw: phrase.to_string(),
        schedule: parsed.schedule,
        zone: parsed.zone,
        plan: plan.map(str::to_string),
        flags: parsed.flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str, zones: &[&str]) -> Region {
        Region {
            code: code.into(),
            slug: code.to_lowercase(),
            names: BTreeMap::from([("en".to_string(), code.to_string())]),
            zones: zones.iter().map(|s| s.to_string()).collect(),
            numbers: vec![],
            charge: None,
            hours: vec![parse_hours_line(SupportType::Billing, "English: Mon-Fri 9 AM-5 PM", None).unwrap()],
            notes: vec![],
            source_name: None,
        }
    }

    fn dir() -> Directory {
        Directory {
            source: "test".into(),
            regions: vec![
                region("BE", &["Europe/Brussels"]),
                region("FR", &["Europe/Paris"]),
                region("US", &["America/New_York", "America/Los_Angeles"]),
                region("CA", &["America/Toronto", "America/Vancouver"]),
            ],
        }
    }

    #[test]
    fn detects_region_from_locale_and_zone() {
        let d = dir();
        assert_eq!(d.detect_region("fr-BE", "Europe/Brussels").unwrap().code, "BE");
        assert_eq!(d.detect_region("fr", "Europe/Paris").unwrap().code, "FR");
        // French speaker in Belgium with a fr-FR browser: the zone wins.
        assert_eq!(d.detect_region("fr-FR", "Europe/Brussels").unwrap().code, "BE");
        assert_eq!(d.detect_region("en-US", "Asia/Tokyo").unwrap().code, "US");
        assert!(d.detect_region("en", "Asia/Tokyo").is_none());
    }

    #[test]
    fn multi_zone_regions_use_the_visitor_zone_when_it_belongs() {
        let d = dir();
        let us = d.region("us").unwrap();
        let line = &us.hours[0];
        assert_eq!(us.line_zone(line, Some("America/Los_Angeles")), chrono_tz::America::Los_Angeles);
        assert_eq!(us.line_zone(line, Some("Europe/Paris")), chrono_tz::America::New_York);
        assert_eq!(us.line_zone(line, None), chrono_tz::America::New_York);
    }

    #[test]
    fn hours_lines_keep_language_and_zone() {
        let l = parse_hours_line(SupportType::Billing, "Russian: Mon-Fri 10 AM-6 PM Moscow", None).unwrap();
        assert_eq!(l.language, "Russian");
        assert_eq!(l.zone.as_deref(), Some("Europe/Moscow"));
        let l = parse_hours_line(SupportType::Technical, "French Mon-Fri 9 AM-noon", None).unwrap();
        assert_eq!(l.language, "French");
        assert!(parse_hours_line(SupportType::Technical, "no hours here", None).is_err());
    }
}
