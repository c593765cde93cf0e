//! `guichet-content`: the content CLI.
//!
//! - `guichet-content build [--content DIR] [--out DIR] [--chunk-above BYTES]`: reads
//!   `DIR/articles/*.md` (Markdown with front matter) and `DIR/directory/directory.json`,
//!   writes `help-center.<locale>.json` and `directory.json` to the output folder (default
//!   `public/bundle`). A help center whose JSON exceeds BYTES (default 4 MiB) is written
//!   chunked instead: that file is then the manifest, its parts go to `help-center.<locale>/`.
//! - `guichet-content import-directory --reference DIR [--regions TSV] [--out FILE]`: parses the
//!   per-country support pages under `DIR/support/` into `content/directory/directory.json`,
//!   printing every line it could not read as `file:line: text`.
//!
//! - `guichet-content eval [--content DIR] [--report FILE]`: runs the labelled queries of
//!   `DIR/search-eval.tsv` and prints recall@3, MRR and the zero-result rate per locale
//!   (Markdown; also written to FILE).
//!
//! - `guichet-content import-docs --src DIR [--out DIR] [--moniker NAME]`: imports help-center
//!   Markdown of the Microsoft Learn / DocFX flavour into Guichet articles (see
//!   `import_docs`).
//!
//! - `guichet-content bench-search [--articles 1000,20000]`: per-keystroke search latency on
//!   synthetic help centers of those sizes (a benchmark report, see `bench`).
//!
//! - `guichet-content export-bench [--out DIR] [--articles 1000,20000]`: the corpora and
//!   queries of the side-by-side engine benchmark (see `export_bench`).
//!
//! Exit status: 0 on success, 1 on invalid content, 2 on bad usage.

mod bench;
mod build;
mod chunked;
mod eval;
mod export_bench;
mod import_directory;
mod import_docs;

use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  guichet-content build [--content DIR] [--out DIR] [--chunk-above BYTES]\n  guichet-content eval [--content DIR] [--report FILE]\n  guichet-content bench-search [--articles 1000,20000]\n  guichet-content export-bench [--out DIR] [--articles 1000,20000]\n  guichet-content import-docs --src DIR [--out DIR] [--moniker NAME]\n  guichet-content import-directory --reference DIR [--regions TSV] [--out FILE]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else { return usage() };
    let mut opts = std::collections::HashMap::new();
    let mut it = args[1..].iter();
    while let Some(k) = it.next() {
        let Some(name) = k.strip_prefix("--") else { return usage() };
        let Some(v) = it.next() else { return usage() };
        opts.insert(name.to_string(), PathBuf::from(v));
    }
    let get = |k: &str, d: &str| opts.get(k).cloned().unwrap_or_else(|| PathBuf::from(d));
    // `--articles 1000,20000`: synthetic help-center sizes for bench-search and export-bench.
    let sizes = || {
        opts.get("articles")
            .and_then(|p| p.to_str())
            .unwrap_or("1000,20000")
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect::<Vec<usize>>()
    };
    let result = match cmd.as_str() {
        "build" => {
            let Some(chunk_above) =
                opts.get("chunk-above").map_or(Some(build::CHUNK_ABOVE), |v| v.to_str().and_then(|v| v.parse().ok()))
            else {
                return usage();
            };
            build::run(&get("content", "content"), &get("out", "public/bundle"), chunk_above).map(|r| {
                println!("{r}");
            })
        }
        "import-directory" => {
            let Some(reference) = opts.get("reference") else { return usage() };
            import_directory::run(
                reference,
                &get("regions", "content/directory/regions.tsv"),
                &get("out", "content/directory/directory.json"),
            )
            .map(|r| println!("{r}"))
        }
        "import-docs" => {
            let Some(src) = opts.get("src") else { return usage() };
            let moniker = opts.get("moniker").and_then(|m| m.to_str()).unwrap_or("o365-worldwide").to_string();
            import_docs::run(src, &get("out", "content/imported"), &moniker).map(|r| println!("{r}"))
        }
        "bench-search" => bench::run(&get("content", "content"), &sizes()).map(|r| println!("{r}")),
        "export-bench" => export_bench::run(&get("content", "content"), &get("out", "target/bench-search"), &sizes())
            .map(|r| println!("{r}")),
        "eval" => {
            eval::run(&get("content", "content"), opts.get("report").map(PathBuf::as_path)).map(|r| println!("{r}"))
        }
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
