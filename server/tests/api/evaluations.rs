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

/// Each subject publishes their report as the page's form posts it (multipart, with a PDF
/// attached), and the attachment is kept with the notice.
async fn publish_reports(app: &TestApp, town: &Town, round: &EvaluationKey) {
    for subject in [Role::PartySecretary, Role::CommitteeMember] {
        let session = app.sign_in_as(town.holder(subject)).await;
        let round_key = round.to_string();
        let response = app
            .submit_page_with_files(
                &format!("/evaluations/{round}"),
                "publish_report",
                &[
                    ("round", &round_key),
                    ("title", "2026年度述职报告"),
                    ("body", "一年来，我们……"),
                ],
                &[("attachments[]", "述职附件.pdf", b"%PDF-1.4\n% report\n")],
                &session,
            )
            .await;
        assert_eq!(response.status(), 303, "{subject:?}");
    }
    for subject in app
        .store
        .evaluation_subjects(round)
        .await
        .expect("subjects")
    {
        let report = subject.report.expect("published");
        let attached = app
            .store
            .notice_attachments(&report)
            .await
            .expect("attachments");
        assert_eq!(attached.len(), 1, "the report keeps its attachment");
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

/// What a refused page says at its top, for a failing assertion's message.
async fn refusal_of(response: reqwest::Response) -> String {
    let body = text(response).await;
    body.split("data-testid=\"page-refusal\">")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .unwrap_or(&body)
        .to_owned()
}

/// The body of a page, or the text of a response.
async fn text(response: reqwest::Response) -> String {
    response.text().await.expect("body")
}

/// A box's tally form: `forms` in box 1, none void, the secretary's and the member's marks.
fn tally(
    round: &EvaluationKey,
    town: &Town,
    forms: u64,
    secretary: &[(&str, u64)],
    member: &[(&str, u64)],
) -> Vec<(String, String)> {
    let mut form = vec![
        ("round".to_owned(), round.to_string()),
        ("paper_box".to_owned(), "1".to_owned()),
        ("forms_in_box".to_owned(), forms.to_string()),
        ("void_forms".to_owned(), "0".to_owned()),
    ];
    for (role, marks) in [
        (Role::PartySecretary, secretary),
        (Role::CommitteeMember, member),
    ] {
        for (grade, count) in marks {
            form.push((
                format!("counts[k{}-{grade}]", town.holder(role)),
                count.to_string(),
            ));
        }
    }
    form
}

#[tokio::test]
async fn issue19_paper_forms_shut_the_phone_out_and_count_when_two_officers_agree() {
    let app = TestApp::spawn().await;
    let (town, raters) = town(&app).await;
    let officer = app
        .sign_in_as(town.holder(Role::SupervisoryCommitteeMember))
        .await;
    let second_officer = town.residents()[10].clone();
    let term = Term::new(app::domain::clock::today(), None).expect("term");
    app.store
        .grant_role(
            &town.acting(),
            &second_officer,
            Role::SupervisoryCommitteeMember,
            term,
        )
        .await
        .expect("grant");
    let second = app.sign_in_as(&second_officer).await;
    let round = plan(&app, &town, &officer).await;
    publish_reports(&app, &town, &round).await;
    let page = format!("/evaluations/{round}");
    let opened = app
        .submit_page(
            &page,
            "open_evaluation",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(opened.status(), 303);
    let desk = format!("/evaluations/{round}/paper");
    let hand_out = |rater: &PersonKey, paper_box: &str| {
        let fields = [
            ("round", round.to_string()),
            ("rater", rater.to_string()),
            ("paper_box", paper_box.to_owned()),
        ];
        let (app, desk, officer) = (&app, desk.clone(), officer.clone());
        async move {
            app.submit_page(&desk, "hand_out_form", &fields, &officer)
                .await
        }
    };
    let bad_box = hand_out(&raters[0], "10").await;
    assert_eq!(bad_box.status(), 422, "boxes are numbered 1 to 9");
    assert!(
        text(bad_box)
            .await
            .contains("data-testid=\"hand-out-form\"")
    );
    for rater in &raters[..2] {
        let handed = hand_out(rater, "１").await;
        assert_eq!(handed.status(), 303, "full-width digits read as digits");
    }
    let paper_rater = app.sign_in_as(&raters[0]).await;
    let by_phone = app
        .submit_page(
            &format!("/evaluations/{round}/rate"),
            "rate",
            &sheet(&round, &town, "satisfied", "competent"),
            &paper_rater,
        )
        .await;
    assert_eq!(
        by_phone.status(),
        409,
        "a form was handed out in their name"
    );
    let sheet_page = text(
        app.visit(&format!("/evaluations/{round}/rate"), Some(&paper_rater))
            .await,
    )
    .await;
    assert!(
        sheet_page.contains("data-testid=\"handout-note\""),
        "the rater sees the hand-out in their name"
    );
    assert!(
        !sheet_page.contains("data-testid=\"cannot-rate\""),
        "not told they rated: they may never have had the form"
    );
    for rater in &raters[2..] {
        let session = app.sign_in_as(rater).await;
        let rated = app
            .submit_page(
                &format!("/evaluations/{round}/rate"),
                "rate",
                &sheet(&round, &town, "satisfied", "incompetent"),
                &session,
            )
            .await;
        assert_eq!(rated.status(), 200);
    }
    let after_phone = hand_out(&raters[2], "1").await;
    assert_eq!(after_phone.status(), 409);
    assert!(text(after_phone).await.contains("已经测评过"));
    let early = app
        .submit_page(
            &desk,
            "enter_form_tally",
            &tally(&round, &town, 2, &[("satisfied", 2)], &[("competent", 2)]),
            &officer,
        )
        .await;
    assert_eq!(early.status(), 409, "no tally before the close");
    let closed = app
        .submit_page(
            &page,
            "close_evaluation",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(closed.status(), 303, "everyone took part: it closes early");

    let short = app
        .submit_page(
            &desk,
            "enter_form_tally",
            &tally(&round, &town, 2, &[("satisfied", 1)], &[("competent", 2)]),
            &officer,
        )
        .await;
    assert_eq!(short.status(), 422, "one form of two is missing its mark");
    assert!(text(short).await.contains("测评表数字对不上"));
    let agreed = tally(
        &round,
        &town,
        2,
        &[("satisfied", 1), ("dissatisfied", 1)],
        &[("competent", 1), ("unmarked", 1)],
    );
    let first = app
        .submit_page(&desk, "enter_form_tally", &agreed, &officer)
        .await;
    assert_eq!(first.status(), 303, "{}", refusal_of(first).await);
    let results = format!("/evaluations/{round}/results");
    let provisional = text(app.visit(&results, None).await).await;
    assert!(
        provisional.contains("data-testid=\"provisional\""),
        "one entry is not a count"
    );
    let print = text(
        app.visit(&format!("/evaluations/{round}/print"), None)
            .await,
    )
    .await;
    assert!(
        !print.contains("class=\"signature\""),
        "nobody signs figures a box may still change"
    );
    let differing = app
        .submit_page(
            &desk,
            "enter_form_tally",
            &tally(
                &round,
                &town,
                2,
                &[("satisfied", 2)],
                &[("competent", 1), ("unmarked", 1)],
            ),
            &second,
        )
        .await;
    assert_eq!(differing.status(), 409);
    let second_try = app
        .submit_page(&desk, "enter_form_tally", &agreed, &second)
        .await;
    assert_eq!(second_try.status(), 303);
    let third = app
        .submit_page(&desk, "enter_form_tally", &agreed, &officer)
        .await;
    assert_eq!(third.status(), 409, "a confirmed box is settled");
    let body = text(app.visit(&results, None).await).await;
    assert!(!body.contains("data-testid=\"provisional\""));
    let channels = body
        .split("data-testid=\"channels\"")
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default();
    assert!(
        channels.contains(" 5 ") && channels.ends_with(" 2"),
        "five by phone, two on paper: {channels}"
    );
    let ratings: Vec<&str> = body
        .split("data-testid=\"ratings\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert_eq!(
        ratings,
        vec!["7", "6"],
        "the secretary rated on every form; one form left the member unmarked"
    );
    let desk_page = text(app.visit(&desk, Some(&officer)).await).await;
    assert!(desk_page.contains("data-testid=\"paper-box\""));
    let resident = app.sign_in_as(&town.residents()[12]).await;
    let stranger = app.visit(&desk, Some(&resident)).await;
    assert_eq!(stranger.status(), 403, "the desk is the organisers'");
}

#[tokio::test]
async fn issue19_results_are_published_once_and_exported_as_csv_print_and_projection() {
    let app = TestApp::spawn().await;
    let (town, raters) = town(&app).await;
    let officer = app
        .sign_in_as(town.holder(Role::SupervisoryCommitteeMember))
        .await;
    let round = plan(&app, &town, &officer).await;
    let csv_path = format!("/evaluations/{round}/results.csv");
    let hidden = app.visit(&csv_path, None).await;
    assert_eq!(hidden.status(), 409, "no CSV before the close");
    publish_reports(&app, &town, &round).await;
    let page = format!("/evaluations/{round}");
    app.submit_page(
        &page,
        "open_evaluation",
        &[("round", round.to_string())],
        &officer,
    )
    .await;
    for rater in &raters {
        let session = app.sign_in_as(rater).await;
        app.submit_page(
            &format!("/evaluations/{round}/rate"),
            "rate",
            &sheet(&round, &town, "satisfied", "competent"),
            &session,
        )
        .await;
    }
    let closed = app
        .submit_page(
            &page,
            "close_evaluation",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(closed.status(), 303);
    let home = text(app.visit("/", Some(&officer)).await).await;
    assert!(
        home.contains(&format!("/evaluations/{round}/results")),
        "the officers' home page reminds them to publish"
    );

    let csv = app.visit(&csv_path, None).await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let csv = text(csv).await;
    assert!(csv.starts_with('\u{feff}'), "a BOM for spreadsheets");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let satisfied: Vec<&csv::StringRecord> =
        rows.iter().filter(|r| r.get(5) == Some("满意")).collect();
    assert_eq!(satisfied.len(), 1, "{csv}");
    assert_eq!(satisfied[0].get(6), Some("7"), "seven satisfied: {csv}");
    assert_eq!(satisfied[0].get(7), Some("100.0%"));

    let print = text(
        app.visit(&format!("/evaluations/{round}/print"), None)
            .await,
    )
    .await;
    assert!(print.contains("data-testid=\"results-print\""));
    assert!(print.contains("class=\"signature\""), "signature lines");
    let projection = text(
        app.visit(&format!("/evaluations/{round}/projection"), None)
            .await,
    )
    .await;
    assert!(
        projection.contains("http-equiv=\"refresh\""),
        "it reloads itself"
    );

    let resident = app.sign_in_as(&raters[0]).await;
    let by_resident = app
        .submit_page(
            &format!("/evaluations/{round}/results"),
            "publish_evaluation_results",
            &[("round", round.to_string())],
            &resident,
        )
        .await;
    assert_eq!(by_resident.status(), 403);
    let published = app
        .submit_page(
            &format!("/evaluations/{round}/results"),
            "publish_evaluation_results",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(published.status(), 303);
    let notice = published.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(notice.starts_with("/notices/"), "{notice}");
    let body = text(app.visit(&notice, None).await).await;
    assert!(body.contains("民主评议测评结果"), "the notice's title");
    assert!(body.contains("满意率"), "the figures");
    let again = app
        .submit_page(
            &format!("/evaluations/{round}/results"),
            "publish_evaluation_results",
            &[("round", round.to_string())],
            &officer,
        )
        .await;
    assert_eq!(again.status(), 409, "published once");
    let home = text(app.visit("/", Some(&officer)).await).await;
    assert!(
        !home.contains(&format!("/evaluations/{round}/results")),
        "done: no more reminder"
    );
}

#[tokio::test]
async fn issue19_l25_art37_ends_the_office_of_a_member_rated_incompetent_twice_running() {
    let app = TestApp::spawn().await;
    let community = crate::common::demo(&app).await;
    let rounds = app.store.evaluations(&community).await.unwrap();
    let this_year = rounds
        .iter()
        .find(|r| r.period == "2026年度")
        .expect("2026年度");
    let last_year = rounds
        .iter()
        .find(|r| r.period == "2025年度")
        .expect("2025年度");
    let today = app::domain::clock::today();
    let holders = |role| {
        let store = app.store.clone();
        let community = community.clone();
        async move { store.role_holders(&community, role).await.expect("holders") }
    };
    let member = holders(Role::CommitteeMember).await[0].clone();
    let district = app.sign_in_as(&holders(Role::DistrictAdmin).await[0]).await;
    let director = app
        .sign_in_as(&holders(Role::CommitteeDirector).await[0])
        .await;
    let results = format!("/evaluations/{}/results", this_year.key);
    let page = text(app.visit(&results, Some(&district)).await).await;
    assert!(
        page.contains("data-testid=\"end-office-form\""),
        "offered to the district, which appoints committee posts"
    );
    let page = text(app.visit(&results, Some(&director)).await).await;
    assert!(
        !page.contains("data-testid=\"end-office-form\""),
        "not to staff who may not end the post"
    );
    let public = text(app.visit(&results, None).await).await;
    assert!(!public.contains("data-testid=\"end-office-form\""));
    let resident = app.sign_in_as(&holders(Role::ResidentRep).await[0]).await;
    let fields = [
        ("round", this_year.key.to_string()),
        ("person", member.to_string()),
    ];
    let by_resident = app
        .submit_page(&results, "end_office_under_art37", &fields, &resident)
        .await;
    assert_eq!(by_resident.status(), 403);
    let by_director = app
        .submit_page(&results, "end_office_under_art37", &fields, &director)
        .await;
    assert_eq!(
        by_director.status(),
        403,
        "the director does not end a post"
    );
    let first_time = app
        .submit_page(
            &format!("/evaluations/{}/results", last_year.key),
            "end_office_under_art37",
            &[
                ("round", last_year.key.to_string()),
                ("person", member.to_string()),
            ],
            &district,
        )
        .await;
    assert_eq!(first_time.status(), 404, "one 不称职 alone ends nothing");
    let ended = app
        .submit_page(&results, "end_office_under_art37", &fields, &district)
        .await;
    assert_eq!(ended.status(), 303);
    let back = ended.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let page = text(app.visit(&back, Some(&district)).await).await;
    assert!(
        page.contains("data-testid=\"by-election\""),
        "a by-election is offered"
    );
    let grants = app
        .store
        .grant_records(&community, &member)
        .await
        .expect("grants");
    assert!(
        grants
            .iter()
            .filter(|g| g.role == Role::CommitteeMember)
            .all(|g| g.until.is_some_and(|until| until < today)),
        "the post is no longer held"
    );
    let audited = app.store.audit_log().await.expect("audit");
    let entry = audited
        .iter()
        .find(|e| e.action == "role.end.art37")
        .expect("audited with its basis");
    assert!(entry.detail.contains(this_year.key.as_str()));
    let again = app
        .submit_page(&results, "end_office_under_art37", &fields, &district)
        .await;
    assert_eq!(again.status(), 404, "nothing left to end");
}
