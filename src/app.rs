//! The pane shell: launcher button, header with language switch, and the current screen.
//! Shared state lives in [`Ctx`], provided as context to every screen.

use crate::api::{self, Config};
use crate::browser;
use crate::i18n::tr;
use crate::outbox::{self, Queued};
use crate::routes::requests::RequestsScreen;
use crate::routes::{
    article::ArticleScreen,
    contact::ContactScreen,
    search::SearchScreen,
    ticket::{DoneScreen, TicketScreen},
};
use chrono::{DateTime, Utc};
use guichet_core::directory::{Audience, Directory};
use guichet_core::identity::SignedIdentity;
use guichet_core::search::{Bundle, SearchIndex};
use guichet_core::ticket::SupportPlan;
use guichet_core::Locale;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Settings read from the host page.
#[derive(Clone, Debug)]
pub struct Boot {
    pub config: Config,
    pub locale: Option<String>,
    pub region: Option<String>,
    pub plan: Option<String>,
    pub cloud: Option<String>,
    pub identity: Option<String>,
    /// Mount inline (always open, no launcher) instead of a floating launcher.
    pub inline: bool,
    /// `"light"` (default) or `"dark"`.
    pub theme: Option<String>,
    /// `"left"` or `"right"` (default: the end side of the page's direction).
    pub position: Option<String>,
}

impl Boot {
    /// Settings from a lookup of the host's `data-*` values by name (`"endpoint"`,
    /// `"bundle"`, `"locale"`, `"region"`, `"plan"`, `"cloud"`, `"identity"`, `"container"`):
    /// empty values count as absent.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Boot {
        let get = |k: &str| get(k).filter(|v| !v.is_empty());
        Boot {
            config: Config {
                bundle: get("bundle").unwrap_or_else(|| "bundle".into()).trim_end_matches('/').to_string(),
                endpoint: get("endpoint").unwrap_or_default().trim_end_matches('/').to_string(),
            },
            locale: get("locale"),
            region: get("region"),
            plan: get("plan"),
            cloud: get("cloud"),
            identity: get("identity"),
            inline: get("container").is_some(),
            theme: get("theme"),
            position: get("position"),
        }
    }
}

/// A suggestion of the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum Suggestion {
    /// One of the help center's articles, by id.
    Article(String),
    /// An external page: title and http(s) or site-relative URL.
    Link { title: String, url: String },
}

impl Suggestion {
    /// Reads `"article-id"` or `{"title", "url"}`; links must be `http(s)://` or start with `/`.
    pub fn parse(v: &serde_json::Value) -> Option<Suggestion> {
        match v {
            serde_json::Value::String(id) => Some(Suggestion::Article(id.clone())),
            serde_json::Value::Object(o) => {
                let title = o.get("title")?.as_str()?.trim().to_string();
                let url = o.get("url")?.as_str()?.trim().to_string();
                let safe = url.starts_with("https://")
                    || url.starts_with("http://")
                    || (url.starts_with('/') && !url.starts_with("//"));
                (safe && !title.is_empty()).then_some(Suggestion::Link { title, url })
            }
            _ => None,
        }
    }
}

/// How many screens Back remembers.
pub const HISTORY: usize = 32;

/// Which screen the pane shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    Home,
    /// An article; `locale` is set when it comes from the other locale's fallback results.
    Article {
        id: String,
        anchor: String,
        locale: Option<Locale>,
    },
    Contact,
    Ticket,
    Done {
        id: String,
        response: String,
    },
    Requests,
}

/// State shared by the screens.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub locale: RwSignal<Locale>,
    pub screen: RwSignal<Screen>,
    pub history: RwSignal<Vec<Screen>>,
    pub query: RwSignal<String>,
    pub index: RwSignal<Option<Rc<SearchIndex>>, LocalStorage>,
    /// The other locale's index, loaded when a query has no result in the active locale.
    pub fallback: RwSignal<Option<Rc<SearchIndex>>, LocalStorage>,
    pub load_error: RwSignal<Option<String>>,
    pub fallback_loading: RwSignal<bool>,
    /// Bumped whenever parts of a chunked help center arrive: searches and article views that
    /// read it run again.
    pub parts: RwSignal<u32>,
    pub directory: RwSignal<Option<Rc<Directory>>, LocalStorage>,
    pub region: RwSignal<Option<String>>,
    pub from_article: RwSignal<Option<String>>,
    pub now: RwSignal<DateTime<Utc>>,
    pub config: StoredValue<Config>,
    pub visitor_zone: StoredValue<String>,
    pub browser_lang: StoredValue<String>,
    pub plan: StoredValue<SupportPlan>,
    pub audience: StoredValue<Audience>,
    /// Identity signed by the host's backend (`data-identity`), if any.
    pub identity: StoredValue<Option<SignedIdentity>>,
    /// Suggestions of the host page for the current page (`Guichet.suggest`): article ids or
    /// `{title, url}` links, shown first on the home screen.
    pub suggestions: RwSignal<Vec<Suggestion>>,
    /// Ticket fields the host page asked to prefill (`Guichet.prefill`), applied by the form.
    pub prefill: RwSignal<Option<serde_json::Value>>,
    /// Tickets waiting to be sent.
    pub outbox: RwSignal<Vec<Queued>>,
    pub outbox_busy: RwSignal<bool>,
    /// Field errors the server returned for a queued ticket.
    pub server_errors: RwSignal<Vec<(String, String)>>,
    /// Why the server refused a ticket for good (forged identity...).
    pub rejected: RwSignal<Option<String>>,
}

