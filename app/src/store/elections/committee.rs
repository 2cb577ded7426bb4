//! The election committee in the database (L25 Art. 15): its members and their withdrawal,
//! declared close relatives, and the officers assigned to hand out paper ballots at each
//! polling place. Every change is audited.

use super::super::audit::{Audited, facts};
use super::super::{Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{ElectionKey, PersonKey, PlaceKey};
use crate::store::Acting;
use surrealdb::types::SurrealValue;

/// A member of the election committee.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct CommitteeRow {
    pub person: PersonKey,
    pub name: String,
    pub withdrawn: bool,
}

impl Store {
    /// Adds `person` (of the election's community) to the election committee.
    pub async fn add_committee_member(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        person: &PersonKey,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE community FROM ONLY type::record('person', $person)) \
             != type::record('community', $community) {{ THROW 'not this community' }}; \
             UPSERT type::record('committee_member', [$election, $person]) SET election = $e, \
             person = type::record('person', $person), withdrawn = false;"
        );
        self.audited(
            facts(
                actor,
                "election.committee.add",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Person, person),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("person", person.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Records that a committee member withdrew (L25 Art. 15). A two-officer step they asked
    /// for and nobody confirmed lapses: its second officer would otherwise complete a step
    /// begun by someone no longer on the committee.
    pub async fn withdraw_committee_member(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        person: &PersonKey,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} LET $m = type::record('committee_member', [$election, $person]); \
             IF !record::exists($m) {{ THROW 'not a member' }}; UPDATE $m SET withdrawn = true; \
             UPDATE $e SET pending_step = NONE, pending_by = NONE \
             WHERE pending_by = type::record('person', $person);"
        );
        self.audited(
            facts(
                actor,
                "election.committee.withdraw",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Person, person),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("person", person.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// The election committee, by name.
    pub async fn committee(&self, election: &ElectionKey) -> Result<Vec<CommitteeRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(person) AS person, person.name AS name, withdrawn \
                 FROM committee_member WHERE election = type::record('election', $election) \
                 ORDER BY name",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Whether `person` sits on the committee of `election` (and has not withdrawn).
    pub async fn sits_on_committee(
        &self,
        election: &ElectionKey,
        person: &PersonKey,
    ) -> Result<bool, StoreError> {
        let seated: Vec<bool> = self
            .db
            .query(
                "SELECT VALUE withdrawn = false FROM \
                 type::record('committee_member', [$election, $person])",
            )
            .bind(("election", election.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(seated == [true])
    }

    /// Records that `declarant` declared `relative` a close relative.
    pub async fn declare_relative(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        declarant: &PersonKey,
        relative: &PersonKey,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing, Phase::Open, Phase::Closed]);
        let surql = format!(
            "{guard} FOR $p IN [$declarant, $relative] {{ \
               IF (SELECT VALUE community FROM ONLY type::record('person', $p)) \
               != type::record('community', $community) {{ THROW 'not this community' }}; }}; \
             UPSERT type::record('relative', [$election, $declarant, $relative]) SET election = $e, \
             declarant = type::record('person', $declarant), relative = type::record('person', $relative);"
        );
        self.audited(
            facts(
                actor,
                "election.relative.declare",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Person, declarant)
                    .with(Fact::Relative, relative),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("declarant", declarant.into()),
                    ("relative", relative.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Declared relatives, as (declarant, relative) person keys.
    pub async fn relatives(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<(PersonKey, PersonKey)>, StoreError> {
        let rows: Vec<Vec<PersonKey>> = self
            .db
            .query(
                "SELECT VALUE [<string> record::id(declarant), <string> record::id(relative)] \
                 FROM relative WHERE election = type::record('election', $election)",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows
            .into_iter()
            .filter_map(|pair| match pair.as_slice() {
                [a, b] => Some((a.clone(), b.clone())),
                _ => None,
            })
            .collect())
    }

    /// Assigns `officer` to hand out paper ballots at `place` (idempotent), audited.
    pub async fn assign_to_place(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        place: &PlaceKey,
        officer: &PersonKey,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
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
        election: &ElectionKey,
    ) -> Result<Vec<(PlaceKey, PersonKey, String)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Row {
            place: PlaceKey,
            officer: PersonKey,
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
}
