//! The two lists an election puts on the board before election day: the voter roll (L25
//! Art. 13) and the candidates (Art. 15). Publishing either records its day on the election
//! and writes its notice, once, in one audited transaction.

use super::super::audit::{Audited, facts};
use super::super::notices::new_notice_work;
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{ElectionKey, NoticeKey};
use crate::domain::notice::NewNotice;
use crate::store::Acting;
use chrono::NaiveDate;

/// Which list is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectionList {
    Roll,
    Candidates,
}

impl ElectionList {
    /// The election's field holding the day it was published.
    fn published_on(self) -> &'static str {
        match self {
            ElectionList::Roll => "roll_published_on",
            ElectionList::Candidates => "candidates_published_on",
        }
    }

    /// The refusal when it was published already.
    fn already(self) -> &'static str {
        match self {
            ElectionList::Roll => "roll_already_published",
            ElectionList::Candidates => "candidates_published",
        }
    }

    fn audit_action(self) -> &'static str {
        match self {
            ElectionList::Roll => "election.roll.publish",
            ElectionList::Candidates => "election.candidates.publish",
        }
    }
}

impl Store {
    /// Publishes `list` of `election` on `today` (local day) with `notice`, in one
    /// transaction; answers the notice's key. Refused once the polls opened or when the list
    /// was published already.
    pub async fn publish_list(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        list: ElectionList,
        today: NaiveDate,
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
        let guard = guard(&[Phase::Preparing]);
        let (field, already) = (list.published_on(), list.already());
        let surql = format!(
            "{guard} IF (SELECT VALUE {field} FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}{already}' }}; \
             UPDATE $e SET {field} = $today; {notice_surql}"
        );
        bindings.push(("election", election.into()));
        bindings.push(("today", today.to_string().into()));
        self.audited(
            facts(
                actor,
                list.audit_action(),
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
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
