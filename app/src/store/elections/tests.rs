use super::*;
use crate::domain::election::candidacy::NominatedBy;
use crate::domain::election::plan::{ElectionPlan, PollingPlace, Round, Seats};
use crate::domain::election::polls::TwoOfficerStep;
use crate::domain::election::{Mode, Office};
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey, test_key};
use crate::domain::refusal::Refusal;
use crate::domain::registry::{NewCommunity, parse_register_csv};
use crate::domain::rules::CommunityRules;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, TimeZone, Utc};

const CSV: &str = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n\
    王芳,1970-01-01,女,H1,一网格,一组,否,户籍\n\
    李明,1972-05-05,男,H2,一网格,一组,是,户籍\n\
    张伟,1980-03-03,男,H3,二网格,二组,否,户籍\n";

/// A register of `n` made-up adult residents, each a household of their own.
fn register_of(n: usize) -> String {
    let mut csv = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n".to_owned();
    for i in 0..n {
        csv.push_str(&format!(
            "居民{i:03},1970-01-01,女,H{i},一网格,一组,否,户籍\n"
        ));
    }
    csv
}

async fn setup() -> (Store, CommunityKey, Vec<PersonKey>, ElectionKey) {
    setup_with(CSV).await
}

async fn setup_with(register: &str) -> (Store, CommunityKey, Vec<PersonKey>, ElectionKey) {
    let store = Store::open("mem://").await.expect("store");
    let community = store
        .create_community(
            &NewCommunity::parse("青山社区", "青山区", 1_500).expect("community"),
            "test",
        )
        .await
        .expect("create");
    let today = NaiveDate::from_ymd_opt(2027, 1, 1).expect("day");
    let people = parse_register_csv(register, today).expect("csv");
    store
        .add_people(&crate::store::Acting::new(&community.key, "test"), &people)
        .await
        .expect("people");
    let rows = store
        .people(
            &community.key,
            &crate::domain::registry::PeopleFilter::default(),
            today,
        )
        .await
        .expect("rows");
    let keys: Vec<PersonKey> = rows.people.iter().map(|p| p.key.clone()).collect();
    let plan = ElectionPlan {
        title: "第十二届居委会选举".into(),
        mode: Mode::AllVoters,
        seats: Seats {
            director: 1,
            deputies: 1,
            members: 3,
        },
        election_day: NaiveDate::from_ymd_opt(2027, 3, 20).expect("day"),
        places: vec![PollingPlace {
            name: "活动中心".into(),
            roving: false,
        }],
        voting_opens: Utc.with_ymd_and_hms(2027, 3, 20, 0, 0, 0).unwrap(),
        voting_closes: Utc.with_ymd_and_hms(2027, 3, 20, 10, 0, 0).unwrap(),
    };
    let election = store
        .create_election(
            &crate::store::Acting::new(&community.key, "person:test"),
            &plan,
            Round::Regular,
            &CommunityRules::default(),
        )
        .await
        .expect("election");
    store
        .write_roll(
            &crate::store::Acting::new(&community.key, "person:test"),
            &election,
            &keys,
        )
        .await
        .expect("roll");
    // The first two people sit on the election's committee: they take its steps.
    for member in &keys[..2] {
        store
            .add_committee_member(
                &crate::store::Acting::new(&community.key, "person:test"),
                &election,
                member,
            )
            .await
            .expect("seat");
    }
    (store, community.key, keys, election)
}

async fn open_polls(
    store: &Store,
    community: &CommunityKey,
    election: &ElectionKey,
    officers: &[PersonKey],
) {
    store
        .two_officer_step(
            community,
            election,
            TwoOfficerStep::OpenPolls,
            None,
            &officers[0],
            false,
        )
        .await
        .expect("ask");
    store
        .two_officer_step(
            community,
            election,
            TwoOfficerStep::OpenPolls,
            Some(&officers[0]),
            &officers[1],
            false,
        )
        .await
        .expect("confirm");
}

