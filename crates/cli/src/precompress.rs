//! `guichet-content precompress DIR`: writes `FILE.br` (brotli, quality 11) and `FILE.gz`
//! (gzip, level 9) next to every text or wasm file of DIR (recursively) of at least 1 KiB, so
//! that the intake serves them compressed without compressing per request (it picks the
//! variant the browser accepts). A variant newer than its file is kept; one older is
//! rewritten, so a rebuilt file never goes out with a stale variant.

use std::io::Write;
use std::path::Path;

/// Extensions worth compressing.
const EXTENSIONS: [&str; 8] = ["wasm", "js", "css", "html", "json", "svg", "txt", "map"];
/// Smaller files are sent as they are.
const MIN_BYTES: u64 = 1024;

/// What was written: files compressed, bytes before, brotli bytes, gzip bytes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files compressed (or already up to date).
    pub files: usize,
    /// Their total size.
    pub raw: u64,
    /// Total of their `.br` variants.
    pub brotli: u64,
    /// Total of their `.gz` variants.
    pub gzip: u64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "precompressed {} files: {} bytes → {} brotli, {} gzip", self.files, self.raw, self.brotli, self.gzip)
    }
}

fn fresh(variant: &Path, source: &std::fs::Metadata) -> bool {
    let (Ok(v), Ok(s)) = (std::fs::metadata(variant).and_then(|m| m.modified()), source.modified()) else {
        return false;
    };
    v >= s
}

/// Compresses the files of `dir`. Errors: the file system's, naming the path.
pub fn run(dir: &Path) -> Result<Report, String> {
    let mut report = Report::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if !EXTENSIONS.contains(&ext) || meta.len() < MIN_BYTES {
                continue;
            }
            let br = path.with_extension(format!("{ext}.br"));
            let gz = path.with_extension(format!("{ext}.gz"));
            if !(fresh(&br, &meta) && fresh(&gz, &meta)) {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let mut out = Vec::new();
                let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
                brotli::BrotliCompress(&mut bytes.as_slice(), &mut out, &params)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                std::fs::write(&br, &out).map_err(|e| format!("{}: {e}", br.display()))?;
                let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                gzip.write_all(&bytes).map_err(|e| e.to_string())?;
                std::fs::write(&gz, gzip.finish().map_err(|e| e.to_string())?)
                    .map_err(|e| format!("{}: {e}", gz.display()))?;
            }
            report.files += 1;
            report.raw += meta.len();
            report.brotli += std::fs::metadata(&br).map(|m| m.len()).unwrap_or(0);
            report.gzip += std::fs::metadata(&gz).map(|m| m.len()).unwrap_or(0);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn writes_both_variants_that_decompress_to_the_file_and_refreshes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let text = "{\"a\": \"help center\"}\n".repeat(200);
        std::fs::create_dir_all(dir.path().join("bundle")).unwrap();
        std::fs::write(dir.path().join("bundle/help.json"), &text).unwrap();
        std::fs::write(dir.path().join("small.js"), "x").unwrap();
        std::fs::write(dir.path().join("photo.png"), vec![0u8; 4096]).unwrap();
        let r = run(dir.path()).unwrap();
        assert_eq!((r.files, r.raw), (1, text.len() as u64));
        assert!(r.brotli < r.raw / 10 && r.gzip < r.raw / 5, "{r}");
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut std::fs::File::open(dir.path().join("bundle/help.json.br")).unwrap(), &mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
        let mut gz = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.path().join("bundle/help.json.gz")).unwrap())
            .read_to_string(&mut gz)
            .unwrap();
        assert_eq!(gz, text);
        assert!(!dir.path().join("small.js.br").exists() && !dir.path().join("photo.png.br").exists());
        // The file changes after its variants were written: they are rewritten.
        let changed = "{\"b\": 2}\n".repeat(300);
        std::fs::write(dir.path().join("bundle/help.json"), &changed).unwrap();
        // Later than its variants whatever the file system's timestamp granularity.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
        std::fs::File::options()
            .write(true)
            .open(dir.path().join("bundle/help.json"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        run(dir.path()).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut std::fs::File::open(dir.path().join("bundle/help.json.br")).unwrap(), &mut back)
            .unwrap();
        assert_eq!(back, changed.as_bytes());
    }
}
