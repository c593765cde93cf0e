//! `guichet-content check`: what a help center's authors should fix before publishing. Reads
//! `CONTENT/articles` as `build` does and reports:
//! - broken links: an in-pane link (`#target`) that names neither an article (in any locale)
//!   nor a section of its own article;
//! - empty articles: no text in any section;
//! - missing translations: an article some carried locale lacks (a warning: the pane shows the
//!   other locale's article, marked with its language).
//!
//! Exit status 1 when there is a broken link or an empty article.

use crate::build::read_articles;
use guichet_core::Locale;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

static HASH_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r##"href="#([^"]*)""##).unwrap());

/// The findings, each naming the article and locale.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Articles read, per locale.
    pub articles: BTreeMap<Locale, usize>,
    /// `article (locale): link to #target goes nowhere`.
    pub broken_links: Vec<String>,
    /// `article (locale)`.
    pub empty: Vec<String>,
    /// `article: only in <locales>`.
    pub untranslated: Vec<String>,
}

impl Report {
    /// Whether publishing should wait (broken links or empty articles).
    pub fn failed(&self) -> bool {
        !self.broken_links.is_empty() || !self.empty.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts: Vec<String> = self.articles.iter().map(|(l, n)| format!("{} {n}", l.tag())).collect();
        writeln!(f, "articles: {}", counts.join(", "))?;
        for (what, list) in [
            ("broken links", &self.broken_links),
            ("empty articles", &self.empty),
            ("missing translations (warning)", &self.untranslated),
        ] {
            writeln!(f, "{what}: {}", list.len())?;
            for x in list {
                writeln!(f, "  {x}")?;
            }
        }
        Ok(())
    }
}

/// Checks `content`. Errors: articles that do not parse (as `build`), or a report with
/// broken links or empty articles (its text).
pub fn run(content: &Path) -> Result<Report, String> {
    let by_locale = read_articles(content)?;
    let ids: BTreeSet<&str> = by_locale.values().flatten().map(|a| a.id.as_str()).collect();
    let mut report = Report { articles: by_locale.iter().map(|(l, v)| (*l, v.len())).collect(), ..Report::default() };
    for (locale, articles) in &by_locale {
        for a in articles {
            let anchors: BTreeSet<&str> = a.sections.iter().map(|s| s.anchor.as_str()).collect();
            for s in &a.sections {
                for c in HASH_LINK.captures_iter(&s.html) {
                    let target = &c[1];
                    if !ids.contains(target) && !anchors.contains(target) {
                        report.broken_links.push(format!(
                            "{} ({}): link to #{target} goes nowhere",
                            a.id,
                            locale.tag()
                        ));
                    }
                }
            }
            if a.sections.iter().all(|s| s.text.trim().is_empty()) {
                report.empty.push(format!("{} ({})", a.id, locale.tag()));
            }
        }
    }
    if by_locale.len() > 1 {
        for id in &ids {
            let has: Vec<&str> =
                by_locale.iter().filter(|(_, v)| v.iter().any(|a| a.id == *id)).map(|(l, _)| l.tag()).collect();
            if has.len() < by_locale.len() {
                report.untranslated.push(format!("{id}: only in {}", has.join(", ")));
            }
        }
    }
    if report.failed() {
        return Err(report.to_string());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ART: &str = "---\nid: ID\ntitle: T\nlocale: LOC\ntags: []\nupdated: 2026-12-01\n---\nBODY\n";

    fn write(dir: &Path, id: &str, locale: &str, body: &str) {
        let text = ART.replace("ID", id).replace("LOC", locale).replace("BODY", body);
        std::fs::write(dir.join(format!("{id}.{locale}.md")), text).unwrap();
    }

    #[test]
    fn the_shipped_help_center_and_the_example_portal_pass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let r = run(&root.join("content")).unwrap_or_else(|e| panic!("content: {e}"));
        assert!(r.untranslated.is_empty(), "content: {r}");
        // The example portal has one article in French on purpose (SEPA direct debit, for
        // euro accounts): English visitors reach it through its glossary.
        let r = run(&root.join("examples/acme/content")).unwrap();
        let only: Vec<&str> = r.untranslated.iter().map(String::as_str).collect();
        assert_eq!(only, ["sepa-direct-debit: only in fr"], "{r}");
    }

    #[test]
    fn broken_links_empty_articles_and_missing_translations_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let arts = dir.path().join("articles");
        std::fs::create_dir_all(&arts).unwrap();
        write(&arts, "setup", "en", "See [billing](#billing) and [proxy](#proxy).\n\n## Proxy\n\nSet it.");
        write(&arts, "billing", "en", "Invoices. See [nothing](#nowhere).");
        write(&arts, "billing", "fr", "Factures.");
        write(&arts, "blank", "en", "");
        let e = run(dir.path()).unwrap_err();
        assert!(e.contains("broken links: 1\n  billing (en): link to #nowhere goes nowhere"), "{e}");
        assert!(e.contains("empty articles: 1\n  blank (en)"), "{e}");
        assert!(e.contains("setup: only in en"), "{e}");
        // Fixed: only the warning is left, and the check passes.
        write(&arts, "billing", "en", "Invoices.");
        write(&arts, "blank", "en", "Now with text.");
        let r = run(dir.path()).unwrap();
        assert!(!r.failed());
        assert_eq!(r.untranslated, ["blank: only in en", "setup: only in en"]);
    }
}
