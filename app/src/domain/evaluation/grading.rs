//! A round's results for one subject (DESIGN.md "Democratic evaluation"; L25 Art. 37): the
//! count per grade, the satisfaction rate, the overall grade by the round's rule, and the flags
//! staff must act on. Every number is in [`EvaluationRules`], held in `CommunityRules` and
//! shown on the round.

use super::scale::{Grade, Scale};
use crate::domain::rules::{CommunityRules, Fraction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Fewest ratings a subject's breakdown is shown for (DESIGN.md: fewer than 3, no breakdown):
/// with two raters, each could read the other's grade off the result. A community may raise it,
/// never lower it.
pub const SMALLEST_BREAKDOWN: u32 = 3;

/// How a subject's overall grade follows from its ratings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum GradingRule {
    /// The grade with the largest share. A tie gives the less favourable of the tied grades:
    /// a subject is not rated higher than the raters who agreed most rated them.
    HighestShare,
    /// Thresholds (local practice, e.g. 称职-or-better ≥ 90% gives 优秀, 不称职 ≥ 50% gives
    /// 不称职), checked in this order: the scale's lowest grade when its own share reaches
    /// `failing`; else the first of `steps` whose share is reached; else `otherwise`.
    Thresholds {
        failing: Fraction,
        steps: Vec<Step>,
        otherwise: Grade,
    },
}

/// One threshold: `gives` when the ratings at `at_least` or better reach `share`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub gives: Grade,
    pub at_least: Grade,
    pub share: Fraction,
}

/// The numbers of a democratic evaluation, part of `CommunityRules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvaluationRules {
    /// Share of the eligible raters who must take part for the round to be valid, reached at
    /// the least (DESIGN.md: 2/3, configurable).
    pub quorum: Fraction,
    /// A subject is flagged when the share of the scale's lowest grade (不满意, 不称职)
    /// strictly exceeds this (DESIGN.md: over 1/3).
    pub dissatisfied_flag: Fraction,
    /// Fewest ratings a subject's breakdown and grade are shown for; at least
    /// [`SMALLEST_BREAKDOWN`].
    pub smallest_breakdown: u32,
    /// How the overall grade is found on the satisfaction scale.
    pub satisfaction_rule: GradingRule,
    /// How the overall grade is found on the competence scale.
    pub competence_rule: GradingRule,
}

/// How a round grades the competence scale, chosen when it is opened; the thresholds' numbers
/// come from `CommunityRules`. The satisfaction scale is always graded by highest share: its
/// figure of record is the satisfaction rate, which every result shows beside the grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum GradingChoice {
    /// The default: local practice grades competence by thresholds.
    Thresholds,
    HighestShare,
}

impl GradingChoice {
    /// The default first.
    pub const ALL: &'static [GradingChoice] = <GradingChoice as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.trim().parse().ok()
    }
}

impl EvaluationRules {
    /// The rules a round opened now in a community under `rules` runs by, grading the
    /// competence scale by `competence`: frozen into the round (like an election's rules), so
    /// a later change of the community's rules does not change a round's results.
    pub fn from_community(rules: &CommunityRules, competence: GradingChoice) -> Self {
        Self {
            quorum: rules.evaluation_quorum,
            dissatisfied_flag: rules.evaluation_dissatisfied_share,
            smallest_breakdown: rules.evaluation_smallest_breakdown,
            satisfaction_rule: GradingRule::HighestShare,
            competence_rule: match competence {
                GradingChoice::HighestShare => GradingRule::HighestShare,
                GradingChoice::Thresholds => GradingRule::Thresholds {
                    failing: rules.evaluation_failing_share,
                    steps: vec![
                        Step {
                            gives: Grade::Excellent,
                            at_least: Grade::Competent,
                            share: rules.evaluation_excellent_share,
                        },
                        Step {
                            gives: Grade::Competent,
                            at_least: Grade::BasicallyCompetent,
                            share: rules.evaluation_competent_share,
                        },
                    ],
                    otherwise: Grade::BasicallyCompetent,
                },
            },
        }
    }
}

/// The community defaults, graded by thresholds.
impl Default for EvaluationRules {
    fn default() -> Self {
        Self::from_community(&CommunityRules::default(), GradingChoice::Thresholds)
    }
}

