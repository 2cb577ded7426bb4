//! The voter roll (L25 Arts. 16–17): applications to it, drafting it from the registry by the
//! election's mode, publishing it on the notice board when the calendar allows (at least 20
//! days before election day), objections to it and their decisions, and the published roll as
//! the community's people read it.

use crate::AppError;
use crate::domain::refusal::Refusal;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::request::{
    committee_preparing, election_rules, officer, own_election, parse_key, resolve_person, store,
    today, voter,
};
// `law`: the roll's rules (`domain::election::roll`), named apart from this module.
#[cfg(feature = "ssr")]
use crate::domain::election::roll::{self as law, Application, Resident};
#[cfg(feature = "ssr")]
use crate::domain::keys::PersonKey;
#[cfg(feature = "ssr")]
use crate::store::elections::{ElectionRow, RollPersonRow};

/// The roll as officers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollStatus {
    pub on_roll: u64,
    pub struck: u64,
    pub published_on: Option<String>,
    /// Why the roll cannot be published today, if it cannot.
    pub cannot_publish: Option<Refusal>,
    pub households_without_rep: Vec<String>,
    /// People of the community left off the draft, and why (the first 100).
    pub left_off: Vec<(String, Refusal)>,
}

/// An objection to the roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionLine {
    pub key: crate::domain::keys::ObjectionKey,
    pub filed_by: String,
    pub subject: String,
    pub kind: crate::domain::election::roll::ObjectionKind,
    pub reason: String,
    pub filed_on: String,
    pub decide_by: String,
    pub decision: Option<String>,
    pub overdue: bool,
}

/// A voter on the published roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollLine {
    pub name: String,
    pub household: Option<String>,
    pub residents_group: Option<String>,
    pub struck: bool,
}

/// Longest reason for an objection.
#[cfg(feature = "ssr")]
const MAX_REASON_CHARS: usize = 500;

/// A resident as the roll's law reads them, from what the registry says.
#[cfg(feature = "ssr")]
fn resident(row: &RollPersonRow) -> Resident<PersonKey> {
    use crate::domain::roles::Role;
    let application = match (row.applied, row.confirmed, row.serving_since) {
        (true, true, Some(serving_since)) => Application::Confirmed { serving_since },
        (true, _, _) => Application::Applied,
        _ => Application::None,
    };
    Resident {
        key: row.key.clone(),
        birth_date: row.birth_date,
        category: row.category,
        application,
        household: row.household.clone(),
        household_rep: row.roles.contains(&Role::HouseholdRep),
        resident_rep: row.roles.contains(&Role::ResidentRep),
    }
}

/// The roll the registry gives election `row` today: who is on it, who is left off and why.
#[cfg(feature = "ssr")]
pub(crate) async fn draft(row: &ElectionRow) -> Result<law::DraftRoll<PersonKey>, AppError> {
    let people = store()?
        .roll_residents(&row.community, &row.key, today())
        .await?;
    let residents: Vec<Resident<PersonKey>> = people.iter().map(resident).collect();
    Ok(law::draft(
        row.mode(),
        &residents,
        row.election_day(),
        &election_rules(row).await?,
    ))
}

/// Records `person`'s application to the roll (a key or name as for
/// [`super::committee::add_committee_member`]); `serving_since` (`YYYY-MM-DD`) confirms a
/// community worker's service, empty for a permanent resident.
#[server(prefix = "/api", endpoint = "record_application")]
pub async fn record_application(
    election: String,
    person: String,
    serving_since: String,
) -> Result<(), AppError> {
    use super::request::parse_day;
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    let person = resolve_person(&caller, "person", &person).await?;
    let since = match serving_since.trim() {
        "" => None,
        raw => {
            let since = parse_day("serving_since", raw)?;
            if since > today() {
                return Err(AppError::invalid("serving_since", "in_the_future"));
            }
            Some(since)
        }
    };
    store()?
        .apply_for_roll(&caller.acting(), &row.key, &person, since, since.is_some())
        .await?;
    Ok(())
}

