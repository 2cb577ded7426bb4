//! Paper ballots at polling stations and roving boxes (EL Arts. 38, 43): finding a voter on the
//! roll at a station, handing out a paper ballot (which shuts the phone out), a voter disputing
//! a hand-out in their name, and each box's tally sheet, entered twice by two officers after
//! the polls close.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use super::request::{now, own_election, parse_key, place_of, signed_in, store};
#[cfg(feature = "ssr")]
use crate::domain::election::ballot::Contest;
#[cfg(feature = "ssr")]
use crate::domain::election::paper::{Counts, SheetSection, TallySheet};
#[cfg(feature = "ssr")]
use crate::domain::election::polls;
#[cfg(feature = "ssr")]
use crate::domain::keys::{PersonKey, PlaceKey};
#[cfg(feature = "ssr")]
use crate::domain::policy::Action;
#[cfg(feature = "ssr")]
use crate::domain::refusal::Refusal;

/// A voter found on the roll at a polling station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollMatch {
    pub person: crate::domain::keys::PersonKey,
    pub name: String,
    pub household: Option<String>,
    pub residents_group: Option<String>,
    /// `online` or `paper` if they already took part.
    pub took_part: Option<String>,
}

/// A box's tally sheet as the form sends it (every field a string, or a map of strings, so the
/// form's fields stay top-level through `#[server(flatten)]`): totals, then per candidate
/// `counts[for-<key>]`, `counts[against-<key>]`, `counts[abstain-<key>]`, per office
/// `counts[void-<office>]`, and write-ins as `write_in_name[<office>-n]` with
/// `write_in_votes[<office>-n]`. Empty counts are 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetForm {
    pub election: String,
    pub place: String,
    pub ballots_in_box: String,
    pub void_ballots: String,
    pub blank_ballots: String,
    #[serde(default)]
    pub counts: HashMap<String, String>,
    #[serde(default)]
    pub write_in_name: HashMap<String, String>,
    #[serde(default)]
    pub write_in_votes: HashMap<String, String>,
}

/// A count as typed (`double_entry::parse_count`).
#[cfg(feature = "ssr")]
fn number(field: &str, raw: &str) -> Result<u64, AppError> {
    Ok(crate::domain::double_entry::parse_count(field, raw)?)
}

/// Reads the sheet form against the published contests; a write-in is found on `roll` exactly
/// as on the phone.
#[cfg(feature = "ssr")]
fn sheet(
    form: &SheetForm,
    contests: &[Contest],
    roll: &[crate::store::elections::RollRow],
) -> Result<TallySheet, AppError> {
    use crate::domain::election::roll::written_in;
    use std::collections::BTreeMap;
    let get = |key: String| number(&key, form.counts.get(&key).map_or("", String::as_str));
    let names = super::views::roll_names(roll);
    let mut sections = Vec::new();
    for contest in contests {
        let office = contest.office.code();
        let mut candidates = BTreeMap::new();
        for candidate in &contest.candidates {
            candidates.insert(
                candidate.clone(),
                Counts {
                    for_: get(format!("for-{candidate}"))?,
                    against: get(format!("against-{candidate}"))?,
                    abstain: get(format!("abstain-{candidate}"))?,
                },
            );
        }
        let mut write_ins = BTreeMap::new();
        for (slot, name) in &form.write_in_name {
            if name.trim().is_empty() || slot.split('-').next() != Some(office) {
                continue;
            }
            // Exactly as on the phone: one voter, or the household tells them apart.
            let person = written_in(&names, name)
                .map(str::to_owned)
                .ok_or(Refusal::BadWriteIn)?;
            if contest.candidates.contains(&person) {
                return Err(Refusal::WriteInIsCandidate.into());
            }
            let votes = number(
                slot,
                form.write_in_votes.get(slot).map_or("", String::as_str),
            )?;
            *write_ins.entry(person).or_insert(0) += votes;
        }
        sections.push(SheetSection {
            blank_sections: 0,
            office: contest.office,
            candidates,
            write_ins,
            void_sections: get(format!("void-{office}"))?,
        });
    }
    Ok(TallySheet {
        ballots_in_box: number("ballots_in_box", &form.ballots_in_box)?,
        void_ballots: number("void_ballots", &form.void_ballots)?,
        blank_ballots: number("blank_ballots", &form.blank_ballots)?,
        sections,
    })
}

