//! `/notices/new`: drafting a notice (kind, title, Markdown body), previewing it exactly as it
//! will be rendered, saving it as a draft to finish later (`?draft=KEY` continues one), and
//! publishing it now or at a set time, with an optional last day no earlier than the minimum
//! display period.

use super::kind_name;
use crate::api::notices::drafts::{
    DiscardNoticeDraft, DraftView, SaveNoticeDraft, notice_draft, notice_drafts,
};
use crate::api::notices::{PreviewNotice, PublishNotice, Upload, notice_board};
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{ErrorLine, FormError, Refused};
use leptos::prelude::*;
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
    // Bumped whenever a draft is saved or deleted, so the list below reads them again.
    let drafts_changed = RwSignal::new(0_u32);
    view! {
        <h1>{t!(i18n, notices_new)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match (board.await, draft.await) {
                    (Err(error), _) | (_, Err(error)) => view! { <Refused error /> }.into_any(),
                    // Only those who may publish a kind of notice see the form (issue 16, item 6).
                    (Ok(board), _) if board.can_publish.is_empty() => {
                        view! { <Refused error=crate::AppError::Forbidden /> }.into_any()
                    }
                    (Ok(board), Ok(start)) => {
                        view! {
                            <NoticeForm kinds=board.can_publish start drafts_changed />
                            <Drafts drafts_changed />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The form's fields, each a signal so a draft can be saved without submitting the form.
#[derive(Clone, Copy)]
struct Fields {
    kind: RwSignal<String>,
    title: RwSignal<String>,
    body: RwSignal<String>,
    publish_at: RwSignal<String>,
    ends_on: RwSignal<String>,
    /// The draft being finished, empty for a new notice.
    draft: RwSignal<String>,
}

impl Fields {
    fn new(kinds: &[String], start: Option<DraftView>) -> Self {
        let start = start.unwrap_or_else(|| DraftView {
            key: String::new(),
            // No default among several kinds: a lift outage filed as a deliberation by
            // default misled residents (issue 16, item 13).
            kind: match kinds {
                [only] => only.clone(),
                _ => String::new(),
            },
            title: String::new(),
            body: String::new(),
            publish_at: String::new(),
            ends_on: String::new(),
            saved: String::new(),
        });
        Self {
            kind: RwSignal::new(start.kind),
            title: RwSignal::new(start.title),
            body: RwSignal::new(start.body),
            publish_at: RwSignal::new(start.publish_at),
            ends_on: RwSignal::new(start.ends_on),
            draft: RwSignal::new(start.key),
        }
    }

    fn to_draft(self) -> SaveNoticeDraft {
        SaveNoticeDraft {
            draft: self.draft.get_untracked(),
            kind: self.kind.get_untracked(),
            title: self.title.get_untracked(),
            body: self.body.get_untracked(),
            publish_at: self.publish_at.get_untracked(),
            ends_on: self.ends_on.get_untracked(),
        }
    }
}

#[component]
fn NoticeForm(
    kinds: Vec<String>,
    start: Option<DraftView>,
    drafts_changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = start.is_some();
    let fields = Fields::new(&kinds, start);
    let body = fields.body;
    let save = ServerAction::<SaveNoticeDraft>::new();
    Effect::new(move |_| {
        if let Some(Ok(key)) = save.value().get() {
            fields.draft.set(key);
            drafts_changed.update(|n| *n += 1);
        }
    });
    // Files read in the browser, sent as base64 with the form.
    let uploads = RwSignal::new(Vec::<Upload>::new());
    let on_files = crate::ui::uploads::reader(uploads);
    let preview = ServerAction::<PreviewNotice>::new();
    let publish = ServerAction::<PublishNotice>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(key)) = publish.value().get() {
            navigate(&format!("/notices/{key}"), Default::default());
        }
    });
    view! {
        {editing.then(|| view! { <p class="hint" data-testid="editing-draft">{t!(i18n, notices_editing_draft)}</p> })}
        <ActionForm action=publish attr:class="stack" attr:data-testid="publish-form">
            <label>
                {t!(i18n, notices_kind)}
                <select name="kind" required data-testid="notice-kind" on:change=move |event| fields.kind.set(event_target_value(&event))>
                    <option value="" disabled selected=fields.kind.get_untracked().is_empty()>
                        {t!(i18n, notices_choose_kind)}
                    </option>
                    {kinds
                        .into_iter()
                        .map(|code| {
                            let label = code.clone();
                            let selected = fields.kind.get_untracked() == code;
                            view! {
                                <option value=code selected=selected>
                                    {move || kind_name(i18n.get_locale(), &label)}
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
                    value=fields.title.get_untracked()
                    prop:value=move || fields.title.get()
                    on:input=move |event| fields.title.set(event_target_value(&event))
                />
            </label>
            <label>
                {t!(i18n, notices_field_body)}
                <textarea
                    name="body"
                    rows="10"
                    required
                    data-testid="notice-body-input"
                    prop:value=move || body.get()
                    on:input=move |event| body.set(event_target_value(&event))
                >
                    {body.get_untracked()}
                </textarea>
            </label>
            <p class="hint">{t!(i18n, notices_markdown_hint)}</p>
            <label>
                {t!(i18n, notices_field_attachments)}
                <input
                    type="file"
                    multiple
                    accept=".pdf,application/pdf,image/png,image/jpeg,image/webp"
                    data-testid="notice-files"
                    on:change=on_files
                />
            </label>
            <p class="hint">{t!(i18n, notices_attachments_hint)}</p>
            {move || {
                uploads
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, upload)| {
                        view! {
                            <input type="hidden" name=format!("attachments[{i}][name]") value=upload.name />
                            <input type="hidden" name=format!("attachments[{i}][data]") value=upload.data />
                        }
                    })
                    .collect_view()
            }}
            <label>
                {t!(i18n, notices_field_publish_at)}
                <input
                    type="datetime-local"
                    name="publish_at"
                    value=fields.publish_at.get_untracked()
                    prop:value=move || fields.publish_at.get()
                    on:input=move |event| fields.publish_at.set(event_target_value(&event))
                />
            </label>
            <label>
                {t!(i18n, notices_field_ends_on)}
                <input
                    type="date"
                    name="ends_on"
                    value=fields.ends_on.get_untracked()
                    prop:value=move || fields.ends_on.get()
                    on:input=move |event| fields.ends_on.set(event_target_value(&event))
                />
            </label>
            <p class="hint">{t!(i18n, notices_period_hint)}</p>
            <button
                type="button"
                class="button secondary"
                data-testid="preview-notice"
                on:click=move |_| {
                    preview.dispatch(PreviewNotice { body: body.get_untracked() });
                }
            >
                {t!(i18n, staff_preview)}
            </button>
            <input type="hidden" name="draft" value=fields.draft.get_untracked() prop:value=move || fields.draft.get() />
            <button
                type="button"
                class="button secondary"
                data-testid="save-draft"
                on:click=move |_| {
                    save.dispatch(fields.to_draft());
                }
            >
                {t!(i18n, notices_save_draft)}
            </button>
            <button type="submit" class="button" data-testid="publish-notice">{t!(i18n, notices_publish)}</button>
            {move || {
                matches!(save.value().get(), Some(Ok(_)))
                    .then(|| view! { <p class="hint" role="status" data-testid="draft-saved">{t!(i18n, notices_draft_saved)}</p> })
            }}
            <FormError error=Signal::derive(move || save.value().get().and_then(Result::err)) />
            <FormError error=Signal::derive(move || publish.value().get().and_then(Result::err)) />
        </ActionForm>
        {move || {
            preview
                .value()
                .get()
                .map(|result| match result {
                    Ok(html) => view! {
                        <section class="card-plain notice-body" data-testid="notice-preview" inner_html=html></section>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                })
        }}
    }
}

/// The caller's drafts, to continue or delete.
#[component]
fn Drafts(drafts_changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let discard = ServerAction::<DiscardNoticeDraft>::new();
    let drafts = Resource::new(
        move || (drafts_changed.get(), discard.version().get()),
        |_| notice_drafts(),
    );
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
                                        .map(|draft| view! { <DraftLine draft discard /> })
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
fn DraftLine(draft: DraftView, discard: ServerAction<DiscardNoticeDraft>) -> impl IntoView {
    let i18n = use_i18n();
    let key = draft.key.clone();
    let kind = draft.kind.clone();
    let untitled = draft.title.is_empty();
    view! {
        <li data-testid="notice-draft">
            <strong>
                {move || kind_name(i18n.get_locale(), &kind)} " · "
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
                <button
                    type="button"
                    class="link-button"
                    data-testid="discard-draft"
                    on:click=move |_| {
                        discard.dispatch(DiscardNoticeDraft { key: key.clone() });
                    }
                >
                    {t!(i18n, notices_draft_discard)}
                </button>
            </span>
        </li>
    }
}
