//! Text normalisation for search: case and accent folding, tokenising, stop words and
//! Snowball stemming (French and English, via `rust-stemmers`).

use crate::Locale;
use rust_stemmers::{Algorithm, Stemmer};

/// Lower-cases `s` and removes diacritics (NFD, then drops combining marks), so that
/// `"Téléphone"` and `"telephone"` fold to the same `"telephone"`. Ligatures `œ`/`æ` become
/// `oe`/`ae`, `ß` becomes `ss`.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase(); // nothing to decompose: the common case, kept cheap
    }
    if let Some(folded) = fold_latin(s) {
        return folded; // French and German words: no call into the browser in the pane
    }
    let lower = lowercase_without_marks(s);
    if lower.contains(['œ', 'æ', 'ß']) {
        lower.replace('œ', "oe").replace('æ', "ae").replace('ß', "ss")
    } else {
        lower
    }
}

/// [`fold`] of `s` when each of its characters is ASCII, in Latin-1 (U+00C0–U+00FF) or `Œ`/`œ`
/// (every letter of French and German, most of Western Europe's): by table, the same
/// answers as the general path (Unicode's decompositions and lower case; the `text_fold` test
/// compares every one of these letters, natively and in Chromium). `None` for any other text.
fn fold_latin(s: &str) -> Option<String> {
    /// U+00C0–U+00FF folded: base letters without accents; `Ð`, `Ø`, `Þ` (no decomposition)
    /// only lower-cased; `×` and `÷` as they are.
    const LATIN1: [&str; 64] = [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", //
        "ð", "n", "o", "o", "o", "o", "o", "×", "ø", "u", "u", "u", "u", "y", "þ", "ss", //
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", //
        "ð", "n", "o", "o", "o", "o", "o", "÷", "ø", "u", "u", "u", "u", "y", "þ", "y",
    ];
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{C0}'..='\u{FF}' => out.push_str(LATIN1[c as usize - 0xC0]),
            'Œ' | 'œ' => out.push_str("oe"),
            _ => return None,
        }
    }
    Some(out)
}

/// `s` in lower case: Unicode's default case conversion of the whole string (so a final
/// sigma becomes `ς`). Natively `str::to_lowercase`; in the pane the browser's
/// `String.prototype.toLowerCase` (the same Unicode mappings, without shipping Rust's case
/// tables: about 8 KB of the pane's brotli wasm).
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    // Only capitals (Unicode's Uppercase property) and the 31 titlecase letters (category Lt)
    // change when lower-cased: most accented words are already in lower case, and need no call.
    fn is_titlecase(c: char) -> bool {
        matches!(c, '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
    }
    if !s.chars().any(|c| c.is_uppercase() || is_titlecase(c)) {
        return s.to_string();
    }
    // Latin-1 and `Œ` (French, German): capitals À–Þ are their small letter less 0x20 (but `×`).
    if s.chars().all(|c| c <= '\u{FF}' || c == 'Œ' || c == 'œ') {
        let lower = |c: char| match c {
            'A'..='Z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            'Œ' => 'œ',
            _ => c,
        };
        return s.chars().map(lower).collect();
    }
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(s).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    s.to_lowercase()
}

/// `s` in Unicode canonical decomposition (NFD) without its combining marks (general
/// category M), then lower-cased ([`lowercase`]): `"Télé"` → `"tele"`. Natively with the
/// `unicode-normalization` crate; in the pane with the browser's own
/// `String.prototype.normalize`, `\p{M}` and `toLowerCase` in one call (the same Unicode
/// definitions, without shipping the tables: about 44 KB of wasm).
#[cfg(not(target_arch = "wasm32"))]
fn lowercase_without_marks(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    lowercase(&s.nfd().filter(|c| !is_combining_mark(*c)).collect::<String>())
}

#[cfg(target_arch = "wasm32")]
fn lowercase_without_marks(s: &str) -> String {
    thread_local! {
        static MARKS: js_sys::RegExp = js_sys::RegExp::new("\\p{M}", "gu");
    }
    let nfd = js_sys::JsString::from(s).normalize("NFD");
    MARKS.with(|re| nfd.replace_by_pattern(re, "")).to_lower_case().into()
}

