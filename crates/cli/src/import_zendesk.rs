//! `guichet-content import-zendesk`: a Zendesk Guide (Help Center) export into Guichet
//! articles. The export is a folder of the Help Center API's list answers saved as they come:
//! `articles*.json` (`{"articles": [...]}`, from `GET /api/v2/help_center/{locale}/articles`,
//! one file per page or per locale) and `sections*.json` (`{"sections": [...]}`, from
//! `GET /api/v2/help_center/{locale}/sections`). Fields read, as documented at
//! <https://developer.zendesk.com/api-reference/help_center/help-center-api/articles/>: `id`,
//! `title`, `body` (HTML), `locale`, `source_locale`, `section_id`, `updated_at`,
//! `label_names`, `draft`, `promoted`, `position`. Other fields are ignored.
//!
//! Each article keeps one Guichet id across its translations (the slug of its title in its
//! source locale), its section (the section's name as a slug), its labels as tags, and its
//! promotion (promoted articles get places 1, 2… by `position`). The HTML body becomes
//! Markdown (htmd); links to other exported articles (`/hc/<locale>/articles/<id>-…`) become
//! in-pane links (`#<guichet id>`); images are dropped (attachments stay in Zendesk). Drafts, empty bodies and locales Guichet does not carry are
//! skipped and reported.

use crate::build::{parse_article, slugify};
use crate::imported::{drop_images, ArticleFile, Report};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

#[derive(Deserialize)]
struct ArticlesPage {
    articles: Vec<ZdArticle>,
}

#[derive(Deserialize)]
struct SectionsPage {
    sections: Vec<ZdSection>,
}

#[derive(Deserialize, Clone)]
struct ZdArticle {
    id: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    locale: String,
    #[serde(default)]
    source_locale: Option<String>,
    #[serde(default)]
    section_id: Option<u64>,
    updated_at: String,
    #[serde(default)]
    label_names: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    promoted: bool,
    #[serde(default)]
    position: i64,
}

#[derive(Deserialize)]
struct ZdSection {
    id: u64,
    name: String,
}

static ARTICLE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\]\((?:https?://[^/\s)]+)?/hc/[A-Za-z-]+/articles/(\d+)(?:-[^)#\s]*)?(#[^)\s]*)?\)"#).unwrap()
});

