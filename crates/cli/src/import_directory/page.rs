//! One support page (`support/<slug>.md`) → one directory [`Region`]: its numbers with their
//! dialling steps, call charge, hours lines per support type and plan, and notes. A line the
//! parser does not understand is reported as `file:line: text`, never dropped silently.

use super::{plan_code, to_e164, RegionRow, Report, Scope};
use guichet_core::directory::{parse_hours_line, CallCharge, Cloud, HoursLine, NumberFlag, PhoneNumber, Region};
use guichet_core::hours::SupportType;

/// The 21Vianet scope (China's page names it in a heading).
const VIANET: Scope = Scope { plan: None, cloud: Some(Cloud::Vianet21) };

/// The part of the page a line is in.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Head,
    Phone,
    Hours,
    Skip,
}

/// Parser state over one page.
struct Page<'a> {
    row: &'a RegionRow,
    report: &'a mut Report,
    region: Region,
    part: Part,
    support: Option<SupportType>,
    plan: Scope,
    alternative: bool,
    /// "After dialing, enter" waiting for its number on the next line.
    pending_step: Option<String>,
    /// A call charge stated in the alternative part, for the alternative numbers after it.
    alternative_charge: Option<CallCharge>,
}

/// Parses page `src` (named `file` in reports) of region `row`, adding to `report`.
pub fn parse_page(file: &str, src: &str, row: &RegionRow, report: &mut Report) -> Region {
    let region = Region {
        code: row.code.clone(),
        slug: row.slug.clone(),
        names: row.names.clone(),
        zones: row.zones.clone(),
        numbers: vec![],
        charge: None,
        hours: vec![],
        notes: vec![],
        source_name: None,
        closures: vec![],
    };
    let mut page = Page {
        row,
        report,
        region,
        part: Part::Head,
        support: None,
        plan: Scope::default(),
        alternative: false,
        pending_step: None,
        alternative_charge: None,
    };
    let mut in_front = false;
    for (i, raw) in src.lines().enumerate() {
        let l = raw.trim();
        if i == 0 && l == "---" {
            in_front = true;
        } else if in_front {
            in_front = l != "---";
        } else if !l.is_empty() {
            page.line(&format!("{file}:{}", i + 1), l);
        }
    }
    let Page { region, report, .. } = page;
    if region.numbers.is_empty() && !region.notes.iter().any(|n| n == "no_phone_support") {
        report.unparsed.push(format!("{file}: no phone number and no statement that there is none"));
    }
    region
}

