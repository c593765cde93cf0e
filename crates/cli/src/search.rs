//! `guichet-content search`: what the pane shows for a query, from a content folder — the hits
//! of the visitor's language, then those of the other language the glossary finds when the
//! first do not answer every word (how a portal owner checks why a question finds nothing).

use guichet_core::search::glossary::{across, coverage, Glossary};
use guichet_core::search::Hit;
use guichet_core::Locale;
use std::path::Path;

/// The content's glossary (`CONTENT/glossary.tsv`), empty when absent. Errors: the file's.
pub fn glossary(content: &Path) -> Result<Glossary, String> {
    let path = content.join("glossary.tsv");
    match std::fs::read_to_string(&path) {
        Ok(text) => Glossary::from_tsv(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(_) => Ok(Glossary::default()),
    }
}

fn line(h: &Hit, locale: Option<Locale>) -> String {
    let title: String = h.title.iter().map(|f| f.text.as_str()).collect();
    let tag = locale.map_or(String::new(), |l| format!(" [{}]", l.tag()));
    format!("  {:.0}% {}{tag} — {} (#{})", coverage(h) * 100.0, title, h.article_id, h.anchor)
}

/// Runs `query` as a visitor of `locale` would; one line per hit with the share of the
/// query's words it answers. Errors: unreadable content.
pub fn run(content: &Path, locale: Locale, query: &str) -> Result<String, String> {
    let own = crate::eval::load(content, locale)?;
    let other = crate::eval::load(content, locale.other())?;
    let g = glossary(content)?;
    let hits = own.search(query, 8);
    let mut out = format!("{} hits in {}:\n", hits.len(), locale.tag());
    for h in &hits {
        out.push_str(&line(h, None));
        out.push('\n');
    }
    let more = across(&hits, &other, &g, query, locale, 8);
    if let Some(t) = g.translate(query, locale, other.locale()) {
        out.push_str(&format!("query in {}: {t}\n", other.locale().tag()));
    }
    out.push_str(&format!("{} hits in {} shown after them:\n", more.len(), other.locale().tag()));
    for h in &more {
        out.push_str(&line(h, Some(other.locale())));
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_question_finds_a_french_only_answer_through_the_glossary() {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::write(
            articles.join("remboursements.fr.md"),
            "---\nid: remboursements\ntitle: Remboursements Marketplace\nlocale: fr\nupdated: 2026-11-01\n---\nDemandez un remboursement pour le compte d’un client.\n",
        )
        .unwrap();
        std::fs::write(
            articles.join("marketplace.en.md"),
            "---\nid: marketplace\ntitle: Publishing on the Marketplace\nlocale: en\nupdated: 2026-11-01\n---\nList an offer on the Marketplace.\n",
        )
        .unwrap();
        // Without a glossary, "refund" finds nothing in French: the English half-answer stays alone.
        let out = run(dir.path(), Locale::En, "marketplace refund ").unwrap();
        assert!(out.contains("1 hits in en:") && out.contains("0 hits in fr shown"), "{out}");
        std::fs::write(dir.path().join("glossary.tsv"), "en\tfr\nrefund\tremboursement\n").unwrap();
        let out = run(dir.path(), Locale::En, "marketplace refund ").unwrap();
        assert!(out.contains("query in fr: marketplace remboursement"), "{out}");
        assert!(out.contains("1 hits in fr shown after them:\n  100% Remboursements Marketplace [fr]"), "{out}");
        // A complete English answer needs no French.
        let out = run(dir.path(), Locale::En, "marketplace offer ").unwrap();
        assert!(out.contains("0 hits in fr shown"), "{out}");
        std::fs::write(dir.path().join("glossary.tsv"), "english\n").unwrap();
        assert!(run(dir.path(), Locale::En, "x").unwrap_err().contains("glossary.tsv: line 1"));
    }
}
