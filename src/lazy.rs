//! Code loaded on demand: the article screen, the ticket form, the support contacts, My
//! requests, the directory's decoder and the decoding of a chunked help center live in their
//! own wasm parts (split at these functions by the build, see `guichet-content split-wasm`),
//! fetched the first time one is needed; the article's part is prefetched as soon as results
//! are on screen, the contacts and ticket parts once results or an article are. A part that
//! fails to load (offline, server error) shows an error with Try again instead of stopping the
//! pane; nothing the visitor typed is lost (drafts and queued tickets live in local storage).
//! The outbox's code (the one submission path, [`crate::submit`]) is in the ticket form's part:
//! a page where a ticket waits fetches it at mount ([`outbox`]).

use crate::i18n::tr;
use crate::state::Ctx;
use guichet_core::directory::Directory;
use guichet_core::search::{ArticleChunk, Bundle, Needs, SearchIndex, Shard, WordsPart};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

/// A screen that is shown once its part has loaded.
type Loaded = Result<AnyView, SplitLoaderError>;

#[wasm_split(ticket, fallible, preload(preload_ticket))]
fn ticket_screen() -> Loaded {
    Ok(untrack(|| view! { <crate::routes::ticket::TicketScreen/> }.into_any()))
}

#[wasm_split(contacts, fallible, preload(preload_contacts))]
fn contact_screen() -> Loaded {
    Ok(untrack(|| view! { <crate::routes::contact::ContactScreen/> }.into_any()))
}

#[wasm_split(article, fallible, preload(preload_article))]
fn article_screen(id: String, anchor: String, locale: Option<guichet_core::Locale>) -> Loaded {
    Ok(untrack(|| view! { <crate::routes::article::ArticleScreen id=id anchor=anchor locale=locale/> }.into_any()))
}

#[wasm_split(requests, fallible)]
fn requests_screen() -> Loaded {
    Ok(untrack(|| view! { <crate::routes::requests::RequestsScreen/> }.into_any()))
}

/// The message of a part that could not be fetched, for logs and errors that name a URL.
pub const PART_FAILED: &str = "the pane's code for this could not be loaded";

/// [`PART_FAILED`] for what `url` holds (`"<url>: the pane's code…"`).
pub fn part_failed(url: &str) -> String {
    format!("{url}: {PART_FAILED}")
}

/// Decodes `directory.json` (the directory's serde code is large, and needed only after the
/// first result). Errors: the outer one when the part could not be fetched, the inner one
/// serde_json's for a malformed directory.
#[wasm_split(directory, fallible)]
pub fn decode_directory(json: String) -> Result<Result<Directory, String>, SplitLoaderError> {
    Ok(serde_json::from_str(&json).map_err(|e| e.to_string()))
}

/// The search index of a chunked help center's manifest (`json`), in a part of its own with
/// the decoding of shards and articles ([`add_parts`]): portals whose help center is whole never
/// fetch it. Errors: the outer one when the part could not be fetched, the inner one a JSON
/// that is not a manifest, or one of another format.
#[wasm_split(chunks, fallible, preload(preload_chunks))]
pub fn chunked_index(json: String) -> Result<Result<SearchIndex, String>, SplitLoaderError> {
    Ok(Bundle::manifest_from_json(&json).and_then(SearchIndex::from_manifest))
}

/// What a chunked `index` lacks to answer `query` with `limit` hits (see
/// [`SearchIndex::needs`]), in the part of the chunked help center's code. Errors: the part
/// could not be fetched.
#[wasm_split(chunks, fallible)]
pub fn needs(index: Rc<SearchIndex>, query: String, limit: usize) -> Result<Needs, SplitLoaderError> {
    Ok(index.needs(&query, limit))
}

/// Decodes fetched parts of a chunked help center (`(url, text)` of vocabulary parts, shards
/// and articles, told by their file names) and adds them to `index`. Errors: the outer one
/// when the part could not be fetched, the inner one the first part that is not valid JSON or
/// does not fit the index (it names the URL).
#[wasm_split(chunks, fallible)]
pub fn add_parts(index: Rc<SearchIndex>, parts: crate::api::Texts) -> Result<Result<(), String>, SplitLoaderError> {
    let add = |url: &str, json: &str| -> Result<(), String> {
        let file = url.rsplit('/').next().unwrap_or(url);
        if file.starts_with("words-") {
            index.add_words(serde_json::from_str::<WordsPart>(json).map_err(|e| e.to_string())?)
        } else if file.starts_with("shard-") {
            index.add_shard(serde_json::from_str::<Shard>(json).map_err(|e| e.to_string())?)
        } else {
            index.add_article(serde_json::from_str::<ArticleChunk>(json).map_err(|e| e.to_string())?)
        }
    };
    Ok(parts.iter().try_for_each(|(url, json)| add(url, json).map_err(|e| format!("{url}: {e}"))))
}

