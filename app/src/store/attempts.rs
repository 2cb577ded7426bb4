//! Attempt counters for rate limits, one record per (purpose, client, window). The record's
//! key is the whole triple, so counting is one upsert and old windows are swept by key.

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
    /// Counts one attempt by `client` for `purpose` in `window`; answers the count so far.
    pub async fn count_attempt(
        &self,
        purpose: &str,
        client: &str,
        window: i64,
    ) -> Result<u32, StoreError> {
        let mut tries = 0;
        loop {
            let result = self
                .db
                .query(
                    "UPSERT type::record('attempt', [$purpose, $client, $window]) \
                     SET count = (count OR 0) + 1 RETURN count",
                )
                .bind(("purpose", purpose.to_owned()))
                .bind(("client", client.to_owned()))
                .bind(("window", window))
                .await
                .and_then(|response| response.check());
            match result {
                Ok(mut response) => {
                    let rows: Vec<Counted> = response.take(0)?;
                    let count = rows.first().map_or(1, |row| row.count);
                    return Ok(u32::try_from(count).unwrap_or(u32::MAX));
                }
                Err(error) if tries + 1 < ATTEMPTS => {
                    tries += 1;
                    tracing::debug!(%error, "attempt counter raced; retrying");
                }
                Err(error) => return Err(error.into()),
            }
        }
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
                .count_attempt("sign_in", "10.0.0.1", 7)
                .await
                .expect("count"),
            1
        );
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.1", 7)
                .await
                .expect("count"),
            2
        );
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.2", 7)
                .await
                .expect("count"),
            1
        );
        assert_eq!(
            store
                .count_attempt("sign_in", "10.0.0.1", 8)
                .await
                .expect("count"),
            1
        );
    }
}
