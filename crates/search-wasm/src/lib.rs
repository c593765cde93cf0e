//! Guichet's search (guichet-core's [`SearchIndex`]) exported to JavaScript on its own, so the
//! engine benchmark can load it beside MiniSearch, FlexSearch, Lunr and Pagefind and count
//! its bytes alone (the pane embeds the same code).

use guichet_core::help_center::HelpCenter;
use guichet_core::search::SearchIndex;
use wasm_bindgen::prelude::*;

/// A built search index.
#[wasm_bindgen]
pub struct Engine(SearchIndex);

#[wasm_bindgen]
impl Engine {
    /// Builds the index from a help-center bundle (`help-center.<locale>.json` text).
    /// Errors: the JSON does not parse as a help center (message names the position).
    #[wasm_bindgen(constructor)]
    pub fn new(help_center_json: &str) -> Result<Engine, JsError> {
        let hc: HelpCenter = serde_json::from_str(help_center_json)?;
        Ok(Engine(SearchIndex::build(hc)))
    }

    /// Article ids of the best `limit` hits for `query`, best first (the ranking of the
    /// pane's search, without building its highlighted titles and snippets).
    pub fn search(&self, query: &str, limit: usize) -> Vec<String> {
        self.0.search_ids(query, limit).into_iter().map(|(id, _)| id.to_string()).collect()
    }
}
