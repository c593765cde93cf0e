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
use std::sync::OnceLock;

/// Folded surface words (see [`crate::text::fold`]) and their term ids, sorted bytewise by
/// word, each word once, in parts: a built index has one part; a chunked index has one per
/// `words-<n>.json`, each set when it arrives (see [`super::chunks`]). Part `n` holds the
/// words `w` with `starts[n] <= w < starts[n + 1]`.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocabulary {
    /// First word of each part, strictly increasing; the first is "".
    starts: Vec<String>,
    parts: Vec<OnceLock<Vec<(String, u32)>>>,
}

/// A word the automaton accepts, with its term id and edit distance (see
/// [`Vocabulary::accepted`]).
pub(super) struct Accepted<'a> {
    pub word: &'a str,
    pub term: u32,
    pub distance: u8,
}

/// Index of the last of sorted `starts` at or before a key (`at_or_before` tells, monotonic),
/// 0 when none is: the part or shard a key falls in.
pub(super) fn slot_of<T>(starts: &[T], at_or_before: impl Fn(&T) -> bool) -> usize {
    starts.partition_point(at_or_before).max(1) - 1
}

/// Errors: a word out of order or listed twice in `words` (the message names it).
fn check_sorted(words: &[(String, u32)]) -> Result<(), String> {
    if let Some(pair) = words.windows(2).find(|p| p[0].0 >= p[1].0) {
        let how = if pair[0].0 == pair[1].0 { "listed twice" } else { "out of order" };
        return Err(format!("vocabulary: word {:?} {how}", pair[1].0));
    }
    Ok(())
}

impl Vocabulary {
    /// The vocabulary of `words` (any order), in one part.
    /// Errors: a word listed twice (the message names it).
    pub(super) fn new(mut words: Vec<(String, u32)>) -> Result<Vocabulary, String> {
        crate::sort::sort_by(&mut words, |a, b| a.0.cmp(&b.0));
        check_sorted(&words)?;
        Ok(Vocabulary { starts: vec![String::new()], parts: vec![OnceLock::from(words)] })
    }

    /// A vocabulary in parts starting at `starts` (a chunked manifest's list), none there yet.
    /// Errors: `starts` empty, not starting with "" or not strictly increasing.
    pub(super) fn in_parts(starts: Vec<String>) -> Result<Vocabulary, String> {
        if starts.first().is_none_or(|s| !s.is_empty()) || starts.windows(2).any(|p| p[0] >= p[1]) {
            return Err("vocabulary: part starts must begin with \"\" and increase".into());
        }
        Ok(Vocabulary { parts: starts.iter().map(|_| OnceLock::new()).collect(), starts })
    }

    /// Adds part `n` (a part already there is left as it is).
    /// Errors: `n` out of range, words out of order, listed twice or outside the part's range,
    /// a term id not below `terms` (the message names the word).
    pub(super) fn add_part(&self, n: u32, words: Vec<(String, u32)>, terms: usize) -> Result<(), String> {
        let n = n as usize;
        let slot =
            self.parts.get(n).ok_or_else(|| format!("words part {n} out of range ({} parts)", self.parts.len()))?;
        check_sorted(&words)?;
        let (lo, hi) = (&self.starts[n], self.starts.get(n + 1));
        if let Some((w, _)) = words.iter().find(|(w, _)| w < lo || hi.is_some_and(|h| w >= h)) {
            return Err(format!("vocabulary: word {w:?} is not in part {n}"));
        }
        if let Some((w, t)) = words.iter().find(|(_, t)| *t as usize >= terms) {
            return Err(format!("vocabulary: word {w:?} has term {t}, there are {terms} terms"));
        }
        let _ = slot.set(words);
        Ok(())
    }

    /// The words there and their term ids, sorted.
    pub(super) fn entries(&self) -> impl Iterator<Item = &(String, u32)> {
        self.parts.iter().filter_map(OnceLock::get).flatten()
    }

    /// The part where `word` is or would be.
    fn part_of(&self, word: &str) -> usize {
        slot_of(&self.starts, |s| s.as_str() <= word)
    }

