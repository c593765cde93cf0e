//! Imports the per-country support pages (Microsoft 365 business support contacts, CC BY 4.0)
//! into the bundled directory. Re-runnable: the same input gives the same bytes.

mod clouds;
mod page;

pub use clouds::{compile_clouds, CloudSource};
pub use page::parse_page;

use guichet_core::directory::{Cloud, CloudDirectory, Directory, NumberFlag, PlanAudience};
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
            z.parse::<guichet_core::zone::Zone>()
                .map_err(|_| format!("regions.tsv:{}: unknown time zone {z}", i + 1))?;
        }
        rows.push(RegionRow { slug: f[0].into(), code: f[1].into(), names, zones });
    }
    Ok(rows)
}

/// What [`to_e164`] makes of a number as the source writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialling {
    /// libphonenumber validates it: its E.164 form.
    Verified(String),
    /// Not validated, but the source names its country code (`+225 20 24 24 90`, or
    /// `225 20 24 24 90` on Congo's page, a country code that is not Congo's and the length of
    /// that country's numbers): that E.164 form, dialled.
    Unverified(String),
    /// Dialled as written: an international access code (`00800 …`, `000 800 …`), a national
    /// trunk prefix libphonenumber does not know after it (Belarus's `8 820 …`), or a short or
    /// national-only number. Carries a best-guess E.164 form for reference, when there is one.
    AsWritten(Option<String>),
}

impl Dialling {
    /// The E.164 form to store (empty when none) and the number's flags.
    pub fn stored(self) -> (String, Vec<NumberFlag>) {
        match self {
            Dialling::Verified(e) => (e, vec![]),
            Dialling::Unverified(e) => (e, vec![NumberFlag::E164Unverified]),
            Dialling::AsWritten(guess) => {
                (guess.unwrap_or_default(), vec![NumberFlag::E164Unverified, NumberFlag::DialAsWritten])
            }
        }
    }
}

