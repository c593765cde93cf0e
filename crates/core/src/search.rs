//! Search over a help center: BM25F ranking of article sections with field weights,
//! accent folding, Snowball stemming, prefix match on the word being typed, typo
//! tolerance, and highlighted snippets.
//!
//! Ranking is tiered the way Algolia documents it: first coverage, the number of query words
//! the best section matches plus the number the article's title matches exactly (an article
//! whose title names the topic beats one that mentions every word in passing), then the
//! number of words matched only through a typo (fewer is better), then the BM25F score. A
//! typo match therefore never outranks an exact match of the same coverage. Stop words
//! (function and question words) are neither indexed nor counted.
//!
//! Everything that does not depend on the query is computed once at build: each term's
//! BM25F weight in each section (postings carry it, in 1/1024 steps), the sorted
//! vocabulary (prefix expansion, and typo expansion by Levenshtein automata), merged lists for
//! short very common prefixes, and each section's sequence of term ids (proximity) and
//! accented words (exact-accent bonus). A keystroke then folds and stems only the query.
//!
//! Large help centers are split into a manifest, vocabulary parts, shards and article files
//! fetched on demand ([`chunks`]); the same ranking runs over them (typo expansion there keeps
//! a word's first letter).

use crate::help_center::{Article, HelpCenter, Section};
use crate::text::{is_stop_word, tokenize, Analyzer, Word};
use crate::Locale;
use levenshtein_automata::LevenshteinAutomatonBuilder;
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, OnceLock};

/// The search's hash maps: keyed by words and term ids of the help center's own text, hashed
/// with rustc's Fx hash (a tenth of an index build went into SipHash, std's default, which
/// resists keys chosen to collide: not a risk for these keys).
type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

mod build;
mod chunks;
pub mod glossary;
mod query;
mod rank;
mod snippet;
mod suggest;
mod synonyms;
mod vocabulary;
pub use chunks::{ArticleChunk, Bundle, Manifest, Needs, PostingList, Shard, ShardPrefix, ShardTerm, WordsPart};
use query::{lev_builders, level, typo_dfa};
pub use synonyms::{Compiled as CompiledSynonyms, Synonym};
use vocabulary::Vocabulary;

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
    /// Number of query words that count (stop words the help center ignores left out): a hit
    /// with `matched_words == query_words` answers every word.
    pub query_words: usize,
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
    /// Folded surface words and their term ids, sorted: prefix expansion and typo expansion
    /// (Levenshtein automata) walk it.
    words: Vocabulary,
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
    /// The help center's synonym rules, resolved to term ids.
    synonyms: synonyms::Compiled,
    /// Per term id: the articles whose title has it, in article order (see `title_postings`;
    /// in a chunked index, set when the term's shard arrives).
    title_postings: Vec<OnceLock<Vec<u32>>>,
    /// Short, very common prefixes (≤ [`PREFIX_LIST_CHARS`] characters) → the best
    /// [`PREFIX_LIST_KEEP`] sections of the union of their words' postings, each with the
    /// best prefix-match score (× 0.8), in document order.
    prefix_lists: HashMap<String, PrefixList>,
    /// Typo expansions of the completed words of recent queries (folded word → alternatives):
    /// typing a query repeats its earlier words at every keystroke. Bounded by
    /// [`TYPO_CACHE_WORDS`].
    typo_cache: Mutex<HashMap<String, Vec<Alternative>>>,
    /// Per term id: how many articles have it, counted from its postings the first time a
    /// query needs it (see `SearchIndex::common_groups`).
    article_counts: Vec<OnceLock<u32>>,
    /// Per-query work arrays, reused (see [`Scratch`]).
    scratch: Mutex<Scratch>,
}

/// A precomputed prefix list (see `SearchIndex::prefix_lists`): its sections, and in a
/// chunked index their word positions (of the words the prefix stands for), set with its shard.
#[derive(Default)]
struct PrefixList {
    list: OnceLock<Vec<Posting>>,
    positions: OnceLock<Box<chunks::Positions>>,
}

/// Match level step in a score key (see `SearchIndex::rank`).
const LEVEL_SCALE: f32 = 64.0;

/// What the re-rank reads of a section: the term ids of its title, heading and body in text
/// order (stop words left out, fields separated by [`GAP`]) and the ids of its lower-cased
/// words that carry accents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocText {
    /// Term ids in text order, `u32::MAX` between fields (empty in a chunked bundle's
    /// articles: its posting lists carry the positions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<u32>,
    /// Accent ids (index in the manifest's `accents`) of accented words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
    /// Per article: bit mask of the query groups its title matches (zeros between queries).
    title: Vec<u32>,
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
    /// Through a synonym rule (see [`synonyms`]).
    Synonym,
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
    prefix_list: Option<(&'a String, &'a PrefixList)>,
}

