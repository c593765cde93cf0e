//! The same store scenarios against both backends: SQLite (a file) and PostgreSQL (a real
//! server started for the test). One behaviour, two implementations of `TicketStore`.

mod support;

use guichet_core::ticket::TicketRequest;
use guichet_intake::store::{
    Action, DeliveryOutcome, DeliveryState, InsertOutcome, PgStore, SqliteStore, TicketStore, UploadOutcome,
    UploadQuota, Verified,
};

fn request(title: &str) -> TicketRequest {
    let mut r = TicketRequest::new(guichet_core::profile::Profile::seeds(), guichet_core::Locale::En);
    r.plan = guichet_core::ticket::SupportPlan::Enterprise;
    r.title = title.into();
    r.description = "Nobody can send or receive mail since this morning.".into();
    r.contact_name = "Ada".into();
    r.email = "ada@example.com".into();
    r
}

const NOW: &str = "2999-01-01T00:00:00.000Z";
const LATER: &str = "2999-01-01T00:10:00.000Z";

fn created(o: InsertOutcome) -> String {
    match o {
        InsertOutcome::Created(t) => t.id,
        other => panic!("not created: {other:?}"),
    }
}

/// Every scenario, on one store.
fn scenarios(s: &dyn TicketStore) {
    s.ping().unwrap();
    // Idempotency: the same key and body give the same ticket; another body is a conflict.
    let dests = vec!["zendesk".to_string(), "mail".to_string()];
    let a = created(s.insert_ticket(&request("First"), Some("k1"), None, &dests).unwrap());
    match s.insert_ticket(&request("First"), Some("k1"), None, &dests).unwrap() {
        InsertOutcome::Replayed(t) => assert_eq!(t.id, a),
        o => panic!("{o:?}"),
    }
    assert!(matches!(
        s.insert_ticket(&request("Other"), Some("k1"), None, &dests).unwrap(),
        InsertOutcome::KeyConflict
    ));
    // The same without destinations or attachments (PostgreSQL: one statement, no BEGIN).
    let alone = created(s.insert_ticket(&request("Alone"), Some("k-alone"), None, &[]).unwrap());
    match s.insert_ticket(&request("Alone"), Some("k-alone"), None, &[]).unwrap() {
        InsertOutcome::Replayed(t) => assert_eq!(t.id, alone),
        o => panic!("{o:?}"),
    }
    assert!(matches!(
        s.insert_ticket(&request("Not alone"), Some("k-alone"), None, &[]).unwrap(),
        InsertOutcome::KeyConflict
    ));
    // An unknown attachment: refused, nothing stored.
    let mut bad = request("With a ghost file");
    bad.attachments = vec!["AT-nope".into()];
    assert!(matches!(s.insert_ticket(&bad, Some("k2"), None, &dests).unwrap(), InsertOutcome::UnknownAttachment(_)));
    assert_eq!(s.ticket_count().unwrap(), 2);
    // Uploads: bytes back, quota, collection.
    let quota = UploadQuota { per_uploader: 10, total: 100 };
    let UploadOutcome::Stored(file) =
        s.insert_attachment("a.txt", "text/plain", b"12345678", "203.0.113.1", &quota).unwrap()
    else {
        panic!()
    };
    assert_eq!(s.attachment(&file.id).unwrap().unwrap().1, b"12345678");
    assert_eq!(
        s.insert_attachment("b.txt", "text/plain", b"123", "203.0.113.1", &quota).unwrap(),
        UploadOutcome::UploaderQuota
    );
    let mut with_file = request("With a file");
    with_file.attachments = vec![file.id.clone()];
    let b = created(s.insert_ticket(&with_file, Some("k3"), None, &dests).unwrap());
    assert!(matches!(
        s.insert_attachment("c.txt", "text/plain", b"123", "203.0.113.1", &quota).unwrap(),
        UploadOutcome::Stored(_)
    ));
    assert_eq!(s.collect_unlinked(NOW).unwrap(), (1, 3));
    assert!(s.attachment(&file.id).unwrap().is_some(), "a linked file stays");
    // Deliveries: in creation order per destination, one claim at a time.
    let job = s.claim_delivery("zendesk", NOW, LATER).unwrap().unwrap();
    assert_eq!((job.ticket.id.as_str(), job.attempt, job.action), (a.as_str(), 1, Action::Create));
    assert!(s.claim_delivery("zendesk", NOW, LATER).unwrap().is_none(), "the head is claimed: the next waits");
    s.finish_delivery(job.id, &DeliveryOutcome::Retry { next_at: LATER.into(), error: "HTTP 503".into() }).unwrap();
    assert!(s.claim_delivery("zendesk", NOW, LATER).unwrap().is_none(), "not due yet, and the others wait behind it");
    assert_eq!(s.next_delivery_at("zendesk").unwrap().as_deref(), Some(LATER));
    let job = s.claim_delivery("zendesk", LATER, "2999-01-01T01:00:00.000Z").unwrap().unwrap();
    assert_eq!(job.attempt, 2);
    s.finish_delivery(job.id, &DeliveryOutcome::Done { remote_id: "35436".into(), remote_url: None }).unwrap();
    let second = s.claim_delivery("zendesk", LATER, LATER).unwrap().unwrap();
    assert_eq!(second.ticket.id, b);
    s.finish_delivery(second.id, &DeliveryOutcome::Dead { error: "HTTP 422".into() }).unwrap();
    assert_eq!(s.deliveries(Some(DeliveryState::Dead), 10).unwrap().len(), 1);
    assert!(s.retry_delivery(second.id).unwrap());
    assert!(!s.retry_delivery(second.id).unwrap(), "no longer dead");
    // News back and reopen.
    assert_eq!(s.ticket_for_remote("zendesk", "35436").unwrap().as_deref(), Some(a.as_str()));
    assert!(s.add_reply(&a, "zendesk", "c1", "Marie", "Fixed.").unwrap());
    assert!(!s.add_reply(&a, "zendesk", "c1", "Marie", "Fixed.").unwrap(), "kept once");
    assert_eq!(s.replies_of(&a).unwrap().len(), 1);
    assert!(s.set_status(&a, guichet_core::wire::TicketStatus::Closed).unwrap());
    assert!(s.reopen_by_requester(&a).unwrap());
    let reopen: Vec<_> = s.deliveries(None, 100).unwrap().into_iter().filter(|d| d.action == Action::Reopen).collect();
    assert_eq!(reopen.len(), 2, "one per destination: {reopen:?}");
    // Links and verified requesters.
    assert_eq!(s.ticket_by_id(&a).unwrap().unwrap().1, 0);
    assert!(s.revoke_links(&a).unwrap());
    assert_eq!(s.ticket_by_id(&a).unwrap().unwrap().1, 1);
    let who = Verified { user_id: "u-1".into(), tenant: "t".into() };
    let mine = created(s.insert_ticket(&request("Mine"), None, Some(&who), &[]).unwrap());
    assert_eq!(s.tickets_of(&who).unwrap().iter().map(|t| t.id.clone()).collect::<Vec<_>>(), [mine]);
    assert!(s.ticket_of(&who, &a).unwrap().is_none(), "not theirs");
    s.insert_feedback("article", guichet_core::Locale::Fr, true).unwrap();
    // Counts by destination and state agree with the rows.
    let counts = s.delivery_counts().unwrap();
    assert!(counts.contains(&("zendesk".into(), DeliveryState::Done, 1)), "{counts:?}");
    assert_eq!(counts.iter().map(|c| c.2).sum::<u64>(), s.deliveries(None, 1000).unwrap().len() as u64);
}

