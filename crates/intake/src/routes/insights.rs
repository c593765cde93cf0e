//! `GET /api/agent/insights` (JSON) and `GET /api/agent/insights/{table}.csv`: what visitors
//! searched, found and could not find, for the portal owner (agent token).

use crate::error::{blocking, ApiError};
use crate::store::analytics::{Insights, InsightsQuery};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use guichet_core::Locale;
use serde::Deserialize;

/// Query string: `from` and `to` (`YYYY-MM-DD`, UTC, inclusive; default the last 30 days),
/// `locale` (`fr`, `en`, `de`; default all).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    from: Option<String>,
    to: Option<String>,
    locale: Option<String>,
}

/// The CSV tables: `top_searches`, `no_results`, `opens_by_position`, `articles`,
/// `tickets_by_article`, `contacts_by_region`.
pub const TABLES: [&str; 6] =
    ["top_searches", "no_results", "opens_by_position", "articles", "tickets_by_article", "contacts_by_region"];

impl Period {
    /// The store query. Errors: `422 invalid_period` for a day that is not `YYYY-MM-DD`, `from`
    /// after `to`, or an unknown locale.
    fn query(&self, k: u32) -> Result<InsightsQuery, ApiError> {
        let invalid = |m: String| ApiError::refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_period", m);
        let day = |s: &Option<String>, default: chrono::NaiveDate, name: &str| match s {
            None => Ok(default),
            Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| invalid(format!("{name} must be a day as YYYY-MM-DD"))),
        };
        let today = chrono::Utc::now().date_naive();
        let to = day(&self.to, today, "to")?;
        let from = day(&self.from, to - chrono::Days::new(29), "from")?;
        if from > to {
            return Err(invalid("from is after to".into()));
        }
        let locale = match &self.locale {
            None => None,
            Some(l) if l.is_empty() => None,
            Some(l) => Some(Locale::parse(l).ok_or_else(|| invalid(format!("unknown locale {l:?}")))?),
        };
        Ok(InsightsQuery { from: from.to_string(), to: to.to_string(), locale, k })
    }
}

async fn figures(st: &AppState, headers: &HeaderMap, period: &Period) -> Result<Insights, ApiError> {
    crate::extract::agent(&st.config, headers)?;
    let q = period.query(st.config.insights_k)?;
    let store = st.store.clone();
    blocking(move || store.insights(&q)).await
}

/// The figures as JSON ([`Insights`]). Errors: as [`crate::extract::agent`]; `422
/// invalid_period`; `503` storage.
pub async fn json(
    State(st): State<AppState>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Result<Json<Insights>, ApiError> {
    Ok(Json(figures(&st, &headers, &period).await?))
}

/// One table of the figures as CSV (RFC 4180, header row first), named by [`TABLES`]
/// (`…/top_searches.csv`). Errors: `404 not_found` for another name; otherwise as [`json`].
pub async fn csv(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(period): Query<Period>,
) -> Result<Response, ApiError> {
    let table = file.strip_suffix(".csv").filter(|t| TABLES.contains(t));
    let Some(table) = table else {
        return Err(ApiError::not_found(format!("No such table; tables: {}", TABLES.join(", "))));
    };
    let f = figures(&st, &headers, &period).await?;
    let body = table_csv(&f, table);
    let name = format!("attachment; filename=\"guichet-{table}-{}-{}.csv\"", f.from, f.to);
    Ok(([("content-type", "text/csv; charset=utf-8".to_string()), ("content-disposition", name)], body).into_response())
}

/// A table of `f` as CSV text.
pub fn table_csv(f: &Insights, table: &str) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = match table {
        "top_searches" | "no_results" => {
            let rows = if table == "top_searches" { &f.top_searches } else { &f.no_results };
            let _ = w.write_record(["query", "searches", "sessions"]);
            rows.iter().try_for_each(|r| w.write_record([&r.query, &r.searches.to_string(), &r.sessions.to_string()]))
        }
        "opens_by_position" => {
            let _ = w.write_record(["position", "opens", "rate"]);
            f.opens_by_position.iter().try_for_each(|r| {
                w.write_record([r.position.to_string(), r.opens.to_string(), format!("{:.4}", r.rate)])
            })
        }
        "articles" => {
            let _ = w.write_record(["article_id", "views", "helpful", "not_helpful", "tickets"]);
            f.articles.iter().try_for_each(|a| {
                w.write_record([
                    a.article_id.clone(),
                    a.views.to_string(),
                    a.helpful.to_string(),
                    a.not_helpful.to_string(),
                    a.tickets.to_string(),
                ])
            })
        }
        _ => {
            let (head, rows) = if table == "tickets_by_article" {
                ("article_id", &f.tickets_by_article)
            } else {
                ("region", &f.contacts_by_region)
            };
            let _ = w.write_record([head, "count"]);
            rows.iter().try_for_each(|r| w.write_record([r.item.clone(), r.count.to_string()]))
        }
    };
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The owner's page (`GET /insights`): HTML, its script and its style, built into the binary.
/// The page holds no data: its script asks for the agent token and reads [`json`].
pub fn page_router() -> axum::Router {
    use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
    use axum::routing::get;
    let file = |mime: &'static str, body: &'static str| {
        move || async move {
            (
                [
                    (CONTENT_TYPE, mime),
                    (CACHE_CONTROL, "no-cache"),
                    (
                        CONTENT_SECURITY_POLICY,
                        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                         frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                    ),
                ],
                body,
            )
        }
    };
    axum::Router::new()
        .route("/insights", get(file("text/html; charset=utf-8", include_str!("../../assets/insights.html"))))
        .route(
            "/insights/app.js",
            get(file("text/javascript; charset=utf-8", include_str!("../../assets/insights.js"))),
        )
        .route("/insights/app.css", get(file("text/css; charset=utf-8", include_str!("../../assets/insights.css"))))
}
