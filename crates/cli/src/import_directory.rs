//! Imports the per-country support pages (Microsoft 365 business support contacts, CC BY 4.0)
//! into the bundled directory. Re-runnable: the same input gives the same bytes.

use guichet_core::directory::{
    parse_hours_line, CallCharge, Cloud, CloudDirectory, CloudEntry, Directory, NumberFlag, PhoneNumber, PlanAudience,
    Region,
};
use guichet_core::hours::SupportType;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// Attribution written into the directory.
pub const SOURCE: &str = "Support numbers and hours: Microsoft 365 documentation (learn.microsoft.com), © Microsoft Corporation and contributors, CC BY 4.0. Region names: Unicode CLDR. Time zones: IANA tz database.";

/// A row of `regions.tsv`.
#[derive(Debug, Clone)]
pub struct RegionRow {
    pub slug: String,
    pub code: String,
    pub names: BTreeMap<String, String>,
    pub zones: Vec<String>,
}

/// Outcome of an import.
#[derive(Debug, Default)]
pub struct Report {
    pub regions: usize,
    pub numbers: usize,
    pub hours_lines: usize,
    pub flagged_lines: usize,
    /// `file:line: text` for every line that was not understood.
    pub unparsed: Vec<String>,
    pub unverified_numbers: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "regions: {}, numbers: {}, hours lines: {}, flagged hours lines: {}",
            self.regions, self.numbers, self.hours_lines, self.flagged_lines
        )?;
        writeln!(f, "numbers not verified by libphonenumber: {}", self.unverified_numbers.len())?;
        for u in &self.unverified_numbers {
            writeln!(f, "  unverified: {u}")?;
        }
        writeln!(f, "lines not understood: {}", self.unparsed.len())?;
        for u in &self.unparsed {
            writeln!(f, "  {u}")?;
        }
        Ok(())
    }
}

/// Reads `regions.tsv` (slug, code, en, fr, de, zones).
pub fn read_regions(src: &str) -> Result<Vec<RegionRow>, String> {
    let mut rows = Vec::new();
    for (i, line) in src.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return Err(format!("regions.tsv:{}: expected 6 tab-separated fields", i + 1));
        }
        let mut names = BTreeMap::new();
        for (lang, n) in ["en", "fr", "de"].iter().zip(&f[2..5]) {
            names.insert(lang.to_string(), n.to_string());
        }
        let zones: Vec<String> = f[5].split_whitespace().map(str::to_string).collect();
        for z in &zones {
            z.parse::<guichet_core::hours::TzName>()
                .map_err(|_| format!("regions.tsv:{}: unknown time zone {z}", i + 1))?;
        }
        rows.push(RegionRow { slug: f[0].into(), code: f[1].into(), names, zones });
    }
    Ok(rows)
}

fn is_number_line(l: &str) -> bool {
    let head = l.split('(').next().unwrap_or("").trim();
    !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '+')
        && head.chars().all(|c| c.is_ascii_digit() || " +-".contains(c))
        && head.chars().filter(|c| c.is_ascii_digit()).count() >= 3
}

/// Splits `"0120 996 680 (Office 365 Enterprise)"` into number and label.
fn split_label(l: &str) -> (String, Option<String>) {
    match l.find('(') {
        Some(i) => {
            let label = l[i..].trim().trim_start_matches('(').replacen(')', "", 1);
            let label = label.replace(" (", ", ").replace(')', "");
            (l[..i].trim().to_string(), Some(label.trim().to_string()))
        }
        None => (l.trim().to_string(), None),
    }
}

/// E.164 form of `display` for region `code`: libphonenumber (`phonenumber` crate) when it
/// validates the number; else the country calling code plus the national digits without a
/// trunk `0`, flagged `e164_unverified`.
pub fn to_e164(display: &str, code: &str) -> Result<(String, bool), String> {
    use phonenumber::{country::Id, Mode};
    let id: Option<Id> = code.parse().ok();
    let compact: String = display.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    if let Ok(n) = phonenumber::parse(id, &compact) {
        if phonenumber::is_valid(&n) {
            return Ok((n.format().mode(Mode::E164).to_string(), true));
        }
    }
    if let Some(rest) = compact.strip_prefix('+') {
        return Ok((format!("+{rest}"), false));
    }
    let cc = id
        .and_then(|id| phonenumber::metadata::DATABASE.by_id(id.as_ref()))
        .map(|m| m.country_code())
        .ok_or_else(|| format!("no country calling code for {code}"))?;
    let national = compact.trim_start_matches('0');
    Ok((format!("+{cc}{national}"), false))
}

