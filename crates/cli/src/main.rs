//! `guichet-content`: the content CLI (`guichet-content --help` lists the commands and their
//! options).
//!
//! Exit status: 0 on success, 1 on invalid content, 2 on bad usage.

mod bench;
mod build;
mod check;
mod chunked;
mod docfx;
mod eval;
mod export_bench;
mod holidays;
mod import_directory;
mod import_docs;
mod import_html;
mod import_lines;
mod import_markdown;
mod import_zendesk;
mod imported;
mod init;
mod precompress;
mod profile;
mod progress;
mod search;
mod slim;
mod split_wasm;
mod stamp;
mod synonyms;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Builds Guichet's help-center bundle, imports content and the support directory, and
/// measures search.
#[derive(Parser)]
#[command(name = "guichet-content", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads `CONTENT/articles/*.md` (Markdown with front matter),
    /// `CONTENT/directory/directory.json` and `CONTENT/profile.toml` (the portal profile; the
    /// default one when absent); writes `help-center.<locale>.json`, `directory.json` and
    /// `profile.json` to OUT. A help center whose JSON exceeds the chunk threshold is written
    /// chunked: that file is then the manifest, its parts go to `help-center.<locale>/`.
    Build {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "public/bundle")]
        out: PathBuf,
        /// Chunk threshold in bytes of JSON.
        #[arg(long, default_value_t = build::CHUNK_ABOVE)]
        chunk_above: usize,
    },
    /// Runs a query as a visitor of LOCALE would: the hits in that language, then those in
    /// the other language the glossary (`CONTENT/glossary.tsv`) finds when the first do not
    /// answer every word.
    Search {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The visitor's locale (`en`, `fr`, `de`).
        #[arg(long, default_value = "en")]
        locale: String,
        /// The query.
        query: String,
    },
    /// Writes `FILE.br` and `FILE.gz` next to the wasm, JavaScript, CSS, HTML and JSON files
    /// of DIR (trunk's post-build hook runs it on `dist`), for the intake to serve compressed.
    Precompress {
        /// The folder (recursively).
        dir: PathBuf,
    },
    /// Points the embed loader (DIR/guichet.js) at the pane's content-hashed files in DIR and
    /// writes DIR/guichet-manifest.json (trunk's post-build hook runs it on `dist`).
    Stamp {
        /// The built folder.
        dir: PathBuf,
    },
    /// Minifies the loader, the glue and the parts' linker script of DIR with terser (trunk's
    /// post-build hook runs it after `stamp`).
    Minify {
        /// The built folder.
        dir: PathBuf,
    },
    /// Cuts the pane's wasm (cargo's output, linked with relocations) into the part a first
    /// open needs and the screens loaded on demand, in DIR in place of trunk's single wasm
    /// (trunk's post-build hook runs it before `stamp`).
    SplitWasm {
        /// Cargo's linked pane (`target/wasm32-unknown-unknown/wasm-release/guichet-pane.wasm`).
        #[arg(long)]
        wasm: PathBuf,
        /// Scratch folder.
        #[arg(long, default_value = "target/wasm-split")]
        work: PathBuf,
        /// The built folder (trunk's staging folder).
        dir: PathBuf,
    },
    /// Prints the JSON Schema of the portal profile (`schema/profile.schema.json`), for
    /// editors that complete and check `profile.toml` / `profile.json`.
    ProfileSchema,
    /// Checks a portal profile (TOML or JSON): prints its id, version, flows and fields, or
    /// the first problem with its file, line and key (exit status 1).
    CheckProfile {
        /// The profile file.
        file: PathBuf,
    },
    /// Reports broken in-pane links, empty articles and missing translations in
    /// `CONTENT/articles` (exit status 1 for the first two).
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Runs the labelled queries of `CONTENT/search-eval.tsv` and prints recall@3, MRR and the
    /// zero-result rate per locale (Markdown; also written to REPORT).
    Eval {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The labelled set (TSV: locale, query, article id); by default CONTENT/search-eval.tsv.
        #[arg(long)]
        set: Option<PathBuf>,
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Per-keystroke search latency on synthetic help centers of the given sizes.
    BenchSearch {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Article counts, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1000,20000")]
        articles: Vec<usize>,
    },
    /// Writes the corpora and queries of the side-by-side engine benchmark.
    ExportBench {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "target/bench-search")]
        out: PathBuf,
        /// Article counts, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1000,20000")]
        articles: Vec<usize>,
        /// A real help center and its labelled queries, as `NAME=CONTENT_DIR,SET.tsv`
        /// (repeatable): written as corpora `NAME-<locale>` with `queries-NAME.json`.
        #[arg(long)]
        corpus: Vec<String>,
    },
    /// Imports help-center Markdown of the Microsoft Learn / DocFX flavour into Guichet articles.
    ImportDocs {
        #[arg(long)]
        src: PathBuf,
        #[arg(long, default_value = "content/imported")]
        out: PathBuf,
        /// The DocFX moniker whose variant of a page is kept.
        #[arg(long, default_value = "o365-worldwide")]
        moniker: String,
        /// A folder of include files (`[!INCLUDE]`), repeatable; by default `SRC/includes` and
        /// `SRC/../includes`.
        #[arg(long)]
        includes: Vec<PathBuf>,
    },
    /// Parses the per-country support pages under `REFERENCE/support/` into the directory,
    /// printing every line it could not read as `file:line: text`.
    ImportDirectory {
        #[arg(long)]
        reference: PathBuf,
        #[arg(long, default_value = "content/directory/regions.tsv")]
        regions: PathBuf,
        #[arg(long, default_value = "content/directory/directory.json")]
        out: PathBuf,
    },
    /// Imports a Zendesk Guide export (the Help Center API's `articles*.json` and
    /// `sections*.json` answers saved in SRC) into Guichet articles in OUT.
    ImportZendesk {
        #[arg(long)]
        src: PathBuf,
        #[arg(long, default_value = "content/imported")]
        out: PathBuf,
    },
    /// Imports a Docusaurus or MkDocs docs folder (Markdown/MDX with front matter) into
    /// Guichet articles in OUT.
    ImportMarkdown {
        #[arg(long)]
        src: PathBuf,
        #[arg(long, default_value = "content/imported")]
        out: PathBuf,
        /// Locale of pages whose path names none.
        #[arg(long, default_value = "en")]
        locale: String,
        /// Date (YYYY-MM-DD) of pages whose front matter gives none.
        #[arg(long)]
        updated: String,
    },
    /// Scaffolds a new portal in DIR (support lines, articles, directory) from the example one.
    Init { dir: PathBuf },
    /// Imports a built documentation site (static HTML) into Guichet articles in OUT: the main
    /// content by selector (or Pagefind's `data-pagefind-body`), headings and anchors kept.
    ImportHtml {
        #[arg(long)]
        src: PathBuf,
        #[arg(long, default_value = "content/imported")]
        out: PathBuf,
        /// CSS selector of the main content.
        #[arg(long, default_value = "main")]
        selector: String,
        /// Locale of pages without `<html lang>`.
        #[arg(long, default_value = "en")]
        locale: String,
        /// Date (YYYY-MM-DD) of pages that give none.
        #[arg(long)]
        updated: String,
    },
    /// Compiles a portal's own support lines (TOML: regions, numbers checked with
    /// libphonenumber, hours per support type and language, public holidays and dated closures;
    /// format in `import_lines.rs` and the README) into the directory the pane reads.
    ImportLines {
        #[arg(long)]
        lines: PathBuf,
        #[arg(long, default_value = "content/directory/directory.json")]
        out: PathBuf,
    },
}