/// A word found in a text: its byte range in the original string and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset one past the last character in the original text.
    pub end: usize,
    /// Lower-cased, accent-folded form (see [`fold`]).
    pub folded: String,
}

/// Splits `s` into words: runs of alphanumeric characters. Apostrophes split words, so
/// French elisions (`l'abonnement`, `d’assistance`) yield `l` + `abonnement`. Byte offsets
/// refer to `s`, which lets snippets highlight the original (accented) text.
pub fn tokenize(s: &str) -> Vec<Token> {
    /// The combining diacritical mark blocks (U+0300–036F and its supplements).
    fn is_diacritic(c: char) -> bool {
        matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        // A combining accent typed after its letter (decomposed input: "te\u{301}le\u{301}phone")
        // belongs to the word; folding then drops it.
        if c.is_alphanumeric() || (start.is_some() && is_diacritic(c)) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            out.push(Token { start: st, end: i, folded: fold(&s[st..i]) });
        }
    }
    if let Some(st) = start {
        out.push(Token { start: st, end: s.len(), folded: fold(&s[st..]) });
    }
    out
}

/// French function and question words (articles, pronouns, prepositions, auxiliaries, "comment",
/// "pourquoi", "quand"…): our own list.
const STOP_FR: &[&str] = &[
    "a", "ai", "alors", "apres", "as", "au", "aussi", "aux", "avant", "avec", "avez", "avons", "bien", "c", "ca", "ce",
    "ceci", "cela", "celle", "celui", "ces", "cet", "cette", "chez", "comment", "d", "dans", "de", "deja", "des",
    "dois", "doit", "donc", "dont", "du", "elle", "en", "encore", "es", "est", "et", "etait", "ete", "etes", "etre",
    "eux", "faire", "fait", "faut", "il", "ils", "j", "jamais", "je", "l", "la", "le", "les", "leur", "leurs", "lui",
    "m", "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ont", "ou", "par", "pas",
    "peut", "peuvent", "peux", "pour", "pourquoi", "pouvez", "puis", "qu", "quand", "que", "quel", "quelle", "quelles",
    "quelqu", "quelque", "quelques", "quels", "qui", "quoi", "s", "sa", "se", "ses", "si", "sommes", "son", "sont",
    "suis", "sur", "t", "ta", "te", "tes", "toi", "tous", "tout", "toute", "toutes", "tres", "tu", "un", "une", "vos",
    "votre", "vous", "y",
];

/// English function and question words ("how", "why", "can", auxiliaries, pronouns, and what
/// contractions leave once the apostrophe splits them: "haven't" → "haven" + "t"): our own list.
const STOP_EN: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anybody",
    "anyone",
    "anything",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "but",
    "by",
    "can",
    "cant",
    "could",
    "couldn",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "dont",
    "each",
    "for",
    "from",
    "get",
    "gets",
    "got",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "im",
    "in",
    "into",
    "is",
    "isn",
    "isnt",
    "it",
    "its",
    "ive",
    "just",
    "ll",
    "m",
    "me",
    "more",
    "most",
    "much",
    "mustn",
    "my",
    "myself",
    "needn",
    "never",
    "no",
    "not",
    "of",
    "on",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "own",
    "re",
    "s",
    "same",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "somebody",
    "someone",
    "something",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "us",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "who",
    "why",
    "will",
    "with",
    "won",
    "wont",
    "would",
    "wouldn",
    "you",
    "your",
    "yourself",
];

