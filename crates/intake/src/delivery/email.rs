//! Email to a support mailbox (`type = "email"`), over SMTP with lettre: implicit TLS
//! (`smtps://host:465`), STARTTLS (`smtp://host:587?tls=required`), or plain SMTP to a
//! loopback relay only (`smtp://127.0.0.1:25`). One message per ticket: `From` the
//! configured sender, `Reply-To` the requester (so that a reply from the helpdesk reaches
//! them), subject `[GU-…] title`, the ticket as text, its attachments as MIME parts, and a
//! stable `Message-ID` `<GU-…@sender domain>` that helpdesks thread replies on (and can drop
//! a duplicate by, if an answer was lost and the message sent again).
//!
//! Keys: `smtp` (URL as above), `from`, `to` (mailboxes, `Name <addr>` or `addr`), optional
//! `username_env` and `password_env` (SMTP AUTH credentials).

use super::keys::{ConfigError, Ctx};
use super::{text_body, BoxFuture, Delivered, DeliveryError, Destination, Outgoing, REOPEN_NOTE};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use serde::Deserialize;

/// A support mailbox reached over SMTP.
pub struct Email {
    name: String,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    to: Mailbox,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    smtp: String,
    from: String,
    to: String,
    #[serde(default)]
    username_env: Option<String>,
    #[serde(default)]
    password_env: Option<String>,
}

/// Whether an SMTP URL encrypts, or goes to a loopback relay (the only place plain SMTP is
/// allowed).
fn safe_smtp(url: &reqwest::Url) -> bool {
    let tls = url.scheme() == "smtps" || url.query_pairs().any(|(k, v)| k == "tls" && v == "required");
    // `smtp:` is not a special scheme to the URL parser: its host is an opaque string.
    let host = url.host_str().unwrap_or("").trim_matches(['[', ']']);
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    tls || loopback
}

/// An SMTP transport for `smtp` (checked as [`safe_smtp`] says), with credentials from the
/// variables `username_env` and `password_env` name. Errors name the key at fault.
pub fn transport(
    ctx: &Ctx,
    smtp: &str,
    username_env: Option<&str>,
    password_env: Option<&str>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, ConfigError> {
    let url = reqwest::Url::parse(smtp).map_err(|e| ctx.error("smtp", format!("{smtp:?}: {e}")))?;
    if !matches!(url.scheme(), "smtp" | "smtps") {
        return Err(ctx.error("smtp", format!("{smtp}: the scheme is smtp or smtps")));
    }
    if !safe_smtp(&url) {
        return Err(ctx.error("smtp", format!("{smtp}: use smtps:// or ?tls=required (plain SMTP only to loopback)")));
    }
    let mut builder = match &ctx.ca_pem {
        None => AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp).map_err(|e| ctx.error("smtp", e.to_string()))?,
        // A relay behind a private CA (`ca_file`): the same URL forms, with that root trusted.
        Some(pem) => {
            use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
            let host = url.host_str().unwrap_or_default().to_string();
            let cert = Certificate::from_pem(pem).map_err(|e| ctx.error("ca_file", e.to_string()))?;
            let params = TlsParameters::builder(host.clone())
                .add_root_certificate(cert)
                .build_rustls()
                .map_err(|e| ctx.error("ca_file", e.to_string()))?;
            let implicit = url.scheme() == "smtps";
            let (tls, default_port) = if implicit { (Tls::Wrapper(params), 465) } else { (Tls::Required(params), 587) };
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                .port(url.port().unwrap_or(default_port))
                .tls(tls)
        }
    };
    match (username_env, password_env) {
        (Some(u), Some(p)) => {
            builder =
                builder.credentials(Credentials::new(ctx.secret("username_env", u)?, ctx.secret("password_env", p)?))
        }
        (None, None) => {}
        _ => return Err(ctx.error("username_env", "username_env and password_env go together")),
    }
    Ok(builder.timeout(Some(ctx.timeout)).build())
}

