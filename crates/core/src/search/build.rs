//! Building the index: analysed terms, postings with BM25F weights, the sorted vocabulary and
//! the precomputed lists of short prefixes.

use super::*;

impl SearchIndex {
    /// Builds the index for `hc` (cost linear in the text size; each distinct word is stemmed
    /// once).
    pub fn build(hc: HelpCenter) -> SearchIndex {
        let locale = hc.locale;
        let analyzer = Analyzer::new(locale);
        let mut terms: HashMap<String, u32> = HashMap::default();
        let mut word_term: HashMap<String, u32> = HashMap::default();
        let mut accent_ids: HashMap<String, u32> = HashMap::default();
        let mut tfs: Vec<Vec<(u32, [u16; 4])>> = Vec::new();
        let mut lens: Vec<[u16; 4]> = Vec::new();
        let mut docs = Vec::new();
        let mut doc_text: Vec<OnceLock<DocText>> = Vec::new();
        let mut total = [0f64; 4];
        let mut tf: HashMap<u32, [u16; 4]> = HashMap::default();
        for (ai, article) in hc.articles.iter().enumerate() {
            let tags = article.tags.join(" ");
            for (si, section) in article.sections.iter().enumerate() {
                let fields = [article.title.as_str(), section.heading.as_str(), tags.as_str(), section.text.as_str()];
                let mut len = [0u16; 4];
                let (mut forward, mut accented) = (Vec::new(), Vec::new());
                for (f, text) in fields.iter().enumerate() {
                    // Tags are not running text: no proximity, no accents.
                    let in_text = f != 2;
                    for Word { token: tok, stop } in analyzer.words(text) {
                        let surface = &text[tok.start..tok.end];
                        if in_text && !surface.is_ascii() {
                            let lower = crate::text::lowercase(surface);
                            if lower != tok.folded {
                                let next = accent_ids.len() as u32;
                                accented.push(*accent_ids.entry(lower).or_insert(next));
                            }
                        }
                        if stop {
                            continue;
                        }
                        let term = match word_term.get(&tok.folded) {
                            Some(&t) => t,
                            None => {
                                let next = terms.len() as u32;
                                let t = *terms.entry(analyzer.stem(&tok.folded)).or_insert(next);
                                if t == next {
                                    tfs.push(Vec::new());
                                }
                                word_term.insert(tok.folded, t);
                                t
                            }
                        };
                        let e = tf.entry(term).or_default();
                        e[f] = e[f].saturating_add(1);
                        len[f] = len[f].saturating_add(1);
                        if in_text {
                            forward.push(term);
                        }
                    }
                    if in_text {
                        forward.push(GAP);
                    }
                }
                let doc = docs.len() as u32;
                for (term, tf) in tf.drain() {
                    tfs[term as usize].push((doc, tf));
                }
                for f in 0..4 {
                    total[f] += len[f] as f64;
                }
                lens.push(len);
                docs.push(Doc { article: ai as u32, section: si as u32 });
                doc_text.push(OnceLock::from(DocText { terms: forward, accented }));
            }
        }
        let n = docs.len().max(1) as f64;
        let avg_len = total.map(|t| ((t / n) as f32).max(1.0));
        let n = docs.len() as f32;
        let postings: Vec<Vec<Posting>> = tfs
            .into_iter()
            .map(|mut list| {
                crate::sort::sort_by_key(&mut list, |&(doc, _)| doc);
                let df = list.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                list.into_iter()
                    .map(|(doc, tf)| {
                        let len = &lens[doc as usize];
                        let mut wtf = 0.0;
                        for f in 0..4 {
                            if tf[f] > 0 {
                                let norm = 1.0 - B + B * len[f] as f32 / avg_len[f];
                                wtf += FIELD_WEIGHTS[f] * tf[f] as f32 / norm;
                            }
                        }
                        Posting { doc, score: (idf * wtf / (K1 + wtf) * SCORE_STEPS).round() / SCORE_STEPS }
                    })
                    .collect()
            })
            .collect();
        // Unique words (the keys of a map), the only way Vocabulary::new fails.
        let words = Vocabulary::new(word_term.iter().map(|(w, &t)| (w.clone(), t)).collect()).expect("unique words");
        lev_builders(); // the one-off automaton tables, so that no keystroke pays for them
        let prefix_lists = prefix_lists(&word_term, &postings, docs.len())
            .into_iter()
            .map(|(k, v)| (k, PrefixList { list: OnceLock::from(v), ..PrefixList::default() }))
            .collect();
        let article_counts = (0..postings.len()).map(|_| OnceLock::new()).collect();
        let postings = postings.into_iter().map(OnceLock::from).collect();
        SearchIndex {
            hc,
            analyzer,
            docs,
            terms,
            postings,
            words,
            word_term,
            doc_text,
            bodies: Vec::new(),
            layout: None,
            accent_ids,
            title_postings: Vec::new(),
            synonyms: synonyms::Compiled::default(),
            prefix_lists,
            typo_cache: Mutex::default(),
            article_counts,
            scratch: Mutex::default(),
        }
        .with_titles_and_synonyms()
    }
}

