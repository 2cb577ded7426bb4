//! Work reports (述职报告): a subject writes theirs, and it is published on the notice board as
//! an evaluation notice under their name, linked to the round.

use crate::AppError;
use crate::domain::keys::NoticeKey;
use leptos::prelude::*;

/// Publishes the caller's work report for `round`: `title` and `body` (Markdown), checked as
/// every notice is (`NewNotice::parse`), published as an evaluation notice under their name.
/// Only a subject publishes their own: an organiser's report in a subject's name would read as
/// the subject's. Refused once the round opened, or when the report is published already (it
/// is then corrected as a notice). Sends a plain form post back to the round's page; answers
/// the notice's key. `attachments` (optional) are PDFs or images, checked as a notice's are.
#[server(prefix = "/api", endpoint = "publish_report")]
pub async fn publish_report(
    round: String,
    title: String,
    body: String,
    attachments: Option<Vec<crate::api::notices::Upload>>,
) -> Result<NoticeKey, AppError> {
    use super::plan::first_problems;
    use super::request::{now, own_round, signed_in, store};
    use crate::domain::notice::{NewNotice, NoticeInput};
    use crate::domain::policy::Action;
    let caller = signed_in(Action::ReportInEvaluation).await?;
    let row = own_round(&caller, &round).await?;
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
    let files = crate::api::notices::ssr::attachments(&attachments.unwrap_or_default())?;
    let key = store()?
        .publish_report(&caller.acting(), &row.key, &caller.key, &notice, &files)
        .await?;
    leptos_axum::redirect(&format!("/evaluations/{}", row.key));
    Ok(key)
}
