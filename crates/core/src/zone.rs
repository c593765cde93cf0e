//! IANA time zones ([`Zone`]) with two sources of UTC offsets: natively, chrono-tz's copy of
//! the IANA database (the intake, the CLI, the tests); in the pane (wasm32), the browser's own
//! copy through `Intl.DateTimeFormat`, so visitors do not download a second one (chrono-tz
//! weighed ~60 KB brotli in the pane's wasm, issue 16).
//!
//! Only the offset at a UTC instant comes from the source. Everything built on it is ours and
//! the same on both targets: UTC → wall clock ([`Zone::local`]) and wall clock → UTC with DST
//! gaps and overlaps ([`Zone::from_local`]). `tests/zone_offsets.rs` checks both sources against
//! one table of offsets and open/closed answers for every zone the directory uses.

use chrono::{DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// An IANA time zone (`"Europe/Paris"`), checked when made ([`Zone::new`], `str::parse`).
/// Compares and serialises as its name (a JSON string).
#[derive(Clone)]
pub struct Zone {
    name: Arc<str>,
    #[cfg(not(target_arch = "wasm32"))]
    tz: chrono_tz::Tz,
}

/// A name that is not an IANA time zone the source knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownZone(pub String);

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an IANA time zone", self.0)
    }
}

impl std::error::Error for UnknownZone {}