/// Why evaluation rules cannot be used; the field it is about, as `CommunityRules` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationRulesError {
    #[error("{0} must be a share above 0 and at most 1")]
    NotAShare(&'static str),
    #[error("smallest_breakdown must be at least {SMALLEST_BREAKDOWN}")]
    BreakdownTooSmall,
    #[error("{0} names a grade of another scale")]
    OtherScale(&'static str),
}

impl EvaluationRules {
    /// The rule for `scale`.
    pub fn rule(&self, scale: Scale) -> &GradingRule {
        match scale {
            Scale::Satisfaction => &self.satisfaction_rule,
            Scale::Competence => &self.competence_rule,
        }
    }

    /// Checks every share is a share and every grade a rule names is on the rule's scale.
    pub fn validate(&self) -> Result<(), EvaluationRulesError> {
        let share = |f: Fraction, field| {
            if f.denominator > 0 && f.numerator > 0 && f.numerator <= f.denominator {
                Ok(())
            } else {
                Err(EvaluationRulesError::NotAShare(field))
            }
        };
        share(self.quorum, "quorum")?;
        share(self.dissatisfied_flag, "dissatisfied_flag")?;
        if self.smallest_breakdown < SMALLEST_BREAKDOWN {
            return Err(EvaluationRulesError::BreakdownTooSmall);
        }
        for (scale, field) in [
            (Scale::Satisfaction, "satisfaction_rule"),
            (Scale::Competence, "competence_rule"),
        ] {
            if let GradingRule::Thresholds {
                failing,
                steps,
                otherwise,
            } = self.rule(scale)
            {
                share(*failing, field)?;
                let grades = steps
                    .iter()
                    .flat_map(|s| [s.gives, s.at_least])
                    .chain([*otherwise]);
                if grades.into_iter().any(|g| g.scale() != scale) {
                    return Err(EvaluationRulesError::OtherScale(field));
                }
                for step in steps {
                    share(step.share, field)?;
                }
            }
        }
        Ok(())
    }
}

/// Valid ratings of one subject, per grade of its scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub scale: Scale,
    counts: BTreeMap<Grade, u64>,
}

/// A grade of another scale than the subject's: not a valid rating of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{grade:?} is not a grade of the {scale:?} scale")]
pub struct OffScale {
    pub grade: Grade,
    pub scale: Scale,
}

impl Tally {
    pub fn new(scale: Scale) -> Self {
        Self {
            scale,
            counts: BTreeMap::new(),
        }
    }

    /// Counts `times` ratings of `grade`; a grade of another scale is refused.
    pub fn add(&mut self, grade: Grade, times: u64) -> Result<(), OffScale> {
        if grade.scale() != self.scale {
            return Err(OffScale {
                grade,
                scale: self.scale,
            });
        }
        *self.counts.entry(grade).or_default() += times;
        Ok(())
    }

    /// Ratings of `grade`.
    pub fn count(&self, grade: Grade) -> u64 {
        self.counts.get(&grade).copied().unwrap_or(0)
    }

    /// All valid ratings.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Ratings at `grade` or better.
    fn at_least(&self, grade: Grade) -> u64 {
        self.scale
            .grades()
            .iter()
            .filter(|g| g.at_least(grade))
            .map(|g| self.count(*g))
            .sum()
    }
}

/// What staff must see about a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// More than the rules' share (1/3) gave the scale's lowest grade.
    LowestGradeOverShare,
    /// 不称职 in this round and in the one before: a committee member's office ends
    /// (L25 Art. 37).
    IncompetentTwiceRunning,
}

/// A subject's breakdown, shown only from [`EvaluationRules::smallest_breakdown`] ratings on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Each grade of the scale, best first, with its count and its share in tenths of a
    /// percent (largest remainder, so the shares add up to exactly 100.0%).
    pub grades: Vec<(Grade, u64, u32)>,
    /// (满意 + 基本满意, valid ratings), on the satisfaction scale.
    pub satisfaction: Option<(u64, u64)>,
    pub grade: Grade,
    pub flags: Vec<Flag>,
}

/// A subject's result: how many rated them, and the breakdown when enough did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectResult {
    pub ratings: u64,
    pub breakdown: Option<Breakdown>,
}

/// The overall grade of `tally` by `rule`; `None` without ratings.
pub fn grade(tally: &Tally, rule: &GradingRule) -> Option<Grade> {
    let total = tally.total();
    if total == 0 {
        return None;
    }
    Some(match rule {
        GradingRule::HighestShare => {
            let most = tally
                .scale
                .grades()
                .iter()
                .map(|g| tally.count(*g))
                .max()
                .unwrap_or(0);
            // Best first, so the last of the tied is the least favourable.
            tally
                .scale
                .grades()
                .iter()
                .rev()
                .find(|g| tally.count(**g) == most)
                .copied()
                .unwrap_or(tally.scale.lowest())
        }
        GradingRule::Thresholds {
            failing,
            steps,
            otherwise,
        } => {
            let lowest = tally.scale.lowest();
            if failing.reached_by(tally.count(lowest), total) {
                lowest
            } else {
                steps
                    .iter()
                    .find(|step| step.share.reached_by(tally.at_least(step.at_least), total))
                    .map_or(*otherwise, |step| step.gives)
            }
        }
    })
}

