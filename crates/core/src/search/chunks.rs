//! The chunked help-center bundle, for help centers too large to download whole: the index
//! is split so that the pane fetches only what a query needs, as Pagefind does.
//!
//! - The **manifest** ([`Manifest`], written as `help-center.<locale>.json`): article ids,
//!   titles and section counts, the first word of each vocabulary part, the first key and
//!   first term of each shard, the prefixes that have a precomputed list, the accented words
//!   and the resolved synonym rules. It does not carry the vocabulary: at 20k articles the
//!   vocabulary was half of a 0.69 MB (brotli) manifest.
//! - **Vocabulary parts** ([`WordsPart`], `help-center.<locale>/words-<n>.json`): a
//!   contiguous range of the sorted folded words with their term ids, fetched for the word
//!   being typed (prefix expansion) and for a word the help center lacks (typo expansion: the
//!   parts a Levenshtein automaton may reach, see [`super::vocabulary::may_accept`]).
//! - **Shards** ([`Shard`], `help-center.<locale>/shard-<n>.json`): the posting lists of a
//!   contiguous range of stems and precomputed prefixes, in sorted order, with each stem and
//!   the articles whose title has it; a precomputed prefix also brings the stems and title
//!   lists of the words it stands for (its prefix expansions), whose own shards a query then
//!   does not fetch. Term ids are numbered in stem order, so the manifest
//!   finds a term's shard from its id, and a word's from its stem.
//! - **Articles** ([`ArticleChunk`], `help-center.<locale>/article-<n>.json`): one article in
//!   full with the accented words of its sections, fetched for the best hits of a query
//!   (their snippets), and for its best candidates when the query has accents (the re-rank
//!   for exact accents reads them).
//!
//! Posting lists carry the word positions of their sections: the proximity re-rank reads
//! them, so a query's ranking needs no article (before format 3 it fetched its 20 best
//! candidates', one request each; see `Layout::group_positions`).
//!
//! A word's term is its stem's, so a query's words need only their stems' shards; the
//! vocabulary parts serve prefix and typo expansion. Once [`SearchIndex::needs`] is
//! satisfied, a chunked index ranks exactly like the in-memory index it was cut from (scores
//! are stored as the same 1/1024 steps; tested), with one difference: its typo expansion
//! keeps a word's first letter (see `SearchIndex::typo_scope`).

use super::rank::{section_index, text_positions_of};
use super::vocabulary::{slot_of, Vocabulary};
use super::*;
use std::collections::BTreeSet;

/// Format version written in [`Manifest::chunked`] (1: the vocabulary in the manifest; 2:
/// posting lists without word positions).
pub const FORMAT: u32 = 3;

/// Where the shards of a chunked index start, and the stems of the shards there.
pub(super) struct Layout {
    /// First key (stem or prefix) of each shard.
    starts: Vec<String>,
    /// First term id of each shard (terms are numbered in stem order).
    first_terms: Vec<u32>,
    /// Stem by term id, set when its shard arrives.
    stems: Vec<OnceLock<String>>,
    /// Shards there.
    loaded: Vec<OnceLock<()>>,
    /// Stem → term of the prefix expansions of the precomputed prefixes there (their own
    /// shards may not be).
    expansions: Mutex<HashMap<String, u32>>,
    /// Word positions of each term's postings, set with its shard (boxed: most terms of a
    /// large help center never arrive, and an empty slot is then 16 bytes).
    positions: Vec<OnceLock<Box<Positions>>>,
    /// [`Layout::group_positions`], called through this pointer so that its code is loaded
    /// with the code that reads chunked bundles (the pane's `chunks` part), not at first open.
    pub(super) group_positions: GroupPositions,
}

