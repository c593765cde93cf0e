//! The chunked help-center bundle, for help centers too large to download whole: the index
//! is split so that the pane fetches only what a query needs, as Pagefind does.
//!
//! - The **manifest** ([`Manifest`], written as `help-center.<locale>.json`): article ids,
//!   titles and section counts, the vocabulary (folded words → term ids), the stems, the prefixes
//!   that have a precomputed list, the accented words and the first key of each shard.
//! - **Shards** ([`Shard`], `help-center.<locale>/shard-<n>.json`): the posting lists of a
//!   contiguous range of stems and precomputed prefixes, in sorted order, so that the words
//!   of one prefix are in one or two shards.
//! - **Articles** ([`ArticleChunk`], `help-center.<locale>/article-<n>.json`): one article in
//!   full with the re-rank data of its sections, fetched for the best candidates of a query.
//!
//! Once [`SearchIndex::needs`] is satisfied, a chunked index ranks exactly like the in-memory
//! index it was cut from (scores are stored as the same 1/1024 steps; tested).

use super::*;
use std::collections::BTreeSet;

/// Format version written in [`Manifest::chunked`].
pub const FORMAT: u32 = 1;

/// Where the shards of a chunked index start, and each term's stem (to find its shard).
pub(super) struct Layout {
    starts: Vec<String>,
    stems: Vec<String>,
}

impl Layout {
    /// The shard holding `key` (a stem or a prefix).
    fn shard_of(&self, key: &str) -> u32 {
        (self.starts.partition_point(|s| s.as_str() <= key).max(1) - 1) as u32
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
    /// Stems by term id.
    pub stems: Vec<String>,
    /// Folded words of the corpus with their term ids, sorted by word.
    pub words: Vec<(String, u32)>,
    /// Prefixes that have a precomputed posting list (in some shard).
    pub prefixes: Vec<String>,
    /// Lower-cased accented words by accent id.
    pub accents: Vec<String>,
    /// First key (stem or prefix) of each shard, sorted; shard `n` is `shard-<n>.json`.
    pub shard_starts: Vec<String>,
    /// The help center's synonym rules (see [`HelpCenter::synonyms`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<super::Synonym>,
}

/// A posting list: sections as gaps from the previous one (the first from 0) and scores in
/// steps of 1/1024.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PostingList {
    /// Section (document) number gaps.
    pub docs: Vec<u32>,
    /// Scores × 1024.
    pub scores: Vec<u32>,
}

/// The posting lists of one range of keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    /// (term id, list).
    pub terms: Vec<(u32, PostingList)>,
    /// (prefix, list) for precomputed prefixes.
    pub prefixes: Vec<(String, PostingList)>,
}

/// One article in full, with the re-rank data of each of its sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleChunk {
    /// Index of the article in the manifest.
    pub article: u32,
    /// The article with its section texts and HTML.
    pub body: Article,
    /// Per section, in order.
    pub sections: Vec<DocText>,
}

/// What a chunked index still lacks to answer a query exactly: shard numbers, then (once the
/// shards are there) article numbers. Empty for an in-memory index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Shards to fetch (`shard-<n>.json`), ascending.
    pub shards: Vec<u32>,
    /// Articles to fetch (`article-<n>.json`), ascending.
    pub articles: Vec<u32>,
}

