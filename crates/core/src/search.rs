//! Search over a help center: BM25F ranking of article sections with field weights,
//! accent folding, Snowball stemming, prefix match on the word being typed, typo
//! tolerance, and highlighted snippets.
//!
//! Ranking is tiered the way Algolia documents it: first the number of query words matched,
//! then the number of words matched only through a typo (fewer is better), then the BM25F
//! score. A typo match therefore never outranks an exact match of the same coverage.
//!
//! Everything that does not depend on the query is computed once at build: each term's
//! BM25F weight in each section (postings carry it, in 1/1024 steps), the vocabulary as an
//! FST (prefix expansion, and typo expansion by Levenshtein automata), merged lists for
//! short very common prefixes, and each section's sequence of term ids (proximity) and
//! accented words (exact-accent bonus). A keystroke then folds and stems only the query.
//!
//! Large help centers are split into a manifest, shards and article files fetched on demand
//! ([`chunks`]); the same ranking runs over them.

use crate::help_center::{Article, HelpCenter, Section};
use crate::text::{is_stop_word, tokenize, Analyzer};
use crate::Locale;
use fst::{Automaton, IntoStreamer, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

mod chunks;
pub use chunks::{ArticleChunk, Bundle, Manifest, Needs, PostingList, Shard};

/// BM25F field weights, in field order title, heading, tags, body: title > tags > heading >
/// body.
pub const FIELD_WEIGHTS: [f32; 4] = [4.0, 2.0, 2.5, 1.0];
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How many top articles (their best section) get the accent and proximity re-ranking pass.
const RERANK: usize = 20;
/// Most surface words a prefix may expand to (keeps per-keystroke cost bounded).
const MAX_PREFIX_EXPANSIONS: usize = 64;
/// Prefixes of at most this many characters may have a precomputed posting list.
const PREFIX_LIST_CHARS: usize = 3;
/// A short prefix gets a precomputed list when its words' postings add up to more than this
/// (walking them per keystroke would cost more than the rest of the query).
const PREFIX_LIST_BUDGET: usize = 4096;
/// How many sections a precomputed prefix list keeps: the best-scoring ones. A word of 2–3
/// letters being typed matches nearly every section; past this many the order of the top
/// results no longer changes, the next keystroke narrows the prefix and walks exactly.
const PREFIX_LIST_KEEP: usize = 1024;
/// Field boundary in a section's term sequence (title | heading | body): 10 positions apart.
const GAP: u32 = u32::MAX;

/// A piece of text in a snippet or title; `mark` is true where it matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// The original text (accents and case preserved).
    pub text: String,
    /// Whether this fragment matched a query word.
    pub mark: bool,
}

/// One search result: an article and its best matching section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Article id (same across locales).
    pub article_id: String,
    /// Article title split into highlighted fragments.
    pub title: Vec<Fragment>,
    /// Anchor of the best section (empty for the lead), for deep links.
    pub anchor: String,
    /// Heading of the best section (empty for the lead).
    pub heading: String,
    /// Around 30 words of the best section with the matches marked.
    pub snippet: Vec<Fragment>,
    /// Number of query words the section matched.
    pub matched_words: usize,
    /// BM25F score (higher is better); comparable only within one query.
    pub score: f32,
}

/// One indexed document: an article section.
#[derive(Debug, Clone, Copy)]
struct Doc {
    article: u32,
    section: u32,
}

/// A section containing a term and the term's BM25F weight there: idf × saturated,
/// field-weighted, length-normalised term frequency (computed once at build).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Posting {
    doc: u32,
    score: f32,
}

/// An in-memory inverted index over one [`HelpCenter`]; one document per article section.
pub struct SearchIndex {
    hc: HelpCenter,
    analyzer: Analyzer,
    docs: Vec<Doc>,
    /// Stem → term id.
    terms: HashMap<String, u32>,
    /// Postings per term id, in document order (in a chunked index, set when the term's
    /// shard arrives).
    postings: Vec<OnceLock<Vec<Posting>>>,
    /// Folded surface word → term id as a finite-state transducer: prefix expansion and
    /// typo expansion run as automata over it (prefix, Levenshtein).
    words: fst::Map<Vec<u8>>,
    /// Folded surface word → term id, for highlighting.
    word_term: HashMap<String, u32>,
    /// Per document: its term sequence and accented words, for the re-rank (in a chunked
    /// index, set when the article arrives).
    doc_text: Vec<OnceLock<DocText>>,
    /// Chunked index only: full articles as they arrive (`hc` then holds titles, tags and
    /// headings only).
    bodies: Vec<OnceLock<Article>>,
    /// Chunked index only: where shards start (see [`chunks`]).
    layout: Option<chunks::Layout>,
    /// Lower-cased accented word → id.
    accent_ids: HashMap<String, u32>,
    /// Short, very common prefixes (≤ [`PREFIX_LIST_CHARS`] characters) → the best
    /// [`PREFIX_LIST_KEEP`] sections of the union of their words' postings, each with the
    /// best prefix-match score (× 0.8), in document order.
    prefix_lists: HashMap<String, OnceLock<Vec<Posting>>>,
    /// Typo expansions of the completed words of recent queries (folded word → alternatives):
    /// typing a query repeats its earlier words at every keystroke. Bounded by
    /// [`TYPO_CACHE_WORDS`].
    typo_cache: Mutex<HashMap<String, Vec<Alternative>>>,
    /// Per-query work arrays, reused (see [`Scratch`]).
    scratch: Mutex<Scratch>,
}

