//! "Did you mean": for a query that finds nothing, the same query with its unknown words
//! replaced by the closest words of the help center's own vocabulary (Levenshtein automata
//! over the sorted vocabulary, up to 2 edits, further than the typo tolerance of a search).

use super::*;

/// Most vocabulary words looked at per unknown word.
const MAX_CANDIDATES: usize = 256;

impl SearchIndex {
    /// A query close to `query` that has results, when `query` has none: each word of 3
    /// letters or more that the help center does not have (neither exactly nor as a stem) is
    /// replaced by the vocabulary word nearest to it (fewest edits, at most 2; ties: the word
    /// in more sections), in its folded form. Shorter words, numbers and stop words are kept
    /// as typed. `None` when `query` has results, when no word could be replaced, or when the
    /// replaced query still finds nothing.
    pub fn suggest(&self, query: &str) -> Option<String> {
        if !self.search_ids(query, 1).is_empty() {
            return None;
        }
        let mut out = String::with_capacity(query.len());
        let mut at = 0;
        let mut changed = false;
        for w in self.analyzer.words(query) {
            let t = &w.token;
            out.push_str(&query[at..t.start]);
            at = t.end;
            let known = self.term_of(&t.folded).is_some();
            let replacement =
                if w.stop || known || t.folded.chars().count() < 3 || t.folded.chars().all(|c| c.is_ascii_digit()) {
                    None
                } else {
                    self.nearest_word(&t.folded)
                };
            match replacement {
                Some(r) => {
                    out.push_str(&r);
                    changed = true;
                }
                None => out.push_str(&query[t.start..t.end]),
            }
        }
        out.push_str(&query[at..]);
        let out = out.trim().to_string();
        (changed && !self.search_ids(&out, 1).is_empty()).then_some(out)
    }

    /// The vocabulary word nearest to `folded` (≤ 2 edits, transpositions counting one),
    /// the one in the most sections among equally near ones; ties in that: alphabetical.
    fn nearest_word(&self, folded: &str) -> Option<String> {
        let dfa = lev_builders()[1].build_dfa(folded);
        let mut best: Option<(u8, std::cmp::Reverse<usize>, &str)> = None;
        let mut seen = 0;
        self.words.accepted(&dfa, self.typo_scope(folded), |a| {
            seen += 1;
            let df = self.postings[a.term as usize].get().map_or(0, Vec::len);
            let cand = (a.distance, std::cmp::Reverse(df), a.word);
            if best.as_ref().is_none_or(|b| cand < *b) {
                best = Some(cand);
            }
            seen < MAX_CANDIDATES
        });
        best.map(|(_, _, w)| w.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::one_section_in;

    fn index() -> SearchIndex {
        let a = |id: &str, title: &str, text: &str| one_section_in(Locale::En, id, title, text);
        SearchIndex::build(HelpCenter {
            locale: Locale::En,
            synonyms: vec![],
            articles: vec![
                a("invoice", "Download an invoice", "Invoices are in the billing page."),
                a("refund", "Ask for a refund", "A refund reaches the card within ten days."),
            ],
        })
    }

    #[test]
    fn a_query_without_results_gets_the_nearest_words_that_find_something() {
        let idx = index();
        // Two edits: further than a search's typo tolerance for words of 5 and 7 letters.
        assert!(idx.search("ivnocie rfnud ", 5).is_empty());
        assert_eq!(idx.suggest("ivnocie ").as_deref(), Some("invoice"));
        // Stop words are kept as typed, and every unknown word is replaced.
        assert_eq!(idx.suggest("My ivnocie and rfnud").as_deref(), Some("My invoice and refund"));
    }

    #[test]
    fn no_suggestion_when_there_are_results_or_nothing_near() {
        let idx = index();
        assert_eq!(idx.suggest("invoice"), None, "has results");
        assert_eq!(idx.suggest("zzzzqqq"), None, "nothing within 2 edits");
        assert_eq!(idx.suggest(""), None);
        assert_eq!(idx.suggest("12345"), None, "numbers are kept");
    }
}
