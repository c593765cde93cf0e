//! `guichet-intake [--addr 127.0.0.1:8080] [--db guichet.db] [--static dist]` (`--help` for
//! more)
//!
//! Starts the intake server and prints its URL. Settings from the environment:
//! `GUICHET_ADDR`, `GUICHET_DB`, `GUICHET_STATIC` (flags win); `GUICHET_IDENTITY_SECRET`
//! (HMAC secret shared with the host's backend); `GUICHET_ALLOWED_ORIGINS` (comma-separated
//! CORS allow-list); `GUICHET_RATE_LIMIT` (`per_second,burst` per client IP, default `10,40`,
//! `off` to disable); `GUICHET_AGENT_TOKEN` (enables the agent close API);
//! `GUICHET_PROFILES` (portal profiles, comma separated; `--profile`); `GUICHET_ANALYTICS`
//! (`off` refuses the pane's anonymous events), `GUICHET_EVENTS_RATE` (event batches
//! `per_second,burst` per client IP, default `1,20`), `GUICHET_INSIGHTS_K` (sessions a query
//! needs before the owner's figures show it, default 5).

use clap::{Parser, Subcommand};
use guichet_intake::delivery::{self, Destinations, Outbox};
use guichet_intake::store::{DeliveryState, PgStore, SqliteStore, TicketStore};
use guichet_intake::{app, AppState, Config};
use std::path::PathBuf;
use std::sync::Arc;

/// The settings: each `GUICHET_*` from the environment, else from the config file.
fn config_from(setting: &dyn Fn(&str) -> Option<String>) -> Result<Config, String> {
    let var = |k: &str| setting(k).filter(|v| !v.trim().is_empty());
    // `per_second,burst` or `off`; `default` when unset.
    let rate = |k: &str, default: (u64, u32)| -> Result<Option<(u64, u32)>, String> {
        match var(k).as_deref() {
            None => Ok(Some(default)),
            Some("off") => Ok(None),
            Some(v) => {
                let (a, b) = v.split_once(',').ok_or(format!("{k} must be per_second,burst or off"))?;
                let bad = |_| format!("bad {k}");
                Ok(Some((a.trim().parse().map_err(bad)?, b.trim().parse().map_err(bad)?)))
            }
        }
    };
    let rate_limit = rate("GUICHET_RATE_LIMIT", (10, 40))?;
    Ok(Config {
        identity_secret: var("GUICHET_IDENTITY_SECRET").map(String::into_bytes),
        allowed_origins: var("GUICHET_ALLOWED_ORIGINS")
            .map(|v| guichet_intake::parse_origins(&v))
            .transpose()?
            .unwrap_or_default(),
        identity_max_lifetime: match var("GUICHET_IDENTITY_MAX_HOURS") {
            None => guichet_core::identity::MAX_LIFETIME_SECS,
            Some(h) => {
                h.trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|h| *h > 0)
                    .ok_or("GUICHET_IDENTITY_MAX_HOURS must be a whole number of hours")?
                    * 3600
            }
        },
        rate_limit,
        agent_token: var("GUICHET_AGENT_TOKEN"),
        link_secret: var("GUICHET_LINK_SECRET").map(String::into_bytes),
        trusted_proxies: var("GUICHET_TRUSTED_PROXIES")
            .map(|v| guichet_intake::parse_proxies(&v))
            .transpose()?
            .unwrap_or_default(),
        analytics: match var("GUICHET_ANALYTICS").as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(_) => return Err("GUICHET_ANALYTICS must be on or off".into()),
        },
        events_rate: rate("GUICHET_EVENTS_RATE", (1, 20))?,
        insights_k: match var("GUICHET_INSIGHTS_K") {
            None => guichet_intake::store::analytics::DEFAULT_K,
            Some(k) => {
                k.trim().parse().ok().filter(|k| *k >= 1).ok_or("GUICHET_INSIGHTS_K must be a whole number ≥ 1")?
            }
        },
        retention: match var("GUICHET_RETENTION_DAYS") {
            None => None,
            Some(d) => {
                use guichet_intake::store::privacy::{Retention, RetentionMode};
                let days = d
                    .trim()
                    .parse()
                    .ok()
                    .filter(|d| *d >= 1)
                    .ok_or("GUICHET_RETENTION_DAYS must be a whole number of days ≥ 1")?;
                let mode = match var("GUICHET_RETENTION_MODE").as_deref() {
                    None | Some("anonymise") => RetentionMode::Anonymise,
                    Some("delete") => RetentionMode::Delete,
                    Some(_) => return Err("GUICHET_RETENTION_MODE must be anonymise or delete".into()),
                };
                Some(Retention { days, mode })
            }
        },
        upload_quota: {
            let mb = |k: &str, d: u64| -> Result<u64, String> {
                var(k).map_or(Ok(d), |v| {
                    v.trim().parse::<u64>().map(|m| m << 20).map_err(|_| format!("{k} must be a number of MiB"))
                })
            };
            guichet_intake::store::UploadQuota {
                per_uploader: mb("GUICHET_UPLOAD_QUOTA_MB", 50)?,
                total: mb("GUICHET_UPLOAD_TOTAL_MB", 1024)?,
            }
        },
    })
}