/// Per term id (`terms` of them): the articles (indexes, ascending) whose title has the term;
/// `term_of` maps a folded title word to its term id (stop words are left out, as in the
/// index). See `SearchIndex::with_titles_and_synonyms`.
pub(super) fn title_postings(
    analyzer: &Analyzer,
    articles: &[Article],
    terms: usize,
    term_of: impl Fn(&str) -> Option<u32>,
) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); terms];
    for (ai, a) in articles.iter().enumerate() {
        for w in analyzer.words(&a.title) {
            if w.stop {
                continue;
            }
            if let Some(list) = term_of(&w.token.folded).and_then(|t| out.get_mut(t as usize)) {
                if list.last() != Some(&(ai as u32)) {
                    list.push(ai as u32);
                }
            }
        }
    }
    out
}

/// The precomputed lists of short, very common prefixes (see [`SearchIndex::prefix_lists`]).
pub(super) fn prefix_lists(
    word_term: &HashMap<String, u32>,
    postings: &[Vec<Posting>],
    docs: usize,
) -> HashMap<String, Vec<Posting>> {
    let mut terms_of: HashMap<&str, Vec<u32>> = HashMap::default();
    for (word, &term) in word_term {
        // Proper prefixes of 2..=PREFIX_LIST_CHARS characters, then the word itself if short.
        for (end, _) in word.char_indices().skip(2).take(PREFIX_LIST_CHARS - 1) {
            terms_of.entry(&word[..end]).or_default().push(term);
        }
        if (2..=PREFIX_LIST_CHARS).contains(&word.chars().count()) {
            terms_of.entry(word.as_str()).or_default().push(term);
        }
    }
    let mut best = vec![f32::NEG_INFINITY; docs]; // −∞: not touched by this prefix yet
    let mut touched: Vec<u32> = Vec::new();
    let mut lists = HashMap::default();
    for (prefix, mut terms) in terms_of {
        crate::sort::sort(&mut terms);
        terms.dedup();
        if terms.iter().map(|&t| postings[t as usize].len()).sum::<usize>() <= PREFIX_LIST_BUDGET {
            continue;
        }
        for &t in &terms {
            for p in &postings[t as usize] {
                let b = &mut best[p.doc as usize];
                if *b == f32::NEG_INFINITY {
                    touched.push(p.doc);
                }
                *b = b.max((0.8 * p.score * SCORE_STEPS).round() / SCORE_STEPS);
            }
        }
        let mut list: Vec<Posting> = touched
            .drain(..)
            .map(|doc| Posting { doc, score: std::mem::replace(&mut best[doc as usize], f32::NEG_INFINITY) })
            .collect();
        // The best-scoring sections, ties by document (the same ones natively and in the pane).
        crate::sort::keep_first(&mut list, PREFIX_LIST_KEEP, |a, b| {
            b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc))
        });
        crate::sort::sort_by_key(&mut list, |p| p.doc);
        lists.insert(prefix.to_string(), list);
    }
    lists
}
