//! A round's polls in the database: opening it (the raters' list written once, every report
//! checked), rating through the secret-submission engine, and closing it (the engine's gate
//! shut in the close's transaction, so no sheet commits after it).

use super::super::audit::{Audited, facts};
use super::super::secret::{EVALUATION, Submission, all_gate_shards};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::evaluation::round::Phase;
use crate::domain::keys::{CommunityKey, EvaluationKey, PersonKey};
use crate::domain::refusal::Refusal;
use crate::store::Acting;
use surrealdb::types::SurrealValue;

/// Counts a round's participations from their keys, inside a statement.
const TOOK_PART: &str = "((SELECT VALUE count FROM (SELECT count() FROM \
    rating_participation:[$round, NONE]..=[$round, ..] GROUP ALL))[0] ?? 0)";

impl Store {
    /// Opens `round` with `raters` as its raters' list, written once and never changed.
    /// Refused, writing nothing, unless the round is being prepared, every subject's report is
    /// published and its window has not passed (`domain::evaluation::round::may_open`, checked
    /// again here in the transaction).
    pub async fn open_evaluation(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        raters: &[PersonKey],
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} \
             IF array::len(SELECT VALUE person FROM evaluation_subject:[$round, NONE]..=[$round, ..] \
               WHERE report = NONE) > 0 {{ THROW '{REFUSED}reports_missing' }}; \
             IF time::now() >= (SELECT VALUE closes_at FROM ONLY $r) \
               {{ THROW '{REFUSED}round_window_passed' }}; \
             FOR $p IN $raters {{ \
               IF (SELECT VALUE community FROM ONLY type::record('person', $p)) \
                 != type::record('community', $community) {{ THROW 'not this community' }}; \
               CREATE type::record('evaluation_rater', [$round, $p]) SET evaluation = $r, \
               person = type::record('person', $p) RETURN NONE }}; \
             UPDATE $r SET phase = 'open', eligible = array::len($raters), opened_at = time::now() \
             RETURN NONE;"
        );
        let people: Vec<String> = raters.iter().map(ToString::to_string).collect();
        self.audited(
            facts(
                &acting.actor,
                "evaluation.open",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, round)
                    .with(Fact::People, raters.len().to_string()),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", (&acting.community).into()),
                    ("round", round.into()),
                    ("raters", people.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Rates: `rater`'s sheet `content` (canonical JSON of a `RatingSheet`) through the
    /// secret-submission engine. Checks in the transaction that the round is open, now is in
    /// its window and `rater` is on its list. Answers the tracker.
    ///
    /// Errors: [`Refusal::AlreadyRated`] (by phone or on paper, from any device), the round not
    /// open or closed, [`Refusal::NotARater`]; nothing is written then.
    pub async fn rate(
        &self,
        community: &CommunityKey,
        round: &EvaluationKey,
        rater: &PersonKey,
        content: &str,
        tracker: impl Fn() -> String,
    ) -> Result<String, StoreError> {
        let guard = guard(&[Phase::Open]);
        let checks = format!(
            "{guard} \
             IF time::now() < (SELECT VALUE opens_at FROM ONLY $r) {{ THROW '{REFUSED}round_not_open' }}; \
             IF time::now() >= (SELECT VALUE closes_at FROM ONLY $r) {{ THROW '{REFUSED}round_closed' }}; \
             IF !record::exists(type::record('evaluation_rater', [$round, $person])) \
               {{ THROW '{REFUSED}not_a_rater' }};"
        );
        self.submit_secret(
            Submission {
                kind: EVALUATION,
                poll: round,
                person: rater,
                checks: &checks,
                fields: "channel = 'online'",
                bindings: vec![("community", community.into()), ("round", round.into())],
                content,
                already: Refusal::AlreadyRated,
            },
            tracker,
        )
        .await
    }

    /// Whether `person` is on `round`'s raters' list.
    pub async fn is_rater(
        &self,
        round: &EvaluationKey,
        person: &PersonKey,
    ) -> Result<bool, StoreError> {
        let found: Option<bool> = self
            .db
            .query("RETURN record::exists(type::record('evaluation_rater', [$round, $person]))")
            .bind(("round", round.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(found.unwrap_or(false))
    }

    /// A round's raters' list: each rater's key and name, by name.
    pub async fn evaluation_raters(
        &self,
        round: &EvaluationKey,
    ) -> Result<Vec<(PersonKey, String)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Row {
            key: PersonKey,
            name: String,
        }
        let rows: Vec<Row> = self
            .db
            .query(
                "SELECT <string> record::id(person) AS key, person.name AS name \
                 FROM evaluation_rater:[$round, NONE]..=[$round, ..] ORDER BY name",
            )
            .bind(("round", round.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(|r| (r.key, r.name)).collect())
    }

    /// Closes `round`: no sheet is accepted after this, and the results show. Refused, writing
    /// nothing, unless the round is open and its window has passed or every rater on its list
    /// took part (`domain::evaluation::round::may_close`, checked again in the transaction).
    pub async fn close_evaluation(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Open]);
        let shut = EVALUATION.shut_gate();
        let surql = format!(
            "{guard} \
             IF time::now() < (SELECT VALUE closes_at FROM ONLY $r) \
               AND {TOOK_PART} < (SELECT VALUE eligible FROM ONLY $r) \
               {{ THROW '{REFUSED}round_window_not_over' }}; \
             UPDATE $r SET phase = 'closed', closed_at = time::now() RETURN NONE; {shut}"
        );
        self.audited(
            facts(
                &acting.actor,
                "evaluation.close",
                Some(&acting.community),
                Detail::new().with(Fact::Evaluation, round),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", (&acting.community).into()),
                    ("round", round.into()),
                    ("poll", round.into()),
                    ("gates", all_gate_shards().into()),
                ],
            },
        )
        .await?;
        Ok(())
    }
}