/// Match level step in a score key (see `SearchIndex::rank`).
const LEVEL_SCALE: f32 = 64.0;

/// What the re-rank reads of a section: the term ids of its title, heading and body in text
/// order (stop words left out, fields separated by [`GAP`]) and the ids of its lower-cased
/// words that carry accents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocText {
    /// Term ids in text order, `u32::MAX` between fields.
    pub terms: Vec<u32>,
    /// Accent ids (index in the manifest's `accents`) of accented words.
    pub accented: Vec<u32>,
}

/// Posting scores are rounded to this many steps per unit, so that a chunked bundle stores
/// them as small integers and ranks exactly like the in-memory index.
const SCORE_STEPS: f32 = 1024.0;

/// Work arrays of one ranking, kept between queries so that a keystroke neither allocates
/// nor clears arrays of the size of the help center: `keys` (group-major, `groups × docs`)
/// is all zeros between queries, `stamp[doc] == epoch` marks the sections touched by the
/// current query, listed in `touched`.
#[derive(Default)]
struct Scratch {
    keys: Vec<f32>,
    stamp: Vec<u32>,
    epoch: u32,
    touched: Vec<u32>,
}

impl Scratch {
    /// Readies the arrays for a query over `docs` sections and `groups` word groups.
    fn prepare(&mut self, docs: usize, groups: usize) {
        if self.keys.len() < docs * groups {
            self.keys.resize(docs * groups, 0.0);
        }
        if self.stamp.len() < docs {
            self.stamp.resize(docs, 0);
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.fill(0); // after 2^32 queries, stamps could collide: start over
            self.epoch = 1;
        }
        self.touched.clear();
    }
}

/// Most words kept in the typo cache (it is emptied when full): a few queries' worth.
const TYPO_CACHE_WORDS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq)]
enum MatchKind {
    Exact,
    Prefix,
    Typo,
}

#[derive(Clone)]
struct Alternative {
    term: u32,
    kind: MatchKind,
    weight: f32,
    /// False for prefix expansions covered by the group's precomputed prefix list (their
    /// postings are not walked; the term still counts for highlighting and proximity).
    walk: bool,
}

/// The alternatives of one query word, and the precomputed prefix list that stands for its
/// prefix expansions, if any.
struct Group<'a> {
    alts: Vec<Alternative>,
    prefix_list: Option<(&'a String, &'a OnceLock<Vec<Posting>>)>,
}

