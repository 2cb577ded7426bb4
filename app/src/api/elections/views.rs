//! Reading an election into what its pages show, on the server: the published contests (and
//! the slate a ballot is checked against), the legal calendar (`domain::calendar`), the rules
//! that decide its outcome, the signed-in caller's part in it, the roll's size and names, and
//! what a voter's or an officer's home page lists from every election of their community.

use super::request::{allowed, now, rules_with, show_local, store, today};
use super::{
    CandidateView, ContestView, DeadlineLine, DutyLine, OpenPoll, PaperHandout, VoterStatus,
};
use crate::AppError;
use crate::api::guard::Person;
use crate::domain::calendar::{self, Duty, Occasion, When};
use crate::domain::election::ballot::Contest;
use crate::domain::election::plan::Office;
use crate::domain::election::polls::{self, Phase};
use crate::domain::election::roll::RollName;
use crate::domain::policy::Action;
use crate::domain::refusal::Refusal;
use crate::domain::rules::CommunityRules;
use crate::store::Store;
use crate::store::elections::{ElectionRow, RollRow};
use chrono::NaiveDate;

/// The frozen rules that decide an election's outcome, as the election page shows them: the
/// turnout of its mode, the shares that win, proxies and the committee's size.
pub(crate) fn deciding_rules(
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

/// The published contests of an election in ballot order, as a ballot is checked against
/// them: offices, seats and candidate keys only.
pub(crate) async fn slate(store: &Store, row: &ElectionRow) -> Result<Vec<Contest>, AppError> {
    Ok(contests_of(row, &store.slate(&row.key).await?))
}

/// The contests of `row`'s offices, each with its standing candidates (key, office code).
pub(crate) fn contests_of(row: &ElectionRow, standing: &[(String, Office)]) -> Vec<Contest> {
    let seats = row.seats();
    seats
        .offices()
        .map(|office| Contest {
            office,
            seats: seats.of(office),
            candidates: standing
                .iter()
                .filter(|(_, theirs)| *theirs == office)
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
    let standing: Vec<(String, Office)> = candidates
        .iter()
        .map(|c| (c.key.clone(), c.office))
        .collect();
    let contests = contests_of(row, &standing);
    let views = contests
        .iter()
        .map(|contest| ContestView {
            office: contest.office,
            seats: contest.seats,
            candidates: candidates
                .iter()
                .filter(|c| c.office == contest.office)
                .map(|c| CandidateView {
                    key: c.key.clone(),
                    name: c.name.clone(),
                    gender: c.gender.clone(),
                    office: c.office,
                    statement: c.statement.clone(),
                    photo: c.has_photo.then(|| format!("/elections/photos/{}", c.key)),
                })
                .collect(),
        })
        .collect();
    Ok((contests, views))
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
                Duty::PublishVoterRoll => row.roll_published_on.map(|d| d.to_string()),
                Duty::PublishCandidateList => row.candidates_published_on.map(|d| d.to_string()),
                Duty::AnnounceResults if row.phase() == Phase::Published => {
                    Some(row.election_day.to_string())
                }
                _ => None,
            };
            DeadlineLine {
                duty: deadline.duty,
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
            .map(|h| PaperHandout {
                place: h.place,
                at: h.at.map(show_local).unwrap_or_default(),
                by: h.by.unwrap_or_default(),
            })
    } else {
        None
    };
    let disputed = paper.is_some() && store.disputed_handout(&row.key, &person.key).await?;
    // The objection form is offered only inside the objection period (L25 Art. 14).
    let may_object = match row.roll_published_on() {
        Some(published) if row.phase() == Phase::Preparing => {
            let rules = super::request::election_rules_with(&store, row).await?;
            crate::domain::election::roll::may_object(&rules, published, today()).is_ok()
        }
        _ => false,
    };
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
        party_nominator: allowed(person, Action::NominateForParty),
        paper,
        disputed,
        stations,
        may_object,
    })
}

/// The elections of `person`'s community whose polls are open now and whose roll lists them.
pub(crate) async fn open_polls_for(
    store: &Store,
    person: &Person,
) -> Result<Vec<OpenPoll>, AppError> {
    let mut open = Vec::new();
    for row in store.elections(Some(&person.community)).await? {
        let now_open = polls::may_cast(row.phase(), row.window(), now()).is_ok();
        if !now_open || !store.on_roll(&row.key, &person.key).await? {
            continue;
        }
        let voted = store.participation(&row.key, &person.key).await?.is_some();
        open.push(OpenPoll {
            closes: show_local(row.voting_closes),
            key: row.key,
            title: row.title,
            voted,
        });
    }
    Ok(open)
}

/// Days ahead an officer's home page looks for deadlines.
const DUTY_HORIZON_DAYS: u64 = 30;

/// Deadlines still to meet in the next month, across `community`'s elections in preparation or
/// under way, soonest first.
pub(crate) async fn upcoming_duties(
    store: &Store,
    community: &crate::domain::keys::CommunityKey,
) -> Result<Vec<DutyLine>, AppError> {
    let today = today();
    let horizon = today
        .checked_add_days(chrono::Days::new(DUTY_HORIZON_DAYS))
        .unwrap_or(today);
    let community_rules = rules_with(store, community).await?;
    let mut duties: Vec<DutyLine> = store
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
                .map(move |deadline| DutyLine {
                    href: format!("/elections/{}/office", row.key),
                    title: row.title.clone(),
                    deadline,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    duties.sort_by(|a, b| a.deadline.last_day.cmp(&b.deadline.last_day));
    Ok(duties)
}

/// How many are on `roll` and not struck.
pub(crate) fn roll_size(roll: &[RollRow]) -> u64 {
    u64::try_from(roll.iter().filter(|r| !r.struck).count()).unwrap_or(0)
}

/// The voters of `roll` as a written-in name is looked up against (struck ones are off).
pub(crate) fn roll_names(roll: &[RollRow]) -> Vec<RollName<'_>> {
    roll.iter()
        .filter(|r| !r.struck)
        .map(|r| RollName {
            person: &r.person,
            name: &r.name,
            household: r.household.as_deref(),
        })
        .collect()
}
