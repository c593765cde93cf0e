//! Search quality on a labelled query set: recall@3, mean reciprocal rank (MRR, over the top
//! 10) and zero-result rate, per locale and overall, as a Markdown table. Also reports the
//! mean time per query on this machine (a figure, not a target).

use crate::build::parse_article;
use guichet_core::help_center::HelpCenter;
use guichet_core::search::SearchIndex;
use guichet_core::Locale;
use std::collections::BTreeMap;
use std::path::Path;

/// One labelled query.
pub struct Labelled {
    pub locale: Locale,
    pub query: String,
    /// The article id that answers, or several separated by `|` (equally good answers: the
    /// first of them in the results counts).
    pub expected: String,
}

impl Labelled {
    /// The article ids that answer (`expected` split at `|`).
    pub fn answers(&self) -> impl Iterator<Item = &str> {
        self.expected.split('|')
    }
}

/// Reads `search-eval.tsv`.
pub fn read_set(src: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (i, l) in src.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = l.split('\t').collect();
        if f.len() != 3 {
            return Err(format!("search-eval.tsv:{}: expected locale, query, article id", i + 1));
        }
        let locale =
            Locale::parse(f[0]).ok_or_else(|| format!("search-eval.tsv:{}: unknown locale {}", i + 1, f[0]))?;
        out.push(Labelled { locale, query: f[1].to_string(), expected: f[2].to_string() });
    }
    Ok(out)
}

/// Figures of one run.
#[derive(Default, Debug)]
pub struct Scores {
    pub queries: usize,
    pub hits_at_3: usize,
    pub reciprocal_ranks: f64,
    pub zero_results: usize,
    pub misses: Vec<String>,
}

impl Scores {
    pub fn recall_at_3(&self) -> f64 {
        self.hits_at_3 as f64 / self.queries.max(1) as f64
    }
    pub fn mrr(&self) -> f64 {
        self.reciprocal_ranks / self.queries.max(1) as f64
    }
    pub fn zero_rate(&self) -> f64 {
        self.zero_results as f64 / self.queries.max(1) as f64
    }
}

/// Loads the help center of `locale` from `content/articles`.
pub fn load(content: &Path, locale: Locale) -> Result<SearchIndex, String> {
    let mut articles = Vec::new();
    for e in std::fs::read_dir(content.join("articles")).map_err(|e| e.to_string())? {
        let p = e.map_err(|e| e.to_string())?.path();
        if p.extension().is_some_and(|x| x == "md") {
            let a = parse_article(&std::fs::read_to_string(&p).map_err(|e| e.to_string())?)
                .map_err(|e| format!("{}: {e}", p.display()))?;
            if a.locale == locale {
                articles.push(a);
            }
        }
    }
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let synonyms = crate::synonyms::for_locale(content, locale)?;
    Ok(SearchIndex::build(HelpCenter { locale, articles, synonyms }))
}

