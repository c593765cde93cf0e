//! Query expansion: a query's words into groups of exact, prefix and typo alternatives
//! (Levenshtein automata over the sorted vocabulary).

use super::*;

impl SearchIndex {
    pub(super) fn query_groups(&self, query: &str) -> Vec<Group<'_>> {
        let tokens = self.analyzer.words(query);
        let typing_last = !query.ends_with(char::is_whitespace);
        let mut groups = Vec::new();
        let mut group_of: Vec<Option<usize>> = Vec::with_capacity(tokens.len());
        for (i, Word { token: tok, stop }) in tokens.iter().enumerate() {
            let is_last = i + 1 == tokens.len();
            let prefix_mode = is_last && typing_last;
            let mut alts: Vec<Alternative> = Vec::new();
            if !*stop {
                if let Some(term) = self.term_of(&tok.folded) {
                    alts.push(Alternative { term, kind: MatchKind::Exact, weight: 1.0, walk: true });
                }
            }
            let chars = tok.folded.chars().count();
            let mut prefix_list = None;
            if prefix_mode && chars >= 2 {
                if chars <= PREFIX_LIST_CHARS {
                    prefix_list = self.prefix_lists.get_key_value(&tok.folded);
                }
                for (word, term) in self.words.with_prefix(&tok.folded).take(MAX_PREFIX_EXPANSIONS) {
                    if alts.iter().any(|a| a.term == term) {
                        continue;
                    }
                    let exact = word == tok.folded;
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
            if *stop && alts.is_empty() {
                group_of.push(None);
                continue; // a stop word that is not the start of a longer word: ignore it
            }
            group_of.push(Some(groups.len()));
            groups.push(Group { alts, prefix_list }); // may be empty: the word counts as unmatched
        }
        self.add_synonyms(&tokens, &group_of, &mut groups);
        groups
    }

    /// [`SearchIndex::typo_alternatives`], through the typo cache for completed words (the
    /// word being typed changes at every keystroke: not cached).
    pub(super) fn typo_alternatives_cached(&self, folded: &str, prefix_mode: bool) -> Vec<Alternative> {
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
    /// runs over the sorted vocabulary, skipping the words under a prefix it rejects.
    pub(super) fn typo_alternatives(&self, folded: &str, prefix_mode: bool) -> Vec<Alternative> {
        let Some(dfa) = typo_dfa(folded, prefix_mode) else { return Vec::new() };
        let mut alts: Vec<Alternative> = Vec::new();
        self.words.accepted(&dfa, self.typo_scope(folded), |a| {
            let (term, d) = (a.term, a.distance);
            if d >= 1 && !alts.iter().any(|a| a.term == term) {
                alts.push(Alternative { term, kind: MatchKind::Typo, weight: 0.6 / d as f32, walk: true });
            }
            alts.len() < MAX_PREFIX_EXPANSIONS
        });
        alts
    }

    /// The prefix a typo expansion of `folded` keeps: none, or in a chunked index its first
    /// letter, as Elasticsearch's fuzzy `prefix_length: 1` does for speed: a typo there could
    /// reach every vocabulary part (at 2 edits, nearly all of them).
    pub(super) fn typo_scope<'a>(&self, folded: &'a str) -> &'a str {
        match (&self.layout, folded.chars().next()) {
            (Some(_), Some(c)) => &folded[..c.len_utf8()],
            _ => "",
        }
    }
}

/// The automaton of [`SearchIndex::typo_alternatives`] for `folded`: 1 edit from 4 letters,
/// 2 from 8, none below 4.
pub(super) fn typo_dfa(folded: &str, prefix_mode: bool) -> Option<levenshtein_automata::DFA> {
    let len = folded.chars().count();
    let max = if len >= 8 {
        2
    } else if len >= 4 {
        1
    } else {
        return None;
    };
    let builder = &lev_builders()[max - 1];
    Some(if prefix_mode { builder.build_prefix_dfa(folded) } else { builder.build_dfa(folded) })
}

/// Levenshtein automaton builders for 1 and 2 edits, transpositions counting as one edit
/// (built once per program: a few milliseconds).
pub(super) fn lev_builders() -> &'static [LevenshteinAutomatonBuilder; 2] {
    static BUILDERS: OnceLock<[LevenshteinAutomatonBuilder; 2]> = OnceLock::new();
    BUILDERS.get_or_init(|| [LevenshteinAutomatonBuilder::new(1, true), LevenshteinAutomatonBuilder::new(2, true)])
}

/// Match level of a kind, higher is better (0 is "not matched").
pub(super) fn level(k: MatchKind) -> u8 {
    match k {
        MatchKind::Exact => 4,
        MatchKind::Prefix => 3,
        MatchKind::Synonym => 2,
        MatchKind::Typo => 1,
    }
}
