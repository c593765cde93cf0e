//! `guichet-intake [--addr 127.0.0.1:8080] [--db guichet.db] [--static dist]`
//!
//! Starts the intake server. Environment variables `GUICHET_ADDR`, `GUICHET_DB` and
//! `GUICHET_STATIC` give the same settings; flags win. Prints the URL once listening.

use guichet_intake::store::SqliteStore;
use guichet_intake::{app, AppState};
use std::path::PathBuf;
use std::sync::Arc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut addr = std::env::var("GUICHET_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let mut db = PathBuf::from(std::env::var("GUICHET_DB").unwrap_or_else(|_| "guichet.db".into()));
    let mut static_dir = std::env::var("GUICHET_STATIC").ok().map(PathBuf::from);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let (flag, value) = (args[i].as_str(), args.get(i + 1).cloned());
        let Some(value) = value else {
            eprintln!("error: {flag} needs a value");
            return std::process::ExitCode::from(2);
        };
        match flag {
            "--addr" => addr = value,
            "--db" => db = PathBuf::from(value),
            "--static" => static_dir = Some(PathBuf::from(value)),
            _ => {
                eprintln!("usage: guichet-intake [--addr HOST:PORT] [--db FILE] [--static DIR]");
                return std::process::ExitCode::from(2);
            }
        }
        i += 2;
    }
    let store = match SqliteStore::open(&db) {
        Ok(s) => s,
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
    let local = listener.local_addr().expect("bound address");
    println!("Guichet intake listening on http://{local}/ (database {})", db.display());
    let router = app(AppState { store: Arc::new(store) }, static_dir);
    if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    }).await {
        eprintln!("error: {e}");
        return std::process::ExitCode::from(1);
    }
    std::process::ExitCode::SUCCESS
}
