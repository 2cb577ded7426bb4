//! A round's page, and the organisers' two steps: opening it (the raters' list fixed and
//! published on the page) and closing it.

use super::RoundView;
#[cfg(feature = "ssr")]
use super::{QuestionView, RoundCan, SubjectView};
use crate::AppError;
use leptos::prelude::*;

/// Round `key`'s public page: subjects and their reports, questions and answers, the raters'
/// list once fixed, the numbers it runs by, its timeline, and what the caller may do.
#[server(prefix = "/api", endpoint = "evaluation")]
pub async fn evaluation(key: String) -> Result<RoundView, AppError> {
    use super::plan::evaluation_fields;
    use super::request::{any_round, show_local, store};
    use crate::api::guard::authorize;
    use crate::domain::evaluation::round::Phase;
    use crate::domain::policy::{Action, Caller, Decision, decide};
    use crate::store::secret::EVALUATION;
    let caller = authorize(Action::ViewEvaluations).await?;
    let row = any_round(&key).await?;
    let store = store()?;
    let rules = row.rules().map_err(|error| {
        tracing::error!(%error, round = %row.key, "a round's rules do not read");
        AppError::Internal
    })?;
    let community_name = store
        .community(&row.community)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let mut subjects = Vec::new();
    for subject in store.evaluation_subjects(&row.key).await? {
        let report_title = match &subject.report {
            Some(notice) => store
                .notice_versions(notice)
                .await?
                .last()
                .map(|v| v.title.clone()),
            None => None,
        };
        subjects.push(SubjectView {
            person: subject.person,
            name: subject.name,
            posts: subject.posts,
            scale: subject.scale,
            report: subject.report,
            report_title,
        });
    }
    let questions = store
        .questions(&row.key)
        .await?
        .into_iter()
        .map(|q| QuestionView {
            key: q.key,
            subject: q.subject,
            text: q.text,
            asked: show_local(q.asked_at),
            answer: q.answer,
            hidden_reason: q.hidden_reason,
        })
        .collect();
    let rater_names = store
        .evaluation_raters(&row.key)
        .await?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    let own = caller
        .as_ref()
        .filter(|person| person.community == row.community);
    let run = own.is_some_and(|person| {
        decide(
            Action::RunEvaluation,
            &Caller::SignedIn {
                roles: &person.roles,
            },
        ) == Decision::Allow
    });
    let in_window = crate::domain::evaluation::round::may_rate(
        row.phase,
        row.opens_at,
        row.closes_at,
        super::request::now(),
    )
    .is_ok();
    let can = match own {
        Some(person) => {
            let rater = store.is_rater(&row.key, &person.key).await?;
            RoundCan {
                run,
                rater,
                rate: rater && in_window,
                rated: store.took_part(EVALUATION, &row.key, &person.key).await?,
                report: subjects.iter().any(|s| s.person == person.key),
            }
        }
        None => RoundCan::default(),
    };
    let took_part = match row.phase {
        Phase::Closed => Some(store.participations(EVALUATION, &row.key).await?),
        Phase::Open if run => Some(store.participations(EVALUATION, &row.key).await?),
        _ => None,
    };
    // The rules a round froze, shown as the community's form shows them.
    let frozen = crate::domain::rules::CommunityRules {
        evaluation_quorum: rules.quorum,
        evaluation_dissatisfied_share: rules.dissatisfied_flag,
        evaluation_smallest_breakdown: rules.smallest_breakdown,
        ..thresholds_of(&rules)
    };
    let mut timeline = vec![("planned".to_owned(), show_local(row.created_at))];
    if let Some(at) = row.opened_at {
        timeline.push(("opened".to_owned(), show_local(at)));
    }
    if let Some(at) = row.closed_at {
        timeline.push(("closed".to_owned(), show_local(at)));
    }
    Ok(RoundView {
        key: row.key.clone(),
        period: row.period.clone(),
        community_name,
        phase: row.phase,
        raters: row.raters,
        grading: row.grading,
        opens: show_local(row.opens_at),
        closes: show_local(row.closes_at),
        subjects,
        questions,
        rater_names,
        took_part,
        eligible: row.eligible.and_then(|n| u64::try_from(n).ok()),
        rules: evaluation_fields(&frozen)
            .into_iter()
            .filter(|(field, _)| {
                row.grading == crate::domain::evaluation::grading::GradingChoice::Thresholds
                    || !matches!(
                        field.as_str(),
                        "evaluation_excellent_share"
                            | "evaluation_competent_share"
                            | "evaluation_failing_share"
                    )
            })
            .collect(),
        timeline,
        can,
        viewer: own.map(|person| person.key.clone()),
        before_window: row.phase == Phase::Open && super::request::now() < row.opens_at,
    })
}

/// The community rules whose thresholds are those `rules` froze (the rest default).
#[cfg(feature = "ssr")]
fn thresholds_of(
    rules: &crate::domain::evaluation::grading::EvaluationRules,
) -> crate::domain::rules::CommunityRules {
    use crate::domain::evaluation::grading::GradingRule;
    use crate::domain::evaluation::scale::Grade;
    let mut community = crate::domain::rules::CommunityRules::default();
    if let GradingRule::Thresholds { failing, steps, .. } = &rules.competence_rule {
        community.evaluation_failing_share = *failing;
        for step in steps {
            match step.gives {
                Grade::Excellent => community.evaluation_excellent_share = step.share,
                Grade::Competent => community.evaluation_competent_share = step.share,
                _ => {}
            }
        }
    }
    community
}

/// Opens `round`: the raters' list is fixed now (representatives, or registered residents of
/// voting age, never a subject) and published on the round's page. Refused unless every
/// report is published and the window has not passed.
#[server(prefix = "/api", endpoint = "open_evaluation")]
pub async fn open_evaluation(round: String) -> Result<(), AppError> {
    use super::request::{now, own_round, signed_in, store, today};
    use crate::domain::evaluation::round::{RaterFacts, may_open};
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RunEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let store = store()?;
    let subjects = store.evaluation_subjects(&row.key).await?;
    let missing = subjects.iter().filter(|s| s.report.is_none()).count();
    may_open(row.phase, missing, row.closes_at, now())?;
    let rules = crate::api::rules::ssr::rules(&caller.community).await?;
    let day = today();
    let raters: Vec<_> = store
        .community_residents(&caller.community, day)
        .await?
        .into_iter()
        .filter(|resident| {
            let facts = RaterFacts {
                roles: resident.roles.clone(),
                category: resident.category,
                birth_date: resident.birth_date,
            };
            let is_subject = subjects.iter().any(|s| s.person == resident.key);
            row.raters
                .includes(&facts, day, rules.voting_age, is_subject)
        })
        .map(|resident| resident.key)
        .collect();
    store
        .open_evaluation(&caller.acting(), &row.key, &raters)
        .await?;
    Ok(())
}

/// Closes `round`: no more ratings, and the results show. Refused before the window ends
/// unless every rater took part.
#[server(prefix = "/api", endpoint = "close_evaluation")]
pub async fn close_evaluation(round: String) -> Result<(), AppError> {
    use super::request::{now, own_round, signed_in, store};
    use crate::domain::evaluation::round::may_close;
    use crate::domain::policy::Action;
    use crate::store::secret::EVALUATION;
    let caller = signed_in(Action::RunEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let store = store()?;
    let took_part = store.participations(EVALUATION, &row.key).await?;
    let eligible = row
        .eligible
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0);
    may_close(row.phase, row.closes_at, now(), took_part, eligible)?;
    store.close_evaluation(&caller.acting(), &row.key).await?;
    Ok(())
}