/// Scores the queries of `set` against the content; returns per-locale scores and the
/// Markdown report.
pub fn evaluate(content: &Path, set: &[Labelled]) -> Result<(BTreeMap<Locale, Scores>, String), String> {
    let mut scores: BTreeMap<Locale, Scores> = BTreeMap::new();
    let mut micros = 0u128;
    for l in [Locale::Fr, Locale::En] {
        let idx = load(content, l)?;
        let s = scores.entry(l).or_default();
        for q in set.iter().filter(|q| q.locale == l) {
            let t = std::time::Instant::now();
            let hits = idx.search(&q.query, 10);
            micros += t.elapsed().as_micros();
            s.queries += 1;
            if hits.is_empty() {
                s.zero_results += 1;
            }
            match hits.iter().position(|h| q.answers().any(|e| h.article_id == e)) {
                Some(p) => {
                    s.reciprocal_ranks += 1.0 / (p + 1) as f64;
                    if p < 3 {
                        s.hits_at_3 += 1;
                    }
                    if p > 0 {
                        s.misses.push(format!("{l} {:?}: expected {} at rank {}", q.query, q.expected, p + 1));
                    }
                }
                None => s.misses.push(format!(
                    "{l} {:?}: expected {}, got {:?}",
                    q.query,
                    q.expected,
                    hits.iter().take(3).map(|h| h.article_id.as_str()).collect::<Vec<_>>()
                )),
            }
        }
    }
    let total = set.len().max(1);
    let mut md = String::from("| locale | queries | recall@3 | MRR | zero-result rate |\n|---|---|---|---|---|\n");
    let (mut q, mut h, mut rr, mut z) = (0, 0, 0.0, 0);
    for (l, s) in &scores {
        md.push_str(&format!(
            "| {l} | {} | {:.3} | {:.3} | {:.3} |\n",
            s.queries,
            s.recall_at_3(),
            s.mrr(),
            s.zero_rate()
        ));
        q += s.queries;
        h += s.hits_at_3;
        rr += s.reciprocal_ranks;
        z += s.zero_results;
    }
    md.push_str(&format!(
        "| all | {q} | {:.3} | {:.3} | {:.3} |\n",
        h as f64 / q.max(1) as f64,
        rr / q.max(1) as f64,
        z as f64 / q.max(1) as f64
    ));
    md.push_str(&format!("\nMean time per query (native, this machine): {} µs\n", micros / total as u128));
    let misses: Vec<&String> = scores.values().flat_map(|s| &s.misses).collect();
    if !misses.is_empty() {
        md.push_str("\nNot ranked first:\n\n");
        for m in misses {
            md.push_str(&format!("- {m}\n"));
        }
    }
    Ok((scores, md))
}

/// CLI entry.
pub fn run(content: &Path, set: Option<&Path>, report: Option<&Path>) -> Result<String, String> {
    let path = set.map(Path::to_path_buf).unwrap_or_else(|| content.join("search-eval.tsv"));
    let set = read_set(&std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?)?;
    let (_, md) = evaluate(content, &set)?;
    let md = format!(
        "# Guichet search quality\n\nLabelled set: `{}` ({} queries, typos and missing accents included). Generated by `guichet-content eval`.\n\n{md}",
        path.display(),
        set.len()
    );
    if let Some(r) = report {
        std::fs::write(r, &md).map_err(|e| format!("{}: {e}", r.display()))?;
    }
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labelled_set_is_well_formed_and_large_enough() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let set = read_set(&std::fs::read_to_string(root.join("search-eval.tsv")).unwrap()).unwrap();
        assert!(set.len() >= 60, "{}", set.len());
        // Every expected article exists in the query's locale.
        for l in [Locale::Fr, Locale::En] {
            let idx = load(&root, l).unwrap();
            for q in set.iter().filter(|q| q.locale == l) {
                for id in q.answers() {
                    assert!(idx.help_center().article(id).is_some(), "{id}");
                }
            }
        }
        assert!(read_set("fr\tonly two").is_err());
        assert!(read_set("xx\tq\tid").is_err());
    }

    /// Questions as visitors say them: question words, pronouns and a verb the articles do not
    /// use ("reach", "joindre") answered through the stop words and the shipped synonyms.
    #[test]
    fn spoken_questions_find_the_phone_article() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        for (locale, q) in [
            (Locale::En, "how can I reach someone on the phone?"),
            (Locale::Fr, "comment est-ce que je joins quelqu'un au support ?"),
        ] {
            let idx = load(&root, locale).unwrap();
            let hits = idx.search(q, 3);
            assert_eq!(hits[0].article_id, "call-support-by-phone", "{q}");
            assert_eq!(hits[0].matched_words, hits[0].query_words, "{q}: every content word answered");
        }
    }

    #[test]
    fn quality_floor_on_the_shipped_help_center() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let set = read_set(&std::fs::read_to_string(root.join("search-eval.tsv")).unwrap()).unwrap();
        let (scores, md) = evaluate(&root, &set).unwrap();
        for s in scores.values() {
            assert!(s.recall_at_3() >= 0.9, "{md}");
            assert_eq!(s.zero_results, 0, "{md}");
        }
    }
}
