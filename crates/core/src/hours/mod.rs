//! Opening hours of support lines: parsing the directory's hour phrases into weekly
//! schedules, and computing "open now" / "next change" for an instant in an IANA time zone
//! ([`Zone`]; wall-clock hours, so DST shifts are followed).
//!
//! Phrases understood (from the support-contacts reference pages): `24 hours a day, 7 days a
//! week`; `Mon-Fri 9 AM-5 PM`; `Sun-Thu 8 AM-5 PM`; `Mon-Fri 9:00-17:30`; `noon`, `midnight`,
//! `24:00`; overnight ranges (`Sun-Fri 10 PM-6 AM`); `24 hours a day, between Mon noon and
//! Sat noon`; a trailing zone name (`Moscow`, `London`, `ET`, `Berlin (UTC+1)`, `Beijing`,
//! `Local`). Oddities are kept, with a [`HoursFlag`].

use crate::zone::Zone;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// Minutes in a week.
pub const WEEK: u32 = 7 * 24 * 60;
const DAY: u32 = 24 * 60;

/// Kind of support a phone line serves, as the reference pages split them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum SupportType {
    /// Billing and subscription management.
    Billing,
    /// Technical support.
    Technical,
}

/// Something unusual in a source phrase, kept as data rather than silently fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoursFlag {
    /// No days were given (`9 AM-6 PM`); Monday to Friday is assumed.
    DaysAssumed,
    /// An overnight range longer than 16 hours (Togo's `8 AM-4 AM`): likely a typo in the
    /// source, kept as written (read as ending the next morning).
    SuspiciousRange,
    /// The range ends before it starts and is read as ending the next day.
    Overnight,
    /// Bare hours without AM/PM (`9-5`): the end was read as afternoon (17:00).
    AfternoonAssumed,
}

/// A weekly schedule: half-open intervals in minutes since Monday 00:00 local time.
/// An interval may end after [`WEEK`] (it wraps into the next week). Intervals are merged
/// and sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// `[start, end)` pairs, minutes of the week, sorted, non-overlapping.
    pub intervals: Vec<(u32, u32)>,
}

impl Schedule {
    /// Open around the clock, every day.
    pub fn always() -> Schedule {
        Schedule { intervals: vec![(0, WEEK)] }
    }