/// Guichet's intake server: stores tickets, delivers them to helpdesks, serves the pane.
#[derive(Parser)]
#[command(name = "guichet-intake", version)]
struct Cli {
    /// Settings file (TOML): the `GUICHET_*` settings without prefix, in lower case
    /// (`rate_limit = "10,40"`); the environment overrides it; secrets stay in the environment.
    #[arg(long, global = true, env = "GUICHET_CONFIG")]
    config: Option<PathBuf>,
    /// SQLite database file (created when missing), or a PostgreSQL URL (`postgres://…`)
    /// [default: guichet.db].
    #[arg(long, global = true, env = "GUICHET_DB")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on (HOST:PORT) [default: 127.0.0.1:8080].
    #[arg(long, env = "GUICHET_ADDR")]
    addr: Option<String>,
    /// Folder of static files to serve (the built pane).
    #[arg(long = "static", env = "GUICHET_STATIC")]
    static_dir: Option<PathBuf>,
    /// Destinations file (TOML): the helpdesks, mailboxes and webhooks tickets are delivered to.
    #[arg(long, env = "GUICHET_DESTINATIONS")]
    destinations: Option<PathBuf>,
    /// Portal profile (TOML or JSON) to validate tickets against; repeatable, the first is
    /// the default for a ticket that names none [default: the built-in default profile].
    #[arg(long = "profile", env = "GUICHET_PROFILES", value_delimiter = ',')]
    profiles: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Lists deliveries (pending and dead letters by default), or puts a dead one back.
    Deliveries {
        /// Only dead letters (refused for good).
        #[arg(long, conflicts_with_all = ["pending", "all"])]
        failed: bool,
        /// Only pending ones (waiting for an attempt).
        #[arg(long, conflicts_with = "all")]
        pending: bool,
        /// All, delivered ones included.
        #[arg(long)]
        all: bool,
        /// Puts dead letter ID back in its destination's queue, due now.
        #[arg(long, value_name = "ID")]
        retry: Option<i64>,
    },
    /// Revokes every signed link to a ticket issued so far (a forwarded confirmation email).
    RevokeLink {
        /// The ticket id (GU-…).
        id: String,
    },
    /// Copies the database (online, consistent) and its attachment files to FILE and
    /// FILE.attachments/; restore by starting with `--db FILE`.
    Backup {
        /// The copy to write.
        file: PathBuf,
    },
    /// Applies the schema migrations the database lacks (SQLite or PostgreSQL; `migrations/`)
    /// and exits, printing each one applied and the version reached. Safe when several
    /// replicas run it at once (PostgreSQL: under an advisory lock). Serving applies them too.
    Migrate,
    /// Rolls up the anonymous analytics of the days that are over into daily counts and deletes
    /// their raw events (the server does it every hour), printing the days rolled up.
    RollUp {
        /// Run as at this time (RFC 3339), e.g. to roll up today's events early for a report
        /// or a test; counts rolled up twice for a day add up.
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
    /// Prints everything stored about one requester as JSON (GDPR access): their tickets as
    /// filed, attachments' metadata, replies and deliveries.
    Export {
        #[command(flatten)]
        who: RequesterArgs,
    },
    /// Erases one requester's personal data from every ticket of theirs (GDPR erasure): the
    /// ticket's text, contact details and identity, replies and attachments; counts are kept.
    Erase {
        #[command(flatten)]
        who: RequesterArgs,
    },
    /// Checks a destinations file (and that its secrets are set) without starting.
    CheckDestinations {
        /// The file.
        file: PathBuf,
    },
}

/// A requester, by email address or by the verified identity their tickets carry.
#[derive(clap::Args)]
#[group(required = true, multiple = true)]
struct RequesterArgs {
    /// The email address they filed with (any case).
    #[arg(long, conflicts_with_all = ["tenant", "user"])]
    email: Option<String>,
    /// Their tenant (with --user).
    #[arg(long, requires = "user")]
    tenant: Option<String>,
    /// Their user id in the host's system (with --tenant).
    #[arg(long, requires = "tenant")]
    user: Option<String>,
}

impl RequesterArgs {
    fn requester(&self) -> guichet_intake::store::privacy::Requester {
        use guichet_intake::store::{privacy::Requester, Verified};
        match (&self.email, &self.tenant, &self.user) {
            (Some(e), _, _) => Requester::Email(e.clone()),
            (None, Some(t), Some(u)) => Requester::User(Verified { tenant: t.clone(), user_id: u.clone() }),
            _ => unreachable!("clap requires --email or --tenant with --user"),
        }
    }
}

fn env(var: &str) -> Option<String> {
    std::env::var(var).ok()
}

fn load_destinations(path: &std::path::Path) -> Result<Destinations, String> {
    let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    delivery::load(&path.display().to_string(), &src, &env).map_err(|e| e.to_string())
}

/// The deliveries table for operators (tab-separated): those in `state`, else every one not
/// done (done ones too with `all`); or, with `retry`, that dead letter queued again.
fn deliveries(
    store: &dyn TicketStore,
    state: Option<DeliveryState>,
    all: bool,
    retry: Option<i64>,
) -> Result<String, String> {
    if let Some(id) = retry {
        return match store.retry_delivery(id).map_err(|e| e.to_string())? {
            true => Ok(format!("delivery {id} is queued again")),
            false => Err(format!("delivery {id} is not a dead letter")),
        };
    }
    let rows = store.deliveries(state, 10_000).map_err(|e| e.to_string())?;
    let mut out = String::from("id\tticket\tdestination\taction\tstate\tattempts\tnext\tremote\terror\n");
    for r in rows.iter().filter(|r| all || state.is_some() || r.state != DeliveryState::Done) {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.id,
            r.ticket_id,
            r.destination,
            r.action,
            r.state,
            r.attempts,
            r.next_at,
            r.remote_id.as_deref().unwrap_or("-"),
            r.last_error.as_deref().unwrap_or("-").replace(['\n', '\t'], " ")
        ));
    }
    Ok(out)
}

