//! Paper rating forms at the meeting (DESIGN.md "Democratic evaluation": how most rounds happen
//! in practice): an officer hands a rater an anonymous form, which takes part for them, and
//! after the close each box's tally of forms, per subject and grade, is entered by two officers
//! and counts only when both agree (`domain::double_entry`, shared with the election's paper
//! ballots); more forms in a box than handed out there voids it.

use super::grading::Tally;
use super::round::SubjectPlan;
use super::scale::Grade;
use crate::domain::double_entry::{BoxTally, MAX_BOX_NUMBER, SheetStanding, standing};
use crate::domain::keys::PersonKey;
use crate::domain::refusal::Refusal;
use crate::domain::registry::{FieldError, Problem};
use crate::domain::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Boxes a round may use, numbered from 1: the meeting hall's, and roving ones for raters who
/// cannot come.
pub const MAX_BOXES: u32 = 9;

/// A box's number as an officer typed it: 1 to [`MAX_BOXES`], full-width digits read as
/// digits.
///
/// Errors: `not_a_number` or `out_of_range` under `field`.
pub fn parse_box(field: &str, raw: &str) -> Result<u32, FieldError> {
    let problem = |problem| FieldError {
        field: field.to_owned(),
        problem,
    };
    let number = text::number::<u32>(raw).map_err(|p| problem(Problem::from(p)))?;
    if (1..=MAX_BOXES).contains(&number) {
        Ok(number)
    } else {
        Err(problem(Problem::OutOfRange))
    }
}

/// One subject's marks on the forms read from a box.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectMarks {
    /// Forms marking each grade of the subject's scale (grades not on the scale are refused).
    pub grades: BTreeMap<Grade, u64>,
    /// Forms leaving this subject unmarked or marking two grades: no valid rating of them,
    /// while the form's other subjects still count.
    pub unmarked: u64,
}

/// A box's tally of paper forms, as the counters read it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormTally {
    pub forms_in_box: u64,
    /// Forms void as a whole (not the round's form, torn, signed…): none of their marks count.
    pub void_forms: u64,
    /// Marks per subject, by the subject's person key.
    pub subjects: BTreeMap<PersonKey, SubjectMarks>,
}

impl BoxTally for FormTally {
    fn forms_in_box(&self) -> u64 {
        self.forms_in_box
    }
}

impl FormTally {
    /// Forms whose marks were read.
    pub fn read_forms(&self) -> u64 {
        self.forms_in_box.saturating_sub(self.void_forms)
    }

    /// Checks the tally adds up against the round's subjects: exactly the round's subjects,
    /// only grades of each one's scale, and for every subject its marks plus its unmarked forms
    /// equal the forms read. No number above [`MAX_BOX_NUMBER`].
    ///
    /// Errors: [`Refusal::FormTallyInconsistent`].
    pub fn check(&self, subjects: &[SubjectPlan]) -> Result<(), Refusal> {
        let inconsistent = Err(Refusal::FormTallyInconsistent);
        let numbers = [self.forms_in_box, self.void_forms].into_iter().chain(
            self.subjects
                .values()
                .flat_map(|m| m.grades.values().copied().chain([m.unmarked])),
        );
        if numbers.into_iter().any(|n| n > MAX_BOX_NUMBER)
            || self.void_forms > self.forms_in_box
            || self.subjects.len() != subjects.len()
        {
            return inconsistent;
        }
        for subject in subjects {
            let Some(marks) = self.subjects.get(&subject.person) else {
                return inconsistent;
            };
            if marks.grades.keys().any(|g| g.scale() != subject.scale) {
                return inconsistent;
            }
            if marks.grades.values().sum::<u64>() + marks.unmarked != self.read_forms() {
                return inconsistent;
            }
        }
        Ok(())
    }

