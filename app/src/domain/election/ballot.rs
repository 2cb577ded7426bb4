//! A ballot (EL Arts. 41, 44): per office, for / against / abstain on each candidate, and
//! write-ins of other voters. More "for" marks plus write-ins than seats voids that office's
//! section; the rest of the ballot still counts. A stored ballot holds choices only: no voter,
//! no time, no order (DESIGN.md "Secrecy").

use super::plan::Office;
use crate::domain::refusal::Refusal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One mark on a candidate (EL Art. 41). An unmarked candidate is an abstention.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Mark {
    For,
    Against,
    #[default]
    Abstain,
}

impl Mark {
    pub const ALL: &'static [Mark] = <Mark as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// One office on the ballot: its seats and candidates (record keys), as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contest {
    pub office: Office,
    pub seats: u8,
    pub candidates: Vec<String>,
}

/// Most write-ins one section may carry; more than the committee's largest size is never needed
/// and would only grow the ballot.
pub const MAX_WRITE_INS: usize = 9;

/// One office's part of a ballot. Maps and sets keep a fixed order whatever the voter did.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Section {
    pub office: Office,
    pub marks: BTreeMap<String, Mark>,
    pub write_ins: BTreeSet<String>,
}

/// What a section amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionState {
    Valid,
    /// Nothing marked for or against and no write-in.
    Blank,
    /// More choices than seats (EL Art. 44): this section does not count.
    Void,
}

impl Section {
    fn fors(&self) -> usize {
        self.marks
            .values()
            .filter(|mark| **mark == Mark::For)
            .count()
    }

    /// Valid, blank or void against the office's seats.
    pub fn state(&self, seats: u8) -> SectionState {
        if self.fors() + self.write_ins.len() > usize::from(seats) {
            SectionState::Void
        } else if self.write_ins.is_empty() && self.marks.values().all(|m| *m == Mark::Abstain) {
            SectionState::Blank
        } else {
            SectionState::Valid
        }
    }
}

/// A cast ballot: one section per office on the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ballot {
    pub sections: Vec<Section>,
}

/// The form as sent: `(candidate key, mark code)` pairs and `(office code, written name)` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotInput {
    pub marks: Vec<(String, String)>,
    pub write_ins: Vec<(String, String)>,
}

/// Most marks and write-ins a ballot form may carry: far more than any ballot has boxes (9
/// seats, a few dozen candidates), few enough that a forged form cannot make the server toil.
pub const MAX_FORM_ENTRIES: usize = 200;

impl BallotInput {
    /// Reads the ballot form's fields as the ballot page names them: `marks[k<candidate>]`
    /// holds a mark code, `write_ins[<office>-<n>]` a written name (the caller passes what is
    /// inside the brackets). A form with more entries than any ballot has is refused.
    pub fn from_form(
        marks: impl IntoIterator<Item = (String, String)>,
        write_ins: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, Refusal> {
        let marks: Vec<(String, String)> = marks.into_iter().take(MAX_FORM_ENTRIES + 1).collect();
        let write_ins: Vec<(String, String)> =
            write_ins.into_iter().take(MAX_FORM_ENTRIES + 1).collect();
        if marks.len() + write_ins.len() > MAX_FORM_ENTRIES {
            return Err(Refusal::UnknownCandidate);
        }
        Ok(BallotInput {
            marks: marks
                .into_iter()
                .map(|(slot, mark)| match slot.strip_prefix('k') {
                    Some(candidate) => (candidate.to_owned(), mark),
                    None => (slot, mark),
                })
                .collect(),
            write_ins: write_ins
                .into_iter()
                .map(|(slot, name)| {
                    let office = slot.split('-').next().unwrap_or_default().to_owned();
                    (office, name)
                })
                .collect(),
        })
    }
}

impl Ballot {
    /// Reads a ballot form against the published contests. `resolve` finds the voter a written
    /// name means (`roll::written_in`). A name that is no voter, or more than one, is refused so
    /// the voter can fix it; a listed candidate of the same office written in is a vote for
    /// them.
    pub fn parse(
        contests: &[Contest],
        input: &BallotInput,
        resolve: impl Fn(&str) -> Option<String>,
    ) -> Result<Ballot, Refusal> {
        let mut sections: Vec<Section> = contests
            .iter()
            .map(|contest| Section {
                office: contest.office,
                marks: contest
                    .candidates
                    .iter()
                    .map(|candidate| (candidate.clone(), Mark::Abstain))
                    .collect(),
                write_ins: BTreeSet::new(),
            })
            .collect();
        for (candidate, code) in &input.marks {
            let mark = Mark::parse(code).ok_or(Refusal::UnknownCandidate)?;
            let slot = sections
                .iter_mut()
                .find_map(|section| section.marks.get_mut(candidate))
                .ok_or(Refusal::UnknownCandidate)?;
            *slot = mark;
        }
        for (office, name) in &input.write_ins {
            let name = crate::domain::text::line(name);
            let name = name.as_str();
            if name.is_empty() {
                continue;
            }
            let office = Office::parse(office).ok_or(Refusal::UnknownCandidate)?;
            let section = sections
                .iter_mut()
                .find(|section| section.office == office)
                .ok_or(Refusal::UnknownCandidate)?;
            let voter = resolve(name).ok_or(Refusal::BadWriteIn)?;
            // Writing in a listed candidate is a vote for them, once, whatever their box says
            // (issue 16, item 23: it was a second line for the same person).
            if let Some(mark) = section.marks.get_mut(&voter) {
                *mark = Mark::For;
                continue;
            }
            if section.write_ins.len() >= MAX_WRITE_INS {
                return Err(Refusal::BadWriteIn);
            }
            section.write_ins.insert(voter);
        }
        Ok(Ballot { sections })
    }