/// Voters on the roll of `election` matching `text`, a name or household number (40
/// characters at most): at most 20, each with how they took part, if they did. Only for the
/// officers handing out at one of its stations and those acting for its committee: who has
/// voted is not every officer's to watch (the 2026-12-07 review).
#[server(prefix = "/api", endpoint = "find_on_roll")]
pub async fn find_on_roll(election: String, text: String) -> Result<Vec<RollMatch>, AppError> {
    use crate::domain::election::polls;
    use crate::domain::election::roll::{RollName, answers_search};
    let caller = signed_in(Action::HandOutPaper).await?;
    let row = own_election(&caller, &election).await?;
    let at_a_station = store()?
        .place_officers(&row.key)
        .await?
        .iter()
        .any(|(_, officer, _)| *officer == caller.key);
    if !at_a_station {
        let seated = store()?.sits_on_committee(&row.key, &caller.key).await?;
        polls::may_act_for_committee(&caller.roles, seated)?;
    }
    if text.chars().count() > 40 {
        return Err(AppError::invalid("text", "too_long"));
    }
    let store = store()?;
    let found: Vec<_> = store
        .roll(&row.key)
        .await?
        .into_iter()
        .filter(|r| {
            !r.struck
                && answers_search(
                    &RollName {
                        person: &r.person,
                        name: &r.name,
                        household: r.household.as_deref(),
                    },
                    &text,
                )
        })
        .take(20)
        .collect();
    let mut matches = Vec::with_capacity(found.len());
    for r in found {
        let took_part = store
            .participation(&row.key, &r.person)
            .await?
            .map(|(c, _)| c);
        matches.push(RollMatch {
            person: r.person,
            name: r.name,
            household: r.household,
            residents_group: r.residents_group,
            took_part,
        });
    }
    Ok(matches)
}

/// Marks a paper ballot handed out to `voter` (a key) at `place`, by an officer assigned there,
/// while the polls are open: from then on that voter cannot vote by phone.
#[server(prefix = "/api", endpoint = "hand_out_paper")]
pub async fn hand_out_paper(
    election: String,
    place: String,
    voter: String,
) -> Result<(), AppError> {
    let caller = signed_in(Action::HandOutPaper).await?;
    let row = own_election(&caller, &election).await?;
    polls::may_cast(row.phase(), row.window(), now())?;
    let place: PlaceKey = parse_key("place", &place)?;
    let voter = parse_key("voter", &voter)?;
    let store = store()?;
    place_of(&store, &row, &place).await?;
    match store
        .hand_out_paper(&caller.community, &row.key, &voter, &place, &caller.key)
        .await
    {
        // Said to the officer about the voter, not to the voter (the review read "you have
        // voted" on the officer's screen).
        Err(crate::store::StoreError::Refused(Refusal::AlreadyVoted)) => {
            Err(Refusal::VoterAlreadyTookPart.into())
        }
        other => Ok(other?),
    }
}

/// The caller says the paper ballot handed out in their name was not handed to them: recorded
/// and audited, and shown to the election officers. `note` is optional, 500 characters at most.
#[server(prefix = "/api", endpoint = "dispute_paper_handout")]
pub async fn dispute_paper_handout(election: String, note: String) -> Result<(), AppError> {
    use super::request::voter;
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    let note = crate::domain::registry::parse_note("note", &note, 500)?;
    let store = store()?;
    if store.handout_of(&row.key, &caller.key).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(store
        .dispute_handout(&caller.community, &row.key, &caller.key, &note)
        .await?)
}

