//! `guichet-content import-lines`: a portal's own support lines, written by hand in TOML, into
//! the directory the pane reads (`directory.json`), so that a portal that is not the seeds'
//! organisation shows its own numbers, hours and closures. Every key but a region's `code`, a
//! number's `number` and a line's `support`, `language` and `hours` is optional:
//!
//! ```toml
//! source = "Acme support lines"          # shown to auditors, kept in the output
//!
//! [[region]]
//! code = "FR"                            # ISO 3166-1 alpha-2
//! holidays_of = "FR"                     # lines close on that region's public holidays
//! closed = [2026-12-24, 2026-12-31]      # and on these local dates
//!
//! [[region.number]]
//! number = "+33 1 86 95 12 00"           # checked with libphonenumber for the region
//! label = "Sales and billing"
//! alternative = false
//! charge = "local"                       # local | toll_free | international
//! dial_as_written = false                # true keeps a number libphonenumber refuses
//!
//! [[region.line]]
//! support = "billing"                    # billing | technical
//! language = "French"                    # the language's English name
//! hours = "Mon-Fri 9 AM-6 PM"            # the directory's hours phrases (hours::parse_hours)
//! zone = "Europe/Paris"                  # IANA; default: the region's main zone
//! holidays = true                        # false: this line stays open on closures
//! ```
//!
//! Region names (en, fr, de) and zones come from CLDR and tzdata through
//! `content/directory/regions.tsv`; holidays from python-holidays (`crate::holidays`). Errors
//! name the file, the line and the key; nothing is written unless the whole file is valid.

use crate::holidays::Holidays;
use crate::import_directory::{read_regions, to_e164, Dialling};
use guichet_core::directory::{CallCharge, Directory, HoursLine, NumberFlag, PhoneNumber, Region};
use guichet_core::hours::{parse_hours, HoursFlag, SupportType};
use guichet_core::zone::Zone;
use serde::Deserialize;
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// The regions table shipped with Guichet (slug, code, CLDR names, IANA zones).
const REGIONS: &str = include_str!("../../../content/directory/regions.tsv");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinesFile {
    source: String,
    #[serde(default, rename = "region")]
    regions: Vec<RegionSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionSrc {
    code: Spanned<String>,
    #[serde(default)]
    holidays_of: Option<Spanned<String>>,
    #[serde(default)]
    closed: Vec<Spanned<toml::value::Datetime>>,
    #[serde(default, rename = "number")]
    numbers: Vec<NumberSrc>,
    #[serde(default, rename = "line")]
    lines: Vec<LineSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberSrc {
    number: Spanned<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    alternative: bool,
    #[serde(default)]
    charge: Option<CallCharge>,
    #[serde(default)]
    dial_as_written: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineSrc {
    support: SupportType,
    language: String,
    hours: Spanned<String>,
    #[serde(default)]
    zone: Option<Spanned<String>>,
    #[serde(default)]
    holidays: Option<bool>,
}

/// What an import wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Regions written.
    pub regions: usize,
    /// Numbers written.
    pub numbers: usize,
    /// Hours lines written.
    pub lines: usize,
    /// Closure dates written, all regions together.
    pub closures: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "regions: {}, numbers: {}, hours lines: {}, closure dates: {}",
            self.regions, self.numbers, self.lines, self.closures
        )
    }
}

/// 1-based line of byte offset `at` in `src`.
fn line_of(src: &str, at: usize) -> usize {
    guichet_core::profile::line_and_column(src, at).0
}

