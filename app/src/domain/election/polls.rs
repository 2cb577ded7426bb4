//! The life of an election and its polls: preparing, open, closed, results published. Opening
//! and closing each need two officers (the second confirms what the first asked); phones vote
//! only inside the voting window; nobody sees a count before the polls close.

use crate::domain::refusal::Refusal;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an election stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Roll, candidates and proxies are prepared; nobody votes.
    Preparing,
    /// Ballots are cast, online and on paper.
    Open,
    /// No more ballots; tally sheets are entered; officers see the count.
    Closed,
    /// The result is on the notice board.
    Published,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Preparing => "preparing",
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Published => "published",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Phase::Preparing,
            Phase::Open,
            Phase::Closed,
            Phase::Published,
        ]
        .into_iter()
        .find(|phase| phase.code() == code)
    }

    /// Counts and ballot contents are visible to anyone only once the polls closed.
    pub fn results_visible(self) -> bool {
        matches!(self, Phase::Closed | Phase::Published)
    }
}

/// A step that needs two officers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TwoOfficerStep {
    OpenPolls,
    ClosePolls,
}

impl TwoOfficerStep {
    pub fn code(self) -> &'static str {
        match self {
            TwoOfficerStep::OpenPolls => "open_polls",
            TwoOfficerStep::ClosePolls => "close_polls",
        }
    }

    /// The phase the step starts from and the one it leads to.
    pub fn phases(self) -> (Phase, Phase) {
        match self {
            TwoOfficerStep::OpenPolls => (Phase::Preparing, Phase::Open),
            TwoOfficerStep::ClosePolls => (Phase::Open, Phase::Closed),
        }
    }
}

/// What an officer's confirmation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confirmation {
    /// The first officer asked; a second must confirm.
    Awaiting,
    /// A second officer confirmed: the step is taken.
    Taken,
}

/// One officer confirms `step` while the election is in `phase` and `first` (if any) asked
/// already.
pub fn confirm<K: PartialEq>(
    step: TwoOfficerStep,
    phase: Phase,
    first: Option<&K>,
    officer: &K,
) -> Result<Confirmation, Refusal> {
    let (from, _) = step.phases();
    if phase != from {
        return Err(match (step, phase) {
            (TwoOfficerStep::OpenPolls, Phase::Open) => Refusal::PollsAlreadyOpen,
            (TwoOfficerStep::OpenPolls, _) | (TwoOfficerStep::ClosePolls, _) => {
                if phase == Phase::Preparing {
                    Refusal::PollsNotOpen
                } else {
                    Refusal::PollsClosed
                }
            }
        });
    }
    match first {
        None => Ok(Confirmation::Awaiting),
        Some(first) if first == officer => Err(Refusal::SameOfficer),
        Some(_) => Ok(Confirmation::Taken),
    }
}

/// May a phone cast now?
pub fn may_cast_online(
    phase: Phase,
    now: DateTime<Utc>,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
) -> Result<(), Refusal> {
    match phase {
        Phase::Preparing => Err(Refusal::PollsNotOpen),
        Phase::Closed | Phase::Published => Err(Refusal::PollsClosed),
        Phase::Open if now < opens => Err(Refusal::PollsNotOpen),
        Phase::Open if now >= closes => Err(Refusal::PollsClosed),
        Phase::Open => Ok(()),
    }
}

/// May a paper ballot be handed out now? At the stations the open polls are the window.
pub fn may_hand_out_paper(phase: Phase) -> Result<(), Refusal> {
    match phase {
        Phase::Preparing => Err(Refusal::PollsNotOpen),
        Phase::Open => Ok(()),
        Phase::Closed | Phase::Published => Err(Refusal::PollsClosed),
    }
}

/// May anyone, officers included, see a count?
pub fn may_see_count(phase: Phase) -> Result<(), Refusal> {
    if phase.results_visible() {
        Ok(())
    } else {
        Err(Refusal::ResultsHidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn opening_and_closing_the_polls_need_two_officers() {
        let step = TwoOfficerStep::OpenPolls;
        assert_eq!(
            confirm(step, Phase::Preparing, None, &1),
            Ok(Confirmation::Awaiting)
        );
        assert_eq!(
            confirm(step, Phase::Preparing, Some(&1), &1),
            Err(Refusal::SameOfficer)
        );
        assert_eq!(
            confirm(step, Phase::Preparing, Some(&1), &2),
            Ok(Confirmation::Taken)
        );
        assert_eq!(
            confirm(step, Phase::Open, Some(&1), &2),
            Err(Refusal::PollsAlreadyOpen)
        );
        let close = TwoOfficerStep::ClosePolls;
        assert_eq!(
            confirm(close, Phase::Preparing, None, &1),
            Err(Refusal::PollsNotOpen)
        );
        assert_eq!(
            confirm(close, Phase::Closed, None, &1),
            Err(Refusal::PollsClosed)
        );
        assert_eq!(
            confirm(close, Phase::Open, Some(&3), &4),
            Ok(Confirmation::Taken)
        );
    }

    #[test]
    fn phones_cast_inside_the_window_while_the_polls_are_open() {
        let opens = Utc.with_ymd_and_hms(2027, 3, 20, 0, 0, 0).unwrap();
        let closes = Utc.with_ymd_and_hms(2027, 3, 20, 10, 0, 0).unwrap();
        let midday = Utc.with_ymd_and_hms(2027, 3, 20, 4, 0, 0).unwrap();
        assert_eq!(may_cast_online(Phase::Open, midday, opens, closes), Ok(()));
        assert_eq!(
            may_cast_online(Phase::Open, closes, opens, closes),
            Err(Refusal::PollsClosed)
        );
        assert_eq!(
            may_cast_online(Phase::Preparing, midday, opens, closes),
            Err(Refusal::PollsNotOpen)
        );
        assert_eq!(
            may_cast_online(Phase::Closed, midday, opens, closes),
            Err(Refusal::PollsClosed)
        );
        assert_eq!(may_hand_out_paper(Phase::Open), Ok(()));
        assert_eq!(may_hand_out_paper(Phase::Closed), Err(Refusal::PollsClosed));
    }

    #[test]
    fn results_are_hidden_from_everyone_until_the_polls_close() {
        assert_eq!(may_see_count(Phase::Preparing), Err(Refusal::ResultsHidden));
        assert_eq!(may_see_count(Phase::Open), Err(Refusal::ResultsHidden));
        assert_eq!(may_see_count(Phase::Closed), Ok(()));
        assert_eq!(may_see_count(Phase::Published), Ok(()));
    }
}
