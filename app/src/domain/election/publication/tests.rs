use super::*;
use crate::domain::election::ballot::Section;
use crate::domain::election::paper::SheetSection;
use crate::domain::election::tally::tests::{ballot_strategy, contests_strategy};
use crate::domain::election::tally::{Count, count};
use proptest::prelude::*;

/// A confirmed box holding `n` ballots, each marking the first candidate of every office.
fn small_box(name: &str, n: u64) -> (String, TallySheet) {
    let contests = contests_strategy();
    let mut sheet = TallySheet::empty(&contests);
    sheet.ballots_in_box = n;
    for (section, contest) in sheet.sections.iter_mut().zip(&contests) {
        for (i, candidate) in contest.candidates.iter().enumerate() {
            let counts = section.candidates.entry(candidate.clone()).or_default();
            if i == 0 {
                counts.for_ = n;
            } else {
                counts.abstain = n;
            }
        }
    }
    (name.to_owned(), sheet)
}

/// A ballot marking each listed candidate as `mark` says, with no write-ins.
fn marked(contests: &[Contest], mark: impl Fn(&str) -> Mark) -> Ballot {
    Ballot {
        sections: contests
            .iter()
            .map(|contest| Section {
                office: contest.office,
                marks: contest
                    .candidates
                    .iter()
                    .map(|c| (c.clone(), mark(c)))
                    .collect(),
                write_ins: Default::default(),
            })
            .collect(),
    }
}

/// What a recount would add up from the publication, in the count's own shape.
fn added_up(contests: &[Contest], publication: &Publication) -> Count {
    let mut total = count(contests, [], []).as_sheet();
    for group in &publication.groups {
        total.absorb(&group.sheet);
    }
    if let Some(online) = &publication.online {
        total.ballots_in_box += online.ballots;
        total.blank_ballots += online.blank_ballots;
        for office in &online.offices {
            let seats = contests
                .iter()
                .find(|c| c.office == office.office)
                .unwrap()
                .seats;
            let line: &mut SheetSection = total
                .sections
                .iter_mut()
                .find(|s| s.office == office.office)
                .unwrap();
            for section in &office.sections {
                let fors = section.marks.values().filter(|m| **m == Mark::For).count();
                if fors + usize::from(section.written_in) > usize::from(seats) {
                    line.void_sections += 1;
                    continue;
                }
                if section.written_in == 0 && section.marks.values().all(|m| *m == Mark::Abstain) {
                    line.blank_sections += 1;
                }
                for (candidate, mark) in &section.marks {
                    let counts = line.candidates.entry(candidate.clone()).or_default();
                    match mark {
                        Mark::For => counts.for_ += 1,
                        Mark::Against => counts.against += 1,
                        Mark::Abstain => counts.abstain += 1,
                    }
                }
            }
            for (name, votes) in &office.write_ins {
                *line.write_ins.entry(name.clone()).or_default() += votes;
            }
        }
    }
    count(contests, [], [&total])
}

fn published_sizes(publication: &Publication) -> Vec<u64> {
    publication
        .groups
        .iter()
        .map(|g| g.sheet.ballots_in_box)
        .chain(publication.online.iter().map(|o| o.ballots))
        .collect()
}

proptest! {
    #[test]
    fn issue15_item3_no_published_group_is_smaller_than_the_smallest_group(
        cast in prop::collection::vec(ballot_strategy(), 0..40),
        boxes in prop::collection::vec(0u64..30, 0..5),
        smallest in 10u64..15,
    ) {
        let boxes: Vec<(String, TallySheet)> = boxes
            .iter()
            .enumerate()
            .map(|(i, n)| small_box(&format!("box {i}"), *n))
            .collect();
        let publication = publish(&contests_strategy(), &cast, &boxes, smallest);
        let sizes = published_sizes(&publication);
        let everything: u64 = sizes.iter().sum();
        if sizes.len() > 1 {
            prop_assert!(sizes.iter().all(|n| *n >= smallest), "{sizes:?}");
        }
        prop_assert_eq!(everything, u64::try_from(cast.len()).unwrap() + boxes.iter().map(|b| b.1.ballots_in_box).sum::<u64>());
    }

    #[test]
    fn issue15_item4_the_published_figures_add_up_to_the_count(
        cast in prop::collection::vec(ballot_strategy(), 0..40),
        boxes in prop::collection::vec(0u64..30, 0..3),
    ) {
        let contests = contests_strategy();
        let boxes: Vec<(String, TallySheet)> = boxes
            .iter()
            .enumerate()
            .map(|(i, n)| small_box(&format!("box {i}"), *n))
            .collect();
        let publication = publish(&contests, &cast, &boxes, 10);
        let counted = count(&contests, &cast, boxes.iter().map(|(_, s)| s));
        prop_assert_eq!(added_up(&contests, &publication), counted);
    }

    #[test]
    fn issue15_item4_the_order_of_casting_is_not_published(
        cast in prop::collection::vec(ballot_strategy(), 10..30),
    ) {
        let contests = contests_strategy();
        let mut reversed = cast.clone();
        reversed.reverse();
        prop_assert_eq!(publish(&contests, &cast, &[], 10), publish(&contests, &reversed, &[], 10));
    }
}