/// Reads the TOML text `src` (named `file` in errors) into a directory. Errors: `file:line:
/// region CODE: what`, or TOML's own message (with line, column and key) for syntax, types and
/// unknown keys.
pub fn compile(file: &str, src: &str) -> Result<(Directory, Report), String> {
    let doc: LinesFile = toml::from_str(src).map_err(|e| format!("{file}: {e}"))?;
    let rows = read_regions(REGIONS)?;
    let holidays = Holidays::parse(crate::holidays::SHIPPED)?;
    let err = |at: usize, code: &str, what: String| format!("{file}:{}: region {code}: {what}", line_of(src, at));
    let mut regions = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for r in &doc.regions {
        let code = r.code.get_ref().to_ascii_uppercase();
        let at = r.code.span().start;
        let row = rows
            .iter()
            .find(|row| row.code == code)
            .ok_or_else(|| err(at, &code, "code is not an ISO 3166-1 region of the directory".into()))?;
        if !seen.insert(code.clone()) {
            return Err(err(at, &code, "listed twice".into()));
        }
        let mut closures = Vec::new();
        if let Some(of) = &r.holidays_of {
            let of_code = of.get_ref().to_ascii_uppercase();
            if !holidays.covers(&of_code) {
                return Err(err(
                    of.span().start,
                    &code,
                    format!("holidays_of: no public holidays known for {of_code}"),
                ));
            }
            closures.extend(holidays.dates(&of_code)?);
        }
        for d in &r.closed {
            let date = d
                .get_ref()
                .date
                .filter(|_| d.get_ref().time.is_none())
                .and_then(|x| chrono::NaiveDate::from_ymd_opt(x.year.into(), x.month.into(), x.day.into()))
                .ok_or_else(|| err(d.span().start, &code, format!("closed: {} is not a date", d.get_ref())))?;
            closures.push(date);
        }
        closures.sort();
        closures.dedup();
        let mut numbers = Vec::new();
        for n in &r.numbers {
            let display = n.number.get_ref().trim().to_string();
            let at = n.number.span().start;
            let dialling = to_e164(&display, &code).map_err(|e| err(at, &code, e))?;
            let (e164, flags) = match dialling {
                Dialling::Verified(e) => (e, vec![]),
                _ if n.dial_as_written => (String::new(), vec![NumberFlag::E164Unverified, NumberFlag::DialAsWritten]),
                _ => {
                    return Err(err(
                        at,
                        &code,
                        format!("number {display:?} is not a valid number for {code} (libphonenumber); write it as +CC …, or set dial_as_written = true"),
                    ))
                }
            };
            numbers.push(PhoneNumber {
                e164,
                display,
                alternative: n.alternative,
                label: n.label.clone(),
                plan: None,
                cloud: None,
                steps: vec![],
                flags,
                charge: n.charge,
            });
        }
        let mut hours = Vec::new();
        for l in &r.lines {
            let at = l.hours.span().start;
            let parsed = parse_hours(l.hours.get_ref())
                .map_err(|e| err(at, &code, format!("hours {:?}: {e}", l.hours.get_ref())))?;
            // Authored hours are said exactly: what the importer of third-party pages tolerates
            // (days assumed, AM/PM guessed, a 20-hour overnight range) is refused here.
            if let Some(f) = parsed.flags.iter().find(|f| **f != HoursFlag::Overnight) {
                let why = match f {
                    HoursFlag::DaysAssumed => "name the days (Mon-Fri …)",
                    HoursFlag::AfternoonAssumed => "write AM/PM or 24-hour times",
                    _ => "the range runs over 16 hours overnight: check it, or split it",
                };
                return Err(err(at, &code, format!("hours {:?}: {why}", l.hours.get_ref())));
            }
            let zone = match &l.zone {
                Some(z) => {
                    z.get_ref().parse::<Zone>().map_err(|_| {
                        err(z.span().start, &code, format!("zone {:?} is not an IANA time zone", z.get_ref()))
                    })?;
                    Some(z.get_ref().clone())
                }
                None => parsed.zone,
            };
            if l.language.trim().is_empty() {
                return Err(err(at, &code, "a line needs its language".into()));
            }
            hours.push(HoursLine {
                support: l.support,
                language: l.language.trim().to_string(),
                raw: l.hours.get_ref().trim().to_string(),
                schedule: parsed.schedule,
                zone,
                plan: None,
                cloud: None,
                severity: None,
                flags: vec![],
                closed_on_holidays: l.holidays.unwrap_or(true) && !closures.is_empty(),
            });
        }
        if numbers.is_empty() {
            return Err(err(at, &code, "no [[region.number]]: a region without a number shows nothing to call".into()));
        }
        regions.push(Region {
            code: code.clone(),
            slug: row.slug.clone(),
            names: row.names.clone(),
            zones: row.zones.clone(),
            numbers,
            charge: None,
            hours,
            notes: vec![],
            source_name: None,
            closures,
        });
    }
    let report = Report {
        regions: regions.len(),
        numbers: regions.iter().map(|r| r.numbers.len()).sum(),
        lines: regions.iter().map(|r| r.hours.len()).sum(),
        closures: regions.iter().map(|r| r.closures.len()).sum(),
    };
    Ok((Directory { source: doc.source, regions, clouds: vec![] }, report))
}

