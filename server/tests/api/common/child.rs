//! A process a test starts, tied to the test's life: it runs in its own process group, and
//! dropping the guard (when the test ends, passes, fails or panics) kills the whole group and
//! reaps it. Nothing a test starts outlives it (issue 22: test servers outliving the suite).
//! Shared with the benchmark (`#[path]`), which starts the release server the same way.

#![allow(dead_code)]

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus};

/// A running child process, killed with its group when dropped.
pub struct ChildGuard {
    child: Option<Child>,
}

impl ChildGuard {
    /// Spawns `command` as the leader of a new process group (so whatever it starts goes too).
    pub fn spawn(command: &mut Command) -> std::io::Result<Self> {
        let child = command.process_group(0).spawn()?;
        Ok(Self { child: Some(child) })
    }

    pub fn id(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// The child itself, to take its pipes.
    pub fn child_mut(&mut self) -> &mut Child {
        self.child
            .as_mut()
            .unwrap_or_else(|| unreachable!("the child is only taken when the guard ends"))
    }

    /// Sends `signal` (`TERM`, `KILL`) to the child alone and waits for it to exit.
    pub fn signal_and_wait(mut self, signal: &str) -> std::io::Result<ExitStatus> {
        let mut child = self
            .child
            .take()
            .unwrap_or_else(|| unreachable!("the child is only taken when the guard ends"));
        send(signal, &child.id().to_string());
        let status = child.wait();
        // Its group may hold grandchildren; they end with it.
        send("KILL", &format!("-{}", child.id()));
        status
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            send("KILL", &format!("-{}", child.id()));
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `kill -SIGNAL -- TARGET`, where a negative target names a process group. `kill(1)` instead of
/// a libc call: the workspace forbids unsafe code.
fn send(signal: &str, target: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{signal}"), "--", target])
        .stderr(std::process::Stdio::null())
        .status();
}
