//! Builds the help-center bundles from Markdown articles.

use ammonia::Builder;
use guichet_core::help_center::{Article, HelpCenter, Section};
use guichet_core::profile::Profile;
use guichet_core::text::fold;
use guichet_core::Locale;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// Front matter of an article file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    pub title: String,
    pub locale: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Last change, `YYYY-MM-DD`; absent when unknown (an imported page without a date).
    #[serde(default)]
    pub updated: String,
    #[serde(default)]
    pub section: String,
    /// Place among the promoted articles (1 = first); see `Article::promoted`.
    #[serde(default)]
    pub promoted: Option<u32>,
}

/// What a build produced.
pub struct Report {
    pub articles: BTreeMap<Locale, usize>,
    pub bytes: Vec<(String, usize)>,
    /// Articles missing from some locale the help center carries, as (id, locales it is in):
    /// visitors of the other locale reach them through the pane's other-language fallback
    /// (imported help centers are often in one language; the default content must have none,
    /// a test checks it).
    pub untranslated: Vec<(String, Vec<Locale>)>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (l, n) in &self.articles {
            writeln!(f, "{l}: {n} articles")?;
        }
        for (name, b) in &self.bytes {
            writeln!(f, "wrote {name} ({b} bytes)")?;
        }
        for (id, ls) in &self.untranslated {
            let ls: Vec<&str> = ls.iter().map(|l| l.tag()).collect();
            writeln!(f, "article {id} is only in {}: other locales show it through the fallback", ls.join(", "))?;
        }
        Ok(())
    }
}

/// Turns a heading into a URL fragment: folded, alphanumerics joined by `-`.
pub fn slugify(s: &str) -> String {
    let f = fold(s);
    let mut out = String::new();
    for c in f.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Splits a file into front matter and body. Errors if the `---` fences are missing. A fence
/// may carry trailing spaces or tabs (`---  `, as editors leave them in real pages).
pub fn split_front_matter(src: &str) -> Result<(&str, &str), String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let is_fence = |line: &str| line.trim_end_matches([' ', '\t', '\r']) == "---";
    let (first, rest) = src.split_once('\n').ok_or("missing front matter (file must start with ---)")?;
    if !is_fence(first) {
        return Err("missing front matter (file must start with ---)".into());
    }
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let body = &rest[at + line.len()..];
            return Ok((&rest[..at], body.trim_start_matches(['\r', '\n'])));
        }
        at += line.len();
    }
    Err("front matter is not closed by ---".into())
}

/// Parses one article file.
pub fn parse_article(src: &str) -> Result<Article, String> {
    let (fm, body) = split_front_matter(src)?;
    let fm: FrontMatter = serde_yaml_ng::from_str(fm).map_err(|e| format!("front matter: {e}"))?;
    let locale = Locale::parse(&fm.locale).ok_or_else(|| format!("unsupported locale {:?}", fm.locale))?;
    if fm.id.is_empty() || !fm.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!("id {:?} must be lowercase letters, digits and dashes", fm.id));
    }
    if !fm.updated.is_empty() && chrono_like_date(&fm.updated).is_none() {
        return Err(format!("updated {:?} must be YYYY-MM-DD", fm.updated));
    }
    if fm.title.trim().is_empty() {
        return Err("title is empty".into());
    }
    if fm.promoted == Some(0) {
        return Err("promoted is a place from 1 (first); leave it out for an article that is not promoted".into());
    }
    Ok(Article {
        id: fm.id,
        locale,
        title: fm.title,
        tags: fm.tags,
        updated: fm.updated,
        section: fm.section,
        promoted: fm.promoted,
        sections: sections(body),
    })
}

fn chrono_like_date(s: &str) -> Option<()> {
    let p: Vec<&str> = s.split('-').collect();
    (p.len() == 3
        && p[0].len() == 4
        && p[1].len() == 2
        && p[2].len() == 2
        && p.iter().all(|x| x.chars().all(|c| c.is_ascii_digit())))
    .then_some(())
}

