//! Synonyms, applied at query time as Algolia and Meilisearch do: a query word (or phrase)
//! also finds the words a synonym rule gives for it. A match through a synonym counts like a
//! typo in the ranking tiers (an inexact match): at the same coverage an article with the
//! visitor's own words always ranks above one that has only their synonyms.
//!
//! Rules come from the help center's bundle ([`crate::help_center::HelpCenter::synonyms`]):
//! the content CLI writes them from the shipped defaults and the portal's `synonyms.toml`.

use super::*;

/// One one-way rule in one locale: the query word or phrase `from` also finds each of `to`
/// (words or phrases). A multi-way set (`cancel = terminate = end`) is written as one rule per
/// member. Texts are as written; they are folded and stemmed when the index is built.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonym {
    /// What the visitor types: a word or a phrase.
    pub from: String,
    /// What it also finds.
    pub to: Vec<String>,
}

/// The rules resolved against one index's vocabulary (term ids; words the help center does
/// not have are dropped, they could find nothing). A chunked manifest carries them resolved
/// (its vocabulary comes in parts).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Compiled {
    /// Stem of a one-word `from` → the terms it also finds.
    by_stem: HashMap<String, Vec<u32>>,
    /// A phrase `from` as folded words (stop words included, as typed) → the terms it finds.
    phrases: Vec<(Vec<String>, Vec<u32>)>,
}

impl Compiled {
    /// Resolves `rules` with `analyzer`; `term_of` maps a folded word to its term id.
    pub(super) fn new(rules: &[Synonym], analyzer: &Analyzer, term_of: impl Fn(&str) -> Option<u32>) -> Compiled {
        let mut out = Compiled::default();
        for r in rules {
            let mut terms: Vec<u32> = Vec::new();
            for to in &r.to {
                for w in analyzer.words(to).into_iter().filter(|w| !w.stop) {
                    if let Some(t) = term_of(&w.token.folded) {
                        if !terms.contains(&t) {
                            terms.push(t);
                        }
                    }
                }
            }
            if terms.is_empty() {
                continue;
            }
            let from: Vec<String> = tokenize(&r.from).into_iter().map(|t| t.folded).collect();
            match from.as_slice() {
                [] => {}
                [one] => {
                    let list = out.by_stem.entry(analyzer.stem(one)).or_default();
                    for t in terms {
                        if !list.contains(&t) {
                            list.push(t);
                        }
                    }
                }
                _ => out.phrases.push((from, terms)),
            }
        }
        out
    }

    /// The same rules with each term id `t` renumbered `new_id(t)`.
    pub(super) fn renumbered(&self, new_id: impl Fn(u32) -> u32) -> Compiled {
        let ids = |terms: &Vec<u32>| terms.iter().map(|&t| new_id(t)).collect();
        Compiled {
            by_stem: self.by_stem.iter().map(|(s, terms)| (s.clone(), ids(terms))).collect(),
            phrases: self.phrases.iter().map(|(w, terms)| (w.clone(), ids(terms))).collect(),
        }
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.by_stem.is_empty() && self.phrases.is_empty()
    }

    /// Terms a query word (folded, stemmed with `stem`) also finds.
    pub(super) fn of_word(&self, stem: &str) -> &[u32] {
        self.by_stem.get(stem).map_or(&[], Vec::as_slice)
    }

    /// For each phrase rule found in `folded` (the query's words in order): the positions of
    /// its words and the terms it finds.
    pub(super) fn phrases_in<'a>(
        &'a self,
        folded: &'a [&str],
    ) -> impl Iterator<Item = (std::ops::Range<usize>, &'a [u32])> + 'a {
        self.phrases.iter().flat_map(move |(words, terms)| {
            (0..folded.len().saturating_sub(words.len() - 1))
                .filter(move |&i| folded[i..i + words.len()].iter().zip(words).all(|(a, b)| *a == b))
                .map(move |i| (i..i + words.len(), terms.as_slice()))
        })
    }
}