/// Shares of `counts` in tenths of a percent, adding up to exactly 1000 (the largest
/// remainders get the rounding), or all 0 when there are none.
pub fn per_mille(counts: &[u64]) -> Vec<u32> {
    let total: u128 = counts.iter().map(|c| u128::from(*c)).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let exact: Vec<(u128, u128)> = counts
        .iter()
        .map(|c| {
            let scaled = u128::from(*c) * 1000;
            (scaled / total, scaled % total)
        })
        .collect();
    let mut shares: Vec<u32> = exact
        .iter()
        .map(|(whole, _)| u32::try_from(*whole).unwrap_or(1000))
        .collect();
    let given: u32 = shares.iter().sum();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; on a tie the earlier (better) grade.
    order.sort_by(|a, b| exact[*b].1.cmp(&exact[*a].1).then(a.cmp(b)));
    for index in order
        .into_iter()
        .take(1000u32.saturating_sub(given) as usize)
    {
        shares[index] += 1;
    }
    shares
}

/// The result of `tally` under `rules`; `previous` is the subject's overall grade in the round
/// before, when they are a committee member the two-rounds rule of L25 Art. 37 applies to.
pub fn result(tally: &Tally, rules: &EvaluationRules, previous: Option<Grade>) -> SubjectResult {
    let ratings = tally.total();
    let shown = ratings >= u64::from(rules.smallest_breakdown.max(SMALLEST_BREAKDOWN));
    let breakdown = match grade(tally, rules.rule(tally.scale)) {
        Some(overall) if shown => {
            let grades = tally.scale.grades();
            let counts: Vec<u64> = grades.iter().map(|g| tally.count(*g)).collect();
            let shares = per_mille(&counts);
            let lowest = tally.scale.lowest();
            let mut flags = Vec::new();
            if rules
                .dissatisfied_flag
                .exceeded_by(tally.count(lowest), ratings)
            {
                flags.push(Flag::LowestGradeOverShare);
            }
            if overall == Grade::Incompetent && previous == Some(Grade::Incompetent) {
                flags.push(Flag::IncompetentTwiceRunning);
            }
            Some(Breakdown {
                grades: grades
                    .iter()
                    .zip(counts)
                    .zip(shares)
                    .map(|((g, c), s)| (*g, c, s))
                    .collect(),
                satisfaction: (tally.scale == Scale::Satisfaction).then(|| {
                    let satisfied = grades
                        .iter()
                        .filter(|g| g.satisfies())
                        .map(|g| tally.count(*g))
                        .sum();
                    (satisfied, ratings)
                }),
                grade: overall,
                flags,
            })
        }
        _ => None,
    };
    SubjectResult { ratings, breakdown }
}

