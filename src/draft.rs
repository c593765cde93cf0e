//! The ticket draft in `localStorage`: the request as typed, its idempotency key and its
//! uploaded attachments. Kept until the intake answers 201, so a reload, an unmount or a
//! failed send loses nothing.

use crate::browser;
use guichet_core::ticket::TicketRequest;
use guichet_core::wire::Attachment;

const DRAFT_KEY: &str = "guichet.draft";
const IDEMPOTENCY_KEY: &str = "guichet.idempotency-key";
const ATTACHMENTS_KEY: &str = "guichet.attachments";
/// The verified user the draft belongs to (absent: an anonymous visitor's).
const OWNER_KEY: &str = "guichet.draft-owner";

/// The saved draft, if any (and readable).
pub fn load() -> Option<TicketRequest> {
    browser::storage_get(DRAFT_KEY).and_then(|s| serde_json::from_str(&s).ok())
}

/// The saved draft as JSON, `{}` when none (for merging host prefills).
pub fn load_json() -> serde_json::Value {
    browser::storage_get(DRAFT_KEY)
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}))
}

/// Saves the draft.
pub fn save(request: &TicketRequest) {
    if let Ok(s) = serde_json::to_string(request) {
        browser::storage_set(DRAFT_KEY, &s);
    }
}

/// The draft's uploaded attachments.
pub fn attachments() -> Vec<Attachment> {
    browser::storage_get(ATTACHMENTS_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Saves the draft's uploaded attachments.
pub fn save_attachments(list: &[Attachment]) {
    if let Ok(s) = serde_json::to_string(list) {
        browser::storage_set(ATTACHMENTS_KEY, &s);
    }
}

/// The draft's idempotency key, made (and saved) on first use.
pub fn idempotency_key() -> String {
    browser::storage_get(IDEMPOTENCY_KEY).unwrap_or_else(|| {
        let k = browser::random_key();
        browser::storage_set(IDEMPOTENCY_KEY, &k);
        k
    })
}

/// The draft's idempotency key if one was made.
pub fn current_key() -> Option<String> {
    browser::storage_get(IDEMPOTENCY_KEY)
}

/// Forgets the draft, its key and its attachments (after a 201).
pub fn clear() {
    for key in [DRAFT_KEY, IDEMPOTENCY_KEY, ATTACHMENTS_KEY] {
        browser::storage_remove(key);
    }
}

/// Makes the draft verified user `user_id`'s. A draft left by another verified user (a
/// shared computer, someone else signed in) is forgotten first, so that nobody inherits
/// another person's text and contact details; an anonymous visitor's draft is kept (the same
/// person signing in). Returns whether another user's draft was forgotten.
pub fn claim(user_id: &str) -> bool {
    let other = browser::storage_get(OWNER_KEY).is_some_and(|o| o != user_id);
    if other {
        clear();
    }
    browser::storage_set(OWNER_KEY, user_id);
    other
}
