//! What the content importers (`import-docs`, `import-zendesk`, `import-markdown`,
//! `import-html`) share: the article file they write, their report, dropping images, the
//! folder walk and relative-path resolution.

use regex::Regex;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A Markdown image, `![alt](url)`: the importers drop them (the pane's CSP loads no remote
/// image, and attachments stay where they were).
static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").unwrap());

/// `markdown` without its images.
pub fn drop_images(markdown: &str) -> String {
    IMAGE.replace_all(markdown, "").into_owned()
}

/// An article file as `build` reads it: our front matter (strings JSON-quoted), then the body
/// trimmed. `promoted` is the article's place among those offered before any query.
pub struct ArticleFile<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub locale: &'a str,
    pub tags: &'a [String],
    /// `YYYY-MM-DD`, or empty when unknown (then left out of the file).
    pub updated: &'a str,
    pub section: &'a str,
    pub promoted: Option<usize>,
    pub body: &'a str,
}

impl fmt::Display for ArticleFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = |s: &str| serde_json::to_string(s).expect("a string");
        let tags: Vec<String> = self.tags.iter().map(|t| q(t)).collect();
        let promoted = self.promoted.map(|p| format!("promoted: {p}\n")).unwrap_or_default();
        let updated = if self.updated.is_empty() { String::new() } else { format!("updated: {}\n", self.updated) };
        writeln!(
            f,
            "---\nid: {}\ntitle: {}\nlocale: {}\ntags: [{}]\n{updated}section: {}\n{promoted}---\n{}",
            self.id,
            q(self.title),
            self.locale,
            tags.join(", "),
            self.section,
            self.body.trim()
        )
    }
}

/// What an import did (`import-zendesk`, `import-markdown`, `import-html`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// What was read: `"files"` (JSON answers) or `"pages"`.
    pub noun: &'static str,
    /// How many were read.
    pub read: usize,
    /// Article files written, per Guichet locale.
    pub written: BTreeMap<String, usize>,
    /// What was skipped or refused, one line each, naming the file or article.
    pub skipped: Vec<String>,
}

impl Report {
    /// An empty report of an import that reads `noun` (`"files"`, `"pages"`).
    pub fn new(noun: &'static str) -> Report {
        Report { noun, ..Report::default() }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} read: {}; articles written:", self.noun, self.read)?;
        for (l, n) in &self.written {
            write!(f, " {l} {n}")?;
        }
        writeln!(f, "; skipped: {}", self.skipped.len())?;
        for s in &self.skipped {
            writeln!(f, "  {s}")?;
        }
        Ok(())
    }
}

/// The files under `dir` (recursively) that `keep` accepts; `keep` also decides which folders
/// are entered. Errors: the file system's.
pub fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if !keep(&p) {
            continue;
        }
        if p.is_dir() {
            files_under(&p, keep, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// `a/./b/../c` → `a/c` (no file system access).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
