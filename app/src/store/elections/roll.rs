//! The voter roll in the database (L25 Arts. 16–17): what the registry says about each
//! resident, applications, the drafted roll (published through `lists`), and objections with
//! their decisions.

use super::super::audit::{Audited, facts};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
use crate::domain::election::roll::ObjectionKind;
use crate::domain::keys::{CommunityKey, ElectionKey, ObjectionKey, PersonKey};
use crate::domain::registry::{Category, Gender};
use crate::domain::roles::Role;
use crate::store::Acting;
use chrono::NaiveDate;
use surrealdb::types::SurrealValue;

/// A resident as the roll needs them.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct RollPersonRow {
    pub key: PersonKey,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub category: Category,
    pub household: Option<String>,
    /// Roles in force on the day asked.
    pub roles: Vec<Role>,
    /// From this election's application, if any.
    pub applied: bool,
    pub confirmed: bool,
    pub serving_since: Option<NaiveDate>,
}

/// A voter on the roll.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct RollRow {
    pub person: PersonKey,
    pub name: String,
    pub gender: Option<Gender>,
    pub household: Option<String>,
    pub residents_group: Option<String>,
    pub struck: bool,
}

/// An objection to the roll and its decision.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct ObjectionRow {
    pub key: ObjectionKey,
    pub filed_by: PersonKey,
    pub filed_by_name: String,
    pub subject: PersonKey,
    pub subject_name: String,
    pub kind: ObjectionKind,
    pub reason: String,
    pub filed_on: NaiveDate,
    pub decision: Option<String>,
    pub decided_on: Option<NaiveDate>,
}

const IN_FORCE: &str = "from <= $today AND (until = NONE OR until >= $today)";
const BIRTH_DATE: &str = crate::store::stored_day!("birth_date");
const SERVING_SINCE: &str = crate::store::stored_day!("serving_since");
const FILED_ON: &str = crate::store::stored_day!("filed_on");
const DECIDED_ON: &str = crate::store::stored_day!("decided_on");

