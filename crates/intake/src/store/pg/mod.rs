//! [`PgStore`]: tickets, attachments (bytes in the database, so that every replica sees
//! them), deliveries and replies in PostgreSQL, for intakes that run on several machines. The
//! same semantics as the SQLite store: a commit before the 201, idempotency by a unique key,
//! deliveries claimed in creation order per destination under a lease (the head row is locked
//! `FOR UPDATE SKIP LOCKED` while it is claimed: two replicas never claim it twice, and the one
//! that finds it locked moves on at once).

mod schema;

use super::*;
use ::postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;
use sha2::{Digest, Sha256};

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

/// PostgreSQL implementation over a connection pool. Its methods block (the `postgres`
/// crate runs its own small runtime): call them from blocking threads (`spawn_blocking`), as
/// the HTTP layer and the delivery workers do.
pub struct PgStore {
    pool: Option<Pool>,
    url: String,
    migrations: Migrations,
}

/// The channel of `NOTIFY` when deliveries are queued.
const CHANNEL: &str = "guichet_deliveries";

impl Drop for PgStore {
    /// Closing a connection blocks too: the pool is dropped on a plain thread, so that a store
    /// dropped inside an async task (at shutdown) does not panic.
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

fn status(s: &str) -> Result<TicketStatus, StoreError> {
    s.parse().map_err(|e: guichet_core::names::UnknownName| StoreError::Corrupt(e.to_string()))
}

fn summary(r: &::postgres::Row) -> Result<TicketSummary, StoreError> {
    Ok(TicketSummary {
        id: r.get(0),
        title: r.get(1),
        status: status(r.get(2))?,
        created_at: r.get(3),
        closed_at: r.get(4),
    })
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host/db`, or `host=/run/sock user=…`) with a pool
    /// of `size` connections and applies the migrations it lacks (`migrations/postgres/`). Errors: the connection or a migration.
    pub fn open(url: &str, size: u32) -> Result<PgStore, StoreError> {
        let config: ::postgres::Config = url.parse()?;
        let migrations = schema::apply(&config)?;
        // Connections open as needed (two kept idle), so that replicas do not each hold `size`
        // connections from the start.
        let pool = r2d2::Pool::builder()
            .max_size(size.max(1))
            .min_idle(Some(2.min(size.max(1))))
            .connection_timeout(std::time::Duration::from_secs(5))
            .build(PostgresConnectionManager::new(config, NoTls))?;
        Ok(PgStore { pool: Some(pool), url: url.to_string(), migrations })
    }

    /// What opening did to the schema.
    pub fn migrations(&self) -> &Migrations {
        &self.migrations
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>, StoreError> {
        Ok(self.pool.as_ref().expect("the pool lives as long as the store").get()?)
    }
}

impl TicketStore for PgStore {
    fn ping(&self) -> Result<(), StoreError> {
        self.conn()?.execute("SELECT 1", &[])?;
        Ok(())
    }

    fn insert_ticket(
        &self,
        req: &TicketRequest,
        key: Option<&str>,
        verified: Option<&Verified>,
        destinations: &[String],
    ) -> Result<InsertOutcome, StoreError> {
        let (payload, sha) = stored_form(req);
        let id = new_ticket_id();
        let created_at = now_rfc3339();
        let mut conn = self.conn()?;
        // One statement is its own transaction: a ticket without attachments or deliveries
        // needs no BEGIN/COMMIT round trips (committed, fsync included, before the 201 all the
        // same).
        let alone = req.attachments.is_empty() && destinations.is_empty();

        let insert = "INSERT INTO tickets (id, created_at, idempotency_key, request_sha256, kind, issue_type, severity, plan, title, email, locale, region, from_article, verified, user_id, tenant, payload)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             ON CONFLICT (idempotency_key) DO NOTHING";
        let params: [&(dyn ::postgres::types::ToSql + Sync); 17] = [
            &id,
            &created_at,
            &key,
            &sha,
            &req.kind.as_str(),
            &req.issue_type.as_str(),
            &req.severity.as_str(),
            &req.plan.as_str(),
            &req.title,
            &req.email.trim(),
            &req.locale.tag(),
            &req.region,
            &req.from_article,
            &verified.is_some(),
            &verified.map(|v| v.user_id.as_str()),
            &verified.map(|v| v.tenant.as_str()),
            &payload,
        ];
        // The key was seen (perhaps by another replica a moment ago): the same body gets the
        // same ticket.
        let replayed = |conn: &mut ::postgres::Client| -> Result<InsertOutcome, StoreError> {
            let row = conn.query_one(
                "SELECT id, created_at, request_sha256, payload FROM tickets WHERE idempotency_key = $1",
                &[&key],
            )?;
            if row.get::<_, String>(2) != sha {
                return Ok(InsertOutcome::KeyConflict);
            }
            let request = serde_json::from_str(row.get(3))?;
            Ok(InsertOutcome::Replayed(StoredTicket { id: row.get(0), created_at: row.get(1), request }))
        };
        if alone {
            if conn.execute(insert, &params)? == 0 {
                return replayed(&mut conn);
            }
            return Ok(InsertOutcome::Created(StoredTicket { id, created_at, request: req.clone() }));
        }
        let mut tx = conn.transaction()?;
        if tx.execute(insert, &params)? == 0 {
            drop(tx);
            return replayed(&mut conn);
        }
        for a in &req.attachments {
            let n =
                tx.execute("UPDATE attachments SET ticket_id = $1 WHERE id = $2 AND ticket_id IS NULL", &[&id, a])?;
            if n != 1 {
                return Ok(InsertOutcome::UnknownAttachment(a.clone())); // tx dropped: rolled back
            }
        }
        for d in destinations {
            tx.execute(
                "INSERT INTO deliveries (ticket_id, destination, next_at, created_at) VALUES ($1, $2, $3, $3)",
                &[&id, d, &created_at],
            )?;
        }
        if !destinations.is_empty() {
            // Delivered at commit: every replica's workers wake.
            tx.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
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
        let size = bytes.len() as i64;
        let since = hours_ago(24);
        let mut conn = self.conn()?;
        let row = conn.query_one(
            "SELECT coalesce(sum(CASE WHEN uploader = $1 AND created_at >= $2 THEN size END), 0)::BIGINT, coalesce(sum(size), 0)::BIGINT
             FROM attachments WHERE ticket_id IS NULL",
            &[&uploader, &since],
        )?;
        let (mine, all): (i64, i64) = (row.get(0), row.get(1));
        if let Some(refused) = quota.refusal(mine as u64, all as u64, size as u64) {
            return Ok(refused);
        }
        let id = new_attachment_id();
        let sha = hex::encode(Sha256::digest(bytes));
        conn.execute(
            "INSERT INTO attachments (id, created_at, filename, mime, size, sha256, uploader, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&id, &now_rfc3339(), &filename, &mime, &size, &sha, &uploader, &bytes],
        )?;
        Ok(UploadOutcome::Stored(Attachment { id, filename: filename.into(), mime: mime.into(), size: size as u64 }))
    }

    fn collect_unlinked(&self, before: &str) -> Result<(u64, u64), StoreError> {
        let row = self.conn()?.query_one(
            "WITH gone AS (DELETE FROM attachments WHERE ticket_id IS NULL AND created_at < $1 RETURNING size)
             SELECT count(*)::BIGINT, coalesce(sum(size), 0)::BIGINT FROM gone",
            &[&before],
        )?;
        Ok((row.get::<_, i64>(0) as u64, row.get::<_, i64>(1) as u64))
    }

    fn insert_feedback(&self, article_id: &str, locale: Locale, helpful: bool) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO feedback (created_at, article_id, locale, helpful) VALUES ($1, $2, $3, $4)",
            &[&now_rfc3339(), &article_id, &locale.tag(), &helpful],
        )?;
        Ok(())
    }

    fn tickets_of(&self, who: &Verified) -> Result<Vec<TicketSummary>, StoreError> {
        let since = hours_ago(30 * 24);
        let rows = self.conn()?.query(
            "SELECT id, title, status, created_at, closed_at FROM tickets WHERE tenant = $1 AND user_id = $2 AND verified
             AND (status = 'open' OR closed_at >= $3) ORDER BY created_at DESC LIMIT 100",
            &[&who.tenant, &who.user_id, &since],
        )?;
        rows.iter().map(summary).collect()
    }

    fn ticket_of(&self, who: &Verified, id: &str) -> Result<Option<TicketSummary>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT id, title, status, created_at, closed_at FROM tickets WHERE id = $1 AND tenant = $2 AND user_id = $3 AND verified",
            &[&id, &who.tenant, &who.user_id],
        )?;
        row.as_ref().map(summary).transpose()
    }

    fn set_status(&self, id: &str, status: TicketStatus) -> Result<bool, StoreError> {
        let closed_at = (status == TicketStatus::Closed).then(now_rfc3339);
        let n = self.conn()?.execute(
            "UPDATE tickets SET status = $1, closed_at = $2 WHERE id = $3",
            &[&status.as_str(), &closed_at, &id],
        )?;
        Ok(n == 1)
    }

    fn attachment(&self, id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
        let row =
            self.conn()?.query_opt("SELECT id, filename, mime, size, bytes FROM attachments WHERE id = $1", &[&id])?;
        Ok(row.map(|r| {
            let a = Attachment { id: r.get(0), filename: r.get(1), mime: r.get(2), size: r.get::<_, i64>(3) as u64 };
            (a, r.get(4))
        }))
    }

    fn claim_delivery(
        &self,
        destination: &str,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<DeliveryJob>, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        // The head of the queue, locked while we look at it. `SKIP LOCKED`: when another
        // replica is claiming the head right now, we get nothing and do not wait; we never take
        // the row after it, which keeps creation order per destination (the state test is
        // evaluated again on the locked row, so a head finished meanwhile is not returned).
        let Some(head) = tx.query_opt(
            "SELECT d.id, d.attempts, d.next_at, d.claimed_until, t.id, t.created_at, t.payload, d.action,
                    (SELECT c.remote_id FROM deliveries c WHERE c.ticket_id = d.ticket_id
                       AND c.destination = d.destination AND c.action = 'create' AND c.state = 'done')
             FROM deliveries d JOIN tickets t ON t.id = d.ticket_id
             WHERE d.id = (SELECT min(h.id) FROM deliveries h WHERE h.destination = $1 AND h.state = 'pending')
               AND d.state = 'pending'
             FOR UPDATE OF d SKIP LOCKED",
            &[&destination],
        )?
        else {
            return Ok(None);
        };
        let next_at: String = head.get(2);
        let claimed: Option<String> = head.get(3);
        if next_at.as_str() > now || claimed.is_some_and(|c| c.as_str() > now) {
            return Ok(None);
        }
        let id: i64 = head.get(0);
        tx.execute(
            "UPDATE deliveries SET attempts = attempts + 1, claimed_until = $1 WHERE id = $2",
            &[&lease_until, &id],
        )?;
        tx.commit()?;
        let action: String = head.get(7);
        Ok(Some(DeliveryJob {
            id,
            destination: destination.to_string(),
            action: action.parse().map_err(|e: guichet_core::names::UnknownName| StoreError::Corrupt(e.to_string()))?,
            remote_id: head.get(8),
            attempt: head.get::<_, i32>(1) as u32 + 1,
            ticket: StoredTicket {
                id: head.get(4),
                created_at: head.get(5),
                request: serde_json::from_str(head.get(6))?,
            },
        }))
    }

    fn next_delivery_at(&self, destination: &str) -> Result<Option<String>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT greatest(next_at, coalesce(claimed_until, '')) FROM deliveries
             WHERE destination = $1 AND state = 'pending' ORDER BY id LIMIT 1",
            &[&destination],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn finish_delivery(&self, id: i64, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        match outcome {
            DeliveryOutcome::Done { remote_id, remote_url } => conn.execute(
                "UPDATE deliveries SET state = 'done', remote_id = $1, remote_url = $2, done_at = $3, claimed_until = NULL WHERE id = $4",
                &[remote_id, remote_url, &now_rfc3339(), &id],
            )?,
            DeliveryOutcome::Retry { next_at, error } => conn.execute(
                "UPDATE deliveries SET next_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3",
                &[next_at, error, &id],
            )?,
            DeliveryOutcome::Dead { error } => conn.execute(
                "UPDATE deliveries SET state = 'dead', last_error = $1, claimed_until = NULL WHERE id = $2",
                &[error, &id],
            )?,
        };
        Ok(())
    }

    fn deliveries(&self, state: Option<DeliveryState>, limit: usize) -> Result<Vec<DeliveryRow>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT id, ticket_id, destination, state, attempts, next_at, last_error, remote_id, remote_url, action
             FROM deliveries WHERE $1::TEXT IS NULL OR state = $1 ORDER BY id LIMIT $2",
            &[&state.map(DeliveryState::as_str), &(limit as i64)],
        )?;
        let corrupt = |e: guichet_core::names::UnknownName| StoreError::Corrupt(e.to_string());
        rows.iter()
            .map(|r| {
                Ok(DeliveryRow {
                    id: r.get(0),
                    ticket_id: r.get(1),
                    destination: r.get(2),
                    state: r.get::<_, &str>(3).parse().map_err(corrupt)?,
                    attempts: r.get::<_, i32>(4) as u32,
                    next_at: r.get(5),
                    last_error: r.get(6),
                    remote_id: r.get(7),
                    remote_url: r.get(8),
                    action: r.get::<_, &str>(9).parse().map_err(corrupt)?,
                })
            })
            .collect()
    }

    fn delivery_counts(&self) -> Result<Vec<(String, DeliveryState, u64)>, StoreError> {
        let rows = self
            .conn()?
            .query("SELECT destination, state, COUNT(*)::BIGINT FROM deliveries GROUP BY destination, state", &[])?;
        rows.iter()
            .map(|r| {
                let state = r
                    .get::<_, &str>(1)
                    .parse()
                    .map_err(|e: guichet_core::names::UnknownName| StoreError::Corrupt(e.to_string()))?;
                Ok((r.get(0), state, r.get::<_, i64>(2) as u64))
            })
            .collect()
    }

    fn retry_delivery(&self, id: i64) -> Result<bool, StoreError> {
        let n = self.conn()?.execute(
            "UPDATE deliveries SET state = 'pending', next_at = $1 WHERE id = $2 AND state = 'dead'",
            &[&now_rfc3339(), &id],
        )?;
        Ok(n == 1)
    }

    fn ticket_by_id(&self, id: &str) -> Result<Option<(TicketSummary, i64)>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT id, title, status, created_at, closed_at, link_version FROM tickets WHERE id = $1",
            &[&id],
        )?;
        row.map(|r| Ok((summary(&r)?, r.get(5)))).transpose()
    }

    fn revoke_links(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.conn()?.execute("UPDATE tickets SET link_version = link_version + 1 WHERE id = $1", &[&id])? == 1)
    }

    fn reopen_by_requester(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        if tx.execute("UPDATE tickets SET status = 'open', closed_at = NULL WHERE id = $1", &[&id])? != 1 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO deliveries (ticket_id, destination, action, next_at, created_at)
             SELECT ticket_id, destination, 'reopen', $2, $2 FROM deliveries
             WHERE ticket_id = $1 AND action = 'create' AND state != 'dead'",
            &[&id, &now_rfc3339()],
        )?;
        tx.batch_execute(&format!("NOTIFY {CHANNEL}"))?;
        tx.commit()?;
        Ok(true)
    }

    fn ticket_for_remote(&self, destination: &str, remote_id: &str) -> Result<Option<String>, StoreError> {
        let row = self.conn()?.query_opt(
            "SELECT ticket_id FROM deliveries WHERE destination = $1 AND remote_id = $2 AND state = 'done' AND action = 'create'",
            &[&destination, &remote_id],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn add_reply(
        &self,
        ticket_id: &str,
        destination: &str,
        reply_id: &str,
        author: &str,
        body: &str,
    ) -> Result<bool, StoreError> {
        let n = self.conn()?.execute(
            "INSERT INTO replies (ticket_id, destination, reply_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (destination, reply_id) DO NOTHING",
            &[&ticket_id, &destination, &reply_id, &author, &body, &now_rfc3339()],
        )?;
        Ok(n == 1)
    }

    fn replies_of(&self, ticket_id: &str) -> Result<Vec<Reply>, StoreError> {
        let rows = self
            .conn()?
            .query("SELECT author, body, created_at FROM replies WHERE ticket_id = $1 ORDER BY id", &[&ticket_id])?;
        Ok(rows.iter().map(|r| Reply { author: r.get(0), body: r.get(1), created_at: r.get(2) }).collect())
    }

    /// `LISTEN` on a connection of its own, on a thread of its own (the client blocks); a lost
    /// connection is reopened after a second (the workers' 5 s poll covers the gap).
    fn subscribe(&self, wake: std::sync::Arc<tokio::sync::Notify>) -> Result<(), StoreError> {
        let config: ::postgres::Config = self.url.parse()?;
        std::thread::Builder::new().name("guichet-listen".into()).spawn(move || loop {
            if let Ok(mut client) = config.connect(NoTls) {
                if client.batch_execute(&format!("LISTEN {CHANNEL}")).is_ok() {
                    let mut notes = client.notifications();
                    use fallible_iterator::FallibleIterator;
                    let mut it = notes.blocking_iter();
                    while let Ok(Some(_)) = it.next() {
                        wake.notify_waiters();
                    }
                }
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
        })?;
        Ok(())
    }

    fn ticket_count(&self) -> Result<u64, StoreError> {
        Ok(self.conn()?.query_one("SELECT count(*)::BIGINT FROM tickets", &[])?.get::<_, i64>(0) as u64)
    }

    fn insert_events(&self, batch: &EventBatch, at: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError> {
        use analytics::*;
        let day = day_of(at);
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        if tx.execute(INSERT_BATCH, &params_of(&batch_args(batch, &day)))? == 0 {
            return Ok(false);
        }
        for e in &batch.events {
            let (kind, locale, query, results, position, article, region) = event_row(e);
            tx.execute(
                INSERT_EVENT,
                &[
                    &day,
                    &at.timestamp_millis(),
                    &batch.session,
                    &kind,
                    &locale,
                    &query,
                    &results,
                    &position,
                    &article,
                    &region,
                ],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }

    fn roll_up_analytics(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<String>, StoreError> {
        use analytics::*;
        let mut conn = self.conn()?;
        let days: Vec<String> =
            conn.query(DAYS_TO_ROLL, &[&last_day_to_roll(now)])?.into_iter().map(|r| r.get(0)).collect();
        for day in &days {
            let mut tx = conn.transaction()?;
            for sql in ROLL_UP {
                tx.execute(*sql, &[day])?;
            }
            tx.commit()?;
        }
        Ok(days)
    }

    fn insights(&self, q: &analytics::InsightsQuery) -> Result<analytics::Insights, StoreError> {
        let mut conn = self.conn()?;
        analytics::insights(q, |sql, args| {
            let rows = conn.query(sql, &params_of(args))?;
            Ok(rows.into_iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
        })
    }

    fn requester_tickets(&self, who: &privacy::Requester) -> Result<Vec<String>, StoreError> {
        let rows = match who {
            privacy::Requester::Email(e) => self.conn()?.query(privacy::sql::BY_EMAIL, &[e])?,
            privacy::Requester::User(v) => self.conn()?.query(privacy::sql::BY_USER, &[&v.tenant, &v.user_id])?,
        };
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn ticket_record(&self, id: &str) -> Result<Option<privacy::TicketRecord>, StoreError> {
        let record = {
            let mut conn = self.conn()?;
            let Some(row) = conn.query_opt(privacy::sql::TICKET, &[&id])? else { return Ok(None) };
            let attachments = conn
                .query(privacy::sql::ATTACHMENTS, &[&id])?
                .iter()
                .map(|r| Attachment {
                    id: r.get(0),
                    filename: r.get(1),
                    mime: r.get(2),
                    size: r.get::<_, i64>(3) as u64,
                })
                .collect();
            let deliveries = conn
                .query(privacy::sql::DELIVERIES, &[&id])?
                .iter()
                .map(|r| privacy::DeliveryRecord {
                    destination: r.get(0),
                    state: r.get(1),
                    remote_id: r.get(2),
                    remote_url: r.get(3),
                })
                .collect();
            privacy::TicketRecord {
                id: row.get(0),
                created_at: row.get(1),
                status: row.get(2),
                closed_at: row.get(3),
                erased_at: row.get(4),
                ticket: serde_json::from_str(row.get::<_, &str>(5))?,
                attachments,
                replies: Vec::new(),
                deliveries,
            }
        };
        let replies = self.replies_of(&record.id)?;
        Ok(Some(privacy::TicketRecord { replies, ..record }))
    }

    fn scrub_ticket(&self, id: &str, erased: &str, erased_at: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        if tx.execute(privacy::sql::SCRUB, &[&id, &erased, &erased_at])? == 0 {
            return Ok(false);
        }
        for sql in privacy::sql::SCRUB_LINKED {
            tx.execute(sql, &[&id])?;
        }
        tx.commit()?;
        Ok(true)
    }

    fn delete_ticket(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let mut n = 0;
        for sql in privacy::sql::DELETE {
            n = tx.execute(sql, &[&id])?;
        }
        if n == 0 {
            return Ok(false);
        }
        tx.commit()?;
        Ok(true)
    }

    fn closed_before(&self, cutoff: &str, erased_too: bool) -> Result<Vec<String>, StoreError> {
        let rows = self.conn()?.query(privacy::sql::CLOSED_BEFORE, &[&cutoff, &erased_too])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

/// Shared-SQL arguments as `postgres` parameters.
fn params_of<'a>(args: &'a [analytics::Arg<'a>]) -> Vec<&'a (dyn ::postgres::types::ToSql + Sync)> {
    args.iter()
        .map(|a| match a {
            analytics::Arg::Text(s) => s as &(dyn ::postgres::types::ToSql + Sync),
            analytics::Arg::Int(i) => i as &(dyn ::postgres::types::ToSql + Sync),
        })
        .collect()
}
