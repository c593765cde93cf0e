//! The shape of `tests/fixtures/zone-offsets.json`, shared by the native test that writes and
//! checks it (`zone_offsets.rs`) and the browser test that checks the browser against it
//! (`zone_browser.rs`). Instants are Unix seconds; offsets seconds east of UTC.

use chrono::{DateTime, LocalResult, TimeZone};
use guichet_core::hours::Schedule;
use serde::{Deserialize, Serialize};

/// Every case, per zone.
#[derive(Debug, Serialize, Deserialize)]
pub struct Fixture {
    /// The schedules `StatusCase::schedule` indexes.
    pub schedules: Vec<Schedule>,
    /// Every zone name chrono-tz knows (what the intake accepts on a ticket).
    pub known: Vec<String>,
    /// Cases of the zones the default directory names, zones with the same answers in one
    /// entry (521 zones share 61 sets of answers).
    pub groups: Vec<ZoneCases>,
}

/// The cases of IANA zones that give the same answers.
#[derive(Debug, Serialize, Deserialize)]
pub struct ZoneCases {
    /// IANA names, sorted.
    pub zones: Vec<String>,
    /// How many offset changes the zone has in 2026–2028.
    pub transitions: usize,
    /// `(instant, offset)` pairs.
    pub offsets: Vec<(i64, i32)>,
    /// `(wall clock "YYYY-MM-DDTHH:MM", instants showing it)`: none in a gap, two in an overlap.
    pub from_local: Vec<(String, Vec<i64>)>,
    /// Open/closed answers: `(schedule index, instant, open, next change)`.
    pub status: Vec<(usize, i64, bool, Option<i64>)>,
}

/// The instants (Unix seconds) a wall-clock lookup gave: none in a gap, two in an overlap.
pub fn timestamps<T: TimeZone>(r: LocalResult<DateTime<T>>) -> Vec<i64> {
    match r {
        LocalResult::None => vec![],
        LocalResult::Single(a) => vec![a.timestamp()],
        LocalResult::Ambiguous(a, b) => vec![a.timestamp(), b.timestamp()],
    }
}
