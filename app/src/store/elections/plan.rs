//! The election's plan in the database (L25 Arts. 8, 14): the election as stored, with its
//! polling places, created by an officer or, for a tie-break or a run-off, by publishing the
//! result; and reading elections back.

use super::super::audit::{Audited, facts};
use super::super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::Mode;
use crate::domain::election::plan::{ElectionPlan, Round, Seats};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey, PlaceKey};
use crate::domain::rules::CommunityRules;
use crate::store::Acting;
use chrono::{DateTime, NaiveDate, Utc};
use surrealdb::types::SurrealValue;

/// An election as stored. Its phase, mode, round and pending step are read into the domain's
/// types as it is read: an unknown value is an error, never a default (issue 18, item 2).
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct ElectionRow {
    pub key: ElectionKey,
    pub community: CommunityKey,
    pub title: String,
    pub mode: Mode,
    pub round: Round,
    pub parent: Option<ElectionKey>,
    pub seat_director: i64,
    pub seat_deputies: i64,
    pub seat_members: i64,
    /// Read as a date, or the row is an error (never a default day: issue 18, item 2).
    pub election_day: NaiveDate,
    pub voting_opens: DateTime<Utc>,
    pub voting_closes: DateTime<Utc>,
    pub phase: Phase,
    pub roll_published_on: Option<NaiveDate>,
    pub candidates_published_on: Option<NaiveDate>,
    pub pending_step: Option<crate::domain::election::polls::TwoOfficerStep>,
    pub pending_by: Option<PersonKey>,
    pub result: Option<String>,
    /// The community's rules when the election was created, as JSON (`CommunityRules`):
    /// turnout, shares, proxies and the rest stay as they were for its whole life.
    pub rules: Option<String>,
}

impl ElectionRow {
    /// The announced voting window.
    pub fn window(&self) -> crate::domain::election::polls::VotingWindow {
        crate::domain::election::polls::VotingWindow {
            opens: self.voting_opens,
            closes: self.voting_closes,
        }
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn round(&self) -> Round {
        self.round
    }

    pub fn seats(&self) -> Seats {
        let seat = |n: i64| u8::try_from(n).unwrap_or(0);
        Seats {
            director: seat(self.seat_director),
            deputies: seat(self.seat_deputies),
            members: seat(self.seat_members),
        }
    }

    pub fn election_day(&self) -> NaiveDate {
        self.election_day
    }

    pub fn roll_published_on(&self) -> Option<NaiveDate> {
        self.roll_published_on
    }

    pub fn candidates_published_on(&self) -> Option<NaiveDate> {
        self.candidates_published_on
    }
}

/// A polling station or roving box.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct PlaceRow {
    pub key: PlaceKey,
    pub name: String,
    pub roving: bool,
}

const ELECTION_FIELDS: &str = concat!(
    "<string> record::id(id) AS key, \
    <string> record::id(community) AS community, title, mode, round, \
    (IF parent != NONE { <string> record::id(parent) } ELSE { NONE }) AS parent, \
    seat_director, seat_deputies, seat_members, ",
    crate::store::stored_day!("election_day"),
    " AS election_day, voting_opens, voting_closes, phase, ",
    crate::store::stored_day!("roll_published_on"),
    " AS roll_published_on, ",
    crate::store::stored_day!("candidates_published_on"),
    " AS candidates_published_on, pending_step, \
    (IF pending_by != NONE { <string> record::id(pending_by) } ELSE { NONE }) AS pending_by, result, \
    rules"
);

/// The election `$key`, as an [`ElectionRow`].
pub(super) fn election_by_key() -> String {
    format!("SELECT {ELECTION_FIELDS} FROM type::record('election', $key)")
}

/// Creates election `$election` from the bindings of [`election_bindings`] (and `$community`);
/// binds `$e`.
const CREATE_ELECTION: &str = "IF record::exists(type::record('community', $community)) = false \
    { THROW 'unknown community' }; \
    LET $e = type::record('election', $election); \
    CREATE $e SET community = type::record('community', $community), \
    title = $title, mode = $mode, round = $round, \
    parent = IF $parent { type::record('election', $parent) } ELSE { NONE }, \
    seat_director = $director, seat_deputies = $deputies, seat_members = $members, \
    election_day = $day, voting_opens = <datetime> $opens, \
    voting_closes = <datetime> $closes, phase = 'preparing', rules = $rules, created_at = time::now(); \
    FOR $p IN $places { CREATE polling_place SET election = $e, name = $p.name, \
    roving = $p.roving, position = $p.position };";

/// What [`CREATE_ELECTION`] binds for election `key` of `plan`.
fn election_bindings(
    key: &str,
    plan: &ElectionPlan,
    round: Round,
    rules: &CommunityRules,
    parent: Option<&str>,
) -> Vec<(&'static str, serde_json::Value)> {
    let places: Vec<serde_json::Value> = plan
        .places
        .iter()
        .enumerate()
        .map(|(position, place)| {
            serde_json::json!({ "name": place.name.trim(), "roving": place.roving, "position": position })
        })
        .collect();
    vec![
        ("election", key.into()),
        ("title", plan.title.trim().into()),
        ("mode", plan.mode.code().into()),
        ("round", round.code().into()),
        ("parent", parent.into()),
        ("director", plan.seats.director.into()),
        ("deputies", plan.seats.deputies.into()),
        ("members", plan.seats.members.into()),
        ("day", plan.election_day.to_string().into()),
        ("opens", plan.voting_opens.to_rfc3339().into()),
        ("closes", plan.voting_closes.to_rfc3339().into()),
        ("places", places.into()),
        (
            "rules",
            serde_json::to_string(rules).unwrap_or_default().into(),
        ),
    ]
}

