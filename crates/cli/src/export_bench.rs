//! `guichet-content export-bench --out DIR`: the shared input of the side-by-side engine
//! benchmark (`scripts/bench-search-engines.sh`). Every engine indexes the same corpora:
//!
//! - `labelled-fr`, `labelled-en`: the default help center (the labelled queries' corpus);
//! - `1k`, `20k`: synthetic English help centers of 1,000 and 20,000 articles ([`synthetic`]).
//!
//! For each corpus `NAME` it writes `hc-NAME.json` (Guichet's help-center bundle),
//! `chunked-NAME.json` and `chunked-NAME/` (the same help center as a chunked bundle),
//! `docs-NAME.json` (`[{id, lang, title, headings, tags, body}]` for the JavaScript engines)
//! and `html/NAME/<id>.html` (one page per article for Pagefind's indexer, the id in
//! `data-pagefind-meta`). `queries.json` holds the labelled set (`[{locale, query,
//! expected}]`).

use crate::bench::synthetic;
use crate::eval::{load, read_set};
use guichet_core::help_center::HelpCenter;
use guichet_core::Locale;
use serde_json::json;
use std::path::Path;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn write_corpus(out: &Path, name: &str, hc: &HelpCenter) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", out.display());
    std::fs::write(out.join(format!("hc-{name}.json")), serde_json::to_string(hc).map_err(|e| e.to_string())?)
        .map_err(io)?;
    crate::chunked::write(out, &format!("chunked-{name}"), &guichet_core::search::SearchIndex::build(hc.clone()))?;
    let lang = hc.locale.tag();
    let docs: Vec<serde_json::Value> = hc
        .articles
        .iter()
        .map(|a| {
            let headings: Vec<&str> = a.sections.iter().map(|s| s.heading.as_str()).filter(|h| !h.is_empty()).collect();
            let body: Vec<&str> = a.sections.iter().map(|s| s.text.as_str()).collect();
            json!({ "id": a.id, "lang": lang, "title": a.title, "headings": headings.join(" \n"), "tags": a.tags.join(" "), "body": body.join(" \n") })
        })
        .collect();
    std::fs::write(out.join(format!("docs-{name}.json")), serde_json::to_string(&docs).map_err(|e| e.to_string())?)
        .map_err(io)?;
    let dir = out.join("html").join(name);
    std::fs::create_dir_all(&dir).map_err(io)?;
    for a in &hc.articles {
        let mut html = format!(
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{t}</title></head><body data-pagefind-body><span data-pagefind-meta=\"id:{id}\"></span><h1>{t}</h1><p data-pagefind-weight=\"5\">{tags}</p>",
            t = escape(&a.title),
            id = escape(&a.id),
            tags = escape(&a.tags.join(" "))
        );
        for s in &a.sections {
            if !s.heading.is_empty() {
                html.push_str(&format!("<h2>{}</h2>", escape(&s.heading)));
            }
            html.push_str(&format!("<p>{}</p>", escape(&s.text)));
        }
        html.push_str("</body></html>\n");
        std::fs::write(dir.join(format!("{}.html", a.id)), html).map_err(io)?;
    }
    Ok(())
}

/// Writes the benchmark input for `sizes` synthetic English corpora; returns a summary.
pub fn run(content: &Path, out: &Path, sizes: &[usize]) -> Result<String, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut summary = String::new();
    for l in [Locale::Fr, Locale::En] {
        let hc = load(content, l)?.help_center().clone();
        summary.push_str(&format!("labelled-{l}: {} articles\n", hc.articles.len()));
        write_corpus(out, &format!("labelled-{l}"), &hc)?;
    }
    for &n in sizes {
        let hc = synthetic(content, Locale::En, n)?;
        let name = if n % 1000 == 0 { format!("{}k", n / 1000) } else { n.to_string() };
        summary.push_str(&format!("{name}: {} articles\n", hc.articles.len()));
        write_corpus(out, &name, &hc)?;
    }
    let set = read_set(&std::fs::read_to_string(content.join("search-eval.tsv")).map_err(|e| e.to_string())?)?;
    let queries: Vec<_> =
        set.iter().map(|q| json!({ "locale": q.locale.tag(), "query": q.query, "expected": q.expected })).collect();
    std::fs::write(out.join("queries.json"), serde_json::to_string(&queries).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    summary.push_str(&format!("queries: {}\n", queries.len()));
    Ok(summary)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_every_corpus_in_three_forms() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let out = tempfile::tempdir().unwrap();
        let summary = super::run(&root, out.path(), &[50]).unwrap();
        assert!(summary.contains("50: 50 articles"), "{summary}");
        for name in ["labelled-fr", "labelled-en", "50"] {
            let docs: Vec<serde_json::Value> =
                serde_json::from_str(&std::fs::read_to_string(out.path().join(format!("docs-{name}.json"))).unwrap())
                    .unwrap();
            assert!(!docs.is_empty());
            let id = docs[0]["id"].as_str().unwrap();
            let page = std::fs::read_to_string(out.path().join(format!("html/{name}/{id}.html"))).unwrap();
            assert!(page.contains(&format!("data-pagefind-meta=\"id:{id}\"")), "{page}");
            assert!(out.path().join(format!("hc-{name}.json")).exists());
            assert!(out.path().join(format!("chunked-{name}.json")).exists());
            assert!(out.path().join(format!("chunked-{name}/article-0.json")).exists());
        }
        let q: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(out.path().join("queries.json")).unwrap()).unwrap();
        assert!(q.len() >= 60);
    }
}
