//! Rounds listed and planned: every community's rounds, the planning form's choices (the
//! holders of the posts a round rates, a suggested window), and planning a round.

use super::RoundLine;
use crate::AppError;
use crate::domain::evaluation::scale::Scale;
use crate::domain::keys::{EvaluationKey, PersonKey};
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Someone a round may rate, as the planning form offers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateSubject {
    pub person: PersonKey,
    pub name: String,
    pub posts: Vec<Role>,
    /// Ticked at first: the office holders (DESIGN.md: the three by default).
    pub ticked: bool,
    pub scale: Scale,
}

/// The planning form's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundDefaults {
    pub holders: Vec<CandidateSubject>,
    /// A suggested window, local `YYYY-MM-DDTHH:MM`: a week from now, 09:00 to 17:00.
    pub opens_at: String,
    pub closes_at: String,
    /// The community's evaluation numbers, `(CommunityRules field, value)`, shown on the form.
    pub rules: Vec<(String, String)>,
}

/// The field of a person's checkbox or scale: a letter first, since a bracketed key starting
/// with a digit reads as a list index.
pub fn subject_field(name: &str, person: &PersonKey) -> String {
    format!("{name}[k{person}]")
}

/// The person keys of the ticked boxes and the chosen scales, as the form posts them.
#[cfg(feature = "ssr")]
fn by_person(posted: Option<HashMap<String, String>>) -> Vec<(String, String)> {
    posted
        .unwrap_or_default()
        .into_iter()
        .map(|(key, value)| (key.strip_prefix('k').unwrap_or(&key).to_owned(), value))
        .collect()
}

/// Every community's rounds, newest first.
#[server(prefix = "/api", endpoint = "evaluations")]
pub async fn evaluations() -> Result<Vec<RoundLine>, AppError> {
    use super::request::{show_local, store};
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
    authorize(Action::ViewEvaluations).await?;
    let store = store()?;
    let mut lines = Vec::new();
    for community in store.communities().await? {
        for row in store.evaluations(&community.key).await? {
            lines.push(RoundLine {
                key: row.key,
                period: row.period,
                community_name: community.name.clone(),
                phase: row.phase,
                opens: show_local(row.opens_at),
                closes: show_local(row.closes_at),
            });
        }
    }
    Ok(lines)
}

/// The evaluation numbers of `rules`, as the forms and pages show them.
#[cfg(feature = "ssr")]
pub(crate) fn evaluation_fields(
    rules: &crate::domain::rules::CommunityRules,
) -> Vec<(String, String)> {
    rules
        .as_fields()
        .into_iter()
        .filter(|(field, _)| field.starts_with("evaluation_") && field != "evaluation_results_days")
        .collect()
}

/// The planning form's choices for an organiser of the caller's community.
#[server(prefix = "/api", endpoint = "new_evaluation_defaults")]
pub async fn new_evaluation_defaults() -> Result<RoundDefaults, AppError> {
    use super::request::{now, signed_in, store, today};
    use crate::domain::evaluation::round::{OFFICE_HOLDERS, POSTS, SubjectPlan};
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RunEvaluation).await?;
    let store = store()?;
    let holders = store
        .community_residents(&caller.community, today())
        .await?
        .into_iter()
        .filter_map(|resident| {
            let posts: Vec<Role> = POSTS
                .into_iter()
                .filter(|p| resident.roles.contains(p))
                .collect();
            (!posts.is_empty()).then(|| CandidateSubject {
                person: resident.key,
                name: resident.name,
                ticked: posts.iter().any(|p| OFFICE_HOLDERS.contains(p)),
                scale: SubjectPlan::default_scale(&posts),
                posts,
            })
        })
        .collect();
    let day = crate::domain::clock::local_day(now() + chrono::Duration::days(7));
    let rules = crate::api::rules::ssr::rules(&caller.community).await?;
    Ok(RoundDefaults {
        holders,
        opens_at: format!("{day}T09:00"),
        closes_at: format!("{day}T17:00"),
        rules: evaluation_fields(&rules),
    })
}

/// Plans a round: `period` ("2026年度"), `raters` (`Raters` code), the window (local
/// `YYYY-MM-DDTHH:MM`), `grading` (`GradingChoice` code), `subjects[k<person>]` ticked,
/// `scales[k<person>]` a `Scale` code. Every problem is answered beside its field at once.
/// Sends a plain form post to the new round's page; answers its key.
#[server(prefix = "/api", endpoint = "create_evaluation")]
pub async fn create_evaluation(
    period: String,
    raters: String,
    opens_at: String,
    closes_at: String,
    grading: String,
    subjects: Option<HashMap<String, String>>,
    scales: Option<HashMap<String, String>>,
) -> Result<EvaluationKey, AppError> {
    use super::request::{now, signed_in, store, today};
    use crate::domain::evaluation::grading::EvaluationRules;
    use crate::domain::evaluation::round::{POSTS, RoundInput, parse_plan};
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RunEvaluation).await?;
    let store = store()?;
    let holders: Vec<(PersonKey, Vec<Role>)> = store
        .community_residents(&caller.community, today())
        .await?
        .into_iter()
        .filter(|r| r.roles.iter().any(|role| POSTS.contains(role)))
        .map(|r| (r.key, r.roles))
        .collect();
    let mut chosen: Vec<String> = by_person(subjects).into_iter().map(|(k, _)| k).collect();
    // The form's order: the holders' order, not the order the browser posted the boxes in.
    chosen.sort_by_key(|key| holders.iter().position(|(p, _)| p == key.as_str()));
    let input = RoundInput {
        period,
        raters,
        opens_at,
        closes_at,
        grading,
        subjects: chosen,
        scales: by_person(scales),
    };
    let plan = parse_plan(&input, &holders, now()).map_err(first_problems)?;
    let rules = crate::api::rules::ssr::rules(&caller.community).await?;
    let frozen = EvaluationRules::from_community(&rules, plan.grading);
    let key = store
        .create_evaluation(&caller.acting(), &plan, &frozen)
        .await?;
    leptos_axum::redirect(&format!("/evaluations/{key}"));
    Ok(key)
}

/// Every field's problem at once, as one input error.
#[cfg(feature = "ssr")]
pub(crate) fn first_problems(errors: Vec<crate::domain::registry::FieldError>) -> AppError {
    AppError::all_invalid(
        errors
            .into_iter()
            .map(|error| Err(AppError::from(error)))
            .collect(),
    )
    .err()
    .unwrap_or(AppError::Internal)
}
