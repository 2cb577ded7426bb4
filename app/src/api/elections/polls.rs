//! The polls and the officers' desk: opening and closing the polls, each a two-officer step
//! (the second officer confirms what the first asked, within the announced voting window), and
//! the desk the officers run the election from, in the order the law runs (L25 Arts. 15–19).

use super::candidacy::NominationLine;
use super::committee::CommitteeLine;
use super::roll::{ObjectionLine, RollStatus};
use super::{CandidateView, ElectionView, PollingPlaceCount};
use crate::AppError;
use crate::domain::refusal::Refusal;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::request::{now, officer, own_election, store};
use crate::domain::election::polls::TwoOfficerStep;
#[cfg(feature = "ssr")]
use crate::domain::election::polls::{self, Phase};

/// A two-officer step awaiting its second officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingStep {
    pub step: TwoOfficerStep,
    pub by_name: String,
    pub by_me: bool,
}

/// Everything the officers' desk shows. (Not `ElectionDesk`: that is the name `#[server]` gives
/// [`election_desk`]'s arguments.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskView {
    pub election: ElectionView,
    pub pending: Option<PendingStep>,
    /// Why the clock holds back the phase's two-officer step now (too early to open the polls,
    /// or the voting window not over), if it does.
    pub step_waits: Option<Refusal>,
    pub committee: Vec<CommitteeLine>,
    /// The caller may seat members on the committee (the convening leadership).
    pub may_seat: bool,
    /// The caller acts for the committee (sits on it or stands in): the desk's forms are theirs.
    pub acts: bool,
    pub roll: RollStatus,
    pub objections: Vec<ObjectionLine>,
    pub nominations: Vec<NominationLine>,
    pub candidates: Vec<CandidateView>,
    /// Why the candidate list cannot be published today, if it cannot.
    pub cannot_publish_list: Option<Refusal>,
    /// Each place's paper ballots handed out so far.
    pub boxes: Vec<PollingPlaceCount>,
    pub participations: u64,
    /// Proxies: principal, holder.
    pub proxies: Vec<(String, String)>,
    /// Who hands out paper ballots where: place name, officer name.
    pub station_officers: Vec<(String, String)>,
    /// Voters who say the paper ballot handed out in their name was not theirs: name, place,
    /// their note.
    pub disputes: Vec<(String, String, String)>,
}

/// Asks for (first officer) or confirms (second officer) opening or closing the polls:
/// `step` is `open_polls` or `close_polls`. Answers whether the step was taken.
#[server(prefix = "/api", endpoint = "confirm_poll_step")]
pub async fn confirm_poll_step(election: String, step: String) -> Result<bool, AppError> {
    use crate::domain::election::polls::Confirmation;
    let caller = officer().await?;
    let row = super::request::committee_election(&caller, &election).await?;
    let stands_in = polls::stands_in(&caller.roles);
    let step = match step.trim() {
        "open_polls" => TwoOfficerStep::OpenPolls,
        "close_polls" => TwoOfficerStep::ClosePolls,
        _ => return Err(AppError::invalid("step", "unknown_value")),
    };
    if step == TwoOfficerStep::OpenPolls && row.candidates_published_on.is_none() {
        return Err(Refusal::CandidatesNotPublished.into());
    }
    let first = match (&row.pending_step, &row.pending_by) {
        (Some(pending), Some(by)) if *pending == step => Some(by.clone()),
        _ => None,
    };
    let confirmation = polls::confirm(
        step,
        row.phase(),
        row.window(),
        now(),
        first.as_ref(),
        &caller.key,
    )?;
    let store = store()?;
    match confirmation {
        Confirmation::Awaiting => {
            store
                .two_officer_step(
                    &caller.community,
                    &row.key,
                    step,
                    None,
                    &caller.key,
                    stands_in,
                )
                .await?;
            Ok(false)
        }
        Confirmation::Taken => {
            store
                .two_officer_step(
                    &caller.community,
                    &row.key,
                    step,
                    first.as_ref(),
                    &caller.key,
                    stands_in,
                )
                .await?;
            Ok(true)
        }
    }
}

