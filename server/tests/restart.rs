//! The real binary on an embedded database: data written by one process is there after a
//! graceful stop (SIGTERM) and a new start on the same data directory.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    origin: String,
}

impl Server {
    fn start(data_dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongshang"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--site-root",
                "target/site",
                "--data-dir",
            ])
            .arg(data_dir)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn gongshang");
        let log = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(log).lines();
        let origin = loop {
            let line = lines
                .next()
                .expect("server exited before listening")
                .expect("read log");
            if let Some(rest) = line.split("serving on ").nth(1) {
                let addr = rest.trim().trim_start_matches("http://");
                let port = addr.rsplit(':').next().expect("port");
                break format!("http://localhost:{port}");
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, origin }
    }

    async fn installation(&self) -> String {
        let body: serde_json::Value = reqwest::get(format!("{}/healthz", self.origin))
            .await
            .expect("healthz")
            .json()
            .await
            .expect("json");
        assert_eq!(body["status"], "ok");
        body["installation"]
            .as_str()
            .expect("installation")
            .to_owned()
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(sent.success());
        self.child.wait().expect("wait")
    }
}

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
