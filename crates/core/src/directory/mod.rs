//! The support directory: per region (ISO 3166-1) phone numbers in E.164, dialling steps,
//! call-charge notes, and billing/technical hours per language, with the region's IANA time
//! zones. Built by `guichet import-directory` from the support-contacts reference pages
//! (Microsoft 365 business support, CC BY 4.0) and bundled as `public/bundle/directory.json`.

use crate::hours::{HoursFlag, Schedule, SupportType};
use crate::zone::Zone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod lookup;

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
    /// E.164 form, `+` and digits only (`+18008659408`), used for `tel:` links; empty when
    /// the number has none (an access code such as India's `000 800 …`: see
    /// [`NumberFlag::DialAsWritten`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub e164: String,
    /// The number as the source displays it (`1 800 865 9408`).
    pub display: String,
    /// `false` for the main number, `true` for an "Alternative Phone Number".
    pub alternative: bool,
    /// Free label from the source: carrier, plan, "Local toll-free", "Cellular"...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The plans the number is limited to (Japan's per-plan numbers); `None` for every plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanAudience>,
    /// The cloud the number is limited to (China's 21Vianet line); `None` for every cloud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud: Option<Cloud>,
    /// Dialling steps to follow after the number ("Select option 3", "Enter code 7706").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Oddities of the number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<NumberFlag>,
    /// Call charges of this number when the source states them for it alone (an alternative
    /// number at local rates next to a toll-free main number); `None` when the region's
    /// [`Region::charge`] applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<CallCharge>,
}

impl PhoneNumber {
    /// The `tel:` URI the pane links to: the E.164 form; the digits as written when the
    /// number is to be dialled as written ([`NumberFlag::DialAsWritten`]).
    pub fn tel_uri(&self) -> String {
        if self.flags.contains(&NumberFlag::DialAsWritten) || self.e164.is_empty() {
            format!("tel:{}", self.display.chars().filter(char::is_ascii_digit).collect::<String>())
        } else {
            format!("tel:{}", self.e164)
        }
    }
}

/// An oddity of a directory number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberFlag {
    /// The number did not pass libphonenumber's checks: its E.164 form comes from the country
    /// code the source wrote (`+225 20 24 24 90`, or `225 20 24 24 90` under Congo), or is a
    /// best guess (then with [`NumberFlag::DialAsWritten`]).
    E164Unverified,
    /// Dialled as written, digits only: an international access or carrier code (`000 800 …`,
    /// `00800 …`, Belarus's `8 820 …`), a short or national-only number libphonenumber does not
    /// know. Its `e164` is empty, or a best guess kept for reference.
    DialAsWritten,
    /// A carrier access code to dial before the number given in `steps`.
    AccessNumber,
}

/// Plans the directory tells apart (Japan lists enterprise and other-plan numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAudience {
    /// Office 365 Enterprise plans.
    Enterprise,
    /// Every other plan (the default).
    #[default]
    Other,
}

/// A special cloud with its own support directory, chosen by the host page (`data-cloud`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cloud {
    /// Office 365 operated by 21Vianet (China).
    #[serde(rename = "21vianet")]
    Vianet21,
    /// Office 365 Germany.
    #[serde(rename = "germany")]
    Germany,
}

crate::names::wire_names!(Cloud, "cloud", { Vianet21 => "21vianet", Germany => "germany" });

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
    /// The plans the line is limited to (see [`PhoneNumber::plan`]); `None` for every plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanAudience>,
    /// The cloud the line is limited to; `None` for every cloud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud: Option<Cloud>,
    /// Severities the line serves (`"A"`, `"B/C"`), for directories that split hours by
    /// severity (21Vianet); `None` for all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Oddities kept from the source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<HoursFlag>,
    /// The source says this line closes on public holidays: it follows the region's
    /// [`Region::closures`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed_on_holidays: bool,
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
    /// Local dates on which the region's lines that close on holidays
    /// ([`HoursLine::closed_on_holidays`]) are closed all day, ascending: its public holidays
    /// when its page says so (`closed_public_holidays`; python-holidays data, added by
    /// `guichet-content build` for the years `holidays.json` covers), or a portal's own
    /// holidays and dated closures (`guichet-content import-lines`). Lines open around the
    /// clock ignore them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closures: Vec<chrono::NaiveDate>,
}

/// When every line a visitor could call is closed: see [`Region::after_hours`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterHours {
    /// The earliest next opening (UTC); `None` when no line ever opens.
    pub opens_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The IANA zone of the line that opens first (for "local time").
    pub zone: Zone,
}

