//! The election committee (L25 Art. 15): its members and their withdrawal, the close relatives
//! people declare (a member whose relative stands must withdraw; a candidate's relatives may
//! not count, EL Art. 43), and the election officers assigned to hand out paper ballots at each
//! polling place.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::request::{committee_election, officer, parse_key, preparing, resolve_person, store};
#[cfg(feature = "ssr")]
use crate::domain::{appointment::may_seat_election_committee, refusal::Refusal};

/// A member of the election committee, as officers see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeLine {
    pub person: crate::domain::keys::PersonKey,
    pub name: String,
    pub withdrawn: bool,
    /// A close relative is nominated: must withdraw (L25 Art. 15).
    pub must_withdraw: bool,
    /// The caller may record this member's withdrawal (the convening leadership, or the member
    /// themselves), had the member not withdrawn yet.
    pub may_withdraw: bool,
}

/// Adds `person` to the committee of `election`, while it is prepared. `person`: a person's
/// key, or a name (with the household number after a space when two share the name). Only the
/// convening leadership seats members ([`crate::domain::appointment::may_seat_election_committee`]).
#[server(prefix = "/api", endpoint = "add_committee_member")]
pub async fn add_committee_member(election: String, person: String) -> Result<(), AppError> {
    let caller = officer().await?;
    if !may_seat_election_committee(&caller.roles, false) {
        return Err(Refusal::NotElectionConvener.into());
    }
    let row = preparing(&caller, &election).await?;
    let person = resolve_person(&caller, "person", &person).await?;
    store()?
        .add_committee_member(&caller.acting(), &row.key, &person)
        .await?;
    Ok(())
}

/// Records that committee member `person` (a key) withdrew, while `election` is prepared: the
/// convening leadership records anyone's withdrawal, a member their own. A step the member
/// asked for and nobody confirmed lapses with them.
#[server(prefix = "/api", endpoint = "withdraw_committee_member")]
pub async fn withdraw_committee_member(election: String, person: String) -> Result<(), AppError> {
    let caller = officer().await?;
    let row = preparing(&caller, &election).await?;
    let person = parse_key("person", &person)?;
    if !may_seat_election_committee(&caller.roles, person == caller.key) {
        return Err(Refusal::NotElectionConvener.into());
    }
    store()?
        .withdraw_committee_member(&caller.acting(), &row.key, &person)
        .await?;
    Ok(())
}

/// Records that `declarant` declared `relative` a close relative (each a key or name as for
/// [`add_committee_member`]); until the result is published.
#[server(prefix = "/api", endpoint = "declare_relative")]
pub async fn declare_relative(
    election: String,
    declarant: String,
    relative: String,
) -> Result<(), AppError> {
    let caller = officer().await?;
    let row = committee_election(&caller, &election).await?;
    let declarant = resolve_person(&caller, "declarant", &declarant).await?;
    let relative = resolve_person(&caller, "relative", &relative).await?;
    if declarant == relative {
        return Err(AppError::invalid("relative", "unknown_value"));
    }
    store()?
        .declare_relative(&caller.acting(), &row.key, &declarant, &relative)
        .await?;
    Ok(())
}

/// Assigns an election officer (`officer`: key or name as for [`add_committee_member`]) to
/// hand out paper ballots at `place`. Only those assigned to a place hand out there.
#[server(prefix = "/api", endpoint = "assign_place_officer")]
pub async fn assign_place_officer(
    election: String,
    place: String,
    officer: String,
) -> Result<(), AppError> {
    use super::request::{place_of, today};
    use crate::domain::policy::{Action, Caller, Decision, decide};
    // `officer` is the form's field here: the caller is checked as everywhere else.
    let caller = super::request::officer().await?;
    let row = committee_election(&caller, &election).await?;
    let place: crate::domain::keys::PlaceKey = parse_key("place", &place)?;
    let person = resolve_person(&caller, "officer", &officer).await?;
    if person == caller.key {
        // Another officer puts you at a station, as another confirms the close.
        return Err(Refusal::SameOfficer.into());
    }
    let store = store()?;
    place_of(&store, &row, &place).await?;
    let grants = store.role_grants(&person, &caller.community).await?;
    let roles = crate::domain::roles::roles_in_force(&grants, today());
    if decide(Action::HandOutPaper, &Caller::SignedIn { roles: &roles }) != Decision::Allow {
        // Only someone who may hand out paper ballots can be put at a station.
        return Err(AppError::invalid("officer", "unknown_value"));
    }
    store
        .assign_to_place(&caller.acting(), &row.key, &place, &person)
        .await?;
    Ok(())
}
