//! DocFX Markdown extensions (the Microsoft Learn flavour) turned into what a reader of the
//! pane expects, for `import-docs`:
//!
//! - `[!INCLUDE [title](path)]`: the include file's content, when the file is there (found
//!   next to the page, or in an includes folder, see [`Includes`]); dropped and counted
//!   otherwise.
//! - `> [!VIDEO url]`: a link to the video, named after the section it is in.
//! - `:::image type="content" … alt-text="…":::` (and `type="complex"` … `:::image-end:::`): the
//!   image's alt text as a figure caption; `type="icon"` images are decorative and dropped.
//! - `> [!div class="nextstepaction"]` + a link: a "Next step" link.
//! - `[![alt](image)](url)`: a link named by the image's alt text (the image itself is
//!   dropped, and a link whose only content was the image would have no name).
//!
//! Videos, figures and next steps are written as HTML blocks, which the build keeps in the
//! article but leaves out of the search index: the index holds the page's prose, not its
//! media. Syntax DocFX defines that is still left after conversion (`[!…]`, `:::` lines) is
//! counted per page ([`Unconverted`]) so that the importer can say what it could not turn
//! into text. Extension syntax: <https://learn.microsoft.com/contribute/content/markdown-reference>.

use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?mi)^([ \t>]*)\[!INCLUDE[ \t]*\[[^\]]*\]\(([^)\s]+)\)[ \t]*\][ \t]*$").unwrap());
static INCLUDED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)[ \t>]*<!--include:(\w+)-->\n(.*?)\n[ \t>]*<!--/include-->").unwrap());
static VIDEO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?mi)^[ \t>]*\[!VIDEO\s+([^\]\s]+)\s*\]\s*$").unwrap());
static IMAGE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^([ \t>]*):::image\s+([^\n]*?):::[ \t]*$").unwrap());
static IMAGE_INLINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r":::image\s+([^\n]*?):::").unwrap());
static IMAGE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t>]*:::image-end:::[ \t]*\n?").unwrap());
static NEXT_STEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?mi)^[ \t>]*\[!div\s+class="nextstepaction"\]\s*\n[ \t>]*([^\n]*?)[ \t]*$"#).unwrap()
});
static MD_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[([^\]]+)\]\(([^)\s]+)\)$").unwrap());
static IMAGE_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[!\[([^\]]*)\]\([^)]*\)\]\(([^)\s]+)\)").unwrap());
static ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([\w-]+)\s*=\s*"([^"]*)""#).unwrap());
static LEFT_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[!([A-Za-z][\w-]*)").unwrap());
static LEFT_FENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t>]*:::\s*([\w-]*)").unwrap());
static CODE_SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`[^`\n]+`").unwrap());

/// How many of each extension a page had converted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Converted {
    pub includes: usize,
    pub videos: usize,
    pub figures: usize,
    pub icons: usize,
    pub next_steps: usize,
    pub image_links: usize,
}

impl std::ops::AddAssign for Converted {
    fn add_assign(&mut self, o: Self) {
        self.includes += o.includes;
        self.videos += o.videos;
        self.figures += o.figures;
        self.icons += o.icons;
        self.next_steps += o.next_steps;
        self.image_links += o.image_links;
    }
}

/// What a page still had of DocFX's syntax after conversion, by kind (`"[!FOO]"`,
/// `":::foo"`, `"include not found: path"`) → count. Left in the article as written (except
/// missing includes, which are dropped).
pub type Unconverted = BTreeMap<String, usize>;

/// Include files: found next to the page (a DocFX repository as it is), else by name in the
/// given folders. A folder of flattened names (`microsoft-365__includes__note.md`, one folder
/// holding a repository's includes with `/` written `__`) is understood too: the page's own
/// flattened name says which folder it came from.
#[derive(Debug, Default)]
pub struct Includes {
    /// File name → path, over the includes folders.
    files: BTreeMap<String, PathBuf>,
}

impl Includes {
    /// Indexes the `.md` files of `dirs` (missing folders are skipped).
    pub fn load(dirs: &[PathBuf]) -> Includes {
        let mut files = BTreeMap::new();
        for d in dirs {
            let Ok(entries) = std::fs::read_dir(d) else { continue };
            for e in entries.filter_map(Result::ok) {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "md") {
                    if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
                        files.insert(n.to_string(), p.clone());
                    }
                }
            }
        }
        Includes { files }
    }

    /// The text of include `rel` referenced from `page`, if found.
    fn read(&self, page: &Path, rel: &str) -> Option<String> {
        let rel = rel.split(['#', '?']).next().unwrap_or(rel);
        if let Some(dir) = page.parent() {
            if let Ok(t) = std::fs::read_to_string(dir.join(rel)) {
                return Some(t);
            }
        }
        // The page's repository path from its flattened name, then the include's.
        let stem = page.file_name()?.to_str()?;
        let mut parts: Vec<&str> = stem.split("__").collect();
        parts.pop();
        for seg in rel.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let flat = parts.join("__");
        let path = self.files.get(&flat).or_else(|| {
            let base = rel.rsplit('/').next()?;
            let suffix = format!("__{base}");
            let mut found = self.files.iter().filter(|(n, _)| *n == base || n.ends_with(&suffix));
            let one = found.next()?;
            found.next().is_none().then_some(one.1) // one file of that name, or none
        })?;
        std::fs::read_to_string(path).ok()
    }
}

/// Labels written into the article, per language (`fr`, `de`, else English).
struct Labels {
    video: &'static str,
    image: &'static str,
    next_step: &'static str,
}

fn labels(locale: &str) -> Labels {
    match locale {
        "fr" => Labels { video: "Vidéo", image: "Image", next_step: "Étape suivante" },
        "de" => Labels { video: "Video", image: "Bild", next_step: "Nächster Schritt" },
        _ => Labels { video: "Video", image: "Image", next_step: "Next step" },
    }
}

/// Replaces `[!INCLUDE]` lines by the include's body (front matter dropped, quote prefix kept,
/// includes within includes up to 3 deep). Missing includes are dropped and counted.
///
/// Each include is wrapped in marker comments naming its language (`lang_of` its text), so
/// that a bilingual page keeps it only in the variant of that language ([`keep_includes`]).
pub fn inline_includes(
    body: &str,
    page: &Path,
    includes: &Includes,
    lang_of: &dyn Fn(&str) -> String,
    done: &mut Converted,
    left: &mut Unconverted,
) -> String {
    fn go(
        body: &str,
        page: &Path,
        inc: &Includes,
        lang_of: &dyn Fn(&str) -> String,
        depth: usize,
        done: &mut Converted,
        left: &mut Unconverted,
    ) -> String {
        INCLUDE
            .replace_all(body, |c: &regex::Captures| {
                let (prefix, rel) = (&c[1], &c[2]);
                let Some(text) = (depth < 3).then(|| inc.read(page, rel)).flatten() else {
                    *left.entry(format!("include not found: {rel}")).or_default() += 1;
                    return String::new();
                };
                done.includes += 1;
                let text = crate::build::split_front_matter(&text).map(|(_, b)| b.to_string()).unwrap_or(text);
                let text = go(&text, page, inc, lang_of, depth + 1, done, left);
                let lang = lang_of(&text);
                let lines: Vec<String> = text.trim().lines().map(|l| format!("{prefix}{l}")).collect();
                format!("{prefix}<!--include:{lang}-->\n{}\n{prefix}<!--/include-->", lines.join("\n"))
            })
            .into_owned()
    }
    go(body, page, includes, lang_of, 0, done, left)
}

/// The included blocks of `body` for the article in `locale`: all of them when `strict` is
/// false, else only those written in `locale` (a bilingual page's include is in one language;
/// the other variant counts it as not converted). Marker comments are removed.
pub fn keep_includes(body: &str, locale: &str, strict: bool, left: &mut Unconverted) -> String {
    INCLUDED
        .replace_all(body, |c: &regex::Captures| {
            if !strict || &c[1] == locale {
                c[2].to_string()
            } else {
                *left.entry(format!("include in {} only", &c[1])).or_default() += 1;
                String::new()
            }
        })
        .into_owned()
}

/// `[![alt](image)](url)` → `[alt](url)` (or the URL as the name when the alt text is empty).
pub fn image_links(body: &str, done: &mut Converted) -> String {
    IMAGE_LINK
        .replace_all(body, |c: &regex::Captures| {
            done.image_links += 1;
            let name = c[1].trim();
            let name = if name.is_empty() { &c[2] } else { name };
            format!("[{}]({})", name.replace(['[', ']'], ""), &c[2])
        })
        .into_owned()
}

/// Escapes text for an HTML block.
fn esc(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// Videos, images and next steps of one language variant (`title`: the article's, names a
/// video before any heading). Runs after links were rewritten: a next step's line is a link
/// the article keeps, or the text of one it does not.
pub fn media(body: &str, locale: &str, title: &str, done: &mut Converted) -> String {
    let l = labels(locale);
    // Videos are named after the heading above them.
    let mut out = String::with_capacity(body.len());
    let mut heading = title.trim().to_string();
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('#') {
            heading = t.trim_start_matches('#').trim().to_string();
        }
        if let Some(c) = VIDEO.captures(line.trim_end_matches(['\n', '\r'])) {
            done.videos += 1;
            out.push_str(&format!(
                "\n<p><a href=\"{}\">{}: {}</a></p>\n\n",
                esc(&c[1]),
                l.video,
                html_escape::encode_text(&heading)
            ));
            continue;
        }
        out.push_str(line);
    }
    let attrs = |s: &str| -> BTreeMap<String, String> {
        ATTR.captures_iter(s).map(|a| (a[1].to_ascii_lowercase(), a[2].to_string())).collect()
    };
    let out = IMAGE_END.replace_all(&out, "").into_owned();
    let out = IMAGE_LINE
        .replace_all(&out, |c: &regex::Captures| {
            let a = attrs(&c[2]);
            let alt = a.get("alt-text").map(|s| s.trim()).unwrap_or("");
            if a.get("type").map(String::as_str) == Some("icon") || alt.is_empty() {
                done.icons += 1;
                return String::new();
            }
            done.figures += 1;
            let indent: String = c[1].chars().filter(|c| *c != '>').collect();
            format!(
                "{indent}<figure><figcaption>{}: {}</figcaption></figure>\n",
                l.image,
                html_escape::encode_text(alt)
            )
        })
        .into_owned();
    let out = IMAGE_INLINE
        .replace_all(&out, |_: &regex::Captures| {
            done.icons += 1; // an image in running text: an icon before its label
            String::new()
        })
        .into_owned();
    NEXT_STEP
        .replace_all(&out, |c: &regex::Captures| {
            done.next_steps += 1;
            match MD_LINK.captures(c[1].trim()) {
                Some(a) => format!(
                    "\n<p><strong>{}:</strong> <a href=\"{}\">{}</a></p>\n",
                    l.next_step,
                    esc(&a[2]),
                    html_escape::encode_text(a[1].trim())
                ),
                None => {
                    format!("\n<p><strong>{}:</strong> {}</p>\n", l.next_step, html_escape::encode_text(c[1].trim()))
                }
            }
        })
        .into_owned()
}

/// HTML entities written inside code spans (`` `&lt;name&gt;` ``, as translated pages carry
/// them out of their HTML spans) decoded: Markdown shows a code span's text as written.
pub fn decode_code_entities(body: &str) -> String {
    CODE_SPAN
        .replace_all(body, |c: &regex::Captures| html_escape::decode_html_entities(&c[0]).into_owned())
        .into_owned()
}

/// DocFX syntax still in `body`, counted into `left`.
pub fn count_left(body: &str, left: &mut Unconverted) {
    for c in LEFT_DIRECTIVE.captures_iter(body) {
        *left.entry(format!("[!{}]", c[1].to_ascii_uppercase())).or_default() += 1;
    }
    for c in LEFT_FENCE.captures_iter(body) {
        *left.entry(format!(":::{}", &c[1])).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_are_links_named_after_their_section() {
        let mut done = Converted::default();
        let body = "Intro.\n\n## Set up the calendar\n\n> [!VIDEO https://example.com/embed/X1]\n\nText.\n";
        let out = media(body, "fr", "Titre", &mut done);
        assert!(
            out.contains("<p><a href=\"https://example.com/embed/X1\">Vidéo: Set up the calendar</a></p>"),
            "{out}"
        );
        assert!(!out.contains("[!VIDEO"));
        assert_eq!(done.videos, 1);
        // Before any heading: the article's title.
        let out = media("> [!VIDEO https://v.example/1]\n", "en", "Get started", &mut done);
        assert!(out.contains(">Video: Get started</a>"), "{out}");
    }

    #[test]
    fn content_images_become_captions_icons_go() {
        let mut done = Converted::default();
        let body = "1. Open it:\n\n   :::image type=\"content\" source=\"media/a.png\" alt-text=\"The <settings> page\":::\n\n\
                    Select :::image type=\"icon\" source=\"media/i.png\" border=\"false\"::: **Filter**.\n\
                    :::image type=\"complex\" source=\"m.png\" alt-text=\"Flow\":::\nLong description.\n:::image-end:::\n";
        let out = media(body, "en", "T", &mut done);
        assert!(out.contains("   <figure><figcaption>Image: The &lt;settings&gt; page</figcaption></figure>"), "{out}");
        assert!(out.contains("Select  **Filter**."), "{out}");
        assert!(out.contains("<figcaption>Image: Flow</figcaption></figure>\n\nLong description."), "{out}");
        assert!(!out.contains(":::"), "{out}");
        assert_eq!((done.figures, done.icons), (2, 1));
    }

    #[test]
    fn next_steps_link_or_say_their_text() {
        let mut done = Converted::default();
        let body = "> [!div class=\"nextstepaction\"]\n> [Set up billing](https://example.com/billing)\n\nEnd.\n";
        let out = media(body, "de", "T", &mut done);
        assert!(
            out.contains(
                "<p><strong>Nächster Schritt:</strong> <a href=\"https://example.com/billing\">Set up billing</a></p>"
            ),
            "{out}"
        );
        let out = media(
            &body.replace("[Set up billing](https://example.com/billing)", "Set up billing"),
            "en",
            "T",
            &mut done,
        );
        assert!(out.contains("<p><strong>Next step:</strong> Set up billing</p>"), "{out}");
        assert_eq!(done.next_steps, 2);
    }

    #[test]
    fn image_only_links_are_named_by_the_alt_text() {
        let mut done = Converted::default();
        let out = image_links(
            "See [![A meeting.](m/a.png)](https://example.com/x) and [![](b.png)](https://e.example/y).",
            &mut done,
        );
        assert_eq!(out, "See [A meeting.](https://example.com/x) and [https://e.example/y](https://e.example/y).");
        assert_eq!(done.image_links, 2);
    }

    #[test]
    fn includes_resolve_next_to_the_page_or_by_flattened_name_and_missing_ones_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let (docs, inc) = (dir.path().join("docs"), dir.path().join("includes"));
        std::fs::create_dir_all(docs.join("includes")).unwrap();
        std::fs::create_dir_all(&inc).unwrap();
        std::fs::write(docs.join("includes/local.md"), "---\nms.topic: include\n---\nLocal note.\n").unwrap();
        std::fs::write(inc.join("suite__security__includes__banner.md"), "Banner line one.\nLine two.\n").unwrap();
        std::fs::write(inc.join("suite__includes__banner.md"), "The other banner.\n").unwrap();
        let includes = Includes::load(&[inc]);
        let page = docs.join("suite__security__guide__page.md");
        let body = "[!INCLUDE [local](includes/local.md)]\n\n> [!include[b](../includes/banner.md)]\n\n[!INCLUDE [x](../includes/gone.md)]\nEnd.\n";
        let (mut done, mut left) = (Converted::default(), Unconverted::new());
        let lang_of = |t: &str| if t.contains("Banner") { "en".to_string() } else { "fr".to_string() };
        let out = inline_includes(body, &page, &includes, &lang_of, &mut done, &mut left);
        let all = keep_includes(&out, "fr", false, &mut left);
        assert_eq!(all, "Local note.\n\n> Banner line one.\n> Line two.\n\n\nEnd.\n");
        // A bilingual page keeps an include only in the variant of its language.
        let mut other = Unconverted::new();
        assert_eq!(keep_includes(&out, "fr", true, &mut other), "Local note.\n\n\n\n\nEnd.\n");
        assert_eq!(other, Unconverted::from([("include in en only".to_string(), 1)]));
        assert_eq!(done.includes, 2);
        assert_eq!(left.into_iter().collect::<Vec<_>>(), [("include not found: ../includes/gone.md".to_string(), 1)]);
    }

    #[test]
    fn code_entities_are_decoded_and_left_syntax_is_counted() {
        assert_eq!(
            decode_code_entities("Run `Get-Item &lt;name&gt;` then &lt;b&gt;"),
            "Run `Get-Item <name>` then &lt;b&gt;"
        );
        let mut left = Unconverted::new();
        count_left("> [!Foo]\n::: zone pivot=\"a\"\ntext [!ok]\n", &mut left);
        let expected = [(":::zone", 1), ("[!FOO]", 1), ("[!OK]", 1)].map(|(k, n)| (k.to_string(), n));
        assert_eq!(left, Unconverted::from(expected));
    }
}
