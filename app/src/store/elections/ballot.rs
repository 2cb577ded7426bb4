//! Casting a ballot in the database (DESIGN.md "Secrecy and one person, one vote"): a
//! participation and a ballot written in one transaction. The participation's key is
//! [election, voter], so two racing casts (from two phones, or a phone and a polling station)
//! want the same record and exactly one commits. The ballot is keyed [election, SHA-256 of its
//! content, fresh UUID v4] and carries no voter, no session, no time and nothing that orders
//! it; the first ballot of a content also writes that content's `ballot_content` record, so the
//! count can find each run of identical ballots (migration 0011). Handing out a paper ballot
//! (`paper`) writes the participation too, which shuts the phone out, and the other way round.

use super::super::{REFUSED, Store, StoreError};
use super::guard;
use super::polls::{PASS_GATE, STILL_OPEN, gate};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey, PlaceKey};
use crate::domain::refusal::Refusal;
use surrealdb::types::{AlreadyExistsError, ErrorDetails, QueryError, SurrealValue};

/// Attempts when a commit raced another (never the same voter: that one is refused).
const ATTEMPTS: usize = 8;

/// Writes ballot `$ballot` (a fresh UUID) of `$content` in election `$e` (`$election`), and the
/// content's record if this is its first ballot. Two first ballots of one content racing each
/// other clash on that record, and the loser is retried.
pub(super) const BALLOT: &str = "LET $digest = crypto::sha256($content); \
    IF !record::exists(type::record('ballot_content', [$election, $digest])) { \
    CREATE type::record('ballot_content', [$election, $digest]) SET content = $content RETURN NONE }; \
    CREATE type::record('ballot', [$election, $digest, $ballot]) SET election = $e, tracker = $tracker, \
    content = $content RETURN NONE;";

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ParticipationRow {
    channel: String,
    proxy: Option<String>,
}

/// Which participation statement a write-failure came from.
pub(super) fn classify(error: &surrealdb::Error) -> Failure {
    match error.details() {
        ErrorDetails::AlreadyExists(Some(AlreadyExistsError::Record { id }))
            if id.starts_with("participation:") =>
        {
            Failure::AlreadyVoted
        }
        ErrorDetails::AlreadyExists(Some(AlreadyExistsError::Record { id }))
            if id.starts_with("ballot_content:") =>
        {
            Failure::Retry
        }
        ErrorDetails::Query(Some(QueryError::TransactionConflict)) => Failure::Retry,
        _ if error.to_string().contains("ballot_tracker") => Failure::Retry,
        _ => Failure::Other,
    }
}

pub(super) enum Failure {
    AlreadyVoted,
    Retry,
    Other,
}

/// How a try at casting ended when it did not commit: a race it may run again after, or an
/// answer.
enum Try {
    Raced(surrealdb::Error),
    Ended(StoreError),
}

impl std::fmt::Display for Try {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Try::Raced(cause) => cause.fmt(f),
            Try::Ended(error) => error.fmt(f),
        }
    }
}