impl Store {
    /// Everyone in the election's community with what eligibility needs, roles as of `today`.
    pub async fn roll_residents(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        today: NaiveDate,
    ) -> Result<Vec<RollPersonRow>, StoreError> {
        let surql = format!(
            "SELECT <string> record::id(id) AS key, name, {BIRTH_DATE} AS birth_date, category, household, \
               (SELECT VALUE role FROM role_grant WHERE person = $parent.id AND {IN_FORCE}) AS roles, \
               record::exists(type::record('roll_application', [$election, record::id(id)])) AS applied, \
               (SELECT VALUE confirmed FROM ONLY type::record('roll_application', [$election, record::id($parent.id)])) ?? false AS confirmed, \
               (SELECT VALUE {SERVING_SINCE} FROM ONLY type::record('roll_application', [$election, record::id($parent.id)])) AS serving_since \
             FROM person WHERE community = type::record('community', $community)"
        );
        Ok(self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("election", election.to_owned()))
            .bind(("today", today.to_string()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Records a resident's application to the roll; a community worker's names the day they
    /// started and waits for the committee's confirmation.
    pub async fn apply_for_roll(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        person: &PersonKey,
        serving_since: Option<NaiveDate>,
        confirmed: bool,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE community FROM ONLY type::record('person', $person)) \
             != type::record('community', $community) {{ THROW 'not this community' }}; \
             UPSERT type::record('roll_application', [$election, $person]) SET election = $e, \
             person = type::record('person', $person), serving_since = $since OR NONE, \
             confirmed = $confirmed;"
        );
        self.audited(
            facts(
                actor,
                "election.roll.application",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Person, person)
                    .with(Fact::Confirmed, confirmed),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("person", person.into()),
                    ("since", serving_since.map(|d| d.to_string()).into()),
                    ("confirmed", confirmed.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Replaces the drafted roll with `voters`, before it is published.
    pub async fn write_roll(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        voters: &[PersonKey],
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE roll_published_on FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}roll_already_published' }}; \
             DELETE roll_entry WHERE election = $e; \
             FOR $v IN $voters {{ CREATE type::record('roll_entry', [$election, $v]) SET election = $e, \
             person = type::record('person', $v), struck = false }};"
        );
        self.audited(
            facts(
                actor,
                "election.roll.draft",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Voters, voters.len()),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("voters", voters.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// The roll, struck entries included, by residents' group, household and name.
    pub async fn roll(&self, election: &ElectionKey) -> Result<Vec<RollRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(person) AS person, person.name AS name, \
                 person.gender AS gender, person.household AS household, \
                 person.residents_group AS residents_group, struck \
                 FROM roll_entry WHERE election = type::record('election', $election) \
                 ORDER BY residents_group, household, name",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// How many are on `election`'s roll and not struck: what the election page shows,
    /// counted from the keys without reading the people.
    pub async fn roll_count(&self, election: &ElectionKey) -> Result<u64, StoreError> {
        self.keys_in(
            "roll_entry:[$election, NONE]..=[$election, ..] WHERE struck = false",
            vec![("election", election.to_string())],
        )
        .await
    }

    /// Is `person` on the roll (and not struck)?
    pub async fn on_roll(
        &self,
        election: &ElectionKey,
        person: &PersonKey,
    ) -> Result<bool, StoreError> {
        let on: Option<bool> = self
            .db
            .query(
                "RETURN (SELECT VALUE struck FROM ONLY type::record('roll_entry', [$election, $person])) = false",
            )
            .bind(("election", election.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(on.unwrap_or(false))
    }

    /// Files an objection to the published roll. Answers its key.
    #[allow(clippy::too_many_arguments)]
    pub async fn file_objection(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        filed_by: &PersonKey,
        subject: &PersonKey,
        kind: ObjectionKind,
        reason: &str,
        today: NaiveDate,
    ) -> Result<ObjectionKey, StoreError> {
        let key = ObjectionKey::fresh();
        let guard = guard(&[Phase::Preparing]);
        let kind = match kind {
            ObjectionKind::Missing => "missing",
            ObjectionKind::WronglyListed => "wrongly_listed",
        };
        let surql = format!(
            "{guard} IF (SELECT VALUE community FROM ONLY type::record('person', $subject)) \
             != type::record('community', $community) {{ THROW 'not this community' }}; \
             CREATE type::record('objection', $key) SET election = $e, \
             filed_by = type::record('person', $filed_by), subject = type::record('person', $subject), \
             kind = $kind, reason = $reason, filed_on = $today;"
        );
        self.audited(
            facts(
                &format!("person:{filed_by}"),
                "election.roll.object",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Objection, &key)
                    .with(Fact::Person, subject)
                    .with(Fact::ObjectionKind, kind),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("key", key.clone().into()),
                    ("filed_by", filed_by.into()),
                    ("subject", subject.into()),
                    ("kind", kind.into()),
                    ("reason", reason.into()),
                    ("today", today.to_string().into()),
                ],
            },
        )
        .await?;
        Ok(key)
    }

    /// Objections to an election's roll, oldest first.
    pub async fn objections(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<ObjectionRow>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT <string> record::id(id) AS key, <string> record::id(filed_by) AS filed_by, \
                 filed_by.name AS filed_by_name, <string> record::id(subject) AS subject, \
                 subject.name AS subject_name, kind, reason, {FILED_ON} AS filed_on, decision, \
                 {DECIDED_ON} AS decided_on \
                 FROM objection WHERE election = type::record('election', $election) \
                 ORDER BY filed_on, key"
            ))
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Decides an objection. Upheld, it puts the missing person on the roll or strikes the one
    /// wrongly listed, in the same transaction.
    pub async fn decide_objection(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        objection: &ObjectionKey,
        upheld: bool,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} LET $o = type::record('objection', $objection); \
             IF (SELECT VALUE election FROM ONLY $o) != $e {{ THROW 'not this election' }}; \
             IF (SELECT VALUE decision FROM ONLY $o) != NONE {{ THROW '{REFUSED}already_decided' }}; \
             UPDATE $o SET decision = $decision, decided_on = $today, \
               decided_by = type::record('person', $officer); \
             IF $upheld {{ \
               LET $subject = (SELECT VALUE subject FROM ONLY $o); \
               LET $entry = type::record('roll_entry', [$election, record::id($subject)]); \
               IF (SELECT VALUE kind FROM ONLY $o) = 'missing' {{ \
                 UPSERT $entry SET election = $e, person = $subject, struck = false; \
               }} ELSE IF record::exists($entry) {{ UPDATE $entry SET struck = true; }}; \
             }};"
        );
        let decision = if upheld { "upheld" } else { "rejected" };
        self.audited(
            facts(
                actor,
                "election.roll.decide",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Objection, objection)
                    .with(Fact::Decision, decision),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("objection", objection.into()),
                    ("decision", decision.into()),
                    ("upheld", upheld.into()),
                    ("today", today.to_string().into()),
                    ("officer", actor.trim_start_matches("person:").into()),
                ],
            },
        )
        .await?;
        Ok(())
    }
}
