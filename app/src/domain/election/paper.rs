//! Paper ballots at polling stations and roving boxes (EL Arts. 38, 43): after the polls close
//! each box's tally sheet is entered twice, by two officers, and counts only when both entries
//! agree. A box holding more ballots than were handed out is void and raises an alert. The
//! double entry itself is `domain::double_entry`'s, shared with paper rating forms.

use super::ballot::Contest;
use super::plan::Office;
use crate::domain::double_entry::{BoxTally, MAX_BOX_NUMBER};
pub use crate::domain::double_entry::{SheetStanding, box_is_void, may_enter, standing};
use crate::domain::refusal::Refusal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Marks one candidate received, on paper or online.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    #[serde(rename = "for")]
    pub for_: u64,
    pub against: u64,
    pub abstain: u64,
}

impl Counts {
    pub fn total(self) -> u64 {
        self.for_ + self.against + self.abstain
    }
}

/// One office on a box's tally sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetSection {
    pub office: Office,
    pub candidates: BTreeMap<String, Counts>,
    /// Write-in votes by the voter they name.
    pub write_ins: BTreeMap<String, u64>,
    /// Ballots whose part for this office was void (more choices than seats).
    pub void_sections: u64,
    /// Ballots whose part for this office was left blank. Known for online ballots only: a
    /// box's sheet records blank ballots as a whole, so officers never enter it (0). The
    /// board states it for online ballots it publishes as a sum (`publication`).
    #[serde(default)]
    pub blank_sections: u64,
}

/// A box's tally sheet, as the counters read it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallySheet {
    pub ballots_in_box: u64,
    /// Ballots void as a whole (unreadable, not the official form…).
    pub void_ballots: u64,
    /// Ballots with nothing marked.
    pub blank_ballots: u64,
    pub sections: Vec<SheetSection>,
}

/// Largest number a tally sheet may hold anywhere (the double entry's bound).
pub const MAX_SHEET_NUMBER: u64 = MAX_BOX_NUMBER;

impl TallySheet {
    /// Every number on the sheet.
    fn numbers(&self) -> impl Iterator<Item = u64> + '_ {
        [self.ballots_in_box, self.void_ballots, self.blank_ballots]
            .into_iter()
            .chain(self.sections.iter().flat_map(|section| {
                section
                    .candidates
                    .values()
                    .flat_map(|c| [c.for_, c.against, c.abstain])
                    .chain(section.write_ins.values().copied())
                    .chain([section.void_sections])
            }))
    }

    /// Ballots whose sections were read.
    pub fn read_ballots(&self) -> u64 {
        self.ballots_in_box.saturating_sub(self.void_ballots)
    }

    /// Checks the sheet adds up against the published contests: every candidate's marks add up
    /// to the ballots read less the void sections, and no office got more "for" votes than
    /// seats allow.
    pub fn check(&self, contests: &[Contest]) -> Result<(), Refusal> {
        let inconsistent = Err(Refusal::SheetInconsistent);
        if self.numbers().any(|n| n > MAX_SHEET_NUMBER) {
            return inconsistent;
        }
        if self.void_ballots + self.blank_ballots > self.ballots_in_box
            || self.sections.len() != contests.len()
        {
            return inconsistent;
        }
        for contest in contests {
            let Some(section) = self.sections.iter().find(|s| s.office == contest.office) else {
                return inconsistent;
            };
            let same_candidates = section.candidates.len() == contest.candidates.len()
                && contest
                    .candidates
                    .iter()
                    .all(|c| section.candidates.contains_key(c));
            if !same_candidates
                || section
                    .write_ins
                    .keys()
                    .any(|w| section.candidates.contains_key(w))
            {
                return Err(Refusal::UnknownCandidate);
            }
            let Some(counted) = self.read_ballots().checked_sub(section.void_sections) else {
                return inconsistent;
            };
            if section.candidates.values().any(|c| c.total() != counted) {
                return inconsistent;
            }
            let fors: u64 = section.candidates.values().map(|c| c.for_).sum::<u64>()
                + section.write_ins.values().sum::<u64>();
            if fors > counted * u64::from(contest.seats) {
                return inconsistent;
            }
        }
        Ok(())
    }
}

impl TallySheet {
    /// A sheet with nothing on it, one section per contest.
    pub fn empty(contests: &[Contest]) -> Self {
        super::tally::count(contests, [], []).as_sheet()
    }

