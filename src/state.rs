//! The pane's state: the host page's settings ([`Boot`]), the screen it shows ([`Screen`]) and
//! the shared signals ([`Ctx`]) that screens read and write. A leaf module: it imports no other
//! module of the pane but `browser`, so screens, loaders and the shell all depend on it and it
//! on none of them.
//!
//! The state lives while the pane is mounted. An unmount keeps the visitor's place (the fields
//! declared `kept` below) and disposes of every signal; the next mount restores them.

use crate::browser;
use chrono::{DateTime, Utc};
use guichet_core::directory::{Audience, Cloud, Directory, PlanAudience};
use guichet_core::identity::SignedIdentity;
use guichet_core::profile::Profile;
use guichet_core::search::SearchIndex;
use guichet_core::ticket::SupportPlan;
use guichet_core::wire::FieldErrorBody;
use guichet_core::Locale;
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// Where the pane finds its data and its intake server.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Base URL of the bundle files (`help-center.<locale>.json`, `directory.json`), no
    /// trailing slash. Default `"bundle"` (relative to the page).
    pub bundle: String,
    /// Base URL of the intake API, no trailing slash. Default `""` (same origin).
    pub endpoint: String,
    /// `data-privacy-url`: the portal's privacy notice, linked from the ticket form's last
    /// step (a safe link, see [`safe_link`]).
    pub privacy_url: Option<String>,
    /// `data-consent="required"`: the form's last step asks the visitor to agree to the
    /// processing of their request before it is sent.
    pub consent_required: bool,
}

/// Colour scheme of the pane (`data-theme`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light (default).
    #[default]
    Light,
    /// Dark.
    Dark,
}

/// Side of the page the floating pane sits on (`data-position`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Left edge.
    Left,
    /// Right edge.
    Right,
}

impl Theme {
    /// `"light"` or `"dark"` (the pane's `data-theme`, read by its CSS).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl Position {
    /// `"left"` or `"right"` (the pane's `data-position`, read by its CSS).
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Left => "left",
            Position::Right => "right",
        }
    }
}

/// Settings read from the host page.
#[derive(Clone, Debug, PartialEq)]
pub struct Boot {
    /// Bundle and intake URLs.
    pub config: Config,
    /// `data-locale`: any BCP 47 tag; negotiated with the browser's at mount.
    pub locale: Option<String>,
    /// `data-region`: an ISO 3166-1 code or a directory slug.
    pub region: Option<String>,
    /// `data-plan`, a plan id of the portal profile (`"enterprise"`...); preselected in the
    /// form when the profile has it.
    pub plan: Option<SupportPlan>,
    /// `data-cloud` (`"21vianet"`, `"germany"`): that cloud's support directory.
    pub cloud: Option<Cloud>,
    /// `data-identity`: the JSON of an identity signed by the host's backend.
    pub identity: Option<String>,
    /// Mount inline (always open, no launcher) instead of a floating launcher.
    pub inline: bool,
    /// `data-theme`.
    pub theme: Theme,
    /// `data-position` (default: the end side of the page's direction).
    pub position: Option<Position>,
    /// `data-analytics`: `"off"` sends no anonymous analytics (see [`crate::analytics`]).
    pub analytics: Option<String>,
}

