//! Every rule-based "no" the pillars can answer with, each one an i18n key (`refusal_<code>`)
//! a resident or officer can act on. The domain returns these; `AppError::Refused` carries them
//! to the page, which says them in the visitor's language.

use serde::{Deserialize, Serialize};

/// A rule that stops an action, in the domain's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Refusal {
    // Planning an election.
    #[error("the committee must have one director")]
    OneDirector,
    #[error("the committee's size is outside the lawful range")]
    CommitteeSize,
    #[error("election day has passed")]
    ElectionDayPassed,
    #[error("the voting window does not fit election day")]
    VotingWindow,
    #[error("a polling station or box needs a name")]
    NoPollingPlace,
    /// More polling places than [`crate::domain::election::plan::MAX_PLACES`], or a name
    /// longer than [`crate::domain::election::plan::MAX_TITLE_CHARS`].
    #[error("too many polling places, or a name too long")]
    PollingPlacesTooMany,
    // The calendar.
    #[error("a legal deadline would be missed")]
    DeadlineMissed,
    // The election committee.
    #[error("a member must withdraw: a close relative is nominated")]
    RelativeNominated,
    #[error("a close relative of a candidate may not count or scrutinise")]
    RelativeOfCandidate,
    #[error("too few scrutineers")]
    TooFewScrutineers,
    // The voter roll.
    #[error("not old enough on election day")]
    Underage,
    #[error("has not applied to be on the roll")]
    NotApplied,
    #[error("has not served long enough in the community")]
    ServiceTooShort,
    #[error("not on the voter roll")]
    NotOnRoll,
    #[error("already on the voter roll")]
    AlreadyOnRoll,
    #[error("the objection period is over")]
    ObjectionPeriodOver,
    #[error("the objection was already decided")]
    AlreadyDecided,
    #[error("the roll is not published yet")]
    RollNotPublished,
    #[error("the roll was already published")]
    RollAlreadyPublished,
    // Nominations and candidates.
    #[error("already nominated for this office")]
    AlreadyNominated,
    #[error("already endorsed as many nominations as there are seats")]
    EndorsementsUsed,
    #[error("too few endorsements")]
    TooFewEndorsements,
    #[error("barred from standing")]
    Barred,
    #[error("an office needs more candidates than seats")]
    NotContested,
    #[error("the candidate list needs a woman")]
    NoWomanCandidate,
    #[error("the candidate list is already published")]
    CandidatesPublished,
    #[error("the candidate list is not published yet")]
    CandidatesNotPublished,
    // Proxies.
    #[error("no proxies in representative elections")]
    NoProxiesInThisMode,
    #[error("a candidate may not hold proxies")]
    ProxyIsCandidate,
    #[error("the proxy holder already holds the most allowed")]
    ProxyFull,
    #[error("a voter cannot be their own proxy")]
    OwnProxy,
    #[error("already named a proxy")]
    ProxyAlreadyNamed,
    #[error("not this voter's proxy")]
    NotTheirProxy,
    // Polls.
    #[error("the polls are not open")]
    PollsNotOpen,
    #[error("the polls are already open")]
    PollsAlreadyOpen,
    #[error("the polls are closed")]
    PollsClosed,
    #[error("the polls may not open before election day")]
    TooEarlyToOpen,
    #[error("the voting window has passed")]
    VotingWindowPassed,
    #[error("the voting window has not ended")]
    VotingNotOver,
    #[error("a second officer must confirm")]
    SameOfficer,
    #[error("not on this election's committee")]
    NotOnElectionCommittee,
    /// Seating someone on an election's committee, or recording another's withdrawal, by an
    /// officer outside the convening leadership.
    #[error("only the convening leadership seats an election committee")]
    NotElectionConvener,
    #[error("already took part in this election")]
    AlreadyVoted,
    /// Said to an officer handing out a paper ballot.
    #[error("the voter already took part")]
    VoterAlreadyTookPart,
    #[error("the results are hidden until the polls close")]
    ResultsHidden,
    #[error("the results are already published")]
    ResultsPublished,
    // Ballots and tally sheets.
    #[error("the ballot names someone who is not a candidate for this office")]
    UnknownCandidate,
    #[error("a write-in names nobody on the roll, or several voters without their household")]
    BadWriteIn,
    #[error("a tally sheet's write-in names a listed candidate of that office")]
    WriteInIsCandidate,
    #[error("a section of the ballot would be void and the voter did not confirm")]
    VoidSectionUnconfirmed,
    #[error("a proxy is only for a voter who will be away")]
    NotAway,
    #[error("the tally sheet's numbers do not add up")]
    SheetInconsistent,
    #[error("the two entries of the tally sheet differ")]
    EntriesDiffer,
    #[error("this officer already entered this sheet")]
    AlreadyEntered,
    #[error("not every box's tally sheet is confirmed")]
    SheetsMissing,
    // The notice board.
    #[error("a notice stays up for its minimum display period")]
    TooEarlyToTakeDown,
    #[error("a draft needs a title or a body")]
    EmptyDraft,
    #[error("too many drafts kept")]
    TooManyDrafts,
    // Invitations.
    #[error("the person holds roles the invitation's issuer may not hand over")]
    InvitationAboveIssuer,
    /// A grid worker inviting someone outside their grids.
    #[error("the person lives outside the issuer's grids")]
    InvitationOutsideGrid,
    #[error("the person has already joined")]
    AlreadyEnrolled,
    /// A recovery invitation for someone who never joined: they need an ordinary invitation.
    #[error("the person has not joined yet")]
    NotJoinedYet,
    #[error("the officer is not assigned to this polling place")]
    NotAssignedHere,
    #[error("the election's rules go beyond what the law allows")]
    RulesBeyondLaw,
    // Evaluation rounds.
    /// A round opens only once every subject's work report is published.
    #[error("a subject's work report is not published yet")]
    ReportsMissing,
    #[error("the round's rating window has passed")]
    RoundWindowPassed,
    #[error("the round is already open")]
    RoundAlreadyOpen,
    #[error("the round is not open for rating")]
    RoundNotOpen,
    #[error("the round is closed")]
    RoundClosed,
    /// Closing before the window ends needs every rater to have rated.
    #[error("the rating window is not over")]
    RoundWindowNotOver,
    #[error("this person does not rate in this round")]
    NotARater,
    #[error("this rater has already rated")]
    AlreadyRated,
    /// Only the subject answers questions on their report.
    #[error("only the subject answers")]
    NotTheSubject,
    /// A report is corrected as a notice once published, not published again.
    #[error("the subject's report is published already")]
    ReportPublished,
    /// An answer stands as given: a second one would change what raters read silently.
    #[error("the question is answered already")]
    QuestionAnswered,
    #[error("the question is hidden already")]
    QuestionAlreadyHidden,
    /// The trend names rounds by their period: two of one period could not be told apart.
    #[error("the community has a round of this period")]
    PeriodTaken,
    #[error("nobody sees an evaluation's results before it closes")]
    EvaluationResultsHidden,
    /// A box's tally of rating forms that does not add up (`FormTally::check`).
    #[error("the box's tally of forms does not add up")]
    FormTallyInconsistent,
    /// Said to the officer handing out forms, about the rater.
    #[error("this rater already took part")]
    RaterAlreadyTookPart,
    /// Whoever is rated in a round does not count its forms.
    #[error("a subject of the round does not count its forms")]
    SubjectMayNotCount,
    #[error("the evaluation's results are already published")]
    EvaluationResultsPublished,
}

