//! Case and accent folding ([`guichet_core::text::fold`], [`guichet_core::text::lowercase`])
//! give the same words natively (Rust's case tables, `unicode-normalization`) and in the pane
//! (the browser's `toLowerCase`, `normalize` and `\p{M}`): a chunked index built by the CLI is
//! searched with queries folded in the browser, so any difference would lose matches.
//!
//! Runs natively with the other tests, and in headless Chromium with `cargo test -p
//! guichet-core --target wasm32-unknown-unknown --test text_fold`.

use guichet_core::text::{fold, lowercase, tokenize};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// (text, folded): French, German and Spanish accents and ligatures, capitals with and without
/// precomposed forms, marks typed after their letter, a final sigma, Turkish dotted I, and
/// letters that case-map to more than one character.
const FOLDS: &[(&str, &str)] = &[
    ("Téléphone", "telephone"),
    ("ÉLÈVE à Noël", "eleve a noel"),
    ("ŒUVRE cœur Ça", "oeuvre coeur ca"),
    ("Æther", "aether"),
    ("Straße STRASSE STRAẞE", "strasse strasse strasse"),
    ("Größe Übersicht", "grosse ubersicht"),
    ("te\u{301}le\u{301}phone", "telephone"),
    ("Año PEÑA", "ano pena"),
    ("ΟΔΟΣ οδός", "οδος οδος"),
    ("İstanbul", "istanbul"),
    ("ﬁchier", "ﬁchier"),
    ("ＡＢＣ", "ａｂｃ"),
    ("plain ascii", "plain ascii"),
];

#[test]
fn folding_gives_the_same_words_natively_and_in_the_browser() {
    for (text, folded) in FOLDS {
        assert_eq!(fold(text), *folded, "fold({text:?})");
    }
    assert_eq!(lowercase("Étape ÇA Σ"), "étape ça σ");
    assert_eq!(lowercase("ΟΔΟΣ"), "οδος");
    // Already in lower case (no call into the browser), a titlecase digraph, circled capitals.
    assert_eq!(lowercase("téléphone déjà"), "téléphone déjà");
    assert_eq!(lowercase("ǅemal ǈ"), "ǆemal ǉ");
    assert_eq!(lowercase("ⒶⒷ é"), "ⓐⓑ é");
    let words: Vec<String> = tokenize("L'Œuvre d’Élise, Straße 12").into_iter().map(|t| t.folded).collect();
    assert_eq!(words, ["l", "oeuvre", "d", "elise", "strasse", "12"]);
}

/// Latin-1 letters and `Œ`/`œ` fold and lower-case by table (no call into the browser): each
/// gives what the general path gives it, which a letter outside that table (`ą`, `Ą`) in the
/// same word forces.
#[test]
fn latin_letters_by_table_match_the_general_path() {
    let letters = ('\u{C0}'..='\u{FF}').chain(['Œ', 'œ']);
    for c in letters {
        let general = fold(&format!("{c}\u{105}"));
        assert_eq!(format!("{}a", fold(&c.to_string())), general, "fold of {c:?} (U+{:04X})", c as u32);
        // After a capital, so that a letter already in lower case goes through the table too.
        let general = lowercase(&format!("X{c}\u{104}"));
        assert_eq!(
            format!("{}\u{105}", lowercase(&format!("X{c}"))),
            general,
            "lowercase of {c:?} (U+{:04X})",
            c as u32
        );
    }
}
