//! The confirmation email to the requester (`type = "confirmation"`), sent through the same
//! outbox as helpdesk deliveries (retried, dead-lettered, listed): in the ticket's locale
//! (fr, en, de), with the ticket id, its title, and the expected first response from the
//! response-time rules ([`initial_response`], O365 support description), worded with the
//! pane's own strings (`locales/*.json`, keys `rt_*`, `handled_*`, `response_time`). The
//! email's own sentences are in `crates/intake/locales/*.json`.
//!
//! Keys: `smtp`, `from` (and optional `username_env`, `password_env`) as for `type =
//! "email"`; optional `reply_to` (a support mailbox that receives replies), `link` (a URL
//! where the requester follows the ticket: `{id}` becomes the ticket id, `{token}` a signed
//! link token that opens "My request" in the pane without an account, which needs
//! `GUICHET_LINK_SECRET`).

use super::email::{mailbox, send, transport};
use super::keys::{ConfigError, Ctx};
use super::{BoxFuture, Delivered, DeliveryError, Destination, Outgoing};
use guichet_core::profile::Profile;
use guichet_core::ticket::{Availability, ResponseTime};
use guichet_core::Locale;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Message, Tokio1Executor};
use serde::Deserialize;
use serde_json::Value;

/// The confirmation mailer.
pub struct Confirmation {
    name: String,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    link: Option<String>,
    link_secret: Option<Vec<u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    smtp: String,
    from: String,
    #[serde(default)]
    username_env: Option<String>,
    #[serde(default)]
    password_env: Option<String>,
    #[serde(default)]
    reply_to: Option<String>,
    #[serde(default)]
    link: Option<String>,
}

/// The pane's strings and the email's, for `l`.
fn strings(l: Locale) -> (Value, Value) {
    let (pane, email) = match l {
        Locale::Fr => (include_str!("../../../../locales/fr.json"), include_str!("../../locales/fr.json")),
        Locale::En => (include_str!("../../../../locales/en.json"), include_str!("../../locales/en.json")),
        Locale::De => (include_str!("../../../../locales/de.json"), include_str!("../../locales/de.json")),
    };
    (serde_json::from_str(pane).expect("pane locale JSON"), serde_json::from_str(email).expect("email locale JSON"))
}

/// `template` with each `{{ name }}` replaced by its value.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{{ {k} }}}}"), v);
    }
    out
}

/// The first-response objective in words, in `l` ("1 hour (handled 24/7)"); named hours are
/// worded by `profile`.
pub fn response_words(profile: &Profile, l: Locale, rt: ResponseTime, av: Availability) -> String {
    let (pane, _) = strings(l);
    let s = |k: &str| pane[k].as_str().unwrap_or(k).to_string();
    let time = match rt {
        ResponseTime::Hours(1) => s("rt_one_hour"),
        ResponseTime::Hours(h) => fill(&s("rt_hours"), &[("count", &h.to_string())]),
        ResponseTime::NextDay => s("rt_next_day"),
        ResponseTime::BusinessDays(1) => s("rt_one_business_day"),
        ResponseTime::BusinessDays(d) => fill(&s("rt_business_days"), &[("count", &d.to_string())]),
        ResponseTime::NoCommitment => s("rt_none"),
    };
    let when = match av {
        Availability::TwentyFourSeven => s("handled_247"),
        Availability::BusinessHours => s("handled_business"),
        Availability::Named(id) => profile.hours_label(&id, l).to_string(),
        Availability::NotStated => return time,
    };
    fill(&s("response_time"), &[("time", &time), ("when", &when)])
}

impl Confirmation {
    /// Builds it from its keys (errors as for `type = "email"`, and a `link` that is not a
    /// URL).
    pub fn from_config(ctx: &Ctx) -> Result<Confirmation, ConfigError> {
        let k: Keys = ctx.keys()?;
        if let Some(link) = &k.link {
            reqwest::Url::parse(&link.replace("{id}", "GU-0").replace("{token}", "t"))
                .map_err(|e| ctx.error("link", format!("{link:?}: {e}")))?;
        }
        // A `{token}` link opens "My request" without an account (see `crate::link`).
        let link_secret = match &k.link {
            Some(l) if l.contains("{token}") => Some(ctx.secret("link", "GUICHET_LINK_SECRET")?.into_bytes()),
            _ => None,
        };
        Ok(Confirmation {
            name: ctx.name().into(),
            transport: transport(ctx, &k.smtp, k.username_env.as_deref(), k.password_env.as_deref())?,
            from: mailbox(ctx, "from", &k.from)?,
            reply_to: k.reply_to.as_deref().map(|r| mailbox(ctx, "reply_to", r)).transpose()?,
            link: k.link,
            link_secret,
        })
    }

