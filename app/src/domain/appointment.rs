//! Who may give whom which role. The policy table says who may reach the staff pages at all;
//! this rule says, inside them, which roles a member of staff may grant, end or hand out in an
//! invitation, and whose account they may recover. Without it a grid worker could invite
//! themselves a district administrator.

use super::roles::Role;

/// The officers who appoint other officers: the party secretary, the committee director, the
/// station chief, and the district administrator above them.
pub const APPOINTERS: &[Role] = &[
    Role::PartySecretary,
    Role::CommitteeDirector,
    Role::StationChief,
    Role::DistrictAdmin,
];

/// Why a member of staff may not change a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Nobody changes their own roles or recovers their own account: a second officer must.
    #[error("nobody changes their own roles")]
    OwnRoles,
    /// The role is above what the caller's roles may grant.
    #[error("the role is above the caller's")]
    AboveCaller,
}

/// Roles a resident holds by the register or by a vote among residents. Any registry staff
/// may record them, since they only confirm what the register or the vote says.
pub fn is_resident_level(role: Role) -> bool {
    matches!(
        role,
        Role::Resident
            | Role::HouseholdRep
            | Role::ResidentRep
            | Role::PartyMember
            | Role::PartyMemberRep
            | Role::MemberUnitRep
    )
}

/// The community's leadership that convenes an election: it records the election officers
/// the residents' meeting chose (L25 Art. 15).
const ELECTION_CONVENERS: &[Role] = &[
    Role::PartySecretary,
    Role::CommitteeDirector,
    Role::DistrictAdmin,
];

/// Whether holding `granter` lets one grant, end or invite to `role`. Offices residents or
/// party members elect, and the station chief the street office appoints, are recorded by the
/// district administrator alone, from the result or the letter of appointment; election
/// officers by the leadership that convenes the election; grid workers by any appointer; roles
/// the register or a residents' vote gives, by any staff. A station chief could make election
/// officers and office holders until the 2026-12-07 review (issue 16).
pub fn may_grant(granter: &[Role], role: Role) -> bool {
    let any_of = |roles: &[Role]| granter.iter().any(|g| roles.contains(g));
    match role {
        Role::Resident
        | Role::HouseholdRep
        | Role::ResidentRep
        | Role::PartyMember
        | Role::PartyMemberRep
        | Role::MemberUnitRep => granter.iter().any(|g| g.is_staff()),
        Role::StationStaff => any_of(APPOINTERS),
        Role::ElectionCommitteeMember | Role::Scrutineer => convenes_elections(granter),
        Role::PartyCommitteeMember
        | Role::PartySecretary
        | Role::CommitteeDirector
        | Role::DeputyDirector
        | Role::CommitteeMember
        | Role::SupervisoryCommitteeMember
        | Role::StationChief
        | Role::DistrictAdmin => granter.contains(&Role::DistrictAdmin),
    }
}

/// Whether holding `roles` makes one of the leadership that convenes an election (L25 Art.
/// 15): they record the election officers, and who sits on an election's committee.
pub fn convenes_elections(roles: &[Role]) -> bool {
    roles.iter().any(|role| ELECTION_CONVENERS.contains(role))
}

/// Whether an officer holding `roles` may seat a person on an election's committee, or record
/// a member's withdrawal (`own_withdrawal` when the member withdraws themselves). The residents'
/// meeting chooses the committee (L25 Art. 15) and the convening leadership records its choice;
/// a member may always step down, which gives nobody power. (The desk itself is for election
/// officers, so there the convening leadership means the party secretary and the district
/// administrator.) Until the 2026-12-07 review any
/// election officer could seat themselves on a committee and then open its polls.
pub fn may_seat_election_committee(roles: &[Role], own_withdrawal: bool) -> bool {
    own_withdrawal || convenes_elections(roles)
}

/// Checks that a member of staff holding `granter` may change `role` of a person; `is_self`
/// when that person is the caller.
pub fn check_grant(granter: &[Role], is_self: bool, role: Role) -> Result<(), Refusal> {
    if is_self {
        return Err(Refusal::OwnRoles);
    }
    if may_grant(granter, role) {
        Ok(())
    } else {
        Err(Refusal::AboveCaller)
    }
}

