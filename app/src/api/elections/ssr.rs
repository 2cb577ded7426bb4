//! What the election server functions share on the server: finding the caller's election,
//! the community's rules, local time, the published contests, and the count.

use super::{
    BoardContent, BoxLine, CandidateView, ContestView, DeadlineLine, ElectionLine, ElectionView,
    OfficeResult, ResultLine, ResultsView, VoterStatus,
};
use crate::AppError;
use crate::api::context::ServerContext;
use crate::api::guard::{Person, authorize};
use crate::domain::calendar::{self, Duty, Occasion, When};
use crate::domain::election::ballot::{Ballot, Contest};
use crate::domain::election::paper::{self, SheetStanding, TallySheet};
use crate::domain::election::polls::{self, Phase};
use crate::domain::election::publication;
use crate::domain::election::tally::{self, Count, Outcome, WinRule};
use crate::domain::election::{Office, Round};
use crate::domain::clock::local_day;
use crate::domain::policy::{Action, Caller, Decision, decide};
use crate::domain::refusal::Refusal;
use crate::domain::rules::CommunityRules;
use crate::store::Store;
use crate::store::elections::{ElectionRow, RollRow};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

pub(crate) fn store() -> Result<Store, AppError> {
    Ok(ServerContext::current()?.store)
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The community's local day.
pub(crate) fn today() -> NaiveDate {
    local_day(now())
}

pub(crate) use crate::api::rules::ssr::{rules, rules_with};

/// The frozen rules that decide an election's outcome, as the election page shows them: the
/// turnout of its mode, the shares that win, proxies and the committee's size.
fn deciding_rules(
    rules: &CommunityRules,
    mode: crate::domain::election::Mode,
) -> Vec<(String, String)> {
    let turnout = if mode == crate::domain::election::Mode::Representatives {
        "representative_turnout"
    } else {
        "turnout"
    };
    let wanted = [
        turnout,
        "win_share",
        "runoff_share",
        "proxies_per_holder",
        "committee_size",
        "nomination_endorsements",
    ];
    let fields = rules.as_fields();
    wanted
        .iter()
        .filter_map(|name| fields.iter().find(|(field, _)| field == name).cloned())
        .collect()
}

/// The rules election `row` runs under: those frozen into it when it was created, so changing
/// the community's rules between the close and the publication changes nothing (issue 15,
/// item 7). Elections from before migration 12 were given the rules in force then.
pub(crate) async fn election_rules(row: &ElectionRow) -> Result<CommunityRules, AppError> {
    election_rules_with(&store()?, row).await
}

/// [`election_rules`] with a store at hand.
pub(crate) async fn election_rules_with(
    store: &Store,
    row: &ElectionRow,
) -> Result<CommunityRules, AppError> {
    let rules: CommunityRules = match row.rules.as_deref() {
        Some(json) => serde_json::from_str(json).map_err(|error| {
            tracing::error!(%error, election = %row.key, "an election's frozen rules do not parse");
            AppError::Internal
        })?,
        None => rules_with(store, &row.community).await?,
    };
    // Migration 12 froze whatever a community had stored, lawful or not: such an election
    // is not run or counted by those rules.
    if let Err(error) = rules.within_statute() {
        tracing::error!(%error, election = %row.key, "an election's frozen rules are beyond the law");
        return Err(Refusal::RulesBeyondLaw.into());
    }
    Ok(rules)
}

/// `YYYY-MM-DDTHH:MM` (an `<input type=datetime-local>`) in China's time, as a moment.
pub(crate) fn parse_local(field: &str, raw: &str) -> Result<DateTime<Utc>, AppError> {
    crate::domain::clock::parse_minute(raw).ok_or_else(|| AppError::invalid(field, "not_a_date"))
}

/// A moment shown in China's time.
pub(crate) fn show_local(at: DateTime<Utc>) -> String {
    crate::domain::clock::show_minute(at)
}

pub(crate) fn parse_key(field: &str, raw: &str) -> Result<String, AppError> {
    crate::api::registry::ssr::parse_key(field, raw)
}

/// The election `key`, if it is the caller's community's (others' are not found).
/// Refuses (as not found) a polling place key that is not one of `row`'s places.
pub(crate) async fn place_of(
    store: &Store,
    row: &ElectionRow,
    place: &str,
) -> Result<(), AppError> {
    if store
        .polling_places(&row.key)
        .await?
        .iter()
        .any(|p| p.key == place)
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub(crate) async fn own_election(caller: &Person, key: &str) -> Result<ElectionRow, AppError> {
    let key = parse_key("election", key)?;
    theirs(caller, store()?.election(&key).await?)
}

/// The election `key` with its slate, read together, if it is the caller's community's:
/// casting needs both for every ballot.
pub(crate) async fn own_election_with_slate(
    caller: &Person,
    key: &str,
) -> Result<(ElectionRow, Vec<Contest>), AppError> {
    let key = parse_key("election", key)?;
    let (row, standing) = store()?
        .election_with_slate(&key)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = theirs(caller, Some(row))?;
    let contests = contests_of(&row, &standing);
    Ok((row, contests))
}

/// Another community's election is not found, as if it did not exist.
fn theirs(caller: &Person, row: Option<ElectionRow>) -> Result<ElectionRow, AppError> {
    row.filter(|row| row.community == caller.community)
        .ok_or(AppError::NotFound)
}

/// The election `key`, whoever asks.
pub(crate) async fn any_election(key: &str) -> Result<ElectionRow, AppError> {
    let key = parse_key("election", key)?;
    store()?.election(&key).await?.ok_or(AppError::NotFound)
}

/// The caller allowed `action`, signed in.
pub(crate) async fn signed_in(action: Action) -> Result<Person, AppError> {
    authorize(action).await?.ok_or(AppError::Unauthenticated)
}

pub(crate) fn actor(person: &Person) -> String {
    format!("person:{}", person.key)
}

fn allowed(person: &Person, action: Action) -> bool {
    decide(
        action,
        &Caller::SignedIn {
            roles: &person.roles,
        },
    ) == Decision::Allow
}

/// The published contests of an election in ballot order, as a ballot is checked against
/// them: offices, seats and candidate keys only.
pub(crate) async fn slate(store: &Store, row: &ElectionRow) -> Result<Vec<Contest>, AppError> {
    Ok(contests_of(row, &store.slate(&row.key).await?))
}

/// The contests of `row`'s offices, each with its standing candidates (key, office code).
fn contests_of(row: &ElectionRow, standing: &[(String, String)]) -> Vec<Contest> {
    let seats = row.seats();
    seats
        .offices()
        .map(|office| Contest {
            office,
            seats: seats.of(office),
            candidates: standing
                .iter()
                .filter(|(_, code)| code == office.code())
                .map(|(key, _)| key.clone())
                .collect(),
        })
        .collect()
}

/// The published contests of an election, from its candidate list, in ballot order, with
/// what the ballot page shows of each candidate.
pub(crate) async fn contests(
    store: &Store,
    row: &ElectionRow,
) -> Result<(Vec<Contest>, Vec<ContestView>), AppError> {
    let candidates = store.candidates(&row.key).await?;
    let standing: Vec<(String, String)> = candidates
        .iter()
        .map(|c| (c.key.clone(), c.office.clone()))
        .collect();
    let contests = contests_of(row, &standing);
    let views = contests
        .iter()
        .map(|contest| ContestView {
            office: contest.office.code().to_owned(),
            seats: contest.seats,
            candidates: candidates
                .iter()
                .filter(|c| c.office == contest.office.code())
                .map(|c| CandidateView {
                    key: c.key.clone(),
                    name: c.name.clone(),
                    gender: c.gender.clone(),
                    office: c.office.clone(),
                    statement: c.statement.clone(),
                    photo: c.has_photo.then(|| format!("/elections/photos/{}", c.key)),
                })
                .collect(),
        })
        .collect();
    Ok((contests, views))
}

fn line(row: &ElectionRow, community_name: String) -> ElectionLine {
    ElectionLine {
        key: row.key.clone(),
        title: row.title.clone(),
        community_name,
        election_day: row.election_day.clone(),
        phase: row.phase.clone(),
        round: row.round.clone(),
    }
}

async fn community_names(store: &Store) -> Result<BTreeMap<String, String>, AppError> {
    Ok(store
        .communities()
        .await?
        .into_iter()
        .map(|c| (c.key, c.name))
        .collect())
}

pub async fn elections() -> Result<Vec<ElectionLine>, AppError> {
    authorize(Action::ViewElections).await?;
    let store = store()?;
    let names = community_names(&store).await?;
    Ok(store
        .elections(None)
        .await?
        .iter()
        .map(|row| line(row, names.get(&row.community).cloned().unwrap_or_default()))
        .collect())
}

fn duty_code(duty: Duty) -> &'static str {
    match duty {
        Duty::PublishVoterRoll => "publish_voter_roll",
        Duty::PublishCandidateList => "publish_candidate_list",
        Duty::ObjectToVoterRoll => "object_to_voter_roll",
        Duty::DecideObjection => "decide_objection",
        Duty::AnnounceResults => "announce_results",
        Duty::HandOver => "hand_over",
        Duty::PublishHearingNotice => "publish_hearing_notice",
        Duty::SendJointMeetingAgenda => "send_joint_meeting_agenda",
        Duty::PublishEvaluationResults => "publish_evaluation_results",
    }
}

/// The election's legal calendar, each duty with the day it was done, if it was.
pub(crate) fn timeline(row: &ElectionRow, rules: &CommunityRules) -> Vec<DeadlineLine> {
    let mut occasions = vec![Occasion::ElectionDay(row.election_day())];
    if let Some(published) = row.roll_published_on() {
        occasions.push(Occasion::VoterRollPublished(published));
    }
    let mut lines: Vec<DeadlineLine> = occasions
        .into_iter()
        .flat_map(|occasion| calendar::duties(rules, occasion))
        .map(|deadline| {
            let (first, last) = match deadline.when {
                When::OnOrBefore(last) => (None, last),
                When::Between(first, last) => (Some(first.to_string()), last),
            };
            let done_on = match deadline.duty {
                Duty::PublishVoterRoll => row.roll_published_on.clone(),
                Duty::PublishCandidateList => row.candidates_published_on.clone(),
                Duty::AnnounceResults if row.phase() == Phase::Published => {
                    Some(row.election_day.clone())
                }
                _ => None,
            };
            DeadlineLine {
                duty: duty_code(deadline.duty).to_owned(),
                first_day: first,
                last_day: last.to_string(),
                rule: deadline.rule,
                done_on,
            }
        })
        .collect();
    lines.sort_by(|a, b| a.last_day.cmp(&b.last_day));
    lines
}

/// What the signed-in caller can do in this election.
pub(crate) async fn voter_status(
    row: &ElectionRow,
    person: &Person,
) -> Result<VoterStatus, AppError> {
    let store = store()?;
    let on_roll = store.on_roll(&row.key, &person.key).await?;
    let took_part = store
        .participation(&row.key, &person.key)
        .await?
        .map(|(channel, _)| channel);
    let cannot_cast = if !on_roll {
        Some(Refusal::NotOnRoll)
    } else if took_part.is_some() {
        Some(Refusal::AlreadyVoted)
    } else {
        polls::may_cast(row.phase(), row.window(), now()).err()
    };
    let principals = store.principals_of(&row.key, &person.key).await?;
    let proxy_named = store
        .proxies(&row.key)
        .await?
        .into_iter()
        .find(|p| p.principal == person.key)
        .map(|p| p.holder_name);
    let paper = if took_part.as_deref() == Some("paper") {
        store
            .handout_of(&row.key, &person.key)
            .await?
            .map(|h| super::PaperHandout {
                place: h.place,
                at: h.at.map(show_local).unwrap_or_default(),
                by: h.by.unwrap_or_default(),
            })
    } else {
        None
    };
    let disputed = paper.is_some() && store.disputed_handout(&row.key, &person.key).await?;
    let stations = if allowed(person, Action::HandOutPaper) {
        store
            .place_officers(&row.key)
            .await?
            .into_iter()
            .filter(|(_, officer, _)| *officer == person.key)
            .map(|(place, _, _)| place)
            .collect()
    } else {
        Vec::new()
    };
    Ok(VoterStatus {
        on_roll,
        took_part,
        cannot_cast,
        principals,
        proxy_named,
        officer: allowed(person, Action::RunElection),
        counter: allowed(person, Action::CountVotes),
        paper,
        disputed,
        stations,
    })
}

/// The elections of `person`'s community whose polls are open now and whose roll lists them.
pub(crate) async fn open_polls_for(
    store: &Store,
    person: &Person,
) -> Result<Vec<super::OpenPoll>, AppError> {
    let mut open = Vec::new();
    for row in store.elections(Some(&person.community)).await? {
        let now_open = polls::may_cast(row.phase(), row.window(), now()).is_ok();
        if !now_open || !store.on_roll(&row.key, &person.key).await? {
            continue;
        }
        let voted = store.participation(&row.key, &person.key).await?.is_some();
        open.push(super::OpenPoll {
            closes: show_local(row.voting_closes),
            key: row.key,
            title: row.title,
            voted,
        });
    }
    Ok(open)
}

pub async fn election_phase(key: String) -> Result<String, AppError> {
    authorize(Action::ViewElections).await?;
    Ok(any_election(&key).await?.phase.clone())
}

pub async fn election(key: String) -> Result<ElectionView, AppError> {
    let caller = authorize(Action::ViewElections).await?;
    let row = any_election(&key).await?;
    let store = store()?;
    let rules = election_rules_with(&store, &row).await?;
    let community_name = store
        .community(&row.community)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let roll_size = if row.roll_published_on.is_some() {
        store.roll_count(&row.key).await?
    } else {
        0
    };
    let published = row.candidates_published_on.is_some();
    let contests = if published {
        contests(&store, &row).await?.1
    } else {
        Vec::new()
    };
    let proxies = if published {
        store
            .proxies(&row.key)
            .await?
            .into_iter()
            .map(|p| (p.principal_name, p.holder_name))
            .collect()
    } else {
        Vec::new()
    };
    let committee = store
        .committee(&row.key)
        .await?
        .into_iter()
        .filter(|m| !m.withdrawn)
        .map(|m| m.name)
        .collect();
    let you = match &caller {
        Some(person) if person.community == row.community => {
            Some(voter_status(&row, person).await?)
        }
        _ => None,
    };
    let seats = row.seats();
    Ok(ElectionView {
        key: row.key.clone(),
        title: row.title.clone(),
        community_name,
        mode: row.mode.clone(),
        round: row.round.clone(),
        election_day: row.election_day.clone(),
        voting_opens: show_local(row.voting_opens),
        voting_closes: show_local(row.voting_closes),
        phase: row.phase.clone(),
        seats: seats
            .offices()
            .map(|o| (o.code().to_owned(), seats.of(o)))
            .collect(),
        places: store
            .polling_places(&row.key)
            .await?
            .into_iter()
            .map(|p| super::PlaceView {
                key: p.key,
                name: p.name,
                roving: p.roving,
            })
            .collect(),
        timeline: timeline(&row, &rules),
        rules: deciding_rules(&rules, row.mode()),
        roll_published_on: row.roll_published_on.clone(),
        roll_size,
        candidates_published_on: row.candidates_published_on.clone(),
        contests,
        proxies,
        committee,
        you,
    })
}

/// Days ahead an officer's home page looks for deadlines.
const DUTY_HORIZON_DAYS: u64 = 30;

/// Deadlines still to meet in the next month, across `community`'s elections in preparation or
/// under way, soonest first.
pub(crate) async fn upcoming_duties(
    store: &Store,
    community: &str,
) -> Result<Vec<super::DutyLine>, AppError> {
    let today = today();
    let horizon = today
        .checked_add_days(chrono::Days::new(DUTY_HORIZON_DAYS))
        .unwrap_or(today);
    let community_rules = rules_with(store, community).await?;
    let mut duties: Vec<super::DutyLine> = store
        .elections(Some(community))
        .await?
        .into_iter()
        .filter(|row| row.phase() != Phase::Published)
        .flat_map(|row| {
            let rules = row
                .rules
                .as_deref()
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_else(|| community_rules.clone());
            timeline(&row, &rules)
                .into_iter()
                .filter(|d| d.done_on.is_none())
                .filter(|d| {
                    d.last_day
                        .parse::<NaiveDate>()
                        .is_ok_and(|last| last >= today && last <= horizon)
                })
                .map(move |deadline| super::DutyLine {
                    election: row.key.clone(),
                    title: row.title.clone(),
                    deadline,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    duties.sort_by(|a, b| a.deadline.last_day.cmp(&b.deadline.last_day));
    Ok(duties)
}

pub(crate) fn roll_size(roll: &[RollRow]) -> u64 {
    u64::try_from(roll.iter().filter(|r| !r.struck).count()).unwrap_or(0)
}

/// The voters of `roll` as a written-in name is looked up against (struck ones are off).
pub(crate) fn roll_names(
    roll: &[crate::store::elections::RollRow],
) -> Vec<crate::domain::election::roll::RollName<'_>> {
    roll.iter()
        .filter(|r| !r.struck)
        .map(|r| crate::domain::election::roll::RollName {
            person: &r.person,
            name: &r.name,
            household: r.household.as_deref(),
        })
        .collect()
}

/// Everything the count needs, read once.
pub(crate) struct Tally {
    pub contests: Vec<Contest>,
    pub count: Count,
    pub outcome: Outcome,
    pub participations: u64,
    pub online: u64,
    pub roll_size: u64,
    pub boxes: Vec<BoxLine>,
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
pub(crate) async fn tally(store: &Store, row: &ElectionRow) -> Result<Tally, AppError> {
    tally_reading(store, row, false).await
}

/// Like [`tally`], keeping every ballot with its tracker too (the board lists them one by one).
pub(crate) async fn tally_with_ballots(
    store: &Store,
    row: &ElectionRow,
) -> Result<Tally, AppError> {
    tally_reading(store, row, true).await
}

fn parse_stored(row: &ElectionRow, content: &str) -> Result<Ballot, AppError> {
    serde_json::from_str(content).map_err(|error| {
        tracing::error!(%error, election = %row.key, "a stored ballot does not parse");
        AppError::Internal
    })
}

async fn tally_reading(
    store: &Store,
    row: &ElectionRow,
    one_by_one: bool,
) -> Result<Tally, AppError> {
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
        let mine: Vec<(String, TallySheet)> = entries
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
        boxes.push(BoxLine {
            key: place.key,
            name: place.name,
            roving: place.roving,
            handed_out: out,
            standing: serde_json::to_value(&standing)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            entered_by: names,
        });
    }
    let count = tally::count_grouped(
        &contests,
        groups.iter().map(|(b, times)| (b, *times)),
        sheets.iter().map(|(_, s)| s),
    );
    let roll = store.roll(&row.key).await?;
    let roll_size = roll_size(&roll);
    let outcome = tally::decide(
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
fn names_mentioned(
    roll: Vec<RollRow>,
    views: &[ContestView],
    count: &Count,
) -> BTreeMap<String, String> {
    let written_in: std::collections::BTreeSet<&String> = count
        .offices
        .iter()
        .flat_map(|office| office.write_ins.keys())
        .collect();
    let mut names: BTreeMap<String, String> = roll
        .into_iter()
        .filter(|r| written_in.contains(&r.person))
        .map(|r| (r.person, r.name))
        .collect();
    for contest in views {
        for candidate in &contest.candidates {
            names.insert(candidate.key.clone(), candidate.name.clone());
        }
    }
    names
}

/// The results view of a tally.
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
                office: count.office.code().to_owned(),
                seats: count.seats,
                lines,
                void_sections: count.void_sections,
                blank_sections: count.blank_sections,
                empty_seats: outcome.empty_seats,
                tied_seats: outcome.tied_seats,
                next_round: outcome
                    .next_round()
                    .map(|(round, _, _)| round_code(round).to_owned()),
            }
        })
        .collect();
    ResultsView {
        key: row.key.clone(),
        title: row.title.clone(),
        community_name,
        election_day: row.election_day.clone(),
        mode: row.mode.clone(),
        round: row.round.clone(),
        phase: row.phase.clone(),
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

pub(crate) fn round_code(round: Round) -> &'static str {
    match round {
        Round::Regular => "regular",
        Round::TieBreak => "tie_break",
        Round::Runoff => "runoff",
    }
}

pub async fn published_results(key: String) -> Result<ResultsView, AppError> {
    authorize(Action::ViewElections).await?;
    let row = any_election(&key).await?;
    if row.phase() != Phase::Published {
        return Err(Refusal::ResultsHidden.into());
    }
    serde_json::from_str(row.result.as_deref().unwrap_or_default()).map_err(|error| {
        tracing::error!(%error, election = %row.key, "a published result does not parse");
        AppError::Internal
    })
}

/// The board's content, with the tally the export needs.
pub(crate) async fn board_of(
    store: &Store,
    row: &ElectionRow,
) -> Result<(BoardContent, Tally), AppError> {
    polls::may_see_count(row.phase())?;
    let tally = tally_with_ballots(store, row).await?;
    let mut trackers: Vec<String> = tally.ballots.iter().map(|(t, _)| t.clone()).collect();
    trackers.sort();
    let ballots: Vec<Ballot> = tally.ballots.iter().map(|(_, b)| b.clone()).collect();
    let smallest_group = u64::from(tally.rules.smallest_published_group);
    // Nothing of the votes until every box is settled: figures published box by box as the
    // sheets come in give away a small box by difference, and one phone vote beside a
    // pending box was one person's ballot (review of issue 15, item 3).
    let publication = if tally.complete {
        publication::publish(&tally.contests, &ballots, &tally.sheets, smallest_group)
    } else {
        publication::Publication {
            smallest_group,
            online: None,
            groups: Vec::new(),
        }
    };
    Ok((
        BoardContent {
            key: row.key.clone(),
            title: row.title.clone(),
            participations: tally.participations,
            online_participations: tally.online,
            trackers,
            publication,
            complete: tally.complete,
            boxes: tally
                .boxes
                .iter()
                .map(|b| super::BoardBox {
                    name: b.name.clone(),
                    handed_out: b.handed_out,
                    standing: b.standing.clone(),
                })
                .collect(),
            names: tally.names.clone(),
        },
        tally,
    ))
}

pub async fn board(key: String) -> Result<BoardContent, AppError> {
    authorize(Action::ViewElections).await?;
    let row = any_election(&key).await?;
    Ok(board_of(&store()?, &row).await?.0)
}

/// Office codes in ballot order, for forms.
pub(crate) fn office_of(code: &str) -> Result<Office, AppError> {
    Office::parse(code).ok_or_else(|| AppError::invalid("office", "unknown_value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn election_with(rules: Option<String>) -> ElectionRow {
        ElectionRow {
            key: "e1".into(),
            community: "c1".into(),
            title: "t".into(),
            mode: "all_voters".into(),
            round: "regular".into(),
            parent: None,
            seat_director: 1,
            seat_deputies: 1,
            seat_members: 3,
            election_day: "2027-03-20".into(),
            voting_opens: Utc::now(),
            voting_closes: Utc::now(),
            phase: "closed".into(),
            roll_published_on: None,
            candidates_published_on: None,
            pending_step: None,
            pending_by: None,
            result: None,
            rules,
        }
    }

    #[tokio::test]
    async fn an_election_is_counted_by_its_frozen_rules_and_never_by_unlawful_ones() {
        // Issue 15, item 7: migration 12 froze whatever a community had stored; an unlawful
        // turnout of 1/1000 must not make 2 voters in 324 a valid election.
        let store = Store::open("mem://").await.expect("store");
        let stricter = CommunityRules {
            turnout: crate::domain::rules::Fraction::new(3, 5),
            ..CommunityRules::default()
        };
        let frozen = election_with(Some(serde_json::to_string(&stricter).expect("json")));
        assert_eq!(
            election_rules_with(&store, &frozen).await.expect("rules"),
            stricter,
            "the frozen rules, not the community's current ones"
        );
        let unlawful = CommunityRules {
            turnout: crate::domain::rules::Fraction::new(1, 1000),
            ..CommunityRules::default()
        };
        let frozen = election_with(Some(serde_json::to_string(&unlawful).expect("json")));
        assert_eq!(
            election_rules_with(&store, &frozen).await,
            Err(AppError::Refused(Refusal::RulesBeyondLaw))
        );
    }
}
