//! The public notice board (`/notices`): current notices newest first, filtered by kind, with
//! an archive; each notice's page with its version history; and, for those who publish, the
//! form to draft, preview, schedule and publish (`/notices/new`). Reading needs no sign-in and
//! no JavaScript: the filters are a plain GET form.

mod detail;
mod poster;
mod publish;

pub use detail::NoticePage;
pub use poster::Poster;
pub use publish::NewNoticePage;

use crate::api::notices::{NoticeLine, notice_board};
use crate::domain::notice::{NoticeKind, Standing};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::ErrorLine;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A kind's name in the visitor's language.
pub(super) fn kind_name(locale: Locale, kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Election => td_string!(locale, notice_kind_election),
        NoticeKind::Evaluation => td_string!(locale, notice_kind_evaluation),
        NoticeKind::Deliberation => td_string!(locale, notice_kind_deliberation),
        NoticeKind::General => td_string!(locale, notice_kind_general),
    }
}

/// The name of a kind as a form or a draft carries it (its code); nothing for a code that is
/// no kind.
pub(super) fn kind_name_of_code(locale: Locale, code: &str) -> &'static str {
    NoticeKind::parse(code).map_or("", |kind| kind_name(locale, kind))
}

#[component]
pub fn Board() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (
            q.get("c").unwrap_or_default(),
            q.get("kind").unwrap_or_default(),
            q.get("archive").is_some_and(|a| a == "1"),
        )
    };
    let board = Resource::new(params, |(c, kind, archive)| notice_board(c, kind, archive));
    view! {
        <h1>{t!(i18n, notices_title)}</h1>
        <p class="lead">{t!(i18n, notices_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let (c, kind, archive) = params();
                match board.await {
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                    Ok(board) => {
                        let publish = !board.can_publish.is_empty();
                        let community = board.community.clone();
                        let key = community.as_ref().map(|(k, _)| k.to_string()).unwrap_or(c);
                        view! {
                            {community.map(|(_, name)| view! { <p class="person-name" data-testid="board-community">{name}</p> })}
                            <form method="get" action="/notices" class="filters" role="search">
                                <select name="c" aria-label=move || td_string!(i18n.get_locale(), notices_community)>
                                    {board
                                        .communities
                                        .iter()
                                        .map(|(k, name)| {
                                            view! { <option value=k.clone() selected=*k == key>{name.clone()}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <select name="kind" aria-label=move || td_string!(i18n.get_locale(), notices_kind)>
                                    <option value="">{t!(i18n, notices_all_kinds)}</option>
                                    {NoticeKind::ALL
                                        .iter()
                                        .copied()
                                        .map(|k| {
                                            let selected = kind == k.code();
                                            view! {
                                                <option value=k.code() selected=selected>
                                                    {move || kind_name(i18n.get_locale(), k)}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                {archive.then(|| view! { <input type="hidden" name="archive" value="1" /> })}
                                <button type="submit" class="button">{t!(i18n, staff_search)}</button>
                            </form>
                            <p class="actions">
                                {if archive {
                                    view! { <a href="/notices">{t!(i18n, notices_current)}</a> }.into_any()
                                } else {
                                    view! { <a href="/notices?archive=1" data-testid="archive-link">{t!(i18n, notices_archive)}</a> }.into_any()
                                }}
                                {publish.then(|| view! { " · " <a href="/notices/new" data-testid="new-notice">{t!(i18n, notices_new)}</a> })}
                                " · " <a href="/notices/feed.atom">{t!(i18n, notices_feed)}</a>
                            </p>
                            {if board.notices.is_empty() {
                                view! { <p class="empty">{t!(i18n, notices_empty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="notices" data-testid="notices">
                                        {board.notices.into_iter().map(|line| view! { <Line line /> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Line(line: NoticeLine) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/notices/{}", line.key);
    let kind = line.kind;
    view! {
        <li>
            <a href=href class="notice-line">
                <span class="badge">{move || kind_name(i18n.get_locale(), kind)}</span>
                <strong>{line.title}</strong>
                <span class="hint">
                    {line.published}
                    {(line.version > 1).then(|| view! { " · " {t!(i18n, notices_corrected)} })}
                    {(line.standing == Standing::Scheduled).then(|| view! { " · " {t!(i18n, notices_scheduled)} })}
                </span>
            </a>
        </li>
    }
}
