//! An election's ballots in the database: grouped by content for the count (the secret-submission
//! engine's count, `store::secret::count`), and every ballot with its tracker for the board.

use super::super::secret::ELECTION;
use super::super::secret::count::ContentGroup;
use super::super::{Store, StoreError};
use crate::domain::keys::ElectionKey;
use surrealdb::types::SurrealValue;

/// A ballot as the board shows it: its tracker and its content.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct BoardBallot {
    pub tracker: String,
    pub content: String,
}

impl Store {
    /// An election's ballots grouped by content ([`Store::content_groups`]); `online` is its
    /// online participations.
    pub async fn ballot_groups(
        &self,
        election: &ElectionKey,
        online: u64,
    ) -> Result<Vec<ContentGroup>, StoreError> {
        self.content_groups(ELECTION, election, online).await
    }

    /// Every ballot of an election, in key order: by content, then at random. Callers show them
    /// only once the polls have closed, shuffled.
    pub async fn ballots(&self, election: &ElectionKey) -> Result<Vec<BoardBallot>, StoreError> {
        Ok(self
            .db
            .query("SELECT tracker, content FROM ballot:[$election, NONE]..=[$election, ..]")
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Every ballot's key as stored (`[election, digest, uuid]`), for the tests of secrecy and
    /// of the re-keying migrations.
    #[cfg(test)]
    pub(crate) async fn ballot_keys(&self) -> Vec<serde_json::Value> {
        self.db
            .query("SELECT VALUE record::id(id) FROM ballot")
            .await
            .and_then(|mut response| response.take(0))
            .unwrap_or_else(|error| panic!("ballot keys: {error}"))
    }

    /// Stores ballots `(tracker, content)` for `election` as casting writes them, each with the
    /// online participation of a made-up voter who is on no roll: only for the benchmarks,
    /// which count a million ballots.
    #[cfg(feature = "bench")]
    pub async fn insert_ballots_for_benchmark(
        &self,
        election: &ElectionKey,
        ballots: &[(String, String)],
    ) -> Result<(), StoreError> {
        let rows: Vec<serde_json::Value> = ballots
            .iter()
            .map(|(tracker, content)| {
                serde_json::json!({
                    "key": uuid::Uuid::new_v4().simple().to_string(),
                    "voter": format!("bench-{}", uuid::Uuid::new_v4().simple()),
                    "tracker": tracker,
                    "content": content,
                })
            })
            .collect();
        let (anonymous, participate) = (
            ELECTION.write_anonymous(),
            ELECTION.participate("channel = 'online'"),
        );
        self.db
            .query(format!(
                "FOR $b IN $rows {{ LET $anonymous = $b.key; LET $tracker = $b.tracker; \
                 LET $content = $b.content; LET $person = $b.voter; {anonymous} {participate} }};"
            ))
            .bind(("poll", election.to_owned()))
            .bind(("rows", rows))
            .await?
            .check()?;
        Ok(())
    }
}
