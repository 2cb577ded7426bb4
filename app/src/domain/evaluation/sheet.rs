//! A rater's sheet (测评表): one grade for every subject of the round, on the subject's scale,
//! and an optional comment on each. It is the content the secret-submission engine keeps
//! without the rater (DESIGN.md "Secrecy"): canonical JSON, so two identical sheets are one
//! content. Comments are published without author, shuffled, and only after the close.

use super::scale::{Grade, Scale};
use crate::domain::registry::{FieldError, Problem};
use crate::domain::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest comment on one subject, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// A subject as the sheet knows them: the round's key for them and their scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub key: String,
    pub scale: Scale,
}

/// The sheet as a form sends it: (subject key, grade code) pairs and (subject key, comment)
/// pairs, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetInput {
    pub grades: Vec<(String, String)>,
    pub comments: Vec<(String, String)>,
}

/// A complete, valid sheet. Maps keep subjects in key order, so its JSON is canonical.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingSheet {
    pub grades: BTreeMap<String, Grade>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<String, String>,
}

/// Reads `input` against the round's `subjects`: every subject graded once on their own
/// scale, comments cleaned (`text::paragraphs`) and at most [`MAX_COMMENT_CHARS`], empty ones
/// dropped. Errors name each field (`grade[<subject>]`, `comment[<subject>]`), all at once; a
/// pair for a subject not in the round is `unknown_value` under `subject`.
pub fn parse(subjects: &[Subject], input: &SheetInput) -> Result<RatingSheet, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut problem = |field: String, problem| errors.push(FieldError { field, problem });
    let known = |key: &str| subjects.iter().find(|s| s.key == key);
    let mut grades = BTreeMap::new();
    for (key, raw) in &input.grades {
        let Some(subject) = known(key) else {
            problem("subject".to_owned(), Problem::UnknownValue);
            continue;
        };
        let field = format!("grade[{key}]");
        match Grade::parse(raw) {
            Some(grade) if grade.scale() == subject.scale => {
                if grades.insert(key.clone(), grade).is_some() {
                    problem(field, Problem::UnknownValue);
                }
            }
            _ => problem(field, Problem::UnknownValue),
        }
    }
    for subject in subjects {
        if !grades.contains_key(&subject.key)
            && !input.grades.iter().any(|(key, _)| *key == subject.key)
        {
            problem(format!("grade[{}]", subject.key), Problem::Missing);
        }
    }
    let mut comments = BTreeMap::new();
    for (key, raw) in &input.comments {
        if known(key).is_none() {
            problem("subject".to_owned(), Problem::UnknownValue);
            continue;
        }
        let comment = text::paragraphs(raw);
        if comment.chars().count() > MAX_COMMENT_CHARS {
            problem(format!("comment[{key}]"), Problem::TooLong);
        } else if !comment.is_empty() && comments.insert(key.clone(), comment).is_some() {
            problem(format!("comment[{key}]"), Problem::UnknownValue);
        }
    }
    if errors.is_empty() {
        Ok(RatingSheet { grades, comments })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects() -> Vec<Subject> {
        vec![
            Subject {
                key: "secretary".into(),
                scale: Scale::Satisfaction,
            },
            Subject {
                key: "member".into(),
                scale: Scale::Competence,
            },
        ]
    }

    fn input(grades: &[(&str, &str)], comments: &[(&str, &str)]) -> SheetInput {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect()
        };
        SheetInput {
            grades: pairs(grades),
            comments: pairs(comments),
        }
    }

    #[test]
    fn a_sheet_grades_every_subject_once_on_their_own_scale() {
        let sheet = parse(
            &subjects(),
            &input(
                &[("member", "competent"), ("secretary", "satisfied")],
                &[
                    ("secretary", "  楼道灯修得快。\r\n谢谢 "),
                    ("member", "   "),
                ],
            ),
        )
        .expect("valid");
        assert_eq!(sheet.grades["secretary"], Grade::Satisfied);
        assert_eq!(sheet.comments["secretary"], "楼道灯修得快。\n谢谢");
        assert!(
            !sheet.comments.contains_key("member"),
            "an empty comment is none"
        );
    }

    #[test]
    fn every_problem_is_named_beside_its_field_at_once() {
        let errors = parse(
            &subjects(),
            &input(
                &[("secretary", "excellent"), ("mayor", "satisfied")],
                &[("member", &"长".repeat(MAX_COMMENT_CHARS + 1))],
            ),
        )
        .expect_err("invalid");
        let fields: Vec<(&str, Problem)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("grade[secretary]", Problem::UnknownValue),
                ("subject", Problem::UnknownValue),
                ("grade[member]", Problem::Missing),
                ("comment[member]", Problem::TooLong),
            ]
        );
    }

    #[test]
    fn a_subject_graded_twice_is_refused() {
        let errors = parse(
            &subjects(),
            &input(
                &[
                    ("secretary", "satisfied"),
                    ("secretary", "dissatisfied"),
                    ("member", "competent"),
                ],
                &[],
            ),
        )
        .expect_err("twice");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "grade[secretary]");
    }

    #[test]
    fn identical_sheets_are_one_content_whatever_the_order_typed() {
        let one = parse(
            &subjects(),
            &input(&[("secretary", "satisfied"), ("member", "competent")], &[]),
        )
        .expect("valid");
        let other = parse(
            &subjects(),
            &input(&[("member", "competent"), ("secretary", "satisfied")], &[]),
        )
        .expect("valid");
        assert_eq!(
            serde_json::to_string(&one).expect("json"),
            serde_json::to_string(&other).expect("json")
        );
    }
}