    /// Builds a schedule from raw intervals, merging overlaps and wrap-arounds.
    pub fn from_intervals(mut raw: Vec<(u32, u32)>) -> Schedule {
        raw.retain(|(s, e)| e > s);
        crate::sort::sort(&mut raw);
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (s, e) in raw {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        if merged.iter().any(|(s, e)| *s == 0 && *e >= WEEK) {
            return Schedule::always();
        }
        // An interval wrapping past the end of the week that covers the start of the first.
        if let (Some(&(fs, fe)), Some(&(_, le))) = (merged.first(), merged.last()) {
            if merged.len() > 1 && le > WEEK && le - WEEK >= fs {
                let last = merged.len() - 1;
                merged[last].1 = (WEEK + fe).max(le);
                merged.remove(0);
                if merged.iter().any(|(s, e)| e - s >= WEEK) {
                    return Schedule::always();
                }
            }
        }
        Schedule { intervals: merged }
    }

    /// Whether the line is open around the clock.
    pub fn is_always(&self) -> bool {
        self.intervals.len() == 1 && self.intervals[0].1 - self.intervals[0].0 >= WEEK
    }

    /// The interval containing minute-of-week `m`, if any.
    fn containing(&self, m: u32) -> Option<(u32, u32)> {
        self.intervals.iter().copied().find(|&(s, e)| (s <= m && m < e) || (e > WEEK && m + WEEK < e))
    }
}

impl Schedule {
    /// Describes the schedule in `locale` with 24-hour times, grouping days that share the
    /// same hours: `"Mon–Fri 09:00–17:00"`, `"lun.–ven. 09:00–17:00"`, `"24/7"`. Overnight
    /// ranges read `"Sun–Fri 22:00–06:00"`; multi-day windows `"Mon 12:00 – Sat 12:00"`.
    pub fn describe(&self, locale: crate::Locale) -> String {
        let days: [&str; 7] = match locale {
            crate::Locale::Fr => ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
            crate::Locale::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            crate::Locale::De => ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
        };
        if self.is_always() {
            return match locale {
                crate::Locale::Fr => "24 h/24, 7 j/7".into(),
                crate::Locale::En => "24/7".into(),
                crate::Locale::De => "rund um die Uhr".into(),
            };
        }
        let hm = |m: u32| format!("{:02}:{:02}", (m / 60) % 25, m % 60);
        let mut parts: Vec<String> = Vec::new();
        // (first day, last day, start, end) groups of consecutive days with equal hours
        let mut groups: Vec<(u32, u32, u32, u32)> = Vec::new();
        for &(s, e) in &self.intervals {
            let day = s / DAY;
            let (start, end) = (s % DAY, e - day * DAY);
            if end > 2 * DAY - 1 || (end > DAY && end - DAY > start) {
                let ed = (e / DAY) % 7;
                parts.push(format!("{} {} – {} {}", days[day as usize], hm(start), days[ed as usize], hm(e % DAY)));
                continue;
            }
            match groups.last_mut() {
                Some(g) if g.2 == start && g.3 == end && g.1 + 1 == day => g.1 = day,
                _ => groups.push((day, day, start, end)),
            }
        }
        // A week that runs across Sunday reads from Sunday: "Sun–Thu", not "Mon–Thu, Sun".
        if groups.len() >= 2 {
            let (first, last) = (groups[0], groups[groups.len() - 1]);
            if first.0 == 0 && last.1 == 6 && first.2 == last.2 && first.3 == last.3 {
                groups.remove(0);
                let l = groups.len() - 1;
                groups.remove(l);
                groups.insert(0, (6, first.1, first.2, first.3));
            }
        }
        let mut out: Vec<String> = groups
            .into_iter()
            .map(|(a, b, s, e)| {
                let d = if a == b {
                    days[a as usize].to_string()
                } else {
                    format!("{}–{}", days[a as usize], days[b as usize % 7])
                };
                let end = if e == DAY { "24:00".to_string() } else { hm(e % DAY) };
                format!("{d} {}–{end}", hm(s))
            })
            .collect();
        out.extend(parts);
        out.join(", ")
    }
}

/// Open/closed state of a line at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenStatus {
    /// Whether the line is open at the instant.
    pub open: bool,
    /// When it next closes (if open) or opens (if closed); `None` for lines open 24/7 or
    /// with an empty schedule.
    pub next_change: Option<DateTime<Utc>>,
}

/// Minute of the week (Monday 00:00 = 0) of a local wall-clock time.
pub fn minute_of_week(t: &NaiveDateTime) -> u32 {
    t.weekday().num_days_from_monday() * DAY + t.hour() * 60 + t.minute()
}

/// The first instant after `after` at which `tz`'s clocks show `local`: in an overlap (clocks
/// set back) the later of the two when the earlier has passed; in a gap (clocks set forward)
/// the wall-clock time does not exist, and the first one that does, 30 minutes on at a time.
fn local_to_utc(tz: &Zone, local: NaiveDateTime, after: DateTime<Utc>) -> DateTime<Utc> {
    let mut t = local;
    for _ in 0..4 {
        let first = match tz.from_local(t) {
            chrono::LocalResult::Single(a) => Some(a),
            chrono::LocalResult::Ambiguous(a, b) => Some(if a > after { a } else { b }),
            chrono::LocalResult::None => None,
        };
        if let Some(a) = first {
            return a;
        }
        t += Duration::minutes(30);
    }
    local.and_utc()
}

