//! Evaluation rounds in the database (DESIGN.md "Democratic evaluation"; L25 Art. 37), one
//! module per step, named as in `domain::evaluation`: the plan (the round and its subjects),
//! reports (published as notices), the polls (opening with the raters' list, rating through the
//! secret-submission engine, closing), questions, and the count. Organisers' changes are
//! audited in their transaction; rating is not (an audit entry would tie a rater to a moment).

mod count;
mod paper;
mod plan;
mod polls;
mod questions;
mod reports;

pub use count::RoundCount;
pub use paper::{FormHandoutRow, FormTallyEntryRow};
pub use plan::{EvaluationRow, ResidentFacts, SubjectRow};
pub use questions::QuestionRow;

use super::REFUSED;
use crate::domain::evaluation::round::Phase;

/// Refuses unless the round exists, is of `$community` and is in one of `phases`; binds `$r`
/// (the round's record) and `$round_phase`. A wrong phase is refused by what the round is
/// doing.
pub(super) fn guard(phases: &[Phase]) -> String {
    let phases: Vec<String> = phases.iter().map(|p| format!("'{}'", p.code())).collect();
    format!(
        "LET $r = type::record('evaluation', $round); \
         LET $row = (SELECT community, phase FROM ONLY $r); \
         IF $row.community != type::record('community', $community) \
         {{ THROW 'not this community' }}; \
         LET $round_phase = $row.phase; \
         IF $round_phase NOTINSIDE [{}] {{ THROW string::concat('{REFUSED}', \
           IF $round_phase = 'preparing' {{ 'round_not_open' }} \
           ELSE IF $round_phase = 'open' {{ 'round_already_open' }} ELSE {{ 'round_closed' }}) }};",
        phases.join(", "),
    )
}

#[cfg(test)]
mod tests;
