//! `profile-schema` and `check-profile`: the portal profile's JSON Schema, and a check of a
//! profile file that names the file, line and key of the first problem.

use guichet_core::profile::Profile;
use std::path::Path;

/// The JSON Schema (draft-07, as `schemars` 0.8 writes it) of a profile, pretty-printed.
pub fn schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Profile)).expect("a schema is JSON");
    schema["$id"] = "https://guichet.dev/schema/profile.schema.json".into();
    schema["description"] = "A Guichet portal profile: flows with their fields, plans, severities, which issue \
        types allow which severities, and the response-time matrix. Documented in README.md (Portal profile)."
        .into();
    serde_json::to_string_pretty(&schema).expect("JSON")
}

/// Reads and checks `file` (`.json` as JSON, else TOML); a summary of what it holds.
/// Errors: the file's problem, `file:line:column: `key`: message`.
pub fn check(file: &Path) -> Result<String, String> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| format!("{name}: {e}"))?;
    let p = if name.ends_with(".json") { Profile::from_json(&text, &name) } else { Profile::from_toml(&text, &name) }
        .map_err(|e| e.to_string())?;
    let mut out = format!(
        "{name}: profile {} — {} plans, {} severities, {} issue types, {} response rules\n",
        p.tag(),
        p.plans.len(),
        p.severities.len(),
        p.issue_types.len(),
        p.responses.len()
    );
    for f in &p.flows {
        let fields: Vec<String> = f.fields.iter().map(|d| format!("{} ({:?})", d.id, d.kind)).collect();
        out.push_str(&format!(
            "  flow {}: {}\n",
            f.id,
            if fields.is_empty() { "built-in fields only".into() } else { fields.join(", ") }
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let committed =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/profile.schema.json"))
                .expect("schema/profile.schema.json (guichet-content profile-schema > schema/profile.schema.json)");
        assert_eq!(
            committed,
            schema() + "\n",
            "regenerate: guichet-content profile-schema > schema/profile.schema.json"
        );
    }

    #[test]
    fn both_shipped_profiles_check_and_a_broken_one_names_its_line() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for f in ["content/profile.toml", "examples/acme/content/profile.toml"] {
            let out = check(&root.join(f)).unwrap();
            assert!(out.contains("profile "), "{out}");
        }
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("p.toml");
        std::fs::write(
            &bad,
            guichet_core::profile::DEFAULT_TOML.replace("within = \"next_day\"", "within = \"tomorrow\""),
        )
        .unwrap();
        let e = check(&bad).unwrap_err();
        assert!(e.contains("p.toml:") && e.contains("`responses[3].within`") && e.contains("tomorrow"), "{e}");
    }
}
