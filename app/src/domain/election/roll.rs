//! The voter roll (L25 Arts. 16–17): who may vote, drafted from the registry by the election's
//! mode, published at least 20 days before election day, open to objection for 5 days, each
//! objection decided within 3.

use super::plan::Mode;
use crate::domain::calendar::{self, Duty, Occasion};
use crate::domain::refusal::Refusal;
use crate::domain::registry::Category;
use crate::domain::rules::CommunityRules;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Where a non-registered resident's application to the roll stands (L25 Art. 16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Application {
    /// Nothing asked: only registered residents are on the roll without asking.
    None,
    /// Applied; for a permanent resident that is enough.
    Applied,
    /// A community worker's application confirmed by the committee, with the day they started.
    Confirmed { serving_since: NaiveDate },
}

/// A voter on the published roll as a written-in name is looked up against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollName<'a> {
    pub person: &'a str,
    pub name: &'a str,
    pub household: Option<&'a str>,
}

/// Whether a roll entry answers what a station officer typed to find a voter: part of their
/// name, or their whole household number, compared as `text::name` and `text::code` read them
/// (issue 16, item 20: `張　伟` or `９１０１` typed on a Chinese keyboard finds the voter).
/// Nothing answers an empty search.
pub fn answers_search(entry: &RollName<'_>, typed: &str) -> bool {
    use crate::domain::text;
    let name = text::name(typed);
    let code = text::code(typed);
    !name.is_empty()
        && (text::name(entry.name).contains(&name)
            || entry.household.map(text::code).as_deref() == Some(code.as_str()))
}

/// The voter a written-in name means, on the phone and on a paper tally sheet alike (issue 16,
/// item 23): the one voter of that name, or, when several share it, the one of the household
/// written after it (`张伟 9101`). Names and numbers compare as `text::name` and `text::code`
/// read them, so `张　伟 ９１０１` finds the same voter. `None` for nobody, or for a name
/// several voters share without a household to tell them apart: never a guess.
pub fn written_in<'a>(roll: &[RollName<'a>], written: &str) -> Option<&'a str> {
    use crate::domain::text;
    let one = |found: Vec<&RollName<'a>>| match found.as_slice() {
        [only] => Some(only.person),
        _ => None,
    };
    let whole = text::name(written);
    let by_name: Vec<&RollName<'a>> = roll
        .iter()
        .filter(|r| text::name(r.name) == whole)
        .collect();
    if !by_name.is_empty() {
        return one(by_name);
    }
    let spaced = text::line(written);
    let (name, household) = spaced.rsplit_once(' ')?;
    let (name, household) = (text::name(name), text::code(household));
    one(roll
        .iter()
        .filter(|r| {
            text::name(r.name) == name
                && r.household.map(text::code).as_deref() == Some(household.as_str())
        })
        .collect())
}

/// What the roll needs to know about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident<K> {
    pub key: K,
    pub birth_date: Option<NaiveDate>,
    pub category: Category,
    pub application: Application,
    pub household: Option<String>,
    pub household_rep: bool,
    pub resident_rep: bool,
}

/// May this person vote on `election_day`, whatever the mode (L25 Art. 16)?
pub fn eligibility<K>(
    resident: &Resident<K>,
    election_day: NaiveDate,
    rules: &CommunityRules,
) -> Result<(), Refusal> {
    let adult = resident
        .birth_date
        .and_then(|born| election_day.years_since(born))
        .is_some_and(|age| age >= u32::from(rules.voting_age));
    if !adult {
        return Err(Refusal::Underage);
    }
    match (resident.category, resident.application) {
        (Category::Registered, _) => Ok(()),
        (Category::Permanent, Application::Applied | Application::Confirmed { .. }) => Ok(()),
        (Category::Worker, Application::Confirmed { serving_since }) => {
            let long_enough = serving_since
                .checked_add_months(Months::new(u32::from(rules.worker_months)))
                .is_some_and(|due| due <= election_day);
            if long_enough {
                Ok(())
            } else {
                Err(Refusal::ServiceTooShort)
            }
        }
        (Category::Worker, Application::Applied) => Err(Refusal::ServiceTooShort),
        (_, Application::None) => Err(Refusal::NotApplied),
    }
}

/// A roll drafted from the registry: who is on it and why the others are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRoll<K> {
    pub voters: Vec<K>,
    pub left_off: Vec<(K, Refusal)>,
    /// Households with no eligible representative, in household mode.
    pub households_without_rep: Vec<String>,
}

