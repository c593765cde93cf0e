//! Reading a profile from TOML or JSON, with errors that name the file, the line and the key.

use super::{Profile, ProfileError};

/// The 1-based line and column (in characters) of byte offset `at` in `text` (clamped to its
/// end): where profile errors, and the content CLI's errors in its TOML files, point.
pub fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    (before.matches('\n').count() + 1, before.rsplit('\n').next().unwrap_or("").chars().count() + 1)
}

impl Profile {
    /// Reads a profile from TOML text; `file` names it in errors. The profile is checked
    /// ([`Profile::check`]) before it is returned.
    ///
    /// Errors: [`ProfileError`] with the file, the line and column (1-based) when the text
    /// itself is at fault, the key path (`flows[2].fields[0].type`) and what is wrong.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str, file: &str) -> Result<Profile, ProfileError> {
        let at = |span: Option<std::ops::Range<usize>>| span.map(|s| line_and_column(text, s.start));
        let de = toml::Deserializer::parse(text).map_err(|e| ProfileError {
            file: file.to_string(),
            at: at(e.span()),
            key: String::new(),
            message: e.message().to_string(),
        })?;
        #[cfg(not(target_arch = "wasm32"))]
        let profile: Profile = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            ProfileError { file: file.to_string(), at: at(inner.span()), key, message: inner.message().to_string() }
        })?;
        // (Built for wasm32 only by the browser tests: no key path there.)
        #[cfg(target_arch = "wasm32")]
        let profile: Profile = serde::Deserialize::deserialize(de).map_err(|e: toml::de::Error| ProfileError {
            file: file.to_string(),
            at: at(e.span()),
            key: String::new(),
            message: e.message().to_string(),
        })?;
        profile.check().map_err(|mut e| {
            e.file = file.to_string();
            e
        })?;
        Ok(profile)
    }

    /// Reads a profile from JSON text (the form the content build writes into a bundle);
    /// `file` names it in errors. Errors as [`Profile::from_toml`] (in the pane, built for
    /// wasm32, without the key path: the bundle's profile was checked when it was built).
    pub fn from_json(text: &str, file: &str) -> Result<Profile, ProfileError> {
        #[cfg(target_arch = "wasm32")]
        let profile: Profile = serde_json::from_str(text).map_err(|e| ProfileError {
            file: file.to_string(),
            at: Some((e.line(), e.column())),
            key: String::new(),
            message: e.to_string(),
        })?;
        #[cfg(not(target_arch = "wasm32"))]
        let mut de = serde_json::Deserializer::from_str(text);
        #[cfg(not(target_arch = "wasm32"))]
        let profile: Profile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            ProfileError {
                file: file.to_string(),
                at: Some((inner.line(), inner.column())),
                key,
                message: inner.to_string(),
            }
        })?;
        profile.check().map_err(|mut e| {
            e.file = file.to_string();
            e
        })?;
        Ok(profile)
    }
}
