//! A real SurrealDB server (`server/surreal`, the official server library) on a free loopback
//! port, in memory, for the remote-mode tests. `make surreal` builds it into the test target's
//! scratch directory, as its own workspace, so building it never disturbs the app's build.

use super::child::ChildGuard;
use app::store::DatabaseLogin;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

pub struct SurrealServer {
    /// Killed with its group when the test ends, however it ends.
    _child: ChildGuard,
    /// `ws://127.0.0.1:PORT`
    pub url: String,
    pub login: DatabaseLogin,
}

impl SurrealServer {
    pub async fn start() -> Self {
        let binary = binary();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let login = DatabaseLogin {
            username: "root".into(),
            password: uuid::Uuid::new_v4().to_string(),
        };
        let child = ChildGuard::spawn(
            Command::new(binary)
                .args(["start", "--log", "warn", "--bind"])
                .arg(format!("127.0.0.1:{port}"))
                .args(["--user", &login.username, "--pass", &login.password])
                .arg("memory")
                .stdout(Stdio::null())
                .stderr(Stdio::inherit()),
        )
        .expect("spawn surreal");
        let url = format!("ws://127.0.0.1:{port}");
        for _ in 0..600 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self {
                    _child: child,
                    url,
                    login,
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        drop(child);
        panic!("the SurrealDB server did not listen on {port} within 30 s");
    }
}

/// The `surreal` binary: `GONGSHANG_SURREAL_BIN`, or the one `make surreal` builds from
/// `server/surreal`. Building it here instead would run a nested cargo whose environment differs
/// from a shell's, and each side would then rebuild it from scratch (nine minutes) in turn.
fn binary() -> PathBuf {
    let binary = std::env::var_os("GONGSHANG_SURREAL_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("surreal-server/debug/surreal"),
        PathBuf::from,
    );
    assert!(
        binary.is_file(),
        "no SurrealDB server at {}: run `make surreal` (or set GONGSHANG_SURREAL_BIN)",
        binary.display()
    );
    binary
}