impl SearchIndex {
    /// Builds the index for `hc` (cost linear in the text size; each distinct word is stemmed
    /// once).
    pub fn build(hc: HelpCenter) -> SearchIndex {
        let locale = hc.locale;
        let analyzer = Analyzer::new(locale);
        let mut terms: HashMap<String, u32> = HashMap::new();
        let mut word_term: HashMap<String, u32> = HashMap::new();
        let mut accent_ids: HashMap<String, u32> = HashMap::new();
        let mut tfs: Vec<Vec<(u32, [u16; 4])>> = Vec::new();
        let mut lens: Vec<[u16; 4]> = Vec::new();
        let mut docs = Vec::new();
        let mut doc_text: Vec<OnceLock<DocText>> = Vec::new();
        let mut total = [0f64; 4];
        let mut tf: HashMap<u32, [u16; 4]> = HashMap::new();
        for (ai, article) in hc.articles.iter().enumerate() {
            let tags = article.tags.join(" ");
            for (si, section) in article.sections.iter().enumerate() {
                let fields = [article.title.as_str(), section.heading.as_str(), tags.as_str(), section.text.as_str()];
                let mut len = [0u16; 4];
                let (mut forward, mut accented) = (Vec::new(), Vec::new());
                for (f, text) in fields.iter().enumerate() {
                    let in_text = f != 2; // tags are not running text: no proximity, no accents
                    for tok in tokenize(text) {
                        let surface = &text[tok.start..tok.end];
                        if in_text && !surface.is_ascii() {
                            let lower = surface.to_lowercase();
                            if lower != tok.folded {
                                let next = accent_ids.len() as u32;
                                accented.push(*accent_ids.entry(lower).or_insert(next));
                            }
                        }
                        if is_stop_word(locale, &tok.folded) {
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
                list.sort_unstable_by_key(|&(doc, _)| doc);
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
        let mut sorted: Vec<(&str, u32)> = word_term.iter().map(|(w, &t)| (w.as_str(), t)).collect();
        sorted.sort_unstable();
        // Keys are sorted and unique (they come from a map), the only way from_iter fails.
        let words = fst::Map::from_iter(sorted.into_iter().map(|(w, t)| (w, t as u64))).expect("sorted unique words");
        lev_builders(); // the one-off automaton tables, so that no keystroke pays for them
        let prefix_lists =
            prefix_lists(&word_term, &postings, docs.len()).into_iter().map(|(k, v)| (k, OnceLock::from(v))).collect();
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
            prefix_lists,
            typo_cache: Mutex::default(),
            scratch: Mutex::default(),
        }
    }

    /// The help center this index was built from. For a chunked index: titles, tags and
    /// headings only (section texts empty); see [`SearchIndex::article`].
    pub fn help_center(&self) -> &HelpCenter {
        &self.hc
    }

    /// The article with `id` in full, if present (for a chunked index: once it arrived, see
    /// [`SearchIndex::needs_article`]).
    pub fn article(&self, id: &str) -> Option<&Article> {
        let i = self.hc.articles.iter().position(|a| a.id == id)?;
        if self.layout.is_some() {
            return self.bodies[i].get();
        }
        Some(&self.hc.articles[i])
    }

    /// Article `i`: in full when available, else its head (chunked index).
    fn article_at(&self, i: usize) -> &Article {
        self.bodies.get(i).and_then(OnceLock::get).unwrap_or(&self.hc.articles[i])
    }

    /// Locale of the indexed content.
    pub fn locale(&self) -> Locale {
        self.hc.locale
    }

    /// Number of distinct indexed terms (stems).
    pub fn term_count(&self) -> usize {
        self.postings.len()
    }

    /// Runs `query` and returns at most `limit` hits, one per article, best first.
    ///
    /// The last word is matched as a prefix unless the query ends with white space (the user
    /// is still typing it). Words of 4+ letters tolerate one typo, 8+ letters two. An empty or
    /// stop-word-only query returns no hits.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let (groups, ranked) = self.rank(query, limit);
        let mut marker: Vec<u32> = groups.iter().flat_map(|g| &g.alts).map(|a| a.term).collect();
        marker.sort_unstable();
        marker.dedup();
        ranked
            .into_iter()
            .map(|a| {
                self.make_hit(
                    self.article_at(a.article as usize),
                    self.docs[a.doc as usize].section as usize,
                    a.matched as usize,
                    a.total,
                    &marker,
                )
            })
            .collect()
    }

    /// The same ranking as [`SearchIndex::search`] without building titles and snippets:
    /// `(article id, anchor of the best section)` of at most `limit` articles, best first.
    pub fn search_ids(&self, query: &str, limit: usize) -> Vec<(&str, &str)> {
        let (_, ranked) = self.rank(query, limit);
        ranked
            .into_iter()
            .map(|a| {
                let article = self.article_at(a.article as usize);
                (article.id.as_str(), article.sections[self.docs[a.doc as usize].section as usize].anchor.as_str())
            })
            .collect()
    }

    /// Query word groups and the best `limit` articles, best first.
    fn rank(&self, query: &str, limit: usize) -> (Vec<Group<'_>>, Vec<ArticleScore>) {
        let groups = self.query_groups(query);
        if groups.is_empty() || limit == 0 {
            return (groups, Vec::new());
        }
        let mut per_article = self.candidates(&groups);
        // Re-rank the best candidates: a bonus for query words written with the same accents
        // as in the text (exact spelling beats folded), and for query words next to each
        // other in the text (phrase/proximity). Tiers (words matched, typos) stay first.
        let order = |a: &ArticleScore| std::cmp::Reverse(a.key);
        let accents = self.query_accents(query);
        // Term → bit mask of the query groups it belongs to, sorted by term (binary search).
        let mut group_masks: Vec<(u32, u32)> = groups
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| g.alts.iter().map(move |a| (a.term, 1u32 << gi.min(31))))
            .collect();
        group_masks.sort_unstable();
        group_masks.dedup_by(|b, a| {
            let same = a.0 == b.0;
            if same {
                a.1 |= b.1;
            }
            same
        });
        // One word and no accented word: neither bonus can apply, skip the re-rank.
        let rerank = if Self::reranks(&groups, &accents) { per_article.len() } else { 0 };
        for cand in per_article.iter_mut().take(rerank) {
            let boost = 1.0 + self.bonus(cand.doc as usize, &accents, &group_masks, groups.len());
            cand.same_tier += cand.best * (boost - 1.0);
            cand.best *= boost;
            cand.settle();
        }
        per_article.sort_unstable_by_key(order);
        per_article.truncate(limit);
        (groups, per_article)
    }

    /// The ranking before the re-rank: the best [`RERANK`] articles for the query word
    /// groups (in no order), each with its best section.
    fn candidates(&self, groups: &[Group<'_>]) -> Vec<ArticleScore> {
        // Per section (doc) and query word group: the best match as one key, match level × 64
        // + score (scores stay below 64: idf ≤ ln(1 + docs) and the saturated tf part < 1),
        // 0.0 for no match. Keys live in a dense, group-major scratch array kept between
        // queries (only the sections touched are reset), so a posting costs two array reads.
        let g = groups.len();
        let n = self.docs.len();
        let mut guard = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        let scratch = &mut *guard;
        scratch.prepare(n, g);
        for (gi, group) in groups.iter().enumerate() {
            let row = &mut scratch.keys[gi * n..(gi + 1) * n];
            for (list, weight, lv) in self.lists(group) {
                let base = lv as f32 * LEVEL_SCALE;
                for p in list {
                    let key = base + weight * p.score;
                    let e = &mut row[p.doc as usize];
                    if key > *e {
                        if *e == 0.0 && scratch.stamp[p.doc as usize] != scratch.epoch {
                            scratch.stamp[p.doc as usize] = scratch.epoch;
                            scratch.touched.push(p.doc);
                        }
                        *e = key;
                    }
                }
            }
        }
        // Per article, in one pass: the best section decides the tier (words matched, then
        // fewest typos); other sections of the same tier add a quarter of their score, so an
        // article about the topic beats one that mentions it once.
        let mut best_of: Vec<u32> = vec![u32::MAX; self.hc.articles.len()];
        let mut per_article: Vec<ArticleScore> = Vec::new();
        let typo = level(MatchKind::Typo);
        for &doc in &scratch.touched {
            let (mut matched, mut typos, mut score) = (0, 0, 0.0);
            for gi in 0..g {
                let key = std::mem::take(&mut scratch.keys[gi * n + doc as usize]); // read and reset
                if key > 0.0 {
                    let lv = (key / LEVEL_SCALE) as u8;
                    matched += 1;
                    typos += usize::from(lv == typo);
                    score += key - lv as f32 * LEVEL_SCALE;
                }
            }
            let article = self.docs[doc as usize].article;
            let fresh = ArticleScore {
                article,
                doc,
                matched: matched as u32,
                typos: typos as u32,
                best: score,
                same_tier: score,
                total: 0.0,
                key: 0,
            };
            let at = best_of[article as usize];
            if at == u32::MAX {
                best_of[article as usize] = per_article.len() as u32;
                per_article.push(fresh);
                continue;
            }
            let a = &mut per_article[at as usize];
            match (matched as u32, std::cmp::Reverse(typos as u32)).cmp(&(a.matched, std::cmp::Reverse(a.typos))) {
                std::cmp::Ordering::Greater => *a = fresh,
                std::cmp::Ordering::Equal => {
                    a.same_tier += score;
                    if score > a.best || (score == a.best && doc < a.doc) {
                        a.best = score;
                        a.doc = doc;
                    }
                }
                std::cmp::Ordering::Less => {}
            }
        }
        for a in &mut per_article {
            a.settle();
        }
        if per_article.len() > RERANK {
            per_article.select_nth_unstable_by_key(RERANK - 1, |a| std::cmp::Reverse(a.key));
            per_article.truncate(RERANK);
        }
        per_article
    }

    /// Accented words of `query` that the corpus has, as accent ids (for the re-rank).
    fn query_accents(&self, query: &str) -> Vec<u32> {
        tokenize(query)
            .into_iter()
            .filter_map(|t| {
                let lower = query[t.start..t.end].to_lowercase();
                if lower == t.folded {
                    None
                } else {
                    self.accent_ids.get(&lower).copied()
                }
            })
            .collect()
    }

    /// Whether the re-rank can change anything: several words (proximity) or an accented
    /// one (exact accents).
    fn reranks(groups: &[Group<'_>], accents: &[u32]) -> bool {
        groups.len() > 1 || !accents.is_empty()
    }

    /// The posting lists a query word group walks: (list, weight, match level).
    fn lists<'a>(&'a self, group: &'a Group<'a>) -> impl Iterator<Item = (&'a [Posting], f32, u8)> + 'a {
        let loaded = |l: &'a OnceLock<Vec<Posting>>| l.get().map_or(&[][..], Vec::as_slice);
        let walked = group
            .alts
            .iter()
            .filter(|a| a.walk)
            .map(move |a| (loaded(&self.postings[a.term as usize]), a.weight, level(a.kind)));
        walked.chain(group.prefix_list.map(|(_, l)| (loaded(l), 1.0, level(MatchKind::Prefix))))
    }

    /// Exact-accent and proximity bonus of a section (0.0 to about 0.6): +0.05 per word of
    /// title, heading or body spelled with the query's accents (at most 0.2), and for each
    /// pair of consecutive query words +0.2 when adjacent in the text, +0.1 when 2–3 words
    /// apart (at most 0.4).
    /// `group_masks`: (term, bit mask of the query groups it belongs to), sorted by term.
    fn bonus(&self, doc: usize, accents: &[u32], group_masks: &[(u32, u32)], groups: usize) -> f32 {
        let Some(text) = self.doc_text[doc].get() else { return 0.0 }; // chunked, not arrived
        let same_accents = text.accented.iter().filter(|id| accents.contains(id)).count();
        let bonus_accent = f32::min(0.05 * same_accents as f32, 0.2);
        if groups < 2 {
            return bonus_accent;
        }
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); groups];
        let mut pos = 0u32;
        for &t in &text.terms {
            if t == GAP {
                pos += 10; // fields are not adjacent
                continue;
            }
            if let Ok(i) = group_masks.binary_search_by_key(&t, |&(term, _)| term) {
                let mask = group_masks[i].1;
                for (g, at) in positions.iter_mut().enumerate() {
                    if mask & (1 << g.min(31)) != 0 {
                        at.push(pos);
                    }
                }
            }
            pos += 1;
        }
        let mut prox = 0.0;
        for w in positions.windows(2) {
            let best = w[0].iter().flat_map(|a| w[1].iter().map(move |b| a.abs_diff(*b))).min();
            prox += match best {
                Some(1) => 0.2,
                Some(2..=3) => 0.1,
                _ => 0.0,
            };
        }
        bonus_accent + f32::min(prox, 0.4)
    }

    fn query_groups(&self, query: &str) -> Vec<Group<'_>> {
        let tokens = tokenize(query);
        let typing_last = !query.ends_with(char::is_whitespace);
        let mut groups = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            let is_last = i + 1 == tokens.len();
            let prefix_mode = is_last && typing_last;
            let stop = is_stop_word(self.locale(), &tok.folded);
            let mut alts: Vec<Alternative> = Vec::new();
            if !stop {
                let term = match self.word_term.get(&tok.folded) {
                    Some(&t) => Some(t),
                    None => self.terms.get(&self.analyzer.stem(&tok.folded)).copied(),
                };
                if let Some(term) = term {
                    alts.push(Alternative { term, kind: MatchKind::Exact, weight: 1.0, walk: true });
                }
            }
            let chars = tok.folded.chars().count();
            let mut prefix_list = None;
            if prefix_mode && chars >= 2 {
                if chars <= PREFIX_LIST_CHARS {
                    prefix_list = self.prefix_lists.get_key_value(&tok.folded);
                }
                let mut words = self.words.search(fst::automaton::Str::new(&tok.folded).starts_with()).into_stream();
                let mut seen = 0;
                while let Some((word, term)) = words.next() {
                    seen += 1;
                    if seen > MAX_PREFIX_EXPANSIONS {
                        break;
                    }
                    let term = term as u32;
                    if alts.iter().any(|a| a.term == term) {
                        continue;
                    }
                    let exact = word == tok.folded.as_bytes();
                    alts.push(Alternative {
                        term,
                        kind: if exact { MatchKind::Exact } else { MatchKind::Prefix },
                        weight: if exact { 1.0 } else { 0.8 },
                        walk: exact || prefix_list.is_none(),
                    });
                }
            }
            if alts.is_empty() && !stop {
                alts = self.typo_alternatives_cached(&tok.folded, prefix_mode);
            }
            if stop && alts.is_empty() {
                continue; // a stop word that is not the start of a longer word: ignore it
            }
            groups.push(Group { alts, prefix_list }); // may be empty: the word counts as unmatched
        }
        groups
    }