/// German function and question words ("wie", "warum", auxiliaries, pronouns…), folded
/// ("für" → "fur"): our own list.
const STOP_DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bitte", "dann", "das", "dass", "dem", "den",
    "der", "des", "dich", "die", "dir", "doch", "du", "ein", "eine", "einem", "einen", "einer", "er", "es", "etwas",
    "euch", "fur", "habe", "haben", "hat", "hatte", "ich", "ihm", "ihn", "ihr", "ihre", "ihren", "im", "in", "ist",
    "jemand", "jemandem", "jemanden", "kann", "kein", "keine", "konnen", "mein", "meine", "mich", "mir", "mit", "muss",
    "nach", "nicht", "nie", "niemals", "noch", "nur", "ob", "oder", "sich", "sie", "sind", "so", "soll", "uber", "um",
    "und", "uns", "unser", "unsere", "vom", "von", "vor", "wann", "warum", "was", "welche", "welcher", "welches",
    "wenn", "werde", "werden", "wie", "wir", "wird", "wo", "wurde", "zu", "zum", "zur",
];

/// Whether the folded word is a stop word in `locale` (short function words that carry no
/// meaning for search; our own lists). Looked up by hash (Fx), in a set built at the first
/// call for that locale: a binary search of the lists took a tenth of an index build, which
/// asks for every word of the help center.
pub fn is_stop_word(locale: Locale, folded: &str) -> bool {
    type Set = std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>;
    static SETS: [Set; 3] = [Set::new(), Set::new(), Set::new()];
    if folded.len() > 9 {
        return false; // longer than every stop word ("something", "pourquoi")
    }
    let (list, set) = match locale {
        Locale::Fr => (STOP_FR, &SETS[0]),
        Locale::En => (STOP_EN, &SETS[1]),
        Locale::De => (STOP_DE, &SETS[2]),
    };
    set.get_or_init(|| list.iter().copied().collect()).contains(folded)
}

