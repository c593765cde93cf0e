//! The outbox: tickets that could not be sent (offline, network error, 429, 5xx) wait in
//! `localStorage` with their idempotency key and are retried with exponential backoff (1 s
//! doubling to 60 s) and whenever the browser comes back online, until the intake answers.
//! Retrying with the same key never creates a second ticket. The visitor sees "waiting to
//! send" and can cancel (the draft stays).

use crate::api::{self, SubmitError};
use crate::app::{Ctx, Screen};
use crate::browser;
use crate::i18n;
use guichet_core::ticket::{initial_response, TicketRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

const KEY: &str = "guichet.outbox";
/// `localStorage` key of the ticket draft.
pub const DRAFT_KEY: &str = "guichet.draft";
/// `localStorage` key of the draft's idempotency key.
pub const IDEMPOTENCY_KEY: &str = "guichet.idempotency-key";
/// `localStorage` key of the draft's uploaded attachments.
pub const ATTACHMENTS_KEY: &str = "guichet.attachments";

/// What follows a 201, however the ticket was sent (form or outbox): tell the host page, clear
/// the draft, its key, its attachments and the search, and show the confirmation.
pub fn ticket_created(ctx: Ctx, request: &TicketRequest, id: String) {
    crate::embed::emit("ticket-created", serde_json::json!({ "id": id }));
    for key in [DRAFT_KEY, IDEMPOTENCY_KEY, ATTACHMENTS_KEY] {
        browser::storage_remove(key);
    }
    let (rt, av) = initial_response(request.plan, request.severity);
    ctx.query.set(String::new());
    ctx.screen.set(Screen::Done { id, response: i18n::response(request.locale, rt, av) });
    ctx.history.set(Vec::new());
}

/// A ticket waiting to be sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    /// Idempotency key, the same on every attempt.
    pub key: String,
    /// The validated request.
    pub request: TicketRequest,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Last error, for display.
    pub last_error: String,
}

/// Reads the outbox from `localStorage`.
pub fn load() -> Vec<Queued> {
    browser::storage_get(KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

fn save(q: &[Queued]) {
    if q.is_empty() {
        browser::storage_remove(KEY);
    } else if let Ok(s) = serde_json::to_string(q) {
        browser::storage_set(KEY, &s);
    }
}

/// Puts a ticket in the outbox (persisted at once) and schedules a retry.
pub fn enqueue(ctx: Ctx, q: Queued) {
    ctx.outbox.update(|o| {
        o.retain(|x| x.key != q.key);
        o.push(q);
        save(o);
    });
    schedule(ctx, 1000);
}

/// Removes the ticket with `key` from the outbox; its draft stays.
pub fn cancel(ctx: Ctx, key: &str) {
    ctx.outbox.update(|o| {
        o.retain(|x| x.key != key);
        save(o);
    });
}

/// Tries again after `ms` milliseconds.
pub fn schedule(ctx: Ctx, ms: u32) {
    set_timeout(move || flush(ctx), std::time::Duration::from_millis(ms as u64));
}

/// Sends the first queued ticket now (one attempt at a time).
pub fn flush(ctx: Ctx) {
    // After an unmount the state is gone; the next mount sends what local storage holds.
    if !ctx.alive() || ctx.outbox_busy.get_untracked() {
        return;
    }
    let Some(q) = ctx.outbox.with_untracked(|o| o.first().cloned()) else { return };
    ctx.outbox_busy.set(true);
    let cfg = ctx.config.get_value();
    spawn_local(async move {
        let result = api::submit_ticket(&cfg, &q.request, &q.key).await;
        if !ctx.alive() {
            // Unmounted meanwhile: the ticket is still in local storage with its key; the next
            // mount sends it again and the intake answers with the same ticket.
            return;
        }
        ctx.outbox_busy.set(false);
        match result {
            Ok(created) => {
                cancel(ctx, &q.key);
                ticket_created(ctx, &q.request, created.id);
                if ctx.outbox.with_untracked(|o| !o.is_empty()) {
                    schedule(ctx, 0);
                }
            }
            Err(SubmitError::Invalid(list)) => {
                // The server refuses fields: back to the form with its errors; nothing lost.
                cancel(ctx, &q.key);
                if let Ok(s) = serde_json::to_string(&q.request) {
                    browser::storage_set(DRAFT_KEY, &s);
                }
                ctx.server_errors.set(list.into_iter().map(|e| (e.field, e.message)).collect());
                ctx.screen.set(Screen::Ticket);
            }
            Err(SubmitError::Rejected { message, .. }) => {
                cancel(ctx, &q.key);
                ctx.rejected.set(Some(message));
                ctx.screen.set(Screen::Ticket);
            }
            Err(SubmitError::Failed(e)) => {
                let attempts = q.attempts + 1;
                ctx.outbox.update(|o| {
                    if let Some(x) = o.iter_mut().find(|x| x.key == q.key) {
                        x.attempts = attempts;
                        x.last_error = e.clone();
                    }
                    save(o);
                });
                schedule(ctx, (1000u32 << attempts.min(6)).min(60_000));
            }
        }
    });
}
