//! Elections in the database, one module per step of the law, named as in `domain::election`
//! and `api::elections`: the plan (the election and its polling places), the committee, the
//! voter roll, candidacies, proxies, the polls (two-officer steps and the poll gate), ballots
//! (casting and participations), paper ballots (hand-outs, disputes, tally sheets), the count
//! and publishing the result; `lists` publishes the roll or the candidate list. Officers'
//! changes are audited in their transaction; casting is not (an audit entry would tie a voter
//! to a moment).

mod ballot;
mod candidacy;
mod committee;
mod lists;
mod paper;
mod plan;
mod polls;
mod proxy;
mod publication;
mod roll;
mod tally;

pub use candidacy::{CandidateRow, NominationRow};
pub use committee::CommitteeRow;
pub use lists::ElectionList;
pub use paper::{HandoutRow, SheetEntryRow};
pub use plan::{ElectionRow, PlaceRow, next_round_key};
pub use proxy::ProxyRow;
pub use roll::{ObjectionRow, RollPersonRow, RollRow};
pub use tally::BoardBallot;

use super::REFUSED;
use crate::domain::election::polls::Phase;

/// Refuses unless the election exists, is of `$community` and is in one of `phases`; binds
/// `$e`. A wrong phase is refused by what the polls are doing.
pub(super) fn guard(phases: &[Phase]) -> String {
    let phases: Vec<String> = phases.iter().map(|p| format!("'{}'", p.code())).collect();
    format!(
        "LET $e = type::record('election', $election); \
         LET $row = (SELECT community, phase FROM ONLY $e); \
         IF $row.community != type::record('community', $community) \
         {{ THROW 'not this community' }}; \
         LET $phase = $row.phase; \
         IF $phase NOTINSIDE [{}] {{ THROW string::concat('{REFUSED}', \
           IF $phase = 'preparing' {{ 'polls_not_open' }} \
           ELSE IF $phase = 'open' {{ 'polls_already_open' }} ELSE {{ 'polls_closed' }}) }};",
        phases.join(", "),
    )
}

#[cfg(test)]
mod tests;
