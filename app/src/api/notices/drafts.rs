//! Notice drafts: an officer saves a notice half written and finishes it later from
//! `/notices/new`. Each draft is its author's alone; publishing it (`publish_notice` with its
//! key) deletes it in the same transaction. Attachments are chosen when publishing.

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::{
    api::{context::ServerContext, registry::ssr::parse_key},
    domain::notice_draft::{DraftInput, DraftProblem},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use ssr::{caller, view};

/// A draft as its author sees it, with the form's fields as they were typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftView {
    pub key: crate::domain::keys::DraftKey,
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
    let caller = caller().await?;
    let store = ServerContext::current()?.store;
    Ok(store
        .notice_drafts(&caller.key)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// The caller's draft `key`; `NotFound` when they have no such draft.
#[server(prefix = "/api", endpoint = "notice_draft")]
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

/// Saves the drafting form (`kind`, `title`, `body`, `publish_at`, `ends_on` as typed): a new
/// draft when `draft` is empty, else that draft of the caller's. Answers the draft's key, and sends a plain form post back to the form with the
/// draft open.
#[server(prefix = "/api", endpoint = "save_notice_draft")]
pub async fn save_notice_draft(
    draft: String,
    kind: String,
    title: String,
    body: String,
    publish_at: String,
    ends_on: String,
) -> Result<crate::domain::keys::DraftKey, AppError> {
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
    // By its path: `NoticeDraft` in this module is the type `#[server]` makes for `notice_draft`.
    let draft = crate::domain::notice_draft::NoticeDraft::parse(&input, &caller.roles, kept)
        .map_err(|problem| match problem {
            DraftProblem::Field(error) => AppError::from(error),
            DraftProblem::Refused(refusal) => AppError::Refused(refusal),
            DraftProblem::NotTheirKind => AppError::Forbidden,
        })?;
    let key = match existing {
        None => {
            store
                .create_notice_draft(&caller.community, &caller.key, &draft)
                .await?
        }
        Some(key) => {
            if !store.update_notice_draft(&caller.key, &key, &draft).await? {
                return Err(AppError::NotFound);
            }
            key
        }
    };
    leptos_axum::redirect(&format!("/notices/new?draft={key}&saved=1"));
    Ok(key)
}

/// Deletes the caller's draft `key`; `NotFound` when they have no such draft.
#[server(prefix = "/api", endpoint = "discard_notice_draft")]
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

/// What the draft functions share: the caller as a draft's author, and a draft as shown.
#[cfg(feature = "ssr")]
mod ssr {
    use super::DraftView;
    use crate::AppError;
    use crate::api::guard::{Person, authorize};
    use crate::domain::policy::Action;
    use crate::store::notice_drafts::DraftRow;

    /// The signed-in caller, who may publish notices.
    pub(super) async fn caller() -> Result<Person, AppError> {
        authorize(Action::PublishNotice)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    /// A stored draft as its author sees it.
    pub(super) fn view(row: DraftRow) -> DraftView {
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
}
