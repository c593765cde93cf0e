//! The PostgreSQL schema: the versioned migrations of `migrations/postgres/` (refinery), run
//! on a connection of their own under a session advisory lock, so that replicas starting at
//! once apply each migration once (the others wait, then find it applied).

use crate::store::{Migrations, StoreError};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Key of the advisory lock held while migrations run.
const LOCK: i64 = 0x0067_7569_6368_6574; // "guichet" in ASCII

/// Applies the migrations `url` lacks. Errors: the connection, a migration, or the lock.
pub(super) fn apply(config: &::postgres::Config) -> Result<Migrations, StoreError> {
    // Its own connection: the session lock ends with it, whatever fails in between.
    let mut client = config.connect(::postgres::NoTls)?;
    client.execute("SELECT pg_advisory_lock($1)", &[&LOCK])?;
    let report = embedded::migrations::runner().run(&mut client).map_err(|e| StoreError::Migration(e.to_string()))?;
    let version = client
        .query_one("SELECT max(version) FROM refinery_schema_history", &[])?
        .get::<_, Option<i32>>(0)
        .unwrap_or(0);
    Ok(Migrations::from_report(&report, version))
}
