//! A real SurrealDB server (`server/surreal`, the official server library) on a free loopback
//! port, in memory, for the remote-mode tests. Built on first use into the test target's
//! scratch directory: its own workspace, so building it never disturbs the app's build.

use app::store::DatabaseLogin;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SurrealServer {
    child: Child,
    /// `ws://127.0.0.1:PORT`
    pub url: String,
    pub login: DatabaseLogin,
}

impl SurrealServer {
    pub async fn start() -> Self {
        let binary = build();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let login = DatabaseLogin {
            username: "root".into(),
            password: uuid::Uuid::new_v4().to_string(),
        };
        let child = Command::new(binary)
            .args(["start", "--log", "warn", "--bind"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["--user", &login.username, "--pass", &login.password])
            .arg("memory")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn surreal");
        let url = format!("ws://127.0.0.1:{port}");
        for _ in 0..600 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self { child, url, login };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SurrealDB server did not listen on {port} within 30 s");
    }
}

impl Drop for SurrealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds `server/surreal` (a no-op when it is up to date) and returns the binary.
fn build() -> PathBuf {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/surreal/Cargo.toml");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("surreal-server");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--manifest-path",
            manifest,
            "--target-dir",
        ])
        .arg(&target)
        .status()
        .expect("run cargo");
    assert!(status.success(), "building the SurrealDB server failed");
    target.join("debug").join("surreal")
}
