//! A real PostgreSQL server for the tests: `initdb` into a temporary folder, `pg_ctl start`
//! listening on a Unix socket in that folder only, stopped when dropped. Debian's binaries
//! live in `/usr/lib/postgresql/<version>/bin` (scripts/setup.sh installs the package when
//! missing). PostgreSQL refuses to run as root: as root, the server runs as `postgres`.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgServer {
    pub url: String,
    stop: String,
    _dir: tempfile::TempDir,
}

fn bin_dir() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (/usr/lib/postgresql; scripts/setup.sh installs it)")
        .filter_map(|e| Some(e.ok()?.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().expect("an initdb under /usr/lib/postgresql/*/bin")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// Runs the shell line `sh` (as `postgres` when we are root); panics with its stderr if it fails.
fn shell(line: &str) {
    let out = if is_root() {
        Command::new("su").args(["postgres", "-s", "/bin/sh", "-c", line]).output().unwrap()
    } else {
        Command::new("sh").args(["-c", line]).output().unwrap()
    };
    assert!(
        out.status.success(),
        "{line}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn q(p: &Path) -> String {
    format!("'{}'", p.display())
}

impl PgServer {
    pub fn start() -> PgServer {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        if is_root() {
            Command::new("chown").args(["postgres"]).arg(dir.path()).status().unwrap();
        }
        let bin = bin_dir();
        shell(&format!(
            "{} -D {} -U guichet --auth=trust -E UTF8 --no-sync >/dev/null",
            q(&bin.join("initdb")),
            q(&data)
        ));
        shell(&format!(
            "{} -D {} -o \"-k {} -c listen_addresses=''\" -w -s -l {} start",
            q(&bin.join("pg_ctl")),
            q(&data),
            dir.path().display(),
            q(&dir.path().join("log"))
        ));
        let url = format!("host={} user=guichet dbname=postgres", dir.path().display());
        let stop = format!("{} -D {} -m immediate -s stop", q(&bin.join("pg_ctl")), q(&data));
        PgServer { url, stop, _dir: dir }
    }

    /// Restarts the server (fast shutdown, then start), as an operator or a crash would.
    pub fn restart(&self) {
        shell(&self.stop.replace("-m immediate -s stop", "-m fast -s -w restart"));
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if is_root() {
            let _ = Command::new("su").args(["postgres", "-s", "/bin/sh", "-c", &self.stop]).status();
        } else {
            let _ = Command::new("sh").args(["-c", &self.stop]).status();
        }
    }
}

/// A fresh, empty database for one test: in the server the test script started when
/// `GUICHET_TEST_PG` is set (a connection string without `dbname`, e.g. `host=/tmp/x
/// user=guichet`), else in a server of its own, stopped with this value. Blocks: call it from
/// a blocking thread in async tests.
pub struct TestDb {
    pub url: String,
    _server: Option<PgServer>,
}

pub fn database() -> TestDb {
    let (base, server) = match std::env::var("GUICHET_TEST_PG") {
        Ok(base) => (base, None),
        Err(_) => {
            let s = PgServer::start();
            (s.url.replace(" dbname=postgres", ""), Some(s))
        }
    };
    let name = format!("t_{:016x}", fastrand::u64(..));
    let mut admin = postgres::Client::connect(&format!("{base} dbname=postgres"), postgres::NoTls)
        .expect("the test PostgreSQL server answers");
    admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    TestDb { url: format!("{base} dbname={name}"), _server: server }
}

/// Whether the HTTP tests run against PostgreSQL (`GUICHET_TEST_BACKEND=postgres`, set by
/// scripts/test.sh for its second pass) rather than a SQLite file.
pub fn requested() -> bool {
    std::env::var("GUICHET_TEST_BACKEND").as_deref() == Ok("postgres")
}
