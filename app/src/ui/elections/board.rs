//! `/elections/{key}/board`: after the polls close, every tracker (a voter finds theirs) and,
//! separately and shuffled, every online ballot's content and the confirmed paper tally
//! sheets, so anyone can recount. The same as JSON at `/elections/{key}/board.json`.

use super::{ElectionNav, office_name};
use crate::api::elections::election_board;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

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
            .map(|t| t.trim().to_uppercase())
            .unwrap_or_default()
    };
    let found = Resource::new(key, election_board);
    view! {
        <ElectionNav key=key() officer=false counter=false />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(board) => {
                        let wanted = wanted();
                        let found = !wanted.is_empty() && board.trackers.contains(&wanted);
                        let agree = board.online_participations == board.trackers.len() as u64
                            && board.trackers.len() == board.ballots.len();
                        view! {
                            <h1>{board.title.clone()} " · " {t!(i18n, el_nav_board)}</h1>
                            <dl class="facts" data-testid="board-counts">
                                <dt>{t!(i18n, el_took_part)}</dt>
                                <dd>{board.participations}</dd>
                                <dt>{t!(i18n, el_online)}</dt>
                                <dd>{board.online_participations}</dd>
                                <dt>{t!(i18n, el_trackers)}</dt>
                                <dd>{board.trackers.len()}</dd>
                                <dt>{t!(i18n, el_ballots)}</dt>
                                <dd>{board.ballots.len()}</dd>
                                <dt>{t!(i18n, el_counts_agree)}</dt>
                                <dd data-testid="counts-agree">{if agree { "✓" } else { "✗" }}</dd>
                            </dl>
                            <form method="get" class="filters" role="search">
                                <input type="search" name="tracker" value=wanted.clone() placeholder="XXXX-XXXX" aria-label="tracker" />
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
                            <details>
                                <summary>{t!(i18n, el_trackers)} " (" {board.trackers.len()} ")"</summary>
                                <p class="trackers">{board.trackers.join(" ")}</p>
                            </details>
                            <details>
                                <summary>{t!(i18n, el_ballots)} " (" {board.ballots.len()} ")"</summary>
                                <ol class="board-ballots">
                                    {board
                                        .ballots
                                        .iter()
                                        .map(|sections| {
                                            view! {
                                                <li>
                                                    {sections
                                                        .iter()
                                                        .map(|(office, marks)| {
                                                            let office = office.clone();
                                                            let marks: Vec<String> = marks.iter().map(|(n, m)| format!("{n}:{m}")).collect();
                                                            view! { <span>{move || office_name(i18n.get_locale(), &office)} " " {marks.join(", ")} " | "</span> }
                                                        })
                                                        .collect_view()}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            </details>
                            <p>{t!(i18n, el_sheets)} ": " {board.sheets.len()}</p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
