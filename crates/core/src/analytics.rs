//! Search analytics, privacy first: the anonymous events the pane sends (`POST /api/events`),
//! how a query is cleaned of likely personal data before it leaves the browser, and the checks
//! the intake applies to every batch.
//!
//! What a batch carries: a pane session id (random, made when the pane opens, never stored by
//! the browser: a reload makes a new one), a sequence number per batch (replays are refused),
//! and events. No cookie, no IP address, no user id. Queries are normalised (folded case,
//! single spaces) and scrubbed ([`scrub_query`]) in the pane; the intake scrubs again, so a
//! client that skips it cannot store an email address.

use crate::Locale;
use serde::{Deserialize, Serialize};

/// Most events in one batch.
pub const MAX_EVENTS: usize = 20;
/// Longest query kept, in characters (longer ones are cut, after scrubbing).
pub const MAX_QUERY_CHARS: usize = 100;
/// Largest batch body the intake reads, in bytes (20 events of the longest kind fit in 6 KB).
pub const MAX_BATCH_BYTES: usize = 8 * 1024;
/// Highest result position an event may report (the pane shows at most 50 results).
pub const MAX_POSITION: u32 = 50;

/// One batch of events from one pane session (body of `POST /api/events`, sent with
/// `navigator.sendBeacon`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBatch {
    /// Pane session id: 16 to 64 characters of `[0-9a-z]`, random per pane session.
    pub session: String,
    /// Batch number within the session, from 1; a (session, seq) pair is accepted once.
    pub seq: u32,
    /// The events, 1 to [`MAX_EVENTS`].
    pub events: Vec<Event>,
}

/// One visitor action in the pane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// A search the visitor settled on (stopped typing, or opened a result).
    Search {
        /// The query, normalised and scrubbed ([`normalize_query`]).
        query: String,
        /// Locale searched.
        locale: Locale,
        /// Number of results shown (0: a content gap).
        results: u32,
    },
    /// A result opened from the list.
    ResultOpen {
        /// The query it answered (normalised and scrubbed).
        query: String,
        /// Locale searched.
        locale: Locale,
        /// 1-based position in the list, at most [`MAX_POSITION`].
        position: u32,
        /// The article opened.
        article_id: String,
    },
    /// An article read (from a result, a link or a promoted entry).
    ArticleView {
        /// The article.
        article_id: String,
        /// Locale it was read in.
        locale: Locale,
    },
    /// The contacts screen opened for a region.
    Contacts {
        /// ISO 3166-1 alpha-2 region code, upper case.
        region: String,
    },
    /// A ticket filed from this pane session (deflection's denominator).
    Ticket {
        /// The article the visitor came from, if any.
        from_article: Option<String>,
    },
}

/// Why a batch was refused (the intake answers `422` with the message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl EventBatch {
    /// Checks the batch and scrubs its queries again (a client may not have). Errors: the
    /// first field out of bounds, as a sentence.
    pub fn checked(mut self) -> Result<EventBatch, Invalid> {
        let bad = |m: String| Err(Invalid(m));
        let s = &self.session;
        if !(16..=64).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
            return bad("session must be 16 to 64 characters of 0-9 and a-z".into());
        }
        if self.seq == 0 {
            return bad("seq starts at 1".into());
        }
        if self.events.is_empty() || self.events.len() > MAX_EVENTS {
            return bad(format!("a batch holds 1 to {MAX_EVENTS} events"));
        }
        for (i, e) in self.events.iter_mut().enumerate() {
            e.check().map_err(|Invalid(m)| Invalid(format!("events[{i}]: {m}")))?;
        }
        Ok(self)
    }
}