/// The signature of [`Layout::group_positions`].
pub(super) type GroupPositions = fn(&Layout, &SearchIndex, u32, &[Group<'_>]) -> Vec<Vec<u32>>;

/// The word positions of the sections of one posting list, in the list's order.
#[derive(Debug, Default)]
pub(super) struct Positions {
    /// Where each section's positions start in `at`; one more entry than sections.
    starts: Vec<u32>,
    /// Positions, section after section, ascending within a section.
    at: Vec<u32>,
}

impl Positions {
    /// The positions of the `i`-th section of the list.
    fn of(&self, i: usize) -> &[u32] {
        &self.at[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

impl Layout {
    /// Per query word group: the positions in section `doc` of the words the group matches
    /// there, from the posting lists of its walked alternatives and from its precomputed
    /// prefix list (for the words it stands for), as `SearchIndex::text_positions` reads
    /// them from the section's text. Lists not loaded count as not matching.
    fn group_positions(&self, index: &SearchIndex, doc: u32, groups: &[Group<'_>]) -> Vec<Vec<u32>> {
        let add = |out: &mut Vec<u32>, list: &OnceLock<Vec<Posting>>, positions: &OnceLock<Box<Positions>>| {
            if let (Some(i), Some(positions)) = (list.get().and_then(|l| section_index(l, doc)), positions.get()) {
                out.extend_from_slice(positions.of(i));
            }
        };
        groups
            .iter()
            .map(|g| {
                let mut out: Vec<u32> = Vec::new();
                for a in g.alts.iter().filter(|a| a.walk) {
                    add(&mut out, &index.postings[a.term as usize], &self.positions[a.term as usize]);
                }
                if let Some((_, p)) = g.prefix_list {
                    add(&mut out, &p.list, &p.positions);
                }
                out
            })
            .collect()
    }

    /// The shard holding `key` (a stem or a prefix).
    fn shard_of(&self, key: &str) -> u32 {
        slot_of(&self.starts, |s| s.as_str() <= key) as u32
    }

    /// The shard holding term `t` (the last of the shards starting at or before it: a shard
    /// of prefixes only starts at the same term as the next).
    fn shard_of_term(&self, t: u32) -> u32 {
        slot_of(&self.first_terms, |&f| f <= t) as u32
    }

    /// The term ids of shard `n`.
    fn terms_of(&self, n: u32) -> std::ops::Range<u32> {
        let n = n as usize;
        self.first_terms[n]..self.first_terms.get(n + 1).copied().unwrap_or(self.stems.len() as u32)
    }

    /// The term whose stem is `stem`, once the shard that would hold it is there (or a
    /// precomputed prefix it is an expansion of).
    pub(super) fn term_of_stem(&self, stem: &str) -> Option<u32> {
        let n = self.shard_of(stem);
        if !self.is_loaded(n) {
            return self.expansions.lock().ok()?.get(stem).copied();
        }
        let range = self.terms_of(n);
        let stems = &self.stems[range.start as usize..range.end as usize];
        let i = stems.partition_point(|s| s.get().is_some_and(|s| s.as_str() < stem));
        stems.get(i)?.get().filter(|s| s.as_str() == stem).map(|_| range.start + i as u32)
    }

    fn is_loaded(&self, n: u32) -> bool {
        self.loaded[n as usize].get().is_some()
    }
}

/// Everything a chunked index needs before its first query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version ([`FORMAT`]); also what tells a manifest from a whole help center.
    pub chunked: u32,
    /// Locale of the content.
    pub locale: Locale,
    /// The articles' heads: id, title, locale, date, help-center section, promoted place and
    /// as many empty sections as the article has (no tags, headings, anchors or texts: the
    /// article's chunk brings them, and it is fetched before a hit on it is final).
    pub articles: Vec<Article>,
    /// Number of terms (stems); term ids are numbered in stem order.
    pub terms: u32,
    /// First word of each vocabulary part (`words-<n>.json`), strictly increasing; the first
    /// is "".
    pub word_starts: Vec<String>,
    /// Prefixes that have a precomputed posting list (in some shard).
    pub prefixes: Vec<String>,
    /// Lower-cased accented words by accent id.
    pub accents: Vec<String>,
    /// First key (stem or prefix) of each shard, sorted; shard `n` is `shard-<n>.json`.
    pub shard_starts: Vec<String>,
    /// First term id of each shard, one per shard, non-decreasing.
    pub shard_terms: Vec<u32>,
    /// The help center's synonym rules, resolved to term ids (see [`HelpCenter::synonyms`]).
    #[serde(default, skip_serializing_if = "super::CompiledSynonyms::is_empty")]
    pub synonyms: super::CompiledSynonyms,
}

/// A posting list: sections as gaps from the previous one (the first from 0) and scores in
/// steps of 1/1024.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostingList {
    /// Section (document) number gaps.
    pub docs: Vec<u32>,
    /// Scores × 1024.
    pub scores: Vec<u32>,
    /// Per section: how many word positions it has in `positions`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<u32>,
    /// The sections' word positions in their text (as the re-rank numbers them, see
    /// `rank::text_positions_of`), section after section, each section's as gaps from
    /// the previous one (the first from 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<u32>,
}

impl PostingList {
    /// Whether the list has no section.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// One term of a shard, or one expansion of a precomputed prefix (then without postings).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardTerm {
    /// Term id.
    pub term: u32,
    /// Its stem.
    pub stem: String,
    /// Its postings (none for a prefix's expansion: they are in the term's own shard).
    #[serde(default, skip_serializing_if = "PostingList::is_empty")]
    pub list: PostingList,
    /// The articles whose title has it, as gaps from the previous one (the first from 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<u32>,
}

/// The posting lists of one range of keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// Its number (`shard-<n>.json`).
    pub shard: u32,
    /// Its terms, by id (stem order).
    pub terms: Vec<ShardTerm>,
    /// Its precomputed prefixes.
    pub prefixes: Vec<ShardPrefix>,
}

/// A precomputed prefix: its list, and what ranking and highlighting read of the words it
/// stands for (the first [`MAX_PREFIX_EXPANSIONS`] words with it, as a query expands it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardPrefix {
    /// The prefix (folded).
    pub prefix: String,
    /// The best sections of its words' postings.
    pub list: PostingList,
    /// Its expansions' terms: id, stem and title list (no postings).
    pub expansions: Vec<ShardTerm>,
}

/// One part of the vocabulary: folded words with their term ids, sorted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WordsPart {
    /// Its number (`words-<n>.json`).
    pub part: u32,
    /// (folded word, term id), sorted by word.
    pub words: Vec<(String, u32)>,
}

/// One article in full, with the re-rank data of each of its sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleChunk {
    /// Index of the article in the manifest.
    pub article: u32,
    /// The article with its section texts and HTML.
    pub body: Article,
    /// Per section, in order: its accented words (its terms are left out: the posting lists
    /// carry their positions).
    pub sections: Vec<DocText>,
}

/// What a chunked index still lacks to answer a query exactly, in rounds: vocabulary parts
/// and shards, then (once they are there) article numbers. Empty for an in-memory index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Vocabulary parts to fetch (`words-<n>.json`), ascending.
    pub words: Vec<u32>,
    /// Shards to fetch (`shard-<n>.json`), ascending.
    pub shards: Vec<u32>,
    /// Articles to fetch (`article-<n>.json`), ascending.
    pub articles: Vec<u32>,
}

impl Needs {
    /// Nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.shards.is_empty() && self.articles.is_empty()
    }
}

/// A help-center bundle as the pane downloads it (`help-center.<locale>.json`): a whole
/// [`HelpCenter`] or the [`Manifest`] of a chunked one.
#[derive(Debug, Clone, PartialEq)]
pub enum Bundle {
    /// Every article in full.
    Whole(HelpCenter),
    /// The manifest of a chunked bundle; its parts are beside it.
    Chunked(Manifest),
}

impl Bundle {
    /// Reads a bundle; a manifest is told by its `chunked` field.
    /// Errors: the JSON is neither (the message names the position).
    pub fn from_json(json: &str) -> Result<Bundle, String> {
        if Bundle::is_chunked(json)? {
            Bundle::manifest_from_json(json).map(Bundle::Chunked)
        } else {
            Bundle::whole_from_json(json).map(Bundle::Whole)
        }
    }

    /// Whether `json` is the manifest of a chunked bundle (it has a `chunked` field), without
    /// decoding the rest. Errors: `json` is not a JSON object (the message names the position).
    pub fn is_chunked(json: &str) -> Result<bool, String> {
        #[derive(Deserialize)]
        struct Probe {
            chunked: Option<u32>,
        }
        let probe: Probe = serde_json::from_str(json).map_err(|e| format!("help-center bundle: {e}"))?;
        Ok(probe.chunked.is_some())
    }

    /// Reads a whole bundle (every article in full).
    /// Errors: `json` is not a help center (the message names the position).
    pub fn whole_from_json(json: &str) -> Result<HelpCenter, String> {
        serde_json::from_str(json).map_err(|e| format!("help-center bundle: {e}"))
    }

    /// Reads the manifest of a chunked bundle.
    /// Errors: `json` is not a manifest (the message names the position).
    pub fn manifest_from_json(json: &str) -> Result<Manifest, String> {
        serde_json::from_str(json).map_err(|e| format!("chunked help-center manifest: {e}"))
    }

    /// The search index of this bundle (built in memory, or chunked from the manifest).
    /// Errors: see [`SearchIndex::from_manifest`].
    pub fn into_index(self) -> Result<SearchIndex, String> {
        match self {
            Bundle::Whole(hc) => Ok(SearchIndex::build(hc)),
            Bundle::Chunked(m) => SearchIndex::from_manifest(m),
        }
    }
}