    /// The names written in on `input` that `resolve` (as for [`Ballot::parse`]) finds no
    /// single voter for, each with its office: what casting would refuse, for the review to
    /// show beside its section before the voter casts (the 2026-12-07 review found it said
    /// "valid" and the cast then refused). Write-ins for no office of the ballot are left to
    /// the cast to refuse.
    pub fn unresolved_write_ins(
        input: &BallotInput,
        resolve: impl Fn(&str) -> Option<String>,
    ) -> Vec<(Office, String)> {
        input
            .write_ins
            .iter()
            .filter_map(|(office, name)| {
                let name = crate::domain::text::line(name);
                let office = Office::parse(office)?;
                (!name.is_empty() && resolve(&name).is_none()).then_some((office, name))
            })
            .collect()
    }

    /// Each section's state, for the review step and the count.
    pub fn review(&self, contests: &[Contest]) -> Vec<(Office, SectionState)> {
        self.sections
            .iter()
            .map(|section| {
                let seats = contests
                    .iter()
                    .find(|contest| contest.office == section.office)
                    .map_or(0, |contest| contest.seats);
                (section.office, section.state(seats))
            })
            .collect()
    }

    /// Blank when every section is.
    pub fn is_blank(&self, contests: &[Contest]) -> bool {
        self.review(contests)
            .iter()
            .all(|(_, state)| *state == SectionState::Blank)
    }
}

/// The tracker alphabet: Crockford base32, without I, L, O and U.
const TRACKER_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A tracker as a voter types it to look it up: full-width or lower-case, with or without the
/// hyphen or spaces, read as `XXXX-XXXX` (Crockford's reading of O as 0 and I or L as 1
/// included); `None` when it cannot be one.
pub fn parse_tracker(raw: &str) -> Option<String> {
    let typed: String = crate::domain::text::code(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    let valid = typed.len() == 8 && typed.bytes().all(|b| TRACKER_ALPHABET.contains(&b));
    valid.then(|| format!("{}-{}", &typed[..4], &typed[4..]))
}

/// The short code a voter keeps to find their ballot on the board: eight characters of
/// Crockford base32 (no I, L, O, U) from 40 random bits, shown as `XXXX-XXXX`.
pub fn tracker_code(random: [u8; 5]) -> String {
    const ALPHABET: &[u8; 32] = TRACKER_ALPHABET;
    let bits = random
        .iter()
        .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte));
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        let index = usize::try_from((bits >> (35 - 5 * i)) & 31).unwrap_or(0);
        code.push(char::from(ALPHABET[index]));
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contests() -> Vec<Contest> {
        vec![
            Contest {
                office: Office::Director,
                seats: 1,
                candidates: vec!["a".into(), "b".into()],
            },
            Contest {
                office: Office::Member,
                seats: 2,
                candidates: vec!["c".into(), "d".into(), "e".into()],
            },
        ]
    }