    /// The words starting with `prefix` (the prefix itself included), in sorted order, up to
    /// the first part that is not there.
    pub(super) fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        self.parts[self.part_of(prefix)..]
            .iter()
            .map_while(OnceLock::get)
            .flat_map(move |part| &part[part.partition_point(|(w, _)| w.as_str() < prefix)..])
            .take_while(move |(w, _)| w.starts_with(prefix))
            .map(|(w, t)| (w.as_str(), *t))
    }

    /// Calls `visit` with each word starting with `within` ("" for all) that `dfa` accepts at
    /// a known distance, in sorted order, until it returns false; parts not there are skipped.
    /// A word is visited once its automaton state is known; the states of the prefix it shares
    /// with the previous word are reused, and once a prefix reaches the sink state every word
    /// under it is skipped.
    pub(super) fn accepted<'a>(&'a self, dfa: &DFA, within: &str, mut visit: impl FnMut(Accepted<'a>) -> bool) {
        for part in self.parts[self.part_of(within)..].iter().filter_map(OnceLock::get) {
            let start = part.partition_point(|(w, _)| w.as_str() < within);
            let end = start + part[start..].partition_point(|(w, _)| w.starts_with(within));
            if !walk(&part[start..end], dfa, &mut visit) || end < part.len() {
                return; // asked to stop, or past the words starting with `within`
            }
        }
    }

    /// The parts not there yet that [`Vocabulary::with_prefix`] may read for its first `cap`
    /// words: every part where words with `prefix` may be, unless the parts there before them
    /// already have `cap` such words.
    pub(super) fn missing_for_prefix(&self, prefix: &str, cap: usize) -> Vec<u32> {
        let first = self.part_of(prefix);
        let mut seen = 0;
        let mut missing = Vec::new();
        for n in first..self.parts.len() {
            if n > first && !self.starts[n].starts_with(prefix) {
                break;
            }
            match self.parts[n].get() {
                None => missing.push(n as u32),
                Some(part) if missing.is_empty() => {
                    seen += part.iter().filter(|(w, _)| w.starts_with(prefix)).count();
                    if seen >= cap {
                        break;
                    }
                }
                Some(_) => {}
            }
        }
        missing
    }

    /// The parts not there yet that may hold a word starting with `within` that `dfa` accepts
    /// (decided from the parts' bounds alone, see [`may_accept`]).
    pub(super) fn missing_for(&self, dfa: &DFA, within: &str) -> Vec<u32> {
        let first = self.part_of(within);
        (first..self.parts.len())
            .take_while(|&n| n == first || self.starts[n].starts_with(within))
            .filter(|&n| self.parts[n].get().is_none())
            .filter(|&n| may_accept(dfa, &self.starts[n], self.starts.get(n + 1).map(String::as_str)))
            .map(|n| n as u32)
            .collect()
    }
}

/// [`Vocabulary::accepted`] over one sorted part; false once `visit` asked to stop.
fn walk<'a>(words: &'a [(String, u32)], dfa: &DFA, visit: &mut impl FnMut(Accepted<'a>) -> bool) -> bool {
    // states[k]: the state after the first k bytes of `prev`.
    let mut states: Vec<u32> = vec![dfa.initial_state()];
    let mut prev: &'a [u8] = &[];
    let mut i = 0;
    while i < words.len() {
        let (word, term) = (&words[i].0, words[i].1);
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
                        return false;
                    }
                }
                prev = bytes;
                i += 1;
            }
            Some(len) => {
                // No word starting with bytes[..len] can be accepted: skip them all.
                let dead_prefix = &bytes[..len];
                i += words[i..].partition_point(|(w, _)| w.as_bytes().starts_with(dead_prefix));
                prev = &bytes[..len - 1];
            }
        }
    }
    true
}

