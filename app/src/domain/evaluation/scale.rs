//! The scales a subject is rated on and their grades (DESIGN.md "Democratic evaluation"):
//! 满意 / 基本满意 / 不满意 for how satisfied the raters are with an office holder, and 优秀 /
//! 称职 / 基本称职 / 不称职 where a round asks about competence (the four grades of cadre
//! assessment, used for committee members under L25 Art. 37).

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// What a subject is rated on.
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
pub enum Scale {
    /// 满意 / 基本满意 / 不满意.
    Satisfaction,
    /// 优秀 / 称职 / 基本称职 / 不称职.
    Competence,
}

/// One grade of a scale. The order within a scale is best first ([`Scale::grades`]).
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
pub enum Grade {
    /// 满意.
    Satisfied,
    /// 基本满意.
    BasicallySatisfied,
    /// 不满意.
    Dissatisfied,
    /// 优秀.
    Excellent,
    /// 称职.
    Competent,
    /// 基本称职.
    BasicallyCompetent,
    /// 不称职.
    Incompetent,
}

const SATISFACTION: [Grade; 3] = [
    Grade::Satisfied,
    Grade::BasicallySatisfied,
    Grade::Dissatisfied,
];
const COMPETENCE: [Grade; 4] = [
    Grade::Excellent,
    Grade::Competent,
    Grade::BasicallyCompetent,
    Grade::Incompetent,
];

impl Scale {
    /// The scale's grades, best first.
    pub fn grades(self) -> &'static [Grade] {
        match self {
            Scale::Satisfaction => &SATISFACTION,
            Scale::Competence => &COMPETENCE,
        }
    }

    /// The scale's worst grade: 不满意 or 不称职.
    pub fn lowest(self) -> Grade {
        match self {
            Scale::Satisfaction => Grade::Dissatisfied,
            Scale::Competence => Grade::Incompetent,
        }
    }

    /// The code a form and the store use (`satisfaction`, `competence`).
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(raw: &str) -> Option<Self> {
        raw.trim().parse().ok()
    }
}

impl Grade {
    /// The scale the grade belongs to.
    pub fn scale(self) -> Scale {
        match self {
            Grade::Satisfied | Grade::BasicallySatisfied | Grade::Dissatisfied => {
                Scale::Satisfaction
            }
            Grade::Excellent
            | Grade::Competent
            | Grade::BasicallyCompetent
            | Grade::Incompetent => Scale::Competence,
        }
    }

    /// 0 for the best grade of its scale, counting down the scale.
    pub fn rank(self) -> usize {
        self.scale()
            .grades()
            .iter()
            .position(|g| *g == self)
            .unwrap_or(usize::MAX)
    }

    /// Whether the grade is `other` or better, on the same scale (never across scales).
    pub fn at_least(self, other: Grade) -> bool {
        self.scale() == other.scale() && self.rank() <= other.rank()
    }

    /// Counted in the satisfaction rate: 满意 and 基本满意 (DESIGN.md: (满意 + 基本满意) / valid).
    pub fn satisfies(self) -> bool {
        matches!(self, Grade::Satisfied | Grade::BasicallySatisfied)
    }

    /// The code a form and the store use (`satisfied`, `basically_competent`, …).
    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(raw: &str) -> Option<Self> {
        raw.trim().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn every_grade_is_on_exactly_one_scale_best_first() {
        for scale in Scale::VARIANTS {
            for (rank, grade) in scale.grades().iter().enumerate() {
                assert_eq!(grade.scale(), *scale);
                assert_eq!(grade.rank(), rank);
            }
            assert_eq!(scale.grades().last(), Some(&scale.lowest()));
        }
        let on_a_scale: usize = Scale::VARIANTS.iter().map(|s| s.grades().len()).sum();
        assert_eq!(on_a_scale, Grade::VARIANTS.len());
    }

    #[test]
    fn a_grade_is_at_least_those_below_it_and_never_across_scales() {
        assert!(Grade::Excellent.at_least(Grade::Competent));
        assert!(Grade::Competent.at_least(Grade::Competent));
        assert!(!Grade::BasicallyCompetent.at_least(Grade::Competent));
        assert!(!Grade::Satisfied.at_least(Grade::Incompetent));
    }

    #[test]
    fn satisfaction_rate_counts_satisfied_and_basically_satisfied() {
        let counted: Vec<Grade> = Grade::VARIANTS
            .iter()
            .copied()
            .filter(|g| g.satisfies())
            .collect();
        assert_eq!(counted, [Grade::Satisfied, Grade::BasicallySatisfied]);
    }

    #[test]
    fn codes_read_back() {
        for grade in Grade::VARIANTS {
            assert_eq!(Grade::parse(grade.code()), Some(*grade));
        }
        assert_eq!(
            Grade::parse("basically_competent"),
            Some(Grade::BasicallyCompetent)
        );
        assert_eq!(Scale::parse(" competence "), Some(Scale::Competence));
        assert_eq!(Grade::parse("满意"), None);
    }
}
