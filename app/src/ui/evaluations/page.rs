//! `/evaluations/{key}`: a round's public page. Its subjects with their posts, scales and work
//! reports (a subject writes theirs here while the round is prepared), the questions and
//! answers (raters ask while it is open; the subject answers; organisers hide an abusive one
//! with a reason), the raters' list once fixed, the numbers the round runs by, its timeline,
//! and the organisers' steps: open, close.

use super::{RoundNav, grading_name, phase_name, raters_name, scale_name};
use crate::api::evaluations::questions::{AnswerQuestion, AskQuestion, HideQuestion};
use crate::api::evaluations::reports::PublishReport;
use crate::api::evaluations::round::{CloseEvaluation, OpenEvaluation, evaluation};
use crate::api::evaluations::{QuestionView, RoundView, SubjectView};
use crate::domain::evaluation::round::Phase;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::{FieldError, PostForm, keep};
use crate::ui::roles::role_names;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, evaluation);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(round) => view! { <Round round /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Round(round: RoundView) -> impl IntoView {
    let i18n = use_i18n();
    let (phase, raters, grading) = (round.phase, round.raters, round.grading);
    let key = round.key.to_string();
    let can = round.can;
    view! {
        <RoundNav key=key.clone() phase />
        <h1 data-testid="round-title">{round.period.clone()} " " {t!(i18n, ev_round_word)}</h1>
        <p class="hint">
            {round.community_name.clone()} " · "
            <span class="badge" data-testid="round-phase">{move || phase_name(i18n.get_locale(), phase)}</span>
        </p>
        <dl class="facts">
            <dt>{t!(i18n, ev_window)}</dt>
            <dd>{round.opens.clone()} " – " {round.closes.clone()}</dd>
            <dt>{t!(i18n, ev_raters)}</dt>
            <dd>{move || raters_name(i18n.get_locale(), raters)}</dd>
            <dt>{t!(i18n, ev_grading)}</dt>
            <dd>{move || grading_name(i18n.get_locale(), grading)}</dd>
            {round.eligible.map(|eligible| view! {
                <dt>{t!(i18n, ev_took_part)}</dt>
                <dd data-testid="took-part">{round.took_part.map(|n| n.to_string()).unwrap_or_else(|| "—".into())} " / " {eligible}</dd>
            })}
        </dl>
        <YourPart round=round.clone() />
        {can.run.then(|| view! { <Organiser key=key.clone() phase /> })}
        <h2>{t!(i18n, ev_subjects)}</h2>
        <ul class="subjects" data-testid="round-subjects">
            {round
                .subjects
                .iter()
                .cloned()
                .map(|subject| {
                    let own = round.viewer.as_ref() == Some(&subject.person);
                    view! { <Subject subject round_key=key.clone() phase own /> }
                })
                .collect_view()}
        </ul>
        <h2 id="questions">{t!(i18n, ev_questions)}</h2>
        <Questions round=round.clone() />
        {(!round.rater_names.is_empty()).then(|| view! {
            <details data-testid="rater-list">
                <summary>{t!(i18n, ev_rater_list)} " (" {round.rater_names.len()} ")"</summary>
                <p>{round.rater_names.join(td_string!(i18n.get_locale_untracked(), list_separator))}</p>
            </details>
        })}
        <details class="frozen-rules" data-testid="round-rules">
            <summary>{t!(i18n, ev_rules_frozen)}</summary>
            <dl class="facts">
                {round
                    .rules
                    .iter()
                    .cloned()
                    .map(|(field, value)| view! {
                        <dt>{move || crate::ui::staff::rules::rule_name(i18n.get_locale(), &field)}</dt>
                        <dd>{value}</dd>
                    })
                    .collect_view()}
            </dl>
        </details>
        <h2>{t!(i18n, ev_timeline)}</h2>
        <ol class="timeline">
            {round
                .timeline
                .iter()
                .cloned()
                .map(|(step, at)| {
                    let name = match step.as_str() {
                        "planned" => td_string!(i18n.get_locale_untracked(), ev_step_planned),
                        "opened" => td_string!(i18n.get_locale_untracked(), ev_step_opened),
                        _ => td_string!(i18n.get_locale_untracked(), ev_step_closed),
                    };
                    view! { <li>{name} " " <span class="hint">{at}</span></li> }
                })
                .collect_view()}
        </ol>
    }
}

/// The caller's part: rate now, rated already, or the results.
#[component]
fn YourPart(round: RoundView) -> impl IntoView {
    let i18n = use_i18n();
    let key = round.key.to_string();
    match round.phase {
        Phase::Open if round.can.rated => Some(view! { <p class="success" data-testid="you-rated">{t!(i18n, ev_you_rated)}</p> }.into_any()),
        Phase::Open if round.can.rater && round.before_window => Some(view! {
            <p class="hint" data-testid="opens-later">{t!(i18n, ev_opens_later)} " " {round.opens.clone()}</p>
        }.into_any()),
        Phase::Open if round.can.rate => Some(view! {
            <p><a href=format!("/evaluations/{key}/rate") class="button big" data-testid="rate-link">{t!(i18n, ev_rate_now)}</a></p>
        }.into_any()),
        Phase::Closed => Some(view! {
            <p><a href=format!("/evaluations/{key}/results") class="button" data-testid="results-link">{t!(i18n, ev_see_results)}</a></p>
        }.into_any()),
        _ => None,
    }
}

#[component]
fn Organiser(key: String, phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="organiser">
            <h2>{t!(i18n, ev_organise)}</h2>
            {match phase {
                Phase::Preparing => view! {
                    <p class="hint">{t!(i18n, ev_open_hint)}</p>
                    <PostForm action=OpenEvaluation::PATH>
                        <input type="hidden" name="round" value=key.clone() />
                        <button type="submit" class="button" data-testid="open-round">{t!(i18n, ev_open)}</button>
                    </PostForm>
                }
                    .into_any(),
                Phase::Open => view! {
                    <p><a href=format!("/evaluations/{key}/paper") class="button secondary" data-testid="paper-link">{t!(i18n, ev_paper_desk)}</a></p>
                    <p class="hint">{t!(i18n, ev_close_hint)}</p>
                    <PostForm action=CloseEvaluation::PATH>
                        <input type="hidden" name="round" value=key.clone() />
                        <button type="submit" class="button" data-testid="close-round">{t!(i18n, ev_close)}</button>
                    </PostForm>
                }
                    .into_any(),
                Phase::Closed => view! {
                    <p class="hint">{t!(i18n, ev_closed_hint)}</p>
                    <p><a href=format!("/evaluations/{key}/paper") class="button secondary" data-testid="paper-link">{t!(i18n, ev_paper_desk)}</a></p>
                }
                    .into_any(),
            }}
        </section>
    }
}