    /// [`SearchIndex::typo_alternatives`], through the typo cache for completed words (the
    /// word being typed changes at every keystroke: not cached).
    fn typo_alternatives_cached(&self, folded: &str, prefix_mode: bool) -> Vec<Alternative> {
        if prefix_mode {
            return self.typo_alternatives(folded, true);
        }
        if let Some(alts) = self.typo_cache.lock().ok().and_then(|c| c.get(folded).cloned()) {
            return alts;
        }
        let alts = self.typo_alternatives(folded, false);
        if let Ok(mut cache) = self.typo_cache.lock() {
            if cache.len() >= TYPO_CACHE_WORDS {
                cache.clear();
            }
            cache.insert(folded.to_string(), alts.clone());
        }
        alts
    }

    /// Words within 1 edit of a typed word of 4+ letters, 2 edits from 8 letters (Algolia's
    /// defaults); edits are insertions, deletions, substitutions and adjacent transpositions.
    /// In prefix mode a word also matches when one of its prefixes is that close (the user
    /// may be mid-word). A Levenshtein automaton (Schulz & Mihov, `levenshtein_automata`)
    /// runs over the vocabulary FST, so only the words it can still match are visited.
    fn typo_alternatives(&self, folded: &str, prefix_mode: bool) -> Vec<Alternative> {
        let len = folded.chars().count();
        let max = if len >= 8 {
            2
        } else if len >= 4 {
            1
        } else {
            return Vec::new();
        };
        let builder = &lev_builders()[max - 1];
        let dfa = if prefix_mode { builder.build_prefix_dfa(folded) } else { builder.build_dfa(folded) };
        let mut words = self.words.search_with_state(&dfa).into_stream();
        let mut alts: Vec<Alternative> = Vec::new();
        while let Some((_, term, state)) = words.next() {
            let Distance::Exact(d) = dfa.distance(state) else { continue };
            let term = term as u32;
            if d >= 1 && !alts.iter().any(|a| a.term == term) {
                alts.push(Alternative { term, kind: MatchKind::Typo, weight: 0.6 / d as f32, walk: true });
                if alts.len() >= MAX_PREFIX_EXPANSIONS {
                    break;
                }
            }
        }
        alts
    }

