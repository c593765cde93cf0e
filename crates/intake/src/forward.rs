//! Optional forwarder: delivers stored tickets to an external helpdesk webhook (`POST` of the
//! ticket JSON with `{"id", "created_at"...}`), retrying with exponential backoff (5 s doubling
//! to 10 min) until the webhook answers 2xx. Each ticket carries its id, so a receiver can
//! drop duplicates if a 2xx is lost.

use crate::store::TicketStore;
use std::sync::Arc;
use std::time::Duration;

/// Delivers due tickets once; returns (delivered, failed). A failed ticket is tried again
/// after `backoff`.
pub async fn forward_once(
    store: Arc<dyn TicketStore>,
    client: &reqwest::Client,
    url: &str,
    backoff: Duration,
) -> (usize, usize) {
    let now = chrono::Utc::now();
    let now_s = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let s = store.clone();
    let due = match tokio::task::spawn_blocking(move || s.due_for_forwarding(&now_s, 50)).await {
        Ok(Ok(d)) => d,
        _ => return (0, 0),
    };
    let (mut delivered, mut failed) = (0, 0);
    for (id, payload) in due {
        let body = serde_json::json!({ "id": id, "ticket": serde_json::from_str::<serde_json::Value>(&payload).unwrap_or_default() });
        let ok = matches!(client.post(url).json(&body).timeout(Duration::from_secs(10)).send().await, Ok(r) if r.status().is_success());
        let at = chrono::Utc::now();
        let (delivered_at, next) = if ok {
            delivered += 1;
            (Some(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)), at)
        } else {
            failed += 1;
            (None, at + chrono::Duration::from_std(backoff).unwrap_or_default())
        };
        let s = store.clone();
        let next = next.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let _ = tokio::task::spawn_blocking(move || s.forwarding_result(&id, delivered_at.as_deref(), &next)).await;
    }
    (delivered, failed)
}

/// Runs the forwarder forever: every `interval`, delivers due tickets; failed deliveries wait
/// 5 s, then twice as long after each consecutive failing round, up to 10 min.
pub async fn run(store: Arc<dyn TicketStore>, url: String, interval: Duration) {
    let client = reqwest::Client::new();
    let mut backoff = Duration::from_secs(5);
    loop {
        let (_, failed) = forward_once(store.clone(), &client, &url, backoff).await;
        backoff = if failed > 0 { (backoff * 2).min(Duration::from_secs(600)) } else { Duration::from_secs(5) };
        tokio::time::sleep(interval).await;
    }
}
