//! Imports help-center Markdown as it exists in the wild — Microsoft Learn / DocFX flavour —
//! into Guichet articles (`<id>.<locale>.md` with our front matter), which then go through the
//! same build and HTML sanitiser (ammonia) as hand-written articles.
//!
//! Understood: YAML front matter, or the older `<properties …/>` and `<tags …/>` blocks;
//! `> [!NOTE]`-style alerts and `>[AZURE.NOTE]` callouts (become a bold label); `::: moniker
//! range="…"` blocks (the chosen moniker is kept, others dropped); bilingual translation
//! spans (`<span data-ttu-id>` with an `sxs-lookup` twin holding the English original: both
//! languages are imported); `<a name>` anchors; HTML tables and `<sup>` (kept, sanitised at
//! build); relative links (become plain text unless they point at another imported file) and
//! images (dropped, alt text kept); `<!-- -->` comments.

use crate::docfx;
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

static SPAN_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<span data-ttu-id="[^"]*">(.*?)</span>\s*<span class="sxs-lookup"><span data-stu-id="[^"]*">(.*?)</span></span>"#).unwrap()
});
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"<a name="[^"]*"></a>"#).unwrap());
static COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").unwrap());
static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[([^\]]*)\]\(([^)]*)\)").unwrap());
/// An image with alt text alone on its line (after list indentation or a quote marker).
static IMAGE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([ \t>]*)!\[([^\]]+)\]\(([^)\s]*)[^)]*\)[ \t]*$").unwrap());
static REF_IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\[[^\]]*\]").unwrap());
static REF_DEF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*\[[^\]]+\]:\s*\S+.*$\n?").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]+)\]\(([^)\s]+)\)").unwrap());
static ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([\w.]+)\s*=\s*"([^"]*)""#).unwrap());
static BLOCK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)^\s*<(properties|tags)\b(.*?)/>").unwrap());
static ACOM_NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(\s*)>\s*\[AZURE\.(NOTE|IMPORTANT|WARNING|TIP)\]\s*").unwrap());
static ALERT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?mi)^(\s*)>\s*\[!(NOTE|IMPORTANT|WARNING|TIP|CAUTION)\]\s*$").unwrap());

/// One imported article in one locale.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub id: String,
    pub locale: String,
    pub title: String,
    pub updated: String,
    pub tags: Vec<String>,
    pub body: String,
}

