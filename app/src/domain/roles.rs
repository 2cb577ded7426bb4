//! Roles a person holds in a community over a term (DESIGN.md, Roles). A role is granted for a
//! term and is in force only inside it; everything a person may do follows from the roles in
//! force today, through the policy table in `policy`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Every role the platform knows, in the glossary's words (and the glossary's order: the order
/// of `ALL`, of the forms' choices and of `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Role {
    Resident,
    HouseholdRep,
    ResidentRep,
    PartyMember,
    PartyMemberRep,
    PartyCommitteeMember,
    PartySecretary,
    CommitteeDirector,
    DeputyDirector,
    CommitteeMember,
    StationChief,
    StationStaff,
    MemberUnitRep,
    ElectionCommitteeMember,
    Scrutineer,
    SupervisoryCommitteeMember,
    DistrictAdmin,
}

impl Role {
    pub const ALL: &'static [Role] = <Role as strum::VariantArray>::VARIANTS;

    /// The code used in URLs, the CLI and the database.
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Role> {
        code.trim().parse().ok()
    }

    /// Staff run the community's registry: the station, the committee's officers and the
    /// party committee's secretary, and the district administrator above them.
    pub const STAFF: &'static [Role] = &[
        Role::PartySecretary,
        Role::CommitteeDirector,
        Role::DeputyDirector,
        Role::StationChief,
        Role::StationStaff,
        Role::DistrictAdmin,
    ];

    pub fn is_staff(self) -> bool {
        Role::STAFF.contains(&self)
    }
}

/// A span of days a role is held: from `from`, up to and including `until` if set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// Why a term cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    #[error("a term cannot end before it starts")]
    EndsBeforeStart,
    /// Outside [`GRANT_WINDOW_YEARS`] around today or longer than [`LONGEST_TERM_YEARS`]: a
    /// typed year such as 1900 or 9999, not a term anyone holds.
    #[error("a term's dates are outside the years a grant can name")]
    Implausible,
}

/// How many years before today a grant entered now may start: the committee's term is five
/// years (L25 Art. 14), so two terms back covers records entered late.
pub const GRANT_WINDOW_YEARS: i32 = 10;
/// The longest term a grant may name: two committee terms (L25 Art. 14: five years each).
pub const LONGEST_TERM_YEARS: i32 = 10;

impl Term {
    pub fn new(from: NaiveDate, until: Option<NaiveDate>) -> Result<Self, TermError> {
        if until.is_some_and(|until| until < from) {
            return Err(TermError::EndsBeforeStart);
        }
        Ok(Self { from, until })
    }

    /// A term a staff member grants on `today` (the community's calendar day): it starts at
    /// most [`GRANT_WINDOW_YEARS`] before today and at most a year after, and ends no later
    /// than [`LONGEST_TERM_YEARS`] after it starts (issue 16: 1900 and 9999 were accepted).
    pub fn for_grant(
        from: NaiveDate,
        until: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Self, TermError> {
        let term = Self::new(from, until)?;
        let years = |day: NaiveDate, n: i32| {
            day.with_year(day.year() + n)
                .or_else(|| (day - chrono::Days::new(1)).with_year(day.year() + n))
        };
        let earliest = years(today, -GRANT_WINDOW_YEARS);
        let latest = years(today, 1);
        let longest = years(from, LONGEST_TERM_YEARS);
        let plausible = earliest.is_some_and(|earliest| from >= earliest)
            && latest.is_some_and(|latest| from <= latest)
            && until.is_none_or(|until| longest.is_some_and(|longest| until <= longest));
        if plausible {
            Ok(term)
        } else {
            Err(TermError::Implausible)
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && self.until.is_none_or(|until| day <= until)
    }
}

/// The roles in force on `day` among `grants`, each once.
pub fn roles_in_force(grants: &[(Role, Term)], day: NaiveDate) -> Vec<Role> {
    let mut roles: Vec<Role> = grants
        .iter()
        .filter(|(_, term)| term.contains(day))
        .map(|(role, _)| *role)
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn issue16_a_grant_names_plausible_years_only() {
        let today = day(2026, 12, 1);
        assert!(Term::for_grant(day(2026, 1, 1), None, today).is_ok());
        assert!(Term::for_grant(day(2016, 12, 1), Some(day(2026, 12, 1)), today).is_ok());
        assert!(Term::for_grant(day(2027, 12, 1), None, today).is_ok());
        for (from, until) in [
            (day(1900, 1, 1), None),
            (day(2016, 11, 30), None),
            (day(2027, 12, 2), None),
            (day(2026, 1, 1), Some(day(9999, 12, 31))),
            (day(2026, 1, 1), Some(day(2036, 1, 2))),
        ] {
            assert_eq!(
                Term::for_grant(from, until, today),
                Err(TermError::Implausible),
                "{from} – {until:?}"
            );
        }
        assert_eq!(
            Term::for_grant(day(2026, 5, 1), Some(day(2026, 4, 30)), today),
            Err(TermError::EndsBeforeStart)
        );
        // A leap day moves to the day before when the year has none.
        assert!(Term::for_grant(day(2014, 2, 28), None, day(2024, 2, 29)).is_ok());
    }

    #[test]
    fn role_codes_round_trip_and_are_unique() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        let mut codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Role::ALL.len());
        assert_eq!(Role::parse("mayor"), None);
    }

    #[test]
    fn a_role_is_in_force_only_within_its_term() {
        let term = Term::new(day(2026, 1, 1), Some(day(2030, 12, 31))).expect("term");
        assert!(!term.contains(day(2025, 12, 31)));
        assert!(term.contains(day(2026, 1, 1)));
        assert!(term.contains(day(2030, 12, 31)));
        assert!(!term.contains(day(2031, 1, 1)));
        let open = Term::new(day(2026, 1, 1), None).expect("term");
        assert!(open.contains(day(2099, 1, 1)));
    }

    #[test]
    fn a_term_cannot_end_before_it_starts() {
        assert_eq!(
            Term::new(day(2026, 2, 1), Some(day(2026, 1, 31))),
            Err(TermError::EndsBeforeStart)
        );
    }

    #[test]
    fn ended_roles_are_not_in_force() {
        let grants = [
            (
                Role::Resident,
                Term::new(day(2020, 1, 1), None).expect("term"),
            ),
            (
                Role::StationStaff,
                Term::new(day(2020, 1, 1), Some(day(2025, 6, 30))).expect("term"),
            ),
            (
                Role::Resident,
                Term::new(day(2024, 1, 1), None).expect("term"),
            ),
        ];
        assert_eq!(
            roles_in_force(&grants, day(2026, 1, 1)),
            vec![Role::Resident]
        );
        assert_eq!(
            roles_in_force(&grants, day(2025, 1, 1)),
            vec![Role::Resident, Role::StationStaff]
        );
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "resident",
                "household_rep",
                "resident_rep",
                "party_member",
                "party_member_rep",
                "party_committee_member",
                "party_secretary",
                "committee_director",
                "deputy_director",
                "committee_member",
                "station_chief",
                "station_staff",
                "member_unit_rep",
                "election_committee_member",
                "scrutineer",
                "supervisory_committee_member",
                "district_admin",
            ]
        );
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
            assert_eq!(Role::parse(&format!(" {}\n", role.code())), Some(role));
            let json = serde_json::to_string(&role).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", role.code()));
        }
        assert!(
            Role::ALL.is_sorted(),
            "the glossary's order is the order of Ord"
        );
        assert_eq!(Role::parse("Resident"), None);
    }
}
