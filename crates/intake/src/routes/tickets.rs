//! Tickets: `POST /api/tickets` (file one), `POST /api/my/tickets` (a verified visitor's),
//! `POST /api/tickets/{id}/reopen` (by its verified requester) and
//! `POST /api/agent/tickets/{id}/close` (by an agent).

use crate::error::{blocking, ApiError};
use crate::extract::{agent, caller, idempotency_key, parse_json, verify_identity};
use crate::store::{InsertOutcome, StoreError, StoredTicket, TicketSummary};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use guichet_core::ticket::{can_reopen, TicketRequest, REOPEN_WINDOW_DAYS};
use guichet_core::wire::{Created, FieldErrorBody, MyTicket, MyTickets, Reply, StatusBody, TicketStatus};

/// Files a ticket: `201` with [`Created`] once committed (`Idempotent-Replayed: true` when the
/// same key and body came before). Errors: `400` malformed JSON or key; `422` invalid fields
/// (messages in the ticket's locale) or an unknown attachment; `401` a refused identity;
/// `403 identity_mismatch` when the contact email is not the verified one; `409
/// idempotency_key_reused` for a key seen with another body; `503` storage.
pub async fn create(State(st): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let mut req: TicketRequest = parse_json(&body)?;
    let Some(profile) = crate::profiles::named(&req) else {
        return Err(ApiError::Invalid(vec![FieldErrorBody {
            field: "profile".into(),
            code: "unknown_choice".into(),
            message: format!("This intake serves no portal profile {:?}", req.profile),
        }]));
    };
    let errors = req.validate(profile, chrono::Utc::now());
    if !errors.is_empty() {
        return Err(ApiError::Invalid(
            errors.iter().map(|e| FieldErrorBody::from_error(e, profile, req.locale)).collect(),
        ));
    }
    // Stored as filed, with the title the flow gives an untitled request and the profile
    // version that validated it.
    req.title = req.effective_title(profile);
    req.profile = profile.tag();
    let verified = match &req.identity {
        None => None,
        Some(id) => {
            let v = verify_identity(&st.config, id)?;
            // The contact email of a verified visitor is the signed one (locked in the pane).
            if !id.email.trim().eq_ignore_ascii_case(req.email.trim()) {
                return Err(ApiError::refused(
                    StatusCode::FORBIDDEN,
                    "identity_mismatch",
                    "The contact email differs from the verified identity",
                ));
            }
            Some(v)
        }
    };
    let store = st.store.clone();
    let destinations = st.outbox.destinations_for(&req);
    match blocking(move || store.insert_ticket(&req, key.as_deref(), verified.as_ref(), &destinations)).await? {
        InsertOutcome::Created(t) => {
            st.outbox.wake.notify_waiters();
            st.metrics.tickets.get_or_create(&crate::metrics::Flow { kind: t.request.kind.as_str().into() }).inc();
            Ok(created(t, false))
        }
        InsertOutcome::Replayed(t) => Ok(created(t, true)),
        InsertOutcome::KeyConflict => Err(ApiError::refused(
            StatusCode::CONFLICT,
            "idempotency_key_reused",
            "This Idempotency-Key was already used with a different request",
        )),
        InsertOutcome::UnknownAttachment(a) => Err(ApiError::Invalid(vec![FieldErrorBody {
            field: "attachments".into(),
            code: "unknown_attachment".into(),
            message: format!("Attachment {a} is unknown or belongs to another ticket; upload it again"),
        }])),
    }
}