/// Contacts of a special cloud for some regions (21Vianet in China, Office 365 Germany).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudEntry {
    /// ISO codes of the regions served; an empty list serves every region that no other
    /// entry of the cloud names.
    pub regions: Vec<String>,
    /// Numbers, main first.
    pub numbers: Vec<PhoneNumber>,
    /// Call charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<CallCharge>,
    /// Hours per support type, language and severity.
    pub hours: Vec<HoursLine>,
    /// Fact codes (see [`Region::notes`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The support directory of a special [`Cloud`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudDirectory {
    /// Which cloud.
    pub id: Cloud,
    /// Display names by language.
    pub names: BTreeMap<String, String>,
    /// Where the facts come from.
    pub source: String,
    /// Entries, most specific first.
    pub entries: Vec<CloudEntry>,
}

/// The whole directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// Attribution of the source data.
    pub source: String,
    /// Regions sorted by code, then slug.
    pub regions: Vec<Region>,
    /// Special clouds (21Vianet, Office 365 Germany).
    #[serde(default)]
    pub clouds: Vec<CloudDirectory>,
}

/// Who is asking, as the host page says: support plan and cloud. Decides which numbers and
/// lines apply (Japan's per-plan numbers, the 21Vianet and Office 365 Germany directories).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Audience {
    /// Enterprise or other plans.
    pub plan: PlanAudience,
    /// A special cloud, or `None` for the worldwide one.
    pub cloud: Option<Cloud>,
}

/// The contacts that apply to one region and audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contacts {
    /// Numbers, main first.
    pub numbers: Vec<PhoneNumber>,
    /// Hours lines.
    pub hours: Vec<HoursLine>,
    /// Call charges.
    pub charge: Option<CallCharge>,
    /// Fact codes.
    pub notes: Vec<String>,
    /// The cloud whose directory applies, if any.
    pub cloud: Option<Cloud>,
}

impl Contacts {
    /// Distinct languages of the hours lines, in order of appearance (lines whose language the
    /// source does not state, `""`, name none).
    pub fn languages(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for h in &self.hours {
            if !h.language.is_empty() && !out.contains(&h.language) {
                out.push(h.language.clone());
            }
        }
        out
    }
}

