//! The board file (`gongshang-board-2`) as the recount reads it: its own types, not the
//! server's, so a change to one side's shape is a disagreement rather than a silent match.
//! Reading names the first field that does not fit (`serde_path_to_error`).

use serde::Deserialize;
use std::collections::BTreeMap;

/// The format this recount reads.
pub const FORMAT: &str = "gongshang-board-2";

/// A share as `[numerator, denominator]`.
pub type Share = (u64, u64);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Board {
    pub format: String,
    pub election: String,
    pub title: String,
    pub phase: String,
    pub mode: String,
    pub round: String,
    pub rules: Rules,
    pub roll_size: u64,
    pub participations: u64,
    pub online_participations: u64,
    pub contests: Vec<Contest>,
    pub names: BTreeMap<String, String>,
    pub trackers: Vec<String>,
    pub boxes: Vec<BoardBox>,
    /// Every box with ballots handed out is settled; until then nothing of the votes is
    /// published.
    pub complete: bool,
    pub publication: Publication,
    pub result: Option<Outcome>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Rules {
    pub turnout: Share,
    pub win: Win,
    pub share: Option<Share>,
    pub frozen: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Win {
    Majority,
    Plurality,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Contest {
    pub office: String,
    pub seats: u64,
    pub candidates: Vec<String>,
}

/// A polling place's box as the board states it (the server's `BoardBox`).
#[derive(Debug, Clone, Deserialize)]
pub struct BoardBox {
    pub name: String,
    pub handed_out: u64,
    pub standing: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Publication {
    pub smallest_group: u64,
    pub online: Option<Online>,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Online {
    pub ballots: u64,
    pub blank_ballots: u64,
    pub offices: Vec<OfficeSections>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OfficeSections {
    pub office: String,
    pub sections: Vec<Section>,
    pub write_ins: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    For,
    Against,
    Abstain,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Section {
    pub marks: BTreeMap<String, Mark>,
    pub written_in: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    pub online: bool,
    pub boxes: Vec<String>,
    pub sheet: Sheet,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Sheet {
    pub ballots_in_box: u64,
    pub void_ballots: u64,
    pub blank_ballots: u64,
    pub sections: Vec<SheetSection>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct Counts {
    #[serde(rename = "for")]
    pub for_votes: u64,
    pub against: u64,
    pub abstain: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SheetSection {
    pub office: String,
    pub candidates: BTreeMap<String, Counts>,
    pub write_ins: BTreeMap<String, u64>,
    pub void_sections: u64,
    #[serde(default)]
    pub blank_sections: u64,
}

/// The published result.
#[derive(Debug, Clone, Deserialize)]
pub struct Outcome {
    pub key: String,
    pub title: String,
    pub phase: String,
    pub boxes: Vec<OutcomeBox>,
    pub roll_size: u64,
    pub participations: u64,
    pub online_ballots: u64,
    pub ballots_cast: u64,
    pub blank_ballots: u64,
    pub void_ballots: u64,
    pub turnout_valid: bool,
    pub offices: Vec<OfficeOutcome>,
    pub next_rounds: Vec<String>,
}

/// A box as the result lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct OutcomeBox {
    pub name: String,
    pub handed_out: u64,
    pub standing: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OfficeOutcome {
    pub office: String,
    pub seats: u64,
    pub lines: Vec<Line>,
    pub void_sections: u64,
    pub blank_sections: u64,
    pub empty_seats: u64,
    pub tied_seats: u64,
    pub next_round: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Line {
    pub key: String,
    pub name: String,
    pub for_votes: u64,
    pub against: u64,
    pub abstain: u64,
    pub write_in: bool,
    pub elected: bool,
    pub tied: bool,
    pub runoff: bool,
}

/// A file that is not a board this recount can read: the field, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed board file at `{field}`: {why}")]
pub struct Malformed {
    pub field: String,
    pub why: String,
}

impl Malformed {
    pub fn new(field: impl Into<String>, why: impl Into<String>) -> Self {
        Malformed {
            field: field.into(),
            why: why.into(),
        }
    }
}

/// Reads `text` as a board file, naming the first field that does not fit, then checks the
/// shape serde cannot: the format, and that every office and candidate named is on the ballot.
pub fn read(text: &str) -> Result<Board, Malformed> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let board: Board = serde_path_to_error::deserialize(&mut reader).map_err(|error| {
        let why = error.inner().to_string();
        let mut field = error.path().to_string();
        // A missing field is reported at the record that lacks it: name the field itself.
        if let Some(missing) = why
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            field = if field == "." {
                missing.to_owned()
            } else {
                format!("{field}.{missing}")
            };
        }
        Malformed::new(if field == "." { "(file)" } else { &field }, why)
    })?;
    shape(&board)?;
    Ok(board)
}

fn shape(board: &Board) -> Result<(), Malformed> {
    if board.format != FORMAT {
        return Err(Malformed::new("format", format!("expected {FORMAT}")));
    }
    let contest = |office: &str, field: String| {
        board
            .contests
            .iter()
            .find(|c| c.office == office)
            .ok_or_else(|| Malformed::new(field, format!("office {office} is not on the ballot")))
    };
    for (i, c) in board.contests.iter().enumerate() {
        if board.contests[..i].iter().any(|d| d.office == c.office) {
            return Err(Malformed::new(
                format!("contests[{i}].office"),
                "listed twice",
            ));
        }
    }
    if let Some(online) = &board.publication.online {
        for (i, office) in online.offices.iter().enumerate() {
            let at = format!("publication.online.offices[{i}]");
            let contest = contest(&office.office, format!("{at}.office"))?;
            for (j, section) in office.sections.iter().enumerate() {
                let listed = section.marks.len() == contest.candidates.len()
                    && contest
                        .candidates
                        .iter()
                        .all(|c| section.marks.contains_key(c));
                if !listed {
                    return Err(Malformed::new(
                        format!("{at}.sections[{j}].marks"),
                        "does not mark exactly the listed candidates",
                    ));
                }
            }
            if let Some(listed) = office
                .write_ins
                .keys()
                .find(|k| contest.candidates.contains(k))
            {
                return Err(Malformed::new(
                    format!("{at}.write_ins.{listed}"),
                    "a listed candidate cannot be written in",
                ));
            }
        }
    }
    for (i, group) in board.publication.groups.iter().enumerate() {
        for (j, section) in group.sheet.sections.iter().enumerate() {
            let at = format!("publication.groups[{i}].sheet.sections[{j}]");
            let contest = contest(&section.office, format!("{at}.office"))?;
            if let Some(unknown) = section
                .candidates
                .keys()
                .find(|k| !contest.candidates.contains(k))
            {
                return Err(Malformed::new(
                    format!("{at}.candidates.{unknown}"),
                    "not a listed candidate",
                ));
            }
        }
    }
    if let Some(result) = &board.result {
        for (i, office) in result.offices.iter().enumerate() {
            contest(&office.office, format!("result.offices[{i}].office"))?;
        }
    }
    Ok(())
}