/// Checks that a member of staff may issue a recovery invitation for a person holding
/// `target_roles`: recovering an account hands over every role in it, so the caller must be
/// able to grant each of them, and must be one of the [`APPOINTERS`]. A grid worker alone
/// could otherwise take over any resident's account, their vote in an open election included
/// (the second 2026-12-07 review); grid workers invite new residents, not old ones.
pub fn check_recovery(
    granter: &[Role],
    is_self: bool,
    target_roles: &[Role],
) -> Result<(), Refusal> {
    if is_self {
        return Err(Refusal::OwnRoles);
    }
    let appoints = granter.iter().any(|role| APPOINTERS.contains(role));
    if appoints && target_roles.iter().all(|role| may_grant(granter, *role)) {
        Ok(())
    } else {
        Err(Refusal::AboveCaller)
    }
}

/// Checks that a member of staff holding `granter` may issue an invitation adding `added` to a
/// person who already holds `held` (every grant not ended, future ones included). Using an
/// invitation hands over the whole account, not only the role it adds, so every role the person
/// will hold must be one the issuer may grant: otherwise a grid worker could invite a registered
/// district administrator "as a resident" and take their account (issue 15, item 1).
pub fn check_invitation(
    granter: &[Role],
    is_self: bool,
    held: &[Role],
    added: &[Role],
) -> Result<(), Refusal> {
    if is_self {
        return Err(Refusal::OwnRoles);
    }
    if held
        .iter()
        .chain(added)
        .all(|role| may_grant(granter, *role))
    {
        Ok(())
    } else {
        Err(Refusal::AboveCaller)
    }
}

/// Whether a member of staff holding `granter`, the grid worker of `their_grids`, may invite
/// a person registered in `person_grid`. An invitation hands over the person's registry
/// identity and with it their vote: appointers invite anyone of the community, a grid worker
/// only the residents of their own grids (the second 2026-12-07 review enrolled as residents
/// of other grids with a grid worker's invitations).
pub fn may_invite_in(granter: &[Role], their_grids: &[String], person_grid: Option<&str>) -> bool {
    granter.iter().any(|role| APPOINTERS.contains(role))
        || person_grid.is_some_and(|grid| their_grids.iter().any(|own| own == grid))
}

