//! The vocabulary: every folded surface word of a help center with its term id, sorted
//! bytewise, and the two walks a query makes over it — the words starting with a prefix (a
//! range found by binary search) and the words a Levenshtein automaton accepts (typo
//! expansion).
//!
//! A sorted list rather than a finite-state transducer (the `fst` crate): walking a DFA over
//! it visits the same states in the same order — each word reuses the states of the prefix it
//! shares with the previous one, and every word under a prefix the automaton rejects is
//! skipped by one binary search — while the pane ships neither an FST builder nor its 17 KB
//! CRC-32C tables (the browser builds the index).

use levenshtein_automata::{Distance, DFA, SINK_STATE};

/// Folded surface words (see [`crate::text::fold`]) and their term ids, sorted bytewise by
/// word, each word once.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocabulary {
    words: Vec<(String, u32)>,
}

/// A word the automaton accepts, with its term id and edit distance (see
/// [`Vocabulary::accepted`]).
pub(super) struct Accepted<'a> {
    pub word: &'a str,
    pub term: u32,
    pub distance: u8,
}

impl Vocabulary {
    /// The vocabulary of `words` (any order).
    /// Errors: a word listed twice (the message names it).
    pub(super) fn new(mut words: Vec<(String, u32)>) -> Result<Vocabulary, String> {
        crate::sort::sort_by(&mut words, |a, b| a.0.cmp(&b.0));
        Self::sorted(words)
    }

    /// The vocabulary of `words`, which must already be sorted bytewise and unique (a chunked
    /// manifest's list).
    /// Errors: a word out of order or listed twice (the message names it).
    pub(super) fn sorted(words: Vec<(String, u32)>) -> Result<Vocabulary, String> {
        if let Some(pair) = words.windows(2).find(|p| p[0].0 >= p[1].0) {
            let how = if pair[0].0 == pair[1].0 { "listed twice" } else { "out of order" };
            return Err(format!("vocabulary: word {:?} {how}", pair[1].0));
        }
        Ok(Vocabulary { words })
    }

    /// The words and their term ids, sorted.
    pub(super) fn entries(&self) -> &[(String, u32)] {
        &self.words
    }

    /// The words starting with `prefix` (the prefix itself included), in sorted order.
    pub(super) fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        let start = self.words.partition_point(|(w, _)| w.as_str() < prefix);
        self.words[start..].iter().take_while(move |(w, _)| w.starts_with(prefix)).map(|(w, t)| (w.as_str(), *t))
    }

    /// Calls `visit` with each word `dfa` accepts at a known distance, in sorted order, until it
    /// returns false. A word is visited once its automaton state is known; the states of the
    /// prefix it shares with the previous word are reused, and once a prefix reaches the sink
    /// state every word under it is skipped.
    pub(super) fn accepted<'a>(&'a self, dfa: &DFA, mut visit: impl FnMut(Accepted<'a>) -> bool) {
        // states[k]: the state after the first k bytes of `prev`.
        let mut states: Vec<u32> = vec![dfa.initial_state()];
        let mut prev: &'a [u8] = &[];
        let mut i = 0;
        while i < self.words.len() {
            let (word, term) = (&self.words[i].0, self.words[i].1);
            let bytes = word.as_bytes();
            let shared = prev.iter().zip(bytes).take_while(|(a, b)| a == b).count().min(states.len() - 1);
            states.truncate(shared + 1);
            let mut dead = None;
            for (k, &b) in bytes.iter().enumerate().skip(shared) {
                let next = dfa.transition(states[k], b);
                if next == SINK_STATE {
                    dead = Some(k + 1);
                    break;
                }
                states.push(next);
            }
            match dead {
                None => {
                    if let Distance::Exact(distance) = dfa.distance(states[bytes.len()]) {
                        if !visit(Accepted { word, term, distance }) {
                            return;
                        }
                    }
                    prev = bytes;
                    i += 1;
                }
                Some(len) => {
                    // No word starting with bytes[..len] can be accepted: skip them all.
                    let dead_prefix = &bytes[..len];
                    i += self.words[i..].partition_point(|(w, _)| w.as_bytes().starts_with(dead_prefix));
                    prev = &bytes[..len - 1];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use levenshtein_automata::LevenshteinAutomatonBuilder;

    fn vocab(words: &[&str]) -> Vocabulary {
        Vocabulary::new(words.iter().enumerate().map(|(i, w)| (w.to_string(), i as u32)).collect()).unwrap()
    }

    #[test]
    fn prefixes_are_a_sorted_range() {
        let v = vocab(&["facture", "factures", "facturation", "fax", "abonnement", "fa"]);
        let got: Vec<&str> = v.with_prefix("fact").map(|(w, _)| w).collect();
        assert_eq!(got, ["facturation", "facture", "factures"]);
        assert_eq!(v.with_prefix("fa").count(), 5);
        assert_eq!(v.with_prefix("zz").count(), 0);
        assert_eq!(v.with_prefix("").count(), 6);
    }

    #[test]
    fn the_walk_finds_what_checking_every_word_finds() {
        let words = [
            "facture",
            "factures",
            "facturation",
            "fracture",
            "fact",
            "actuel",
            "capture",
            "rapture",
            "facteur",
            "telephone",
            "telefone",
            "telephones",
            "elephant",
            "abonnement",
            "abonement",
            "abonnements",
            "a",
            "ab",
        ];
        let v = vocab(&words);
        for max in 1..=2u8 {
            let builder = LevenshteinAutomatonBuilder::new(max, true);
            for query in ["facture", "telephnoe", "abonement", "fact", "zzzz", "a"] {
                for dfa in [builder.build_dfa(query), builder.build_prefix_dfa(query)] {
                    let mut walked = Vec::new();
                    v.accepted(&dfa, |a| {
                        walked.push((a.word.to_string(), a.distance));
                        true
                    });
                    // Every word run through the automaton from the start, one by one.
                    let mut expected = Vec::new();
                    for (w, _) in v.entries() {
                        let mut s = dfa.initial_state();
                        for &b in w.as_bytes() {
                            s = dfa.transition(s, b);
                        }
                        if let Distance::Exact(d) = dfa.distance(s) {
                            expected.push((w.clone(), d));
                        }
                    }
                    assert_eq!(walked, expected, "{query}, {max} edits");
                }
            }
        }
        let dfa = LevenshteinAutomatonBuilder::new(1, true).build_dfa("facture");
        let mut found = Vec::new();
        v.accepted(&dfa, |a| {
            found.push(a.word.to_string());
            false // the first one only
        });
        assert_eq!(found, ["facture"]);
    }

    #[test]
    fn unsorted_or_repeated_words_are_refused() {
        let e = Vocabulary::sorted(vec![("b".into(), 0), ("a".into(), 1)]).unwrap_err();
        assert!(e.contains("\"a\" out of order"), "{e}");
        let e = Vocabulary::new(vec![("a".into(), 0), ("a".into(), 1)]).unwrap_err();
        assert!(e.contains("\"a\" listed twice"), "{e}");
    }
}
