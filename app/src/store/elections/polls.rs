//! The polls in the database: the two-officer steps that open and close them. The close shuts
//! the secret-submission engine's gate (`store::secret`) in its own transaction, so no ballot
//! slips in after it (issue 15, item 17).

use super::super::audit::{Audited, facts};
use super::super::secret::{ELECTION, all_gate_shards};
use super::super::{Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::TwoOfficerStep;
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey};

/// Refuses a cast or hand-out once the close has begun (`closing`), before the gate shuts.
pub(super) const STILL_OPEN: &str =
    "IF (SELECT VALUE closing FROM ONLY $e) = true { THROW 'refused:polls_closed' };";

/// Refuses an officer (`$officer`) who does not sit on the election's committee, or withdrew
/// from it.
const SEATED: &str = "LET $seat = type::record('committee_member', [$election, $officer]); \
    IF !record::exists($seat) OR $seat.withdrawn = true \
    { THROW 'refused:not_on_election_committee' };";

impl Store {
    /// Records an officer's part in a two-officer step: with `first` None this officer asks
    /// (the step awaits a second); with `first` Some the step is taken, the phase moves on and
    /// the request is cleared. Both refuse, writing nothing, when the election moved meanwhile,
    /// or when `officer` neither sits on its committee (checked in the same transaction, so a
    /// withdrawal that lands first wins) nor `stands_in` for it
    /// ([`crate::domain::election::polls::may_act_for_committee`]).
    pub async fn two_officer_step(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        step: TwoOfficerStep,
        first: Option<&PersonKey>,
        officer: &PersonKey,
        stands_in: bool,
    ) -> Result<(), StoreError> {
        let (from, to) = step.phases();
        let guard = format!("{} {}", guard(&[from]), if stands_in { "" } else { SEATED });
        let confirmed = "IF (SELECT VALUE pending_step FROM ONLY $e) != $step \
             OR (SELECT VALUE pending_by FROM ONLY $e) != type::record('person', $first) \
             { THROW 'refused:same_officer' };";
        let closing = step == TwoOfficerStep::ClosePolls && first.is_some();
        if closing {
            // First turn new casts away (`STILL_OPEN`); the close itself then shuts the
            // gate, waiting out only the casts already in flight (`PollKind::pass_gate`).
            let surql = format!(
                "BEGIN TRANSACTION; {guard} {confirmed} UPDATE $e SET closing = true; COMMIT TRANSACTION;"
            );
            self.db
                .query(surql)
                .bind(("community", community.to_owned()))
                .bind(("election", election.to_owned()))
                .bind(("step", step.code()))
                .bind(("first", first.cloned()))
                .bind(("officer", officer.to_owned()))
                .await?
                .check()
                .map_err(|error| StoreError::from(error).refusal_or_self())?;
        }
        let surql = match first {
            None => format!(
                "{guard} UPDATE $e SET pending_step = $step, pending_by = type::record('person', $officer);"
            ),
            Some(_) => format!(
                "{guard} {confirmed} \
                 UPDATE $e SET phase = $to, pending_step = NONE, pending_by = NONE, closing = NONE; {}",
                if closing {
                    ELECTION.shut_gate()
                } else {
                    String::new()
                }
            ),
        };
        let gates = all_gate_shards();
        let action = match first {
            None => format!("election.{}.ask", step.code()),
            Some(_) => format!("election.{}.confirm", step.code()),
        };
        self.audited(
            facts(
                &format!("person:{officer}"),
                &action,
                Some(community),
                Detail::new().with(Fact::Election, election),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("poll", election.into()),
                    ("step", step.code().into()),
                    ("first", first.into()),
                    ("officer", officer.into()),
                    ("to", to.code().into()),
                    ("gates", gates.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }
}