    /// Adds this box's valid ratings to each subject's tally. A grade off a subject's scale
    /// (a tally that was never [`check`](Self::check)ed) is left out rather than miscounted.
    pub fn add_to(&self, tallies: &mut BTreeMap<PersonKey, Tally>) {
        for (person, marks) in &self.subjects {
            if let Some(tally) = tallies.get_mut(person) {
                for (grade, times) in &marks.grades {
                    // Off the scale: refused by `check` before it was stored.
                    let _on_scale = tally.add(*grade, *times);
                }
            }
        }
    }

    /// Forms of this box that rated `subject` validly.
    pub fn valid_for(&self, subject: &PersonKey) -> u64 {
        self.subjects
            .get(subject)
            .map(|m| m.grades.values().sum())
            .unwrap_or(0)
    }
}

/// Where one box of a round stands after the close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxCount {
    /// The box's number, from 1.
    pub paper_box: u32,
    /// Forms handed out at it.
    pub handed_out: u64,
    pub standing: SheetStanding,
    /// The agreed tally, once two officers' entries agree and the box is not void.
    pub tally: Option<FormTally>,
}

/// Every box of a round that had forms handed out or a tally entered, by number: its hand-outs,
/// where its double entry stands, and the tally that counts. `entries` are each officer's
/// latest entry as `(box, officer, tally)` in the order entered.
pub fn boxes(
    handed_out: &BTreeMap<u32, u64>,
    entries: &[(u32, PersonKey, FormTally)],
) -> Vec<BoxCount> {
    let mut numbers: Vec<u32> = handed_out
        .keys()
        .copied()
        .chain(entries.iter().map(|(b, _, _)| *b))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|paper_box| {
            let out = handed_out.get(&paper_box).copied().unwrap_or(0);
            let pairs: Vec<(&PersonKey, FormTally)> = entries
                .iter()
                .filter(|(b, _, _)| *b == paper_box)
                .map(|(_, officer, tally)| (officer, tally.clone()))
                .collect();
            let standing = standing(&pairs, out);
            let tally = (standing == SheetStanding::Confirmed)
                .then(|| pairs.first().map(|(_, t)| t.clone()))
                .flatten();
            BoxCount {
                paper_box,
                handed_out: out,
                standing,
                tally,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::scale::Scale;
    use super::*;
    use crate::domain::keys::test_key;
    use crate::domain::roles::Role;

    fn subjects() -> Vec<SubjectPlan> {
        vec![
            SubjectPlan {
                person: test_key("sec"),
                posts: vec![Role::PartySecretary],
                scale: Scale::Satisfaction,
            },
            SubjectPlan {
                person: test_key("mem"),
                posts: vec![Role::CommitteeMember],
                scale: Scale::Competence,
            },
        ]
    }

    /// 12 forms in the box, 1 void; of 11 read, the member was left unmarked on one.
    fn tally() -> FormTally {
        FormTally {
            forms_in_box: 12,
            void_forms: 1,
            subjects: BTreeMap::from([
                (
                    test_key("sec"),
                    SubjectMarks {
                        grades: BTreeMap::from([
                            (Grade::Satisfied, 8),
                            (Grade::BasicallySatisfied, 2),
                            (Grade::Dissatisfied, 1),
                        ]),
                        unmarked: 0,
                    },
                ),
                (
                    test_key("mem"),
                    SubjectMarks {
                        grades: BTreeMap::from([(Grade::Competent, 4), (Grade::Incompetent, 6)]),
                        unmarked: 1,
                    },
                ),
            ]),
        }
    }

    #[test]
    fn a_box_is_numbered_one_to_nine() {
        assert_eq!(parse_box("b", "1"), Ok(1));
        assert_eq!(parse_box("b", "９"), Ok(9), "full-width");
        for bad in ["0", "10", "", "一", "4294967296"] {
            assert!(parse_box("b", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_form_tally_that_adds_up_is_accepted() {
        assert_eq!(tally().check(&subjects()), Ok(()));
    }

    #[test]
    fn a_form_tally_that_does_not_add_up_is_refused() {
        let refused = Err(Refusal::FormTallyInconsistent);
        let mut short = tally();
        if let Some(m) = short.subjects.get_mut(&test_key("mem")) {
            m.unmarked = 0;
        }
        assert_eq!(short.check(&subjects()), refused, "10 marks of 11 forms");
        let mut off_scale = tally();
        if let Some(m) = off_scale.subjects.get_mut(&test_key("sec")) {
            m.grades.remove(&Grade::Dissatisfied);
            m.grades.insert(Grade::Incompetent, 1);
        }
        assert_eq!(
            off_scale.check(&subjects()),
            refused,
            "a grade of another scale"
        );
        let mut stranger = tally();
        stranger
            .subjects
            .insert(test_key("zzz"), SubjectMarks::default());
        assert_eq!(stranger.check(&subjects()), refused, "not a subject");
        let mut missing = tally();
        missing.subjects.remove(&test_key("mem"));
        assert_eq!(missing.check(&subjects()), refused, "a subject left out");
        let mut more_void = tally();
        more_void.void_forms = 13;
        assert_eq!(more_void.check(&subjects()), refused);
    }

    #[test]
    fn a_form_tally_with_impossible_numbers_is_refused_not_overflowed() {
        let mut huge = tally();
        huge.forms_in_box = u64::MAX;
        huge.void_forms = u64::MAX - 11;
        assert_eq!(huge.check(&subjects()), Err(Refusal::FormTallyInconsistent));
        let mut wrapping = tally();
        if let Some(m) = wrapping.subjects.get_mut(&test_key("sec")) {
            m.grades.insert(Grade::Satisfied, u64::MAX);
            m.unmarked = 4;
        }
        assert_eq!(
            wrapping.check(&subjects()),
            Err(Refusal::FormTallyInconsistent)
        );
    }

    #[test]
    fn paper_forms_count_only_their_valid_marks() {
        let mut tallies: BTreeMap<PersonKey, Tally> = subjects()
            .iter()
            .map(|s| (s.person.clone(), Tally::new(s.scale)))
            .collect();
        tally().add_to(&mut tallies);
        let sec = &tallies[&test_key("sec")];
        assert_eq!(sec.total(), 11);
        assert_eq!(sec.count(Grade::Satisfied), 8);
        let mem = &tallies[&test_key("mem")];
        assert_eq!(
            mem.total(),
            10,
            "the unmarked form is no rating of the member"
        );
        assert_eq!(mem.count(Grade::Incompetent), 6);
        assert_eq!(tally().valid_for(&test_key("mem")), 10);
    }

    #[test]
    fn only_a_box_whose_two_entries_agree_counts() {
        let (a, b) = (test_key::<PersonKey>("a"), test_key::<PersonKey>("b"));
        let handed_out = BTreeMap::from([(1, 12), (2, 3)]);
        let mut misread = tally();
        misread.void_forms = 0;
        let entries = [
            (1, a.clone(), tally()),
            (2, a.clone(), tally()),
            (1, b.clone(), tally()),
            (2, b.clone(), misread),
            (3, a, tally()),
        ];
        let counted = boxes(&handed_out, &entries);
        let seen: Vec<(u32, u64, SheetStanding, bool)> = counted
            .iter()
            .map(|c| {
                (
                    c.paper_box,
                    c.handed_out,
                    c.standing.clone(),
                    c.tally.is_some(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (1, 12, SheetStanding::Confirmed, true),
                (2, 3, SheetStanding::Differ, false),
                (3, 0, SheetStanding::AwaitingSecond, false),
            ]
        );
        let both = [(1, test_key::<PersonKey>("a"), tally()), (1, b, tally())];
        let void = boxes(&BTreeMap::from([(1, 11)]), &both);
        assert_eq!(void[0].standing, SheetStanding::VoidBox);
        assert_eq!(void[0].tally, None, "a void box counts nothing");
    }

    #[test]
    fn more_forms_in_a_box_than_handed_out_voids_it() {
        let entries = [(1, tally()), (2, tally())];
        assert_eq!(standing(&entries, 12), SheetStanding::Confirmed);
        assert_eq!(standing(&entries, 11), SheetStanding::VoidBox);
    }
}
