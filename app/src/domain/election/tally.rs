//! The count and who is elected (L25 Art. 19, EL Arts. 44–45). Online ballots and confirmed
//! paper tally sheets are added together; the vote is valid when more than the mode's share of
//! the roll took part; a candidate needs more than half of the ballots cast; when more pass than
//! there are seats the most votes win, and a tie at the last seat goes to a new vote among the
//! tied; seats left empty go to a run-off among the best unelected, two for each seat, where
//! the most votes win with at least a third of the ballots cast.

use super::ballot::{Ballot, Contest, Mark, SectionState};
use super::paper::{Counts, SheetSection, TallySheet};
use super::plan::{Office, Round};
use crate::domain::rules::{CommunityRules, Fraction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One office's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeCount {
    pub office: Office,
    pub seats: u8,
    pub candidates: BTreeMap<String, Counts>,
    pub write_ins: BTreeMap<String, u64>,
    pub void_sections: u64,
    pub blank_sections: u64,
}

/// The whole count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// Online ballots plus ballots in the boxes that count.
    pub ballots_cast: u64,
    pub blank_ballots: u64,
    pub void_ballots: u64,
    pub offices: Vec<OfficeCount>,
}

impl Count {
    fn empty(contests: &[Contest]) -> Self {
        Count {
            ballots_cast: 0,
            blank_ballots: 0,
            void_ballots: 0,
            offices: contests
                .iter()
                .map(|contest| OfficeCount {
                    office: contest.office,
                    seats: contest.seats,
                    candidates: contest
                        .candidates
                        .iter()
                        .map(|c| (c.clone(), Counts::default()))
                        .collect(),
                    write_ins: BTreeMap::new(),
                    void_sections: 0,
                    blank_sections: 0,
                })
                .collect(),
        }
    }

    /// Adds one online ballot.
    pub fn add_ballot(&mut self, ballot: &Ballot) {
        self.add_identical_ballots(ballot, 1);
    }

    /// Adds `times` online ballots identical to `ballot`, exactly as adding each would: the
    /// count reads ballots grouped by content, and most of a million ballots repeat one of
    /// far fewer ways to fill one in.
    pub fn add_identical_ballots(&mut self, ballot: &Ballot, times: u64) {
        self.ballots_cast += times;
        let mut all_blank = true;
        for section in &ballot.sections {
            let Some(office) = self.offices.iter_mut().find(|o| o.office == section.office) else {
                continue;
            };
            match section.state(office.seats) {
                SectionState::Void => {
                    office.void_sections += times;
                    all_blank = false;
                    continue;
                }
                SectionState::Blank => office.blank_sections += times,
                SectionState::Valid => all_blank = false,
            }
            for (candidate, counts) in &mut office.candidates {
                match section.marks.get(candidate).copied().unwrap_or_default() {
                    Mark::For => counts.for_ += times,
                    Mark::Against => counts.against += times,
                    Mark::Abstain => counts.abstain += times,
                }
            }
            for voter in &section.write_ins {
                *office.write_ins.entry(voter.clone()).or_default() += times;
            }
        }
        if all_blank {
            self.blank_ballots += times;
        }
    }

    /// Adds one confirmed box's tally sheet (checked against the contests beforehand).
    pub fn add_sheet(&mut self, sheet: &TallySheet) {
        self.ballots_cast += sheet.ballots_in_box;
        self.void_ballots += sheet.void_ballots;
        self.blank_ballots += sheet.blank_ballots;
        for section in &sheet.sections {
            let Some(office) = self.offices.iter_mut().find(|o| o.office == section.office) else {
                continue;
            };
            office.void_sections += section.void_sections;
            office.blank_sections += section.blank_sections;
            for (candidate, counts) in &mut office.candidates {
                if let Some(add) = section.candidates.get(candidate) {
                    counts.for_ += add.for_;
                    counts.against += add.against;
                    counts.abstain += add.abstain;
                }
            }
            for (voter, votes) in &section.write_ins {
                *office.write_ins.entry(voter.clone()).or_default() += votes;
            }
        }
    }
}

impl Count {
    /// The figures as a tally sheet would state them: what the board publishes of a channel
    /// too small to publish ballot by ballot (`publication`).
    pub fn as_sheet(&self) -> TallySheet {
        TallySheet {
            ballots_in_box: self.ballots_cast,
            void_ballots: self.void_ballots,
            blank_ballots: self.blank_ballots,
            sections: self
                .offices
                .iter()
                .map(|office| SheetSection {
                    office: office.office,
                    candidates: office.candidates.clone(),
                    write_ins: office.write_ins.clone(),
                    void_sections: office.void_sections,
                    blank_sections: office.blank_sections,
                })
                .collect(),
        }
    }
}

/// Counts online ballots and confirmed paper sheets together.
pub fn count<'a>(
    contests: &[Contest],
    ballots: impl IntoIterator<Item = &'a Ballot>,
    sheets: impl IntoIterator<Item = &'a TallySheet>,
) -> Count {
    count_grouped(contests, ballots.into_iter().map(|b| (b, 1)), sheets)
}

/// Like [`count`], with the online ballots grouped: each distinct ballot with how many times
/// it was cast.
pub fn count_grouped<'a>(
    contests: &[Contest],
    ballots: impl IntoIterator<Item = (&'a Ballot, u64)>,
    sheets: impl IntoIterator<Item = &'a TallySheet>,
) -> Count {
    let mut count = Count::empty(contests);
    for (ballot, times) in ballots {
        count.add_identical_ballots(ballot, times);
    }
    for sheet in sheets {
        count.add_sheet(sheet);
    }
    count
}