impl SearchIndex {
    /// Position of the article `id` in this index (`article-<n>.json` for a chunked one).
    pub fn article_number(&self, id: &str) -> Option<u32> {
        self.hc.articles.iter().position(|a| a.id == id).map(|i| i as u32)
    }
}

/// Gaps from the previous value (the first from 0) of ascending `values`.
fn gaps(values: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let mut prev = 0;
    values
        .into_iter()
        .map(|v| {
            let gap = v - prev;
            prev = v;
            gap
        })
        .collect()
}

/// The values of `gaps` (see [`gaps`]), each below `bound` (`what` names them in errors).
fn ungap(gaps: Vec<u32>, bound: usize, what: &str) -> Result<Vec<u32>, String> {
    let mut v = 0u32;
    gaps.into_iter()
        .map(|gap| {
            v = v
                .checked_add(gap)
                .filter(|&d| (d as usize) < bound)
                .ok_or_else(|| format!("{what} {} out of range ({bound} {what}s)", v as u64 + gap as u64))?;
            Ok(v)
        })
        .collect()
}

/// `n` empty slots.
fn unset<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

/// `list` with the word positions `positions_in(doc)` gives for each of its sections.
fn encode(list: &[Posting], positions_in: impl Fn(u32) -> Vec<u32>) -> PostingList {
    let (mut counts, mut positions) = (Vec::with_capacity(list.len()), Vec::new());
    for p in list {
        let at = positions_in(p.doc);
        counts.push(at.len() as u32);
        positions.extend(gaps(at));
    }
    PostingList {
        docs: gaps(list.iter().map(|p| p.doc)),
        scores: list.iter().map(|p| (p.score * SCORE_STEPS).round() as u32).collect(),
        counts,
        positions,
    }
}

fn decode(list: PostingList, docs: usize) -> Result<(Vec<Posting>, Positions), String> {
    let n = list.docs.len();
    if list.scores.len() != n || list.counts.len() != n {
        return Err(format!(
            "posting list with {n} sections, {} scores and {} position counts",
            list.scores.len(),
            list.counts.len()
        ));
    }
    let mut starts = Vec::with_capacity(n + 1);
    starts.push(0u32);
    let mut at = Vec::with_capacity(list.positions.len());
    let mut rest = list.positions.into_iter();
    for &count in &list.counts {
        let mut last = 0u32;
        for _ in 0..count {
            let gap = rest.next().ok_or("posting list with fewer positions than its counts say")?;
            last = last.checked_add(gap).ok_or("word position out of range")?;
            at.push(last);
        }
        starts.push(at.len() as u32);
    }
    if rest.next().is_some() {
        return Err("posting list with more positions than its counts say".into());
    }
    let docs = ungap(list.docs, docs, "section")?;
    let postings = docs
        .into_iter()
        .zip(list.scores)
        .map(|(doc, score)| Posting { doc, score: score as f32 / SCORE_STEPS })
        .collect();
    Ok((postings, Positions { starts, at }))
}

