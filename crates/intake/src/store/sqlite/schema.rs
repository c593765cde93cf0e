//! The SQLite schema: the versioned migrations of `migrations/sqlite/` (refinery), and the
//! columns a database made before versioned migrations may lack.

use crate::store::{Migrations, StoreError};
use rusqlite::Connection;

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// Applies the migrations the database lacks. Errors: SQLite's, or a migration's.
pub(super) fn apply(conn: &mut Connection) -> Result<Migrations, StoreError> {
    let report = embedded::migrations::runner().run(conn).map_err(|e| StoreError::Migration(e.to_string()))?;
    unversioned_columns(conn)?;
    let version: Option<i32> = conn.query_row("SELECT max(version) FROM refinery_schema_history", [], |r| r.get(0))?;
    Ok(Migrations::from_report(&report, version.unwrap_or(0)))
}

/// Databases from before versioned migrations and signed links: add the columns (once).
fn unversioned_columns(conn: &Connection) -> rusqlite::Result<()> {
    let has_links: bool =
        conn.prepare("SELECT 1 FROM pragma_table_info('tickets') WHERE name = 'link_version'")?.exists([])?;
    if !has_links {
        conn.execute_batch("ALTER TABLE tickets ADD COLUMN link_version INTEGER NOT NULL DEFAULT 0")?;
    }
    let has_uploader: bool =
        conn.prepare("SELECT 1 FROM pragma_table_info('attachments') WHERE name = 'uploader'")?.exists([])?;
    if !has_uploader {
        conn.execute_batch("ALTER TABLE attachments ADD COLUMN uploader TEXT NOT NULL DEFAULT ''")?;
    }
    Ok(())
}
