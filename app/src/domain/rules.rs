//! The community's configurable numbers ("every number is a default held in one place").
//! Defaults follow the Organic Law of Urban Residents' Committees as revised on 2025-10-28
//! (L25); provinces differ, so each community may override them and officers see them.

use super::evaluation::grading::SMALLEST_BREAKDOWN;
use serde::{Deserialize, Serialize};

/// Numeric rules a community runs under. Later pillars read their thresholds from here.
/// Stored overrides missing a field (one added later) take its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommunityRules {
    /// Households a community is expected to span (L25 Art. 3); outside it officers are warned.
    pub expected_households: (u32, u32),
    /// Households per grid (网格), each with a grid worker.
    pub households_per_grid: u32,
    /// Households per director or deputy director of the residents' committee.
    pub households_per_director_or_deputy: u32,
    /// Smallest and largest committee, members included (L25 Art. 8).
    pub committee_size: (u8, u8),
    /// Length of a committee's term in years (L25 Art. 14).
    pub term_years: u8,
    /// Days a public notice stays up at the least (L25 Art. 34).
    pub min_display_days: u16,
    /// Days before election day the voter roll is published at the latest (L25 Art. 17).
    pub voter_roll_days_before: u16,
    /// Days after the roll's publication residents may object (L25 Art. 17).
    pub objection_days: u16,
    /// Days the election committee has to decide an objection (L25 Art. 17).
    pub objection_decision_days: u16,
    /// Days before election day the candidate list is published at the latest; 5 to 7 by
    /// provincial rules (L25 Art. 18).
    pub candidate_list_days_before: u16,
    /// Days a hearing on a major matter is announced ahead (local practice).
    pub hearing_notice_days: u16,
    /// Days a joint meeting's agenda is sent ahead (local practice).
    pub joint_meeting_notice_days: u16,
    /// Days after an evaluation round closes its results are published by (local practice).
    pub evaluation_results_days: u16,
    /// Days after an election the outgoing committee hands over by (L25 Art. 25).
    pub handover_days: u16,
    /// Age a voter must have reached on election day (L25 Art. 16).
    pub voting_age: u8,
    /// Months a community worker must have served to apply for the roll (L25 Art. 16).
    pub worker_months: u8,
    /// Share of the roll that must take part for an election in the all-voters or household
    /// mode to be valid, strictly exceeded (L25 Art. 19: more than half).
    pub turnout: Fraction,
    /// The same in resident-representative mode (L25 Art. 19: more than two thirds).
    pub representative_turnout: Fraction,
    /// Share of the ballots cast a candidate must strictly exceed to be elected (L25 Art. 19).
    pub win_share: Fraction,
    /// Share of the ballots cast a run-off winner must reach at the least (L25 Art. 19).
    pub runoff_share: Fraction,
    /// Voters who must endorse a joint nomination (L25 Art. 18: ten or more).
    pub nomination_endorsements: u16,
    /// Principals one proxy holder may vote for (L25 Art. 19: at most three).
    pub proxies_per_holder: u8,
    /// Scrutineers each ballot box needs (EL Art. 43 as practised: at least three).
    pub scrutineers_per_box: u8,
    /// Women the committee must include (L25 Art. 8: at least one).
    pub women_on_committee: u8,
    /// Fewest ballots the board publishes figures for as one group (a box, the online
    /// channel): smaller ones are merged (`domain::election::publication`). The secret ballot
    /// of L25 Art. 19 as Gongshang keeps it: never below 10.
    pub smallest_published_group: u32,
    /// Share of an evaluation round's eligible raters who must take part for it to be valid,
    /// reached at the least (DESIGN.md "Democratic evaluation": 2/3).
    pub evaluation_quorum: Fraction,
    /// A subject is flagged when the share of the scale's lowest grade (不满意, 不称职)
    /// strictly exceeds this (DESIGN.md: over 1/3).
    pub evaluation_dissatisfied_share: Fraction,
    /// Fewest ratings a subject's breakdown is shown for; never below 3 (DESIGN.md: with two
    /// raters, each could read the other's grade off the result).
    pub evaluation_smallest_breakdown: u32,
    /// Thresholds grading (local practice): 称职 or better reaching this share gives 优秀.
    pub evaluation_excellent_share: Fraction,
    /// Thresholds grading: 基本称职 or better reaching this share gives 称职 (else 基本称职).
    pub evaluation_competent_share: Fraction,
    /// Thresholds grading: 不称职 reaching this share gives 不称职, before any other step
    /// (local practice: half).
    pub evaluation_failing_share: Fraction,
}

