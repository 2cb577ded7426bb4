//! Candidacies (L25 Art. 18): nominations by the party organisation and by voters with their
//! endorsements, the formal candidate list with statements and photos, and publishing it on
//! the notice board when the calendar allows and no committee member's close relative stands
//! (Art. 15).

use crate::AppError;
use crate::api::notices::Upload;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::request::{
    committee_preparing, election_rules, office_of, officer, own_election, parse_key, preparing,
    resolve_person, signed_in, store, today, voter,
};
#[cfg(feature = "ssr")]
use crate::api::guard::Person;
use crate::domain::election::candidacy::NominatedBy;
#[cfg(feature = "ssr")]
use crate::domain::election::candidacy::{may_endorse, nomination_stands};
use crate::domain::election::plan::Office;
use crate::domain::keys::NominationKey;
#[cfg(feature = "ssr")]
use crate::domain::keys::PersonKey;
#[cfg(feature = "ssr")]
use crate::domain::refusal::Refusal;
#[cfg(feature = "ssr")]
use crate::store::elections::ElectionRow;

/// A nomination and whether it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationLine {
    pub key: NominationKey,
    pub name: String,
    pub office: Office,
    pub by: NominatedBy,
    pub endorsements: i64,
    pub stands: bool,
    pub listed: bool,
}

/// Longest candidate statement.
#[cfg(feature = "ssr")]
const MAX_STATEMENT_CHARS: usize = 2_000;
/// Largest candidate photo.
#[cfg(feature = "ssr")]
const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// Refuses a caller who is not on `row`'s roll.
#[cfg(feature = "ssr")]
async fn voter_on_roll(caller: &Person, row: &ElectionRow) -> Result<(), AppError> {
    if store()?.on_roll(&row.key, &caller.key).await? {
        Ok(())
    } else {
        Err(Refusal::NotOnRoll.into())
    }
}

/// Why the candidate list cannot be published today, if it cannot.
#[cfg(feature = "ssr")]
pub(crate) async fn list_problem(row: &ElectionRow) -> Result<Option<Refusal>, AppError> {
    use crate::domain::election::candidacy::{self, Listed, Relatives, check_list, must_withdraw};
    use crate::domain::registry::Gender;
    let store = store()?;
    let rules = election_rules(row).await?;
    if row.candidates_published_on.is_some() {
        return Ok(Some(Refusal::CandidatesPublished));
    }
    if row.roll_published_on.is_none() {
        return Ok(Some(Refusal::RollNotPublished));
    }
    let candidates = store.candidates(&row.key).await?;
    let listed: Vec<Listed<PersonKey>> = candidates
        .iter()
        .map(|c| Listed {
            person: c.person.clone(),
            office: c.office,
            gender: c.gender.as_deref().and_then(Gender::parse),
        })
        .collect();
    if let Err(refusal) = check_list(row.seats(), &listed, &rules) {
        return Ok(Some(refusal));
    }
    let relatives = Relatives::new(store.relatives(&row.key).await?);
    let members: Vec<PersonKey> = store
        .committee(&row.key)
        .await?
        .into_iter()
        .filter(|m| !m.withdrawn)
        .map(|m| m.person)
        .collect();
    let nominees: Vec<PersonKey> = candidates.iter().map(|c| c.person.clone()).collect();
    if !must_withdraw(&members, &nominees, &relatives).is_empty() {
        return Ok(Some(Refusal::RelativeNominated));
    }
    Ok(candidacy::may_publish_list(&rules, row.election_day(), today()).err())
}

/// The party organisation nominates `person` (a key or name, on the roll) for `office` (an
/// `Office` code). Answers the nomination's key.
#[server(prefix = "/api", endpoint = "nominate_for_party")]
pub async fn nominate_for_party(
    election: String,
    person: String,
    office: String,
) -> Result<NominationKey, AppError> {
    use crate::domain::policy::Action;
    let caller = signed_in(Action::NominateForParty).await?;
    let row = preparing(&caller, &election).await?;
    let office = office_of(&office)?;
    if row.seats().of(office) == 0 {
        return Err(AppError::invalid("office", "unknown_value"));
    }
    let person = resolve_person(&caller, "person", &person).await?;
    let store = store()?;
    if !store.on_roll(&row.key, &person).await? {
        return Err(Refusal::NotOnRoll.into());
    }
    Ok(store
        .nominate(
            &caller.community,
            &row.key,
            &person,
            office,
            NominatedBy::Party,
            &caller.key,
            row.seats().of(office),
        )
        .await?)
}

/// Starts a voters' nomination of `person` (a key or name, on the roll) for `office`; the
/// caller, on the roll too, is its first endorser. Answers the nomination's key.
#[server(prefix = "/api", endpoint = "nominate_by_voters")]
pub async fn nominate_by_voters(
    election: String,
    person: String,
    office: String,
) -> Result<NominationKey, AppError> {
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    voter_on_roll(&caller, &row).await?;
    let office = office_of(&office)?;
    let seats = row.seats().of(office);
    if seats == 0 {
        return Err(AppError::invalid("office", "unknown_value"));
    }
    let person = resolve_person(&caller, "person", &person).await?;
    let store = store()?;
    if !store.on_roll(&row.key, &person).await? {
        return Err(Refusal::NotOnRoll.into());
    }
    may_endorse(
        store.endorsements_by(&row.key, &caller.key, office).await?,
        seats,
    )?;
    Ok(store
        .nominate(
            &caller.community,
            &row.key,
            &person,
            office,
            NominatedBy::Voters,
            &caller.key,
            seats,
        )
        .await?)
}

