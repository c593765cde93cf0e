//! The entries of the results listbox: places named in the query, then article hits (from the
//! active help center, or from the other locale's when it has none), and how one entry renders.

use crate::i18n::tr;
use crate::routes::fragments;
use crate::state::Ctx;
use guichet_core::search::glossary::across;
use guichet_core::search::Hit;
use guichet_core::Locale;
use leptos::prelude::*;

/// Results shown per query.
pub const LIMIT: usize = 8;
/// Places shown above the articles.
const PLACES: usize = 2;

/// One entry of the listbox.
#[derive(Clone, PartialEq)]
pub enum Entry {
    /// A region named in the query: (slug, name, main number).
    Place(String, String, Option<String>),
    /// An article hit; the locale is set when it differs from the UI's (fallback hits, or a
    /// German UI reading English articles).
    Article(Hit, Option<Locale>),
}

/// The listbox for query `q` in UI locale `l`, given the active help center's `hits`: at most
/// [`PLACES`] places first, then the hits, then the other locale's that answer the query
/// better ([`across`]: all of them when there are no hits), each marked with its language.
/// Reads (and so tracks) the directory, the fallback index and the chunked parts.
pub fn list(ctx: Ctx, q: &str, l: Locale, hits: Vec<Hit>) -> Vec<Entry> {
    ctx.parts.track(); // fallback results of a chunked help center refresh too
    let audience = ctx.audience.get_value();
    let mut out: Vec<Entry> = ctx.directory.with(|d| {
        let Some(d) = d else { return Vec::new() };
        d.places_in_query(q)
            .into_iter()
            .take(PLACES)
            .map(|r| {
                let number = d.contacts(&r.slug, &audience).and_then(|c| c.numbers.first().map(|n| n.display.clone()));
                Entry::Place(r.slug.clone(), r.display_name(l.tag()), number)
            })
            .collect()
    });
    let content = ctx.content_locale();
    let other = content.other();
    // The other language's hits: all of them when this one has none, else those answering more
    // of the query than this one's best (the query put into its words by the glossary). None
    // before this language's articles are there to compare with.
    let across = if q.trim().is_empty() || ctx.index.with(Option::is_none) {
        Vec::new()
    } else {
        let glossary = ctx.glossary.get().unwrap_or_default();
        ctx.fallback.with(|f| f.as_ref().map(|f| across(&hits, f, &glossary, q, content, LIMIT)).unwrap_or_default())
    };
    out.extend(hits.into_iter().map(|h| Entry::Article(h, (content != l).then_some(content))));
    out.extend(across.into_iter().map(|h| Entry::Article(h, (other != l).then_some(other))));
    out
}

/// Option `i` of the listbox (`id="guichet-opt-{i}"`), selected when `active` is `i`.
#[component]
pub fn ResultOption(
    i: usize,
    entry: Entry,
    active: RwSignal<Option<usize>>,
    open: impl Fn() + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let body = match entry {
        Entry::Place(_, name, number) => {
            let l = loc.get_untracked();
            let contacts = tr!(l, support_contacts);
            view! {
                <span class="g-option-title">{format!("{} · {}", tr!(l, contacts_for), name)}</span>
                <span class="g-option-snippet">{number.map(|n| format!("{n} — {contacts}")).unwrap_or_else(|| contacts.to_string())}</span>
            }
            .into_any()
        }
        Entry::Article(h, locale) => {
            let heading = h.heading.clone();
            // An article in another language than the pane's says which.
            let badge = locale.map(|of| crate::i18n::locale_name(loc.get_untracked(), of));
            view! {
                {badge.map(|b| view! { <span class="g-option-lang">{b}</span> })}
                <span class="g-option-title" lang=locale.map(|l| l.tag())>{fragments(h.title)}</span>
                {(!heading.is_empty()).then(|| view! { <span class="g-option-heading">{heading}</span> })}
                <span class="g-option-snippet">{fragments(h.snippet)}</span>
            }
            .into_any()
        }
    };
    view! {
        <li id=format!("guichet-opt-{i}") role="option" class="g-option"
            aria-selected=move || (active.get() == Some(i)).to_string()
            on:click=move |_| open()
            on:mousemove=move |_| if active.get_untracked() != Some(i) { active.set(Some(i)) }>
            {body}
        </li>
    }
}