impl Boot {
    /// Settings from a lookup of the host's `data-*` values by name (`"endpoint"`,
    /// `"bundle"`, `"locale"`, `"region"`, `"plan"`, `"cloud"`, `"identity"`, `"container"`,
    /// `"theme"`, `"position"`, `"analytics"`): empty values count as absent, unknown plans, clouds, themes
    /// and positions are ignored.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Boot {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let url = |k: &str, default: &str| get(k).unwrap_or_else(|| default.into()).trim_end_matches('/').to_string();
        Boot {
            config: Config {
                bundle: url("bundle", "bundle"),
                endpoint: url("endpoint", ""),
                privacy_url: get("privacy-url").as_deref().and_then(safe_link),
                consent_required: get("consent").is_some_and(|c| c.trim() == "required"),
            },
            locale: get("locale"),
            region: get("region"),
            plan: get("plan").and_then(|p| p.parse().ok()),
            cloud: get("cloud").and_then(|c| c.parse().ok()),
            identity: get("identity"),
            inline: get("container").is_some(),
            analytics: get("analytics"),
            theme: if get("theme").as_deref() == Some("dark") { Theme::Dark } else { Theme::Light },
            position: match get("position").as_deref() {
                Some("left") => Some(Position::Left),
                Some("right") => Some(Position::Right),
                _ => None,
            },
        }
    }

    /// Which numbers and lines apply: Japan's enterprise numbers for `data-plan="enterprise"`;
    /// the cloud of `data-cloud`, or 21Vianet's for `data-plan="vianet21"`.
    pub fn audience(&self) -> Audience {
        let plan =
            if self.plan == Some(SupportPlan::Enterprise) { PlanAudience::Enterprise } else { PlanAudience::Other };
        let cloud = self.cloud.or((self.plan == Some(SupportPlan::Vianet21)).then_some(Cloud::Vianet21));
        Audience { plan, cloud }
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

/// A link the pane may show from the host's settings: `http(s)://` or a single leading `/`,
/// no backslash, space or control character (trimmed); anything else is `None`.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    // Browsers read `\` as `/` in http(s) URLs: `/\evil.example` is another host.
    let clean = !url.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    let relative = url.starts_with('/') && !url.starts_with("//");
    let safe = clean && (url.starts_with("https://") || url.starts_with("http://") || relative);
    safe.then(|| url.to_string())
}

impl Suggestion {
    /// Reads `"article-id"` or `{"title", "url"}`; links must be `http(s)://` or start with a
    /// single `/`, hold no backslash, space or control character, and have a title. Anything
    /// else is `None`.
    pub fn parse(v: &serde_json::Value) -> Option<Suggestion> {
        match v {
            serde_json::Value::String(id) => Some(Suggestion::Article(id.clone())),
            serde_json::Value::Object(o) => {
                let title = o.get("title")?.as_str()?.trim().to_string();
                let url = safe_link(o.get("url")?.as_str()?)?;
                (!title.is_empty()).then_some(Suggestion::Link { title, url })
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
    /// Search, suggestions and popular articles.
    Home,
    /// An article; `anchor` is the section to land on (empty: the top); `locale` is set when
    /// it comes from the other locale's fallback results.
    Article { id: String, anchor: String, locale: Option<Locale> },
    /// Support contacts for the region.
    Contact,
    /// The ticket form.
    Ticket,
    /// A filed ticket: its id and expected response in words.
    Done { id: String, response: String },
    /// A verified visitor's requests.
    Requests,
}

/// A ticket waiting to be sent (the outbox, kept in `localStorage`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Queued {
    /// Idempotency key, the same on every attempt.
    pub key: String,
    /// The validated request.
    pub request: guichet_core::ticket::TicketRequest,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Last error, for display.
    pub last_error: String,
    /// The title the outbox banner shows: the request's own, or the one its flow's template
    /// gives ([`TicketRequest::effective_title`](guichet_core::ticket::TicketRequest::effective_title)),
    /// set when the ticket is queued. Entries queued by an earlier version have none: it is
    /// filled in when the outbox is read back.
    #[serde(default)]
    pub title: String,
}

/// A signal whose value an unmount keeps for the next mount.
pub trait Keep {
    /// The value kept.
    type Value;
    /// The current value.
    fn keep(&self) -> Self::Value;
    /// A new signal holding `v`.
    fn restore(v: Self::Value) -> Self;
}

impl<T: Clone + Send + Sync + 'static> Keep for RwSignal<T> {
    type Value = T;
    fn keep(&self) -> T {
        self.get_untracked()
    }
    fn restore(v: T) -> Self {
        RwSignal::new(v)
    }
}

impl<T: Clone + 'static> Keep for RwSignal<T, LocalStorage> {
    type Value = T;
    fn keep(&self) -> T {
        self.get_untracked()
    }
    fn restore(v: T) -> Self {
        RwSignal::new_local(v)
    }
}

