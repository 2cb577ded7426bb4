use super::*;
use crate::domain::clock::parse_minute;
use crate::domain::evaluation::grading::Flag;
use crate::domain::keys::test_key;
use proptest::prelude::*;

fn holders() -> Vec<(PersonKey, Vec<Role>)> {
    vec![
        (
            test_key("secretary"),
            vec![Role::PartySecretary, Role::CommitteeDirector],
        ),
        (test_key("chief"), vec![Role::StationChief, Role::Resident]),
        (test_key("member"), vec![Role::CommitteeMember]),
        (test_key("resident"), vec![Role::Resident]),
    ]
}

fn now() -> DateTime<Utc> {
    parse_minute("2026-12-01T09:00").expect("a time")
}

fn input() -> RoundInput {
    RoundInput {
        period: " 2026年度 ".into(),
        raters: "representatives".into(),
        opens_at: "2026-12-10T09:00".into(),
        closes_at: "2026-12-10T12:00".into(),
        grading: "thresholds".into(),
        subjects: vec!["secretary".into(), "chief".into(), "member".into()],
        scales: vec![],
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<String> {
    errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn issue19_office_holders_are_rated_on_satisfaction_and_committee_members_on_competence() {
    let plan = parse_plan(&input(), &holders(), now()).expect("a plan");
    assert_eq!(plan.period, "2026年度");
    let scales: Vec<(&str, Scale)> = plan
        .subjects
        .iter()
        .map(|s| (s.person.as_str(), s.scale))
        .collect();
    assert_eq!(
        scales,
        [
            ("secretary", Scale::Satisfaction),
            ("chief", Scale::Satisfaction),
            ("member", Scale::Competence)
        ]
    );
    assert_eq!(
        plan.subjects[0].posts,
        [Role::PartySecretary, Role::CommitteeDirector],
        "一肩挑: one subject, both posts; roles that are no post are left out"
    );
    assert_eq!(plan.subjects[1].posts, [Role::StationChief]);
}

#[test]
fn issue19_a_chosen_scale_is_kept_and_full_width_keys_and_times_are_read() {
    let plan = parse_plan(
        &RoundInput {
            period: "２０２６年度".into(),
            subjects: vec!["ｓｅｃｒｅｔａｒｙ".into()],
            scales: vec![("secretary".into(), "competence".into())],
            opens_at: "２０２６-１２-１０T０９:００".into(),
            ..input()
        },
        &holders(),
        now(),
    )
    .expect("a plan");
    assert_eq!(plan.period, "2026年度");
    assert_eq!(plan.subjects.len(), 1);
    assert_eq!(plan.subjects[0].scale, Scale::Competence);
    assert_eq!(
        plan.opens_at,
        parse_minute("2026-12-10T09:00").expect("time")
    );
}

#[test]
fn issue19_every_problem_of_a_plan_is_named_by_its_field_at_once() {
    let errors = parse_plan(
        &RoundInput {
            period: "  ".into(),
            raters: "everyone".into(),
            opens_at: "tomorrow".into(),
            closes_at: String::new(),
            grading: "lottery".into(),
            subjects: vec![],
            scales: vec![],
        },
        &holders(),
        now(),
    )
    .expect_err("refused");
    assert_eq!(
        fields(errors),
        [
            "period",
            "raters",
            "grading",
            "opens_at",
            "closes_at",
            "subjects"
        ]
    );
    let long = "年".repeat(MAX_PERIOD_CHARS + 1);
    let errors = parse_plan(
        &RoundInput {
            period: long,
            ..input()
        },
        &holders(),
        now(),
    )
    .expect_err("too long");
    assert_eq!(errors[0].problem, Problem::TooLong);
}

#[test]
fn issue19_subjects_are_holders_of_a_post_and_each_counts_once() {
    for (subjects, field) in [
        (vec!["resident".to_owned()], "subjects"),
        (vec!["nobody".to_owned()], "subjects"),
    ] {
        let errors = parse_plan(
            &RoundInput {
                subjects,
                ..input()
            },
            &holders(),
            now(),
        )
        .expect_err("no post");
        assert_eq!(fields(errors), [field]);
    }
    let twice = parse_plan(
        &RoundInput {
            subjects: vec!["chief".into(), "chief".into()],
            ..input()
        },
        &holders(),
        now(),
    )
    .expect("the same subject twice is one");
    assert_eq!(twice.subjects.len(), 1);
    let errors = parse_plan(
        &RoundInput {
            scales: vec![("chief".into(), "excellent".into())],
            ..input()
        },
        &holders(),
        now(),
    )
    .expect_err("no such scale");
    assert_eq!(fields(errors), ["scale[chief]"]);
}

#[test]
fn issue19_the_window_opens_now_or_later_and_lasts_half_an_hour_to_a_month() {
    for (opens, closes, field) in [
        ("2026-11-30T09:00", "2026-12-10T12:00", "opens_at"),
        ("2026-12-10T09:00", "2026-12-10T09:29", "closes_at"),
        ("2026-12-10T09:00", "2026-12-10T08:00", "closes_at"),
        ("2026-12-10T09:00", "2027-01-10T09:01", "closes_at"),
    ] {
        let errors = parse_plan(
            &RoundInput {
                opens_at: opens.into(),
                closes_at: closes.into(),
                ..input()
            },
            &holders(),
            now(),
        )
        .expect_err("outside");
        assert_eq!(fields(errors), [field], "{opens} → {closes}");
    }
    parse_plan(
        &RoundInput {
            opens_at: "2026-12-01T09:00".into(),
            closes_at: "2026-12-01T09:30".into(),
            ..input()
        },
        &holders(),
        now(),
    )
    .expect("from now, half an hour");
}

#[test]
fn l25_art37_an_office_ends_only_on_a_valid_complete_count() {
    assert!(may_end_office(true, true, true));
    assert!(!may_end_office(true, false, true), "a void round");
    assert!(
        !may_end_office(true, true, false),
        "a paper box not counted"
    );
    assert!(!may_end_office(false, true, true), "not flagged");
}

#[test]
fn issue19_representatives_rate_by_default_adults_when_asked_and_subjects_never() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 10).expect("day");
    let born = |y| NaiveDate::from_ymd_opt(y, 12, 11).expect("day");
    let rep = RaterFacts {
        roles: vec![Role::Resident, Role::ResidentRep],
        category: Category::Registered,
        birth_date: Some(born(1970)),
    };
    let party_rep = RaterFacts {
        roles: vec![Role::PartyMemberRep],
        ..rep.clone()
    };
    let resident = RaterFacts {
        roles: vec![Role::Resident],
        ..rep.clone()
    };
    assert!(Raters::Representatives.includes(&rep, day, 18, false));
    assert!(Raters::Representatives.includes(&party_rep, day, 18, false));
    assert!(!Raters::Representatives.includes(&resident, day, 18, false));
    assert!(
        !Raters::Representatives.includes(&rep, day, 18, true),
        "a subject"
    );
    assert!(Raters::AdultResidents.includes(&resident, day, 18, false));
    let seventeen = RaterFacts {
        birth_date: Some(born(2008)),
        ..resident.clone()
    };
    let unknown_age = RaterFacts {
        birth_date: None,
        ..resident.clone()
    };
    assert!(
        !Raters::AdultResidents.includes(&unknown_age, day, 18, false),
        "no birth date in the register: not shown to be of age"
    );
    assert!(
        !Raters::AdultResidents.includes(&seventeen, day, 18, false),
        "18 the day after the round opens"
    );
    let permanent = RaterFacts {
        category: Category::Permanent,
        ..resident
    };
    assert!(!Raters::AdultResidents.includes(&permanent, day, 18, false));
    for &raters in Raters::ALL {
        assert_eq!(Raters::parse(raters.code()), Some(raters));
    }
}

#[test]
fn issue19_a_round_opens_only_with_every_report_published_and_within_its_window() {
    let closes = parse_minute("2026-12-10T12:00").expect("time");
    assert_eq!(
        may_open(Phase::Preparing, 1, closes, now()),
        Err(Refusal::ReportsMissing)
    );
    assert_eq!(may_open(Phase::Preparing, 0, closes, now()), Ok(()));
    assert_eq!(
        may_open(Phase::Preparing, 0, closes, closes),
        Err(Refusal::RoundWindowPassed)
    );
    assert_eq!(
        may_open(Phase::Open, 0, closes, now()),
        Err(Refusal::RoundAlreadyOpen)
    );
    assert_eq!(
        may_open(Phase::Closed, 0, closes, now()),
        Err(Refusal::RoundClosed)
    );
}

#[test]
fn issue19_sheets_are_accepted_only_while_open_within_the_window() {
    let opens = parse_minute("2026-12-10T09:00").expect("time");
    let closes = parse_minute("2026-12-10T12:00").expect("time");
    let during = parse_minute("2026-12-10T11:59").expect("time");
    assert_eq!(may_rate(Phase::Open, opens, closes, during), Ok(()));
    assert_eq!(may_rate(Phase::Open, opens, closes, opens), Ok(()));
    assert_eq!(
        may_rate(Phase::Open, opens, closes, now()),
        Err(Refusal::RoundNotOpen)
    );
    assert_eq!(
        may_rate(Phase::Open, opens, closes, closes),
        Err(Refusal::RoundClosed)
    );
    assert_eq!(
        may_rate(Phase::Preparing, opens, closes, during),
        Err(Refusal::RoundNotOpen)
    );
    assert_eq!(
        may_rate(Phase::Closed, opens, closes, during),
        Err(Refusal::RoundClosed)
    );
}

#[test]
fn issue19_a_round_closes_after_its_window_or_once_every_rater_rated() {
    let closes = parse_minute("2026-12-10T12:00").expect("time");
    let during = parse_minute("2026-12-10T11:00").expect("time");
    assert_eq!(
        may_close(Phase::Open, closes, during, 29, 30),
        Err(Refusal::RoundWindowNotOver)
    );
    assert_eq!(may_close(Phase::Open, closes, during, 30, 30), Ok(()));
    assert_eq!(may_close(Phase::Open, closes, closes, 0, 30), Ok(()));
    assert_eq!(
        may_close(Phase::Closed, closes, closes, 0, 30),
        Err(Refusal::RoundClosed)
    );
    assert_eq!(
        may_close(Phase::Preparing, closes, closes, 0, 30),
        Err(Refusal::RoundNotOpen)
    );
}

fn plan() -> Vec<SubjectPlan> {
    parse_plan(&input(), &holders(), now())
        .expect("a plan")
        .subjects
}

fn sheet(secretary: &str, chief: &str, member: &str, comment: Option<&str>) -> String {
    let mut sheet = serde_json::json!({
        "grades": { "secretary": secretary, "chief": chief, "member": member }
    });
    if let Some(comment) = comment {
        sheet["comments"] = serde_json::json!({ "chief": comment });
    }
    sheet.to_string()
}

#[test]
fn issue19_sheets_are_tallied_per_subject_and_a_sheet_that_does_not_fit_is_not_valid() {
    let sheets = vec![
        (sheet("satisfied", "satisfied", "competent", None), 3),
        (
            sheet("dissatisfied", "basically_satisfied", "incompetent", None),
            2,
        ),
        // On the wrong scale for the member, and one naming no subject: neither counts.
        (sheet("satisfied", "satisfied", "satisfied", None), 1),
        (r#"{"grades":{"secretary":"satisfied"}}"#.to_owned(), 4),
        ("not json".to_owned(), 1),
    ];
    let (tallies, unreadable) = tally_sheets(&plan(), &sheets);
    assert_eq!(unreadable, Unreadable { times: 6 });
    let secretary = &tallies[&test_key::<PersonKey>("secretary")];
    assert_eq!(secretary.count(Grade::Satisfied), 3);
    assert_eq!(secretary.count(Grade::Dissatisfied), 2);
    assert_eq!(secretary.total(), 5);
    assert_eq!(
        tallies[&test_key::<PersonKey>("member")].count(Grade::Incompetent),
        2
    );
}

#[test]
fn issue19_comments_are_published_apart_from_their_grades_in_an_order_of_their_own() {
    let sheets = vec![
        (
            sheet("satisfied", "satisfied", "competent", Some("服务很好")),
            2,
        ),
        (
            sheet("dissatisfied", "satisfied", "competent", Some("办事慢")),
            1,
        ),
    ];
    let comments = comments(&plan(), &sheets);
    assert_eq!(
        comments[&test_key::<PersonKey>("chief")],
        ["办事慢", "服务很好", "服务很好"]
    );
    assert!(comments[&test_key::<PersonKey>("secretary")].is_empty());
}

#[test]
fn issue19_art37_two_incompetent_running_are_flagged_only_where_they_end_an_office() {
    let subjects = plan();
    let failing = (sheet("satisfied", "satisfied", "incompetent", None), 5);
    let (tallies, _) = tally_sheets(&subjects, &[failing]);
    let previous: BTreeMap<PersonKey, Grade> = [
        (test_key("member"), Grade::Incompetent),
        (test_key("secretary"), Grade::Incompetent),
    ]
    .into();
    let rules = EvaluationRules::default();
    let results = results(&subjects, &tallies, &rules, &previous);
    let flags = |who: &str| {
        results
            .iter()
            .find(|(p, _)| p.as_str() == who)
            .and_then(|(_, r)| r.breakdown.as_ref())
            .map(|b| b.flags.clone())
            .unwrap_or_default()
    };
    assert!(flags("member").contains(&Flag::IncompetentTwiceRunning));
    assert!(
        flags("secretary").is_empty(),
        "satisfaction scale: no office ends"
    );
    let (first_time, _) = tally_sheets(
        &subjects,
        &[(sheet("satisfied", "satisfied", "incompetent", None), 5)],
    );
    let results = super::results(&subjects, &first_time, &rules, &BTreeMap::new());
    assert!(
        !results[2]
            .1
            .breakdown
            .as_ref()
            .expect("shown")
            .flags
            .contains(&Flag::IncompetentTwiceRunning),
        "the first 不称职 is no flag of Art. 37"
    );
}

proptest! {
    #[test]
    fn issue19_the_order_sheets_are_read_in_never_changes_the_tallies(
        counts in proptest::collection::vec((0usize..3, 0usize..3, 1u64..5), 1..12),
        seed in any::<u64>(),
    ) {
        let s = ["satisfied", "basically_satisfied", "dissatisfied"];
        let c = ["excellent", "competent", "incompetent"];
        let sheets: Vec<(String, u64)> = counts
            .iter()
            .map(|(a, b, n)| (sheet(s[*a], s[*b], c[*a], None), *n))
            .collect();
        let mut shuffled = sheets.clone();
        let len = shuffled.len();
        for i in 0..len {
            let j = usize::try_from((seed >> (i % 60)) % (len as u64)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        let subjects = plan();
        prop_assert_eq!(tally_sheets(&subjects, &sheets).0, tally_sheets(&subjects, &shuffled).0);
        let total: u64 = counts.iter().map(|(_, _, n)| n).sum();
        for tally in tally_sheets(&subjects, &sheets).0.values() {
            prop_assert_eq!(tally.total(), total);
        }
    }
}
