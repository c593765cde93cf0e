//! `guichet-content import-html`: a built documentation site (any static HTML, as Pagefind
//! indexes one) into Guichet articles. For each `.html` page under SRC:
//!
//! - the main content is the element marked `data-pagefind-body` when the site marks one, else
//!   the first match of `--selector` (default `main`); inside it, `script`, `style`, `nav`,
//!   `aside`, `footer` and `[data-pagefind-ignore]` are dropped. A page without it is reported;
//! - the title is the content's first `h1` (then dropped from the body), else `<title>`;
//! - the locale is `<html lang>`'s primary subtag, else `--locale`; a leading locale folder
//!   (`fr/docs/setup/`) is not part of the page's id, so translations share it;
//! - the id is the page's path as a slug (`docs/setup/index.html` → `docs-setup`);
//! - tags: `<meta name="keywords">`; updated: `<meta property="article:modified_time">`, else
//!   `<time datetime>` in the content, else `--updated`;
//! - the body becomes Markdown (htmd) with its headings, so sections and their anchors survive;
//!   links to other imported pages (`../setup/`, `setup.html#proxy`) become in-pane links;
//!   images are dropped.

use crate::build::{parse_article, slugify};
use crate::imported::{drop_images, files_under, normalize, ArticleFile, Report};
use regex::Regex;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(([^)\s:#]*?)(?:index)?(?:\.html)?/?(#[^)\s]*)?\)").unwrap());

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

/// The page's id path: its path without extension, `index` and leading locale folder, e.g.
/// `fr/docs/setup/index.html` → `docs/setup`.
fn page_path(rel: &Path, locale_folder: Option<&str>) -> PathBuf {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
    if let (Some(first), Some(l)) = (parts.first(), locale_folder) {
        if first == l {
            parts.remove(0);
        }
    }
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".html").to_string();
    }
    if parts.last().is_some_and(|l| l == "index") {
        parts.pop();
    }
    parts.iter().collect()
}

fn id_of(path: &Path) -> String {
    let joined: Vec<String> = path.iter().map(|p| p.to_string_lossy().to_string()).collect();
    let id = slugify(&joined.join(" "));
    if id.is_empty() {
        "home".into()
    } else {
        id
    }
}

