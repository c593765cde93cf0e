//! Delivery benchmark (a report, not a test; `scripts/bench-delivery.sh` runs it): an intake
//! with three destinations (Zendesk, GitHub and a signed webhook, each a local server of the
//! vendor's API from the tests) receives tickets over HTTP at a fixed rate; prints the delay
//! from the 201 to the destination's acknowledgement being recorded (p50, p99, max) per
//! destination, then the drain rate of a backlog left by a Zendesk outage.
//!
//! Settings from the environment: `RATE` (tickets/s, default 200), `SECONDS` (default 10),
//! `BACKLOG` (tickets filed during the outage, default 2000).

#[path = "../tests/support/mod.rs"]
mod support;

use guichet_intake::store::{DeliveryState, TicketStore};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use support::{helpdesks, intake, ticket, zendesk};

fn env(k: &str, d: u64) -> u64 {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let (rate, seconds, backlog) = (env("RATE", 200), env("SECONDS", 10), env("BACKLOG", 2000));
    let (zd, zd_fake) = zendesk::start().await;
    let (gh, _gh_desk) = helpdesks::github().await;
    let hook = {
        let app =
            axum::Router::new().route("/hook", axum::routing::post(|| async { axum::http::StatusCode::NO_CONTENT }));
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", l.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
        url
    };
    let toml = format!(
        "[[destination]]\nname = \"zendesk\"\ntype = \"zendesk\"\nurl = \"{zd}\"\nemail = \"{}\"\ntoken_env = \"ZD\"\nbackoff_max_secs = 2\n\
         [[destination]]\nname = \"github\"\ntype = \"github\"\napi_url = \"{gh}\"\nrepository = \"acme/portal\"\ntoken_env = \"GH\"\n\
         [[destination]]\nname = \"webhook\"\ntype = \"webhook\"\nurl = \"{hook}\"\nsecret_env = \"HOOK\"\n",
        zendesk::EMAIL
    );
    let g = intake(
        &toml,
        &[
            ("ZD", zendesk::TOKEN),
            ("GH", helpdesks::SECRET),
            ("HOOK", "whsec_Z3VpY2hldC1iZW5jaC1zZWNyZXQtMzItYnl0ZXMhIQ=="),
        ],
    )
    .await;
    let client = reqwest::Client::new();
    let total = rate * seconds;
    println!("== {total} tickets at {rate}/s over HTTP, three destinations (Zendesk, GitHub, webhook)");
    let start = Instant::now();
    let mut sends = Vec::new();
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate as f64);
        tokio::time::sleep_until(due.into()).await;
        let (c, base) = (client.clone(), g.base.clone());
        sends.push(tokio::spawn(async move {
            let r =
                c.post(format!("{base}/api/tickets")).json(&ticket(&format!("Bench {i}"), "B")).send().await.unwrap();
            assert_eq!(r.status(), 201);
        }));
    }
    for s in sends {
        s.await.unwrap();
    }
    let filed = start.elapsed();
    let want = (total * 3) as usize;
    let rows =
        g.wait_for("all deliveries", |r| r.len() == want && r.iter().all(|d| d.state == DeliveryState::Done)).await;
    println!(
        "filed in {:.1} s; all {want} deliveries done {:.1} s after the first ticket",
        filed.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    let conn = rusqlite::Connection::open(g.dir.path().join("t.db")).unwrap();
    println!("| destination | p50 ms | p99 ms | max ms |\n|---|---|---|---|");
    for dest in ["zendesk", "github", "webhook"] {
        let mut st = conn
            .prepare("SELECT (julianday(d.done_at) - julianday(t.created_at)) * 86400000.0 FROM deliveries d JOIN tickets t ON t.id = d.ticket_id WHERE d.destination = ?1")
            .unwrap();
        let mut ms: Vec<f64> = st.query_map([dest], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        ms.sort_by(f64::total_cmp);
        println!("| {dest} | {:.1} | {:.1} | {:.1} |", pct(&ms, 0.5), pct(&ms, 0.99), ms.last().unwrap());
    }
    assert_eq!(zd_fake.tickets().len(), total as usize, "each ticket once in Zendesk");
    drop(rows);

    println!("\n== backlog: Zendesk down while {backlog} tickets are filed, then back");
    zd_fake.down.store(true, Ordering::SeqCst);
    for i in 0..backlog {
        let r = client
            .post(format!("{}/api/tickets", g.base))
            .json(&ticket(&format!("Outage {i}"), "C"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let before = g
        .store
        .deliveries(Some(DeliveryState::Pending), 1_000_000)
        .unwrap()
        .iter()
        .filter(|d| d.destination == "zendesk")
        .count();
    zd_fake.down.store(false, Ordering::SeqCst);
    let back = Instant::now();
    g.wait_for("the backlog", |r| r.iter().all(|d| d.state == DeliveryState::Done)).await;
    let drained = back.elapsed().as_secs_f64();
    println!(
        "{before} Zendesk deliveries waiting; drained in {drained:.1} s after Zendesk came back ({:.0} deliveries/s, first retry up to backoff_max_secs = 2 s later)",
        before as f64 / drained
    );
    assert_eq!(zd_fake.tickets().len(), (total + backlog) as usize, "each ticket once in Zendesk");
    println!("Zendesk holds {} tickets for {} filed: each once", zd_fake.tickets().len(), total + backlog);
}
