//! The count in the database: an election's ballots grouped by content (each content's run of
//! keys counted, checked against the ballots and participations, or the ballots read), and
//! every ballot with its tracker for the board.

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

/// Identical ballots of an election: their content and how many were cast.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct BallotGroup {
    pub content: String,
    pub times: i64,
}

/// How many slices of the digest space of ballot keys the reading count reads at once. Measured
/// on two cores and a million ballots (README, "Performance and faults"): 4 slices 2.3–2.9 s,
/// 8 slices 2.4–2.8 s, 32 slices 2.1–2.5 s; more only adds queries.
const SLICES: usize = 32;

/// Counting each content's run of keys costs a query per content, at most 0.25 ms here (the
/// bench's count of 100,000 ballots in 411 contents took 0.19 s in all), and reading costs about
/// 2.4 µs a ballot (2.4 s a million). Below this many ballots per content, on average, reading
/// is the cheaper way.
const BALLOTS_PER_CONTENT: u64 = 128;

/// How many contents' runs are counted at once: enough to keep two cores, or a remote
/// database's connection, busy.
const RUNS_AT_ONCE: usize = 16;

/// The `[from, to)` bounds of slice `n` of [`SLICES`] over the ballot keys' digests (64
/// lower-case hex digits): the first two digits split evenly, and the last bound just past `f`.
fn slice_bounds(n: usize) -> (String, String) {
    let width = 256 / SLICES;
    let from = format!("{:02x}", n * width);
    let to = if n + 1 == SLICES {
        "g".to_owned()
    } else {
        format!("{:02x}", (n + 1) * width)
    };
    (from, to)
}

#[derive(SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Content {
    digest: String,
    content: String,
}

impl Store {
    /// An election's ballots grouped by content: what the count reads, once the polls have
    /// closed. `online` is the election's online participations, which by construction equal
    /// its ballots (they are written in one transaction).
    ///
    /// The fast way counts each content's run of keys and reads no ballot. It is taken only
    /// when contents are few for the ballots, and kept only when its total, the number of ballot
    /// keys and `online` all agree: TOOLCHAIN.md warns that `count()` has had wrong-result bugs,
    /// and a ballot stored without its content record would be missed. Otherwise the ballots are
    /// read, so what is stored is what is counted, and a disagreement shows on the results page.
    pub async fn ballot_groups(
        &self,
        election: &ElectionKey,
        online: u64,
    ) -> Result<Vec<BallotGroup>, StoreError> {
        self.ballot_groups_checked(election, online, BALLOTS_PER_CONTENT)
            .await
    }

    /// [`Store::ballot_groups`], counting by key from `ballots_per_content` on (the tests take
    /// the checked way with a few ballots).
    pub(crate) async fn ballot_groups_checked(
        &self,
        election: &ElectionKey,
        online: u64,
        ballots_per_content: u64,
    ) -> Result<Vec<BallotGroup>, StoreError> {
        let contents = self
            .keys_in(
                "ballot_content:[$election, NONE]..=[$election, ..]",
                vec![("election", election.to_string())],
            )
            .await?;
        if contents.saturating_mul(ballots_per_content) <= online {
            let groups = self.ballot_groups_by_key(election).await?;
            let counted: i64 = groups.iter().map(|group| group.times).sum();
            let stored = self
                .keys_in(
                    "ballot:[$election, NONE]..=[$election, ..]",
                    vec![("election", election.to_string())],
                )
                .await?;
            if u64::try_from(counted).ok() == Some(stored) && stored == online {
                return Ok(groups);
            }
            tracing::warn!(
                %election,
                counted,
                stored,
                online,
                "the key counts disagree; reading the ballots"
            );
        }
        self.ballot_groups_by_reading(election).await
    }

