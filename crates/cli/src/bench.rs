//! Search latency report on synthetic help centers (a benchmark, not a test): N articles
//! generated deterministically from the real articles' words plus invented words (the
//! vocabulary grows with the corpus, as real help centers' do), then every labelled query
//! typed one keystroke at a time. Prints index build time, vocabulary size and per-keystroke
//! latency p50/p95/max (native, this machine).

use crate::eval::{load, read_set};
use guichet_core::help_center::{Article, HelpCenter, Section};
use guichet_core::search::SearchIndex;
use guichet_core::Locale;
use std::path::Path;
use std::time::Instant;

/// xorshift64*: a small deterministic generator, so every run indexes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Builds a synthetic help center of `n` articles in `locale`.
pub fn synthetic(content: &Path, locale: Locale, n: usize) -> Result<HelpCenter, String> {
    let real = load(content, locale)?;
    let mut words: Vec<String> = Vec::new();
    for a in &real.help_center().articles {
        for s in &a.sections {
            words.extend(
                s.text
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                    .filter(|w| w.len() > 2),
            );
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let syllables = ["ka", "ro", "mi", "ten", "sul", "var", "lo", "pre", "dis", "qu", "ent", "ion", "ba", "fi", "gor"];
    let invented =
        |rng: &mut Rng| (0..2 + rng.below(3)).map(|_| syllables[rng.below(syllables.len())]).collect::<String>();
    let sentence = |rng: &mut Rng, len: usize| -> String {
        (0..len)
            .map(|_| if rng.below(10) == 0 { invented(rng) } else { words[rng.below(words.len())].clone() })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let articles = (0..n)
        .map(|i| Article {
            id: format!("synthetic-{i}"),
            locale,
            title: sentence(&mut rng, 6),
            tags: (0..3).map(|_| words[rng.below(words.len())].clone()).collect(),
            updated: "2026-11-22".into(),
            section: String::new(),
            promoted: None,
            sections: (0..4)
                .map(|s| Section {
                    anchor: format!("s{s}"),
                    heading: if s == 0 { String::new() } else { sentence(&mut rng, 4) },
                    text: sentence(&mut rng, 80),
                    html: String::new(),
                })
                .collect(),
        })
        .collect();
    Ok(HelpCenter { locale, articles, synonyms: vec![] })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// CLI entry: `sizes` article counts, e.g. `[1000, 20000]`.
pub fn run(content: &Path, sizes: &[usize]) -> Result<String, String> {
    let set = read_set(&std::fs::read_to_string(content.join("search-eval.tsv")).map_err(|e| e.to_string())?)?;
    let mut md = String::from("| articles | locale | index build | distinct terms | keystrokes | p50 | p95 | max | ids only p50 | ids only p95 |\n|---|---|---|---|---|---|---|---|---|---|\n");
    let mut slowest = String::from("\nSlowest keystrokes:\n\n");
    for &n in sizes {
        for l in [Locale::Fr, Locale::En] {
            let hc = synthetic(content, l, n)?;
            let t = Instant::now();
            let idx = SearchIndex::build(hc);
            let build = t.elapsed();
            let mut times = Vec::new();
            let mut ids_times = Vec::new();
            let mut slow: Vec<(f64, String)> = Vec::new();
            let mut ids_slow: Vec<(f64, String)> = Vec::new();
            for q in set.iter().filter(|q| q.locale == l) {
                let chars: Vec<char> = q.query.chars().collect();
                for k in 1..=chars.len() {
                    let typed: String = chars[..k].iter().collect();
                    let t = Instant::now();
                    std::hint::black_box(idx.search(&typed, 8));
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    times.push(ms);
                    slow.push((ms, typed.clone()));
                    let t = Instant::now();
                    std::hint::black_box(idx.search_ids(&typed, 10));
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    ids_times.push(ms);
                    ids_slow.push((ms, typed.clone()));
                }
            }
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            ids_times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            for (what, mut list) in [("hits", slow), ("ids only", ids_slow)] {
                list.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
                slowest.push_str(&format!(
                    "- {n} {l} {what}: {}\n",
                    list.iter().take(6).map(|(ms, q)| format!("`{q}` {ms:.2} ms")).collect::<Vec<_>>().join(", ")
                ));
            }
            md.push_str(&format!(
                "| {n} | {l} | {:.0} ms | {} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |\n",
                build.as_secs_f64() * 1000.0,
                idx.term_count(),
                times.len(),
                percentile(&times, 0.5),
                percentile(&times, 0.95),
                times.last().copied().unwrap_or(0.0),
                percentile(&ids_times, 0.5),
                percentile(&ids_times, 0.95),
            ));
        }
    }
    md.push_str(&slowest);
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_corpus_is_deterministic_and_searchable() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let a = synthetic(&root, Locale::En, 20).unwrap();
        let b = synthetic(&root, Locale::En, 20).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.articles.len(), 20);
        let idx = SearchIndex::build(a);
        let word = idx.help_center().articles[3].title.split_whitespace().next().unwrap().to_string();
        assert!(!idx.search(&word, 5).is_empty(), "{word}");
    }
}