/// Drafts the roll of a `mode` election from everyone in the registry: eligible voters; in
/// household mode one representative per household; in representative mode the resident
/// representatives only.
pub fn draft<K: Clone + Ord>(
    mode: Mode,
    residents: &[Resident<K>],
    election_day: NaiveDate,
    rules: &CommunityRules,
) -> DraftRoll<K> {
    let mut voters = Vec::new();
    let mut left_off = Vec::new();
    let mut households = std::collections::BTreeMap::<&str, bool>::new();
    let mut sorted: Vec<&Resident<K>> = residents.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for resident in sorted {
        let household = resident.household.as_deref();
        if let Some(household) = household {
            households.entry(household).or_insert(false);
        }
        if let Err(refusal) = eligibility(resident, election_day, rules) {
            left_off.push((resident.key.clone(), refusal));
            continue;
        }
        let in_mode = match mode {
            Mode::AllVoters => true,
            Mode::Representatives => resident.resident_rep,
            Mode::Households => match household {
                Some(household) if resident.household_rep => {
                    let taken = households.insert(household, true).unwrap_or(false);
                    !taken
                }
                _ => false,
            },
        };
        if in_mode {
            voters.push(resident.key.clone());
        }
    }
    let households_without_rep = if mode == Mode::Households {
        households
            .into_iter()
            .filter(|(_, represented)| !represented)
            .map(|(household, _)| household.to_owned())
            .collect()
    } else {
        Vec::new()
    };
    DraftRoll {
        voters,
        left_off,
        households_without_rep,
    }
}

/// May the roll be published on `today` for an election on `election_day` (at least 20 days
/// before, L25 Art. 17)?
pub fn may_publish(
    rules: &CommunityRules,
    election_day: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    calendar::check(
        rules,
        Occasion::ElectionDay(election_day),
        Duty::PublishVoterRoll,
        today,
    )
    .map_err(|_| Refusal::DeadlineMissed)
}

/// May a resident object on `today` to a roll published on `published` (within 5 days)?
pub fn may_object(
    rules: &CommunityRules,
    published: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    calendar::check(
        rules,
        Occasion::VoterRollPublished(published),
        Duty::ObjectToVoterRoll,
        today,
    )
    .map_err(|_| Refusal::ObjectionPeriodOver)
}

/// The last day an objection filed on `filed` must be decided by (3 days). A late decision is
/// still taken, because refusing it would leave the resident without one; it is shown overdue.
pub fn decide_by(rules: &CommunityRules, filed: NaiveDate) -> NaiveDate {
    calendar::duties(rules, Occasion::ObjectionFiled(filed))
        .first()
        .map_or(filed, |deadline| deadline.when.last_day())
}

