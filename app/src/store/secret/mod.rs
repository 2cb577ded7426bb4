//! The secret-submission engine (DESIGN.md "Secrecy and one person, one vote"): one way to take
//! part in any secret poll (an election's ballot, an evaluation round's rating sheet, later a
//! meeting's secret vote or a survey), whatever the content.
//!
//! Each kind of poll keeps two records per submission, written in one transaction and never
//! linked:
//! - a *participation*, keyed `[poll, person]`: who took part, by which channel (and the
//!   kind's own fields, such as a proxy or a polling place). Its fixed key makes two racing
//!   submissions by one person want the same record, so exactly one commits, from any device;
//! - an *anonymous record*, keyed `[poll, SHA-256 of the content, random UUID v4]`, holding the
//!   poll, a tracker and the content: no person, no session, no time, nothing that sorts the
//!   records into the order they were made. The first record of a content also writes the
//!   content's record, keyed `[poll, digest]`, so a count reads the few contents and counts
//!   each one's run of keys ([`count`]).
//!
//! Every submission passes the poll's *gate* (one random shard of it written), and a poll's
//! close shuts every shard in its own transaction, so a submission in flight when the poll
//! closes conflicts with the close and is then refused (issue 15, item 17).
//!
//! A kind ([`PollKind`]) says only where its records live; what may be submitted, and by whom,
//! is the kind's own checks, which run first inside the same transaction ([`Submission`]).

pub mod count;

use super::{Store, StoreError};
use crate::domain::keys::PersonKey;
use crate::domain::refusal::Refusal;
use surrealdb::types::{AlreadyExistsError, ErrorDetails, QueryError};

#[cfg(test)]
mod tests;

/// Where one kind of secret poll keeps its records. The names are constants of the program,
/// never input, so they are written into the statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollKind {
    /// The polls' table, which is also the field by which both records name their poll.
    pub poll: &'static str,
    /// The participations' table.
    pub participation: &'static str,
    /// The participation's field naming the person who took part.
    pub person: &'static str,
    /// The anonymous records' table; its index `<anonymous>_tracker` keeps trackers unique
    /// per poll.
    pub anonymous: &'static str,
    /// The contents' table: one record per way a poll's submissions were filled in.
    pub contents: &'static str,
    /// The gate's table (`[poll, shard]`); its shards hold nothing.
    pub gate: &'static str,
}

/// Elections: ballots (migrations 0006, 0010, 0011, 0012; the tables kept their names when
/// casting moved onto the engine, so no ballot was touched).
pub const ELECTION: PollKind = PollKind {
    poll: "election",
    participation: "participation",
    person: "voter",
    anonymous: "ballot",
    contents: "ballot_content",
    gate: "poll_gate",
};

/// Evaluation rounds: rating sheets (migration 0013).
pub const EVALUATION: PollKind = PollKind {
    poll: "evaluation",
    participation: "rating_participation",
    person: "rater",
    anonymous: "rating",
    contents: "rating_content",
    gate: "rating_gate",
};

/// Every kind of secret poll: the engine's tests run against each.
pub const KINDS: [PollKind; 2] = [ELECTION, EVALUATION];

/// Shards of a poll's gate.
pub const GATE_SHARDS: u32 = 1024;

/// Attempts when a commit raced another (never the same person: that one is refused).
const ATTEMPTS: usize = 8;

impl PollKind {
    /// Writes the anonymous record `$anonymous` (a fresh UUID) of `$content` with `$tracker`
    /// in poll `$poll`, and the content's record if this is its first. Two first records of
    /// one content racing each other clash on the content's record, and the loser is retried.
    pub(crate) fn write_anonymous(&self) -> String {
        let PollKind {
            poll,
            anonymous,
            contents,
            ..
        } = self;
        format!(
            "LET $digest = crypto::sha256($content); \
             IF !record::exists(type::record('{contents}', [$poll, $digest])) {{ \
             CREATE type::record('{contents}', [$poll, $digest]) SET content = $content RETURN NONE }}; \
             CREATE type::record('{anonymous}', [$poll, $digest, $anonymous]) \
             SET {poll} = type::record('{poll}', $poll), tracker = $tracker, content = $content \
             RETURN NONE;"
        )
    }