/// One rule changed, its values as the form shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChange {
    /// The [`CommunityRules`] field.
    pub field: String,
    pub old: String,
    pub new: String,
}

/// A share such as 1/2, compared exactly in integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fraction {
    pub numerator: u32,
    pub denominator: u32,
}

impl Fraction {
    pub const fn new(numerator: u32, denominator: u32) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    /// `part > self × whole`, without rounding.
    pub fn exceeded_by(self, part: u64, whole: u64) -> bool {
        u128::from(part) * u128::from(self.denominator)
            > u128::from(whole) * u128::from(self.numerator)
    }

    /// `part ≥ self × whole`, without rounding.
    pub fn reached_by(self, part: u64, whole: u64) -> bool {
        u128::from(part) * u128::from(self.denominator)
            >= u128::from(whole) * u128::from(self.numerator)
    }

    /// `share ≥ self`, both as fractions, without rounding.
    pub fn reached_by_share(self, share: Fraction) -> bool {
        u64::from(share.numerator) * u64::from(self.denominator)
            >= u64::from(self.numerator) * u64::from(share.denominator)
    }

    fn is_proper(self) -> bool {
        self.denominator > 0 && self.numerator > 0 && self.numerator < self.denominator
    }
}

impl Default for CommunityRules {
    fn default() -> Self {
        Self {
            expected_households: (1_000, 3_000),
            households_per_grid: 400,
            households_per_director_or_deputy: 800,
            committee_size: (5, 9),
            term_years: 5,
            min_display_days: 15,
            voter_roll_days_before: 20,
            objection_days: 5,
            objection_decision_days: 3,
            candidate_list_days_before: 5,
            hearing_notice_days: 10,
            joint_meeting_notice_days: 3,
            evaluation_results_days: 10,
            handover_days: 10,
            voting_age: 18,
            worker_months: 6,
            turnout: Fraction::new(1, 2),
            representative_turnout: Fraction::new(2, 3),
            win_share: Fraction::new(1, 2),
            runoff_share: Fraction::new(1, 3),
            nomination_endorsements: 10,
            proxies_per_holder: 3,
            scrutineers_per_box: 3,
            women_on_committee: 1,
            smallest_published_group: 10,
            evaluation_quorum: Fraction::new(2, 3),
            evaluation_dissatisfied_share: Fraction::new(1, 3),
            evaluation_smallest_breakdown: SMALLEST_BREAKDOWN,
            evaluation_excellent_share: Fraction::new(9, 10),
            evaluation_competent_share: Fraction::new(2, 3),
            evaluation_failing_share: Fraction::new(1, 2),
        }
    }
}

