//! Democratic evaluation over HTTP, as the phone without JavaScript sends it: a round planned,
//! refused until every report is published, opened, rated as plain form posts (the second
//! sheet refused), its results hidden from everyone until the close, then shown with the
//! chart; and a lesser role refused the organisers' steps.

use crate::common::TestApp;
use crate::common::builders::Town;
use app::domain::clock::local;
use app::domain::keys::{EvaluationKey, PersonKey};
use app::domain::roles::{Role, Term};
use app::store::Acting;
use chrono::{Duration, Utc};
use reqwest::header;

fn minute(at: chrono::DateTime<Utc>) -> String {
    local(at).format("%Y-%m-%dT%H:%M").to_string()
}

/// A town whose first five residents are also resident representatives: with the party
/// member and resident representatives who hold that role alone, seven raters.
async fn town(app: &TestApp) -> (Town, Vec<PersonKey>) {
    let town = Town::build(&app.store, "评议社区", 30).await;
    let term = Term::new(app::domain::clock::today(), None).expect("term");
    for person in &town.residents()[..5] {
        app.store
            .grant_role(&town.acting(), person, Role::ResidentRep, term)
            .await
            .expect("grant");
    }
    let mut raters: Vec<PersonKey> = town.residents()[..5].to_vec();
    raters.push(town.holder(Role::ResidentRep).clone());
    raters.push(town.holder(Role::PartyMemberRep).clone());
    (town, raters)
}

/// Plans a round of the party secretary and the committee member as the supervisory
/// committee's member, through the form; answers its key.
async fn plan(app: &TestApp, town: &Town, officer: &str) -> EvaluationKey {
    let form = [
        ("period", "２０２６年度".to_owned()),
        ("raters", "representatives".to_owned()),
        ("opens_at", minute(Utc::now())),
        ("closes_at", minute(Utc::now() + Duration::hours(2))),
        ("grading", "thresholds".to_owned()),
        (
            &*format!("subjects[k{}]", town.holder(Role::PartySecretary)),
            "yes".to_owned(),
        ),
        (
            &*format!("subjects[k{}]", town.holder(Role::CommitteeMember)),
            "yes".to_owned(),
        ),
    ];
    let response = app
        .submit_page("/evaluations/new", "create_evaluation", &form, officer)
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let key = location.trim_start_matches("/evaluations/").to_owned();
    EvaluationKey::parse(&key).expect("a round's key")
}

async fn publish_reports(app: &TestApp, town: &Town, round: &EvaluationKey) {
    for subject in [Role::PartySecretary, Role::CommitteeMember] {
        let session = app.sign_in_as(town.holder(subject)).await;
        let response = app
            .submit_page(
                &format!("/evaluations/{round}"),
                "publish_report",
                &[
                    ("round", round.to_string()),
                    ("title", "2026年度述职报告".to_owned()),
                    ("body", "一年来，我们……".to_owned()),
                ],
                &session,
            )
            .await;
        assert_eq!(response.status(), 303, "{subject:?}");
    }
}

/// A rater's sheet: the secretary `secretary`, the member `member`.
fn sheet(
    round: &EvaluationKey,
    town: &Town,
    secretary: &str,
    member: &str,
) -> Vec<(String, String)> {
    vec![
        ("round".to_owned(), round.to_string()),
        ("_form".to_owned(), "/api/rate".to_owned()),
        ("_show".to_owned(), "yes".to_owned()),
        (
            format!("grades[k{}]", town.holder(Role::PartySecretary)),
            secretary.to_owned(),
        ),
        (
            format!("grades[k{}]", town.holder(Role::CommitteeMember)),
            member.to_owned(),
        ),
        (
            format!("comments[k{}]", town.holder(Role::PartySecretary)),
            "楼道灯修得快".to_owned(),
        ),
    ]
}

