//! The one submission path, for the form and the outbox alike. A ticket is sent with its
//! idempotency key; what the intake answers decides what follows:
//! - `201`: the host page is told, the draft is cleared, the confirmation is shown;
//! - `422`: back to the form with the server's field errors (the draft is kept);
//! - another `4xx` (forged identity...): back to the form with the reason;
//! - network failure, `429`, `5xx`: the ticket waits in the outbox (`localStorage`) and is
//!   retried with backoff (1 s doubling to 60 s) and when the browser is back online. The
//!   same key every time, so retrying never creates a second ticket.

use crate::api::{self, SubmitError};
use crate::browser;
use crate::draft;
use crate::events::{emit, HostEvent};
use crate::i18n;
use crate::state::{Ctx, Queued, Screen};
use guichet_core::ticket::TicketRequest;
use guichet_core::wire::Created;
use leptos::prelude::*;

const OUTBOX_KEY: &str = "guichet.outbox";

/// Delay before retry number `attempts` (counting from 1): 1 s doubling to 60 s.
pub fn backoff_ms(attempts: u32) -> u32 {
    (1000u32 << attempts.saturating_sub(1).min(6)).min(60_000)
}

/// Whether tickets wait to be sent: in the outbox's signal, or in `localStorage` from an
/// earlier visit (not read yet: that takes the ticket form's part, see [`restore_and_flush`]).
pub fn waiting(ctx: Ctx) -> bool {
    ctx.outbox.with_untracked(|o| !o.is_empty()) || browser::storage_get(OUTBOX_KEY).is_some()
}

/// Reads the outbox from `localStorage` (if the signal is empty: after a mount), then sends
/// its first ticket.
pub fn restore_and_flush(ctx: Ctx) {
    if ctx.outbox.with_untracked(Vec::is_empty) {
        ctx.outbox.set(load_outbox());
        title_untitled(ctx);
    }
    flush(ctx);
}

/// Reads the outbox from `localStorage`.
fn load_outbox() -> Vec<Queued> {
    browser::storage_get(OUTBOX_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Gives the banner a title for the entries queued by an earlier version (stored without
/// one): the flow's template needs the portal profile, fetched if it is not loaded yet; without
/// it, the request's own title.
fn title_untitled(ctx: Ctx) {
    if ctx.outbox.with_untracked(|o| o.iter().all(|q| !q.title.is_empty())) {
        return;
    }
    let set_titles = move |p: Option<&guichet_core::profile::Profile>| {
        ctx.outbox.update(|o| {
            for q in o.iter_mut().filter(|q| q.title.is_empty()) {
                q.title = match p {
                    Some(p) => q.request.effective_title(p),
                    None => q.request.title.trim().to_string(),
                };
            }
        })
    };
    if let Some(p) = ctx.profile.get_untracked() {
        return set_titles(Some(&p));
    }
    let cfg = ctx.config.get_value();
    ctx.spawn(async move { api::profile(&cfg).await.ok() }, move |p| {
        set_titles(p.as_ref());
        if let Some(p) = p {
            ctx.profile.set(Some(std::sync::Arc::new(p)));
        }
    });
}

fn save_outbox(q: &[Queued]) {
    if q.is_empty() {
        browser::storage_remove(OUTBOX_KEY);
    } else if let Ok(s) = serde_json::to_string(q) {
        browser::storage_set(OUTBOX_KEY, &s);
    }
}

/// Removes the ticket with `key` from the outbox; its draft stays.
pub fn cancel(ctx: Ctx, key: &str) {
    ctx.outbox.update(|o| {
        o.retain(|x| x.key != key);
        save_outbox(o);
    });
}

/// Sends `q` now unless a send is under way. Its outcome is handled as the module says.
pub fn send(ctx: Ctx, q: Queued) {
    if ctx.sending.get_untracked() {
        // One send at a time: this one waits its turn in the outbox.
        ctx.outbox.update(|o| {
            if !o.iter().any(|x| x.key == q.key) {
                o.push(q);
                save_outbox(o);
            }
        });
        return;
    }
    ctx.sending.set(true);
    ctx.rejected.set(None);
    let cfg = ctx.config.get_value();
    let request = q.request.clone();
    let key = q.key.clone();
    // Unmounted meanwhile: the ticket (draft or outbox) is still in local storage with its
    // key; the next mount sends it again and the intake answers with the same ticket.
    ctx.spawn(async move { api::submit_ticket(&cfg, &request, &key).await }, move |result| {
        ctx.sending.set(false);
        match result {
            Ok(created) => {
                cancel(ctx, &q.key);
                created_ticket(ctx, &q.request, &created);
                flush_later(ctx, 0);
            }
            Err(SubmitError::Invalid(list)) => {
                cancel(ctx, &q.key);
                draft::save(&q.request);
                ctx.server_errors.set(list);
                ctx.screen.set(Screen::Ticket);
                flush_later(ctx, 0);
            }
            Err(SubmitError::Rejected { message, .. }) => {
                cancel(ctx, &q.key);
                ctx.rejected.set(Some(message));
                ctx.screen.set(Screen::Ticket);
                flush_later(ctx, 0);
            }
            Err(SubmitError::Failed(e)) => {
                let attempts = q.attempts + 1;
                ctx.outbox.update(|o| {
                    // The entry as it is now: its title may have come meanwhile (an entry of an
                    // earlier version is titled once the profile arrives, see `title_untitled`).
                    let now = o.iter().find(|x| x.key == q.key && !x.title.is_empty());
                    let title = now.map_or(q.title.clone(), |x| x.title.clone());
                    o.retain(|x| x.key != q.key);
                    o.push(Queued { attempts, last_error: e, title, ..q });
                    save_outbox(o);
                });
                flush_later(ctx, backoff_ms(attempts));
            }
        }
    });
}

/// What follows a 201: tell the host page, clear the draft and the search, show the
/// confirmation with the expected response.
fn created_ticket(ctx: Ctx, request: &TicketRequest, created: &Created) {
    let id = created.id.as_str();
    emit(HostEvent::TicketCreated { id });
    crate::analytics::record(guichet_core::analytics::Event::Ticket { from_article: request.from_article.clone() });
    draft::clear();
    // The objective the intake computed with its profile; named hours worded by the pane's.
    let (rt, av) = (created.response_time, created.availability.clone());
    let profile = ctx.profile.get_untracked();
    let response = i18n::response(request.locale, profile.as_deref(), rt, av);
    ctx.query.set(String::new());
    ctx.screen.set(Screen::Done { id: id.to_string(), response });
    ctx.history.set(Vec::new());
}

/// Sends the first queued ticket after `ms` milliseconds.
pub fn flush_later(ctx: Ctx, ms: u32) {
    set_timeout(move || flush(ctx), std::time::Duration::from_millis(ms as u64));
}

/// Sends the first queued ticket now (one attempt at a time).
pub fn flush(ctx: Ctx) {
    // After an unmount the state is gone; the next mount sends what local storage holds.
    if !ctx.alive() {
        return;
    }
    if let Some(q) = ctx.outbox.with_untracked(|o| o.first().cloned()) {
        send(ctx, q);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_from_one_second_to_a_minute() {
        let delays: Vec<u32> = (1..=9).map(super::backoff_ms).collect();
        assert_eq!(delays, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    }
}
