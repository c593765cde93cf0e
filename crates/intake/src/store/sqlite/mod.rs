//! [`SqliteStore`]: everything in one SQLite file (WAL journal, `synchronous=FULL`: a commit is
//! on disk before the server answers 201), attachment bytes in files beside it.

mod deliveries;
mod schema;

use super::*;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Mutex;

/// SQLite implementation: one connection behind a mutex (SQLite serialises writers anyway);
/// attachment bytes in files beside the database.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    attachments_dir: std::path::PathBuf,
    migrations: Migrations,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`, applies the migrations it lacks (`migrations/sqlite/`), and keeps
    /// attachments in `<path>.attachments/`.
    ///
    /// Errors: the SQLite or I/O error when the file or folder cannot be opened or written.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Erased and deleted data is overwritten, not just unlinked (nothing left to read in
        // the file after an erasure).
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let migrations = schema::apply(&mut conn)?;
        let mut dir = path.as_os_str().to_owned();
        dir.push(".attachments");
        let attachments_dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&attachments_dir)?;
        Ok(SqliteStore { conn: Mutex::new(conn), attachments_dir, migrations })
    }

    /// Copies the database, while it serves, to `to` (SQLite's online backup API: a consistent
    /// snapshot page by page), and the attachment files to `<to>.attachments/`. Restoring is
    /// opening the copy (`--db <to>`). Errors: SQLite's or the file system's.
    pub fn backup(&self, to: &Path) -> Result<(), StoreError> {
        {
            let conn = self.lock();
            let mut dst = Connection::open(to)?;
            let b = rusqlite::backup::Backup::new(&conn, &mut dst)?;
            b.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        let mut files = to.as_os_str().to_owned();
        files.push(".attachments");
        let files = std::path::PathBuf::from(files);
        std::fs::create_dir_all(&files)?;
        for e in std::fs::read_dir(&self.attachments_dir)? {
            let e = e?;
            std::fs::copy(e.path(), files.join(e.file_name()))?;
        }
        Ok(())
    }

    /// What opening did to the schema.
    pub fn migrations(&self) -> &Migrations {
        &self.migrations
    }

    /// Folder holding attachment files (named by attachment id).
    pub fn attachments_dir(&self) -> &Path {
        &self.attachments_dir
    }

    /// Deletes attachment files (those already gone are fine).
    fn remove_files(&self, ids: &[String]) -> Result<(), StoreError> {
        for id in ids {
            match std::fs::remove_file(self.attachments_dir.join(id)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn summary(r: &rusqlite::Row) -> rusqlite::Result<TicketSummary> {
    Ok(TicketSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        status: r
            .get::<_, String>(2)?
            .parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?,
        created_at: r.get(3)?,
        closed_at: r.get(4)?,
    })
}

impl TicketStore for SqliteStore {
    fn ping(&self) -> Result<(), StoreError> {
        Ok(self.lock().query_row("SELECT 1", [], |_| Ok(()))?)
    }

    fn insert_ticket(
        &self,
        req: &TicketRequest,
        key: Option<&str>,
        verified: Option<&Verified>,
        destinations: &[String],
    ) -> Result<InsertOutcome, StoreError> {
        let (payload, sha) = stored_form(req);
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(k) = key {
            let existing = tx
                .query_row(
                    "SELECT id, created_at, request_sha256, payload FROM tickets WHERE idempotency_key = ?1",
                    [k],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                        ))
                    },
                )
                .optional()?;
            if let Some((id, created_at, old_sha, old_payload)) = existing {
                if old_sha != sha {
                    return Ok(InsertOutcome::KeyConflict);
                }
                let request = serde_json::from_str(&old_payload)?;
                return Ok(InsertOutcome::Replayed(StoredTicket { id, created_at, request }));
            }
        }
        let id = new_ticket_id();
        let created_at = now_rfc3339();
        tx.execute(
            "INSERT INTO tickets (id, created_at, idempotency_key, request_sha256, kind, issue_type, severity, plan, title, email, locale, region, from_article, verified, user_id, tenant, payload)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                id,
                created_at,
                key,
                sha,
                req.kind.as_str(),
                req.issue_type.as_str(),
                req.severity.as_str(),
                req.plan.as_str(),
                req.title,
                req.email.trim(),
                req.locale.tag(),
                req.region,
                req.from_article,
                verified.is_some(),
                verified.map(|v| v.user_id.as_str()),
                verified.map(|v| v.tenant.as_str()),
                payload
            ],
        )
        ?;
        for a in &req.attachments {
            let n = tx
                .execute("UPDATE attachments SET ticket_id = ?1 WHERE id = ?2 AND ticket_id IS NULL", params![id, a])?;
            if n != 1 {
                return Ok(InsertOutcome::UnknownAttachment(a.clone())); // tx dropped: rolled back
            }
        }
        for d in destinations {
            tx.execute(
                "INSERT INTO deliveries (ticket_id, destination, next_at, created_at) VALUES (?1, ?2, ?3, ?3)",
                params![id, d, created_at],
            )?;
        }
        tx.commit()?;
        Ok(InsertOutcome::Created(StoredTicket { id, created_at, request: req.clone() }))
    }

    fn insert_attachment(
        &self,
        filename: &str,
        mime: &str,
        bytes: &[u8],
        uploader: &str,
        quota: &UploadQuota,
    ) -> Result<UploadOutcome, StoreError> {
        let size = bytes.len() as u64;
        let since = hours_ago(24);
        {
            let conn = self.lock();
            let (mine, all): (i64, i64) = conn.query_row(
                "SELECT coalesce(sum(CASE WHEN uploader = ?1 AND created_at >= ?2 THEN size END), 0), coalesce(sum(size), 0)
                 FROM attachments WHERE ticket_id IS NULL",
                params![uploader, since],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some(refused) = quota.refusal(mine as u64, all as u64, size) {
                return Ok(refused);
            }
        }
        let id = new_attachment_id();
        // Write and sync the file first, then record it: a row never points at a missing file.
        let path = self.attachments_dir.join(&id);
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&path)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        let sha = hex::encode(Sha256::digest(bytes));
        self.lock().execute(
            "INSERT INTO attachments (id, created_at, filename, mime, size, sha256, uploader) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, now_rfc3339(), filename, mime, size as i64, sha, uploader],
        )?;
        Ok(UploadOutcome::Stored(Attachment { id, filename: filename.to_string(), mime: mime.to_string(), size }))
    }

    fn collect_unlinked(&self, before: &str) -> Result<(u64, u64), StoreError> {
        let gone: Vec<(String, i64)> = {
            let mut conn = self.lock();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let rows = {
                let mut st =
                    tx.prepare("SELECT id, size FROM attachments WHERE ticket_id IS NULL AND created_at < ?1")?;
                let rows = st.query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<Vec<_>, _>>()?
            };
            tx.execute("DELETE FROM attachments WHERE ticket_id IS NULL AND created_at < ?1", [before])?;
            tx.commit()?;
            rows
        };
        // Rows first, then files: a crash in between leaves orphan files, never a row without
        // its file.
        self.remove_files(&gone.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())?;
        Ok((gone.len() as u64, gone.iter().map(|(_, s)| *s as u64).sum()))
    }

    fn insert_feedback(&self, article_id: &str, locale: Locale, helpful: bool) -> Result<(), StoreError> {
        self.lock().execute(
            "INSERT INTO feedback (created_at, article_id, locale, helpful) VALUES (?1, ?2, ?3, ?4)",
            params![now_rfc3339(), article_id, locale.tag(), helpful],
        )?;
        Ok(())
    }

    fn tickets_of(&self, who: &Verified) -> Result<Vec<TicketSummary>, StoreError> {
        let since = hours_ago(30 * 24);
        let conn = self.lock();
        let mut st = conn
            .prepare(
                "SELECT id, title, status, created_at, closed_at FROM tickets WHERE tenant = ?1 AND user_id = ?2 AND verified = 1
                 AND (status = 'open' OR closed_at >= ?3) ORDER BY created_at DESC LIMIT 100",
            )
            ?;
        let rows = st.query_map(params![who.tenant, who.user_id, since], summary)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn ticket_of(&self, who: &Verified, id: &str) -> Result<Option<TicketSummary>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT id, title, status, created_at, closed_at FROM tickets WHERE id = ?1 AND tenant = ?2 AND user_id = ?3 AND verified = 1",
                params![id, who.tenant, who.user_id],
                summary,
            )
            .optional()?)
    }

    fn set_status(&self, id: &str, status: TicketStatus) -> Result<bool, StoreError> {
        let closed_at = (status == TicketStatus::Closed).then(now_rfc3339);
        let n = self.lock().execute(
            "UPDATE tickets SET status = ?1, closed_at = ?2 WHERE id = ?3",
            params![status.as_str(), closed_at, id],
        )?;
        Ok(n == 1)
    }

    fn attachment(&self, id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
        let meta = self
            .lock()
            .query_row("SELECT id, filename, mime, size FROM attachments WHERE id = ?1", [id], |r| {
                Ok(Attachment { id: r.get(0)?, filename: r.get(1)?, mime: r.get(2)?, size: r.get::<_, i64>(3)? as u64 })
            })
            .optional()?;
        let Some(meta) = meta else { return Ok(None) };
        let bytes = std::fs::read(self.attachments_dir.join(&meta.id))?;
        Ok(Some((meta, bytes)))
    }

    fn claim_delivery(
        &self,
        destination: &str,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<DeliveryJob>, StoreError> {
        self.do_claim_delivery(destination, now, lease_until)
    }

    fn next_delivery_at(&self, destination: &str) -> Result<Option<String>, StoreError> {
        self.do_next_delivery_at(destination)
    }

    fn finish_delivery(&self, id: i64, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
        self.do_finish_delivery(id, outcome)
    }

    fn deliveries(&self, state: Option<DeliveryState>, limit: usize) -> Result<Vec<DeliveryRow>, StoreError> {
        self.do_deliveries(state, limit)
    }

    fn delivery_counts(&self) -> Result<Vec<(String, DeliveryState, u64)>, StoreError> {
        let conn = self.lock();
        let mut st = conn.prepare("SELECT destination, state, COUNT(*) FROM deliveries GROUP BY destination, state")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (destination, state, n) = row?;
            let state =
                state.parse().map_err(|e: guichet_core::names::UnknownName| StoreError::Corrupt(e.to_string()))?;
            out.push((destination, state, n as u64));
        }
        Ok(out)
    }

    fn retry_delivery(&self, id: i64) -> Result<bool, StoreError> {
        self.do_retry_delivery(id)
    }

    fn ticket_by_id(&self, id: &str) -> Result<Option<(TicketSummary, i64)>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT id, title, status, created_at, closed_at, link_version FROM tickets WHERE id = ?1",
                [id],
                |r| Ok((summary(r)?, r.get(5)?)),
            )
            .optional()?)
    }

    fn revoke_links(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.lock().execute("UPDATE tickets SET link_version = link_version + 1 WHERE id = ?1", [id])? == 1)
    }

    fn reopen_by_requester(&self, id: &str) -> Result<bool, StoreError> {
        self.do_reopen_by_requester(id)
    }

    fn ticket_for_remote(&self, destination: &str, remote_id: &str) -> Result<Option<String>, StoreError> {
        self.do_ticket_for_remote(destination, remote_id)
    }

    fn add_reply(
        &self,
        ticket_id: &str,
        destination: &str,
        reply_id: &str,
        author: &str,
        body: &str,
    ) -> Result<bool, StoreError> {
        let n = self.lock().execute(
            "INSERT INTO replies (ticket_id, destination, reply_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (destination, reply_id) DO NOTHING",
            params![ticket_id, destination, reply_id, author, body, now_rfc3339()],
        )?;
        Ok(n == 1)
    }

    fn replies_of(&self, ticket_id: &str) -> Result<Vec<Reply>, StoreError> {
        let conn = self.lock();
        let mut st = conn.prepare("SELECT author, body, created_at FROM replies WHERE ticket_id = ?1 ORDER BY id")?;
        let rows =
            st.query_map([ticket_id], |r| Ok(Reply { author: r.get(0)?, body: r.get(1)?, created_at: r.get(2)? }))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn ticket_count(&self) -> Result<u64, StoreError> {
        Ok(self.lock().query_row("SELECT COUNT(*) FROM tickets", [], |r| r.get(0))?)
    }

    fn insert_events(&self, batch: &EventBatch, at: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError> {
        use analytics::*;
        let day = day_of(at);
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if tx.execute(&numbered(INSERT_BATCH), params_of(&batch_args(batch, &day)))? == 0 {
            return Ok(false);
        }
        for e in &batch.events {
            let (kind, locale, query, results, position, article, region) = event_row(e);
            tx.execute(
                &numbered(INSERT_EVENT),
                params![
                    day,
                    at.timestamp_millis(),
                    batch.session,
                    kind,
                    locale,
                    query,
                    results,
                    position,
                    article,
                    region
                ],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }

    fn roll_up_analytics(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<String>, StoreError> {
        use analytics::*;
        let mut conn = self.lock();
        let days: Vec<String> = conn
            .prepare(&numbered(DAYS_TO_ROLL))?
            .query_map([last_day_to_roll(now)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for day in &days {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for sql in ROLL_UP {
                tx.execute(&numbered(sql), [day])?;
            }
            tx.commit()?;
        }
        Ok(days)
    }

    fn insights(&self, q: &analytics::InsightsQuery) -> Result<analytics::Insights, StoreError> {
        let conn = self.lock();
        analytics::insights(q, |sql, args| {
            let mut st = conn.prepare_cached(&numbered(sql))?;
            let rows = st.query_map(params_of(args), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    fn requester_tickets(&self, who: &privacy::Requester) -> Result<Vec<String>, StoreError> {
        let conn = self.lock();
        let ids = match who {
            privacy::Requester::Email(e) => {
                let mut st = conn.prepare(&numbered(privacy::sql::BY_EMAIL))?;
                let ids = st.query_map([e], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
                ids
            }
            privacy::Requester::User(v) => {
                let mut st = conn.prepare(&numbered(privacy::sql::BY_USER))?;
                let ids = st.query_map([&v.tenant, &v.user_id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
                ids
            }
        };
        Ok(ids)
    }

    fn ticket_record(&self, id: &str) -> Result<Option<privacy::TicketRecord>, StoreError> {
        let record = {
            let conn = self.lock();
            let row = conn
                .query_row(&numbered(privacy::sql::TICKET), [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
                })
                .optional()?;
            let Some((id, created_at, status, closed_at, erased_at, payload)) = row else { return Ok(None) };
            let attachments = conn
                .prepare(&numbered(privacy::sql::ATTACHMENTS))?
                .query_map([&id], |r| {
                    Ok(Attachment {
                        id: r.get(0)?,
                        filename: r.get(1)?,
                        mime: r.get(2)?,
                        size: r.get::<_, i64>(3)? as u64,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let deliveries = conn
                .prepare(&numbered(privacy::sql::DELIVERIES))?
                .query_map([&id], |r| {
                    Ok(privacy::DeliveryRecord {
                        destination: r.get(0)?,
                        state: r.get(1)?,
                        remote_id: r.get(2)?,
                        remote_url: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let ticket = serde_json::from_str(&payload)?;
            privacy::TicketRecord {
                id,
                created_at,
                status,
                closed_at,
                erased_at,
                ticket,
                attachments,
                replies: Vec::new(),
                deliveries,
            }
        };
        let replies = self.replies_of(&record.id)?;
        Ok(Some(privacy::TicketRecord { replies, ..record }))
    }

    fn scrub_ticket(&self, id: &str, erased: &str, erased_at: &str) -> Result<bool, StoreError> {
        let files = {
            let mut conn = self.lock();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if tx.execute(&numbered(privacy::sql::SCRUB), params![id, erased, erased_at])? == 0 {
                return Ok(false);
            }
            let files = attachment_ids(&tx, id)?;
            for sql in privacy::sql::SCRUB_LINKED {
                tx.execute(&numbered(sql), [id])?;
            }
            tx.commit()?;
            // Old page versions in the write-ahead log would still hold the text: fold the log
            // into the database (secure_delete zeroes what was freed) and empty it.
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            files
        };
        self.remove_files(&files)?;
        Ok(true)
    }

    fn delete_ticket(&self, id: &str) -> Result<bool, StoreError> {
        let files = {
            let mut conn = self.lock();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let files = attachment_ids(&tx, id)?;
            let mut n = 0;
            for sql in privacy::sql::DELETE {
                n = tx.execute(&numbered(sql), [id])?;
            }
            if n == 0 {
                return Ok(false);
            }
            tx.commit()?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            files
        };
        self.remove_files(&files)?;
        Ok(true)
    }

    fn closed_before(&self, cutoff: &str, erased_too: bool) -> Result<Vec<String>, StoreError> {
        let conn = self.lock();
        let mut st = conn.prepare(&numbered(privacy::sql::CLOSED_BEFORE))?;
        let ids = st.query_map(params![cutoff, erased_too], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }
}

/// The shared analytics SQL's `$n` parameters as SQLite's `?n` (SQLite numbers `$name`
/// parameters by first appearance, not by their digits).
fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

/// Shared-SQL arguments as rusqlite parameters.
fn params_of(args: &[analytics::Arg<'_>]) -> rusqlite::ParamsFromIter<Vec<rusqlite::types::Value>> {
    use rusqlite::types::Value;
    rusqlite::params_from_iter(
        args.iter()
            .map(|a| match a {
                analytics::Arg::Text(s) => Value::Text(s.to_string()),
                analytics::Arg::Int(i) => Value::Integer(*i),
            })
            .collect::<Vec<_>>(),
    )
}

/// Ids of a ticket's attachments (their files are named by id).
fn attachment_ids(conn: &Connection, ticket: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare("SELECT id FROM attachments WHERE ticket_id = ?1")?.query_map([ticket], |r| r.get(0))?.collect()
}
