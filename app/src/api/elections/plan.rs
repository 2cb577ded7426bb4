//! The election's plan (L25 Arts. 8, 14): the creation form's suggestions, creating an election
//! with its mode, seats, day, voting window and polling places, and reading elections: the
//! list, an election's public page and its phase.

use super::ElectionView;
use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::request::{
    any_election, election_rules_with, officer, parse_day, parse_local, rules, show_local, store,
    today,
};
#[cfg(feature = "ssr")]
use crate::domain::election::plan::PollingPlace;

/// An election in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionLine {
    pub key: crate::domain::keys::ElectionKey,
    pub title: String,
    pub community_name: String,
    pub election_day: String,
    pub phase: crate::domain::election::polls::Phase,
    pub round: crate::domain::election::plan::Round,
}

/// The creation form's suggestions for the caller's community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionDefaults {
    pub households: u32,
    pub director: u8,
    pub deputies: u8,
    pub members: u8,
    pub committee_min: u8,
    pub committee_max: u8,
    /// The earliest election day the roll's 20 days allow, from today.
    pub earliest_day: String,
}

/// The creation form, field by field as typed (every field a string, so the form's fields
/// stay top-level through `#[server(flatten)]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewElectionForm {
    pub title: String,
    /// `Mode` code.
    pub mode: String,
    /// Seats, as typed.
    pub director: String,
    pub deputies: String,
    pub members: String,
    /// `YYYY-MM-DD`.
    pub election_day: String,
    /// Local `YYYY-MM-DDTHH:MM`.
    pub voting_opens: String,
    pub voting_closes: String,
    /// Polling stations, one per line.
    pub stations: String,
    /// Roving boxes, one per line.
    pub roving: String,
}

/// The places named one per line in `raw`, each a roving box or not.
#[cfg(feature = "ssr")]
fn places(raw: &str, roving: bool) -> Vec<PollingPlace> {
    raw.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|name| PollingPlace {
            name: name.to_owned(),
            roving,
        })
        .collect()
}

/// A number of seats as typed.
#[cfg(feature = "ssr")]
fn seat(field: &str, raw: &str) -> Result<u8, AppError> {
    crate::domain::text::number(raw).map_err(|problem| {
        AppError::invalid(
            field,
            crate::domain::registry::Problem::from(problem).code(),
        )
    })
}

/// The creation form's suggestions for an officer of the caller's community: seats for its
/// households, the committee's size, and the earliest election day the calendar allows.
#[server(prefix = "/api", endpoint = "new_election_defaults")]
pub async fn new_election_defaults() -> Result<ElectionDefaults, AppError> {
    use crate::domain::election::plan::Seats;
    let caller = officer().await?;
    let community = store()?
        .community(&caller.community)
        .await?
        .ok_or(AppError::NotFound)?;
    let rules = rules(&caller.community).await?;
    let households = u32::try_from(community.households).unwrap_or(0);
    let seats = Seats::suggested(&rules, households);
    Ok(ElectionDefaults {
        households,
        director: seats.director,
        deputies: seats.deputies,
        members: seats.members,
        committee_min: rules.committee_size.0,
        committee_max: rules.committee_size.1,
        earliest_day: crate::domain::calendar::earliest_election_day(&rules, today()).to_string(),
    })
}

