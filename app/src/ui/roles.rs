//! Role names in the visitor's language.

use crate::domain::roles::Role;
use crate::i18n::{Locale, td_string};

pub fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Resident => td_string!(locale, role_resident),
        Role::HouseholdRep => td_string!(locale, role_household_rep),
        Role::ResidentRep => td_string!(locale, role_resident_rep),
        Role::PartyMember => td_string!(locale, role_party_member),
        Role::PartyMemberRep => td_string!(locale, role_party_member_rep),
        Role::PartyCommitteeMember => td_string!(locale, role_party_committee_member),
        Role::PartySecretary => td_string!(locale, role_party_secretary),
        Role::CommitteeDirector => td_string!(locale, role_committee_director),
        Role::DeputyDirector => td_string!(locale, role_deputy_director),
        Role::CommitteeMember => td_string!(locale, role_committee_member),
        Role::StationChief => td_string!(locale, role_station_chief),
        Role::StationStaff => td_string!(locale, role_station_staff),
        Role::MemberUnitRep => td_string!(locale, role_member_unit_rep),
        Role::ElectionCommitteeMember => td_string!(locale, role_election_committee_member),
        Role::Scrutineer => td_string!(locale, role_scrutineer),
        Role::SupervisoryCommitteeMember => td_string!(locale, role_supervisory_committee_member),
        Role::DistrictAdmin => td_string!(locale, role_district_admin),
    }
}

/// The names of `roles`, in their order.
pub fn role_names(locale: Locale, roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|&role| role_name(locale, role)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_name_in_both_languages() {
        for &role in Role::ALL {
            assert!(!role_name(Locale::zh_CN, role).is_empty());
            assert_ne!(
                role_name(Locale::zh_CN, role),
                role_name(Locale::en, role),
                "{role:?}"
            );
        }
    }
}