/// The officers' desk of `election`: the election's page, the two-officer step awaiting its
/// second officer, the committee, the roll and its objections, nominations and the candidate
/// list, the boxes' hand-outs, proxies, who hands out paper ballots where, and disputes.
#[server(prefix = "/api", endpoint = "election_desk")]
pub async fn election_desk(election: String) -> Result<DeskView, AppError> {
    use super::candidacy::list_problem;
    use super::request::{election_rules, today};
    use super::views::roll_size;
    use crate::domain::appointment::may_seat_election_committee;
    use crate::domain::election::candidacy::{Relatives, must_withdraw, nomination_stands};
    use crate::domain::election::roll;
    let caller = officer().await?;
    let row = own_election(&caller, &election).await?;
    let store = store()?;
    let rules = election_rules(&row).await?;
    let view = super::plan::election(row.key.to_string()).await?;
    let pending = match (&row.pending_step, &row.pending_by) {
        (Some(step), Some(by)) => Some(PendingStep {
            step: *step,
            by_name: store
                .person_summary(by)
                .await?
                .map(|p| p.name)
                .unwrap_or_default(),
            by_me: *by == caller.key,
        }),
        _ => None,
    };
    let on_committee = store.sits_on_committee(&row.key, &caller.key).await?;
    let step_waits = match row.phase() {
        Phase::Preparing => Some(TwoOfficerStep::OpenPolls),
        Phase::Open => Some(TwoOfficerStep::ClosePolls),
        Phase::Closed | Phase::Published => None,
    }
    .and_then(|step| {
        polls::may_act_for_committee(&caller.roles, on_committee)
            .and_then(|()| polls::may_take_now(step, row.window(), now()))
            .err()
    });
    let acts = polls::may_act_for_committee(&caller.roles, on_committee).is_ok();
    let nominations = store.nominations(&row.key).await?;
    let candidates = store.candidates(&row.key).await?;
    let relatives = Relatives::new(store.relatives(&row.key).await?);
    let nominees: Vec<crate::domain::keys::PersonKey> =
        nominations.iter().map(|n| n.person.clone()).collect();
    let committee = store
        .committee(&row.key)
        .await?
        .into_iter()
        .map(|m| CommitteeLine {
            must_withdraw: !m.withdrawn
                && !must_withdraw(std::slice::from_ref(&m.person), &nominees, &relatives)
                    .is_empty(),
            may_withdraw: !m.withdrawn
                && may_seat_election_committee(&caller.roles, m.person == caller.key),
            person: m.person,
            name: m.name,
            withdrawn: m.withdrawn,
        })
        .collect();
    let roll_rows = store.roll(&row.key).await?;
    let (households_without_rep, left_off) = if row.roll_published_on.is_none() {
        let draft = super::roll::draft(&row).await?;
        let names: std::collections::BTreeMap<crate::domain::keys::PersonKey, String> = store
            .roll_residents(&row.community, &row.key, today())
            .await?
            .into_iter()
            .map(|p| (p.key, p.name))
            .collect();
        (
            draft.households_without_rep,
            draft
                .left_off
                .into_iter()
                .take(100)
                .map(|(k, r)| (names.get(&k).cloned().unwrap_or_else(|| k.to_string()), r))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let roll = RollStatus {
        on_roll: roll_size(&roll_rows),
        struck: u64::try_from(roll_rows.iter().filter(|r| r.struck).count()).unwrap_or(0),
        published_on: row.roll_published_on.map(|d| d.to_string()),
        cannot_publish: if row.roll_published_on.is_some() {
            Some(Refusal::RollAlreadyPublished)
        } else if roll_rows.is_empty() {
            Some(Refusal::RollNotPublished)
        } else {
            roll::may_publish(&rules, row.election_day(), today()).err()
        },
        households_without_rep,
        left_off,
    };
    let objections = store
        .objections(&row.key)
        .await?
        .into_iter()
        .map(|o| {
            let decide_by = roll::decide_by(&rules, o.filed_on);
            ObjectionLine {
                overdue: o.decision.is_none() && today() > decide_by,
                key: o.key,
                filed_by: o.filed_by_name,
                subject: o.subject_name,
                kind: o.kind,
                reason: o.reason,
                filed_on: o.filed_on.to_string(),
                decide_by: decide_by.to_string(),
                decision: o.decision,
            }
        })
        .collect();
    let nominations = nominations
        .into_iter()
        .map(|n| {
            let by = n.by;
            NominationLine {
                stands: nomination_stands(by, usize::try_from(n.endorsements).unwrap_or(0), &rules),
                key: n.key,
                name: n.name,
                office: n.office,
                by: n.by,
                endorsements: n.endorsements,
                listed: n.listed,
            }
        })
        .collect();
    let candidates = candidates
        .into_iter()
        .map(|c| CandidateView {
            photo: c.has_photo.then(|| format!("/elections/photos/{}", c.key)),
            key: c.key,
            name: c.name,
            gender: c.gender,
            office: c.office,
            statement: c.statement,
        })
        .collect();
    let (participations, _, handed_out) = store.participation_counts(&row.key).await?;
    let boxes = store
        .polling_places(&row.key)
        .await?
        .into_iter()
        .map(|p| PollingPlaceCount {
            handed_out: handed_out.get(&p.key).copied().unwrap_or(0),
            key: p.key,
            name: p.name,
            roving: p.roving,
            standing: None,
            entered_by: Vec::new(),
        })
        .collect();
    let proxies = store
        .proxies(&row.key)
        .await?
        .into_iter()
        .map(|p| (p.principal_name, p.holder_name))
        .collect();
    let places = store.polling_places(&row.key).await?;
    let station_officers = store
        .place_officers(&row.key)
        .await?
        .into_iter()
        .map(|(place, _, name)| {
            let place = places
                .iter()
                .find(|p| p.key == place)
                .map_or_else(|| place.to_string(), |p| p.name.clone());
            (place, name)
        })
        .collect();
    let disputes = store.handout_disputes(&row.key).await?;
    Ok(DeskView {
        station_officers,
        disputes,
        election: view,
        pending,
        step_waits,
        committee,
        may_seat: may_seat_election_committee(&caller.roles, false),
        acts,
        roll,
        objections,
        nominations,
        candidates,
        cannot_publish_list: list_problem(&row).await?,
        boxes,
        participations,
        proxies,
    })
}
