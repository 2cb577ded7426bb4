//! `/evaluations/{key}/results`: a closed round's results. For each subject: the count and
//! share per grade as a bar chart drawn in SVG on the server (it prints and needs no
//! JavaScript) with the same figures as a table for screen readers, the satisfaction rate, the
//! overall grade, the flags, the trend against earlier rounds, and the comments, apart from the
//! grades. Before the close the server refuses, and the page says nobody sees any result yet.

use super::{RoundNav, flag_name, grade_name, grading_name, scale_name};
use crate::api::evaluations::results::{ResultsView, SubjectResultView, evaluation_results};
use crate::domain::evaluation::round::Phase;
use crate::domain::evaluation::scale::Grade;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::roles::role_names;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A share in tenths of a percent, as people read it: `66.7%`.
pub(crate) fn percent(per_mille: u32) -> String {
    format!("{}.{}%", per_mille / 10, per_mille % 10)
}

/// A fraction `part / whole` as a percent to one decimal, or a dash without a whole.
pub(crate) fn rate(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "—".to_owned();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    percent(u32::try_from(tenths).unwrap_or(1000))
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, evaluation_results);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(results) => view! { <Results results /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(results: ResultsView) -> impl IntoView {
    let i18n = use_i18n();
    let grading = results.grading;
    view! {
        <RoundNav key=results.key.to_string() phase=Phase::Closed />
        <h1 data-testid="results-title">{results.period.clone()} " " {t!(i18n, ev_results)}</h1>
        <p class="hint">{results.community_name.clone()} " · " {move || grading_name(i18n.get_locale(), grading)}</p>
        <dl class="facts">
            <dt>{t!(i18n, ev_took_part)}</dt>
            <dd data-testid="participation">{format!("{} / {} ({})", results.took_part, results.eligible, rate(results.took_part, results.eligible))}</dd>
            <dt>{t!(i18n, ev_validity)}</dt>
            <dd data-testid="validity">
                {if results.valid {
                    view! { <span class="success">{t!(i18n, ev_valid)}</span> }.into_any()
                } else {
                    view! { <span class="form-error">{t!(i18n, ev_not_valid)}</span> }.into_any()
                }}
            </dd>
        </dl>
        {(results.unreadable > 0).then(|| view! {
            <p class="form-error" role="alert">{t!(i18n, ev_unreadable)} " " {results.unreadable}</p>
        })}
        {results
            .subjects
            .iter()
            .cloned()
            .map(|subject| view! { <SubjectResult subject smallest=results.smallest_breakdown /> })
            .collect_view()}
        <details data-testid="trackers">
            <summary>{t!(i18n, ev_trackers)} " (" {results.trackers.len()} ")"</summary>
            <p class="hint">{t!(i18n, ev_trackers_hint)}</p>
            <p class="trackers">{results.trackers.join(" ")}</p>
        </details>
    }
}

#[component]
fn SubjectResult(subject: SubjectResultView, smallest: u32) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let posts = role_names(locale, &subject.posts).join(td_string!(locale, list_separator));
    let scale = subject.scale;
    let shown = !subject.grades.is_empty();
    view! {
        <section class="card result" data-testid="subject-result">
            <h2>{subject.name.clone()} " " <span class="hint">{posts}</span></h2>
            <p class="hint">{move || scale_name(i18n.get_locale(), scale)} " · " {t!(i18n, ev_ratings)} " " <span data-testid="ratings">{subject.ratings}</span></p>
            {if shown {
                view! {
                    <Chart grades=subject.grades.clone() locale />
                    <table class="table figures" data-testid="grade-table">
                        <thead><tr><th>{t!(i18n, ev_grade)}</th><th>{t!(i18n, ev_count)}</th><th>{t!(i18n, ev_share)}</th></tr></thead>
                        <tbody>
                            {subject
                                .grades
                                .iter()
                                .map(|(grade, count, share)| view! {
                                    <tr><td>{grade_name(locale, *grade)}</td><td>{*count}</td><td>{percent(*share)}</td></tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    {subject.satisfaction.map(|(satisfied, valid)| view! {
                        <p>{t!(i18n, ev_satisfaction_rate)} " " <strong data-testid="satisfaction">{rate(satisfied, valid)}</strong></p>
                    })}
                    {subject.grade.map(|grade| view! {
                        <p>{t!(i18n, ev_overall)} " " <strong class="badge big" data-testid="overall">{grade_name(locale, grade)}</strong></p>
                    })}
                }
                    .into_any()
            } else {
                view! { <p class="hint" data-testid="too-few">{t!(i18n, ev_too_few)} " " {smallest}</p> }.into_any()
            }}
            {subject
                .flags
                .iter()
                .map(|flag| view! { <p class="form-error" role="alert" data-testid="flag">{flag_name(locale, *flag)}</p> })
                .collect_view()}
            {(!subject.trend.is_empty()).then(|| view! {
                <p class="hint" data-testid="trend">
                    {t!(i18n, ev_trend)} " "
                    {subject
                        .trend
                        .iter()
                        .map(|(period, grade)| format!("{period} {}", grade_name(locale, *grade)))
                        .collect::<Vec<_>>()
                        .join(" → ")}
                </p>
            })}
            {(!subject.comments.is_empty()).then(|| view! {
                <details>
                    <summary>{t!(i18n, ev_comments)} " (" {subject.comments.len()} ")"</summary>
                    <ul class="comments" data-testid="comments">
                        {subject.comments.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}

/// A horizontal bar per grade, best first; its length is the share. Drawn on the server, with
/// the figures in a table beside it, so the chart is decoration for those who can see it.
#[component]
fn Chart(grades: Vec<(Grade, u64, u32)>, locale: Locale) -> impl IntoView {
    const ROW: u32 = 28;
    const LABEL: u32 = 96;
    const BAR: u32 = 200;
    let height = ROW * u32::try_from(grades.len()).unwrap_or(0) + 4;
    let width = LABEL + BAR + 64;
    view! {
        <svg class="chart" role="img" aria-hidden="true" viewBox=format!("0 0 {width} {height}") width="100%" data-testid="chart">
            {grades
                .into_iter()
                .enumerate()
                .map(|(row, (grade, _, share))| {
                    let y = ROW * u32::try_from(row).unwrap_or(0) + 2;
                    let length = BAR * share / 1000;
                    let class = if grade == grade.scale().lowest() {
                        "bar bar-lowest".to_owned()
                    } else {
                        format!("bar bar-{}", grade.rank())
                    };
                    view! {
                        <text x="0" y=y + 18 font-size="14">{grade_name(locale, grade)}</text>
                        <rect x=LABEL y=y + 4 width=length height=ROW - 8 class=class />
                        <text x=LABEL + length + 6 y=y + 18 font-size="13">{percent(share)}</text>
                    }
                })
                .collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue19_shares_read_as_percents_to_one_decimal() {
        assert_eq!(percent(667), "66.7%");
        assert_eq!(percent(1000), "100.0%");
        assert_eq!(rate(2, 3), "66.7%");
        assert_eq!(rate(0, 0), "—");
        assert_eq!(rate(u64::MAX, u64::MAX), "100.0%");
    }
}
