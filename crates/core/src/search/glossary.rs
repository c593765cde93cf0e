//! A help center's bilingual glossary: the same support term in each locale, so that a
//! visitor's query can be put into the language of articles that answer it when their own
//! language has none (`content/glossary.tsv`, written by the portal; built into
//! `glossary.json`).

use crate::text::{tokenize, Analyzer};
use crate::Locale;
use serde::{Deserialize, Serialize};

/// One concept: its words per locale, each a list of variants (`"refund|credit"`), the first
/// being the one a translation uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Entry {
    /// English variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub en: Vec<String>,
    /// French variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fr: Vec<String>,
    /// German variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub de: Vec<String>,
}

impl Entry {
    fn of(&self, l: Locale) -> &[String] {
        match l {
            Locale::En => &self.en,
            Locale::Fr => &self.fr,
            Locale::De => &self.de,
        }
    }
}

/// The glossary (`glossary.json` of a bundle: `{"entries": [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Glossary {
    /// Concepts, in file order.
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// Reads the TSV form: a header naming locale columns (`en\tfr\tde`), then one concept per
    /// line, variants separated by `|`; `#` starts a comment line. Errors: `line N: …` for a
    /// header without a known locale or a line with more cells than the header.
    pub fn from_tsv(text: &str) -> Result<Glossary, String> {
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((n, header)) = lines.next() else { return Ok(Glossary::default()) };
        let columns: Vec<Option<Locale>> =
            header.split('\t').map(|c| Locale::parse(c.trim()).filter(|l| l.tag() == c.trim())).collect();
        if columns.iter().all(Option::is_none) {
            return Err(format!("line {}: the header names no locale (en, fr, de)", n + 1));
        }
        let mut entries = Vec::new();
        for (n, line) in lines {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() > columns.len() {
                return Err(format!("line {}: {} cells for {} columns", n + 1, cells.len(), columns.len()));
            }
            let mut e = Entry::default();
            for (cell, col) in cells.iter().zip(&columns) {
                let variants: Vec<String> =
                    cell.split('|').map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect();
                match col {
                    Some(Locale::En) => e.en = variants,
                    Some(Locale::Fr) => e.fr = variants,
                    Some(Locale::De) => e.de = variants,
                    None => {}
                }
            }
            entries.push(e);
        }
        Ok(Glossary { entries })
    }

    /// `query` (in `from`) put into `to`: the longest glossary phrases found (compared by
    /// stem, accents and case folded) become their first `to` variant, other words stay as
    /// typed (product names: "Azure", "Marketplace"), `from`'s stop words go. `None` when no
    /// phrase of the glossary is in the query (the query is then as good as it gets).
    pub fn translate(&self, query: &str, from: Locale, to: Locale) -> Option<String> {
        let a = Analyzer::new(from);
        let stems = |s: &str| -> Vec<String> { tokenize(s).iter().map(|t| a.stem(&t.folded)).collect() };
        let words = tokenize(query);
        let query_stems: Vec<String> = words.iter().map(|t| a.stem(&t.folded)).collect();
        // (stems of a `from` variant, the `to` text), longest phrases first.
        let mut phrases: Vec<(Vec<String>, &str)> = self
            .entries
            .iter()
            .filter_map(|e| e.of(to).first().map(|t| (e, t.as_str())))
            .flat_map(|(e, t)| e.of(from).iter().map(move |v| (stems(v), t)))
            .filter(|(s, _)| !s.is_empty())
            .collect();
        crate::sort::sort_by_key(&mut phrases, |(s, _)| std::cmp::Reverse(s.len()));
        let mut out: Vec<String> = Vec::new();
        let mut translated = false;
        let mut i = 0;
        while i < words.len() {
            let found = phrases.iter().find(|(s, _)| query_stems[i..].starts_with(s));
            match found {
                Some((s, t)) => {
                    out.push(t.to_string());
                    translated = true;
                    i += s.len();
                }
                None => {
                    if !crate::text::is_stop_word(from, &words[i].folded) {
                        out.push(query[words[i].start..words[i].end].to_string());
                    }
                    i += 1;
                }
            }
        }
        // A query still being typed keeps its last word open for prefix matching.
        let tail = if query.ends_with(char::is_whitespace) { " " } else { "" };
        translated.then(|| format!("{}{tail}", out.join(" ")))
    }
}

