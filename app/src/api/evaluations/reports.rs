//! Work reports (述职报告): a subject writes theirs, or an organiser enters it on their behalf,
//! and it is published on the notice board as an evaluation notice linked to the round.

use crate::AppError;
use crate::domain::keys::NoticeKey;
use leptos::prelude::*;

/// Publishes `subject`'s work report for `round`: `title` and `body` (Markdown), checked as
/// every notice is (`NewNotice::parse`). A subject publishes their own (`subject` empty or
/// theirs); an organiser may publish anyone's. Refused once the round opened, or when the
/// report is published already (it is then corrected as a notice). Sends a plain form post
/// back to the round's page; answers the notice's key.
#[server(prefix = "/api", endpoint = "publish_report")]
pub async fn publish_report(
    round: String,
    subject: Option<String>,
    title: String,
    body: String,
) -> Result<NoticeKey, AppError> {
    use super::plan::first_problems;
    use super::request::{now, own_round, parse_key, signed_in, store};
    use crate::domain::notice::{NewNotice, NoticeInput};
    use crate::domain::policy::{Action, Caller, Decision, decide};
    use crate::domain::refusal::Refusal;
    let caller = signed_in(Action::ReportInEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let subject = match subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => parse_key("subject", raw)?,
        None => caller.key.clone(),
    };
    let organiser = decide(
        Action::RunEvaluation,
        &Caller::SignedIn {
            roles: &caller.roles,
        },
    ) == Decision::Allow;
    if subject != caller.key && !organiser {
        return Err(Refusal::NotTheSubject.into());
    }
    let rules = crate::api::rules::ssr::rules(&caller.community).await?;
    let notice = NewNotice::parse(
        &NoticeInput {
            kind: "evaluation",
            title: &title,
            body: &body,
            publish_at: None,
            ends_on: None,
        },
        &rules,
        now(),
    )
    .map_err(first_problems)?;
    let key = store()?
        .publish_report(&caller.acting(), &row.key, &subject, &notice, &[])
        .await?;
    leptos_axum::redirect(&format!("/evaluations/{}", row.key));
    Ok(key)
}
