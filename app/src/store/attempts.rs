//! Attempt counters for rate limits, one record per (purpose, client, window). The record's
//! key is the whole triple, so counting is one upsert; each carries when its window ends, and
//! [`Store::sweep_expired`] deletes counters and challenges whose time is over.

use super::{Store, StoreError};
use surrealdb::types::SurrealValue;

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Counted {
    count: i64,
}

/// Attempts when two requests of one client count at the same instant.
const ATTEMPTS: usize = 5;

impl Store {
    /// Counts one attempt by `client` for `purpose` in `window`, which ends at `window_end`
    /// (Unix seconds); answers the count so far.
    pub async fn count_attempt(
        &self,
        purpose: &str,
        client: &str,
        window: i64,
        window_end: i64,
    ) -> Result<u32, StoreError> {
        let run = move || async move {
            let mut response = self
                .db
                .query(
                    "UPSERT type::record('attempt', [$purpose, $client, $window]) \
                     SET count = (count OR 0) + 1, expires_at = time::from_secs($window_end) \
                     RETURN count",
                )
                .bind(("purpose", purpose.to_owned()))
                .bind(("client", client.to_owned()))
                .bind(("window", window))
                .bind(("window_end", window_end))
                .await
                .and_then(|response| response.check())?;
            let rows: Vec<Counted> = response.take(0)?;
            Ok::<_, surrealdb::Error>(rows.first().map_or(1, |row| row.count))
        };
        // Two requests from one client at once both upsert the same counter.
        let count = super::retry::again_if_raced("attempt counter", ATTEMPTS, run, |error| {
            super::retry::lost_race(error, &["attempt:"])
        })
        .await?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }
}

impl Store {
    /// Deletes answered-never challenges past their five minutes and rate-limit counters of
    /// windows that are over (issue 15, item 13). Answers how many of each went.
    pub async fn sweep_expired(&self) -> Result<(usize, usize), StoreError> {
        let mut response = self
            .db
            .query("DELETE challenge WHERE expires_at < time::now() RETURN BEFORE")
            .query("DELETE attempt WHERE expires_at < time::now() RETURN BEFORE")
            .await?
            .check()?;
        let challenges: Vec<serde_json::Value> = response.take(0)?;
        let attempts: Vec<serde_json::Value> = response.take(1)?;
        Ok((challenges.len(), attempts.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn attempts_are_counted_per_client_and_window() {
        let store = Store::open("mem://").await.expect("store");
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.1", 7, 4_000_000_000)
                .await
                .expect("count"),
            1
        );
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.1", 7, 4_000_000_000)
                .await
                .expect("count"),
            2
        );
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.2", 7, 4_000_000_000)
                .await
                .expect("count"),
            1
        );
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.1", 8, 4_000_000_000)
                .await
                .expect("count"),
            1
        );
    }

    #[tokio::test]
    async fn the_sweep_deletes_only_what_is_over() {
        let store = Store::open("mem://").await.expect("store");
        let now = chrono::Utc::now().timestamp();
        store
            .count_attempt("sign_in", "old", 1, now - 10)
            .await
            .expect("count");
        store
            .count_attempt("sign_in", "current", 2, now + 300)
            .await
            .expect("count");
        store
            .db
            .query(
                "CREATE challenge SET purpose = 'sign_in', state = '', \
                 expires_at = time::now() - 1m",
            )
            .await
            .and_then(|r| r.check())
            .expect("an expired challenge");
        let live = store
            .put_challenge(
                super::super::identity::Purpose::SignIn,
                String::new(),
                None,
                None,
                None,
                "10.0.0.1",
            )
            .await
            .expect("a live challenge");
        assert_eq!(store.sweep_expired().await.expect("sweep"), (1, 1));
        assert_eq!(
            store
                .count_attempt("sign_in", "current", 2, now + 300)
                .await
                .expect("count"),
            2,
            "the current window's counter stays"
        );
        assert!(
            store
                .take_challenge(&live, super::super::identity::Purpose::SignIn)
                .await
                .expect("take")
                .is_some()
        );
    }
}
