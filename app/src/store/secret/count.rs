//! Counting a secret poll: its anonymous records grouped by content. Each content's run of keys
//! is counted and checked against the records and the participations, or the records are read.
//! Any kind counts the same way; what a content means is the kind's own count.

use super::super::{Store, StoreError};
use super::PollKind;
use surrealdb::types::SurrealValue;

/// Identical submissions to a poll: their content and how many were made.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct ContentGroup {
    pub content: String,
    pub times: i64,
}

/// How many slices of the digest space of the records' keys the reading count reads at once.
/// Measured on two cores and a million ballots (README, "Performance and faults"): 4 slices
/// 2.3–2.9 s, 8 slices 2.4–2.8 s, 32 slices 2.1–2.5 s; more only adds queries.
const SLICES: usize = 32;

/// Counting each content's run of keys costs a query per content, at most 0.25 ms here (the
/// bench's count of 100,000 ballots in 411 contents took 0.19 s in all), and reading costs about
/// 2.4 µs a record (2.4 s a million). Below this many records per content, on average, reading
/// is the cheaper way.
const RECORDS_PER_CONTENT: u64 = 128;

/// How many contents' runs are counted at once: enough to keep two cores, or a remote
/// database's connection, busy.
const RUNS_AT_ONCE: usize = 16;

/// The `[from, to)` bounds of slice `n` of [`SLICES`] over the keys' digests (64 lower-case
/// hex digits): the first two digits split evenly, and the last bound just past `f`.
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
    /// A poll's submissions grouped by content, sorted by content: what a count reads once the
    /// poll has closed. `online` is the poll's participations that submitted online, which by
    /// construction equal its anonymous records (both are written in one transaction).
    ///
    /// The fast way counts each content's run of keys and reads no record. It is taken only
    /// when contents are few for the records, and kept only when its total, the number of keys
    /// and `online` all agree: TOOLCHAIN.md warns that `count()` has had wrong-result bugs, and
    /// a record stored without its content's record would be missed. Otherwise the records are
    /// read, so what is stored is what is counted, and a disagreement shows on the results.
    pub async fn content_groups(
        &self,
        kind: PollKind,
        poll: &str,
        online: u64,
    ) -> Result<Vec<ContentGroup>, StoreError> {
        self.content_groups_checked(kind, poll, online, RECORDS_PER_CONTENT)
            .await
    }

    /// [`Store::content_groups`], counting by key from `per_content` records per content on
    /// (the tests take the checked way with a few records).
    pub(crate) async fn content_groups_checked(
        &self,
        kind: PollKind,
        poll: &str,
        online: u64,
        per_content: u64,
    ) -> Result<Vec<ContentGroup>, StoreError> {
        let contents = self
            .keys_in(
                &format!("{}:[$poll, NONE]..=[$poll, ..]", kind.contents),
                vec![("poll", poll.to_owned())],
            )
            .await?;
        if contents.saturating_mul(per_content) <= online {
            let groups = self.content_groups_by_key(kind, poll).await?;
            let counted: i64 = groups.iter().map(|group| group.times).sum();
            let stored = self.anonymous_records(kind, poll).await?;
            if u64::try_from(counted).ok() == Some(stored) && stored == online {
                return Ok(groups);
            }
            tracing::warn!(
                poll,
                kind = kind.anonymous,
                counted,
                stored,
                online,
                "the key counts disagree; reading the records"
            );
        }
        self.content_groups_by_reading(kind, poll).await
    }

    /// How many anonymous records `poll` holds, counted from keys.
    pub(crate) async fn anonymous_records(
        &self,
        kind: PollKind,
        poll: &str,
    ) -> Result<u64, StoreError> {
        self.keys_in(
            &format!("{}:[$poll, NONE]..=[$poll, ..]", kind.anonymous),
            vec![("poll", poll.to_owned())],
        )
        .await
    }

    /// Each content's run of keys counted, [`RUNS_AT_ONCE`] at a time.
    pub(crate) async fn content_groups_by_key(
        &self,
        kind: PollKind,
        poll: &str,
    ) -> Result<Vec<ContentGroup>, StoreError> {
        let contents: Vec<Content> = self
            .db
            .query(format!(
                "SELECT record::id(id)[1] AS digest, content FROM {}:[$poll, NONE]..=[$poll, ..]",
                kind.contents
            ))
            .bind(("poll", poll.to_owned()))
            .await?
            .check()?
            .take(0)?;
        let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(RUNS_AT_ONCE));
        let range = format!(
            "{}:[$poll, $digest, NONE]..=[$poll, $digest, ..]",
            kind.anonymous
        );
        let mut runs = tokio::task::JoinSet::new();
        for Content { digest, content } in contents {
            let (store, poll, gate, range) =
                (self.clone(), poll.to_owned(), gate.clone(), range.clone());
            runs.spawn(async move {
                let _turn = gate
                    .acquire_owned()
                    .await
                    .map_err(|_| StoreError::Uninitialised("the count's gate closed"))?;
                let times = store
                    .keys_in(&range, vec![("poll", poll), ("digest", digest)])
                    .await?;
                Ok::<_, StoreError>(ContentGroup {
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

    /// The records read and grouped by content inside the database, each slice of the digest
    /// space as its own task; the slices' groups are added up here.
    pub(crate) async fn content_groups_by_reading(
        &self,
        kind: PollKind,
        poll: &str,
    ) -> Result<Vec<ContentGroup>, StoreError> {
        let surql = format!(
            "SELECT content, count() AS times FROM {}:[$poll, $from]..[$poll, $to] GROUP BY content",
            kind.anonymous
        );
        let mut slices = tokio::task::JoinSet::new();
        for (from, to) in (0..SLICES).map(slice_bounds) {
            let (db, poll, surql) = (self.db.clone(), poll.to_owned(), surql.clone());
            slices.spawn(async move {
                db.query(surql)
                    .bind(("poll", poll))
                    .bind(("from", from))
                    .bind(("to", to))
                    .await?
                    .check()?
                    .take::<Vec<ContentGroup>>(0)
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
            .map(|(content, times)| ContentGroup { content, times })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{SLICES, slice_bounds};

    #[test]
    fn the_counts_slices_cover_every_key_once() {
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