    /// The message for ticket `t`, to its requester, in its locale.
    pub fn message(&self, t: &Outgoing) -> Result<Message, DeliveryError> {
        let r = &t.request;
        let (_, email) = strings(r.locale);
        let s = |k: &str| email[k].as_str().unwrap_or(k).to_string();
        let title = r.title.clone();
        let profile = crate::profiles::of(r);
        let response = profile
            .response(r.plan.as_str(), r.severity.as_str())
            .map(|(rt, av)| response_words(profile, r.locale, rt, av))
            .unwrap_or_default();
        let vals = [
            ("id", t.ticket_id.as_str()),
            ("title", title.as_str()),
            ("name", r.contact_name.trim()),
            ("response", &response),
        ];
        let mut body = format!(
            "{}\n\n{}\n{}\n{}\n",
            fill(&s("greeting"), &vals),
            fill(&s("received"), &vals),
            fill(&s("first_response"), &vals),
            fill(&s("keep_number"), &vals)
        );
        if let Some(link) = &self.link {
            let mut url = link.replace("{id}", &t.ticket_id);
            if let Some(secret) = &self.link_secret {
                url = url.replace("{token}", &crate::link::issue(secret, &t.ticket_id, &t.created_at, 0));
            }
            body.push_str(&format!("\n{}\n", fill(&s("follow"), &[("link", &url)])));
        }
        body.push_str(&format!("\n-- \n{}\n", s("automatic")));
        let to: Mailbox = r
            .email
            .trim()
            .parse()
            .map_err(|e| DeliveryError::Permanent { reason: format!("requester address {:?}: {e}", r.email) })?;
        let domain = self.from.email.domain().to_string();
        let mut m = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(fill(&s("subject"), &vals))
            .message_id(Some(format!("<{}.confirmation@{domain}>", t.ticket_id)))
            .header(lettre::message::header::ContentType::TEXT_PLAIN);
        if let Some(rt) = &self.reply_to {
            m = m.reply_to(rt.clone());
        }
        m.body(body).map_err(|e| DeliveryError::Permanent { reason: format!("message: {e}") })
    }
}

impl Destination for Confirmation {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move { send(&self.transport, self.message(t)?).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_words_use_the_panes_strings_in_each_locale() {
        assert_eq!(
            response_words(Profile::seeds(), Locale::En, ResponseTime::Hours(1), Availability::TwentyFourSeven),
            "1 hour (handled 24/7)"
        );
        assert_eq!(
            response_words(Profile::seeds(), Locale::Fr, ResponseTime::Hours(4), Availability::BusinessHours),
            "4 heures (traitement aux heures ouvrées)"
        );
        assert_eq!(
            response_words(Profile::seeds(), Locale::De, ResponseTime::BusinessDays(3), Availability::TwentyFourSeven),
            "3 Werktage (Bearbeitung rund um die Uhr)"
        );
        // Hours the source does not state are not claimed.
        assert_eq!(
            response_words(Profile::seeds(), Locale::En, ResponseTime::Hours(2), Availability::NotStated),
            "2 hours"
        );
        assert_eq!(
            response_words(
                Profile::seeds(),
                Locale::En,
                ResponseTime::BusinessDays(1),
                Availability::Named("beijing_daytime".into())
            ),
            "1 business day (handled every day 09:00–24:00 Beijing time)"
        );
    }

    #[test]
    fn every_email_string_exists_in_every_locale_with_the_same_placeholders() {
        let (_, en) = strings(Locale::En);
        for l in Locale::ALL {
            let (_, other) = strings(l);
            for (k, v) in en.as_object().unwrap() {
                let o = other[k].as_str().unwrap_or_else(|| panic!("{l:?} lacks {k}"));
                let holes = |s: &str| {
                    s.split("{{").skip(1).map(|x| x.split("}}").next().unwrap().trim().to_string()).collect::<Vec<_>>()
                };
                assert_eq!(holes(o), holes(v.as_str().unwrap()), "{l:?} {k}");
            }
        }
    }
}
