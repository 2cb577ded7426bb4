//! The ballot (`/elections/{key}/ballot`, `?principal=` for a proxy) and the page that confirms
//! it went in (`/elections/{key}/voted`, the tracker shown from a short-lived cookie). The ballot is a plain form: without
//! JavaScript it posts to the server and the server sends the browser on; with JavaScript a
//! review step says plainly, before casting, which sections would be void or blank. A voter
//! who has no JavaScript confirms a void section with a box instead.

use super::office_name;
use crate::api::elections::ContestView;
use crate::api::elections::voting::{BallotForm, CastBallot, ballot_page, voted_tracker};
use crate::domain::election::Office;
use crate::domain::election::ballot::{Mark, Section, SectionState};
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{FormError, Refused, refusal_message};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::{BTreeMap, BTreeSet};

#[component]
pub fn BallotPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            params.read().get("key").unwrap_or_default(),
            query.read().get("principal"),
        )
    };
    let page = Resource::new(args, |(key, principal)| ballot_page(key, principal));
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(form) => view! { <Ballot form /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The marks and write-ins as the voter makes them, for the review step.
#[derive(Clone, Copy)]
struct Choices {
    marks: RwSignal<BTreeMap<String, Mark>>,
    write_ins: RwSignal<BTreeMap<String, String>>,
}

impl Choices {
    fn states(&self, contests: &[ContestView]) -> Vec<(String, SectionState)> {
        let marks = self.marks.get();
        let write_ins = self.write_ins.get();
        contests
            .iter()
            .map(|contest| {
                let section = Section {
                    office: Office::parse(&contest.office).unwrap_or(Office::Member),
                    marks: contest
                        .candidates
                        .iter()
                        .map(|c| {
                            (
                                c.key.clone(),
                                marks.get(&c.key).copied().unwrap_or_default(),
                            )
                        })
                        .collect(),
                    write_ins: write_ins
                        .iter()
                        .filter(|(slot, name)| {
                            slot.split('-').next() == Some(contest.office.as_str())
                                && !name.trim().is_empty()
                        })
                        .map(|(_, name)| name.trim().to_owned())
                        .collect::<BTreeSet<_>>(),
                };
                (contest.office.clone(), section.state(contest.seats))
            })
            .collect()
    }
}

#[component]
fn Ballot(form: BallotForm) -> impl IntoView {
    let i18n = use_i18n();
    let cast = ServerAction::<CastBallot>::new();
    if let Some(refusal) = form.cannot_cast {
        return view! {
            <h1>{form.title.clone()}</h1>
            <p class="form-error" role="alert" data-testid="cannot-cast">{move || refusal_message(i18n.get_locale(), refusal)}</p>
            <p><a href=format!("/elections/{}", form.election) class="button secondary">{t!(i18n, el_back)}</a></p>
        }
            .into_any();
    }
    let choices = Choices {
        marks: RwSignal::new(BTreeMap::new()),
        write_ins: RwSignal::new(BTreeMap::new()),
    };
    let reviewing = RwSignal::new(false);
    // Set once the page is interactive: the review step needs JavaScript; without it the
    // confirmation box stands in for it.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let contests = form.contests.clone();
    let review = move || choices.states(&contests);
    view! {
        <h1 data-testid="ballot-title">{form.title.clone()}</h1>
        {form.principal.clone().map(|(_, name)| view! { <p class="badge big" data-testid="proxy-ballot">{t!(i18n, el_by_proxy_for)} " " {name}</p> })}
        <p class="lead">{t!(i18n, el_ballot_intro)}</p>
        <ActionForm action=cast attr:class="ballot" attr:data-testid="ballot">
            <input type="hidden" name="election" value=form.election.clone() />
            {form.principal.clone().map(|(key, _)| view! { <input type="hidden" name="principal" value=key /> })}
            {form
                .contests
                .iter()
                .cloned()
                .map(|contest| view! { <ContestSection contest choices /> })
                .collect_view()}
            <div class="review" data-testid="review" hidden=move || !reviewing.get()>
                <h2>{t!(i18n, el_review)}</h2>
                <ul>
                    {move || {
                        review()
                            .into_iter()
                            .map(|(office, state)| {
                                let (class, text) = match state {
                                    SectionState::Valid => ("ok", t!(i18n, el_section_valid).into_any()),
                                    SectionState::Blank => ("blank", t!(i18n, el_section_blank).into_any()),
                                    SectionState::Void => ("void", t!(i18n, el_section_void).into_any()),
                                };
                                view! {
                                    <li class=class data-testid=format!("review-{office}")>
                                        <strong>{office_name(i18n.get_locale(), &office)}</strong> " " {text}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <input type="hidden" name="void_ok" value="yes" disabled=move || !reviewing.get() />
                <button type="submit" class="button big" data-testid="cast">{t!(i18n, el_cast)}</button>
                <button type="button" class="link-button" on:click=move |_| reviewing.set(false)>
                    {t!(i18n, el_change)}
                </button>
            </div>
            <div hidden=move || reviewing.get()>
                {move || {
                    if interactive.get() {
                        view! {
                            <button type="button" class="button big" data-testid="review-button" on:click=move |_| reviewing.set(true)>
                                {t!(i18n, el_review_button)}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <label class="check">
                                <input type="checkbox" name="void_ok" value="yes" />
                                <span>{t!(i18n, el_void_ok)}</span>
                            </label>
                            <button type="submit" class="button big" data-testid="cast-plain">{t!(i18n, el_cast)}</button>
                        }
                            .into_any()
                    }
                }}
            </div>
            <FormError error=Signal::derive(move || cast.value().get().and_then(Result::err)) />
        </ActionForm>
    }
        .into_any()
}

#[component]
fn ContestSection(contest: ContestView, choices: Choices) -> impl IntoView {
    let i18n = use_i18n();
    let office = contest.office.clone();
    let seats = contest.seats;
    let office_for_legend = office.clone();
    view! {
        <fieldset class="contest" data-testid=format!("contest-{office}")>
            <legend>
                {move || office_name(i18n.get_locale(), &office_for_legend)} " · " {t!(i18n, el_choose_at_most)} " " {seats}
            </legend>
            {contest
                .candidates
                .iter()
                .map(|c| {
                    // A letter first: a bracketed key starting with a digit reads as a list index.
                    let name = format!("marks[k{}]", c.key);
                    let key = c.key.clone();
                    let mark_input = move |mark: Mark, label: AnyView| {
                        let key = key.clone();
                        view! {
                            <label class=format!("mark mark-{}", mark.code())>
                                <input
                                    type="radio"
                                    name=name.clone()
                                    value=mark.code()
                                    checked=mark == Mark::Abstain
                                    on:change=move |_| {
                                        choices.marks.update(|m| {
                                            m.insert(key.clone(), mark);
                                        })
                                    }
                                />
                                <span>{label}</span>
                            </label>
                        }
                    };
                    view! {
                        <div class="candidate" data-testid="ballot-candidate">
                            <div class="candidate-head">
                                {c.photo.clone().map(|src| view! { <img src=src alt="" class="photo" width="48" height="60" /> })}
                                <strong>{c.name.clone()}</strong>
                            </div>
                            {(!c.statement.is_empty()).then(|| view! { <details><summary>{t!(i18n, el_statement)}</summary><p>{c.statement.clone()}</p></details> })}
                            <div class="marks" role="radiogroup" aria-label=c.name.clone()>
                                {mark_input(Mark::For, t!(i18n, el_mark_for).into_any())}
                                {mark_input(Mark::Against, t!(i18n, el_mark_against).into_any())}
                                {mark_input(Mark::Abstain, t!(i18n, el_mark_abstain).into_any())}
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            <details class="write-ins">
                <summary>{t!(i18n, el_write_in)}</summary>
                <p class="hint">{t!(i18n, el_write_in_hint)}</p>
                {(0..seats)
                    .map(|n| {
                        let slot = format!("{office}-{n}");
                        let field = format!("write_ins[{slot}]");
                        // Each field is labelled, so a screen reader says what it is for
                        // (issue 16, item 15: axe found five unlabelled inputs).
                        view! {
                            <label class="write-in">
                            <span>{t!(i18n, el_write_in)} " " {n + 1}</span>
                            <input
                                type="text"
                                name=field
                                autocomplete="off"
                                maxlength="60"
                                data-testid=format!("write-in-{slot}")
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    choices.write_ins.update(|w| {
                                        w.insert(slot.clone(), value);
                                    })
                                }
                            />
                            </label>
                        }
                    })
                    .collect_view()}
            </details>
        </fieldset>
    }
}

/// `/elections/{key}/voted`: the ballot is in; the voter keeps the tracker, which comes in the
/// page's body (from the cookie casting set), never in its address.
#[component]
pub fn Voted() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let tracker = Resource::new(key, voted_tracker);
    view! {
        <div class="voted" data-testid="voted">
            <h1>{t!(i18n, el_voted_title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match tracker.await {
                        Ok(Some(tracker)) => {
                            view! {
                                <p>{t!(i18n, el_voted_tracker)}</p>
                                <p class="tracker" data-testid="tracker">{tracker.clone()}</p>
                                <crate::ui::print::CopyButton text=tracker>{t!(i18n, el_copy_tracker)}</crate::ui::print::CopyButton>
                                <p class="hint">{t!(i18n, el_voted_hint)}</p>
                            }
                                .into_any()
                        }
                        _ => view! { <p class="hint">{t!(i18n, el_voted_no_tracker)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p>
                <a href=move || format!("/elections/{}", key()) class="button secondary">{t!(i18n, el_back)}</a>
            </p>
        </div>
    }
}
