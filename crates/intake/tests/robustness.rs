//! Property tests: no malformed input makes the intake answer 5xx, and validation never
//! panics. Requests go through the real router in process (no socket needed).

use axum::body::Body;
use axum::http::Request;
use guichet_intake::store::SqliteStore;
use guichet_intake::{app, AppState, Config};
use proptest::prelude::*;
use std::sync::Arc;
use tower::ServiceExt;

fn router() -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("p.db")).unwrap());
    let cfg = Config { identity_secret: Some(b"k".to_vec()), ..Config::default() };
    (app(AppState::new(store, cfg), None), dir)
}

fn status_of(r: &axum::Router, path: &str, body: Vec<u8>) -> u16 {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let req = Request::post(path).header("content-type", "application/json").body(Body::from(body)).unwrap();
        r.clone().oneshot(req).await.unwrap().status().as_u16()
    })
}

/// JSON values shaped like tickets, with fields of random types and values.
fn ticketish() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "A",
            "B",
            "C",
            "technical",
            "billing_subscription",
            "refund",
            "callback",
            "on_behalf",
            "email",
            "phone",
            "fr",
            "en",
            "business",
            "2026-11-22",
            "09:00",
            "Europe/Paris",
            "0f8fad5b-d9cb-469f-a165-70867728950e"
        ])
        .prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect()))
        ]
    });
    let keys = prop::sample::subsequence(
        vec![
            "kind",
            "issue_type",
            "severity",
            "plan",
            "title",
            "description",
            "last_occurrence",
            "contact_name",
            "email",
            "phone",
            "preferred_contact",
            "locale",
            "region",
            "refund",
            "customer",
            "billing_address",
            "callback_time",
            "attachments",
            "identity",
            "subscription_id",
        ],
        0..20,
    );
    (keys, prop::collection::vec(value, 20)).prop_map(|(keys, vals)| {
        serde_json::Value::Object(keys.into_iter().zip(vals).map(|(k, v)| (k.to_string(), v)).collect())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_give_5xx(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let (r, _d) = router();
        for path in ["/api/tickets", "/api/feedback", "/api/my/tickets", "/api/tickets/x/reopen"] {
            let s = status_of(&r, path, body.clone());
            prop_assert!((400..500).contains(&s), "{path}: {s}");
        }
    }

    #[test]
    fn ticket_shaped_json_never_gives_5xx(v in ticketish()) {
        let (r, _d) = router();
        let s = status_of(&r, "/api/tickets", serde_json::to_vec(&v).unwrap());
        prop_assert!(s == 201 || (400..500).contains(&s), "{s} for {v}");
    }

    #[test]
    fn validation_never_panics_on_any_strings(title in ".*", email in ".*", phone in ".*", date in ".{0,12}", time in ".{0,6}", tz in ".{0,30}", guid in ".{0,40}", amount in ".{0,16}") {
        let mut v = serde_json::json!({
            "kind": "refund", "issue_type": "billing_subscription", "severity": "B", "plan": "business",
            "title": title, "contact_name": "x", "email": email, "phone": phone, "preferred_contact": "phone", "locale": "fr",
            "last_occurrence": {"date": date, "time": time, "time_zone": tz},
            "refund": {"customer_subscription_id": guid, "customer_name": "n", "amount": amount, "currency": "EUR", "period_start": "", "period_end": "", "billing_date": "", "reason": ""}
        });
        let t: guichet_core::ticket::TicketRequest = serde_json::from_value(v.take()).unwrap();
        let profile = guichet_core::profile::Profile::seeds();
        let errors = t.validate(profile, chrono::Utc::now());
        for e in &errors {
            prop_assert!(!e.message(profile, guichet_core::Locale::Fr).is_empty());
        }
    }
}
