//! `/elections/{key}/results`: the published result: turnout, ballots cast, blank and void,
//! each office's votes and who is elected, and the rounds still needed. `/…/protocol` prints
//! it as the result protocol, with signature lines for officers and scrutineers.

use super::{ElectionNav, office_name, round_name};
use crate::api::elections::publication::election_results;
use crate::api::elections::{OfficeResult, ResultsView};
use crate::domain::election::plan::Round;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Results() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, election_results);
    view! {
        <ElectionNav key=key() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(results) => {
                        let protocol = format!("/elections/{}/protocol", results.key);
                        view! {
                            <ResultsBody results />
                            <p class="no-print">
                                <a href=protocol class="button secondary" data-testid="protocol-link">{t!(i18n, el_protocol)}</a>
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The figures and each office's table; shared by the results page, the protocol and the
/// officers' count view.
#[component]
pub(super) fn ResultsBody(results: ResultsView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 data-testid="results-title">{results.title.clone()}</h1>
        <p class="hint">{results.community_name.clone()} " · " {results.election_day.clone()}</p>
        <dl class="facts" data-testid="turnout">
            <dt>{t!(i18n, el_roll)}</dt>
            <dd>{results.roll_size}</dd>
            <dt>{t!(i18n, el_took_part)}</dt>
            <dd data-testid="participations">{results.participations}</dd>
            <dt>{t!(i18n, el_ballots_cast)}</dt>
            <dd data-testid="ballots-cast">{results.ballots_cast} " (" {t!(i18n, el_online)} " " {results.online_ballots} ")"</dd>
            <dt>{t!(i18n, el_blank)}</dt>
            <dd>{results.blank_ballots}</dd>
            <dt>{t!(i18n, el_void)}</dt>
            <dd>{results.void_ballots}</dd>
            <dt>{t!(i18n, el_validity)}</dt>
            <dd data-testid="validity">
                {if results.turnout_valid { t!(i18n, el_valid).into_any() } else { t!(i18n, el_invalid).into_any() }}
            </dd>
        </dl>
        {results.offices.into_iter().map(|office| view! { <OfficeTable office /> }).collect_view()}
        {(!results.next_rounds.is_empty())
            .then(|| {
                view! {
                    <h2>{t!(i18n, el_next_rounds)}</h2>
                    <ul data-testid="next-rounds">
                        {results
                            .next_rounds
                            .iter()
                            .map(|r| {
                                let (round, key) = r.split_once(':').unwrap_or_default();
                                let round = Round::parse(round);
                                view! {
                                    <li>
                                        <a href=format!("/elections/{key}")>
                                            {move || round.map(|round| round_name(i18n.get_locale(), round))}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}

#[component]
fn OfficeTable(office: OfficeResult) -> impl IntoView {
    let i18n = use_i18n();
    let code = office.office;
    view! {
        <section class="office-result" data-testid=format!("result-{}", office.office.code())>
            <h2>{move || office_name(i18n.get_locale(), code)} " · " {t!(i18n, el_seats)} " " {office.seats}</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th>{t!(i18n, el_name)}</th>
                            <th>{t!(i18n, el_mark_for)}</th>
                            <th>{t!(i18n, el_mark_against)}</th>
                            <th>{t!(i18n, el_mark_abstain)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {office
                            .lines
                            .iter()
                            .map(|line| {
                                view! {
                                    <tr class:elected=line.elected data-testid="result-line">
                                        <td>
                                            {line.name.clone()}
                                            {line.write_in.then(|| view! { " " <span class="hint">{t!(i18n, el_write_in_short)}</span> })}
                                        </td>
                                        <td data-testid="for-votes">{line.for_votes}</td>
                                        <td>{line.against}</td>
                                        <td>{line.abstain}</td>
                                        <td>
                                            {line.elected.then(|| view! { <strong data-testid="elected">{t!(i18n, el_elected)}</strong> })}
                                            {line.tied.then(|| view! { <span>{t!(i18n, el_tied)}</span> })}
                                            {line.runoff.then(|| view! { <span>{t!(i18n, el_to_runoff)}</span> })}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="hint">
                {t!(i18n, el_void_sections)} " " {office.void_sections} " · " {t!(i18n, el_blank_sections)} " "
                {office.blank_sections}
                {(office.empty_seats > 0).then(|| view! { " · " {t!(i18n, el_empty_seats)} " " {office.empty_seats} })}
            </p>
        </section>
    }
}

/// `/elections/{key}/protocol`: the result protocol for signatures, laid out for A4.
#[component]
pub fn Protocol() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, election_results);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(results) => view! {
                        <article class="protocol" data-testid="protocol">
                            <p class="protocol-head">{t!(i18n, el_protocol_title)}</p>
                            <ResultsBody results />
                            {
                                let locale = i18n.get_locale_untracked();
                                let roles = vec![
                                    crate::i18n::td_string!(locale, el_sign_chair),
                                    crate::i18n::td_string!(locale, el_sign_officer),
                                    crate::i18n::td_string!(locale, el_sign_scrutineer),
                                    crate::i18n::td_string!(locale, el_sign_scrutineer),
                                    crate::i18n::td_string!(locale, el_sign_scrutineer),
                                    crate::i18n::td_string!(locale, el_sign_counter),
                                ];
                                view! { <crate::ui::print::SignatureLines roles /> }
                            }
                            <p class="no-print"><crate::ui::print::PrintButton label=crate::i18n::td_string!(i18n.get_locale_untracked(), notices_print).to_owned() /></p>
                        </article>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
