//! A help center's synonyms: `CONTENT/synonyms.toml` (optional) merged with Guichet's shipped
//! defaults (`synonyms-defaults.toml`, common support vocabulary in fr, en and de), per
//! locale, into the one-way rules a bundle carries ([`guichet_core::search::Synonym`]).
//!
//! ```toml
//! defaults = true                               # also the shipped defaults (the default)
//! [[en]]
//! words = ["cancel", "terminate"]               # multi-way: each finds the others
//! [[fr]]
//! from = "remettre à zéro"                      # one-way: `from` also finds `to`
//! to = ["réinitialiser"]
//! ```

use guichet_core::search::Synonym;
use guichet_core::Locale;
use serde::Deserialize;
use std::path::Path;

/// The shipped defaults (our own list).
const DEFAULTS: &str = include_str!("synonyms-defaults.toml");

/// One rule as written: a multi-way set (`words`) or a one-way rule (`from`, `to`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    #[serde(default)]
    words: Vec<String>,
    from: Option<String>,
    #[serde(default)]
    to: Vec<String>,
}

/// A synonyms file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// Whether the shipped defaults apply too.
    #[serde(default = "yes")]
    defaults: bool,
    #[serde(default)]
    en: Vec<Rule>,
    #[serde(default)]
    fr: Vec<Rule>,
    #[serde(default)]
    de: Vec<Rule>,
}

fn yes() -> bool {
    true
}

/// Parses a synonyms file; `name` prefixes errors (`synonyms.toml:3:1: …`, `synonyms.toml:
/// en[2]: …`). Returns whether defaults apply and the one-way rules per locale.
fn parse(name: &str, text: &str) -> Result<(bool, Vec<(Locale, Synonym)>), String> {
    let file: File = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| guichet_core::profile::line_and_column(text, s.start));
        format!("{name}{}: {}", at.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default(), e.message())
    })?;
    let mut out = Vec::new();
    for (locale, rules) in [(Locale::En, &file.en), (Locale::Fr, &file.fr), (Locale::De, &file.de)] {
        for (i, r) in rules.iter().enumerate() {
            let at = format!("{name}: {}[{}]", locale.tag(), i + 1);
            let blank = |s: &String| s.trim().is_empty();
            match (&r.from, r.words.is_empty()) {
                (None, false) => {
                    if r.words.len() < 2 || r.words.iter().any(blank) || !r.to.is_empty() {
                        return Err(format!(
                            "{at}: `words` lists two or more non-empty words or phrases, without `to`"
                        ));
                    }
                    for (j, w) in r.words.iter().enumerate() {
                        let to = r.words.iter().enumerate().filter(|&(k, _)| k != j).map(|(_, o)| o.trim().to_string());
                        out.push((locale, Synonym { from: w.trim().to_string(), to: to.collect() }));
                    }
                }
                (Some(from), true) => {
                    if blank(from) || r.to.is_empty() || r.to.iter().any(blank) {
                        return Err(format!(
                            "{at}: a one-way rule has a non-empty `from` and one or more non-empty `to`"
                        ));
                    }
                    let to = r.to.iter().map(|t| t.trim().to_string()).collect();
                    out.push((locale, Synonym { from: from.trim().to_string(), to }));
                }
                _ => return Err(format!("{at}: give either `words` (multi-way) or `from` and `to` (one-way)")),
            }
        }
    }
    Ok((file.defaults, out))
}

/// The rules of `locale` for the help center in `content`: the shipped defaults (unless its
/// `synonyms.toml` turns them off) and its own. Errors: the file's, with its path and line.
pub fn for_locale(content: &Path, locale: Locale) -> Result<Vec<Synonym>, String> {
    let path = content.join("synonyms.toml");
    let (defaults, own) = match std::fs::read_to_string(&path) {
        Ok(text) => parse(&path.display().to_string(), &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (true, Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut rules = Vec::new();
    if defaults {
        rules.extend(parse("synonyms-defaults.toml", DEFAULTS)?.1);
    }
    rules.extend(own);
    Ok(rules.into_iter().filter(|(l, _)| *l == locale).map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_parse_and_cover_three_languages() {
        let (_, rules) = parse("d", DEFAULTS).unwrap();
        for l in Locale::ALL {
            assert!(rules.iter().filter(|(x, _)| *x == l).count() >= 20, "{l:?}");
        }
    }

    #[test]
    fn multi_way_sets_become_one_way_rules_and_own_rules_add_to_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let toml =
            "[[en]]\nwords = [\"ticket\", \"case \"]\n[[fr]]\nfrom = \"remettre à zéro\"\nto = [\"réinitialiser\"]\n";
        std::fs::write(dir.path().join("synonyms.toml"), toml).unwrap();
        let en = for_locale(dir.path(), Locale::En).unwrap();
        let own: Vec<&Synonym> = en.iter().filter(|r| r.from == "case").collect();
        assert_eq!(own[own.len() - 1].to, ["ticket"], "trimmed, and after the defaults");
        assert!(en.iter().any(|r| r.from == "cancel"), "defaults apply");
        let fr = for_locale(dir.path(), Locale::Fr).unwrap();
        assert_eq!(fr.last(), Some(&Synonym { from: "remettre à zéro".into(), to: vec!["réinitialiser".into()] }));
        std::fs::write(dir.path().join("synonyms.toml"), format!("defaults = false\n{toml}")).unwrap();
        assert_eq!(for_locale(dir.path(), Locale::En).unwrap().len(), 2);
        assert!(for_locale(dir.path(), Locale::De).unwrap().is_empty());
        // No file: the defaults.
        let empty = tempfile::tempdir().unwrap();
        assert!(!for_locale(empty.path(), Locale::De).unwrap().is_empty());
    }

    #[test]
    fn bad_files_are_refused_with_where() {
        let cases = [
            ("[[en]]\nwords = [\"alone\"]\n", "s: en[1]: `words` lists two or more"),
            ("[[en]]\nwords = [\"a\", \" \"]\n", "s: en[1]: `words` lists two or more"),
            ("[[fr]]\nfrom = \"x\"\n", "s: fr[1]: a one-way rule has"),
            ("[[fr]]\nfrom = \"x\"\nto = [\"\"]\n", "s: fr[1]: a one-way rule has"),
            ("[[de]]\nfrom = \"x\"\nwords = [\"a\", \"b\"]\n", "s: de[1]: give either"),
            ("[[de]]\n", "s: de[1]: give either"),
            ("[[it]]\nwords = [\"a\", \"b\"]\n", "s:1:3: unknown field `it`"),
            ("[[en]]\nword = [\"a\", \"b\"]\n", "s:2:1: unknown field `word`"),
            ("defaults = \"yes\"\n", "s:1:12: invalid type"),
        ];
        for (text, want) in cases {
            let err = parse("s", text).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }
}
