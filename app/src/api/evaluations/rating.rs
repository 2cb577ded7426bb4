//! Rating: the sheet's page (every subject, one grade each and an optional comment), and the
//! rating itself through the secret-submission engine. The page is a plain form with a review
//! step and needs no JavaScript.

use super::SubjectView;
use crate::AppError;
use crate::domain::keys::EvaluationKey;
use crate::domain::refusal::Refusal;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The rating page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingForm {
    pub round: EvaluationKey,
    pub period: String,
    pub subjects: Vec<SubjectView>,
    /// Why the caller cannot rate now, if they cannot.
    pub cannot_rate: Option<Refusal>,
    /// The paper form handed out in the caller's name, if one was: (box, local time, by whom).
    pub handout: Option<(u32, String, String)>,
}

/// The field of a subject's grade or comment: a letter first, since a bracketed key starting
/// with a digit reads as a list index.
pub fn sheet_field(name: &str, person: &crate::domain::keys::PersonKey) -> String {
    format!("{name}[k{person}]")
}

/// The rating page of `round` for the caller: the subjects, or why they cannot rate.
#[server(prefix = "/api", endpoint = "rating_page")]
pub async fn rating_page(round: String) -> Result<RatingForm, AppError> {
    use super::request::{now, own_round, show_local, signed_in, store};
    use crate::domain::evaluation::round::may_rate;
    use crate::domain::policy::Action;
    use crate::store::secret::EVALUATION;
    let caller = signed_in(Action::RateInEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let store = store()?;
    let cannot_rate = if let Err(refusal) = may_rate(row.phase, row.opens_at, row.closes_at, now())
    {
        Some(refusal)
    } else if !store.is_rater(&row.key, &caller.key).await? {
        Some(Refusal::NotARater)
    } else if store.took_part(EVALUATION, &row.key, &caller.key).await? {
        Some(Refusal::AlreadyRated)
    } else {
        None
    };
    let handout = if cannot_rate == Some(Refusal::AlreadyRated) {
        store
            .form_handout_of(&row.key, &caller.key)
            .await?
            .map(|h| (h.paper_box, show_local(h.at), h.by.unwrap_or_default()))
    } else {
        None
    };
    let subjects = store
        .evaluation_subjects(&row.key)
        .await?
        .into_iter()
        .map(|s| SubjectView {
            person: s.person,
            name: s.name,
            posts: s.posts,
            scale: s.scale,
            report: s.report,
            report_title: None,
        })
        .collect();
    Ok(RatingForm {
        round: row.key,
        period: row.period,
        subjects,
        cannot_rate,
        handout,
    })
}

/// Rates `round`: `grades[k<person>]` a grade code of the subject's scale for every subject,
/// `comments[k<person>]` optional (at most 500 characters each). The sheet is kept without the
/// rater; answers its tracker, which the page answering a plain form post shows once.
#[server(prefix = "/api", endpoint = "rate")]
pub async fn rate(
    round: String,
    grades: Option<HashMap<String, String>>,
    comments: Option<HashMap<String, String>>,
) -> Result<String, AppError> {
    use super::plan::first_problems;
    use super::request::{now, own_round, signed_in, store};
    use crate::domain::election::ballot::tracker_code;
    use crate::domain::evaluation::round::may_rate;
    use crate::domain::evaluation::sheet::{SheetInput, parse};
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RateInEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    may_rate(row.phase, row.opens_at, row.closes_at, now())?;
    let store = store()?;
    // Who may rate is said before what is wrong with the sheet: a sheet's fields are of no
    // use to someone who does not rate.
    if !store.is_rater(&row.key, &caller.key).await? {
        return Err(Refusal::NotARater.into());
    }
    let subjects: Vec<_> = store
        .evaluation_subjects(&row.key)
        .await?
        .into_iter()
        .map(|s| crate::domain::evaluation::sheet::Subject {
            key: s.person.to_string(),
            scale: s.scale,
        })
        .collect();
    let unprefixed = |posted: Option<HashMap<String, String>>| -> Vec<(String, String)> {
        posted
            .unwrap_or_default()
            .into_iter()
            .map(|(key, value)| (key.strip_prefix('k').unwrap_or(&key).to_owned(), value))
            .collect()
    };
    let input = SheetInput {
        grades: unprefixed(grades),
        comments: unprefixed(comments),
    };
    let sheet = parse(&subjects, &input).map_err(first_problems)?;
    let content = serde_json::to_string(&sheet).map_err(|error| {
        tracing::error!(%error, "a rating sheet does not serialise");
        AppError::Internal
    })?;
    let tracker = store
        .rate(&caller.community, &row.key, &caller.key, &content, || {
            tracker_code(rand::random())
        })
        .await?;
    Ok(tracker)
}
