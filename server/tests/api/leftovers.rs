//! Nothing a test starts outlives it (issue 22). The test runs itself a second time as a child
//! test process, which starts the real server and then panics on purpose; afterwards the server
//! that child started must be gone.

use crate::common::process::Server;
use std::time::Duration;

/// Set in the child run: where it writes the pid of the server it started.
const PIDFILE: &str = "GONGSHANG_LEFTOVER_TEST_PIDFILE";
const NAME: &str = "leftovers::a_test_that_panics_after_starting_a_server_leaves_no_server_behind";

fn running(pid: &str) -> bool {
    // A zombie has been killed but not yet reaped; the guard reaps, so it must not stay one.
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok()
}

#[tokio::test]
async fn a_test_that_panics_after_starting_a_server_leaves_no_server_behind() {
    if let Some(pidfile) = std::env::var_os(PIDFILE) {
        let data = tempfile::tempdir().expect("data dir");
        let server = Server::start(data.path());
        server.installation().await;
        std::fs::write(&pidfile, server.child.id().to_string()).expect("pid file");
        panic!("on purpose, with a server running");
    }

    let scratch = tempfile::tempdir().expect("scratch dir");
    let pidfile = scratch.path().join("server.pid");
    let output = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", NAME, "--test-threads", "1"])
        .env(PIDFILE, &pidfile)
        .output()
        .expect("the child test runs");
    assert!(
        !output.status.success(),
        "the child test panicked as it should: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let pid = std::fs::read_to_string(&pidfile).expect("the child started a server");
    assert!(pid.parse::<u32>().is_ok_and(|pid| pid > 1), "a pid: {pid}");
    for _ in 0..50 {
        if !running(&pid) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status();
    panic!("server {pid} outlived the test that started it");
}
