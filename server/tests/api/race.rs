//! Race: every voter submits the ballot form four times at once, twice to each of two app
//! instances sharing one database, all voters together. Each voter ends with exactly one
//! participation and one ballot; every other submission is refused as "already voted".
//! 250 voters make the 1,000 concurrent submissions the load-and-faults issue asks for;
//! `RACE_VOTERS` makes it bigger.

use crate::common::TestApp;
use std::collections::BTreeMap;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn double_submissions_on_two_instances_leave_one_ballot_per_voter() {
    let wanted = crate::common::env_number("RACE_VOTERS", 250);
    let one = TestApp::spawn().await;
    let town = crate::common::builders::Town::build(&one.store, "示例社区", 400).await;
    let seeded = crate::common::builders::ElectionBuilder::default()
        .open(&one.store, &town)
        .await;
    assert!(
        seeded.voters.len() >= wanted,
        "only {} voters on the roll",
        seeded.voters.len()
    );
    let voters = &seeded.voters[..wanted];
    let two = one.beside().await;
    let form = Arc::new(crate::common::ballot_form(&one.store, &seeded.key).await);
    let instances = Arc::new([one, two]);

    let mut submissions = tokio::task::JoinSet::new();
    for (n, voter) in voters.iter().enumerate() {
        // One session each: the database holds it, so it is valid on either instance.
        let session = instances[0].sign_in_as(voter).await;
        for attempt in 0..4 {
            let (instances, form, session) = (instances.clone(), form.clone(), session.clone());
            submissions.spawn(async move {
                let app = &instances[attempt % 2];
                let response = app
                    .client
                    .post(app.url("/api/cast_ballot"))
                    .header("origin", app.origin())
                    .header("cookie", format!("gs_session={session}"))
                    .form(&*form)
                    .send()
                    .await
                    .expect("request");
                let status = response.status().as_u16();
                let body = response.text().await.unwrap_or_default();
                (n, status, body)
            });
        }
    }
    let mut won: BTreeMap<usize, usize> = BTreeMap::new();
    while let Some(done) = submissions.join_next().await {
        let (n, status, body) = done.expect("submission");
        if status < 300 {
            *won.entry(n).or_default() += 1;
        } else {
            assert_eq!(status, 409, "voter {n}: {body}");
            assert!(body.contains("already_voted"), "voter {n}: {body}");
        }
    }
    assert_eq!(won.len(), voters.len(), "every voter's ballot went in");
    assert!(won.values().all(|w| *w == 1), "one success each: {won:?}");
    let store = &instances[0].store;
    assert_eq!(
        store.ballots(&seeded.key).await.expect("ballots").len(),
        voters.len()
    );
    let (total, online, _) = store
        .participation_counts(&seeded.key)
        .await
        .expect("participations");
    assert_eq!((total, online), (voters.len() as u64, voters.len() as u64));
}
