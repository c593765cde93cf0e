//! `guichet_core::zone::Zone` natively (chrono-tz offsets, our wall-clock resolution) against
//! chrono-tz alone, for every IANA zone the default directory uses, at every DST change of
//! 2026–2028: the same offsets, the same instants for wall-clock times (gaps and overlaps), and
//! the same open/closed answers and next changes as the hours code gave when it used chrono-tz
//! directly (kept below as `reference_status`).
//!
//! It also keeps `tests/fixtures/zone-offsets.json` current: the same figures, which
//! `tests/zone_browser.rs` checks in Chromium against the browser's own time-zone database
//! (the pane's source of offsets). Rewrite it with
//! `GUICHET_WRITE_FIXTURES=1 cargo test -p guichet-core --test zone_offsets`.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use guichet_core::hours::{minute_of_week, status, OpenStatus, Schedule, WEEK};
use guichet_core::zone::Zone;
use std::collections::BTreeSet;
use std::path::Path;

mod zone_fixture;
use zone_fixture::{timestamps, Fixture, ZoneCases};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Every zone named by the default directory: regions' zones and zones named by hours lines.
fn directory_zones() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("content/directory/directory.json"))
        .expect("content/directory/directory.json");
    let dir: serde_json::Value = serde_json::from_str(&text).expect("directory JSON");
    let mut zones = BTreeSet::new();
    for r in dir["regions"].as_array().expect("regions") {
        for z in r["zones"].as_array().into_iter().flatten() {
            zones.insert(z.as_str().expect("zone name").to_string());
        }
        for h in r["hours"].as_array().into_iter().flatten() {
            if let Some(z) = h["zone"].as_str() {
                zones.insert(z.to_string());
            }
        }
    }
    zones
}

/// The offset changes of `tz` in 2026–2028 (instants at which the offset differs from the
/// hour before), found hour by hour (every change since 1970 falls on a whole or half hour).
fn transitions(tz: Tz) -> Vec<DateTime<Utc>> {
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2029, 1, 1, 0, 0, 0).unwrap();
    let off = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
    let mut out = Vec::new();
    let mut t = start;
    while t < end {
        let next = t + Duration::minutes(30);
        if off(next) != off(t) {
            out.push(next);
        }
        t = next;
    }
    out
}

/// The hours code as it was with chrono-tz (commit 0844720), the reference answers, with one
/// fix made since: in an overlap (clocks set back), the next change is the first instant after
/// `now` showing the wall-clock time, not the earliest one, which may be past (found by the
/// browser test in Europe/Chisinau, whose 2026 rules put a change inside a line's hours).
fn reference_status(schedule: &Schedule, tz: Tz, now: DateTime<Utc>) -> OpenStatus {
    let local_to_utc = |tz: Tz, local: NaiveDateTime| -> DateTime<Utc> {
        let mut t = local;
        for _ in 0..4 {
            match tz.from_local_datetime(&t) {
                chrono::LocalResult::Single(a) => return a.with_timezone(&Utc),
                chrono::LocalResult::Ambiguous(a, b) => {
                    let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
                    return if a > now { a } else { b };
                }
                chrono::LocalResult::None => t += Duration::minutes(30),
            }
        }
        Utc.from_utc_datetime(&local)
    };
    if schedule.is_always() {
        return OpenStatus { open: true, next_change: None };
    }
    if schedule.intervals.is_empty() {
        return OpenStatus { open: false, next_change: None };
    }
    let local = now.with_timezone(&tz).naive_local();
    let m = minute_of_week(&local);
    let week_start =
        (local.date() - Duration::days(local.weekday().num_days_from_monday() as i64)).and_time(NaiveTime::MIN);
    let at = |minutes: u32| week_start + Duration::minutes(minutes as i64);
    let containing = schedule.intervals.iter().copied().find(|&(s, e)| (s <= m && m < e) || (e > WEEK && m + WEEK < e));
    if let Some((s, e)) = containing {
        let end = if s <= m { e } else { e - WEEK };
        return OpenStatus { open: true, next_change: Some(local_to_utc(tz, at(end))) };
    }
    let next = schedule.intervals.iter().map(|&(s, _)| s).find(|&s| s > m).unwrap_or(schedule.intervals[0].0 + WEEK);
    OpenStatus { open: false, next_change: Some(local_to_utc(tz, at(next))) }
}

/// Schedules whose edges meet DST changes: office hours, and a line open 01:00–03:30 every
/// day (its edges fall inside the European and American gaps and overlaps).
fn schedules() -> Vec<Schedule> {
    let h = |d: u32, hh: u32, mm: u32| d * 24 * 60 + hh * 60 + mm;
    vec![
        Schedule::from_intervals((0..5).map(|d| (h(d, 9, 0), h(d, 17, 0))).collect()),
        Schedule::from_intervals((0..7).map(|d| (h(d, 1, 0), h(d, 3, 30))).collect()),
    ]
}

