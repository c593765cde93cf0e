//! `guichet-content init DIR`: scaffolds a new portal from the example one (`examples/acme`):
//! its portal profile (`content/profile.toml`: flows, plans, severities, response times),
//! its support lines (`lines.toml`), two articles in English and French, and the directory
//! compiled from the lines, ready for `build` and for the demo (`GUICHET_CONTENT=DIR/content
//! ./scripts/demo.sh`).

use std::path::Path;

/// The example portal's files, as `(path in DIR, text)`.
const FILES: [(&str, &str); 6] = [
    ("lines.toml", include_str!("../../../examples/acme/lines.toml")),
    ("content/profile.toml", include_str!("../../../examples/acme/content/profile.toml")),
    (
        "content/articles/reset-password.en.md",
        include_str!("../../../examples/acme/content/articles/reset-password.en.md"),
    ),
    (
        "content/articles/reset-password.fr.md",
        include_str!("../../../examples/acme/content/articles/reset-password.fr.md"),
    ),
    ("content/articles/invoices.en.md", include_str!("../../../examples/acme/content/articles/invoices.en.md")),
    ("content/articles/invoices.fr.md", include_str!("../../../examples/acme/content/articles/invoices.fr.md")),
];

/// Writes the new portal into `dir` (created; it must not hold anything yet) and returns the
/// next steps. Errors: a `dir` that is not empty, or the file system's, naming the path.
pub fn run(dir: &Path) -> Result<String, String> {
    if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{}: not empty; init writes into a new or empty folder", dir.display()));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        // The profile points editors at its schema, written next to it.
        let text = text.replace("#:schema ../../../schema/profile.schema.json", "#:schema ./profile.schema.json");
        std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    let schema = dir.join("content/profile.schema.json");
    std::fs::write(&schema, crate::profile::schema() + "\n").map_err(|e| format!("{}: {e}", schema.display()))?;
    let lines = crate::import_lines::run(&dir.join("lines.toml"), &dir.join("content/directory/directory.json"))?;
    let d = dir.display();
    Ok(format!(
        "new portal in {d}: {} articles, {lines}\nnext:\n  edit {d}/content/profile.toml (flows, fields, plans, response times), then: guichet-content check-profile {d}/content/profile.toml\n  edit {d}/lines.toml, then: guichet-content import-lines --lines {d}/lines.toml --out {d}/content/directory/directory.json\n  write articles in {d}/content/articles, then: guichet-content check --content {d}/content\n  run it: GUICHET_CONTENT={d}/content ./scripts/demo.sh",
        FILES.len() - 2
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_portal_builds_and_passes_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let portal = dir.path().join("portal");
        let next = run(&portal).unwrap();
        assert!(next.contains("GUICHET_CONTENT="), "{next}");
        let report =
            crate::build::run(&portal.join("content"), &dir.path().join("bundle"), crate::build::CHUNK_ABOVE).unwrap();
        assert!(report.untranslated.is_empty());
        assert!(dir.path().join("bundle/directory.json").exists());
        let profile: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("bundle/profile.json")).unwrap()).unwrap();
        assert_eq!(profile["id"], "acme-cloud");
        let toml = std::fs::read_to_string(portal.join("content/profile.toml")).unwrap();
        assert!(toml.starts_with("#:schema ./profile.schema.json\n"), "{toml}");
        assert!(portal.join("content/profile.schema.json").exists());
        crate::check::run(&portal.join("content")).unwrap();
        // A second init into the same folder is refused, and nothing is overwritten.
        std::fs::write(portal.join("lines.toml"), "# mine").unwrap();
        assert!(run(&portal).unwrap_err().contains("not empty"));
        assert_eq!(std::fs::read_to_string(portal.join("lines.toml")).unwrap(), "# mine");
    }
}