    /// Records that `$person` took part in poll `$poll`; `fields` sets the kind's own fields
    /// (`channel = 'online'`, a proxy, a place). A second participation fails: the key exists.
    pub(crate) fn participate(&self, fields: &str) -> String {
        let PollKind {
            poll,
            participation,
            person,
            ..
        } = self;
        format!(
            "CREATE type::record('{participation}', [$poll, $person]) \
             SET {poll} = type::record('{poll}', $poll), {person} = type::record('person', $person), \
             {fields} RETURN NONE;"
        )
    }

    /// Passes the gate of poll `$poll`: writes the shard `$gate` ([`gate_shard`]). Every
    /// submission and paper hand-out does, so the close ([`PollKind::shut_gate`]) conflicts
    /// with those in flight; reading the poll's phase alone is not enough under snapshot
    /// isolation. Random shards keep submissions from conflicting with each other.
    pub(crate) fn pass_gate(&self) -> String {
        format!(
            "UPSERT type::record('{}', [$poll, $gate]) SET shut = false RETURN NONE;",
            self.gate
        )
    }

    /// Shuts every shard of poll `$poll`'s gate (`$gates`: 0 to [`GATE_SHARDS`], from
    /// [`all_gate_shards`]), in the close's transaction.
    pub(crate) fn shut_gate(&self) -> String {
        let gate = self.gate;
        format!(
            "INSERT INTO {gate} $gates.map(|$g| {{ id: type::record('{gate}', [$poll, $g]), shut: true }}) \
             ON DUPLICATE KEY UPDATE shut = true RETURN NONE;"
        )
    }

    /// What a failed write of this kind's records was.
    pub(crate) fn classify(&self, error: &surrealdb::Error) -> Failure {
        let record = |table: &str, id: &str| id.starts_with(&format!("{table}:"));
        match error.details() {
            ErrorDetails::AlreadyExists(Some(AlreadyExistsError::Record { id }))
                if record(self.participation, id) =>
            {
                Failure::AlreadyTookPart
            }
            ErrorDetails::AlreadyExists(Some(AlreadyExistsError::Record { id }))
                if record(self.contents, id) =>
            {
                Failure::Retry
            }
            ErrorDetails::Query(Some(QueryError::TransactionConflict)) => Failure::Retry,
            _ if error
                .to_string()
                .contains(&format!("{}_tracker", self.anonymous)) =>
            {
                Failure::Retry
            }
            _ => Failure::Other,
        }
    }
}

/// The shard a submission passes, at random.
pub fn gate_shard() -> u32 {
    rand::random::<u32>() % GATE_SHARDS
}

/// Every shard, for the close.
pub fn all_gate_shards() -> Vec<u32> {
    (0..GATE_SHARDS).collect()
}

/// What a failed write was.
pub(crate) enum Failure {
    /// The participation exists: this person already took part.
    AlreadyTookPart,
    /// A race with someone else's write, or a tracker that clashed: run again.
    Retry,
    Other,
}

/// One person's submission to one poll.
pub struct Submission<'a> {
    pub kind: PollKind,
    /// The poll's key (bound as `$poll`).
    pub poll: &'a str,
    /// Who takes part (bound as `$person`).
    pub person: &'a PersonKey,
    /// The kind's checks, run first inside the transaction: is the poll open, may this person
    /// take part, is the holder theirs. Each refuses with `THROW 'refused:<code>'`.
    pub checks: &'a str,
    /// The participation's own fields ([`PollKind::participate`]).
    pub fields: &'a str,
    /// Further parameters the checks and fields name.
    pub bindings: Vec<(&'static str, serde_json::Value)>,
    /// The content, as canonical JSON of the kind's content type.
    pub content: &'a str,
    /// The refusal a second submission by the same person gets, in the kind's words
    /// ([`Refusal::AlreadyVoted`], [`Refusal::AlreadyRated`]).
    pub already: Refusal,
}

