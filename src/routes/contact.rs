//! Contacts for the visitor's region: phone numbers as `tel:` links, dialling steps, call
//! charges, billing and technical hours per language with "open now" computed in `core`, and
//! the way to file a ticket.

use crate::app::{Ctx, Screen};
use crate::browser;
use crate::i18n::{labelled, language_name, t, K};
use chrono::{DateTime, Utc};
use guichet_core::directory::{CallCharge, HoursLine, Region};
use guichet_core::hours::{OpenStatus, SupportType};
use guichet_core::text::fold;
use guichet_core::Locale;
use leptos::prelude::*;

/// "Open now · closes at 17:00 your time" / "Closed · opens Monday 09:00 your time", adding the
/// region's local time when the line runs in another zone than the visitor's.
fn status_text(l: Locale, st: OpenStatus, line_zone: &str, visitor_zone: &str, now: DateTime<Utc>) -> String {
    let Some(at) = st.next_change else {
        return if st.open { format!("{} · {}", t(l, K::OpenNow), t(l, K::AlwaysOpen)) } else { t(l, K::Closed).to_string() };
    };
    let ms = at.timestamp_millis() as f64;
    let other_day = browser::day_of(ms, None) != browser::day_of(now.timestamp_millis() as f64, None);
    let yours = browser::format_time(ms, l.tag(), None, other_day);
    let mut s = if st.open {
        format!("{} · {} {yours} ({})", t(l, K::OpenNow), t(l, K::Closes), t(l, K::YourTime))
    } else {
        format!("{} · {} {yours} ({})", t(l, K::Closed), t(l, K::Opens), t(l, K::YourTime))
    };
    if line_zone != visitor_zone {
        let local = browser::format_time(ms, l.tag(), Some(line_zone), other_day);
        if local != yours {
            s.push_str(&format!(", {local} {}", t(l, K::LocalTime)));
        }
    }
    s
}

#[component]
fn HoursList(region: Region, support: SupportType) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lines: Vec<HoursLine> = region.hours.iter().filter(|h| h.support == support).cloned().collect();
    let region = StoredValue::new(region);
    view! {
        <ul class="g-hours">
            {lines.into_iter().map(|line| {
                let line = StoredValue::new(line);
                let status = move || {
                    let l = ctx.locale.get();
                    let now = ctx.now.get();
                    let visitor = ctx.visitor_zone.get_value();
                    region.with_value(|r| line.with_value(|h| {
                        let zone = r.line_zone(h, Some(&visitor));
                        let st = r.line_status(h, Some(&visitor), now);
                        (st.open, status_text(l, st, zone.name(), &visitor, now))
                    }))
                };
                view! {
                    <li class="g-hours-line">
                        <span class="g-lang-name">{move || line.with_value(|h| language_name(ctx.locale.get(), &h.language))}</span>
                        {move || line.with_value(|h| h.plan.clone()).map(|p| view! { <span class="g-plan">{p}</span> })}
                        <span class="g-schedule">{move || line.with_value(|h| h.schedule.describe(ctx.locale.get()))}</span>
                        <span class=move || if status().0 { "g-status g-open" } else { "g-status g-closed" }>{move || status().1}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ContactScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let regions = move || {
        let l = ctx.locale.get();
        ctx.directory.with(|d| {
            let mut v: Vec<(String, String)> = d.as_ref().map(|d| d.regions.iter().map(|r| (r.slug.clone(), r.display_name(l.tag()))).collect()).unwrap_or_default();
            v.sort_by_key(|(_, n)| fold(n));
            v
        })
    };
    let region = move || {
        let slug = ctx.region.get()?;
        ctx.directory.with(|d| d.as_ref().and_then(|d| d.by_slug(&slug).cloned()))
    };
    request_animation_frame(|| browser::focus_id("guichet-contact-title"));
    view! {
        <div class="g-contact">
            <button type="button" class="g-back" on:click=move |_| ctx.back()>{move || format!("← {}", ctx.t(K::Back))}</button>
            <h3 id="guichet-contact-title" tabindex="-1">{move || ctx.t(K::ContactTitle)}</h3>
            <div class="g-field">
                <label for="guichet-region">{move || ctx.t(K::Region)}</label>
                <select id="guichet-region" class="g-input" on:change=move |ev| ctx.region.set(Some(event_target_value(&ev)))>
                    {move || regions().into_iter().map(|(slug, name)| {
                        let selected = ctx.region.get_untracked().as_deref() == Some(slug.as_str());
                        view! { <option value=slug selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="g-button g-primary" on:click=move |_| ctx.go(Screen::Ticket)>{move || ctx.t(K::FileTicket)}</button>
            {move || region().map(|r| {
                let l = ctx.locale.get();
                let charge = r.charge.map(|c| match c {
                    CallCharge::International => t(l, K::InternationalCharges),
                    CallCharge::Local => t(l, K::LocalCharges),
                    CallCharge::TollFree => t(l, K::TollFree),
                });
                let holidays = r.notes.iter().any(|n| n == "closed_public_holidays");
                let has_phone = r.has_phone_support();
                view! {
                    <section class="g-phone" aria-labelledby="guichet-phone-title">
                        <h4 id="guichet-phone-title">{t(l, K::PhoneSupport)}</h4>
                        {(!has_phone).then(|| view! { <p>{t(l, K::NoPhoneSupport)}</p> })}
                        <ul class="g-numbers">
                            {r.numbers.iter().map(|n| {
                                // Numbers libphonenumber could not verify are dialled as written.
                                let href = if n.flags.iter().any(|f| f == "e164_unverified") {
                                    format!("tel:{}", n.display.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())
                                } else {
                                    format!("tel:{}", n.e164)
                                };
                                view! {
                                    <li class="g-number">
                                        {n.alternative.then(|| view! { <span class="g-muted">{labelled(l, t(l, K::Alternative), "")}</span> })}
                                        <a class="g-tel" href=href>{n.display.clone()}</a>
                                        {n.label.clone().map(|lb| view! { <span class="g-plan">{lb}</span> })}
                                        {(!n.steps.is_empty()).then(|| view! { <span class="g-steps">{labelled(l, t(l, K::Steps), &n.steps.join(" · "))}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {charge.map(|c| view! { <p class="g-muted">{c}</p> })}
                        {holidays.then(|| view! { <p class="g-muted">{t(l, K::ClosedHolidays)}</p> })}
                        {has_phone.then(|| view! { <p class="g-muted">{t(l, K::PinNote)}</p> })}
                    </section>
                    <section class="g-hours-block" aria-labelledby="guichet-billing-title">
                        <h4 id="guichet-billing-title">{t(l, K::Billing)}</h4>
                        <HoursList region=r.clone() support=SupportType::Billing/>
                    </section>
                    <section class="g-hours-block" aria-labelledby="guichet-technical-title">
                        <h4 id="guichet-technical-title">{t(l, K::Technical)}</h4>
                        <HoursList region=r.clone() support=SupportType::Technical/>
                    </section>
                }
            })}
        </div>
    }
}