#[tokio::test]
async fn an_election_is_created_with_its_places_and_roll() {
    let (store, community, keys, election) = setup().await;
    let row = store.election(&election).await.expect("read").expect("row");
    assert_eq!(row.community, community);
    assert_eq!(row.phase(), Phase::Preparing);
    assert_eq!(row.seats().total(), 5);
    assert_eq!(
        store.polling_places(&election).await.expect("places").len(),
        1
    );
    assert_eq!(store.roll(&election).await.expect("roll").len(), keys.len());
    assert!(store.on_roll(&election, &keys[0]).await.expect("on roll"));
    assert_eq!(
        store.roll_count(&election).await.expect("count"),
        keys.len() as u64
    );
    store
        .db
        .query("UPDATE type::record('roll_entry', [$election, $person]) SET struck = true")
        .bind(("election", election.clone()))
        .bind(("person", keys[0].clone()))
        .await
        .expect("strike")
        .check()
        .expect("struck");
    assert_eq!(
        store.roll_count(&election).await.expect("count"),
        keys.len() as u64 - 1,
        "a struck voter is not counted"
    );
    assert!(
        !store
            .on_roll(&election, &test_key("nobody"))
            .await
            .expect("on roll")
    );
}

/// Sets `field` of `election` to the string `value`, as a database damaged outside the app
/// could hold it (the schema itself refuses such a value).
async fn damage(store: &Store, election: &ElectionKey, field: &str, value: &str) {
    store
        .db
        .query(format!(
            "DEFINE FIELD OVERWRITE {field} ON election TYPE string"
        ))
        .query(format!(
            "UPDATE type::record('election', $election) SET {field} = $value"
        ))
        .bind(("election", election.to_owned()))
        .bind(("value", value.to_owned()))
        .await
        .expect("damage")
        .check()
        .expect("damaged");
}

#[tokio::test]
async fn issue18_item2_an_unreadable_stored_phase_is_an_error_not_a_default() {
    let (store, _, _, election) = setup().await;
    let row = store.election(&election).await.expect("read").expect("row");
    assert_eq!(
        (row.mode(), row.round(), row.pending_step),
        (Mode::AllVoters, Round::Regular, None),
        "read into the domain's types"
    );
    damage(&store, &election, "phase", "opne").await;
    assert!(
        store.election(&election).await.is_err(),
        "an unknown phase was read as preparing until issue 18"
    );
}

#[tokio::test]
async fn issue18_item2_an_unreadable_stored_day_is_an_error_not_1970() {
    let (store, _, _, election) = setup().await;
    let row = store.election(&election).await.expect("read").expect("row");
    assert_eq!(
        row.election_day,
        NaiveDate::from_ymd_opt(2027, 3, 20).expect("day"),
        "read as a date"
    );
    assert_eq!(row.roll_published_on, None);
    damage(&store, &election, "election_day", "2027-02-30").await;
    assert!(
        store.election(&election).await.is_err(),
        "an unreadable day was read as 1970-01-01 until issue 18"
    );
}

#[tokio::test]
async fn opening_the_polls_needs_the_officer_who_asked_and_another() {
    let (store, community, keys, election) = setup().await;
    store
        .two_officer_step(
            &community,
            &election,
            TwoOfficerStep::OpenPolls,
            None,
            &keys[0],
            false,
        )
        .await
        .expect("ask");
    let wrong_first = store
        .two_officer_step(
            &community,
            &election,
            TwoOfficerStep::OpenPolls,
            Some(&keys[2]),
            &keys[1],
            false,
        )
        .await;
    assert!(matches!(
        wrong_first,
        Err(StoreError::Refused(Refusal::SameOfficer))
    ));
    open_polls(&store, &community, &election, &keys).await;
    let row = store.election(&election).await.expect("read").expect("row");
    assert_eq!(row.phase(), Phase::Open);
    assert_eq!(row.pending_step, None);
    let again = store
        .two_officer_step(
            &community,
            &election,
            TwoOfficerStep::OpenPolls,
            None,
            &keys[0],
            false,
        )
        .await;
    assert!(matches!(
        again,
        Err(StoreError::Refused(Refusal::PollsAlreadyOpen))
    ));
}

#[tokio::test]
async fn casting_before_the_polls_open_is_refused_and_writes_nothing() {
    let (store, community, keys, election) = setup().await;
    let early = store
        .cast_ballot(&community, &election, &keys[0], None, "{}", || {
            "AAAA-AAAA".into()
        })
        .await;
    assert!(matches!(
        early,
        Err(StoreError::Refused(Refusal::PollsNotOpen))
    ));
    assert_eq!(
        store.participation(&election, &keys[0]).await.expect("p"),
        None
    );
    assert!(store.ballots(&election).await.expect("ballots").is_empty());
}