/// Creates an election from the creation form ([`NewElectionForm`]: seats are numbers as
/// typed; times are local `YYYY-MM-DDTHH:MM`; stations and roving boxes one per line). Answers
/// the election's key, and sends a plain form post to its desk.
#[server(prefix = "/api", endpoint = "create_election")]
pub async fn create_election(
    #[server(flatten)] form: NewElectionForm,
) -> Result<crate::domain::keys::ElectionKey, AppError> {
    use crate::domain::election::Mode;
    use crate::domain::election::plan::{ElectionPlan, Round, Seats};
    let caller = officer().await?;
    // Read as every title is (`domain::text`): no control or invisible characters.
    let title = crate::domain::text::line(&form.title);
    let title = if title.is_empty() {
        Err(AppError::invalid("title", "missing"))
    } else if title.chars().count() > crate::domain::election::plan::MAX_ELECTION_TITLE_CHARS {
        Err(AppError::invalid("title", "too_long"))
    } else {
        Ok(title)
    };
    let mode =
        Mode::parse(form.mode.trim()).ok_or_else(|| AppError::invalid("mode", "unknown_value"));
    let (director, deputies, members) = (
        seat("director", &form.director),
        seat("deputies", &form.deputies),
        seat("members", &form.members),
    );
    let election_day = parse_day("election_day", &form.election_day);
    let voting_opens = parse_local("voting_opens", &form.voting_opens);
    let voting_closes = parse_local("voting_closes", &form.voting_closes);
    // Every field's problem at once, beside each.
    AppError::all_invalid(vec![
        title.as_ref().map(drop).map_err(Clone::clone),
        mode.as_ref().map(drop).map_err(Clone::clone),
        director.as_ref().map(drop).map_err(Clone::clone),
        deputies.as_ref().map(drop).map_err(Clone::clone),
        members.as_ref().map(drop).map_err(Clone::clone),
        election_day.as_ref().map(drop).map_err(Clone::clone),
        voting_opens.as_ref().map(drop).map_err(Clone::clone),
        voting_closes.as_ref().map(drop).map_err(Clone::clone),
    ])?;
    let mut polling_places = places(&form.stations, false);
    polling_places.extend(places(&form.roving, true));
    let plan = ElectionPlan {
        title: title?,
        mode: mode?,
        seats: Seats {
            director: director?,
            deputies: deputies?,
            members: members?,
        },
        election_day: election_day?,
        places: polling_places,
        voting_opens: voting_opens?,
        voting_closes: voting_closes?,
    };
    let rules = rules(&caller.community).await?;
    plan.check(&rules, today())?;
    let key = store()?
        .create_election(&caller.acting(), &plan, Round::Regular, &rules)
        .await?;
    // A plain form post lands on the new election's desk.
    leptos_axum::redirect(&format!("/elections/{key}/office"));
    Ok(key)
}

/// Every community's elections, latest election day first, each with its community's name.
#[server(prefix = "/api", endpoint = "elections")]
pub async fn elections() -> Result<Vec<ElectionLine>, AppError> {
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
    use std::collections::BTreeMap;
    authorize(Action::ViewElections).await?;
    let store = store()?;
    let names: BTreeMap<crate::domain::keys::CommunityKey, String> = store
        .communities()
        .await?
        .into_iter()
        .map(|c| (c.key, c.name))
        .collect();
    Ok(store
        .elections(None)
        .await?
        .iter()
        .map(|row| ElectionLine {
            key: row.key.clone(),
            title: row.title.clone(),
            community_name: names.get(&row.community).cloned().unwrap_or_default(),
            election_day: row.election_day.to_string(),
            phase: row.phase,
            round: row.round,
        })
        .collect())
}

/// Election `key`'s public page: its plan and calendar, the published lists, the committee,
/// the rules that decide it, and, for a signed-in person of its community, their part in it.
#[server(prefix = "/api", endpoint = "election")]
pub async fn election(key: String) -> Result<ElectionView, AppError> {
    use super::PollingPlaceView;
    use super::views::{contests, deciding_rules, timeline, voter_status};
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
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
        mode: row.mode,
        round: row.round,
        election_day: row.election_day.to_string(),
        voting_opens: show_local(row.voting_opens),
        voting_closes: show_local(row.voting_closes),
        phase: row.phase,
        seats: seats.offices().map(|o| (o, seats.of(o))).collect(),
        places: store
            .polling_places(&row.key)
            .await?
            .into_iter()
            .map(|p| PollingPlaceView {
                key: p.key,
                name: p.name,
                roving: p.roving,
            })
            .collect(),
        timeline: timeline(&row, &rules),
        rules: deciding_rules(&rules, row.mode()),
        roll_published_on: row.roll_published_on.map(|d| d.to_string()),
        roll_size,
        candidates_published_on: row.candidates_published_on.map(|d| d.to_string()),
        contests,
        proxies,
        committee,
        you,
    })
}

/// The election's phase (`Phase::code`), all its sub-navigation needs: reading the whole
/// election (roll, slate, committee) for it made every results page load the roll.
#[server(prefix = "/api", endpoint = "election_phase")]
pub async fn election_phase(
    key: String,
) -> Result<crate::domain::election::polls::Phase, AppError> {
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
    authorize(Action::ViewElections).await?;
    Ok(any_election(&key).await?.phase)
}
