//! Hits for display: highlighted titles and snippets.

use super::*;

impl SearchIndex {
    /// Whether a folded word of an indexed text is one of the `marker` terms (sorted ids).
    pub(super) fn marks(&self, folded: &str, marker: &[u32]) -> bool {
        !is_stop_word(self.locale(), folded) && self.word_term(folded).is_some_and(|t| marker.binary_search(&t).is_ok())
    }

    pub(super) fn fragments(&self, text: &str, marker: &[u32]) -> Vec<Fragment> {
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

    pub(super) fn make_hit(
        &self,
        article: &Article,
        section: usize,
        matched: usize,
        score: f32,
        marker: &[u32],
    ) -> Hit {
        let s = &article.sections[section];
        Hit {
            article_id: article.id.clone(),
            title: self.fragments(&article.title, marker),
            anchor: s.anchor.clone(),
            heading: s.heading.clone(),
            snippet: self.snippet(&s.text, marker, 30),
            matched_words: matched,
            query_words: 0,
            score,
        }
    }

    /// Cuts `text` to about `words` words around the first match and marks the matches.
    pub(super) fn snippet(&self, text: &str, marker: &[u32], words: usize) -> Vec<Fragment> {
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