/// Splits Markdown into sections at level-2 and level-3 headings.
pub fn sections(body: &str) -> Vec<Section> {
    let sanitizer = Builder::default();
    let mut out = Vec::new();
    let mut current: Vec<Event> = Vec::new();
    let mut heading = String::new();
    let mut in_heading = false;
    let mut new_heading = String::new();
    let flush = |heading: &str, events: &mut Vec<Event>, out: &mut Vec<Section>| {
        let mut html = String::new();
        let mut text = String::new();
        for e in events.iter() {
            match e {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => text.push(' '),
                _ => {}
            }
        }
        pulldown_cmark::html::push_html(&mut html, events.drain(..));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if heading.is_empty() && text.is_empty() {
            return;
        }
        out.push(Section {
            anchor: slugify(heading),
            heading: heading.to_string(),
            text,
            html: sanitizer.clean(&html).to_string(),
        });
    };
    for ev in Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) if level == HeadingLevel::H2 || level == HeadingLevel::H3 => {
                in_heading = true;
                new_heading.clear();
            }
            Event::End(TagEnd::Heading(level))
                if in_heading && (level == HeadingLevel::H2 || level == HeadingLevel::H3) =>
            {
                in_heading = false;
                flush(&heading, &mut current, &mut out);
                heading = new_heading.trim().to_string();
            }
            Event::Text(t) | Event::Code(t) if in_heading => new_heading.push_str(&t),
            _ if in_heading => {}
            e => current.push(e),
        }
    }
    flush(&heading, &mut current, &mut out);
    out
}

/// Help centers whose JSON is larger than this (bytes) are written chunked (4 MiB: about
/// 1,500 articles of a few screens each; below it one download and an in-memory index are
/// faster than fetching parts per query).
pub const CHUNK_ABOVE: usize = 4 << 20;

