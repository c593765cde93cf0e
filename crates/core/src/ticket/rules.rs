//! Response-time objectives and the reopen window.

use super::{Severity, SupportPlan};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Around the clock, every day.
    TwentyFourSeven,
    /// Local business hours only.
    BusinessHours,
    /// Every day of the year, 09:00–24:00 Beijing time (Office 365 operated by 21Vianet,
    /// severities B and C: "9:00-24:00 Beijing time, 365 days").
    BeijingDaytime,
    /// The source gives response times but not when they run (partner Cloud Solution
    /// Provider requests: Partner Center states A 2 h, B 4 h, C 8 h, and no hours).
    NotStated,
}

/// Initial response objective for `plan` and `severity`.
///
/// Figures: O365 support description ("Technical support initial response times": business
/// plans A 1 h 24/7, B and C business hours without commitment; enterprise A 1 h, B next day,
/// C no commitment, 24/7; elevated A 1 h, B 2 h, C 4 h); Partner Center FAQ (CSP: A 2 h, B 4 h,
/// C 8 h; the source says nothing of hours, so [`Availability::NotStated`]); 21Vianet (A 1 h 24/7, B 1 business day,
/// C 3 business days, 09:00–24:00 Beijing time).
pub fn initial_response(plan: SupportPlan, severity: Severity) -> (ResponseTime, Availability) {
    use Availability::*;
    use ResponseTime::*;
    use Severity::*;
    match (plan, severity) {
        (_, A) if plan != SupportPlan::CloudSolutionProvider => (Hours(1), TwentyFourSeven),
        (SupportPlan::Business, _) => (NoCommitment, BusinessHours),
        (SupportPlan::Enterprise, B) => (NextDay, TwentyFourSeven),
        (SupportPlan::Enterprise, _) => (NoCommitment, TwentyFourSeven),
        (SupportPlan::Elevated, B) => (Hours(2), TwentyFourSeven),
        (SupportPlan::Elevated, _) => (Hours(4), TwentyFourSeven),
        (SupportPlan::CloudSolutionProvider, A) => (Hours(2), NotStated),
        (SupportPlan::CloudSolutionProvider, B) => (Hours(4), NotStated),
        (SupportPlan::CloudSolutionProvider, C) => (Hours(8), NotStated),
        (SupportPlan::Vianet21, B) => (BusinessDays(1), BeijingDaytime),
        (SupportPlan::Vianet21, _) => (BusinessDays(3), BeijingDaytime),
    }
}

/// Days after closing during which a request can be reopened (O365 support description).
pub const REOPEN_WINDOW_DAYS: i64 = 14;

/// Whether a request closed at `closed_at` can be reopened at `now`: up to and including 14
/// days after closing.
pub fn can_reopen(closed_at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    now >= closed_at && now - closed_at <= chrono::Duration::days(REOPEN_WINDOW_DAYS)
}