/// Whether some string `s` with `lo <= s < hi` (no upper bound when `hi` is `None`) may be
/// accepted by `dfa`, bytewise. Exact for a Levenshtein automaton, from whose every live state
/// some continuation is accepted (the rest of the query word): a range is ruled out only when
/// every way into it reaches the sink state.
pub(super) fn may_accept(dfa: &DFA, lo: &str, hi: Option<&str>) -> bool {
    let live = |s: u32| s != SINK_STATE;
    let accepts = |s: u32| matches!(dfa.distance(s), Distance::Exact(_));
    // Some t >= l from state s (s live): any byte above l's, or l's and so on; l itself and
    // its continuations are >= l.
    let above = |mut s: u32, l: &[u8]| {
        for &b in l {
            if (b as u16 + 1..256).any(|c| live(dfa.transition(s, c as u8))) {
                return true;
            }
            s = dfa.transition(s, b);
            if !live(s) {
                return false;
            }
        }
        true
    };
    // Some t < h from state s (s live): the prefix read so far, any byte below h's, or h's and
    // so on; h itself is not below h.
    let below = |mut s: u32, h: &[u8]| {
        for &b in h {
            if accepts(s) || (0..b).any(|c| live(dfa.transition(s, c))) {
                return true;
            }
            s = dfa.transition(s, b);
            if !live(s) {
                return false;
            }
        }
        false
    };
    let lo = lo.as_bytes();
    let Some(hi) = hi.map(str::as_bytes) else { return above(dfa.initial_state(), lo) };
    let shared = lo.iter().zip(hi).take_while(|(a, b)| a == b).count();
    let mut s = dfa.initial_state();
    for &b in &lo[..shared] {
        s = dfa.transition(s, b);
        if !live(s) {
            return false;
        }
    }
    let (l, h) = (&lo[shared..], &hi[shared..]);
    let Some(&h0) = h.first() else { return false }; // hi <= lo: an empty range
    if l.is_empty() && accepts(s) {
        return true;
    }
    for c in l.first().copied().unwrap_or(0)..=h0 {
        let next = dfa.transition(s, c);
        if !live(next) {
            continue;
        }
        let found = match (l.first() == Some(&c), c == h0) {
            (false, false) => true,
            (true, false) => above(next, &l[1..]),
            (false, true) => below(next, &h[1..]),
            (true, true) => false, // l[0] == h[0] cannot be: `shared` is their common prefix
        };
        if found {
            return true;
        }
    }
    false
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
                    v.accepted(&dfa, "", |a| {
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
        v.accepted(&dfa, "", |a| {
            found.push(a.word.to_string());
            false // the first one only
        });
        assert_eq!(found, ["facture"]);
        // Within a prefix: only the words with it ("fracture" is one edit away, not an "fa…").
        let mut found = Vec::new();
        v.accepted(&dfa, "fa", |a| {
            found.push(a.word.to_string());
            true
        });
        assert_eq!(found, ["facture", "factures"]);
    }

    #[test]
    fn unsorted_or_repeated_words_are_refused() {
        let e = check_sorted(&[("b".into(), 0), ("a".into(), 1)]).unwrap_err();
        assert!(e.contains("\"a\" out of order"), "{e}");
        let e = Vocabulary::new(vec![("a".into(), 0), ("a".into(), 1)]).unwrap_err();
        assert!(e.contains("\"a\" listed twice"), "{e}");
    }

    /// `words` (sorted) cut before each of `starts` (after the first, ""): the starts and parts.
    fn cut(words: &[&str], starts: &[&str]) -> (Vocabulary, Vec<Vec<(String, u32)>>) {
        let v = Vocabulary::in_parts(starts.iter().map(|s| s.to_string()).collect()).unwrap();
        let parts = (0..starts.len())
            .map(|n| {
                words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| **w >= starts[n] && starts.get(n + 1).is_none_or(|h| *w < h))
                    .map(|(i, w)| (w.to_string(), i as u32))
                    .collect()
            })
            .collect();
        (v, parts)
    }

    #[test]
    fn a_vocabulary_in_parts_reads_the_parts_there_and_names_the_missing_ones() {
        let words = ["ab", "fa", "facturation", "facture", "factures", "fax", "fracture", "zebre"];
        let (v, parts) = cut(&words, &["", "facture", "fb"]);
        assert_eq!(v.missing_for_prefix("fact", 64), [0, 1], "the parts where words with the prefix may be");
        assert_eq!(v.with_prefix("fact").count(), 0);
        v.add_part(0, parts[0].clone(), words.len()).unwrap();
        // "facturation" is in part 0, "facture…" in part 1: the prefix runs on into it.
        assert_eq!(v.with_prefix("fact").map(|(w, _)| w).collect::<Vec<_>>(), ["facturation"]);
        assert_eq!(v.missing_for_prefix("fact", 64), [1]);
        assert_eq!(v.missing_for_prefix("fact", 1), Vec::<u32>::new(), "one word is enough for a cap of 1");
        assert_eq!(v.missing_for_prefix("ab", 64), Vec::<u32>::new(), "part 1 does not start with \"ab\"");
        v.add_part(1, parts[1].clone(), words.len()).unwrap();
        assert_eq!(v.with_prefix("fact").map(|(w, _)| w).collect::<Vec<_>>(), ["facturation", "facture", "factures"]);
        assert_eq!(v.with_prefix("f").count(), 5, "up to part 2, not there");
        assert_eq!(v.entries().count(), 6);
        // Bad parts: out of range, outside the part's bounds, an unknown term, unsorted.
        let e = v.add_part(3, vec![], words.len()).unwrap_err();
        assert!(e.contains("part 3 out of range"), "{e}");
        let e = v.add_part(2, vec![("fa".into(), 1)], words.len()).unwrap_err();
        assert!(e.contains("\"fa\" is not in part 2"), "{e}");
        let e = v.add_part(2, vec![("zebre".into(), 99)], words.len()).unwrap_err();
        assert!(e.contains("term 99"), "{e}");
        let e = v.add_part(2, vec![("zz".into(), 1), ("zebre".into(), 2)], words.len()).unwrap_err();
        assert!(e.contains("out of order"), "{e}");
        assert!(Vocabulary::in_parts(vec!["a".into()]).is_err());
        assert!(Vocabulary::in_parts(vec!["".into(), "b".into(), "a".into()]).is_err());
    }

    #[test]
    fn a_range_is_ruled_out_only_when_no_word_in_it_can_be_accepted() {
        let words = [
            "",
            "a",
            "ab",
            "abonement",
            "abonnement",
            "abonnements",
            "actuel",
            "b",
            "capture",
            "elephant",
            "fa",
            "fact",
            "facteur",
            "facturation",
            "facture",
            "factures",
            "fracture",
            "rapture",
            "telefone",
            "telephone",
            "telephones",
            "zz",
            "\u{ff}",
        ];
        let mut ruled_out = 0;
        for max in 1..=2u8 {
            let builder = LevenshteinAutomatonBuilder::new(max, true);
            for query in ["facture", "telephnoe", "abonement", "fact", "zzzz", "a", "xyzw"] {
                for dfa in [builder.build_dfa(query), builder.build_prefix_dfa(query)] {
                    let accepted = |w: &str| {
                        let mut s = dfa.initial_state();
                        for &b in w.as_bytes() {
                            s = dfa.transition(s, b);
                        }
                        matches!(dfa.distance(s), Distance::Exact(_))
                    };
                    for (i, lo) in words.iter().enumerate() {
                        for hi in words[i + 1..].iter().map(Some).chain([None]) {
                            // Every string of the list, and every word one letter longer, in range.
                            let inside = |w: &String| w.as_str() >= *lo && hi.is_none_or(|h| w.as_str() < *h);
                            let probes = words.iter().flat_map(|w| {
                                std::iter::once(w.to_string()).chain(('a'..='z').map(move |c| format!("{w}{c}")))
                            });
                            let any = probes.filter(inside).any(|w| accepted(&w));
                            let may = may_accept(&dfa, lo, hi.copied());
                            assert!(may || !any, "{query} ({max}): [{lo:?}, {hi:?}) was ruled out");
                            ruled_out += usize::from(!may);
                        }
                    }
                }
            }
        }
        assert!(ruled_out > 400, "the test rules out ranges: {ruled_out}");
    }
}