impl Needs {
    /// Nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.shards.is_empty() && self.articles.is_empty()
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

fn encode(list: &[Posting]) -> PostingList {
    let mut prev = 0;
    let mut docs = Vec::with_capacity(list.len());
    for p in list {
        docs.push(p.doc - prev);
        prev = p.doc;
    }
    PostingList { docs, scores: list.iter().map(|p| (p.score * SCORE_STEPS).round() as u32).collect() }
}

fn decode(list: PostingList, docs: usize) -> Result<Vec<Posting>, String> {
    if list.docs.len() != list.scores.len() {
        return Err(format!("posting list with {} sections and {} scores", list.docs.len(), list.scores.len()));
    }
    let mut doc = 0u32;
    let mut out = Vec::with_capacity(list.docs.len());
    for (gap, score) in list.docs.into_iter().zip(list.scores) {
        doc = doc
            .checked_add(gap)
            .filter(|&d| (d as usize) < docs)
            .ok_or_else(|| format!("section {} out of range ({docs} sections)", doc as u64 + gap as u64))?;
        out.push(Posting { doc, score: score as f32 / SCORE_STEPS });
    }
    Ok(out)
}

impl SearchIndex {
    /// Cuts this (in-memory) index into a chunked bundle: the manifest, shards of about
    /// `postings_per_shard` postings each (a key's list is never split, and a prefix spelled
    /// like a stem is in the stem's shard), and one chunk per
    /// article. Panics if called on a chunked index (it has no whole data to cut).
    pub fn to_chunks(&self, postings_per_shard: usize) -> (Manifest, Vec<Shard>, Vec<ArticleChunk>) {
        assert!(self.layout.is_none(), "to_chunks needs an in-memory index");
        let mut stems = vec![String::new(); self.terms.len()];
        for (stem, &t) in &self.terms {
            stems[t as usize] = stem.clone();
        }
        // Every key in sorted order: stems (term lists) and precomputed prefixes.
        let mut keys: Vec<(&str, Option<u32>)> =
            stems.iter().enumerate().map(|(t, s)| (s.as_str(), Some(t as u32))).collect();
        keys.extend(self.prefix_lists.keys().map(|p| (p.as_str(), None)));
        keys.sort_unstable();
        let list_of = |key: &(&str, Option<u32>)| match key.1 {
            Some(t) => self.postings[t as usize].get(),
            None => self.prefix_lists[key.0].get(),
        };
        let (mut shards, mut starts) = (vec![Shard::default()], vec![String::new()]);
        let mut size = 0;
        for (k, key) in keys.iter().enumerate() {
            let list = list_of(key).map_or(&[][..], Vec::as_slice);
            // A prefix spelled like a stem ("mot") shares its shard: a shard is found by key.
            let same_as_previous = k > 0 && keys[k - 1].0 == key.0;
            if size > 0 && size + list.len() > postings_per_shard && !same_as_previous {
                shards.push(Shard::default());
                starts.push(key.0.to_string());
                size = 0;
            }
            size += list.len();
            let shard = shards.last_mut().expect("one shard at least");
            match key.1 {
                Some(t) => shard.terms.push((t, encode(list))),
                None => shard.prefixes.push((key.0.to_string(), encode(list))),
            }
        }
        let words = self.words.entries().to_vec();
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
            chunks[doc.article as usize].sections.push(self.doc_text[d].get().cloned().unwrap_or_default());
        }
        let manifest = Manifest {
            chunked: FORMAT,
            locale: self.hc.locale,
            articles: heads,
            stems,
            words,
            prefixes,
            accents,
            shard_starts: starts,
            synonyms: self.hc.synonyms.clone(),
        };
        (manifest, shards, chunks)
    }