impl SearchIndex {
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

    /// Term id of a folded word: the word's own when the help center has it, else its stem's
    /// (a word's term is its stem's). In a chunked index, through the stems of the shards
    /// there (see [`SearchIndex::word_term`]).
    fn term_of(&self, folded: &str) -> Option<u32> {
        self.word_term(folded).or_else(|| self.terms.get(&self.analyzer.stem(folded)).copied())
    }

    /// Term id of a folded word of the help center's text, if it has it. In a chunked index:
    /// the word's stem's, once its shard is there.
    fn word_term(&self, folded: &str) -> Option<u32> {
        match &self.layout {
            None => self.word_term.get(folded).copied(),
            Some(layout) => layout.term_of_stem(&self.analyzer.stem(folded)),
        }
    }

    /// The index with what it derives from the help center's titles and synonym rules over the
    /// vocabulary: title postings and the compiled synonyms (a chunked index has them from its
    /// shards and manifest).
    fn with_titles_and_synonyms(mut self) -> SearchIndex {
        let titles = build::title_postings(&self.analyzer, &self.hc.articles, self.postings.len(), |w| self.term_of(w));
        self.title_postings = titles.into_iter().map(OnceLock::from).collect();
        self.synonyms = synonyms::Compiled::new(&self.hc.synonyms, &self.analyzer, |w| self.term_of(w));
        self
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
        crate::sort::sort(&mut marker);
        marker.dedup();
        ranked
            .into_iter()
            .map(|a| {
                let mut hit = self.make_hit(
                    self.article_at(a.article as usize),
                    self.docs[a.doc as usize].section as usize,
                    a.words as usize,
                    a.total,
                    &marker,
                );
                hit.query_words = groups.len();
                hit
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
}

/// An article's standing for one query: its best section (`doc`) and the tier that section
/// reached (query word groups matched, typos), the best section's score and the sum of the
/// scores of all its sections in that tier.
struct ArticleScore {
    article: u32,
    doc: u32,
    /// Query word groups the best section matches.
    words: u32,
    /// Of those, the ones that count for coverage (see `SearchIndex::common_groups`).
    matched: u32,
    /// Query word groups the article's title matches.
    in_title: u32,
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
    /// The first tier is coverage: query words the best section matches plus those the title
    /// matches, so that an article about the topic (its title names it) beats one that mentions
    /// every word in passing in a long side section.
    fn settle(&mut self) {
        self.total = self.total();
        self.key = ((self.matched + self.in_title) as u128) << 96
            | ((u32::MAX - self.typos) as u128) << 64
            | (self.total.max(0.0).to_bits() as u128) << 32
            | (u32::MAX - self.article) as u128;
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

    /// The index's vocabulary is exactly what `Analyzer::terms` gives for its texts: index
    /// building goes through the analyzer's pipeline, not a copy of it.
    #[test]
    fn the_index_holds_the_analyzer_terms_of_its_texts() {
        let idx = fixture();
        let analyzer = Analyzer::new(Locale::Fr);
        let mut expected = std::collections::BTreeSet::new();
        for a in &idx.help_center().articles {
            for text in [a.title.as_str(), &a.tags.join(" ")] {
                expected.extend(analyzer.terms(text));
            }
            for s in &a.sections {
                expected.extend(analyzer.terms(&s.heading));
                expected.extend(analyzer.terms(&s.text));
            }
        }
        let indexed: std::collections::BTreeSet<String> = idx.terms.keys().cloned().collect();
        assert_eq!(indexed, expected);
        assert!(!indexed.contains("le") && indexed.contains(&analyzer.stem("remboursement")));
    }

    /// A French article of one untitled section.
    fn one_section(id: &str, title: &str, text: &str) -> Article {
        one_section_in(Locale::Fr, id, title, text)
    }

    /// An article of one untitled section in `locale` (the search modules' tests share it).
    pub(super) fn one_section_in(locale: Locale, id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            locale,
            title: title.into(),
            tags: vec![],
            updated: "2026-11-01".into(),
            section: String::new(),
            promoted: None,
            sections: vec![sec("", text)],
        }
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
            synonyms: vec![],
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
        // A word the help center has is not expanded by typos ("facture" finds only itself,
        // not "fracture"); a typo finds a title.
        let a = one_section;
        let idx = SearchIndex::build(HelpCenter {
            locale: Locale::Fr,
            synonyms: vec![],
            articles: vec![
                a("a-typo", "Soins", "Fracture du poignet, fracture ouverte, poignet fermé."),
                a(
                    "b-exact",
                    "Notes",
                    "Chaque mois une facture arrive par courrier avec le relevé, les avoirs, les paiements \
                     reçus, le poignet, la cheville et le détail des consommations de chaque service souscrit.",
                ),
            ],
        });
        let ids = |q: &str| idx.search(q, 5).into_iter().map(|h| h.article_id).collect::<Vec<_>>();
        assert_eq!(ids("facture "), ["b-exact"]);
        assert_eq!(ids("fracure ")[0], "a-typo", "a typo finds the word");
        // Two words matched each: exactly (b-exact, in a long body) beats with a typo (a-typo,
        // in its short text, which outscores on BM25F alone): fewer typos is a tier above the
        // score.
        assert_eq!(ids("fracure poignet cheville "), ["b-exact", "a-typo"]);
    }

    /// Coverage counts the title: the article whose title names the query's words beats a long
    /// one that has every word in passing, and question words decide nothing.
    #[test]
    fn an_article_titled_after_the_topic_beats_passing_mentions() {
        let en = |id: &str, title: &str, text: &str| one_section_in(Locale::En, id, title, text);
        let idx = SearchIndex::build(HelpCenter {
            locale: Locale::En,
            synonyms: vec![],
            articles: vec![
                en(
                    "a-browser",
                    "Join appointments from a browser",
                    "Captions: turn them on in the settings. Rights to record belong to the organizer; \
                     management of recordings is done by the admin. Patients join without an app.",
                ),
                en("b-rights", "Activate rights management", "Protect documents and mail. An admin activates it once."),
            ],
        });
        let ids = |q: &str| idx.search(q, 5).into_iter().map(|h| h.article_id).collect::<Vec<_>>();
        assert_eq!(ids("how do I turn on rights management?"), ["b-rights", "a-browser"]);
        assert_eq!(ids("turn on rights management"), ["b-rights", "a-browser"]);
        // Without the title's words, coverage decides as before: every word wins.
        assert_eq!(ids("turn captions on ")[0], "a-browser");
        // A typo in the title adds no coverage: the exact passing mention of both words ranks
        // with the title that matches one exactly.
        assert_eq!(ids("turn rihgts ")[0], "a-browser");
    }

    /// A word most articles have ("need" in product documentation) adds to the score but not to
    /// coverage, once the help center is large enough for frequencies to mean something; the
    /// hit still reports every word its section matched.
    #[test]
    fn a_word_most_articles_have_does_not_decide_coverage() {
        let en = |id: &str, title: &str, text: &str| one_section_in(Locale::En, id, title, text);
        let mut articles = vec![
            en(
                "a-moving",
                "Moving offices",
                "Before the move you need to unplug the printer, then pack the driver of the van.",
            ),
            en("b-install", "Install steps", "Download the printer driver, then install the printer driver."),
        ];
        let fillers = |n: usize| (0..n).map(|i| en(&format!("f{i:02}"), &format!("Topic {i}"), "What you need here."));
        articles.extend(fillers(rank::COMMON_MIN_ARTICLES - 2));
        let idx = SearchIndex::build(HelpCenter { locale: Locale::En, synonyms: vec![], articles });
        let hits = idx.search("need printer driver", 5);
        let ids: Vec<_> = hits.iter().map(|h| h.article_id.as_str()).collect();
        assert_eq!(ids[..2], ["b-install", "a-moving"]);
        assert_eq!((hits[0].matched_words, hits[1].matched_words), (2, 3));
        // When every word is that common, they all count again.
        assert_eq!(idx.search("need ", 1)[0].matched_words, 1);
        // In a small help center every word counts: the article with all three comes first.
        let small = SearchIndex::build(HelpCenter {
            locale: Locale::En,
            synonyms: vec![],
            articles: [idx.help_center().articles[..2].to_vec(), fillers(5).collect()].concat(),
        });
        assert_eq!(small.search("need printer driver", 1)[0].article_id, "a-moving");
    }

    #[test]
    fn exact_accents_and_adjacent_words_rank_higher() {
        let a = one_section;
        let idx = SearchIndex::build(HelpCenter {
            locale: Locale::Fr,
            synonyms: vec![],
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
