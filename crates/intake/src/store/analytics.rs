//! Search analytics in the store, the same SQL on SQLite and PostgreSQL: raw events as the pane
//! sends them ([`guichet_core::analytics`]), rolled up per day into counts without session ids
//! once the day is over and the next one too (deflection looks 24 hours past a session's first
//! search), then deleted; and the figures an owner reads, a query text only when at least `k`
//! distinct pane sessions made it.

use super::StoreError;
use guichet_core::analytics::{Event, EventBatch};
use guichet_core::Locale;
use serde::Serialize;

/// Default k: a query text is shown once at least this many distinct pane sessions made it.
pub const DEFAULT_K: u32 = 5;
/// Days after its own that a day's raw events are kept (then rolled up and deleted): a day is
/// rolled up once the next day is over too.
pub const RAW_DAYS: i64 = 1;
/// Deflection window: a session that searched or read counts as deflected when it filed no
/// ticket within this many milliseconds of its first search or read (24 hours).
pub const DEFLECTION_WINDOW_MS: i64 = 24 * 3600 * 1000;
/// Most rows in each list of [`Insights`].
pub const MAX_ROWS: i64 = 100;

/// An SQL argument, bound as each backend binds it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg<'a> {
    Text(&'a str),
    Int(i64),
}

/// One event as a row: (kind, locale, query, results, position, article_id, region).
pub(super) type EventRow<'a> = (&'static str, &'a str, &'a str, Option<i64>, Option<i64>, &'a str, &'a str);

/// The row of an event (empty strings and NULLs for what its kind lacks).
pub(super) fn event_row(e: &Event) -> EventRow<'_> {
    match e {
        Event::Search { query, locale, results } => {
            (e.kind(), locale.tag(), query, Some(i64::from(*results)), None, "", "")
        }
        Event::ResultOpen { query, locale, position, article_id } => {
            (e.kind(), locale.tag(), query, None, Some(i64::from(*position)), article_id, "")
        }
        Event::ArticleView { article_id, locale } => (e.kind(), locale.tag(), "", None, None, article_id, ""),
        Event::Contacts { region } => (e.kind(), "", "", None, None, "", region),
        Event::Ticket { from_article } => (e.kind(), "", "", None, None, from_article.as_deref().unwrap_or(""), ""),
    }
}

/// Statements storing a batch: the batch's (session, seq), which a replay finds stored (0 rows), then one per
/// event. `$1` session, `$2` seq, `$3` day; then `$1` day, `$2` at_ms, `$3` session, `$4`…`$10`
/// the [`EventRow`].
pub(super) const INSERT_BATCH: &str =
    "INSERT INTO analytics_batches (session, seq, day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
pub(super) const INSERT_EVENT: &str = "INSERT INTO analytics_events \
     (day, at_ms, session, kind, locale, query, results, position, article_id, region) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Days with raw events up to `$1` (inclusive), oldest first.
pub(super) const DAYS_TO_ROLL: &str = "SELECT DISTINCT day FROM analytics_events WHERE day <= $1 ORDER BY day";

/// The upsert that adds a roll-up's counts to the day's (SQLite wants a `WHERE` before it in an
/// `INSERT … SELECT`, which every statement below has).
macro_rules! add_up {
    () => {
        " ON CONFLICT (day, metric, locale, item) DO UPDATE SET events = analytics_daily.events + excluded.events, \
         sessions = analytics_daily.sessions + excluded.sessions"
    };
}

/// The start of every roll-up statement.
macro_rules! into_daily {
    () => {
        "INSERT INTO analytics_daily (day, metric, locale, item, events, sessions) "
    };
}

/// The day's (`$1`) events that pass `filter`, counted as `metric` by `locale` and `item`
/// (events and distinct sessions), grouped by `group` (the columns behind them).
macro_rules! count_by {
    ($metric:literal, $locale:literal, $item:literal, $filter:literal, $group:literal) => {
        concat!(
            into_daily!(),
            "SELECT day, '",
            $metric,
            "', ",
            $locale,
            ", ",
            $item,
            ", COUNT(*), COUNT(DISTINCT session) FROM analytics_events WHERE day = $1 AND ",
            $filter,
            " GROUP BY day, ",
            $group,
            add_up!()
        )
    };
}