/// Imports the site under `src` into article files in `out`. `selector` picks the main
/// content; pages with no `lang` are `locale`, pages with no date `updated`. Errors: a bad
/// selector, locale or date, an unreadable folder or file, or `out` that cannot be written.
pub fn run(src: &Path, out: &Path, selector: &str, locale: &str, updated: &str) -> Result<Report, String> {
    let main = Selector::parse(selector).map_err(|e| format!("--selector {selector:?}: {e}"))?;
    let default_locale = guichet_core::Locale::parse(locale).ok_or_else(|| format!("unsupported locale {locale:?}"))?;
    chrono::NaiveDate::parse_from_str(updated, "%Y-%m-%d")
        .map_err(|_| format!("--updated {updated:?} is not YYYY-MM-DD"))?;
    let mut files = Vec::new();
    files_under(src, &|p: &Path| p.is_dir() || p.extension().is_some_and(|x| x == "html"), &mut files)
        .map_err(|e| format!("{}: {e}", src.display()))?;
    files.sort();
    let (marked, html_el, title_el, h1, keywords, modified, time) = (
        sel("[data-pagefind-body]"),
        sel("html"),
        sel("title"),
        sel("h1"),
        sel(r#"meta[name="keywords"]"#),
        sel(r#"meta[property="article:modified_time"]"#),
        sel("time[datetime]"),
    );
    let drop = sel("script, style, nav, aside, footer, [data-pagefind-ignore]");
    struct Page {
        file: PathBuf,
        path: PathBuf,
        locale: String,
        title: String,
        tags: Vec<String>,
        updated: String,
        html: String,
    }
    let mut report = Report::new("pages");
    let mut pages = Vec::new();
    let progress = crate::progress::bar(files.len(), "reading pages");
    for f in &files {
        progress.inc(1);
        report.read += 1;
        let rel = f.strip_prefix(src).unwrap_or(f).to_path_buf();
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let doc = Html::parse_document(&text);
        let lang = doc
            .select(&html_el)
            .next()
            .and_then(|h| h.value().attr("lang"))
            .and_then(|l| l.split('-').next())
            .map(|l| l.to_ascii_lowercase());
        let loc = match &lang {
            None => default_locale.tag().to_string(),
            Some(l) => match guichet_core::Locale::parse(l) {
                Some(x) => x.tag().to_string(),
                None => {
                    report.skipped.push(format!("{}: locale {l} not carried by Guichet", rel.display()));
                    continue;
                }
            },
        };
        let Some(content) = doc.select(&marked).next().or_else(|| doc.select(&main).next()) else {
            report.skipped.push(format!("{}: no {selector} (nor data-pagefind-body)", rel.display()));
            continue;
        };
        // The content's HTML without what is not content, and without its first h1 (the title).
        let dropped: Vec<String> = content.select(&drop).map(|e| e.html()).collect();
        let first_h1 = content.select(&h1).next();
        let mut html = content.inner_html();
        for d in &dropped {
            html = html.replacen(d.as_str(), "", 1);
        }
        let title = match &first_h1 {
            Some(h) => {
                html = html.replacen(&h.html(), "", 1);
                h.text().collect::<String>().trim().to_string()
            }
            None => doc
                .select(&title_el)
                .next()
                .map(|t| t.text().collect::<String>().trim().to_string())
                .unwrap_or_default(),
        };
        if title.is_empty() {
            report.skipped.push(format!("{}: no h1 and no title", rel.display()));
            continue;
        }
        let tags = doc
            .select(&keywords)
            .next()
            .and_then(|m| m.value().attr("content"))
            .map(|k| k.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect())
            .unwrap_or_default();
        let date = doc
            .select(&modified)
            .next()
            .and_then(|m| m.value().attr("content"))
            .or_else(|| content.select(&time).next().and_then(|t| t.value().attr("datetime")))
            .and_then(|d| d.get(..10))
            .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
            .unwrap_or(updated)
            .to_string();
        let path = page_path(&rel, lang.as_deref());
        pages.push(Page { file: rel, path, locale: loc, title, tags, updated: date, html });
    }
    progress.finish_and_clear();
    let ids: BTreeMap<PathBuf, String> = pages.iter().map(|p| (p.path.clone(), id_of(&p.path))).collect();
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for p in &pages {
        let id = &ids[&p.path];
        let markdown = htmd::convert(&p.html).map_err(|e| format!("{}: {e}", p.file.display()))?;
        let markdown = drop_images(&markdown);
        // Links are relative to the page's folder (`docs/setup/` for docs/setup/index.html).
        let base = if p.file.file_name().is_some_and(|n| n == "index.html") {
            p.path.clone()
        } else {
            p.path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let markdown = LINK.replace_all(&markdown, |c: &regex::Captures| {
            if c[1].is_empty() {
                return c[0].to_string(); // same-page anchors stay as they are
            }
            let target = normalize(&base.join(c[1].trim_end_matches('/')));
            match ids.get(&target) {
                Some(t) => format!("](#{t})"),
                None => c[0].to_string(),
            }
        });
        if markdown.trim().is_empty() {
            report.skipped.push(format!("{}: empty page", p.file.display()));
            continue;
        }
        let section = p
            .path
            .iter()
            .next()
            .filter(|_| p.path.components().count() > 1)
            .map(|s| slugify(&s.to_string_lossy()))
            .unwrap_or_else(|| "imported".into());
        let file = ArticleFile {
            id,
            title: &p.title,
            locale: &p.locale,
            tags: &p.tags,
            updated: &p.updated,
            section: &section,
            promoted: None,
            body: &markdown,
        }
        .to_string();
        if let Err(e) = parse_article(&file) {
            report.skipped.push(format!("{}: {e}", p.file.display()));
            continue;
        }
        std::fs::write(out.join(format!("{id}.{}.md", p.locale)), file)
            .map_err(|e| format!("{}: {e}", out.display()))?;
        *report.written.entry(p.locale.clone()).or_default() += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/html-site")
    }

    #[test]
    fn a_built_site_becomes_articles_with_sections_translations_and_links() {
        let out = tempfile::tempdir().unwrap();
        let r = run(&site(), out.path(), "main", "en", "2026-01-01").unwrap();
        assert_eq!(r.written, BTreeMap::from([("en".into(), 3), ("fr".into(), 1)]), "{r}");
        assert_eq!(r.skipped, ["404.html: no main (nor data-pagefind-body)"]);
        let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
        let setup = parse_article(&read("docs-setup.en.md")).unwrap();
        let fr = parse_article(&read("docs-setup.fr.md")).unwrap();
        assert_eq!((setup.title.as_str(), fr.title.as_str()), ("Set up the agent", "Installer l’agent"));
        assert_eq!(
            (setup.tags.as_slice(), setup.updated.as_str()),
            (&["agent".to_string(), "setup".to_string()][..], "2026-06-30")
        );
        assert_eq!(fr.updated, "2026-01-01", "no date on the page: --updated");
        // Headings kept as sections, with their anchors.
        assert_eq!((setup.sections[1].heading.as_str(), setup.sections[1].anchor.as_str()), ("Install", "install"));
        assert_eq!(
            (setup.sections[2].heading.as_str(), setup.sections[2].anchor.as_str()),
            ("Proxy settings", "proxy-settings")
        );
        let md = read("docs-setup.en.md");
        assert!(!md.contains("Edit this page") && !md.contains("console.log") && !md.contains("Docs home"), "{md}");
        assert!(md.contains("[billing FAQ](#docs-billing)"), "{md}");
        assert!(md.contains("[the proxy section](#proxy-settings)"), "{md}");
        // data-pagefind-body wins over the selector; data-pagefind-ignore is dropped.
        let billing = read("docs-billing.en.md");
        assert!(billing.contains("Invoices are emailed") && !billing.contains("Related posts"), "{billing}");
        assert!(out.path().join("home.en.md").exists());
    }

    #[test]
    fn bad_arguments_are_refused() {
        let out = tempfile::tempdir().unwrap();
        assert!(run(&site(), out.path(), "main[", "en", "2026-01-01").unwrap_err().contains("--selector"));
        assert!(run(&site(), out.path(), "main", "it", "2026-01-01").unwrap_err().contains("unsupported locale"));
        assert!(run(&site(), out.path(), "main", "en", "tomorrow").unwrap_err().contains("YYYY-MM-DD"));
        assert!(run(&site().join("none"), out.path(), "main", "en", "2026-01-01").unwrap_err().contains("none"));
    }
}