impl Store {
    /// Casts `voter`'s ballot online (by `holder` when a proxy casts it): checks inside the
    /// transaction that the polls are open, the voter is on the roll and the holder is theirs,
    /// then writes the participation and the ballot. `tracker` makes a fresh tracker code for
    /// each attempt (a clash with another ballot's is retried).
    pub async fn cast_ballot(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        voter: &PersonKey,
        holder: Option<&PersonKey>,
        content: &str,
        tracker: impl Fn() -> String,
    ) -> Result<String, StoreError> {
        let guard = guard(&[Phase::Open]);
        let surql = format!(
            "BEGIN TRANSACTION; {guard} {STILL_OPEN} \
             IF (SELECT VALUE struck FROM ONLY type::record('roll_entry', [$election, $voter])) != false \
             {{ THROW '{REFUSED}not_on_roll' }}; \
             IF $holder AND (SELECT VALUE holder FROM ONLY type::record('proxy', [$election, $voter])) \
             != type::record('person', $holder) {{ THROW '{REFUSED}not_their_proxy' }}; \
             CREATE type::record('participation', [$election, $voter]) SET election = $e, \
             voter = type::record('person', $voter), channel = 'online', \
             proxy = IF $holder {{ type::record('person', $holder) }} ELSE {{ NONE }}; \
             {BALLOT} \
             {PASS_GATE} \
             COMMIT TRANSACTION;"
        );
        let (surql, tracker) = (surql.as_str(), &tracker);
        let run = move || async move {
            let code = tracker();
            let ballot = uuid::Uuid::new_v4().simple().to_string();
            let result = self
                .db
                .query(surql)
                .bind(("community", community.to_owned()))
                .bind(("election", election.to_owned()))
                .bind(("voter", voter.to_owned()))
                .bind(("holder", holder.cloned()))
                .bind(("ballot", ballot))
                .bind(("tracker", code.clone()))
                .bind(("content", content.to_owned()))
                .bind(("gate", gate()))
                .await;
            let errors: Vec<surrealdb::Error> = match result {
                Ok(mut response) => response.take_errors().into_values().collect(),
                Err(error) => vec![error],
            };
            let Some(cause) = super::super::audit::root_cause(errors) else {
                return Ok(code);
            };
            Err(match classify(&cause) {
                Failure::AlreadyVoted => Try::Ended(StoreError::Refused(Refusal::AlreadyVoted)),
                // A racing commit may have been this voter's own, on another device.
                Failure::Retry => match self.participation(election, voter).await {
                    Ok(Some(_)) => Try::Ended(StoreError::Refused(Refusal::AlreadyVoted)),
                    Ok(None) => Try::Raced(cause),
                    Err(error) => Try::Ended(error),
                },
                Failure::Other => Try::Ended(StoreError::from(cause).refusal_or_self()),
            })
        };
        super::super::retry::again_if_raced("cast", ATTEMPTS, run, |t| matches!(t, Try::Raced(_)))
            .await
            .map_err(|t| match t {
                Try::Raced(cause) => StoreError::from(cause).refusal_or_self(),
                Try::Ended(error) => error,
            })
    }

    /// How `voter` took part, if they did: the channel and, if by proxy, the holder.
    pub async fn participation(
        &self,
        election: &ElectionKey,
        voter: &PersonKey,
    ) -> Result<Option<(String, Option<String>)>, StoreError> {
        let rows: Vec<ParticipationRow> = self
            .db
            .query(
                "SELECT channel, (IF proxy != NONE { <string> record::id(proxy) } ELSE { NONE }) AS proxy \
                 FROM type::record('participation', [$election, $voter])",
            )
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next().map(|row| (row.channel, row.proxy)))
    }

    /// Participations of an election: in all, online, and paper ballots handed out per place
    /// (places with none are left out). Counted from keys, without reading a participation:
    /// all participations are one run of keys, and each place's hand-outs another.
    pub async fn participation_counts(
        &self,
        election: &ElectionKey,
    ) -> Result<(u64, u64, std::collections::BTreeMap<PlaceKey, u64>), StoreError> {
        let total = self
            .keys_in(
                "participation:[$election, NONE]..=[$election, ..]",
                vec![("election", election.to_string())],
            )
            .await?;
        let mut paper = std::collections::BTreeMap::new();
        for place in self.polling_places(election).await? {
            let handed_out = self
                .keys_in(
                    "handout:[$election, $place, NONE]..=[$election, $place, ..]",
                    vec![
                        ("election", election.to_string()),
                        ("place", place.key.to_string()),
                    ],
                )
                .await?;
            if handed_out > 0 {
                paper.insert(place.key, handed_out);
            }
        }
        let online = total.saturating_sub(paper.values().sum());
        Ok((total, online, paper))
    }
}