impl Zone {
    /// The zone named `name` (IANA, case as the database spells it, links such as
    /// `Asia/Calcutta` included), or `None` when the source does not know it.
    pub fn new(name: &str) -> Option<Zone> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let tz: chrono_tz::Tz = name.parse().ok()?;
            Some(Zone { name: Arc::from(tz.name()), tz })
        }
        #[cfg(target_arch = "wasm32")]
        {
            intl::formatter(name).map(|_| Zone { name: Arc::from(name) })
        }
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Zone {
        Zone::new("UTC").expect("UTC is always known")
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone's offset from UTC at the instant `t` (seconds east of Greenwich, whole
    /// seconds), as the source's rules give it.
    pub fn offset_at(&self, t: DateTime<Utc>) -> FixedOffset {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use chrono::{Offset, TimeZone};
            self.tz.offset_from_utc_datetime(&t.naive_utc()).fix()
        }
        #[cfg(target_arch = "wasm32")]
        {
            intl::offset_at(&self.name, t)
        }
    }

    /// The wall-clock time in this zone at the instant `t`.
    pub fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc() + Duration::seconds(self.offset_at(t).local_minus_utc() as i64)
    }

    /// The calendar date in this zone at the instant `t`.
    pub fn date(&self, t: DateTime<Utc>) -> NaiveDate {
        self.local(t).date()
    }

    /// The instants at which this zone's clocks show `local`: one; two in an overlap (clocks
    /// set back, earliest first); none in a gap (clocks set forward). Assumes, as every IANA
    /// zone does since 1970, at most one offset change within a day of `local`.
    pub fn from_local(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let as_utc = local.and_utc();
        let mut offsets = [self.offset_at(as_utc - Duration::days(1)), self.offset_at(as_utc + Duration::days(1))];
        // Larger offset first: it gives the earlier instant.
        crate::sort::sort_by_key(&mut offsets, |o| std::cmp::Reverse(o.local_minus_utc()));
        let mut found: Vec<DateTime<Utc>> = Vec::with_capacity(2);
        for o in offsets {
            let t = as_utc - Duration::seconds(o.local_minus_utc() as i64);
            if self.offset_at(t) == o && !found.contains(&t) {
                found.push(t);
            }
        }
        match found[..] {
            [] => LocalResult::None,
            [t] => LocalResult::Single(t),
            [a, b, ..] => LocalResult::Ambiguous(a, b),
        }
    }

    /// Names of every zone the source knows, for a time-zone picker: natively chrono-tz's
    /// (canonical names and links); in the browser `Intl.supportedValuesOf("timeZone")`, which
    /// holds the browser's own name for the visitor's zone.
    pub fn names() -> Vec<String> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            chrono_tz::TZ_VARIANTS.iter().map(|z| z.name().to_string()).collect()
        }
        #[cfg(target_arch = "wasm32")]
        {
            intl::names()
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl From<chrono_tz::Tz> for Zone {
    fn from(tz: chrono_tz::Tz) -> Zone {
        Zone { name: Arc::from(tz.name()), tz }
    }
}

impl FromStr for Zone {
    type Err = UnknownZone;
    fn from_str(s: &str) -> Result<Zone, UnknownZone> {
        Zone::new(s).ok_or_else(|| UnknownZone(s.to_string()))
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.name == other.name
    }
}

impl Eq for Zone {}

impl std::hash::Hash for Zone {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.name.hash(h)
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name)
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// The browser's time-zone database through `Intl.DateTimeFormat` (one formatter per zone,
/// kept for the page's lifetime: making one costs far more than using it).
#[cfg(target_arch = "wasm32")]
mod intl {
    use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
    use js_sys::{Array, Intl, Object, Reflect};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::{JsCast, JsValue};

    thread_local! {
        static FORMATTERS: RefCell<HashMap<String, Option<Intl::DateTimeFormat>>> = RefCell::new(HashMap::new());
    }

    /// A formatter giving numeric year to second, 24-hour clock, in `zone`; `None` when the
    /// browser refuses the zone (a `RangeError`).
    pub fn formatter(zone: &str) -> Option<Intl::DateTimeFormat> {
        FORMATTERS.with(|f| {
            f.borrow_mut()
                .entry(zone.to_string())
                .or_insert_with(|| {
                    let options = Object::new();
                    let set = |k: &str, v: &str| Reflect::set(&options, &k.into(), &v.into()).ok();
                    set("timeZone", zone);
                    set("hourCycle", "h23");
                    for k in ["year", "month", "day", "hour", "minute", "second"] {
                        set(k, "numeric");
                    }
                    // `new Intl.DateTimeFormat(...)` throws on an unknown zone: construct it
                    // through Reflect, which turns the exception into an Err.
                    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
                    let ctor: js_sys::Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
                    let args = Array::of2(&JsValue::from_str("en-US"), &options);
                    Reflect::construct(&ctor, &args).ok()?.dyn_into().ok()
                })
                .clone()
        })
    }

    /// The offset of `zone` at `t`: the wall clock the browser shows there, minus `t`.
    /// UTC when the zone is unknown (`Zone` never holds one).
    pub fn offset_at(zone: &str, t: DateTime<Utc>) -> FixedOffset {
        let utc = FixedOffset::east_opt(0).unwrap();
        let Some(f) = formatter(zone) else { return utc };
        let secs = t.timestamp();
        let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
        let parts = f.format_to_parts(&date);
        let mut v = [0i64; 6];
        for p in parts.iter() {
            let kind = Reflect::get(&p, &"type".into()).ok().and_then(|k| k.as_string()).unwrap_or_default();
            let i = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            v[i] = Reflect::get(&p, &"value".into())
                .ok()
                .and_then(|x| x.as_string())
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
        }
        let local = NaiveDate::from_ymd_opt(v[0] as i32, v[1] as u32, v[2] as u32)
            .and_then(|d| d.and_hms_opt(v[3] as u32, v[4] as u32, v[5] as u32));
        match local {
            Some(l) => FixedOffset::east_opt((l.and_utc().timestamp() - secs) as i32).unwrap_or(utc),
            None => utc,
        }
    }

    /// `Intl.supportedValuesOf("timeZone")`, or only UTC where the browser lacks it.
    pub fn names() -> Vec<String> {
        let f = Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|i| Reflect::get(&i, &"supportedValuesOf".into()).map(|f| (i, f)));
        if let Ok((intl, f)) = f {
            if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                if let Ok(list) = f.call1(&intl, &"timeZone".into()) {
                    return Array::from(&list).iter().filter_map(|v| v.as_string()).collect();
                }
            }
        }
        vec!["UTC".to_string()]
    }
}
