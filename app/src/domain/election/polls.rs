//! The life of an election and its polls: preparing, open, closed, results published. Opening
//! and closing each need two officers (the second confirms what the first asked), and both keep
//! to the announced voting window: the polls open no earlier than its day and close no earlier
//! than its end. Phones and paper alike vote only inside the window; nobody sees a count before
//! the polls close.

use crate::domain::clock::local_day;
use crate::domain::refusal::Refusal;
use crate::domain::roles::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Where an election stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
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
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }

    /// Counts and ballot contents are visible to anyone only once the polls closed.
    pub fn results_visible(self) -> bool {
        matches!(self, Phase::Closed | Phase::Published)
    }
}

/// A step that needs two officers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum TwoOfficerStep {
    OpenPolls,
    ClosePolls,
}

impl TwoOfficerStep {
    pub fn code(self) -> &'static str {
        self.into()
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

/// The voting window announced with the election's calendar, the roll and the candidate list
/// (L25 Arts. 16–18 count their deadlines back from election day, so moving it would void
/// them): ballots are taken from `opens` up to, not including, `closes` (UTC moments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VotingWindow {
    pub opens: DateTime<Utc>,
    pub closes: DateTime<Utc>,
}

/// One officer confirms `step` at `now` while the election is in `phase` and `first` (if any)
/// asked already.
///
/// Errors: the phase does not allow the step; the polls would open before the local day of
/// the window's start (`TooEarlyToOpen`) or after its end (`VotingWindowPassed`), or close
/// before its end (`VotingNotOver`), so two officers together cannot move the announced
/// election day; the confirming officer is the one who asked (`SameOfficer`).
pub fn confirm<K: PartialEq>(
    step: TwoOfficerStep,
    phase: Phase,
    window: VotingWindow,
    now: DateTime<Utc>,
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
    may_take_now(step, window, now)?;
    match first {
        None => Ok(Confirmation::Awaiting),
        Some(first) if first == officer => Err(Refusal::SameOfficer),
        Some(_) => Ok(Confirmation::Taken),
    }
}

/// Whether the clock allows `step` at `now`, whatever the phase: the desk asks this to say
/// why its button waits. Officers may open the polls on the morning of the window's first
/// day (China time), before the first voter arrives, but not on an earlier day.
pub fn may_take_now(
    step: TwoOfficerStep,
    window: VotingWindow,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    match step {
        TwoOfficerStep::OpenPolls if local_day(now) < local_day(window.opens) => {
            Err(Refusal::TooEarlyToOpen)
        }
        TwoOfficerStep::OpenPolls if now >= window.closes => Err(Refusal::VotingWindowPassed),
        TwoOfficerStep::ClosePolls if now < window.closes => Err(Refusal::VotingNotOver),
        TwoOfficerStep::OpenPolls | TwoOfficerStep::ClosePolls => Ok(()),
    }
}

/// Whether an officer holding `roles` may act for the committee of an election whose
/// committee they are (`on_committee`) or are not on: its two-officer steps, the roll and its
/// objections, the candidate list, relatives, station officers and the published result. The
/// election committee presides over the election and these are its legal acts (L25 Art. 15);
/// the party secretary, whose organisation leads it, and the district administrator may stand
/// in. Holding the election committee role is not enough: it says nothing of which election
/// (the 2026-12-07 reviews closed the polls, published a roll and put colluding officers at a
/// station of an election whose committee they were not on).
///
/// The store checks the same again inside a two-officer step's transaction (a member
/// withdrawn meanwhile takes no step), with [`stands_in`] for the second half of the rule.
pub fn may_act_for_committee(roles: &[Role], on_committee: bool) -> Result<(), Refusal> {
    if on_committee || stands_in(roles) {
        Ok(())
    } else {
        Err(Refusal::NotOnElectionCommittee)
    }
}

/// Whether an officer holding `roles` may stand in for an election's committee in its
/// two-officer steps without sitting on it: the party secretary and the district
/// administrator.
pub fn stands_in(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|role| matches!(role, Role::PartySecretary | Role::DistrictAdmin))
}

