//! The engine's own tests, run against every kind of secret poll ([`KINDS`]) with made-up
//! contents: secrecy of what is stored, one person one submission under concurrency, the gate
//! against a close, the count by keys, and the ballots a database stored before the engine.
//! Each kind's own checks (the polls' phase, the roll, a round's raters) are tested with the
//! kind.

use super::count::ContentGroup;
use super::*;
use crate::domain::keys::test_key;

/// A new poll's key: fresh for each kind and test, like the store's keys.
fn poll() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn people(n: usize) -> Vec<PersonKey> {
    (0..n).map(|i| test_key(&format!("person{i:03}"))).collect()
}

/// The checks a made-up poll puts first: refused once it is marked closed, as a real poll's
/// checks read its phase. (The mark is a record of the gate's table outside the shards, so no
/// new table is needed; reading it is not what keeps a late submission out, the gate is.)
fn open_while_the_gate_is(kind: PollKind) -> String {
    format!(
        "IF record::exists(type::record('{}', [$poll, 'closed'])) \
         {{ THROW 'refused:polls_closed' }};",
        kind.gate
    )
}

/// The refusal each kind answers a second submission with.
fn already(kind: PollKind) -> Refusal {
    if kind == EVALUATION {
        Refusal::AlreadyRated
    } else {
        Refusal::AlreadyVoted
    }
}

async fn submit(
    store: &Store,
    kind: PollKind,
    poll: &str,
    person: &PersonKey,
    content: &str,
    tracker: String,
) -> Result<String, StoreError> {
    let checks = open_while_the_gate_is(kind);
    store
        .submit_secret(
            Submission {
                kind,
                poll,
                person,
                checks: &checks,
                fields: "channel = 'online'",
                bindings: vec![],
                content,
                already: already(kind),
            },
            move || tracker.clone(),
        )
        .await
}

/// Shuts `poll`'s gate, as a close does: run again when it lost a race with a submission
/// (the close of a real poll is audited, and the audit's write runs again the same way).
async fn shut(store: &Store, kind: PollKind, poll: &str) {
    let surql = format!(
        "BEGIN TRANSACTION; UPSERT type::record('{}', [$poll, 'closed']) SET shut = true; {} \
         COMMIT TRANSACTION;",
        kind.gate,
        kind.shut_gate()
    );
    let attempt = || async {
        let errors: Vec<surrealdb::Error> = match store
            .db
            .query(&surql)
            .bind(("poll", poll.to_owned()))
            .bind(("gates", all_gate_shards()))
            .await
        {
            Ok(mut response) => response.take_errors().into_values().collect(),
            Err(error) => vec![error],
        };
        match super::super::audit::root_cause(errors) {
            None => Ok(()),
            Some(cause) => Err(cause),
        }
    };
    super::super::retry::again_if_raced("shut", 50, attempt, |error| {
        super::super::retry::lost_race(error, &[])
    })
    .await
    .expect("shut the gate");
}

async fn rows(store: &Store, surql: &str, poll: &str) -> Vec<serde_json::Value> {
    store
        .db
        .query(surql)
        .bind(("poll", poll.to_owned()))
        .await
        .expect("query")
        .take(0)
        .expect("rows")
}

fn fields_of(row: &serde_json::Value) -> Vec<&str> {
    let mut fields: Vec<&str> = row
        .as_object()
        .expect("a record")
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort_unstable();
    fields
}

fn group(content: &str, times: i64) -> ContentGroup {
    ContentGroup {
        content: content.to_owned(),
        times,
    }
}

