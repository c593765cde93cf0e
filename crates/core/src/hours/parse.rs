//! Reading the source's hours phrases ("Mon-Fri 9 AM-5 PM", "24 hours a day, 7 days a
//! week", "9-5 Berlin (UTC+1)") into [`Schedule`]s. Used by the content CLI when it imports a
//! directory; the pane reads schedules already parsed, so this ships only with the `parse`
//! feature.

use super::*;

/// The result of parsing an hours phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedHours {
    /// The weekly schedule.
    pub schedule: Schedule,
    /// IANA zone named by the phrase itself (`London` → `Europe/London`), if any; otherwise
    /// the hours are local to the region.
    pub zone: Option<String>,
    /// Oddities found in the phrase.
    pub flags: Vec<HoursFlag>,
}

/// Why an hours phrase could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursError(pub String);

impl std::fmt::Display for HoursError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unparseable hours: {}", self.0)
    }
}

fn parse_day(s: &str) -> Option<u32> {
    let d = s.trim().to_ascii_lowercase();
    let d = d.get(..3)?;
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().position(|x| *x == d).map(|p| p as u32)
}

/// Parses `9 AM`, `9AM`, `9:30 PM`, `noon`, `midnight`, `17:30`, `24:00`, `9` into minutes
/// since midnight.
fn parse_time(s: &str) -> Option<u32> {
    let t = s.trim().to_ascii_lowercase();
    match t.as_str() {
        "noon" => return Some(12 * 60),
        "midnight" => return Some(24 * 60),
        _ => {}
    }
    let (num, ampm) = if let Some(x) = t.strip_suffix("am") {
        (x.trim(), Some(false))
    } else if let Some(x) = t.strip_suffix("pm") {
        (x.trim(), Some(true))
    } else {
        (t.as_str(), None)
    };
    let (h, m) = match num.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (num.parse::<u32>().ok()?, 0),
    };
    if m >= 60 {
        return None;
    }
    let h = match ampm {
        Some(pm) => {
            if h == 0 || h > 12 {
                return None;
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
        None => {
            if h > 24 || (h == 24 && m > 0) {
                return None;
            }
            h
        }
    };
    Some(h * 60 + m)
}

/// Maps a zone word of the source to an IANA zone.
fn zone_word(w: &str) -> Option<Option<&'static str>> {
    let w = w.trim().trim_matches(|c| c == '(' || c == ')').to_ascii_lowercase();
    let w = w.split(['(', ' ']).next().unwrap_or("");
    Some(match w {
        "moscow" => Some("Europe/Moscow"),
        "london" => Some("Europe/London"),
        "berlin" => Some("Europe/Berlin"),
        "beijing" => Some("Asia/Shanghai"),
        "et" => Some("America/Toronto"),
        "local" => None,
        _ => return None,
    })
}

/// Parses an hours phrase (without its language label), e.g. `Mon-Fri 9 AM-5 PM London`.
///
/// Errors: [`HoursError`] with the phrase when it matches none of the forms above.
pub fn parse_hours(phrase: &str) -> Result<ParsedHours, HoursError> {
    let err = || HoursError(phrase.to_string());
    let p = phrase.trim().trim_end_matches('.').trim();
    let lower = p.to_ascii_lowercase();
    if lower.starts_with("24 hours a day, 7 days a week") || lower == "24x7" || lower == "24*7" || lower == "24/7" {
        return Ok(ParsedHours { schedule: Schedule::always(), zone: None, flags: vec![] });
    }
    if let Some(rest) = lower.strip_prefix("24 hours a day, between ") {
        // "Mon noon and Sat noon"
        let (a, b) = rest.split_once(" and ").ok_or_else(err)?;
        let (da, ta) = a.trim().split_once(' ').ok_or_else(err)?;
        let (db, tb) = b.trim().split_once(' ').ok_or_else(err)?;
        let s = parse_day(da).ok_or_else(err)? * DAY + parse_time(ta).ok_or_else(err)?;
        let mut e = parse_day(db).ok_or_else(err)? * DAY + parse_time(tb).ok_or_else(err)?;
        if e <= s {
            e += WEEK;
        }
        return Ok(ParsedHours { schedule: Schedule::from_intervals(vec![(s, e)]), zone: None, flags: vec![] });
    }
    let mut words: Vec<&str> = p.split_whitespace().collect();
    // Trailing zone word(s): "London", "ET", "Berlin (UTC+1)", "Berlin(UTC+1)", "Local".
    let mut zone = None;
    while let Some(last) = words.last() {
        if last.starts_with("(UTC") || last.starts_with("UTC") || *last == "+1)" || *last == "(UTC" {
            words.pop();
            continue;
        }
        match zone_word(last) {
            Some(z) => {
                zone = z.map(str::to_string);
                words.pop();
                break;
            }
            None => break,
        }
    }
    if words.is_empty() {
        return Err(err());
    }
    let mut flags = Vec::new();
    let (days, rest): ((u32, u32), Vec<&str>) = match words[0].split_once('-') {
        Some((a, b)) if parse_day(a).is_some() && parse_day(b).is_some() => {
            ((parse_day(a).unwrap(), parse_day(b).unwrap()), words[1..].to_vec())
        }
        _ if parse_day(words[0]).is_some() && words[0].len() <= 3 => {
            let d = parse_day(words[0]).unwrap();
            ((d, d), words[1..].to_vec())
        }
        _ => {
            flags.push(HoursFlag::DaysAssumed);
            ((0, 4), words.clone())
        }
    };
    let range = rest.join(" ");
    let range = range.replace(['–', '~'], "-");
    let (a, b) = range.split_once('-').ok_or_else(err)?;
    let start = parse_time(a).ok_or_else(err)?;
    let mut end = parse_time(b).ok_or_else(err)?;
    if start >= 24 * 60 {
        return Err(err());
    }
    let bare = |x: &str| {
        !x.contains(':') && !x.to_ascii_lowercase().contains('m') && x.trim().chars().all(|c| c.is_ascii_digit())
    };
    if end <= start && bare(a) && bare(b) && end < 12 * 60 && end + 12 * 60 > start {
        end += 12 * 60;
        flags.push(HoursFlag::AfternoonAssumed);
    }
    if end <= start {
        end += DAY;
        flags.push(HoursFlag::Overnight);
        if end - start > 16 * 60 {
            flags.push(HoursFlag::SuspiciousRange);
        }
    }
    let mut day_list = Vec::new();
    let mut d = days.0;
    loop {
        day_list.push(d);
        if d == days.1 {
            break;
        }
        d = (d + 1) % 7;
    }
    let intervals = day_list.into_iter().map(|d| (d * DAY + start, d * DAY + end)).collect();
    Ok(ParsedHours { schedule: Schedule::from_intervals(intervals), zone, flags })
}
