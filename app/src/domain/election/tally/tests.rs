use super::*;
use crate::domain::election::ballot::{BallotInput, Section};
use crate::domain::election::paper::SheetSection;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn contest(office: Office, seats: u8, candidates: &[&str]) -> Contest {
    Contest {
        office,
        seats,
        candidates: candidates.iter().map(|c| (*c).to_owned()).collect(),
    }
}

fn director_race() -> Vec<Contest> {
    vec![contest(Office::Director, 1, &["a", "b"])]
}

fn member_race() -> Vec<Contest> {
    vec![contest(Office::Member, 2, &["a", "b", "c", "d"])]
}

/// A ballot marking `fors` for and everyone else against.
fn ballot(contests: &[Contest], fors: &[&str]) -> Ballot {
    let marks = contests
        .iter()
        .flat_map(|c| c.candidates.iter())
        .map(|c| {
            let mark = if fors.contains(&c.as_str()) {
                "for"
            } else {
                "against"
            };
            (c.clone(), mark.to_owned())
        })
        .collect();
    let input = BallotInput {
        marks,
        write_ins: Vec::new(),
    };
    Ballot::parse(contests, &input, |_| None).unwrap()
}

fn ballots(contests: &[Contest], groups: &[(usize, &[&str])]) -> Vec<Ballot> {
    groups
        .iter()
        .flat_map(|(n, fors)| std::iter::repeat_n(ballot(contests, fors), *n))
        .collect()
}

fn regular(count: &Count, participations: u64, roll: u64) -> Outcome {
    let rules = CommunityRules::default();
    decide(
        count,
        participations,
        roll,
        rules.turnout,
        WinRule::of(Round::Regular, &rules),
    )
}

#[test]
fn l25_art19_more_than_half_of_the_ballots_cast_wins() {
    let contests = director_race();
    let cast = ballots(&contests, &[(6, &["a"]), (4, &["b"])]);
    let counted = count(&contests, &cast, []);
    let outcome = regular(&counted, 10, 15);
    assert!(outcome.turnout_valid);
    assert_eq!(outcome.offices[0].elected, vec!["a"]);

    let even = ballots(&contests, &[(5, &["a"]), (5, &["b"])]);
    let counted = count(&contests, &even, []);
    let outcome = regular(&counted, 10, 15);
    assert!(
        outcome.offices[0].elected.is_empty(),
        "exactly half is not more than half"
    );
    assert_eq!(outcome.offices[0].empty_seats, 1);
}

#[test]
fn l25_art19_blank_and_void_ballots_count_as_cast() {
    let contests = director_race();
    let mut cast = ballots(&contests, &[(5, &["a"]), (3, &["b"])]);
    cast.extend(ballots(&contests, &[(2, &["a", "b"])]));
    let counted = count(&contests, &cast, []);
    assert_eq!(counted.offices[0].void_sections, 2);
    assert_eq!(counted.ballots_cast, 10);
    assert!(
        regular(&counted, 10, 12).offices[0].elected.is_empty(),
        "5 of 10 cast is not more than half, even if 2 were void"
    );
}

#[test]
fn l25_art19_turnout_must_exceed_half_of_the_roll() {
    let contests = director_race();
    let cast = ballots(&contests, &[(10, &["a"])]);
    let counted = count(&contests, &cast, []);
    assert!(!regular(&counted, 10, 20).turnout_valid);
    assert!(regular(&counted, 10, 20).offices[0].elected.is_empty());
    assert!(regular(&counted, 10, 19).turnout_valid);
    let rules = CommunityRules::default();
    let representatives = decide(
        &counted,
        10,
        15,
        rules.representative_turnout,
        WinRule::of(Round::Regular, &rules),
    );
    assert!(
        !representatives.turnout_valid,
        "10 of 15 is not more than 2/3"
    );
}

#[test]
fn l25_art19_most_votes_win_when_more_pass_than_seats() {
    let contests = member_race();
    let cast = ballots(
        &contests,
        &[(4, &["a", "b"]), (3, &["a", "c"]), (3, &["b", "c"])],
    );
    let counted = count(&contests, &cast, []);
    // a 7, b 7, c 6: all pass more than 5; two seats go to a and b.
    let outcome = regular(&counted, 10, 12);
    assert_eq!(outcome.offices[0].elected, vec!["a", "b"]);
    assert!(outcome.offices[0].tied.is_empty());
}

#[test]
fn el_art45_a_tie_at_the_last_seat_goes_to_a_new_vote() {
    let contests = member_race();
    let cast = ballots(
        &contests,
        &[
            (4, &["a", "b"]),
            (3, &["a", "c"]),
            (3, &["b", "c"]),
            (1, &["a"]),
        ],
    );
    let counted = count(&contests, &cast, []);
    // a 8, b 7, c 6 of 11: a elected; b alone next, so no tie. Now make b and c level.
    let outcome = regular(&counted, 11, 12);
    assert_eq!(outcome.offices[0].elected, vec!["a", "b"]);
    let level = ballots(
        &contests,
        &[(4, &["a", "b"]), (4, &["a", "c"]), (3, &["b", "c"])],
    );
    let counted = count(&contests, &level, []);
    // a 8, b 7, c 7 of 11.
    let outcome = regular(&counted, 11, 12);
    let office = &outcome.offices[0];
    assert_eq!(office.elected, vec!["a"]);
    assert_eq!(office.tied, vec!["b", "c"]);
    assert_eq!(office.tied_seats, 1);
    assert_eq!(
        office.next_round(),
        Some((Round::TieBreak, 1, vec!["b".to_owned(), "c".to_owned()]))
    );
}