/// Whom a number or hours line serves: a plan (Japan), a cloud (China's 21Vianet line), or
/// everyone (both `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// Limited to these plans.
    pub plan: Option<PlanAudience>,
    /// Limited to this cloud.
    pub cloud: Option<Cloud>,
}

/// The plans or cloud named by the source (`"Office 365 Enterprise"`, `"Other Plans"`,
/// `"… 21Vianet"`), `None` when the name is none of them.
pub fn plan_code(name: &str) -> Option<Scope> {
    let n = name.to_ascii_lowercase();
    if n.starts_with("office 365 enterprise") {
        Some(Scope { plan: Some(PlanAudience::Enterprise), cloud: None })
    } else if n.starts_with("other plans") {
        Some(Scope { plan: Some(PlanAudience::Other), cloud: None })
    } else if n.contains("21vianet") {
        Some(Scope { plan: None, cloud: Some(Cloud::Vianet21) })
    } else {
        None
    }
}

const VIANET: Scope = Scope { plan: None, cloud: Some(Cloud::Vianet21) };

/// Parses one page.
pub fn parse_page(file: &str, src: &str, row: &RegionRow, report: &mut Report) -> Region {
    let mut region = Region {
        code: row.code.clone(),
        slug: row.slug.clone(),
        names: row.names.clone(),
        zones: row.zones.clone(),
        numbers: vec![],
        charge: None,
        hours: vec![],
        notes: vec![],
        source_name: None,
    };
    #[derive(PartialEq)]
    enum Part {
        Head,
        Phone,
        Hours,
        Skip,
    }
    let mut part = Part::Head;
    let mut support: Option<SupportType> = None;
    let mut plan = Scope::default();
    let mut alternative = false;
    let mut pending_step: Option<String> = None;
    let mut in_front = false;
    for (i, raw) in src.lines().enumerate() {
        let l = raw.trim();
        let at = format!("{file}:{}", i + 1);
        if i == 0 && l == "---" {
            in_front = true;
            continue;
        }
        if in_front {
            if l == "---" {
                in_front = false;
            }
            continue;
        }
        if l.is_empty() {
            continue;
        }
        if let Some(t) = l.strip_prefix("# Contact support for ") {
            if region.names.get("en").map(String::as_str) != Some(t) && matches!(row.code.as_str(), "BQ" | "SJ") {
                region.source_name = Some(t.to_string());
            }
            continue;
        }
        if l.starts_with("## ") || l == "### Phone number" {
            let h = l.trim_start_matches('#').trim();
            part = match h {
                "Phone number" => Part::Phone,
                "Hours" => Part::Hours,
                _ if h.contains("21Vianet") => {
                    plan = VIANET;
                    Part::Head
                }
                _ => Part::Skip,
            };
            alternative = false;
            continue;
        }
        if l.starts_with("[Find another") || l.starts_with("![") || part == Part::Skip || part == Part::Head {
            if part == Part::Head && !l.starts_with("[Find another") {
                report.unparsed.push(format!("{at}: {l}"));
            }
            continue;
        }
        let lower = l.to_ascii_lowercase();
        let heading = lower.trim_start_matches('#').trim().trim_end_matches(':').to_string();
        if heading == "billing support" {
            support = Some(SupportType::Billing);
            if plan != VIANET {
                plan = Scope::default();
            }
            continue;
        }
        if heading == "technical support" {
            support = Some(SupportType::Technical);
            continue;
        }
        if let Some(p) = l.strip_prefix("**").and_then(|s| s.split_once(":**")) {
            match plan_code(p.0.trim()) {
                Some(code) => plan = code,
                None => report.unparsed.push(format!("{at}: unknown plan {l}")),
            }
            continue;
        }
        match lower.as_str() {
            "international call charges apply" => {
                region.charge = Some(CallCharge::International);
                continue;
            }
            "local call charges apply" => {
                region.charge = Some(CallCharge::Local);
                continue;
            }
            "local toll-free" | "(cellular toll-free)" => {
                if let Some(n) = region.numbers.last_mut() {
                    n.label = Some(l.trim_matches(|c| c == '(' || c == ')').to_string());
                }
                region.charge = region.charge.or(Some(CallCharge::TollFree));
                continue;
            }
            "(closed on weekends and public holidays)" => {
                if !region.notes.iter().any(|n| n == "closed_public_holidays") {
                    region.notes.push("closed_public_holidays".into());
                }
                continue;
            }
            "not available by phone" => {
                region.notes.push(format!(
                    "no_phone_{}",
                    if support == Some(SupportType::Billing) { "billing" } else { "technical" }
                ));
                continue;
            }
            _ => {}
        }
        if lower.starts_with("telephone support not available") {
            region.notes.push("no_phone_support".into());
            continue;
        }
        if lower.starts_with("telephone technical support is available from") {
            // Japan, other plans: "from 9:00-17:30 on weekdays ... high severity 24/7".
            match parse_hours_line(SupportType::Technical, "Japanese: Mon-Fri 9:00-17:30", plan.plan, plan.cloud) {
                Ok(h) => region.hours.push(h),
                Err(e) => report.unparsed.push(format!("{at}: {e}")),
            }
            region.notes.push("severe_issues_24_7".into());
            report.flagged_lines += 1;
            continue;
        }
        if let Some(rest) = l.strip_prefix("Alternative Phone Number:") {
            alternative = true;
            let rest = rest.trim();
            if !rest.is_empty() {
                push_number(&mut region, rest, true, plan, &at, report);
            }
            continue;
        }
        if let Some(step) = pending_step.take() {
            if is_number_line(l) {
                if let Some(n) = region.numbers.last_mut() {
                    n.steps.push(format!("{step} {l}"));
                    n.flags.push(NumberFlag::AccessNumber);
                }
                continue;
            }
            report.unparsed.push(format!("{at}: expected a number after {step:?}"));
        }
        if lower.starts_with("select option") || lower.starts_with("enter code") || lower.starts_with("after dialing") {
            if lower.trim_end_matches(',') == "after dialing, enter" {
                pending_step = Some(l.to_string());
            } else if let Some(n) = region.numbers.last_mut() {
                n.steps.push(l.to_string());
                if lower.starts_with("after dialing") {
                    n.flags.push(NumberFlag::AccessNumber);
                }
            } else {
                report.unparsed.push(format!("{at}: dialling step before any number: {l}"));
            }
            continue;
        }
        if is_number_line(l) {
            push_number(&mut region, l, part == Part::Hours || alternative, plan, &at, report);
            continue;
        }
        if part == Part::Hours {
            if lower.contains("online support") {
                region.notes.push("online_support_24_7".into());
                continue;
            }
            let Some(st) = support else {
                report.unparsed.push(format!("{at}: hours before a support type: {l}"));
                continue;
            };
            let line = l.replace(" phone support:", ":");
            match parse_hours_line(st, &line, plan.plan, plan.cloud) {
                Ok(h) => {
                    if !h.flags.is_empty() {
                        report.flagged_lines += 1;
                    }
                    region.hours.push(h);
                }
                Err(e) => report.unparsed.push(format!("{at}: {e}")),
            }
            continue;
        }
        report.unparsed.push(format!("{at}: {l}"));
    }
    if region.numbers.is_empty() && !region.notes.iter().any(|n| n == "no_phone_support") {
        report.unparsed.push(format!("{file}: no phone number and no statement that there is none"));
    }
    region
}