impl Refusal {
    /// The i18n key suffix.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// Refusals of what was typed or sent (answered 422), rather than of the moment (409).
    pub fn is_about_input(self) -> bool {
        matches!(
            self,
            Refusal::UnknownCandidate
                | Refusal::BadWriteIn
                | Refusal::WriteInIsCandidate
                | Refusal::VoidSectionUnconfirmed
                | Refusal::NotAway
                | Refusal::SheetInconsistent
                | Refusal::CommitteeSize
                | Refusal::OneDirector
                | Refusal::VotingWindow
                | Refusal::NoPollingPlace
                | Refusal::PollingPlacesTooMany
                | Refusal::EmptyDraft
                | Refusal::PeriodTaken
                | Refusal::FormTallyInconsistent
        )
    }

    /// Every refusal, for the tests that check each has a message in both languages.
    pub const ALL: &'static [Refusal] = <Refusal as strum::VariantArray>::VARIANTS;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_refusal_has_its_own_code() {
        let codes: HashSet<&str> = Refusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Refusal::ALL.len());
    }

    #[test]
    fn the_code_is_the_serialized_name() {
        for &refusal in Refusal::ALL {
            let json = serde_json::to_string(&refusal).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", refusal.code()));
        }
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        assert_eq!(Refusal::OneDirector.code(), "one_director");
        assert_eq!(
            Refusal::NoProxiesInThisMode.code(),
            "no_proxies_in_this_mode"
        );
        assert_eq!(Refusal::BadWriteIn.code(), "bad_write_in");
        assert_eq!(Refusal::WriteInIsCandidate.code(), "write_in_is_candidate");
        assert_eq!(Refusal::TooEarlyToTakeDown.code(), "too_early_to_take_down");
        assert_eq!(Refusal::RulesBeyondLaw.code(), "rules_beyond_law");
        for &refusal in Refusal::ALL {
            let json = serde_json::to_string(&refusal).unwrap_or_default();
            let back: Option<Refusal> = serde_json::from_str(&json).ok();
            assert_eq!(back, Some(refusal), "{}", refusal.code());
        }
    }
}