    fn voters(name: &str) -> Option<String> {
        match name {
            "王芳" => Some("w".into()),
            "李明" => Some("l".into()),
            "候选人" => Some("c".into()),
            _ => None,
        }
    }

    fn input(marks: &[(&str, &str)], write_ins: &[(&str, &str)]) -> BallotInput {
        BallotInput {
            marks: marks
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            write_ins: write_ins
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
        }
    }

    #[test]
    fn el_art41_for_against_abstain_and_unmarked_abstains() {
        let ballot = Ballot::parse(
            &contests(),
            &input(&[("a", "for"), ("c", "against")], &[]),
            voters,
        )
        .unwrap();
        assert_eq!(ballot.sections[0].marks["a"], Mark::For);
        assert_eq!(ballot.sections[0].marks["b"], Mark::Abstain);
        assert_eq!(ballot.sections[1].marks["c"], Mark::Against);
        assert_eq!(
            ballot.review(&contests()),
            vec![
                (Office::Director, SectionState::Valid),
                (Office::Member, SectionState::Valid)
            ]
        );
    }

    #[test]
    fn el_art44_more_choices_than_seats_voids_only_that_section() {
        let ballot = Ballot::parse(
            &contests(),
            &input(
                &[("a", "for"), ("c", "for"), ("d", "for")],
                &[("member", "王芳")],
            ),
            voters,
        )
        .unwrap();
        assert_eq!(
            ballot.review(&contests()),
            vec![
                (Office::Director, SectionState::Valid),
                (Office::Member, SectionState::Void)
            ]
        );
        let director_overvoted = Ballot::parse(
            &contests(),
            &input(&[("a", "for")], &[("director", "李明")]),
            voters,
        )
        .unwrap();
        assert_eq!(
            director_overvoted.review(&contests())[0].1,
            SectionState::Void,
            "a for mark plus a write-in is two choices for one seat"
        );
    }

    #[test]
    fn issue16_item23_writing_in_a_listed_candidate_is_one_vote_for_them() {
        // "候选人" resolves to candidate "c" of the member office.
        for mark in ["against", "abstain", "for"] {
            let ballot = Ballot::parse(
                &contests(),
                &input(
                    &[("c", mark)],
                    &[("member", "候选人"), ("member", "候选人")],
                ),
                voters,
            )
            .unwrap();
            assert_eq!(ballot.sections[1].marks["c"], Mark::For, "{mark}");
            assert!(ballot.sections[1].write_ins.is_empty(), "{mark}");
        }
    }

    #[test]
    fn a_ballot_with_nothing_marked_is_blank() {
        let ballot = Ballot::parse(&contests(), &input(&[("a", "abstain")], &[]), voters).unwrap();
        assert!(ballot.is_blank(&contests()));
        let against = Ballot::parse(&contests(), &input(&[("a", "against")], &[]), voters).unwrap();
        assert!(!against.is_blank(&contests()));
    }

    #[test]
    fn review_the_review_names_each_write_in_the_cast_would_refuse() {
        let written = input(
            &[],
            &[
                ("member", "无名氏"),
                ("director", "王芳"),
                ("member", " "),
                ("member", "李明"),
            ],
        );
        assert_eq!(
            Ballot::unresolved_write_ins(&written, voters),
            vec![(Office::Member, "无名氏".to_owned())]
        );
        // The cast refuses exactly when the review found one.
        assert_eq!(
            Ballot::parse(&contests(), &written, voters),
            Err(Refusal::BadWriteIn)
        );
        let fine = input(&[], &[("member", "李明")]);
        assert!(Ballot::unresolved_write_ins(&fine, voters).is_empty());
        assert!(Ballot::parse(&contests(), &fine, voters).is_ok());
    }