/// The caller, on the roll, endorses the voters' `nomination`, within their endorsements for
/// its office (as many as its seats).
#[server(prefix = "/api", endpoint = "endorse_nomination")]
pub async fn endorse_nomination(election: String, nomination: String) -> Result<(), AppError> {
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    voter_on_roll(&caller, &row).await?;
    let nomination = parse_key("nomination", &nomination)?;
    let store = store()?;
    let found = store
        .nominations(&row.key)
        .await?
        .into_iter()
        .find(|n| n.key == nomination)
        .ok_or(AppError::NotFound)?;
    let office = found.office;
    may_endorse(
        store.endorsements_by(&row.key, &caller.key, office).await?,
        row.seats().of(office),
    )?;
    Ok(store
        .endorse(
            &caller.community,
            &row.key,
            &nomination,
            &caller.key,
            row.seats().of(office),
        )
        .await?)
}

/// Voters' nominations of `election`, each with its endorsements and whether it stands.
#[server(prefix = "/api", endpoint = "open_nominations")]
pub async fn open_nominations(election: String) -> Result<Vec<NominationLine>, AppError> {
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    let rules = election_rules(&row).await?;
    Ok(store()?
        .nominations(&row.key)
        .await?
        .into_iter()
        .filter(|n| n.by == NominatedBy::Voters)
        .map(|n| NominationLine {
            stands: nomination_stands(
                NominatedBy::Voters,
                usize::try_from(n.endorsements).unwrap_or(0),
                &rules,
            ),
            key: n.key,
            name: n.name,
            office: n.office,
            by: n.by,
            endorsements: n.endorsements,
            listed: n.listed,
        })
        .collect())
}

/// Puts the person of a standing `nomination` on the formal candidate list. Answers the
/// candidate's key.
#[server(prefix = "/api", endpoint = "list_candidate")]
pub async fn list_candidate(
    election: String,
    nomination: String,
) -> Result<crate::domain::keys::CandidateKey, AppError> {
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    let nomination = parse_key("nomination", &nomination)?;
    let store = store()?;
    let found = store
        .nominations(&row.key)
        .await?
        .into_iter()
        .find(|n| n.key == nomination)
        .ok_or(AppError::NotFound)?;
    let by = found.by;
    let endorsements = usize::try_from(found.endorsements).unwrap_or(0);
    if !nomination_stands(by, endorsements, &election_rules(&row).await?) {
        return Err(Refusal::TooFewEndorsements.into());
    }
    Ok(store
        .list_candidate(&caller.acting(), &row.key, &nomination)
        .await?)
}

/// Takes `candidate` off the formal list before it is published.
#[server(prefix = "/api", endpoint = "unlist_candidate")]
pub async fn unlist_candidate(election: String, candidate: String) -> Result<(), AppError> {
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    let candidate = parse_key("candidate", &candidate)?;
    store()?
        .unlist_candidate(&caller.acting(), &row.key, &candidate)
        .await?;
    Ok(())
}

/// Sets a candidate's statement (2,000 characters at most) and, optionally, photo (PNG or
/// JPEG, 2 MiB at most).
#[server(prefix = "/api", endpoint = "describe_candidate")]
pub async fn describe_candidate(
    election: String,
    candidate: String,
    statement: String,
    photo: Option<Upload>,
) -> Result<(), AppError> {
    use crate::domain::notice::AttachmentKind;
    use base64::Engine;
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    let candidate = parse_key("candidate", &candidate)?;
    let statement = crate::domain::text::paragraphs(&statement);
    let statement = statement.as_str();
    if statement.chars().count() > MAX_STATEMENT_CHARS {
        return Err(AppError::invalid("statement", "too_long"));
    }
    let photo = match photo.filter(|p| !p.data.is_empty()) {
        None => None,
        Some(upload) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(upload.data.as_bytes())
                .map_err(|_| AppError::invalid("photo", "unreadable"))?;
            if bytes.len() > MAX_PHOTO_BYTES {
                return Err(AppError::invalid("photo", "too_long"));
            }
            match AttachmentKind::sniff(&bytes) {
                Some(kind @ (AttachmentKind::Png | AttachmentKind::Jpeg)) => {
                    Some((kind.media_type(), bytes))
                }
                _ => return Err(AppError::invalid("photo", "unknown_value")),
            }
        }
    };
    store()?
        .describe_candidate(
            &caller.acting(),
            &row.key,
            &candidate,
            statement,
            photo
                .as_ref()
                .map(|(kind, bytes)| (*kind, bytes.as_slice())),
        )
        .await?;
    Ok(())
}

/// Publishes the formal candidate list of `election` on the notice board, when nothing stands
/// in the way (the roll is published; more candidates than seats, nobody twice, enough women;
/// no committee member's relative stands; the calendar allows). Answers the notice's key.
#[server(prefix = "/api", endpoint = "publish_candidates")]
pub async fn publish_candidates(
    election: String,
) -> Result<crate::domain::keys::NoticeKey, AppError> {
    use super::announcements::{self, notice};
    use super::views::contests;
    use crate::domain::notice::NoticeKind;
    use crate::store::elections::ElectionList;
    let caller = officer().await?;
    let row = committee_preparing(&caller, &election).await?;
    if let Some(refusal) = list_problem(&row).await? {
        return Err(refusal.into());
    }
    let (_, views) = contests(&store()?, &row).await?;
    let lists: Vec<(Office, u8, Vec<String>)> = views
        .iter()
        .map(|contest| {
            (
                contest.office,
                contest.seats,
                contest.candidates.iter().map(|c| c.name.clone()).collect(),
            )
        })
        .collect();
    let (title, body) = announcements::candidates(&row.title, &row.key, &lists);
    let notice = notice(&row.community, NoticeKind::Election, title, body).await?;
    Ok(store()?
        .publish_list(
            &caller.acting(),
            &row.key,
            ElectionList::Candidates,
            today(),
            &notice,
        )
        .await?)
}