#[tokio::test]
async fn one_person_one_vote_across_phone_and_paper() {
    let (store, community, keys, election) = setup().await;
    open_polls(&store, &community, &election, &keys).await;
    let tracker = store
        .cast_ballot(&community, &election, &keys[0], None, "{}", || {
            "AAAA-AAAA".into()
        })
        .await
        .expect("cast");
    assert_eq!(tracker, "AAAA-AAAA");
    let twice = store
        .cast_ballot(&community, &election, &keys[0], None, "{}", || {
            "BBBB-BBBB".into()
        })
        .await;
    assert!(matches!(
        twice,
        Err(StoreError::Refused(Refusal::AlreadyVoted))
    ));
    let place = store.polling_places(&election).await.expect("places")[0]
        .key
        .clone();
    store
        .assign_to_place(
            &crate::store::Acting::new(&community, "person:test"),
            &election,
            &place,
            &keys[2],
        )
        .await
        .expect("assign");
    let paper_after_phone = store
        .hand_out_paper(&community, &election, &keys[0], &place, &keys[2])
        .await;
    assert!(matches!(
        paper_after_phone,
        Err(StoreError::Refused(Refusal::AlreadyVoted))
    ));
    store
        .hand_out_paper(&community, &election, &keys[1], &place, &keys[2])
        .await
        .expect("paper");
    let phone_after_paper = store
        .cast_ballot(&community, &election, &keys[1], None, "{}", || {
            "CCCC-CCCC".into()
        })
        .await;
    assert!(matches!(
        phone_after_paper,
        Err(StoreError::Refused(Refusal::AlreadyVoted))
    ));
    let (total, online, paper) = store.participation_counts(&election).await.expect("counts");
    assert_eq!((total, online), (2, 1));
    assert_eq!(paper.get(&place), Some(&1));
    assert_eq!(store.ballots(&election).await.expect("ballots").len(), 1);
}

#[tokio::test]
async fn someone_off_the_roll_cannot_cast() {
    let (store, community, keys, election) = setup().await;
    store
        .write_roll(
            &crate::store::Acting::new(&community, "person:test"),
            &election,
            &keys[..1],
        )
        .await
        .expect("roll");
    open_polls(&store, &community, &election, &keys).await;
    let off = store
        .cast_ballot(&community, &election, &keys[2], None, "{}", || {
            "AAAA-AAAA".into()
        })
        .await;
    assert!(matches!(off, Err(StoreError::Refused(Refusal::NotOnRoll))));
}