    /// A chunked index from its manifest: searchable at once, exact once the shards and
    /// articles that [`SearchIndex::needs`] lists are added.
    /// Errors: an unknown format version, words not sorted or with unknown term ids.
    pub fn from_manifest(m: Manifest) -> Result<SearchIndex, String> {
        if m.chunked != FORMAT {
            return Err(format!("chunked bundle format {} (this pane reads {FORMAT})", m.chunked));
        }
        if let Some((w, t)) = m.words.iter().find(|(_, t)| *t as usize >= m.stems.len()) {
            return Err(format!("word {w:?} has term {t}, there are {} stems", m.stems.len()));
        }
        let words = Vocabulary::sorted(m.words.clone())?;
        let docs: Vec<Doc> = m
            .articles
            .iter()
            .enumerate()
            .flat_map(|(a, art)| (0..art.sections.len()).map(move |s| Doc { article: a as u32, section: s as u32 }))
            .collect();
        lev_builders();
        Ok(SearchIndex {
            analyzer: Analyzer::new(m.locale),
            terms: m.stems.iter().enumerate().map(|(t, s)| (s.clone(), t as u32)).collect(),
            title_postings: HashMap::default(),
            synonyms: super::synonyms::Compiled::default(),
            postings: (0..m.stems.len()).map(|_| OnceLock::new()).collect(),
            article_counts: (0..m.stems.len()).map(|_| OnceLock::new()).collect(),
            words,
            word_term: m.words.into_iter().collect(),
            doc_text: (0..docs.len()).map(|_| OnceLock::new()).collect(),
            bodies: (0..m.articles.len()).map(|_| OnceLock::new()).collect(),
            docs,
            accent_ids: m.accents.into_iter().enumerate().map(|(i, w)| (w, i as u32)).collect(),
            prefix_lists: m.prefixes.into_iter().map(|p| (p, OnceLock::new())).collect(),
            layout: Some(Layout { starts: m.shard_starts, stems: m.stems }),
            hc: HelpCenter { locale: m.locale, articles: m.articles, synonyms: m.synonyms },
            typo_cache: Mutex::default(),
            scratch: Mutex::default(),
        }
        .with_titles_and_synonyms())
    }

    /// Whether this index was made from a manifest (and fetches its parts).
    pub fn is_chunked(&self) -> bool {
        self.layout.is_some()
    }

    /// What this index lacks to answer `query` with `limit` hits exactly: first the shards of
    /// its words, then, once they are there, articles: those of its best candidates when the
    /// re-rank applies (several words or accents), else those of the best `limit` (their
    /// snippets). Empty for an in-memory index or once everything is loaded.
    pub fn needs(&self, query: &str, limit: usize) -> Needs {
        let Some(layout) = &self.layout else { return Needs::default() };
        let groups = self.query_groups(query);
        let mut shards = BTreeSet::new();
        for g in &groups {
            for a in g.alts.iter().filter(|a| a.walk && self.postings[a.term as usize].get().is_none()) {
                shards.insert(layout.shard_of(&layout.stems[a.term as usize]));
            }
            if let Some((prefix, list)) = g.prefix_list {
                if list.get().is_none() {
                    shards.insert(layout.shard_of(prefix));
                }
            }
        }
        if !shards.is_empty() {
            return Needs { shards: shards.into_iter().collect(), articles: Vec::new() };
        }
        if groups.is_empty() {
            return Needs::default();
        }
        let mut candidates = self.candidates(&groups);
        if !Self::reranks(&groups, &self.query_accents(query)) {
            crate::sort::keep_first(&mut candidates, limit, |a, b| b.key.cmp(&a.key));
        }
        let mut articles: Vec<u32> =
            candidates.into_iter().map(|a| a.article).filter(|&a| self.bodies[a as usize].get().is_none()).collect();
        crate::sort::sort(&mut articles);
        Needs { shards: Vec::new(), articles }
    }

