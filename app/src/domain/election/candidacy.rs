//! Nominations and the candidate list (L25 Art. 18), the election committee's duty to withdraw
//! when a close relative stands (Art. 15), and who may count and scrutinise (EL Art. 43).

use super::plan::{Office, Seats};
use crate::domain::calendar::{self, Duty, Occasion};
use crate::domain::refusal::Refusal;
use crate::domain::registry::Gender;
use crate::domain::rules::CommunityRules;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Who put a name forward (L25 Art. 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum NominatedBy {
    /// The community party organisation.
    Party,
    /// Ten or more voters jointly, endorsing in the app.
    Voters,
}

impl NominatedBy {
    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// Does a nomination stand? The party's does; voters' needs enough endorsements.
pub fn nomination_stands(by: NominatedBy, endorsements: usize, rules: &CommunityRules) -> bool {
    match by {
        NominatedBy::Party => true,
        NominatedBy::Voters => endorsements >= usize::from(rules.nomination_endorsements),
    }
}

/// May a voter endorse one more nomination for an office? A voter endorses at most as many
/// nominations per office as it has seats, as a ballot may mark no more (EL practice).
pub fn may_endorse(already_endorsed_for_office: usize, seats: u8) -> Result<(), Refusal> {
    if already_endorsed_for_office >= usize::from(seats) {
        Err(Refusal::EndorsementsUsed)
    } else {
        Ok(())
    }
}

/// One name on the formal candidate list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed<K> {
    pub person: K,
    pub office: Office,
    pub gender: Option<Gender>,
}

/// Checks the formal list before it is published: every office has more candidates than seats
/// (差额, L25 Art. 18), nobody stands twice, and enough women stand for the committee to include
/// them (L25 Art. 8).
pub fn check_list<K: Ord>(
    seats: Seats,
    listed: &[Listed<K>],
    rules: &CommunityRules,
) -> Result<(), Refusal> {
    let mut people = BTreeSet::new();
    if !listed.iter().all(|entry| people.insert(&entry.person)) {
        return Err(Refusal::AlreadyNominated);
    }
    for office in seats.offices() {
        let standing = listed.iter().filter(|entry| entry.office == office).count();
        if standing <= usize::from(seats.of(office)) {
            return Err(Refusal::NotContested);
        }
    }
    let women = listed
        .iter()
        .filter(|entry| entry.gender == Some(Gender::Female))
        .count();
    if women < usize::from(rules.women_on_committee) {
        return Err(Refusal::NoWomanCandidate);
    }
    Ok(())
}

/// May the list be published on `today` for an election on `election_day` (5 to 7 days before
/// at the latest, per community)?
pub fn may_publish_list(
    rules: &CommunityRules,
    election_day: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    calendar::check(
        rules,
        Occasion::ElectionDay(election_day),
        Duty::PublishCandidateList,
        today,
    )
    .map_err(|_| Refusal::DeadlineMissed)
}

/// Declared close relatives (spouse, parents, children, siblings…), each pair as declared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relatives<K> {
    pairs: BTreeSet<(K, K)>,
}

impl<K: Ord + Clone> Relatives<K> {
    pub fn new(pairs: impl IntoIterator<Item = (K, K)>) -> Self {
        let pairs = pairs
            .into_iter()
            .flat_map(|(a, b)| [(a.clone(), b.clone()), (b, a)])
            .collect();
        Self { pairs }
    }

    /// True when either declared the other a close relative.
    pub fn related(&self, a: &K, b: &K) -> bool {
        self.pairs.contains(&(a.clone(), b.clone()))
    }

    fn related_to_any<'a>(&self, person: &K, others: impl IntoIterator<Item = &'a K>) -> bool
    where
        K: 'a,
    {
        others.into_iter().any(|other| self.related(person, other))
    }
}

/// Election committee members who must withdraw because a close relative is nominated
/// (L25 Art. 15). Until they do, the list cannot be published.
pub fn must_withdraw<'a, K: Ord + Clone>(
    members: &'a [K],
    nominees: &[K],
    relatives: &Relatives<K>,
) -> Vec<&'a K> {
    members
        .iter()
        .filter(|member| relatives.related_to_any(member, nominees))
        .collect()
}