    /// Whether a folded word of an indexed text is one of the `marker` terms (sorted ids).
    fn marks(&self, folded: &str, marker: &[u32]) -> bool {
        !is_stop_word(self.locale(), folded)
            && self.word_term.get(folded).is_some_and(|t| marker.binary_search(t).is_ok())
    }

    fn fragments(&self, text: &str, marker: &[u32]) -> Vec<Fragment> {
        let mut out = Vec::new();
        let mut pos = 0;
        for tok in tokenize(text) {
            if self.marks(&tok.folded, marker) {
                if tok.start > pos {
                    out.push(Fragment { text: text[pos..tok.start].to_string(), mark: false });
                }
                out.push(Fragment { text: text[tok.start..tok.end].to_string(), mark: true });
                pos = tok.end;
            }
        }
        if pos < text.len() {
            out.push(Fragment { text: text[pos..].to_string(), mark: false });
        }
        out
    }

    fn make_hit(&self, article: &Article, section: usize, matched: usize, score: f32, marker: &[u32]) -> Hit {
        let s = &article.sections[section];
        Hit {
            article_id: article.id.clone(),
            title: self.fragments(&article.title, marker),
            anchor: s.anchor.clone(),
            heading: s.heading.clone(),
            snippet: self.snippet(&s.text, marker, 30),
            matched_words: matched,
            score,
        }
    }

