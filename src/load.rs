//! Loading what the pane reads: the help center of the content locale (whole, or a chunked
//! one's parts as queries and articles need them), the other locale's for fallback results,
//! and the support directory. Each loader fetches through `api`, then writes the state only
//! if the pane is still mounted ([`Ctx::spawn`]); failures go to `load_error` with Retry.

use crate::api;
use crate::state::Ctx;
use guichet_core::search::{Needs, SearchIndex};
use leptos::prelude::*;
use std::rc::Rc;

/// Loads (or reloads) the help center for the current locale.
pub fn index(ctx: Ctx) {
    let l = ctx.locale.get_untracked();
    ctx.load_error.set(None);
    let cfg = ctx.config.get_value();
    ctx.spawn(async move { api::help_center_for(&cfg, l).await }, move |loaded| {
        match loaded {
            Ok(index) if ctx.locale.get_untracked() == l => {
                // A fallback fetched before these articles (for a query that came first) in
                // their own language (a German UI reading English articles) is no fallback.
                let other = index.help_center().locale.other();
                if ctx.fallback.with_untracked(|f| f.as_ref().is_some_and(|f| f.locale() != other)) {
                    ctx.fallback.set(None);
                }
                ctx.index.set(Some(Rc::new(index)));
            }
            Ok(_) => {}
            Err(e) => ctx.load_error.set(Some(e)),
        }
    });
}

/// Loads the help center in the other content locale for fallback and cross-language results,
/// with the glossary that puts queries into its language, once. After a failed fetch it asks
/// again only for another query, and never when the bundle has no help center in that locale
/// (HTTP 404) (see [`Ctx::fallback_failed`]).
pub fn fallback(ctx: Ctx) {
    if ctx.fallback.with_untracked(Option::is_some) || ctx.fallback_loading.get_untracked() {
        return;
    }
    let other = untrack(|| ctx.content_locale()).other();
    let query = ctx.query.get_untracked();
    let failed = ctx
        .fallback_failed
        .with_untracked(|f| f.as_ref().is_some_and(|(l, q)| *l == other && q.as_ref().is_none_or(|q| *q == query)));
    if failed {
        return;
    }
    ctx.fallback_loading.set(true);
    let cfg = ctx.config.get_value();
    let work = async move {
        let (index, glossary) = futures::join!(api::fetch_help_center(&cfg, other), api::glossary(&cfg));
        (index, glossary.unwrap_or_default())
    };
    ctx.spawn(work, move |(loaded, glossary)| {
        ctx.glossary.set(Some(std::sync::Arc::new(glossary)));
        match loaded {
            Ok(index) => {
                if untrack(|| ctx.content_locale()).other() == other {
                    ctx.fallback.set(Some(Rc::new(index)));
                }
            }
            Err((status, _)) => ctx.fallback_failed.set(Some((other, (status != Some(404)).then_some(query)))),
        }
        ctx.fallback_loading.set(false);
    });
}

/// For a chunked help center: fetches what `index` lacks to answer `query` with `limit` hits
/// exactly (see [`SearchIndex::needs`]: the shards of its words and the vocabulary of the word
/// being typed, then the shards of its expansions, then the articles of its best candidates
/// when it has accents, then those of the hits shown),
/// bumping [`Ctx::parts`] after each round. Does nothing for a whole help center or when
/// nothing is missing. A failed fetch goes to `load_error` (the results shown stay those of
/// the parts already there).
pub fn parts(ctx: Ctx, index: Rc<SearchIndex>, query: String, limit: usize) {
    // Five rounds at most: stems' shards and the typed word's vocabulary; a typo's vocabulary
    // and the expansions' shards; a typo's shards; with accents, the candidates' articles;
    // the articles of the hits shown.
    parts_round(ctx, index, query, limit, 5);
}