impl Event {
    /// The event's name as stored (`search`, `result_open`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Search { .. } => "search",
            Event::ResultOpen { .. } => "result_open",
            Event::ArticleView { .. } => "article_view",
            Event::Contacts { .. } => "contacts",
            Event::Ticket { .. } => "ticket",
        }
    }

    /// Checks the event's fields and normalises its query ([`normalize_query`]). Errors: the
    /// first field out of bounds, as a sentence.
    pub fn check(&mut self) -> Result<(), Invalid> {
        let query = |q: &mut String| {
            if q.chars().count() > 4 * MAX_QUERY_CHARS {
                return Err(Invalid(format!("query is longer than {} characters", 4 * MAX_QUERY_CHARS)));
            }
            *q = normalize_query(q);
            if q.is_empty() {
                return Err(Invalid("query is empty".into()));
            }
            Ok(())
        };
        match self {
            Event::Search { query: q, .. } => query(q),
            Event::ResultOpen { query: q, position, article_id, .. } => {
                query(q)?;
                if *position == 0 || *position > MAX_POSITION {
                    return Err(Invalid(format!("position must be 1 to {MAX_POSITION}")));
                }
                check_article_id(article_id)
            }
            Event::ArticleView { article_id, .. } => check_article_id(article_id),
            Event::Contacts { region } => {
                if region.len() != 2 || !region.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(Invalid("region must be an ISO 3166-1 alpha-2 code (two capitals)".into()));
                }
                Ok(())
            }
            Event::Ticket { from_article } => from_article.as_deref().map_or(Ok(()), check_article_id),
        }
    }
}

/// An article id as events carry it ([`is_article_id`]).
fn check_article_id(id: &str) -> Result<(), Invalid> {
    if !is_article_id(id) {
        return Err(Invalid("article_id must be 1 to 100 lowercase letters, digits and dashes".into()));
    }
    Ok(())
}

