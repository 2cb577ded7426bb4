use crate::domain::evaluation::grading::{EvaluationRules, GradingChoice};
use crate::domain::evaluation::round::{Phase, Raters, RoundPlan, SubjectPlan};
use crate::domain::evaluation::scale::Scale;
use crate::domain::keys::{CommunityKey, EvaluationKey, PersonKey};
use crate::domain::notice::{NewNotice, NoticeKind};
use crate::domain::refusal::Refusal;
use crate::domain::registry::{NewCommunity, parse_register_csv};
use crate::domain::roles::Role;
use crate::store::{Acting, Store, StoreError};
use chrono::{Duration, NaiveDate, Utc};

const CSV: &str = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n\
    王书记,1970-01-01,女,H1,一网格,一组,是,户籍\n\
    李站长,1972-05-05,男,H2,一网格,一组,否,户籍\n\
    张代表,1980-03-03,男,H3,二网格,二组,否,户籍\n\
    赵代表,1981-03-03,女,H4,二网格,二组,否,户籍\n\
    钱代表,1982-03-03,女,H5,二网格,二组,是,户籍\n";

struct Round {
    store: Store,
    community: CommunityKey,
    /// Two subjects, then three raters.
    people: Vec<PersonKey>,
    key: EvaluationKey,
}

impl Round {
    fn acting(&self) -> Acting {
        Acting::new(&self.community, "person:officer")
    }

    fn subjects(&self) -> &[PersonKey] {
        &self.people[..2]
    }

    fn raters(&self) -> &[PersonKey] {
        &self.people[2..]
    }

    async fn publish_reports(&self) {
        for subject in self.subjects() {
            self.store
                .publish_report(
                    &Acting::new(&self.community, format!("person:{subject}")),
                    &self.key,
                    subject,
                    &report(),
                    &[],
                )
                .await
                .expect("report");
        }
    }

    async fn open(&self) {
        self.publish_reports().await;
        self.store
            .open_evaluation(&self.acting(), &self.key, self.raters())
            .await
            .expect("open");
    }

    async fn rate(&self, rater: &PersonKey, content: &str) -> Result<String, StoreError> {
        self.store
            .rate(&self.community, &self.key, rater, content, || {
                uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
            })
            .await
    }
}

fn report() -> NewNotice {
    NewNotice {
        kind: NoticeKind::Evaluation,
        title: "2026年度述职报告".into(),
        body: "一年来……".into(),
        publish_at: Utc::now(),
        ends_on: None,
    }
}

/// A round of the community's first two people as subjects, rated until `closes_in` from now.
async fn round(closes_in: Duration) -> Round {
    let store = Store::open("mem://").await.expect("store");
    let community = store
        .create_community(
            &NewCommunity::parse("青山社区", "青山区", 1_500).expect("community"),
            "test",
        )
        .await
        .expect("create")
        .key;
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("day");
    store
        .add_people(
            &Acting::new(&community, "test"),
            &parse_register_csv(CSV, today).expect("csv"),
        )
        .await
        .expect("people");
    let people: Vec<PersonKey> = store
        .community_residents(&community, today)
        .await
        .expect("residents")
        .into_iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(people.len(), 5);
    let plan = RoundPlan {
        period: "2026年度".into(),
        subjects: vec![
            SubjectPlan {
                person: people[0].clone(),
                posts: vec![Role::PartySecretary],
                scale: Scale::Satisfaction,
            },
            SubjectPlan {
                person: people[1].clone(),
                posts: vec![Role::CommitteeMember],
                scale: Scale::Competence,
            },
        ],
        raters: Raters::Representatives,
        opens_at: Utc::now() - Duration::minutes(5),
        closes_at: Utc::now() + closes_in,
        grading: GradingChoice::Thresholds,
    };
    let key = store
        .create_evaluation(
            &Acting::new(&community, "person:officer"),
            &plan,
            &EvaluationRules::default(),
        )
        .await
        .expect("plan");
    Round {
        store,
        community,
        people,
        key,
    }
}