impl Ctx {
    /// Shows `s`, remembering the current screen for Back.
    /// Back remembers at most [`HISTORY`] screens, so a pane left open for hours stays small.
    pub fn go(&self, s: Screen) {
        let cur = self.screen.get_untracked();
        self.history.update(|h| {
            if h.len() >= HISTORY {
                h.remove(0);
            }
            h.push(cur)
        });
        self.screen.set(s);
    }

    /// Returns to the previous screen (Home if none).
    pub fn back(&self) {
        let prev = self.history.try_update(|h| h.pop()).flatten().unwrap_or(Screen::Home);
        self.screen.set(prev);
    }

    /// The locale as a memo owned by the calling screen. A screen's texts subscribe to it and
    /// it alone subscribes to the pane's locale: reactive_graph 0.2 keeps a dropped
    /// subscriber's entry in a long-lived signal until that signal is dropped, so a screen
    /// then leaves one entry behind instead of one per text.
    pub fn screen_locale(&self) -> Memo<Locale> {
        let l = self.locale;
        Memo::new(move |_| l.get())
    }

    /// False once an unmount has disposed of this state: async work that resumes after an
    /// await checks it before touching the state.
    pub fn alive(&self) -> bool {
        self.locale.try_get_untracked().is_some()
    }

    /// Locale of the loaded articles: the UI locale, or [`Locale::other`] when the help center
    /// has no articles in it (German UI, English articles). Reactive.
    pub fn content_locale(&self) -> Locale {
        let l = self.locale.get();
        self.index.with(|i| i.as_ref().map(|i| i.help_center().locale)).unwrap_or(l)
    }

    /// Loads the help center in the other content locale for fallback results, once.
    pub fn load_fallback(&self) {
        let ctx = *self;
        if ctx.fallback.with_untracked(Option::is_some) || ctx.fallback_loading.get_untracked() {
            return;
        }
        ctx.fallback_loading.set(true);
        let other = ctx.content_locale_untracked().other();
        spawn_local(async move {
            let loaded = api::help_center(&ctx.config.get_value(), other).await;
            if !ctx.alive() {
                return;
            }
            if let Ok(index) = loaded.and_then(Bundle::into_index) {
                if ctx.content_locale_untracked().other() == other {
                    ctx.fallback.set(Some(Rc::new(index)));
                }
            }
            ctx.fallback_loading.set(false);
        });
    }

    fn content_locale_untracked(&self) -> Locale {
        untrack(|| self.content_locale())
    }

    /// Loads (or reloads) the help center for the current locale.
    pub fn load_index(&self) {
        let ctx = *self;
        let l = ctx.locale.get_untracked();
        ctx.load_error.set(None);
        spawn_local(async move {
            let loaded = api::help_center_for(&ctx.config.get_value(), l).await;
            if !ctx.alive() {
                return;
            }
            match loaded.and_then(Bundle::into_index) {
                Ok(index) if ctx.locale.get_untracked() == l => ctx.index.set(Some(Rc::new(index))),
                Ok(_) => {}
                Err(e) => ctx.load_error.set(Some(e)),
            }
        });
    }