/// English irregular past forms → their base form, sorted by form: Snowball stems "paid" and
/// "pay", "sent" and "send" apart, so "I paid twice" would miss an article on paying. Our own
/// list of the irregular verbs of support questions, leaving out forms that are also common
/// words of another meaning in help centers ("left" pane, "found", "led", "saw", "lay").
const EN_IRREGULAR: &[(&str, &str)] = &[
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bought", "buy"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("came", "come"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("drawn", "draw"),
    ("drew", "draw"),
    ("driven", "drive"),
    ("drove", "drive"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("given", "give"),
    ("gone", "go"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("knew", "know"),
    ("known", "know"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("overridden", "override"),
    ("overrode", "override"),
    ("paid", "pay"),
    ("ran", "run"),
    ("rang", "ring"),
    ("rebuilt", "rebuild"),
    ("rewritten", "rewrite"),
    ("rewrote", "rewrite"),
    ("said", "say"),
    ("seen", "see"),
    ("sent", "send"),
    ("shown", "show"),
    ("sold", "sell"),
    ("spent", "spend"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stuck", "stick"),
    ("taken", "take"),
    ("taught", "teach"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("understood", "understand"),
    ("undid", "undo"),
    ("undone", "undo"),
    ("went", "go"),
    ("withdrawn", "withdraw"),
    ("withdrew", "withdraw"),
    ("written", "write"),
    ("wrote", "write"),
];

/// The base form of an English irregular past form ("paid" → "pay"), else the word itself.
fn english_base_form(folded: &str) -> &str {
    EN_IRREGULAR.binary_search_by_key(&folded, |&(form, _)| form).map_or(folded, |i| EN_IRREGULAR[i].1)
}

/// A word of a text as the analyzer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Where it is and its folded form.
    pub token: Token,
    /// Whether it is a stop word of the analyzer's locale (not indexed, not searched alone).
    pub stop: bool,
}

/// Snowball stemmer for a locale (French, English or German algorithm).
pub struct Analyzer {
    locale: Locale,
    stemmer: Stemmer,
}

impl Analyzer {
    /// Creates the analyzer for `locale`.
    pub fn new(locale: Locale) -> Self {
        let algo = match locale {
            Locale::Fr => Algorithm::French,
            Locale::En => Algorithm::English,
            Locale::De => Algorithm::German,
        };
        Analyzer { locale, stemmer: Stemmer::create(algo) }
    }

    /// The locale this analyzer stems for.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Stems an already folded word. Stemming runs on the folded form so that accented and
    /// unaccented spellings share one stem.
    pub fn stem(&self, folded: &str) -> String {
        let base = match self.locale {
            Locale::En => english_base_form(folded),
            Locale::Fr | Locale::De => folded,
        };
        self.stemmer.stem(base).into_owned()
    }

    /// Tokenises `s` (see [`tokenize`]) and marks the stop words of this locale: the one
    /// pipeline that index building (`SearchIndex::build`), query expansion and [`Self::terms`]
    /// go through.
    pub fn words(&self, s: &str) -> Vec<Word> {
        tokenize(s).into_iter().map(|token| Word { stop: is_stop_word(self.locale, &token.folded), token }).collect()
    }

    /// Tokenises, folds, drops stop words and stems: the terms under which `s` is indexed.
    pub fn terms(&self, s: &str) -> Vec<String> {
        self.words(s).into_iter().filter(|w| !w.stop).map(|w| self.stem(&w.token.folded)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Téléphone"), "telephone");
        assert_eq!(fold("ŒUVRE Ça"), "oeuvre ca");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("STRAẞE Æther"), "strasse aether");
        // The whole string is lower-cased: a final capital sigma becomes a final sigma.
        assert_eq!(fold("ΟΔΟΣ ΟΔΟΣ"), "οδος οδος");
        assert_eq!(lowercase("Étape ÇA"), "étape ça");
    }

    #[test]
    fn tokenizes_with_byte_offsets_and_elisions() {
        let s = "l’abonnement d'Azure";
        let toks = tokenize(s);
        let words: Vec<_> = toks.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(words, ["l", "abonnement", "d", "azure"]);
        assert_eq!(&s[toks[1].start..toks[1].end], "abonnement");
        // Decomposed accents stay in their word, and fold away.
        let nfd = "te\u{301}le\u{301}phone \u{301}x";
        let words: Vec<String> = tokenize(nfd).into_iter().map(|t| t.folded).collect();
        assert_eq!(words, ["telephone", "x"]);
    }

    #[test]
    fn french_and_english_stems_share_roots() {
        let fr = Analyzer::new(Locale::Fr);
        assert_eq!(fr.terms("remboursements"), fr.terms("remboursement"));
        assert_eq!(fr.terms("Sévérité"), fr.terms("severite"));
        let en = Analyzer::new(Locale::En);
        assert_eq!(en.terms("refunds"), en.terms("refund"));
        assert!(en.terms("how to call the support").len() == 2);
    }

    /// The lists are sorted (looked up by binary search) and folded (compared with folded words).
    #[test]
    fn stop_word_lists_are_sorted_and_folded() {
        for list in [STOP_FR, STOP_EN, STOP_DE] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(list.iter().all(|w| fold(w) == *w && w.len() <= 9), "{list:?}");
        }
        // Question words do not count as content.
        let en = Analyzer::new(Locale::En);
        assert_eq!(en.terms("why can't I get my invoice?"), [en.stem("invoice")]);
        let fr = Analyzer::new(Locale::Fr);
        assert_eq!(
            fr.terms("pourquoi est-ce que je n'ai pas reçu ma facture ?"),
            [fr.stem("recu"), fr.stem("facture")]
        );
    }

    /// Irregular past forms share their verb's stem; the table is sorted for binary search.
    #[test]
    fn english_irregular_forms_share_the_verb_stem() {
        assert!(EN_IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0));
        let en = Analyzer::new(Locale::En);
        assert_eq!(en.terms("I paid twice"), en.terms("pay twice"));
        assert_eq!(en.terms("mail I never sent"), en.terms("mail send"));
        assert_eq!(en.terms("forgotten password"), en.terms("forget password"));
        // Only English: French "sent" (feels) is left as it is.
        let fr = Analyzer::new(Locale::Fr);
        assert_ne!(fr.stem("sent"), fr.stem("send"));
    }

    #[test]
    fn stop_words_are_dropped() {
        let fr = Analyzer::new(Locale::Fr);
        assert_eq!(fr.terms("le la les de"), Vec::<String>::new());
        assert!(is_stop_word(Locale::En, "the"));
        assert!(!is_stop_word(Locale::En, "ticket"));
    }
}