    /// Adds a fetched shard (a shard already added is ignored).
    /// Errors: a term or prefix this manifest does not have, a section out of range.
    pub fn add_shard(&self, shard: Shard) -> Result<(), String> {
        let docs = self.docs.len();
        for (t, list) in shard.terms {
            let slot = self
                .postings
                .get(t as usize)
                .ok_or_else(|| format!("term {t} out of range ({} terms)", self.postings.len()))?;
            let list = decode(list, docs)?;
            let _ = slot.set(list);
        }
        for (p, list) in shard.prefixes {
            let slot = self.prefix_lists.get(&p).ok_or_else(|| format!("prefix {p:?} is not in the manifest"))?;
            let list = decode(list, docs)?;
            let _ = slot.set(list);
        }
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

    /// Loads what `needs` asks for until nothing is missing; returns the rounds it took.
    fn satisfy(idx: &SearchIndex, query: &str, shards: &[Shard], chunks: &[ArticleChunk]) -> usize {
        let mut rounds = 0;
        loop {
            let needs = idx.needs(query, 8);
            if needs.is_empty() {
                return rounds;
            }
            rounds += 1;
            assert!(rounds <= 2, "{query}: still needs {needs:?}");
            for s in needs.shards {
                idx.add_shard(json(&shards[s as usize])).unwrap();
            }
            for a in needs.articles {
                idx.add_article(json(&chunks[a as usize])).unwrap();
            }
        }
    }

    #[test]
    fn a_chunked_index_ranks_exactly_like_the_whole_one() {
        let whole = SearchIndex::build(corpus(600));
        let (manifest, shards, chunks) = whole.to_chunks(2_000);
        assert!(shards.len() > 10, "{} shards", shards.len());
        assert!(!manifest.prefixes.is_empty(), "the corpus has precomputed prefixes");
        assert!(
            manifest.articles.iter().zip(&whole.help_center().articles).all(|(h, a)| h.title == a.title
                && h.tags.is_empty()
                && h.sections == vec![Section::default(); a.sections.len()]),
            "heads carry titles and section counts only"
        );
        let chunked = SearchIndex::from_manifest(json(&manifest)).unwrap();
        assert!(chunked.is_chunked() && !whole.is_chunked());
        // With its shards but not yet its articles, a query's hits already have their titles.
        let q = "facture client";
        for s in chunked.needs(q, 8).shards {
            chunked.add_shard(json(&shards[s as usize])).unwrap();
        }
        let early = chunked.search(q, 8);
        assert!(!early.is_empty() && early.iter().all(|h| !h.title.is_empty() && h.snippet.is_empty()), "{early:?}");
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
        ] {
            satisfy(&chunked, q, &shards, &chunks);
            assert_eq!(chunked.search(q, 8), whole.search(q, 8), "{q}");
            assert!(whole.needs(q, 8).is_empty());
        }
        // An article arrives whole and equal to the whole bundle's once its chunk is added.
        let last = whole.help_center().articles.last().unwrap();
        let n = chunked.article_number(&last.id).unwrap();
        chunked.add_article(json(&chunks[n as usize])).unwrap();
        assert_eq!(chunked.article(&last.id), Some(last));
    }

    #[test]
    fn a_query_fetches_few_shards_and_at_most_the_candidates() {
        let whole = SearchIndex::build(corpus(600));
        let (manifest, shards, chunks) = whole.to_chunks(2_000);
        let chunked = SearchIndex::from_manifest(manifest).unwrap();
        let needs = chunked.needs("rembour", 5);
        assert!(!needs.shards.is_empty() && needs.shards.len() <= 2, "{needs:?}");
        assert!(needs.articles.is_empty(), "articles come once the shards are there");
        for s in &needs.shards {
            chunked.add_shard(shards[*s as usize].clone()).unwrap();
        }
        let needs = chunked.needs("rembour", 5);
        assert!(
            needs.shards.is_empty() && !needs.articles.is_empty() && needs.articles.len() <= 5,
            "one unaccented word: only the shown hits' articles {needs:?}"
        );
        for s in chunked.needs("remboursement client", 5).shards {
            chunked.add_shard(shards[s as usize].clone()).unwrap();
        }
        let needs = chunked.needs("remboursement client", 5);
        assert!(
            needs.articles.len() > 5 && needs.articles.len() <= RERANK,
            "several words: the re-ranked candidates' articles {needs:?}"
        );
        // Before its articles arrive the index still answers (titles only, no re-rank).
        let partial = chunked.search("rembour", 5);
        assert_eq!(partial.len(), 5);
        assert_eq!(satisfy(&chunked, "rembour", &shards, &chunks), 1);
        assert!(chunked.article(&partial[0].article_id).is_some_and(|a| !a.sections[0].text.is_empty()));
    }

