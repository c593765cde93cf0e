//! The delivery outbox in SQLite: claiming in creation order under a lease, outcomes, the
//! operators' list, reopen deliveries and finding a ticket by a destination's id.

use super::*;

impl SqliteStore {
    pub(super) fn do_claim_delivery(
        &self,
        destination: &str,
        now: &str,
        lease_until: &str,
    ) -> Result<Option<DeliveryJob>, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let head = tx
            .query_row(
                "SELECT d.id, d.attempts, d.next_at, d.claimed_until, t.id, t.created_at, t.payload, d.action,
                        (SELECT c.remote_id FROM deliveries c WHERE c.ticket_id = d.ticket_id
                           AND c.destination = d.destination AND c.action = 'create' AND c.state = 'done')
                 FROM deliveries d JOIN tickets t ON t.id = d.ticket_id
                 WHERE d.destination = ?1 AND d.state = 'pending' ORDER BY d.id LIMIT 1",
                [destination],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, u32>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, Option<String>>(8)?,
                    ))
                },
            )
            .optional()?;
        let Some((id, attempts, next_at, claimed_until, ticket_id, created_at, payload, action, remote_id)) = head
        else {
            return Ok(None);
        };
        if next_at.as_str() > now || claimed_until.is_some_and(|c| c.as_str() > now) {
            return Ok(None);
        }
        tx.execute(
            "UPDATE deliveries SET attempts = attempts + 1, claimed_until = ?1 WHERE id = ?2",
            params![lease_until, id],
        )?;
        tx.commit()?;
        let request = serde_json::from_str(&payload)?;
        let action = action
            .parse()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e)))?;
        Ok(Some(DeliveryJob {
            id,
            destination: destination.to_string(),
            action,
            remote_id,
            attempt: attempts + 1,
            ticket: StoredTicket { id: ticket_id, created_at, request },
        }))
    }

    pub(super) fn do_next_delivery_at(&self, destination: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT max(next_at, coalesce(claimed_until, '')) FROM deliveries
                 WHERE destination = ?1 AND state = 'pending' ORDER BY id LIMIT 1",
                [destination],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub(super) fn do_finish_delivery(&self, id: i64, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
        let conn = self.lock();
        match outcome {
            DeliveryOutcome::Done { remote_id, remote_url } => conn.execute(
                "UPDATE deliveries SET state = 'done', remote_id = ?1, remote_url = ?2, done_at = ?3,
                 claimed_until = NULL WHERE id = ?4",
                params![remote_id, remote_url, now_rfc3339(), id],
            )?,
            DeliveryOutcome::Retry { next_at, error } => conn.execute(
                "UPDATE deliveries SET next_at = ?1, last_error = ?2, claimed_until = NULL WHERE id = ?3",
                params![next_at, error, id],
            )?,
            DeliveryOutcome::Dead { error } => conn.execute(
                "UPDATE deliveries SET state = 'dead', last_error = ?1, claimed_until = NULL WHERE id = ?2",
                params![error, id],
            )?,
        };
        Ok(())
    }

    pub(super) fn do_deliveries(
        &self,
        state: Option<DeliveryState>,
        limit: usize,
    ) -> Result<Vec<DeliveryRow>, StoreError> {
        let conn = self.lock();
        let mut st = conn.prepare(
            "SELECT id, ticket_id, destination, state, attempts, next_at, last_error, remote_id, remote_url, action
             FROM deliveries WHERE ?1 IS NULL OR state = ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = st.query_map(params![state.map(DeliveryState::as_str), limit as i64], |r| {
            Ok(DeliveryRow {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                destination: r.get(2)?,
                state: r.get::<_, String>(3)?.parse().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
                })?,
                attempts: r.get(4)?,
                next_at: r.get(5)?,
                last_error: r.get(6)?,
                remote_id: r.get(7)?,
                remote_url: r.get(8)?,
                action: r.get::<_, String>(9)?.parse().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, Box::new(e))
                })?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub(super) fn do_retry_delivery(&self, id: i64) -> Result<bool, StoreError> {
        let n = self.lock().execute(
            "UPDATE deliveries SET state = 'pending', next_at = ?1 WHERE id = ?2 AND state = 'dead'",
            params![now_rfc3339(), id],
        )?;
        Ok(n == 1)
    }

    pub(super) fn do_reopen_by_requester(&self, id: &str) -> Result<bool, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n = tx.execute("UPDATE tickets SET status = 'open', closed_at = NULL WHERE id = ?1", [id])?;
        if n != 1 {
            return Ok(false);
        }
        let now = now_rfc3339();
        tx.execute(
            "INSERT INTO deliveries (ticket_id, destination, action, next_at, created_at)
             SELECT ticket_id, destination, 'reopen', ?2, ?2 FROM deliveries
             WHERE ticket_id = ?1 AND action = 'create' AND state != 'dead'",
            params![id, now],
        )?;
        tx.commit()?;
        Ok(true)
    }

    pub(super) fn do_ticket_for_remote(
        &self,
        destination: &str,
        remote_id: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT ticket_id FROM deliveries WHERE destination = ?1 AND remote_id = ?2 AND state = 'done' AND action = 'create'",
                params![destination, remote_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