fn parts_round(ctx: Ctx, index: Rc<SearchIndex>, query: String, limit: usize, rounds: u32) {
    if rounds == 0 || !index.is_chunked() {
        return;
    }
    let cfg = ctx.config.get_value();
    let work = {
        let (index, query) = (index.clone(), query.clone());
        async move {
            let needs = crate::lazy::needs(index.clone(), query, limit)
                .await
                .map_err(|_| crate::lazy::PART_FAILED.to_string())?;
            if needs.is_empty() {
                return Ok(false);
            }
            add_parts(cfg, index, needs).await.map(|()| true)
        }
    };
    ctx.spawn(work, move |added: Result<bool, String>| match added {
        Ok(true) => {
            ctx.parts.update(|n| *n += 1);
            parts_round(ctx, index, query, limit, rounds - 1);
        }
        Ok(false) => {}
        Err(e) => ctx.load_error.set(Some(e)),
    });
}

/// For a chunked help center: fetches article `id` in full if it is not there yet, then bumps
/// [`Ctx::parts`]. A failed fetch goes to `load_error`.
pub fn article(ctx: Ctx, index: Rc<SearchIndex>, id: String) {
    let Some(n) = index.article_number(&id).filter(|_| index.is_chunked() && index.article(&id).is_none()) else {
        return;
    };
    let cfg = ctx.config.get_value();
    let needs = Needs { articles: vec![n], ..Needs::default() };
    ctx.spawn(add_parts(cfg, index, needs), move |added| match added {
        Ok(()) => ctx.parts.update(|n| *n += 1),
        Err(e) => ctx.load_error.set(Some(e)),
    });
}

/// Loads the bundle's portal profile once (the ticket form waits for it); with `report`, a
/// failure goes to `load_error` with Retry (the contact screen, which only needs it for the
/// callback offer, loads it quietly).
pub fn profile(ctx: Ctx, report: bool) {
    if ctx.profile.with_untracked(Option::is_some) {
        return;
    }
    if report {
        ctx.load_error.set(None);
    }
    let cfg = ctx.config.get_value();
    ctx.spawn(async move { api::profile(&cfg).await }, move |loaded| match loaded {
        Ok(p) => ctx.profile.set(Some(std::sync::Arc::new(p))),
        Err(e) if report => ctx.load_error.set(Some(e)),
        Err(_) => {}
    });
}

/// Loads the directory once; then sets the visitor's region: the host's (`data-region`, an
/// ISO code or slug, mapped to its slug), else the one detected from the browser's language
/// and time zone, else the United States.
/// A call while it is being fetched does nothing; a failed fetch is tried again by the next call.
pub fn directory(ctx: Ctx) {
    if ctx.directory.with_untracked(Option::is_some) || ctx.directory_loading.get_untracked() {
        return;
    }
    ctx.directory_loading.set(true);
    let cfg = ctx.config.get_value();
    ctx.spawn(async move { api::directory(&cfg).await }, move |loaded| {
        ctx.directory_loading.set(false);
        let Ok(d) = loaded else { return };
        let region = match ctx.region.get_untracked() {
            None => d
                .detect_region(&ctx.browser_lang.get_value(), &ctx.visitor_zone())
                .or_else(|| d.region("US"))
                .map(|r| r.slug.clone()),
            Some(code) => Some(d.region(&code).or_else(|| d.by_slug(&code)).map_or(code, |r| r.slug.clone())),
        };
        ctx.region.set(region);
        ctx.directory.set(Some(Rc::new(d)));
    });
}

/// Fetches the parts `needs` lists and adds them to `index`; the code that decodes them comes
/// (in a part loaded on demand) while they download. Errors: the first failed fetch, part that
/// could not be decoded or added, or the decoding code not loaded (each names its URL).
async fn add_parts(cfg: crate::state::Config, index: Rc<SearchIndex>, needs: Needs) -> Result<(), String> {
    let locale = index.help_center().locale;
    let (fetched, _) = futures::join!(api::index_parts(&cfg, locale, &needs), crate::lazy::preload_chunks());
    crate::lazy::add_parts(index, fetched?).await.map_err(|_| crate::lazy::PART_FAILED.to_string())?
}