/// Whether a number or line limited to `plan` and `cloud` serves `audience`.
fn applies(plan: Option<PlanAudience>, cloud: Option<Cloud>, audience: &Audience) -> bool {
    plan.is_none_or(|p| p == audience.plan) && cloud.is_none_or(|c| Some(c) == audience.cloud)
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

    /// Whether `line` is open at `now`, read in `zone` (see [`Region::line_zone`]), and when
    /// that changes: its weekly schedule, closed on the region's [`Region::closures`] when the
    /// line closes on public holidays ([`HoursLine::closed_on_holidays`]).
    pub fn line_status(
        &self,
        line: &HoursLine,
        zone: &Zone,
        now: chrono::DateTime<chrono::Utc>,
    ) -> crate::hours::OpenStatus {
        let closures: &[chrono::NaiveDate] = if line.closed_on_holidays { &self.closures } else { &[] };
        crate::hours::status_with_closures(&line.schedule, zone, closures, now)
    }

    /// The after-hours answer for `lines` (a visitor's support type and language) at `now`:
    /// `None` when one of them is open, when there are none, or when one has hours the source
    /// wrote implausibly ([`HoursFlag::SuspiciousRange`]: nothing is claimed); else the earliest next
    /// opening among them (`None` inside when none ever opens) and the zone that line runs in,
    /// for "local time". Zones as [`Region::line_zone`] picks them for `visitor_zone`.
    pub fn after_hours(
        &self,
        lines: &[HoursLine],
        visitor_zone: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<AfterHours> {
        if lines.iter().any(|l| l.flags.contains(&HoursFlag::SuspiciousRange)) {
            return None;
        }
        let mut next: Option<AfterHours> = None;
        for line in lines {
            let zone = self.line_zone(line, visitor_zone);
            let st = self.line_status(line, &zone, now);
            if st.open {
                return None;
            }
            let earlier = match (&next, st.next_change) {
                (None, _) => true,
                (Some(n), Some(at)) => n.opens_at.is_none_or(|o| at < o),
                (Some(_), None) => false,
            };
            if earlier {
                next = Some(AfterHours { opens_at: st.next_change, zone });
            }
        }
        next
    }

    /// The region's main IANA zone (first of `zones`), or UTC if unknown.
    pub fn main_zone(&self) -> Zone {
        self.zones.first().and_then(|z| Zone::new(z)).unwrap_or_else(Zone::utc)
    }

    /// The zone a line's hours are read in: the zone the line names; else the visitor's zone
    /// when it belongs to this region (multi-zone regions such as US, CA, AU, BR, RU); else the
    /// region's main zone.
    pub fn line_zone(&self, line: &HoursLine, visitor_zone: Option<&str>) -> Zone {
        if let Some(z) = line.zone.as_deref().and_then(Zone::new) {
            return z;
        }
        if let Some(v) = visitor_zone {
            if self.zones.iter().any(|z| z == v) {
                if let Some(tz) = Zone::new(v) {
                    return tz;
                }
            }
        }
        self.main_zone()
    }
}

/// Parses one "Language: phrase" hours line of the source into an [`HoursLine`] for the
/// plans and cloud given (content CLI only: `parse` feature).
///
/// Errors: the phrase when the language label or hours cannot be read.
#[cfg(feature = "parse")]
pub fn parse_hours_line(
    support: SupportType,
    line: &str,
    plan: Option<PlanAudience>,
    cloud: Option<Cloud>,
) -> Result<HoursLine, String> {
    use crate::hours::parse_hours;
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
        plan,
        cloud,
        severity: None,
        flags: parsed.flags,
        closed_on_holidays: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_hours_names_the_earliest_next_opening_of_the_closed_lines() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
        let mut jp = region("JP", &["Asia/Tokyo"]);
        jp.hours = vec![
            parse_hours_line(SupportType::Billing, "English: Mon-Fri 10 AM-5 PM", None, None).unwrap(),
            parse_hours_line(SupportType::Billing, "Japanese: Mon-Fri 9 AM-5 PM", None, None).unwrap(),
        ];
        for h in &mut jp.hours {
            h.closed_on_holidays = true;
        }
        jp.closures = vec![chrono::NaiveDate::from_ymd_opt(2026, 7, 20).unwrap()];
        // Saturday 2026-07-18 noon Tokyo: both closed; the Monday is a holiday, so Tuesday 09:00.
        let a = jp.after_hours(&jp.hours, None, at("2026-07-18T03:00:00Z")).unwrap();
        assert_eq!(a, AfterHours { opens_at: Some(at("2026-07-21T00:00:00Z")), zone: chrono_tz::Asia::Tokyo.into() });
        // Only the English line: Tuesday 10:00.
        let a = jp.after_hours(&jp.hours[..1], None, at("2026-07-18T03:00:00Z")).unwrap();
        assert_eq!(a.opens_at, Some(at("2026-07-21T01:00:00Z")));
        // Tuesday 09:30 Tokyo: the Japanese line is open, so no after-hours answer; nor without lines.
        assert_eq!(jp.after_hours(&jp.hours, None, at("2026-07-21T00:30:00Z")), None);
        assert_eq!(jp.after_hours(&[], None, at("2026-07-18T03:00:00Z")), None);
    }

    fn region(code: &str, zones: &[&str]) -> Region {
        Region {
            code: code.into(),
            slug: code.to_ascii_lowercase(),
            names: BTreeMap::from([("en".to_string(), code.to_string())]),
            zones: zones.iter().map(|s| s.to_string()).collect(),
            numbers: vec![],
            charge: None,
            hours: vec![parse_hours_line(SupportType::Billing, "English: Mon-Fri 9 AM-5 PM", None, None).unwrap()],
            notes: vec![],
            source_name: None,
            closures: vec![],
        }
    }

    fn dir() -> Directory {
        Directory {
            clouds: vec![],
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
        assert_eq!(us.line_zone(line, Some("America/Los_Angeles")), Zone::from(chrono_tz::America::Los_Angeles));
        assert_eq!(us.line_zone(line, Some("Europe/Paris")), Zone::from(chrono_tz::America::New_York));
        assert_eq!(us.line_zone(line, None), Zone::from(chrono_tz::America::New_York));
    }

    fn number(e164: &str, plan: Option<PlanAudience>) -> PhoneNumber {
        PhoneNumber {
            e164: e164.into(),
            display: e164.into(),
            alternative: false,
            label: None,
            plan,
            cloud: None,
            steps: vec![],
            flags: vec![],
            charge: None,
        }
    }

    #[test]
    fn contacts_follow_plan_and_cloud() {
        let mut d = dir();
        let mut jp = region("JP", &["Asia/Tokyo"]);
        jp.numbers = vec![
            number("+81120996680", Some(PlanAudience::Enterprise)),
            number("+81120628860", Some(PlanAudience::Other)),
        ];
        d.regions.push(jp);
        let mut de = region("DE", &["Europe/Berlin"]);
        de.slug = "germany".into();
        de.numbers = vec![number("+498005892332", None)];
        d.regions.push(de);
        d.clouds.push(CloudDirectory {
            id: Cloud::Germany,
            names: BTreeMap::new(),
            source: "t".into(),
            entries: vec![
                CloudEntry {
                    regions: vec!["DE".into()],
                    numbers: vec![number("+498005892330", None)],
                    charge: None,
                    hours: vec![],
                    notes: vec![],
                },
                CloudEntry {
                    regions: vec![],
                    numbers: vec![number("+4969380789305", None)],
                    charge: Some(CallCharge::International),
                    hours: vec![],
                    notes: vec![],
                },
            ],
        });
        let ent = Audience { plan: PlanAudience::Enterprise, cloud: None };
        assert_eq!(d.contacts("jp", &ent).unwrap().numbers[0].e164, "+81120996680");
        assert_eq!(d.contacts("jp", &Audience::default()).unwrap().numbers[0].e164, "+81120628860");
        let germany = Audience { plan: PlanAudience::Other, cloud: Some(Cloud::Germany) };
        assert_eq!(d.contacts("germany", &germany).unwrap().numbers[0].e164, "+498005892330");
        let fr = d.contacts("fr", &germany).unwrap();
        assert_eq!(fr.numbers[0].e164, "+4969380789305");
        assert_eq!(fr.cloud, Some(Cloud::Germany));
        assert_eq!(d.contacts("germany", &Audience::default()).unwrap().numbers[0].e164, "+498005892332");
        assert!(d.contacts("nowhere", &Audience::default()).is_none());
    }

    #[test]
    fn region_search_matches_any_language_and_code() {
        let mut d = dir();
        let mut de = region("DE", &["Europe/Berlin"]);
        de.names = BTreeMap::from([
            ("en".into(), "Germany".into()),
            ("fr".into(), "Allemagne".into()),
            ("de".into(), "Deutschland".into()),
        ]);
        d.regions.push(de);
        let mut us = region("US", &[]);
        us.names = BTreeMap::from([("en".into(), "United States".into()), ("fr".into(), "États-Unis".into())]);
        d.regions[2] = us;
        for q in ["allem", "germ", "DEUTSCH", "de", "  Germany "] {
            assert_eq!(d.search_regions(q, 5)[0].code, "DE", "{q}");
        }
        assert_eq!(d.search_regions("etats", 5)[0].code, "US");
        assert_eq!(d.search_regions("unis", 5)[0].code, "US");
        assert!(d.search_regions("", 5).is_empty());
        assert!(d.search_regions("zzz", 5).is_empty());
    }

    #[test]
    fn queries_that_name_a_place() {
        let mut d = dir();
        let names = |en: &str, fr: &str, de: &str| {
            BTreeMap::from([("en".into(), en.into()), ("fr".into(), fr.into()), ("de".into(), de.into())])
        };
        let mut de = region("DE", &["Europe/Berlin"]);
        de.names = names("Germany", "Allemagne", "Deutschland");
        let mut gb = region("GB", &["Europe/London"]);
        gb.names = names("United Kingdom", "Royaume-Uni", "Vereinigtes Königreich");
        d.regions.extend([de, gb]);
        assert_eq!(d.places_in_query("téléphone support Allemagne")[0].code, "DE");
        assert_eq!(d.places_in_query("uk support phone")[0].code, "GB");
        assert_eq!(d.places_in_query("numéro royaume uni")[0].code, "GB");
        assert_eq!(d.places_in_query("UNITED KINGDOM hours")[0].code, "GB");
        assert!(d.places_in_query("german hours").is_empty());
        assert!(d.places_in_query("united").is_empty());
        assert!(d.places_in_query("").is_empty());
    }

    #[test]
    fn hours_lines_keep_language_and_zone() {
        let l = parse_hours_line(SupportType::Billing, "Russian: Mon-Fri 10 AM-6 PM Moscow", None, None).unwrap();
        assert_eq!(l.language, "Russian");
        assert_eq!(l.zone.as_deref(), Some("Europe/Moscow"));
        let l = parse_hours_line(SupportType::Technical, "French Mon-Fri 9 AM-noon", None, None).unwrap();
        assert_eq!(l.language, "French");
        assert!(parse_hours_line(SupportType::Technical, "no hours here", None, None).is_err());
    }
}
