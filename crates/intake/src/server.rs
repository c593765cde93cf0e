//! Serving the router on a socket, with what the open internet needs and `axum::serve` does
//! not give: a header read timeout (also the idle keep-alive timeout: the next request's
//! headers must come within it), a request body timeout, and a cap on concurrent connections
//! per client address. On shutdown it stops accepting, closes idle connections, and lets the
//! requests in flight finish (up to [`Limits::drain`]; hyper-util's graceful shutdown).

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// Connection limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time to receive a request's headers, from the connection's start or the previous
    /// answer (default 10 s).
    pub header_timeout: Duration,
    /// Time to receive a request's whole body (default 30 s; a 5 MiB upload at 2 Mbit/s takes
    /// 21 s).
    pub body_timeout: Duration,
    /// Concurrent connections per client address (default 32; a browser opens 6 per host).
    pub per_ip: usize,
    /// Longest wait for connections in flight at shutdown (default 10 s).
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            per_ip: 32,
            drain: Duration::from_secs(10),
        }
    }
}

/// One open connection of an address, counted until dropped.
struct Slot {
    ip: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then drains. Handlers see the
/// TCP peer as `ConnectInfo<SocketAddr>`. A connection past [`Limits::per_ip`] is closed at
/// once; a request whose headers or body are too slow gets its connection closed (headers) or
/// `408` (body).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let router = router.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body_timeout));
    let open: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    // Tells every connection to finish its request in flight and close (idle keep-alive
    // connections close at once), and counts those still running.
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => { tokio::time::sleep(Duration::from_millis(50)).await; continue; }
            },
            _ = &mut shutdown => break,
        };
        // Answers go out as soon as they are written: without TCP_NODELAY, a response written
        // in two parts (headers, then body) on a kept-alive connection waits for the client's
        // delayed ACK of the first part (40 ms on Linux) before the second is sent.
        let _ = stream.set_nodelay(true);
        let slot = {
            let mut map = open.lock().unwrap_or_else(|e| e.into_inner());
            let n = map.entry(peer.ip()).or_insert(0);
            if *n >= limits.per_ip {
                drop(stream); // over the cap: closed without a word
                continue;
            }
            *n += 1;
            Slot { ip: peer.ip(), open: open.clone() }
        };
        let service =
            hyper_util::service::TowerToHyperService::new(router.clone().layer(axum::Extension(ConnectInfo(peer))));
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            let _ = conn.await;
        });
    }
    // Stop accepting (new connections are refused from here), then wait, at most
    // `limits.drain`, for the requests in flight.
    drop(listener);
    tracing::info!(connections = graceful.count(), "shutting down: finishing the requests in flight");
    if tokio::time::timeout(limits.drain, graceful.shutdown()).await.is_err() {
        tracing::warn!("shutdown: connections still open after the drain time were cut");
    }
    Ok(())
}