/// What [`outbox`] does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutboxAction {
    /// Reads the outbox from local storage if needed, then sends its first ticket.
    Flush,
    /// Removes the ticket with this idempotency key (its draft stays).
    Cancel(String),
}

#[wasm_split(ticket, fallible)]
fn outbox_in_part(ctx: Ctx, action: OutboxAction) -> Result<(), SplitLoaderError> {
    match action {
        OutboxAction::Flush => crate::submit::restore_and_flush(ctx),
        OutboxAction::Cancel(key) => crate::submit::cancel(ctx, &key),
    }
    Ok(())
}

/// Runs `action` on the outbox once the ticket form's part is there (the submission path and
/// the ticket's serde code live in it: a first open with nothing queued does not fetch them).
/// When the part cannot be fetched (offline), the queued tickets stay in local storage: the
/// browser's next `online` event, or the next mount, tries again.
pub fn outbox(ctx: Ctx, action: OutboxAction) {
    leptos::task::spawn_local(async move {
        let _ = outbox_in_part(ctx, action).await;
    });
}

/// Which on-demand screen.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Part {
    /// An article (see [`Screen::Article`](crate::state::Screen::Article)).
    Article {
        id: String,
        anchor: String,
        locale: Option<guichet_core::Locale>,
    },
    Ticket,
    Contacts,
    Requests,
}

impl Part {
    fn load(self) -> Pin<Box<dyn Future<Output = Loaded>>> {
        match self {
            Part::Article { id, anchor, locale } => Box::pin(article_screen(id, anchor, locale)),
            Part::Ticket => Box::pin(ticket_screen()),
            Part::Contacts => Box::pin(contact_screen()),
            Part::Requests => Box::pin(requests_screen()),
        }
    }
}

/// Fetches the article screen's code in the background, once per page, as soon as results are
/// on screen and nothing the first results need is still being fetched: opening a result is
/// what a visitor does next. A failure is ignored here and met again, with Try again, when an
/// article is opened.
pub fn prefetch_article() {
    thread_local!(static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !DONE.with(|d| d.replace(true)) {
        leptos::task::spawn_local(async {
            let _ = preload_article().await;
        });
    }
}

/// Delay from the first results (or article) on screen to the prefetch of the next screens:
/// what the first result needs (the other language's help center, the glossary, the
/// directory) is fetched first, without these parts sharing a slow connection with it.
const PREFETCH_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);

/// Fetches the code of the support contacts and the ticket form in the background, once per
/// page, [`PREFETCH_AFTER`] after results or an article are on screen: these screens then open
/// at once (and the ticket form still opens if the connection drops while the visitor reads).
/// A failure is ignored here and met again, with Try again, when the screen is opened.
pub fn prefetch_escalation() {
    thread_local!(static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !DONE.with(|d| d.replace(true)) {
        set_timeout(
            || {
                leptos::task::spawn_local(async {
                    let _ = futures::future::join(preload_contacts(), preload_ticket()).await;
                })
            },
            PREFETCH_AFTER,
        );
    }
}

/// Shows `part`: "Loading…" until its code is there (at once when it already is), then the
/// screen; an error with Try again when the code could not be fetched.
#[component]
pub fn OnDemand(part: Part) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let attempt = RwSignal::new(0u32);
    let screen = move || {
        attempt.track();
        let part = part.clone();
        // Built inside the suspended future, which runs with this owner (contexts) and, through
        // `untrack`, without subscribing the screen switch to what the screen reads.
        Suspend::new(send_wrapper::SendWrapper::new(async move {
            match part.load().await {
                Ok(view) => view,
                Err(_) => view! {
                    <div class="g-ticket">
                        <p class="g-error" role="alert">{move || tr!(loc.get(), load_error)}</p>
                        <button type="button" class="g-button g-secondary" on:click=move |_| attempt.update(|a| *a += 1)>
                            {move || tr!(loc.get(), retry)}
                        </button>
                    </div>
                }
                .into_any(),
            }
        }))
    };
    view! {
        <Suspense fallback=move || view! { <p class="g-muted" role="status">{move || tr!(loc.get(), loading)}</p> }>
            {screen}
        </Suspense>
    }
}