/// The roll-up of one day (`$1`), in order, in one transaction: counts add to those of an
/// earlier roll-up of the day (`guichet-intake roll-up --now` may roll a day up before it is
/// over), then the day's raw events and batch ids go.
pub(super) const ROLL_UP: &[&str] = &[
    count_by!("search", "locale", "query", "kind = 'search'", "locale, query"),
    count_by!("search_zero", "locale", "query", "kind = 'search' AND results = 0", "locale, query"),
    count_by!("open", "locale", "CAST(position AS TEXT)", "kind = 'result_open'", "locale, position"),
    count_by!("view", "locale", "article_id", "kind = 'article_view'", "locale, article_id"),
    count_by!("contacts", "''", "region", "kind = 'contacts'", "region"),
    count_by!("ticket", "''", "article_id", "kind = 'ticket'", "article_id"),
    // Sessions that searched or read this day, and of those the ones with no ticket within
    // 24 hours of their first search or read.
    concat!(
        into_daily!(),
        "SELECT CAST($1 AS TEXT), 'engaged', '', '', COUNT(*), COUNT(*) FROM \
     (SELECT session FROM analytics_events WHERE day = $1 \
      AND kind IN ('search', 'result_open', 'article_view') GROUP BY session) e WHERE 1 = 1",
        add_up!()
    ),
    concat!(
        into_daily!(),
        "SELECT CAST($1 AS TEXT), 'deflected', '', '', COUNT(*), COUNT(*) FROM \
     (SELECT session, MIN(at_ms) AS first FROM analytics_events WHERE day = $1 \
      AND kind IN ('search', 'result_open', 'article_view') GROUP BY session) e \
     WHERE NOT EXISTS (SELECT 1 FROM analytics_events t WHERE t.session = e.session AND t.kind = 'ticket' \
      AND t.at_ms >= e.first AND t.at_ms <= e.first + 86400000)",
        add_up!()
    ),
    "DELETE FROM analytics_events WHERE day = $1",
    "DELETE FROM analytics_batches WHERE day = $1",
];

/// The UTC day (`YYYY-MM-DD`) of a time.
pub(super) fn day_of(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// The last day whose raw events may be rolled up at `now`.
pub(super) fn last_day_to_roll(now: chrono::DateTime<chrono::Utc>) -> String {
    day_of(now - chrono::Duration::days(RAW_DAYS + 1))
}

/// What an owner asks for: a period of days and optionally one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightsQuery {
    /// First day, `YYYY-MM-DD` (UTC), inclusive.
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// Only searches, opens and views in this locale (tickets, contacts and deflection are
    /// counted for every locale).
    pub locale: Option<Locale>,
    /// Distinct pane sessions a query text needs before it is shown.
    pub k: u32,
}

/// A query text with its counts (shown only when `sessions ≥ k`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryCount {
    /// Normalised, scrubbed query.
    pub query: String,
    /// Searches.
    pub searches: u64,
    /// Distinct pane sessions that made it (summed per day).
    pub sessions: u64,
}

/// Opens of results at one position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PositionCount {
    /// 1-based result position.
    pub position: u32,
    /// Results opened at that position.
    pub opens: u64,
    /// Opens over searches in the period (click-through rate at that position).
    pub rate: f64,
}

/// An article's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleCount {
    /// Article id.
    pub article_id: String,
    /// Times read.
    pub views: u64,
    /// "Did this help?" answered yes.
    pub helpful: u64,
    /// Answered no.
    pub not_helpful: u64,
    /// Tickets filed from it.
    pub tickets: u64,
}

/// A count for a name (region, article).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemCount {
    /// The region code or article id (empty: tickets filed without an article).
    pub item: String,
    /// Count.
    pub count: u64,
}

/// The owner's figures for a period (`GET /api/agent/insights`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Locale filter, if any.
    pub locale: Option<Locale>,
    /// The k in force.
    pub k: u32,
    /// Searches, every query counted (also those below k).
    pub searches: u64,
    /// Of those, searches without a result.
    pub zero_result_searches: u64,
    /// Queries made in fewer than k sessions: counted above, not listed.
    pub queries_below_k: u64,
    /// Most made queries, at most [`MAX_ROWS`].
    pub top_searches: Vec<QueryCount>,
    /// Queries without a result (the content gaps), most made first.
    pub no_results: Vec<QueryCount>,
    /// Result opens by position.
    pub opens_by_position: Vec<PositionCount>,
    /// Articles by views, with "did this help?" answers and tickets.
    pub articles: Vec<ArticleCount>,
    /// Pane sessions that searched or read.
    pub sessions_engaged: u64,
    /// Of those, sessions with no ticket within 24 hours.
    pub sessions_deflected: u64,
    /// Deflected over engaged, when any engaged.
    pub deflection_rate: Option<f64>,
    /// Tickets by the article they came from (empty item: none).
    pub tickets_by_article: Vec<ItemCount>,
    /// Contacts screen opens by region.
    pub contacts_by_region: Vec<ItemCount>,
}

/// Per-item sums of one metric over the period: `$1` from, `$2` to, `$3` locale or ''.
const SUMS: &str = "SELECT item, CAST(SUM(events) AS BIGINT), CAST(SUM(sessions) AS BIGINT) FROM analytics_daily \
     WHERE metric = $4 AND day >= $1 AND day <= $2 AND (CAST($3 AS TEXT) = '' OR locale = $3) \
     GROUP BY item ORDER BY 2 DESC, 1 LIMIT 100000";