/// The Guichet locale of a Zendesk locale (`en-us` → `en`), when Guichet carries it.
fn guichet_locale(zd: &str) -> Option<String> {
    let primary = zd.split(['-', '_']).next()?.to_ascii_lowercase();
    guichet_core::Locale::parse(&primary).map(|l| l.tag().to_string())
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Imports the export folder `src` into article files in `out`. Errors: a file that cannot be
/// read or is not the API's JSON (naming it), or `out` that cannot be written.
pub fn run(src: &Path, out: &Path) -> Result<Report, String> {
    let mut report = Report::new("files");
    let mut files: Vec<_> = std::fs::read_dir(src)
        .map_err(|e| format!("{}: {e}", src.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut articles: Vec<ZdArticle> = Vec::new();
    let mut sections: BTreeMap<u64, String> = BTreeMap::new();
    for p in &files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("articles") {
            articles.extend(read_json::<ArticlesPage>(p)?.articles);
        } else if name.starts_with("sections") {
            for s in read_json::<SectionsPage>(p)?.sections {
                sections.entry(s.id).or_insert(s.name);
            }
        } else {
            continue;
        }
        report.read += 1;
    }
    if report.read == 0 {
        return Err(format!("{}: no articles*.json or sections*.json", src.display()));
    }
    // One Guichet id per Zendesk article: the slug of its title in its source locale.
    let mut ids: BTreeMap<u64, String> = BTreeMap::new();
    let mut taken = BTreeSet::new();
    let mut by_id: BTreeMap<u64, Vec<&ZdArticle>> = BTreeMap::new();
    for a in &articles {
        by_id.entry(a.id).or_default().push(a);
    }
    for (zid, versions) in &by_id {
        let source = versions
            .iter()
            .find(|a| a.source_locale.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&a.locale)))
            .unwrap_or(&versions[0]);
        let mut id = slugify(&source.title);
        if id.is_empty() {
            id = format!("article-{zid}");
        }
        if !taken.insert(id.clone()) {
            id = format!("{id}-{zid}");
            taken.insert(id.clone());
        }
        ids.insert(*zid, id);
    }
    // Promoted articles, in order of position: places 1, 2, …
    let mut promoted: Vec<(i64, u64)> =
        by_id.iter().filter(|(_, v)| v.iter().any(|a| a.promoted)).map(|(id, v)| (v[0].position, *id)).collect();
    promoted.sort();
    let place: BTreeMap<u64, usize> = promoted.iter().enumerate().map(|(i, (_, id))| (*id, i + 1)).collect();
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let progress = crate::progress::bar(articles.len(), "importing articles");
    for a in &articles {
        progress.inc(1);
        let what = format!("article {} ({})", a.id, a.locale);
        let Some(locale) = guichet_locale(&a.locale) else {
            report.skipped.push(format!("{what}: locale not carried by Guichet"));
            continue;
        };
        if a.draft {
            report.skipped.push(format!("{what}: draft"));
            continue;
        }
        let html = a.body.as_deref().unwrap_or_default();
        let markdown = htmd::convert(html).map_err(|e| format!("{what}: {e}"))?;
        let markdown = drop_images(&markdown);
        let markdown = ARTICLE_LINK.replace_all(&markdown, |c: &regex::Captures| {
            match c[1].parse::<u64>().ok().and_then(|n| ids.get(&n)) {
                Some(id) => format!("](#{id})"),
                None => c[0].to_string(),
            }
        });
        if markdown.trim().is_empty() {
            report.skipped.push(format!("{what}: empty body"));
            continue;
        }
        let id = &ids[&a.id];
        let section =
            a.section_id.and_then(|s| sections.get(&s)).map(|n| slugify(n)).unwrap_or_else(|| "imported".into());
        let file = ArticleFile {
            id,
            title: a.title.trim(),
            locale: &locale,
            tags: &a.label_names,
            updated: a.updated_at.get(..10).unwrap_or("1970-01-01"),
            section: &section,
            promoted: place.get(&a.id).copied(),
            body: &markdown,
        }
        .to_string();
        if let Err(e) = parse_article(&file) {
            report.skipped.push(format!("{what}: {e}"));
            continue;
        }
        std::fs::write(out.join(format!("{id}.{locale}.md")), file).map_err(|e| format!("{}: {e}", out.display()))?;
        *report.written.entry(locale).or_default() += 1;
    }
    progress.finish_and_clear();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/zendesk")
    }

    #[test]
    fn a_guide_export_becomes_articles_with_translations_sections_and_links() {
        let out = tempfile::tempdir().unwrap();
        let r = run(&fixture(), out.path()).unwrap();
        assert_eq!(r.read, 3);
        assert_eq!(r.written, BTreeMap::from([("en".into(), 2), ("fr".into(), 2)]));
        assert_eq!(
            r.skipped,
            [
                "article 360003 (en-us): draft",
                "article 360004 (en-us): empty body",
                "article 360001 (es): locale not carried by Guichet",
            ]
        );
        let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
        let en = parse_article(&read("export-your-data.en.md")).unwrap();
        let fr = parse_article(&read("export-your-data.fr.md")).unwrap();
        assert_eq!(
            (en.id.as_str(), fr.id.as_str()),
            ("export-your-data", "export-your-data"),
            "one id across translations"
        );
        assert_eq!(fr.title, "Exporter vos données");
        assert_eq!(
            (en.section.as_str(), en.tags.as_slice()),
            ("data-and-privacy", &["export".to_string(), "gdpr".to_string()][..])
        );
        assert_eq!(en.updated, "2026-10-02");
        assert_eq!(en.promoted, Some(1));
        // HTML became Markdown sections; a link to another exported article opens it in the pane.
        assert_eq!(
            (en.sections[1].heading.as_str(), en.sections[2].heading.as_str()),
            ("Start the export", "Download the archive")
        );
        let md = read("export-your-data.en.md");
        assert!(md.contains("[delete your account](#delete-your-account)"), "{md}");
        assert!(md.contains("**Settings**"), "{md}");
        assert!(md.contains("[status page](https://status.example.com/)"), "external links are kept: {md}");
        assert!(!md.contains("export.png"), "images are dropped: {md}");
        let delete = parse_article(&read("delete-your-account.en.md")).unwrap();
        assert_eq!(delete.promoted, None);
    }

    #[test]
    fn bad_exports_are_refused_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        assert!(run(dir.path(), &out).unwrap_err().contains("no articles*.json"));
        std::fs::write(dir.path().join("articles.json"), r#"{"articles": [{"id": "x"}]}"#).unwrap();
        let e = run(dir.path(), &out).unwrap_err();
        assert!(e.contains("articles.json") && e.contains("invalid type"), "{e}");
        assert!(run(&dir.path().join("missing"), &out).unwrap_err().contains("missing"));
    }
}
