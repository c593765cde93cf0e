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

/// Writes a real help center's corpora and queries for the benchmark. `spec` is
/// `NAME=CONTENT_DIR,SET.tsv`: for each locale the set has queries in, corpus `NAME-<locale>`
/// (the help center of `CONTENT_DIR` in that locale, synonyms included); the queries go to
/// `queries-NAME.json`, and `corpora.json` lists the real corpora written so far.
/// Errors: a malformed spec, an unreadable folder or set, an expected article that is not in
/// the corpus.
pub fn real(spec: &str, out: &Path) -> Result<String, String> {
    let (name, rest) =
        spec.split_once('=').ok_or_else(|| format!("--corpus {spec:?}: expected NAME=CONTENT_DIR,SET.tsv"))?;
    let (content, set) =
        rest.split_once(',').ok_or_else(|| format!("--corpus {spec:?}: expected NAME=CONTENT_DIR,SET.tsv"))?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("--corpus {spec:?}: NAME is letters, digits and dashes"));
    }
    let set = read_set(&std::fs::read_to_string(set).map_err(|e| format!("{set}: {e}"))?)?;
    let mut summary = String::new();
    let mut langs = Vec::new();
    for l in Locale::ALL {
        if !set.iter().any(|q| q.locale == l) {
            continue;
        }
        let idx = load(Path::new(content), l)?;
        for q in set.iter().filter(|q| q.locale == l) {
            if !q.answers().any(|id| idx.help_center().article(id).is_some()) {
                return Err(format!("{name}: {:?} expects {}, not in the {l} corpus", q.query, q.expected));
            }
        }
        let hc = idx.help_center().clone();
        summary.push_str(&format!("{name}-{l}: {} articles\n", hc.articles.len()));
        write_corpus(out, &format!("{name}-{l}"), &hc)?;
        langs.push(l.tag());
    }
    let queries: Vec<_> =
        set.iter().map(|q| json!({ "locale": q.locale.tag(), "query": q.query, "expected": q.expected })).collect();
    std::fs::write(
        out.join(format!("queries-{name}.json")),
        serde_json::to_string(&queries).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let list = out.join("corpora.json");
    let mut corpora: Vec<serde_json::Value> =
        std::fs::read_to_string(&list).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    corpora.retain(|c| c["name"] != name);
    corpora.push(json!({ "name": name, "langs": langs, "queries": queries.len() }));
    std::fs::write(&list, serde_json::to_string(&corpora).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    summary.push_str(&format!("queries-{name}: {}\n", queries.len()));
    Ok(summary)
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
    let _ = std::fs::remove_file(out.join("corpora.json")); // real corpora are added after this
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
        // A real corpus: its locales, its queries, listed in corpora.json.
        let set = out.path().join("set.tsv");
        std::fs::write(&set, "en\tphone support hours\tcall-support-by-phone\n").unwrap();
        let spec = format!("mine={},{}", root.display(), set.display());
        let summary = super::real(&spec, out.path()).unwrap();
        assert_eq!(summary, "mine-en: 14 articles\nqueries-mine: 1\n");
        assert!(out.path().join("docs-mine-en.json").exists() && !out.path().join("docs-mine-fr.json").exists());
        let list: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.path().join("corpora.json")).unwrap()).unwrap();
        assert_eq!(list, serde_json::json!([{ "name": "mine", "langs": ["en"], "queries": 1 }]));
        // Bad specs and sets are refused with the reason.
        std::fs::write(&set, "en\tphone\tno-such-article\n").unwrap();
        assert!(super::real(&spec, out.path()).unwrap_err().contains("expects no-such-article"));
        assert!(super::real("mine", out.path()).unwrap_err().contains("expected NAME=CONTENT_DIR,SET.tsv"));
        assert!(super::real("a b=x,y", out.path()).unwrap_err().contains("NAME is letters"));
    }
}