#[test]
fn issue15_item4_a_pattern_across_offices_cannot_be_found_on_the_board() {
    // A buyer tells voter A to mark (d1 for, m1 for) and voter B (d2 for, m2 for). Swapping
    // their director sections makes ballots the buyer would tell apart; the board is the same.
    let contests = contests_strategy();
    let fill = |director: &str, member: &str| {
        marked(&contests, |c| {
            if c == director || c == member {
                Mark::For
            } else {
                Mark::Abstain
            }
        })
    };
    let mut honest: Vec<Ballot> = (0..10).map(|_| fill("d1", "m3")).collect();
    let mut other = honest.clone();
    honest.extend([fill("d1", "m1"), fill("d2", "m2")]);
    other.extend([fill("d2", "m1"), fill("d1", "m2")]);
    assert_ne!(honest, other);
    assert_eq!(
        publish(&contests, &honest, &[], 10),
        publish(&contests, &other, &[], 10)
    );
}

#[test]
fn issue15_item4_names_written_in_are_published_as_totals_only() {
    let contests = contests_strategy();
    let mut ballots: Vec<Ballot> = Vec::new();
    for i in 0..12 {
        let mut ballot = marked(&contests, |_| Mark::Abstain);
        ballot.sections[1].write_ins.insert(format!("w{}", i % 2));
        ballots.push(ballot);
    }
    let publication = publish(&contests, &ballots, &[], 10);
    let online = publication
        .online
        .expect("twelve online ballots are published");
    let members = &online.offices[1];
    assert_eq!(
        members.write_ins,
        BTreeMap::from([("w0".to_owned(), 6), ("w1".to_owned(), 6)])
    );
    assert!(members.sections.iter().all(|s| s.written_in == 1));
    let text = serde_json::to_string(&members.sections).unwrap();
    assert!(!text.contains("w0") && !text.contains("w1"), "{text}");
}

#[test]
fn issue15_item3_a_roving_box_for_one_voter_is_merged_into_the_other_line() {
    let contests = contests_strategy();
    let boxes = vec![
        small_box("第一投票站", 40),
        small_box("流动票箱", 1),
        small_box("第二投票站", 12),
    ];
    let cast: Vec<Ballot> = Vec::new();
    let publication = publish(&contests, &cast, &boxes, 10);
    let lines: Vec<&Vec<String>> = publication.groups.iter().map(|g| &g.boxes).collect();
    // The roving box alone is too small; the next smallest (12) joins it.
    assert_eq!(
        lines,
        vec![
            &vec!["第一投票站".to_owned()],
            &vec!["流动票箱".to_owned(), "第二投票站".to_owned()]
        ]
    );
    assert_eq!(publication.groups[1].sheet.ballots_in_box, 13);
}

#[test]
fn issue15_item3_a_few_online_ballots_are_published_only_as_a_sum() {
    let contests = contests_strategy();
    let cast: Vec<Ballot> = (0..3).map(|_| marked(&contests, |_| Mark::For)).collect();
    let publication = publish(&contests, &cast, &[small_box("第一投票站", 30)], 10);
    assert_eq!(publication.online, None);
    assert_eq!(publication.groups.len(), 1);
    assert!(publication.groups[0].online);
    assert_eq!(publication.groups[0].sheet.ballots_in_box, 33);
}