    /// For a chunked help center: fetches what `index` lacks to answer `query` with `limit`
    /// hits exactly (the shards of its words, then the articles of its best candidates), then bumps
    /// [`Ctx::parts`]. Does nothing for a whole help center or when nothing is missing.
    /// A failed fetch is reported through `load_error` (the results shown stay those of the
    /// parts already there).
    pub fn load_parts(&self, index: Rc<SearchIndex>, query: String, limit: usize) {
        if !index.is_chunked() || index.needs(&query, limit).is_empty() {
            return;
        }
        let ctx = *self;
        spawn_local(async move {
            // Two rounds at most: shards, then the candidates' articles.
            for _ in 0..2 {
                let needs = index.needs(&query, limit);
                if needs.is_empty() {
                    break;
                }
                let fetched = api::index_parts(&ctx.config.get_value(), index.help_center().locale, &needs).await;
                if !ctx.alive() {
                    return;
                }
                let added = fetched.and_then(|(shards, articles)| {
                    shards.into_iter().try_for_each(|s| index.add_shard(s))?;
                    articles.into_iter().try_for_each(|a| index.add_article(a))
                });
                if let Err(e) = added {
                    ctx.load_error.set(Some(e));
                    return;
                }
                ctx.parts.update(|n| *n += 1);
            }
        });
    }

    /// For a chunked help center: fetches article `id` in full if it is not there yet, then
    /// bumps [`Ctx::parts`]. A failed fetch is reported through `load_error`.
    pub fn load_article(&self, index: Rc<SearchIndex>, id: String) {
        let Some(n) = index.article_number(&id).filter(|_| index.is_chunked() && index.article(&id).is_none()) else {
            return;
        };
        let ctx = *self;
        spawn_local(async move {
            let needs = guichet_core::search::Needs { shards: Vec::new(), articles: vec![n] };
            let fetched = api::index_parts(&ctx.config.get_value(), index.help_center().locale, &needs).await;
            if !ctx.alive() {
                return;
            }
            match fetched.and_then(|(_, articles)| articles.into_iter().try_for_each(|a| index.add_article(a))) {
                Ok(()) => ctx.parts.update(|n| *n += 1),
                Err(e) => ctx.load_error.set(Some(e)),
            }
        });
    }
}

/// Plan and cloud from the host page: `data-plan="enterprise"` shows enterprise numbers (Japan);
/// `data-cloud="21vianet"` or `"germany"` (or `data-plan="vianet21"`) switches to that cloud's
/// directory.
fn audience(boot: &Boot) -> Audience {
    let plan = boot.plan.as_deref().and_then(parse_plan);
    let cloud = boot.cloud.clone().or_else(|| (plan == Some(SupportPlan::Vianet21)).then(|| "21vianet".to_string()));
    Audience {
        plan: Some(if plan == Some(SupportPlan::Enterprise) { "enterprise".into() } else { "other".into() }),
        cloud,
    }
}

fn parse_plan(s: &str) -> Option<SupportPlan> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

thread_local! {
    /// The pane's state while mounted, with the root owner of its signals.
    static STATE: std::cell::RefCell<Option<(Ctx, Owner)>> = const { std::cell::RefCell::new(None) };
    /// What an unmount keeps for the next mount.
    static KEPT: std::cell::RefCell<Option<Kept>> = const { std::cell::RefCell::new(None) };
}

/// The visitor's place in the pane and what was loaded, kept across an unmount.
struct Kept {
    locale: Locale,
    screen: Screen,
    history: Vec<Screen>,
    query: String,
    index: Option<Rc<SearchIndex>>,
    fallback: Option<Rc<SearchIndex>>,
    directory: Option<Rc<Directory>>,
    region: Option<String>,
    suggestions: Vec<Suggestion>,
    prefill: Option<serde_json::Value>,
    identity: Option<SignedIdentity>,
}

/// The state of the pane: created at mount from `boot`, or from what the last unmount kept.
fn state(boot: &Boot) -> Ctx {
    if let Some(ctx) = STATE.with(|s| s.borrow().as_ref().map(|(c, _)| *c)) {
        return ctx;
    }
    let kept = KEPT.with(|k| k.borrow_mut().take());
    let owner = Owner::new_root(None);
    let ctx = owner.with(|| new_state(boot, kept));
    STATE.with(|s| *s.borrow_mut() = Some((ctx, owner)));
    ctx
}

/// Called once the pane's view is unmounted: keeps what the next mount needs, then disposes of
/// every signal of the state. Disposing matters: reactive_graph 0.2 leaves a disposed view's
/// subscriptions in the long-lived signals it read until those signals are dropped (about
/// 2 KB per screen shown), so an unmount is what gives that memory back.
pub fn release_state() {
    let Some((ctx, owner)) = STATE.with(|s| s.borrow_mut().take()) else { return };
    KEPT.with(|k| {
        *k.borrow_mut() = Some(Kept {
            locale: ctx.locale.get_untracked(),
            screen: ctx.screen.get_untracked(),
            history: ctx.history.get_untracked(),
            query: ctx.query.get_untracked(),
            index: ctx.index.get_untracked(),
            fallback: ctx.fallback.get_untracked(),
            directory: ctx.directory.get_untracked(),
            region: ctx.region.get_untracked(),
            suggestions: ctx.suggestions.get_untracked(),
            prefill: ctx.prefill.get_untracked(),
            identity: ctx.identity.get_value(),
        })
    });
    owner.cleanup();
}