/// The cases of one zone, computed with `Zone` (checked against chrono-tz alone on the way).
fn cases(name: &str, schedules: &[Schedule]) -> ZoneCases {
    let tz: Tz = name.parse().unwrap_or_else(|_| panic!("{name}: not a chrono-tz zone"));
    let zone = Zone::new(name).expect("Zone knows every chrono-tz name");
    let changes = transitions(tz);
    // Instants: around each change, and a few ordinary ones for zones without DST.
    let mut instants: Vec<DateTime<Utc>> = Vec::new();
    for &t in &changes {
        // Three days before (the next change lies across the DST change), an hour before, the
        // last second before, the change itself, an hour after.
        for d in [-3 * 24 * 60 * 60, -60 * 60, -1, 0, 60 * 60] {
            instants.push(t + Duration::seconds(d));
        }
    }
    for month in [1, 4, 7, 10] {
        instants.push(Utc.with_ymd_and_hms(2027, month, 15, 10, 0, 0).unwrap());
    }
    instants.sort();
    instants.dedup();

    let mut offsets = Vec::new();
    for &t in &instants {
        let expected = tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
        assert_eq!(zone.offset_at(t).local_minus_utc(), expected, "{name} offset at {t}");
        assert_eq!(zone.local(t), t.with_timezone(&tz).naive_local(), "{name} wall clock at {t}");
        offsets.push((t.timestamp(), expected));
    }

    // Wall-clock times from 90 minutes before each change to 90 minutes after, every 30 minutes.
    let mut from_local = Vec::new();
    for &t in &changes {
        let before = t.with_timezone(&tz).naive_local() - Duration::minutes(90);
        for step in 0..=6 {
            let local = before + Duration::minutes(30 * step);
            let ours = timestamps(zone.from_local(local));
            let theirs = timestamps(tz.from_local_datetime(&local));
            assert_eq!(ours, theirs, "{name}: wall clock {local}");
            from_local.push((local.format("%Y-%m-%dT%H:%M").to_string(), ours));
        }
    }

    let mut status_cases = Vec::new();
    for (i, s) in schedules.iter().enumerate() {
        for &t in &instants {
            let ours = status(s, &zone, t);
            assert_eq!(ours, reference_status(s, tz, t), "{name}: schedule {i} at {t}");
            status_cases.push((i, t.timestamp(), ours.open, ours.next_change.map(|n| n.timestamp())));
        }
    }
    ZoneCases { zones: vec![name.to_string()], transitions: changes.len(), offsets, from_local, status: status_cases }
}

#[test]
fn zone_gives_chrono_tz_offsets_wall_clocks_and_open_answers_for_every_directory_zone() {
    let names = directory_zones();
    assert!(names.len() > 100, "the directory names {} zones", names.len());
    let schedules = schedules();
    // Zones with the same answers in one group (in name order).
    let mut groups: Vec<ZoneCases> = Vec::new();
    for name in &names {
        let c = cases(name, &schedules);
        match groups
            .iter_mut()
            .find(|g| (&g.offsets, &g.from_local, &g.status) == (&c.offsets, &c.from_local, &c.status))
        {
            Some(g) => g.zones.push(name.clone()),
            None => groups.push(c),
        }
    }
    let fixture = Fixture { schedules: schedules.clone(), known: Zone::names(), groups };
    // The zones that change offset must be there (else the scan found nothing to compare).
    let with_dst: Vec<&str> =
        fixture.groups.iter().filter(|g| g.transitions > 0).flat_map(|g| g.zones.iter().map(String::as_str)).collect();
    for z in ["Europe/Paris", "America/New_York", "Australia/Sydney", "America/Santiago"] {
        assert!(with_dst.contains(&z), "{z} has DST changes in 2026–2028: {with_dst:?}");
    }

    let path = root().join("crates/core/tests/fixtures/zone-offsets.json");
    let text = serde_json::to_string(&fixture).expect("JSON") + "\n";
    if std::env::var_os("GUICHET_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &text).expect("write the fixture");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not current: GUICHET_WRITE_FIXTURES=1 cargo test -p guichet-core --test zone_offsets",
        path.display()
    );
}

#[test]
fn an_unknown_zone_is_refused_and_names_parse_back() {
    assert_eq!(Zone::new("Mars/Olympus"), None);
    assert_eq!("Mars/Olympus".parse::<Zone>().unwrap_err().to_string(), "`Mars/Olympus` is not an IANA time zone");
    let paris: Zone = "Europe/Paris".parse().unwrap();
    assert_eq!(paris.name(), "Europe/Paris");
    assert_eq!(serde_json::to_string(&paris).unwrap(), "\"Europe/Paris\"");
    assert_eq!(serde_json::from_str::<Zone>("\"Europe/Paris\"").unwrap(), paris);
    assert!(serde_json::from_str::<Zone>("\"Mars/Olympus\"").is_err());
    assert!(Zone::names().iter().any(|n| n == "Asia/Kolkata"));
    // A gap has no instant; an overlap two, earliest first.
    let gap = NaiveDateTime::parse_from_str("2026-03-29T02:30", "%Y-%m-%dT%H:%M").unwrap();
    assert_eq!(paris.from_local(gap), chrono::LocalResult::None);
    let overlap = NaiveDateTime::parse_from_str("2026-10-25T02:30", "%Y-%m-%dT%H:%M").unwrap();
    let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    assert_eq!(
        paris.from_local(overlap),
        chrono::LocalResult::Ambiguous(utc("2026-10-25T00:30:00Z"), utc("2026-10-25T01:30:00Z"))
    );
}