fn created(t: StoredTicket, replayed: bool) -> Response {
    let profile = crate::profiles::of(&t.request);
    let (response_time, availability) = profile
        .response(t.request.plan.as_str(), t.request.severity.as_str())
        .unwrap_or((guichet_core::ticket::ResponseTime::NoCommitment, guichet_core::ticket::Availability::NotStated));
    let body = Created {
        id: t.id,
        created_at: t.created_at,
        severity: t.request.severity.clone(),
        profile: t.request.profile.clone(),
        response_time,
        availability,
        verified: t.request.identity.is_some(),
        locale: t.request.locale,
    };
    let mut resp = (StatusCode::CREATED, Json(body)).into_response();
    if replayed {
        resp.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    resp
}

/// A verified visitor's open and recently closed tickets: `200` [`MyTickets`]. Errors: as
/// [`caller`](crate::extract::caller); `503` storage.
pub async fn mine(State(st): State<AppState>, body: Bytes) -> Result<Json<MyTickets>, ApiError> {
    let who = caller(&st.config, &body)?;
    let store = st.store.clone();
    let list = blocking(move || {
        let list = store.tickets_of(&who)?;
        list.into_iter().map(|t| Ok((store.replies_of(&t.id)?, t))).collect::<Result<Vec<_>, StoreError>>()
    })
    .await?;
    let now = chrono::Utc::now();
    Ok(Json(MyTickets { tickets: list.into_iter().map(|(replies, t)| my_ticket(t, now, replies)).collect() }))
}

/// Everything stored about the verified visitor (GDPR access and portability): `200`
/// [`RequesterExport`](crate::store::privacy::RequesterExport) as JSON, every ticket filed
/// under their identity with its stored form, attachments' metadata, replies and deliveries.
/// Errors: as [`caller`](crate::extract::caller); `503` storage.
pub async fn export(
    State(st): State<AppState>,
    body: Bytes,
) -> Result<Json<crate::store::privacy::RequesterExport>, ApiError> {
    use crate::store::privacy::{export, Requester};
    let who = caller(&st.config, &body)?;
    let store = st.store.clone();
    Ok(Json(blocking(move || export(store.as_ref(), &Requester::User(who))).await?))
}

/// Whether a stored ticket can be reopened at `now` (closed, within the core rule's window).
fn reopenable(t: &TicketSummary, now: chrono::DateTime<chrono::Utc>) -> bool {
    t.status == TicketStatus::Closed
        && t.closed_at
            .as_deref()
            .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
            .is_some_and(|c| can_reopen(c.with_timezone(&chrono::Utc), now))
}

fn my_ticket(t: TicketSummary, now: chrono::DateTime<chrono::Utc>, replies: Vec<Reply>) -> MyTicket {
    let can_reopen = reopenable(&t, now);
    MyTicket {
        id: t.id,
        title: t.title,
        status: t.status,
        created_at: t.created_at,
        closed_at: t.closed_at,
        can_reopen,
        replies,
    }
}

/// Reopens one of the verified visitor's closed tickets: `200 {"status": "open"}`. Errors: as
/// [`caller`](crate::extract::caller); `404` not theirs; `409 not_closed` or
/// `reopen_window_passed` (more than [`REOPEN_WINDOW_DAYS`] days after closing).
pub async fn reopen(
    State(st): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<StatusBody>, ApiError> {
    let who = caller(&st.config, &body)?;
    let store = st.store.clone();
    let lookup = id.clone();
    let t = blocking(move || store.ticket_of(&who, &lookup))
        .await?
        .ok_or_else(|| ApiError::not_found("No such request among yours"))?;
    reopen_checked(&st, &t, id).await
}

/// Reopens `t` (closed, within the window) for its requester, and queues the reopen for the
/// helpdesks it went to. Errors: `409 not_closed` or `reopen_window_passed`.
async fn reopen_checked(st: &AppState, t: &TicketSummary, id: String) -> Result<Json<StatusBody>, ApiError> {
    if t.status != TicketStatus::Closed {
        return Err(ApiError::refused(StatusCode::CONFLICT, "not_closed", "This request is still open"));
    }
    if !reopenable(t, chrono::Utc::now()) {
        return Err(ApiError::refused(
            StatusCode::CONFLICT,
            "reopen_window_passed",
            format!(
                "Requests can be reopened up to {REOPEN_WINDOW_DAYS} days after closing; open a new one and quote this number"
            ),
        ));
    }
    let store = st.store.clone();
    if !blocking(move || store.reopen_by_requester(&id)).await? {
        return Err(ApiError::not_found("No such request"));
    }
    st.outbox.wake.notify_waiters();
    Ok(Json(StatusBody { status: TicketStatus::Open }))
}

/// The ticket a signed link names (see [`crate::link`]). Errors: `404 not_found` for a link
/// that is not valid (forged, revoked, or no link secret configured); `410 link_expired`.
async fn linked(st: &AppState, token: &str) -> Result<TicketSummary, ApiError> {
    let invalid = || ApiError::not_found("This link is not valid; use the one in your latest email");
    let secret = st.config.link_secret.clone().ok_or_else(invalid)?;
    let id = crate::link::ticket_of(token).ok_or_else(invalid)?.to_string();
    let store = st.store.clone();
    let (t, version) = blocking(move || store.ticket_by_id(&id)).await?.ok_or_else(invalid)?;
    match crate::link::verify(&secret, token, version, chrono::Utc::now().timestamp()) {
        Ok(_) => Ok(t),
        Err(crate::link::LinkError::Expired) => Err(ApiError::refused(
            StatusCode::GONE,
            "link_expired",
            format!(
                "This link has expired ({} days after the request); contact support quoting {}",
                crate::link::LINK_DAYS,
                t.id
            ),
        )),
        Err(crate::link::LinkError::Invalid) => Err(invalid()),
    }
}

/// One request by its signed link, for a requester without an account: `200` [`MyTicket`]
/// (status, public replies, whether Reopen is possible). Errors: as [`linked`].
pub async fn by_link(State(st): State<AppState>, Path(token): Path<String>) -> Result<Json<MyTicket>, ApiError> {
    let t = linked(&st, &token).await?;
    let (store, id) = (st.store.clone(), t.id.clone());
    let replies = blocking(move || store.replies_of(&id)).await?;
    Ok(Json(my_ticket(t, chrono::Utc::now(), replies)))
}

/// Reopens the request a signed link names: `200 {"status": "open"}`. Errors: as [`linked`]
/// and the reopen rule (`409`).
pub async fn reopen_by_link(
    State(st): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<StatusBody>, ApiError> {
    let t = linked(&st, &token).await?;
    let id = t.id.clone();
    reopen_checked(&st, &t, id).await
}

/// An agent closes a ticket: `200 {"status": "closed"}`. Errors: as
/// [`agent`](crate::extract::agent); `404` no such ticket.
pub async fn close(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<StatusBody>, ApiError> {
    agent(&st.config, &headers)?;
    set_status(&st, id, TicketStatus::Closed).await
}

async fn set_status(st: &AppState, id: String, status: TicketStatus) -> Result<Json<StatusBody>, ApiError> {
    let store = st.store.clone();
    if blocking(move || store.set_status(&id, status)).await? {
        Ok(Json(StatusBody { status }))
    } else {
        Err(ApiError::not_found("No such request"))
    }
}