/// `v` as a mailbox (`Name <addr>` or `addr`); the error names `key`.
pub fn mailbox(ctx: &Ctx, key: &str, v: &str) -> Result<Mailbox, ConfigError> {
    v.parse::<Mailbox>().map_err(|e| ctx.error(key, format!("{v:?}: {e}")))
}

/// Sends `message`: done with its Message-ID; a permanent SMTP refusal (5xx) is a dead
/// letter, anything else is retried.
pub async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    message: Message,
) -> Result<Delivered, DeliveryError> {
    let id = message.headers().get_raw("Message-ID").unwrap_or_default().to_string();
    match transport.send(message).await {
        Ok(_) => Ok(Delivered { remote_id: id, remote_url: None }),
        Err(e) if e.is_permanent() => Err(DeliveryError::Permanent { reason: format!("SMTP: {e}") }),
        Err(e) => Err(DeliveryError::retry(format!("SMTP: {e}"))),
    }
}

impl Email {
    /// Builds it from its keys. Errors: an SMTP URL lettre refuses or that would send in
    /// clear text over a network, a mailbox that does not parse, a missing credential.
    pub fn from_config(ctx: &Ctx) -> Result<Email, ConfigError> {
        let k: Keys = ctx.keys()?;
        let transport = transport(ctx, &k.smtp, k.username_env.as_deref(), k.password_env.as_deref())?;
        Ok(Email {
            name: ctx.name().into(),
            transport,
            from: mailbox(ctx, "from", &k.from)?,
            to: mailbox(ctx, "to", &k.to)?,
        })
    }

    /// The message for ticket `t`. Errors: a requester address the mail library refuses
    /// (permanent).
    pub fn message(&self, t: &Outgoing) -> Result<Message, DeliveryError> {
        let r = &t.request;
        let domain = self.from.email.domain().to_string();
        let reply_to: Mailbox = format!("{} <{}>", r.contact_name.trim().replace(['<', '>', '"'], ""), r.email.trim())
            .parse()
            .or_else(|_| r.email.trim().parse())
            .map_err(|e| DeliveryError::Permanent { reason: format!("requester address {:?}: {e}", r.email) })?;
        let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(text_body(t)));
        for (a, bytes) in &t.attachments {
            let ct =
                ContentType::parse(&a.mime).unwrap_or(ContentType::parse("application/octet-stream").expect("mime"));
            parts = parts.singlepart(Attachment::new(a.filename.clone()).body(bytes.clone(), ct));
        }
        Message::builder()
            .from(self.from.clone())
            .to(self.to.clone())
            .reply_to(reply_to)
            .subject(format!("[{}] {}", t.ticket_id, r.title.clone()))
            .message_id(Some(format!("<{}@{domain}>", t.ticket_id)))
            .multipart(parts)
            .map_err(|e| DeliveryError::Permanent { reason: format!("message: {e}") })
    }
}

impl Destination for Email {
    fn name(&self) -> &str {
        &self.name
    }

    /// A short message in the ticket's thread (`In-Reply-To` and `References` the first
    /// message's `Message-ID`) saying the requester reopened it.
    fn reopen<'a>(&'a self, remote_id: &'a str, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move {
            let domain = self.from.email.domain().to_string();
            let m = Message::builder()
                .from(self.from.clone())
                .to(self.to.clone())
                .subject(format!("Re: [{}] {}", t.ticket_id, t.request.title))
                .message_id(Some(format!("<{}.reopened.{}@{domain}>", t.ticket_id, t.delivery_id)))
                .in_reply_to(remote_id.to_string())
                .references(remote_id.to_string())
                .body(format!("{}\n\n{}\n", REOPEN_NOTE, t.ticket_id))
                .map_err(|e| DeliveryError::Permanent { reason: format!("message: {e}") })?;
            send(&self.transport, m).await?;
            Ok(Delivered { remote_id: remote_id.to_string(), remote_url: None })
        })
    }

    fn deliver<'a>(&'a self, t: &'a Outgoing) -> BoxFuture<'a, Result<Delivered, DeliveryError>> {
        Box::pin(async move { send(&self.transport, self.message(t)?).await })
    }
}
