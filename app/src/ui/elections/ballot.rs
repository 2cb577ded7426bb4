//! The ballot (`/elections/{key}/ballot`, `?principal=` for a proxy) and the page that confirms
//! it went in (`/elections/{key}/voted`, the tracker shown from a short-lived cookie). The
//! ballot is a plain form, with or without JavaScript: its button asks the server for the
//! review, which says plainly which sections are valid, blank or void before casting. The page
//! ships no JavaScript at all.

use super::office_name;
use crate::api::elections::ContestView;
use crate::api::elections::ballot::{
    BallotForm, CastBallot, ballot_page, check_write_ins, voted_tracker,
};
use crate::domain::election::Office;
use crate::domain::election::ballot::{Mark, Section, SectionState};
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{Refused, refusal_message};
use crate::ui::forms::{KeptForm, PostForm, STAY_FIELD, chosen_or, keep, kept_form};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::collections::BTreeSet;

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

/// The voter's marks and write-ins, as posted back for the review or after a refusal.
fn states(contests: &[ContestView], kept: &KeptForm) -> Vec<(Office, SectionState)> {
    contests
        .iter()
        .map(|contest| {
            let section = Section {
                office: contest.office,
                marks: contest
                    .candidates
                    .iter()
                    .map(|c| (c.key.clone(), kept_mark(kept, &c.key)))
                    .collect(),
                write_ins: written_in(kept, contest.office),
            };
            (contest.office, section.state(contest.seats))
        })
        .collect()
}

/// The field of candidate `key`'s mark. A letter first: a bracketed key starting with a digit
/// reads as a list index.
fn mark_field(key: &str) -> String {
    format!("marks[k{key}]")
}

fn write_in_field(office: Office, n: u8) -> String {
    format!("write_ins[{}-{n}]", office.code())
}

/// The names written in for `office`, from every write-in field posted for it (whatever its
/// number: the count reads them all, so the review must too), each once.
fn written_in(kept: &KeptForm, office: Office) -> BTreeSet<String> {
    let prefix = format!("write_ins[{}-", office.code());
    kept.fields
        .iter()
        .filter(|(field, _)| field.starts_with(&prefix))
        .map(|(_, name)| crate::domain::text::line(name))
        .filter(|name| !name.is_empty())
        .collect()
}

fn kept_mark(kept: &KeptForm, key: &str) -> Mark {
    kept.value(&mark_field(key))
        .and_then(Mark::parse)
        .unwrap_or_default()
}

