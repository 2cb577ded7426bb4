//! The count (L25 Art. 19, EL Arts. 44–45): the online ballots and the confirmed paper tally
//! sheets added up, read once from the store, with who is elected and the rounds still needed;
//! the officers' and scrutineers' live count view once the polls close, and the results view
//! publishing freezes.

use super::ResultsView;
use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::{ContestView, OfficeResult, PollingPlaceCount, ResultLine};
#[cfg(feature = "ssr")]
use crate::domain::election::ballot::{Ballot, Contest};
#[cfg(feature = "ssr")]
use crate::domain::election::paper::TallySheet;
#[cfg(feature = "ssr")]
use crate::domain::election::tally::{Count, Outcome};
#[cfg(feature = "ssr")]
use crate::domain::rules::CommunityRules;
#[cfg(feature = "ssr")]
use crate::store::Store;
#[cfg(feature = "ssr")]
use crate::store::elections::{ElectionRow, RollRow};
#[cfg(feature = "ssr")]
use std::collections::BTreeMap;

/// Everything the count needs, read once.
#[cfg(feature = "ssr")]
pub(crate) struct Tally {
    pub contests: Vec<Contest>,
    pub count: Count,
    pub outcome: Outcome,
    pub participations: u64,
    pub online: u64,
    pub roll_size: u64,
    pub boxes: Vec<PollingPlaceCount>,
    pub complete: bool,
    pub sheets: Vec<(String, TallySheet)>,
    /// Every ballot with its tracker, when read with [`tally_with_ballots`]; empty otherwise.
    pub ballots: Vec<(String, Ballot)>,
    pub online_ballots: u64,
    /// Names of everyone a result may mention: candidates and write-ins.
    pub names: BTreeMap<String, String>,
    /// The rules frozen into the election.
    pub rules: CommunityRules,
}

/// Counts an election from the stored ballots and the confirmed tally sheets.
#[cfg(feature = "ssr")]
pub(crate) async fn tally(store: &Store, row: &ElectionRow) -> Result<Tally, AppError> {
    tally_reading(store, row, false).await
}

/// Like [`tally`], keeping every ballot with its tracker too (the board lists them one by one).
#[cfg(feature = "ssr")]
pub(crate) async fn tally_with_ballots(
    store: &Store,
    row: &ElectionRow,
) -> Result<Tally, AppError> {
    tally_reading(store, row, true).await
}

#[cfg(feature = "ssr")]
fn parse_stored(row: &ElectionRow, content: &str) -> Result<Ballot, AppError> {
    serde_json::from_str(content).map_err(|error| {
        tracing::error!(%error, election = %row.key, "a stored ballot does not parse");
        AppError::Internal
    })
}

#[cfg(feature = "ssr")]
async fn tally_reading(
    store: &Store,
    row: &ElectionRow,
    one_by_one: bool,
) -> Result<Tally, AppError> {
    use super::request::election_rules_with;
    use super::views::{contests, roll_size};
    use crate::domain::election::paper::{self, SheetStanding};
    use crate::domain::election::tally::{self as law, WinRule};
    let rules = election_rules_with(store, row).await?;
    let (contests, views) = contests(store, row).await?;
    let (participations, online, handed_out) = store.participation_counts(&row.key).await?;
    let mut ballots = Vec::new();
    let mut groups = Vec::new();
    if one_by_one {
        for ballot in store.ballots(&row.key).await? {
            let content = parse_stored(row, &ballot.content)?;
            groups.push((content.clone(), 1));
            ballots.push((ballot.tracker, content));
        }
    } else {
        for group in store.ballot_groups(&row.key, online).await? {
            let times = u64::try_from(group.times).map_err(|_| AppError::Internal)?;
            groups.push((parse_stored(row, &group.content)?, times));
        }
    }
    let online_ballots = groups.iter().map(|(_, times)| times).sum();
    let entries = store.sheet_entries(&row.key).await?;
    let mut boxes = Vec::new();
    let mut sheets = Vec::new();
    let mut complete = true;
    for place in store.polling_places(&row.key).await? {
        let mine: Vec<(crate::domain::keys::PersonKey, TallySheet)> = entries
            .iter()
            .filter(|e| e.place == place.key)
            .filter_map(|e| Some((e.officer.clone(), serde_json::from_str(&e.sheet).ok()?)))
            .collect();
        let names: Vec<String> = entries
            .iter()
            .filter(|e| e.place == place.key)
            .map(|e| e.officer_name.clone())
            .collect();
        let out = handed_out.get(&place.key).copied().unwrap_or(0);
        let standing = paper::standing(&mine, out);
        match standing {
            SheetStanding::Confirmed => sheets.push((place.name.clone(), mine[0].1.clone())),
            SheetStanding::VoidBox => {
                tracing::warn!(election = %row.key, place = %place.key, "a box holds more ballots than were handed out: void");
            }
            SheetStanding::Missing if out == 0 => {}
            _ => complete = false,
        }
        boxes.push(PollingPlaceCount {
            key: place.key,
            name: place.name,
            roving: place.roving,
            handed_out: out,
            standing: Some(standing),
            entered_by: names,
        });
    }
    let count = law::count_grouped(
        &contests,
        groups.iter().map(|(b, times)| (b, *times)),
        sheets.iter().map(|(_, s)| s),
    );
    let roll = store.roll(&row.key).await?;
    let roll_size = roll_size(&roll);
    let outcome = law::decide(
        &count,
        participations,
        roll_size,
        row.mode().turnout(&rules),
        WinRule::of(row.round(), &rules),
    );
    let names = names_mentioned(roll, &views, &count);
    Ok(Tally {
        contests,
        count,
        outcome,
        participations,
        online,
        roll_size,
        boxes,
        complete,
        sheets,
        ballots,
        online_ballots,
        names,
        rules,
    })
}