/// Computes whether `schedule`, read as wall-clock hours in `tz`, is open at `now`, and when
/// that changes next. Correct across DST transitions (times are resolved in `tz`).
pub fn status(schedule: &Schedule, tz: &Zone, now: DateTime<Utc>) -> OpenStatus {
    if schedule.is_always() {
        return OpenStatus { open: true, next_change: None };
    }
    if schedule.intervals.is_empty() {
        return OpenStatus { open: false, next_change: None };
    }
    let local = tz.local(now);
    let m = minute_of_week(&local);
    let week_start: NaiveDateTime =
        (local.date() - Duration::days(local.weekday().num_days_from_monday() as i64)).and_time(NaiveTime::MIN);
    let at = |minutes: u32| week_start + Duration::minutes(minutes as i64);
    if let Some((s, e)) = schedule.containing(m) {
        // If we matched through the wrap, the interval started last week.
        let end = if s <= m { e } else { e - WEEK };
        return OpenStatus { open: true, next_change: Some(local_to_utc(tz, at(end), now)) };
    }
    let next = schedule.intervals.iter().map(|&(s, _)| s).find(|&s| s > m).unwrap_or(schedule.intervals[0].0 + WEEK);
    OpenStatus { open: false, next_change: Some(local_to_utc(tz, at(next), now)) }
}

/// Like [`status`], with `closures`: local dates (in `tz`) on which the line is closed all day
/// (public holidays, dated closures). A schedule open around the clock ignores them (lines open
/// 24/7 do not close on holidays). An interval running into a closed date closes at its
/// midnight; on a closed date, the next opening is the first open minute of a later day that is
/// not closed (looked for up to 400 days ahead, else `next_change` is `None`).
pub fn status_with_closures(
    schedule: &Schedule,
    tz: &Zone,
    closures: &[chrono::NaiveDate],
    now: DateTime<Utc>,
) -> OpenStatus {
    if closures.is_empty() || schedule.is_always() || schedule.intervals.is_empty() {
        return status(schedule, tz, now);
    }
    let closed = |t: DateTime<Utc>| closures.contains(&tz.date(t));
    let midnight_after = |t: DateTime<Utc>| {
        let day = tz.date(t) + Duration::days(1);
        local_to_utc(tz, day.and_time(NaiveTime::MIN), t)
    };
    let st = status(schedule, tz, now);
    if st.open && !closed(now) {
        // Open now: closes at the schedule's close, or at the midnight that begins a closed date.
        let mut day = midnight_after(now);
        let end = st.next_change.unwrap_or(day);
        while day < end {
            if closed(day) {
                return OpenStatus { open: true, next_change: Some(day) };
            }
            day = midnight_after(day);
        }
        return st;
    }
    // Closed now: walk from change to change, skipping closed dates.
    let mut t = now;
    for _ in 0..2000 {
        if closed(t) {
            t = midnight_after(t);
        } else {
            let here = status(schedule, tz, t);
            if here.open && t > now {
                return OpenStatus { open: false, next_change: Some(t) };
            }
            match here.next_change {
                Some(n) => t = n,
                None => break,
            }
        }
        if t - now > Duration::days(400) {
            break;
        }
    }
    OpenStatus { open: false, next_change: None }
}

#[cfg(feature = "parse")]
mod parse;
#[cfg(feature = "parse")]
pub use parse::{parse_hours, HoursError, ParsedHours};

#[cfg(test)]
mod tests {
    use super::*;