impl Imported {
    /// The article file (our front matter + Markdown body).
    pub fn to_markdown(&self) -> String {
        crate::imported::ArticleFile {
            id: &self.id,
            title: &self.title,
            locale: &self.locale,
            tags: &self.tags,
            updated: &self.updated,
            section: "imported",
            promoted: None,
            body: &self.body,
        }
        .to_string()
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub articles: usize,
    pub bilingual: usize,
    pub monikers_dropped: usize,
    pub links_unlinked: usize,
    pub images_dropped: usize,
    /// DocFX extensions converted (all pages, all languages).
    pub converted: docfx::Converted,
    /// Per page id: DocFX syntax it could not convert (see [`docfx::Unconverted`]).
    pub unconverted: BTreeMap<String, docfx::Unconverted>,
    pub problems: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "files: {}, articles written: {}, bilingual files: {}, moniker blocks dropped: {}, relative links unlinked: {}, images dropped: {}",
            self.files, self.articles, self.bilingual, self.monikers_dropped, self.links_unlinked, self.images_dropped
        )?;
        let c = &self.converted;
        writeln!(
            f,
            "converted: includes {}, videos {}, figures {}, icons dropped {}, next steps {}, image-only links named {}",
            c.includes, c.videos, c.figures, c.icons, c.next_steps, c.image_links
        )?;
        let left: usize = self.unconverted.values().flat_map(|m| m.values()).sum();
        writeln!(f, "not converted: {left} in {} pages", self.unconverted.len())?;
        for (page, what) in &self.unconverted {
            let what: Vec<String> = what.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
            writeln!(f, "  {page}: {}", what.join(", "))?;
        }
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// Metadata of a file: YAML front matter or `<properties>`/`<tags>` attributes, flattened.
fn metadata(src: &str) -> (BTreeMap<String, String>, String) {
    let mut meta = BTreeMap::new();
    if let Ok((fm, body)) = crate::build::split_front_matter(src) {
        let yaml = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(fm);
        if yaml.is_err() {
            // Not YAML (a list item under a scalar key, as hand-edited pages have): read its
            // `key: value` lines, so that the date and title are not lost with it.
            for line in fm.lines() {
                if let Some((k, v)) = line.split_once(':') {
                    let k = k.trim();
                    if !k.is_empty() && !k.starts_with(['-', '#', ' ']) && !k.contains(' ') {
                        let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
                        meta.insert(k.to_ascii_lowercase(), v);
                    }
                }
            }
        }
        if let Ok(serde_yaml_ng::Value::Mapping(m)) = yaml {
            for (k, v) in m {
                let (Some(k), v) = (k.as_str(), v) else { continue };
                let v = match v {
                    serde_yaml_ng::Value::String(s) => s,
                    serde_yaml_ng::Value::Sequence(s) => {
                        s.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(",")
                    }
                    other => serde_yaml_ng::to_string(&other).unwrap_or_default().trim().to_string(),
                };
                meta.insert(k.to_ascii_lowercase(), v);
            }
        }
        return (meta, body.to_string());
    }
    let mut rest = src.to_string();
    while let Some(c) = BLOCK.captures(&rest) {
        for a in ATTR.captures_iter(&c[2]) {
            meta.insert(a[1].to_ascii_lowercase(), a[2].to_string());
        }
        let end = c.get(0).unwrap().end();
        rest = rest[end..].to_string();
    }
    (meta, rest)
}

/// A DocFX date (`MM/DD/YYYY`, as in `ms.date: 07/25/2016`, or ISO `YYYY-MM-DD`) as ISO
/// `YYYY-MM-DD`; `None` when it is neither or names no calendar day (`02/30/2020`).
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%m/%d/%Y"))
        .ok()?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// Keeps the blocks of `moniker` (and text outside any block); counts dropped blocks.
fn apply_monikers(body: &str, moniker: &str, dropped: &mut usize) -> String {
    let mut out = String::new();
    let mut keep = true;
    for line in body.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("::: moniker range=") {
            let range = rest.trim_matches('"');
            keep = range.split(" || ").any(|r| r.trim_matches('"') == moniker);
            if !keep {
                *dropped += 1;
            }
            continue;
        }
        if t == "::: moniker-end" {
            keep = true;
            continue;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn detect_locale(text: &str) -> &'static str {
    let words: Vec<String> = guichet_core::text::tokenize(text).into_iter().map(|t| t.folded).collect();
    let fr = words.iter().filter(|w| guichet_core::text::is_stop_word(guichet_core::Locale::Fr, w)).count();
    let en = words.iter().filter(|w| guichet_core::text::is_stop_word(guichet_core::Locale::En, w)).count();
    if fr > en {
        "fr"
    } else {
        "en"
    }
}

/// The primary language subtag of a BCP 47 tag (`"fr-FR"` → `"fr"`), lower-cased; `None`
/// when the tag does not start with two or three ASCII letters.
fn language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

/// What a conversion needs besides the page: the ids of the imported files (for relative
/// links), the moniker range to keep, the include files, and the page's last change when the
/// page has no date (from git).
pub struct Context<'a> {
    pub known: &'a [String],
    pub moniker: &'a str,
    pub includes: &'a docfx::Includes,
    /// Where the page is (includes are found relative to it).
    pub path: &'a Path,
    /// `YYYY-MM-DD` of the page's last commit, when the source is a git work tree.
    pub last_change: Option<String>,
}

/// The link an article keeps for `target`: as written when external, `#id` when it points
/// at another imported page, else none (counted).
fn resolve_link(target: &str, known: &[String], report: &mut Report) -> Option<String> {
    if ["http://", "https://", "mailto:", "#"].iter().any(|p| target.starts_with(p)) {
        return Some(target.to_string());
    }
    let stem = target.split('#').next().unwrap_or("").rsplit('/').next().unwrap_or("").trim_end_matches(".md");
    if known.iter().any(|k| k == stem) {
        Some(format!("#{stem}"))
    } else {
        report.links_unlinked += 1;
        None
    }
}

/// Converts one file. `id` is the article id.
pub fn convert(id: &str, src: &str, cx: &Context<'_>, report: &mut Report) -> Vec<Imported> {
    let (known, moniker) = (cx.known, cx.moniker);
    let (meta, body) = metadata(src);
    let mut done = docfx::Converted::default();
    let mut left = docfx::Unconverted::new();
    let mut body = COMMENT.replace_all(&body, "").into_owned();
    body = docfx::inline_includes(&body, cx.path, cx.includes, &|t| detect_locale(t).into(), &mut done, &mut left);
    body = docfx::image_links(&body, &mut done);
    body = apply_monikers(&body, moniker, &mut report.monikers_dropped);
    body = ANCHOR.replace_all(&body, "").into_owned();
    body = ALERT
        .replace_all(&body, |c: &regex::Captures| format!("{}> **{}:**", &c[1], label(&c[2].to_ascii_uppercase())))
        .into_owned();
    body = ACOM_NOTE
        .replace_all(&body, |c: &regex::Captures| format!("{}> **{}:** ", &c[1], label(&c[2].to_ascii_uppercase())))
        .into_owned();
    // An image alone on its line is a figure: written as DocFX's `:::image`, which the
    // language variants below turn into a caption with the alt text. Others are dropped.
    body = IMAGE_LINE
        .replace_all(&body, |c: &regex::Captures| {
            let alt = c[2].replace('"', "'");
            format!("{}:::image type=\"content\" source=\"{}\" alt-text=\"{alt}\":::", &c[1], &c[3])
        })
        .into_owned();
    report.images_dropped += IMAGE.find_iter(&body).count() + REF_IMAGE.find_iter(&body).count();
    body = IMAGE.replace_all(&body, "").into_owned();
    body = REF_IMAGE.replace_all(&body, "").into_owned();
    body = REF_DEF.replace_all(&body, "").into_owned();
    body = LINK
        .replace_all(&body, |c: &regex::Captures| match resolve_link(&c[2], known, report) {
            Some(to) => format!("[{}]({to})", &c[1]),
            None => c[1].to_string(),
        })
        .into_owned();
    let bilingual = SPAN_PAIR.is_match(&body);
    let variants: Vec<(String, String)> = if bilingual {
        report.bilingual += 1;
        let local = meta.get("ms.contentlocale").and_then(|l| language(l)).unwrap_or_else(|| "fr".into());
        vec![
            (local, SPAN_PAIR.replace_all(&body, "$1").into_owned()),
            ("en".into(), SPAN_PAIR.replace_all(&body, "$2").into_owned()),
        ]
    } else {
        let given = meta.get("ms.contentlocale").or(meta.get("ms.locale"));
        let l = match given.map(|l| (l, language(l))) {
            Some((_, Some(l))) => l,
            Some((bad, None)) => {
                let guess = detect_locale(&body).to_string();
                report
                    .problems
                    .push(format!("{id}: locale {bad:?} is not a language tag; detected {guess} from the text"));
                guess
            }
            None => detect_locale(&body).to_string(),
        };
        vec![(l, body)]
    };
    // Last update: `ms.date`, else the date the file was handed to translation
    // (`ms.lasthandoff`, machine-translated Learn pages often have only that), else the page's
    // last commit when the source is a git work tree, else none (said in the report).
    let updated = match ["ms.date", "ms.lasthandoff"].iter().find_map(|k| meta.get(*k).and_then(|d| iso_date(d))) {
        Some(d) => d,
        None => match &cx.last_change {
            Some(d) => d.clone(),
            None => {
                report.problems.push(format!("{id}: no ms.date, ms.lasthandoff or git history; left undated"));
                String::new()
            }
        },
    };
    let mut tags: Vec<String> = ["services", "tags", "ms.service", "ms.collection"]
        .iter()
        .filter_map(|k| meta.get(*k))
        .flat_map(|v| v.split(',').map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty() && s != "na")
        .collect();
    tags.sort();
    tags.dedup();
    let mut out = Vec::new();
    for (locale, text) in variants {
        if !["fr", "en", "de"].contains(&locale.as_str()) {
            report.problems.push(format!("{id}: locale {locale} is not carried by the help center"));
            continue;
        }
        // Title: the first H1 (removed from the body), else the metadata title.
        let mut title = None;
        let mut lines = Vec::new();
        for line in text.lines() {
            if title.is_none() && line.starts_with("# ") {
                title = Some(line[2..].trim().to_string());
            } else {
                lines.push(line);
            }
        }
        let title = title
            .or_else(|| meta.get("title").or(meta.get("pagetitle")).cloned())
            .map(|t| t.split(" | ").next().unwrap_or("").trim().to_string())
            .filter(|t| !t.is_empty());
        let Some(title) = title else {
            report.problems.push(format!("{id} ({locale}): no title"));
            continue;
        };
        let body = docfx::keep_includes(&lines.join("\n"), &locale, bilingual, &mut left);
        let body = docfx::media(&body, &locale, &title, &mut done);
        let body = if bilingual { docfx::decode_code_entities(&body) } else { body };
        docfx::count_left(&body, &mut left);
        out.push(Imported { id: id.to_string(), locale, title, updated: updated.clone(), tags: tags.clone(), body });
    }
    report.converted += done;
    if !left.is_empty() {
        report.unconverted.insert(id.to_string(), left);
    }
    out
}

/// `YYYY-MM-DD` of the last commit that touched `path`, when it is in a git work tree and git
/// is installed; `None` otherwise.
fn git_last_change(path: &Path) -> Option<String> {
    let dir = path.parent()?;
    let out = std::process::Command::new("git")
        .args(["log", "-1", "--format=%cs", "--"])
        .arg(path.file_name()?)
        .current_dir(dir)
        .output()
        .ok()?;
    let date = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && iso_date(date.trim()).is_some()).then(|| date.trim().to_string())
}