    /// Adds `other`'s figures to this sheet's, office by office (merging boxes for publication).
    pub fn absorb(&mut self, other: &TallySheet) {
        self.ballots_in_box += other.ballots_in_box;
        self.void_ballots += other.void_ballots;
        self.blank_ballots += other.blank_ballots;
        for theirs in &other.sections {
            let Some(mine) = self.sections.iter_mut().find(|s| s.office == theirs.office) else {
                self.sections.push(theirs.clone());
                continue;
            };
            mine.void_sections += theirs.void_sections;
            mine.blank_sections += theirs.blank_sections;
            for (candidate, add) in &theirs.candidates {
                let counts = mine.candidates.entry(candidate.clone()).or_default();
                counts.for_ += add.for_;
                counts.against += add.against;
                counts.abstain += add.abstain;
            }
            for (voter, votes) in &theirs.write_ins {
                *mine.write_ins.entry(voter.clone()).or_default() += votes;
            }
        }
    }
}

impl BoxTally for TallySheet {
    fn forms_in_box(&self) -> u64 {
        self.ballots_in_box
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn contests() -> Vec<Contest> {
        vec![Contest {
            office: Office::Member,
            seats: 2,
            candidates: vec!["a".into(), "b".into(), "c".into()],
        }]
    }

    fn counts(for_: u64, against: u64, abstain: u64) -> Counts {
        Counts {
            for_,
            against,
            abstain,
        }
    }

    #[test]
    fn a_tally_sheet_with_impossible_numbers_is_refused_not_overflowed() {
        let mut sheet = sheet();
        sheet.ballots_in_box = u64::MAX;
        sheet.void_ballots = u64::MAX;
        assert_eq!(sheet.check(&contests()), Err(Refusal::SheetInconsistent));
        let mut sheet = self::sheet();
        if let Some(a) = sheet.sections[0].candidates.get_mut("a") {
            a.for_ = MAX_SHEET_NUMBER + 1;
        }
        assert_eq!(sheet.check(&contests()), Err(Refusal::SheetInconsistent));
        assert_eq!(self::sheet().check(&contests()), Ok(()));
    }

    pub(crate) fn sheet() -> TallySheet {
        // 10 in the box, 1 void; of 9 read, 1 had a void member section, so 8 count.
        TallySheet {
            ballots_in_box: 10,
            void_ballots: 1,
            blank_ballots: 1,
            sections: vec![SheetSection {
                blank_sections: 0,
                office: Office::Member,
                candidates: BTreeMap::from([
                    ("a".into(), counts(6, 1, 1)),
                    ("b".into(), counts(4, 2, 2)),
                    ("c".into(), counts(3, 0, 5)),
                ]),
                write_ins: BTreeMap::from([("w".into(), 1)]),
                void_sections: 1,
            }],
        }
    }

    #[test]
    fn a_sheet_that_adds_up_is_accepted() {
        assert_eq!(sheet().check(&contests()), Ok(()));
    }

    #[test]
    fn a_sheet_that_does_not_add_up_is_refused() {
        let mut short = sheet();
        short.sections[0]
            .candidates
            .insert("a".into(), counts(6, 1, 0));
        assert_eq!(short.check(&contests()), Err(Refusal::SheetInconsistent));
        let mut too_many_fors = sheet();
        too_many_fors.sections[0].write_ins.insert("w".into(), 4);
        assert_eq!(
            too_many_fors.check(&contests()),
            Err(Refusal::SheetInconsistent),
            "8 ballots × 2 seats = 16 for votes at most"
        );
        let mut stranger = sheet();
        stranger.sections[0]
            .candidates
            .insert("zzz".into(), counts(0, 0, 8));
        assert_eq!(stranger.check(&contests()), Err(Refusal::UnknownCandidate));
        let mut overfull = sheet();
        overfull.blank_ballots = 10;
        assert_eq!(overfull.check(&contests()), Err(Refusal::SheetInconsistent));
    }

    #[test]
    fn more_ballots_in_the_box_than_handed_out_voids_the_box() {
        assert!(box_is_void(&sheet(), 9));
        assert!(!box_is_void(&sheet(), 10));
        assert_eq!(
            standing(&[(1, sheet()), (2, sheet())], 9),
            SheetStanding::VoidBox
        );
    }
}
