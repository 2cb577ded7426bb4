//! Paper rating forms in the database: a hand-out at a box by an officer (the rater's
//! participation on the secret-submission engine, channel 'paper', so the phone is shut out and
//! the other way round), and each officer's entry of a box's tally after the close. Both are
//! audited: who was handed a form says nothing of what they marked on it.

use super::super::audit::{Audited, facts};
use super::super::secret::{EVALUATION, Failure, gate_shard};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::evaluation::round::Phase;
use crate::domain::keys::{EvaluationKey, PersonKey};
use crate::domain::refusal::Refusal;
use crate::store::Acting;
use std::collections::BTreeMap;
use surrealdb::types::SurrealValue;

/// A paper form handed out in a rater's name: at which box, when (UTC) and by whom (name).
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct FormHandoutRow {
    #[surreal(rename = "box")]
    pub paper_box: u32,
    pub at: chrono::DateTime<chrono::Utc>,
    pub by: Option<String>,
}

/// One officer's entry of a box's tally (a `FormTally` as JSON).
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct FormTallyEntryRow {
    #[surreal(rename = "box")]
    pub paper_box: u32,
    pub officer: PersonKey,
    pub officer_name: String,
    pub tally: String,
}

impl Store {
    /// Marks `rater` as handed a paper form at box `paper_box` (1 to 9) by `acting`: from now
    /// on they cannot rate by phone. Checked in the transaction: the round is open, now is in
    /// its window, and `rater` is on its list.
    ///
    /// Errors: [`Refusal::AlreadyRated`] (by phone, or a form already handed out),
    /// [`Refusal::NotARater`], the round not open or closed; nothing is written then.
    pub async fn hand_out_form(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        rater: &PersonKey,
        paper_box: u32,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Open]);
        let participate = EVALUATION.participate("channel = 'paper'");
        let pass_gate = EVALUATION.pass_gate();
        let surql = format!(
            "{guard} \
             IF time::now() < (SELECT VALUE opens_at FROM ONLY $r) {{ THROW '{REFUSED}round_not_open' }}; \
             IF time::now() >= (SELECT VALUE closes_at FROM ONLY $r) {{ THROW '{REFUSED}round_closed' }}; \
             IF !record::exists(type::record('evaluation_rater', [$round, $person])) \
               {{ THROW '{REFUSED}not_a_rater' }}; \
             {participate} \
             CREATE type::record('rating_handout', [$round, $box, $person]) SET evaluation = $r, \
             box = $box, rater = type::record('person', $person), by = type::record('person', $officer), \
             at = time::now() RETURN NONE; \
             {pass_gate}"
        );
        let officer = acting.actor.strip_prefix("person:").unwrap_or_default();
        let result = self
            .audited(
                facts(
                    &acting.actor,
                    "evaluation.paper.hand_out",
                    Some(&acting.community),
                    Detail::new()
                        .with(Fact::Evaluation, round)
                        .with(Fact::Voter, rater)
                        .with(Fact::PaperBox, paper_box.to_string()),
                ),
                Audited {
                    surql: &surql,
                    bindings: vec![
                        ("community", (&acting.community).into()),
                        ("round", round.into()),
                        ("poll", round.into()),
                        ("person", rater.into()),
                        ("officer", officer.into()),
                        ("box", paper_box.into()),
                        ("gate", gate_shard().into()),
                    ],
                },
            )
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(StoreError::Database(error))
                if matches!(EVALUATION.classify(&error), Failure::AlreadyTookPart) =>
            {
                Err(StoreError::Refused(Refusal::AlreadyRated))
            }
            Err(error) => Err(error),
        }
    }

    /// The paper form handed out in `rater`'s name, if one was. The rater sees it on their
    /// phone in place of the sheet.
    pub async fn form_handout_of(
        &self,
        round: &EvaluationKey,
        rater: &PersonKey,
    ) -> Result<Option<FormHandoutRow>, StoreError> {
        let rows: Vec<FormHandoutRow> = self
            .db
            .query(
                "SELECT box, at, by.name AS by FROM rating_handout \
                 WHERE evaluation = type::record('evaluation', $round) \
                 AND rater = type::record('person', $rater) LIMIT 1",
            )
            .bind(("round", round.to_owned()))
            .bind(("rater", rater.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Forms handed out at each box of `round` that had any, counted from keys.
    pub async fn form_handouts(
        &self,
        round: &EvaluationKey,
    ) -> Result<BTreeMap<u32, u64>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Row {
            #[surreal(rename = "box")]
            paper_box: u32,
            count: u64,
        }
        let rows: Vec<Row> = self
            .db
            .query(
                "SELECT box, count() FROM rating_handout:[$round, NONE]..=[$round, ..] GROUP BY box",
            )
            .bind(("round", round.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(|r| (r.paper_box, r.count)).collect())
    }

    /// Records (or replaces) the acting officer's entry of box `paper_box`'s tally, once the
    /// round closed. The caller checked the tally (`FormTally::check`) and the double entry
    /// (`double_entry::may_enter`).
    pub async fn enter_form_tally(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        paper_box: u32,
        tally: &str,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Closed]);
        // Two officers enter a box; a third is refused here as well as by the caller's
        // `may_enter`, for entries that come in one after the other.
        let surql = format!(
            "{guard} \
             IF !record::exists(type::record('rating_tally_entry', [$round, $box, $officer])) \
               AND array::len(SELECT VALUE id FROM rating_tally_entry:[$round, $box, NONE]..=[$round, $box, ..]) >= 2 \
               {{ THROW '{REFUSED}already_entered' }}; \
             UPSERT type::record('rating_tally_entry', [$round, $box, $officer]) SET evaluation = $r, \
             box = $box, officer = type::record('person', $officer), tally = $tally, \
             entered_at = time::now() RETURN NONE;"
        );
        let officer = acting.actor.strip_prefix("person:").unwrap_or_default();
        self.audited(
            facts(
                &acting.actor,
                "evaluation.paper.enter",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, round)
                    .with(Fact::PaperBox, paper_box.to_string())
                    .with(Fact::Record, tally),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", (&acting.community).into()),
                    ("round", round.into()),
                    ("officer", officer.into()),
                    ("box", paper_box.into()),
                    ("tally", tally.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Every officer's entry of `round`'s box tallies, by box and time of entry.
    pub async fn form_tally_entries(
        &self,
        round: &EvaluationKey,
    ) -> Result<Vec<FormTallyEntryRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT box, <string> record::id(officer) AS officer, (officer.name ?? '') AS officer_name, \
                 tally, entered_at FROM rating_tally_entry:[$round, NONE]..=[$round, ..] \
                 ORDER BY box, entered_at",
            )
            .bind(("round", round.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }
}