fn sheet(a: &str, b: &str, round: &Round) -> String {
    serde_json::json!({
        "grades": { round.people[0].as_str(): a, round.people[1].as_str(): b }
    })
    .to_string()
}

#[tokio::test]
async fn issue19_a_round_is_planned_with_its_subjects_in_order_and_its_rules_frozen() {
    let round = round(Duration::hours(1)).await;
    let row = round
        .store
        .evaluation(&round.key)
        .await
        .expect("read")
        .expect("the round");
    assert_eq!(row.phase, Phase::Preparing);
    assert_eq!(row.period, "2026年度");
    assert_eq!(row.rules().expect("rules"), EvaluationRules::default());
    let subjects = round
        .store
        .evaluation_subjects(&round.key)
        .await
        .expect("subjects");
    let order: Vec<(&str, Scale)> = subjects
        .iter()
        .map(|s| (s.person.as_str(), s.scale))
        .collect();
    assert_eq!(
        order,
        [
            (round.people[0].as_str(), Scale::Satisfaction),
            (round.people[1].as_str(), Scale::Competence)
        ]
    );
    let residents = round
        .store
        .community_residents(
            &round.community,
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("day"),
        )
        .await
        .expect("residents");
    let name_of = |key: &PersonKey| {
        residents
            .iter()
            .find(|r| r.key == *key)
            .map(|r| r.name.clone())
    };
    assert_eq!(Some(subjects[0].name.clone()), name_of(&round.people[0]));
    assert_eq!(
        round
            .store
            .evaluations(&round.community)
            .await
            .expect("list")
            .len(),
        1
    );
}

#[tokio::test]
async fn issue19_a_round_opens_only_once_every_report_is_published() {
    let round = round(Duration::hours(1)).await;
    let early = round
        .store
        .open_evaluation(&round.acting(), &round.key, round.raters())
        .await;
    assert!(matches!(
        early,
        Err(StoreError::Refused(Refusal::ReportsMissing))
    ));
    let stranger = round
        .store
        .publish_report(
            &round.acting(),
            &round.key,
            &round.people[4],
            &report(),
            &[],
        )
        .await;
    assert!(matches!(
        stranger,
        Err(StoreError::Refused(Refusal::NotTheSubject))
    ));
    round.publish_reports().await;
    let again = round
        .store
        .publish_report(
            &round.acting(),
            &round.key,
            &round.people[0],
            &report(),
            &[],
        )
        .await;
    assert!(matches!(
        again,
        Err(StoreError::Refused(Refusal::ReportPublished))
    ));
    let subjects = round
        .store
        .evaluation_subjects(&round.key)
        .await
        .expect("subjects");
    assert!(subjects.iter().all(|s| s.report.is_some()));
    round
        .store
        .open_evaluation(&round.acting(), &round.key, round.raters())
        .await
        .expect("open");
    let row = round
        .store
        .evaluation(&round.key)
        .await
        .expect("read")
        .expect("row");
    assert_eq!((row.phase, row.eligible), (Phase::Open, Some(3)));
    assert!(
        round
            .store
            .is_rater(&round.key, &round.people[2])
            .await
            .expect("read")
    );
    assert!(
        !round
            .store
            .is_rater(&round.key, &round.people[0])
            .await
            .expect("read")
    );
    let twice = round
        .store
        .open_evaluation(&round.acting(), &round.key, round.raters())
        .await;
    assert!(matches!(
        twice,
        Err(StoreError::Refused(Refusal::RoundAlreadyOpen))
    ));
    assert_eq!(
        round
            .store
            .evaluation_raters(&round.key)
            .await
            .expect("list")
            .len(),
        3,
        "the list was written once"
    );
}