fn run(command: Command) -> Result<String, String> {
    Ok(match command {
        Command::Build { content, out, chunk_above } => build::run(&content, &out, chunk_above)?.to_string(),
        Command::Check { content } => check::run(&content)?.to_string(),
        Command::ProfileSchema => profile::schema(),
        Command::Precompress { dir } => precompress::run(&dir)?.to_string(),
        Command::Stamp { dir } => stamp::run(&dir)?.to_string(),
        Command::Minify { dir } => slim::minify(&dir, "terser")?
            .iter()
            .map(|(name, before, after)| format!("{name}: {before} -> {after} bytes"))
            .collect::<Vec<_>>()
            .join(", "),
        Command::SplitWasm { wasm, work, dir } => split_wasm::run(&wasm, &dir, &work)?.to_string(),
        Command::Search { content, locale, query } => {
            let l = guichet_core::Locale::parse(&locale).ok_or(format!("unknown locale {locale:?} (en, fr, de)"))?;
            search::run(&content, l, &query)?
        }
        Command::CheckProfile { file } => profile::check(&file)?,
        Command::Eval { content, set, report } => eval::run(&content, set.as_deref(), report.as_deref())?.to_string(),
        Command::BenchSearch { content, articles } => bench::run(&content, &articles)?.to_string(),
        Command::ExportBench { content, out, articles, corpus } => {
            let mut summary = export_bench::run(&content, &out, &articles)?;
            for c in &corpus {
                summary.push_str(&export_bench::real(c, &out)?);
            }
            summary
        }
        Command::ImportDocs { src, out, moniker, includes } => {
            import_docs::run(&src, &out, &moniker, &includes)?.to_string()
        }
        Command::ImportDirectory { reference, regions, out } => {
            import_directory::run(&reference, &regions, &out)?.to_string()
        }
        Command::Init { dir } => init::run(&dir)?,
        Command::ImportHtml { src, out, selector, locale, updated } => {
            import_html::run(&src, &out, &selector, &locale, &updated)?.to_string()
        }
        Command::ImportLines { lines, out } => import_lines::run(&lines, &out)?.to_string(),
        Command::ImportZendesk { src, out } => import_zendesk::run(&src, &out)?.to_string(),
        Command::ImportMarkdown { src, out, locale, updated } => {
            import_markdown::run(&src, &out, &locale, &updated)?.to_string()
        }
    })
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod cli {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn options_are_typed_and_bad_usage_is_refused() {
        let cli = Cli::try_parse_from(["guichet-content", "bench-search", "--articles", "10,20"]).unwrap();
        assert!(matches!(cli.command, Command::BenchSearch { articles, .. } if articles == [10, 20]));
        let e = Cli::try_parse_from(["guichet-content", "build", "--chunk-above", "lots"]).err().unwrap();
        assert_eq!(e.exit_code(), 2);
        assert!(Cli::try_parse_from(["guichet-content", "import-docs"]).is_err(), "--src is required");
        assert!(Cli::try_parse_from(["guichet-content", "frobnicate"]).is_err());
        Cli::command().debug_assert();
    }
}
