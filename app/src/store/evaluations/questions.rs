//! Questions on work reports in the database. Asking is not audited: the audit log is read by
//! staff, and the subjects are staff, so an entry would name the asker to the person asked. The
//! asker is kept on the question for the supervisory committee and never read out. Answers and
//! hidings are audited.

use super::super::audit::{Audited, facts};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::evaluation::round::Phase;
use crate::domain::keys::{CommunityKey, EvaluationKey, PersonKey, QuestionKey};
use crate::store::Acting;
use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

/// A question as the round's page shows it: never the asker, and no text once hidden.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct QuestionRow {
    pub key: QuestionKey,
    pub subject: PersonKey,
    /// `None` once hidden.
    pub text: Option<String>,
    pub asked_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub hidden_reason: Option<String>,
}

impl Store {
    /// `asker` asks `subject` a question on their report in `round`. Refused, writing
    /// nothing, unless the round is open, `asker` is on its raters' list and `subject` is one
    /// of its subjects. Answers the question's key.
    pub async fn ask_question(
        &self,
        community: &CommunityKey,
        round: &EvaluationKey,
        asker: &PersonKey,
        subject: &PersonKey,
        text: &str,
    ) -> Result<QuestionKey, StoreError> {
        let key = QuestionKey::fresh();
        let guard = guard(&[Phase::Open]);
        let surql = format!(
            "BEGIN TRANSACTION; {guard} \
             IF !record::exists(type::record('evaluation_rater', [$round, $asker])) \
               {{ THROW '{REFUSED}not_a_rater' }}; \
             IF !record::exists(type::record('evaluation_subject', [$round, $subject])) \
               {{ THROW 'not a subject' }}; \
             CREATE type::record('evaluation_question', $key) SET evaluation = $r, \
             subject = type::record('person', $subject), asker = type::record('person', $asker), \
             text = $text, asked_at = time::now() RETURN NONE; COMMIT TRANSACTION;"
        );
        let errors: Vec<surrealdb::Error> = match self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("round", round.to_owned()))
            .bind(("asker", asker.to_owned()))
            .bind(("subject", subject.to_owned()))
            .bind(("key", key.clone()))
            .bind(("text", text.to_owned()))
            .await
        {
            Ok(mut response) => response.take_errors().into_values().collect(),
            Err(error) => vec![error],
        };
        match super::super::audit::root_cause(errors) {
            None => Ok(key),
            Some(cause) => Err(StoreError::from(cause).refusal_or_self()),
        }
    }

    /// `subject` answers `question`, once: a published answer is not changed under the raters'
    /// eyes. Refused unless the question is theirs, in `round`, unanswered, and the round is
    /// open or closed.
    pub async fn answer_question(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        subject: &PersonKey,
        question: &QuestionKey,
        answer: &str,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Open, Phase::Closed]);
        let surql = format!(
            "{guard} LET $q = type::record('evaluation_question', $question); \
             IF (SELECT VALUE evaluation FROM ONLY $q) != $r {{ THROW 'not this round' }}; \
             IF (SELECT VALUE subject FROM ONLY $q) != type::record('person', $subject) \
               {{ THROW '{REFUSED}not_the_subject' }}; \
             IF (SELECT VALUE answer FROM ONLY $q) != NONE {{ THROW '{REFUSED}question_answered' }}; \
             UPDATE $q SET answer = $answer, answered_at = time::now() RETURN NONE;"
        );
        self.audited(
            facts(
                &acting.actor,
                "evaluation.question.answer",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, round)
                    .with(Fact::Question, question)
                    .with(Fact::Record, answer),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", (&acting.community).into()),
                    ("round", round.into()),
                    ("subject", subject.into()),
                    ("question", question.into()),
                    ("answer", answer.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// The supervisory committee hides `question` as abusive, once, with `reason` shown in its
    /// place; audited with the reason. The text stays stored for the audit, never shown.
    pub async fn hide_question(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        question: &QuestionKey,
        officer: &PersonKey,
        reason: &str,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Open, Phase::Closed]);
        let surql = format!(
            "{guard} LET $q = type::record('evaluation_question', $question); \
             IF (SELECT VALUE evaluation FROM ONLY $q) != $r {{ THROW 'not this round' }}; \
             IF (SELECT VALUE hidden_reason FROM ONLY $q) != NONE \
               {{ THROW '{REFUSED}question_already_hidden' }}; \
             UPDATE $q SET hidden_reason = $reason, hidden_by = type::record('person', $officer), \
             hidden_at = time::now() RETURN NONE;"
        );
        self.audited(
            facts(
                &acting.actor,
                "evaluation.question.hide",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, round)
                    .with(Fact::Question, question)
                    .with(Fact::Reason, reason),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", (&acting.community).into()),
                    ("round", round.into()),
                    ("question", question.into()),
                    ("officer", officer.into()),
                    ("reason", reason.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// A round's questions, oldest first, as the page shows them.
    pub async fn questions(&self, round: &EvaluationKey) -> Result<Vec<QuestionRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, <string> record::id(subject) AS subject, \
                 (IF hidden_reason = NONE { text } ELSE { NONE }) AS text, asked_at, answer, \
                 answered_at, hidden_reason FROM evaluation_question \
                 WHERE evaluation = type::record('evaluation', $round) ORDER BY asked_at",
            )
            .bind(("round", round.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }
}
