//! A round's notices in the database: work reports (述职报告), each a notice on the board (L25
//! Art. 34) published and linked to its subject in one audited transaction while the round is
//! being prepared, and the results, published once after the close. Once published each is
//! corrected like any notice, never replaced.

use super::super::audit::{Audited, facts};
use super::super::notices::{NewAttachment, new_notice_work};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::evaluation::round::Phase;
use crate::domain::keys::{EvaluationKey, NoticeKey, PersonKey};
use crate::domain::notice::NewNotice;
use crate::store::Acting;

impl Store {
    /// Publishes `subject`'s work report for `round` as `notice` with `attachments`, by
    /// `acting` (the subject, or an organiser on their behalf). Answers the notice's key.
    /// Refused, writing nothing, once the round opened, when `subject` is not one of its
    /// subjects, or when their report is published already.
    pub async fn publish_report(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        subject: &PersonKey,
        notice: &NewNotice,
        attachments: &[NewAttachment],
    ) -> Result<NoticeKey, StoreError> {
        let (notice_key, notice_surql, mut bindings) = new_notice_work(
            &acting.community,
            notice,
            Some(&format!("evaluation:{round}")),
            attachments,
            &acting.actor,
        );
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} LET $s = type::record('evaluation_subject', [$round, $subject]); \
             IF !record::exists($s) {{ THROW '{REFUSED}not_the_subject' }}; \
             IF $s.report != NONE {{ THROW '{REFUSED}report_published' }}; \
             {notice_surql}; UPDATE $s SET report = type::record('notice', $key) RETURN NONE;"
        );
        bindings.push(("round", round.into()));
        bindings.push(("subject", subject.into()));
        self.audited(
            facts(
                &acting.actor,
                "evaluation.report.publish",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, round)
                    .with(Fact::Person, subject)
                    .with(Fact::Notice, &notice_key),
            ),
            Audited {
                surql: &surql,
                bindings,
            },
        )
        .await?;
        Ok(notice_key)
    }

    /// Publishes `round`'s results as `notice`, by `acting`, once it closed: the notice and the
    /// round's link to it in one audited transaction. Answers the notice's key.
    ///
    /// Errors: [`crate::domain::refusal::Refusal::EvaluationResultsPublished`] the second time; the
    /// round not closed. Nothing is written then.
    pub async fn publish_evaluation_results(
        &self,
        acting: &Acting,
        round: &EvaluationKey,
        notice: &NewNotice,
    ) -> Result<NoticeKey, StoreError> {
        let (notice_key, notice_surql, mut bindings) = new_notice_work(
            &acting.community,
            notice,
            Some(&format!("evaluation:{round}")),
            &[],
            &acting.actor,
        );
        let guard = guard(&[Phase::Closed]);
        let surql = format!(
            "{guard} IF (SELECT VALUE results_notice FROM ONLY $r) != NONE \
             {{ THROW '{REFUSED}evaluation_results_published' }}; \
             {notice_surql}; UPDATE $r SET results_notice = type::record('notice', $key), \
             results_published_at = time::now() RETURN NONE;"
        );
        bindings.push(("round", round.into()));
        self.audited(
            facts(
                &acting.actor,
                "evaluation.results.publish",
                Some(&acting.community),
                Detail::new()
                    .with(Fact::Evaluation, round)
                    .with(Fact::Notice, &notice_key),
            ),
            Audited {
                surql: &surql,
                bindings,
            },
        )
        .await?;
        Ok(notice_key)
    }
}
