//! `guichet-content split-wasm --wasm WASM DIR`: cuts the pane's wasm into the part a first
//! open needs and the parts loaded on demand (at the split points of `src/lazy.rs`: screens
//! and decoders), and puts them in DIR in place of trunk's
//! single wasm. Trunk 0.21 cannot split (trunk-rs/trunk#1022), so its post-build hook runs this
//! before `stamp`:
//!
//! 1. `wasm_split_cli_support::transform` (the splitter Leptos's `cargo leptos --split` uses)
//!    over cargo's linked output `WASM`, which must carry relocations
//!    (`-Clink-args=--emit-relocs`, set for the wasm target in `.cargo/config.toml`);
//! 2. `wasm-bindgen --target web --weak-refs --keep-lld-exports --no-demangle` over the main
//!    part, the flags `cargo leptos --split` passes (the parts link to the main part's exports);
//! 3. `wasm-opt -Oz --low-memory-unused` over every part (binaryen from npm, first on PATH as
//!    for trunk), then the main part's imports from the glue renamed short in both
//!    ([`crate::slim`]);
//! 4. content-hashed names: `guichet-part-<name>-<hash>.wasm` for each part, and one hash of
//!    the whole for the glue, the main wasm and the parts' linker script
//!    (`guichet-pane-<h>.js`, `guichet-pane-<h>_bg.wasm`, `guichet-parts-<h>.js`), which name
//!    each other; trunk's `index.html` is pointed at the new names.
//!
//! Errors: no trunk output in DIR, a wasm without relocations or split points, a tool that
//! fails or is missing, each with what to do.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run produced: file names in DIR and their sizes in bytes (uncompressed).
#[derive(Debug)]
pub struct Split {
    /// The main part (what a first open downloads): `guichet-pane-<h>_bg.wasm`.
    pub main: (String, u64),
    /// The parts loaded on demand, by name.
    pub parts: Vec<(String, u64)>,
}

impl std::fmt::Display for Split {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "wasm split: {} ({} bytes)", self.main.0, self.main.1)?;
        for (name, size) in &self.parts {
            write!(f, ", {name} ({size} bytes)")?;
        }
        Ok(())
    }
}

/// The names the splitter and wasm-bindgen are given, replaced by hashed ones at the end.
const GLUE: &str = "guichet-pane.js";
const LINKER: &str = "guichet-parts.js";

