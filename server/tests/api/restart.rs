//! The real binary on an embedded database: data written by one process is there after a
//! graceful stop (SIGTERM) and a new start on the same data directory.

// Test helpers fail the test by panicking; that is their job.
use crate::common::process::Server;

#[tokio::test]
async fn data_survives_a_restart_on_the_same_data_dir() {
    let data = tempfile::tempdir().expect("data dir");
    let first = Server::start(data.path());
    let installation = first.installation().await;
    let status = first.terminate();
    assert!(status.success(), "graceful stop exits cleanly: {status}");

    let second = Server::start(data.path());
    assert_eq!(second.installation().await, installation);
    assert!(second.terminate().success());
}

#[tokio::test]
async fn a_second_data_dir_is_a_different_installation() {
    let one = tempfile::tempdir().expect("data dir");
    let two = tempfile::tempdir().expect("data dir");
    let first = Server::start(one.path());
    let second = Server::start(two.path());
    assert_ne!(first.installation().await, second.installation().await);
    first.terminate();
    second.terminate();
}