/// Reads `display`, a number as the page of region `code` writes it, with libphonenumber
/// (`phonenumber` crate, metadata 9.0.33):
/// 1. valid for the region → [`Dialling::Verified`];
/// 2. written with `+`: when its first group is a country code, the international number
///    (verified if valid, else [`Dialling::Unverified`]); when it is not (`+8 800 555 1349`
///    under Kazakhstan: no country code 8), the `+` is a slip and the digits are read as a
///    national number (verified if valid, else dialled as written);
/// 3. starting with the region's international access prefix (`00800`, `000 800`, `001 800`)
///    or with its national trunk prefix (`8 820` in Belarus) → dialled as written, no E.164;
/// 4. starting with another country's code, as a group of its own, with that country's number
///    length (`225 20 24 24 90` under Congo) → [`Dialling::Unverified`] `+225…`;
/// 5. else dialled as written, with the country code plus the national digits kept as a guess.
///
/// Errors: a region code libphonenumber does not know, for a number it cannot place.
pub fn to_e164(display: &str, code: &str) -> Result<Dialling, String> {
    use phonenumber::{country::Id, metadata::DATABASE, Mode};
    let id: Option<Id> = code.parse().ok();
    let e164 = |n: &phonenumber::PhoneNumber| n.format().mode(Mode::E164).to_string();
    let valid_in = |id: Option<Id>, digits: &str| {
        phonenumber::parse(id, digits).ok().filter(phonenumber::is_valid).map(|n| e164(&n))
    };
    let compact: String = display.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    if let Some(n) = valid_in(id, &compact) {
        return Ok(Dialling::Verified(n));
    }
    let digits: String = compact.chars().filter(char::is_ascii_digit).collect();
    let first_group: String = display.trim_start_matches('+').split_whitespace().next().unwrap_or("").to_string();
    // A country code with at least one geographic region (not 800, 808, 870, 882, 883…).
    let geographic = |cc: &str| {
        cc.parse::<u16>().ok().and_then(|c| DATABASE.by_code(&c)).is_some_and(|m| m.iter().any(|m| m.id() != "001"))
    };
    let meta = id.and_then(|id| DATABASE.by_id(id.as_ref()));
    if display.trim_start().starts_with('+') {
        if geographic(&first_group) {
            return Ok(match valid_in(None, &compact) {
                Some(n) => Dialling::Verified(n),
                None => Dialling::Unverified(format!("+{digits}")),
            });
        }
        return Ok(match valid_in(id, &digits) {
            Some(n) => Dialling::Verified(n),
            None => Dialling::AsWritten(None),
        });
    }
    let meta = meta.ok_or_else(|| format!("no country calling code for {code}"))?;
    // No national number starts with 00: that is an international access prefix everywhere.
    let access = digits.starts_with("00")
        || meta.international_prefix().is_some_and(|re| re.find(&digits).is_some_and(|m| m.start() == 0));
    let trunk = meta.national_prefix().is_some_and(|p| !p.is_empty() && p != "0" && digits.starts_with(p));
    if access || trunk {
        return Ok(Dialling::AsWritten(None));
    }
    let own = meta.country_code().to_string();
    if first_group != own && geographic(&first_group) {
        if let Ok(n) = phonenumber::parse(None, format!("+{digits}")) {
            let national = n.national().value().to_string().len();
            if (6..=12).contains(&national) && n.country().id().is_some() {
                return Ok(Dialling::Unverified(format!("+{digits}")));
            }
        }
    }
    Ok(Dialling::AsWritten(Some(format!("+{own}{}", digits.trim_start_matches('0')))))
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

/// Imports every page under `reference/support/` listed in `regions`.
pub fn import(
    reference: &Path,
    rows: &[RegionRow],
    clouds: Vec<CloudDirectory>,
) -> Result<(Directory, Report), String> {
    let mut report = Report::default();
    let mut regions = Vec::new();
    let progress = crate::progress::bar(rows.len(), "importing region pages");
    for row in rows {
        progress.inc(1);
        let file = format!("support/{}.md", row.slug);
        let path = reference.join(&file);
        let src = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let r = parse_page(&file, &src, row, &mut report);
        report.numbers += r.numbers.len();
        report.hours_lines += r.hours.len();
        regions.push(r);
    }
    progress.finish_and_clear();
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
    use guichet_core::directory::{CallCharge, NumberFlag};

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
        // The charge line follows the alternative number: it is that number's.
        assert_eq!((r.charge, r.numbers[1].charge, r.numbers[0].charge), (None, Some(CallCharge::Local), None));
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
        assert_eq!(to_e164("1 800 865 9408", "US").unwrap(), Dialling::Verified("+18008659408".into()));
        assert_eq!(to_e164("+1 855 270 0615", "AG").unwrap(), Dialling::Verified("+18552700615".into()));
        // Each branch of the reading, on the numbers that made it necessary.
        assert_eq!(to_e164("225 20 24 24 90", "CG").unwrap(), Dialling::Unverified("+22520242490".into()));
        assert_eq!(to_e164("+225 20 24 24 90", "CM").unwrap(), Dialling::Unverified("+22520242490".into()));
        assert_eq!(to_e164("+8 800 555 1349", "KZ").unwrap(), Dialling::AsWritten(None));
        assert_eq!(to_e164("000 800 440 2038", "IN").unwrap(), Dialling::AsWritten(None));
        assert_eq!(to_e164("8 820 0071 0003", "BY").unwrap(), Dialling::AsWritten(None));
        assert_eq!(to_e164("00800 118 4446", "BG").unwrap(), Dialling::AsWritten(None));
        assert_eq!(
            to_e164("800 0123", "HN").unwrap(),
            Dialling::AsWritten(Some("+5048000123".into())),
            "800 is not a geographic code"
        );
        assert_eq!(
            to_e164("157 0011", "BD").unwrap().stored().1,
            [NumberFlag::E164Unverified, NumberFlag::DialAsWritten]
        );
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
    use guichet_core::directory::CallCharge;
    use guichet_core::hours::{parse_hours, SupportType};
    use guichet_core::zone::Zone;

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
    fn tel_links_dial_the_right_country() {
        let (_, d) = committed();
        let first = |code: &str| d.region(code).unwrap().numbers[0].clone();
        // Congo's page lists Côte d'Ivoire's number (225 …) without its `+`: not +242 225 ….
        assert_eq!(first("CG").e164, "+22520242490");
        assert_eq!(first("CG").tel_uri(), "tel:+22520242490");
        // Kazakhstan's "+8 800 555 1349": no country code 8, so not +880 (Bangladesh).
        assert_eq!(first("KZ").tel_uri(), "tel:88005551349");
        assert!(!first("KZ").e164.starts_with("+880"));
        // Access-code numbers (India 000 800, Belarus 8 820, Bulgaria 00800): no E.164, dialled as written.
        for (code, tel) in [("IN", "tel:0008004402038"), ("BY", "tel:882000710003"), ("BG", "tel:008001184446")] {
            let n = first(code);
            assert_eq!((n.e164.as_str(), n.tel_uri().as_str()), ("", tel), "{code}");
            assert!(n.flags.contains(&NumberFlag::DialAsWritten), "{code}");
        }
        // A validated number still dials its E.164 form.
        assert_eq!(first("FR").tel_uri(), "tel:+33805540594");
    }

    #[test]
    fn local_call_charges_belong_to_the_number_the_page_puts_them_with() {
        let (_, d) = committed();
        // France: toll-free 0805 main number; "Local call charges apply" follows the alternative number.
        let fr = d.region("FR").unwrap();
        assert_eq!(fr.charge, None, "not the region's");
        assert_eq!((fr.numbers[0].alternative, fr.numbers[0].charge), (false, None));
        assert_eq!((fr.numbers[1].alternative, fr.numbers[1].charge), (true, Some(CallCharge::Local)));
        // Japan writes it before its two alternative numbers.
        let jp = d.region("JP").unwrap();
        assert!(jp.numbers.iter().filter(|n| n.alternative).all(|n| n.charge == Some(CallCharge::Local)));
        assert!(jp.numbers.iter().filter(|n| !n.alternative).all(|n| n.charge.is_none()));
        // Brazil's "11 4700 1999 (Local call charges apply)" keeps it, as its own charge.
        let br = d.region("BR").unwrap();
        let local = br.numbers.iter().find(|n| n.display == "11 4700 1999").unwrap();
        assert_eq!(local.charge, Some(CallCharge::Local));
        assert_eq!(br.numbers.iter().find(|n| n.display == "0800 047 4958").unwrap().charge, None);
        // Congo, with no alternative number: the region's, as before.
        assert_eq!(d.region("CG").unwrap().charge, Some(CallCharge::Local));
        // No region whose page puts the charge with an alternative number shows it for the region.
        let wrong: Vec<&str> = d
            .regions
            .iter()
            .filter(|r| r.charge == Some(CallCharge::Local) && r.numbers.iter().any(|n| n.charge.is_some()))
            .map(|r| r.slug.as_str())
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
        let moved = d.regions.iter().filter(|r| r.numbers.iter().any(|n| n.charge == Some(CallCharge::Local))).count();
        assert_eq!(moved, 36, "35 pages after an alternative number, and Brazil's inline label");
    }

    #[test]
    fn japan_keeps_what_its_page_says_and_nothing_more() {
        let (_, d) = committed();
        let jp = d.region("JP").unwrap();
        // "Telephone technical support is available from 9:00-17:30 on weekdays": no language named.
        let weekday = jp.hours.iter().find(|h| h.raw == "Mon-Fri 9:00-17:30").unwrap();
        assert_eq!(weekday.language, "");
        // Only the billing lines say "(Closed on weekends and public holidays)".
        for h in &jp.hours {
            assert_eq!(h.closed_on_holidays, h.support == SupportType::Billing, "{h:?}");
        }
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
                // Access codes have no E.164 form and are dialled as written.
                let as_written = n.e164.is_empty() && n.flags.contains(&NumberFlag::DialAsWritten);
                assert!(as_written || e164(&n.e164), "{}: {} is not E.164", r.slug, n.e164);
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
                assert!(z.parse::<Zone>().is_ok(), "{}: {z}", r.slug);
            }
            // Uninhabited territories have no zone; everything else has one.
            if !["BV", "HM"].contains(&r.code.as_str()) {
                assert!(!r.zones.is_empty(), "{} has no time zone", r.slug);
            }
            for h in &r.hours {
                let p = parse_hours(&h.raw).unwrap_or_else(|e| panic!("{}: {e}", r.slug));
                assert_eq!(p.schedule, h.schedule, "{}: {}", r.slug, h.raw);
                if let Some(z) = &h.zone {
                    assert!(z.parse::<Zone>().is_ok());
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
        // The EEA number is for the EEA ("all other EEA markets"): Norway yes; the United
        // States and Switzerland get their own worldwide lines.
        assert_eq!(d.contacts("norway", &germany).unwrap().numbers[0].e164, "+4969380789305");
        for slug in ["united-states", "switzerland"] {
            let c = d.contacts(slug, &germany).unwrap();
            assert_eq!(c.cloud, None, "{slug}");
            assert_ne!(c.numbers[0].e164, "+4969380789305", "{slug}");
        }
        // China's "online support 24/7" is in its 21Vianet part: 21Vianet visitors see it, worldwide ones do not.
        let worldwide = Audience::default();
        assert!(!d.contacts(&cn.slug, &worldwide).unwrap().notes.iter().any(|n| n == "online_support_24_7"));
        assert!(c.notes.iter().any(|n| n == "online_support_24_7"));
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
