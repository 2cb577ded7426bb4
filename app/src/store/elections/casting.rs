//! Casting in the database (DESIGN.md "Secrecy and one person, one vote"): a participation and
//! a ballot written in one transaction. The participation's key is [election, voter], so two
//! racing casts (from two phones, or a phone and a polling station) want the same record and
//! exactly one commits. The ballot is keyed [election, SHA-256 of its content, fresh UUID v4]
//! and carries no voter, no session, no time and nothing that orders it; the first ballot of a
//! content also writes that content's `ballot_content` record, so the count can find each run
//! of identical ballots (migration 0011). Handing out a paper ballot writes the participation
//! and the place's hand-out, which shuts the phone out, and the other way round.

use super::super::audit::{Audited, facts};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
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

/// Shards of an election's poll gate (`poll_gate:[election, n]`).
pub(super) const GATE_SHARDS: u32 = 1024;

/// Passes the poll gate: writes one shard of it, picked at random (`$gate`). Every cast and
/// hand-out does, and the close writes every shard, so a cast or hand-out that began before
/// the close and has not committed conflicts with it and is retried, and then refused because
/// the polls are closed. Reading the phase alone is not enough under snapshot isolation (issue
/// 15, item 17). Random shards keep casts from conflicting with each other, and the shard
/// holds nothing: it says neither who nor when.
pub(super) const PASS_GATE: &str =
    "UPSERT type::record('poll_gate', [$election, $gate]) SET shut = false RETURN NONE;";

/// Shuts the poll gate: every shard (`$gates`, 0 to [`GATE_SHARDS`]), in the close's
/// transaction.
pub(super) const SHUT_GATE: &str = "INSERT INTO poll_gate \
    $gates.map(|$g| { id: type::record('poll_gate', [$election, $g]), shut: true }) \
    ON DUPLICATE KEY UPDATE shut = true RETURN NONE;";

/// Refuses a cast or hand-out once the close has begun (`closing`), before the gate shuts.
pub(super) const STILL_OPEN: &str =
    "IF (SELECT VALUE closing FROM ONLY $e) = true { THROW 'refused:polls_closed' };";

/// The shard a cast passes.
fn gate() -> u32 {
    rand::random::<u32>() % GATE_SHARDS
}

/// A paper ballot handed out in a voter's name: where, when (UTC) and by whom.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct HandoutRow {
    pub place: String,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ParticipationRow {
    channel: String,
    proxy: Option<String>,
}