#[tokio::test]
async fn fifty_simultaneous_casts_by_one_voter_leave_one_participation_and_one_ballot() {
    let (store, community, keys, election) = setup().await;
    open_polls(&store, &community, &election, &keys).await;
    let place = store.polling_places(&election).await.expect("places")[0]
        .key
        .clone();
    store
        .assign_to_place(
            &crate::store::Acting::new(&community, "person:test"),
            &election,
            &place,
            &keys[2],
        )
        .await
        .expect("assign");
    let officer = keys[2].clone();
    let mut tasks = Vec::new();
    for n in 0..50 {
        let store = store.clone();
        let (community, election, voter, place, officer) = (
            community.clone(),
            election.clone(),
            keys[0].clone(),
            place.clone(),
            officer.clone(),
        );
        tasks.push(tokio::spawn(async move {
            if n % 5 == 0 {
                store
                    .hand_out_paper(&community, &election, &voter, &place, &officer)
                    .await
                    .map(|()| "paper".to_owned())
            } else {
                store
                    .cast_ballot(&community, &election, &voter, None, "{}", move || {
                        format!("T{n:03}-XXXX")
                    })
                    .await
            }
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => won += 1,
            Err(StoreError::Refused(Refusal::AlreadyVoted)) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won, 1, "exactly one cast or hand-out wins");
    let (total, _, _) = store.participation_counts(&election).await.expect("counts");
    assert_eq!(total, 1);
    let ballots = store.ballots(&election).await.expect("ballots").len();
    let (_, online, _) = store.participation_counts(&election).await.expect("counts");
    assert_eq!(u64::try_from(ballots).unwrap(), online);
}

#[tokio::test]
async fn casting_reads_the_election_with_its_slate_together_and_an_unknown_election_as_none() {
    let (store, community, keys, election) = setup().await;
    let nomination = store
        .nominate(
            &community,
            &election,
            &keys[1],
            Office::Director,
            NominatedBy::Party,
            &keys[0],
            1,
        )
        .await
        .expect("nominate");
    let candidate = store
        .list_candidate(
            &crate::store::Acting::new(&community, "person:test"),
            &election,
            &nomination,
        )
        .await
        .expect("list");
    let (row, slate) = store
        .election_with_slate(&election)
        .await
        .expect("read")
        .expect("the election");
    assert_eq!(
        Some(row),
        store.election(&election).await.expect("election")
    );
    assert_eq!(slate, vec![(candidate.to_string(), Office::Director)]);
    assert_eq!(slate, store.slate(&election).await.expect("slate"));
    assert!(
        store
            .election_with_slate(&test_key("no-such-election"))
            .await
            .expect("read")
            .is_none()
    );
}

#[tokio::test]
async fn racing_publications_create_one_next_round() {
    // Issue 15, item 8: two publications at once created two run-offs.
    let (store, community, keys, election) = setup().await;
    let plan = store.election(&election).await.expect("read").expect("row");
    let plan = ElectionPlan {
        title: format!("{}（另行选举）", plan.title),
        mode: Mode::AllVoters,
        seats: Seats {
            director: 0,
            deputies: 0,
            members: 1,
        },
        election_day: NaiveDate::from_ymd_opt(2027, 3, 27).expect("day"),
        places: vec![PollingPlace {
            name: "活动中心".into(),
            roving: false,
        }],
        voting_opens: Utc.with_ymd_and_hms(2027, 3, 27, 0, 0, 0).unwrap(),
        voting_closes: Utc.with_ymd_and_hms(2027, 3, 27, 10, 0, 0).unwrap(),
    };
    let standing: Vec<(String, String)> = keys[..2]
        .iter()
        .map(|k| (k.to_string(), "member".to_owned()))
        .collect();
    let day = NaiveDate::from_ymd_opt(2027, 3, 21).expect("day");
    let racers: Vec<_> = (0..6)
        .map(|_| {
            let (store, community, election, plan, standing) = (
                store.clone(),
                community.clone(),
                election.clone(),
                plan.clone(),
                standing.clone(),
            );
            tokio::spawn(async move {
                store
                    .create_next_round(
                        &crate::store::Acting::new(&community, "person:test"),
                        &election,
                        &plan,
                        Round::Runoff,
                        &CommunityRules::default(),
                        &standing,
                        day,
                    )
                    .await
            })
        })
        .collect();
    let mut made = Vec::new();
    for racer in racers {
        made.push(racer.await.expect("join").expect("created or found"));
    }
    assert!(made.iter().all(|k| *k == made[0]), "{made:?}");
    assert_eq!(made[0], next_round_key(&election, Round::Runoff));
    let rounds: Vec<ElectionRow> = store
        .elections(Some(&community))
        .await
        .expect("elections")
        .into_iter()
        .filter(|e| e.parent.as_deref() == Some(election.as_str()))
        .collect();
    assert_eq!(rounds.len(), 1, "one run-off");
    assert_eq!(store.candidates(&made[0]).await.expect("list").len(), 2);
    assert_eq!(
        store.roll(&made[0]).await.expect("roll").len(),
        keys.len(),
        "the roll copied once"
    );
}

#[tokio::test]
async fn racing_nominations_by_one_voter_stay_within_the_seats() {
    // Issue 15, item 10: three parallel nominations for a one-seat office all succeeded.
    let (store, community, keys, election) = setup_with(&register_of(6)).await;
    let racers: Vec<_> = keys[1..4]
        .iter()
        .map(|person| {
            let (store, community, election, person, proposer) = (
                store.clone(),
                community.clone(),
                election.clone(),
                person.clone(),
                keys[0].clone(),
            );
            tokio::spawn(async move {
                store
                    .nominate(
                        &community,
                        &election,
                        &person,
                        Office::Director,
                        NominatedBy::Voters,
                        &proposer,
                        1,
                    )
                    .await
            })
        })
        .collect();
    let mut made = 0;
    for racer in racers {
        match racer.await.expect("join") {
            Ok(_) => made += 1,
            Err(StoreError::Refused(Refusal::EndorsementsUsed)) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(made, 1, "one seat, one nomination by this voter");
    assert_eq!(
        store
            .endorsements_by(&election, &keys[0], Office::Director)
            .await
            .expect("count"),
        1
    );
    // Racing endorsements of the others' nominations stay within the seat too.
    let mut nominations = Vec::new();
    for (n, person) in keys[4..6].iter().enumerate() {
        nominations.push(
            store
                .nominate(
                    &community,
                    &election,
                    person,
                    Office::Director,
                    NominatedBy::Voters,
                    &keys[1 + n],
                    1,
                )
                .await
                .unwrap_or_else(|e| panic!("nomination {n}: {e}")),
        );
    }
    let voter = keys[3].clone();
    let racers: Vec<_> = nominations
        .iter()
        .map(|nomination| {
            let (store, community, election, nomination, voter) = (
                store.clone(),
                community.clone(),
                election.clone(),
                nomination.clone(),
                voter.clone(),
            );
            tokio::spawn(async move {
                store
                    .endorse(&community, &election, &nomination, &voter, 1)
                    .await
            })
        })
        .collect();
    let mut endorsed = 0;
    for racer in racers {
        match racer.await.expect("join") {
            Ok(()) => endorsed += 1,
            Err(StoreError::Refused(Refusal::EndorsementsUsed)) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(endorsed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_cast_commits_after_the_close() {
    // Issue 15, item 17: a cast whose snapshot predates the close could commit after it. Casts
    // race the close; whatever the close's return finds stored must be all there ever is.
    for round in 0..3 {
        let (store, community, keys, election) = setup_with(&register_of(240)).await;
        open_polls(&store, &community, &election, &keys).await;
        store
            .two_officer_step(
                &community,
                &election,
                TwoOfficerStep::ClosePolls,
                None,
                &keys[0],
                false,
            )
            .await
            .expect("ask to close");
        let casts: Vec<_> = keys
            .iter()
            .map(|voter| {
                let (store, community, election, voter) = (
                    store.clone(),
                    community.clone(),
                    election.clone(),
                    voter.clone(),
                );
                tokio::spawn(async move {
                    store
                        .cast_ballot(&community, &election, &voter, None, "{}", || {
                            uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
                        })
                        .await
                })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(5 * (round + 1))).await;
        store
            .two_officer_step(
                &community,
                &election,
                TwoOfficerStep::ClosePolls,
                Some(&keys[0]),
                &keys[1],
                false,
            )
            .await
            .expect("close");
        let (at_close, _, _) = store.participation_counts(&election).await.expect("counts");
        let mut accepted = 0;
        for cast in casts {
            match cast.await.expect("join") {
                Ok(_) => accepted += 1,
                Err(StoreError::Refused(Refusal::PollsClosed)) => {}
                Err(other) => panic!("{other}"),
            }
        }
        let (finally, _, _) = store.participation_counts(&election).await.expect("counts");
        assert_eq!(
            finally, at_close,
            "round {round}: a cast committed after the close"
        );
        assert_eq!(finally, accepted, "round {round}");
    }
}

#[tokio::test]
async fn only_an_officer_assigned_to_the_place_hands_out_and_the_voter_sees_it() {
    // Issue 15, item 6: any officer marked any voter at any box, unrecorded.
    let (store, community, keys, election) = setup_with(&register_of(5)).await;
    open_polls(&store, &community, &election, &keys).await;
    let place = store.polling_places(&election).await.expect("places")[0]
        .key
        .clone();
    let (officer, voter) = (&keys[3], &keys[4]);
    let unassigned = store
        .hand_out_paper(&community, &election, voter, &place, officer)
        .await;
    assert!(
        matches!(
            unassigned,
            Err(StoreError::Refused(Refusal::NotAssignedHere))
        ),
        "{unassigned:?}"
    );
    assert_eq!(
        store.participation(&election, voter).await.expect("read"),
        None
    );
    store
        .assign_to_place(
            &crate::store::Acting::new(&community, "person:committee"),
            &election,
            &place,
            officer,
        )
        .await
        .expect("assign");
    assert_eq!(
        store.place_officers(&election).await.expect("list"),
        [(place.clone(), officer.clone(), "居民003".to_owned())]
    );
    store
        .hand_out_paper(&community, &election, voter, &place, officer)
        .await
        .expect("hand out");
    let seen = store
        .handout_of(&election, voter)
        .await
        .expect("read")
        .expect("the voter sees it");
    assert_eq!(seen.place, "活动中心");
    assert_eq!(seen.by.as_deref(), Some("居民003"));
    assert!(seen.at.is_some());
    let log = store.audit_log().await.expect("log");
    let entry = log
        .iter()
        .find(|e| e.action == "election.paper.hand_out")
        .expect("audited");
    assert_eq!(entry.actor, format!("person:{officer}"));
    assert!(entry.detail.contains(voter.as_str()), "{}", entry.detail);
    // Issue 15, item 3: the log staff read does not say which box a voter used.
    assert!(!entry.detail.contains(place.as_str()), "{}", entry.detail);

    assert!(
        !store
            .disputed_handout(&election, voter)
            .await
            .expect("read")
    );
    store
        .dispute_handout(&community, &election, voter, "那天我不在家")
        .await
        .expect("dispute");
    assert!(
        store
            .disputed_handout(&election, voter)
            .await
            .expect("read")
    );
    assert_eq!(
        store.handout_disputes(&election).await.expect("list"),
        [(
            "居民004".to_owned(),
            "活动中心".to_owned(),
            "那天我不在家".to_owned()
        )]
    );
    assert!(
        store
            .dispute_handout(&community, &election, voter, "again")
            .await
            .is_err(),
        "once"
    );
    assert!(
        store
            .dispute_handout(&community, &election, &keys[0], "no paper")
            .await
            .is_err(),
        "only a voter with a paper hand-out disputes one"
    );
}

#[tokio::test]
async fn issue16_review_only_a_seated_member_takes_a_step_and_a_withdrawal_wins() {
    let (store, community, keys, election) = setup().await;
    let step = |first: Option<PersonKey>, officer: PersonKey, stands_in: bool| {
        let (store, community, election) = (store.clone(), community.clone(), election.clone());
        async move {
            store
                .two_officer_step(
                    &community,
                    &election,
                    TwoOfficerStep::OpenPolls,
                    first.as_ref(),
                    &officer,
                    stands_in,
                )
                .await
        }
    };
    let outsider = step(None, keys[2].clone(), false).await;
    assert!(
        matches!(
            outsider,
            Err(StoreError::Refused(Refusal::NotOnElectionCommittee))
        ),
        "{outsider:?}"
    );
    assert!(
        store
            .sits_on_committee(&election, &keys[0])
            .await
            .expect("read")
    );
    assert!(
        !store
            .sits_on_committee(&election, &keys[2])
            .await
            .expect("read")
    );
    // The first member asks, then withdraws: the step lapses with them.
    step(None, keys[0].clone(), false).await.expect("ask");
    store
        .withdraw_committee_member(
            &crate::store::Acting::new(&community, "person:test"),
            &election,
            &keys[0],
        )
        .await
        .expect("withdraw");
    assert!(
        !store
            .sits_on_committee(&election, &keys[0])
            .await
            .expect("read")
    );
    let row = store.election(&election).await.expect("read").expect("row");
    assert_eq!(row.pending_step, None);
    let withdrawn = step(None, keys[0].clone(), false).await;
    assert!(
        matches!(
            withdrawn,
            Err(StoreError::Refused(Refusal::NotOnElectionCommittee))
        ),
        "{withdrawn:?}"
    );
    // The party secretary or the district administrator stands in without a seat.
    step(None, keys[2].clone(), true)
        .await
        .expect("stand-in asks");
    step(Some(keys[2].clone()), keys[1].clone(), false)
        .await
        .expect("member confirms");
    let row = store.election(&election).await.expect("read").expect("row");
    assert_eq!(row.phase(), Phase::Open);
}