impl SearchIndex {
    /// Adds to the groups the alternatives their words find through synonyms (`words`: the
    /// query's words, `group_of`: each word's group, if it has one).
    pub(super) fn add_synonyms(&self, words: &[Word], group_of: &[Option<usize>], groups: &mut [Group<'_>]) {
        if self.synonyms.is_empty() {
            return;
        }
        let mut add = |gi: usize, terms: &[u32]| {
            for &term in terms {
                if !groups[gi].alts.iter().any(|a| a.term == term) {
                    groups[gi].alts.push(Alternative { term, kind: MatchKind::Synonym, weight: 0.7, walk: true });
                }
            }
        };
        for (w, g) in words.iter().zip(group_of) {
            if let (Some(gi), false) = (g, w.stop) {
                add(*gi, self.synonyms.of_word(&self.analyzer.stem(&w.token.folded)));
            }
        }
        let folded: Vec<&str> = words.iter().map(|w| w.token.folded.as_str()).collect();
        for (range, terms) in self.synonyms.phrases_in(&folded) {
            for gi in group_of[range].iter().flatten() {
                add(*gi, terms);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::one_section_in;

    fn index(rules: Vec<Synonym>) -> SearchIndex {
        SearchIndex::build(HelpCenter {
            locale: Locale::En,
            articles: vec![
                one_section_in(
                    Locale::En,
                    "a-terminate",
                    "Terminate a subscription",
                    "Ending the contract stops the billing at the end of the month.",
                ),
                one_section_in(
                    Locale::En,
                    "b-cancel",
                    "Notes",
                    "You can cancel an order before it ships; a cancelled order is refunded.",
                ),
                one_section_in(
                    Locale::En,
                    "c-reset",
                    "Reset a device",
                    "Factory reset erases the device and its data.",
                ),
            ],
            synonyms: rules,
        })
    }

    fn rule(from: &str, to: &[&str]) -> Synonym {
        Synonym { from: from.into(), to: to.iter().map(|s| s.to_string()).collect() }
    }

    fn ids(idx: &SearchIndex, q: &str) -> Vec<String> {
        idx.search(q, 5).into_iter().map(|h| h.article_id).collect()
    }

    #[test]
    fn a_synonym_finds_and_never_outranks_an_exact_match() {
        let plain = index(vec![]);
        assert_eq!(ids(&plain, "cancelling "), ["b-cancel"]);
        let idx = index(vec![rule("cancel", &["terminate"]), rule("terminate", &["cancel"])]);
        // "cancelling" finds the article that says "terminate" (stems match the rule), but the
        // one that says "cancel" itself stays first even though the other has it in its title.
        assert_eq!(ids(&idx, "cancelling "), ["b-cancel", "a-terminate"]);
        assert_eq!(ids(&idx, "terminate "), ["a-terminate", "b-cancel"]);
        // The hit says how many words it answers: the synonym counts as an answer.
        let hits = idx.search("cancel subscription ", 5);
        assert_eq!((hits[0].article_id.as_str(), hits[0].matched_words), ("a-terminate", 2));
    }

    /// A chunked bundle carries the rules, and fetches the parts its synonyms need: it ranks
    /// like the whole index.
    #[test]
    fn a_chunked_index_applies_the_same_synonyms() {
        let whole = index(vec![rule("cancel", &["terminate"]), rule("wipe", &["factory reset"])]);
        let (manifest, words, shards, chunks) = whole.to_chunks(2, 4);
        let manifest: Manifest = serde_json::from_str(&serde_json::to_string(&manifest).unwrap()).unwrap();
        assert_eq!((manifest.synonyms.by_stem.len(), manifest.synonyms.phrases.len()), (2, 0));
        let chunked = SearchIndex::from_manifest(manifest).unwrap();
        for q in ["cancelling ", "cancel subscription ", "wipe my phone "] {
            for _ in 0..4 {
                let needs = chunked.needs(q, 5);
                for n in needs.words {
                    chunked.add_words(words[n as usize].clone()).unwrap();
                }
                for s in needs.shards {
                    chunked.add_shard(shards[s as usize].clone()).unwrap();
                }
                for a in needs.articles {
                    chunked.add_article(chunks[a as usize].clone()).unwrap();
                }
            }
            assert!(chunked.needs(q, 5).is_empty(), "{q}");
            assert_eq!(ids(&chunked, q), ids(&whole, q), "{q}");
        }
    }

    #[test]
    fn one_way_rules_and_phrases() {
        let idx = index(vec![rule("wipe", &["factory reset"]), rule("start over", &["reset"])]);
        assert_eq!(ids(&idx, "wipe my phone "), ["c-reset"]);
        assert_eq!(ids(&idx, "how to start over "), ["c-reset"]);
        // One way: "reset" does not find "wipe" (no article has it anyway) nor change ranks.
        assert_eq!(ids(&idx, "reset "), ["c-reset"]);
        // A phrase applies only when its words are together, in order.
        assert!(ids(&idx, "over start ").is_empty());
        // Rules whose words the help center does not have are dropped.
        let idx = index(vec![rule("refund", &["reimbursement"])]);
        assert!(idx.synonyms.is_empty());
    }
}
