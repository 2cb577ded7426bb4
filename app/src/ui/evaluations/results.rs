//! `/evaluations/{key}/results`: a closed round's results. For each subject: the count and
//! share per grade as a bar chart drawn in SVG on the server (it prints and needs no
//! JavaScript) with the same figures as a table for screen readers, the satisfaction rate, the
//! overall grade, the flags, the trend against earlier rounds, and the comments, apart from the
//! grades. Before the close the server refuses, and the page says nobody sees any result yet.
//! Organisers publish them on the board from here; those who manage roles end an office under
//! L25 Art. 37. The same figures print on A4 (`/print`) and fill the hall's projector
//! (`/projection`).

use super::{RoundNav, flag_name, grade_name, grading_name, scale_name};
use crate::api::evaluations::publication::{EndOfficeUnderArt37, PublishEvaluationResults};
use crate::api::evaluations::results::{ResultsView, SubjectResultView, evaluation_results};
use crate::domain::evaluation::round::Phase;
use crate::domain::evaluation::scale::Grade;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::PostForm;
use crate::ui::roles::role_names;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
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
    let key = results.key.to_string();
    // Said only about a subject the results flag under Art. 37: a crafted link says nothing.
    let ended = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("ended"))
        .filter(|person| {
            results.subjects.iter().any(|s| {
                s.person.as_str() == person
                    && s.flags.contains(
                        &crate::domain::evaluation::grading::Flag::IncompetentTwiceRunning,
                    )
            })
        });
    let (csv, print, projection) = (
        format!("/evaluations/{key}/results.csv"),
        format!("/evaluations/{key}/print"),
        format!("/evaluations/{key}/projection"),
    );
    let actions = view! {
        <p class="actions no-print" data-testid="result-links">
            <a href=csv class="button secondary" data-testid="csv-link" download="">{t!(i18n, ev_csv)}</a>
            " "
            <a href=print class="button secondary" data-testid="print-link">{t!(i18n, ev_print)}</a>
            " "
            <a href=projection class="button secondary" data-testid="projection-link">{t!(i18n, ev_projection)}</a>
        </p>
    };
    let publication = match (&results.published, results.can_publish) {
        (Some(notice), _) => Some(
            view! {
                <p class="success" data-testid="results-published">
                    {t!(i18n, ev_published)} " " <a href=format!("/notices/{notice}")>{t!(i18n, ev_results_notice)}</a>
                </p>
            }
                .into_any(),
        ),
        (None, true) => Some({
            let key = key.clone();
            view! {
                <section class="card no-print" data-testid="publish-results">
                    <p>{t!(i18n, ev_publish_by)} " " <strong data-testid="publish-by">{results.publish_by.clone()}</strong></p>
                    <PostForm action=PublishEvaluationResults::PATH>
                        <input type="hidden" name="round" value=key.clone() />
                        <button type="submit" class="button" data-testid="publish-results-button">{t!(i18n, ev_publish_results)}</button>
                    </PostForm>
                </section>
            }
                .into_any()
        }),
        (None, false) => None,
    };
    view! {
        <RoundNav key=key.clone() phase=Phase::Closed />
        {ended.map(|_| view! {
            <p class="success" role="status" data-testid="office-ended">
                {t!(i18n, ev_office_ended)} " " <a href="/elections/new" data-testid="by-election">{t!(i18n, ev_start_by_election)}</a>
            </p>
        })}
        <ResultsBody results=results.clone() full=true />
        {publication}
        {actions}
    }
}