fn push_number(region: &mut Region, line: &str, alternative: bool, plan: Scope, at: &str, report: &mut Report) {
    let (display, label) = split_label(line);
    // Japan labels its numbers by plan: "(Office 365 Enterprise)", "(Other Plans) (...)".
    let scope = label.as_deref().and_then(plan_code).unwrap_or(plan);
    match to_e164(&display, &region.code) {
        Ok((e164, verified)) => {
            let mut flags = Vec::new();
            if !verified {
                flags.push(NumberFlag::E164Unverified);
                report.unverified_numbers.push(format!("{at}: {display} -> {e164}"));
            }
            let (label, charge) = match label.as_deref() {
                Some("Local call charges apply") => (None, Some(CallCharge::Local)),
                _ => (label, None),
            };
            if charge.is_some() {
                region.charge = charge;
            }
            region.numbers.push(PhoneNumber {
                e164,
                display,
                alternative,
                label,
                plan: scope.plan,
                cloud: scope.cloud,
                steps: vec![],
                flags,
            });
        }
        Err(e) => report.unparsed.push(format!("{at}: {e}")),
    }
}

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
                let (e164, verified) = to_e164(&n.display, &n.region)?;
                let flags = if verified { vec![] } else { vec![NumberFlag::E164Unverified] };
                numbers.push(PhoneNumber {
                    e164,
                    display: n.display.clone(),
                    alternative: n.alternative,
                    label: n.label.clone(),
                    plan: None,
                    cloud: None,
                    steps: vec![],
                    flags,
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

/// Imports every page under `reference/support/` listed in `regions`.
pub fn import(
    reference: &Path,
    rows: &[RegionRow],
    clouds: Vec<CloudDirectory>,
) -> Result<(Directory, Report), String> {
    let mut report = Report::default();
    let mut regions = Vec::new();
    for row in rows {
        let file = format!("support/{}.md", row.slug);
        let path = reference.join(&file);
        let src = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let r = parse_page(&file, &src, row, &mut report);
        report.numbers += r.numbers.len();
        report.hours_lines += r.hours.len();
        regions.push(r);
    }
    regions.sort_by(|a, b| a.code.cmp(&b.code).then(a.slug.cmp(&b.slug)));
    report.regions = regions.len();
    Ok((Directory { source: SOURCE.into(), regions, clouds }, report))
}

/// CLI entry: import and write pretty JSON to `out`, plus `import-report.txt` beside it.
pub fn run(reference: &Path, regions_tsv: &Path, out: &Path) -> Result<Report, String> {
    let rows =
        read_regions(&std::fs::read_to_string(regions_tsv).map_err(|e| format!("{}: {e}", regions_tsv.display()))?)?;
    let clouds_path = regions_tsv.with_file_name("clouds.json");
    let clouds_src: Vec<CloudSource> = serde_json::from_str(
        &std::fs::read_to_string(&clouds_path).map_err(|e| format!("{}: {e}", clouds_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", clouds_path.display()))?;
    let (dir, report) = import(reference, &rows, compile_clouds(&clouds_src)?)?;
    let mut json = serde_json::to_string_pretty(&dir).map_err(|e| e.to_string())?;
    json.push('\n');
    std::fs::write(out, json).map_err(|e| format!("{}: {e}", out.display()))?;
    let report_path = out.with_file_name("import-report.txt");
    std::fs::write(&report_path, report.to_string()).map_err(|e| format!("{}: {e}", report_path.display()))?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str) -> RegionRow {
        RegionRow {
            slug: "x".into(),
            code: code.into(),
            names: BTreeMap::from([("en".into(), "X".into())]),
            zones: vec!["Europe/Berlin".into()],
        }
    }

    const PAGE: &str = "---\ntitle: t\n---\n# Contact support for X\n\n[Find another country or region](../get-help-support.md).\n\n## Phone number\n0800 589 2332\nSelect option 3\n\n## Hours\n### Billing Support:\n\nGerman: Mon-Fri 9 AM-5 PM\n\n### Technical Support:\n\nEnglish: 24 hours a day, 7 days a week\nKlingon: whenever\nAlternative Phone Number: 069 380 789 508\n\nLocal call charges apply\n";

    #[test]
    fn parses_a_page_and_reports_unknown_lines() {
        let mut rep = Report::default();
        let r = parse_page("support/x.md", PAGE, &row("DE"), &mut rep);
        assert_eq!(r.numbers.len(), 2);
        assert_eq!(r.numbers[0].e164, "+498005892332");
        assert_eq!(r.numbers[0].steps, vec!["Select option 3"]);
        assert!(r.numbers[1].alternative);
        assert_eq!(r.numbers[1].e164, "+4969380789508");
        assert_eq!(r.charge, Some(CallCharge::Local));
        assert_eq!(r.hours.len(), 2);
        assert_eq!(rep.unparsed.len(), 1);
        assert!(rep.unparsed[0].starts_with("support/x.md:20: Klingon"), "{:?}", rep.unparsed);
    }

    #[test]
    fn access_numbers_keep_the_second_number_as_a_step() {
        let page = "# Contact support for X\n## Phone number\n157 0011\nAfter dialing, enter\n+1877 857 3235\n## Hours\n### Billing Support:\nEnglish: Mon-Fri 9 AM-5 PM\n";
        let mut rep = Report::default();
        let r = parse_page("f", page, &row("BD"), &mut rep);
        assert_eq!(r.numbers.len(), 1);
        assert_eq!(r.numbers[0].steps, vec!["After dialing, enter +1877 857 3235"]);
        assert!(r.numbers[0].flags.contains(&NumberFlag::AccessNumber));
        assert!(rep.unparsed.is_empty(), "{:?}", rep.unparsed);
    }

    #[test]
    fn a_page_without_numbers_must_say_so() {
        let mut rep = Report::default();
        let r = parse_page(
            "f",
            "## Phone number\nTelephone support not available; only online support.\n## Hours\n",
            &row("NP"),
            &mut rep,
        );
        assert!(!r.has_phone_support());
        assert!(rep.unparsed.is_empty());
        let mut rep = Report::default();
        parse_page("f", "## Phone number\n## Hours\n", &row("NP"), &mut rep);
        assert_eq!(rep.unparsed.len(), 1);
    }

    #[test]
    fn e164_normalisation() {
        assert_eq!(to_e164("1 800 865 9408", "US").unwrap(), ("+18008659408".into(), true));
        assert_eq!(to_e164("+1 855 270 0615", "AG").unwrap().0, "+18552700615");
        assert!(to_e164("12", "ZZ").is_err());
    }

    #[test]
    fn regions_tsv_is_checked() {
        assert!(read_regions("a\tb\n").unwrap_err().contains("6 tab-separated"));
        assert!(read_regions("x\tXX\ta\tb\tc\tMars/Base\n").unwrap_err().contains("unknown time zone"));
        assert_eq!(read_regions("# c\nx\tFR\tFrance\tFrance\tFrankreich\tEurope/Paris\n").unwrap().len(), 1);
    }
}

/// Checks on the committed directory (`content/directory/directory.json`).
#[cfg(test)]
mod committed {
    use super::*;
    use guichet_core::hours::{parse_hours, TzName};

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn committed() -> (String, Directory) {
        let src = std::fs::read_to_string(root().join("content/directory/directory.json")).unwrap();
        let d = serde_json::from_str(&src).unwrap();
        (src, d)
    }

    #[test]
    fn reimporting_the_reference_gives_the_committed_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("directory.json");
        std::fs::copy(root().join("content/directory/regions.tsv"), dir.path().join("regions.tsv")).unwrap();
        std::fs::copy(root().join("content/directory/clouds.json"), dir.path().join("clouds.json")).unwrap();
        let report =
            run(&root().join("tests/fixtures/support-contacts/en-us"), &dir.path().join("regions.tsv"), &out).unwrap();
        assert!(report.unparsed.is_empty(), "{:?}", report.unparsed);
        let (bytes, _) = committed();
        assert!(
            std::fs::read_to_string(&out).unwrap() == bytes,
            "re-import differs from content/directory/directory.json: run the import again"
        );
    }

    #[test]
    fn all_246_regions_with_a_valid_e164_number_or_an_explicit_no_phone() {
        let (_, d) = committed();
        assert_eq!(d.regions.len(), 246);
        let e164 = |s: &str| {
            s.starts_with('+')
                && s[1..].chars().all(|c| c.is_ascii_digit())
                && (7..=16).contains(&s.len())
                && !s.starts_with("+0")
        };
        let mut no_phone = Vec::new();
        for r in &d.regions {
            if r.numbers.is_empty() {
                assert!(
                    r.notes.iter().any(|n| n == "no_phone_support"),
                    "{} has no number and does not say so",
                    r.slug
                );
                no_phone.push(r.slug.as_str());
            }
            for n in &r.numbers {
                assert!(e164(&n.e164), "{}: {} is not E.164", r.slug, n.e164);
            }
            assert_eq!(r.code.len(), 2, "{}", r.slug);
            assert!(["en", "fr", "de"].iter().all(|l| r.names.contains_key(*l)), "{} lacks a name", r.slug);
        }
        assert_eq!(no_phone, ["nepal"]);
        for c in &d.clouds {
            for e in &c.entries {
                assert!(e.numbers.iter().all(|n| e164(&n.e164)), "cloud {}", c.id);
            }
        }
    }

    #[test]
    fn zones_are_iana_and_hours_reparse_to_the_stored_schedule() {
        let (_, d) = committed();
        let mut flagged = 0;
        for r in &d.regions {
            for z in &r.zones {
                assert!(z.parse::<TzName>().is_ok(), "{}: {z}", r.slug);
            }
            // Uninhabited territories have no zone; everything else has one.
            if !["BV", "HM"].contains(&r.code.as_str()) {
                assert!(!r.zones.is_empty(), "{} has no time zone", r.slug);
            }
            for h in &r.hours {
                let p = parse_hours(&h.raw).unwrap_or_else(|e| panic!("{}: {e}", r.slug));
                assert_eq!(p.schedule, h.schedule, "{}: {}", r.slug, h.raw);
                if let Some(z) = &h.zone {
                    assert!(z.parse::<TzName>().is_ok());
                }
                flagged += usize::from(!h.flags.is_empty());
            }
        }
        // Oddities are kept with a flag (Togo's "8 AM-4 AM" among them).
        let togo = d.regions.iter().find(|r| r.code == "TG").unwrap();
        assert!(togo.hours.iter().any(|h| h.flags.contains(&guichet_core::hours::HoursFlag::SuspiciousRange)));
        assert!(flagged > 0);
    }

    #[test]
    fn special_directories_are_present() {
        let (_, d) = committed();
        use guichet_core::directory::Audience;
        let vianet = Audience { plan: PlanAudience::Other, cloud: Some(Cloud::Vianet21) };
        let cn = d.regions.iter().find(|r| r.code == "CN").unwrap();
        let c = d.contacts(&cn.slug, &vianet).unwrap();
        assert_eq!(c.numbers[0].e164, "+864000890365");
        assert!(c.hours.iter().any(|h| h.severity.as_deref() == Some("A") && h.schedule.is_always()));
        let bc = c.hours.iter().find(|h| h.severity.as_deref() == Some("B/C")).unwrap();
        assert_eq!(bc.zone.as_deref(), Some("Asia/Shanghai"));
        assert_eq!(bc.schedule.intervals.len(), 7, "09:00-24:00 every day of the year");
        assert_eq!(bc.schedule.intervals[0], (540, 1440));
        let germany = Audience { plan: PlanAudience::Other, cloud: Some(Cloud::Germany) };
        assert_eq!(d.contacts("germany", &germany).unwrap().numbers[0].e164, "+498005892330");
        assert_eq!(d.contacts("austria", &germany).unwrap().numbers[0].e164, "+4969380789305");
        let jp_ent = d.contacts("japan", &Audience { plan: PlanAudience::Enterprise, cloud: None }).unwrap();
        assert_eq!(
            jp_ent.numbers.iter().filter(|n| !n.alternative).map(|n| n.display.as_str()).collect::<Vec<_>>(),
            ["0120 996 680"]
        );
        let jp_other = d.contacts("japan", &Audience::default()).unwrap();
        assert_eq!(
            jp_other.numbers.iter().filter(|n| !n.alternative).map(|n| n.display.as_str()).collect::<Vec<_>>(),
            ["0120 628 860"]
        );
        // China's 21Vianet line shows only for the 21Vianet cloud.
        assert!(d.contacts(&cn.slug, &Audience::default()).unwrap().numbers.iter().all(|n| n.plan.is_none()));
    }
}