/// The names a result and its board may mention: the candidates, and the voters someone wrote
/// in. Nobody else on the roll: the board is public (issue 15, item 9: the export listed the
/// whole roll).
#[cfg(feature = "ssr")]
fn names_mentioned(
    roll: Vec<RollRow>,
    views: &[ContestView],
    count: &Count,
) -> BTreeMap<String, String> {
    let written_in: std::collections::BTreeSet<&str> = count
        .offices
        .iter()
        .flat_map(|office| office.write_ins.keys().map(String::as_str))
        .collect();
    let mut names: BTreeMap<String, String> = roll
        .into_iter()
        .filter(|r| written_in.contains(r.person.as_str()))
        .map(|r| (r.person.into(), r.name))
        .collect();
    for contest in views {
        for candidate in &contest.candidates {
            names.insert(candidate.key.clone(), candidate.name.clone());
        }
    }
    names
}

/// The results view of a tally.
#[cfg(feature = "ssr")]
pub(crate) fn results_view(
    row: &ElectionRow,
    community_name: String,
    tally: &Tally,
) -> ResultsView {
    let offices = tally
        .count
        .offices
        .iter()
        .zip(&tally.outcome.offices)
        .map(|(count, outcome)| {
            let mut lines: Vec<ResultLine> = count
                .candidates
                .iter()
                .map(|(key, c)| (key, c.for_, c.against, c.abstain, false))
                .chain(count.write_ins.iter().map(|(key, v)| (key, *v, 0, 0, true)))
                .map(|(key, for_votes, against, abstain, write_in)| ResultLine {
                    key: key.clone(),
                    name: tally.names.get(key).cloned().unwrap_or_else(|| key.clone()),
                    for_votes,
                    against,
                    abstain,
                    write_in,
                    elected: outcome.elected.contains(key),
                    tied: outcome.tied.contains(key),
                    runoff: outcome.runoff.contains(key),
                })
                .collect();
            lines.sort_by(|a, b| {
                b.for_votes
                    .cmp(&a.for_votes)
                    .then_with(|| a.name.cmp(&b.name))
            });
            OfficeResult {
                office: count.office,
                seats: count.seats,
                lines,
                void_sections: count.void_sections,
                blank_sections: count.blank_sections,
                empty_seats: outcome.empty_seats,
                tied_seats: outcome.tied_seats,
                next_round: outcome.next_round().map(|(round, _, _)| round),
            }
        })
        .collect();
    ResultsView {
        key: row.key.clone(),
        title: row.title.clone(),
        community_name,
        election_day: row.election_day.to_string(),
        mode: row.mode,
        round: row.round,
        phase: row.phase,
        roll_size: tally.roll_size,
        participations: tally.participations,
        online_ballots: tally.online_ballots,
        ballots_cast: tally.count.ballots_cast,
        blank_ballots: tally.count.blank_ballots,
        void_ballots: tally.count.void_ballots,
        turnout_valid: tally.outcome.turnout_valid,
        offices,
        boxes: tally.boxes.clone(),
        complete: tally.complete,
        next_rounds: Vec::new(),
    }
}

/// The count as its officers see it (not `CountView`: that is the name `#[server]` gives
/// [`count_view`]'s arguments), and whether the caller may publish it (the election's
/// committee, or who stands in for it; scrutineers count but do not publish).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountSheet {
    pub results: ResultsView,
    pub may_publish: bool,
}

/// The live count of `election` for officers and scrutineers, once the polls have closed.
#[server(prefix = "/api", endpoint = "count_view")]
pub async fn count_view(election: String) -> Result<CountSheet, AppError> {
    use super::request::{allowed, own_election, signed_in, store};
    use crate::domain::election::polls;
    use crate::domain::policy::Action;
    let caller = signed_in(Action::CountVotes).await?;
    let row = own_election(&caller, &election).await?;
    polls::may_see_count(row.phase())?;
    let store = store()?;
    let community = store
        .community(&row.community)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let tally = tally(&store, &row).await?;
    let seated = store.sits_on_committee(&row.key, &caller.key).await?;
    Ok(CountSheet {
        may_publish: allowed(&caller, Action::RunElection)
            && polls::may_act_for_committee(&caller.roles, seated).is_ok(),
        results: results_view(&row, community, &tally),
    })
}
