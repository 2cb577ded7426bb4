//! The community calendar's legal deadlines. Given an occasion (an election day, a published
//! voter roll, a hearing…) it says what must be done by when, citing the rule; the pillars ask
//! [`check`] before letting an officer go ahead, and officers see [`upcoming`] duties on their
//! home page. Every number comes from [`CommunityRules`].

use super::rules::CommunityRules;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Something on the calendar the law attaches duties to, with its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Occasion {
    /// Polling day of a residents' committee election.
    ElectionDay(NaiveDate),
    /// The day the voter roll was published.
    VoterRollPublished(NaiveDate),
    /// The day a resident objected to the roll.
    ObjectionFiled(NaiveDate),
    /// A hearing on a major matter.
    Hearing(NaiveDate),
    /// A joint meeting of the party committee and member units.
    JointMeeting(NaiveDate),
    /// The day an evaluation round closed.
    EvaluationClosed(NaiveDate),
}

/// What must be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    PublishVoterRoll,
    PublishCandidateList,
    /// Residents' right rather than a duty: the window to object to the roll.
    ObjectToVoterRoll,
    DecideObjection,
    AnnounceResults,
    HandOver,
    PublishHearingNotice,
    SendJointMeetingAgenda,
    PublishEvaluationResults,
}

/// When it must be done: by a day, or inside a window (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    OnOrBefore(NaiveDate),
    Between(NaiveDate, NaiveDate),
}

impl When {
    /// The last day it can be done.
    pub fn last_day(self) -> NaiveDate {
        match self {
            When::OnOrBefore(day) | When::Between(_, day) => day,
        }
    }
}

/// One duty of an occasion, with the rule it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub occasion: Occasion,
    pub duty: Duty,
    pub when: When,
    /// Where the duty comes from.
    pub rule: Source,
}

/// Where a duty comes from, for people to look it up: shown in their language, never as the
/// code's own shorthand (issue 16, item 8: "L25 Art. 17" stood on a Chinese calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An article of the Organic Law of Urban Residents' Committees (L25).
    Law(u8),
    /// The article, as local practice fills it in.
    LawAndPractice(u8),
    /// Community consultation practice, no statute.
    Practice,
}

/// Why a date will not do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Missed {
    #[error("too late: the last day was {0}")]
    TooLate(NaiveDate),
    #[error("outside the window {0} to {1}")]
    OutsideWindow(NaiveDate, NaiveDate),
    #[error("this occasion carries no such duty")]
    NoSuchDuty,
}

fn before(day: NaiveDate, days: u16) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

fn after(day: NaiveDate, days: u16) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Every duty `occasion` carries under `rules`.
pub fn duties(rules: &CommunityRules, occasion: Occasion) -> Vec<Deadline> {
    let deadline = |duty, when, rule| Deadline {
        occasion,
        duty,
        when,
        rule,
    };
    match occasion {
        Occasion::ElectionDay(day) => vec![
            deadline(
                Duty::PublishVoterRoll,
                When::OnOrBefore(before(day, rules.voter_roll_days_before)),
                Source::Law(17),
            ),
            deadline(
                Duty::PublishCandidateList,
                When::OnOrBefore(before(day, rules.candidate_list_days_before)),
                Source::Law(18),
            ),
            deadline(
                Duty::AnnounceResults,
                When::OnOrBefore(day),
                Source::Law(19),
            ),
            deadline(
                Duty::HandOver,
                When::OnOrBefore(after(day, rules.handover_days)),
                Source::Law(25),
            ),
        ],
        Occasion::VoterRollPublished(day) => vec![deadline(
            Duty::ObjectToVoterRoll,
            When::Between(day, after(day, rules.objection_days)),
            Source::Law(17),
        )],
        Occasion::ObjectionFiled(day) => vec![deadline(
            Duty::DecideObjection,
            When::OnOrBefore(after(day, rules.objection_decision_days)),
            Source::Law(17),
        )],
        Occasion::Hearing(day) => vec![deadline(
            Duty::PublishHearingNotice,
            When::OnOrBefore(before(day, rules.hearing_notice_days)),
            Source::Practice,
        )],
        Occasion::JointMeeting(day) => vec![deadline(
            Duty::SendJointMeetingAgenda,
            When::OnOrBefore(before(day, rules.joint_meeting_notice_days)),
            Source::Practice,
        )],
        Occasion::EvaluationClosed(day) => vec![deadline(
            Duty::PublishEvaluationResults,
            When::Between(day, after(day, rules.evaluation_results_days)),
            Source::LawAndPractice(37),
        )],
    }
}

/// May `duty` of `occasion` be done on `day`? The pillars ask this before an officer goes
/// ahead (publishing a roll, sending an agenda…).
pub fn check(
    rules: &CommunityRules,
    occasion: Occasion,
    duty: Duty,
    day: NaiveDate,
) -> Result<(), Missed> {
    let deadline = duties(rules, occasion)
        .into_iter()
        .find(|d| d.duty == duty)
        .ok_or(Missed::NoSuchDuty)?;
    match deadline.when {
        When::OnOrBefore(last) if day > last => Err(Missed::TooLate(last)),
        When::Between(first, last) if day < first || day > last => {
            Err(Missed::OutsideWindow(first, last))
        }
        _ => Ok(()),
    }
}

/// The earliest election day a roll published on `published` allows.
pub fn earliest_election_day(rules: &CommunityRules, published: NaiveDate) -> NaiveDate {
    after(published, rules.voter_roll_days_before)
}