    /// Each content's run of ballot keys counted, [`RUNS_AT_ONCE`] at a time.
    pub(crate) async fn ballot_groups_by_key(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<BallotGroup>, StoreError> {
        let contents: Vec<Content> = self
            .db
            .query(
                "SELECT record::id(id)[1] AS digest, content \
                 FROM ballot_content:[$election, NONE]..=[$election, ..]",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?;
        let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(RUNS_AT_ONCE));
        let mut runs = tokio::task::JoinSet::new();
        for Content { digest, content } in contents {
            let store = self.clone();
            let election = election.to_owned();
            let gate = gate.clone();
            runs.spawn(async move {
                let _turn = gate
                    .acquire_owned()
                    .await
                    .map_err(|_| StoreError::Uninitialised("the count's gate closed"))?;
                let times = store
                    .keys_in(
                        "ballot:[$election, $digest, NONE]..=[$election, $digest, ..]",
                        vec![("election", election.to_string()), ("digest", digest)],
                    )
                    .await?;
                Ok::<_, StoreError>(BallotGroup {
                    content,
                    times: i64::try_from(times).unwrap_or(i64::MAX),
                })
            });
        }
        let mut groups = Vec::new();
        while let Some(run) = runs.join_next().await {
            let group = run??;
            if group.times > 0 {
                groups.push(group);
            }
        }
        groups.sort_by(|a, b| a.content.cmp(&b.content));
        Ok(groups)
    }

    /// The ballots read and grouped by content inside the database, each slice of the digest
    /// space as its own task; the slices' groups are added up here.
    pub(crate) async fn ballot_groups_by_reading(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<BallotGroup>, StoreError> {
        let mut slices = tokio::task::JoinSet::new();
        for (from, to) in (0..SLICES).map(slice_bounds) {
            let db = self.db.clone();
            let election = election.to_owned();
            slices.spawn(async move {
                db.query(
                    "SELECT content, count() AS times FROM ballot:[$election, $from]..[$election, $to] \
                     GROUP BY content",
                )
                .bind(("election", election))
                .bind(("from", from))
                .bind(("to", to))
                .await?
                .check()?
                .take::<Vec<BallotGroup>>(0)
            });
        }
        let mut groups = std::collections::BTreeMap::<String, i64>::new();
        while let Some(slice) = slices.join_next().await {
            for group in slice?? {
                *groups.entry(group.content).or_default() += group.times;
            }
        }
        Ok(groups
            .into_iter()
            .map(|(content, times)| BallotGroup { content, times })
            .collect())
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
        let ballot = super::ballot::BALLOT;
        self.db
            .query(format!(
                "LET $e = type::record('election', $election); \
                 FOR $b IN $rows {{ LET $ballot = $b.key; LET $tracker = $b.tracker; \
                 LET $content = $b.content; {ballot} \
                 CREATE type::record('participation', [$election, $b.voter]) SET election = $e, \
                 voter = type::record('person', $b.voter), channel = 'online' RETURN NONE }};"
            ))
            .bind(("election", election.to_owned()))
            .bind(("rows", rows))
            .await?
            .check()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{SLICES, slice_bounds};

    #[test]
    fn the_counts_slices_cover_every_ballot_key_once() {
        let slices: Vec<(String, String)> = (0..SLICES).map(slice_bounds).collect();
        assert_eq!(slices[0].0, "00");
        assert_eq!(slices[SLICES - 1].1, "g");
        for pair in slices.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "no gap and no overlap");
        }
        for _ in 0..1_000 {
            let key = uuid::Uuid::new_v4().simple().to_string();
            let holding = slices
                .iter()
                .filter(|(from, to)| key.as_str() >= from.as_str() && key.as_str() < to.as_str())
                .count();
            assert_eq!(holding, 1, "{key}");
        }
        for edge in [
            "00000000000000000000000000000000",
            "ffffffffffffffffffffffffffffffff",
        ] {
            assert!(
                slices
                    .iter()
                    .any(|(from, to)| edge >= from.as_str() && edge < to.as_str())
            );
        }
    }
}
