//! The help-center model: articles split into sections, as bundled for the pane.
//!
//! The content CLI (`guichet build`) reads Markdown with front matter from `content/` and
//! writes one [`HelpCenter`] per locale as JSON (`public/bundle/help-center.<locale>.json`).

use crate::Locale;
use serde::{Deserialize, Serialize};

/// One section of an article: the text under one heading (the lead before the first
/// heading is a section with an empty `heading` and `anchor`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// URL fragment of the heading (`"phone-numbers"`), empty for the lead.
    pub anchor: String,
    /// Heading text, plain; empty for the lead.
    pub heading: String,
    /// Plain text of the section (Markdown stripped), used for indexing and snippets.
    pub text: String,
    /// Sanitised HTML of the section body, heading excluded (ammonia-cleaned by the CLI).
    pub html: String,
}

/// A self-service article in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier shared by the translations of one article (`"severity-levels"`).
    pub id: String,
    /// Locale of this translation.
    pub locale: Locale,
    /// Title, plain text.
    pub title: String,
    /// Free keywords from the front matter, used for search.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Date of last update, ISO 8601 (`YYYY-MM-DD`).
    pub updated: String,
    /// Section of the help center the article belongs to (`"tickets"`, `"phone"`...).
    #[serde(default)]
    pub section: String,
    /// Body sections in document order; the first one is the lead.
    pub sections: Vec<Section>,
}

/// All articles of one locale: the bundle the pane loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpCenter {
    /// Locale of every article in the bundle.
    pub locale: Locale,
    /// Articles, sorted by id.
    pub articles: Vec<Article>,
}

impl HelpCenter {
    /// The article with `id`, if present.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }
}