    #[test]
    fn every_key_is_in_the_shard_the_layout_names() {
        // "mot" is a word, and with these a prefix common enough for a precomputed list.
        let whole = SearchIndex::build(corpus_with(1_000, &["moteur", "motif", "motivation"]));
        // Tiny shards: a boundary between almost every pair of keys, including a precomputed
        // prefix and the stem spelled the same ("mot" both), which must stay in one shard.
        for per_shard in [1, 50, 2_000] {
            let (manifest, shards, _) = whole.to_chunks(per_shard);
            let shared: Vec<String> =
                manifest.prefixes.iter().filter(|p| manifest.stems.contains(p)).cloned().collect();
            assert!(!shared.is_empty(), "the corpus has a prefix that is also a stem");
            let chunked = SearchIndex::from_manifest(manifest).unwrap();
            let layout = chunked.layout.as_ref().unwrap();
            for (n, shard) in shards.iter().enumerate() {
                for (t, _) in &shard.terms {
                    assert_eq!(
                        layout.shard_of(&layout.stems[*t as usize]),
                        n as u32,
                        "stem {:?} ({per_shard} per shard)",
                        layout.stems[*t as usize]
                    );
                }
                for (p, _) in &shard.prefixes {
                    assert_eq!(layout.shard_of(p), n as u32, "prefix {p:?} ({per_shard} per shard)");
                }
            }
            for q in shared.iter().map(|p| p.as_str()).chain(["mo", "fa", "sé"]) {
                for s in chunked.needs(q, 8).shards {
                    chunked.add_shard(shards[s as usize].clone()).unwrap();
                }
                assert!(chunked.needs(q, 8).shards.is_empty(), "{q:?}: a shard once added is not asked for again");
            }
        }
    }

    #[test]
    fn a_bundle_is_read_as_whole_or_chunked() {
        let hc = corpus(30);
        let whole = SearchIndex::build(hc.clone());
        let (manifest, _, _) = whole.to_chunks(500);
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
    fn bad_parts_are_refused_with_a_reason() {
        let whole = SearchIndex::build(corpus(50));
        let (manifest, shards, chunks) = whole.to_chunks(500);
        let bad = Manifest { chunked: 9, ..manifest.clone() };
        assert!(SearchIndex::from_manifest(bad).err().unwrap().contains("format 9"));
        let mut bad = manifest.clone();
        bad.words[0].1 = 999_999;
        assert!(SearchIndex::from_manifest(bad).err().unwrap().contains("term 999999"));
        let mut bad = manifest.clone();
        bad.words.swap(0, 1);
        assert!(SearchIndex::from_manifest(bad).err().unwrap().contains("vocabulary"));

        let idx = SearchIndex::from_manifest(manifest).unwrap();
        let unknown_term = Shard { terms: vec![(999_999, PostingList::default())], prefixes: vec![] };
        assert!(idx.add_shard(unknown_term).err().unwrap().contains("term 999999"));
        let unknown_prefix = Shard { terms: vec![], prefixes: vec![("zq".into(), PostingList::default())] };
        assert!(idx.add_shard(unknown_prefix).err().unwrap().contains("\"zq\""));
        let far = Shard { terms: vec![(0, PostingList { docs: vec![1_000_000], scores: vec![1] })], prefixes: vec![] };
        assert!(idx.add_shard(far).err().unwrap().contains("out of range"));
        let uneven = Shard { terms: vec![(0, PostingList { docs: vec![0, 1], scores: vec![1] })], prefixes: vec![] };
        assert!(idx.add_shard(uneven).err().unwrap().contains("2 sections and 1 scores"));
        assert!(idx.add_shard(shards[0].clone()).is_ok());

        let wrong_place = ArticleChunk { article: 1, ..chunks[0].clone() };
        assert!(idx.add_article(wrong_place).err().unwrap().contains("does not match"));
        let beyond = ArticleChunk { article: 10_000, ..chunks[0].clone() };
        assert!(idx.add_article(beyond).err().unwrap().contains("out of range"));
        assert!(idx.add_article(chunks[0].clone()).is_ok());
    }
}