impl SearchIndex {
    /// Cuts this (in-memory) index into a chunked bundle: the manifest, vocabulary parts of
    /// `words_per_part` words, shards of about `postings_per_shard` postings each (a key's
    /// list is never split, and a prefix spelled like a stem is in the stem's shard), and one
    /// chunk per article. Term ids are renumbered in stem order. Panics if called on a chunked
    /// index (it has no whole data to cut) or with `words_per_part` 0.
    pub fn to_chunks(
        &self,
        words_per_part: usize,
        postings_per_shard: usize,
    ) -> (Manifest, Vec<WordsPart>, Vec<Shard>, Vec<ArticleChunk>) {
        assert!(self.layout.is_none(), "to_chunks needs an in-memory index");
        // Stems in sorted order: the new term ids.
        let mut by_stem: Vec<(&str, u32)> = self.terms.iter().map(|(s, &t)| (s.as_str(), t)).collect();
        by_stem.sort_unstable();
        let mut new_id = vec![0u32; by_stem.len()];
        for (id, (_, old)) in by_stem.iter().enumerate() {
            new_id[*old as usize] = id as u32;
        }
        let renumber = |t: u32| if t == GAP { GAP } else { new_id[t as usize] };
        // Per term (old id): (section, word position) of each of its words in the sections'
        // texts, by section then position (see `rank::text_positions_of`).
        let mut occurrences: Vec<Vec<(u32, u32)>> = vec![Vec::new(); self.terms.len()];
        for (d, text) in self.doc_text.iter().enumerate() {
            for (t, pos) in text_positions_of(text.get().map_or(&[][..], |t| t.terms.as_slice())) {
                occurrences[t as usize].push((d as u32, pos));
            }
        }
        // The positions in section `doc` of any of `terms`, ascending, once each.
        let positions_in = |terms: &[u32], doc: u32| -> Vec<u32> {
            let mut at: Vec<u32> = Vec::new();
            for &t in terms {
                let occ = &occurrences[t as usize];
                let from = occ.partition_point(|&(d, _)| d < doc);
                at.extend(occ[from..].iter().take_while(|&&(d, _)| d == doc).map(|&(_, pos)| pos));
            }
            crate::sort::sort(&mut at);
            at.dedup();
            at
        };
        // A term's entry under its new id: its stem, `list` and title list.
        let entry = |old: u32, list: PostingList| {
            let term = new_id[old as usize];
            let titles = gaps(self.titles_with(old).iter().copied());
            ShardTerm { term, stem: by_stem[term as usize].0.to_string(), list, titles }
        };
        // Every key in sorted order: stems (term lists) and precomputed prefixes.
        let mut keys: Vec<(&str, Option<u32>)> = by_stem.iter().map(|&(s, old)| (s, Some(old))).collect();
        keys.extend(self.prefix_lists.keys().map(|p| (p.as_str(), None)));
        keys.sort_unstable();
        let list_of = |key: &(&str, Option<u32>)| match key.1 {
            Some(t) => self.postings[t as usize].get(),
            None => self.prefix_lists[key.0].list.get(),
        };
        let (mut shards, mut starts, mut first_terms) = (vec![Shard::default()], vec![String::new()], vec![0]);
        let mut size = 0;
        let mut next_term = 0;
        for (k, key) in keys.iter().enumerate() {
            let list = list_of(key).map_or(&[][..], Vec::as_slice);
            // A prefix spelled like a stem ("mot") shares its shard: a shard is found by key.
            let same_as_previous = k > 0 && keys[k - 1].0 == key.0;
            if size > 0 && size + list.len() > postings_per_shard && !same_as_previous {
                shards.push(Shard { shard: shards.len() as u32, ..Shard::default() });
                starts.push(key.0.to_string());
                first_terms.push(next_term);
                size = 0;
            }
            size += list.len();
            let shard = shards.last_mut().expect("one shard at least");
            match key.1 {
                Some(old) => {
                    next_term += 1;
                    shard.terms.push(entry(old, encode(list, |doc| positions_in(&[old], doc))))
                }
                None => {
                    // The words a query expands the prefix to (the positions of the list's
                    // sections are theirs).
                    let mut olds: Vec<u32> = Vec::new();
                    for (_, old) in self.words.with_prefix(key.0).take(MAX_PREFIX_EXPANSIONS) {
                        if !olds.contains(&old) {
                            olds.push(old);
                        }
                    }
                    let expansions = olds.iter().map(|&old| entry(old, PostingList::default())).collect();
                    let list = encode(list, |doc| positions_in(&olds, doc));
                    shard.prefixes.push(ShardPrefix { prefix: key.0.to_string(), list, expansions })
                }
            }
        }
        let words: Vec<(String, u32)> = self.words.entries().map(|(w, t)| (w.clone(), new_id[*t as usize])).collect();
        let parts: Vec<WordsPart> = words
            .chunks(words_per_part)
            .enumerate()
            .map(|(n, words)| WordsPart { part: n as u32, words: words.to_vec() })
            .collect();
        let word_starts =
            parts.iter().enumerate().map(|(n, p)| if n == 0 { String::new() } else { p.words[0].0.clone() }).collect();
        let mut accents = vec![String::new(); self.accent_ids.len()];
        for (w, &id) in &self.accent_ids {
            accents[id as usize] = w.clone();
        }
        let mut prefixes: Vec<String> = self.prefix_lists.keys().cloned().collect();
        prefixes.sort_unstable();
        // Heads: what the pane shows before an article arrives (title, promoted place) and its
        // number of sections; tags, headings and anchors come with the article's chunk.
        let heads = self
            .hc
            .articles
            .iter()
            .map(|a| Article { tags: Vec::new(), sections: vec![Section::default(); a.sections.len()], ..a.clone() })
            .collect();
        let mut chunks: Vec<ArticleChunk> = self
            .hc
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| ArticleChunk { article: i as u32, body: a.clone(), sections: Vec::new() })
            .collect();
        for (d, doc) in self.docs.iter().enumerate() {
            let accented = self.doc_text[d].get().map(|t| t.accented.clone()).unwrap_or_default();
            chunks[doc.article as usize].sections.push(DocText { terms: Vec::new(), accented });
        }
        let manifest = Manifest {
            chunked: FORMAT,
            locale: self.hc.locale,
            articles: heads,
            terms: by_stem.len() as u32,
            word_starts,
            prefixes,
            accents,
            shard_starts: starts,
            shard_terms: first_terms,
            synonyms: self.synonyms.renumbered(renumber),
        };
        (manifest, parts, shards, chunks)
    }

    /// A chunked index from its manifest: searchable at once, exact once the parts that
    /// [`SearchIndex::needs`] lists are added.
    /// Errors: an unknown format version, vocabulary part starts not increasing, shard starts
    /// or first terms out of order or of unequal counts.
    pub fn from_manifest(m: Manifest) -> Result<SearchIndex, String> {
        if m.chunked != FORMAT {
            return Err(format!("chunked bundle format {} (this pane reads {FORMAT})", m.chunked));
        }
        let terms = m.terms as usize;
        if m.shard_starts.len() != m.shard_terms.len()
            || m.shard_starts.is_empty()
            || m.shard_terms.windows(2).any(|p| p[0] > p[1])
            || m.shard_terms.last().is_some_and(|&t| t as usize > terms)
        {
            return Err(format!(
                "shards: {} starts and {} first terms, which must be as many, in order and at most {terms}",
                m.shard_starts.len(),
                m.shard_terms.len()
            ));
        }
        let words = Vocabulary::in_parts(m.word_starts)?;
        let docs: Vec<Doc> = m
            .articles
            .iter()
            .enumerate()
            .flat_map(|(a, art)| (0..art.sections.len()).map(move |s| Doc { article: a as u32, section: s as u32 }))
            .collect();
        lev_builders();
        Ok(SearchIndex {
            analyzer: Analyzer::new(m.locale),
            terms: HashMap::default(),
            title_postings: unset(terms),
            synonyms: m.synonyms,
            postings: unset(terms),
            article_counts: unset(terms),
            words,
            word_term: HashMap::default(),
            doc_text: unset(docs.len()),
            bodies: unset(m.articles.len()),
            docs,
            accent_ids: m.accents.into_iter().enumerate().map(|(i, w)| (w, i as u32)).collect(),
            prefix_lists: m.prefixes.into_iter().map(|p| (p, PrefixList::default())).collect(),
            layout: Some(Layout {
                loaded: unset(m.shard_starts.len()),
                starts: m.shard_starts,
                first_terms: m.shard_terms,
                stems: unset(terms),
                expansions: Mutex::default(),
                positions: unset(terms),
                group_positions: Layout::group_positions,
            }),
            hc: HelpCenter { locale: m.locale, articles: m.articles, synonyms: Vec::new() },
            typo_cache: Mutex::default(),
            scratch: Mutex::default(),
        })
    }

    /// Whether this index was made from a manifest (and fetches its parts).
    pub fn is_chunked(&self) -> bool {
        self.layout.is_some()
    }

    /// What this index lacks to answer `query` with `limit` hits exactly, one round at a
    /// time: first the shards of its words' stems and the vocabulary parts of the word being
    /// typed; then the parts a typo expansion may reach (for a word the help center lacks)
    /// and the shards of the words expansions found; then, when the query has accented words,
    /// the articles of its best candidates (the re-rank for exact accents reads them); the
    /// ranking is then exact. Last, the articles of the best `limit` hits (their snippets):
    /// `limit` 0 asks only for what the ranking needs. Empty for an in-memory index or once
    /// everything is loaded.
    pub fn needs(&self, query: &str, limit: usize) -> Needs {
        let Some(layout) = &self.layout else { return Needs::default() };
        let (mut words, mut shards) = (BTreeSet::new(), BTreeSet::new());
        let missing_shard = |shards: &mut BTreeSet<u32>, n: u32| {
            if !layout.is_loaded(n) {
                shards.insert(n);
            }
        };
        let tokens = self.analyzer.words(query);
        let typing_last = !query.ends_with(char::is_whitespace);
        for (i, w) in tokens.iter().enumerate() {
            let folded = &w.token.folded;
            if !w.stop {
                missing_shard(&mut shards, layout.shard_of(&self.analyzer.stem(folded)));
            }
            if i + 1 == tokens.len() && typing_last && folded.chars().count() >= 2 {
                words.extend(self.words.missing_for_prefix(folded, MAX_PREFIX_EXPANSIONS));
            }
        }
        if words.is_empty() && shards.is_empty() {
            // The words the help center lacks (no term, no prefix expansion): the parts their
            // typo expansion may reach.
            for (i, w) in tokens.iter().enumerate() {
                let prefix_mode = i + 1 == tokens.len() && typing_last;
                let folded = &w.token.folded;
                let expands =
                    prefix_mode && folded.chars().count() >= 2 && self.words.with_prefix(folded).next().is_some();
                if w.stop || expands || self.term_of(folded).is_some() {
                    continue;
                }
                if let Some(dfa) = typo_dfa(folded, prefix_mode) {
                    words.extend(self.words.missing_for(&dfa, self.typo_scope(folded)));
                }
            }
        }
        if !words.is_empty() || !shards.is_empty() {
            return Needs {
                words: words.into_iter().collect(),
                shards: shards.into_iter().collect(),
                articles: Vec::new(),
            };
        }
        let groups = self.query_groups(query);
        for g in &groups {
            // The prefix expansions a precomputed list stands for are not walked: their title
            // lists and stems come with the list's shard.
            for a in g.alts.iter().filter(|a| a.walk && self.postings[a.term as usize].get().is_none()) {
                missing_shard(&mut shards, layout.shard_of_term(a.term));
            }
            if let Some((prefix, list)) = g.prefix_list {
                if list.list.get().is_none() {
                    missing_shard(&mut shards, layout.shard_of(prefix));
                }
            }
        }
        if !shards.is_empty() {
            return Needs { shards: shards.into_iter().collect(), ..Needs::default() };
        }
        if groups.is_empty() {
            return Needs::default();
        }
        let missing = |&a: &u32| self.bodies[a as usize].get().is_none();
        // The re-rank for exact accents reads the accented words of the best candidates'
        // sections, which come with their articles.
        if !self.query_accents(query).is_empty() {
            let mut articles: Vec<u32> =
                self.candidates(&groups).into_iter().map(|a| a.article).filter(missing).collect();
            if !articles.is_empty() {
                crate::sort::sort(&mut articles);
                return Needs { articles, ..Needs::default() };
            }
        }
        // The ranking is exact: the best `limit` hits' articles, for their snippets.
        let ranked = self.rank_groups(&groups, query, limit);
        let mut articles: Vec<u32> = ranked.into_iter().map(|a| a.article).filter(missing).collect();
        crate::sort::sort(&mut articles);
        Needs { articles, ..Needs::default() }
    }

    /// Adds a fetched vocabulary part (a part already added is ignored).
    /// Errors: a part number out of range, words out of order, repeated or outside the part's
    /// range, a term out of range (the message names the word).
    pub fn add_words(&self, part: WordsPart) -> Result<(), String> {
        self.words.add_part(part.part, part.words, self.postings.len())?;
        // Typo expansions cached before the part came may lack its words.
        if let Ok(mut cache) = self.typo_cache.lock() {
            cache.clear();
        }
        Ok(())
    }

    /// Adds a fetched shard (a shard already added is ignored).
    /// Errors: a shard number out of range, a term outside the shard's range, a prefix this
    /// manifest does not have, a section or article out of range.
    pub fn add_shard(&self, shard: Shard) -> Result<(), String> {
        let Some(layout) = &self.layout else { return Err("not a chunked index".into()) };
        let n = shard.shard;
        if n as usize >= layout.loaded.len() {
            return Err(format!("shard {n} out of range ({} shards)", layout.loaded.len()));
        }
        if layout.is_loaded(n) {
            return Ok(());
        }
        let range = layout.terms_of(n);
        let (docs, articles) = (self.docs.len(), self.hc.articles.len());
        // Decoded in full before anything is set: a bad shard leaves the index as it was.
        let mut terms = Vec::with_capacity(shard.terms.len());
        for t in shard.terms {
            if !range.contains(&t.term) {
                return Err(format!("term {} is not in shard {n} (terms {range:?})", t.term));
            }
            let (list, positions) = decode(t.list, docs)?;
            terms.push((t.term, t.stem, list, positions, ungap(t.titles, articles, "article")?));
        }
        let mut prefixes = Vec::with_capacity(shard.prefixes.len());
        let mut expansions = Vec::new();
        for p in shard.prefixes {
            let slot = self
                .prefix_lists
                .get(&p.prefix)
                .ok_or_else(|| format!("prefix {:?} is not in the manifest", p.prefix))?;
            let (list, at) = decode(p.list, docs)?;
            prefixes.push((slot, list, at));
            for e in p.expansions {
                if e.term as usize >= self.postings.len() {
                    return Err(format!("term {} out of range ({} terms)", e.term, self.postings.len()));
                }
                expansions.push((e.term, e.stem, ungap(e.titles, articles, "article")?));
            }
        }
        for (t, stem, list, positions, titles) in terms {
            let t = t as usize;
            let _ = (layout.stems[t].set(stem), self.postings[t].set(list), self.title_postings[t].set(titles));
            let _ = layout.positions[t].set(Box::new(positions));
        }
        for (slot, list, at) in prefixes {
            let _ = (slot.list.set(list), slot.positions.set(Box::new(at)));
        }
        if let Ok(mut known) = layout.expansions.lock() {
            for (t, stem, titles) in expansions {
                let _ = self.title_postings[t as usize].set(titles);
                known.insert(stem, t);
            }
        }
        let _ = layout.loaded[n as usize].set(());
        Ok(())
    }

    /// Adds a fetched article (an article already added is ignored).
    /// Errors: an article number out of range, an id or a section count that differs from
    /// the manifest's.
    pub fn add_article(&self, chunk: ArticleChunk) -> Result<(), String> {
        let i = chunk.article as usize;
        let head = self
            .hc
            .articles
            .get(i)
            .ok_or_else(|| format!("article {i} out of range ({} articles)", self.hc.articles.len()))?;
        if head.id != chunk.body.id
            || head.sections.len() != chunk.body.sections.len()
            || chunk.sections.len() != head.sections.len()
        {
            return Err(format!("article {i} ({}) does not match the manifest", chunk.body.id));
        }
        let first = self.docs.partition_point(|d| (d.article as usize) < i);
        for (k, text) in chunk.sections.into_iter().enumerate() {
            let _ = self.doc_text[first + k].set(text);
        }
        if let Some(slot) = self.bodies.get(i) {
            let _ = slot.set(chunk.body);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A help center big enough for shards and precomputed prefix lists: `n` articles of 3
    /// sections of words drawn (deterministically) from a small French vocabulary.
    fn corpus(n: usize) -> HelpCenter {
        corpus_with(n, &[])
    }

    /// [`corpus`] with `extra` words in the vocabulary.
    fn corpus_with(n: usize, extra: &[&str]) -> HelpCenter {
        let mut words = vec![
            "remboursement",
            "facture",
            "facturation",
            "abonnement",
            "support",
            "téléphone",
            "réponse",
            "délai",
            "gravité",
            "critique",
            "ticket",
            "demande",
            "client",
            "partenaire",
            "région",
            "horaires",
            "ouverture",
            "compte",
            "paiement",
            "carte",
            "crédit",
            "résiliation",
            "renouvellement",
            "licence",
            "utilisateur",
            "administrateur",
            "portail",
            "azure",
            "office",
            "marketplace",
            "réseau",
            "serveur",
            "service",
            "sécurité",
            "accès",
            "mot",
            "passe",
            "connexion",
            "erreur",
            "incident",
            "retard",
        ];
        words.extend_from_slice(extra);
        let mut seed = 0x2545_F491_u64;
        let mut next = |k: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % k
        };
        let mut text = |len: usize| (0..len).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" ");
        let articles = (0..n)
            .map(|i| Article {
                id: format!("a{i:04}"),
                locale: Locale::Fr,
                title: text(5),
                tags: vec![text(1)],
                updated: "2026-11-22".into(),
                section: String::new(),
                promoted: None,
                sections: (0..3)
                    .map(|s| Section {
                        anchor: if s == 0 { String::new() } else { format!("s{s}") },
                        heading: if s == 0 { String::new() } else { text(3) },
                        text: text(40),
                        html: format!("<p>{i}</p>"),
                    })
                    .collect(),
            })
            .collect();
        HelpCenter { locale: Locale::Fr, articles, synonyms: vec![] }
    }

    /// Round-trips the parts through JSON, as the pane receives them.
    fn json<T: Serialize + for<'de> Deserialize<'de>>(v: &T) -> T {
        serde_json::from_str(&serde_json::to_string(v).unwrap()).unwrap()
    }

    /// The parts of a chunked bundle, as the CLI writes them.
    struct Parts {
        words: Vec<WordsPart>,
        shards: Vec<Shard>,
        chunks: Vec<ArticleChunk>,
    }

    /// `whole` cut into parts of `words_per_part` words and `per_shard` postings; the chunked
    /// index of its manifest (read back from JSON) and the parts.
    fn cut(whole: &SearchIndex, words_per_part: usize, per_shard: usize) -> (SearchIndex, Manifest, Parts) {
        let (manifest, words, shards, chunks) = whole.to_chunks(words_per_part, per_shard);
        let chunked = SearchIndex::from_manifest(json(&manifest)).unwrap();
        (chunked, manifest, Parts { words, shards, chunks })
    }

    /// Adds what `needs` lists, from `parts` (through JSON, as the pane receives them).
    fn add(idx: &SearchIndex, needs: Needs, parts: &Parts) {
        for n in needs.words {
            idx.add_words(json(&parts.words[n as usize])).unwrap();
        }
        for n in needs.shards {
            idx.add_shard(json(&parts.shards[n as usize])).unwrap();
        }
        for n in needs.articles {
            idx.add_article(json(&parts.chunks[n as usize])).unwrap();
        }
    }

    /// Loads what `needs` asks for until nothing is missing; returns the rounds it took.
    fn satisfy(idx: &SearchIndex, query: &str, parts: &Parts) -> usize {
        let mut rounds = 0;
        loop {
            let needs = idx.needs(query, 8);
            if needs.is_empty() {
                return rounds;
            }
            rounds += 1;
            assert!(rounds <= 4, "{query}: still needs {needs:?}");
            add(idx, needs, parts);
        }
    }

    #[test]
    fn a_chunked_index_ranks_exactly_like_the_whole_one() {
        let whole = SearchIndex::build(corpus(600));
        for words_per_part in [1, 7, 10_000] {
            let (chunked, manifest, parts) = cut(&whole, words_per_part, 2_000);
            assert!(parts.shards.len() > 10, "{} shards", parts.shards.len());
            assert!(!manifest.prefixes.is_empty(), "the corpus has precomputed prefixes");
            assert!(
                manifest.articles.iter().zip(&whole.help_center().articles).all(|(h, a)| h.title == a.title
                    && h.tags.is_empty()
                    && h.sections == vec![Section::default(); a.sections.len()]),
                "heads carry titles and section counts only"
            );
            assert!(chunked.is_chunked() && !whole.is_chunked());
            // With its vocabulary and shards but not yet its articles, a query's hits already
            // have their titles.
            let q = "facture client";
            for _ in 0..4 {
                let needs = chunked.needs(q, 8);
                if !needs.articles.is_empty() {
                    break;
                }
                add(&chunked, needs, &parts);
            }
            let early = chunked.search(q, 8);
            assert!(
                !early.is_empty() && early.iter().all(|h| !h.title.is_empty() && h.snippet.is_empty()),
                "{early:?}"
            );
            for q in [
                "remboursement",
                "re",
                "fact",
                "délai de réponse",
                "remboursemnt client",
                "gravite critique",
                "sécurité",
                "servuer",
                "zzz",
                "le",
                "factrue ",
                "abonnemen",
                // Proximity with a word being typed whose precomputed prefix list stands for
                // its expansions (their positions come with the list).
                "remboursement re",
                "client de",
                "délai de ré",
            ] {
                satisfy(&chunked, q, &parts);
                assert_eq!(chunked.search(q, 8), whole.search(q, 8), "{q} ({words_per_part} words per part)");
                assert!(whole.needs(q, 8).is_empty());
            }
            // An article arrives whole and equal to the whole bundle's once its chunk is added.
            let last = whole.help_center().articles.last().unwrap();
            let n = chunked.article_number(&last.id).unwrap();
            chunked.add_article(json(&parts.chunks[n as usize])).unwrap();
            assert_eq!(chunked.article(&last.id), Some(last));
        }
    }

    #[test]
    fn the_manifest_carries_no_vocabulary_and_a_query_fetches_few_parts() {
        let whole = SearchIndex::build(corpus(600));
        let (chunked, manifest, parts) = cut(&whole, 4, 2_000);
        // No word of the vocabulary is a string of the manifest but the first keys of the
        // parts and shards (short ones may be prefixes).
        let text = serde_json::to_string(&manifest).unwrap();
        let words: Vec<&str> = parts.words.iter().flat_map(|p| &p.words).map(|(w, _)| w.as_str()).collect();
        assert!(words.len() > 20 && words.contains(&"remboursement"));
        for w in words
            .iter()
            .filter(|w| w.len() > 3 && !manifest.word_starts.iter().chain(&manifest.shard_starts).any(|s| s == *w))
        {
            assert!(!text.contains(&format!("\"{w}\"")), "{w} is in the manifest");
        }
        assert!(parts.words.len() > 5 && manifest.word_starts.len() == parts.words.len());
        // A word being typed: the shard of its stem and the vocabulary part of its prefix.
        let needs = chunked.needs("rembour", 5);
        assert!(
            (1..=2).contains(&needs.words.len()) && needs.shards.len() <= 2 && needs.articles.is_empty(),
            "{needs:?}"
        );
        add(&chunked, needs, &parts);
        // Then the shards of its expansions, then only the shown hits' articles.
        let needs = chunked.needs("rembour", 5);
        assert!(needs.words.is_empty() && needs.articles.is_empty(), "{needs:?}");
        add(&chunked, needs, &parts);
        let needs = chunked.needs("rembour", 5);
        assert!(
            needs.words.is_empty() && needs.shards.is_empty() && (1..=5).contains(&needs.articles.len()),
            "one unaccented word: only the shown hits' articles {needs:?}"
        );
        // Completed words need no vocabulary: their stems' shards only.
        let needs = chunked.needs("remboursement client ", 5);
        assert!(needs.words.is_empty(), "{needs:?}");
        add(&chunked, needs, &parts);
        // Several words: the proximity re-rank reads the posting lists' word positions, so
        // the ranking needs no article; then only the shown hits' articles.
        assert!(chunked.needs("remboursement client ", 0).is_empty());
        let needs = chunked.needs("remboursement client ", 5);
        assert!(
            needs.words.is_empty() && needs.shards.is_empty() && (1..=5).contains(&needs.articles.len()),
            "several words: only the shown hits' articles {needs:?}"
        );
        // A word with accents: the re-rank for exact accents reads the best candidates'
        // articles, before the ranking is exact.
        add(&chunked, chunked.needs("réseau délai ", 0), &parts);
        let needs = chunked.needs("réseau délai ", 0);
        assert!(
            needs.articles.len() > 5 && needs.articles.len() <= RERANK,
            "accents: the re-ranked candidates' articles {needs:?}"
        );
        // Before its articles arrive the index still answers (titles only, no re-rank).
        assert_eq!(chunked.search("rembour", 5).len(), 5);
        // A word the help center lacks: the parts its typo expansion may reach, not all.
        let needs = chunked.needs("remboursemnt ", 5);
        assert!(!needs.words.is_empty() && needs.words.len() * 4 < parts.words.len(), "{needs:?}");
        assert!(satisfy(&chunked, "remboursemnt ", &parts) <= 3);
        assert_eq!(chunked.search("remboursemnt ", 5), whole.search("remboursemnt ", 5));
    }

    #[test]
    fn a_precomputed_prefix_brings_what_its_expansions_need_without_their_shards() {
        let whole = SearchIndex::build(corpus(600));
        let (chunked, manifest, parts) = cut(&whole, 2_048, 200);
        let p = "re";
        assert!(manifest.prefixes.iter().any(|x| x == p));
        let entry = parts.shards.iter().flat_map(|s| &s.prefixes).find(|x| x.prefix == p).unwrap();
        let layout = chunked.layout.as_ref().unwrap();
        let their_shards: BTreeSet<u32> = entry.expansions.iter().map(|e| layout.shard_of_term(e.term)).collect();
        assert!(their_shards.len() > 3, "{their_shards:?}");
        satisfy(&chunked, p, &parts);
        let loaded = layout.loaded.iter().filter(|l| l.get().is_some()).count();
        assert!(loaded < their_shards.len(), "{loaded} shards loaded for {p:?}");
        assert_eq!(chunked.search(p, 8), whole.search(p, 8), "highlighting and titles from the prefix's shard");
    }

    #[test]
    fn a_chunked_typo_expansion_keeps_the_first_letter() {
        let whole = SearchIndex::build(corpus(300));
        let (chunked, _, parts) = cut(&whole, 8, 2_000);
        let ids = |idx: &SearchIndex, q: &str| -> Vec<String> {
            idx.search(q, 8).into_iter().map(|h| h.article_id).collect::<Vec<_>>()
        };
        for q in ["fcature ", "vacture ", "facturr "] {
            satisfy(&chunked, q, &parts);
        }
        assert!(!ids(&whole, "vacture ").is_empty(), "the whole index finds a first-letter typo");
        assert!(ids(&chunked, "vacture ").is_empty(), "the chunked one keeps the first letter");
        for q in ["fcature ", "facturr "] {
            assert!(!ids(&chunked, q).is_empty());
            assert_eq!(ids(&chunked, q), ids(&whole, q), "{q}");
        }
    }

    #[test]
    fn every_key_is_in_the_shard_the_layout_names() {
        // "mot" is a word, and with these a prefix common enough for a precomputed list.
        let whole = SearchIndex::build(corpus_with(1_000, &["moteur", "motif", "motivation"]));
        // Tiny shards: a boundary between almost every pair of keys, including a precomputed
        // prefix and the stem spelled the same ("mot" both), which must stay in one shard.
        for per_shard in [1, 50, 2_000] {
            let (chunked, manifest, parts) = cut(&whole, 100, per_shard);
            let stems: Vec<&str> = parts.shards.iter().flat_map(|s| &s.terms).map(|t| t.stem.as_str()).collect();
            assert!(stems.windows(2).all(|p| p[0] < p[1]), "shards hold stems in order");
            let shared: Vec<String> =
                manifest.prefixes.iter().filter(|p| stems.contains(&p.as_str())).cloned().collect();
            assert!(!shared.is_empty(), "the corpus has a prefix that is also a stem");
            let layout = chunked.layout.as_ref().unwrap();
            for (n, shard) in parts.shards.iter().enumerate() {
                assert_eq!(shard.shard, n as u32);
                for t in &shard.terms {
                    assert_eq!(layout.shard_of(&t.stem), n as u32, "stem {:?} ({per_shard} per shard)", t.stem);
                    assert_eq!(layout.shard_of_term(t.term), n as u32, "term {} ({per_shard} per shard)", t.term);
                }
                for p in &shard.prefixes {
                    assert_eq!(layout.shard_of(&p.prefix), n as u32, "prefix {:?} ({per_shard} per shard)", p.prefix);
                }
            }
            for q in shared.iter().map(|p| p.as_str()).chain(["mo", "fa", "sé"]) {
                satisfy(&chunked, q, &parts);
                let needs = chunked.needs(q, 8);
                assert!(needs.is_empty(), "{q:?}: a part once added is not asked for again");
            }
        }
    }

    #[test]
    fn a_bundle_is_read_as_whole_or_chunked() {
        let hc = corpus(30);
        let whole = SearchIndex::build(hc.clone());
        let (manifest, ..) = whole.to_chunks(100, 500);
        assert_eq!(Bundle::from_json(&serde_json::to_string(&hc).unwrap()).unwrap(), Bundle::Whole(hc.clone()));
        assert_eq!(
            Bundle::from_json(&serde_json::to_string(&manifest).unwrap()).unwrap(),
            Bundle::Chunked(manifest.clone())
        );
        assert!(Bundle::Chunked(manifest).into_index().unwrap().is_chunked());
        assert!(!Bundle::Whole(hc).into_index().unwrap().is_chunked());
        assert!(Bundle::from_json("{\"chunked\": 1}").err().unwrap().contains("manifest"));
        assert!(Bundle::from_json("[1, 2").err().unwrap().contains("help-center bundle"));
        assert_eq!(whole.article_number("a0003"), Some(3));
        assert_eq!(whole.article_number("nope"), None);
    }

    #[test]
    fn bad_parts_are_refused_with_a_reason_and_change_nothing() {
        let whole = SearchIndex::build(corpus(600)); // with precomputed prefixes
        let (manifest, words, shards, chunks) = whole.to_chunks(20, 500);
        let refused = |m: Manifest, what: &str| {
            let e = SearchIndex::from_manifest(m).err().unwrap();
            assert!(e.contains(what), "{e}");
        };
        refused(Manifest { chunked: 1, ..manifest.clone() }, "format 1");
        refused(Manifest { word_starts: vec!["b".into()], ..manifest.clone() }, "vocabulary");
        refused(Manifest { shard_terms: vec![0], ..manifest.clone() }, "first terms");
        let mut bad = manifest.clone();
        bad.shard_terms.reverse();
        refused(bad, "in order");

        let idx = SearchIndex::from_manifest(manifest.clone()).unwrap();
        let e = idx.add_words(WordsPart { part: 999, words: vec![] }).unwrap_err();
        assert!(e.contains("part 999 out of range"), "{e}");
        let e = idx.add_words(WordsPart { part: 1, ..words[0].clone() }).unwrap_err();
        assert!(e.contains("is not in part 1"), "{e}");
        let unknown = WordsPart { part: 0, words: vec![(String::new(), 999_999)] };
        assert!(idx.add_words(unknown).unwrap_err().contains("term 999999"));

        let term = |term: u32, list: PostingList| ShardTerm { term, stem: "x".into(), list, titles: vec![] };
        let shard = |terms: Vec<ShardTerm>, prefixes| Shard { shard: 0, terms, prefixes };
        let e = idx.add_shard(Shard { shard: 9_999, ..shards[0].clone() }).unwrap_err();
        assert!(e.contains("shard 9999 out of range"), "{e}");
        let e = idx.add_shard(shard(vec![term(999_999, PostingList::default())], vec![])).unwrap_err();
        assert!(e.contains("term 999999 is not in shard 0"), "{e}");
        let prefix = |p: &str, expansions| ShardPrefix { prefix: p.into(), list: PostingList::default(), expansions };
        let e = idx.add_shard(shard(vec![], vec![prefix("zq", vec![])])).unwrap_err();
        assert!(e.contains("\"zq\""), "{e}");
        let list = |docs: Vec<u32>, scores: Vec<u32>, counts: Vec<u32>, positions: Vec<u32>| PostingList {
            docs,
            scores,
            counts,
            positions,
        };
        let far = list(vec![1_000_000], vec![1], vec![1], vec![0]);
        assert!(idx.add_shard(shard(vec![term(0, far)], vec![])).unwrap_err().contains("out of range"));
        let uneven = list(vec![0, 1], vec![1], vec![1, 1], vec![0, 0]);
        let e = idx.add_shard(shard(vec![term(0, uneven)], vec![])).unwrap_err();
        assert!(e.contains("2 sections, 1 scores and 2 position counts"), "{e}");
        let without_positions = list(vec![0, 1], vec![1, 1], vec![], vec![]);
        let e = idx.add_shard(shard(vec![term(0, without_positions)], vec![])).unwrap_err();
        assert!(e.contains("0 position counts"), "{e}");
        let short = list(vec![0, 1], vec![1, 1], vec![2, 1], vec![0, 3]);
        let e = idx.add_shard(shard(vec![term(0, short)], vec![])).unwrap_err();
        assert!(e.contains("fewer positions"), "{e}");
        let long = list(vec![0, 1], vec![1, 1], vec![1, 1], vec![0, 3, 4]);
        let e = idx.add_shard(shard(vec![term(0, long)], vec![])).unwrap_err();
        assert!(e.contains("more positions"), "{e}");
        let overflow = list(vec![0], vec![1], vec![2], vec![u32::MAX, 1]);
        let e = idx.add_shard(shard(vec![term(0, overflow)], vec![])).unwrap_err();
        assert!(e.contains("word position out of range"), "{e}");
        let known = manifest.prefixes[0].as_str();
        let e =
            idx.add_shard(shard(vec![], vec![prefix(known, vec![term(999_999, PostingList::default())])])).unwrap_err();
        assert!(e.contains("term 999999 out of range"), "{e}");
        let titled = ShardTerm { titles: vec![5_000], ..term(0, PostingList::default()) };
        assert!(idx.add_shard(shard(vec![titled], vec![])).unwrap_err().contains("article 5000 out of range"));
        // None of the refused shards was taken in part: shard 0 is still missing, then added.
        assert!(
            idx.postings[0].get().is_none()
                && idx.layout.as_ref().unwrap().term_of_stem(&shards[0].terms[0].stem).is_none()
        );
        assert!(idx.add_shard(shards[0].clone()).is_ok());
        assert_eq!(idx.layout.as_ref().unwrap().term_of_stem(&shards[0].terms[0].stem), Some(shards[0].terms[0].term));

        let wrong_place = ArticleChunk { article: 1, ..chunks[0].clone() };
        assert!(idx.add_article(wrong_place).err().unwrap().contains("does not match"));
        let beyond = ArticleChunk { article: 10_000, ..chunks[0].clone() };
        assert!(idx.add_article(beyond).err().unwrap().contains("out of range"));
        assert!(idx.add_article(chunks[0].clone()).is_ok());
        assert!(whole.add_shard(shards[0].clone()).unwrap_err().contains("not a chunked index"));
    }
}
