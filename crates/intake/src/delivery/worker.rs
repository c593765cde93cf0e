//! The delivery workers: one task per destination, delivering its queue in creation order.
//! A worker claims the oldest due delivery (a lease of four attempt timeouts, so that a
//! crashed worker's claim expires), calls the destination, and records the outcome. It
//! sleeps until the next retry is due or a new ticket wakes it (and polls every
//! [`POLL`] for tickets stored by another process).

use super::config::{Destinations, Pacing};
use super::{outgoing, DeliveryError, Destination};
use crate::store::{rfc3339, DeliveryOutcome, TicketStore};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Longest sleep of an idle worker.
pub const POLL: Duration = Duration::from_secs(5);
/// Longest `Retry-After` honoured (a larger one waits this long).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// The wait before attempt `attempt + 1` after `attempt` failed: exponential from 1 s,
/// doubling, capped at `max`, with "equal jitter" (a uniform draw in the upper half, so that
/// queued retries do not hit a recovering helpdesk all at once); or the destination's
/// `Retry-After` (capped at [`MAX_RETRY_AFTER`]) when it gave one.
pub fn backoff(attempt: u32, max: Duration, retry_after: Option<Duration>) -> Duration {
    if let Some(after) = retry_after {
        return after.min(MAX_RETRY_AFTER);
    }
    let base = Duration::from_secs(1u64 << attempt.saturating_sub(1).min(20)).min(max);
    let half = base / 2;
    half + half.mul_f64(fastrand::f64())
}

/// Starts one worker per destination; they run until the runtime stops.
pub fn spawn(store: Arc<dyn TicketStore>, destinations: &Destinations, wake: Arc<Notify>) {
    for (dest, pacing) in &destinations.list {
        tokio::spawn(run(store.clone(), dest.clone(), *pacing, wake.clone()));
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// Delivers at most one due delivery of `dest`. Returns whether one was attempted.
pub async fn step(store: &Arc<dyn TicketStore>, dest: &Arc<dyn Destination>, pacing: Pacing) -> bool {
    let now = chrono::Utc::now();
    let lease = now + chrono::Duration::from_std(pacing.lease).unwrap_or_default();
    let (s, name) = (store.clone(), dest.name().to_string());
    let claimed = blocking(move || s.claim_delivery(&name, &rfc3339(now), &rfc3339(lease))).await;
    let job = match claimed {
        Some(Ok(Some(job))) => job,
        Some(Ok(None)) | None => return false,
        Some(Err(e)) => {
            tracing::error!(destination = dest.name(), error = %e, "cannot read the delivery queue");
            return false;
        }
    };
    let s = store.clone();
    let j = job.clone();
    let result = match blocking(move || outgoing(s.as_ref(), &j)).await {
        Some(Ok(out)) => super::run_job(dest.as_ref(), &job, &out).await,
        Some(Err(e)) => Err(DeliveryError::retry(format!("reading the ticket's attachments: {e}"))),
        None => Err(DeliveryError::retry("reading the ticket's attachments failed")),
    };
    let outcome = match result {
        Ok(d) => DeliveryOutcome::Done { remote_id: d.remote_id, remote_url: d.remote_url },
        Err(DeliveryError::Permanent { reason }) => {
            tracing::warn!(delivery = job.id, ticket = %job.ticket.id, destination = dest.name(), %reason, "delivery refused for good (dead letter)");
            DeliveryOutcome::Dead { error: reason }
        }
        Err(DeliveryError::Retry { reason, after }) => {
            let wait = backoff(job.attempt, pacing.backoff_max, after);
            tracing::info!(delivery = job.id, ticket = %job.ticket.id, destination = dest.name(), retry_in_ms = wait.as_millis() as u64, %reason, "delivery failed, will retry");
            let next = chrono::Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
            DeliveryOutcome::Retry { next_at: rfc3339(next), error: reason }
        }
    };
    let s = store.clone();
    if let Some(Err(e)) = blocking(move || s.finish_delivery(job.id, &outcome)).await {
        // The claim expires and the delivery is attempted again (destinations find the
        // ticket they already created).
        tracing::error!(destination = dest.name(), error = %e, "cannot record a delivery outcome");
    }
    true
}

/// One destination's worker loop.
pub async fn run(store: Arc<dyn TicketStore>, dest: Arc<dyn Destination>, pacing: Pacing, wake: Arc<Notify>) {
    loop {
        // Registered before looking at the queue, so that a ticket stored meanwhile wakes us.
        let notified = wake.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if step(&store, &dest, pacing).await {
            continue;
        }
        let (s, name) = (store.clone(), dest.name().to_string());
        let next = blocking(move || s.next_delivery_at(&name)).await.and_then(Result::ok).flatten();
        let wait = next
            .and_then(|n| chrono::DateTime::parse_from_rfc3339(&n).ok())
            .map(|n| (n.with_timezone(&chrono::Utc) - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(POLL)
            .clamp(Duration::from_millis(20), POLL);
        tokio::select! {
            _ = &mut notified => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}
