//! `guichet_core::zone::Zone` in the browser (the pane's build: offsets from
//! `Intl.DateTimeFormat`) against the figures chrono-tz gives natively
//! (`tests/fixtures/zone-offsets.json`, kept current by `zone_offsets.rs`): for every zone the
//! default directory uses, at every DST change of 2026–2028, the same offsets, the same instants
//! for wall-clock times in gaps and overlaps, and the same open/closed answers.
//!
//! Except where the browser's rules are newer: chrono-tz 0.10.4 (the latest release) holds
//! tzdata 2025b, while Chromium 156 has the 2026 releases, in which British Columbia, Alberta
//! and Manitoba stopped changing clocks, Morocco stayed on +00, and Moldova moved its change
//! to 00:00 UTC. Those zones ([`NEWER_RULES`]) may differ from the fixture; in them the
//! answers must agree with the browser's own offsets instead. Any other difference fails.
//!
//! Runs in headless Chromium: `cargo test -p guichet-core --target wasm32-unknown-unknown
//! --test zone_browser` (wasm-bindgen-test-runner with chromedriver, `.cargo/config.toml`).
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, NaiveDateTime, Utc};
use guichet_core::hours::{minute_of_week, status, Schedule, WEEK};
use guichet_core::zone::Zone;
use wasm_bindgen_test::*;

mod zone_fixture;
use zone_fixture::{timestamps, Fixture};

wasm_bindgen_test_configure!(run_in_browser);

/// Zones (and their links) whose rules changed in tzdata 2026a–2026c.
const NEWER_RULES: [&str; 13] = [
    "Africa/Casablanca",
    "Africa/El_Aaiun",
    "America/Edmonton",
    "America/Inuvik",
    "America/Rainy_River",
    "America/Vancouver",
    "America/Winnipeg",
    "America/Yellowknife",
    "Canada/Central",
    "Canada/Mountain",
    "Canada/Pacific",
    "Europe/Chisinau",
    "Europe/Tiraspol",
];

fn instant(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).expect("instant")
}

#[wasm_bindgen_test]
fn the_browser_gives_the_offsets_and_open_answers_chrono_tz_gives() {
    let fixture: Fixture = serde_json::from_str(include_str!("fixtures/zone-offsets.json")).expect("fixture");
    assert!(fixture.groups.iter().map(|g| g.zones.len()).sum::<usize>() > 100);
    let mut checked = 0;
    let mut wrong: Vec<String> = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            wrong.push(what);
        }
    };
    let mut newer = Vec::new();
    for (z, name) in fixture.groups.iter().flat_map(|g| g.zones.iter().map(move |n| (g, n))) {
        let zone = Zone::new(name).unwrap_or_else(|| panic!("the browser does not know {name}"));
        let same_rules = z.offsets.iter().all(|&(t, o)| zone.offset_at(instant(t)).local_minus_utc() == o);
        if !same_rules && NEWER_RULES.contains(&name.as_str()) {
            newer.push(name.clone());
            checked += self_consistent(&zone, &fixture.schedules, z.status.iter().map(|c| c.1));
            continue;
        }
        for &(t, offset) in &z.offsets {
            let ours = zone.offset_at(instant(t)).local_minus_utc();
            check(ours == offset, format!("{name} offset at {}: {ours} s, chrono-tz {offset} s", instant(t)));
            checked += 1;
        }
        for (local, expected) in &z.from_local {
            let l = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").expect("wall clock");
            let ours = timestamps(zone.from_local(l));
            check(&ours == expected, format!("{name}: wall clock {local} is {ours:?}, chrono-tz {expected:?}"));
            checked += 1;
        }
        for &(schedule, at, open, next) in &z.status {
            let st = status(&fixture.schedules[schedule], &zone, instant(at));
            let ours = (st.open, st.next_change.map(|n| n.timestamp()));
            check(
                ours == (open, next),
                format!("{name}: schedule {schedule} at {}: {ours:?}, chrono-tz {:?}", instant(at), (open, next)),
            );
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{} of {checked} cases differ:\n{}", wrong.len(), wrong.join("\n"));
    // (Which zones those were, for the log: the list may shrink as chrono-tz catches up.)
    wasm_bindgen_test::console_log!(
        "zones with newer rules in the browser, checked against its own offsets: {newer:?}"
    );
    assert!(checked > 10_000, "{checked} cases");
}

/// Checks, at each of `instants`, that the hours code agrees with the browser's own offsets
/// in `zone`: the wall clock maps back to the instant, and each schedule is open exactly when
/// its weekly hours contain the wall-clock minute, until a later change that flips it.
/// Returns the number of cases checked.
fn self_consistent(zone: &Zone, schedules: &[Schedule], instants: impl Iterator<Item = i64>) -> usize {
    let mut n = 0;
    for t in instants {
        let at = instant(t);
        let local = zone.local(at);
        let back = timestamps(zone.from_local(local));
        assert!(back.contains(&t), "{}: {local} does not map back to {at} ({back:?})", zone.name());
        let m = minute_of_week(&local);
        for s in schedules {
            let inside = s.intervals.iter().any(|&(a, b)| (a <= m && m < b) || (b > WEEK && m + WEEK < b));
            let st = status(s, zone, at);
            assert_eq!(st.open, inside, "{}: {s:?} at {local}", zone.name());
            let next = st.next_change.expect("these schedules change");
            assert!(next > at, "{}: next change {next} not after {at}", zone.name());
            assert_ne!(status(s, zone, next).open, st.open, "{}: {s:?} does not change at {next}", zone.name());
            n += 1;
        }
    }
    n
}

#[wasm_bindgen_test]
fn the_browser_refuses_an_unknown_zone_and_lists_its_own() {
    assert_eq!(Zone::new("Mars/Olympus"), None);
    assert!(Zone::new("Europe/Paris").is_some());
    let names = Zone::names();
    assert!(names.len() > 300, "{} zones", names.len());
    assert!(names.iter().any(|n| n == "Europe/Paris"));
}

/// The pane's time-zone pickers list the browser's zones and the visitor's own; the intake
/// checks a ticket's zone with chrono-tz. Every zone the browser offers must be one the intake
/// accepts, else a visitor could pick a zone whose ticket is refused.
#[wasm_bindgen_test]
fn every_zone_the_browser_offers_is_one_the_intake_accepts() {
    let fixture: Fixture = serde_json::from_str(include_str!("fixtures/zone-offsets.json")).expect("fixture");
    let mut offered = Zone::names();
    // The visitor's own zone, as the pane reads it (`resolvedOptions().timeZone`).
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    offered.extend(js_sys::Reflect::get(&options, &"timeZone".into()).ok().and_then(|v| v.as_string()));
    let unknown: Vec<&String> = offered.iter().filter(|n| !fixture.known.contains(n)).collect();
    assert!(unknown.is_empty(), "the intake would refuse {unknown:?}");
}
