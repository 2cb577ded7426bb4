//! The real binary as its own process on an embedded data directory, for the tests that stop
//! it (gracefully or with SIGKILL) and start it again.

use super::child::ChildGuard;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// The server process, killed with its group when the test ends however it ends.
pub struct Server {
    pub child: ChildGuard,
    pub origin: String,
}

impl Server {
    /// On the embedded database in `data_dir`.
    pub fn start(data_dir: &Path) -> Self {
        let data_dir = data_dir.to_str().expect("a UTF-8 path");
        Self::spawn(&["--data-dir", data_dir], &[])
    }

    /// On a SurrealDB server, signing in as its root user through the environment, as an
    /// operator would.
    pub fn on_remote(db: &super::surreal::SurrealServer) -> Self {
        Self::spawn(
            &["--db", &db.url],
            &[
                ("GONGSHANG_DB_USER", db.login.username.as_str()),
                ("GONGSHANG_DB_PASS", db.login.password.as_str()),
            ],
        )
    }

    fn spawn(database: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = ChildGuard::spawn(
            Command::new(env!("CARGO_BIN_EXE_gongshang"))
                .args([
                    "serve",
                    "--addr",
                    "127.0.0.1:0",
                    "--site-root",
                    "target/site",
                ])
                .args(database)
                .envs(env.iter().copied())
                .env("RUST_LOG", "info")
                .env("NO_COLOR", "1")
                // Ends with this test process, however it ends (issue 22): the server stops
                // when this pipe closes.
                .env("GONGSHANG_EXIT_WITH_STDIN", "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
        )
        .expect("spawn gongshang");
        let log = child.child_mut().stderr.take().expect("stderr");
        let mut lines = BufReader::new(log).lines();
        let mut seen = Vec::new();
        let origin = loop {
            let Some(line) = lines.next() else {
                panic!("server exited before listening:\n{}", seen.join("\n"));
            };
            let line = line.expect("read log");
            seen.push(line.clone());
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

    pub async fn installation(&self) -> String {
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

    pub fn terminate(self) -> std::process::ExitStatus {
        self.child.signal_and_wait("TERM").expect("wait")
    }
}

impl Server {
    /// Kills it with SIGKILL, as a power cut would, and waits for it to be gone.
    pub fn kill(self) {
        self.child.signal_and_wait("KILL").expect("wait");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// Waits until no handle of this process holds the embedded database in `data_dir` any more
/// (the store lets go of its lock a moment after its last handle is dropped).
pub async fn wait_until_released(data_dir: &Path) {
    let lock = data_dir.join("db").join("LOCK");
    for _ in 0..600 {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&lock)
            .expect("the database's lock file");
        if file.try_lock().is_ok() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the database in {} stayed locked", data_dir.display());
}