/// Drafts the roll of `election` from the registry (replacing an earlier draft), before it is
/// published. Answers how many are on it.
#[server(prefix = "/api", endpoint = "draft_roll")]
pub async fn draft_roll(election: String) -> Result<u64, AppError> {
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    if row.roll_published_on.is_some() {
        return Err(Refusal::RollAlreadyPublished.into());
    }
    let draft = draft(&row).await?;
    store()?
        .write_roll(&caller.acting(), &row.key, &draft.voters)
        .await?;
    Ok(u64::try_from(draft.voters.len()).unwrap_or(0))
}

/// Publishes the drafted roll of `election` on the notice board, when the calendar allows
/// (L25 Art. 13). Answers the notice's key.
#[server(prefix = "/api", endpoint = "publish_roll")]
pub async fn publish_roll(election: String) -> Result<crate::domain::keys::NoticeKey, AppError> {
    use super::announcements::{self, notice};
    use super::views::roll_size;
    use crate::domain::notice::NoticeKind;
    use crate::store::elections::ElectionList;
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    let rules = election_rules(&row).await?;
    let store = store()?;
    let size = roll_size(&store.roll(&row.key).await?);
    if size == 0 {
        return Err(Refusal::RollNotPublished.into());
    }
    law::may_publish(&rules, row.election_day(), today())?;
    let objections_until = today()
        .checked_add_days(chrono::Days::new(u64::from(rules.objection_days)))
        .unwrap_or(today());
    let (title, body) = announcements::roll(&row.title, &row.key, size, objections_until);
    let notice = notice(&row.community, NoticeKind::Election, title, body).await?;
    Ok(store
        .publish_list(
            &caller.acting(),
            &row.key,
            ElectionList::Roll,
            today(),
            &notice,
        )
        .await?)
}

/// Decides `objection` to the roll of `election`: `upheld` is `yes` or `no`. Upheld, it puts
/// the missing person on the roll or strikes the one wrongly listed.
#[server(prefix = "/api", endpoint = "decide_objection")]
pub async fn decide_objection(
    election: String,
    objection: String,
    upheld: String,
) -> Result<(), AppError> {
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    let objection = parse_key("objection", &objection)?;
    let upheld = match upheld.trim() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::invalid("upheld", "unknown_value")),
    };
    store()?
        .decide_objection(&caller.acting(), &row.key, &objection, upheld, today())
        .await?;
    Ok(())
}

/// Objects to the published roll of `election`, while objections are open: `kind` is
/// `missing` or `wrongly_listed`, about `subject` (a key or name), for `reason` (500
/// characters at most).
#[server(prefix = "/api", endpoint = "file_objection")]
pub async fn file_objection(
    election: String,
    subject: String,
    kind: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::election::roll::ObjectionKind;
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    let published = row.roll_published_on().ok_or(Refusal::RollNotPublished)?;
    law::may_object(&election_rules(&row).await?, published, today())?;
    let kind = match kind.trim() {
        "missing" => ObjectionKind::Missing,
        "wrongly_listed" => ObjectionKind::WronglyListed,
        _ => return Err(AppError::invalid("kind", "unknown_value")),
    };
    let reason = crate::domain::text::paragraphs(&reason);
    let reason = reason.as_str();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "missing"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid("reason", "too_long"));
    }
    let subject = resolve_person(&caller, "subject", &subject).await?;
    store()?
        .file_objection(
            &caller.community,
            &row.key,
            &caller.key,
            &subject,
            kind,
            reason,
            today(),
        )
        .await?;
    Ok(())
}

/// The published roll of `election`, for the community's signed-in people.
#[server(prefix = "/api", endpoint = "voter_roll")]
pub async fn voter_roll(election: String) -> Result<Vec<RollLine>, AppError> {
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    if row.roll_published_on.is_none() {
        return Err(Refusal::RollNotPublished.into());
    }
    Ok(store()?
        .roll(&row.key)
        .await?
        .into_iter()
        .map(|r| RollLine {
            name: r.name,
            household: r.household,
            residents_group: r.residents_group,
            struck: r.struck,
        })
        .collect())
}
