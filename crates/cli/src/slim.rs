//! Fewer bytes for a first open, the same program: the main wasm's imports from its glue
//! renamed to short names, the wasm's `producers` and `target_features` sections dropped
//! (`split-wasm` does both), and the loader, the glue and the parts' linker script minified by
//! terser (`guichet-content minify DIR`, after `stamp` in trunk's post-build hook).
//!
//! wasm-bindgen names each import after its Rust function plus a 16-digit hash
//! (`__wbg_addEventListener_f2d27251d333a631`), written once in the wasm's import section and
//! once as a key of the glue's import object: 169 names, 9.6 KB of the main wasm and 5 KB of the
//! glue, the hashes incompressible. Short names (`a`, `b`, … `ba`, …) saved 2.6 KB of the wasm
//! and 1.8 KB of the glue, brotli; terser 2.6 KB of the glue and 2.2 KB of the loader (measured
//! on the pane of 2026-12-02).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{Encode, ImportSection, RawSection, Section};

/// The module name of the glue's imports in the main wasm (wasm-bindgen's `--out-name` plus
/// `_bg.js`).
pub const GLUE_MODULE: &str = "./guichet-pane_bg.js";

/// Whether `name` is one wasm-bindgen made unique with a hash: `__wbg_<name>_<16 hex>` or
/// `__wbindgen_<name>_<16 hex>`.
fn hashed_import(name: &str) -> bool {
    let Some((head, hash)) = name.rsplit_once('_') else { return false };
    (head.starts_with("__wbg_") || head.starts_with("__wbindgen_"))
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The `n`-th short name: `a` … `z`, `A` … `Z`, then `ba`, `bb`, … (letters only, so a
/// JavaScript identifier, and no wasm-bindgen name is one).
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    loop {
        out.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// `wasm` with its hashed imports from [`GLUE_MODULE`] renamed to short names and without its
/// `producers` and `target_features` custom sections, and `glue` with the same keys renamed.
/// Every other byte of the wasm is copied as it is.
/// Errors: a wasm that does not parse, or a hashed import the glue does not hold exactly once
/// as a key (`name:`), which would mean wasm-bindgen's glue changed shape.
pub fn shorten_imports(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    let mut out = Vec::with_capacity(wasm.len());
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut header = true;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| format!("main wasm: {e}"))?;
        if header {
            out.extend_from_slice(&wasm[..8]); // magic and version
            header = false;
        }
        match payload {
            wasmparser::Payload::ImportSection(reader) => {
                let mut imports = ImportSection::new();
                for import in reader.into_imports() {
                    let import = import.map_err(|e| format!("main wasm imports: {e}"))?;
                    let name = if import.module == GLUE_MODULE && hashed_import(import.name) {
                        let next = short_name(renamed.len());
                        renamed.entry(import.name.to_string()).or_insert(next).clone()
                    } else {
                        import.name.to_string()
                    };
                    let ty =
                        RoundtripReencoder.entity_type(import.ty).map_err(|e| format!("main wasm imports: {e}"))?;
                    imports.import(import.module, &name, ty);
                }
                out.push(imports.id());
                imports.encode(&mut out);
            }
            wasmparser::Payload::CustomSection(c) if matches!(c.name(), "producers" | "target_features") => {}
            other => {
                if let Some((id, range)) = other.as_section() {
                    let data = &wasm[range.start as usize..range.end as usize];
                    RawSection { id, data }.append_to(&mut out);
                }
            }
        }
    }
    let mut glue = glue.to_string();
    let mut in_order: Vec<(&String, &String)> = renamed.iter().collect();
    in_order.sort_by_key(|(_, short)| (short.len(), short.as_str()));
    for (long, short) in in_order {
        let key = format!("{long}:");
        match glue.matches(long.as_str()).count() {
            1 if glue.contains(&key) => glue = glue.replacen(&key, &format!("{short}:"), 1),
            n => {
                return Err(format!(
                    "glue: the import {long} appears {n} times (expected once, as a key of the import object)"
                ))
            }
        }
    }
    Ok((out, glue))
}

/// Minifies the JavaScript of `dir` that a first open downloads, in place, with terser (npm,
/// `node_modules/.bin` first on PATH): the loader `guichet.js` (a classic script: its top-level
/// names are kept, strings keep single quotes so that `stamp` finds the file names again), and
/// the glue and the linker script (ES modules). Returns the files and their sizes before and
/// after, in bytes.
/// Errors: a file missing, or terser missing or failing, with what to do.
pub fn minify(dir: &Path, terser: &str) -> Result<Vec<(String, u64, u64)>, String> {
    let names = crate::stamp::file_names(dir)?;
    let files = [
        ("guichet.js".to_string(), false),
        (crate::stamp::find(dir, &names, "guichet-pane", ".js")?, true),
        (crate::stamp::find(dir, &names, "guichet-parts", ".js")?, true),
    ];
    let mut sizes = Vec::new();
    for (name, module) in files {
        let path = dir.join(&name);
        let before = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.len();
        let mut cmd = Command::new(terser);
        cmd.arg(&path).args(["--compress", "--mangle", "--format", "quote_style=1", "--output"]).arg(&path);
        if module {
            cmd.arg("--module");
        }
        let out = cmd.output().map_err(|e| {
            format!("{terser}: {e} (`npm ci` installs terser in node_modules/.bin, which must come first on PATH)")
        })?;
        if !out.status.success() {
            return Err(format!(
                "{terser} {name} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let after = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.len();
        sizes.push((name, before, after));
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{CodeSection, EntityType, Function, FunctionSection, Module, TypeSection};

    /// A module importing two hashed functions from the glue, one from elsewhere, with a
    /// function that calls the first import, and a `producers` section.
    fn module() -> Vec<u8> {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        m.section(&types);
        let mut imports = ImportSection::new();
        imports.import(GLUE_MODULE, "__wbg_addEventListener_f2d27251d333a631", EntityType::Function(0));
        imports.import(GLUE_MODULE, "__wbindgen_cast_0000000000000001", EntityType::Function(0));
        imports.import("./guichet-parts.js", "__wasm_split_load_ticket", EntityType::Function(0));
        m.section(&imports);
        let mut funcs = FunctionSection::new();
        funcs.function(0);
        m.section(&funcs);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        f.instructions().call(0).end();
        code.function(&f);
        m.section(&code);
        m.section(&wasm_encoder::CustomSection { name: "producers".into(), data: b"\x00".as_slice().into() });
        m.finish()
    }

    const GLUE: &str = "const import0 = { __wbg_addEventListener_f2d27251d333a631: function(a) {}, __wbindgen_cast_0000000000000001: function() {}, };";

    #[test]
    fn hashed_imports_get_short_names_in_the_wasm_and_the_glue() {
        let (wasm, glue) = shorten_imports(&module(), GLUE).unwrap();
        wasmparser::validate(&wasm).unwrap();
        let mut names = Vec::new();
        let mut customs = Vec::new();
        for p in wasmparser::Parser::new(0).parse_all(&wasm) {
            match p.unwrap() {
                wasmparser::Payload::ImportSection(r) => {
                    names.extend(r.into_imports().map(|i| i.map(|i| i.name.to_string()).unwrap()))
                }
                wasmparser::Payload::CustomSection(c) => customs.push(c.name().to_string()),
                _ => {}
            }
        }
        assert_eq!(names, ["a", "b", "__wasm_split_load_ticket"]);
        assert!(customs.is_empty(), "{customs:?}");
        assert_eq!(glue, "const import0 = { a: function(a) {}, b: function() {}, };");
        assert_eq!(
            (short_name(0), short_name(51), short_name(52), short_name(53)),
            ("a".into(), "Z".into(), "ba".into(), "bb".into())
        );
    }

    #[test]
    fn a_glue_without_the_import_as_a_key_is_refused_by_name() {
        let e = shorten_imports(&module(), "const import0 = {};").unwrap_err();
        assert!(e.contains("__wbg_addEventListener_f2d27251d333a631 appears 0 times"), "{e}");
        let twice = format!("{GLUE} wasm.__wbg_addEventListener_f2d27251d333a631;");
        let e = shorten_imports(&module(), &twice).unwrap_err();
        assert!(e.contains("appears 2 times"), "{e}");
        assert!(shorten_imports(b"\0asm\x01\0\0\0\x02\x05", GLUE).unwrap_err().starts_with("main wasm"));
    }

    #[test]
    fn minify_without_terser_says_how_to_install_it() {
        let d = tempfile::tempdir().unwrap();
        for f in ["guichet.js", "guichet-pane-0123456789abcdef.js", "guichet-parts-0123456789abcdef.js"] {
            std::fs::write(d.path().join(f), "var x = 1;").unwrap();
        }
        let e = minify(d.path(), "terser-not-installed-here").unwrap_err();
        assert!(e.contains("npm ci"), "{e}");
        std::fs::remove_file(d.path().join("guichet-parts-0123456789abcdef.js")).unwrap();
        assert!(minify(d.path(), "terser").unwrap_err().contains("no guichet-parts-<hash>.js"));
    }
}