/// Which participation statement a write-failure came from.
fn classify(error: &surrealdb::Error) -> Failure {
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

enum Failure {
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
        community: &str,
        election: &str,
        voter: &str,
        holder: Option<&str>,
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
                .bind(("holder", holder.map(str::to_owned)))
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

    /// Marks `voter` as handed a paper ballot at `place` by `officer`: from now on they cannot
    /// vote by phone, and a second hand-out is refused. Only an officer assigned to that place
    /// may (checked inside the transaction); the hand-out records who and when, and is audited
    /// (issue 15, item 6: any officer could shut any voter out of the phone vote, unrecorded).
    pub async fn hand_out_paper(
        &self,
        community: &str,
        election: &str,
        voter: &str,
        place: &str,
        officer: &str,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Open]);
        let surql = format!(
            "{guard} {STILL_OPEN} \
             IF (SELECT VALUE struck FROM ONLY type::record('roll_entry', [$election, $voter])) != false \
             {{ THROW '{REFUSED}not_on_roll' }}; \
             LET $place = type::record('polling_place', $place); \
             IF (SELECT VALUE election FROM ONLY $place) != $e {{ THROW 'not this election' }}; \
             IF !record::exists(type::record('place_officer', [$election, $place_key, $officer])) \
             {{ THROW '{REFUSED}not_assigned_here' }}; \
             CREATE type::record('participation', [$election, $voter]) SET election = $e, \
             voter = type::record('person', $voter), channel = 'paper', place = $place; \
             CREATE type::record('handout', [$election, $place_key, $voter]) \
             SET by = type::record('person', $officer), at = time::now() RETURN NONE; \
             {PASS_GATE}"
        );
        let result = self
            .audited(
                facts(
                    &format!("person:{officer}"),
                    "election.paper.hand_out",
                    Some(community),
                    // Not the place: staff read the log, and who used which box is for the
                    // count alone (issue 15, item 3).
                    Detail::new()
                        .with(Fact::Election, election)
                        .with(Fact::Voter, voter),
                ),
                Audited {
                    surql: &surql,
                    bindings: vec![
                        ("community", community.into()),
                        ("election", election.into()),
                        ("voter", voter.into()),
                        ("place", place.into()),
                        ("place_key", place.into()),
                        ("officer", officer.into()),
                        ("gate", gate().into()),
                    ],
                },
            )
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(StoreError::Database(error))
                if matches!(classify(&error), Failure::AlreadyVoted) =>
            {
                Err(StoreError::Refused(Refusal::AlreadyVoted))
            }
            Err(error) => Err(error),
        }
    }

    /// Assigns `officer` to hand out paper ballots at `place` (idempotent), audited.
    pub async fn assign_to_place(
        &self,
        community: &str,
        election: &str,
        place: &str,
        officer: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Preparing, Phase::Open]);
        let surql = format!(
            "{guard} LET $place = type::record('polling_place', $place); \
             IF (SELECT VALUE election FROM ONLY $place) != $e {{ THROW 'not this election' }}; \
             IF (SELECT VALUE community FROM ONLY type::record('person', $officer)) \
             != type::record('community', $community) {{ THROW 'not this community' }}; \
             UPSERT type::record('place_officer', [$election, $place_key, $officer]) \
             SET election = $e, place = $place, officer = type::record('person', $officer) RETURN NONE;"
        );
        self.audited(
            facts(
                actor,
                "election.place.assign",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Officer, officer)
                    .with(Fact::Place, place),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("place", place.into()),
                    ("place_key", place.into()),
                    ("officer", officer.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Who hands out paper ballots where: (place key, officer key, officer's name).
    pub async fn place_officers(
        &self,
        election: &str,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Row {
            place: String,
            officer: String,
            name: String,
        }
        let rows: Vec<Row> = self
            .db
            .query(
                "SELECT <string> record::id(place) AS place, <string> record::id(officer) AS officer, \
                 officer.name AS name FROM place_officer \
                 WHERE election = type::record('election', $election) ORDER BY name",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows
            .into_iter()
            .map(|r| (r.place, r.officer, r.name))
            .collect())
    }

    /// The paper ballot handed out in `voter`'s name, if one was: where (the place's name),
    /// when, and by whom (name). The voter sees it on their phone.
    pub async fn handout_of(
        &self,
        election: &str,
        voter: &str,
    ) -> Result<Option<HandoutRow>, StoreError> {
        let rows: Vec<HandoutRow> = self
            .db
            .query(
                "LET $p = (SELECT VALUE place FROM ONLY type::record('participation', [$election, $voter])); \
                 IF $p { SELECT $p.name AS place, at, by.name AS by FROM \
                 type::record('handout', [$election, record::id($p), $voter]) } ELSE { [] };",
            )
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?
            .take(1)?;
        Ok(rows.into_iter().next())
    }

    /// `voter` says the paper ballot handed out in their name was not handed to them; audited,
    /// and listed on the officers' desk. One dispute per voter and election.
    pub async fn dispute_handout(
        &self,
        community: &str,
        election: &str,
        voter: &str,
        note: &str,
    ) -> Result<(), StoreError> {
        let surql = "LET $e = type::record('election', $election); \
             IF (SELECT VALUE community FROM ONLY $e) != type::record('community', $community) \
             { THROW 'not this community' }; \
             IF (SELECT VALUE channel FROM ONLY type::record('participation', [$election, $voter])) != 'paper' \
             { THROW 'no paper ballot in this name' }; \
             CREATE type::record('handout_dispute', [$election, $voter]) SET election = $e, \
             voter = type::record('person', $voter), note = $note, at = time::now() RETURN NONE;";
        self.audited(
            facts(
                &format!("person:{voter}"),
                "election.paper.dispute",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Reason, note),
            ),
            Audited {
                surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("voter", voter.into()),
                    ("note", note.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Whether `voter` disputed the hand-out in their name.
    pub async fn disputed_handout(&self, election: &str, voter: &str) -> Result<bool, StoreError> {
        let found: Option<bool> = self
            .db
            .query("RETURN record::exists(type::record('handout_dispute', [$election, $voter]))")
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(found.unwrap_or(false))
    }

    /// Disputed hand-outs of an election: the voter's name, the place's name, their note.
    pub async fn handout_disputes(
        &self,
        election: &str,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Row {
            name: String,
            place: Option<String>,
            note: String,
        }
        let rows: Vec<Row> = self
            .db
            .query(
                "SELECT voter.name AS name, \
                 (SELECT VALUE place.name FROM ONLY type::record('participation', [record::id($parent.election), record::id($parent.voter)])) AS place, \
                 note FROM handout_dispute WHERE election = type::record('election', $election) ORDER BY at",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows
            .into_iter()
            .map(|r| (r.name, r.place.unwrap_or_default(), r.note))
            .collect())
    }

    /// How `voter` took part, if they did: the channel and, if by proxy, the holder.
    pub async fn participation(
        &self,
        election: &str,
        voter: &str,
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
        election: &str,
    ) -> Result<(u64, u64, std::collections::BTreeMap<String, u64>), StoreError> {
        let total = self
            .keys_in(
                "participation:[$election, NONE]..=[$election, ..]",
                vec![("election", election.to_owned())],
            )
            .await?;
        let mut paper = std::collections::BTreeMap::new();
        for place in self.polling_places(election).await? {
            let handed_out = self
                .keys_in(
                    "handout:[$election, $place, NONE]..=[$election, $place, ..]",
                    vec![
                        ("election", election.to_owned()),
                        ("place", place.key.clone()),
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

    /// The principals `holder` carries in an election, with whether each has taken part.
    pub async fn principals_of(
        &self,
        election: &str,
        holder: &str,
    ) -> Result<Vec<(String, String, bool)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Principal {
            key: String,
            name: String,
            voted: bool,
        }
        let rows: Vec<Principal> = self
            .db
            .query(
                "SELECT <string> record::id(principal) AS key, principal.name AS name, \
                 record::exists(type::record('participation', [$election, record::id(principal)])) AS voted \
                 FROM proxy WHERE election = type::record('election', $election) \
                 AND holder = type::record('person', $holder) ORDER BY name",
            )
            .bind(("election", election.to_owned()))
            .bind(("holder", holder.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(|p| (p.key, p.name, p.voted)).collect())
    }
}
