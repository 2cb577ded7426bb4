//! `/evaluations/new`: the supervisory committee plans a round. The form offers the holders of
//! the posts a round rates (office holders ticked), each with a scale, who rates, the window
//! and the grading rule, and shows the community's evaluation numbers the round will freeze.

use super::{grading_name, raters_name, scale_name};
use crate::api::evaluations::plan::{CreateEvaluation, new_evaluation_defaults, subject_field};
use crate::domain::evaluation::grading::GradingChoice;
use crate::domain::evaluation::round::Raters;
use crate::domain::evaluation::scale::Scale;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep_or};
use crate::ui::roles::role_names;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn NewEvaluation() -> impl IntoView {
    let i18n = use_i18n();
    let defaults = Resource::new(|| (), |_| new_evaluation_defaults());
    view! {
        <h1>{t!(i18n, ev_new)}</h1>
        <p class="lead">{t!(i18n, ev_new_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match defaults.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(d) => view! {
                        <PostForm action=CreateEvaluation::PATH attr:class="stack" attr:data-testid="create-evaluation">
                            <label>
                                {t!(i18n, ev_period)}
                                <input type="text" name="period" required maxlength="40" placeholder="2026年度" value=keep_or("period", String::new()) />
                                <FieldError name="period" />
                            </label>
                            <fieldset data-testid="subjects">
                                <legend>{t!(i18n, ev_subjects)}</legend>
                                <FieldError name="subjects" />
                                {d.holders.is_empty().then(|| view! { <p class="empty">{t!(i18n, ev_no_holders)}</p> })}
                                {d
                                    .holders
                                    .into_iter()
                                    .map(|holder| {
                                        let tick = subject_field("subjects", &holder.person);
                                        let scale = subject_field("scales", &holder.person);
                                        let error = format!("scale[{}]", holder.person);
                                        let checked = chosen_or(&tick, "yes", holder.ticked);
                                        let locale = i18n.get_locale_untracked();
                                        let posts = role_names(locale, &holder.posts).join(crate::i18n::td_string!(locale, list_separator));
                                        view! {
                                            <div class="subject-choice">
                                                <label class="check">
                                                    <input type="checkbox" name=tick value="yes" checked=checked />
                                                    <strong>{holder.name.clone()}</strong> " " <span class="hint">{posts}</span>
                                                </label>
                                                <select name=scale.clone() aria-label=move || crate::i18n::td_string!(i18n.get_locale(), ev_scale)>
                                                    {[Scale::Satisfaction, Scale::Competence]
                                                        .into_iter()
                                                        .map(|s| {
                                                            let selected = chosen_or(&scale, s.code(), s == holder.scale);
                                                            view! { <option value=s.code() selected=selected>{move || scale_name(i18n.get_locale(), s)}</option> }
                                                        })
                                                        .collect_view()}
                                                </select>
                                                <FieldError name=error />
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <label>
                                {t!(i18n, ev_raters)}
                                <select name="raters">
                                    {Raters::ALL
                                        .iter()
                                        .copied()
                                        .map(|r| {
                                            let selected = chosen_or("raters", r.code(), r == Raters::Representatives);
                                            view! { <option value=r.code() selected=selected>{move || raters_name(i18n.get_locale(), r)}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <FieldError name="raters" />
                            </label>
                            <label>
                                {t!(i18n, ev_opens)}
                                <input type="datetime-local" name="opens_at" required value=keep_or("opens_at", d.opens_at.clone()) />
                                <FieldError name="opens_at" />
                            </label>
                            <label>
                                {t!(i18n, ev_closes)}
                                <input type="datetime-local" name="closes_at" required value=keep_or("closes_at", d.closes_at.clone()) />
                                <FieldError name="closes_at" />
                            </label>
                            <label>
                                {t!(i18n, ev_grading)}
                                <select name="grading">
                                    {GradingChoice::ALL
                                        .iter()
                                        .copied()
                                        .map(|g| {
                                            let selected = chosen_or("grading", g.code(), g == GradingChoice::Thresholds);
                                            view! { <option value=g.code() selected=selected>{move || grading_name(i18n.get_locale(), g)}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <FieldError name="grading" />
                            </label>
                            <details class="frozen-rules">
                                <summary>{t!(i18n, ev_rules_frozen)}</summary>
                                <dl class="facts">
                                    {d
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
                            <button type="submit" class="button">{t!(i18n, ev_create)}</button>
                        </PostForm>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