#[test]
fn l25_art19_empty_seats_go_to_a_runoff_two_for_each_seat() {
    let contests = member_race();
    let cast = ballots(&contests, &[(6, &["a"]), (2, &["b", "c"]), (2, &["d"])]);
    let counted = count(&contests, &cast, []);
    // a 6 of 10 passes; b 2, c 2, d 2: one seat empty, two wanted, three level at the boundary.
    let outcome = regular(&counted, 10, 12);
    let office = &outcome.offices[0];
    assert_eq!(office.elected, vec!["a"]);
    assert_eq!(office.empty_seats, 1);
    assert_eq!(
        office.runoff,
        vec!["b", "c", "d"],
        "a tie at the boundary is not cut by name"
    );
    let (round, seats, candidates) = office.next_round().unwrap();
    assert_eq!((round, seats, candidates.len()), (Round::Runoff, 1, 3));
}

#[test]
fn l25_art19_runoff_needs_a_third_of_the_ballots_cast() {
    let contests = vec![contest(Office::Member, 1, &["b", "c"])];
    let rules = CommunityRules::default();
    let rule = WinRule::of(Round::Runoff, &rules);
    // b 4 of 12 is a third: elected.
    let mut cast = ballots(&contests, &[(4, &["b"]), (3, &["c"])]);
    cast.extend(ballots(&contests, &[(5, &[])]));
    let counted = count(&contests, &cast, []);
    let outcome = decide(&counted, 12, 20, rules.turnout, rule);
    assert_eq!(outcome.offices[0].elected, vec!["b"]);
    // b 3 of 12 is less than a third: the seat stays empty and no further run-off is set.
    let mut cast = ballots(&contests, &[(3, &["b"]), (2, &["c"])]);
    cast.extend(ballots(&contests, &[(7, &[])]));
    let counted = count(&contests, &cast, []);
    let outcome = decide(&counted, 12, 20, rules.turnout, rule);
    assert!(outcome.offices[0].elected.is_empty());
    assert_eq!(outcome.offices[0].empty_seats, 1);
    assert_eq!(outcome.offices[0].next_round(), None);
}

#[test]
fn write_ins_count_like_candidates() {
    let contests = director_race();
    let mut cast = ballots(&contests, &[(2, &["a"])]);
    let write_in = Ballot::parse(
        &contests,
        &BallotInput {
            marks: vec![],
            write_ins: vec![("director".into(), "x".into())],
        },
        |name| Some(name.to_owned()),
    )
    .unwrap();
    cast.extend(std::iter::repeat_n(write_in, 3));
    let counted = count(&contests, &cast, []);
    assert_eq!(counted.offices[0].write_ins["x"], 3);
    assert_eq!(regular(&counted, 5, 6).offices[0].elected, vec!["x"]);
}

#[test]
fn online_ballots_and_paper_sheets_count_together() {
    let contests = member_race();
    let online = ballots(&contests, &[(3, &["a", "b"])]);
    let sheet = TallySheet {
        ballots_in_box: 4,
        void_ballots: 1,
        blank_ballots: 0,
        sections: vec![SheetSection {
            blank_sections: 0,
            office: Office::Member,
            candidates: BTreeMap::from([
                (
                    "a".into(),
                    Counts {
                        for_: 3,
                        against: 0,
                        abstain: 0,
                    },
                ),
                (
                    "b".into(),
                    Counts {
                        for_: 0,
                        against: 3,
                        abstain: 0,
                    },
                ),
                (
                    "c".into(),
                    Counts {
                        for_: 2,
                        against: 1,
                        abstain: 0,
                    },
                ),
                (
                    "d".into(),
                    Counts {
                        for_: 0,
                        against: 0,
                        abstain: 3,
                    },
                ),
            ]),
            write_ins: BTreeMap::new(),
            void_sections: 0,
        }],
    };
    assert_eq!(sheet.check(&contests), Ok(()));
    let counted = count(&contests, &online, [&sheet]);
    assert_eq!(counted.ballots_cast, 7);
    assert_eq!(counted.void_ballots, 1);
    let office = &counted.offices[0];
    assert_eq!(office.candidates["a"].for_, 6);
    assert_eq!(office.candidates["b"].for_, 3);
    assert_eq!(office.candidates["c"].for_, 2);
    // a 6 of 7 passes; b 3 does not: one seat empty.
    assert_eq!(regular(&counted, 7, 10).offices[0].elected, vec!["a"]);
}

