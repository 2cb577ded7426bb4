//! `/notices/new`: drafting a notice (kind, title, Markdown body), previewing it exactly as it
//! will be rendered, saving it as a draft to finish later (`?draft=KEY` continues one), and
//! publishing it now or at a set time, with an optional last day no earlier than the minimum
//! display period. One plain form with three buttons: preview (the page comes back with the
//! preview and what was typed), save as draft and publish; all work without JavaScript.
//! Attachments are a plain file input; the form posts as `multipart/form-data` ([`crate::ui::uploads`]).

use super::kind_name_of_code;
use crate::api::notices::drafts::{
    DiscardNoticeDraft, DraftView, SaveNoticeDraft, notice_draft, notice_drafts,
};
use crate::api::notices::{PublishNotice, notice_board, preview_notice};
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{ErrorLine, Refused};
use crate::ui::forms::{FN_FIELD, FieldError, PostForm, STAY_FIELD, chosen_or, keep_or, kept_form};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewNoticePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let board = Resource::new(|| (), |_| notice_board(String::new(), String::new(), false));
    let draft = Resource::new(
        move || query.with(|q| q.get("draft").unwrap_or_default()),
        |key| async move {
            if key.is_empty() {
                Ok(None)
            } else {
                notice_draft(key).await.map(Some)
            }
        },
    );
    let saved = query.with_untracked(|q| q.get("saved").is_some());
    view! {
        <h1>{t!(i18n, notices_new)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match (board.await, draft.await) {
                    (Err(error), _) | (_, Err(error)) => view! { <Refused error /> }.into_any(),
                    // Only those who may publish a kind of notice see the form (issue 16, item 6).
                    (Ok(board), _) if !board.signed_in => {
                        view! { <Refused error=crate::AppError::Unauthenticated /> }.into_any()
                    }
                    (Ok(board), _) if board.can_publish.is_empty() => {
                        view! { <Refused error=crate::AppError::Forbidden /> }.into_any()
                    }
                    (Ok(board), Ok(start)) => {
                        view! {
                            {saved.then(|| view! { <p class="success" role="status" data-testid="draft-saved">{t!(i18n, notices_draft_saved)}</p> })}
                            <Preview />
                            <NoticeForm kinds=board.can_publish start />
                            <Drafts />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The form's fields as a draft left them, or empty for a new notice.
struct Fields {
    kind: String,
    title: String,
    body: String,
    publish_at: String,
    ends_on: String,
}

/// The drafting form, filled from `start` (a draft being continued) or, when the page answers
/// its own post, with what was typed.
#[component]
fn NoticeForm(kinds: Vec<String>, start: Option<DraftView>) -> impl IntoView {
    let i18n = use_i18n();
    let editing = start.is_some();
    let draft_key = start
        .as_ref()
        .map(|draft| draft.key.to_string())
        .unwrap_or_default();
    let start = match start {
        Some(draft) => Fields {
            kind: draft.kind,
            title: draft.title,
            body: draft.body,
            publish_at: draft.publish_at,
            ends_on: draft.ends_on,
        },
        None => Fields {
            // No default among several kinds: a lift outage filed as a deliberation by
            // default misled residents (issue 16, item 13).
            kind: match kinds.as_slice() {
                [only] => only.clone(),
                _ => String::new(),
            },
            title: String::new(),
            body: String::new(),
            publish_at: String::new(),
            ends_on: String::new(),
        },
    };
    view! {
        {editing.then(|| view! { <p class="hint" data-testid="editing-draft">{t!(i18n, notices_editing_draft)}</p> })}
        <PostForm action=PublishNotice::PATH attr:class="stack" attr:enctype="multipart/form-data" attr:data-testid="publish-form">
            <input type="hidden" name="draft" value=keep_or("draft", draft_key) />
            <label>
                {t!(i18n, notices_kind)}
                <select name="kind" required data-testid="notice-kind">
                    <option value="" disabled selected=chosen_or("kind", "", start.kind.is_empty())>
                        {t!(i18n, notices_choose_kind)}
                    </option>
                    {kinds
                        .into_iter()
                        .map(|code| {
                            let label = code.clone();
                            let selected = chosen_or("kind", &code, start.kind == code);
                            view! {
                                <option value=code selected=selected>
                                    {move || kind_name_of_code(i18n.get_locale(), &label)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, notices_field_title)}
                <input
                    name="title"
                    maxlength="80"
                    required
                    data-testid="notice-title-input"
                    value=keep_or("title", start.title.clone())
                /> <FieldError name="title" />
            </label>
            <label>
                {t!(i18n, notices_field_body)}
                <textarea name="body" rows="10" required data-testid="notice-body-input">
                    {keep_or("body", start.body.clone())}
                </textarea> <FieldError name="body" />
            </label>
            <p class="hint">{t!(i18n, notices_markdown_hint)}</p>
            <crate::ui::uploads::KeptFiles form=PublishNotice::PATH.to_owned() field="attachments" multiple=true />
            <crate::ui::uploads::FileField
                label=crate::i18n::td_string!(i18n.get_locale_untracked(), notices_field_attachments).to_owned()
                field="attachments"
                accept=".pdf,application/pdf,image/png,image/jpeg,image/webp"
                multiple=true
                testid="notice-files"
            />
            <p class="hint">{t!(i18n, notices_attachments_hint)}</p>
            <label>
                {t!(i18n, notices_field_publish_at)}
                <input type="datetime-local" name="publish_at" value=keep_or("publish_at", start.publish_at.clone()) /> <FieldError name="publish_at" />
            </label>
            <label>
                {t!(i18n, notices_field_ends_on)}
                <input type="date" name="ends_on" value=keep_or("ends_on", start.ends_on.clone()) /> <FieldError name="ends_on" />
            </label>
            <p class="hint">{t!(i18n, notices_period_hint)}</p>
            // A half-written notice may be previewed or saved: those two skip the browser's checks
            // of required fields.
            <button type="submit" name=STAY_FIELD value="preview" formnovalidate class="button secondary" data-testid="preview-notice">
                {t!(i18n, staff_preview)}
            </button>
            <button type="submit" name=FN_FIELD value=SaveNoticeDraft::PATH formnovalidate class="button secondary" data-testid="save-draft">
                {t!(i18n, notices_save_draft)}
            </button>
            <button type="submit" class="button" data-testid="publish-notice">{t!(i18n, notices_publish)}</button>
        </PostForm>
    }
}

/// The title and body rendered exactly as they will be published, above the form, when it
/// came back for a preview.
#[component]
fn Preview() -> impl IntoView {
    let kept =
        kept_form(PublishNotice::PATH).filter(|kept| kept.stay.as_deref() == Some("preview"));
    kept.map(|kept| {
        let title = StoredValue::new(kept.value("title").unwrap_or_default().to_owned());
        let body = kept.value("body").unwrap_or_default().to_owned();
        let html = Resource::new(move || body.clone(), preview_notice);
        view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match html.await {
                        Ok(html) => view! {
                            <section class="card-plain" data-testid="notice-preview">
                                <h2>{title.get_value()}</h2>
                                <div class="notice-body" inner_html=html></div>
                            </section>
                        }
                            .into_any(),
                        Err(error) => view! { <ErrorLine error /> }.into_any(),
                    }
                })}
            </Suspense>
        }
    })
}

/// The caller's drafts, to continue or delete.
#[component]
fn Drafts() -> impl IntoView {
    let i18n = use_i18n();
    let drafts = Resource::new(|| (), |_| notice_drafts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let drafts = drafts.await.unwrap_or_default();
                (!drafts.is_empty())
                    .then(|| {
                        view! {
                            <section data-testid="notice-drafts">
                                <h2>{t!(i18n, notices_drafts)}</h2>
                                <p class="hint">{t!(i18n, notices_drafts_hint)}</p>
                                <ul class="notices">
                                    {drafts
                                        .into_iter()
                                        .map(|draft| view! { <DraftLine draft /> })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
            })}
        </Suspense>
    }
}

#[component]
fn DraftLine(draft: DraftView) -> impl IntoView {
    let i18n = use_i18n();
    let key = draft.key.clone();
    let kind = draft.kind.clone();
    let untitled = draft.title.is_empty();
    view! {
        <li data-testid="notice-draft">
            <strong>
                {move || kind_name_of_code(i18n.get_locale(), &kind)} " · "
                {draft.title}
                {untitled.then_some(t!(i18n, notices_draft_untitled))}
            </strong>
            " "
            <span class="hint">{t!(i18n, notices_draft_saved_at)} " " {draft.saved}</span>
            <span class="actions">
                <a href=format!("/notices/new?draft={}", draft.key) data-testid="continue-draft">
                    {t!(i18n, notices_draft_continue)}
                </a>
                " "
                <PostForm action=DiscardNoticeDraft::PATH id=format!("discard-{key}") attr:class="inline-form">
                    <input type="hidden" name="key" value=key.clone() />
                    <button type="submit" class="link-button" data-testid="discard-draft">
                        {t!(i18n, notices_draft_discard)}
                    </button>
                </PostForm>
            </span>
        </li>
    }
}