#[tokio::test]
async fn secrecy_an_anonymous_record_leads_neither_to_a_person_nor_to_the_order_of_submission() {
    let store = Store::open("mem://").await.expect("store");
    let content = r#"{"same":true}"#;
    let digest = {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(content))
    };
    for kind in KINDS {
        let poll = poll();
        let persons = people(6);
        for (n, person) in persons.iter().enumerate() {
            submit(&store, kind, &poll, person, content, format!("{n:04}-ZZZZ"))
                .await
                .expect("submit");
        }
        let records = rows(
            &store,
            &format!(
                "SELECT * FROM {}:[$poll, NONE]..=[$poll, ..]",
                kind.anonymous
            ),
            &poll,
        )
        .await;
        assert_eq!(records.len(), persons.len());
        let mut expected = vec!["content", "id", kind.poll, "tracker"];
        expected.sort_unstable();
        for record in &records {
            assert_eq!(
                fields_of(record),
                expected,
                "{}: its poll, tracker and content, nothing else",
                kind.anonymous
            );
            let text = record.to_string();
            for person in &persons {
                assert!(
                    !text.contains(person.as_str()),
                    "{}: names no one",
                    kind.anonymous
                );
            }
            let key = &record["id"];
            let text = key.to_string();
            assert!(text.contains(&poll), "keyed by its poll first: {text}");
            assert!(text.contains(&digest), "then its content's digest: {text}");
        }
        let keys: Vec<serde_json::Value> = rows(
            &store,
            &format!(
                "SELECT VALUE record::id(id) FROM {}:[$poll, NONE]..=[$poll, ..]",
                kind.anonymous
            ),
            &poll,
        )
        .await;
        for key in &keys {
            let [of_poll, of_content, random] = key.as_array().expect("an array key").as_slice()
            else {
                panic!("three parts: {key}");
            };
            assert_eq!(of_poll.as_str(), Some(poll.as_str()));
            assert_eq!(of_content.as_str(), Some(digest.as_str()));
            let uuid = uuid::Uuid::parse_str(random.as_str().expect("text")).expect("a UUID");
            assert_eq!(
                uuid.get_version_num(),
                4,
                "random (v4), not time-ordered (v1, v6, v7)"
            );
        }
        let contents = rows(
            &store,
            &format!(
                "SELECT * FROM {}:[$poll, NONE]..=[$poll, ..]",
                kind.contents
            ),
            &poll,
        )
        .await;
        assert_eq!(
            contents.len(),
            1,
            "one record for the one way they were filled in"
        );
        assert_eq!(fields_of(&contents[0]), ["content", "id"]);
        assert!(!contents[0].to_string().contains("ZZZZ"), "no tracker");
        let participations = rows(
            &store,
            &format!(
                "SELECT * FROM {}:[$poll, NONE]..=[$poll, ..]",
                kind.participation
            ),
            &poll,
        )
        .await;
        assert_eq!(participations.len(), persons.len());
        for participation in &participations {
            assert_eq!(
                fields_of(participation),
                {
                    let mut fields = vec!["channel", "id", kind.person, kind.poll];
                    fields.sort_unstable();
                    fields
                },
                "{}: nothing that leads to a record or a time",
                kind.participation
            );
            assert!(!participation.to_string().contains("ZZZZ"));
        }
    }
}

#[tokio::test]
async fn one_person_one_submission_the_second_is_refused_and_writes_nothing() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        let person = &people(1)[0];
        submit(&store, kind, &poll, person, "{}", "AAAA-AAAA".into())
            .await
            .expect("first");
        let again = submit(
            &store,
            kind,
            &poll,
            person,
            r#"{"other":1}"#,
            "BBBB-BBBB".into(),
        )
        .await;
        assert!(
            matches!(again, Err(StoreError::Refused(r)) if r == already(kind)),
            "{again:?}"
        );
        assert!(store.took_part(kind, &poll, person).await.expect("read"));
        assert_eq!(store.participations(kind, &poll).await.expect("count"), 1);
        assert_eq!(
            store
                .content_groups_by_reading(kind, &poll)
                .await
                .expect("read"),
            [group("{}", 1)]
        );
    }
}

