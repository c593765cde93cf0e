//! Generates the `i18n` module of the pane from `locales/{en,fr,de}.json` (leptos_i18n): a
//! missing key in a locale or an unknown key in the code fails the build.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?).join("i18n");
    let options = ParseOptions::default().interpolate_display(true);
    let cfg = Config::new("en")?.add_locales(["fr", "de"])?.parse_options(options);
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