    /// Cuts `text` to about `words` words around the first match and marks the matches.
    fn snippet(&self, text: &str, marker: &[u32], words: usize) -> Vec<Fragment> {
        let toks = tokenize(text);
        if toks.is_empty() {
            return Vec::new();
        }
        let first = toks.iter().position(|t| self.marks(&t.folded, marker)).unwrap_or(0);
        let start_tok = first.saturating_sub(words / 3);
        let end_tok = (start_tok + words).min(toks.len());
        let start = if start_tok == 0 { 0 } else { toks[start_tok].start };
        let end = if end_tok == toks.len() { text.len() } else { toks[end_tok - 1].end };
        let mut frags = self.fragments(&text[start..end], marker);
        if start > 0 {
            frags.insert(0, Fragment { text: "… ".into(), mark: false });
        }
        if end < text.len() {
            frags.push(Fragment { text: " …".into(), mark: false });
        }
        frags
    }
}

/// An article's standing for one query: its best section (`doc`) and the tier that section
/// reached (query word groups matched, typos), the best section's score and the sum of the
/// scores of all its sections in that tier.
struct ArticleScore {
    article: u32,
    doc: u32,
    matched: u32,
    typos: u32,
    best: f32,
    same_tier: f32,
    /// [`ArticleScore::total`], stored by [`ArticleScore::settle`].
    total: f32,
    /// The ranking order as one number, higher first: words matched, then fewer typos, then
    /// total score, then lower article index (set by [`ArticleScore::settle`]).
    key: u128,
}

