//! Publishing the result in the database: the result frozen on the election, the election
//! published and its notice on the board, in one audited transaction.

use super::super::audit::{Audited, facts};
use super::super::notices::new_notice_work;
use super::super::{Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{ElectionKey, NoticeKey};
use crate::domain::notice::NewNotice;
use crate::store::Acting;

impl Store {
    /// Publishes the result: freezes `result` (JSON) on the election, moves it to published and
    /// puts `notice` on the board, in one transaction.
    pub async fn publish_result(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        result: &str,
        notice: &NewNotice,
    ) -> Result<NoticeKey, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let (notice_key, notice_surql, mut bindings) = new_notice_work(
            &acting.community,
            notice,
            Some(&format!("election:{election}")),
            &[],
            actor,
        );
        let guard = guard(&[Phase::Closed]);
        let surql =
            format!("{guard} UPDATE $e SET phase = 'published', result = $result; {notice_surql}");
        bindings.push(("election", election.into()));
        bindings.push(("result", result.into()));
        self.audited(
            facts(
                actor,
                "election.result.publish",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Notice, &notice_key)
                    .with(Fact::Record, result),
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