/// May these people count and scrutinise a box? At least three, none a close relative of a
/// candidate (EL Art. 43).
pub fn check_scrutineers<K: Ord + Clone>(
    scrutineers: &[K],
    candidates: &[K],
    relatives: &Relatives<K>,
    rules: &CommunityRules,
) -> Result<(), Refusal> {
    if scrutineers
        .iter()
        .any(|person| relatives.related_to_any(person, candidates) || candidates.contains(person))
    {
        return Err(Refusal::RelativeOfCandidate);
    }
    let distinct: BTreeSet<&K> = scrutineers.iter().collect();
    if distinct.len() < usize::from(rules.scrutineers_per_box) {
        return Err(Refusal::TooFewScrutineers);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> CommunityRules {
        CommunityRules::default()
    }

    fn seats() -> Seats {
        Seats {
            director: 1,
            deputies: 1,
            members: 3,
        }
    }

    fn listed(person: u32, office: Office, gender: Gender) -> Listed<u32> {
        Listed {
            person,
            office,
            gender: Some(gender),
        }
    }

    fn contested_list() -> Vec<Listed<u32>> {
        use Gender::{Female, Male};
        vec![
            listed(1, Office::Director, Male),
            listed(2, Office::Director, Female),
            listed(3, Office::DeputyDirector, Male),
            listed(4, Office::DeputyDirector, Male),
            listed(5, Office::Member, Male),
            listed(6, Office::Member, Male),
            listed(7, Office::Member, Male),
            listed(8, Office::Member, Female),
        ]
    }

    #[test]
    fn l25_art18_ten_voters_or_the_party_nominate() {
        assert!(nomination_stands(NominatedBy::Party, 0, &rules()));
        assert!(!nomination_stands(NominatedBy::Voters, 9, &rules()));
        assert!(nomination_stands(NominatedBy::Voters, 10, &rules()));
    }

    #[test]
    fn a_voter_endorses_at_most_as_many_as_there_are_seats() {
        assert_eq!(may_endorse(2, 3), Ok(()));
        assert_eq!(may_endorse(3, 3), Err(Refusal::EndorsementsUsed));
    }

    #[test]
    fn l25_art18_every_office_has_more_candidates_than_seats() {
        assert_eq!(check_list(seats(), &contested_list(), &rules()), Ok(()));
        let mut uncontested = contested_list();
        uncontested.retain(|entry| entry.person != 2);
        assert_eq!(
            check_list(seats(), &uncontested, &rules()),
            Err(Refusal::NotContested)
        );
        let mut twice = contested_list();
        twice.push(listed(1, Office::Member, Gender::Male));
        assert_eq!(
            check_list(seats(), &twice, &rules()),
            Err(Refusal::AlreadyNominated)
        );
    }

    #[test]
    fn l25_art8_a_woman_stands() {
        let men_only: Vec<_> = contested_list()
            .into_iter()
            .map(|entry| Listed {
                gender: Some(Gender::Male),
                ..entry
            })
            .collect();
        assert_eq!(
            check_list(seats(), &men_only, &rules()),
            Err(Refusal::NoWomanCandidate)
        );
    }

    #[test]
    fn l25_art18_list_published_five_days_before_at_the_latest() {
        let election = NaiveDate::from_ymd_opt(2027, 3, 20).unwrap();
        let on_time = NaiveDate::from_ymd_opt(2027, 3, 15).unwrap();
        let late = NaiveDate::from_ymd_opt(2027, 3, 16).unwrap();
        assert_eq!(may_publish_list(&rules(), election, on_time), Ok(()));
        assert_eq!(
            may_publish_list(&rules(), election, late),
            Err(Refusal::DeadlineMissed)
        );
        let seven = CommunityRules {
            candidate_list_days_before: 7,
            ..rules()
        };
        assert_eq!(
            may_publish_list(&seven, election, on_time),
            Err(Refusal::DeadlineMissed),
            "a province may ask for 7 days"
        );
    }

    #[test]
    fn l25_art15_member_with_a_nominated_relative_must_withdraw() {
        let relatives = Relatives::new([(100, 5)]);
        let members = [100, 101];
        assert_eq!(must_withdraw(&members, &[5, 6], &relatives), vec![&100]);
        assert!(must_withdraw(&members, &[6], &relatives).is_empty());
        assert!(
            relatives.related(&5, &100),
            "declared once, related both ways"
        );
    }

    #[test]
    fn el_art43_three_scrutineers_none_related_to_a_candidate() {
        let relatives = Relatives::new([(200, 1)]);
        let candidates = [1, 2];
        assert_eq!(
            check_scrutineers(&[201, 202, 203], &candidates, &relatives, &rules()),
            Ok(())
        );
        assert_eq!(
            check_scrutineers(&[201, 202], &candidates, &relatives, &rules()),
            Err(Refusal::TooFewScrutineers)
        );
        assert_eq!(
            check_scrutineers(&[200, 202, 203], &candidates, &relatives, &rules()),
            Err(Refusal::RelativeOfCandidate)
        );
        assert_eq!(
            check_scrutineers(&[2, 202, 203], &candidates, &relatives, &rules()),
            Err(Refusal::RelativeOfCandidate)
        );
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        for (by, code) in [
            (NominatedBy::Party, "party"),
            (NominatedBy::Voters, "voters"),
        ] {
            assert_eq!(by.code(), code);
            let json = serde_json::to_string(&by).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
        }
    }
}
