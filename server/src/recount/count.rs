//! The recount's own arithmetic, written apart from `app::domain::election::tally` on purpose:
//! the same law (L25 Art. 19, EL Arts. 44–45) read twice, so a bug in one shows up as a
//! disagreement with the other. Adds up the board's published sections and groups, then
//! decides each office: more than the win share of the ballots cast (or the most votes in a
//! run-off or tie-break), a tie at the last seat to a new vote among the tied, empty seats to a
//! run-off among the best unelected, two for each seat.

use super::file::{Board, Mark, Section, Win};
use std::collections::{BTreeMap, BTreeSet};

/// Marks one name got in one office.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub for_votes: u64,
    pub against: u64,
    pub abstain: u64,
}

/// One office added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeCount {
    pub office: String,
    pub seats: u64,
    /// Listed candidates and names written in.
    pub names: BTreeMap<String, Tally>,
    pub written_in: BTreeSet<String>,
    pub void_sections: u64,
    pub blank_sections: u64,
}

/// The whole board added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Count {
    pub ballots_cast: u64,
    pub blank_ballots: u64,
    pub void_ballots: u64,
    pub offices: Vec<OfficeCount>,
}

/// More choices than seats voids a section (EL Art. 44).
pub fn is_void(section: &Section, seats: u64) -> bool {
    let fors = section.marks.values().filter(|m| **m == Mark::For).count();
    u64::try_from(fors)
        .unwrap_or(u64::MAX)
        .saturating_add(section.written_in)
        > seats
}

/// Nothing marked for or against, and nothing written in.
pub fn is_blank(section: &Section) -> bool {
    section.written_in == 0 && section.marks.values().all(|m| *m == Mark::Abstain)
}

/// Adds up `board`'s published figures. The board's shape was checked on reading.
pub fn count(board: &Board) -> Count {
    let mut offices: Vec<OfficeCount> = board
        .contests
        .iter()
        .map(|c| OfficeCount {
            office: c.office.clone(),
            seats: c.seats,
            names: c
                .candidates
                .iter()
                .map(|k| (k.clone(), Tally::default()))
                .collect(),
            ..OfficeCount::default()
        })
        .collect();
    let mut count = Count::default();
    if let Some(online) = &board.publication.online {
        count.ballots_cast += online.ballots;
        count.blank_ballots += online.blank_ballots;
        for published in &online.offices {
            let Some(office) = offices.iter_mut().find(|o| o.office == published.office) else {
                continue;
            };
            for section in &published.sections {
                if is_void(section, office.seats) {
                    office.void_sections += 1;
                    continue;
                }
                if is_blank(section) {
                    office.blank_sections += 1;
                }
                for (key, mark) in &section.marks {
                    let tally = office.names.entry(key.clone()).or_default();
                    match mark {
                        Mark::For => tally.for_votes += 1,
                        Mark::Against => tally.against += 1,
                        Mark::Abstain => tally.abstain += 1,
                    }
                }
            }
            for (key, votes) in &published.write_ins {
                office.names.entry(key.clone()).or_default().for_votes += votes;
                office.written_in.insert(key.clone());
            }
        }
    }
    for group in &board.publication.groups {
        count.ballots_cast += group.sheet.ballots_in_box;
        count.void_ballots += group.sheet.void_ballots;
        count.blank_ballots += group.sheet.blank_ballots;
        for section in &group.sheet.sections {
            let Some(office) = offices.iter_mut().find(|o| o.office == section.office) else {
                continue;
            };
            office.void_sections += section.void_sections;
            office.blank_sections += section.blank_sections;
            for (key, counts) in &section.candidates {
                let tally = office.names.entry(key.clone()).or_default();
                tally.for_votes += counts.for_votes;
                tally.against += counts.against;
                tally.abstain += counts.abstain;
            }
            for (key, votes) in &section.write_ins {
                office.names.entry(key.clone()).or_default().for_votes += votes;
                office.written_in.insert(key.clone());
            }
        }
    }
    count.offices = offices;
    count
}

/// What an office's count decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub elected: BTreeSet<String>,
    pub tied: BTreeSet<String>,
    pub tied_seats: u64,
    pub empty_seats: u64,
    pub runoff: BTreeSet<String>,
    /// `tie_break` or `runoff`.
    pub next_round: Option<&'static str>,
}

/// `part × d > whole × n`, or `≥` when `reach` (no rounding).
fn share_of(part: u64, whole: u64, (n, d): (u64, u64), reach: bool) -> bool {
    let left = u128::from(part) * u128::from(d);
    let right = u128::from(whole) * u128::from(n);
    if reach { left >= right } else { left > right }
}

/// Whether more than the turnout share of the roll took part.
pub fn turnout_valid(board: &Board) -> bool {
    share_of(
        board.participations,
        board.roll_size,
        board.rules.turnout,
        false,
    )
}

/// Decides `office` of a round won by `win` with `share`, given `ballots_cast`.
pub fn decide(
    office: &OfficeCount,
    ballots_cast: u64,
    win: Win,
    share: Option<(u64, u64)>,
) -> Decision {
    let passes = |votes: u64| match (win, share) {
        (Win::Majority, Some(share)) => share_of(votes, ballots_cast, share, false),
        (Win::Majority, None) => false,
        (Win::Plurality, Some(share)) => votes > 0 && share_of(votes, ballots_cast, share, true),
        (Win::Plurality, None) => votes > 0,
    };
    let mut ranked: Vec<(&String, u64)> =
        office.names.iter().map(|(k, t)| (k, t.for_votes)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let passing: Vec<(&String, u64)> = ranked.iter().copied().filter(|(_, v)| passes(*v)).collect();
    let seats = usize::try_from(office.seats).unwrap_or(usize::MAX);
    let mut decision = Decision::default();
    if seats > 0 {
        if passing.len() <= seats {
            decision
                .elected
                .extend(passing.iter().map(|(k, _)| (*k).clone()));
        } else {
            let last = passing[seats - 1].1;
            if passing[seats].1 == last {
                for (key, votes) in &passing {
                    if *votes > last {
                        decision.elected.insert((*key).clone());
                    } else if *votes == last {
                        decision.tied.insert((*key).clone());
                    }
                }
            } else {
                decision
                    .elected
                    .extend(passing.iter().take(seats).map(|(k, _)| (*k).clone()));
            }
        }
    }
    let elected = u64::try_from(decision.elected.len()).unwrap_or(u64::MAX);
    decision.tied_seats = if decision.tied.is_empty() {
        0
    } else {
        office.seats.saturating_sub(elected)
    };
    decision.empty_seats = office
        .seats
        .saturating_sub(elected)
        .saturating_sub(decision.tied_seats);
    if decision.empty_seats > 0 && win == Win::Majority {
        let unelected: Vec<(&String, u64)> = ranked
            .iter()
            .copied()
            .filter(|(k, _)| !decision.elected.contains(*k))
            .collect();
        let wanted = usize::try_from(decision.empty_seats.saturating_mul(2)).unwrap_or(usize::MAX);
        let boundary = unelected.get(wanted - 1).map_or(0, |(_, v)| *v);
        decision.runoff = unelected
            .iter()
            .filter(|(_, v)| *v >= boundary)
            .map(|(k, _)| (*k).clone())
            .collect();
    }
    decision.next_round = if decision.tied_seats > 0 {
        Some("tie_break")
    } else if decision.empty_seats > 0 && !decision.runoff.is_empty() {
        Some("runoff")
    } else {
        None
    };
    decision
}