/// How a round's seats are won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WinRule {
    /// More than `share` of the ballots cast; the most votes when too many pass.
    Majority(Fraction),
    /// The most votes, with at least `share` of the ballots cast if given.
    Plurality(Option<Fraction>),
}

impl WinRule {
    /// The rule of each round (L25 Art. 19, EL Art. 45).
    pub fn of(round: Round, rules: &CommunityRules) -> Self {
        match round {
            Round::Regular => WinRule::Majority(rules.win_share),
            Round::Runoff => WinRule::Plurality(Some(rules.runoff_share)),
            Round::TieBreak => WinRule::Plurality(None),
        }
    }

    fn passes(self, votes: u64, ballots_cast: u64) -> bool {
        match self {
            WinRule::Majority(share) => share.exceeded_by(votes, ballots_cast),
            WinRule::Plurality(Some(share)) => votes > 0 && share.reached_by(votes, ballots_cast),
            WinRule::Plurality(None) => votes > 0,
        }
    }
}

/// Who won an office, and what is left to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeOutcome {
    pub office: Office,
    pub seats: u8,
    /// Elected, most votes first.
    pub elected: Vec<String>,
    /// Tied at the last seat(s): a new vote among them decides `tied_seats` seats.
    pub tied: Vec<String>,
    pub tied_seats: u8,
    /// Seats nobody won.
    pub empty_seats: u8,
    /// The best unelected, two for each empty seat, for a run-off (after a regular round).
    pub runoff: Vec<String>,
}

impl OfficeOutcome {
    /// The round this office still needs, with its seats and candidates.
    pub fn next_round(&self) -> Option<(Round, u8, Vec<String>)> {
        if self.tied_seats > 0 {
            Some((Round::TieBreak, self.tied_seats, self.tied.clone()))
        } else if self.empty_seats > 0 && !self.runoff.is_empty() {
            Some((Round::Runoff, self.empty_seats, self.runoff.clone()))
        } else {
            None
        }
    }
}

/// The result of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Enough of the roll took part (L25 Art. 19); if not, nobody is elected.
    pub turnout_valid: bool,
    pub offices: Vec<OfficeOutcome>,
}

/// Everyone who got votes in an office, most first (ties by key, for a stable display).
pub fn ranking(office: &OfficeCount) -> Vec<(String, u64)> {
    let mut ranked: Vec<(String, u64)> = office
        .candidates
        .iter()
        .map(|(k, c)| (k.clone(), c.for_))
        .chain(office.write_ins.iter().map(|(k, v)| (k.clone(), *v)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
}

fn decide_office(office: &OfficeCount, ballots_cast: u64, rule: WinRule) -> OfficeOutcome {
    let seats = usize::from(office.seats);
    let ranked = ranking(office);
    let passing: Vec<&(String, u64)> = ranked
        .iter()
        .filter(|(_, votes)| rule.passes(*votes, ballots_cast))
        .collect();
    let mut elected = Vec::new();
    let mut tied = Vec::new();
    if seats == 0 {
        // An office without seats elects nobody.
    } else if passing.len() <= seats {
        elected.extend(passing.iter().map(|(k, _)| k.clone()));
    } else {
        let last = passing[seats - 1].1;
        if passing[seats].1 == last {
            elected.extend(passing.iter().filter(|p| p.1 > last).map(|p| p.0.clone()));
            tied.extend(passing.iter().filter(|p| p.1 == last).map(|p| p.0.clone()));
        } else {
            elected.extend(passing.iter().take(seats).map(|p| p.0.clone()));
        }
    }
    let tied_seats = if tied.is_empty() {
        0
    } else {
        seats - elected.len()
    };
    let empty = seats - elected.len() - tied_seats;
    let runoff = if empty > 0 && matches!(rule, WinRule::Majority(_)) {
        let unelected: Vec<&(String, u64)> = ranked
            .iter()
            .filter(|(k, _)| !elected.contains(k))
            .collect();
        let wanted = 2 * empty;
        match unelected.get(wanted - 1) {
            // Everyone tied with the last one taken stands too, so no tie is broken by name.
            Some((_, boundary)) => unelected
                .iter()
                .filter(|(_, votes)| votes >= boundary)
                .map(|(k, _)| k.clone())
                .collect(),
            None => unelected.iter().map(|(k, _)| k.clone()).collect(),
        }
    } else {
        Vec::new()
    };
    OfficeOutcome {
        office: office.office,
        seats: office.seats,
        elected,
        tied,
        tied_seats: u8::try_from(tied_seats).unwrap_or(u8::MAX),
        empty_seats: u8::try_from(empty).unwrap_or(u8::MAX),
        runoff,
    }
}

/// Decides a round from its count, given how many of the roll took part.
pub fn decide(
    count: &Count,
    participations: u64,
    roll_size: u64,
    turnout: Fraction,
    rule: WinRule,
) -> Outcome {
    let turnout_valid = turnout.exceeded_by(participations, roll_size);
    let offices = count
        .offices
        .iter()
        .map(|office| {
            if turnout_valid {
                decide_office(office, count.ballots_cast, rule)
            } else {
                OfficeOutcome {
                    office: office.office,
                    seats: office.seats,
                    elected: Vec::new(),
                    tied: Vec::new(),
                    tied_seats: 0,
                    empty_seats: office.seats,
                    runoff: Vec::new(),
                }
            }
        })
        .collect();
    Outcome {
        turnout_valid,
        offices,
    }
}

#[cfg(test)]
pub(crate) mod tests;
