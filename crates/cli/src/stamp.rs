//! `guichet-content stamp DIR`: points the embed loader (`DIR/guichet.js`) at the pane's
//! content-hashed files that trunk wrote (`guichet-pane-<hash>.js`,
//! `guichet-pane-<hash>_bg.wasm`, `guichet-<hash>.css`), and writes `DIR/guichet-manifest.json`
//! with the same names for tools. Hashed names change with their content, so the intake can
//! let browsers keep them for a year without asking again (`Cache-Control: immutable`); the
//! loader itself keeps its stable name and is revalidated on each page load, so a new
//! release never pairs new glue with an old wasm. Trunk's post-build hook runs it before
//! `precompress`.

use regex::Regex;
use serde::Serialize;
use std::path::Path;

/// The hashed names found in DIR (file names, no folder).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Manifest {
    /// The pane's JavaScript glue.
    pub js: String,
    /// The pane's wasm.
    pub wasm: String,
    /// The pane's stylesheet.
    pub css: String,
}

impl std::fmt::Display for Manifest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "loader stamped: {}, {}, {}", self.js, self.wasm, self.css)
    }
}

/// `name-<hash>.ext` as trunk writes it (hex hash of 8 to 16 digits).
fn hashed(stem: &str, tail: &str) -> Regex {
    Regex::new(&format!("^{}-[0-9a-f]{{8,16}}{}$", regex::escape(stem), regex::escape(tail))).expect("pattern")
}

/// The names of the files in `dir` (for [`find`]). Errors: the file system's, naming `dir`.
pub fn file_names(dir: &Path) -> Result<Vec<String>, String> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect())
}

/// The one `stem-<hash>tail` among `names` (the files of `dir`). Errors: none, or several (a
/// stale build left in `dir`).
pub fn find(dir: &Path, names: &[String], stem: &str, tail: &str) -> Result<String, String> {
    let re = hashed(stem, tail);
    let found: Vec<&String> = names.iter().filter(|n| re.is_match(n)).collect();
    match found[..] {
        [one] => Ok(one.clone()),
        [] => Err(format!("{}: no {stem}-<hash>{tail} (is `filehash = true` in Trunk.toml?)", dir.display())),
        _ => Err(format!("{}: several {stem}-<hash>{tail}: {found:?} (build into an empty folder)", dir.display())),
    }
}

/// Finds the hashed files in `dir` and rewrites `dir/guichet.js` to load them. Idempotent.
/// Errors: a file missing or found twice (a stale build left in DIR), a loader without the
/// names to replace, or the file system's, each naming the path.
pub fn run(dir: &Path) -> Result<Manifest, String> {
    let names = file_names(dir)?;
    let find = |stem: &str, tail: &str| find(dir, &names, stem, tail);
    let manifest = Manifest {
        js: find("guichet-pane", ".js")?,
        wasm: find("guichet-pane", "_bg.wasm")?,
        css: find("guichet", ".css")?,
    };

    let loader = dir.join("guichet.js");
    let text = std::fs::read_to_string(&loader).map_err(|e| format!("{}: {e}", loader.display()))?;
    let mut out = text.clone();
    // Quoted names, hashed or not (a second run replaces the first's).
    for (re, name) in [
        (r"'guichet-pane(-[0-9a-f]{8,16})?\.js'", &manifest.js),
        (r"'guichet-pane(-[0-9a-f]{8,16})?_bg\.wasm'", &manifest.wasm),
        (r"'guichet(-[0-9a-f]{8,16})?\.css'", &manifest.css),
    ] {
        let re = Regex::new(re).expect("pattern");
        if !re.is_match(&out) {
            return Err(format!("{}: no {} to replace", loader.display(), re.as_str()));
        }
        out = re.replace_all(&out, format!("'{name}'").as_str()).into_owned();
    }
    if out != text {
        std::fs::write(&loader, out).map_err(|e| format!("{}: {e}", loader.display()))?;
    }
    let path = dir.join("guichet-manifest.json");
    let json = serde_json::to_string_pretty(&manifest).expect("JSON") + "\n";
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER: &str = "css.href = base + 'guichet.css';\nvar url = base + 'guichet-pane.js';\nm.default({ module_or_path: base + 'guichet-pane_bg.wasm' });\n";

    fn dir_with(files: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in files {
            std::fs::write(d.path().join(f), "x").unwrap();
        }
        std::fs::write(d.path().join("guichet.js"), LOADER).unwrap();
        d
    }

    #[test]
    fn the_loader_loads_the_hashed_files_and_a_second_run_changes_nothing() {
        let d = dir_with(&[
            "guichet-pane-0123456789abcdef.js",
            "guichet-pane-0123456789abcdef_bg.wasm",
            "guichet-fedcba9876543210.css",
            "demo-portal-1111111111111111.css",
        ]);
        let m = run(d.path()).unwrap();
        assert_eq!(m.js, "guichet-pane-0123456789abcdef.js");
        assert_eq!(m.css, "guichet-fedcba9876543210.css");
        let loader = std::fs::read_to_string(d.path().join("guichet.js")).unwrap();
        assert_eq!(
            loader,
            "css.href = base + 'guichet-fedcba9876543210.css';\nvar url = base + 'guichet-pane-0123456789abcdef.js';\nm.default({ module_or_path: base + 'guichet-pane-0123456789abcdef_bg.wasm' });\n"
        );
        // A rebuild with new hashes: the loader follows.
        std::fs::rename(
            d.path().join("guichet-pane-0123456789abcdef.js"),
            d.path().join("guichet-pane-aaaaaaaaaaaaaaaa.js"),
        )
        .unwrap();
        run(d.path()).unwrap();
        let loader = std::fs::read_to_string(d.path().join("guichet.js")).unwrap();
        assert!(
            loader.contains("'guichet-pane-aaaaaaaaaaaaaaaa.js'") && !loader.contains("0123456789abcdef.js"),
            "{loader}"
        );
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.path().join("guichet-manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["js"], "guichet-pane-aaaaaaaaaaaaaaaa.js");
    }

    #[test]
    fn a_build_without_hashes_or_with_two_is_refused_by_name() {
        let d = dir_with(&["guichet-pane.js", "guichet-pane_bg.wasm", "guichet.css"]);
        let e = run(d.path()).unwrap_err();
        assert!(e.contains("no guichet-pane-<hash>.js") && e.contains("filehash = true"), "{e}");
        let d = dir_with(&[
            "guichet-pane-0123456789abcdef.js",
            "guichet-pane-1123456789abcdef.js",
            "guichet-pane-0123456789abcdef_bg.wasm",
            "guichet-0123456789abcdef.css",
        ]);
        let e = run(d.path()).unwrap_err();
        assert!(e.contains("several guichet-pane-<hash>.js"), "{e}");
        // The loader is left as it was.
        assert_eq!(std::fs::read_to_string(d.path().join("guichet.js")).unwrap(), LOADER);
    }
}
