//! One file per screen of the pane.

pub mod article;
pub mod contact;
pub mod requests;
pub mod search;
pub mod ticket;

use guichet_core::search::Fragment;
use leptos::prelude::*;

/// Renders highlighted fragments with `<mark>` around matches (text only, never HTML).
pub fn fragments(frags: Vec<Fragment>) -> impl IntoView {
    frags
        .into_iter()
        .map(|f| if f.mark { view! { <mark>{f.text}</mark> }.into_any() } else { f.text.into_any() })
        .collect_view()
}