/// Whether a round is valid: the raters who took part reach the quorum of those eligible
/// (DESIGN.md: 2/3 by default). No eligible raters, no valid round.
pub fn quorum_met(took_part: u64, eligible: u64, rules: &EvaluationRules) -> bool {
    eligible > 0 && rules.quorum.reached_by(took_part, eligible)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tally(scale: Scale, counts: &[(Grade, u64)]) -> Tally {
        let mut tally = Tally::new(scale);
        for (grade, n) in counts {
            tally.add(*grade, *n).expect("on the scale");
        }
        tally
    }

    #[test]
    fn highest_share_gives_the_most_rated_grade_and_a_tie_the_less_favourable() {
        let rule = GradingRule::HighestShare;
        let clear = tally(
            Scale::Satisfaction,
            &[
                (Grade::Satisfied, 6),
                (Grade::BasicallySatisfied, 3),
                (Grade::Dissatisfied, 1),
            ],
        );
        assert_eq!(grade(&clear, &rule), Some(Grade::Satisfied));
        let tied = tally(
            Scale::Satisfaction,
            &[
                (Grade::Satisfied, 4),
                (Grade::BasicallySatisfied, 4),
                (Grade::Dissatisfied, 2),
            ],
        );
        assert_eq!(grade(&tied, &rule), Some(Grade::BasicallySatisfied));
        assert_eq!(grade(&Tally::new(Scale::Competence), &rule), None);
    }

    #[test]
    fn thresholds_competent_or_better_at_90_percent_gives_excellent() {
        let rules = EvaluationRules::default();
        let rule = rules.rule(Scale::Competence);
        let excellent = tally(
            Scale::Competence,
            &[
                (Grade::Excellent, 2),
                (Grade::Competent, 7),
                (Grade::BasicallyCompetent, 1),
            ],
        );
        assert_eq!(grade(&excellent, rule), Some(Grade::Excellent));
        let just_short = tally(
            Scale::Competence,
            &[
                (Grade::Excellent, 2),
                (Grade::Competent, 6),
                (Grade::BasicallyCompetent, 2),
            ],
        );
        assert_eq!(grade(&just_short, rule), Some(Grade::Competent));
    }

    #[test]
    fn thresholds_incompetent_at_half_gives_incompetent_before_anything_else() {
        let rules = EvaluationRules::default();
        let half = tally(
            Scale::Competence,
            &[(Grade::Excellent, 5), (Grade::Incompetent, 5)],
        );
        assert_eq!(
            grade(&half, rules.rule(Scale::Competence)),
            Some(Grade::Incompetent)
        );
        let below = tally(
            Scale::Competence,
            &[(Grade::BasicallyCompetent, 6), (Grade::Incompetent, 4)],
        );
        assert_eq!(
            grade(&below, rules.rule(Scale::Competence)),
            Some(Grade::BasicallyCompetent),
            "no step reached: the rule's otherwise"
        );
    }

    #[test]
    fn fewer_than_three_ratings_show_no_breakdown_just_the_count() {
        let rules = EvaluationRules::default();
        let two = tally(Scale::Satisfaction, &[(Grade::Dissatisfied, 2)]);
        assert_eq!(
            result(&two, &rules, None),
            SubjectResult {
                ratings: 2,
                breakdown: None
            }
        );
        let three = tally(Scale::Satisfaction, &[(Grade::Dissatisfied, 3)]);
        assert!(result(&three, &rules, None).breakdown.is_some());
        let lowered = EvaluationRules {
            smallest_breakdown: 1,
            ..EvaluationRules::default()
        };
        assert!(lowered.validate().is_err(), "a community cannot lower it");
        assert!(
            result(&two, &lowered, None).breakdown.is_none(),
            "and a stored lower number is not obeyed"
        );
    }

    #[test]
    fn satisfaction_rate_is_satisfied_and_basically_satisfied_over_valid_ratings() {
        let rules = EvaluationRules::default();
        let counted = tally(
            Scale::Satisfaction,
            &[
                (Grade::Satisfied, 5),
                (Grade::BasicallySatisfied, 2),
                (Grade::Dissatisfied, 3),
            ],
        );
        let breakdown = result(&counted, &rules, None).breakdown.expect("shown");
        assert_eq!(breakdown.satisfaction, Some((7, 10)));
        assert_eq!(
            breakdown.grades,
            [
                (Grade::Satisfied, 5, 500),
                (Grade::BasicallySatisfied, 2, 200),
                (Grade::Dissatisfied, 3, 300)
            ]
        );
    }

    #[test]
    fn dissatisfied_over_a_third_is_flagged_a_third_exactly_is_not() {
        let rules = EvaluationRules::default();
        let third = tally(
            Scale::Satisfaction,
            &[(Grade::Satisfied, 6), (Grade::Dissatisfied, 3)],
        );
        assert!(
            result(&third, &rules, None)
                .breakdown
                .expect("shown")
                .flags
                .is_empty()
        );
        let over = tally(
            Scale::Satisfaction,
            &[(Grade::Satisfied, 5), (Grade::Dissatisfied, 3)],
        );
        assert_eq!(
            result(&over, &rules, None).breakdown.expect("shown").flags,
            [Flag::LowestGradeOverShare]
        );
    }

    #[test]
    fn l25_art37_incompetent_in_two_rounds_running_is_flagged() {
        let rules = EvaluationRules::default();
        let incompetent = tally(
            Scale::Competence,
            &[(Grade::Competent, 2), (Grade::Incompetent, 4)],
        );
        let flags = |previous| {
            result(&incompetent, &rules, previous)
                .breakdown
                .expect("shown")
                .flags
        };
        assert!(flags(Some(Grade::Incompetent)).contains(&Flag::IncompetentTwiceRunning));
        assert!(!flags(Some(Grade::BasicallyCompetent)).contains(&Flag::IncompetentTwiceRunning));
        assert!(!flags(None).contains(&Flag::IncompetentTwiceRunning));
    }

    #[test]
    fn a_round_is_valid_when_two_thirds_of_the_eligible_took_part() {
        let rules = EvaluationRules::default();
        assert!(quorum_met(20, 30, &rules));
        assert!(!quorum_met(19, 30, &rules));
        assert!(!quorum_met(0, 0, &rules));
    }

    #[test]
    fn a_grade_of_another_scale_is_not_counted() {
        let mut counted = Tally::new(Scale::Satisfaction);
        assert!(counted.add(Grade::Excellent, 1).is_err());
        assert_eq!(counted.total(), 0);
    }

    #[test]
    fn issue19_a_round_freezes_its_communitys_numbers_and_its_grading_choice() {
        let community = CommunityRules {
            evaluation_quorum: Fraction::new(3, 4),
            evaluation_excellent_share: Fraction::new(4, 5),
            evaluation_failing_share: Fraction::new(2, 5),
            ..CommunityRules::default()
        };
        let rules = EvaluationRules::from_community(&community, GradingChoice::Thresholds);
        assert_eq!(rules.quorum, Fraction::new(3, 4));
        let GradingRule::Thresholds { failing, steps, .. } = &rules.competence_rule else {
            panic!("thresholds chosen");
        };
        assert_eq!(*failing, Fraction::new(2, 5));
        assert_eq!(steps[0].share, Fraction::new(4, 5));
        assert_eq!(rules.satisfaction_rule, GradingRule::HighestShare);
        assert_eq!(rules.validate(), Ok(()));
        let by_share = EvaluationRules::from_community(&community, GradingChoice::HighestShare);
        assert_eq!(by_share.competence_rule, GradingRule::HighestShare);
        for &choice in GradingChoice::ALL {
            assert_eq!(GradingChoice::parse(choice.code()), Some(choice));
        }
        assert_eq!(GradingChoice::parse("lottery"), None);
    }

    #[test]
    fn default_rules_are_valid_and_a_rule_naming_another_scale_is_not() {
        assert_eq!(EvaluationRules::default().validate(), Ok(()));
        let crossed = EvaluationRules {
            satisfaction_rule: GradingRule::Thresholds {
                failing: Fraction::new(1, 2),
                steps: Vec::new(),
                otherwise: Grade::Competent,
            },
            ..EvaluationRules::default()
        };
        assert_eq!(
            crossed.validate(),
            Err(EvaluationRulesError::OtherScale("satisfaction_rule"))
        );
        let no_quorum = EvaluationRules {
            quorum: Fraction::new(0, 3),
            ..EvaluationRules::default()
        };
        assert_eq!(
            no_quorum.validate(),
            Err(EvaluationRulesError::NotAShare("quorum"))
        );
    }

    proptest! {
        #[test]
        fn shares_always_add_up_to_exactly_100_percent(counts in proptest::collection::vec(0u64..1_000_000, 1..6)) {
            let shares = per_mille(&counts);
            let total: u64 = counts.iter().sum();
            prop_assert_eq!(shares.len(), counts.len());
            if total == 0 {
                prop_assert!(shares.iter().all(|s| *s == 0));
            } else {
                prop_assert_eq!(shares.iter().sum::<u32>(), 1000);
                for (share, count) in shares.iter().zip(&counts) {
                    // Never more than one tenth of a percent from the exact share.
                    let exact = *count as f64 * 1000.0 / total as f64;
                    prop_assert!((f64::from(*share) - exact).abs() < 1.0);
                }
            }
        }

        #[test]
        fn the_order_ratings_are_counted_in_never_matters(grades in proptest::collection::vec(0usize..4, 0..60)) {
            let grades: Vec<Grade> = grades.into_iter().map(|i| Scale::Competence.grades()[i]).collect();
            let rules = EvaluationRules::default();
            let mut forward = Tally::new(Scale::Competence);
            for g in &grades {
                forward.add(*g, 1).expect("on the scale");
            }
            let mut backward = Tally::new(Scale::Competence);
            for g in grades.iter().rev() {
                backward.add(*g, 1).expect("on the scale");
            }
            prop_assert_eq!(result(&forward, &rules, None), result(&backward, &rules, None));
        }

        #[test]
        fn below_the_smallest_breakdown_nothing_but_the_count_is_shown(n in 0u64..3, g in 0usize..3) {
            let mut few = Tally::new(Scale::Satisfaction);
            few.add(Scale::Satisfaction.grades()[g], n).expect("on the scale");
            let shown = result(&few, &EvaluationRules::default(), Some(Grade::Incompetent));
            prop_assert_eq!(shown, SubjectResult { ratings: n, breakdown: None });
        }
    }
}
