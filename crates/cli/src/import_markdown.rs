//! `guichet-content import-markdown`: a Docusaurus or MkDocs documentation folder into Guichet
//! articles. Reads every `.md`/`.mdx` file under SRC with its YAML front matter:
//!
//! - title: `title`, else the first `# ` heading (then removed from the body), else the file name;
//! - id: `id` or the last part of `slug`, else the file name (`index` takes its folder's name);
//!   translations share it (same relative path);
//! - locale: Docusaurus's `i18n/<locale>/docusaurus-plugin-content-docs/current/…` tree,
//!   MkDocs's `page.<locale>.md` suffix (mkdocs-static-i18n), else `--locale`;
//! - tags: `tags` (a list, or Docusaurus's `{label}` objects); section: the first folder under
//!   the docs root; updated: `last_update.date`, else `date`, else `--updated`;
//! - `draft: true` and `unlisted: true` pages are skipped.
//!
//! Admonitions become quotes (`:::tip Title` … `:::`, and MkDocs's `!!! note "Title"` or
//! `??? note` with an indented body, → `> **Tip:** …`); MDX `import`/`export` lines and
//! component tags alone on a line (`<Tabs>`, `</TabItem>`) are dropped, their text kept;
//! relative links to other imported pages (`./setup.md#proxy`, `../billing/invoices`) become
//! in-pane links (`#<id>`); images are dropped.

use crate::build::{parse_article, slugify, split_front_matter};
use crate::imported::{drop_images, files_under, normalize, ArticleFile, Report};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

#[derive(Deserialize, Default)]
struct Front {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    tags: Vec<Tag>,
    #[serde(default)]
    date: Option<serde_yaml_ng::Value>,
    #[serde(default)]
    last_update: Option<LastUpdate>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    unlisted: bool,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Tag {
    Name(String),
    Object { label: String },
}

#[derive(Deserialize)]
struct LastUpdate {
    #[serde(default)]
    date: Option<serde_yaml_ng::Value>,
}

static DOCUSAURUS_OPEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^:::\s*([a-z]+)\s*(.*)$").unwrap());
static MKDOCS_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^(?:!!!|\?\?\?\+?)\s*([a-z]+)(?:\s+"([^"]*)")?\s*$"#).unwrap());
static COMPONENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*</?[A-Z][A-Za-z.]*[^>]*/?>\s*$").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\]\(([^)\s:#]+?)(?:\.mdx?)?(#[^)\s]*)?\)").unwrap());

/// `Note`, `Tip`…: the admonition kind as a label.
fn label(kind: &str) -> String {
    let mut c = kind.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// Admonitions to quotes, MDX lines dropped, images dropped.
fn clean_body(body: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = body.lines().peekable();
    let mut in_docusaurus: Option<bool> = None; // Some(first line written)
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(first) = in_docusaurus.as_mut() {
            if trimmed == ":::" {
                in_docusaurus = None;
            } else if !trimmed.is_empty() {
                out.push(format!("> {trimmed}"));
                *first = true;
            } else {
                out.push(">".into());
            }
            continue;
        }
        if let Some(c) = DOCUSAURUS_OPEN.captures(trimmed) {
            let title = c[2].trim();
            let head = if title.is_empty() { label(&c[1]) } else { format!("{}: {title}", label(&c[1])) };
            out.push(format!("> **{head}:**"));
            in_docusaurus = Some(false);
            continue;
        }
        if let Some(c) = MKDOCS_OPEN.captures(trimmed) {
            let head = match c.get(2).map(|t| t.as_str().trim()).filter(|t| !t.is_empty()) {
                Some(t) => format!("{}: {t}", label(&c[1])),
                None => label(&c[1]),
            };
            out.push(format!("> **{head}:**"));
            while let Some(next) = lines.peek() {
                if next.starts_with("    ") || next.starts_with('\t') {
                    out.push(format!("> {}", next.trim()));
                    lines.next();
                } else if next.trim().is_empty() && lines.clone().nth(1).is_some_and(|l| l.starts_with("    ")) {
                    out.push(">".into());
                    lines.next();
                } else {
                    break;
                }
            }
            continue;
        }
        if trimmed.starts_with("import ") || trimmed.starts_with("export ") || COMPONENT.is_match(line) {
            continue;
        }
        out.push(line.to_string());
    }
    drop_images(&out.join("\n"))
}

/// A front matter date (`2026-03-01`, or a timestamp) as `YYYY-MM-DD`.
fn date_of(v: &serde_yaml_ng::Value) -> Option<String> {
    let s = match v {
        serde_yaml_ng::Value::String(s) => s.clone(),
        other => serde_yaml_ng::to_string(other).ok()?.trim().to_string(),
    };
    let d = s.get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().map(|_| d.to_string())
}

