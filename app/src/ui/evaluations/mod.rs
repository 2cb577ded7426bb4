//! Democratic evaluation (`/evaluations/…`): the public list of rounds, each round's page
//! (subjects and their reports, questions and answers, the raters' list, the organisers'
//! steps), the rating sheet (a plain form with a review step, no JavaScript needed), and the
//! results with their charts; the organisers' planning form.

mod create;
mod page;
mod paper;
mod rate;
pub(crate) mod results;

pub use create::NewEvaluation;
pub use page::RoundPage;
pub use paper::PaperPage;
pub use rate::RatePage;
pub use results::{ProjectionPage, ResultsPage, ResultsPrint};

use crate::api::evaluations::plan::evaluations;
use crate::api::identity::my_account;
use crate::domain::evaluation::grading::{Flag, GradingChoice};
use crate::domain::evaluation::round::{Phase, Raters};
use crate::domain::evaluation::scale::{Grade, Scale};
use crate::domain::policy::Action;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::Refused;
use leptos::prelude::*;

pub(crate) fn phase_name(locale: Locale, phase: Phase) -> &'static str {
    match phase {
        Phase::Preparing => td_string!(locale, ev_phase_preparing),
        Phase::Open => td_string!(locale, ev_phase_open),
        Phase::Closed => td_string!(locale, ev_phase_closed),
    }
}

pub(crate) fn scale_name(locale: Locale, scale: Scale) -> &'static str {
    match scale {
        Scale::Satisfaction => td_string!(locale, ev_scale_satisfaction),
        Scale::Competence => td_string!(locale, ev_scale_competence),
    }
}

pub(crate) fn grade_name(locale: Locale, grade: Grade) -> &'static str {
    match grade {
        Grade::Satisfied => td_string!(locale, ev_grade_satisfied),
        Grade::BasicallySatisfied => td_string!(locale, ev_grade_basically_satisfied),
        Grade::Dissatisfied => td_string!(locale, ev_grade_dissatisfied),
        Grade::Excellent => td_string!(locale, ev_grade_excellent),
        Grade::Competent => td_string!(locale, ev_grade_competent),
        Grade::BasicallyCompetent => td_string!(locale, ev_grade_basically_competent),
        Grade::Incompetent => td_string!(locale, ev_grade_incompetent),
    }
}

pub(crate) fn raters_name(locale: Locale, raters: Raters) -> &'static str {
    match raters {
        Raters::Representatives => td_string!(locale, ev_raters_representatives),
        Raters::AdultResidents => td_string!(locale, ev_raters_adult_residents),
    }
}

pub(crate) fn grading_name(locale: Locale, grading: GradingChoice) -> &'static str {
    match grading {
        GradingChoice::Thresholds => td_string!(locale, ev_grading_thresholds),
        GradingChoice::HighestShare => td_string!(locale, ev_grading_highest_share),
    }
}

pub(crate) fn flag_name(locale: Locale, flag: Flag) -> &'static str {
    match flag {
        Flag::LowestGradeOverShare => td_string!(locale, ev_flag_lowest_over_share),
        Flag::IncompetentTwiceRunning => td_string!(locale, ev_flag_incompetent_twice),
    }
}

/// The links between a round's pages.
#[component]
pub(crate) fn RoundNav(key: String, phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sub-nav no-print" data-testid="round-nav">
            <a href="/evaluations">{t!(i18n, ev_all_rounds)}</a>
            <a href=format!("/evaluations/{key}")>{t!(i18n, ev_round_page)}</a>
            {(phase == Phase::Open).then(|| view! { <a href=format!("/evaluations/{key}/rate")>{t!(i18n, ev_rate)}</a> })}
            {(phase == Phase::Closed).then(|| view! { <a href=format!("/evaluations/{key}/results")>{t!(i18n, ev_results)}</a> })}
        </nav>
    }
}

/// `/evaluations`: every community's rounds, newest first; organisers plan a new one.
#[component]
pub fn EvaluationList() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| evaluations());
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <h1>{t!(i18n, evaluations_title)}</h1>
        <p class="lead">{t!(i18n, evaluations_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(lines) if lines.is_empty() => {
                        view! { <p class="empty">{t!(i18n, evaluations_empty)}</p> }.into_any()
                    }
                    Ok(lines) => view! {
                        <ul class="notices" data-testid="evaluations">
                            {lines
                                .into_iter()
                                .map(|line| {
                                    let phase = line.phase;
                                    view! {
                                        <li>
                                            <a class="notice-line" href=format!("/evaluations/{}", line.key)>
                                                <strong>{line.period.clone()} " " {t!(i18n, ev_round_word)}</strong>
                                                <span class="hint">{line.community_name.clone()} " · " {line.opens.clone()} " – " {line.closes.clone()}</span>
                                                <span class="badge">{move || phase_name(i18n.get_locale(), phase)}</span>
                                            </a>
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
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let may = account
                    .await
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.can.contains(&Action::RunEvaluation));
                may.then(|| view! {
                    <p><a href="/evaluations/new" class="button secondary" data-testid="new-evaluation">{t!(i18n, ev_new)}</a></p>
                })
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue19_every_grade_scale_phase_and_flag_has_a_name_in_each_language() {
        for locale in [Locale::zh_CN, Locale::en] {
            let mut names = std::collections::BTreeSet::new();
            for grade in <Grade as strum::VariantArray>::VARIANTS {
                assert!(names.insert(grade_name(locale, *grade)), "{grade:?}");
            }
            for scale in <Scale as strum::VariantArray>::VARIANTS {
                assert!(!scale_name(locale, *scale).is_empty());
            }
            for phase in [Phase::Preparing, Phase::Open, Phase::Closed] {
                assert!(!phase_name(locale, phase).is_empty());
            }
            for flag in [Flag::LowestGradeOverShare, Flag::IncompetentTwiceRunning] {
                assert!(!flag_name(locale, flag).is_empty());
            }
        }
    }
}