fn label(kind: &str) -> &'static str {
    match kind {
        "IMPORTANT" => "Important",
        "WARNING" | "CAUTION" => "Warning",
        "TIP" => "Tip",
        _ => "Note",
    }
}

/// Article id of a file name: lower-case slug without a numeric prefix (`001_abc.txt` → `abc`).
pub fn id_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("article");
    let stem = match stem.split_once('_') {
        Some((n, rest)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty() => rest,
        _ => stem,
    };
    crate::build::slugify(stem)
}

/// CLI entry: imports every `.md`/`.txt` file of `src` into `out`, then checks the result
/// parses as articles. Includes are looked for next to each page and in `includes` (when
/// empty: `src/includes` and `src/../includes`, where they exist).
pub fn run(src: &Path, out: &Path, moniker: &str, includes: &[std::path::PathBuf]) -> Result<Report, String> {
    let dirs =
        if includes.is_empty() { vec![src.join("includes"), src.join("../includes")] } else { includes.to_vec() };
    let includes = docfx::Includes::load(&dirs);
    let mut files: Vec<_> = std::fs::read_dir(src)
        .map_err(|e| format!("{}: {e}", src.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    files.sort();
    let known: Vec<String> = files.iter().map(|p| id_of(p)).collect();
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let mut report = Report::default();
    let progress = crate::progress::bar(files.len(), "importing pages");
    for p in &files {
        progress.inc(1);
        if p.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md")) {
            continue;
        }
        report.files += 1;
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let cx = Context { known: &known, moniker, includes: &includes, path: p, last_change: git_last_change(p) };
        for a in convert(&id_of(p), &text, &cx, &mut report) {
            let md = a.to_markdown();
            if let Err(e) = crate::build::parse_article(&md) {
                report.problems.push(format!("{}: {e}", p.display()));
                continue;
            }
            std::fs::write(out.join(format!("{}.{}.md", a.id, a.locale)), md).map_err(|e| e.to_string())?;
            report.articles += 1;
        }
    }
    progress.finish_and_clear();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts `src` as page `id` with `known` pages, moniker `moniker` and no includes.
    fn conv(id: &str, src: &str, known: &[String], moniker: &str, r: &mut Report) -> Vec<Imported> {
        let includes = docfx::Includes::default();
        let path = Path::new("/nonexistent/page.md");
        convert(id, src, &Context { known, moniker, includes: &includes, path, last_change: None }, r)
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/docfx").join(name))
            .unwrap()
    }

    #[test]
    fn acom_properties_callouts_links_images_and_html() {
        let mut r = Report::default();
        let out = conv("acom-note", &fixture("acom-note.md"), &["key-vault".into()], "cloud-worldwide", &mut r);
        assert_eq!(out.len(), 1);
        let a = &out[0];
        assert_eq!(a.locale, "en");
        assert_eq!(a.title, "Rotate the storage keys of a workspace");
        assert_eq!(a.updated, "2024-03-14");
        assert_eq!(a.tags, ["keys", "security", "storage"]);
        assert!(a.body.contains("> **Note:** Only the workspace owner"), "{}", a.body);
        assert!(a.body.contains("[the key vault page](#key-vault)"));
        assert!(a.body.contains("[public guide](https://example.com/guide)"));
        assert!(
            !a.body.contains("rotate.png") && !a.body.contains("step-two") && !a.body.contains("HONumber"),
            "{}",
            a.body
        );
        // The image alone on its line is a figure with its alt text; the reference image goes.
        assert!(a.body.contains("<figure><figcaption>Image: rotation diagram</figcaption></figure>"), "{}", a.body);
        assert_eq!((r.images_dropped, r.links_unlinked, r.converted.figures), (1, 0, 1));
        // The build sanitises the HTML: table and <sup> stay, <script> goes.
        let article = crate::build::parse_article(&a.to_markdown()).unwrap();
        let html: String = article.sections.iter().map(|s| s.html.as_str()).collect();
        assert!(html.contains("<table>") && html.contains("<sup>1</sup>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn bilingual_spans_give_both_languages_and_monikers_are_chosen() {
        let mut r = Report::default();
        let out = conv("invoices", &fixture("bilingual.md"), &[], "cloud-worldwide", &mut r);
        assert_eq!(out.iter().map(|a| a.locale.as_str()).collect::<Vec<_>>(), ["fr", "en"]);
        let (fr, en) = (&out[0], &out[1]);
        assert_eq!(fr.title, "Contacter l’équipe des factures");
        assert_eq!(en.title, "Contact the invoice team");
        assert!(fr.body.contains("## Par téléphone") && en.body.contains("## By phone"));
        assert!(en.body.contains("> **Note:**\n> Invoices are issued"), "{}", en.body);
        assert!(!en.body.contains("sovereign") && !en.body.contains("span"), "{}", en.body);
        assert_eq!(fr.updated, "2020-07-28");
        assert_eq!((r.bilingual, r.monikers_dropped), (1, 1));
        let other = conv("invoices", &fixture("bilingual.md"), &[], "cloud-sovereign", &mut Report::default());
        assert!(other[1].body.contains("sovereign cloud has its own number") && !other[1].body.contains("By phone"));
    }

    #[test]
    fn a_file_without_title_is_reported_not_written() {
        let mut r = Report::default();
        assert!(conv("x", "just text, no heading", &[], "w", &mut r).is_empty());
        assert_eq!(r.problems, ["x: no ms.date, ms.lasthandoff or git history; left undated", "x (en): no title"]);
        assert_eq!(iso_date("7/28/2020").as_deref(), Some("2020-07-28"));
        assert_eq!(iso_date("2020-07-28").as_deref(), Some("2020-07-28"));
        assert_eq!(iso_date("02/30/2020"), None);
        assert_eq!(iso_date("2020-13-01"), None);
        assert_eq!(id_of(Path::new("seeds/001_33c2274985d78f0e.txt")), "33c2274985d78f0e");
    }

    #[test]
    fn the_translation_handoff_date_stands_in_for_a_missing_ms_date() {
        let page = "---\ntitle: Prise en charge\nms.contentlocale: fr-FR\nms.lasthandoff: 04/21/2020\n---\n# Support\n\nLe support répond.\n";
        let mut r = Report::default();
        let out = conv("o365", page, &[], "w", &mut r);
        assert_eq!((out.len(), out[0].updated.as_str(), out[0].locale.as_str()), (1, "2020-04-21", "fr"));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        // An unreadable date is no date: reported, the article imported undated (not 1970),
        // and its file leaves `updated` out and builds.
        let mut r = Report::default();
        let out = conv("o365", &page.replace("04/21/2020", "21.04.2020"), &[], "w", &mut r);
        assert_eq!((out.len(), out[0].updated.as_str()), (1, ""));
        assert_eq!(r.problems, ["o365: no ms.date, ms.lasthandoff or git history; left undated"]);
        let md = out[0].to_markdown();
        assert!(!md.contains("updated:"), "{md}");
        assert_eq!(crate::build::parse_article(&md).unwrap().updated, "");
        // A page's last commit stands in when the source is a git work tree.
        let includes = docfx::Includes::default();
        let cx = Context {
            known: &[],
            moniker: "w",
            includes: &includes,
            path: Path::new("p.md"),
            last_change: Some("2025-06-30".into()),
        };
        let out = convert("o365", &page.replace("04/21/2020", "21.04.2020"), &cx, &mut Report::default());
        assert_eq!(out[0].updated, "2025-06-30");
    }

    /// What the DocFX extensions become in the built article: readable, every link named (an
    /// image-only link gets its alt text or its address), and none of it in the search text.
    #[test]
    fn docfx_extensions_build_into_named_links_kept_out_of_the_index() {
        let page = "---\ntitle: Set up a calendar\nms.date: 01/02/2024\n---\n# Set up a calendar\n\nIntro text.\n\n\
                    ## Watch\n\n> [!VIDEO https://example.com/embed/1]\n\n\
                    [![](media/a.png)](https://example.com/a) and [![The flow](media/b.png)](https://example.com/b)\n\n\
                    :::image type=\"content\" source=\"media/c.png\" alt-text=\"The settings page\":::\n\n\
                    > [!div class=\"nextstepaction\"]\n> [Share the calendar](https://example.com/share)\n\n> [!Tip]\n> Keep it short.\n";
        let mut r = Report::default();
        let out = conv("cal", page, &[], "w", &mut r);
        let article = crate::build::parse_article(&out[0].to_markdown()).unwrap();
        let html: String = article.sections.iter().map(|s| s.html.as_str()).collect();
        let text: String = article.sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
        let links = Regex::new(r"(?s)<a [^>]*>(.*?)</a>").unwrap();
        let names: Vec<String> = links.captures_iter(&html).map(|c| c[1].trim().to_string()).collect();
        assert_eq!(names, ["Video: Watch", "https://example.com/a", "The flow", "Share the calendar"], "{html}");
        assert!(html.contains("<figcaption>Image: The settings page</figcaption>"), "{html}");
        assert!(html.contains("<strong>Tip:</strong>"), "{html}");
        for kept_out in ["Video", "settings page", "Share the calendar", "Next step", "[!", ":::"] {
            assert!(!text.contains(kept_out), "{kept_out:?} in the index text: {text}");
        }
        assert!(text.contains("Intro text") && text.contains("The flow"), "{text}");
        assert!(r.unconverted.is_empty(), "{:?}", r.unconverted);
        let c = r.converted;
        assert_eq!((c.videos, c.figures, c.next_steps, c.image_links), (1, 1, 1, 2));
    }

    /// A page in a git work tree is dated by its last commit; outside one, no date.
    #[test]
    fn git_gives_the_last_change_of_a_page() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "# Page\n").unwrap();
        assert_eq!(git_last_change(&page), None, "not a work tree");
        let git = |args: &[&str]| {
            let ok = std::process::Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .env("GIT_COMMITTER_DATE", "2025-03-04T10:00:00Z")
                .env("GIT_AUTHOR_DATE", "2025-03-04T10:00:00Z")
                .status()
                .unwrap();
            assert!(ok.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        git(&["add", "page.md"]);
        git(&["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "page"]);
        assert_eq!(git_last_change(&page).as_deref(), Some("2025-03-04"));
    }

    /// Front matter that is not YAML (a list item under a scalar key) still gives its date and
    /// title, line by line.
    #[test]
    fn front_matter_that_is_not_yaml_is_read_line_by_line() {
        let page = "---  \ntitle: \"Accept a shared page\"  \nms.date: 05/29/2024  \nms.service: pages \n- stray\n---\n\nText only.\n";
        let mut r = Report::default();
        let out = conv("p", page, &[], "w", &mut r);
        assert_eq!((out[0].title.as_str(), out[0].updated.as_str()), ("Accept a shared page", "2024-05-29"));
        assert_eq!(out[0].tags, ["pages"]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn a_locale_that_is_no_language_tag_is_reported_and_the_page_imported() {
        let page = "---\ntitle: Support\nms.date: 01/02/2024\nms.locale: é\n---\n# Support\n\nLe support répond à vos questions.\n";
        for bad in ["é", "x", "€€", "12-FR"] {
            let mut r = Report::default();
            let out = conv("p", &page.replace("ms.locale: é", &format!("ms.locale: {bad}")), &[], "w", &mut r);
            assert_eq!((out.len(), out[0].locale.as_str()), (1, "fr"), "{bad}: detected from the text");
            assert_eq!(r.problems, [format!("p: locale {bad:?} is not a language tag; detected fr from the text")]);
        }
        assert_eq!(language("fr-FR").as_deref(), Some("fr"));
        assert_eq!(language("EN_us").as_deref(), Some("en"));
    }

    #[test]
    fn run_writes_articles_that_build() {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/docfx");
        let r = run(&src, dir.path(), "cloud-worldwide", &[]).unwrap();
        assert_eq!((r.files, r.articles), (3, 4), "{r}");
        assert!(dir.path().join("bilingual.en.md").exists() && dir.path().join("acom-note.en.md").exists());
        // The page with every DocFX extension (its include found in `src/includes`), dated
        // though its front matter is not YAML and its fences carry trailing spaces.
        let page = std::fs::read_to_string(dir.path().join("media-page.en.md")).unwrap();
        let article = crate::build::parse_article(&page).unwrap();
        assert_eq!((article.title.as_str(), article.updated.as_str()), ("Fix a sign-in loop", "2025-09-15"));
        for expected in [
            "Sign-in settings apply to every workspace",
            ">Video: Watch the steps</a>",
            "<figcaption>Image: The sign-in flow",
            "<figcaption>Image: Browser settings with cookies allowed</figcaption>",
            ">Diagram of the session cookie</a>",
            ">https://example.com/status</a>",
            "<strong>Tip:</strong>",
            "<strong>Next step:</strong> <a href=\"https://example.com/reset-mfa\"",
        ] {
            let html: String = article.sections.iter().map(|s| s.html.as_str()).collect();
            assert!(html.contains(expected), "{expected:?} in {html}");
        }
        let c = r.converted;
        // Figures: two on this page, one on acom-note.
        assert_eq!((c.includes, c.videos, c.figures, c.icons, c.next_steps, c.image_links), (1, 1, 3, 1, 1, 2), "{r}");
        assert!(r.unconverted.is_empty(), "{r}");
    }
}
