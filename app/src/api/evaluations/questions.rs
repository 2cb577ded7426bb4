//! Questions and answers on the work reports: a rater asks while the round is open (shown
//! without their name), the subject answers, the supervisory committee hides an abusive
//! question with a reason.

use crate::AppError;
use crate::domain::keys::QuestionKey;
use leptos::prelude::*;

/// The caller, a rater of `round`, asks `subject` `question` on their report. Sends a plain
/// form post back to the round's page; answers the question's key.
#[server(prefix = "/api", endpoint = "ask_question")]
pub async fn ask_question(
    round: String,
    subject: String,
    question: String,
) -> Result<QuestionKey, AppError> {
    use super::request::{own_round, parse_key, signed_in, store};
    use crate::domain::evaluation::questions::parse_question;
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RateInEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let subject = parse_key("subject", &subject)?;
    let text = parse_question(&question)?;
    let store = store()?;
    if !store
        .evaluation_subjects(&row.key)
        .await?
        .iter()
        .any(|s| s.person == subject)
    {
        return Err(AppError::invalid("subject", "unknown_value"));
    }
    let key = store
        .ask_question(&caller.community, &row.key, &caller.key, &subject, &text)
        .await?;
    leptos_axum::redirect(&format!("/evaluations/{}#questions", row.key));
    Ok(key)
}

/// The caller answers `question`, asked of them in `round`.
#[server(prefix = "/api", endpoint = "answer_question")]
pub async fn answer_question(
    round: String,
    question: String,
    answer: String,
) -> Result<(), AppError> {
    use super::request::{own_round, parse_key, signed_in, store};
    use crate::domain::evaluation::questions::parse_answer;
    use crate::domain::policy::Action;
    let caller = signed_in(Action::ReportInEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let question: QuestionKey = parse_key("question", &question)?;
    let answer = parse_answer(&answer)?;
    store()?
        .answer_question(&caller.acting(), &row.key, &caller.key, &question, &answer)
        .await
        .map_err(not_found_unless_refused)?;
    leptos_axum::redirect(&format!("/evaluations/{}#questions", row.key));
    Ok(())
}

/// An organiser hides `question` of `round` as abusive; `reason` is shown in its place.
#[server(prefix = "/api", endpoint = "hide_question")]
pub async fn hide_question(
    round: String,
    question: String,
    reason: String,
) -> Result<(), AppError> {
    use super::request::{own_round, parse_key, signed_in, store};
    use crate::domain::evaluation::questions::parse_reason;
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RunEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let question: QuestionKey = parse_key("question", &question)?;
    let reason = parse_reason(&reason)?;
    store()?
        .hide_question(&caller.acting(), &row.key, &question, &caller.key, &reason)
        .await
        .map_err(not_found_unless_refused)?;
    leptos_axum::redirect(&format!("/evaluations/{}#questions", row.key));
    Ok(())
}

/// A question of another round (the store throws "not this round") is not found; a rule's
/// refusal stays what it is.
#[cfg(feature = "ssr")]
fn not_found_unless_refused(error: crate::store::StoreError) -> AppError {
    match error {
        crate::store::StoreError::Refused(refusal) => refusal.into(),
        crate::store::StoreError::Database(cause) if cause.is_thrown() => {
            tracing::info!(%cause, "a question of another round");
            AppError::NotFound
        }
        other => other.into(),
    }
}