    #[test]
    fn write_ins_must_be_voters() {
        let unknown = Ballot::parse(&contests(), &input(&[], &[("member", "无名氏")]), voters);
        assert_eq!(unknown, Err(Refusal::BadWriteIn));
        let empty = Ballot::parse(&contests(), &input(&[], &[("member", "  ")]), voters).unwrap();
        assert!(
            empty.sections[1].write_ins.is_empty(),
            "an empty line is no write-in"
        );
        let twice = Ballot::parse(
            &contests(),
            &input(&[], &[("member", "王芳"), ("member", "王芳")]),
            voters,
        )
        .unwrap();
        assert_eq!(twice.sections[1].write_ins.len(), 1);
    }

    #[test]
    fn forged_forms_are_refused() {
        let stranger = Ballot::parse(&contests(), &input(&[("zzz", "for")], &[]), voters);
        assert_eq!(stranger, Err(Refusal::UnknownCandidate));
        let odd_mark = Ballot::parse(&contests(), &input(&[("a", "maybe")], &[]), voters);
        assert_eq!(odd_mark, Err(Refusal::UnknownCandidate));
        let odd_office = Ballot::parse(&contests(), &input(&[], &[("mayor", "王芳")]), voters);
        assert_eq!(odd_office, Err(Refusal::UnknownCandidate));
    }

    #[test]
    fn the_ballot_keeps_no_trace_of_the_order_marks_were_made() {
        let one = Ballot::parse(
            &contests(),
            &input(&[("a", "for"), ("c", "for")], &[]),
            voters,
        );
        let other = Ballot::parse(
            &contests(),
            &input(&[("c", "for"), ("a", "for")], &[]),
            voters,
        );
        assert_eq!(
            serde_json::to_string(&one.unwrap()).ok(),
            serde_json::to_string(&other.unwrap()).ok()
        );
    }

    #[test]
    fn tracker_codes_are_short_and_unambiguous() {
        let code = tracker_code([0xff, 0, 0x12, 0x34, 0x56]);
        assert_eq!(code.len(), 9);
        assert_eq!(&code[4..5], "-");
        assert!(!code.contains(['I', 'L', 'O', 'U']));
        assert_ne!(code, tracker_code([0xff, 0, 0x12, 0x34, 0x57]));
        assert_eq!(tracker_code([0; 5]), "0000-0000");
        assert_eq!(tracker_code([0xff; 5]), "ZZZZ-ZZZZ");
    }

    #[test]
    fn issue16_item20_a_tracker_is_found_however_it_is_typed() {
        let code = tracker_code([0xff, 0, 0x12, 0x34, 0x56]);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(parse_tracker(&typed), Some(code.clone()));
        let wide: String = code
            .chars()
            .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c))
            .collect();
        assert_eq!(
            parse_tracker(&wide),
            Some(code),
            "full-width, as a Chinese IME types it"
        );
        assert_eq!(parse_tracker("OIL0-0000"), Some("0110-0000".to_owned()));
        assert_eq!(parse_tracker("UUUU-UUUU"), None);
        assert_eq!(parse_tracker("ABC"), None);
    }

    #[test]
    fn the_ballot_form_names_marks_by_candidate_and_write_ins_by_office() {
        let read = BallotInput::from_form(
            [("ka".to_owned(), "for".to_owned())],
            [("member-1".to_owned(), "王芳".to_owned())],
        )
        .expect("a small form");
        assert_eq!(read, input(&[("a", "for")], &[("member", "王芳")]));
    }

    #[test]
    fn a_ballot_form_with_more_entries_than_any_ballot_is_refused() {
        let marks = (0..=MAX_FORM_ENTRIES).map(|n| (format!("k{n}"), "for".to_owned()));
        assert_eq!(
            BallotInput::from_form(marks, []),
            Err(Refusal::UnknownCandidate)
        );
        let marks = (0..MAX_FORM_ENTRIES).map(|n| (format!("k{n}"), "for".to_owned()));
        assert!(BallotInput::from_form(marks, []).is_ok());
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let codes: Vec<&str> = Mark::ALL.iter().map(|m| m.code()).collect();
        assert_eq!(codes, ["for", "against", "abstain"]);
        for &mark in Mark::ALL {
            assert_eq!(Mark::parse(mark.code()), Some(mark));
            let json = serde_json::to_string(&mark).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", mark.code()));
        }
        assert_eq!(Mark::parse("For"), None);
        assert_eq!(Mark::parse("maybe"), None);
    }
}