/// The first 8 bytes of a SHA-256 digest in hex: the 16 digits of a content-hashed name.
fn hex16(digest: &[u8]) -> String {
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn run_tool(cmd: &mut Command, what: &str, fix: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e} ({fix})"))?;
    if !out.status.success() {
        return Err(format!("{what} failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(())
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn read_text(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, data: &[u8]) -> Result<(), String> {
    std::fs::write(p, data).map_err(|e| format!("{}: {e}", p.display()))
}

/// Splits `wasm` (cargo's output) into DIR, replacing trunk's `guichet-pane-<hash>.js` and
/// `…_bg.wasm` there; `work` is a scratch folder (emptied first).
pub fn run(wasm: &Path, dir: &Path, work: &Path) -> Result<Split, String> {
    let names = crate::stamp::file_names(dir)?;
    let old_js = crate::stamp::find(dir, &names, "guichet-pane", ".js")?;
    let old_wasm = crate::stamp::find(dir, &names, "guichet-pane", "_bg.wasm")?;

    let _ = std::fs::remove_dir_all(work);
    let bindgen_dir = work.join("bindgen");
    std::fs::create_dir_all(&bindgen_dir).map_err(|e| format!("{}: {e}", work.display()))?;
    let input = read(wasm)?;
    let main_in = work.join("main.wasm");
    let (glue_specifier, linker_specifier) = (format!("./{GLUE}"), format!("./{LINKER}"));
    let split = wasm_split_cli_support::transform({
        let mut o = wasm_split_cli_support::Options::new(&input);
        o.output_dir = work;
        o.main_out_path = &main_in;
        o.main_module = &glue_specifier;
        o.link_name = &linker_specifier;
        o
    })
    .map_err(|e| {
        format!(
            "{}: cannot split: {e:#} (is `-Clink-args=--emit-relocs` in .cargo/config.toml for wasm32, and RUSTFLAGS unset?)",
            wasm.display()
        )
    })?;
    if split.split_modules.is_empty() {
        return Err(format!("{}: no split point (src/lazy.rs's #[wasm_split] functions)", wasm.display()));
    }

    run_tool(
        Command::new("wasm-bindgen")
            .args(["--target=web", "--weak-refs", "--no-typescript", "--keep-lld-exports", "--no-demangle"])
            .arg(format!("--out-dir={}", bindgen_dir.display()))
            .arg("--out-name=guichet-pane")
            .arg(&main_in),
        "wasm-bindgen",
        "scripts/setup.sh installs the version of Cargo.lock",
    )?;
    let main_bg = bindgen_dir.join("guichet-pane_bg.wasm");
    let mut wasm_files: Vec<PathBuf> = vec![main_bg.clone()];
    wasm_files.extend(split.split_modules.iter().cloned());
    for f in &wasm_files {
        run_tool(
            // The low 1 KB of memory is never used (Rust's stack ends at address 0 and its data
            // starts at 1 MiB): constant address parts fold into load and store offsets (−1.4 KB
            // brotli on the main part).
            Command::new("wasm-opt").args(["-Oz", "--low-memory-unused"]).arg(f).arg("-o").arg(f),
            "wasm-opt",
            "npm ci puts binaryen's wasm-opt in node_modules/.bin, which must come first on PATH",
        )?;
    }

    // Each part is named after its content; the glue, the main wasm and the linker script name
    // each other, so they share the hash of everything.
    let mut linker = read_text(&work.join(LINKER))?;
    let (main_bytes, mut glue) = crate::slim::shorten_imports(&read(&main_bg)?, &read_text(&bindgen_dir.join(GLUE))?)?;
    let mut all = Sha256::new();
    all.update(&main_bytes);
    let mut parts = Vec::new();
    for f in &split.split_modules {
        let bytes = read(f)?;
        let stem = f.file_stem().and_then(|s| s.to_str()).ok_or(format!("{}: no name", f.display()))?;
        let name = format!("guichet-part-{}-{}.wasm", stem.replace('_', "-"), hex16(&Sha256::digest(&bytes)));
        let quoted = format!("\"./{stem}.wasm\"");
        if !linker.contains(&quoted) {
            return Err(format!("{LINKER}: no {quoted} to rename"));
        }
        linker = linker.replace(&quoted, &format!("\"./{name}\""));
        all.update(name.as_bytes());
        write(&dir.join(&name), &bytes)?;
        parts.push((name, bytes.len() as u64));
    }
    all.update(glue.as_bytes());
    all.update(linker.as_bytes());
    let h = hex16(&all.finalize());
    let (js, bg, link) =
        (format!("guichet-pane-{h}.js"), format!("guichet-pane-{h}_bg.wasm"), format!("guichet-parts-{h}.js"));
    // Only the module specifiers (`from "./…"`): the glue's import object keeps the names the
    // wasm imports from.
    for (text, from, to, file) in
        [(&mut glue, &linker_specifier, &link, GLUE), (&mut linker, &glue_specifier, &js, LINKER)]
    {
        let specifier = format!("from \"{from}\"");
        if !text.contains(&specifier) {
            return Err(format!("{file}: no {specifier} to rename"));
        }
        *text = text.replace(&specifier, &format!("from \"./{to}\""));
    }
    // The glue's default wasm URL (the loader and the page pass theirs; kept right anyway).
    glue = glue.replace("'guichet-pane_bg.wasm'", &format!("'{bg}'"));
    write(&dir.join(&js), glue.as_bytes())?;
    write(&dir.join(&bg), &main_bytes)?;
    write(&dir.join(&link), linker.as_bytes())?;

    // Trunk's page loads the new names; its single wasm goes.
    let index = dir.join("index.html");
    if index.exists() {
        let html = read_text(&index)?;
        write(&index, html.replace(&old_js, &js).replace(&old_wasm, &bg).as_bytes())?;
    }
    for old in [&old_js, &old_wasm] {
        if *old != js && *old != bg {
            std::fs::remove_file(dir.join(old)).map_err(|e| format!("{old}: {e}"))?;
        }
    }
    Ok(Split { main: (bg, main_bytes.len() as u64), parts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_trunk_output_is_refused_by_name() {
        let d = tempfile::tempdir().unwrap();
        let wasm = d.path().join("in.wasm");
        std::fs::write(&wasm, b"\0asm\x01\0\0\0").unwrap();
        let e = run(&wasm, d.path(), &d.path().join("work")).unwrap_err();
        assert!(e.contains("no guichet-pane-<hash>.js"), "{e}");
    }

    #[test]
    fn a_wasm_without_relocations_is_refused_with_the_fix_and_trunk_output_is_left_alone() {
        let d = tempfile::tempdir().unwrap();
        for f in ["guichet-pane-0123456789abcdef.js", "guichet-pane-0123456789abcdef_bg.wasm"] {
            std::fs::write(d.path().join(f), "x").unwrap();
        }
        // A valid, empty module: no relocations, no split point.
        let wasm = d.path().join("in.wasm");
        std::fs::write(&wasm, b"\0asm\x01\0\0\0").unwrap();
        let e = run(&wasm, d.path(), &d.path().join("work")).unwrap_err();
        assert!(e.contains("cannot split") && e.contains("--emit-relocs"), "{e}");
        assert!(d.path().join("guichet-pane-0123456789abcdef_bg.wasm").exists());
        // A missing input names its path.
        let e = run(&d.path().join("missing.wasm"), d.path(), &d.path().join("work")).unwrap_err();
        assert!(e.contains("missing.wasm"), "{e}");
    }
}