/// Why a set of rules cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("a range's lower bound is above its upper bound")]
    InvertedRange,
    #[error("a divisor or period is zero")]
    Zero,
    #[error("a period is outside what the law allows")]
    OutOfLawfulRange,
    /// A number beyond a floor or ceiling the law sets (issue 15, item 7: a turnout of 1/1000
    /// made an election of 2 voters in 324 valid).
    #[error("{} is beyond what {} allows", .0.field, .0.article)]
    BeyondStatute(&'static StatutoryBound),
    /// A number no community could mean (a notice shown for 4,294,967,295 days): the field.
    #[error("{0} is beyond any community's need")]
    Unreasonable(&'static str),
    /// Two numbers that contradict each other (优秀 easier to reach than 称职): the field to
    /// change.
    #[error("{0} contradicts another rule")]
    Contradicts(&'static str),
}

/// A floor or ceiling the law puts on a configurable number, named after its article.
#[derive(Debug, PartialEq, Eq)]
pub struct StatutoryBound {
    /// The [`CommunityRules`] field.
    pub field: &'static str,
    /// Where the bound comes from.
    pub article: &'static str,
}

const TURNOUT: StatutoryBound = StatutoryBound {
    field: "turnout",
    article: "L25 Art. 19 (more than half of the registered voters)",
};
const REPRESENTATIVE_TURNOUT: StatutoryBound = StatutoryBound {
    field: "representative_turnout",
    article: "L25 Art. 19 (more than two thirds of the representatives)",
};
const WIN_SHARE: StatutoryBound = StatutoryBound {
    field: "win_share",
    article: "L25 Art. 19 (more than half of the ballots cast)",
};
const RUNOFF_SHARE: StatutoryBound = StatutoryBound {
    field: "runoff_share",
    article: "L25 Art. 19 (a run-off winner has at least a third of the ballots cast)",
};
const PROXIES: StatutoryBound = StatutoryBound {
    field: "proxies_per_holder",
    article: "L25 Art. 19 (a voter holds at most three proxies)",
};
const COMMITTEE_SIZE: StatutoryBound = StatutoryBound {
    field: "committee_size",
    article: "L25 Art. 8 (five to nine members)",
};
const ENDORSEMENTS: StatutoryBound = StatutoryBound {
    field: "nomination_endorsements",
    article: "L25 Art. 18 (ten or more voters nominate jointly)",
};
const VOTING_AGE: StatutoryBound = StatutoryBound {
    field: "voting_age",
    article: "L25 Art. 16 (eighteen on election day)",
};
const TERM: StatutoryBound = StatutoryBound {
    field: "term_years",
    article: "L25 Art. 14 (a five-year term)",
};
const ROLL_DAYS: StatutoryBound = StatutoryBound {
    field: "voter_roll_days_before",
    article: "L25 Art. 17 (the roll is published at least 20 days before election day)",
};
const OBJECTION_DAYS: StatutoryBound = StatutoryBound {
    field: "objection_days",
    article: "L25 Art. 17 (objections within five days of publication)",
};
const DECISION_DAYS: StatutoryBound = StatutoryBound {
    field: "objection_decision_days",
    article: "L25 Art. 17 (objections decided within three days)",
};
const HANDOVER_DAYS: StatutoryBound = StatutoryBound {
    field: "handover_days",
    article: "L25 Art. 25 (handover within ten days)",
};
const WOMEN: StatutoryBound = StatutoryBound {
    field: "women_on_committee",
    article: "L25 Art. 8 (at least one woman)",
};
const SCRUTINEERS: StatutoryBound = StatutoryBound {
    field: "scrutineers_per_box",
    article: "EL Art. 43 as practised (at least three per box)",
};

const CANDIDATE_LIST_DAYS: StatutoryBound = StatutoryBound {
    field: "candidate_list_days_before",
    article: "L25 Art. 18 with the provincial rules (five to seven days before election day)",
};
const SMALLEST_BREAKDOWN_BOUND: StatutoryBound = StatutoryBound {
    field: "evaluation_smallest_breakdown",
    article: "L25 Art. 37 with DESIGN.md (anonymous rating: no breakdown of fewer than three ratings)",
};
const SMALLEST_GROUP: StatutoryBound = StatutoryBound {
    field: "smallest_published_group",
    article: "L25 Art. 19 (secret ballot: no published figures for fewer than ten ballots)",
};

/// Every bound, for the forms and the tests.
pub const STATUTORY_BOUNDS: [&StatutoryBound; 18] = [
    &TURNOUT,
    &REPRESENTATIVE_TURNOUT,
    &WIN_SHARE,
    &RUNOFF_SHARE,
    &PROXIES,
    &COMMITTEE_SIZE,
    &ENDORSEMENTS,
    &VOTING_AGE,
    &TERM,
    &ROLL_DAYS,
    &OBJECTION_DAYS,
    &DECISION_DAYS,
    &HANDOVER_DAYS,
    &WOMEN,
    &SCRUTINEERS,
    &SMALLEST_GROUP,
    &CANDIDATE_LIST_DAYS,
    &SMALLEST_BREAKDOWN_BOUND,
];

impl CommunityRules {
    /// These rules with `changes` (field name → value as typed) applied and checked: numbers
    /// as digits, shares as `1/2`, ranges as `5-9`. An unknown field, an unreadable value or a
    /// set of numbers that cannot work together is refused, naming the field.
    pub fn with_changes(
        &self,
        changes: &[(String, String)],
    ) -> Result<CommunityRules, super::registry::FieldError> {
        use super::registry::{FieldError, Problem};
        let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(self) else {
            return Err(FieldError::new("rules", Problem::UnknownValue));
        };
        for (name, raw) in changes {
            let raw = raw.trim();
            let Some(current) = fields.get(name) else {
                return Err(FieldError::new(name, Problem::UnknownValue));
            };
            let pair = |sep: char| -> Option<(u64, u64)> {
                let (a, b) = raw.split_once(sep)?;
                Some((super::text::number(a).ok()?, super::text::number(b).ok()?))
            };
            let value = match current {
                serde_json::Value::Number(_) => super::text::number::<u64>(raw)
                    .map(serde_json::Value::from)
                    .map_err(Problem::from),
                serde_json::Value::Array(_) => pair('-')
                    .map(|(a, b)| serde_json::json!([a, b]))
                    .ok_or(Problem::NotANumber),
                serde_json::Value::Object(_) => pair('/')
                    .map(|(n, d)| serde_json::json!({ "numerator": n, "denominator": d }))
                    .ok_or(Problem::NotANumber),
                _ => Err(Problem::NotANumber),
            }
            .map_err(|problem| FieldError::new(name, problem))?;
            fields.insert(name.clone(), value);
            // A number too big for its field (a voting age of 256) is that field's fault.
            serde_json::from_value::<CommunityRules>(serde_json::Value::Object(fields.clone()))
                .map_err(|_| FieldError::new(name, Problem::OutOfRange))?;
        }
        let rules: CommunityRules = serde_json::from_value(serde_json::Value::Object(fields))
            .map_err(|_| FieldError::new("rules", Problem::OutOfRange))?;
        rules.validate().map_err(|error| match error {
            RulesError::BeyondStatute(bound) => FieldError::new(bound.field, Problem::OutOfRange),
            RulesError::Unreasonable(field) | RulesError::Contradicts(field) => {
                FieldError::new(field, Problem::OutOfRange)
            }
            _ => FieldError::new("rules", Problem::OutOfRange),
        })?;
        Ok(rules)
    }

    /// Every field with its value as the form shows it, in declaration order.
    pub fn as_fields(&self) -> Vec<(String, String)> {
        let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(self) else {
            return Vec::new();
        };
        fields
            .into_iter()
            .map(|(name, value)| {
                let shown = match &value {
                    serde_json::Value::Array(pair) => pair
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("-"),
                    serde_json::Value::Object(share) => format!(
                        "{}/{}",
                        share
                            .get("numerator")
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        share
                            .get("denominator")
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    ),
                    other => other.to_string(),
                };
                (name, shown)
            })
            .collect()
    }

    /// What differs from `before`: each changed field with its value before and after, as the
    /// form shows them, in declaration order.
    pub fn changes_from(&self, before: &CommunityRules) -> Vec<RuleChange> {
        let old = before.as_fields();
        self.as_fields()
            .into_iter()
            .zip(old)
            .filter(|((_, new), (_, old))| new != old)
            .map(|((field, new), (_, old))| RuleChange { field, old, new })
            .collect()
    }

    /// Checks that the numbers can be used together; every override goes through here.
    pub fn validate(&self) -> Result<(), RulesError> {
        let (lo, hi) = self.expected_households;
        let (min, max) = self.committee_size;
        if lo > hi || min > max {
            return Err(RulesError::InvertedRange);
        }
        if self.households_per_grid == 0
            || self.households_per_director_or_deputy == 0
            || self.term_years == 0
            || self.min_display_days == 0
            || min == 0
        {
            return Err(RulesError::Zero);
        }
        let shares = [
            self.turnout,
            self.representative_turnout,
            self.win_share,
            self.runoff_share,
        ];
        if shares.iter().any(|share| !share.is_proper()) || self.nomination_endorsements == 0 {
            return Err(RulesError::OutOfLawfulRange);
        }
        self.within_statute()?;
        self.within_reason()?;
        self.evaluation_consistent()
    }

    /// The evaluation's shares are shares, and 优秀 asks more than 称职 does of the same
    /// raters (优秀 counts 称职 or better, 称职 counts 基本称职 or better: a smaller share of a
    /// smaller group cannot be the higher bar).
    fn evaluation_consistent(&self) -> Result<(), RulesError> {
        for (field, share) in self.evaluation_shares() {
            if !share.is_proper() {
                return Err(RulesError::Unreasonable(field));
            }
        }
        if self
            .evaluation_competent_share
            .reached_by_share(self.evaluation_excellent_share)
        {
            Ok(())
        } else {
            Err(RulesError::Contradicts("evaluation_excellent_share"))
        }
    }

    fn evaluation_shares(&self) -> [(&'static str, Fraction); 5] {
        [
            ("evaluation_quorum", self.evaluation_quorum),
            (
                "evaluation_dissatisfied_share",
                self.evaluation_dissatisfied_share,
            ),
            (
                "evaluation_excellent_share",
                self.evaluation_excellent_share,
            ),
            (
                "evaluation_competent_share",
                self.evaluation_competent_share,
            ),
            ("evaluation_failing_share", self.evaluation_failing_share),
        ]
    }

    /// Ceilings no community's practice reaches, for the numbers the law leaves open: a year
    /// for any period in days, ten years of service, a community of 100,000 households,
    /// shares in at most thousandths. They stop a typo from freezing into an election.
    fn within_reason(&self) -> Result<(), RulesError> {
        let days = [
            ("min_display_days", self.min_display_days),
            ("voter_roll_days_before", self.voter_roll_days_before),
            ("objection_days", self.objection_days),
            ("hearing_notice_days", self.hearing_notice_days),
            ("joint_meeting_notice_days", self.joint_meeting_notice_days),
            ("evaluation_results_days", self.evaluation_results_days),
        ];
        let others: [(&'static str, u32, u32); 9] = [
            ("expected_households", self.expected_households.1, 100_000),
            ("households_per_grid", self.households_per_grid, 10_000),
            (
                "households_per_director_or_deputy",
                self.households_per_director_or_deputy,
                100_000,
            ),
            ("worker_months", u32::from(self.worker_months), 120),
            (
                "nomination_endorsements",
                u32::from(self.nomination_endorsements),
                1_000,
            ),
            (
                "scrutineers_per_box",
                u32::from(self.scrutineers_per_box),
                20,
            ),
            (
                "women_on_committee",
                u32::from(self.women_on_committee),
                u32::from(self.committee_size.1),
            ),
            (
                "smallest_published_group",
                self.smallest_published_group,
                1_000,
            ),
            (
                "evaluation_smallest_breakdown",
                self.evaluation_smallest_breakdown,
                1_000,
            ),
        ];
        let shares = [
            ("turnout", self.turnout),
            ("representative_turnout", self.representative_turnout),
            ("win_share", self.win_share),
            ("runoff_share", self.runoff_share),
        ]
        .into_iter()
        .chain(self.evaluation_shares());
        let too_big = days
            .into_iter()
            .find(|(_, value)| *value > 366)
            .map(|(field, _)| field)
            .or_else(|| {
                others
                    .into_iter()
                    .find(|(_, value, ceiling)| value > ceiling)
                    .map(|(field, ..)| field)
            })
            .or_else(|| {
                shares
                    .into_iter()
                    .find(|(_, share)| share.denominator > 1_000)
                    .map(|(field, _)| field)
            });
        match too_big {
            Some(field) => Err(RulesError::Unreasonable(field)),
            None => Ok(()),
        }
    }

    /// Checks every number the law bounds ([`STATUTORY_BOUNDS`]). A community may be stricter
    /// than the law (a turnout of 3/5), never laxer. Also checked for the rules an election
    /// froze, by the count and by `gongshang recount`.
    pub fn within_statute(&self) -> Result<(), RulesError> {
        let at_least = |share: Fraction, floor: Fraction| floor.reached_by_share(share);
        let checks: [(&'static StatutoryBound, bool); 18] = [
            (&TURNOUT, at_least(self.turnout, Fraction::new(1, 2))),
            (
                &REPRESENTATIVE_TURNOUT,
                at_least(self.representative_turnout, Fraction::new(2, 3)),
            ),
            (&WIN_SHARE, at_least(self.win_share, Fraction::new(1, 2))),
            (
                &RUNOFF_SHARE,
                at_least(self.runoff_share, Fraction::new(1, 3)),
            ),
            (&PROXIES, self.proxies_per_holder <= 3),
            (
                &COMMITTEE_SIZE,
                self.committee_size.0 >= 5 && self.committee_size.1 <= 9,
            ),
            (&ENDORSEMENTS, self.nomination_endorsements >= 10),
            (&VOTING_AGE, self.voting_age == 18),
            (&TERM, self.term_years == 5),
            (&ROLL_DAYS, self.voter_roll_days_before >= 20),
            (&OBJECTION_DAYS, self.objection_days >= 5),
            (&DECISION_DAYS, self.objection_decision_days <= 3),
            (&HANDOVER_DAYS, self.handover_days <= 10),
            (&WOMEN, self.women_on_committee >= 1),
            (&SCRUTINEERS, self.scrutineers_per_box >= 3),
            (&SMALLEST_GROUP, self.smallest_published_group >= 10),
            (
                &CANDIDATE_LIST_DAYS,
                (5..=7).contains(&self.candidate_list_days_before),
            ),
            (
                &SMALLEST_BREAKDOWN_BOUND,
                self.evaluation_smallest_breakdown >= SMALLEST_BREAKDOWN,
            ),
        ];
        match checks.into_iter().find(|(_, ok)| !ok) {
            Some((bound, _)) => Err(RulesError::BeyondStatute(bound)),
            None => Ok(()),
        }
    }

    /// Directors plus deputies a community of `households` should elect: one per
    /// `households_per_director_or_deputy` households, rounded up, at least the director.
    pub fn suggested_directors_and_deputies(&self, households: u32) -> u32 {
        households
            .div_ceil(self.households_per_director_or_deputy)
            .max(1)
    }

    /// True when `households` is outside the range L25 Art. 3 expects of a community.
    pub fn households_outside_expected_range(&self, households: u32) -> bool {
        let (lo, hi) = self.expected_households;
        !(lo..=hi).contains(&households)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_laws_numbers() {
        let rules = CommunityRules::default();
        assert_eq!(rules.committee_size, (5, 9), "L25 Art. 8: 5 to 9 members");
        assert_eq!(rules.term_years, 5, "L25 Art. 14: five-year term");
        assert_eq!(rules.min_display_days, 15, "notices stay up 15 days");
        assert_eq!(rules.validate(), Ok(()));
    }

    #[test]
    fn one_director_or_deputy_per_800_households() {
        let rules = CommunityRules::default();
        assert_eq!(rules.suggested_directors_and_deputies(0), 1);
        assert_eq!(rules.suggested_directors_and_deputies(800), 1);
        assert_eq!(rules.suggested_directors_and_deputies(801), 2);
        assert_eq!(rules.suggested_directors_and_deputies(2_400), 3);
    }

    #[test]
    fn community_size_warning_outside_1000_to_3000_households() {
        let rules = CommunityRules::default();
        assert!(rules.households_outside_expected_range(999));
        assert!(!rules.households_outside_expected_range(1_000));
        assert!(!rules.households_outside_expected_range(3_000));
        assert!(rules.households_outside_expected_range(3_001));
    }

    #[test]
    fn overrides_that_cannot_work_are_refused() {
        let inverted = CommunityRules {
            committee_size: (9, 5),
            ..CommunityRules::default()
        };
        assert_eq!(inverted.validate(), Err(RulesError::InvertedRange));
        let zero = CommunityRules {
            households_per_grid: 0,
            ..CommunityRules::default()
        };
        assert_eq!(zero.validate(), Err(RulesError::Zero));
        let late_list = CommunityRules {
            candidate_list_days_before: 8,
            ..CommunityRules::default()
        };
        assert_eq!(
            late_list.validate(),
            Err(RulesError::BeyondStatute(&CANDIDATE_LIST_DAYS))
        );
        let whole_share = CommunityRules {
            win_share: Fraction::new(1, 1),
            ..CommunityRules::default()
        };
        assert_eq!(whole_share.validate(), Err(RulesError::OutOfLawfulRange));
    }

    #[test]
    fn a_community_changes_its_numbers_within_what_can_work() {
        let base = CommunityRules::default();
        let seven = base
            .with_changes(&[
                ("candidate_list_days_before".into(), "7".into()),
                ("turnout".into(), "3/5".into()),
                ("committee_size".into(), "7-9".into()),
            ])
            .unwrap();
        assert_eq!(seven.candidate_list_days_before, 7);
        assert_eq!(seven.turnout, Fraction::new(3, 5));
        assert_eq!(seven.committee_size, (7, 9));
        let unlawful = base.with_changes(&[("candidate_list_days_before".into(), "9".into())]);
        assert_eq!(
            unlawful.map_err(|e| e.field),
            Err("candidate_list_days_before".to_owned())
        );
        let unknown = base.with_changes(&[("mayor".into(), "1".into())]);
        assert_eq!(unknown.map_err(|e| e.field), Err("mayor".to_owned()));
        let garbled = base.with_changes(&[("voting_age".into(), "eighteen".into())]);
        assert_eq!(garbled.map_err(|e| e.field), Err("voting_age".to_owned()));
        let shown = seven.as_fields();
        assert!(shown.contains(&("turnout".to_owned(), "3/5".to_owned())));
        assert!(shown.contains(&("committee_size".to_owned(), "7-9".to_owned())));
        let round_trip = base.with_changes(&shown).unwrap();
        assert_eq!(round_trip, seven, "what the form shows reads back the same");
    }

    #[test]
    fn issue15_review_a_number_too_big_is_refused_naming_its_field() {
        let base = CommunityRules::default();
        for (field, typed) in [
            ("voting_age", "256"),
            ("min_display_days", "4294967295"),
            ("min_display_days", "367"),
            ("households_per_grid", "4294967295"),
            ("turnout", "600001/1000000"),
            ("women_on_committee", "10"),
            ("expected_households", "1000-4294967295"),
        ] {
            let refused = base.with_changes(&[(field.into(), typed.into())]);
            assert_eq!(
                refused.map_err(|e| (e.field, e.problem)),
                Err((
                    field.to_owned(),
                    super::super::registry::Problem::OutOfRange
                )),
                "{field} = {typed}"
            );
        }
        let wide = base.with_changes(&[("min_display_days".into(), "３０".into())]);
        assert_eq!(
            wide.map(|r| r.min_display_days),
            Ok(30),
            "issue 16, item 20"
        );
    }

    #[test]
    fn issue16_item8_a_change_of_rules_is_its_changed_fields() {
        let base = CommunityRules::default();
        let changed = base
            .with_changes(&[("min_display_days".into(), "20".into())])
            .unwrap();
        assert_eq!(
            changed.changes_from(&base),
            vec![RuleChange {
                field: "min_display_days".into(),
                old: "15".into(),
                new: "20".into(),
            }]
        );
        assert_eq!(base.changes_from(&base), Vec::new());
    }

    #[test]
    fn stored_rules_missing_a_newer_field_take_its_default() {
        let old: CommunityRules = serde_json::from_str(r#"{"min_display_days": 20}"#).unwrap();
        assert_eq!(old.min_display_days, 20);
        assert_eq!(old.voting_age, 18);
    }

    #[test]
    fn election_defaults_are_the_laws_numbers() {
        let rules = CommunityRules::default();
        assert_eq!(rules.voting_age, 18, "L25 Art. 16");
        assert_eq!(rules.turnout, Fraction::new(1, 2), "L25 Art. 19");
        assert_eq!(
            rules.representative_turnout,
            Fraction::new(2, 3),
            "L25 Art. 19"
        );
        assert_eq!(rules.runoff_share, Fraction::new(1, 3), "L25 Art. 19");
        assert_eq!(rules.nomination_endorsements, 10, "L25 Art. 18");
        assert_eq!(rules.proxies_per_holder, 3, "L25 Art. 19");
    }

    #[test]
    fn no_number_goes_beyond_the_laws_floors_and_ceilings() {
        // Issue 15, item 7: turnout 1/1000, 50 proxies and a committee of 7 to 11 were accepted.
        let base = CommunityRules::default();
        for (field, value) in [
            ("turnout", "1/1000"),
            ("representative_turnout", "1/2"),
            ("win_share", "1/3"),
            ("runoff_share", "1/4"),
            ("proxies_per_holder", "50"),
            ("committee_size", "7-11"),
            ("committee_size", "3-9"),
            ("nomination_endorsements", "2"),
            ("voting_age", "16"),
            ("term_years", "3"),
            ("voter_roll_days_before", "10"),
            ("objection_days", "2"),
            ("objection_decision_days", "30"),
            ("handover_days", "60"),
            ("women_on_committee", "0"),
            ("scrutineers_per_box", "1"),
            ("smallest_published_group", "3"),
        ] {
            let refused = base.with_changes(&[(field.into(), value.into())]);
            assert_eq!(
                refused.map_err(|e| e.field),
                Err(field.to_owned()),
                "{field} = {value}"
            );
        }
        // Stricter than the law is the community's right.
        let strict = base
            .with_changes(&[
                ("turnout".into(), "3/5".into()),
                ("representative_turnout".into(), "3/4".into()),
                ("proxies_per_holder".into(), "1".into()),
                ("scrutineers_per_box".into(), "5".into()),
                ("smallest_published_group".into(), "20".into()),
            ])
            .expect("stricter rules");
        assert_eq!(strict.within_statute(), Ok(()));
        for bound in STATUTORY_BOUNDS {
            assert!(
                bound.article.starts_with("L25 Art.") || bound.article.starts_with("EL Art."),
                "{}",
                bound.field
            );
        }
    }

    #[test]
    fn more_than_half_is_strict_and_at_least_a_third_is_not() {
        let half = Fraction::new(1, 2);
        assert!(!half.exceeded_by(50, 100));
        assert!(half.exceeded_by(51, 100));
        assert!(half.exceeded_by(2, 3));
        let third = Fraction::new(1, 3);
        assert!(third.reached_by(33, 99));
        assert!(!third.reached_by(32, 99));
        assert!(!third.reached_by(33, 100));
        assert!(half.exceeded_by(u64::MAX, u64::MAX - 1));
    }

    #[test]
    fn issue19_evaluation_defaults_are_designs_numbers() {
        let rules = CommunityRules::default();
        assert_eq!(rules.evaluation_quorum, Fraction::new(2, 3), "valid at 2/3");
        assert_eq!(
            rules.evaluation_dissatisfied_share,
            Fraction::new(1, 3),
            "flagged over 1/3"
        );
        assert_eq!(
            rules.evaluation_smallest_breakdown, 3,
            "no breakdown below 3"
        );
        assert_eq!(rules.evaluation_excellent_share, Fraction::new(9, 10));
        assert_eq!(rules.evaluation_failing_share, Fraction::new(1, 2));
    }

    #[test]
    fn issue19_evaluation_numbers_change_like_any_rule_and_are_refused_naming_their_field() {
        let rules = CommunityRules::default();
        let changed = rules
            .with_changes(&[("evaluation_quorum".into(), "3/4".into())])
            .expect("a stricter quorum");
        assert_eq!(changed.evaluation_quorum, Fraction::new(3, 4));
        assert_eq!(
            changed.changes_from(&rules),
            [RuleChange {
                field: "evaluation_quorum".into(),
                old: "2/3".into(),
                new: "3/4".into()
            }]
        );
        for (field, value) in [
            ("evaluation_smallest_breakdown", "2"),
            ("evaluation_smallest_breakdown", "100000"),
            ("evaluation_quorum", "0/3"),
            ("evaluation_quorum", "4/3"),
            ("evaluation_failing_share", "1/5000"),
            ("evaluation_excellent_share", "1/2"),
        ] {
            let refused = rules.with_changes(&[(field.into(), value.into())]);
            assert_eq!(
                refused.map_err(|error| error.field),
                Err(field.to_owned()),
                "{field} = {value}"
            );
        }
    }

    #[test]
    fn issue19_excellent_may_not_be_easier_to_reach_than_competent() {
        let easier = CommunityRules {
            evaluation_excellent_share: Fraction::new(3, 5),
            evaluation_competent_share: Fraction::new(2, 3),
            ..CommunityRules::default()
        };
        assert_eq!(
            easier.validate(),
            Err(RulesError::Contradicts("evaluation_excellent_share"))
        );
        let equal = CommunityRules {
            evaluation_excellent_share: Fraction::new(2, 3),
            ..easier
        };
        assert_eq!(equal.validate(), Ok(()));
    }
}
