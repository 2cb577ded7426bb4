//! What the public board shows of the votes (DESIGN.md "Secrecy"; issue 15, items 3 and 4):
//! enough for anyone to recount every published figure, but never a whole ballot, and never
//! the figures of a group small enough to point at its voters. L25 Art. 19 asks for a secret
//! ballot; publishing the content must not undo it.
//!
//! - **Sections, not ballots.** Online ballots are cut into their sections; each office's
//!   sections are listed on their own, sorted by content, so neither the order nor a pattern
//!   across offices ties them together, and a vote buyer cannot give each voter a unique
//!   pattern to look for. A section states how many names were written in, not which: the
//!   names written in are published as totals per office.
//! - **No small groups.** A box, or the online channel, with fewer ballots than the community's
//!   smallest published group (`CommunityRules::smallest_published_group`, never below 10) is
//!   merged with the other small ones into one "other" line, whose figures are summed as one
//!   tally sheet. While that line is still too small, the smallest of the remaining groups
//!   joins it; an election with fewer ballots than that publishes one line.

use super::ballot::{Ballot, Contest, Mark, SectionState};
use super::paper::TallySheet;
use super::plan::Office;
use super::tally;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One office's part of one online ballot, as published.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PublishedSection {
    /// Every listed candidate with its mark.
    pub marks: BTreeMap<String, Mark>,
    /// How many names were written in (the names are in [`OfficeSections::write_ins`]).
    pub written_in: u8,
}

/// Every online section of one office, sorted by content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSections {
    pub office: Office,
    pub sections: Vec<PublishedSection>,
    /// Write-in votes per name, from the sections that count (not the void ones).
    pub write_ins: BTreeMap<String, u64>,
}

/// The online ballots, published section by section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineSections {
    pub ballots: u64,
    /// Ballots blank in every office: stated, since the sections no longer show which
    /// sections shared a ballot.
    pub blank_ballots: u64,
    pub offices: Vec<OfficeSections>,
}

/// A line of summed figures: one box, or the small groups merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedGroup {
    /// The online ballots are among the figures.
    pub online: bool,
    /// The boxes whose figures are summed here, by name.
    pub boxes: Vec<String>,
    pub sheet: TallySheet,
}

/// Everything the board publishes of the votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// The smallest group the figures were published for.
    pub smallest_group: u64,
    /// The online ballots section by section, when there are enough of them.
    pub online: Option<OnlineSections>,
    pub groups: Vec<PublishedGroup>,
}

enum Channel<'a> {
    Online,
    Box(&'a str, &'a TallySheet),
}

/// Publishes `ballots` (online, in any order) and `boxes` (each confirmed box's name and
/// tally sheet) for contests `contests`, no group smaller than `smallest_group` ballots.
pub fn publish(
    contests: &[Contest],
    ballots: &[Ballot],
    boxes: &[(String, TallySheet)],
    smallest_group: u64,
) -> Publication {
    let online_size = u64::try_from(ballots.len()).unwrap_or(u64::MAX);
    let mut channels: Vec<(Channel, u64)> = boxes
        .iter()
        .map(|(name, sheet)| (Channel::Box(name, sheet), sheet.ballots_in_box))
        .collect();
    if online_size > 0 {
        channels.push((Channel::Online, online_size));
    }
    let (mut small, mut large): (Vec<_>, Vec<_>) = channels
        .into_iter()
        .partition(|(_, size)| *size < smallest_group);
    if !small.is_empty() {
        large.sort_by_key(|(_, size)| *size);
        let mut merged: u64 = small.iter().map(|(_, size)| size).sum();
        while merged < smallest_group && !large.is_empty() {
            let joining = large.remove(0);
            merged += joining.1;
            small.push(joining);
        }
    }
    let mut groups: Vec<PublishedGroup> = Vec::new();
    let mut online = None;
    for (channel, _) in large {
        match channel {
            Channel::Online => online = Some(sections_of(contests, ballots)),
            Channel::Box(name, sheet) => groups.push(PublishedGroup {
                online: false,
                boxes: vec![name.to_owned()],
                sheet: sheet.clone(),
            }),
        }
    }
    if !small.is_empty() {
        let mut other = PublishedGroup {
            online: false,
            boxes: Vec::new(),
            sheet: TallySheet::empty(contests),
        };
        for (channel, _) in small {
            match channel {
                Channel::Online => {
                    other.online = true;
                    other
                        .sheet
                        .absorb(&tally::count(contests, ballots, []).as_sheet());
                }
                Channel::Box(name, sheet) => {
                    other.boxes.push(name.to_owned());
                    other.sheet.absorb(sheet);
                }
            }
        }
        other.boxes.sort();
        groups.push(other);
    }
    Publication {
        smallest_group,
        online,
        groups,
    }
}

fn sections_of(contests: &[Contest], ballots: &[Ballot]) -> OnlineSections {
    let offices = contests
        .iter()
        .map(|contest| {
            let mut write_ins: BTreeMap<String, u64> = BTreeMap::new();
            let mut sections: Vec<PublishedSection> = ballots
                .iter()
                .flat_map(|ballot| &ballot.sections)
                .filter(|section| section.office == contest.office)
                .map(|section| {
                    if section.state(contest.seats) != SectionState::Void {
                        for name in &section.write_ins {
                            *write_ins.entry(name.clone()).or_default() += 1;
                        }
                    }
                    PublishedSection {
                        marks: section.marks.clone(),
                        written_in: u8::try_from(section.write_ins.len()).unwrap_or(u8::MAX),
                    }
                })
                .collect();
            sections.sort();
            OfficeSections {
                office: contest.office,
                sections,
                write_ins,
            }
        })
        .collect();
    OnlineSections {
        ballots: u64::try_from(ballots.len()).unwrap_or(u64::MAX),
        blank_ballots: ballots
            .iter()
            .filter(|ballot| ballot.is_blank(contests))
            .count()
            .try_into()
            .unwrap_or(u64::MAX),
        offices,
    }
}

#[cfg(test)]
mod tests;