fn new_state(boot: &Boot, kept: Option<Kept>) -> Ctx {
    let browser_lang = browser::navigator_language();
    let locale = Locale::negotiate(boot.locale.as_deref(), &browser_lang, browser::page_language().as_deref());
    let identity = boot.identity.as_deref().and_then(|s| serde_json::from_str(s).ok());
    let k = kept.unwrap_or_else(|| Kept {
        locale,
        screen: Screen::Home,
        history: Vec::new(),
        query: String::new(),
        index: None,
        fallback: None,
        directory: None,
        region: boot.region.clone(),
        suggestions: Vec::new(),
        prefill: None,
        identity,
    });
    Ctx {
        locale: RwSignal::new(k.locale),
        screen: RwSignal::new(k.screen),
        history: RwSignal::new(k.history),
        query: RwSignal::new(k.query),
        index: RwSignal::new_local(k.index),
        fallback: RwSignal::new_local(k.fallback),
        load_error: RwSignal::new(None),
        fallback_loading: RwSignal::new(false),
        parts: RwSignal::new(0),
        directory: RwSignal::new_local(k.directory),
        region: RwSignal::new(k.region),
        from_article: RwSignal::new(None),
        now: RwSignal::new(Utc::now()),
        config: StoredValue::new(boot.config.clone()),
        visitor_zone: StoredValue::new(browser::time_zone()),
        browser_lang: StoredValue::new(browser_lang),
        plan: StoredValue::new(boot.plan.as_deref().and_then(parse_plan).unwrap_or(SupportPlan::Business)),
        audience: StoredValue::new(audience(boot)),
        identity: StoredValue::new(k.identity),
        prefill: RwSignal::new(k.prefill),
        suggestions: RwSignal::new(k.suggestions),
        outbox: RwSignal::new(outbox::load()),
        outbox_busy: RwSignal::new(false),
        server_errors: RwSignal::new(Vec::new()),
        rejected: RwSignal::new(None),
    }
}

