//! Guichet core: everything the pane, the intake server and the content CLI share.
//!
//! One rule lives in one place: the help-center model ([`help_center`]), search index
//! build and query ([`search`]), the support directory and its opening hours
//! ([`directory`], [`hours`]), and the ticket schema with its validation and severity
//! rules ([`ticket`]). The crate is pure (no I/O) and compiles to `wasm32-unknown-unknown`
//! and to native targets; it is tested natively.

pub mod analytics;
pub mod directory;
pub mod help_center;
pub mod hours;
pub mod identity;
pub mod locale;
pub mod names;
pub mod profile;
pub mod search;
pub mod sort;
pub mod text;
pub mod ticket;
pub mod wire;
pub mod zone;

pub use locale::Locale;
