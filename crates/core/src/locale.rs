//! Locales of the pane and of the help center.

use serde::{Deserialize, Serialize};

/// A locale of the pane, identified by its BCP 47 primary language subtag.
///
/// The UI speaks French, English and German. The default help center ships articles in French
/// and English; a locale without articles reads those of [`Locale::other`] (German reads
/// English). Which locale a visitor gets: [`Locale::negotiate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// French (`fr`, `fr-FR`, `fr-CA`, ...).
    Fr,
    /// English (`en`, `en-US`, `en-GB`, ...).
    En,
    /// German (`de`, `de-DE`, `de-AT`, `de-CH`, ...).
    De,
}

impl Locale {
    /// Every supported locale, in display order.
    pub const ALL: [Locale; 3] = [Locale::Fr, Locale::En, Locale::De];

    /// The BCP 47 tag used in file names and API payloads: `"fr"`, `"en"` or `"de"`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
            Locale::De => "de",
        }
    }

    /// Parses a BCP 47 tag (`"fr-CH"`, `"en_GB"`, `"FR"`); only the primary language subtag
    /// counts. Returns `None` for languages the help center does not carry.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            "de" => Some(Locale::De),
            _ => None,
        }
    }

    /// The pane's locale for a visitor: the host's explicit setting (`data-locale`) if
    /// supported, else the browser's language if supported, else the page's language
    /// (`<html lang>`) if supported (a Spanish browser on a French portal gets French), else
    /// English. Tags are BCP 47; only the primary subtag counts.
    pub fn negotiate(explicit: Option<&str>, browser: &str, page: Option<&str>) -> Locale {
        explicit
            .and_then(Locale::parse)
            .or_else(|| Locale::parse(browser))
            .or_else(|| page.and_then(Locale::parse))
            .unwrap_or(Locale::En)
    }

    /// The locale whose articles stand in when this one has none or none match (the explicit
    /// search fallback): English for French and German, French for English.
    pub fn other(self) -> Locale {
        match self {
            Locale::Fr | Locale::De => Locale::En,
            Locale::En => Locale::Fr,
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_primary_subtag_only() {
        assert_eq!(Locale::parse("fr-CH"), Some(Locale::Fr));
        assert_eq!(Locale::parse("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::parse("de-AT"), Some(Locale::De));
        assert_eq!(Locale::parse("it-IT"), None);
        assert_eq!(Locale::parse(""), None);
    }

    #[test]
    fn negotiation_prefers_the_host_then_the_browser_then_the_page() {
        assert_eq!(Locale::negotiate(Some("de"), "fr-FR", Some("en")), Locale::De);
        assert_eq!(Locale::negotiate(Some("xx"), "fr-FR", Some("en")), Locale::Fr);
        assert_eq!(Locale::negotiate(None, "es-ES", Some("fr-BE")), Locale::Fr);
        assert_eq!(Locale::negotiate(None, "es-ES", Some("it")), Locale::En);
        assert_eq!(Locale::negotiate(None, "", None), Locale::En);
    }

    #[test]
    fn unknown_languages_fall_back_to_english() {
        assert_eq!(Locale::negotiate(None, "ja-JP", None), Locale::En);
        assert_eq!(Locale::negotiate(None, "fr", None), Locale::Fr);
        assert_eq!(Locale::Fr.other(), Locale::En);
        assert_eq!(Locale::De.other(), Locale::En);
        assert_eq!(Locale::En.other(), Locale::Fr);
    }
}
