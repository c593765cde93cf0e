//! `guichet-intake [--addr 127.0.0.1:8080] [--db guichet.db] [--static dist]` (`--help` for
//! more)
//!
//! Starts the intake server and prints its URL. Settings from the environment:
//! `GUICHET_ADDR`, `GUICHET_DB`, `GUICHET_STATIC` (flags win); `GUICHET_IDENTITY_SECRET`
//! (HMAC secret shared with the host's backend); `GUICHET_ALLOWED_ORIGINS` (comma-separated
//! CORS allow-list); `GUICHET_RATE_LIMIT` (`per_second,burst` per client IP, default `10,40`,
//! `off` to disable); `GUICHET_AGENT_TOKEN` (enables the agent close API);
//! `GUICHET_FORWARD_URL` (helpdesk webhook that receives every stored ticket).

use clap::Parser;
use guichet_intake::store::{SqliteStore, TicketStore};
use guichet_intake::{app, AppState, Config};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

fn config_from_env() -> Result<Config, String> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let rate_limit = match var("GUICHET_RATE_LIMIT").as_deref() {
        None => Some((10, 40)),
        Some("off") => None,
        Some(v) => {
            let (a, b) = v.split_once(',').ok_or("GUICHET_RATE_LIMIT must be per_second,burst or off")?;
            Some((
                a.trim().parse().map_err(|_| "bad GUICHET_RATE_LIMIT")?,
                b.trim().parse().map_err(|_| "bad GUICHET_RATE_LIMIT")?,
            ))
        }
    };
    Ok(Config {
        identity_secret: var("GUICHET_IDENTITY_SECRET").map(String::into_bytes),
        allowed_origins: var("GUICHET_ALLOWED_ORIGINS")
            .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default(),
        rate_limit,
        agent_token: var("GUICHET_AGENT_TOKEN"),
    })
}

/// Guichet's intake server: stores tickets, serves the pane, and prints its URL.
#[derive(Parser)]
#[command(name = "guichet-intake", version)]
struct Cli {
    /// Address to listen on (HOST:PORT).
    #[arg(long, env = "GUICHET_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// SQLite database file (created when missing).
    #[arg(long, env = "GUICHET_DB", default_value = "guichet.db")]
    db: PathBuf,
    /// Folder of static files to serve (the built pane).
    #[arg(long = "static", env = "GUICHET_STATIC")]
    static_dir: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let Cli { addr, db, static_dir } = Cli::parse();
    let config = match config_from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let store: Arc<dyn TicketStore> = match SqliteStore::open(&db) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot open database {}: {e}", db.display());
            return std::process::ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    if let Ok(url) = std::env::var("GUICHET_FORWARD_URL") {
        tokio::spawn(guichet_intake::forward::run(store.clone(), url, std::time::Duration::from_secs(2)));
    }
    let local = listener.local_addr().expect("bound address");
    println!("Guichet intake listening on http://{local}/ (database {})", db.display());
    let router = app(AppState { store, config: Arc::new(config) }, static_dir);
    let serve = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        });
    if let Err(e) = serve.await {
        eprintln!("error: {e}");
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}