/// What an objection asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum ObjectionKind {
    /// Someone eligible is missing from the roll.
    Missing,
    /// Someone on the roll should not be.
    WronglyListed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item20_the_station_finds_a_voter_however_they_are_typed() {
        let entry = RollName {
            person: "p1",
            name: "张测戊",
            household: Some("9101"),
        };
        assert!(answers_search(&entry, "张　测"));
        assert!(answers_search(&entry, "９１０１"));
        assert!(answers_search(&entry, " 9101 "));
        assert!(
            !answers_search(&entry, "910"),
            "a household number is matched whole"
        );
        assert!(!answers_search(&entry, "李"));
        assert!(!answers_search(&entry, " \u{3000}"));
    }

    #[test]
    fn issue16_item23_a_written_in_name_is_one_voter_or_none() {
        let roll = [
            RollName {
                person: "p1",
                name: "张伟",
                household: Some("9101"),
            },
            RollName {
                person: "p2",
                name: "张伟",
                household: Some("9102"),
            },
            RollName {
                person: "p3",
                name: "李娜",
                household: None,
            },
        ];
        assert_eq!(written_in(&roll, "李　娜"), Some("p3"));
        assert_eq!(
            written_in(&roll, "张伟"),
            None,
            "two voters share the name: never a guess"
        );
        assert_eq!(written_in(&roll, "张伟 9102"), Some("p2"));
        assert_eq!(written_in(&roll, "张 伟　９１０１"), Some("p1"));
        assert_eq!(written_in(&roll, "张伟 9103"), None);
        assert_eq!(written_in(&roll, "王芳"), None);
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn resident(key: u32, born: NaiveDate) -> Resident<u32> {
        Resident {
            key,
            birth_date: Some(born),
            category: Category::Registered,
            application: Application::None,
            household: Some(format!("H{}", key / 10)),
            household_rep: false,
            resident_rep: false,
        }
    }

    fn rules() -> CommunityRules {
        CommunityRules::default()
    }

    #[test]
    fn l25_art16_eighteen_on_election_day() {
        let election = day(2027, 3, 20);
        let turns_18_that_day = resident(1, day(2009, 3, 20));
        assert_eq!(eligibility(&turns_18_that_day, election, &rules()), Ok(()));
        let a_day_short = resident(2, day(2009, 3, 21));
        assert_eq!(
            eligibility(&a_day_short, election, &rules()),
            Err(Refusal::Underage)
        );
        let unknown = Resident {
            birth_date: None,
            ..resident(3, day(1950, 1, 1))
        };
        assert_eq!(
            eligibility(&unknown, election, &rules()),
            Err(Refusal::Underage)
        );
    }

    #[test]
    fn l25_art16_permanent_residents_apply_and_workers_serve_six_months() {
        let election = day(2027, 3, 20);
        let permanent = Resident {
            category: Category::Permanent,
            ..resident(1, day(1980, 1, 1))
        };
        assert_eq!(
            eligibility(&permanent, election, &rules()),
            Err(Refusal::NotApplied)
        );
        let applied = Resident {
            application: Application::Applied,
            ..permanent.clone()
        };
        assert_eq!(eligibility(&applied, election, &rules()), Ok(()));
        let worker = Resident {
            category: Category::Worker,
            application: Application::Applied,
            ..resident(2, day(1990, 1, 1))
        };
        assert_eq!(
            eligibility(&worker, election, &rules()),
            Err(Refusal::ServiceTooShort),
            "a worker's application must be confirmed"
        );
        let six_months = Resident {
            application: Application::Confirmed {
                serving_since: day(2026, 9, 20),
            },
            ..worker.clone()
        };
        assert_eq!(eligibility(&six_months, election, &rules()), Ok(()));
        let five_months = Resident {
            application: Application::Confirmed {
                serving_since: day(2026, 9, 21),
            },
            ..worker
        };
        assert_eq!(
            eligibility(&five_months, election, &rules()),
            Err(Refusal::ServiceTooShort)
        );
    }

    #[test]
    fn l25_art14_household_mode_takes_one_representative_per_household() {
        let election = day(2027, 3, 20);
        let adult = day(1970, 1, 1);
        let people = vec![
            Resident {
                household_rep: true,
                ..resident(10, adult)
            },
            Resident {
                household_rep: true,
                ..resident(11, adult)
            },
            resident(12, adult),
            resident(20, adult),
            Resident {
                household_rep: true,
                ..resident(30, day(2015, 1, 1))
            },
        ];
        let roll = draft(Mode::Households, &people, election, &rules());
        assert_eq!(
            roll.voters,
            vec![10],
            "one per household, the first representative"
        );
        assert_eq!(roll.households_without_rep, vec!["H2", "H3"]);
        assert_eq!(roll.left_off, vec![(30, Refusal::Underage)]);
        let everyone = draft(Mode::AllVoters, &people, election, &rules());
        assert_eq!(everyone.voters, vec![10, 11, 12, 20]);
    }

    #[test]
    fn l25_art14_representative_mode_takes_resident_representatives() {
        let adult = day(1970, 1, 1);
        let people = vec![
            resident(1, adult),
            Resident {
                resident_rep: true,
                ..resident(2, adult)
            },
        ];
        let roll = draft(Mode::Representatives, &people, day(2027, 3, 20), &rules());
        assert_eq!(roll.voters, vec![2]);
    }

    #[test]
    fn l25_art17_roll_published_at_least_20_days_before() {
        let election = day(2027, 3, 20);
        assert_eq!(may_publish(&rules(), election, day(2027, 2, 28)), Ok(()));
        assert_eq!(
            may_publish(&rules(), election, day(2027, 3, 1)),
            Err(Refusal::DeadlineMissed)
        );
    }

    #[test]
    fn l25_art17_objections_within_5_days_decided_within_3() {
        let published = day(2027, 2, 20);
        assert_eq!(may_object(&rules(), published, day(2027, 2, 25)), Ok(()));
        assert_eq!(
            may_object(&rules(), published, day(2027, 2, 26)),
            Err(Refusal::ObjectionPeriodOver)
        );
        assert_eq!(
            may_object(&rules(), published, day(2027, 2, 19)),
            Err(Refusal::ObjectionPeriodOver)
        );
        assert_eq!(decide_by(&rules(), day(2027, 2, 25)), day(2027, 2, 28));
    }
}
