//! Response-time objectives and the reopen window.

use serde::{Deserialize, Serialize};

/// How soon support commits to a first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum ResponseTime {
    /// Within this many hours.
    Hours(u32),
    /// By the next day.
    NextDay,
    /// Within this many business days.
    BusinessDays(u32),
    /// No response-time commitment.
    NoCommitment,
}

/// When the request is worked on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Around the clock, every day (`"always"` in a profile).
    TwentyFourSeven,
    /// Local business hours only.
    BusinessHours,
    /// The source gives response times but not when they run (default profile: partner Cloud
    /// Solution Provider requests, Partner Center states A 2 h, B 4 h, C 8 h and no hours).
    NotStated,
    /// Hours named in the profile (`hours[].id`; default profile: `beijing_daytime`, every day
    /// 09:00–24:00 Beijing time for 21Vianet B and C).
    Named(String),
}

/// Days after closing during which a request can be reopened (O365 support description).
pub const REOPEN_WINDOW_DAYS: i64 = 14;

/// Whether a request closed at `closed_at` can be reopened at `now`: up to and including 14
/// days after closing.
pub fn can_reopen(closed_at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    now >= closed_at && now - closed_at <= chrono::Duration::days(REOPEN_WINDOW_DAYS)
}