/// Whether `id` may name an article in what the pane sends (events, "did this help?"): 1 to
/// 100 lowercase ASCII letters, digits and dashes, the shape of the help center's own ids.
pub fn is_article_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 100 && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A query as analytics keep it: scrubbed ([`scrub_query`]), lower case, words separated by
/// one space, at most [`MAX_QUERY_CHARS`] characters (cut at a word boundary when it can).
pub fn normalize_query(q: &str) -> String {
    let scrubbed = crate::text::lowercase(&scrub_query(q));
    let mut out = String::new();
    for w in scrubbed.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + w.chars().count();
        if len > MAX_QUERY_CHARS {
            if out.is_empty() {
                out = w.chars().take(MAX_QUERY_CHARS).collect();
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Replaces what looks like personal data in a query by a placeholder, word by word (words are
/// split on white space):
/// - an email address (`x@y.z`) → `[email]`;
/// - a GUID (8-4-4-4-12 hex digits, braces allowed) → `[id]`;
/// - a phone number or any long number: a run of digits, spaces inside kept together with
///   `+ ( ) . - /`, holding 5 digits or more → `[number]` (short numbers such as "365", "2fa",
///   "error 404" or "windows 10" stay: they are what people search for).
///
/// The pane applies it before sending; the intake again before storing.
pub fn scrub_query(q: &str) -> String {
    let words: Vec<&str> = q.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if is_email(w) {
            out.push("[email]".into());
            i += 1;
            continue;
        }
        if is_guid(w) {
            out.push("[id]".into());
            i += 1;
            continue;
        }
        // A number may be written in groups: "06 12 34 56 78", "+33 (0)1 23 45 67 89".
        let mut j = i;
        let mut digits = 0;
        while j < words.len() && is_number_part(words[j]) {
            digits += words[j].bytes().filter(u8::is_ascii_digit).count();
            j += 1;
        }
        if j > i && digits >= 5 {
            out.push("[number]".into());
            i = j;
            continue;
        }
        if j == i && words[i].bytes().filter(u8::is_ascii_digit).count() >= 5 {
            // Digits inside a word: "ref12345", "ticket#99887766".
            out.push("[number]".into());
            i += 1;
            continue;
        }
        out.push(w.into());
        i += 1;
    }
    out.join(" ")
}

fn is_email(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"' | '\''));
    let Some((local, domain)) = w.split_once('@') else { return false };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
}

fn is_guid(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, '{' | '}' | '(' | ')'));
    let parts: Vec<&str> = w.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A word made only of digits and the separators phone numbers are written with, with a digit.
fn is_number_part(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit()) && w.bytes().all(|b| b.is_ascii_digit() || b"+().-/".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_is_scrubbed_and_search_words_stay() {
        assert_eq!(scrub_query("refund for jane.doe@example.com"), "refund for [email]");
        assert_eq!(scrub_query("<a@b.fr>, facture"), "[email] facture");
        assert_eq!(scrub_query("call me 06 12 34 56 78 please"), "call me [number] please");
        assert_eq!(scrub_query("+33 (0)1 23 45 67 89"), "[number]");
        assert_eq!(scrub_query("invoice 2026-1234567"), "invoice [number]");
        assert_eq!(scrub_query("order ref12345"), "order [number]");
        assert_eq!(scrub_query("tenant {3F2504E0-4F89-11D3-9A0C-0305E82C3301} locked"), "tenant [id] locked");
        // What people search for stays.
        for q in ["microsoft 365 e3", "error 404", "windows 10 reset", "2fa code", "office 2021", "x@y"] {
            assert_eq!(scrub_query(q), q);
        }
    }

    #[test]
    fn queries_are_normalised_and_cut_at_a_word() {
        assert_eq!(normalize_query("  Remboursement   FACTURE\t"), "remboursement facture");
        let long = "word ".repeat(40);
        let n = normalize_query(&long);
        assert!(n.chars().count() <= MAX_QUERY_CHARS && n.ends_with("word"), "{n}");
        assert_eq!(normalize_query(&"x".repeat(300)).len(), MAX_QUERY_CHARS);
        assert_eq!(normalize_query("   "), "");
    }

    fn batch(events: Vec<Event>) -> EventBatch {
        EventBatch { session: "0123456789abcdef".into(), seq: 1, events }
    }

    fn search(q: &str) -> Event {
        Event::Search { query: q.into(), locale: Locale::En, results: 3 }
    }

    #[test]
    fn a_batch_is_checked_and_its_queries_scrubbed_again() {
        let ok = batch(vec![search("Refund jane@example.com"), Event::Contacts { region: "FR".into() }]).checked();
        assert_eq!(ok.unwrap().events[0], search("refund [email]"));
        let err = |b: EventBatch| b.checked().unwrap_err().0;
        assert!(err(EventBatch { session: "short".into(), ..batch(vec![search("a")]) }).contains("session"));
        assert!(err(EventBatch { session: "0123456789ABCDEF".into(), ..batch(vec![search("a")]) }).contains("session"));
        assert!(err(EventBatch { seq: 0, ..batch(vec![search("a")]) }).contains("seq"));
        assert!(err(batch(vec![])).contains("1 to 20"));
        assert!(err(batch(vec![search("a"); MAX_EVENTS + 1])).contains("1 to 20"));
        assert!(err(batch(vec![search(" ")])).starts_with("events[0]: query is empty"));
        assert!(err(batch(vec![search(&"a".repeat(401))])).contains("longer"));
        let open = |position, id: &str| Event::ResultOpen {
            query: "q".into(),
            locale: Locale::Fr,
            position,
            article_id: id.into(),
        };
        assert!(err(batch(vec![search("a"), open(0, "x")])).starts_with("events[1]: position"));
        assert!(err(batch(vec![open(51, "x")])).contains("position"));
        assert!(err(batch(vec![open(1, "Bad Id")])).contains("article_id"));
        assert!(err(batch(vec![Event::Contacts { region: "fra".into() }])).contains("region"));
        assert!(err(batch(vec![Event::Ticket { from_article: Some(String::new()) }])).contains("article_id"));
        assert!(batch(vec![open(50, "refund-policy"), Event::Ticket { from_article: None }]).checked().is_ok());
    }

    #[test]
    fn the_wire_form_is_tagged_and_strict() {
        let b: EventBatch = serde_json::from_str(
            r#"{"session":"0123456789abcdef","seq":2,"events":[{"type":"article_view","article_id":"a","locale":"de"}]}"#,
        )
        .unwrap();
        assert_eq!(b.events[0].kind(), "article_view");
        for bad in [
            r#"{"session":"0123456789abcdef","seq":1,"events":[{"type":"pageview"}]}"#,
            r#"{"session":"0123456789abcdef","seq":1,"events":[],"ip":"1.2.3.4"}"#,
            r#"{"session":"0123456789abcdef","seq":1,"events":[{"type":"contacts","region":"FR","email":"x"}]}"#,
        ] {
            assert!(serde_json::from_str::<EventBatch>(bad).is_err(), "{bad}");
        }
    }
}