#[tokio::test]
async fn a_submission_its_checks_refuse_writes_nothing() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        shut(&store, kind, &poll).await;
        let person = &people(1)[0];
        let late = submit(&store, kind, &poll, person, "{}", "AAAA-AAAA".into()).await;
        assert!(matches!(
            late,
            Err(StoreError::Refused(Refusal::PollsClosed))
        ));
        assert!(!store.took_part(kind, &poll, person).await.expect("read"));
        assert_eq!(
            store.anonymous_records(kind, &poll).await.expect("count"),
            0
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_submissions_by_one_person_leave_one_participation_and_one_record() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        let person = people(1).remove(0);
        let racers: Vec<_> = (0..50)
            .map(|n| {
                let (store, poll, person) = (store.clone(), poll.clone(), person.clone());
                tokio::spawn(async move {
                    submit(&store, kind, &poll, &person, "{}", format!("T{n:03}-XXXX")).await
                })
            })
            .collect();
        let mut won = 0;
        for racer in racers {
            match racer.await.expect("join") {
                Ok(_) => won += 1,
                Err(StoreError::Refused(r)) if r == already(kind) => {}
                Err(other) => panic!("{}: unexpected {other}", kind.anonymous),
            }
        }
        assert_eq!(won, 1, "{}: exactly one wins", kind.anonymous);
        assert_eq!(store.participations(kind, &poll).await.expect("count"), 1);
        assert_eq!(
            store.anonymous_records(kind, &poll).await.expect("count"),
            1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_submission_in_flight_when_the_poll_closes_does_not_commit_after_the_close() {
    // Issue 15, item 17: a submission that read the poll as open before the close, and
    // commits after it, would add to a poll already counted. Here it reads, then sleeps inside
    // its transaction while the close runs, on the production engine (SurrealKV).
    for kind in KINDS {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&format!("surrealkv://{}", dir.path().join("db").display()))
            .await
            .expect("store");
        let poll = poll();
        let checks = format!("{} SLEEP 300ms;", open_while_the_gate_is(kind));
        let late = {
            let (store, poll) = (store.clone(), poll.clone());
            tokio::spawn(async move {
                let person = test_key("slow");
                store
                    .submit_secret(
                        Submission {
                            kind,
                            poll: &poll,
                            person: &person,
                            checks: &checks,
                            fields: "channel = 'online'",
                            bindings: vec![],
                            content: "{}",
                            already: Refusal::AlreadyVoted,
                        },
                        || "SLOW-0000".to_owned(),
                    )
                    .await
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        shut(&store, kind, &poll).await;
        let at_close = store.participations(kind, &poll).await.expect("count");
        let accepted = match late.await.expect("join") {
            Ok(_) => 1,
            Err(StoreError::Refused(Refusal::PollsClosed)) => 0,
            Err(other) => panic!("{}: {other}", kind.anonymous),
        };
        // SurrealKV makes the close wait for the submission in flight (it conflicts, and runs
        // again once the submission committed); the gate is there for an engine that would
        // not. Either way what the close saw is all there ever is.
        assert_eq!(at_close, accepted, "{}", kind.anonymous);
        assert_eq!(
            store.participations(kind, &poll).await.expect("count"),
            at_close
        );
        assert_eq!(
            store.anonymous_records(kind, &poll).await.expect("count"),
            at_close
        );
    }
}

#[tokio::test]
async fn counting_each_contents_run_of_keys_agrees_with_reading_the_records() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        for (n, person) in people(40).iter().enumerate() {
            let content = if n % 3 == 0 {
                r#"{"b":1}"#
            } else {
                r#"{"a":1}"#
            };
            submit(&store, kind, &poll, person, content, format!("{n:04}-CAST"))
                .await
                .expect("submit");
        }
        let read = store
            .content_groups_by_reading(kind, &poll)
            .await
            .expect("read");
        assert_eq!(read, [group(r#"{"a":1}"#, 26), group(r#"{"b":1}"#, 14)]);
        assert_eq!(
            store
                .content_groups_by_key(kind, &poll)
                .await
                .expect("keys"),
            read
        );
        assert_eq!(
            store.content_groups(kind, &poll, 40).await.expect("count"),
            read
        );
        assert_eq!(
            store
                .content_groups_checked(kind, &poll, 40, 1)
                .await
                .expect("count"),
            read,
            "counted by key, the figures agree and are kept"
        );
    }
}

#[tokio::test]
async fn the_count_reads_the_records_when_the_keys_disagree_with_the_participations() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        for (n, person) in people(48).iter().enumerate() {
            submit(
                &store,
                kind,
                &poll,
                person,
                r#"{"a":1}"#,
                format!("{n:04}-CAST"),
            )
            .await
            .expect("submit");
        }
        // A record slipped in with no participation and no content record: the runs of keys
        // miss it, and reading finds it.
        store
            .db
            .query(format!(
                "CREATE type::record('{anonymous}', [$poll, 'f00d', 'ffffffffffffffffffffffffffffffff']) \
                 SET {p} = type::record('{p}', $poll), tracker = 'ROGUE-0000', content = '{{\"b\":1}}'",
                anonymous = kind.anonymous,
                p = kind.poll
            ))
            .bind(("poll", poll.clone()))
            .await
            .and_then(|response| response.check())
            .expect("a stray record");
        assert_eq!(
            store
                .content_groups_by_key(kind, &poll)
                .await
                .expect("keys"),
            [group(r#"{"a":1}"#, 48)],
            "the runs alone miss the stray record"
        );
        assert_eq!(
            store
                .content_groups_checked(kind, &poll, 48, 1)
                .await
                .expect("count"),
            [group(r#"{"a":1}"#, 48), group(r#"{"b":1}"#, 1)],
            "what is stored is what is counted, and the extra record shows against 48"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_first_records_of_one_content_made_at_once_all_count_under_one_content_record() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        let racers: Vec<_> = people(20)
            .into_iter()
            .enumerate()
            .map(|(n, person)| {
                let (store, poll) = (store.clone(), poll.clone());
                tokio::spawn(async move {
                    submit(
                        &store,
                        kind,
                        &poll,
                        &person,
                        r#"{"new":1}"#,
                        format!("{n:04}-SAME"),
                    )
                    .await
                })
            })
            .collect();
        for racer in racers {
            racer
                .await
                .expect("join")
                .expect("every submission commits");
        }
        let contents = rows(
            &store,
            &format!(
                "SELECT VALUE content FROM {}:[$poll, NONE]..=[$poll, ..]",
                kind.contents
            ),
            &poll,
        )
        .await;
        assert_eq!(contents, [serde_json::json!(r#"{"new":1}"#)]);
        assert_eq!(
            store
                .content_groups_by_key(kind, &poll)
                .await
                .expect("keys"),
            [group(r#"{"new":1}"#, 20)]
        );
    }
}

#[tokio::test]
async fn records_are_final_for_every_kind() {
    let store = Store::open("mem://").await.expect("store");
    for kind in KINDS {
        let poll = poll();
        submit(&store, kind, &poll, &people(1)[0], "{}", "AAAA-AAAA".into())
            .await
            .expect("submit");
        for table in [kind.participation, kind.anonymous, kind.contents] {
            let field = if table == kind.participation {
                "channel = 'paper'"
            } else {
                "content = 'forged'"
            };
            for change in [
                format!("UPDATE {table} SET {field}"),
                format!("DELETE {table}"),
            ] {
                let outcome = store.db.query(&change).await.and_then(|r| r.check());
                assert!(outcome.is_err(), "refused: {change}");
            }
        }
        assert_eq!(
            store.anonymous_records(kind, &poll).await.expect("count"),
            1
        );
        assert_eq!(store.participations(kind, &poll).await.expect("count"), 1);
    }
}

/// Ballots cast before casting moved onto the engine, as schema 12 stored them (the statement
/// below is the one `cast_ballot` ran then, kept here verbatim as a record of it).
#[tokio::test]
async fn ballots_stored_before_the_engine_are_counted_by_it_and_their_voters_stay_shut_out() {
    let db = surrealdb::engine::any::connect("mem://")
        .await
        .expect("mem");
    db.use_ns(super::super::NAMESPACE)
        .use_db(super::super::DATABASE)
        .await
        .expect("ns");
    super::super::migrations::apply_up_to(&db, 12)
        .await
        .expect("schema 12");
    for (n, voter) in ["v1", "v2", "v3"].into_iter().enumerate() {
        db.query(
            "LET $e = type::record('election', $election); \
             CREATE type::record('participation', [$election, $voter]) SET election = $e, \
             voter = type::record('person', $voter), channel = 'online', proxy = NONE; \
             LET $digest = crypto::sha256($content); \
             IF !record::exists(type::record('ballot_content', [$election, $digest])) { \
             CREATE type::record('ballot_content', [$election, $digest]) SET content = $content RETURN NONE }; \
             CREATE type::record('ballot', [$election, $digest, $ballot]) SET election = $e, tracker = $tracker, \
             content = $content RETURN NONE; \
             UPSERT type::record('poll_gate', [$election, $gate]) SET shut = false RETURN NONE;",
        )
        .bind(("election", "e1"))
        .bind(("voter", voter))
        .bind(("ballot", uuid::Uuid::new_v4().simple().to_string()))
        .bind(("tracker", format!("OLD{n}-0000")))
        .bind(("content", if n == 0 { r#"{"x":1}"# } else { r#"{"y":1}"# }))
        .bind(("gate", n))
        .await
        .and_then(|r| r.check())
        .expect("a ballot as schema 12 stored it");
    }
    super::super::migrations::apply(&db).await.expect("migrate");
    let store = Store {
        db: std::sync::Arc::new(db),
    };
    let refused = submit(
        &store,
        ELECTION,
        "e1",
        &test_key("v2"),
        "{}",
        "NEW0-0000".into(),
    )
    .await;
    assert!(
        matches!(refused, Err(StoreError::Refused(Refusal::AlreadyVoted))),
        "a voter of before the engine has taken part"
    );
    submit(
        &store,
        ELECTION,
        "e1",
        &test_key("v4"),
        r#"{"y":1}"#,
        "NEW1-0000".into(),
    )
    .await
    .expect("a new voter casts on the engine");
    let expected = [group(r#"{"x":1}"#, 1), group(r#"{"y":1}"#, 3)];
    assert_eq!(
        store
            .content_groups_checked(ELECTION, "e1", 4, 1)
            .await
            .expect("by key"),
        expected
    );
    assert_eq!(
        store
            .content_groups_by_reading(ELECTION, "e1")
            .await
            .expect("read"),
        expected
    );
    let trackers: Vec<String> = store
        .ballots(&test_key("e1"))
        .await
        .expect("board")
        .into_iter()
        .map(|ballot| ballot.tracker)
        .collect();
    for tracker in ["OLD0-0000", "OLD1-0000", "OLD2-0000", "NEW1-0000"] {
        assert!(
            trackers.contains(&tracker.to_owned()),
            "{tracker} on the board"
        );
    }
}