impl ArticleScore {
    /// Best section's score plus a quarter of the other same-tier sections' scores.
    fn total(&self) -> f32 {
        self.best + 0.25 * (self.same_tier - self.best)
    }

    /// Stores `total` and the sort `key` (scores are positive, so their bits order like them).
    fn settle(&mut self) {
        self.total = self.total();
        self.key = (self.matched as u128) << 96
            | ((u32::MAX - self.typos) as u128) << 64
            | (self.total.max(0.0).to_bits() as u128) << 32
            | (u32::MAX - self.article) as u128;
    }
}

/// The precomputed lists of short, very common prefixes (see [`SearchIndex::prefix_lists`]).
fn prefix_lists(
    word_term: &HashMap<String, u32>,
    postings: &[Vec<Posting>],
    docs: usize,
) -> HashMap<String, Vec<Posting>> {
    let mut terms_of: HashMap<&str, Vec<u32>> = HashMap::new();
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
    let mut lists = HashMap::new();
    for (prefix, mut terms) in terms_of {
        terms.sort_unstable();
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
        if list.len() > PREFIX_LIST_KEEP {
            list.select_nth_unstable_by(PREFIX_LIST_KEEP - 1, |a, b| b.score.total_cmp(&a.score));
            list.truncate(PREFIX_LIST_KEEP);
        }
        list.sort_unstable_by_key(|p| p.doc);
        lists.insert(prefix.to_string(), list);
    }
    lists
}

/// Levenshtein automaton builders for 1 and 2 edits, transpositions counting as one edit
/// (built once per program: a few milliseconds).
fn lev_builders() -> &'static [LevenshteinAutomatonBuilder; 2] {
    static BUILDERS: OnceLock<[LevenshteinAutomatonBuilder; 2]> = OnceLock::new();
    BUILDERS.get_or_init(|| [LevenshteinAutomatonBuilder::new(1, true), LevenshteinAutomatonBuilder::new(2, true)])
}

