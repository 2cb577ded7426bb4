//! `/elections/{key}/station?place=&q=`: a polling station's table. The officer picks the
//! station, finds the voter on the roll, and marks the paper ballot handed out: from then on
//! that voter cannot vote by phone (and one who voted by phone gets no paper ballot).

use super::ElectionNav;
use crate::api::elections::paper::{HandOutPaper, find_on_roll};
use crate::api::elections::plan::election;
use crate::domain::election::polls::Phase;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::{FieldError, PostForm};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PollingStationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let place = move || query.read().get("place").unwrap_or_default();
    let text = move || query.read().get("q").unwrap_or_default();
    let found_election = Resource::new(key, election);
    let matches = Resource::new(
        move || (key(), text()),
        |(key, text)| find_on_roll(key, text),
    );
    view! {
        <ElectionNav key=key() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found_election.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(e) => {
                        let chosen = place();
                        // Only the stations this officer is assigned to (the server checks it).
                        let mine = e.you.as_ref().map(|y| y.stations.clone()).unwrap_or_default();
                        let places: Vec<_> = e.places.iter().filter(|p| mine.contains(&p.key)).cloned().collect();
                        if places.is_empty() {
                            return view! {
                                <h1>{e.title.clone()} " · " {t!(i18n, el_nav_station)}</h1>
                                <p class="hint" data-testid="no-station">{t!(i18n, el_no_station)}</p>
                            }
                                .into_any();
                        }
                        // Paper ballots are handed out only while the polls are open: before
                        // and after, the page says so instead of offering what would be refused.
                        if e.phase != Phase::Open {
                            return view! {
                                <h1>{e.title.clone()} " · " {t!(i18n, el_nav_station)}</h1>
                                <p class="hint" data-testid="station-shut">{t!(i18n, el_station_shut)}</p>
                            }
                                .into_any();
                        }
                        view! {
                            <h1>{e.title.clone()} " · " {t!(i18n, el_nav_station)}</h1>
                            <form method="get" class="filters" role="search" data-testid="station-search">
                                <select name="place" aria-label="place">
                                    {places
                                        .iter()
                                        .map(|p| view! { <option value=p.key.clone() selected=chosen == p.key>{p.name.clone()}</option> })
                                        .collect_view()}
                                </select>
                                <input type="search" name="q" value=text() placeholder=move || crate::i18n::td_string!(i18n.get_locale(), el_find_voter) /> <FieldError name="q" />
                                <button type="submit" class="button">{t!(i18n, staff_search)}</button>
                            </form>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let chosen = place();
                let (open, places): (bool, Vec<crate::domain::keys::PlaceKey>) = found_election
                    .await
                    .map(|e| (e.phase == Phase::Open, e.you.map(|y| y.stations).unwrap_or_default()))
                    .unwrap_or_default();
                if !open {
                    return ().into_any();
                }
                let place_key = places
                    .iter()
                    .find(|k| **k == chosen)
                    .or_else(|| places.first())
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let place_key = StoredValue::new(place_key);
                match matches.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(found) => view! {
                        <ul class="people" data-testid="station-matches">
                            {found
                                .into_iter()
                                .map(|m| {
                                    let took_part = m.took_part.clone();
                                    view! {
                                        <li>
                                            <strong>{m.name.clone()}</strong> " "
                                            <span class="hint">{m.residents_group.clone().unwrap_or_default()} " " {m.household.clone().unwrap_or_default()}</span>
                                            {match took_part {
                                                Some(channel) => {
                                                    // In words, never the stored code (issue 16, item 8).
                                                    let how = if channel == "paper" { t!(i18n, el_channel_paper).into_any() } else { t!(i18n, el_channel_online).into_any() };
                                                    view! { " " <span class="badge" data-testid="already">{t!(i18n, el_voted)} "（" {how} "）"</span> }.into_any()
                                                }
                                                None => view! {
                                                    <PostForm action=HandOutPaper::PATH id=format!("hand-out-{}", m.person) attr:class="inline-form">
                                                        <input type="hidden" name="election" value=key() />
                                                        <input type="hidden" name="place" value=place_key.get_value() />
                                                        <input type="hidden" name="voter" value=m.person.clone() />
                                                        <button type="submit" class="button secondary" data-testid="hand-out">{t!(i18n, el_hand_out)}</button>
                                                    </PostForm>
                                                }
                                                    .into_any(),
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