#[test]
fn sqlite_store_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    scenarios(&SqliteStore::open(&dir.path().join("t.db")).unwrap());
}

#[test]
fn postgres_store_scenarios() {
    let pg = support::pg::PgServer::start();
    scenarios(&PgStore::open(&pg.url, 4).unwrap());
}

#[test]
fn two_postgres_replicas_starting_at_once_share_one_schema_and_never_claim_the_same_delivery() {
    let pg = support::pg::PgServer::start();
    let url = pg.url.clone();
    let (a, b) = std::thread::scope(|t| {
        let x = t.spawn(|| PgStore::open(&url, 2).unwrap());
        let y = t.spawn(|| PgStore::open(&url, 2).unwrap());
        (x.join().unwrap(), y.join().unwrap())
    });
    // One of them applied the migrations, the other waited for the lock and found them applied.
    let mut applied = [a.migrations().applied.clone(), b.migrations().applied.clone()];
    applied.sort();
    assert_eq!(
        applied,
        [vec![], vec!["V1__baseline".to_string(), "V2__analytics".to_string(), "V3__privacy".to_string()]]
    );
    assert_eq!((a.migrations().version, b.migrations().version), (3, 3));
    let dests = vec!["hd".to_string()];
    for i in 0..50 {
        created(a.insert_ticket(&request(&format!("Ticket {i}")), Some(&format!("k{i}")), None, &dests).unwrap());
    }
    // Both replicas claim concurrently: each delivery is claimed once, in order.
    let claimed = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|t| {
        for s in [&a, &b] {
            let claimed = &claimed;
            t.spawn(move || loop {
                let Some(job) = s.claim_delivery("hd", NOW, LATER).unwrap() else {
                    if s.deliveries(Some(DeliveryState::Pending), 1000).unwrap().is_empty() {
                        break;
                    }
                    continue;
                };
                claimed.lock().unwrap().push(job.ticket.request.title.clone());
                s.finish_delivery(job.id, &DeliveryOutcome::Done { remote_id: job.id.to_string(), remote_url: None })
                    .unwrap();
            });
        }
    });
    let claimed = claimed.into_inner().unwrap();
    assert_eq!(claimed.len(), 50, "each delivery claimed exactly once");
    let expected: Vec<String> = (0..50).map(|i| format!("Ticket {i}")).collect();
    assert_eq!(claimed, expected, "in creation order");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_delivery_queued_by_one_replica_wakes_the_others_workers() {
    let pg = support::pg::PgServer::start();
    let url = pg.url.clone();
    let (a, b) =
        tokio::task::spawn_blocking(move || (PgStore::open(&url, 2).unwrap(), PgStore::open(&url, 2).unwrap()))
            .await
            .unwrap();
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    a.subscribe(wake.clone()).unwrap();
    // The listener connects on its own thread: file until one wake arrives (each ticket
    // NOTIFYs; the first ones may come before LISTEN).
    let woken = wake.notified();
    tokio::pin!(woken);
    woken.as_mut().enable();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    let b = std::sync::Arc::new(b);
    let mut i = 0;
    loop {
        let s = b.clone();
        i += 1;
        let title = format!("Filed on B {i}");
        tokio::task::spawn_blocking(move || {
            s.insert_ticket(&request(&title), None, None, &["hd".to_string()]).unwrap()
        })
        .await
        .unwrap();
        tokio::select! {
            _ = &mut woken => break,
            _ = tokio::time::sleep(std::time::Duration::from_millis(100)) => {}
        }
        assert!(tokio::time::Instant::now() < deadline, "replica A was never woken by B's tickets");
    }
    // A ticket without deliveries does not wake anyone.
    let quiet = wake.notified();
    tokio::pin!(quiet);
    quiet.as_mut().enable();
    let s = b.clone();
    tokio::task::spawn_blocking(move || s.insert_ticket(&request("No destination"), None, None, &[]).unwrap())
        .await
        .unwrap();
    assert!(tokio::time::timeout(std::time::Duration::from_millis(500), quiet).await.is_err());
    drop(a);
}