/// May a ballot be cast at `now`, on a phone or handed out on paper at a station? Both only
/// while the polls are open and inside the window, so a paper ballot cannot go out days early
/// any more than a phone can vote.
pub fn may_cast(phase: Phase, window: VotingWindow, now: DateTime<Utc>) -> Result<(), Refusal> {
    match phase {
        Phase::Preparing => Err(Refusal::PollsNotOpen),
        Phase::Closed | Phase::Published => Err(Refusal::PollsClosed),
        Phase::Open if now < window.opens => Err(Refusal::PollsNotOpen),
        Phase::Open if now >= window.closes => Err(Refusal::PollsClosed),
        Phase::Open => Ok(()),
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

    /// 08:00 to 18:00 China time on 2027-03-20.
    fn window() -> VotingWindow {
        VotingWindow {
            opens: Utc.with_ymd_and_hms(2027, 3, 20, 0, 0, 0).unwrap(),
            closes: Utc.with_ymd_and_hms(2027, 3, 20, 10, 0, 0).unwrap(),
        }
    }

    /// 07:30 China time on election day: officers set up before the first voter.
    fn morning() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 19, 23, 30, 0).unwrap()
    }

    /// 18:05 China time on election day.
    fn evening() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 20, 10, 5, 0).unwrap()
    }

    fn confirm<K: PartialEq>(
        step: TwoOfficerStep,
        phase: Phase,
        first: Option<&K>,
        officer: &K,
    ) -> Result<Confirmation, Refusal> {
        let now = match step {
            TwoOfficerStep::OpenPolls => morning(),
            TwoOfficerStep::ClosePolls => evening(),
        };
        super::confirm(step, phase, window(), now, first, officer)
    }

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
    fn issue15_review_two_officers_cannot_move_election_day() {
        let days_before = Utc.with_ymd_and_hms(2027, 3, 17, 2, 0, 0).unwrap();
        let midday = Utc.with_ymd_and_hms(2027, 3, 20, 4, 0, 0).unwrap();
        let open = TwoOfficerStep::OpenPolls;
        let close = TwoOfficerStep::ClosePolls;
        // Opening: from the local morning of the first day, not days before, not after.
        assert_eq!(
            super::confirm(open, Phase::Preparing, window(), days_before, None, &1),
            Err(Refusal::TooEarlyToOpen)
        );
        // 23:59 China time the day before is still the day before, though UTC says the 19th.
        let eve = Utc.with_ymd_and_hms(2027, 3, 19, 15, 59, 0).unwrap();
        assert_eq!(
            may_take_now(open, window(), eve),
            Err(Refusal::TooEarlyToOpen)
        );
        assert_eq!(may_take_now(open, window(), morning()), Ok(()));
        assert_eq!(
            may_take_now(open, window(), evening()),
            Err(Refusal::VotingWindowPassed)
        );
        // Closing: not before the announced end, even by the confirming officer.
        assert_eq!(
            super::confirm(close, Phase::Open, window(), midday, Some(&1), &2),
            Err(Refusal::VotingNotOver)
        );
        assert_eq!(
            super::confirm(close, Phase::Open, window(), window().closes, Some(&1), &2),
            Ok(Confirmation::Taken)
        );
    }

    #[test]
    fn phones_and_paper_cast_inside_the_window_while_the_polls_are_open() {
        let midday = Utc.with_ymd_and_hms(2027, 3, 20, 4, 0, 0).unwrap();
        assert_eq!(may_cast(Phase::Open, window(), midday), Ok(()));
        assert_eq!(
            may_cast(Phase::Open, window(), window().closes),
            Err(Refusal::PollsClosed)
        );
        assert_eq!(
            may_cast(Phase::Open, window(), morning()),
            Err(Refusal::PollsNotOpen)
        );
        assert_eq!(
            may_cast(Phase::Preparing, window(), midday),
            Err(Refusal::PollsNotOpen)
        );
        assert_eq!(
            may_cast(Phase::Closed, window(), midday),
            Err(Refusal::PollsClosed)
        );
    }

    #[test]
    fn issue16_review_only_the_elections_committee_acts_for_it() {
        assert_eq!(
            may_act_for_committee(&[Role::ElectionCommitteeMember], false),
            Err(Refusal::NotOnElectionCommittee)
        );
        assert_eq!(
            may_act_for_committee(&[Role::ElectionCommitteeMember], true),
            Ok(())
        );
        assert_eq!(
            may_act_for_committee(&[Role::PartySecretary], false),
            Ok(())
        );
        assert_eq!(may_act_for_committee(&[Role::DistrictAdmin], false), Ok(()));
    }

    #[test]
    fn results_are_hidden_from_everyone_until_the_polls_close() {
        assert_eq!(may_see_count(Phase::Preparing), Err(Refusal::ResultsHidden));
        assert_eq!(may_see_count(Phase::Open), Err(Refusal::ResultsHidden));
        assert_eq!(may_see_count(Phase::Closed), Ok(()));
        assert_eq!(may_see_count(Phase::Published), Ok(()));
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let phases = [
            (Phase::Preparing, "preparing"),
            (Phase::Open, "open"),
            (Phase::Closed, "closed"),
            (Phase::Published, "published"),
        ];
        for (phase, code) in phases {
            assert_eq!(phase.code(), code);
            assert_eq!(Phase::parse(phase.code()), Some(phase));
            let json = serde_json::to_string(&phase).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
        }
        assert_eq!(Phase::parse("Open"), None);
        assert_eq!(Phase::parse(" open"), None, "stored codes are not trimmed");
        let steps = [
            (TwoOfficerStep::OpenPolls, "open_polls"),
            (TwoOfficerStep::ClosePolls, "close_polls"),
        ];
        for (step, code) in steps {
            assert_eq!(step.code(), code);
            let json = serde_json::to_string(&step).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
        }
    }
}