/// A closed round's figures, as the results page, its print version and the projection show
/// them; `full` adds the comments, the Art. 37 buttons and the trackers.
#[component]
fn ResultsBody(results: ResultsView, full: bool) -> impl IntoView {
    let i18n = use_i18n();
    let grading = results.grading;
    let key = results.key.to_string();
    let paper = results.took_part.saturating_sub(results.online);
    let provisional = results.provisional();
    view! {
        <h1 data-testid="results-title">{results.period.clone()} " " {t!(i18n, ev_results)}</h1>
        <p class="hint">{results.community_name.clone()} " · " {move || grading_name(i18n.get_locale(), grading)}</p>
        {provisional.then(|| view! { <p class="form-error" role="alert" data-testid="provisional">{t!(i18n, ev_provisional)}</p> })}
        <dl class="facts">
            <dt>{t!(i18n, ev_took_part)}</dt>
            <dd data-testid="participation">{format!("{} / {} ({})", results.took_part, results.eligible, rate(results.took_part, results.eligible))}</dd>
            <dt>{t!(i18n, ev_channels)}</dt>
            <dd data-testid="channels">
                {move || format!(
                    "{} {} · {} {}",
                    td_string!(i18n.get_locale(), ev_by_phone),
                    results.online,
                    td_string!(i18n.get_locale(), ev_on_paper),
                    paper,
                )}
            </dd>
            <dt>{t!(i18n, ev_validity)}</dt>
            <dd data-testid="validity">
                {if results.valid {
                    view! { <span class="success">{t!(i18n, ev_valid)}</span> }.into_any()
                } else {
                    view! { <span class="form-error">{t!(i18n, ev_not_valid)}</span> }.into_any()
                }}
            </dd>
        </dl>
        {(!results.boxes.is_empty()).then(|| view! {
            <ul class="grants" data-testid="result-boxes">
                {results
                    .boxes
                    .iter()
                    .map(|b| {
                        let standing = b.standing.clone();
                        view! {
                            <li>
                                {t!(i18n, ev_box)} " " {b.paper_box} " · " {t!(i18n, ev_handed_out)} " " {b.handed_out} " · "
                                <span class="badge">{move || super::paper::box_standing_name(i18n.get_locale(), &standing)}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })}
        {(results.unreadable > 0).then(|| view! {
            <p class="form-error" role="alert">{t!(i18n, ev_unreadable)} " " {results.unreadable}</p>
        })}
        {results
            .subjects
            .iter()
            .cloned()
            .map(|subject| view! { <SubjectResult subject smallest=results.smallest_breakdown full round=key.clone() /> })
            .collect_view()}
        {full.then(|| view! {
            <details data-testid="trackers">
                <summary>{t!(i18n, ev_trackers)} " (" {results.trackers.len()} ")"</summary>
                <p class="hint">{t!(i18n, ev_trackers_hint)}</p>
                <p class="trackers">{results.trackers.join(" ")}</p>
            </details>
        })}
    }
}

/// `/evaluations/{key}/print`: the results laid out for A4, with signature lines for the
/// residents' supervisory committee, which runs the round (L25 Art. 37).
#[component]
pub fn ResultsPrint() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, evaluation_results);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(results) => {
                        // Nobody signs figures a paper box may still change.
                        let signatures = (!results.provisional()).then(|| {
                            let locale = i18n.get_locale_untracked();
                            let roles = vec![
                                td_string!(locale, ev_sign_chair),
                                td_string!(locale, ev_sign_member),
                                td_string!(locale, ev_sign_member),
                                td_string!(locale, ev_sign_date),
                            ];
                            view! {
                                <p class="protocol-head">{t!(i18n, ev_signatures)}</p>
                                <crate::ui::print::SignatureLines roles />
                            }
                        });
                        view! {
                            <article class="protocol" data-testid="results-print">
                                <ResultsBody results full=false />
                                {signatures}
                                <p class="no-print"><crate::ui::print::PrintButton label=td_string!(i18n.get_locale_untracked(), notices_print).to_owned() /></p>
                            </article>
                        }
                            .into_any()
                    },
                }
            })}
        </Suspense>
    }
}

/// Seconds between the projection's reloads.
const PROJECTION_REFRESH_S: u32 = 10;

/// `/evaluations/{key}/projection`: the count for the meeting hall's projector, after the
/// close only, large and without the page's navigation. It reloads itself (a meta refresh: no
/// JavaScript needed) so each box's count shows as two officers confirm it.
#[component]
pub fn ProjectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let found = Resource::new(key, evaluation_results);
    view! {
        <leptos_meta::Meta http_equiv="refresh" content=PROJECTION_REFRESH_S.to_string() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(results) => view! {
                        <article class="projection" data-testid="projection">
                            <p class="hint">{t!(i18n, ev_projection_title)} " · " {t!(i18n, ev_projection_hint)}</p>
                            <ResultsBody results full=false />
                        </article>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SubjectResult(
    subject: SubjectResultView,
    smallest: u32,
    full: bool,
    round: String,
) -> impl IntoView {
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
            {(full && subject.office_to_end).then(|| view! {
                <PostForm action=EndOfficeUnderArt37::PATH id=format!("art37-{}", subject.person) attr:class="stack no-print" attr:data-testid="end-office-form">
                    <input type="hidden" name="round" value=round.clone() />
                    <input type="hidden" name="person" value=subject.person.to_string() />
                    <p class="hint">{t!(i18n, ev_end_office_hint)}</p>
                    <button type="submit" class="button danger" data-testid="end-office">{t!(i18n, ev_end_office)}</button>
                </PostForm>
            })}
            {(full && !subject.comments.is_empty()).then(|| view! {
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
