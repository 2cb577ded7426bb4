//! `/notices/{key}`: one notice, its latest version first and the earlier ones below (a
//! correction never hides what was published before). Those who publish its kind may post a
//! correction from here.

use super::kind_name;
use crate::api::notices::{CorrectNotice, NoticeView, TakeDownNotice, notice};
use crate::domain::keys::NoticeKey;
use crate::domain::notice::Standing;
use crate::i18n::{t, use_i18n};
use crate::ui::forms::{FieldError, PostForm, keep, keep_or};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NoticePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, notice);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    // With its status (a 404 for a notice that is not there) and a heading.
                    Err(error) => view! { <crate::ui::errors::Refused error heading=true /> }.into_any(),
                    Ok(view_of) => view! { <Notice notice=view_of /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Notice(notice: NoticeView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = notice.kind;
    let mut versions = notice.versions.into_iter();
    let Some(latest) = versions.next() else {
        return view! { <p class="empty">{t!(i18n, notices_empty)}</p> }.into_any();
    };
    let history: Vec<_> = versions.collect();
    let key = notice.key.clone();
    let title = latest.title.clone();
    view! {
        <article class="notice" data-testid="notice">
            <p class="hint">
                <span class="badge">{move || kind_name(i18n.get_locale(), kind)}</span>
                " " {notice.community_name.clone()}
            </p>
            <h1 data-testid="notice-title">{latest.title.clone()}</h1>
            <p class="hint">
                {t!(i18n, notices_published)} " " {latest.published.clone()}
                {(latest.number > 1).then(|| view! { " · " {t!(i18n, notices_version)} " " {latest.number} })}
                {(notice.standing == Standing::Scheduled).then(|| view! { " · " {t!(i18n, notices_scheduled)} })}
            </p>
            <div class="notice-body" data-testid="notice-body" inner_html=latest.body_html.clone()></div>
            {notice.about.clone().map(|href| view! { <p><a href=href class="button secondary" data-testid="notice-about">{t!(i18n, notices_about)}</a></p> })}
            {notice.taken_down_on.map(|day| view! { <p class="hint" data-testid="taken-down">{t!(i18n, notices_taken_down)} " " {day.to_string()}</p> })}
            {notice.take_down.clone().map(|when| view! { <TakeDown key=notice.key.clone() when /> })}
            <p class="hint">
                {t!(i18n, notices_shown_until)} " " {notice.shown_until_at_least.clone()}
                {latest.ends_on.map(|end| view! { " · " {t!(i18n, notices_ends_on)} " " {end.to_string()}})}
            </p>
            {latest.audit_head.clone().map(|head| view! {
                <p class="hint" data-testid="audit-head">
                    {t!(i18n, notices_audit_head)} " " {head} " · "
                    <a href="/audit/heads.json">{t!(i18n, notices_audit_heads)}</a>
                </p>
            })}
            {(!notice.attachments.is_empty())
                .then(|| {
                    view! {
                        <ul class="attachments" data-testid="notice-attachments">
                            {notice
                                .attachments
                                .iter()
                                .map(|a| {
                                    let size = format!("{} KB", (a.size + 1023) / 1024);
                                    view! {
                                        <li>
                                            <a href=a.href.clone()>{a.name.clone()}</a>
                                            " " <span class="hint">{size}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <p class="actions">
                <a href=format!("/notices/{}/print", notice.key) data-testid="print-notice">{t!(i18n, notices_print)}</a>
            </p>
        </article>
        {(!history.is_empty())
            .then(|| {
                view! {
                    <h2>{t!(i18n, notices_history)}</h2>
                    <ol class="notice-history" data-testid="notice-history">
                        {history
                            .into_iter()
                            .map(|v| {
                                view! {
                                    <li>
                                        <details>
                                            <summary>
                                                {t!(i18n, notices_version)} " " {v.number} " · " {v.published} " · " {v.title}
                                            </summary>
                                            <div class="notice-body" inner_html=v.body_html></div>
                                        </details>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
            })}
        {notice
            .can_correct
            .then(|| {
                view! {
                    <h2>{t!(i18n, notices_correct)}</h2>
                    <p class="hint">{t!(i18n, notices_correct_explained)}</p>
                    <PostForm action=CorrectNotice::PATH attr:class="stack" attr:data-testid="correct-form">
                        <input type="hidden" name="key" value=key.clone() />
                        <label>
                            {t!(i18n, notices_field_title)}
                            <input name="title" value=keep_or("title", title.clone()) maxlength="80" required /> <FieldError name="title" />
                        </label>
                        <label>
                            {t!(i18n, notices_field_body)}
                            <textarea name="body" rows="8" required>{keep("body")}</textarea> <FieldError name="body" />
                        </label>
                        <label>
                            {t!(i18n, notices_field_ends_on)}
                            <input type="date" name="ends_on" value=keep("ends_on") /> <FieldError name="ends_on" />
                        </label>
                        <button type="submit" class="button">{t!(i18n, notices_publish_correction)}</button>
                    </PostForm>
                }
            })}
    }
    .into_any()
}

/// Taking the notice down, once its minimum display period is over: before, the button waits
/// and says from when (issue 16, item 6).
#[component]
fn TakeDown(key: NoticeKey, when: crate::api::notices::TakeDown) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PostForm action=TakeDownNotice::PATH attr:class="stack no-print" attr:data-testid="take-down-form">
            <input type="hidden" name="key" value=key />
            <p class="hint">{t!(i18n, notices_take_down_hint)} " " {t!(i18n, notices_take_down_from)} " " {when.from}</p>
            <button type="submit" class="button secondary" data-testid="take-down" disabled=!when.now>{t!(i18n, notices_take_down)}</button>
        </PostForm>
    }
}
