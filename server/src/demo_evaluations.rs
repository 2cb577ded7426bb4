//! The demo's evaluation rounds, so a newcomer sees the pillar at work: two closed rounds (last
//! year's and this year's, so the trend shows, and the committee member rated 不称职 in both,
//! so the two-running flag of L25 Art. 37 shows) and one open round with its reports and a
//! question answered, ready for the demo's representatives. Seeded through the store as
//! history would be; the sheets are fixed, so the results are the same on every machine.

use app::domain::evaluation::grading::{EvaluationRules, GradingChoice};
use app::domain::evaluation::round::{Raters, RoundPlan, SubjectPlan};
use app::domain::evaluation::scale::{Grade, Scale};
use app::domain::evaluation::sheet::RatingSheet;
use app::domain::keys::{CommunityKey, EvaluationKey, PersonKey};
use app::domain::notice::{NewNotice, NoticeKind};
use app::domain::roles::{Role, Term};
use app::store::evaluations::ResidentFacts;
use app::store::{Acting, Store};
use chrono::{Duration, Utc};
use std::collections::BTreeMap;

/// Residents (after the role holders) the demo makes resident representatives: with the two
/// who hold a representative's role alone, twelve raters.
pub const EXTRA_REPRESENTATIVES: usize = 10;

/// The subjects: the three office holders on satisfaction, a committee member on competence.
const SUBJECTS: [(Role, Scale); 4] = [
    (Role::PartySecretary, Scale::Satisfaction),
    (Role::CommitteeDirector, Scale::Satisfaction),
    (Role::StationChief, Scale::Satisfaction),
    (Role::CommitteeMember, Scale::Competence),
];

/// Seeds the rounds once: nothing when the community has any.
pub async fn seed(
    store: &Store,
    community: &CommunityKey,
    actor: &str,
) -> anyhow::Result<Vec<EvaluationKey>> {
    if !store.evaluations(community).await?.is_empty() {
        println!("evaluation rounds already there: nothing added");
        return Ok(Vec::new());
    }
    let acting = Acting::new(community, actor);
    let today = app::domain::clock::today();
    let residents = store.community_residents(community, today).await?;
    let holder = |role: Role| {
        residents
            .iter()
            .find(|r| r.roles.contains(&role))
            .map(|r| r.key.clone())
            .ok_or_else(|| anyhow::anyhow!("the demo has no {}", role.code()))
    };
    let term = Term::new(today, None)?;
    let unranked: Vec<PersonKey> = residents
        .iter()
        .filter(|r| r.roles.is_empty())
        .take(EXTRA_REPRESENTATIVES)
        .map(|r| r.key.clone())
        .collect();
    for person in &unranked {
        store
            .grant_role(&acting, person, Role::ResidentRep, term)
            .await?;
    }
    let mut raters = unranked;
    raters.push(holder(Role::ResidentRep)?);
    raters.push(holder(Role::PartyMemberRep)?);
    let subjects = subjects_of(&residents)?;
    let mut keys = Vec::new();
    for (period, member_fails) in [("2025年度", 7), ("2026年度", 8)] {
        let round = planned(store, &acting, period, &subjects, Duration::hours(1)).await?;
        store.open_evaluation(&acting, &round, &raters).await?;
        for (n, rater) in raters.iter().enumerate() {
            let sheet = sheet(&subjects, n, member_fails);
            store
                .rate(
                    community,
                    &round,
                    rater,
                    &serde_json::to_string(&sheet)?,
                    || app::domain::election::ballot::tracker_code(rand::random()),
                )
                .await?;
        }
        store.close_evaluation(&acting, &round).await?;
        println!("closed evaluation round {period}: {round}");
        keys.push(round);
    }
    let open = planned(
        store,
        &acting,
        "2027年上半年",
        &subjects,
        Duration::days(14),
    )
    .await?;
    store.open_evaluation(&acting, &open, &raters).await?;
    let question = store
        .ask_question(
            community,
            &open,
            &raters[0],
            &subjects[2].person,
            "服务站周末能不能开放半天？",
        )
        .await?;
    store
        .answer_question(
            &Acting::new(community, format!("person:{}", subjects[2].person)),
            &open,
            &subjects[2].person,
            &question,
            "从下个月起，每周六上午开放。",
        )
        .await?;
    println!("open evaluation round: {open}");
    keys.push(open);
    Ok(keys)
}

