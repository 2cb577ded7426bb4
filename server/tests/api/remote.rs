//! Remote mode: a real SurrealDB server and two app servers, each its own process on its own
//! port, against it. Voters are spread over both; each submits the ballot form to both at
//! once with one session (held by the database, so valid on either): exactly one submission
//! counts, the other is refused as "already voted". After the close, both servers publish the
//! same result, which counts every voter once. `REMOTE_VOTERS` makes it bigger.

use crate::common::process::Server;
use crate::common::surreal::SurrealServer;
use app::domain::election::polls::TwoOfficerStep;
use app::domain::roles::Role;
use app::store::Store;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_app_servers_on_a_surrealdb_server_keep_one_person_one_vote_and_agree() {
    let wanted = crate::common::env_number("REMOTE_VOTERS", 60);
    let db = SurrealServer::start().await;
    let store = Store::open_as(&db.url, Some(&db.login))
        .await
        .expect("the app's store on the SurrealDB server");
    let town = crate::common::builders::Town::build(&store, "示例社区", 240).await;
    let seeded = crate::common::builders::ElectionBuilder::default()
        .open(&store, &town)
        .await;
    let voters = seeded.voters[..wanted.min(seeded.voters.len())].to_vec();
    assert!(voters.len() >= wanted.min(40), "enough voters on the roll");

    let servers = Arc::new([Server::on_remote(&db), Server::on_remote(&db)]);
    assert_ne!(servers[0].origin, servers[1].origin);
    assert_eq!(
        servers[0].installation().await,
        servers[1].installation().await,
        "both app servers use the one database"
    );

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    let form = Arc::new(crate::common::ballot_form(&store, &seeded.key).await);
    let mut submissions = tokio::task::JoinSet::new();
    for (n, voter) in voters.iter().enumerate() {
        let session =
            crate::common::new_session(&store, voter, chrono::Utc::now().timestamp_millis()).await;
        for instance in [n % 2, (n + 1) % 2] {
            let (servers, form, session, client) = (
                servers.clone(),
                form.clone(),
                session.clone(),
                client.clone(),
            );
            submissions.spawn(async move {
                let server = &servers[instance];
                let response = client
                    .post(server.url("/api/cast_ballot"))
                    .header("origin", &server.origin)
                    .header("cookie", format!("gs_session={session}"))
                    .form(&*form)
                    .send()
                    .await
                    .expect("request");
                let status = response.status().as_u16();
                (
                    n,
                    instance,
                    status,
                    response.text().await.unwrap_or_default(),
                )
            });
        }
    }
    let mut counted = vec![0_usize; voters.len()];
    let mut per_instance = [0_usize; 2];
    while let Some(done) = submissions.join_next().await {
        let (n, instance, status, body) = done.expect("submission");
        if status < 300 {
            counted[n] += 1;
            per_instance[instance] += 1;
        } else {
            assert_eq!(status, 409, "voter {n} on server {instance}: {body}");
            assert!(body.contains("already_voted"), "voter {n}: {body}");
        }
    }
    assert!(
        counted.iter().all(|c| *c == 1),
        "one ballot each: {counted:?}"
    );
    assert!(
        per_instance.iter().all(|c| *c > 0),
        "both servers took ballots: {per_instance:?}"
    );

    close_and_publish(&store, &town.key, &seeded.key).await;
    let mut published = Vec::new();
    for server in servers.iter() {
        let response = client
            .post(server.url("/api/election_results"))
            .header("origin", &server.origin)
            .form(&[("key", seeded.key.as_str())])
            .send()
            .await
            .expect("results");
        assert_eq!(response.status(), 200);
        published.push(response.json::<serde_json::Value>().await.expect("json"));
    }
    assert_eq!(
        published[0], published[1],
        "both servers publish one result"
    );
    assert_eq!(published[0]["online_ballots"], voters.len() as u64);
    assert_eq!(published[0]["participations"], voters.len() as u64);
}

/// The officers' steps, straight through the store: this test is about the servers agreeing.
async fn close_and_publish(
    store: &Store,
    community: &app::domain::keys::CommunityKey,
    election: &app::domain::keys::ElectionKey,
) {
    let committee = store
        .role_holders(community, Role::ElectionCommitteeMember)
        .await
        .expect("committee")[0]
        .clone();
    let secretary = store
        .role_holders(community, Role::PartySecretary)
        .await
        .expect("secretary")[0]
        .clone();
    store
        .two_officer_step(
            community,
            election,
            TwoOfficerStep::ClosePolls,
            None,
            &committee,
            false,
        )
        .await
        .expect("first officer");
    store
        .two_officer_step(
            community,
            election,
            TwoOfficerStep::ClosePolls,
            Some(&committee),
            &secretary,
            true,
        )
        .await
        .expect("second officer closes");
    app::api::elections::export::publish_result(store, election, &committee)
        .await
        .expect("publish");
}
