//! What an election is before anyone votes: its mode, its offices and seats, its day, its
//! polling places and the window phones may vote in (L25 Arts. 8, 14). Checked once when an
//! officer creates the election.

use crate::domain::clock::local_day;
use crate::domain::refusal::Refusal;
use crate::domain::rules::{CommunityRules, Fraction};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Who votes (L25 Art. 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Mode {
    /// Every registered voter.
    AllVoters,
    /// One representative per household.
    Households,
    /// The resident representatives.
    Representatives,
}

impl Mode {
    pub const ALL: &'static [Mode] = <Mode as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }

    /// Share of the roll that must take part for the vote to be valid (L25 Art. 19).
    pub fn turnout(self, rules: &CommunityRules) -> Fraction {
        match self {
            Mode::AllVoters | Mode::Households => rules.turnout,
            Mode::Representatives => rules.representative_turnout,
        }
    }

    /// Proxies are for voters who are away; representatives vote in person (L25 Art. 19).
    pub fn allows_proxies(self) -> bool {
        self != Mode::Representatives
    }
}

/// An office on the residents' committee, in ballot order (the order of the declaration is
/// the order of `ALL` and of `Ord`).
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
pub enum Office {
    Director,
    DeputyDirector,
    Member,
}

impl Office {
    pub const ALL: &'static [Office] = <Office as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// Seats per office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seats {
    pub director: u8,
    pub deputies: u8,
    pub members: u8,
}

impl Seats {
    pub fn of(self, office: Office) -> u8 {
        match office {
            Office::Director => self.director,
            Office::DeputyDirector => self.deputies,
            Office::Member => self.members,
        }
    }

    pub fn total(self) -> u32 {
        u32::from(self.director) + u32::from(self.deputies) + u32::from(self.members)
    }

    /// Offices that have seats, in ballot order.
    pub fn offices(self) -> impl Iterator<Item = Office> {
        Office::ALL
            .iter()
            .copied()
            .filter(move |office| self.of(*office) > 0)
    }

    /// What the creation page suggests: one director or deputy per 800 households, the rest
    /// members up to the smallest lawful committee.
    pub fn suggested(rules: &CommunityRules, households: u32) -> Seats {
        let leaders = rules.suggested_directors_and_deputies(households);
        let (min, max) = rules.committee_size;
        let leaders = leaders.min(u32::from(max));
        let deputies = u8::try_from(leaders.saturating_sub(1)).unwrap_or(u8::MAX);
        let members = u32::from(min).saturating_sub(leaders);
        Seats {
            director: 1,
            deputies,
            members: u8::try_from(members).unwrap_or(0),
        }
    }

    /// The committee has one director and 5 to 9 members in all (L25 Art. 8).
    pub fn check(self, rules: &CommunityRules) -> Result<(), Refusal> {
        if self.director != 1 {
            return Err(Refusal::OneDirector);
        }
        let (min, max) = rules.committee_size;
        if !(u32::from(min)..=u32::from(max)).contains(&self.total()) {
            return Err(Refusal::CommitteeSize);
        }
        Ok(())
    }
}

/// Why an election is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Round {
    /// The committee's regular election.
    Regular,
    /// A new vote among candidates tied at the last seat (EL Art. 45).
    TieBreak,
    /// A run-off for seats left empty (L25 Art. 19).
    Runoff,
}

impl Round {
    /// The code used in the database and the board file.
    pub fn code(self) -> &'static str {
        self.into()
    }

    /// The round a code names, if it names one.
    pub fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

/// Where paper ballots are cast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollingPlace {
    pub name: String,
    /// A roving box (流动票箱) goes to voters who cannot come.
    pub roving: bool,
}

/// An election as an officer plans it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionPlan {
    pub title: String,
    pub mode: Mode,
    pub seats: Seats,
    pub election_day: NaiveDate,
    pub places: Vec<PollingPlace>,
    /// When phones may cast, inside which the polls must also be open.
    pub voting_opens: DateTime<Utc>,
    pub voting_closes: DateTime<Utc>,
}