/// Helpful / not helpful answers per article over the period (from the feedback table).
const FEEDBACK: &str = "SELECT article_id, CAST(SUM(CASE WHEN helpful THEN 1 ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN helpful THEN 0 ELSE 1 END) AS BIGINT) FROM feedback \
     WHERE substr(created_at, 1, 10) >= $1 AND substr(created_at, 1, 10) <= $2 \
     AND (CAST($3 AS TEXT) = '' OR locale = $3) GROUP BY article_id ORDER BY 1";

/// Runs the insight queries through `rows` (SQL, arguments → (text, int, int) rows) and
/// assembles the figures, applying k.
pub(super) fn insights(
    q: &InsightsQuery,
    mut rows: impl FnMut(&str, &[Arg<'_>]) -> Result<Vec<(String, i64, i64)>, StoreError>,
) -> Result<Insights, StoreError> {
    let locale = q.locale.map_or("", |l| l.tag());
    let feedback = rows(FEEDBACK, &[Arg::Text(&q.from), Arg::Text(&q.to), Arg::Text(locale)])?;
    let mut sums = |metric: &str, any_locale: bool| {
        let l = if any_locale { "" } else { locale };
        rows(SUMS, &[Arg::Text(&q.from), Arg::Text(&q.to), Arg::Text(l), Arg::Text(metric)])
    };
    let n = |v: i64| v.max(0) as u64;
    let searches_rows = sums("search", false)?;
    let zero_rows = sums("search_zero", false)?;
    let shown = |rows: &[(String, i64, i64)]| -> Vec<QueryCount> {
        rows.iter()
            .filter(|r| n(r.2) >= u64::from(q.k))
            .take(MAX_ROWS as usize)
            .map(|(query, s, sess)| QueryCount { query: query.clone(), searches: n(*s), sessions: n(*sess) })
            .collect()
    };
    let searches: u64 = searches_rows.iter().map(|r| n(r.1)).sum();
    let mut opens_by_position: Vec<PositionCount> = sums("open", false)?
        .into_iter()
        .filter_map(|(p, opens, _)| {
            let position = p.parse().ok()?;
            let rate = if searches == 0 { 0.0 } else { n(opens) as f64 / searches as f64 };
            Some(PositionCount { position, opens: n(opens), rate })
        })
        .collect();
    opens_by_position.sort_by_key(|p| p.position);
    let items = |rows: Vec<(String, i64, i64)>| -> Vec<ItemCount> {
        rows.into_iter().take(MAX_ROWS as usize).map(|(item, c, _)| ItemCount { item, count: n(c) }).collect()
    };
    let ticket_rows = sums("ticket", true)?;
    let mut articles: Vec<ArticleCount> = sums("view", false)?
        .into_iter()
        .map(|(article_id, views, _)| ArticleCount {
            article_id,
            views: n(views),
            helpful: 0,
            not_helpful: 0,
            tickets: 0,
        })
        .collect();
    for (id, yes, no) in feedback {
        let at = match articles.iter().position(|a| a.article_id == id) {
            Some(at) => at,
            None => {
                articles.push(ArticleCount { article_id: id, views: 0, helpful: 0, not_helpful: 0, tickets: 0 });
                articles.len() - 1
            }
        };
        (articles[at].helpful, articles[at].not_helpful) = (n(yes), n(no));
    }
    for (id, count, _) in ticket_rows.iter().filter(|r| !r.0.is_empty()) {
        if let Some(a) = articles.iter_mut().find(|a| &a.article_id == id) {
            a.tickets = n(*count);
        }
    }
    articles.truncate(MAX_ROWS as usize);
    let total = |rows: Vec<(String, i64, i64)>| rows.iter().map(|r| n(r.1)).sum::<u64>();
    let sessions_engaged = total(sums("engaged", true)?);
    let sessions_deflected = total(sums("deflected", true)?);
    Ok(Insights {
        from: q.from.clone(),
        to: q.to.clone(),
        locale: q.locale,
        k: q.k,
        searches,
        zero_result_searches: zero_rows.iter().map(|r| n(r.1)).sum(),
        queries_below_k: searches_rows.iter().filter(|r| n(r.2) < u64::from(q.k)).count() as u64,
        top_searches: shown(&searches_rows),
        no_results: shown(&zero_rows),
        opens_by_position,
        articles,
        sessions_engaged,
        sessions_deflected,
        deflection_rate: (sessions_engaged > 0).then(|| sessions_deflected as f64 / sessions_engaged as f64),
        tickets_by_article: items(ticket_rows),
        contacts_by_region: items(sums("contacts", true)?),
    })
}

/// The arguments of [`INSERT_BATCH`].
pub(super) fn batch_args<'a>(b: &'a EventBatch, day: &'a str) -> [Arg<'a>; 3] {
    [Arg::Text(&b.session), Arg::Int(i64::from(b.seq)), Arg::Text(day)]
}