/// Match level of a kind, higher is better (0 is "not matched").
fn level(k: MatchKind) -> u8 {
    match k {
        MatchKind::Exact => 3,
        MatchKind::Prefix => 2,
        MatchKind::Typo => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::help_center::Section;
    use crate::text::fold;

    fn sec(heading: &str, text: &str) -> Section {
        let anchor = fold(heading).replace(' ', "-");
        Section { anchor, heading: heading.into(), text: text.into(), html: String::new() }
    }

    fn fixture() -> SearchIndex {
        let a = |id: &str, title: &str, tags: &[&str], sections: Vec<Section>| Article {
            id: id.into(),
            locale: Locale::Fr,
            title: title.into(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            updated: "2026-11-01".into(),
            section: String::new(),
            promoted: None,
            sections,
        };
        SearchIndex::build(HelpCenter {
            locale: Locale::Fr,
            articles: vec![
                a(
                    "phone",
                    "Appeler le support par téléphone",
                    &["appel"],
                    vec![
                        sec("", "Le support de facturation répond en semaine."),
                        sec("Numéros", "Aux États-Unis, composez le 1 800 865 9408."),
                    ],
                ),
                a(
                    "refund",
                    "Demander un remboursement Marketplace",
                    &["avoir"],
                    vec![
                        sec("", "Un partenaire peut demander un remboursement pour un client."),
                        sec("Informations à fournir", "Indiquez le montant de l'avoir et la période."),
                    ],
                ),
                a(
                    "severity",
                    "Niveaux de gravité",
                    &["sévérité"],
                    vec![sec("", "La gravité A correspond à un impact critique sur la production.")],
                ),
            ],
        })
    }

    #[test]
    fn title_match_ranks_first_and_is_accent_insensitive() {
        let idx = fixture();
        let hits = idx.search("telephone", 5);
        assert_eq!(hits[0].article_id, "phone");
        assert!(hits[0].title.iter().any(|f| f.mark && f.text == "téléphone"));
    }

    #[test]
    fn search_ids_ranks_exactly_like_search() {
        let idx = fixture();
        for q in ["telephone", "rembour", "montant avoir", "remboursemnt", "support", "zzz"] {
            let full: Vec<(String, String)> = idx.search(q, 5).into_iter().map(|h| (h.article_id, h.anchor)).collect();
            let ids: Vec<(String, String)> =
                idx.search_ids(q, 5).into_iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(full, ids, "{q}");
        }
    }

    #[test]
    fn stemming_matches_plural_forms() {
        let hits = fixture().search("remboursements ", 5);
        assert_eq!(hits[0].article_id, "refund");
    }

    #[test]
    fn last_word_is_a_prefix() {
        let idx = fixture();
        assert_eq!(idx.search("rembour", 5)[0].article_id, "refund");
        assert_eq!(idx.search("rembo", 5)[0].article_id, "refund");
        // With a trailing space the word is complete: no prefix expansion (and "rembo" is
        // further than one typo from any word).
        assert!(idx.search("rembo ", 5).is_empty());
    }

    #[test]
    fn section_level_hit_links_to_the_heading() {
        let hits = fixture().search("montant avoir", 5);
        assert_eq!(hits[0].article_id, "refund");
        assert_eq!(hits[0].heading, "Informations à fournir");
        assert!(hits[0].snippet.iter().any(|f| f.mark && f.text == "montant"));
    }

    #[test]
    fn typo_tolerance_finds_but_never_outranks_exact() {
        let idx = fixture();
        let hits = idx.search("remboursemnt ", 5);
        assert_eq!(hits[0].article_id, "refund");
        // A typo match in a title (weighted above a body) still ranks below an exact match in
        // a body.
        let a = |id: &str, title: &str, text: &str| Article {
            id: id.into(),
            locale: Locale::Fr,
            title: title.into(),
            tags: vec![],
            updated: "2026-11-01".into(),
            section: String::new(),
            promoted: None,
            sections: vec![sec("", text)],
        };
        let idx = SearchIndex::build(HelpCenter {
            locale: Locale::Fr,
            articles: vec![
                a("a-typo", "Fracture du poignet", "Consultez un médecin."),
                a("b-exact", "Notes", "Une facture arrive chaque mois."),
            ],
        });
        assert_eq!(idx.search("facture ", 5)[0].article_id, "b-exact");
        assert_eq!(idx.search("fracure ", 5)[0].article_id, "a-typo", "a typo finds the title");
    }

    #[test]
    fn exact_accents_and_adjacent_words_rank_higher() {
        let a = |id: &str, title: &str, text: &str| Article {
            id: id.into(),
            locale: Locale::Fr,
            title: title.into(),
            tags: vec![],
            updated: "2026-11-01".into(),
            section: String::new(),
            promoted: None,
            sections: vec![sec("", text)],
        };
        let idx = SearchIndex::build(HelpCenter {
            locale: Locale::Fr,
            articles: vec![
                a("a-folded", "Notes", "Le mot pate sans accent, et encore pate."),
                a("b-accent", "Notes", "Le mot pâte avec accent, et encore pâte."),
                a("c-far", "Support", "Le délai de traitement est court. La réponse vient plus tard."),
                a("d-near", "Support", "Le délai de réponse dépend de la formule, le traitement aussi."),
            ],
        });
        assert_eq!(idx.search("pâte ", 5)[0].article_id, "b-accent");
        assert_eq!(idx.search("pate ", 5).len(), 2, "folded query still finds both");
        assert_eq!(idx.search("délai de réponse ", 5)[0].article_id, "d-near");
    }

    #[test]
    fn empty_and_stop_word_queries_return_nothing() {
        let idx = fixture();
        assert!(idx.search("", 5).is_empty());
        assert!(idx.search("   ", 5).is_empty());
        assert!(idx.search("le la ", 5).is_empty());
        assert!(idx.search("zzzzqqq", 5).is_empty());
    }

    #[test]
    fn one_hit_per_article_and_limit_respected() {
        let idx = fixture();
        let hits = idx.search("support", 1);
        assert_eq!(hits.len(), 1);
        // "avoir" and "remboursement" are in two sections (and the tags) of one article.
        let all = idx.search("avoir remboursement", 10);
        let ids: std::collections::HashSet<_> = all.iter().map(|h| h.article_id.clone()).collect();
        assert!(!all.is_empty());
        assert_eq!(ids.len(), all.len());
    }
}
