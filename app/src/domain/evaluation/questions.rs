//! Questions and answers on a work report (DESIGN.md "Democratic evaluation"): a rater asks
//! while the round is open, the subject answers publicly, and the supervisory committee may hide
//! an abusive question with a reason shown in its place. The asker is never shown.

use crate::domain::registry::{FieldError, Problem};
use crate::domain::text;

/// Longest question, in characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Longest answer, in characters.
pub const MAX_ANSWER_CHARS: usize = 2_000;
/// Longest reason for hiding a question, in characters.
pub const MAX_REASON_CHARS: usize = 200;

fn paragraphs(raw: &str, field: &str, most: usize) -> Result<String, FieldError> {
    let cleaned = text::paragraphs(raw);
    if cleaned.is_empty() {
        Err(FieldError::new(field, Problem::Missing))
    } else if cleaned.chars().count() > most {
        Err(FieldError::new(field, Problem::TooLong))
    } else {
        Ok(cleaned)
    }
}

/// A question as typed, cleaned (`text::paragraphs`); errors under `question` when empty or
/// longer than [`MAX_QUESTION_CHARS`].
pub fn parse_question(raw: &str) -> Result<String, FieldError> {
    paragraphs(raw, "question", MAX_QUESTION_CHARS)
}

/// An answer as typed; errors under `answer` when empty or longer than [`MAX_ANSWER_CHARS`].
pub fn parse_answer(raw: &str) -> Result<String, FieldError> {
    paragraphs(raw, "answer", MAX_ANSWER_CHARS)
}

/// A reason for hiding a question, one line; errors under `reason` when empty or longer than
/// [`MAX_REASON_CHARS`].
pub fn parse_reason(raw: &str) -> Result<String, FieldError> {
    let cleaned = text::line(raw);
    if cleaned.is_empty() {
        Err(FieldError::new("reason", Problem::Missing))
    } else if cleaned.chars().count() > MAX_REASON_CHARS {
        Err(FieldError::new("reason", Problem::TooLong))
    } else {
        Ok(cleaned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue19_questions_answers_and_reasons_are_cleaned_and_bounded() {
        assert_eq!(
            parse_question("  楼道灯什么时候修？\u{0007}  ").expect("a question"),
            "楼道灯什么时候修？"
        );
        assert_eq!(
            parse_question(" \n ").map_err(|e| e.problem),
            Err(Problem::Missing)
        );
        let long = "问".repeat(MAX_QUESTION_CHARS + 1);
        assert_eq!(
            parse_question(&long).map_err(|e| e.field),
            Err("question".to_owned())
        );
        assert!(parse_answer(&"答".repeat(MAX_ANSWER_CHARS)).is_ok());
        assert_eq!(
            parse_answer(&"答".repeat(MAX_ANSWER_CHARS + 1)).map_err(|e| e.problem),
            Err(Problem::TooLong)
        );
        assert_eq!(parse_reason("人身攻击\n").expect("a reason"), "人身攻击");
        assert_eq!(
            parse_reason("").map_err(|e| e.field),
            Err("reason".to_owned())
        );
    }
}