#[tokio::test]
async fn issue19_a_rater_on_the_list_rates_once_and_no_one_else_rates() {
    let round = round(Duration::hours(1)).await;
    let before = round
        .rate(&round.people[2], &sheet("satisfied", "competent", &round))
        .await;
    assert!(matches!(
        before,
        Err(StoreError::Refused(Refusal::RoundNotOpen))
    ));
    round.open().await;
    round
        .rate(&round.people[2], &sheet("satisfied", "competent", &round))
        .await
        .expect("rated");
    let again = round
        .rate(
            &round.people[2],
            &sheet("dissatisfied", "incompetent", &round),
        )
        .await;
    assert!(matches!(
        again,
        Err(StoreError::Refused(Refusal::AlreadyRated))
    ));
    let subject = round
        .rate(&round.people[0], &sheet("satisfied", "competent", &round))
        .await;
    assert!(matches!(
        subject,
        Err(StoreError::Refused(Refusal::NotARater))
    ));
    let count = round
        .store
        .evaluation_count(&round.key)
        .await
        .expect("count");
    assert_eq!(count.took_part, 1);
    assert_eq!(count.sheets.len(), 1);
    assert_eq!(count.sheets[0].times, 1);
}

#[tokio::test]
async fn issue19_a_round_closes_early_only_when_everyone_rated_and_then_takes_no_sheet() {
    let round = round(Duration::hours(1)).await;
    round.open().await;
    for rater in &round.raters()[..2] {
        round
            .rate(rater, &sheet("satisfied", "competent", &round))
            .await
            .expect("rated");
    }
    let early = round
        .store
        .close_evaluation(&round.acting(), &round.key)
        .await;
    assert!(matches!(
        early,
        Err(StoreError::Refused(Refusal::RoundWindowNotOver))
    ));
    round
        .rate(
            &round.raters()[2],
            &sheet("basically_satisfied", "incompetent", &round),
        )
        .await
        .expect("the last rater");
    round
        .store
        .close_evaluation(&round.acting(), &round.key)
        .await
        .expect("everyone rated: the round may close");
    let row = round
        .store
        .evaluation(&round.key)
        .await
        .expect("read")
        .expect("row");
    assert_eq!(row.phase, Phase::Closed);
    let count = round
        .store
        .evaluation_count(&round.key)
        .await
        .expect("count");
    assert_eq!(count.took_part, 3);
    let times: Vec<i64> = count.sheets.iter().map(|g| g.times).collect();
    assert_eq!(times.iter().sum::<i64>(), 3);
}

#[tokio::test]
async fn issue19_after_the_window_the_round_closes_and_a_late_sheet_is_refused() {
    let round = round(Duration::seconds(2)).await;
    round.open().await;
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let late = round
        .rate(&round.raters()[0], &sheet("satisfied", "competent", &round))
        .await;
    assert!(matches!(
        late,
        Err(StoreError::Refused(Refusal::RoundClosed))
    ));
    round
        .store
        .close_evaluation(&round.acting(), &round.key)
        .await
        .expect("the window passed");
    let after = round
        .rate(&round.raters()[0], &sheet("satisfied", "competent", &round))
        .await;
    assert!(matches!(
        after,
        Err(StoreError::Refused(Refusal::RoundClosed))
    ));
}