/// The key of the round `round` that follows election `parent`: the same for every attempt to
/// create it, so it exists once (32 hex digits, like every election key).
pub fn next_round_key(parent: &ElectionKey, round: Round) -> ElectionKey {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{parent}:{round:?}").as_bytes());
    ElectionKey::from_store(hex::encode(&digest[..16]))
}

impl Store {
    /// Creates an election in `community` with its polling places. Answers its key.
    pub async fn create_election(
        &self,
        acting: &Acting,
        plan: &ElectionPlan,
        round: Round,
        rules: &CommunityRules,
    ) -> Result<ElectionKey, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let key = ElectionKey::fresh();
        let mut bindings = election_bindings(&key, plan, round, rules, None);
        bindings.push(("community", community.into()));
        self.audited(
            facts(
                actor,
                "election.create",
                Some(community),
                Detail::new()
                    .with(Fact::Election, &key)
                    .with(Fact::Title, &plan.title),
            ),
            Audited {
                surql: CREATE_ELECTION,
                bindings,
            },
        )
        .await?;
        Ok(key)
    }

    /// Creates the round an election still needs (a tie-break or a run-off) with `plan`: the
    /// parent's roll, already published, and `candidates` (person, office code) as its
    /// published list, since the count chose them. One transaction, keyed by (parent, round)
    /// ([`next_round_key`]): a second call for the same round, even a racing one, creates
    /// nothing and answers the same key (issue 15, item 8: publishing twice made two run-offs).
    #[allow(clippy::too_many_arguments)]
    pub async fn create_next_round(
        &self,
        acting: &Acting,
        parent: &ElectionKey,
        plan: &ElectionPlan,
        round: Round,
        rules: &CommunityRules,
        candidates: &[(String, String)],
        today: NaiveDate,
    ) -> Result<ElectionKey, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let key = next_round_key(parent, round);
        if self.election(&key).await?.is_some() {
            return Ok(key);
        }
        let rows: Vec<serde_json::Value> = candidates
            .iter()
            .map(|(person, office)| {
                serde_json::json!({
                    "key": uuid::Uuid::new_v4().simple().to_string(),
                    "person": person,
                    "office": office,
                })
            })
            .collect();
        let mut bindings = election_bindings(&key, plan, round, rules, Some(parent));
        bindings.extend([
            ("community", community.into()),
            ("candidates", rows.into()),
            ("today", today.to_string().into()),
        ]);
        let surql = format!(
            "{CREATE_ELECTION} \
             LET $p = type::record('election', $parent); \
             FOR $entry IN (SELECT person, struck FROM roll_entry WHERE election = $p) {{ \
               CREATE type::record('roll_entry', [$election, record::id($entry.person)]) \
               SET election = $e, person = $entry.person, struck = $entry.struck }}; \
             FOR $c IN $candidates {{ CREATE type::record('candidate', $c.key) SET election = $e, \
               person = type::record('person', $c.person), office = $c.office, statement = '' }}; \
             UPDATE $e SET roll_published_on = $today, candidates_published_on = $today;"
        );
        let created = self
            .audited(
                facts(
                    actor,
                    "election.next_round",
                    Some(community),
                    Detail::new()
                        .with(Fact::Election, &key)
                        .with(Fact::FollowsElection, parent)
                        .with(Fact::Candidates, candidates.len()),
                ),
                Audited {
                    surql: &surql,
                    bindings,
                },
            )
            .await;
        match created {
            Ok(_) => Ok(key),
            // Lost a race to create the same round: it exists now, made by the winner.
            Err(error) if self.election(&key).await?.is_some() => {
                tracing::debug!(%error, election = %key, "the next round was created by another request");
                Ok(key)
            }
            Err(error) => Err(error),
        }
    }

    /// One election, if it exists.
    pub async fn election(&self, key: &ElectionKey) -> Result<Option<ElectionRow>, StoreError> {
        let rows: Vec<ElectionRow> = self
            .db
            .query(election_by_key())
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Elections of `community` (or of all), latest election day first.
    pub async fn elections(
        &self,
        community: Option<&CommunityKey>,
    ) -> Result<Vec<ElectionRow>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT {ELECTION_FIELDS} FROM election \
                 WHERE !$community OR community = type::record('community', $community) \
                 ORDER BY election_day DESC, title"
            ))
            .bind(("community", community.cloned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// The polling places of an election, in the order the officer listed them.
    pub async fn polling_places(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<PlaceRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, name, roving, position FROM polling_place \
                 WHERE election = type::record('election', $election) ORDER BY position",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }
}