/// Reads `lines` and writes the directory to `out` (pretty JSON). Errors: as [`compile`], or
/// the file system's, naming the path.
pub fn run(lines: &Path, out: &Path) -> Result<Report, String> {
    let src = std::fs::read_to_string(lines).map_err(|e| format!("{}: {e}", lines.display()))?;
    let (dir, report) = compile(&lines.display().to_string(), &src)?;
    let mut json = serde_json::to_string_pretty(&dir).map_err(|e| e.to_string())?;
    json.push('\n');
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(out, json).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate, Utc};

    fn acme() -> String {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme/lines.toml")).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_example_portal_compiles_with_its_holidays_and_closures() {
        let (d, report) = compile("lines.toml", &acme()).unwrap();
        assert_eq!((report.regions, report.numbers, report.lines), (3, 3, 6));
        let fr = d.region("FR").unwrap();
        assert_eq!((fr.names["fr"].as_str(), fr.zones[0].as_str()), ("France", "Europe/Paris"));
        assert_eq!(fr.numbers[0].tel_uri(), "tel:+33186951200");
        assert_eq!(fr.numbers[0].charge, Some(CallCharge::Local));
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(fr.closures.contains(&date(2026, 7, 14)), "Bastille Day, from python-holidays");
        assert!(fr.closures.contains(&date(2026, 12, 24)), "a dated closure");
        // Tuesday 14 July 2026, 10:00 Paris: billing closed (holiday), opens Wednesday 09:00;
        // the English line is open around the clock.
        let billing = &fr.hours[0];
        let st = fr.line_status(billing, &fr.main_zone(), at("2026-07-14T08:00:00Z"));
        assert_eq!((st.open, st.next_change), (false, Some(at("2026-07-15T07:00:00Z"))));
        assert!(fr.line_status(&fr.hours[2], &fr.main_zone(), at("2026-07-14T08:00:00Z")).open);
        // Germany: a line can opt out of closures, and keep a named zone.
        let de = d.region("DE").unwrap();
        assert!(de.hours[0].closed_on_holidays && !de.hours[1].closed_on_holidays);
        assert_eq!(de.hours[1].zone.as_deref(), Some("Europe/London"));
        // The United States: no closures, a zone set on the line.
        let us = d.region("US").unwrap();
        assert!(us.closures.is_empty() && !us.hours[0].closed_on_holidays);
        assert_eq!(us.line_zone(&us.hours[0], None).name(), "America/Los_Angeles");
    }

    #[test]
    fn the_example_portal_directory_is_up_to_date_with_its_lines() {
        let committed =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme/content/directory/directory.json");
        let (d, _) = compile("lines.toml", &acme()).unwrap();
        let mut json = serde_json::to_string_pretty(&d).unwrap();
        json.push('\n');
        assert!(
            std::fs::read_to_string(committed).unwrap() == json,
            "examples/acme/content/directory/directory.json differs from lines.toml: run import-lines again"
        );
    }

    #[test]
    fn the_command_writes_the_directory_the_build_reads() {
        let dir = tempfile::tempdir().unwrap();
        let lines = dir.path().join("lines.toml");
        std::fs::write(&lines, acme()).unwrap();
        let out = dir.path().join("content/directory/directory.json");
        assert_eq!(run(&lines, &out).unwrap().regions, 3);
        let d: Directory = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(d.regions.len(), 3);
        // A missing file: an error naming it, and nothing written.
        let e = run(&dir.path().join("none.toml"), &dir.path().join("x.json")).unwrap_err();
        assert!(e.contains("none.toml"), "{e}");
        assert!(!dir.path().join("x.json").exists());
    }

    /// The error for `acme.toml` with `from` replaced by `to`.
    fn error(from: &str, to: &str) -> String {
        let src = acme();
        assert!(src.contains(from), "{from}");
        compile("lines.toml", &src.replacen(from, to, 1)).expect_err("refused")
    }

    #[test]
    fn bad_input_is_refused_naming_the_line_and_the_key() {
        let src = acme();
        let line = |needle: &str| src.lines().position(|l| l.contains(needle)).unwrap() + 1;
        // Syntax, types and unknown keys: TOML's message, with the line and the key.
        let e = error("label = \"Support\"\ncharge", "lable = \"Support\"\ncharge");
        assert!(
            e.contains("lines.toml")
                && e.contains("lable")
                && e.contains(&format!("line {}", line("label = \"Support\""))),
            "{e}"
        );
        assert!(error("charge = \"local\"", "charge = \"cheap\"").contains("cheap"));
        assert!(error("support = \"billing\"", "support = \"sales\"").contains("sales"));
        // Meaning: file:line: region CODE: what.
        let n = line("+33 1 86 95 12 00");
        assert_eq!(
            error("+33 1 86 95 12 00", "+33 1 86"),
            format!("lines.toml:{n}: region FR: number \"+33 1 86\" is not a valid number for FR (libphonenumber); write it as +CC …, or set dial_as_written = true")
        );
        let h = line("Mon-Fri 9 AM-6 PM\"");
        assert!(error("Mon-Fri 9 AM-6 PM\"", "9 AM-6 PM\"")
            .starts_with(&format!("lines.toml:{h}: region FR: hours \"9 AM-6 PM\": name the days")));
        assert!(error("Mon-Fri 9 AM-6 PM\"", "Mon-Fri 8 AM-4 AM\"").contains("over 16 hours"));
        assert!(error("Mon-Fri 9 AM-6 PM\"", "Mon-Fri 9-5\"").contains("write AM/PM"));
        assert!(error("Mon-Fri 9 AM-6 PM\"", "whenever\"").contains("hours \"whenever\""));
        assert!(error("America/Los_Angeles", "America/Springfield")
            .contains("zone \"America/Springfield\" is not an IANA time zone"));
        assert!(error("code = \"US\"", "code = \"ZZ\"").contains("region ZZ: code is not an ISO 3166-1 region"));
        assert!(error("code = \"US\"", "code = \"FR\"").contains("region FR: listed twice"));
        assert!(error("holidays_of = \"DE\"", "holidays_of = \"ZZ\"").contains("no public holidays known for ZZ"));
        assert!(error("2026-12-31]", "2026-12-31T10:00:00]").contains("is not a date"));
        assert!(error("language = \"German\"", "language = \" \"").contains("a line needs its language"));
        let no_number = acme().replace("[[region.number]]\nnumber = \"+1 415 555 0142\"\nlabel = \"Support\"\n", "");
        assert!(compile("lines.toml", &no_number).unwrap_err().contains("region US: no [[region.number]]"));
        // A number libphonenumber refuses is kept only when asked, and dialled as written.
        let kept = acme().replace("number = \"+1 415 555 0142\"", "number = \"1 555\"\ndial_as_written = true");
        let (d, _) = compile("lines.toml", &kept).unwrap();
        assert_eq!(d.region("US").unwrap().numbers[0].tel_uri(), "tel:1555");
    }
}
