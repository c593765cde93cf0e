//! Contacts for the visitor's region: a searchable region picker (any of fr/en/de names or
//! the ISO code), phone numbers as `tel:` links with a copy button, dialling steps, call
//! charges, billing and technical hours in tabs, filtered by language, with "open now"
//! computed in `core`; and the way to file a ticket.

use crate::browser;
use crate::i18n::{labelled, language_name, tr, Label};
use crate::state::{Ctx, Screen};
use chrono::{DateTime, Utc};
use guichet_core::directory::{CallCharge, Contacts, HoursLine, Region};
use guichet_core::hours::{HoursFlag, OpenStatus, SupportType};
use guichet_core::Locale;
use leptos::prelude::*;

/// "Open now · closes at 17:00 (your time)" / "Closed · opens Monday 09:00 (your time)", adding
/// the region's local time when the line runs in another zone than the visitor's.
fn status_text(l: Locale, st: OpenStatus, line_zone: &str, visitor_zone: &str, now: DateTime<Utc>) -> String {
    let Some(at) = st.next_change else {
        return if st.open {
            format!("{} · {}", tr!(l, open_now), tr!(l, always_open))
        } else {
            tr!(l, closed).to_string()
        };
    };
    let ms = at.timestamp_millis() as f64;
    let other_day = browser::day_of(ms, None) != browser::day_of(now.timestamp_millis() as f64, None);
    let fmt = browser::format_locale(l);
    let yours = browser::format_time(ms, &fmt, None, other_day);
    let mut s = if st.open {
        format!("{} · {} {yours} ({})", tr!(l, open_now), tr!(l, closes), tr!(l, your_time))
    } else {
        format!("{} · {} {yours} ({})", tr!(l, closed), tr!(l, opens), tr!(l, your_time))
    };
    if line_zone != visitor_zone {
        let local = browser::format_time(ms, &fmt, Some(line_zone), other_day);
        if local != yours {
            s.push_str(&format!(", {local} {}", tr!(l, local_time)));
        }
    }
    s
}

fn note_text(l: Locale, code: &str) -> Option<&'static str> {
    let label: Label = match code {
        "closed_public_holidays" => (|l| tr!(l, closed_holidays)) as Label,
        "online_support_24_7" => (|l| tr!(l, online_support_247)) as Label,
        "eea_international" => (|l| tr!(l, eea_international)) as Label,
        "severe_issues_24_7" => (|l| tr!(l, severe_issues_247)) as Label,
        "no_phone_billing" => (|l| tr!(l, no_phone_billing)) as Label,
        "no_phone_technical" => (|l| tr!(l, no_phone_technical)) as Label,
        _ => return None,
    };
    Some(label(l))
}

/// The callback the after-hours notice offers: the profile's first flow with a callback time,
/// and the next opening as `HH:MM` in the visitor's zone. `None` before the profile is loaded,
/// for a profile without such a flow, or when no line opens again.
fn callback_offer(ctx: Ctx, opens_at: Option<DateTime<Utc>>, visitor: &str) -> Option<(String, String)> {
    let flow = ctx.profile.with(|p| {
        p.as_ref()?
            .flows
            .iter()
            .find(|f| f.parts.contains(&guichet_core::profile::Part::CallbackTime))
            .map(|f| f.id.clone())
    })?;
    let zone = guichet_core::zone::Zone::new(visitor)?;
    Some((flow, zone.local(opens_at?).format("%H:%M").to_string()))
}

