//! Guichet's search (guichet-core's [`SearchIndex`]) exported to JavaScript on its own, so the
//! engine benchmark can load it beside MiniSearch, FlexSearch, Lunr and Pagefind and count
//! its bytes alone (the pane embeds the same code).

use guichet_core::search::{ArticleChunk, Bundle, SearchIndex, Shard, WordsPart};
use wasm_bindgen::prelude::*;

/// A search index: whole, or chunked (parts fetched by the caller, see [`Engine::needs`]).
#[wasm_bindgen]
pub struct Engine(SearchIndex);

#[wasm_bindgen]
impl Engine {
    /// Builds the index from a help-center bundle (`help-center.<locale>.json` text: a whole
    /// help center or a chunked manifest).
    /// Errors: the JSON is neither (the message names the position).
    #[wasm_bindgen(constructor)]
    pub fn new(bundle_json: &str) -> Result<Engine, JsError> {
        Ok(Engine(Bundle::from_json(bundle_json).and_then(Bundle::into_index).map_err(|e| JsError::new(&e))?))
    }

    /// Parts a chunked index lacks to answer `query` with `limit` hits exactly, as paths
    /// relative to the manifest's folder (`words-<n>.json`, `shard-<n>.json`,
    /// `article-<n>.json`); empty when nothing is missing.
    pub fn needs(&self, query: &str, limit: usize) -> Vec<String> {
        let n = self.0.needs(query, limit);
        n.words
            .iter()
            .map(|w| format!("words-{w}.json"))
            .chain(n.shards.iter().map(|s| format!("shard-{s}.json")))
            .chain(n.articles.iter().map(|a| format!("article-{a}.json")))
            .collect()
    }

    /// Adds a fetched part (`path` as given by [`Engine::needs`], `json` its text).
    /// Errors: an unknown path, JSON that is not such a part, a part of another bundle.
    pub fn add(&self, path: &str, json: &str) -> Result<(), JsError> {
        let r = if path.starts_with("words-") {
            serde_json::from_str::<WordsPart>(json).map_err(|e| e.to_string()).and_then(|w| self.0.add_words(w))
        } else if path.starts_with("shard-") {
            serde_json::from_str::<Shard>(json).map_err(|e| e.to_string()).and_then(|s| self.0.add_shard(s))
        } else if path.starts_with("article-") {
            serde_json::from_str::<ArticleChunk>(json).map_err(|e| e.to_string()).and_then(|a| self.0.add_article(a))
        } else {
            Err(format!("unknown part {path:?}"))
        };
        r.map_err(|e| JsError::new(&format!("{path}: {e}")))
    }

    /// Article ids of the best `limit` hits for `query`, best first (the ranking of the
    /// pane's search, without building its highlighted titles and snippets).
    pub fn search(&self, query: &str, limit: usize) -> Vec<String> {
        self.0.search_ids(query, limit).into_iter().map(|(id, _)| id.to_string()).collect()
    }
}