/// The ballot: a plain form whose button asks for the review (issue 16, item 2); the review
/// page, rendered by the server from what was marked, casts. A refusal brings the form back
/// with every mark (item 1). The marks travel only in the posts and the pages answering them.
#[component]
fn Ballot(form: BallotForm) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(refusal) = form.cannot_cast {
        return view! {
            <h1>{form.title.clone()}</h1>
            <p class="form-error" role="alert" data-testid="cannot-cast">{move || refusal_message(i18n.get_locale(), refusal)}</p>
            <p><a href=format!("/elections/{}", form.election) class="button secondary">{t!(i18n, el_back)}</a></p>
        }
            .into_any();
    }
    let kept = kept_form(CastBallot::PATH);
    let reviewing = kept
        .as_ref()
        .is_some_and(|k| k.stay.as_deref() == Some(REVIEW));
    let void: Vec<Office> = kept
        .as_ref()
        .map(|kept| {
            states(&form.contests, kept)
                .into_iter()
                .filter(|(_, state)| *state == SectionState::Void)
                .map(|(office, _)| office)
                .collect()
        })
        .unwrap_or_default();
    // The names written in that are no voter: the review and a refused form show each beside
    // its section, asking the server (the roll is not in the page).
    let written: std::collections::HashMap<String, String> = kept
        .as_ref()
        .map(|kept| {
            kept.fields
                .iter()
                .filter_map(|(field, name)| {
                    let slot = field.strip_prefix("write_ins[")?.strip_suffix(']')?;
                    (!name.trim().is_empty()).then(|| (slot.to_owned(), name.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let election = form.election.clone();
    let unresolved = OnceResource::new(async move {
        if written.is_empty() {
            Vec::new()
        } else {
            check_write_ins(election.to_string(), Some(written))
                .await
                .unwrap_or_default()
        }
    });
    let title = form.title.clone();
    let principal = form.principal.clone();
    view! {
        <h1 data-testid="ballot-title">{title}</h1>
        {principal.map(|(_, name)| view! { <p class="badge big" data-testid="proxy-ballot">{t!(i18n, el_by_proxy_for)} " " {name}</p> })}
        <Suspense fallback=|| ()>
            {move || {
                let (form, kept, void) = (form.clone(), kept.clone(), void.clone());
                Suspend::new(async move {
                    let unresolved = unresolved.await;
                    match kept.filter(|_| reviewing) {
                        Some(kept) => view! { <Review form kept unresolved /> }.into_any(),
                        None => view! { <Marking form void unresolved /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
        .into_any()
}

/// The names in `unresolved` written in for `office`.
fn unresolved_for(unresolved: &[(Office, String)], office: Office) -> Vec<String> {
    unresolved
        .iter()
        .filter(|(of, _)| *of == office)
        .map(|(_, name)| name.clone())
        .collect()
}

/// Beside a section: the names written in that are no voter on the roll, and what to write.
#[component]
fn WriteInProblem(names: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    (!names.is_empty()).then(|| {
        view! {
            <p class="form-error" role="alert" data-testid="write-in-problem">
                <strong>{names.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))}</strong>
                {t!(i18n, field_separator)}
                {move || refusal_message(i18n.get_locale(), crate::domain::refusal::Refusal::BadWriteIn)}
            </p>
        }
    })
}

/// The `_stay` value of the ballot's review button.
const REVIEW: &str = "review";

/// Marking the ballot; `void` names the sections a refused post would have made void, and
/// `unresolved` the names it wrote in that are no voter.
#[component]
fn Marking(
    form: BallotForm,
    void: Vec<Office>,
    unresolved: Vec<(Office, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="lead">{t!(i18n, el_ballot_intro)}</p>
        <PostForm action=CastBallot::PATH beside_only=true attr:class="ballot" attr:data-testid="ballot">
            <input type="hidden" name="election" value=form.election.clone() />
            {form.principal.clone().map(|(key, _)| view! { <input type="hidden" name="principal" value=key /> })}
            {form
                .contests
                .iter()
                .cloned()
                .map(|contest| {
                    let void = void.contains(&contest.office);
                    let unresolved = unresolved_for(&unresolved, contest.office);
                    view! { <ContestSection contest void unresolved /> }
                })
                .collect_view()}
            <button type="submit" name=STAY_FIELD value=REVIEW class="button big" data-testid="review-button">
                {t!(i18n, el_review_button)}
            </button>
        </PostForm>
    }
}

/// The review: each office's choices and whether the section is valid, blank or void, with
/// every mark in hidden fields; casting from here confirms the void sections it shows. A name
/// written in that is no voter (`unresolved`) is named beside its section, and the ballot
/// cannot be cast until it is changed.
#[component]
fn Review(form: BallotForm, kept: KeptForm, unresolved: Vec<(Office, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let states = states(&form.contests, &kept);
    let castable = unresolved.is_empty();
    view! {
        <PostForm action=CastBallot::PATH attr:class="ballot" attr:data-testid="ballot">
            <div class="review" data-testid="review">
                <h2>{t!(i18n, el_review)}</h2>
                <ul>
                    {form
                        .contests
                        .iter()
                        .zip(states)
                        .map(|(contest, (office, state))| {
                            let (class, text) = match state {
                                SectionState::Valid => ("ok", t!(i18n, el_section_valid).into_any()),
                                SectionState::Blank => ("blank", t!(i18n, el_section_blank).into_any()),
                                SectionState::Void => ("void", t!(i18n, el_section_void).into_any()),
                            };
                            let chosen: Vec<String> = contest
                                .candidates
                                .iter()
                                .filter(|c| kept_mark(&kept, &c.key) != Mark::Abstain)
                                .map(|c| {
                                    let mark = match kept_mark(&kept, &c.key) {
                                        Mark::For => crate::i18n::td_string!(i18n.get_locale_untracked(), el_mark_for),
                                        _ => crate::i18n::td_string!(i18n.get_locale_untracked(), el_mark_against),
                                    };
                                    format!("{} {mark}", c.name)
                                })
                                .chain(written_in(&kept, contest.office).into_iter().map(|name| {
                                    format!("{name}{}", crate::i18n::td_string!(i18n.get_locale_untracked(), el_write_in_short))
                                }))
                                .collect();
                            let bad = unresolved_for(&unresolved, office);
                            let (class, text) = if bad.is_empty() {
                                (class, text)
                            } else {
                                ("void", t!(i18n, el_section_unresolved).into_any())
                            };
                            view! {
                                <li class=class data-testid=format!("review-{}", office.code())>
                                    <strong>{office_name(i18n.get_locale_untracked(), office)}</strong> " " {text}
                                    {(!chosen.is_empty()).then(|| view! { <br /> <span class="hint">{chosen.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))}</span> })}
                                    <WriteInProblem names=bad />
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            {kept
                .fields
                .iter()
                .map(|(name, value)| view! { <input type="hidden" name=name.clone() value=value.clone() /> })
                .collect_view()}
            <input type="hidden" name="void_ok" value="yes" />
            {castable.then(|| view! { <button type="submit" class="button big" data-testid="cast">{t!(i18n, el_cast)}</button> })}
            <button type="submit" name=STAY_FIELD value="change" class="button secondary" data-testid="change">
                {t!(i18n, el_change)}
            </button>
        </PostForm>
    }
}

#[component]
fn ContestSection(contest: ContestView, void: bool, unresolved: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let office = contest.office;
    let seats = contest.seats;
    let open_write_ins =
        (0..seats).any(|n| keep(&write_in_field(office, n)).is_some_and(|w| !w.trim().is_empty()));
    view! {
        <fieldset class="contest" class:void=void data-testid=format!("contest-{}", office.code())>
            <legend>
                {office_name(i18n.get_locale_untracked(), office)} " · " {t!(i18n, el_choose_at_most)} " " {seats}
            </legend>
            // Beside the section it is about, naming the office (issue 16, item 1).
            {void.then(|| view! {
                <p class="form-error" role="alert" data-testid="section-void">
                    {office_name(i18n.get_locale_untracked(), office)} {t!(i18n, field_separator)} {t!(i18n, el_section_void)}
                </p>
            })}
            {contest
                .candidates
                .iter()
                .map(|c| {
                    let name = mark_field(&c.key);
                    let mark_input = move |mark: Mark, label: AnyView| {
                        let checked = chosen_or(&name, mark.code(), mark == Mark::Abstain);
                        view! {
                            <label class=format!("mark mark-{}", mark.code())>
                                <input type="radio" name=name.clone() value=mark.code() checked=checked />
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
            <details class="write-ins" open=open_write_ins>
                <summary>{t!(i18n, el_write_in)}</summary>
                <WriteInProblem names=unresolved />
                <p class="hint">{t!(i18n, el_write_in_hint)}</p>
                {(0..seats)
                    .map(|n| {
                        let slot = format!("{}-{n}", office.code());
                        let field = write_in_field(office, n);
                        let value = keep(&field);
                        // Each field is labelled, so a screen reader says what it is for
                        // (issue 16, item 15: axe found five unlabelled inputs).
                        view! {
                            <label class="write-in">
                            <span>{t!(i18n, el_write_in)} " " {n + 1}</span>
                            <input
                                type="text"
                                name=field
                                value=value
                                autocomplete="off"
                                maxlength="60"
                                data-testid=format!("write-in-{slot}")
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
            // Says a ballot went in only to the browser that cast it (the review found the page
            // telling anyone, signed out included, that "your ballot is in").
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match tracker.await {
                        Ok(Some(tracker)) => {
                            view! {
                                <h1>{t!(i18n, el_voted_title)}</h1>
                                <p>{t!(i18n, el_voted_tracker)}</p>
                                <p class="tracker" data-testid="tracker">{tracker.clone()}</p>
                                <crate::ui::print::CopyButton text=tracker label=crate::i18n::td_string!(i18n.get_locale_untracked(), el_copy_tracker).to_owned() />
                                <p class="hint">{t!(i18n, el_voted_hint)}</p>
                            }
                                .into_any()
                        }
                        _ => view! {
                            <h1>{t!(i18n, el_voted_none_title)}</h1>
                            <p class="hint">{t!(i18n, el_voted_no_tracker)}</p>
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
            <p>
                <a href=move || format!("/elections/{}", key()) class="button secondary">{t!(i18n, el_back)}</a>
            </p>
        </div>
    }
}
