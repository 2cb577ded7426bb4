//! Staff issuing invitations: one for a registry person, a recovery invitation for someone who
//! lost their passkeys, or a printable sheet for everyone a search finds who has not joined
//! yet. A code is shown once, here, with its link and QR code; only its hash is stored.

use crate::AppError;
use crate::api::registry::PeopleFilterInput;
#[cfg(feature = "ssr")]
use crate::{
    api::context::ServerContext,
    api::registry::ssr::{actor, person_of, staff, today},
    domain::appointment::grantable_roles,
    domain::invitation::{DEFAULT_VALIDITY_DAYS, InvitationKind},
    domain::policy::Action,
    domain::refusal::Refusal,
    domain::registry::PeopleFilter,
    store::invitations::InvitationRequest,
    store::people::PersonRow,
};
#[cfg(feature = "ssr")]
use issuing::{card, may_invite, own_grids, role_to_hand_out};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An invitation as handed to a person: on screen, or as a card of the printed sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCard {
    pub name: String,
    pub household: Option<String>,
    pub grid: Option<String>,
    pub role: Option<crate::domain::roles::Role>,
    pub recovery: bool,
    pub code: String,
    pub link: String,
    /// The link as an SVG QR code, made on the server.
    pub qr_svg: String,
    /// Last day it can be used (UTC), `YYYY-MM-DD`.
    pub expires: String,
}

/// Most invitations on one printed sheet (six A4 pages of eight).
pub const SHEET_MAX: u32 = 48;

/// An enrolment invitation for `person` (a key in the caller's community), who has not
/// joined, granting `role` (a role code the caller may hand out). Answers its card, the only
/// time the code is shown.
#[server(prefix = "/api", endpoint = "issue_invitation")]
pub async fn issue_invitation(person: String, role: String) -> Result<InvitationCard, AppError> {
    let caller = staff(Action::IssueInvitation).await?;
    let role = role_to_hand_out(&caller, &role)?;
    let row = person_of(&caller, &person).await?;
    may_invite(&caller, &own_grids(&caller).await?, &row, &[role])?;
    if row.enrolled {
        // Joined already: a lost phone is a recovery, not a second enrolment.
        return Err(Refusal::AlreadyEnrolled.into());
    }
    let issued = ServerContext::current()?
        .store
        .issue_invitation(
            &InvitationRequest {
                community: &caller.community,
                person: Some(&row.key),
                roles: &[role],
                kind: InvitationKind::Enrolment,
                validity_days: DEFAULT_VALIDITY_DAYS,
                may_carry: &grantable_roles(&caller.roles),
            },
            &actor(&caller),
        )
        .await?;
    card(&row, Some(role), &issued, false)
}

/// A recovery invitation for `person`, who has joined: they add a new passkey and may revoke
/// the lost ones. Answers its card; `NotJoinedYet` when they have not joined.
#[server(prefix = "/api", endpoint = "issue_recovery_invitation")]
pub async fn issue_recovery_invitation(person: String) -> Result<InvitationCard, AppError> {
    let caller = staff(Action::IssueRecoveryInvitation).await?;
    let row = person_of(&caller, &person).await?;
    if !row.enrolled {
        return Err(Refusal::NotJoinedYet.into());
    }
    may_invite(&caller, &own_grids(&caller).await?, &row, &[])?;
    let issued = ServerContext::current()?
        .store
        .issue_invitation(
            &InvitationRequest {
                community: &caller.community,
                person: Some(&row.key),
                roles: &[],
                kind: InvitationKind::Recovery,
                validity_days: DEFAULT_VALIDITY_DAYS,
                may_carry: &grantable_roles(&caller.roles),
            },
            &actor(&caller),
        )
        .await?;
    card(&row, None, &issued, true)
}

