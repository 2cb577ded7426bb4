//! The crash scenario shared by the crash test (bounded, asserting) and `make bench` (bigger,
//! reporting): voters cast ballots through the real binary while it is killed with SIGKILL at
//! a random moment after the first acknowledgement, then it starts again on the same data
//! directory, round after round.

use super::process::Server;
use std::collections::BTreeSet;
use std::time::Duration;

/// What a crash run left behind.
pub struct CrashReport {
    pub rounds: usize,
    /// Trackers of the casts the server acknowledged before it was killed.
    pub acknowledged: Vec<String>,
    /// Acknowledged trackers missing from the database afterwards.
    pub lost: Vec<String>,
    pub stored_ballots: usize,
    /// Stored ballots whose tracker another stored ballot has too.
    pub duplicate_trackers: usize,
    pub participations: u64,
    pub online_participations: u64,
}

/// Casts `form` as the holder of `cookie`; answers the tracker when the server acknowledged
/// the ballot (the redirect to the "voted" page with the tracker's cookie), `None` when the
/// answer never came.
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
    let tracker = tracker_of(&response)?;
    response.status().is_redirection().then_some(tracker)
}

/// The tracker a cast's answer carries in its `gs_tracker` cookie (`<election>.<tracker>`).
pub fn tracker_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookie| cookie.strip_prefix("gs_tracker="))
        .and_then(|rest| rest.split(';').next())
        .and_then(|value| value.split_once('.'))
        .map(|(_, tracker)| tracker.to_owned())
}

/// Runs `rounds` rounds of `per_round` voters casting at once, killing the server in each.
/// Panics when the database does not open again (that is the failure it looks for).
pub async fn run(rounds: usize, per_round: usize) -> CrashReport {
    let data = tempfile::tempdir().expect("data dir");
    let url = format!("surrealkv://{}", data.path().join("db").display());

    let store = app::store::Store::open(&url).await.expect("store");
    let town = crate::common::builders::Town::build(
        &store,
        "示例社区",
        (rounds * per_round * 3 / 2).max(360),
    )
    .await;
    let seeded = crate::common::builders::ElectionBuilder::default()
        .open(&store, &town)
        .await;
    assert!(seeded.voters.len() >= rounds * per_round, "enough voters");
    let now = chrono::Utc::now().timestamp_millis();
    let mut cookies = Vec::new();
    for voter in &seeded.voters[..rounds * per_round] {
        let session = super::new_session(&store, voter, now).await;
        cookies.push(format!("gs_session={session}"));
    }
    let form = super::ballot_form(&store, &seeded.key).await;
    drop(store);
    super::process::wait_until_released(data.path()).await;

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
    let ballots = store.ballots(&seeded.key).await.expect("ballots");
    let trackers: BTreeSet<&str> = ballots.iter().map(|b| b.tracker.as_str()).collect();
    let lost = acknowledged
        .iter()
        .filter(|t| !trackers.contains(t.as_str()))
        .cloned()
        .collect();
    let (participations, online_participations, _) = store
        .participation_counts(&seeded.key)
        .await
        .expect("participations");
    CrashReport {
        rounds,
        lost,
        stored_ballots: ballots.len(),
        duplicate_trackers: ballots.len() - trackers.len(),
        participations,
        online_participations,
        acknowledged,
    }
}