/// The pane with its launcher.
#[component]
pub fn App(boot: Boot) -> impl IntoView {
    let ctx = state(&boot);
    provide_context(ctx);
    let inline = boot.inline;
    let open = RwSignal::new(inline);
    crate::embed::register(ctx, open);
    Effect::new(move |prev: Option<bool>| {
        let o = open.get();
        if prev.is_some_and(|p| p != o) {
            crate::embed::emit(if o { "open" } else { "close" }, serde_json::json!({}));
        }
        o
    });

    // Help center of the active locale; reloaded when the locale changes.
    Effect::new(move |prev: Option<Locale>| {
        let l = ctx.locale.get();
        let loaded = ctx.index.with_untracked(Option::is_some);
        if prev.map_or(!loaded, |p| p != l) {
            ctx.index.set(None);
            ctx.fallback.set(None);
            ctx.load_index();
        }
        l
    });
    // Directory, once; then the visitor's region unless the host page set one.
    if ctx.directory.with_untracked(Option::is_none) {
        spawn_local(async move {
            let loaded = api::directory(&ctx.config.get_value()).await;
            if !ctx.alive() {
                return;
            }
            if let Ok(d) = loaded {
                if ctx.region.get_untracked().is_none() {
                    let lang = ctx.browser_lang.get_value();
                    let zone = ctx.visitor_zone.get_value();
                    ctx.region.set(d.detect_region(&lang, &zone).or_else(|| d.region("US")).map(|r| r.slug.clone()));
                } else if let Some(code) = ctx.region.get_untracked() {
                    // data-region may be an ISO code: map it to the region's slug.
                    if let Some(r) = d.region(&code).or_else(|| d.by_slug(&code)) {
                        ctx.region.set(Some(r.slug.clone()));
                    }
                }
                ctx.directory.set(Some(Rc::new(d)));
            }
        });
    }
    // Send what the outbox holds from an earlier visit, and again whenever the browser is back
    // online.
    if ctx.outbox.with_untracked(|o| !o.is_empty()) {
        outbox::schedule(ctx, 0);
    }
    // Both are removed when the pane unmounts.
    let _ = leptos_use::use_event_listener(leptos_use::use_window(), leptos::ev::online, move |_| outbox::flush(ctx));
    // Keep "open now" fresh while the pane is mounted.
    let _ = leptos_use::use_interval_fn(move || ctx.now.set(Utc::now()), 30_000);

    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            request_animation_frame(|| browser::focus_id("guichet-search"));
        }
    };
    let close = move || {
        if inline {
            return;
        }
        open.set(false);
        request_animation_frame(|| browser::focus_id("guichet-launcher"));
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            close();
        }
        // A modal pane keeps keyboard focus inside until it is closed (WCAG 2.4.3).
        if ev.key() == "Tab" && !inline && browser::trap_tab("guichet-pane", &ev) {
            ev.prevent_default();
        }
    };

    // Screens are rebuilt only when the screen changes, not on every set (Guichet.search()
    // sets Home again while on Home).
    let screen = Memo::new(move |_| ctx.screen.get());
    view! {
        <div class="guichet" lang=move || ctx.locale.get().tag() data-theme=boot.theme.clone() data-position=boot.position.clone()>
            <button id="guichet-launcher" class="g-launcher" type="button" hidden=inline
                aria-expanded=move || open.get().to_string() aria-controls="guichet-pane"
                on:click=toggle>
                <span aria-hidden="true">"?"</span>
                <span>{move || tr!(ctx.locale.get(), help)}</span>
                <Show when=move || ctx.outbox.with(|o| !o.is_empty())>
                    <span class="g-badge">{move || ctx.outbox.with(Vec::len)}</span>
                </Show>
            </button>
            // Closing hides the pane rather than dropping it: reopening costs no render and
            // allocates nothing (scripts/bench-embed.sh measures it).
            <section id="guichet-pane" class=if inline { "g-pane g-inline" } else { "g-pane" } role=if inline { "region" } else { "dialog" } aria-labelledby="guichet-title" on:keydown=on_keydown
                hidden=move || !open.get()>
                    // The pane follows the page's direction for its place (the end side), but its
                    // text reads in the direction of its own language (French and English: LTR).
                    <header class="g-header" dir="ltr">
                        <h2 id="guichet-title">{move || tr!(ctx.locale.get(), pane_title)}</h2>
                        <div class="g-langs" role="group" aria-label=move || tr!(ctx.locale.get(), language)>
                            {Locale::ALL.into_iter().map(|l| view! {
                                <button type="button" class="g-lang" aria-pressed=move || (ctx.locale.get() == l).to_string()
                                    lang=l.tag() on:click=move |_| ctx.locale.set(l)>
                                    {l.tag().to_uppercase()}
                                </button>
                            }).collect_view()}
                        </div>
                        <button type="button" class="g-close" aria-label=move || tr!(ctx.locale.get(), close) on:click=move |_| close()>"×"</button>
                    </header>
                    <div dir="ltr"><OutboxBanner/></div>
                    <div class="g-body" dir="ltr">
                        {move || match screen.get() {
                            Screen::Home => view! { <SearchScreen/> }.into_any(),
                            Screen::Article { id, anchor, locale } => view! { <ArticleScreen id=id anchor=anchor locale=locale/> }.into_any(),
                            Screen::Contact => view! { <ContactScreen/> }.into_any(),
                            Screen::Ticket => view! { <TicketScreen/> }.into_any(),
                            Screen::Done { id, response } => view! { <DoneScreen id=id response=response/> }.into_any(),
                            Screen::Requests => view! { <RequestsScreen/> }.into_any(),
                        }}
                    </div>
                </section>
        </div>
    }
}

/// "Waiting to send" for queued tickets, with Cancel.
#[component]
fn OutboxBanner() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <Show when=move || ctx.outbox.with(|o| !o.is_empty())>
            <div class="g-outbox" role="status">
                {move || ctx.outbox.get().into_iter().map(|q| {
                    let key = q.key.clone();
                    let title = q.request.effective_title();
                    view! {
                        <div class="g-outbox-item">
                            <p><strong>{tr!(ctx.locale.get(), waiting_to_send)}</strong>" " {title}</p>
                            <p class="g-muted">{tr!(ctx.locale.get(), will_retry)}</p>
                            <button type="button" class="g-button g-secondary" on:click=move |_| outbox::cancel(ctx, &key)>{tr!(ctx.locale.get(), cancel_send)}</button>
                        </div>
                    }
                }).collect_view()}
            </div>
        </Show>
    }
}
