//! `/elections/{key}/board`: after the polls close, every tracker (a voter finds theirs) and,
//! apart from them, what is published of the votes: each office's online sections on their
//! own (never whole ballots), names written in as totals, and the paper boxes' figures, small
//! boxes merged (`domain::election::publication`). Anyone can recount from it; the same as JSON
//! at `/elections/{key}/board.json`.

use super::{ElectionNav, office_name, standing_name};
use crate::api::elections::BoardContent;
use crate::api::elections::publication::election_board;
use crate::domain::election::Mark;
use crate::domain::election::paper::TallySheet;
use crate::domain::election::publication::OfficeSections;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::BTreeMap;

fn mark_name(locale: Locale, mark: Mark) -> &'static str {
    match mark {
        Mark::For => td_string!(locale, el_mark_for),
        Mark::Against => td_string!(locale, el_mark_against),
        Mark::Abstain => td_string!(locale, el_mark_abstain),
    }
}

fn name_of(names: &BTreeMap<String, String>, key: &str) -> String {
    names.get(key).cloned().unwrap_or_else(|| key.to_owned())
}

#[component]
pub fn Board() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let wanted = move || {
        query
            .read()
            .get("tracker")
            .map(|typed| {
                crate::domain::election::ballot::parse_tracker(&typed)
                    .unwrap_or_else(|| typed.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let found = Resource::new(key, election_board);
    view! {
        <ElectionNav key=key() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(board) => view! { <BoardBody board wanted=wanted() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BoardBody(board: BoardContent, wanted: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let found = !wanted.is_empty() && board.trackers.contains(&wanted);
    let trackers = board.trackers.len() as u64;
    let online_published = board.publication.online.as_ref().map(|o| o.ballots);
    let agree = board.online_participations == trackers
        && online_published.is_none_or(|ballots| ballots == trackers);
    let names = board.names.clone();
    let offices = board
        .publication
        .online
        .as_ref()
        .map(|o| o.offices.clone())
        .unwrap_or_default();
    view! {
        <h1>{board.title.clone()} " · " {t!(i18n, el_nav_board)}</h1>
        <dl class="facts" data-testid="board-counts">
            <dt>{t!(i18n, el_took_part)}</dt>
            <dd>{board.participations}</dd>
            <dt>{t!(i18n, el_online)}</dt>
            <dd>{board.online_participations}</dd>
            <dt>{t!(i18n, el_trackers)}</dt>
            <dd>{trackers}</dd>
            <dt>{t!(i18n, el_counts_agree)}</dt>
            <dd data-testid="counts-agree">{if agree { "✓" } else { "✗" }}</dd>
        </dl>
        <form method="get" class="filters" role="search">
            <input type="search" name="tracker" value=wanted.clone() placeholder="XXXX-XXXX" aria-label="tracker" /> <FieldError name="tracker" />
            <button type="submit" class="button">{t!(i18n, el_find_tracker)}</button>
        </form>
        {(!wanted.is_empty())
            .then(|| {
                view! {
                    <p class=if found { "success" } else { "form-error" } data-testid="tracker-found">
                        {if found { t!(i18n, el_tracker_found).into_any() } else { t!(i18n, el_tracker_missing).into_any() }}
                    </p>
                }
            })}
        <p><a href=format!("/elections/{}/board.json", board.key)>"board.json"</a></p>
        <p class="hint">{t!(i18n, el_board_secrecy)} " " {board.publication.smallest_group}</p>
        {(!board.complete).then(|| view! { <p class="notice-box" data-testid="board-pending">{t!(i18n, el_board_pending)}</p> })}
        <details>
            <summary>{t!(i18n, el_trackers)} " (" {trackers} ")"</summary>
            <p class="trackers">{board.trackers.join(" ")}</p>
        </details>
        {offices
            .into_iter()
            .map(|office| view! { <OnlineSections office names=names.clone() locale /> })
            .collect_view()}
        <h2>{t!(i18n, el_sheets)}</h2>
        {board
            .publication
            .groups
            .iter()
            .map(|group| {
                let mut label = group.boxes.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator));
                if group.online {
                    if !label.is_empty() {
                        label.push('、');
                    }
                    label.push_str(td_string!(locale, el_online_ballots));
                }
                view! {
                    <section class="card" data-testid="board-group">
                        <h3>{label} " · " {group.sheet.ballots_in_box}</h3>
                        <SheetFigures sheet=group.sheet.clone() names=names.clone() locale />
                    </section>
                }
            })
            .collect_view()}
        <h2>{t!(i18n, el_boxes)}</h2>
        <ul class="grants" data-testid="board-boxes">
            {board
                .boxes
                .iter()
                .map(|b| {
                    view! {
                        <li>
                            <strong>{b.name.clone()}</strong> " · " {t!(i18n, el_handed_out)} " " {b.handed_out} " · "
                            <span class="badge">{standing_name(locale, &b.standing)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// One office's online sections, one line each, then the names written in with their totals.
#[component]
fn OnlineSections(
    office: OfficeSections,
    names: BTreeMap<String, String>,
    locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details data-testid="board-office">
            <summary>
                {office_name(locale, office.office)} " · " {t!(i18n, el_online_sections)} " (" {office.sections.len()} ")"
            </summary>
            <ol class="board-ballots">
                {office
                    .sections
                    .iter()
                    .map(|section| {
                        let marks: Vec<String> = section
                            .marks
                            .iter()
                            .map(|(k, m)| format!("{}{}{}", name_of(&names, k), td_string!(locale, field_separator), mark_name(locale, *m)))
                            .collect();
                        let written = (section.written_in > 0)
                            .then(|| format!(" + {}×{}", section.written_in, td_string!(locale, el_write_in)));
                        view! { <li>{marks.join(td_string!(locale, list_separator))} {written}</li> }
                    })
                    .collect_view()}
            </ol>
            {(!office.write_ins.is_empty())
                .then(|| {
                    view! {
                        <p>
                            {t!(i18n, el_write_in)} {t!(i18n, field_separator)}
                            {office
                                .write_ins
                                .iter()
                                .map(|(k, v)| format!("{} {v}", name_of(&names, k)))
                                .collect::<Vec<_>>()
                                .join(td_string!(locale, list_separator))}
                        </p>
                    }
                })}
        </details>
    }
}

/// A group's summed figures: per office, each name's for, against and abstain.
#[component]
fn SheetFigures(
    sheet: TallySheet,
    names: BTreeMap<String, String>,
    locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="hint">
            {t!(i18n, el_void)} " " {sheet.void_ballots} " · " {t!(i18n, el_blank)} " " {sheet.blank_ballots}
        </p>
        {sheet
            .sections
            .iter()
            .map(|section| {
                let rows = section
                    .candidates
                    .iter()
                    .map(|(k, c)| (name_of(&names, k), c.for_, c.against, c.abstain))
                    .chain(section.write_ins.iter().map(|(k, v)| (format!("{}{}", name_of(&names, k), td_string!(locale, el_write_in_short)), *v, 0, 0)))
                    .map(|(name, f, a, s)| view! { <tr><td>{name}</td><td>{f}</td><td>{a}</td><td>{s}</td></tr> })
                    .collect_view();
                view! {
                    <table class="tally">
                        <caption>
                            {office_name(locale, section.office)} " · " {t!(i18n, el_void_sections)} " " {section.void_sections}
                        </caption>
                        <thead>
                            <tr>
                                <th></th>
                                <th>{t!(i18n, el_mark_for)}</th>
                                <th>{t!(i18n, el_mark_against)}</th>
                                <th>{t!(i18n, el_mark_abstain)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            })
            .collect_view()}
    }
}