    fn z(t: chrono_tz::Tz) -> Zone {
        t.into()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// Japan's billing lines (Mon-Fri 9:00-17:00 Tokyo), closed on public holidays.
    fn japan() -> (Schedule, Zone, Vec<chrono::NaiveDate>) {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        (
            parse_hours("Mon-Fri 9:00-17:00").unwrap().schedule,
            z(chrono_tz::Asia::Tokyo),
            vec![d("2026-07-20"), d("2026-09-21"), d("2026-09-22"), d("2026-09-23")],
        )
    }

    #[test]
    fn a_public_holiday_closes_a_line_and_moves_its_next_opening() {
        let (s, tz, holidays) = japan();
        // Marine Day, Monday 2026-07-20, 11:00 Tokyo: open by the weekly schedule, closed by the holiday.
        assert!(status(&s, &tz, utc("2026-07-20T02:00:00Z")).open);
        let st = status_with_closures(&s, &tz, &holidays, utc("2026-07-20T02:00:00Z"));
        assert_eq!(
            st,
            OpenStatus { open: false, next_change: Some(utc("2026-07-21T00:00:00Z")) },
            "opens Tuesday 09:00"
        );
        // The Friday evening before: the next opening is Tuesday, not Monday.
        let st = status_with_closures(&s, &tz, &holidays, utc("2026-07-17T10:00:00Z"));
        assert_eq!(st.next_change, Some(utc("2026-07-21T00:00:00Z")));
        // Three holidays in a row (Silver Week 2026): from Friday 16:00 Tokyo, open until 17:00, then Thursday.
        let st = status_with_closures(&s, &tz, &holidays, utc("2026-09-18T07:00:00Z"));
        assert_eq!(st, OpenStatus { open: true, next_change: Some(utc("2026-09-18T08:00:00Z")) });
        let st = status_with_closures(&s, &tz, &holidays, utc("2026-09-18T09:00:00Z"));
        assert_eq!(st.next_change, Some(utc("2026-09-24T00:00:00Z")));
        // Lines open around the clock ignore closures; no closures: the weekly answer.
        let always = Schedule::always();
        assert!(status_with_closures(&always, &tz, &holidays, utc("2026-07-20T02:00:00Z")).open);
        assert_eq!(
            status_with_closures(&s, &tz, &[], utc("2026-07-20T02:00:00Z")),
            status(&s, &tz, utc("2026-07-20T02:00:00Z"))
        );
    }

    #[test]
    fn in_the_hour_clocks_repeat_the_next_change_is_never_in_the_past() {
        // Paris falls back on 2026-10-25: 02:00–03:00 comes twice (00:00–01:00 and 01:00–02:00 UTC).
        let h = |d: u32, hh: u32, mm: u32| d * 24 * 60 + hh * 60 + mm;
        let early = Schedule::from_intervals((0..7).map(|d| (h(d, 1, 0), h(d, 2, 30))).collect());
        let paris = z(chrono_tz::Europe::Paris);
        // 02:10 the first time: closes at 02:30 the first time.
        let st = status(&early, &paris, utc("2026-10-25T00:10:00Z"));
        assert_eq!(st, OpenStatus { open: true, next_change: Some(utc("2026-10-25T00:30:00Z")) });
        // 02:10 the second time: open again (02:10 is within 01:00–02:30), closes at 02:30 the
        // second time, not at the first one, which has passed.
        let st = status(&early, &paris, utc("2026-10-25T01:10:00Z"));
        assert_eq!(st, OpenStatus { open: true, next_change: Some(utc("2026-10-25T01:30:00Z")) });
    }

    #[test]
    fn an_overnight_line_closes_at_the_midnight_that_starts_a_closed_date() {
        let night = parse_hours("Sun-Fri 10 PM-6 AM").unwrap().schedule;
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        // Thursday 2026-12-24 23:00 Paris: open, but only until midnight (Christmas closed).
        let st = status_with_closures(&night, &z(chrono_tz::Europe::Paris), &[d], utc("2026-12-24T22:00:00Z"));
        assert_eq!(st, OpenStatus { open: true, next_change: Some(utc("2026-12-24T23:00:00Z")) });
    }

    #[test]
    fn parses_the_common_forms() {
        let h = parse_hours("Mon-Fri 9 AM-5 PM").unwrap();
        assert_eq!(h.schedule.intervals[0], (9 * 60, 17 * 60));
        assert_eq!(h.schedule.intervals.len(), 5);
        assert!(parse_hours("24 hours a day, 7 days a week").unwrap().schedule.is_always());
        let sun = parse_hours("Sun-Thu 8 AM-5 PM").unwrap();
        assert_eq!(sun.schedule.intervals.len(), 5);
        assert_eq!(sun.schedule.intervals.last().unwrap().0, 6 * DAY + 8 * 60);
        assert_eq!(parse_hours("Mon-Fri 9 AM-noon").unwrap().schedule.intervals[0], (540, 720));
        assert_eq!(parse_hours("Mon-Fri 9:00-17:30").unwrap().schedule.intervals[0], (540, 1050));
        assert_eq!(parse_hours("Mon-Fri 10 AM-midnight").unwrap().schedule.intervals[0], (600, 1440));
        assert_eq!(parse_hours("Mon-Fri 9AM-5 PM").unwrap().schedule.intervals[0], (540, 1020));
    }

    #[test]
    fn zone_words_are_recognised() {
        assert_eq!(parse_hours("Mon-Fri 9 AM-5 PM Moscow").unwrap().zone.as_deref(), Some("Europe/Moscow"));
        assert_eq!(parse_hours("Mon-Fri 9 AM-5 PM London").unwrap().zone.as_deref(), Some("Europe/London"));
        assert_eq!(parse_hours("Mon-Fri 9-5 Berlin (UTC +1)").unwrap().zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(parse_hours("Mon-Fri 9-5 Berlin(UTC+1)").unwrap().zone.as_deref(), Some("Europe/Berlin"));
        assert_eq!(parse_hours("Mon-Fri 8 AM-5 PM Local").unwrap().zone, None);
    }

    #[test]
    fn oddities_are_flagged_not_fixed() {
        let togo = parse_hours("Mon-Fri 8 AM-4 AM").unwrap();
        assert!(togo.flags.contains(&HoursFlag::SuspiciousRange));
        assert_eq!(togo.schedule.intervals[0], (480, DAY + 240));
        let night = parse_hours("Sun-Fri 10 PM-6 AM").unwrap();
        assert_eq!(night.flags, vec![HoursFlag::Overnight]);
        let bare = parse_hours("Mon-Fri 9-5 Berlin").unwrap();
        assert_eq!(bare.schedule.intervals[0], (540, 1020));
        assert_eq!(bare.flags, vec![HoursFlag::AfternoonAssumed]);
        let nodays = parse_hours("9 AM-6 PM").unwrap();
        assert_eq!(nodays.flags, vec![HoursFlag::DaysAssumed]);
    }

    #[test]
    fn bad_phrases_are_errors() {
        for bad in ["", "whenever", "Mon-Fri", "Mon-Fri 25 AM-5 PM", "Mon-Fri 9 AM to 5 PM", "Mon-Fri 9:75-10"] {
            assert!(parse_hours(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn describes_schedules_per_locale() {
        use crate::Locale;
        let d = |p: &str, l| parse_hours(p).unwrap().schedule.describe(l);
        assert_eq!(d("Mon-Fri 9 AM-5 PM", Locale::En), "Mon–Fri 09:00–17:00");
        assert_eq!(d("Mon-Fri 9 AM-5 PM", Locale::Fr), "lun.–ven. 09:00–17:00");
        assert_eq!(d("Sun-Thu 8 AM-5 PM", Locale::En), "Sun–Thu 08:00–17:00");
        assert_eq!(d("24 hours a day, 7 days a week", Locale::Fr), "24 h/24, 7 j/7");
        assert_eq!(d("Mon-Fri 10 AM-midnight", Locale::En), "Mon–Fri 10:00–24:00");
        assert_eq!(d("Sun-Fri 10 PM-6 AM", Locale::En), "Sun–Fri 22:00–06:00");
        assert_eq!(d("Sat 9 AM-1 PM", Locale::Fr), "sam. 09:00–13:00");
        assert_eq!(d("Mon-Fri 9 AM-5 PM", Locale::De), "Mo.–Fr. 09:00–17:00");
        assert_eq!(d("24 hours a day, 7 days a week", Locale::De), "rund um die Uhr");
        assert_eq!(d("24 hours a day, between Mon noon and Sat noon", Locale::En), "Mon 12:00 – Sat 12:00");
    }

    #[test]
    fn window_between_days() {
        let h = parse_hours("24 hours a day, between Mon noon and Sat noon").unwrap();
        assert_eq!(h.schedule.intervals, vec![(720, 5 * DAY + 720)]);
    }

    #[test]
    fn open_now_and_next_change() {
        let s = parse_hours("Mon-Fri 9 AM-5 PM").unwrap().schedule;
        // Monday 2026-11-23 10:00 Paris = 09:00 UTC
        let st = status(&s, &z(chrono_tz::Europe::Paris), utc("2026-11-23T09:00:00Z"));
        assert!(st.open);
        assert_eq!(st.next_change, Some(utc("2026-11-23T16:00:00Z")));
        // Saturday: closed until Monday 09:00 Paris
        let st = status(&s, &z(chrono_tz::Europe::Paris), utc("2026-11-28T12:00:00Z"));
        assert!(!st.open);
        assert_eq!(st.next_change, Some(utc("2026-11-30T08:00:00Z")));
        // Friday 17:00 exactly: closed (half-open interval)
        assert!(!status(&s, &z(chrono_tz::Europe::Paris), utc("2026-11-27T16:00:00Z")).open);
        let always = Schedule::always();
        assert_eq!(
            status(&always, &z(chrono_tz::Europe::Paris), utc("2026-11-28T12:00:00Z")),
            OpenStatus { open: true, next_change: None }
        );
    }

    #[test]
    fn overnight_and_wrapping_ranges() {
        let s = parse_hours("Sun-Fri 10 PM-6 AM").unwrap().schedule;
        // Monday 03:00 New York: open (Sunday's shift), closes 06:00
        let st = status(&s, &z(chrono_tz::America::New_York), utc("2026-11-23T08:00:00Z"));
        assert!(st.open);
        assert_eq!(st.next_change, Some(utc("2026-11-23T11:00:00Z")));
        // Saturday 03:00: Friday's shift runs until Saturday 06:00
        assert!(status(&s, &z(chrono_tz::America::New_York), utc("2026-11-28T08:00:00Z")).open);
        // Saturday 12:00: closed until Sunday 22:00
        let st = status(&s, &z(chrono_tz::America::New_York), utc("2026-11-28T17:00:00Z"));
        assert!(!st.open);
        assert_eq!(st.next_change, Some(utc("2026-11-30T03:00:00Z")));
    }

    #[test]
    fn follows_dst_transitions() {
        let s = parse_hours("Mon-Fri 9 AM-5 PM").unwrap().schedule;
        // Berlin leaves DST on Sunday 2026-10-25: Friday before opens 07:00 UTC, Monday after 08:00 UTC.
        let st = status(&s, &z(chrono_tz::Europe::Berlin), utc("2026-10-24T12:00:00Z"));
        assert_eq!(st.next_change, Some(utc("2026-10-26T08:00:00Z")));
        assert!(status(&s, &z(chrono_tz::Europe::Berlin), utc("2026-10-23T07:30:00Z")).open);
        assert!(!status(&s, &z(chrono_tz::Europe::Berlin), utc("2026-10-26T07:30:00Z")).open);
        // Sydney enters DST on Sunday 2026-10-04 (UTC+10 -> +11).
        let st = status(&s, &z(chrono_tz::Australia::Sydney), utc("2026-10-03T00:00:00Z"));
        assert_eq!(st.next_change, Some(utc("2026-10-04T22:00:00Z")));
        // A line closing in a DST gap resolves to the first valid instant after it.
        let gap = parse_hours("Sun 1 AM-2:30 AM").unwrap().schedule;
        let st = status(&gap, &z(chrono_tz::Europe::Berlin), utc("2026-03-29T00:30:00Z"));
        assert!(st.open);
        assert_eq!(st.next_change, Some(utc("2026-03-29T01:00:00Z")));
    }
}