#[component]
fn Subject(subject: SubjectView, round_key: String, phase: Phase, own: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let posts = role_names(locale, &subject.posts).join(td_string!(locale, list_separator));
    let scale = subject.scale;
    let form_id = format!("report-{}", subject.person);
    // Only the subject writes their report.
    let writing = own && phase == Phase::Preparing && subject.report.is_none();
    let report_open = crate::ui::forms::kept_form(&form_id).is_some();
    view! {
        <li class="card" data-testid="round-subject">
            <strong>{subject.name.clone()}</strong> " " <span class="hint">{posts}</span>
            <p class="hint">{t!(i18n, ev_scale)} " " {move || scale_name(i18n.get_locale(), scale)}</p>
            {match (subject.report.clone(), subject.report_title.clone()) {
                (Some(notice), title) => view! {
                    <p><a href=format!("/notices/{notice}") data-testid="report-link">{title.unwrap_or_default()}</a></p>
                }
                    .into_any(),
                (None, _) => view! { <p class="hint" data-testid="report-missing">{t!(i18n, ev_report_missing)}</p> }.into_any(),
            }}
            {writing.then(|| view! {
                // A refused report comes back open, with what was typed and why.
                <details open=report_open data-testid="write-report">
                    <summary>{t!(i18n, ev_write_report)}</summary>
                    <PostForm action=PublishReport::PATH id=form_id.clone() attr:class="stack" attr:enctype="multipart/form-data">
                        <input type="hidden" name="round" value=round_key.clone() />
                        <label>
                            {t!(i18n, notices_field_title)}
                            <input type="text" name="title" required maxlength="100" value=keep("title") />
                            <FieldError name="title" />
                        </label>
                        <label>
                            {t!(i18n, ev_report_body)}
                            <textarea name="body" rows="8" required>{keep("body")}</textarea>
                            <FieldError name="body" />
                        </label>
                        <crate::ui::uploads::KeptFiles form=form_id.clone() field="attachments" multiple=true />
                        <crate::ui::uploads::FileField
                            label=td_string!(i18n.get_locale_untracked(), notices_field_attachments).to_owned()
                            field="attachments"
                            accept=".pdf,application/pdf,image/png,image/jpeg,image/webp"
                            multiple=true
                            testid="report-files"
                        />
                        <FieldError name="attachment" />
                        <p class="hint">{t!(i18n, notices_attachments_hint)}</p>
                        <button type="submit" class="button">{t!(i18n, ev_publish_report)}</button>
                    </PostForm>
                </details>
            })}
        </li>
    }
}

