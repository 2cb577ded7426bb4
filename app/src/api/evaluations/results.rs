//! A round's results, once it closed: per subject the count and shares per grade, the
//! satisfaction rate, the overall grade by the round's rule, the flags and the trend against
//! earlier rounds; participation and validity; the comments, apart from the grades. Before the
//! close nobody sees any of it, organisers included.

use crate::AppError;
use crate::domain::evaluation::grading::{Flag, GradingChoice};
use crate::domain::evaluation::scale::{Grade, Scale};
use crate::domain::keys::{EvaluationKey, PersonKey};
use crate::domain::roles::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use std::collections::BTreeMap;

/// One subject's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectResultView {
    pub person: PersonKey,
    pub name: String,
    pub posts: Vec<Role>,
    pub scale: Scale,
    /// Valid ratings of them.
    pub ratings: u64,
    /// Each grade best first with its count and share in tenths of a percent; empty when
    /// fewer rated than the smallest breakdown.
    pub grades: Vec<(Grade, u64, u32)>,
    /// (satisfied, valid) on the satisfaction scale.
    pub satisfaction: Option<(u64, u64)>,
    pub grade: Option<Grade>,
    pub flags: Vec<Flag>,
    /// Their overall grade in earlier rounds, oldest first: (period, grade).
    pub trend: Vec<(String, Grade)>,
    pub comments: Vec<String>,
    /// Whether two 不称职 running end their office (L25 Art. 37).
    pub office_can_end: bool,
    /// For those who manage roles: they are flagged under Art. 37 and still hold a committee
    /// post, which they may end here.
    pub office_to_end: bool,
}

/// A closed round's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub key: EvaluationKey,
    pub period: String,
    pub community_name: String,
    pub grading: GradingChoice,
    pub took_part: u64,
    pub eligible: u64,
    /// The round reached its quorum (DESIGN.md: 2/3 by default).
    pub valid: bool,
    /// Sheets that could not be read as this round's (never expected; shown if any).
    pub unreadable: u64,
    pub subjects: Vec<SubjectResultView>,
    /// The smallest breakdown in force, for the page's note.
    pub smallest_breakdown: u32,
    /// The tracker of every sheet counted, sorted: a rater finds theirs.
    pub trackers: Vec<String>,
    /// Raters who rated by phone; the rest were handed paper forms.
    pub online: u64,
    /// The paper boxes, by number.
    pub boxes: Vec<BoxView>,
    /// The day the round closed, local `YYYY-MM-DD`.
    pub closed_on: String,
    /// The last day to publish the results on the board (the calendar's
    /// `evaluation_results_days` after the close), local `YYYY-MM-DD`.
    pub publish_by: String,
    /// The notice the results were published in, once they were.
    pub published: Option<crate::domain::keys::NoticeKey>,
    /// The caller may publish them (they run the round's community's evaluations).
    pub can_publish: bool,
}

/// A paper box on the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxView {
    pub paper_box: u32,
    pub handed_out: u64,
    pub standing: crate::domain::double_entry::SheetStanding,
    /// Forms in the box, once its tally counts.
    pub forms_in_box: Option<u64>,
}