/// Reads and parses every `CONTENT/articles/*.md`, by locale. Errors: every file that does not
/// parse or is misnamed (`<id>.<locale>.md`), one per line.
pub fn read_articles(content: &Path) -> Result<BTreeMap<Locale, Vec<Article>>, String> {
    let dir = content.join("articles");
    let mut by_locale: BTreeMap<Locale, Vec<Article>> = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut errors = Vec::new();
    let progress = crate::progress::bar(entries.len(), "reading articles");
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        progress.inc(1);
        let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        match parse_article(&src) {
            Ok(a) => {
                let expected = format!("{}.{}.md", a.id, a.locale);
                if path.file_name().and_then(|n| n.to_str()) != Some(expected.as_str()) {
                    errors.push(format!("{}: file name must be {expected}", path.display()));
                }
                by_locale.entry(a.locale).or_default().push(a);
            }
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
    progress.finish_and_clear();
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    Ok(by_locale)
}

/// Builds every locale's bundle and the directory into `out`; a help center whose JSON
/// exceeds `chunk_above` bytes is written chunked (see [`crate::chunked`]).
/// Articles missing in some locale are listed in [`Report::untranslated`], not refused.
/// Errors: invalid articles (all of them listed), a file not named `<id>.<locale>.md`, I/O.
pub fn run(content: &Path, out: &Path, chunk_above: usize) -> Result<Report, String> {
    let by_locale = read_articles(content)?;
    let ids: BTreeMap<Locale, BTreeSet<String>> =
        by_locale.iter().map(|(l, v)| (*l, v.iter().map(|a| a.id.clone()).collect())).collect();
    let all: BTreeSet<String> = ids.values().flatten().cloned().collect();
    // Articles some carried locale lacks (a help center may ship fewer locales than the UI
    // speaks: the pane reads Locale::other's articles then, so German is never "missing").
    let untranslated = all
        .iter()
        .filter(|id| ids.values().any(|s| !s.contains(*id)))
        .map(|id| (id.clone(), ids.iter().filter(|(_, s)| s.contains(id)).map(|(l, _)| *l).collect()))
        .collect();
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut report = Report { articles: BTreeMap::new(), bytes: Vec::new(), untranslated };
    for (locale, mut articles) in by_locale {
        articles.sort_by(|a, b| a.id.cmp(&b.id));
        report.articles.insert(locale, articles.len());
        let synonyms = crate::synonyms::for_locale(content, locale)?;
        let hc = HelpCenter { locale, articles, synonyms };
        let name = format!("help-center.{locale}");
        let json = serde_json::to_string(&hc).map_err(|e| e.to_string())?;
        if json.len() > chunk_above {
            let w = crate::chunked::write(out, &name, &guichet_core::search::SearchIndex::build(hc))?;
            report.bytes.push((format!("{name}.json (chunked manifest)"), w.manifest_bytes));
            report.bytes.push((
                format!("{name}/ ({} vocabulary parts, {} shards, {} articles)", w.word_parts, w.shards, w.articles),
                w.part_bytes,
            ));
        } else {
            let parts = out.join(&name);
            if parts.exists() {
                std::fs::remove_dir_all(&parts).map_err(|e| format!("{}: {e}", parts.display()))?;
                // from an older chunked build
            }
            std::fs::write(out.join(format!("{name}.json")), &json).map_err(|e| e.to_string())?;
            report.bytes.push((format!("{name}.json"), json.len()));
        }
    }
    let dir_src = content.join("directory/directory.json");
    let mut directory: guichet_core::directory::Directory =
        serde_json::from_str(&std::fs::read_to_string(&dir_src).map_err(|e| format!("{}: {e}", dir_src.display()))?)
            .map_err(|e| format!("{}: {e}", dir_src.display()))?;
    // The content's own holidays file, else the one shipped with Guichet.
    let holidays_src = content.join("directory/holidays.json");
    let (text, name) = match std::fs::read_to_string(&holidays_src) {
        Ok(t) => (t, holidays_src.display().to_string()),
        Err(_) => (crate::holidays::SHIPPED.to_string(), "shipped holidays.json".to_string()),
    };
    let holidays = crate::holidays::Holidays::parse(&text).map_err(|e| format!("{name}: {e}"))?;
    for region in directory.regions.iter_mut().filter(|r| r.notes.iter().any(|n| n == "closed_public_holidays")) {
        let mut dates = holidays.dates(&region.code).map_err(|e| format!("{name}: {e}"))?;
        dates.extend(region.closures.iter().copied());
        dates.sort();
        dates.dedup();
        region.closures = dates;
    }
    let json = serde_json::to_string(&directory).map_err(|e| e.to_string())?;
    std::fs::write(out.join("directory.json"), &json).map_err(|e| e.to_string())?;
    report.bytes.push(("directory.json".into(), json.len()));
    // The glossary that puts a query into the other language (`glossary.tsv`, optional).
    let glossary = crate::search::glossary(content)?;
    if !glossary.entries.is_empty() {
        let json = serde_json::to_string(&glossary).map_err(|e| e.to_string())?;
        std::fs::write(out.join("glossary.json"), &json).map_err(|e| e.to_string())?;
        report.bytes.push((format!("glossary.json ({} terms)", glossary.entries.len()), json.len()));
    }
    // The portal profile (the content's `profile.toml`, else the default one), checked and
    // written as JSON for the pane's ticket form.
    let profile_src = content.join("profile.toml");
    let profile = match std::fs::read_to_string(&profile_src) {
        Ok(text) => Profile::from_toml(&text, &profile_src.display().to_string()).map_err(|e| e.to_string())?,
        Err(_) => Profile::seeds().clone(),
    };
    let json = serde_json::to_string(&profile).map_err(|e| e.to_string())?;
    std::fs::write(out.join("profile.json"), &json).map_err(|e| e.to_string())?;
    report.bytes.push((format!("profile.json ({})", profile.tag()), json.len()));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ART: &str = "---\nid: call-support\ntitle: Call support\nlocale: en\ntags: [phone]\nupdated: 2026-11-22\n---\nLead text with **bold**.\n\n## Phone numbers\n\nCall <script>alert(1)</script> 1 800 865 9408.\n\n### Hours\n\n- Mon-Fri\n";

    #[test]
    fn parses_front_matter_and_sections() {
        let a = parse_article(ART).unwrap();
        assert_eq!(a.id, "call-support");
        assert_eq!(a.locale, Locale::En);
        assert_eq!(a.sections.len(), 3);
        assert_eq!(a.sections[0].text, "Lead text with bold.");
        assert_eq!(a.sections[1].anchor, "phone-numbers");
        assert_eq!(a.sections[2].heading, "Hours");
        assert!(!a.sections[1].html.contains("<script"), "html is sanitised: {}", a.sections[1].html);
        assert!(a.sections[0].html.contains("<strong>bold</strong>"));
    }

    /// Fences with trailing spaces (as real pages have them) open and close front matter; a
    /// file without fences or without a closing one is refused.
    #[test]
    fn front_matter_fences_may_carry_trailing_spaces() {
        let src = "---  \nms.date: 05/29/2024  \n--- \t\r\n\n# Title\n";
        assert_eq!(split_front_matter(src), Ok(("ms.date: 05/29/2024  \n", "# Title\n")));
        assert_eq!(split_front_matter("---\n---\nbody"), Ok(("", "body")));
        assert!(split_front_matter("--- x\ntitle: a\n---\n").is_err());
        assert_eq!(split_front_matter("---\ntitle: a\n----\n"), Err("front matter is not closed by ---".into()));
    }

    #[test]
    fn rejects_bad_front_matter() {
        assert!(parse_article("no front matter").unwrap_err().contains("front matter"));
        assert!(parse_article("---\nid: x\n").unwrap_err().contains("not closed"));
        let bad_locale = ART.replace("locale: en", "locale: it");
        assert!(parse_article(&bad_locale).unwrap_err().contains("unsupported locale"));
        let bad_date = ART.replace("2026-11-22", "22/11/2026");
        assert!(parse_article(&bad_date).unwrap_err().contains("YYYY-MM-DD"));
        let unknown = ART.replace("tags:", "author: me\ntags:");
        assert!(parse_article(&unknown).unwrap_err().contains("unknown field"));
        let place_zero = ART.replace("tags:", "promoted: 0\ntags:");
        assert!(parse_article(&place_zero).unwrap_err().contains("promoted is a place from 1"));
        let not_a_number = ART.replace("tags:", "promoted: yes\ntags:");
        assert!(parse_article(&not_a_number).unwrap_err().contains("promoted"));
    }

    #[test]
    fn reads_the_promoted_place() {
        assert_eq!(parse_article(&ART.replace("tags:", "promoted: 2\ntags:")).unwrap().promoted, Some(2));
        assert_eq!(parse_article(ART).unwrap().promoted, None);
    }

    #[test]
    fn slugs_fold_accents() {
        assert_eq!(slugify("Numéros de téléphone !"), "numeros-de-telephone");
    }

    /// A content folder with an empty `articles/` and an empty directory.
    fn content_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::fs::create_dir_all(dir.path().join("directory")).unwrap();
        std::fs::write(dir.path().join("directory/directory.json"), r#"{"source":"t","regions":[]}"#).unwrap();
        dir
    }

    #[test]
    fn build_lists_articles_missing_a_translation_and_writes_them() {
        let dir = content_dir();
        std::fs::write(dir.path().join("articles/call-support.en.md"), ART).unwrap();
        let other = ART.replace("locale: en", "locale: fr").replace("id: call-support", "id: other-article");
        std::fs::write(dir.path().join("articles/other-article.fr.md"), other).unwrap();
        let r = run(dir.path(), &dir.path().join("out"), CHUNK_ABOVE).unwrap();
        // A locale the help center does not carry at all (German) is not counted as missing.
        assert_eq!(
            r.untranslated,
            [("call-support".to_string(), vec![Locale::En]), ("other-article".to_string(), vec![Locale::Fr])]
        );
        assert!(r.to_string().contains("article other-article is only in fr"), "{r}");
        assert_eq!((r.articles[&Locale::Fr], r.articles[&Locale::En]), (1, 1));
        std::fs::remove_file(dir.path().join("articles/other-article.fr.md")).unwrap();
        std::fs::write(dir.path().join("articles/call-support.fr.md"), ART.replace("locale: en", "locale: fr"))
            .unwrap();
        let r = run(dir.path(), &dir.path().join("out"), CHUNK_ABOVE).unwrap();
        assert!(r.untranslated.is_empty(), "{r}");
        assert_eq!(r.articles[&Locale::Fr], 1);
        let hc: HelpCenter =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/help-center.fr.json")).unwrap())
                .unwrap();
        assert_eq!(hc.articles[0].id, "call-support");

        // Past the threshold the same help center is written chunked, and back again.
        let r = run(dir.path(), &dir.path().join("out"), 10).unwrap();
        assert!(r.to_string().contains("help-center.fr.json (chunked manifest)"), "{r}");
        let manifest = std::fs::read_to_string(dir.path().join("out/help-center.fr.json")).unwrap();
        assert!(matches!(
            guichet_core::search::Bundle::from_json(&manifest).unwrap(),
            guichet_core::search::Bundle::Chunked(_)
        ));
        assert!(dir.path().join("out/help-center.fr/article-0.json").exists());
        run(dir.path(), &dir.path().join("out"), CHUNK_ABOVE).unwrap();
        assert!(!dir.path().join("out/help-center.fr").exists(), "parts of the chunked build are removed");
    }

    /// A German help center (`*.de.md`) is built into `help-center.de.json` with its synonyms
    /// and searched with German stemming and stop words: inflected forms find their article,
    /// question words decide nothing, and the shipped German synonyms apply.
    #[test]
    fn german_articles_are_searched_with_german_stemming_stop_words_and_synonyms() {
        let dir = content_dir();
        let de =
            |id: &str, title: &str, body: &str| format!("---\nid: {id}\ntitle: {title}\nlocale: de\n---\n{body}\n");
        let files = [
            ("rechnung", "Rechnungen herunterladen", "Jede Rechnung liegt als PDF im Kundenkonto bereit."),
            ("kuendigung", "Abonnement kündigen", "Die Kündigung wirkt zum Ende des laufenden Monats."),
            ("passwort", "Kennwort zurücksetzen", "Wer sein Kennwort vergessen hat, setzt es über den Link zurück."),
        ];
        for (id, title, body) in files {
            std::fs::write(dir.path().join(format!("articles/{id}.de.md")), de(id, title, body)).unwrap();
        }
        let r = run(dir.path(), &dir.path().join("out"), CHUNK_ABOVE).unwrap();
        assert_eq!(r.articles[&Locale::De], 3);
        let json = std::fs::read_to_string(dir.path().join("out/help-center.de.json")).unwrap();
        let guichet_core::search::Bundle::Whole(hc) = guichet_core::search::Bundle::from_json(&json).unwrap() else {
            panic!("a small help center is written whole")
        };
        assert!(hc.synonyms.iter().any(|s| s.from == "passwort"), "the shipped German synonyms are in the bundle");
        let idx = guichet_core::search::SearchIndex::build(hc);
        let first = |q: &str| idx.search(q, 3).first().map(|h| h.article_id.clone());
        // Snowball German: "Rechnung" finds "Rechnungen", "kündige" finds "kündigen".
        assert_eq!(first("Rechnung ").as_deref(), Some("rechnung"));
        assert_eq!(first("ich kündige mein Abo").as_deref(), Some("kuendigung"));
        // Question and function words are not searched: the query answers fully.
        let hits = idx.search("wie kann ich meine Rechnungen herunterladen?", 3);
        assert_eq!((hits[0].article_id.as_str(), hits[0].matched_words, hits[0].query_words), ("rechnung", 2, 2));
        // A synonym from the shipped defaults: "Passwort" finds the article that says "Kennwort".
        assert_eq!(first("Passwort vergessen").as_deref(), Some("passwort"));
        assert!(idx.search("was ist das", 3).is_empty(), "stop words alone find nothing");
    }

    #[test]
    fn public_holidays_become_closures_of_regions_whose_lines_close_on_them() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::fs::create_dir_all(dir.path().join("directory")).unwrap();
        std::fs::write(dir.path().join("articles/call-support.en.md"), ART).unwrap();
        let region = |code: &str, notes: &str| {
            format!(
                r#"{{"code":"{code}","slug":"{code}","names":{{}},"zones":[],"numbers":[],"hours":[],"notes":[{notes}]}}"#
            )
        };
        let regions = [region("JP", r#""closed_public_holidays""#), region("FR", "")].join(",");
        std::fs::write(
            dir.path().join("directory/directory.json"),
            format!(r#"{{"source":"t","regions":[{regions}]}}"#),
        )
        .unwrap();
        let holidays = |jp: &str| {
            format!(
                r#"{{"source":"t","years":[2026],"regions":{{"JP":{{"2026":"{jp}"}},"FR":{{"2026":"0101 0714"}}}}}}"#
            )
        };
        std::fs::write(dir.path().join("directory/holidays.json"), holidays("0720 0101")).unwrap();
        run(dir.path(), &dir.path().join("out"), CHUNK_ABOVE).unwrap();
        let d: guichet_core::directory::Directory =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/directory.json")).unwrap()).unwrap();
        let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert_eq!(d.region("JP").unwrap().closures, [date(1, 1), date(7, 20)], "ascending");
        assert!(d.region("FR").unwrap().closures.is_empty(), "France's page does not say its lines close on holidays");
        // A malformed date is an error naming the file, the region and the year.
        std::fs::write(dir.path().join("directory/holidays.json"), holidays("0720 1332")).unwrap();
        let e = run(dir.path(), &dir.path().join("out"), CHUNK_ABOVE).err().expect("a malformed date is refused");
        assert!(e.contains("holidays.json") && e.contains("JP 2026") && e.contains("1332"), "{e}");
    }
}

/// Search quality on the shipped help center: each query must put the expected article first.
#[cfg(test)]
mod real_content {
    use super::*;
    use guichet_core::search::SearchIndex;

    fn index(locale: Locale) -> SearchIndex {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/articles");
        let mut articles = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let a = parse_article(&std::fs::read_to_string(&p).unwrap()).unwrap();
            if a.locale == locale {
                articles.push(a);
            }
        }
        assert_eq!(articles.len(), 14);
        SearchIndex::build(HelpCenter { locale, articles, synonyms: vec![] })
    }

    #[test]
    fn the_shipped_directory_closes_japans_lines_on_its_17_weekday_holidays_of_2026() {
        let dir = tempfile::tempdir().unwrap();
        run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"), dir.path(), CHUNK_ABOVE).unwrap();
        let d: guichet_core::directory::Directory =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("directory.json")).unwrap()).unwrap();
        let jp = d.region("JP").unwrap();
        use chrono::Datelike;
        let weekdays_2026 =
            jp.closures.iter().filter(|d| d.year() == 2026 && d.weekday().num_days_from_monday() < 5).count();
        assert_eq!(weekdays_2026, 17);
        // Marine Day 2026 (Monday 20 July), 11:00 Tokyo: the billing line is closed, opens Tuesday 09:00.
        let billing = jp.hours.iter().find(|h| h.support == guichet_core::hours::SupportType::Billing).unwrap();
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
        let st = jp.line_status(billing, &jp.main_zone(), at("2026-07-20T02:00:00Z"));
        assert!(!st.open);
        assert_eq!(st.next_change, Some(at("2026-07-21T00:00:00Z")));
    }

    #[test]
    fn the_default_help_center_is_fully_translated() {
        let out = tempfile::tempdir().unwrap();
        let r = run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"), out.path(), CHUNK_ABOVE).unwrap();
        assert!(r.untranslated.is_empty(), "{r}");
        assert_eq!((r.articles[&Locale::Fr], r.articles[&Locale::En]), (14, 14));
    }

    #[test]
    fn french_queries_find_the_right_article() {
        let idx = index(Locale::Fr);
        for (q, want) in [
            ("telephone", "call-support-by-phone"),
            ("rembourser un client", "marketplace-credit-refund"),
            ("gravite", "severity-levels"),
            ("rouvrir ticket", "reopen-closed-request"),
            ("chine", "vianet-china-support"),
            ("code pin", "phone-pin-verification"),
            ("allemagne", "office-365-germany"),
            ("partenaire client", "file-on-behalf-of-customer"),
            ("delai de reponse", "response-times-by-plan"),
            ("scripts", "support-scope"),
            ("resilier abonnement", "billing-subscription-support"),
            ("adresse de factur", "subscription-validation"),
            ("nouvelle demande de sup", "open-support-request"),
        ] {
            let hits = idx.search(q, 5);
            assert!(!hits.is_empty(), "{q}: no hit");
            assert_eq!(
                hits[0].article_id,
                want,
                "{q}: got {:?}",
                hits.iter().map(|h| &h.article_id).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn english_queries_find_the_right_article() {
        let idx = index(Locale::En);
        for (q, want) in [
            ("phone number", "call-support-by-phone"),
            ("refund", "marketplace-credit-refund"),
            ("severity", "severity-levels"),
            ("reopen", "reopen-closed-request"),
            ("china", "vianet-china-support"),
            ("verification code", "phone-pin-verification"),
            ("germany", "office-365-germany"),
            ("on behalf of a customer", "file-on-behalf-of-customer"),
            ("response time enterprise", "response-times-by-plan"),
            ("third-party add-ins", "support-scope"),
            ("cancel subscription", "billing-subscription-support"),
            ("severty", "severity-levels"),
            ("new support req", "open-support-request"),
        ] {
            let hits = idx.search(q, 5);
            assert!(!hits.is_empty(), "{q}: no hit");
            assert_eq!(
                hits[0].article_id,
                want,
                "{q}: got {:?}",
                hits.iter().map(|h| &h.article_id).collect::<Vec<_>>()
            );
        }
    }
}