// ---- Properties over random ballots -------------------------------------------------------

pub(crate) fn contests_strategy() -> Vec<Contest> {
    vec![
        contest(Office::Director, 1, &["d1", "d2"]),
        contest(Office::Member, 3, &["m1", "m2", "m3", "m4", "m5"]),
    ]
}

fn section_strategy(contest: Contest) -> impl Strategy<Value = Section> {
    let n = contest.candidates.len();
    (
        prop::collection::vec(0usize..3, n),
        prop::collection::btree_set(prop::sample::select(vec!["w1", "w2", "w3"]), 0..3),
    )
        .prop_map(move |(marks, write_ins)| Section {
            office: contest.office,
            marks: contest
                .candidates
                .iter()
                .zip(marks)
                .map(|(c, m)| (c.clone(), Mark::ALL[m]))
                .collect(),
            write_ins: write_ins
                .into_iter()
                .map(str::to_owned)
                .collect::<BTreeSet<_>>(),
        })
}

pub(crate) fn ballot_strategy() -> impl Strategy<Value = Ballot> {
    let [director, member]: [Contest; 2] = contests_strategy().try_into().unwrap();
    (section_strategy(director), section_strategy(member)).prop_map(|(d, m)| Ballot {
        sections: vec![d, m],
    })
}

proptest! {
    #[test]
    fn counting_ballots_grouped_by_content_equals_counting_each(
        cast in prop::collection::vec(ballot_strategy(), 0..60),
    ) {
        let contests = contests_strategy();
        let mut groups: Vec<(&Ballot, u64)> = Vec::new();
        for ballot in &cast {
            match groups.iter_mut().find(|(b, _)| *b == ballot) {
                Some((_, times)) => *times += 1,
                None => groups.push((ballot, 1)),
            }
        }
        prop_assert_eq!(
            count_grouped(&contests, groups, []),
            count(&contests, &cast, [])
        );
    }

    #[test]
    fn totals_equal_the_sections_that_count(cast in prop::collection::vec(ballot_strategy(), 0..60)) {
        let contests = contests_strategy();
        let counted = count(&contests, &cast, []);
        prop_assert_eq!(counted.ballots_cast, cast.len() as u64);
        for office in &counted.offices {
            let counting = counted.ballots_cast - office.void_sections;
            for counts in office.candidates.values() {
                prop_assert_eq!(counts.total(), counting);
            }
            let fors: u64 = office.candidates.values().map(|c| c.for_).sum::<u64>()
                + office.write_ins.values().sum::<u64>();
            prop_assert!(fors <= counting * u64::from(office.seats));
        }
    }

    #[test]
    fn the_order_of_ballots_never_matters(
        cast in prop::collection::vec(ballot_strategy(), 0..60),
        seed in any::<u64>(),
    ) {
        let contests = contests_strategy();
        let mut shuffled = cast.clone();
        // A deterministic shuffle from the seed: rotate and reverse halves.
        let len = shuffled.len().max(1);
        shuffled.rotate_left(usize::try_from(seed % len as u64).unwrap_or(0));
        let half = shuffled.len() / 2;
        shuffled[..half].reverse();
        let a = count(&contests, &cast, []);
        let b = count(&contests, &shuffled, []);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(regular(&a, a.ballots_cast, a.ballots_cast + 1), regular(&b, b.ballots_cast, b.ballots_cast + 1));
    }

    #[test]
    fn a_void_section_never_counts(
        cast in prop::collection::vec(ballot_strategy(), 0..40),
        extra in ballot_strategy(),
    ) {
        let contests = contests_strategy();
        // Over-vote the member section of the extra ballot: every candidate for.
        let mut void = extra;
        for mark in void.sections[1].marks.values_mut() {
            *mark = Mark::For;
        }
        let before = count(&contests, &cast, []);
        let mut with_void = cast.clone();
        with_void.push(void.clone());
        let after = count(&contests, &with_void, []);
        prop_assert_eq!(after.offices[1].void_sections, before.offices[1].void_sections + 1);
        prop_assert_eq!(&after.offices[1].candidates, &before.offices[1].candidates);
        prop_assert_eq!(&after.offices[1].write_ins, &before.offices[1].write_ins);
    }

    #[test]
    fn the_elected_never_exceed_the_seats(cast in prop::collection::vec(ballot_strategy(), 1..60)) {
        let contests = contests_strategy();
        let counted = count(&contests, &cast, []);
        let outcome = regular(&counted, counted.ballots_cast, counted.ballots_cast);
        for office in &outcome.offices {
            prop_assert_eq!(
                office.elected.len() + usize::from(office.tied_seats) + usize::from(office.empty_seats),
                usize::from(office.seats)
            );
            for winner in &office.elected {
                let votes = ranking(counted.offices.iter().find(|o| o.office == office.office).unwrap())
                    .into_iter().find(|(k, _)| k == winner).map_or(0, |(_, v)| v);
                prop_assert!(2 * votes > counted.ballots_cast);
            }
        }
    }
}