/// The roles `granter` may hand out, in the glossary's order (for the forms' choices).
pub fn grantable_roles(granter: &[Role]) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|role| may_grant(granter, *role))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_registry_staff_may_record_resident_level_roles() {
        for role in Role::ALL.iter().copied().filter(|r| r.is_staff()) {
            assert!(may_grant(&[role], Role::Resident), "{role:?}");
            assert!(may_grant(&[role], Role::HouseholdRep), "{role:?}");
        }
        assert!(!may_grant(&[Role::Resident], Role::Resident));
        assert!(!may_grant(&[Role::Scrutineer], Role::HouseholdRep));
    }

    #[test]
    fn only_appointers_grant_officer_roles() {
        assert!(!may_grant(&[Role::StationStaff], Role::StationChief));
        assert!(!may_grant(&[Role::StationStaff], Role::StationStaff));
        assert!(!may_grant(
            &[Role::DeputyDirector],
            Role::ElectionCommitteeMember
        ));
        assert!(may_grant(&[Role::StationChief], Role::StationStaff));
        assert!(may_grant(&[Role::PartySecretary], Role::Scrutineer));
    }

    #[test]
    fn issue16_review_a_station_chief_makes_neither_election_officers_nor_office_holders() {
        for role in [
            Role::ElectionCommitteeMember,
            Role::Scrutineer,
            Role::CommitteeDirector,
            Role::PartySecretary,
            Role::SupervisoryCommitteeMember,
            Role::StationChief,
        ] {
            assert!(!may_grant(&[Role::StationChief], role), "{role:?}");
        }
        assert!(may_grant(&[Role::StationChief], Role::MemberUnitRep));
        assert!(may_grant(
            &[Role::CommitteeDirector],
            Role::ElectionCommitteeMember
        ));
        assert!(!may_grant(&[Role::PartySecretary], Role::CommitteeDirector));
        assert!(may_grant(&[Role::DistrictAdmin], Role::CommitteeDirector));
        // Recovering an election officer's account is granting their roles.
        assert_eq!(
            check_recovery(
                &[Role::StationChief],
                false,
                &[Role::Resident, Role::ElectionCommitteeMember]
            ),
            Err(Refusal::AboveCaller)
        );
    }

    #[test]
    fn issue16_review_only_the_convening_leadership_seats_an_election_committee() {
        for officer in [
            Role::ElectionCommitteeMember,
            Role::Scrutineer,
            Role::StationChief,
            Role::StationStaff,
            Role::DeputyDirector,
        ] {
            assert!(
                !may_seat_election_committee(&[officer], false),
                "{officer:?}"
            );
            // Stepping down is always one's own to record.
            assert!(may_seat_election_committee(&[officer], true), "{officer:?}");
        }
        for convener in [
            Role::PartySecretary,
            Role::CommitteeDirector,
            Role::DistrictAdmin,
        ] {
            assert!(
                may_seat_election_committee(&[convener], false),
                "{convener:?}"
            );
        }
    }

    #[test]
    fn review_a_grid_worker_recovers_nobodys_account() {
        assert_eq!(
            check_recovery(&[Role::StationStaff], false, &[Role::Resident]),
            Err(Refusal::AboveCaller)
        );
        assert_eq!(
            check_recovery(
                &[Role::StationStaff, Role::ElectionCommitteeMember],
                false,
                &[Role::Resident]
            ),
            Err(Refusal::AboveCaller)
        );
    }

    #[test]
    fn review_a_grid_worker_invites_only_the_residents_of_their_grids() {
        let grids = vec!["第一网格".to_owned()];
        assert!(may_invite_in(
            &[Role::StationStaff],
            &grids,
            Some("第一网格")
        ));
        assert!(!may_invite_in(
            &[Role::StationStaff],
            &grids,
            Some("第二网格")
        ));
        assert!(!may_invite_in(&[Role::StationStaff], &grids, None));
        assert!(!may_invite_in(&[Role::StationStaff], &[], Some("第一网格")));
        assert!(may_invite_in(&[Role::StationChief], &[], Some("第二网格")));
        assert!(may_invite_in(&[Role::PartySecretary], &[], None));
    }

    #[test]
    fn only_a_district_administrator_makes_another() {
        assert!(!may_grant(&[Role::PartySecretary], Role::DistrictAdmin));
        assert!(may_grant(&[Role::DistrictAdmin], Role::DistrictAdmin));
    }

    #[test]
    fn nobody_changes_their_own_roles() {
        assert_eq!(
            check_grant(&[Role::DistrictAdmin], true, Role::Resident),
            Err(Refusal::OwnRoles)
        );
        assert_eq!(
            check_grant(&[Role::StationStaff], false, Role::StationChief),
            Err(Refusal::AboveCaller)
        );
        assert_eq!(
            check_grant(&[Role::StationStaff], false, Role::Resident),
            Ok(())
        );
    }

    #[test]
    fn recovering_an_account_needs_every_role_in_it_to_be_grantable() {
        let officer = [Role::Resident, Role::CommitteeDirector];
        assert_eq!(
            check_recovery(&[Role::StationStaff], false, &officer),
            Err(Refusal::AboveCaller)
        );
        assert_eq!(
            check_recovery(&[Role::StationChief], false, &officer),
            Err(Refusal::AboveCaller)
        );
        assert_eq!(
            check_recovery(&[Role::DistrictAdmin], false, &officer),
            Ok(())
        );
        assert_eq!(
            check_recovery(&[Role::StationChief], false, &[Role::Resident]),
            Ok(())
        );
        assert_eq!(
            check_recovery(&[Role::StationChief], true, &[Role::Resident]),
            Err(Refusal::OwnRoles)
        );
    }

    #[test]
    fn an_invitation_never_yields_more_than_its_issuer_could_grant() {
        // Issue 15, item 1: a grid worker inviting a registered district administrator.
        assert_eq!(
            check_invitation(
                &[Role::StationStaff],
                false,
                &[Role::DistrictAdmin],
                &[Role::Resident]
            ),
            Err(Refusal::AboveCaller)
        );
        for high in [
            Role::PartySecretary,
            Role::CommitteeMember,
            Role::Scrutineer,
        ] {
            assert_eq!(
                check_invitation(&[Role::StationStaff], false, &[high], &[Role::Resident]),
                Err(Refusal::AboveCaller),
                "{high:?}"
            );
        }
        assert_eq!(
            check_invitation(
                &[Role::StationStaff],
                false,
                &[Role::PartyMember],
                &[Role::Resident]
            ),
            Ok(())
        );
        assert_eq!(
            check_invitation(&[Role::StationStaff], false, &[], &[Role::StationChief]),
            Err(Refusal::AboveCaller)
        );
        assert_eq!(
            check_invitation(&[Role::StationChief], true, &[], &[Role::Resident]),
            Err(Refusal::OwnRoles)
        );
    }

    #[test]
    fn the_choices_offered_are_exactly_the_grantable_roles() {
        let roles = grantable_roles(&[Role::StationStaff]);
        assert!(roles.contains(&Role::Resident));
        assert!(!roles.contains(&Role::StationStaff));
        assert_eq!(
            grantable_roles(&[Role::DistrictAdmin]).len(),
            Role::ALL.len()
        );
        assert!(grantable_roles(&[Role::Resident]).is_empty());
    }
}
