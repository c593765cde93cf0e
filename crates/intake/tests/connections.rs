//! The intake's own server loop against slow and greedy clients, over real TCP.

use guichet_intake::server::{serve, Limits};
use guichet_intake::store::SqliteStore;
use guichet_intake::{app, AppState, Config};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start(limits: Limits) -> (std::net::SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("t.db")).unwrap());
    let router = app(AppState::new(store, Config::default()), None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, router, limits, std::future::pending()));
    (addr, dir)
}

/// Everything the server sends until it closes the connection; panics if it has not closed
/// it within `within`.
async fn until_closed(s: &mut TcpStream, within: Duration) -> String {
    let mut got = Vec::new();
    tokio::time::timeout(within, s.read_to_end(&mut got)).await.expect("the server closed the connection").ok();
    String::from_utf8_lossy(&got).into_owned()
}

const SHORT: Limits = Limits {
    header_timeout: Duration::from_secs(1),
    body_timeout: Duration::from_secs(1),
    per_ip: 3,
    drain: Duration::ZERO,
};

#[tokio::test]
async fn headers_dripped_or_never_sent_are_cut_off() {
    let (addr, _d) = start(SHORT).await;
    let mut idle = TcpStream::connect(addr).await.unwrap();
    let mut drip = TcpStream::connect(addr).await.unwrap();
    drip.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    assert!(!until_closed(&mut idle, Duration::from_secs(10)).await.contains("200 OK"));
    assert!(!until_closed(&mut drip, Duration::from_secs(10)).await.contains("200 OK"));
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_answer() {
    let (addr, _d) = start(SHORT).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let got = until_closed(&mut s, Duration::from_secs(10)).await;
    assert!(got.starts_with("HTTP/1.1 200 OK"), "{got}");
}

#[tokio::test]
async fn a_body_dripped_too_slowly_gets_an_error_answer() {
    let (addr, _d) = start(SHORT).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"title\"")
        .await
        .unwrap();
    let got = until_closed(&mut s, Duration::from_secs(10)).await;
    let status: u16 = got.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    assert!((400..500).contains(&status), "{got}");
}

#[tokio::test]
async fn connections_past_the_per_address_cap_are_closed_at_once() {
    let (addr, _d) = start(Limits { header_timeout: Duration::from_secs(30), ..SHORT }).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        // A full request each, so that the server has certainly accepted and counted them.
        s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut buf = [0u8; 12];
        s.read_exact(&mut buf).await.unwrap();
        assert_eq!(&buf, b"HTTP/1.1 200");
        held.push(s);
    }
    let mut fourth = TcpStream::connect(addr).await.unwrap();
    let _ = fourth.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert_eq!(until_closed(&mut fourth, Duration::from_secs(10)).await, "", "no answer past the cap");
    // One closes: a new one is served.
    drop(held.pop());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let _ = s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
        if until_closed(&mut s, Duration::from_secs(10)).await.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the freed slot was never reused");
    }
}

/// Reads from `s` until `needle` has arrived (or the connection closes); panics after 10 s.
async fn read_until(s: &mut TcpStream, needle: &str) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(Duration::from_secs(10), async {
        while !String::from_utf8_lossy(&got).contains(needle) {
            let n = s.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed before {needle:?}: {}", String::from_utf8_lossy(&got));
            got.extend_from_slice(&buf[..n]);
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {needle:?} within 10 s: {}", String::from_utf8_lossy(&got)));
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_closes_idle_connections_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
        .args(["--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env("GUICHET_LOG", "warn")
        .env_remove("GUICHET_CONFIG")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut out = tokio::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    tokio::io::AsyncBufReadExt::read_line(&mut out, &mut line).await.unwrap();
    let addr: std::net::SocketAddr = line.split("http://").nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
    // An idle keep-alive connection, after one answer.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    read_until(&mut idle, "\"ok\"").await;
    // A ticket in flight: the server asked for its body (100 Continue), which is not sent yet.
    let body = serde_json::json!({
        "issue_type": "technical", "severity": "B", "plan": "business", "title": "Sent during a shutdown",
        "description": "The body of this ticket arrives after SIGTERM.", "contact_name": "Ada",
        "email": "ada@example.com", "preferred_contact": "email", "locale": "en"
    })
    .to_string();
    let mut busy = TcpStream::connect(addr).await.unwrap();
    busy.write_all(
        format!(
            "POST /api/tickets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    read_until(&mut busy, "100 Continue").await;
    let pid = child.id().unwrap().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    // New connections are refused once the signal is handled.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(tokio::time::Instant::now() < deadline, "still accepting 10 s after SIGTERM");
        tokio::task::yield_now().await;
    }
    // The idle connection is closed without waiting for the drain time.
    assert_eq!(until_closed(&mut idle, Duration::from_secs(5)).await, "");
    // The request in flight completes: 201, and the ticket is stored.
    busy.write_all(body.as_bytes()).await.unwrap();
    let answer = until_closed(&mut busy, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await.expect("exited").unwrap();
    assert_eq!(status.code(), Some(0));
    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(guichet_intake::store::TicketStore::ticket_count(&store).unwrap(), 1);
}

/// Whether the server's end of the connection whose client end is `client` has TCP_NODELAY
/// (the server runs in this process, so its sockets are among this process's descriptors).
fn server_end_nodelay(client: &TcpStream) -> bool {
    use std::os::fd::BorrowedFd;
    let ours = client.local_addr().unwrap();
    for fd in 3..4096 {
        // SAFETY: the descriptor is only read from while this function runs (the server's
        // connection stays open: its client end is still open); a closed number fails fcntl.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            continue;
        }
        let fd = unsafe { BorrowedFd::borrow_raw(fd) };
        let sock = socket2::SockRef::from(&fd);
        if sock.peer_addr().ok().and_then(|a| a.as_socket()) == Some(ours) {
            return sock.tcp_nodelay().unwrap();
        }
    }
    panic!("no socket of this process is the server's end of {ours}");
}

#[tokio::test]
async fn answers_are_sent_without_waiting_for_the_clients_delayed_ack() {
    // Without TCP_NODELAY, an answer written in two parts on a kept-alive connection (headers,
    // then body) waits for the client's delayed ACK of the first part: 40 ms per request on
    // Linux, measured with the chunked help center's parts before this was set.
    let (addr, _d) = start(Limits::default()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).await.unwrap(); // answered: the connection is being served
    assert_eq!(&buf, b"HTTP/1.1 200");
    assert!(server_end_nodelay(&s), "the server's socket has Nagle's algorithm on");
}
