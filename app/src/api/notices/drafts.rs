//! Notice drafts: an officer saves a notice half written and finishes it later from
//! `/notices/new`. Each draft is its author's alone; publishing it (`publish_notice` with its
//! key) deletes it in the same transaction. Attachments are chosen when publishing.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A draft as its author sees it, with the form's fields as they were typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub key: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub publish_at: String,
    pub ends_on: String,
    /// When it was last saved, local time.
    pub saved: String,
}

/// The caller's drafts, the last saved first.
#[server(prefix = "/api", endpoint = "notice_drafts")]
pub async fn notice_drafts() -> Result<Vec<DraftView>, AppError> {
    ssr::notice_drafts().await
}

/// One of the caller's drafts.
#[server(prefix = "/api", endpoint = "notice_draft")]
pub async fn notice_draft(key: String) -> Result<DraftView, AppError> {
    ssr::notice_draft(key).await
}

/// Saves the drafting form: a new draft when `draft` is empty, else that draft of the
/// caller's. Answers the draft's key, and sends a plain form post back to the form with the
/// draft open.
#[server(prefix = "/api", endpoint = "save_notice_draft")]
pub async fn save_notice_draft(
    draft: String,
    kind: String,
    title: String,
    body: String,
    publish_at: String,
    ends_on: String,
) -> Result<String, AppError> {
    let key = ssr::save_notice_draft(draft, kind, title, body, publish_at, ends_on).await?;
    leptos_axum::redirect(&format!("/notices/new?draft={key}&saved=1"));
    Ok(key)
}

/// Deletes one of the caller's drafts.
#[server(prefix = "/api", endpoint = "discard_notice_draft")]
pub async fn discard_notice_draft(key: String) -> Result<(), AppError> {
    ssr::discard_notice_draft(key).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::api::context::ServerContext;
    use crate::api::guard::{Person, authorize};
    use crate::api::registry::ssr::parse_key;
    use crate::domain::notice_draft::{DraftInput, DraftProblem, NoticeDraft};
    use crate::domain::policy::Action;
    use crate::store::notice_drafts::DraftRow;

    async fn caller() -> Result<Person, AppError> {
        authorize(Action::PublishNotice)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    fn view(row: DraftRow) -> DraftView {
        DraftView {
            saved: super::super::ssr::local_time(row.saved_at),
            key: row.key,
            kind: row.kind,
            title: row.title,
            body: row.body,
            publish_at: row.publish_at,
            ends_on: row.ends_on,
        }
    }

    pub async fn notice_drafts() -> Result<Vec<DraftView>, AppError> {
        let caller = caller().await?;
        let store = ServerContext::current()?.store;
        Ok(store
            .notice_drafts(&caller.key)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    pub async fn notice_draft(key: String) -> Result<DraftView, AppError> {
        let caller = caller().await?;
        let key = parse_key("key", &key)?;
        let store = ServerContext::current()?.store;
        store
            .notice_draft(&caller.key, &key)
            .await?
            .map(view)
            .ok_or(AppError::NotFound)
    }

    pub async fn save_notice_draft(
        draft: String,
        kind: String,
        title: String,
        body: String,
        publish_at: String,
        ends_on: String,
    ) -> Result<String, AppError> {
        let caller = caller().await?;
        let existing = match draft.trim() {
            "" => None,
            key => Some(parse_key("draft", key)?),
        };
        let store = ServerContext::current()?.store;
        // Replacing a draft does not add one.
        let kept = match existing {
            Some(_) => 0,
            None => store.notice_draft_count(&caller.key).await?,
        };
        let input = DraftInput {
            kind: &kind,
            title: &title,
            body: &body,
            publish_at: &publish_at,
            ends_on: &ends_on,
        };
        let draft =
            NoticeDraft::parse(&input, &caller.roles, kept).map_err(|problem| match problem {
                DraftProblem::Field(error) => AppError::from(error),
                DraftProblem::Refused(refusal) => AppError::Refused(refusal),
                DraftProblem::NotTheirKind => AppError::Forbidden,
            })?;
        match existing {
            None => Ok(store
                .create_notice_draft(&caller.community, &caller.key, &draft)
                .await?),
            Some(key) => {
                if store.update_notice_draft(&caller.key, &key, &draft).await? {
                    Ok(key)
                } else {
                    Err(AppError::NotFound)
                }
            }
        }
    }

    pub async fn discard_notice_draft(key: String) -> Result<(), AppError> {
        let caller = caller().await?;
        let key = parse_key("key", &key)?;
        let store = ServerContext::current()?.store;
        if store.discard_notice_draft(&caller.key, &key).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