/// Where a page lives: its locale (when the path says it) and its path relative to the docs
/// root of that locale, without extension and locale suffix.
fn place(rel: &Path) -> (Option<String>, PathBuf) {
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
    // Docusaurus: i18n/<locale>/docusaurus-plugin-content-docs/current/<path>
    let (locale, rest): (Option<String>, Vec<String>) =
        if parts.len() > 4 && parts[0] == "i18n" && parts[2] == "docusaurus-plugin-content-docs" {
            (Some(parts[1].clone()), parts[4..].to_vec())
        } else if parts.first().is_some_and(|p| p == "docs") {
            (None, parts[1..].to_vec())
        } else {
            (None, parts)
        };
    let mut path: PathBuf = rest.iter().collect();
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    // MkDocs i18n: page.fr.md
    let (stem, locale) = match stem.rsplit_once('.') {
        Some((s, l)) if locale.is_none() && (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase()) => {
            (s.to_string(), Some(l.to_string()))
        }
        _ => (stem, locale),
    };
    path.set_file_name(stem);
    (locale, path)
}

/// Imports the pages under `src` into article files in `out`; pages without a locale in their
/// path are `locale`, pages without a date `updated` (YYYY-MM-DD). Errors: an unreadable
/// folder or file (naming it), an unsupported `locale`, or `out` that cannot be written.
pub fn run(src: &Path, out: &Path, locale: &str, updated: &str) -> Result<Report, String> {
    let default_locale = guichet_core::Locale::parse(locale).ok_or_else(|| format!("unsupported locale {locale:?}"))?;
    chrono::NaiveDate::parse_from_str(updated, "%Y-%m-%d")
        .map_err(|_| format!("--updated {updated:?} is not YYYY-MM-DD"))?;
    let mut files = Vec::new();
    // Hidden folders, node_modules and README files are not pages.
    let keep = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        !name.starts_with('.')
            && name != "node_modules"
            && (p.is_dir()
                || (p.extension().is_some_and(|x| x == "md" || x == "mdx") && !name.eq_ignore_ascii_case("README.md")))
    };
    files_under(src, &keep, &mut files).map_err(|e| format!("{}: {e}", src.display()))?;
    files.sort();
    struct Page {
        file: PathBuf,
        locale: String,
        path: PathBuf,
        front: Front,
        body: String,
    }
    let mut report = Report::new("pages");
    let mut pages = Vec::new();
    for f in &files {
        report.read += 1;
        let rel = f.strip_prefix(src).unwrap_or(f);
        let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let (front, body) = match split_front_matter(&text) {
            Ok((fm, body)) => match serde_yaml_ng::from_str::<Front>(fm) {
                Ok(front) => (front, body.to_string()),
                Err(e) => {
                    report.skipped.push(format!("{}: front matter: {e}", rel.display()));
                    continue;
                }
            },
            Err(_) => (Front::default(), text.clone()),
        };
        if front.draft || front.unlisted {
            report.skipped.push(format!("{}: draft or unlisted", rel.display()));
            continue;
        }
        let (loc, path) = place(rel);
        let loc = match loc {
            None => default_locale.tag().to_string(),
            Some(l) => match guichet_core::Locale::parse(&l) {
                Some(l) => l.tag().to_string(),
                None => {
                    report.skipped.push(format!("{}: locale {l} not carried by Guichet", rel.display()));
                    continue;
                }
            },
        };
        pages.push(Page { file: rel.to_path_buf(), locale: loc, path, front, body });
    }
    // Ids by path (shared by translations): front matter id/slug of any version, else the name.
    let mut ids: BTreeMap<PathBuf, String> = BTreeMap::new();
    for p in &pages {
        let named =
            p.front.id.clone().or_else(|| {
                p.front.slug.as_ref().and_then(|s| s.rsplit('/').find(|x| !x.is_empty()).map(String::from))
            });
        let fallback = || {
            let stem = p.path.file_name().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            if stem == "index" {
                p.path
                    .parent()
                    .and_then(|d| d.file_name())
                    .map(|d| d.to_string_lossy().to_string())
                    .unwrap_or_else(|| "home".into())
            } else {
                stem
            }
        };
        let id = slugify(&named.unwrap_or_else(fallback));
        ids.entry(p.path.clone())
            .and_modify(|e| {
                if p.front.id.is_some() {
                    *e = id.clone()
                }
            })
            .or_insert(id);
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let progress = crate::progress::bar(pages.len(), "importing pages");
    for p in &pages {
        progress.inc(1);
        let id = &ids[&p.path];
        let mut body = clean_body(&p.body);
        let mut title = p.front.title.clone();
        if title.is_none() {
            if let Some(pos) = body.lines().position(|l| l.starts_with("# ")) {
                let lines: Vec<&str> = body.lines().collect();
                title = Some(lines[pos][2..].trim().to_string());
                body =
                    lines.iter().enumerate().filter(|(i, _)| *i != pos).map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
            }
        }
        let title = title.unwrap_or_else(|| id.replace('-', " "));
        // Relative links to imported pages: in-pane links.
        let dir = p.path.parent().map(Path::to_path_buf).unwrap_or_default();
        let body = LINK.replace_all(&body, |c: &regex::Captures| {
            let target = normalize(&dir.join(&c[1]));
            match ids.get(&target).or_else(|| ids.get(&target.join("index"))) {
                Some(t) => format!("](#{t})"),
                None => c[0].to_string(),
            }
        });
        let tags: Vec<String> = p
            .front
            .tags
            .iter()
            .map(|t| match t {
                Tag::Name(n) => n.clone(),
                Tag::Object { label } => label.clone(),
            })
            .collect();
        let date = p
            .front
            .last_update
            .as_ref()
            .and_then(|u| u.date.as_ref())
            .and_then(date_of)
            .or_else(|| p.front.date.as_ref().and_then(date_of))
            .unwrap_or_else(|| updated.to_string());
        let section = p
            .path
            .iter()
            .next()
            .filter(|_| p.path.components().count() > 1)
            .map(|s| slugify(&s.to_string_lossy()))
            .unwrap_or_else(|| "imported".into());
        let file = ArticleFile {
            id,
            title: &title,
            locale: &p.locale,
            tags: &tags,
            updated: &date,
            section: &section,
            promoted: None,
            body: &body,
        }
        .to_string();
        if body.trim().is_empty() {
            report.skipped.push(format!("{}: empty page", p.file.display()));
            continue;
        }
        if let Err(e) = parse_article(&file) {
            report.skipped.push(format!("{}: {e}", p.file.display()));
            continue;
        }
        std::fs::write(out.join(format!("{id}.{}.md", p.locale)), file)
            .map_err(|e| format!("{}: {e}", out.display()))?;
        *report.written.entry(p.locale.clone()).or_default() += 1;
    }
    progress.finish_and_clear();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
    }

    fn read(dir: &Path, f: &str) -> String {
        std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
    }

    #[test]
    fn a_docusaurus_site_with_translations_admonitions_and_mdx() {
        let out = tempfile::tempdir().unwrap();
        let r = run(&fixture("docusaurus"), out.path(), "en", "2026-01-01").unwrap();
        assert_eq!(r.written, BTreeMap::from([("en".into(), 3), ("fr".into(), 1)]), "{r}");
        assert_eq!(r.skipped, ["docs/roadmap.md: draft or unlisted"]);
        let en = parse_article(&read(out.path(), "install-the-agent.en.md")).unwrap();
        let fr = parse_article(&read(out.path(), "install-the-agent.fr.md")).unwrap();
        assert_eq!((en.title.as_str(), fr.title.as_str()), ("Install the agent", "Installer l’agent"));
        assert_eq!((en.section.as_str(), en.updated.as_str()), ("getting-started", "2026-05-04"));
        assert_eq!(en.tags, ["agent", "setup"]);
        let md = read(out.path(), "install-the-agent.en.md");
        assert!(md.contains("> **Tip: Behind a proxy:**\n> Set `HTTPS_PROXY` before you run the installer."), "{md}");
        assert!(md.contains("[billing](#invoices)"), "{md}");
        assert!(!md.contains("import Tabs") && !md.contains("<TabItem") && !md.contains("diagram.png"), "{md}");
        assert!(md.contains("On Linux, run the script."), "text inside components is kept: {md}");
        // An MDX page without a title takes its first heading; `index` takes its folder's name.
        let inv = parse_article(&read(out.path(), "invoices.en.md")).unwrap();
        assert_eq!((inv.title.as_str(), inv.section.as_str()), ("Invoices and receipts", "billing"));
        assert!(!read(out.path(), "invoices.en.md").contains("# Invoices and receipts"));
        assert!(out.path().join("getting-started.en.md").exists());
    }

    #[test]
    fn an_mkdocs_site_with_suffix_translations_and_admonitions() {
        let out = tempfile::tempdir().unwrap();
        let r = run(&fixture("mkdocs"), out.path(), "en", "2026-01-01").unwrap();
        assert_eq!(r.written, BTreeMap::from([("en".into(), 2), ("fr".into(), 1)]), "{r}");
        assert_eq!(r.skipped, ["docs/setup.es.md: locale es not carried by Guichet"]);
        let md = read(out.path(), "setup.en.md");
        assert!(md.contains("> **Warning: Ports:**\n> Open port 443 outbound.\n>\n> Nothing else is needed."), "{md}");
        assert!(md.contains("[home](#home)"), "{md}");
        let fr = parse_article(&read(out.path(), "setup.fr.md")).unwrap();
        assert_eq!((fr.id.as_str(), fr.updated.as_str()), ("setup", "2026-01-01"), "no date: --updated");
        assert!(read(out.path(), "setup.fr.md").contains("> **Note:**"));
    }

    #[test]
    fn bad_arguments_and_folders_are_refused() {
        let out = tempfile::tempdir().unwrap();
        assert!(run(&fixture("mkdocs"), out.path(), "it", "2026-01-01").unwrap_err().contains("unsupported locale"));
        assert!(run(&fixture("mkdocs"), out.path(), "en", "01/02/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(run(&fixture("nowhere"), out.path(), "en", "2026-01-01").unwrap_err().contains("nowhere"));
    }
}