/// Share of the query's words a hit answers (0 to 1; 0 for a query without words).
pub fn coverage(h: &crate::search::Hit) -> f32 {
    if h.query_words == 0 {
        0.0
    } else {
        h.matched_words as f32 / h.query_words as f32
    }
}

/// Hits in the other language for `query` (typed in `from`), given the hits `own` of the
/// visitor's language: when `own` is empty, every hit of `other` for the query put into its
/// language ([`Glossary::translate`], else as typed); when `own` answers every word, none;
/// otherwise those that answer a larger share of the words than the best of `own`, and at
/// least half of them (an English "marketplace refund" that only finds "marketplace" in
/// English finds the French article on Marketplace refunds).
pub fn across(
    own: &[crate::search::Hit],
    other: &crate::search::SearchIndex,
    glossary: &Glossary,
    query: &str,
    from: Locale,
    limit: usize,
) -> Vec<crate::search::Hit> {
    let best = own.iter().map(coverage).fold(0.0f32, f32::max);
    if !own.is_empty() && best >= 1.0 {
        return Vec::new();
    }
    let to = other.locale();
    let q = glossary.translate(query, from, to).unwrap_or_else(|| query.to_string());
    let hits = other.search(&q, limit);
    if own.is_empty() {
        return hits;
    }
    hits.into_iter().filter(|h| coverage(h) > best && coverage(h) >= 0.5).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "# a comment\nen\tfr\tde\nrefund|credit\tremboursement|avoir\tErstattung\non behalf of a customer\tpour le compte d’un client\tim Auftrag eines Kunden\ncustomer\tclient\tKunde\nbilling\tfacturation\tAbrechnung\nticket|request\tdemande\tAnfrage\n";

    #[test]
    fn reads_the_tsv_and_refuses_a_bad_header_or_line() {
        let g = Glossary::from_tsv(TSV).unwrap();
        assert_eq!(g.entries.len(), 5);
        assert_eq!(g.entries[0].fr, ["remboursement", "avoir"]);
        assert_eq!(
            Glossary::from_tsv("english\tfrench\nx\ty\n").unwrap_err(),
            "line 1: the header names no locale (en, fr, de)"
        );
        assert_eq!(Glossary::from_tsv("en\tfr\na\tb\tc\n").unwrap_err(), "line 2: 3 cells for 2 columns");
        assert_eq!(Glossary::from_tsv("").unwrap(), Glossary::default());
    }

    #[test]
    fn translates_phrases_by_stem_keeping_names_and_dropping_stop_words() {
        let g = Glossary::from_tsv(TSV).unwrap();
        assert_eq!(
            g.translate("Marketplace refunds", Locale::En, Locale::Fr).as_deref(),
            Some("Marketplace remboursement")
        );
        assert_eq!(
            g.translate("Azure billing ticket", Locale::En, Locale::Fr).as_deref(),
            Some("Azure facturation demande")
        );
        // The longest phrase wins over its words.
        assert_eq!(
            g.translate("file on behalf of a customer", Locale::En, Locale::Fr).as_deref(),
            Some("file pour le compte d’un client")
        );
        assert_eq!(g.translate("remboursement", Locale::Fr, Locale::En).as_deref(), Some("refund"));
        assert_eq!(g.translate("Azure portal", Locale::En, Locale::Fr), None, "nothing to translate");
        assert_eq!(
            g.translate("refund ", Locale::En, Locale::Fr).as_deref(),
            Some("remboursement "),
            "typing state kept"
        );
    }
}
