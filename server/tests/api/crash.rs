//! Crash: voters cast ballots through the real binary while it is killed with SIGKILL at a
//! random moment, then it starts again on the same data directory, round after round
//! (`common::crash`). Afterwards every ballot whose cast was acknowledged is stored,
//! participations equal ballots, no tracker appears twice, and the database opened every time.
//! `CRASH_ROUNDS` and `CRASH_VOTERS` (per round) make the run bigger; `make test` keeps it
//! small and `make bench` runs a bigger one.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_acknowledged_ballot_is_lost_when_the_server_is_killed_while_casting() {
    let report = crate::common::crash::run(
        crate::common::env_number("CRASH_ROUNDS", 4),
        crate::common::env_number("CRASH_VOTERS", 30),
    )
    .await;
    eprintln!(
        "crash_rounds={} crash_acknowledged={} crash_stored={} crash_lost_ballots={}",
        report.rounds,
        report.acknowledged.len(),
        report.stored_ballots,
        report.lost.len()
    );
    assert!(
        report.lost.is_empty(),
        "acknowledged but lost: {:?}",
        report.lost
    );
    assert_eq!(report.duplicate_trackers, 0, "no tracker appears twice");
    assert_eq!(
        report.online_participations, report.stored_ballots as u64,
        "one ballot per online participation"
    );
    assert_eq!(
        report.participations, report.online_participations,
        "nobody voted on paper here"
    );
    assert!(
        !report.acknowledged.is_empty(),
        "some casts were acknowledged before a kill, or the test proved nothing"
    );
}