impl Page<'_> {
    fn unparsed(&mut self, at: &str, what: impl std::fmt::Display) {
        self.report.unparsed.push(format!("{at}: {what}"));
    }

    fn note(&mut self, note: &str) {
        if !self.region.notes.iter().any(|n| n == note) {
            self.region.notes.push(note.to_string());
        }
    }

    /// One non-blank line outside the front matter.
    fn line(&mut self, at: &str, l: &str) {
        if self.heading(l) {
            return;
        }
        if l.starts_with("[Find another") || l.starts_with("![") || matches!(self.part, Part::Skip | Part::Head) {
            if self.part == Part::Head && !l.starts_with("[Find another") {
                self.unparsed(at, l);
            }
            return;
        }
        let lower = l.to_ascii_lowercase();
        if self.scope_line(at, l, &lower) || self.phrase(at, l, &lower) || self.step(at, l, &lower) {
            return;
        }
        if is_number_line(l) {
            let alternative = self.part == Part::Hours || self.alternative;
            self.push_number(l, alternative, at);
        } else if self.part == Part::Hours {
            self.hours(at, l, &lower);
        } else {
            self.unparsed(at, l);
        }
    }

    /// The page title and `##` headings (which switch the part).
    fn heading(&mut self, l: &str) -> bool {
        if let Some(t) = l.strip_prefix("# Contact support for ") {
            if self.region.names.get("en").map(String::as_str) != Some(t)
                && matches!(self.row.code.as_str(), "BQ" | "SJ")
            {
                self.region.source_name = Some(t.to_string());
            }
            return true;
        }
        if !(l.starts_with("## ") || l == "### Phone number") {
            return false;
        }
        let h = l.trim_start_matches('#').trim();
        self.part = match h {
            "Phone number" => Part::Phone,
            "Hours" => Part::Hours,
            _ if h.contains("21Vianet") => {
                self.plan = VIANET;
                Part::Head
            }
            _ => Part::Skip,
        };
        self.alternative = false;
        true
    }

    /// "Billing support:", "Technical support:" and "**Plan name:**" lines.
    fn scope_line(&mut self, at: &str, l: &str, lower: &str) -> bool {
        let heading = lower.trim_start_matches('#').trim().trim_end_matches(':');
        if heading == "billing support" {
            self.support = Some(SupportType::Billing);
            if self.plan != VIANET {
                self.plan = Scope::default();
            }
            return true;
        }
        if heading == "technical support" {
            self.support = Some(SupportType::Technical);
            return true;
        }
        if let Some(p) = l.strip_prefix("**").and_then(|s| s.split_once(":**")) {
            match plan_code(p.0.trim()) {
                Some(code) => self.plan = code,
                None => self.unparsed(at, format!("unknown plan {l}")),
            }
            return true;
        }
        false
    }

    /// Fixed phrases: call charges, closures, "not available by phone", alternative numbers.
    fn phrase(&mut self, at: &str, l: &str, lower: &str) -> bool {
        match lower {
            "international call charges apply" => self.region.charge = Some(CallCharge::International),
            // After "Alternative Phone Number:" the charge is the alternative numbers' (before or
            // after them: Japan writes it first, France after); elsewhere the region's.
            "local call charges apply" if self.alternative => {
                self.alternative_charge = Some(CallCharge::Local);
                for n in self.region.numbers.iter_mut().filter(|n| n.alternative && n.charge.is_none()) {
                    n.charge = Some(CallCharge::Local);
                }
            }
            "local call charges apply" => self.region.charge = Some(CallCharge::Local),
            "local toll-free" | "(cellular toll-free)" => {
                if let Some(n) = self.region.numbers.last_mut() {
                    n.label = Some(l.trim_matches(|c| c == '(' || c == ')').to_string());
                }
                self.region.charge = self.region.charge.or(Some(CallCharge::TollFree));
            }
            "(closed on weekends and public holidays)" => {
                self.note("closed_public_holidays");
                match self.region.hours.last_mut() {
                    Some(h) => h.closed_on_holidays = true,
                    None => self.unparsed(at, "closure note before any hours line"),
                }
            }
            "not available by phone" => {
                let kind = if self.support == Some(SupportType::Billing) { "billing" } else { "technical" };
                self.region.notes.push(format!("no_phone_{kind}"));
            }
            _ if lower.starts_with("telephone support not available") => {
                self.region.notes.push("no_phone_support".into())
            }
            _ if lower.starts_with("telephone technical support is available from") => {
                // Japan, other plans: "from 9:00-17:30 on weekdays ... high severity 24/7".
                let (plan, cloud) = (self.plan.plan, self.plan.cloud);
                // The sentence names no language: none is stored ("" = not stated).
                match parse_hours_line(SupportType::Technical, "Any: Mon-Fri 9:00-17:30", plan, cloud) {
                    Ok(h) => self.region.hours.push(HoursLine { language: String::new(), ..h }),
                    Err(e) => self.unparsed(at, e),
                }
                self.region.notes.push("severe_issues_24_7".into());
                self.report.flagged_lines += 1;
            }
            _ => {
                let Some(rest) = l.strip_prefix("Alternative Phone Number:") else { return false };
                self.alternative = true;
                let rest = rest.trim();
                if !rest.is_empty() {
                    self.push_number(rest, true, at);
                }
            }
        }
        true
    }

    /// Dialling steps ("Select option 3", "After dialing, enter" + the number on the next line).
    fn step(&mut self, at: &str, l: &str, lower: &str) -> bool {
        if let Some(step) = self.pending_step.take() {
            if is_number_line(l) {
                if let Some(n) = self.region.numbers.last_mut() {
                    n.steps.push(format!("{step} {l}"));
                    n.flags.push(NumberFlag::AccessNumber);
                }
                return true;
            }
            self.unparsed(at, format!("expected a number after {step:?}"));
        }
        if !(lower.starts_with("select option")
            || lower.starts_with("enter code")
            || lower.starts_with("after dialing"))
        {
            return false;
        }
        if lower.trim_end_matches(',') == "after dialing, enter" {
            self.pending_step = Some(l.to_string());
        } else if let Some(n) = self.region.numbers.last_mut() {
            n.steps.push(l.to_string());
            if lower.starts_with("after dialing") {
                n.flags.push(NumberFlag::AccessNumber);
            }
        } else {
            self.unparsed(at, format!("dialling step before any number: {l}"));
        }
        true
    }

    /// An hours line (`Language: phrase`) in the Hours part.
    fn hours(&mut self, at: &str, l: &str, lower: &str) {
        if lower.contains("online support") {
            // China's page says it in its 21Vianet part: a fact of that cloud (whose entry in
            // clouds.json carries it), not of the region's worldwide support.
            if self.plan.cloud.is_none() {
                self.note("online_support_24_7");
            }
            return;
        }
        let Some(st) = self.support else {
            return self.unparsed(at, format!("hours before a support type: {l}"));
        };
        let line = l.replace(" phone support:", ":");
        match parse_hours_line(st, &line, self.plan.plan, self.plan.cloud) {
            Ok(h) => {
                if !h.flags.is_empty() {
                    self.report.flagged_lines += 1;
                }
                self.region.hours.push(h);
            }
            Err(e) => self.unparsed(at, e),
        }
    }

    fn push_number(&mut self, line: &str, alternative: bool, at: &str) {
        let (display, label) = split_label(line);
        // Japan labels its numbers by plan: "(Office 365 Enterprise)", "(Other Plans) (...)".
        let scope = label.as_deref().and_then(plan_code).unwrap_or(self.plan);
        let dialling = match to_e164(&display, &self.region.code) {
            Ok(n) => n,
            Err(e) => return self.unparsed(at, e),
        };
        let (e164, flags) = dialling.stored();
        if flags.contains(&NumberFlag::E164Unverified) {
            let how = if flags.contains(&NumberFlag::DialAsWritten) { "dialled as written" } else { "dialled" };
            let shown = if e164.is_empty() { "no E.164 form".to_string() } else { e164.clone() };
            self.report.unverified_numbers.push(format!("{at}: {display} -> {shown} ({how})"));
        }
        // "11 4700 1999 (Local call charges apply)": that number's charge, not the region's.
        let (label, mut charge) = match label.as_deref() {
            Some("Local call charges apply") => (None, Some(CallCharge::Local)),
            _ => (label, None),
        };
        if alternative && charge.is_none() {
            charge = self.alternative_charge;
        }
        self.region.numbers.push(PhoneNumber {
            e164,
            display,
            alternative,
            label,
            plan: scope.plan,
            cloud: scope.cloud,
            steps: vec![],
            flags,
            charge,
        });
    }
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