#[test]
fn sqlite_migrations_run_once_and_adopt_a_database_made_before_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A database as the first releases made it: no migration history, no later columns.
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(
        "CREATE TABLE tickets (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, idempotency_key TEXT UNIQUE,
           request_sha256 TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'support_request', issue_type TEXT NOT NULL,
           severity TEXT NOT NULL, plan TEXT NOT NULL, title TEXT NOT NULL, email TEXT NOT NULL,
           locale TEXT NOT NULL, region TEXT, from_article TEXT, verified INTEGER NOT NULL DEFAULT 0,
           user_id TEXT, tenant TEXT, status TEXT NOT NULL DEFAULT 'open', closed_at TEXT, payload TEXT NOT NULL);
         CREATE TABLE attachments (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, ticket_id TEXT REFERENCES tickets (id),
           filename TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL);
         INSERT INTO tickets (id, created_at, request_sha256, issue_type, severity, plan, title, email, locale, payload)
           VALUES ('GU-0000000001', '2026-01-01T00:00:00Z', 'x', 'technical', 'C', 'business', 'Kept', 'a@example.com', 'en', '{}');",
    )
    .unwrap();
    drop(old);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.migrations().applied, ["V1__baseline", "V2__analytics", "V3__privacy"]);
    assert_eq!(s.migrations().version, 3);
    drop(s);
    let check = rusqlite::Connection::open(&path).unwrap();
    let kept: (String, i64) =
        check.query_row("SELECT title, link_version FROM tickets", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(kept, ("Kept".to_string(), 0), "the old row kept, the later column added");
    assert!(check.prepare("SELECT uploader FROM attachments").is_ok());
    drop(check);
    // Opened again: nothing to apply.
    let again = SqliteStore::open(&path).unwrap();
    assert!(again.migrations().applied.is_empty());
    assert_eq!(again.migrations().version, 3);
}

fn migrate(db: &str) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_guichet-intake"))
        .args(["--db", db, "migrate"])
        .env_remove("GUICHET_CONFIG")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn the_migrate_command_applies_what_is_missing_then_nothing_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let pg = support::pg::PgServer::start();
    for db in [dir.path().join("m.db").display().to_string(), pg.url.clone()] {
        let (code, out, err) = migrate(&db);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(
            out, "applied V1__baseline\napplied V2__analytics\napplied V3__privacy\nschema at version 3\n",
            "{db}"
        );
        let (code, out, _) = migrate(&db);
        assert_eq!((code, out.as_str()), (Some(0), "schema at version 3\n"), "{db}");
    }
    // A database that cannot be reached: a clear error and exit status 1.
    let (code, _, err) = migrate(&format!("host={} user=nobody dbname=none", dir.path().join("no-socket").display()));
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot open the PostgreSQL database"), "{err}");
}
