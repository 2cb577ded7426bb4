//! `/elections/{key}/office`: the election officers' desk, in the order the law runs: the
//! committee and declared relatives; applications and the voter roll (draft, publish, decide
//! objections); nominations and the formal candidate list (statements, photos, publish); then
//! opening and closing the polls, each confirmed by a second officer.

use super::{ElectionNav, office_name, phase_name};
use crate::api::elections::candidacy::{
    DescribeCandidate, ListCandidate, NominateForParty, PublishCandidates, UnlistCandidate,
};
use crate::api::elections::committee::{
    AddCommitteeMember, AssignPlaceOfficer, DeclareRelative, WithdrawCommitteeMember,
};
use crate::api::elections::polls::{ConfirmPollStep, DeskView, election_desk};
use crate::api::elections::roll::{DecideObjection, DraftRoll, PublishRoll, RecordApplication};
use crate::domain::election::candidacy::NominatedBy;
use crate::domain::election::polls::{Phase, TwoOfficerStep};
use crate::domain::election::roll::ObjectionKind;
use crate::domain::keys::ElectionKey;
use crate::domain::refusal::Refusal;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::{Refused, refusal_message};
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep, keep_or};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Desk() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let desk = Resource::new(key, election_desk);
    view! {
        <ElectionNav key=key() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match desk.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(desk) => view! { <DeskBody desk /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeskBody(desk: DeskView) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(desk.election.key.clone());
    let phase = desk.election.phase;
    let phase_shown = phase;
    let preparing = phase == Phase::Preparing;
    // Only the committee (or who stands in) is offered its forms; the server refuses the rest.
    let acts = desk.acts;
    let party_nominates = desk
        .election
        .you
        .as_ref()
        .is_some_and(|you| you.party_nominator);
    fn hidden(name: &'static str, value: impl Into<String>) -> impl IntoView {
        let value: String = value.into();
        view! { <input type="hidden" name=name value=value /> }
    }
    view! {
        <h1 data-testid="desk-title">{desk.election.title.clone()}</h1>
        <p>
            <span class="badge" data-testid="desk-phase">{move || phase_name(i18n.get_locale(), phase_shown)}</span>
            " " {t!(i18n, el_took_part)} " " <span data-testid="desk-participations">{desk.participations}</span>
        </p>
        <PollSteps
            key=key.get_value()
            phase=phase
            pending=desk.pending.clone()
            waits=desk.step_waits
            opens=desk.election.voting_opens.clone()
            closes=desk.election.voting_closes.clone()
        />

        <h2>{t!(i18n, el_committee)}</h2>
        <ul class="grants" data-testid="committee">
            {desk.committee.clone().into_iter()
                .map(|m| {
                    let person = m.person.clone();
                    view! {
                        <li class:ended=m.withdrawn>
                            {m.name.clone()}
                            {m.must_withdraw.then(|| view! { " " <strong class="warn" data-testid="must-withdraw">{t!(i18n, el_must_withdraw)}</strong> })}
                            // The committee is settled before the polls open (L25 Art. 15).
                            {(m.may_withdraw && preparing)
                                .then(|| {
                                    view! {
                                        <PostForm action=WithdrawCommitteeMember::PATH id=format!("withdraw-{person}") attr:class="inline-form">
                                            {hidden("election", key.get_value())}
                                            {hidden("person", person.clone())}
                                            <button type="submit" class="link-button">{t!(i18n, el_withdraw)}</button>
                                        </PostForm>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {(preparing && !desk.may_seat).then(|| view! {
            <p class="hint" data-testid="seat-refused">{move || refusal_message(i18n.get_locale(), Refusal::NotElectionConvener)}</p>
        })}
        {(preparing && desk.may_seat).then(|| view! {
            <PostForm action=AddCommitteeMember::PATH attr:class="assign-form" attr:data-testid="add-member">
                {hidden("election", key.get_value())}
                <input type="text" name="person" required value=keep("person") placeholder=crate::i18n::td_string!(i18n.get_locale_untracked(), el_person_placeholder) /> <FieldError name="person" />
                <button type="submit" class="button secondary">{t!(i18n, el_add)}</button>
            </PostForm>
        })}
        // Relatives may be declared until the count is published.
        {(acts && phase != Phase::Published).then(|| view! {
            <details>
                <summary>{t!(i18n, el_declare_relative)}</summary>
                <PostForm action=DeclareRelative::PATH attr:class="stack" attr:data-testid="relative-form">
                    {hidden("election", key.get_value())}
                    <label>{t!(i18n, el_declarant)} <input type="text" name="declarant" required value=keep("declarant") /> <FieldError name="declarant" /></label>
                    <label>{t!(i18n, el_relative)} <input type="text" name="relative" required value=keep("relative") /> <FieldError name="relative" /></label>
                    <button type="submit" class="button secondary">{t!(i18n, el_declare_relative)}</button>
                </PostForm>
            </details>
        })}

        <h2>{t!(i18n, el_roll)}</h2>
        <p data-testid="desk-roll">
            {desk.roll.on_roll} " " {t!(i18n, el_voters)}
            {desk.roll.published_on.clone().map(|d| view! { " · " {t!(i18n, el_published)} " " {d} })}
        </p>
        {(!desk.roll.households_without_rep.is_empty())
            .then(|| view! { <p class="warn">{t!(i18n, el_households_without_rep)} " " {desk.roll.households_without_rep.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))}</p> })}
        {(!desk.roll.left_off.is_empty())
            .then(|| {
                view! {
                    <details>
                        <summary>{t!(i18n, el_left_off)} " (" {desk.roll.left_off.len()} ")"</summary>
                        <ul>
                            {desk
                                .roll.left_off.clone().into_iter()
                                .map(|(name, refusal)| {
                                    view! { <li>{name.clone()} " — " {move || refusal_message(i18n.get_locale(), refusal)}</li> }
                                })
                                .collect_view()}
                        </ul>
                    </details>
                }
            })}
        {(acts && desk.roll.published_on.is_none())
            .then(|| {
                view! {
                    <PostForm action=DraftRoll::PATH attr:class="inline-form">
                        {hidden("election", key.get_value())}
                        <button type="submit" class="button secondary" data-testid="draft-roll">{t!(i18n, el_draft_roll)}</button>
                    </PostForm>
                    <PostForm action=PublishRoll::PATH attr:class="inline-form">
                        {hidden("election", key.get_value())}
                        <button type="submit" class="button" data-testid="publish-roll">{t!(i18n, el_publish_roll)}</button>
                    </PostForm>
                    {desk.roll.cannot_publish.map(|r| view! { <p class="hint" data-testid="roll-blocked">{move || refusal_message(i18n.get_locale(), r)}</p> })}
                    <details>
                        <summary>{t!(i18n, el_application)}</summary>
                        <PostForm action=RecordApplication::PATH attr:class="stack" attr:data-testid="application-form">
                            {hidden("election", key.get_value())}
                            <label>{t!(i18n, el_person)} <input type="text" name="person" required value=keep("person") /> <FieldError name="person" /></label>
                            <label>{t!(i18n, el_serving_since)} <input type="date" name="serving_since" value=keep("serving_since") /> <FieldError name="serving_since" /></label>
                            <p class="hint">{t!(i18n, el_application_hint)}</p>
                            <button type="submit" class="button secondary">{t!(i18n, el_record_application)}</button>
                        </PostForm>
                    </details>
                }
            })}
        {(!desk.objections.is_empty())
            .then(|| {
                view! {
                    <h3>{t!(i18n, el_objections)}</h3>
                    <ul class="grants" data-testid="objections">
                        {desk.objections.clone().into_iter()
                            .map(|o| {
                                let kind = if o.kind == ObjectionKind::Missing { t!(i18n, el_object_missing).into_any() } else { t!(i18n, el_object_wrongly_listed).into_any() };
                                view! {
                                    <li>
                                        <strong>{o.subject.clone()}</strong> " · " {kind} " · " {o.reason.clone()}
                                        <span class="hint">" " {o.filed_by.clone()} " " {o.filed_on.clone()} " → " {o.decide_by.clone()}</span>
                                        {o.overdue.then(|| view! { " " <strong class="warn">{t!(i18n, el_overdue)}</strong> })}
                                        {match o.decision.clone() {
                                            Some(decision) => {
                                                let words = if decision == "upheld" { t!(i18n, el_decision_upheld).into_any() } else { t!(i18n, el_decision_rejected).into_any() };
                                                view! { " " <span class="badge">{words}</span> }.into_any()
                                            }
                                            None if !acts => ().into_any(),
                                            None => view! {
                                                <PostForm action=DecideObjection::PATH id=format!("decide-{}", o.key) attr:class="inline-form">
                                                    {hidden("election", key.get_value())}
                                                    {hidden("objection", o.key.clone())}
                                                    <button type="submit" name="upheld" value="yes" class="link-button">{t!(i18n, el_uphold)}</button>
                                                    <button type="submit" name="upheld" value="no" class="link-button">{t!(i18n, el_reject)}</button>
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
            })}

        <h2>{t!(i18n, el_nominations)}</h2>
        <ul class="grants" data-testid="nominations">
            {desk.nominations.clone().into_iter()
                .map(|n| {
                    let office = n.office;
                    let by = if n.by == NominatedBy::Party { t!(i18n, el_by_party).into_any() } else { view! { {t!(i18n, el_by_voters)} " " {n.endorsements} }.into_any() };
                    view! {
                        <li>
                            <strong>{n.name.clone()}</strong> " " {move || office_name(i18n.get_locale(), office)} " · " {by}
                            {(acts && n.stands && !n.listed)
                                .then(|| {
                                    view! {
                                        <PostForm action=ListCandidate::PATH id=format!("list-{}", n.key) attr:class="inline-form">
                                            {hidden("election", key.get_value())}
                                            {hidden("nomination", n.key.clone())}
                                            <button type="submit" class="link-button" data-testid="list-candidate">{t!(i18n, el_list)}</button>
                                        </PostForm>
                                    }
                                })}
                            {n.listed.then(|| view! { " " <span class="badge">{t!(i18n, el_listed)}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        // The party organisation nominates until the list is published, and only its own
        // officers may (issue 16, item 6: the form was offered to officers it then refused).
        {(preparing && party_nominates && desk.election.candidates_published_on.is_none()).then(|| view! {
        <details>
            <summary>{t!(i18n, el_nominate_party)}</summary>
            <PostForm action=NominateForParty::PATH attr:class="stack" attr:data-testid="party-nominate">
                {hidden("election", key.get_value())}
                <label>{t!(i18n, el_nominee)} <input type="text" name="person" required value=keep("person") /> <FieldError name="person" /></label>
                <label>
                    {t!(i18n, el_office)}
                    <select name="office">
                        {desk
                            .election
                            .seats
                            .iter()
                            .map(|(office, _)| {
                                let name = *office;
                                view! { <option value=office.code() selected=chosen_or("office", office.code(), false)>{move || office_name(i18n.get_locale(), name)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="button secondary">{t!(i18n, el_nominate)}</button>
            </PostForm>
        </details>
        })}

        <h2>{t!(i18n, el_candidates)}</h2>
        <ul class="grants" data-testid="desk-candidates">
            {desk.candidates.clone().into_iter()
                .map(|c| {
                    let office = c.office;
                    let editable = acts && desk.election.candidates_published_on.is_none();
                    let candidate = c.key.clone();
                    let described = c.key.clone();
                    let statement = c.statement.clone();
                    view! {
                        <li>
                            <strong>{c.name.clone()}</strong> " " {move || office_name(i18n.get_locale(), office)}
                            {editable
                                .then(|| {
                                    view! {
                                        <PostForm action=UnlistCandidate::PATH id=format!("unlist-{candidate}") attr:class="inline-form">
                                            {hidden("election", key.get_value())}
                                            {hidden("candidate", candidate.clone())}
                                            <button type="submit" class="link-button">{t!(i18n, el_unlist)}</button>
                                        </PostForm>
                                        <PostForm action=DescribeCandidate::PATH id=format!("describe-{described}") attr:class="stack" attr:enctype="multipart/form-data">
                                            {hidden("election", key.get_value())}
                                            {hidden("candidate", described.clone())}
                                            <crate::ui::uploads::KeptFiles form=format!("describe-{described}") field="photo" multiple=false />
                                            <crate::ui::uploads::FileField
                                                label=crate::i18n::td_string!(i18n.get_locale_untracked(), el_photo).to_owned()
                                                field="photo"
                                                accept="image/png,image/jpeg"
                                                multiple=false
                                                testid="candidate-photo"
                                            />
                                            <label>
                                                {t!(i18n, el_statement)}
                                                <textarea name="statement" rows="2" maxlength="2000">{keep_or("statement", statement.clone())}</textarea> <FieldError name="statement" />
                                            </label>
                                            <button type="submit" class="button secondary">{t!(i18n, el_save)}</button>
                                        </PostForm>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        {desk
            .election
            .candidates_published_on
            .clone()
            .map(|d| view! { <p class="success">{t!(i18n, el_published)} " " {d}</p> }.into_any())
            .unwrap_or_else(|| {
                view! {
                    {desk.cannot_publish_list.map(|r| view! { <p class="hint" data-testid="list-blocked">{move || refusal_message(i18n.get_locale(), r)}</p> })}
                    {acts.then(|| view! {
                        <PostForm action=PublishCandidates::PATH attr:class="inline-form">
                            {hidden("election", key.get_value())}
                            <button type="submit" class="button" data-testid="publish-candidates">{t!(i18n, el_publish_candidates)}</button>
                        </PostForm>
                    })}
                }
                    .into_any()
            })}

        <h2>{t!(i18n, el_places)}</h2>
        <ul data-testid="desk-boxes">
            {desk.boxes.clone().into_iter()
                .map(|b| view! { <li>{b.name.clone()} " · " {t!(i18n, el_handed_out)} " " {b.handed_out}</li> })
                .collect_view()}
        </ul>
        <h3>{t!(i18n, el_station_officers)}</h3>
        <ul data-testid="station-officers">
            {desk.station_officers.clone().into_iter()
                .map(|(place, name)| view! { <li>{place} " · " {name}</li> })
                .collect_view()}
        </ul>
        {(acts && matches!(phase, Phase::Preparing | Phase::Open)).then(|| view! {
            <PostForm action=AssignPlaceOfficer::PATH attr:class="stack" attr:data-testid="assign-officer">
                {hidden("election", key.get_value())}
                <label>
                    {t!(i18n, el_paper_place)}
                    <select name="place">
                        {desk.election.places.iter()
                            .map(|p| view! { <option value=p.key.clone() selected=chosen_or("place", &p.key, false)>{p.name.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {t!(i18n, el_paper_by)}
                    <input type="text" name="officer" required value=keep("officer") placeholder=crate::i18n::td_string!(i18n.get_locale_untracked(), el_person_placeholder) /> <FieldError name="officer" />
                </label>
                <button type="submit" class="button secondary">{t!(i18n, el_assign_officer)}</button>
            </PostForm>
        })}
        {(!desk.disputes.is_empty())
            .then(|| {
                view! {
                    <h3>{t!(i18n, el_disputes)}</h3>
                    <ul class="warning" data-testid="handout-disputes">
                        {desk.disputes.clone().into_iter()
                            .map(|(name, place, note)| view! { <li>{name} " · " {place} " · " {note}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
        {(!desk.proxies.is_empty())
            .then(|| {
                view! {
                    <h2>{t!(i18n, el_proxies)}</h2>
                    <ul>
                        {desk.proxies.clone().into_iter().map(|(p, h)| view! { <li>{p} " → " {h}</li> }).collect_view()}
                    </ul>
                }
            })}
    }
}

/// The phase's two-officer step. The button waits, saying why, while the clock holds the step
/// back; the officer who asked sees that a second officer must confirm, not a button they
/// cannot use (issue 16, item 6).
#[component]
fn PollSteps(
    key: ElectionKey,
    phase: Phase,
    pending: Option<crate::api::elections::polls::PendingStep>,
    waits: Option<Refusal>,
    /// Local `YYYY-MM-DD HH:MM`.
    opens: String,
    closes: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let step = match phase {
        Phase::Preparing => Some(TwoOfficerStep::OpenPolls),
        Phase::Open => Some(TwoOfficerStep::ClosePolls),
        Phase::Closed | Phase::Published => None,
    };
    step.map(|step| {
        let asked = pending.as_ref().filter(|p| p.step == step);
        let asked_by_me = asked.is_some_and(|p| p.by_me);
        let label = match (step, asked.is_some()) {
            (TwoOfficerStep::OpenPolls, false) => t!(i18n, el_ask_open).into_any(),
            (TwoOfficerStep::OpenPolls, true) => t!(i18n, el_confirm_open).into_any(),
            (TwoOfficerStep::ClosePolls, false) => t!(i18n, el_ask_close).into_any(),
            (TwoOfficerStep::ClosePolls, true) => t!(i18n, el_confirm_close).into_any(),
        };
        let when = match waits {
            Some(Refusal::TooEarlyToOpen) => Some((
                t!(i18n, el_step_waits_open).into_any(),
                opens.split(' ').next().unwrap_or_default().to_owned(),
            )),
            Some(Refusal::VotingNotOver) => Some((t!(i18n, el_step_waits_close).into_any(), closes)),
            _ => None,
        };
        let gone = waits.filter(|w| {
            matches!(w, Refusal::VotingWindowPassed | Refusal::NotOnElectionCommittee)
        });
        let blocked = waits.is_some() || asked_by_me;
        view! {
            <section class="card-plain" data-testid="poll-steps">
                {asked.map(|p| view! { <p data-testid="pending-step">{t!(i18n, el_asked_by)} " " {p.by_name.clone()}</p> })}
                {asked_by_me.then(|| view! { <p class="hint" data-testid="waiting-for-second">{t!(i18n, el_waiting_for_second)}</p> })}
                {when.map(|(text, at)| view! { <p class="hint" data-testid="step-waits">{text} {at}</p> })}
                {gone.map(|refusal| view! { <p class="warning" data-testid="step-waits">{move || refusal_message(i18n.get_locale(), refusal)}</p> })}
                {(!asked_by_me).then(|| view! {
                    <PostForm action=ConfirmPollStep::PATH attr:class="inline-form">
                        <input type="hidden" name="election" value=key.clone() />
                        <input type="hidden" name="step" value=step.code() />
                        <button type="submit" class="button" data-testid="poll-step" disabled=blocked>{label}</button>
                    </PostForm>
                })}
            </section>
        }
    })
}