/// Logs to stderr: JSON lines (one object per event, with the request's `request_id`), or
/// human-readable with `GUICHET_LOG_FORMAT=text`; levels from `GUICHET_LOG` (default `info`).
/// Lines are written by a background thread (tracing-appender), so a request never waits on
/// stderr; a request waits only when 128,000 lines are queued (none is dropped). Keep the
/// returned guard until exit: dropping it flushes the queue.
fn init_logs(setting: &dyn Fn(&str) -> Option<String>) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_new(setting("GUICHET_LOG").unwrap_or_else(|| "info".into()))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let (writer, guard) =
        tracing_appender::non_blocking::NonBlockingBuilder::default().lossy(false).finish(std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    if setting("GUICHET_LOG_FORMAT").as_deref() == Some("text") {
        builder.init();
    } else {
        builder.json().with_current_span(true).with_span_list(false).init();
    }
    guard
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut cli = Cli::parse();
    let file = match &cli.config {
        None => Default::default(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|src| guichet_intake::settings_file(&path.display().to_string(), &src))
        {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: {e}");
                return std::process::ExitCode::from(2);
            }
        },
    };
    let setting = move |k: &str| env(k).or_else(|| file.get(k).cloned());
    let _logs = init_logs(&setting);
    // Flags and the environment win (clap read both); then the file; then the defaults.
    let addr = cli.addr.take().or_else(|| setting("GUICHET_ADDR")).unwrap_or_else(|| "127.0.0.1:8080".into());
    let db = cli.db.take().or_else(|| setting("GUICHET_DB").map(PathBuf::from)).unwrap_or_else(|| "guichet.db".into());
    let static_dir = cli.static_dir.take().or_else(|| setting("GUICHET_STATIC").map(PathBuf::from));
    let destinations = cli.destinations.take().or_else(|| setting("GUICHET_DESTINATIONS").map(PathBuf::from));
    let fail = |code: u8, e: String| {
        eprintln!("error: {e}");
        std::process::ExitCode::from(code)
    };
    if std::env::var_os("GUICHET_FORWARD_URL").is_some() {
        return fail(
            2,
            "GUICHET_FORWARD_URL is replaced by a signed webhook in the destinations file (README, Delivery)".into(),
        );
    }
    if let Some(Command::CheckDestinations { file }) = &cli.command {
        return match load_destinations(file) {
            Ok(d) => {
                println!("{}: {} destinations", file.display(), d.list.len());
                std::process::ExitCode::SUCCESS
            }
            Err(e) => fail(2, e),
        };
    }
    let profiles = if cli.profiles.is_empty() {
        setting("GUICHET_PROFILES").map(|v| v.split(',').map(|s| s.trim().to_string()).collect()).unwrap_or_default()
    } else {
        std::mem::take(&mut cli.profiles)
    };
    match guichet_intake::profiles::read(&profiles) {
        Ok(p) => {
            guichet_intake::profiles::install(p);
        }
        Err(e) => return fail(2, format!("profile {e}")),
    }
    let command = cli.command;
    let config = match config_from(&setting) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    // A PostgreSQL URL (`postgres://…`, or `host=… user=…`) or a SQLite file.
    let db_text = db.to_string_lossy().to_string();
    let postgres =
        db_text.starts_with("postgres://") || db_text.starts_with("postgresql://") || db_text.contains("host=");
    let (store, store_sqlite, migrations): (Arc<dyn TicketStore>, Option<Arc<SqliteStore>>, _) = if postgres {
        let url = db_text.clone();
        let pool = match setting("GUICHET_DB_POOL").map(|v| v.parse::<u32>()) {
            None => 32,
            Some(Ok(n)) if (1..=1000).contains(&n) => n,
            Some(_) => return fail(2, "GUICHET_DB_POOL: a number of connections from 1 to 1000".into()),
        };
        match tokio::task::spawn_blocking(move || PgStore::open(&url, pool)).await.expect("opening the store") {
            Ok(s) => {
                let m = s.migrations().clone();
                (Arc::new(s), None, m)
            }
            Err(e) => return fail(1, format!("cannot open the PostgreSQL database: {e}")),
        }
    } else {
        match SqliteStore::open(&db) {
            Ok(s) => {
                let m = s.migrations().clone();
                let s = Arc::new(s);
                (s.clone(), Some(s), m)
            }
            Err(e) => return fail(1, format!("cannot open database {}: {e}", db.display())),
        }
    };
    for m in &migrations.applied {
        tracing::info!(migration = %m, "schema migration applied");
    }
    if let Some(Command::Export { who } | Command::Erase { who }) = &command {
        let (who, erase) = (who.requester(), matches!(command, Some(Command::Erase { .. })));
        let s = store.clone();
        let done = tokio::task::spawn_blocking(move || {
            use guichet_intake::store::privacy;
            if erase {
                privacy::erase(s.as_ref(), &who).map(|n| format!("erased {n} tickets"))
            } else {
                privacy::export(s.as_ref(), &who)
                    .map(|x| serde_json::to_string_pretty(&x).expect("an export serialises"))
            }
        })
        .await
        .expect("export or erasure");
        return match done {
            Ok(out) => {
                println!("{out}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => fail(1, e.to_string()),
        };
    }
    if let Some(Command::RollUp { now }) = &command {
        let now = match now.as_deref().map(chrono::DateTime::parse_from_rfc3339) {
            None => chrono::Utc::now(),
            Some(Ok(t)) => t.with_timezone(&chrono::Utc),
            Some(Err(e)) => return fail(2, format!("--now: not an RFC 3339 time: {e}")),
        };
        let s = store.clone();
        return match tokio::task::spawn_blocking(move || s.roll_up_analytics(now)).await.expect("rolling up") {
            Ok(days) => {
                for d in days {
                    println!("rolled up {d}");
                }
                std::process::ExitCode::SUCCESS
            }
            Err(e) => fail(1, format!("rolling up analytics: {e}")),
        };
    }
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    if let Some(Command::Deliveries { failed, pending, all, retry }) = command {
        let state = if failed {
            Some(DeliveryState::Dead)
        } else if pending {
            Some(DeliveryState::Pending)
        } else {
            None
        };
        // Store calls block (PostgreSQL's client runs its own runtime): off the async threads.
        let s = store.clone();
        let listed = tokio::task::spawn_blocking(move || deliveries(s.as_ref(), state, all, retry)).await;
        return match listed.unwrap_or_else(|e| Err(e.to_string())) {
            Ok(out) => {
                print!("{out}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => fail(1, e),
        };
    }
    if let Some(Command::Migrate) = &command {
        // Opening the store applied the migrations.
        for m in &migrations.applied {
            println!("applied {m}");
        }
        println!("schema at version {}", migrations.version);
        return std::process::ExitCode::SUCCESS;
    }
    if let Some(Command::Backup { file }) = &command {
        let Some(sqlite) = &store_sqlite else {
            return fail(2, "backup copies a SQLite database; for PostgreSQL use pg_dump or its own backups".into());
        };
        return match sqlite.backup(file) {
            Ok(()) => {
                println!("backed up {} to {}", db.display(), file.display());
                std::process::ExitCode::SUCCESS
            }
            Err(e) => fail(1, e.to_string()),
        };
    }
    if let Some(Command::RevokeLink { id }) = &command {
        let (s, ticket) = (store.clone(), id.clone());
        let revoked = tokio::task::spawn_blocking(move || s.revoke_links(&ticket)).await.expect("revoking");
        return match revoked {
            Ok(true) => {
                println!("links to {id} revoked");
                std::process::ExitCode::SUCCESS
            }
            Ok(false) => fail(1, format!("no ticket {id}")),
            Err(e) => fail(1, e.to_string()),
        };
    }
    let destinations = match destinations.as_deref().map(load_destinations).transpose() {
        Ok(d) => d.unwrap_or_default(),
        Err(e) => return fail(2, e),
    };
    let local = listener.local_addr().expect("bound address");
    // A PostgreSQL URL may hold a password: not printed.
    let label = if store_sqlite.is_some() { db.display().to_string() } else { "PostgreSQL".into() };
    println!("Guichet intake listening on http://{local}/ (database {label})");
    // Every hour: uploads never linked to a ticket within a day are deleted, rows and files;
    // analytics days that are over are rolled up.
    let collector = store.clone();
    let retention = config.retention;
    tokio::spawn(async move {
        loop {
            let s = collector.clone();
            let before = guichet_intake::store::hours_ago(24);
            match tokio::task::spawn_blocking(move || s.collect_unlinked(&before)).await {
                Ok(Ok((n, bytes))) if n > 0 => tracing::info!(uploads = n, bytes, "collected unlinked uploads"),
                Ok(Err(e)) => tracing::error!(error = %e, "collecting unlinked uploads failed"),
                _ => {}
            }
            // Retention: closed tickets past their time erased or deleted.
            if let Some(policy) = retention {
                let s = collector.clone();
                let done = tokio::task::spawn_blocking(move || {
                    guichet_intake::store::privacy::apply_retention(s.as_ref(), chrono::Utc::now(), &policy)
                })
                .await;
                match done {
                    Ok(Ok(n)) if n > 0 => tracing::info!(tickets = n, "retention applied"),
                    Ok(Err(e)) => tracing::error!(error = %e, "applying retention failed"),
                    _ => {}
                }
            }
            // Analytics: finished days into daily counts, their raw events deleted.
            let s = collector.clone();
            match tokio::task::spawn_blocking(move || s.roll_up_analytics(chrono::Utc::now())).await {
                Ok(Ok(days)) if !days.is_empty() => tracing::info!(days = ?days, "rolled up analytics"),
                Ok(Err(e)) => tracing::error!(error = %e, "rolling up analytics failed"),
                _ => {}
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
    let outbox = Outbox::new(&destinations);
    // Other replicas' tickets wake this one's workers too (PostgreSQL LISTEN/NOTIFY).
    if let Err(e) = store.subscribe(outbox.wake.clone()) {
        return fail(1, format!("cannot listen for deliveries: {e}"));
    }
    delivery::worker::spawn(store.clone(), &destinations, outbox.wake.clone());
    let router = app(AppState { outbox, ..AppState::new(store, config) }, static_dir);
    // SIGTERM (what service managers and orchestrators send) or SIGINT (Ctrl-C): stop taking
    // connections, finish the requests in flight, exit 0.
    let shutdown = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler can be installed");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    };
    if let Err(e) =
        guichet_intake::server::serve(listener, router, guichet_intake::server::Limits::default(), shutdown).await
    {
        eprintln!("error: {e}");
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}
