//! `/notices/new`: drafting a notice (kind, title, Markdown body), previewing it exactly as it
//! will be rendered, and publishing it now or at a set time, with an optional last day no
//! earlier than the minimum display period.

use super::kind_name;
use crate::api::notices::{PreviewNotice, PublishNotice, Upload, notice_board};
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{ErrorLine, FormError};
use leptos::prelude::*;

#[component]
pub fn NewNoticePage() -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| notice_board(String::new(), String::new(), false));
    view! {
        <h1>{t!(i18n, notices_new)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match board.await {
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                    Ok(board) if board.can_publish.is_empty() => {
                        view! { <ErrorLine error=crate::AppError::Forbidden /> }.into_any()
                    }
                    Ok(board) => view! { <Draft kinds=board.can_publish /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Draft(kinds: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let body = RwSignal::new(String::new());
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
        <ActionForm action=publish attr:class="stack" attr:data-testid="publish-form">
            <label>
                {t!(i18n, notices_kind)}
                <select name="kind">
                    {kinds
                        .into_iter()
                        .map(|code| {
                            let label = code.clone();
                            view! { <option value=code>{move || kind_name(i18n.get_locale(), &label)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, notices_field_title)}
                <input name="title" maxlength="80" required data-testid="notice-title-input" />
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
                ></textarea>
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
                <input type="datetime-local" name="publish_at" />
            </label>
            <label>
                {t!(i18n, notices_field_ends_on)}
                <input type="date" name="ends_on" />
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
            <button type="submit" class="button" data-testid="publish-notice">{t!(i18n, notices_publish)}</button>
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