/// Longest place name.
pub const MAX_TITLE_CHARS: usize = 80;
/// Longest election title: the roll, list and result notices add up to 18 characters to it
/// and a follow-up round 6, and a notice's title holds 80 (`notice::MAX_TITLE_CHARS`).
pub const MAX_ELECTION_TITLE_CHARS: usize = 50;
/// Most polling stations and roving boxes in one election.
pub const MAX_PLACES: usize = 30;

impl ElectionPlan {
    /// Checks a plan against the rules on `today` (local day).
    pub fn check(&self, rules: &CommunityRules, today: NaiveDate) -> Result<(), Refusal> {
        self.seats.check(rules)?;
        if self.election_day < today {
            return Err(Refusal::ElectionDayPassed);
        }
        if self.places.is_empty() || self.places.iter().any(|place| place.name.trim().is_empty()) {
            return Err(Refusal::NoPollingPlace);
        }
        // Said as what it is (the review was told "name a polling place" for 3,000 of them).
        if self.places.len() > MAX_PLACES
            || self
                .places
                .iter()
                .any(|place| place.name.chars().count() > MAX_TITLE_CHARS)
        {
            return Err(Refusal::PollingPlacesTooMany);
        }
        let opens_day = local_day(self.voting_opens);
        let closes_day = local_day(self.voting_closes);
        if self.voting_opens >= self.voting_closes
            || closes_day != self.election_day
            || opens_day > self.election_day
            || (self.election_day - opens_day).num_days() > 7
        {
            return Err(Refusal::VotingWindow);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn rules() -> CommunityRules {
        CommunityRules::default()
    }

    fn plan() -> ElectionPlan {
        let day = NaiveDate::from_ymd_opt(2027, 3, 20).unwrap_or_default();
        ElectionPlan {
            title: "第十二届居委会选举".into(),
            mode: Mode::AllVoters,
            seats: Seats {
                director: 1,
                deputies: 2,
                members: 4,
            },
            election_day: day,
            places: vec![PollingPlace {
                name: "社区活动中心".into(),
                roving: false,
            }],
            // 08:00 to 18:00 in Beijing time.
            voting_opens: Utc.with_ymd_and_hms(2027, 3, 20, 0, 0, 0).unwrap(),
            voting_closes: Utc.with_ymd_and_hms(2027, 3, 20, 10, 0, 0).unwrap(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 2, 1).unwrap_or_default()
    }

    #[test]
    fn l25_art8_committee_of_five_to_nine_with_one_director() {
        let ok = plan();
        assert_eq!(ok.check(&rules(), today()), Ok(()));
        let small = ElectionPlan {
            seats: Seats {
                director: 1,
                deputies: 1,
                members: 2,
            },
            ..plan()
        };
        assert_eq!(small.check(&rules(), today()), Err(Refusal::CommitteeSize));
        let big = ElectionPlan {
            seats: Seats {
                director: 1,
                deputies: 3,
                members: 6,
            },
            ..plan()
        };
        assert_eq!(big.check(&rules(), today()), Err(Refusal::CommitteeSize));
        let two_directors = ElectionPlan {
            seats: Seats {
                director: 2,
                deputies: 1,
                members: 3,
            },
            ..plan()
        };
        assert_eq!(
            two_directors.check(&rules(), today()),
            Err(Refusal::OneDirector)
        );
    }

    #[test]
    fn an_election_title_leaves_room_for_its_notices_titles() {
        let longest_suffix = "（另行选举）：正式候选人名单 Candidates".chars().count();
        assert!(
            MAX_ELECTION_TITLE_CHARS + longest_suffix <= crate::domain::notice::MAX_TITLE_CHARS
        );
    }

    #[test]
    fn suggested_seats_one_director_or_deputy_per_800_households() {
        let seats = Seats::suggested(&rules(), 2_400);
        assert_eq!((seats.director, seats.deputies, seats.members), (1, 2, 2));
        assert_eq!(seats.check(&rules()), Ok(()));
        let small = Seats::suggested(&rules(), 500);
        assert_eq!((small.director, small.deputies, small.members), (1, 0, 4));
        let huge = Seats::suggested(&rules(), 100_000);
        assert_eq!(huge.total(), 9);
    }

    #[test]
    fn voting_window_ends_on_election_day() {
        let late = ElectionPlan {
            voting_closes: Utc.with_ymd_and_hms(2027, 3, 21, 2, 0, 0).unwrap(),
            ..plan()
        };
        assert_eq!(late.check(&rules(), today()), Err(Refusal::VotingWindow));
        let backwards = ElectionPlan {
            voting_opens: plan().voting_closes,
            voting_closes: plan().voting_opens,
            ..plan()
        };
        assert_eq!(
            backwards.check(&rules(), today()),
            Err(Refusal::VotingWindow)
        );
    }

    #[test]
    fn issue18_item1_an_election_day_is_the_communitys_day_between_midnight_and_eight() {
        // 06:00 to 07:30 in Beijing on the 20th: still the 19th on UTC's calendar.
        let dawn_vote = ElectionPlan {
            voting_opens: Utc.with_ymd_and_hms(2027, 3, 19, 22, 0, 0).unwrap(),
            voting_closes: Utc.with_ymd_and_hms(2027, 3, 19, 23, 30, 0).unwrap(),
            ..plan()
        };
        assert_eq!(dawn_vote.check(&rules(), today()), Ok(()));
        // Planned at 01:00 on election day itself, Beijing time: the day has not passed.
        let one_in_the_morning = Utc.with_ymd_and_hms(2027, 3, 19, 17, 0, 0).unwrap();
        assert_eq!(
            dawn_vote.check(&rules(), local_day(one_in_the_morning)),
            Ok(())
        );
        // At 01:00 on the 21st, Beijing time, the 20th has passed though UTC still says 20th.
        let next_night = Utc.with_ymd_and_hms(2027, 3, 20, 17, 0, 0).unwrap();
        assert_eq!(
            plan().check(&rules(), local_day(next_night)),
            Err(Refusal::ElectionDayPassed)
        );
    }

    #[test]
    fn an_election_needs_a_place_and_a_future_day() {
        let nowhere = ElectionPlan {
            places: vec![],
            ..plan()
        };
        assert_eq!(
            nowhere.check(&rules(), today()),
            Err(Refusal::NoPollingPlace)
        );
        let crowded = ElectionPlan {
            places: (0..=MAX_PLACES)
                .map(|n| PollingPlace {
                    name: format!("投票站{n}"),
                    roving: false,
                })
                .collect(),
            ..plan()
        };
        assert_eq!(
            crowded.check(&rules(), today()),
            Err(Refusal::PollingPlacesTooMany),
            "too many is not none"
        );
        let long_name = ElectionPlan {
            places: vec![PollingPlace {
                name: "站".repeat(MAX_TITLE_CHARS + 1),
                roving: false,
            }],
            ..plan()
        };
        assert_eq!(
            long_name.check(&rules(), today()),
            Err(Refusal::PollingPlacesTooMany)
        );
        let past = NaiveDate::from_ymd_opt(2027, 4, 1).unwrap_or_default();
        assert_eq!(
            plan().check(&rules(), past),
            Err(Refusal::ElectionDayPassed)
        );
    }

    #[test]
    fn l25_art19_representatives_need_two_thirds_and_no_proxies() {
        assert_eq!(Mode::Representatives.turnout(&rules()), Fraction::new(2, 3));
        assert_eq!(Mode::Households.turnout(&rules()), Fraction::new(1, 2));
        assert!(!Mode::Representatives.allows_proxies());
        assert!(Mode::AllVoters.allows_proxies());
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let modes: Vec<&str> = Mode::ALL.iter().map(|m| m.code()).collect();
        assert_eq!(modes, ["all_voters", "households", "representatives"]);
        for &mode in Mode::ALL {
            assert_eq!(Mode::parse(mode.code()), Some(mode));
            let json = serde_json::to_string(&mode).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", mode.code()));
        }
        let offices: Vec<&str> = Office::ALL.iter().map(|o| o.code()).collect();
        assert_eq!(offices, ["director", "deputy_director", "member"]);
        for &office in Office::ALL {
            assert_eq!(Office::parse(office.code()), Some(office));
            let json = serde_json::to_string(&office).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", office.code()));
        }
        assert!(Office::ALL.is_sorted(), "ballot order is the order of Ord");
        assert_eq!(Mode::parse("mayor"), None);
        assert_eq!(Office::parse("mayor"), None);
    }
}