impl<T: Clone + Send + Sync + 'static> Keep for StoredValue<T> {
    type Value = T;
    fn keep(&self) -> T {
        self.get_value()
    }
    fn restore(v: T) -> Self {
        StoredValue::new(v)
    }
}

/// Declares [`Ctx`] once: `kept` fields survive an unmount (their first value is given here),
/// `fresh` fields start anew at each mount.
macro_rules! state {
    (
        fn $new:ident($boot:ident: &Boot);
        kept { $($(#[$km:meta])* $k:ident: $kty:ty = $kinit:expr,)* }
        fresh { $($(#[$fm:meta])* $f:ident: $fty:ty = $finit:expr,)* }
    ) => {
        /// State shared by the screens (`Copy`: every field is a signal handle).
        #[derive(Clone, Copy)]
        pub struct Ctx {
            $($(#[$km])* pub $k: $kty,)*
            $($(#[$fm])* pub $f: $fty,)*
        }

        /// What an unmount keeps for the next mount.
        struct Kept {
            $($k: <$kty as Keep>::Value,)*
        }

        impl Kept {
            fn of(ctx: &Ctx) -> Kept {
                Kept { $($k: ctx.$k.keep(),)* }
            }
        }

        fn $new($boot: &Boot, kept: Option<Kept>) -> Ctx {
            let k = kept.unwrap_or_else(|| Kept { $($k: $kinit,)* });
            Ctx {
                $($k: Keep::restore(k.$k),)*
                $($f: $finit,)*
            }
        }
    };
}

state! {
    fn new_state(boot: &Boot);
    kept {
        /// UI locale.
        locale: RwSignal<Locale> = Locale::negotiate(
            boot.locale.as_deref(),
            &browser::navigator_language(),
            browser::page_language().as_deref(),
        ),
        /// The screen shown.
        screen: RwSignal<Screen> = Screen::Home,
        /// Screens Back returns to, at most [`HISTORY`].
        history: RwSignal<Vec<Screen>> = Vec::new(),
        /// The search box's text.
        query: RwSignal<String> = String::new(),
        /// The help center of the content locale, once loaded.
        index: RwSignal<Option<Rc<SearchIndex>>, LocalStorage> = None,
        /// The other locale's index, loaded when a query has no result in the active locale.
        fallback: RwSignal<Option<Rc<SearchIndex>>, LocalStorage> = None,
        /// The help center's glossary (`glossary.json`), loaded with the fallback index; empty
        /// when the bundle has none.
        glossary: RwSignal<Option<std::sync::Arc<guichet_core::search::glossary::Glossary>>> = None,
        /// The support directory, once loaded.
        directory: RwSignal<Option<Rc<Directory>>, LocalStorage> = None,
        /// The portal profile (flows, plans, severities, fields) of the bundle, once loaded.
        profile: RwSignal<Option<std::sync::Arc<Profile>>> = None,
        /// Slug of the region whose contacts are shown (`data-region` may give an ISO code
        /// until the directory maps it).
        region: RwSignal<Option<String>> = boot.region.clone(),
        /// Suggestions of the host page for the current page (`Guichet.suggest`).
        suggestions: RwSignal<Vec<Suggestion>> = Vec::new(),
        /// Ticket fields the host page asked to prefill (`Guichet.prefill`), applied by the form.
        prefill: RwSignal<Option<serde_json::Value>> = None,
        /// Identity signed by the host's backend (`data-identity`, `Guichet.identify`).
        identity: StoredValue<Option<SignedIdentity>> =
            boot.identity.as_deref().and_then(|s| serde_json::from_str(s).ok()),
        /// A signed link to one request (`Guichet.showRequest`, `#guichet-request=` in the
        /// page's URL): "My requests" shows that request without an identity.
        request_token: StoredValue<Option<String>> = None,
    }
    fresh {
        /// Whether the pane is open (always, inline).
        open: RwSignal<bool> = RwSignal::new(boot.inline),
        /// Why the help center could not be loaded.
        load_error: RwSignal<Option<String>> = RwSignal::new(None),
        /// Whether the other locale's help center is being fetched.
        fallback_loading: RwSignal<bool> = RwSignal::new(false),
        /// The last failed fetch of the other locale's help center: that locale, and the query
        /// it was for (`None` when the bundle has none, HTTP 404: not asked again). Another
        /// query asks again after a failure of the network or the server.
        fallback_failed: RwSignal<Option<(Locale, Option<String>)>> = RwSignal::new(None),
        /// Whether the directory is being fetched.
        directory_loading: RwSignal<bool> = RwSignal::new(false),
        /// Bumped whenever parts of a chunked help center arrive: searches and article views
        /// that read it run again.
        parts: RwSignal<u32> = RwSignal::new(0),
        /// Article the visitor said did not help (deflection tracking on the ticket).
        from_article: RwSignal<Option<String>> = RwSignal::new(None),
        /// The current instant, refreshed every 30 s for "open now".
        now: RwSignal<DateTime<Utc>> = RwSignal::new(Utc::now()),
        /// Bundle and intake URLs.
        config: StoredValue<Config> = StoredValue::new(boot.config.clone()),
        /// The browser's language (BCP 47).
        browser_lang: StoredValue<String> = StoredValue::new(browser::navigator_language()),
        /// Plan preselected in the ticket form (`data-plan`; ignored unless the profile has it).
        plan: StoredValue<Option<SupportPlan>> = StoredValue::new(boot.plan.clone()),
        /// Which numbers and lines of the directory apply.
        audience: StoredValue<Audience> = StoredValue::new(boot.audience()),
        /// Tickets waiting to be sent, as in `localStorage`.
        outbox: RwSignal<Vec<Queued>> = RwSignal::new(Vec::new()),
        /// Whether a ticket is being sent (form or outbox: one at a time).
        sending: RwSignal<bool> = RwSignal::new(false),
        /// Field errors the server returned for the last ticket sent; the form takes them.
        server_errors: RwSignal<Vec<FieldErrorBody>> = RwSignal::new(Vec::new()),
        /// Why the server refused a ticket for good (forged identity...).
        rejected: RwSignal<Option<String>> = RwSignal::new(None),
    }
}

impl Ctx {
    /// Shows `s`, remembering the current screen for Back (at most [`HISTORY`] screens, so a
    /// pane left open for hours stays small).
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

    /// The visitor's IANA time zone ([`browser::time_zone`]).
    pub fn visitor_zone(&self) -> String {
        browser::time_zone()
    }

    /// False once an unmount has disposed of this state.
    pub fn alive(&self) -> bool {
        self.locale.try_get_untracked().is_some()
    }

    /// Locale of the loaded articles: the UI locale, or [`Locale::other`] when the help center
    /// has no articles in it (German UI, English articles). Reactive.
    pub fn content_locale(&self) -> Locale {
        let l = self.locale.get();
        self.index.with(|i| i.as_ref().map(|i| i.help_center().locale)).unwrap_or(l)
    }

    /// Runs `work` (a fetch...) and then `then` with its output, unless the pane was unmounted
    /// meanwhile: work that outlives its pane never touches disposed state.
    pub fn spawn<T: 'static>(&self, work: impl Future<Output = T> + 'static, then: impl FnOnce(T) + 'static) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            let out = work.await;
            if ctx.alive() {
                then(out);
            }
        });
    }
}

thread_local! {
    /// The pane's state while mounted, with the root owner of its signals.
    static STATE: std::cell::RefCell<Option<(Ctx, Owner)>> = const { std::cell::RefCell::new(None) };
    /// What an unmount keeps for the next mount.
    static KEPT: std::cell::RefCell<Option<Kept>> = const { std::cell::RefCell::new(None) };
}

/// The state of the pane: the mounted one, else one created from `boot` and what the last
/// unmount kept.
pub fn state(boot: &Boot) -> Ctx {
    if let Some(ctx) = current() {
        return ctx;
    }
    let kept = KEPT.with(|k| k.borrow_mut().take());
    let owner = Owner::new_root(None);
    let ctx = owner.with(|| new_state(boot, kept));
    STATE.with(|s| *s.borrow_mut() = Some((ctx, owner)));
    ctx
}

/// The mounted pane's state, if any (the host API acts on it).
pub fn current() -> Option<Ctx> {
    STATE.with(|s| s.borrow().as_ref().map(|(c, _)| *c))
}

/// Called once the pane's view is unmounted: keeps what the next mount needs, then disposes of
/// every signal of the state. Disposing matters: reactive_graph 0.2 leaves a disposed view's
/// subscriptions in the long-lived signals it read until those signals are dropped (about
/// 2 KB per screen shown), so an unmount is what gives that memory back.
pub fn release_state() {
    let Some((ctx, owner)) = STATE.with(|s| s.borrow_mut().take()) else { return };
    KEPT.with(|k| *k.borrow_mut() = Some(Kept::of(&ctx)));
    owner.cleanup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn boot_reads_the_hosts_settings() {
        let attrs = [
            ("endpoint", "https://intake.example.com/"),
            ("bundle", ""),
            ("plan", "enterprise"),
            ("cloud", "germany"),
            ("theme", "dark"),
            ("position", "left"),
            ("region", " "),
            ("container", "#help"),
        ];
        let b = Boot::from_lookup(|k| attrs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()));
        assert_eq!(
            b.config,
            Config {
                bundle: "bundle".into(),
                endpoint: "https://intake.example.com".into(),
                privacy_url: None,
                consent_required: false
            }
        );
        let privacy = |url: &str, consent: &str| {
            let attrs = [("privacy-url", url), ("consent", consent)];
            let b = Boot::from_lookup(|k| attrs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()));
            (b.config.privacy_url, b.config.consent_required)
        };
        assert_eq!(
            privacy(" https://portal.example/privacy ", "required"),
            (Some("https://portal.example/privacy".into()), true)
        );
        assert_eq!(privacy("javascript:alert(1)", "yes"), (None, false));
        assert_eq!((b.plan.clone(), b.cloud), (Some(SupportPlan::Enterprise), Some(Cloud::Germany)));
        assert_eq!((b.theme, b.position, b.region.clone(), b.inline), (Theme::Dark, Some(Position::Left), None, true));
        assert_eq!(b.audience(), Audience { plan: PlanAudience::Enterprise, cloud: Some(Cloud::Germany) });
        let none = Boot::from_lookup(|k| (k == "plan" || k == "theme").then(|| "platinum".to_string()));
        // A plan id is kept as given; the form ignores one its profile lacks.
        assert_eq!((none.plan, none.theme, none.inline), (Some(SupportPlan::new("platinum")), Theme::Light, false));
        let vianet = Boot::from_lookup(|k| (k == "plan").then(|| "vianet21".to_string()));
        assert_eq!(vianet.audience(), Audience { plan: PlanAudience::Other, cloud: Some(Cloud::Vianet21) });
    }

    #[test]
    fn suggestions_accept_ids_and_safe_links_only() {
        assert_eq!(Suggestion::parse(&json!("refunds")), Some(Suggestion::Article("refunds".into())));
        assert_eq!(
            Suggestion::parse(&json!({"title": " Billing ", "url": "/billing"})),
            Some(Suggestion::Link { title: "Billing".into(), url: "/billing".into() })
        );
        for bad in [
            json!({"title": "x", "url": "javascript:alert(1)"}),
            json!({"title": "x", "url": "//evil.example"}),
            json!({"title": "x", "url": "/\\evil.example/x"}),
            json!({"title": "x", "url": "https://ok.example\\@evil.example"}),
            json!({"title": "x", "url": "/bil\nling"}),
            json!({"title": " ", "url": "https://example.com"}),
            json!({"url": "https://example.com"}),
            json!(42),
        ] {
            assert_eq!(Suggestion::parse(&bad), None, "{bad}");
        }
    }
}
