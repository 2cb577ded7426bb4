//! A round as planned in the database: the round with its frozen rules and its subjects, in
//! one audited transaction; reading rounds, their subjects, and the residents a round's raters
//! and subjects are chosen from.

use super::super::audit::{Audited, facts};
use super::super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::evaluation::grading::{EvaluationRules, GradingChoice};
use crate::domain::evaluation::round::{Phase, Raters, RoundPlan};
use crate::domain::evaluation::scale::Scale;
use crate::domain::keys::{CommunityKey, EvaluationKey, NoticeKey, PersonKey};
use crate::domain::registry::Category;
use crate::domain::roles::Role;
use crate::store::Acting;
use chrono::{DateTime, NaiveDate, Utc};
use surrealdb::types::SurrealValue;

/// A round as stored; its enums read into the domain's types (an unknown value is an error).
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct EvaluationRow {
    pub key: EvaluationKey,
    pub community: CommunityKey,
    pub period: String,
    pub raters: Raters,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub grading: GradingChoice,
    /// [`EvaluationRules`] as JSON, frozen when the round was planned.
    pub rules: String,
    pub phase: Phase,
    /// The raters' list's length, from the opening on.
    pub eligible: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The notice its results were published in, once they were.
    pub results_notice: Option<NoticeKey>,
    pub results_published_at: Option<DateTime<Utc>>,
}

impl EvaluationRow {
    /// The rules the round runs by. Errors when the stored text is not rules (a damaged row):
    /// a round is never counted by a default.
    pub fn rules(&self) -> Result<EvaluationRules, StoreError> {
        serde_json::from_str(&self.rules)
            .map_err(|_| StoreError::Uninitialised("an evaluation round's rules are unreadable"))
    }
}

/// A subject of a round, in the round's order, with their name and report.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct SubjectRow {
    pub person: PersonKey,
    pub name: String,
    pub posts: Vec<Role>,
    pub scale: Scale,
    pub report: Option<NoticeKey>,
}

impl SubjectRow {
    /// The subject as the domain's rules take them.
    pub fn plan(&self) -> crate::domain::evaluation::round::SubjectPlan {
        crate::domain::evaluation::round::SubjectPlan {
            person: self.person.clone(),
            posts: self.posts.clone(),
            scale: self.scale,
        }
    }
}

/// What choosing raters and subjects needs of a resident; roles as of the day asked.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct ResidentFacts {
    pub key: PersonKey,
    pub name: String,
    /// Not known for someone who joined by invitation without a register entry.
    pub birth_date: Option<NaiveDate>,
    pub category: Category,
    pub roles: Vec<Role>,
}

const ROW: &str = "<string> record::id(id) AS key, <string> record::id(community) AS community, \
    period, raters, opens_at, closes_at, grading, rules, phase, eligible, created_at, opened_at, \
    closed_at, (IF results_notice != NONE { <string> record::id(results_notice) } ELSE { NONE }) \
    AS results_notice, results_published_at";

impl Store {
    /// Plans a round in `acting`'s community under `rules` (frozen into it): the round and its
    /// subjects in the plan's order, audited. Answers the round's key. Refused
    /// ([`crate::domain::refusal::Refusal::PeriodTaken`]) when the community has a round of
    /// this period: the trend tells rounds apart by it.
    pub async fn create_evaluation(
        &self,
        acting: &Acting,
        plan: &RoundPlan,
        rules: &EvaluationRules,
    ) -> Result<EvaluationKey, StoreError> {
        let key = EvaluationKey::fresh();
        let subjects: Vec<serde_json::Value> = plan
            .subjects
            .iter()
            .enumerate()
            .map(|(position, subject)| {
                serde_json::json!({
                    "person": subject.person,
                    "posts": subject.posts.iter().map(|p| p.code()).collect::<Vec<_>>(),
                    "scale": subject.scale.code(),
                    "position": position,
                })
            })
            .collect();
        let rules = serde_json::to_string(rules)
            .map_err(|_| StoreError::Uninitialised("evaluation rules"))?;
        let surql = "IF record::exists(type::record('community', $community)) = false \
             { THROW 'unknown community' }; \
             IF array::len(SELECT VALUE id FROM evaluation WHERE community = \
               type::record('community', $community) AND period = $period) > 0 \
               { THROW 'refused:period_taken' }; \
             LET $r = type::record('evaluation', $round); \
             CREATE $r SET community = type::record('community', $community), period = $period, \
             raters = $raters, opens_at = <datetime> $opens_at, closes_at = <datetime> $closes_at, \
             grading = $grading, rules = $rules, phase = 'preparing', created_at = time::now() \
             RETURN NONE; \
             FOR $s IN $subjects { \
               IF (SELECT VALUE community FROM ONLY type::record('person', $s.person)) \
                 != type::record('community', $community) { THROW 'not this community' }; \
               CREATE type::record('evaluation_subject', [$round, $s.person]) SET evaluation = $r, \
               person = type::record('person', $s.person), posts = $s.posts, scale = $s.scale, \
               position = $s.position RETURN NONE };";
        self.audited(
            facts(
                &acting.actor,
                "evaluation.create",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, &key)
                    .with(Fact::Title, &plan.period),
            ),
            Audited {
                surql,
                bindings: vec![
                    ("community", (&acting.community).into()),
                    ("round", (&key).into()),
                    ("period", plan.period.clone().into()),
                    ("raters", plan.raters.code().into()),
                    ("opens_at", plan.opens_at.to_rfc3339().into()),
                    ("closes_at", plan.closes_at.to_rfc3339().into()),
                    ("grading", plan.grading.code().into()),
                    ("rules", rules.into()),
                    ("subjects", subjects.into()),
                ],
            },
        )
        .await?;
        Ok(key)
    }

    /// The round `key`, if there is one.
    pub async fn evaluation(
        &self,
        key: &EvaluationKey,
    ) -> Result<Option<EvaluationRow>, StoreError> {
        let rows: Vec<EvaluationRow> = self
            .db
            .query(format!(
                "SELECT {ROW} FROM type::record('evaluation', $round)"
            ))
            .bind(("round", key.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// A community's rounds, newest first.
    pub async fn evaluations(
        &self,
        community: &CommunityKey,
    ) -> Result<Vec<EvaluationRow>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT {ROW} FROM evaluation WHERE community = type::record('community', $community) \
                 ORDER BY created_at DESC"
            ))
            .bind(("community", community.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// A round's subjects, in its order.
    pub async fn evaluation_subjects(
        &self,
        round: &EvaluationKey,
    ) -> Result<Vec<SubjectRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(person) AS person, person.name AS name, posts, scale, \
                 (IF report != NONE { <string> record::id(report) } ELSE { NONE }) AS report, position \
                 FROM evaluation_subject:[$round, NONE]..=[$round, ..] ORDER BY position",
            )
            .bind(("round", round.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Everyone in `community` with what choosing raters and subjects needs, roles in force on
    /// `today` (local day).
    pub async fn community_residents(
        &self,
        community: &CommunityKey,
        today: NaiveDate,
    ) -> Result<Vec<ResidentFacts>, StoreError> {
        let birth_date = crate::store::stored_day!("birth_date");
        let surql = format!(
            "SELECT <string> record::id(id) AS key, name, {birth_date} AS birth_date, category, \
               (SELECT VALUE role FROM role_grant WHERE person = $parent.id AND from <= $today \
                AND (until = NONE OR until >= $today)) AS roles \
             FROM person WHERE community = type::record('community', $community) ORDER BY name"
        );
        Ok(self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("today", today.to_string()))
            .await?
            .check()?
            .take(0)?)
    }
}