#[tokio::test]
async fn issue19_a_round_goes_from_its_plan_to_its_results_through_plain_form_posts() {
    let app = TestApp::spawn().await;
    let (town, raters) = town(&app).await;
    let officer = app
        .sign_in_as(town.holder(Role::SupervisoryCommitteeMember))
        .await;
    let round = plan(&app, &town, &officer).await;
    let page = format!("/evaluations/{round}");
    let early = app
        .submit_page(
            &page,
            "open_evaluation",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(early.status(), 409);
    assert!(
        early
            .text()
            .await
            .unwrap()
            .contains("述职报告公布后才能开始")
    );
    publish_reports(&app, &town, &round).await;
    let opened = app
        .submit_page(
            &page,
            "open_evaluation",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(opened.status(), 303);
    let row = app.store.evaluation(&round).await.unwrap().unwrap();
    assert_eq!(
        row.eligible,
        Some(7),
        "the representatives, never a subject"
    );
    assert_eq!(
        row.period, "2026年度",
        "full-width digits read as the ASCII ones"
    );

    let rate = format!("/evaluations/{round}/rate");
    let first = app.sign_in_as(&raters[0]).await;
    let rated = app
        .submit_page(
            &rate,
            "rate",
            &sheet(&round, &town, "satisfied", "competent"),
            &first,
        )
        .await;
    assert_eq!(rated.status(), 200);
    let body = rated.text().await.unwrap();
    let tracker = body
        .split("class=\"tracker\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the tracker is shown once")
        .to_owned();
    assert_eq!(tracker.len(), 9, "{tracker}");
    let again = app
        .submit_page(
            &rate,
            "rate",
            &sheet(&round, &town, "dissatisfied", "incompetent"),
            &first,
        )
        .await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("每人只能测评一次"));
    let off_scale = app
        .submit_page(
            &rate,
            "rate",
            &sheet(&round, &town, "excellent", "competent"),
            &app.sign_in_as(&raters[1]).await,
        )
        .await;
    assert_eq!(off_scale.status(), 422, "a grade of the other scale");

    for (n, rater) in raters.iter().enumerate().skip(1) {
        let member = if n % 2 == 0 {
            "incompetent"
        } else {
            "competent"
        };
        let session = app.sign_in_as(rater).await;
        let response = app
            .submit_page(
                &rate,
                "rate",
                &sheet(&round, &town, "satisfied", member),
                &session,
            )
            .await;
        assert_eq!(response.status(), 200, "rater {n}");
    }
    let hidden = app
        .visit(&format!("/evaluations/{round}/results"), Some(&officer))
        .await;
    assert_eq!(
        hidden.status(),
        409,
        "the organiser sees nothing before the close"
    );
    let closed = app
        .submit_page(
            &page,
            "close_evaluation",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(closed.status(), 303, "everyone rated: it closes early");
    let results = app
        .visit(&format!("/evaluations/{round}/results"), None)
        .await;
    assert_eq!(results.status(), 200);
    let body = results.text().await.unwrap();
    assert!(
        body.contains("data-testid=\"chart\""),
        "the chart, drawn on the server"
    );
    assert!(
        body.contains("100.0%"),
        "every rater satisfied with the secretary"
    );
    assert!(
        body.contains("楼道灯修得快"),
        "the comments, without their sheets"
    );
    assert!(
        body.contains(&tracker),
        "the rater finds their sheet counted"
    );
    let participation = body
        .split("data-testid=\"participation\">")
        .nth(1)
        .and_then(|rest| rest.split("</dd>").next())
        .unwrap_or_default();
    assert!(
        participation.contains("7 / 7"),
        "participation: {participation}"
    );
}

#[tokio::test]
async fn issue19_a_lesser_role_cannot_run_a_round_and_another_community_does_not_see_it() {
    let app = TestApp::spawn().await;
    let (town, raters) = town(&app).await;
    let resident = app.sign_in_as(&raters[0]).await;
    let planned = app
        .submit("new_evaluation_defaults", &[("x", "")], Some(&resident))
        .await;
    assert_eq!(planned.status(), 403);
    let secretary = app.sign_in_as(town.holder(Role::PartySecretary)).await;
    let by_subject = app
        .submit("new_evaluation_defaults", &[("x", "")], Some(&secretary))
        .await;
    assert_eq!(
        by_subject.status(),
        403,
        "the rated do not run their own round"
    );
    let officer = app
        .sign_in_as(town.holder(Role::SupervisoryCommitteeMember))
        .await;
    let round = plan(&app, &town, &officer).await;
    let elsewhere = Town::build(&app.store, "别的社区", 20).await;
    let stranger = app
        .sign_in_as(elsewhere.holder(Role::SupervisoryCommitteeMember))
        .await;
    let opened = app
        .submit(
            "open_evaluation",
            &[("round", round.to_string())],
            Some(&stranger),
        )
        .await;
    assert_eq!(
        opened.status(),
        404,
        "another community's round is not found"
    );
    let for_a_subject = app
        .submit(
            "publish_report",
            &[
                ("round", round.to_string()),
                ("title", "代写".to_owned()),
                ("body", "代写内容".to_owned()),
            ],
            Some(&officer),
        )
        .await;
    assert_eq!(
        for_a_subject.status(),
        409,
        "an organiser does not publish a report in a subject's name"
    );
    let acting = Acting::new(&town.key, "cli:test");
    assert!(
        app.store
            .publish_report(
                &acting,
                &round,
                town.holder(Role::StationChief),
                &app::domain::notice::NewNotice {
                    kind: app::domain::notice::NoticeKind::Evaluation,
                    title: "不是被评议人".into(),
                    body: "……".into(),
                    publish_at: Utc::now(),
                    ends_on: None,
                },
                &[],
            )
            .await
            .is_err(),
        "someone who is not a subject has no report to publish"
    );
}

#[tokio::test]
async fn issue19_the_demos_rounds_show_the_trend_and_the_art37_flag() {
    let app = TestApp::spawn().await;
    let community = crate::common::demo(&app).await;
    let rounds = app.store.evaluations(&community).await.unwrap();
    let this_year = rounds
        .iter()
        .find(|r| r.period == "2026年度")
        .expect("2026年度");
    let page = app
        .visit(&format!("/evaluations/{}/results", this_year.key), None)
        .await;
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(
        body.contains("连续两次被评为不称职"),
        "the committee member's flag"
    );
    assert!(
        body.contains("data-testid=\"trend\""),
        "against last year's round"
    );
    let open = rounds
        .iter()
        .find(|r| r.period == "2027年上半年")
        .expect("open");
    let hidden = app
        .visit(&format!("/evaluations/{}/results", open.key), None)
        .await;
    assert_eq!(hidden.status(), 409, "the open round's results are hidden");
    let page = app.visit(&format!("/evaluations/{}", open.key), None).await;
    let body = page.text().await.unwrap();
    assert!(body.contains("每周六上午开放"), "the answered question");
}
