//! Writes a chunked help-center bundle (format: `guichet_core::search::chunks`): the manifest
//! as `DIR/NAME.json`, its vocabulary parts, shards and articles as `DIR/NAME/words-<n>.json`,
//! `DIR/NAME/shard-<n>.json` and `DIR/NAME/article-<n>.json`.

use guichet_core::search::SearchIndex;
use std::path::Path;

/// Postings per shard: about 100–150 KB of JSON (30–50 KB brotli), fetched per query word.
pub const POSTINGS_PER_SHARD: usize = 16_384;

/// Words per vocabulary part: about 40 KB of JSON (10–15 KB brotli), fetched for the word
/// being typed and for typo expansion. At least the 64 expansions of a prefix, so that a
/// prefix needs two parts at most.
pub const WORDS_PER_PART: usize = 2_048;

/// What was written: file count and bytes (raw JSON) of the manifest and of all parts.
#[derive(Debug, Default)]
pub struct Written {
    /// Vocabulary part files.
    pub word_parts: usize,
    /// Shard files.
    pub shards: usize,
    /// Article files.
    pub articles: usize,
    /// Bytes of the manifest.
    pub manifest_bytes: usize,
    /// Bytes of every shard and article file.
    pub part_bytes: usize,
}

/// Writes `idx` (an in-memory index) chunked under `dir` as `name`; an older `dir/name/` is
/// replaced. Errors: I/O (the message names the path).
pub fn write(dir: &Path, name: &str, idx: &SearchIndex) -> Result<Written, String> {
    let (manifest, words, shards, articles) = idx.to_chunks(WORDS_PER_PART, POSTINGS_PER_SHARD);
    let parts = dir.join(name);
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    if parts.exists() {
        std::fs::remove_dir_all(&parts).map_err(|e| io(&parts, e))?;
    }
    std::fs::create_dir_all(&parts).map_err(|e| io(&parts, e))?;
    let mut w =
        Written { word_parts: words.len(), shards: shards.len(), articles: articles.len(), ..Written::default() };
    let put = |path: &Path, json: String| -> Result<usize, String> {
        std::fs::write(path, &json).map_err(|e| io(path, e))?;
        Ok(json.len())
    };
    for part in &words {
        w.part_bytes += put(
            &parts.join(format!("words-{}.json", part.part)),
            serde_json::to_string(part).map_err(|e| e.to_string())?,
        )?;
    }
    for shard in &shards {
        w.part_bytes += put(
            &parts.join(format!("shard-{}.json", shard.shard)),
            serde_json::to_string(shard).map_err(|e| e.to_string())?,
        )?;
    }
    for a in &articles {
        w.part_bytes += put(
            &parts.join(format!("article-{}.json", a.article)),
            serde_json::to_string(a).map_err(|e| e.to_string())?,
        )?;
    }
    w.manifest_bytes =
        put(&dir.join(format!("{name}.json")), serde_json::to_string(&manifest).map_err(|e| e.to_string())?)?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_core::search::{ArticleChunk, Bundle, Shard, WordsPart};
    use guichet_core::Locale;

    #[test]
    fn a_written_bundle_reads_back_and_answers_like_the_index() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let idx = SearchIndex::build(crate::bench::synthetic(&root, Locale::En, 300).unwrap());
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join("hc/article-999999.json")).unwrap(); // stale part
        let w = write(out.path(), "hc", &idx).unwrap();
        assert!(w.word_parts >= 1 && w.shards > 1 && w.articles == 300, "{w:?}");
        assert!(!out.path().join("hc/article-999999.json").exists(), "older parts are removed");
        let read = |p: String| std::fs::read_to_string(out.path().join(p)).unwrap();
        let chunked = Bundle::from_json(&read("hc.json".into())).unwrap().into_index().unwrap();
        for q in ["support phone", "refund", "billing acconut"] {
            for _ in 0..4 {
                let needs = chunked.needs(q, 8);
                for n in needs.words {
                    chunked
                        .add_words(serde_json::from_str::<WordsPart>(&read(format!("hc/words-{n}.json"))).unwrap())
                        .unwrap();
                }
                for s in needs.shards {
                    chunked
                        .add_shard(serde_json::from_str::<Shard>(&read(format!("hc/shard-{s}.json"))).unwrap())
                        .unwrap();
                }
                for a in needs.articles {
                    chunked
                        .add_article(
                            serde_json::from_str::<ArticleChunk>(&read(format!("hc/article-{a}.json"))).unwrap(),
                        )
                        .unwrap();
                }
            }
            assert!(chunked.needs(q, 8).is_empty(), "{q}");
            assert_eq!(chunked.search(q, 8), idx.search(q, 8), "{q}");
        }
    }

    #[test]
    fn an_unwritable_place_is_an_error_naming_it() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("file"), "x").unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let idx = SearchIndex::build(crate::bench::synthetic(&root, Locale::En, 5).unwrap());
        let err = write(&out.path().join("file"), "hc", &idx).unwrap_err();
        assert!(err.contains("file"), "{err}");
    }
}
