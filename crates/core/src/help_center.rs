//! The help-center model: articles split into sections, as bundled for the pane.
//!
//! The content CLI (`guichet build`) reads Markdown with front matter from `content/` and
//! writes one [`HelpCenter`] per locale as JSON (`public/bundle/help-center.<locale>.json`).

use crate::Locale;
use serde::{Deserialize, Serialize};

/// One section of an article: the text under one heading (the lead before the first
/// heading is a section with an empty `heading` and `anchor`). Empty fields are left out of
/// the JSON (and read back as empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// URL fragment of the heading (`"phone-numbers"`), empty for the lead.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub anchor: String,
    /// Heading text, plain; empty for the lead.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub heading: String,
    /// Plain text of the section (Markdown stripped), used for indexing and snippets.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Sanitised HTML of the section body, heading excluded (ammonia-cleaned by the CLI).
    #[serde(default, skip_serializing_if = "String::is_empty")]
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
    /// Place in the help center's promoted articles (1 = first), shown when the pane opens
    /// (Zendesk's "promoted articles"); `None`: not promoted. Front matter `promoted: 1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted: Option<u32>,
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
    /// Synonym rules searches apply (shipped defaults and the portal's own, merged by the
    /// content CLI from `synonyms.toml`); absent in the JSON when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<crate::search::Synonym>,
}

impl HelpCenter {
    /// The article with `id`, if present.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// The articles to offer before any query, at most `n`: the promoted ones by their
    /// place (ties by id); when none is promoted, the most recently updated (ties by id).
    pub fn popular(&self, n: usize) -> Vec<&Article> {
        let mut promoted: Vec<&Article> = self.articles.iter().filter(|a| a.promoted.is_some()).collect();
        if promoted.is_empty() {
            let mut recent: Vec<&Article> = self.articles.iter().collect();
            crate::sort::sort_by(&mut recent, |a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
            recent.truncate(n);
            return recent;
        }
        crate::sort::sort_by(&mut promoted, |a, b| a.promoted.cmp(&b.promoted).then_with(|| a.id.cmp(&b.id)));
        promoted.truncate(n);
        promoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, updated: &str, promoted: Option<u32>) -> Article {
        Article {
            id: id.into(),
            locale: Locale::En,
            title: id.to_uppercase(),
            tags: vec![],
            updated: updated.into(),
            section: String::new(),
            promoted,
            sections: vec![],
        }
    }

    fn ids(v: Vec<&Article>) -> Vec<&str> {
        v.into_iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn popular_is_the_promoted_articles_in_their_order() {
        let hc = HelpCenter {
            locale: Locale::En,
            synonyms: vec![],
            articles: vec![
                article("a", "2026-01-01", Some(2)),
                article("b", "2026-12-01", None),
                article("c", "2026-01-01", Some(1)),
                article("d", "2026-01-01", Some(2)),
            ],
        };
        assert_eq!(ids(hc.popular(5)), ["c", "a", "d"]);
        assert_eq!(ids(hc.popular(2)), ["c", "a"]);
    }

    #[test]
    fn without_promoted_articles_popular_is_the_latest_updated() {
        let hc = HelpCenter {
            locale: Locale::En,
            synonyms: vec![],
            articles: vec![
                article("a", "2026-01-01", None),
                article("b", "2026-12-01", None),
                article("c", "2026-06-01", None),
                article("d", "2026-06-01", None),
            ],
        };
        assert_eq!(ids(hc.popular(3)), ["b", "c", "d"]);
        assert!(HelpCenter { locale: Locale::En, articles: vec![], synonyms: vec![] }.popular(5).is_empty());
    }

    #[test]
    fn promoted_is_omitted_from_the_json_when_absent() {
        let json = serde_json::to_string(&article("a", "2026-01-01", None)).unwrap();
        assert!(!json.contains("promoted"), "{json}");
        let back: Article =
            serde_json::from_str(&serde_json::to_string(&article("a", "2026-01-01", Some(3))).unwrap()).unwrap();
        assert_eq!(back.promoted, Some(3));
    }
}