/// How a try ended when it did not commit: a race it may run again after, or an answer.
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
    /// Submits `submission` secretly: in one transaction, the kind's checks, the
    /// participation, the anonymous record and the gate. Answers the tracker the person is
    /// shown; `tracker` makes a fresh one for each attempt (a clash with another record's is
    /// retried).
    ///
    /// Errors: the submission's `already` refusal when the person already took part (by any
    /// channel, from any device, even at the same moment); a refusal the checks threw; a
    /// database error otherwise. A refused submission writes nothing.
    pub async fn submit_secret(
        &self,
        submission: Submission<'_>,
        tracker: impl Fn() -> String,
    ) -> Result<String, StoreError> {
        let Submission {
            kind,
            poll,
            person,
            checks,
            fields,
            bindings,
            content,
            already,
        } = submission;
        let surql = format!(
            "BEGIN TRANSACTION; {checks} {} {} {} COMMIT TRANSACTION;",
            kind.participate(fields),
            kind.write_anonymous(),
            kind.pass_gate(),
        );
        let (surql, tracker, bindings) = (surql.as_str(), &tracker, &bindings);
        let run = move || async move {
            let code = tracker();
            let mut query = self
                .db
                .query(surql)
                .bind(("poll", poll.to_owned()))
                .bind(("person", person.to_owned()))
                .bind(("anonymous", uuid::Uuid::new_v4().simple().to_string()))
                .bind(("tracker", code.clone()))
                .bind(("content", content.to_owned()))
                .bind(("gate", gate_shard()));
            for (name, value) in bindings {
                query = query.bind((*name, value.clone()));
            }
            let errors: Vec<surrealdb::Error> = match query.await {
                Ok(mut response) => response.take_errors().into_values().collect(),
                Err(error) => vec![error],
            };
            let Some(cause) = super::audit::root_cause(errors) else {
                return Ok(code);
            };
            Err(match kind.classify(&cause) {
                Failure::AlreadyTookPart => Try::Ended(StoreError::Refused(already)),
                // A racing commit may have been this person's own, on another device.
                Failure::Retry => match self.took_part(kind, poll, person).await {
                    Ok(true) => Try::Ended(StoreError::Refused(already)),
                    Ok(false) => Try::Raced(cause),
                    Err(error) => Try::Ended(error),
                },
                Failure::Other => Try::Ended(StoreError::from(cause).refusal_or_self()),
            })
        };
        super::retry::again_if_raced(kind.anonymous, ATTEMPTS, run, |t| {
            matches!(t, Try::Raced(_))
        })
        .await
        .map_err(|t| match t {
            Try::Raced(cause) => StoreError::from(cause).refusal_or_self(),
            Try::Ended(error) => error,
        })
    }

    /// Whether `person` took part in `poll` (by any channel).
    pub async fn took_part(
        &self,
        kind: PollKind,
        poll: &str,
        person: &PersonKey,
    ) -> Result<bool, StoreError> {
        let found: Option<bool> = self
            .db
            .query(format!(
                "RETURN record::exists(type::record('{}', [$poll, $person]))",
                kind.participation
            ))
            .bind(("poll", poll.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(found.unwrap_or(false))
    }

    /// The tracker of every anonymous record of `poll`, sorted: the order says nothing of who
    /// or when. Callers show them once the poll closed.
    pub async fn trackers(&self, kind: PollKind, poll: &str) -> Result<Vec<String>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT VALUE tracker FROM {}:[$poll, NONE]..=[$poll, ..] ORDER BY tracker",
                kind.anonymous
            ))
            .bind(("poll", poll.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// How many participations `poll` has, counted from keys without reading one.
    pub async fn participations(&self, kind: PollKind, poll: &str) -> Result<u64, StoreError> {
        self.keys_in(
            &format!("{}:[$poll, NONE]..=[$poll, ..]", kind.participation),
            vec![("poll", poll.to_owned())],
        )
        .await
    }

    /// How many keys `range` (a record range naming the parameters `bindings` give) holds,
    /// without reading the records.
    pub(crate) async fn keys_in(
        &self,
        range: &str,
        bindings: Vec<(&'static str, String)>,
    ) -> Result<u64, StoreError> {
        let mut query = self.db.query(format!(
            "SELECT VALUE count FROM (SELECT count() FROM {range} GROUP ALL)"
        ));
        for binding in bindings {
            query = query.bind(binding);
        }
        let counts: Vec<i64> = query.await?.check()?.take(0)?;
        Ok(counts
            .first()
            .map_or(0, |count| u64::try_from(*count).unwrap_or(0)))
    }
}