#[component]
fn Questions(round: RoundView) -> impl IntoView {
    let i18n = use_i18n();
    let key = round.key.to_string();
    let asking = round.can.rate;
    let subjects = round.subjects.clone();
    let name_of = move |person: &crate::domain::keys::PersonKey| {
        subjects
            .iter()
            .find(|s| s.person == *person)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    view! {
        {round.questions.is_empty().then(|| view! { <p class="empty">{t!(i18n, ev_no_questions)}</p> })}
        <ul class="questions" data-testid="questions">
            {round
                .questions
                .iter()
                .cloned()
                .map(|question| {
                    let to = name_of(&question.subject);
                    // Their own questions, not yet answered: an answer stands once given.
                    let mine = round.viewer.as_ref() == Some(&question.subject)
                        && question.answer.is_none()
                        && round.phase != Phase::Preparing;
                    view! { <Question question to round_key=key.clone() answer=mine hide=round.can.run /> }
                })
                .collect_view()}
        </ul>
        {asking.then(|| view! {
            <PostForm action=AskQuestion::PATH attr:class="stack" attr:data-testid="ask">
                <input type="hidden" name="round" value=key.clone() />
                <label>
                    {t!(i18n, ev_ask_whom)}
                    <select name="subject">
                        {round.subjects.iter().map(|s| view! { <option value=s.person.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                    <FieldError name="subject" />
                </label>
                <label>
                    {t!(i18n, ev_question)}
                    <textarea name="question" rows="3" required maxlength="500">{keep("question")}</textarea>
                    <FieldError name="question" />
                </label>
                <p class="hint">{t!(i18n, ev_question_hint)}</p>
                <button type="submit" class="button">{t!(i18n, ev_ask)}</button>
            </PostForm>
        })}
    }
}

#[component]
fn Question(
    question: QuestionView,
    to: String,
    round_key: String,
    answer: bool,
    hide: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let qkey = question.key.to_string();
    let (answer_key, answer_round) = (qkey.clone(), round_key.clone());
    view! {
        <li class="card" data-testid="question">
            <p class="hint">{t!(i18n, ev_question_to)} " " {to} " · " {question.asked.clone()}</p>
            {match (&question.text, &question.hidden_reason) {
                (_, Some(reason)) => view! { <p class="hint" data-testid="question-hidden">{t!(i18n, ev_question_hidden)} " " {reason.clone()}</p> }.into_any(),
                (Some(text), None) => view! { <p data-testid="question-text">{text.clone()}</p> }.into_any(),
                (None, None) => ().into_any(),
            }}
            {question.answer.clone().map(|text| view! {
                <blockquote data-testid="answer"><strong>{t!(i18n, ev_answer)}</strong> " " {text}</blockquote>
            })}
            {(answer && question.hidden_reason.is_none()).then(|| view! {
                <PostForm action=AnswerQuestion::PATH id=format!("answer-{answer_key}") attr:class="stack">
                    <input type="hidden" name="round" value=answer_round.clone() />
                    <input type="hidden" name="question" value=answer_key.clone() />
                    <textarea name="answer" rows="3" required aria-label=move || td_string!(i18n.get_locale(), ev_answer)>{keep("answer")}</textarea>
                    <FieldError name="answer" />
                    <button type="submit" class="button secondary">{t!(i18n, ev_answer_button)}</button>
                </PostForm>
            })}
            {(hide && question.hidden_reason.is_none()).then(|| view! {
                <details>
                    <summary>{t!(i18n, ev_hide)}</summary>
                    <PostForm action=HideQuestion::PATH id=format!("hide-{qkey}") attr:class="stack">
                        <input type="hidden" name="round" value=round_key.clone() />
                        <input type="hidden" name="question" value=qkey.clone() />
                        <label>
                            {t!(i18n, ev_hide_reason)}
                            <input type="text" name="reason" required maxlength="200" value=keep("reason") />
                            <FieldError name="reason" />
                        </label>
                        <button type="submit" class="button secondary">{t!(i18n, ev_hide)}</button>
                    </PostForm>
                </details>
            })}
        </li>
    }
}