/// Duties of `occasions` still to do from `today` to `today + horizon_days`, soonest first.
pub fn upcoming(
    rules: &CommunityRules,
    occasions: &[Occasion],
    today: NaiveDate,
    horizon_days: u16,
) -> Vec<Deadline> {
    let horizon = after(today, horizon_days);
    let mut due: Vec<Deadline> = occasions
        .iter()
        .flat_map(|occasion| duties(rules, *occasion))
        .filter(|d| d.when.last_day() >= today && d.when.last_day() <= horizon)
        .collect();
    due.sort_by_key(|d| d.when.last_day());
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).expect("date")
    }

    fn rules() -> CommunityRules {
        CommunityRules::default()
    }

    fn when(occasion: Occasion, duty: Duty) -> When {
        duties(&rules(), occasion)
            .into_iter()
            .find(|d| d.duty == duty)
            .expect("duty")
            .when
    }

    #[test]
    fn the_voter_roll_is_published_at_least_20_days_before_election_day() {
        let election = Occasion::ElectionDay(day(3, 21));
        assert_eq!(
            when(election, Duty::PublishVoterRoll),
            When::OnOrBefore(day(3, 1))
        );
        assert_eq!(
            check(&rules(), election, Duty::PublishVoterRoll, day(3, 1)),
            Ok(())
        );
        assert_eq!(
            check(&rules(), election, Duty::PublishVoterRoll, day(3, 2)),
            Err(Missed::TooLate(day(3, 1)))
        );
        assert_eq!(earliest_election_day(&rules(), day(3, 1)), day(3, 21));
    }

    #[test]
    fn objections_come_within_5_days_of_the_roll_and_are_decided_within_3() {
        let published = Occasion::VoterRollPublished(day(3, 1));
        assert_eq!(
            when(published, Duty::ObjectToVoterRoll),
            When::Between(day(3, 1), day(3, 6))
        );
        assert_eq!(
            check(&rules(), published, Duty::ObjectToVoterRoll, day(3, 7)),
            Err(Missed::OutsideWindow(day(3, 1), day(3, 6)))
        );
        let filed = Occasion::ObjectionFiled(day(3, 4));
        assert_eq!(
            when(filed, Duty::DecideObjection),
            When::OnOrBefore(day(3, 7))
        );
    }

    #[test]
    fn the_candidate_list_is_published_5_to_7_days_before_as_the_community_sets() {
        let election = Occasion::ElectionDay(day(3, 21));
        assert_eq!(
            when(election, Duty::PublishCandidateList),
            When::OnOrBefore(day(3, 16))
        );
        let seven = CommunityRules {
            candidate_list_days_before: 7,
            ..rules()
        };
        assert_eq!(
            check(&seven, election, Duty::PublishCandidateList, day(3, 15)),
            Err(Missed::TooLate(day(3, 14)))
        );
    }

    #[test]
    fn results_are_announced_on_election_day_and_handed_over_within_10_days() {
        let election = Occasion::ElectionDay(day(3, 21));
        assert_eq!(
            when(election, Duty::AnnounceResults),
            When::OnOrBefore(day(3, 21))
        );
        assert_eq!(when(election, Duty::HandOver), When::OnOrBefore(day(3, 31)));
    }

    #[test]
    fn a_hearing_is_announced_at_least_10_days_ahead() {
        let hearing = Occasion::Hearing(day(5, 20));
        assert_eq!(
            check(&rules(), hearing, Duty::PublishHearingNotice, day(5, 10)),
            Ok(())
        );
        assert_eq!(
            check(&rules(), hearing, Duty::PublishHearingNotice, day(5, 11)),
            Err(Missed::TooLate(day(5, 10)))
        );
    }

    #[test]
    fn a_joint_meeting_agenda_goes_out_3_days_ahead() {
        let meeting = Occasion::JointMeeting(day(6, 10));
        assert_eq!(
            when(meeting, Duty::SendJointMeetingAgenda),
            When::OnOrBefore(day(6, 7))
        );
    }

    #[test]
    fn evaluation_results_are_published_within_10_days_of_closing() {
        let closed = Occasion::EvaluationClosed(day(1, 20));
        assert_eq!(
            when(closed, Duty::PublishEvaluationResults),
            When::Between(day(1, 20), day(1, 30))
        );
    }

    #[test]
    fn a_duty_the_occasion_does_not_carry_is_refused() {
        assert_eq!(
            check(
                &rules(),
                Occasion::Hearing(day(5, 20)),
                Duty::PublishVoterRoll,
                day(5, 1)
            ),
            Err(Missed::NoSuchDuty)
        );
    }

    #[test]
    fn upcoming_duties_are_the_ones_still_open_soonest_first() {
        let occasions = [
            Occasion::ElectionDay(day(3, 21)),
            Occasion::JointMeeting(day(3, 5)),
        ];
        let due = upcoming(&rules(), &occasions, day(3, 2), 30);
        let order: Vec<_> = due.iter().map(|d| d.duty).collect();
        assert_eq!(
            order,
            [
                Duty::SendJointMeetingAgenda,
                Duty::PublishCandidateList,
                Duty::AnnounceResults,
                Duty::HandOver,
            ],
            "the roll's last day (1 March) has passed; the rest are in order"
        );
        assert!(upcoming(&rules(), &occasions, day(3, 3), 1).is_empty());
    }

    #[test]
    fn dates_at_the_ends_of_the_calendar_do_not_overflow() {
        let far = Occasion::ElectionDay(NaiveDate::MAX);
        assert_eq!(when(far, Duty::HandOver), When::OnOrBefore(NaiveDate::MAX));
        let early = Occasion::Hearing(NaiveDate::MIN);
        assert_eq!(
            when(early, Duty::PublishHearingNotice),
            When::OnOrBefore(NaiveDate::MIN)
        );
    }
}