/// Hours lines of one support type, filtered by language.
#[component]
fn HoursList(region: Region, lines: Vec<HoursLine>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let region = StoredValue::new(region);
    view! {
        <ul class="g-hours">
            {lines.into_iter().map(|line| {
                let line = StoredValue::new(line);
                // Computed once per tick and shared by the class and the text.
                let status = Memo::new(move |_| {
                    let l = loc.get();
                    let now = ctx.now.get();
                    let visitor = ctx.visitor_zone();
                    region.with_value(|r| line.with_value(|h| {
                        // Hours the source wrote implausibly (Togo's 8 AM-4 AM): no open/closed claim.
                        if h.flags.contains(&HoursFlag::SuspiciousRange) {
                            return (None, tr!(l, hours_uncertain).to_string());
                        }
                        let zone = r.line_zone(h, Some(&visitor));
                        let st = r.line_status(h, &zone, now);
                        (Some(st.open), status_text(l, st, zone.name(), &visitor, now))
                    }))
                });
                view! {
                    <li class="g-hours-line">
                        <span class="g-lang-name">{move || line.with_value(|h| language_name(loc.get(), &h.language))}</span>
                        <span class="g-schedule">{move || line.with_value(|h| h.schedule.describe(loc.get()))}</span>
                        {move || line.with_value(|h| h.severity.clone()).map(|s| view! { <span class="g-plan">{labelled(loc.get(), tr!(loc.get(), severity_label), &s)}</span> })}
                        <span class=move || match status.with(|s| s.0) { Some(true) => "g-status g-open", Some(false) => "g-status g-closed", None => "g-status g-uncertain" }>{move || status.with(|s| s.1.clone())}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Region picker: an ARIA combobox filtering regions by any of their names or code.
#[component]
fn RegionPicker() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let text = RwSignal::new(None::<String>); // Some while the visitor is typing
    let active = RwSignal::new(0usize);
    let current_name = move || {
        let l = loc.get();
        ctx.region.get().and_then(|slug| {
            ctx.directory.with(|d| d.as_ref().and_then(|d| d.by_slug(&slug)).map(|r| r.display_name(l.tag())))
        })
    };
    let matches = Memo::new(move |_| {
        let l = loc.get();
        let q = text.get().unwrap_or_default();
        ctx.directory.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.search_regions(&q, 8)
                        .into_iter()
                        .map(|r| (r.slug.clone(), r.display_name(l.tag())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let expanded = move || text.with(|t| t.as_ref().is_some_and(|t| !t.trim().is_empty()));
    let choose = move |i: usize| {
        if let Some((slug, _)) = matches.with_untracked(|m| m.get(i).cloned()) {
            ctx.region.set(Some(slug));
            text.set(None);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                ev.prevent_default();
                if n > 0 && expanded() {
                    choose(active.get_untracked());
                }
            }
            "Escape" if text.get_untracked().is_some() => {
                ev.prevent_default();
                ev.stop_propagation();
                text.set(None);
            }
            _ => {}
        }
    };
    view! {
        <div class="g-field g-region-picker">
            <label for="guichet-region">{move || tr!(loc.get(), region)}</label>
            <input id="guichet-region" class="g-input" type="text" autocomplete="off" spellcheck="false"
                role="combobox" aria-autocomplete="list" aria-controls="guichet-region-list"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || expanded().then(|| format!("guichet-region-{}", active.get()))
                data-region=move || ctx.region.get()
                prop:value=move || text.get().or_else(current_name).unwrap_or_default()
                on:input=move |ev| { text.set(Some(event_target_value(&ev))); active.set(0); }
                on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); }
                on:blur=move |_| text.set(None)
                on:keydown=on_keydown/>
            <ul id="guichet-region-list" class="g-results g-region-list" role="listbox" aria-label=move || tr!(loc.get(), region) hidden=move || !expanded()>
                {move || matches.get().into_iter().enumerate().map(|(i, (_, name))| view! {
                    <li id=format!("guichet-region-{i}") role="option" class="g-option"
                        aria-selected=move || (active.get() == i).to_string()
                        on:mousedown=move |ev| { ev.prevent_default(); choose(i); }>{name}</li>
                }).collect_view()}
            </ul>
            <p class="g-muted" hidden=move || !expanded() || !matches.with(Vec::is_empty)>{move || tr!(loc.get(), region_no_match)}</p>
        </div>
    }
}

#[component]
pub fn ContactScreen() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let loc = ctx.screen_locale();
    let tab = RwSignal::new(SupportType::Technical);
    let language = RwSignal::new(String::new()); // "" = all
    let copied = RwSignal::new(false);
    crate::load::profile(ctx, false);
    crate::load::directory(ctx);
    let region = move || {
        let slug = ctx.region.get()?;
        ctx.directory.with(|d| {
            let d = d.as_ref()?;
            Some((d.by_slug(&slug)?.clone(), d.contacts(&slug, &ctx.audience.get_value())?))
        })
    };
    // Analytics: each region whose contacts are shown, once per change.
    Effect::new(move |prev: Option<Option<String>>| {
        let code = region().map(|(r, _)| r.code);
        if code.is_some() && prev.as_ref() != Some(&code) {
            let region = code.clone().unwrap_or_default();
            crate::analytics::record(guichet_core::analytics::Event::Contacts { region });
        }
        code
    });
    request_animation_frame(|| browser::focus_id("guichet-contact-title"));
    let tab_keys = move |ev: leptos::ev::KeyboardEvent| {
        let next = match (ev.key().as_str(), tab.get_untracked()) {
            ("ArrowRight" | "ArrowLeft" | "Home" | "End", SupportType::Technical) => SupportType::Billing,
            ("ArrowRight" | "ArrowLeft" | "Home" | "End", SupportType::Billing) => SupportType::Technical,
            _ => return,
        };
        ev.prevent_default();
        tab.set(next);
        let id = if next == SupportType::Billing { "guichet-tab-billing" } else { "guichet-tab-technical" };
        browser::focus_id(id);
    };
    view! {
        <div class="g-contact">
            <button type="button" class="g-back" on:click=move |_| ctx.back()>{move || format!("← {}", tr!(loc.get(), back))}</button>
            <h3 id="guichet-contact-title" tabindex="-1">{move || tr!(loc.get(), contact_title)}</h3>
            <RegionPicker/>
            <button type="button" class="g-button g-primary" on:click=move |_| ctx.go(Screen::Ticket)>{move || tr!(loc.get(), file_ticket)}</button>
            {ctx.identity.get_value().is_some().then(|| view! {
                <button type="button" class="g-button g-secondary" on:click=move |_| ctx.go(Screen::Requests)>{move || tr!(loc.get(), my_requests)}</button>
            })}
            <p class="g-sr-only" role="status">{move || copied.get().then(|| tr!(loc.get(), copied))}</p>
            {move || region().map(|(r, c): (Region, Contacts)| {
                let l = loc.get();
                let charge = c.charge.map(|x| match x {
                    CallCharge::International => tr!(l, international_charges),
                    CallCharge::Local => tr!(l, local_charges),
                    CallCharge::TollFree => tr!(l, toll_free),
                });
                let has_phone = !c.numbers.is_empty();
                let languages = c.languages();
                let cloud_name = c.cloud.as_ref().and_then(|id| ctx.directory.with_untracked(|d| d.as_ref().and_then(|d| d.clouds.iter().find(|x| x.id == *id)).map(|x| x.names.get(l.tag()).cloned().unwrap_or_default())));
                let lines = StoredValue::new(c.hours.clone());
                let region = StoredValue::new(r.clone());
                // The lines of the chosen support type and language (a line whose language the
                // source does not state shows under every language).
                let chosen = Memo::new(move |_| {
                    let (st, lang) = (tab.get(), language.get());
                    lines.with_value(|ls| ls.iter().filter(|h| h.support == st && (lang.is_empty() || h.language.is_empty() || h.language == lang)).cloned().collect::<Vec<HoursLine>>())
                });
                // After hours: said first, with the next opening and the request form.
                let after_hours = move || {
                    let l = loc.get();
                    let now = ctx.now.get();
                    let visitor = ctx.visitor_zone();
                    let open_later = region.with_value(|r| chosen.with(|ls| r.after_hours(ls, Some(&visitor), now)))?;
                    let next = status_text(l, OpenStatus { open: false, next_change: open_later.opens_at }, open_later.zone.name(), &visitor, now);
                    // A callback at the next opening (visitor's time), where the profile has a
                    // flow that takes a callback time.
                    let callback = callback_offer(ctx, open_later.opens_at, &visitor).map(|(flow, at)| {
                        let label = tr!(l, callback_at, time = at.clone());
                        view! {
                            <button type="button" class="g-button g-secondary" on:click=move |_| {
                                ctx.prefill.set(Some(serde_json::json!({"kind": flow.clone(), "callback_time": at.clone()})));
                                ctx.go(Screen::Ticket);
                            }>{label}</button>
                        }
                    });
                    Some(view! {
                        <div class="g-after-hours" role="status">
                            <p><strong>{tr!(l, after_hours)}</strong>" "{next}</p>
                            <p>{tr!(l, after_hours_ticket)}</p>
                            <button type="button" class="g-button g-secondary" on:click=move |_| ctx.go(Screen::Ticket)>{tr!(l, file_ticket)}</button>
                            {callback}
                        </div>
                    })
                };
                view! {
                    {after_hours}
                    <section class="g-phone" aria-labelledby="guichet-phone-title">
                        <h4 id="guichet-phone-title">{tr!(l, phone_support)}</h4>
                        {cloud_name.map(|n| view! { <p class="g-cloud"><strong>{n}</strong></p> })}
                        {(!has_phone).then(|| view! { <p>{tr!(l, no_phone_support)}</p> })}
                        <ul class="g-numbers">
                            {c.numbers.iter().map(|n| {
                                // E.164, or the digits as written for access codes (core decides).
                                let href = n.tel_uri();
                                let display = n.display.clone();
                                view! {
                                    <li class="g-number">
                                        {n.alternative.then(|| view! { <span class="g-muted">{labelled(l, tr!(l, alternative), "")}</span> })}
                                        <a class="g-tel" href=href>{n.display.clone()}</a>
                                        <button type="button" class="g-copy" aria-label=format!("{} {}", tr!(l, copy), n.display)
                                            on:click=move |_| {
                                                let d = display.clone();
                                                ctx.spawn(async move { browser::copy_text(&d).await }, move |ok| copied.set(ok));
                                            }>{tr!(l, copy)}</button>
                                        {n.label.clone().map(|lb| view! { <span class="g-plan">{lb}</span> })}
                                        {(n.charge == Some(CallCharge::Local)).then(|| view! { <span class="g-plan">{tr!(l, number_local_charges)}</span> })}
                                        {(!n.steps.is_empty()).then(|| view! { <span class="g-steps">{labelled(l, tr!(l, steps), &n.steps.join(" · "))}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    <div class="g-field">
                        <label for="guichet-language">{tr!(l, speak_language)}</label>
                        <select id="guichet-language" class="g-input" on:change=move |ev| language.set(event_target_value(&ev))>
                            <option value="" selected=move || language.get().is_empty()>{tr!(l, all_languages)}</option>
                            {languages.into_iter().map(|lang| {
                                let v = lang.clone();
                                view! { <option value=lang.clone() selected=move || language.get() == v>{language_name(l, &lang)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="g-tabs" role="tablist" aria-label=tr!(l, support_type) on:keydown=tab_keys>
                        {[(SupportType::Technical, (|l| tr!(l, technical)) as Label, "technical"), (SupportType::Billing, (|l| tr!(l, billing)) as Label, "billing")].into_iter().map(|(st, k, id)| view! {
                            <button type="button" role="tab" class="g-tab" id=format!("guichet-tab-{id}")
                                aria-selected=move || (tab.get() == st).to_string()
                                aria-controls="guichet-tabpanel"
                                tabindex=move || if tab.get() == st { "0" } else { "-1" }
                                on:click=move |_| tab.set(st)>{k(l)}</button>
                        }).collect_view()}
                    </div>
                    <div id="guichet-tabpanel" role="tabpanel" class="g-tabpanel"
                        aria-labelledby=move || if tab.get() == SupportType::Billing { "guichet-tab-billing" } else { "guichet-tab-technical" }>
                        {move || view! { <HoursList region=region.get_value() lines=chosen.get()/> }}
                    </div>
                    <div class="g-notes">
                        {charge.map(|x| view! { <p class="g-muted">{x}</p> })}
                        {c.notes.iter().filter_map(|n| note_text(l, n)).map(|x| view! { <p class="g-muted">{x}</p> }).collect_view()}
                        {has_phone.then(|| view! { <p class="g-muted">{tr!(l, pin_note)}</p> })}
                    </div>
                }
            })}
        </div>
    }
}