/// Invitations for up to [`SHEET_MAX`] people `filter` finds who have neither joined nor an
/// open invitation and whom the caller may invite, each granting `role`: their cards, none
/// when nobody is found.
#[server(prefix = "/api", endpoint = "issue_invitation_sheet")]
pub async fn issue_invitation_sheet(
    filter: PeopleFilterInput,
    role: String,
) -> Result<Vec<InvitationCard>, AppError> {
    let caller = staff(Action::IssueInvitation).await?;
    let role = role_to_hand_out(&caller, &role)?;
    let filter = PeopleFilter::parse(&filter)?;
    let store = ServerContext::current()?.store;
    let grids = own_grids(&caller).await?;
    let people: Vec<PersonRow> = store
        .uninvited_people(&caller.community, &filter, today(), SHEET_MAX)
        .await?
        .into_iter()
        // Only people this issuer may hand a whole account to (the store checks it again).
        .filter(|p| may_invite(&caller, &grids, p, &[role]).is_ok())
        .collect();
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<_> = people.iter().map(|p| p.key.clone()).collect();
    let issued = store
        .issue_invitation_sheet(
            &caller.acting(),
            &keys,
            &[role],
            &grantable_roles(&caller.roles),
            DEFAULT_VALIDITY_DAYS,
        )
        .await?;
    people
        .iter()
        .zip(&issued)
        .map(|(person, issued)| card(person, Some(role), issued, false))
        .collect()
}

/// What issuing any invitation shares: who may be invited to what, and the card handed out.
#[cfg(feature = "ssr")]
mod issuing {
    use super::InvitationCard;
    use crate::AppError;
    use crate::api::context::ServerContext;
    use crate::api::guard::Person;
    use crate::api::registry::ssr::may_hand_out;
    use crate::domain::appointment::{Refusal as Appointment, check_invitation};
    use crate::domain::refusal::Refusal;
    use crate::domain::roles::Role;
    use crate::store::invitations::IssuedInvitation;
    use crate::store::people::PersonRow;

    pub(super) fn card(
        person: &PersonRow,
        role: Option<Role>,
        issued: &IssuedInvitation,
        recovery: bool,
    ) -> Result<InvitationCard, AppError> {
        let origin = ServerContext::current()?.public_origin;
        let link = format!("{}/join/{}", origin.trim_end_matches('/'), issued.code);
        let qr_svg = crate::api::qr::svg(&link, 150)?;
        Ok(InvitationCard {
            name: person.name.clone(),
            household: person.household.clone(),
            grid: person.grid.clone(),
            role,
            recovery,
            code: issued.code.clone(),
            link,
            qr_svg,
            expires: crate::domain::clock::show_day(issued.expires_at),
        })
    }

    /// The roles `row` holds in force today (the store checks grants starting later as well).
    fn held(row: &PersonRow) -> Vec<Role> {
        row.roles.clone()
    }

    /// Whether `caller` may issue an invitation adding `added` to `row`, over every role the
    /// person holds; answers the refusal staff see.
    pub(super) fn may_invite(
        caller: &Person,
        their_grids: &[String],
        row: &PersonRow,
        added: &[Role],
    ) -> Result<(), AppError> {
        if !crate::domain::appointment::may_invite_in(
            &caller.roles,
            their_grids,
            row.grid.as_deref(),
        ) {
            return Err(Refusal::InvitationOutsideGrid.into());
        }
        check_invitation(&caller.roles, row.key == caller.key, &held(row), added).map_err(
            |refusal| {
                tracing::warn!(%refusal, caller = %caller.key, person = %row.key, "invitation refused");
                match refusal {
                    Appointment::OwnRoles => AppError::Forbidden,
                    Appointment::AboveCaller => Refusal::InvitationAboveIssuer.into(),
                }
            },
        )
    }

    /// The grids `caller` is the grid worker of.
    pub(super) async fn own_grids(caller: &Person) -> Result<Vec<String>, AppError> {
        Ok(ServerContext::current()?
            .store
            .grids_of_worker(&caller.community, &caller.key)
            .await?)
    }

    pub(super) fn role_to_hand_out(caller: &Person, raw: &str) -> Result<Role, AppError> {
        let role = Role::parse(raw).ok_or_else(|| AppError::invalid("role", "unknown_value"))?;
        if may_hand_out(caller, role) {
            Ok(role)
        } else {
            tracing::warn!(caller = %caller.key, ?role, "invitation to a role above the caller refused");
            Err(AppError::Forbidden)
        }
    }
}
