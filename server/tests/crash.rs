//! Crash: voters cast ballots through the real binary while it is killed with SIGKILL at a
//! random moment, then it starts again on the same data directory, round after round.
//! Afterwards every ballot whose cast was acknowledged is stored, participations equal ballots,
//! no tracker appears twice, and the database opened every time. `CRASH_ROUNDS` and
//! `CRASH_VOTERS` (per round) make the run bigger; `make test` keeps it small.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::process::Server;
use std::collections::BTreeSet;
use std::time::Duration;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Casts `form` as the holder of `cookie`; answers the tracker when the server acknowledged
/// the ballot (the redirect to the tracker page), `None` when the answer never came.
async fn cast(
    client: &reqwest::Client,
    server: &str,
    cookie: &str,
    form: &[(String, String)],
) -> Option<String> {
    let response = client
        .post(format!("{server}/api/cast_ballot"))
        .header("origin", server)
        .header("accept", "text/html")
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .ok()?;
    let location = response.headers().get("location")?.to_str().ok()?;
    let tracker = location.split("tracker=").nth(1)?;
    response
        .status()
        .is_redirection()
        .then(|| tracker.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_ballot_is_lost_when_the_server_is_killed_while_casting() {
    let rounds = env_number("CRASH_ROUNDS", 4);
    let per_round = env_number("CRASH_VOTERS", 30);
    let data = tempfile::tempdir().expect("data dir");
    let url = format!("surrealkv://{}", data.path().join("db").display());

    let store = app::store::Store::open(&url).await.expect("store");
    let community = gongshang_server::demo::community_with(&store, 360, "cli:test")
        .await
        .expect("community");
    let seeded = gongshang_server::demo_elections::seed(&store, &community, "cli:test")
        .await
        .expect("elections")
        .expect("seeded");
    assert!(seeded.voters.len() >= rounds * per_round, "enough voters");
    let now = chrono::Utc::now().timestamp_millis();
    let mut cookies = Vec::new();
    for voter in &seeded.voters[..rounds * per_round] {
        let session = common::new_session(&store, voter, now).await;
        cookies.push(format!("gs_session={session}"));
    }
    let form = common::ballot_form(&store, &seeded.open).await;
    drop(store);
    common::process::wait_until_released(data.path()).await;

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut acknowledged = Vec::new();
    for round in 0..rounds {
        // Starting again is the proof the database opens after every kill.
        let server = Server::start(data.path());
        let (done, mut results) = tokio::sync::mpsc::unbounded_channel();
        for cookie in &cookies[round * per_round..(round + 1) * per_round] {
            let (client, origin, cookie, form, done) = (
                client.clone(),
                server.origin.clone(),
                cookie.clone(),
                form.clone(),
                done.clone(),
            );
            tokio::spawn(async move {
                let _ = done.send(cast(&client, &origin, &cookie, &form).await);
            });
        }
        drop(done);
        // Kill at a random moment once casting is under way (after the first acknowledgement),
        // so every round has ballots in flight.
        while let Some(result) = results.recv().await {
            let first = result.is_some();
            acknowledged.extend(result);
            if first {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(rand::random_range(0..150))).await;
        server.kill();
        while let Some(result) = results.recv().await {
            acknowledged.extend(result);
        }
    }

    let store = app::store::Store::open(&url)
        .await
        .expect("the store opens after the last kill");
    let ballots = store.ballots(&seeded.open).await.expect("ballots");
    let trackers: BTreeSet<&str> = ballots.iter().map(|b| b.tracker.as_str()).collect();
    assert_eq!(trackers.len(), ballots.len(), "no tracker appears twice");
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|t| !trackers.contains(t.as_str()))
        .collect();
    let (participations, online, _) = store
        .participation_counts(&seeded.open)
        .await
        .expect("participations");
    eprintln!(
        "crash_rounds={rounds} crash_acknowledged={} crash_stored={} crash_lost_ballots={}",
        acknowledged.len(),
        ballots.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(
        online,
        ballots.len() as u64,
        "one ballot per online participation"
    );
    assert_eq!(participations, online, "nobody voted on paper here");
    assert!(
        !acknowledged.is_empty(),
        "some casts were acknowledged before a kill, or the test proved nothing"
    );
}