/// Enters a box's tally sheet ([`SheetForm`]), once the polls have closed, by a counter who is
/// neither a candidate nor a candidate's close relative (EL Art. 43). Answers the box's
/// standing (`paper::SheetStanding` code); refuses when the two officers' entries differ.
#[server(prefix = "/api", endpoint = "enter_tally_sheet")]
pub async fn enter_tally_sheet(#[server(flatten)] form: SheetForm) -> Result<String, AppError> {
    use crate::domain::election::candidacy::Relatives;
    use crate::domain::election::paper;
    use crate::domain::election::polls::Phase;
    let caller = signed_in(Action::CountVotes).await?;
    if form.counts.len() + form.write_in_name.len() > 400 {
        return Err(AppError::invalid("counts", "too_long"));
    }
    // Scrutineers count where they are sent; of the committee's officers, only this election's
    // (or who stands in) enter its sheets (the second 2026-12-07 review).
    let row = if caller
        .roles
        .contains(&crate::domain::roles::Role::Scrutineer)
    {
        own_election(&caller, &form.election).await?
    } else {
        super::request::committee_election(&caller, &form.election).await?
    };
    if row.phase() != Phase::Closed {
        polls::may_see_count(row.phase())?;
        return Err(Refusal::ResultsPublished.into());
    }
    let place: PlaceKey = parse_key("place", &form.place)?;
    let store = store()?;
    // Candidates and their close relatives may not count (EL Art. 43).
    let relatives = Relatives::new(store.relatives(&row.key).await?);
    let candidates: Vec<PersonKey> = store
        .candidates(&row.key)
        .await?
        .into_iter()
        .map(|c| c.person)
        .collect();
    if candidates.contains(&caller.key)
        || candidates.iter().any(|c| relatives.related(c, &caller.key))
    {
        return Err(Refusal::RelativeOfCandidate.into());
    }
    place_of(&store, &row, &place).await?;
    let contests = super::views::slate(&store, &row).await?;
    let roll = store.roll(&row.key).await?;
    let sheet = sheet(&form, &contests, &roll)?;
    sheet.check(&contests)?;
    let (_, _, handed_out) = store.participation_counts(&row.key).await?;
    let out = handed_out.get(&place).copied().unwrap_or(0);
    let entries: Vec<(PersonKey, TallySheet)> = store
        .sheet_entries(&row.key)
        .await?
        .into_iter()
        .filter(|e| e.place == place)
        .filter_map(|e| Some((e.officer, serde_json::from_str(&e.sheet).ok()?)))
        .collect();
    paper::may_enter(&entries, &caller.key, out)?;
    let json = serde_json::to_string(&sheet).map_err(|_| AppError::Internal)?;
    store
        .enter_sheet(&caller.community, &row.key, &place, &caller.key, &json)
        .await?;
    Ok(
        crate::domain::double_entry::after_entry(entries, caller.key.clone(), sheet, out)?
            .code()
            .to_owned(),
    )
}

#[cfg(feature = "ssr")]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::election::Office;
    use crate::store::elections::RollRow;

    fn voter(person: &str, name: &str, household: &str) -> RollRow {
        RollRow {
            person: crate::domain::keys::test_key(person),
            name: name.into(),
            gender: None,
            household: Some(household.into()),
            residents_group: None,
            struck: false,
        }
    }

    /// A box of 10 ballots, each "for" candidate c, with a write-in line for `name`.
    fn form(name: &str) -> SheetForm {
        let counts = [
            ("for-c", "10"),
            ("against-c", "0"),
            ("abstain-c", "0"),
            ("void-member", "0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        SheetForm {
            election: "e".into(),
            place: "p".into(),
            ballots_in_box: "10".into(),
            void_ballots: "0".into(),
            blank_ballots: "0".into(),
            counts,
            write_in_name: [("member-0".to_owned(), name.to_owned())].into(),
            write_in_votes: [("member-0".to_owned(), "1".to_owned())].into(),
        }
    }

    #[test]
    fn issue16_item23_paper_write_ins_are_resolved_as_on_the_phone() {
        let contests = vec![Contest {
            office: Office::Member,
            seats: 2,
            candidates: vec!["c".into()],
        }];
        let roll = vec![
            voter("p1", "张伟", "9101"),
            voter("p2", "张伟", "9102"),
            voter("c", "候选人", "9103"),
        ];
        let refusal = |name: &str| match sheet(&form(name), &contests, &roll) {
            Err(AppError::Refused(refusal)) => Some(refusal),
            _ => None,
        };
        assert_eq!(
            refusal("张伟"),
            Some(Refusal::BadWriteIn),
            "never the first of two"
        );
        let resolved = sheet(&form("张伟 ９１０２"), &contests, &roll).expect("resolved");
        assert_eq!(resolved.sections[0].write_ins.get("p2"), Some(&1));
        assert_eq!(refusal("候选人"), Some(Refusal::WriteInIsCandidate));
    }

    /// The form's fields stay top-level through `#[server(flatten)]`, and a form without
    /// counts or write-ins reads as empty maps, as the `Option`s it replaced did.
    #[test]
    fn the_sheet_form_reads_its_fields_top_level() {
        let call: EnterTallySheet = serde_json::from_value(serde_json::json!({
            "election": "e",
            "place": "p",
            "ballots_in_box": "0",
            "void_ballots": "0",
            "blank_ballots": "0",
        }))
        .expect("form");
        assert_eq!(call.form.election, "e");
        assert!(call.form.counts.is_empty() && call.form.write_in_name.is_empty());
    }
}