#[tokio::test]
async fn issue19_questions_are_asked_by_raters_answered_by_their_subject_and_hidden_with_a_reason()
{
    let round = round(Duration::hours(1)).await;
    round.open().await;
    let (asker, subject) = (&round.people[2], &round.people[0]);
    let outsider = round
        .store
        .ask_question(
            &round.community,
            &round.key,
            subject,
            &round.people[1],
            "你好",
        )
        .await;
    assert!(matches!(
        outsider,
        Err(StoreError::Refused(Refusal::NotARater))
    ));
    let question = round
        .store
        .ask_question(
            &round.community,
            &round.key,
            asker,
            subject,
            "楼道灯什么时候修？",
        )
        .await
        .expect("asked");
    let wrong = round
        .store
        .answer_question(
            &round.acting(),
            &round.key,
            &round.people[1],
            &question,
            "不是我",
        )
        .await;
    assert!(matches!(
        wrong,
        Err(StoreError::Refused(Refusal::NotTheSubject))
    ));
    round
        .store
        .answer_question(
            &round.acting(),
            &round.key,
            subject,
            &question,
            "下周修好。",
        )
        .await
        .expect("answered");
    let again = round
        .store
        .answer_question(&round.acting(), &round.key, subject, &question, "改口了")
        .await;
    assert!(
        matches!(again, Err(StoreError::Refused(Refusal::QuestionAnswered))),
        "an answer stands as given"
    );
    let rows = round.store.questions(&round.key).await.expect("questions");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text.as_deref(), Some("楼道灯什么时候修？"));
    assert_eq!(rows[0].answer.as_deref(), Some("下周修好。"));
    let shown = serde_json::to_string(&rows[0]).expect("json");
    assert!(!shown.contains(asker.as_str()), "the asker is never shown");
    round
        .store
        .hide_question(
            &round.acting(),
            &round.key,
            &question,
            &round.people[3],
            "人身攻击",
        )
        .await
        .expect("hidden");
    let twice = round
        .store
        .hide_question(
            &round.acting(),
            &round.key,
            &question,
            &round.people[3],
            "另一个原因",
        )
        .await;
    assert!(matches!(
        twice,
        Err(StoreError::Refused(Refusal::QuestionAlreadyHidden))
    ));
    let rows = round.store.questions(&round.key).await.expect("questions");
    assert_eq!(
        rows[0].text, None,
        "a hidden question's text is not read out"
    );
    assert_eq!(rows[0].hidden_reason.as_deref(), Some("人身攻击"));
}

#[tokio::test]
async fn issue19_review_a_community_has_one_round_per_period() {
    let round = round(Duration::hours(1)).await;
    let plan = RoundPlan {
        period: "2026年度".into(),
        subjects: vec![SubjectPlan {
            person: round.people[0].clone(),
            posts: vec![Role::PartySecretary],
            scale: Scale::Satisfaction,
        }],
        raters: Raters::Representatives,
        opens_at: Utc::now(),
        closes_at: Utc::now() + Duration::hours(1),
        grading: GradingChoice::Thresholds,
    };
    let second = round
        .store
        .create_evaluation(&round.acting(), &plan, &EvaluationRules::default())
        .await;
    assert!(matches!(
        second,
        Err(StoreError::Refused(Refusal::PeriodTaken))
    ));
    assert_eq!(
        round
            .store
            .evaluations(&round.community)
            .await
            .expect("list")
            .len(),
        1
    );
}

#[tokio::test]
async fn issue19_review_the_counted_sheets_trackers_are_listed_sorted() {
    let round = round(Duration::hours(1)).await;
    round.open().await;
    let mut given = Vec::new();
    for rater in round.raters() {
        given.push(
            round
                .rate(rater, &sheet("satisfied", "competent", &round))
                .await
                .expect("rated"),
        );
    }
    given.sort();
    assert_eq!(
        round
            .store
            .trackers(crate::store::secret::EVALUATION, &round.key)
            .await
            .expect("trackers"),
        given
    );
}