impl ResultsView {
    /// Whether a paper box still waits for its double entry: the figures may still change.
    pub fn provisional(&self) -> bool {
        self.boxes.iter().any(|b| !b.standing.settled())
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::AppError;
    use crate::domain::evaluation::grading::SubjectResult;
    use crate::domain::evaluation::paper::{BoxCount, FormTally, boxes};
    use crate::domain::evaluation::round::{SubjectPlan, comments, results, tally_sheets};
    use crate::domain::evaluation::scale::Grade;
    use crate::domain::keys::PersonKey;
    use crate::store::Store;
    use crate::store::evaluations::{EvaluationRow, SubjectRow};
    use std::collections::BTreeMap;

    pub(super) struct Counted {
        pub took_part: u64,
        pub online: u64,
        pub boxes: Vec<BoxCount>,
        pub unreadable: u64,
        pub results: Vec<(PersonKey, SubjectResult)>,
        pub comments: BTreeMap<PersonKey, Vec<String>>,
    }

    pub(super) fn plans(subjects: &[SubjectRow]) -> Vec<SubjectPlan> {
        subjects.iter().map(SubjectRow::plan).collect()
    }

    /// `row`'s results, with `previous` the subjects' grades in the round before.
    pub(super) async fn count(
        store: &Store,
        row: &EvaluationRow,
        subjects: &[SubjectRow],
        previous: &BTreeMap<PersonKey, Grade>,
    ) -> Result<Counted, AppError> {
        let rules = row.rules().map_err(|error| {
            tracing::error!(%error, round = %row.key, "a round's rules do not read");
            AppError::Internal
        })?;
        let counted = store.evaluation_count(&row.key).await?;
        let sheets: Vec<(String, u64)> = counted
            .sheets
            .into_iter()
            .map(|g| (g.content, u64::try_from(g.times).unwrap_or(0)))
            .collect();
        let plans = plans(subjects);
        let (mut tallies, unreadable) = tally_sheets(&plans, &sheets);
        let entries: Vec<(u32, PersonKey, FormTally)> = counted
            .entries
            .into_iter()
            .filter_map(|e| match serde_json::from_str(&e.tally) {
                Ok(tally) => Some((e.paper_box, e.officer, tally)),
                Err(error) => {
                    // Stored only after `FormTally::check`: never expected.
                    tracing::error!(%error, round = %row.key, "a box's tally entry does not read");
                    None
                }
            })
            .collect();
        let boxes = boxes(&counted.handed_out, &entries);
        for counted_box in &boxes {
            if let Some(tally) = &counted_box.tally {
                tally.add_to(&mut tallies);
            }
        }
        Ok(Counted {
            took_part: counted.took_part,
            online: counted.online,
            boxes,
            unreadable: unreadable.times,
            results: results(&plans, &tallies, &rules, previous),
            comments: comments(&plans, &sheets),
        })
    }

    /// The overall grades of the community's closed rounds before `row`, oldest first:
    /// (period, each subject's grade).
    pub(super) async fn earlier(
        store: &Store,
        row: &EvaluationRow,
    ) -> Result<Vec<(String, BTreeMap<PersonKey, Grade>)>, AppError> {
        let mut earlier = Vec::new();
        let mut rounds = store.evaluations(&row.community).await?;
        // Rounds that closed before this one, in the order they closed: closing an older
        // round later never changes what came before this one (the 2026-12-08 review).
        let closed = row.closed_at;
        rounds.retain(|r| {
            r.phase == crate::domain::evaluation::round::Phase::Closed
                && r.key != row.key
                && r.closed_at.is_some()
                && (closed.is_none() || r.closed_at < closed)
        });
        rounds.sort_by_key(|r| r.closed_at);
        // Five rounds back is enough of a trend for a page.
        let skip = rounds.len().saturating_sub(5);
        for round in rounds.into_iter().skip(skip) {
            let subjects = store.evaluation_subjects(&round.key).await?;
            let counted = count(store, &round, &subjects, &BTreeMap::new()).await?;
            let grades = counted
                .results
                .into_iter()
                .filter_map(|(person, result)| Some((person, result.breakdown?.grade)))
                .collect();
            earlier.push((round.period, grades));
        }
        Ok(earlier)
    }
}

/// Round `round`'s results, with the tracker of every counted sheet: refused until it closed
/// ([`crate::domain::refusal::Refusal::EvaluationResultsHidden`]). Says what the caller may do
/// with them: publish them, end an office under L25 Art. 37.
#[server(prefix = "/api", endpoint = "evaluation_results")]
pub async fn evaluation_results(round: String) -> Result<ResultsView, AppError> {
    use super::request::{any_round, store};
    use crate::api::guard::authorize;
    use crate::domain::policy::{Action, allowed_actions};
    let caller = authorize(Action::ViewEvaluations).await?;
    let row = any_round(&round).await?;
    let store = store()?;
    let mut view = results_of(&store, &row).await?;
    let own = caller.as_ref().filter(|c| c.community == row.community);
    view.can_publish =
        own.is_some_and(|c| allowed_actions(&c.roles).contains(&Action::RunEvaluation));
    if let Some(caller) = own.filter(|c| allowed_actions(&c.roles).contains(&Action::ManageRoles)) {
        let today = super::request::today();
        let (valid, complete) = (view.valid, !view.provisional());
        for subject in &mut view.subjects {
            let flagged = subject.flags.contains(&Flag::IncompetentTwiceRunning);
            if !crate::domain::evaluation::round::may_end_office(flagged, valid, complete) {
                continue;
            }
            let grants =
                super::publication::committee_grants(&store, &row, &subject.person, today).await?;
            // Offered only to who may end each post (the district, for committee posts).
            subject.office_to_end = !grants.is_empty()
                && grants.iter().all(|(_, role)| {
                    crate::domain::appointment::check_grant(
                        &caller.roles,
                        subject.person == caller.key,
                        *role,
                    )
                    .is_ok()
                });
        }
    }
    Ok(view)
}

/// `row`'s results as everyone sees them: refused until the round closed
/// ([`crate::domain::refusal::Refusal::EvaluationResultsHidden`]). What the caller may do is
/// left false.
#[cfg(feature = "ssr")]
pub async fn results_of(
    store: &crate::store::Store,
    row: &crate::store::evaluations::EvaluationRow,
) -> Result<ResultsView, AppError> {
    use crate::domain::evaluation::grading::quorum_met;
    use crate::domain::evaluation::round::Phase;
    use crate::domain::refusal::Refusal;
    if row.phase != Phase::Closed {
        return Err(Refusal::EvaluationResultsHidden.into());
    }
    let rules = row.rules().map_err(|error| {
        tracing::error!(%error, round = %row.key, "a round's rules do not read");
        AppError::Internal
    })?;
    let subjects = store.evaluation_subjects(&row.key).await?;
    let earlier = ssr::earlier(store, row).await?;
    // Each subject's grade in their own latest earlier round, not merely the community's
    // latest round, which may not have rated them (the 2026-12-08 review).
    let previous: BTreeMap<_, _> = earlier
        .iter()
        .flat_map(|(_, grades)| grades.iter().map(|(p, g)| (p.clone(), *g)))
        .collect();
    let mut counted = ssr::count(store, row, &subjects, &previous).await?;
    let eligible = row
        .eligible
        .and_then(|n| u64::try_from(n).ok())
        .unwrap_or(0);
    let plans = ssr::plans(&subjects);
    let community = store.community(&row.community).await?;
    let community_rules = crate::api::rules::ssr::rules_with(store, &row.community).await?;
    let closed_on = row
        .closed_at
        .map_or_else(crate::domain::clock::today, crate::domain::clock::local_day);
    let publish_by = crate::domain::calendar::duties(
        &community_rules,
        crate::domain::calendar::Occasion::EvaluationClosed(closed_on),
    )
    .into_iter()
    .find(|d| d.duty == crate::domain::calendar::Duty::PublishEvaluationResults)
    .map(|d| d.when.last_day().to_string())
    .unwrap_or_default();
    let views = subjects
        .into_iter()
        .zip(plans)
        .map(|(subject, plan)| {
            let result = counted
                .results
                .iter()
                .find(|(p, _)| *p == subject.person)
                .map(|(_, r)| r.clone());
            let breakdown = result.as_ref().and_then(|r| r.breakdown.clone());
            SubjectResultView {
                ratings: result.as_ref().map_or(0, |r| r.ratings),
                grades: breakdown
                    .as_ref()
                    .map(|b| b.grades.clone())
                    .unwrap_or_default(),
                satisfaction: breakdown.as_ref().and_then(|b| b.satisfaction),
                grade: breakdown.as_ref().map(|b| b.grade),
                flags: breakdown.map(|b| b.flags).unwrap_or_default(),
                trend: earlier
                    .iter()
                    .filter_map(|(period, grades)| {
                        grades.get(&subject.person).map(|g| (period.clone(), *g))
                    })
                    .collect(),
                comments: counted.comments.remove(&subject.person).unwrap_or_default(),
                office_can_end: plan.office_ends_on_two_failures(),
                office_to_end: false,
                person: subject.person,
                name: subject.name,
                posts: subject.posts,
                scale: subject.scale,
            }
        })
        .collect();
    Ok(ResultsView {
        key: row.key.clone(),
        period: row.period.clone(),
        community_name: community.map(|c| c.name).unwrap_or_default(),
        grading: row.grading,
        took_part: counted.took_part,
        eligible,
        valid: quorum_met(counted.took_part, eligible, &rules),
        unreadable: counted.unreadable,
        subjects: views,
        smallest_breakdown: rules.smallest_breakdown,
        trackers: store
            .trackers(crate::store::secret::EVALUATION, &row.key)
            .await?,
        online: counted.online,
        boxes: counted
            .boxes
            .into_iter()
            .map(|b| BoxView {
                paper_box: b.paper_box,
                handed_out: b.handed_out,
                standing: b.standing,
                forms_in_box: b.tally.map(|t| t.forms_in_box),
            })
            .collect(),
        closed_on: closed_on.to_string(),
        publish_by,
        published: row.results_notice.clone(),
        can_publish: false,
    })
}