/// The demo's subjects among `residents`: the holder of each of [`SUBJECTS`]' posts.
fn subjects_of(residents: &[ResidentFacts]) -> anyhow::Result<Vec<SubjectPlan>> {
    SUBJECTS
        .iter()
        .map(|&(role, scale)| {
            let person = residents
                .iter()
                .find(|r| r.roles.contains(&role))
                .map(|r| r.key.clone())
                .ok_or_else(|| anyhow::anyhow!("the demo has no {}", role.code()))?;
            Ok(SubjectPlan {
                person,
                posts: vec![role],
                scale,
            })
        })
        .collect()
}

/// An open round of `period` for `make bench`: `representatives` residents who hold no role
/// made resident representatives and its only raters, the demo's subjects, every report
/// published, open for an hour. Answers the round, its raters and its subjects.
pub async fn representatives_round(
    store: &Store,
    community: &CommunityKey,
    actor: &str,
    period: &str,
    representatives: usize,
) -> anyhow::Result<(EvaluationKey, Vec<PersonKey>, Vec<SubjectPlan>)> {
    let acting = Acting::new(community, actor);
    let today = app::domain::clock::today();
    let residents = store.community_residents(community, today).await?;
    let subjects = subjects_of(&residents)?;
    let raters: Vec<PersonKey> = residents
        .iter()
        .filter(|r| r.roles.is_empty())
        .take(representatives)
        .map(|r| r.key.clone())
        .collect();
    if raters.len() < representatives {
        anyhow::bail!("only {} residents without a role", raters.len());
    }
    let term = Term::new(today, None)?;
    for person in &raters {
        store
            .grant_role(&acting, person, Role::ResidentRep, term)
            .await?;
    }
    let round = planned(store, &acting, period, &subjects, Duration::hours(1)).await?;
    store.open_evaluation(&acting, &round, &raters).await?;
    Ok((round, raters, subjects))
}

/// A round of `subjects` rated by representatives from now until `window`, every report
/// published.
async fn planned(
    store: &Store,
    acting: &Acting,
    period: &str,
    subjects: &[SubjectPlan],
    window: Duration,
) -> anyhow::Result<EvaluationKey> {
    let plan = RoundPlan {
        period: period.to_owned(),
        subjects: subjects.to_vec(),
        raters: Raters::Representatives,
        opens_at: Utc::now() - Duration::minutes(1),
        closes_at: Utc::now() + window,
        grading: GradingChoice::Thresholds,
    };
    let round = store
        .create_evaluation(acting, &plan, &EvaluationRules::default())
        .await?;
    for subject in subjects {
        let notice = NewNotice {
            kind: NoticeKind::Evaluation,
            title: format!("{period}述职报告"),
            body: format!(
                "## {period}工作回顾\n\n一、围绕居民反映集中的问题，推进了楼道照明、加装电梯和垃圾分类。\n\n二、不足与下一步打算。"
            ),
            publish_at: Utc::now(),
            ends_on: None,
        };
        store
            .publish_report(
                &Acting::new(&acting.community, format!("person:{}", subject.person)),
                &round,
                &subject.person,
                &notice,
                &[],
            )
            .await?;
    }
    Ok(round)
}

/// Rater `n`'s sheet: most are satisfied with the office holders; the committee member is
/// rated 不称职 by the first `member_fails` raters.
fn sheet(subjects: &[SubjectPlan], n: usize, member_fails: usize) -> RatingSheet {
    let mut grades = BTreeMap::new();
    let mut comments = BTreeMap::new();
    for subject in subjects {
        let grade = match subject.scale {
            Scale::Satisfaction if n % 5 == 4 => Grade::BasicallySatisfied,
            Scale::Satisfaction if n % 11 == 10 => Grade::Dissatisfied,
            Scale::Satisfaction => Grade::Satisfied,
            Scale::Competence if n < member_fails => Grade::Incompetent,
            Scale::Competence => Grade::BasicallyCompetent,
        };
        grades.insert(subject.person.to_string(), grade);
    }
    if n.is_multiple_of(4) {
        comments.insert(
            subjects[0].person.to_string(),
            "希望多听听老年居民的意见。".to_owned(),
        );
    }
    RatingSheet { grades, comments }
}