#[tokio::test]
async fn issue19_a_paper_form_takes_part_for_its_rater_and_shuts_the_phone_out() {
    let round = round(Duration::hours(1)).await;
    round.open().await;
    let [paper, phone, last] = [0, 1, 2].map(|i| round.raters()[i].clone());
    let hand_out = |rater: PersonKey, paper_box: u32| {
        let (store, acting, key) = (round.store.clone(), round.acting(), round.key.clone());
        async move { store.hand_out_form(&acting, &key, &rater, paper_box).await }
    };
    let early = round
        .store
        .enter_form_tally(&round.acting(), &round.key, 1, "{}")
        .await;
    assert!(
        matches!(early, Err(StoreError::Refused(_))),
        "no tally before the close: {early:?}"
    );
    hand_out(paper.clone(), 1).await.expect("handed out");
    let by_phone = round
        .rate(&paper, &sheet("satisfied", "competent", &round))
        .await;
    assert!(matches!(
        by_phone,
        Err(StoreError::Refused(Refusal::AlreadyRated))
    ));
    let twice = hand_out(paper.clone(), 2).await;
    assert!(matches!(
        twice,
        Err(StoreError::Refused(Refusal::AlreadyRated))
    ));
    round
        .rate(&phone, &sheet("satisfied", "competent", &round))
        .await
        .expect("rated by phone");
    let after_phone = hand_out(phone.clone(), 1).await;
    assert!(matches!(
        after_phone,
        Err(StoreError::Refused(Refusal::AlreadyRated))
    ));
    let subject = hand_out(round.subjects()[0].clone(), 1).await;
    assert!(matches!(
        subject,
        Err(StoreError::Refused(Refusal::NotARater))
    ));
    let handout = round
        .store
        .form_handout_of(&round.key, &paper)
        .await
        .expect("read")
        .expect("the rater sees the hand-out in their name");
    assert_eq!(handout.paper_box, 1);
    assert_eq!(
        round
            .store
            .form_handout_of(&round.key, &phone)
            .await
            .expect("read"),
        None
    );
    hand_out(last, 2).await.expect("a second box");
    round
        .store
        .close_evaluation(&round.acting(), &round.key)
        .await
        .expect("everyone took part");
    let count = round
        .store
        .evaluation_count(&round.key)
        .await
        .expect("count");
    assert_eq!((count.took_part, count.online), (3, 1));
    assert_eq!(
        count.handed_out,
        std::collections::BTreeMap::from([(1, 1), (2, 1)])
    );
    assert_eq!(count.sheets.len(), 1, "only the phone's sheet is a record");
    for officer in ["a", "b"] {
        round
            .store
            .enter_form_tally(
                &Acting::new(&round.community, format!("person:{officer}")),
                &round.key,
                1,
                &format!("{{\"by\":\"{officer}\"}}"),
            )
            .await
            .expect("entered");
    }
    round
        .store
        .enter_form_tally(
            &Acting::new(&round.community, "person:a"),
            &round.key,
            1,
            "{\"by\":\"a again\"}",
        )
        .await
        .expect("re-entered: replaces a's entry");
    let third = round
        .store
        .enter_form_tally(
            &Acting::new(&round.community, "person:c"),
            &round.key,
            1,
            "{\"by\":\"c\"}",
        )
        .await;
    assert!(
        matches!(third, Err(StoreError::Refused(Refusal::AlreadyEntered))),
        "two officers enter a box, never a third: {third:?}"
    );
    let entries = round
        .store
        .form_tally_entries(&round.key)
        .await
        .expect("entries");
    let seen: Vec<(u32, &str, &str)> = entries
        .iter()
        .map(|e| (e.paper_box, e.officer.as_str(), e.tally.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![(1, "b", "{\"by\":\"b\"}"), (1, "a", "{\"by\":\"a again\"}")]
    );
    let audited: Vec<String> = round
        .store
        .audit_log()
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        audited
            .iter()
            .filter(|a| a.as_str() == "evaluation.paper.hand_out")
            .count(),
        2
    );
    assert_eq!(
        audited
            .iter()
            .filter(|a| a.as_str() == "evaluation.paper.enter")
            .count(),
        3
    );
}

#[tokio::test]
async fn issue19_review_someone_without_a_birth_date_does_not_stop_planning() {
    let round = round(Duration::hours(1)).await;
    round
        .store
        .db
        .query(
            "CREATE person SET community = type::record('community', $community), name = '新来的', \
             category = 'registered', created_at = time::now()",
        )
        .bind(("community", round.community.to_string()))
        .await
        .expect("query")
        .check()
        .expect("a person who joined by invitation alone");
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("day");
    let residents = round
        .store
        .community_residents(&round.community, today)
        .await
        .expect("the residents read, whoever has no birth date");
    let newcomer = residents
        .iter()
        .find(|r| r.name == "新来的")
        .expect("listed");
    assert_eq!(newcomer.birth_date, None);
}
