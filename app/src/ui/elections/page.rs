//! `/elections/{key}`: an election's public page: its calendar with the legal deadlines, seats
//! and polling places, the committee, the published candidates and proxies; and, for a signed-in
//! voter of the community, their part: casting (for themselves or as a proxy), naming a proxy,
//! nominating and endorsing candidates, and objecting to the roll.

use super::{ElectionNav, duty_name, mode_name, office_name, phase_name, round_name};
use crate::api::elections::candidacy::{EndorseNomination, NominateByVoters, open_nominations};
use crate::api::elections::plan::election;
use crate::api::elections::proxy::NameProxy;
use crate::api::elections::roll::FileObjection;
use crate::api::elections::{ContestView, ElectionView, VoterStatus};
use crate::domain::election::plan::Office;
use crate::domain::election::polls::Phase;
use crate::domain::keys::ElectionKey;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{Refused, refusal_message};
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ElectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, election);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(view_of) => view! { <Election election=view_of /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Election(election: ElectionView) -> impl IntoView {
    let i18n = use_i18n();
    let phase = election.phase;
    let mode = election.mode;
    let round = election.round;
    view! {
        <ElectionNav key=election.key.to_string() />
        <h1 data-testid="election-title">{election.title.clone()}</h1>
        <p class="hint">
            {election.community_name.clone()} " · "
            <span class="badge" data-testid="election-phase">{move || phase_name(i18n.get_locale(), phase)}</span>
            " " {move || round_name(i18n.get_locale(), round)}
        </p>
        <dl class="facts">
            <dt>{t!(i18n, el_day)}</dt>
            <dd>{election.election_day.clone()}</dd>
            <dt>{t!(i18n, el_window)}</dt>
            <dd>{election.voting_opens.clone()} " – " {election.voting_closes.clone()}</dd>
            <dt>{t!(i18n, el_mode)}</dt>
            <dd>{move || mode_name(i18n.get_locale(), mode)}</dd>
            <dt>{t!(i18n, el_seats)}</dt>
            <dd>
                {election
                    .seats
                    .iter()
                    .map(|(office, n)| {
                        let office = *office;
                        let n = *n;
                        view! { <span class="seat">{move || office_name(i18n.get_locale(), office)} " " {n} " "</span> }
                    })
                    .collect_view()}
            </dd>
            <dt>{t!(i18n, el_roll)}</dt>
            <dd data-testid="roll-size">
                {match election.roll_published_on.clone() {
                    Some(day) => view! {
                        {election.roll_size} " " {t!(i18n, el_voters)} " · " {t!(i18n, el_published)} " " {day}
                        " · " <a href=format!("/elections/{}/roll", election.key)>{t!(i18n, el_see_roll)}</a>
                    }
                        .into_any(),
                    None => view! { {t!(i18n, el_not_yet)} }.into_any(),
                }}
            </dd>
        </dl>
        {election.you.clone().map(|you| view! { <YourPart election=election.clone() you /> })}
        <details class="frozen-rules" data-testid="election-rules">
            <summary>{t!(i18n, el_rules)}</summary>
            <p class="hint">{t!(i18n, el_rules_frozen)}</p>
            <dl class="facts">
                {election
                    .rules
                    .iter()
                    .map(|(field, value)| {
                        let field = field.clone();
                        view! {
                            <dt>{move || crate::ui::staff::rules::rule_name(i18n.get_locale(), &field)}</dt>
                            <dd>{value.clone()}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
        </details>
        <h2>{t!(i18n, el_calendar)}</h2>
        <ul class="timeline" data-testid="timeline">
            {election
                .timeline
                .iter()
                .map(|line| {
                    let duty = line.duty;
                    let rule = line.rule;
                    let when = match &line.first_day {
                        Some(first) => format!("{first} – {}", line.last_day),
                        None => format!("≤ {}", line.last_day),
                    };
                    let done = line.done_on.clone();
                    let is_done = done.is_some();
                    view! {
                        <li class:done=is_done>
                            <strong>{move || duty_name(i18n.get_locale(), duty)}</strong>
                            " " <span>{when}</span>
                            " " <span class="hint">{move || super::source_name(i18n.get_locale(), rule)}</span>
                            {done.map(|d| view! { " ✓ " {d} })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{t!(i18n, el_candidates)}</h2>
        {if election.contests.is_empty() {
            view! { <p class="empty">{t!(i18n, el_candidates_not_published)}</p> }.into_any()
        } else {
            view! { <Contests contests=election.contests.clone() /> }.into_any()
        }}
        {(!election.proxies.is_empty())
            .then(|| {
                view! {
                    <h2>{t!(i18n, el_proxies)}</h2>
                    <ul data-testid="proxies">
                        {election
                            .proxies
                            .iter()
                            .map(|(principal, holder)| view! { <li>{principal.clone()} " → " {holder.clone()}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
        <h2>{t!(i18n, el_places)}</h2>
        <ul>
            {election
                .places
                .iter()
                .map(|place| {
                    let roving = place.roving;
                    view! {
                        <li>{place.name.clone()} {roving.then(|| view! { " " <span class="badge">{t!(i18n, el_roving)}</span> })}</li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{t!(i18n, el_committee)}</h2>
        <p>{election.committee.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))}</p>
    }
}

/// The published candidates, office by office, with photos and statements.
#[component]
pub(super) fn Contests(contests: Vec<ContestView>) -> impl IntoView {
    let i18n = use_i18n();
    contests
        .into_iter()
        .map(|contest| {
            let office = contest.office;
            view! {
                <section class="contest-list">
                    <h3>{move || office_name(i18n.get_locale(), office)} " · " {t!(i18n, el_seats)} " " {contest.seats}</h3>
                    <ul class="candidates" data-testid="candidates">
                        {contest
                            .candidates
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li class="candidate-card">
                                        {c.photo.clone().map(|src| view! { <img src=src alt="" class="photo" loading="lazy" width="64" height="80" /> })}
                                        <div>
                                            <strong>{c.name.clone()}</strong>
                                            {(!c.statement.is_empty()).then(|| view! { <p class="statement">{c.statement.clone()}</p> })}
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn YourPart(election: ElectionView, you: VoterStatus) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(election.key.clone());
    let ballot_base = election.key.clone();
    let ballot = format!("/elections/{ballot_base}/ballot");
    let status = if !you.on_roll {
        view! { <p data-testid="your-status">{t!(i18n, el_not_on_roll)}</p> }.into_any()
    } else if let Some(channel) = you.took_part.clone() {
        let paper = channel == "paper";
        view! {
            <p class="success" data-testid="your-status">
                {if paper { t!(i18n, el_took_part_paper).into_any() } else { t!(i18n, el_took_part_online).into_any() }}
            </p>
        }
            .into_any()
    } else {
        match you.cannot_cast {
            None => view! {
                <p data-testid="your-status">
                    <a href=ballot.clone() class="button" data-testid="go-vote">{t!(i18n, el_vote)}</a>
                </p>
            }
                .into_any(),
            Some(refusal) => view! {
                <p data-testid="your-status">{move || refusal_message(i18n.get_locale(), refusal)}</p>
            }
                .into_any(),
        }
    };
    let principals = you.principals.clone();
    let can_name_proxy = you.on_roll
        && you.took_part.is_none()
        && you.proxy_named.is_none()
        && election.mode.allows_proxies()
        && matches!(election.phase, Phase::Preparing | Phase::Open);
    let nominating = you.on_roll
        && election.phase == Phase::Preparing
        && election.candidates_published_on.is_none()
        && election.roll_published_on.is_some();
    let paper = you.paper.clone().map(|paper| {
        view! { <PaperHandedOut election=election.key.clone() paper disputed=you.disputed /> }
    });
    view! {
        <section class="card-plain your-part" data-testid="your-part">
            <h2>{t!(i18n, el_your_part)}</h2>
            {status}
            {paper}
            {(!principals.is_empty())
                .then(|| {
                    view! {
                        <h3>{t!(i18n, el_you_hold_proxies)}</h3>
                        <ul data-testid="principals">
                            {principals
                                .iter()
                                .map(|(principal, name, voted)| {
                                    let href = format!("{ballot}?principal={principal}");
                                    view! {
                                        <li>
                                            {name.clone()} " "
                                            {if *voted {
                                                view! { <span class="badge">{t!(i18n, el_voted)}</span> }.into_any()
                                            } else {
                                                view! { <a href=href class="button secondary" data-testid="vote-for-principal">{t!(i18n, el_vote_for)} " " {name.clone()}</a> }.into_any()
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            {you.proxy_named.clone().map(|holder| view! { <p data-testid="proxy-named">{t!(i18n, el_proxy_named)} " " {holder}</p> })}
            {can_name_proxy
                .then(|| {
                    // A refused form comes back open, its reason in view.
                    let refused = crate::ui::forms::kept_form(NameProxy::PATH).is_some();
                    view! {
                        <details open=refused>
                            <summary>{t!(i18n, el_name_proxy)}</summary>
                            <PostForm action=NameProxy::PATH attr:class="stack" attr:data-testid="proxy-form">
                                <input type="hidden" name="election" value=key.get_value() />
                                <label>
                                    {t!(i18n, el_proxy_holder)}
                                    <input type="text" name="holder" required autocomplete="off" value=keep("holder") /> <FieldError name="holder" />
                                </label>
                                <label class="check">
                                    <input type="checkbox" name="away" value="yes" checked=chosen_or("away", "yes", false) />
                                    <span>{t!(i18n, el_proxy_away)}</span>
                                </label>
                                <p class="hint">{t!(i18n, el_proxy_rules)}</p>
                                <button type="submit" class="button secondary">{t!(i18n, el_name_proxy)}</button>
                            </PostForm>
                        </details>
                    }
                })}
            {nominating.then(|| view! { <Nominations election=key.get_value() seats=election.seats.clone() /> })}
            {you.may_object.then(|| view! { <Objection election=key.get_value() /> })}
        </section>
    }
}

#[component]
fn Nominations(election: ElectionKey, seats: Vec<(Office, u8)>) -> impl IntoView {
    let i18n = use_i18n();
    let key = election.clone();
    let election = StoredValue::new(election);
    let open = Resource::new(move || key.to_string(), open_nominations);
    view! {
        <details>
            <summary>{t!(i18n, el_nominate)}</summary>
            <p class="hint">{t!(i18n, el_nominate_hint)}</p>
            <Suspense fallback=|| ()>
                {
                    move || {
                        Suspend::new(async move {
                            open.await
                                .ok()
                                .map(|lines| {
                                    view! {
                                        <ul data-testid="open-nominations">
                                            {lines
                                                .into_iter()
                                                .map(|n| {
                                                    let office = n.office;
                                                    view! {
                                                        <li>
                                                            <strong>{n.name.clone()}</strong> " "
                                                            {move || office_name(i18n.get_locale(), office)} " · "
                                                            {n.endorsements} " " {t!(i18n, el_endorsements)}
                                                            <PostForm action=EndorseNomination::PATH id=format!("endorse-{}", n.key) attr:class="inline-form">
                                                                <input type="hidden" name="election" value=election.get_value() />
                                                                <input type="hidden" name="nomination" value=n.key.clone() />
                                                                <button type="submit" class="link-button">{t!(i18n, el_endorse)}</button>
                                                            </PostForm>
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                })
                        })
                    }
                }
            </Suspense>
            <PostForm action=NominateByVoters::PATH attr:class="stack" attr:data-testid="nominate-form">
                <input type="hidden" name="election" value=election.get_value() />
                <label>
                    {t!(i18n, el_nominee)}
                    <input type="text" name="person" required autocomplete="off" value=keep("person") /> <FieldError name="person" />
                </label>
                <label>
                    {t!(i18n, el_office)}
                    <select name="office">
                        {seats
                            .into_iter()
                            .map(|(office, _)| {
                                let selected = chosen_or("office", office.code(), false);
                                view! { <option value=office.code() selected=selected>{move || office_name(i18n.get_locale(), office)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="button secondary">{t!(i18n, el_nominate)}</button>
            </PostForm>
        </details>
    }
}

#[component]
fn Objection(election: ElectionKey) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details>
            <summary>{t!(i18n, el_object)}</summary>
            <PostForm action=FileObjection::PATH attr:class="stack" attr:data-testid="objection-form">
                <input type="hidden" name="election" value=election />
                <label>
                    {t!(i18n, el_object_about)}
                    <input type="text" name="subject" required autocomplete="off" value=keep("subject") /> <FieldError name="subject" />
                </label>
                <label>
                    {t!(i18n, el_object_kind)}
                    <select name="kind">
                        <option value="missing" selected=chosen_or("kind", "missing", true)>{t!(i18n, el_object_missing)}</option>
                        <option value="wrongly_listed" selected=chosen_or("kind", "wrongly_listed", false)>{t!(i18n, el_object_wrongly_listed)}</option>
                    </select>
                </label>
                <label>
                    {t!(i18n, el_object_reason)}
                    <textarea name="reason" rows="3" required maxlength="500">{keep("reason")}</textarea> <FieldError name="reason" />
                </label>
                <button type="submit" class="button secondary">{t!(i18n, el_object)}</button>
            </PostForm>
        </details>
    }
}

/// A paper ballot was handed out in the voter's name: where, when, by whom, and a way to say it
/// was not them (a plain form post).
#[component]
fn PaperHandedOut(
    election: ElectionKey,
    paper: crate::api::elections::PaperHandout,
    disputed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let election = StoredValue::new(election);
    view! {
        <div class="notice-box" data-testid="paper-handout">
            <p>{t!(i18n, el_paper_handed_out)}</p>
            <dl class="facts">
                <dt>{t!(i18n, el_paper_place)}</dt>
                <dd>{paper.place.clone()}</dd>
                <dt>{t!(i18n, el_paper_at)}</dt>
                <dd>{paper.at.clone()}</dd>
                <dt>{t!(i18n, el_paper_by)}</dt>
                <dd>{paper.by.clone()}</dd>
            </dl>
            {{
                if disputed {
                    view! { <p class="success" data-testid="dispute-sent">{t!(i18n, el_dispute_sent)}</p> }
                        .into_any()
                } else {
                    view! {
                        <PostForm action=crate::api::elections::paper::DisputePaperHandout::PATH attr:class="stack" attr:data-testid="dispute-form">
                            <input type="hidden" name="election" value=election.get_value() />
                            <label>
                                {t!(i18n, el_dispute_note)}
                                <textarea name="note" rows="2" maxlength="500">{keep("note")}</textarea> <FieldError name="note" />
                            </label>
                            <button type="submit" class="button secondary">{t!(i18n, el_dispute_handout)}</button>
                        </PostForm>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
