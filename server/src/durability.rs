//! What a database URL promises about an acknowledged write surviving a crash, and the start-up
//! rule built on it: a release build serves only from a store that syncs every commit (an
//! acknowledged ballot must survive a power cut). Debug builds may run anything, so tests can use
//! `mem://`.

use anyhow::bail;

/// How durable the writes through a database URL are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Durability {
    /// Embedded SurrealKV syncing every commit to disk before acknowledging it (its default).
    SyncEveryCommit,
    /// Embedded SurrealKV told to sync later or never (`?sync=never`, `?sync=200ms`, …).
    SyncDeferred(String),
    /// Nothing reaches a disk (`mem://`).
    InMemory,
    /// A SurrealDB server: its own start-up flags decide.
    Remote,
}

/// Reads the durability off `url`. SurrealKV takes its sync mode from the URL's `sync`
/// parameter (SurrealDB 3.3, `surrealdb-kvs-surrealkv`): absent means every commit.
pub fn of_url(url: &str) -> Durability {
    let (scheme, _) = url.split_once("://").unwrap_or((url, ""));
    match scheme.to_ascii_lowercase().as_str() {
        "mem" | "memory" => Durability::InMemory,
        "surrealkv" => {
            let query = url.split_once('?').map_or("", |(_, query)| query);
            let sync = query.split('&').find_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                key.eq_ignore_ascii_case("sync").then_some(value)
            });
            match sync {
                None => Durability::SyncEveryCommit,
                Some(value) if value.eq_ignore_ascii_case("every") => Durability::SyncEveryCommit,
                Some(value) => Durability::SyncDeferred(value.to_owned()),
            }
        }
        _ => Durability::Remote,
    }
}

/// The start-up rule: in a release build, refuses a store that could lose an acknowledged
/// write; a debug build only warns.
pub fn check(url: &str, release: bool) -> anyhow::Result<()> {
    let problem = match of_url(url) {
        Durability::SyncEveryCommit | Durability::Remote => return Ok(()),
        Durability::SyncDeferred(mode) => format!(
            "the embedded database would sync to disk with `sync={mode}`, so a crash could lose \
             acknowledged ballots; remove the `sync` parameter (every commit is synced by default)"
        ),
        Durability::InMemory => "an in-memory database keeps nothing across a restart; serve \
                                 from --data-dir or a SurrealDB server"
            .to_owned(),
    };
    if release {
        bail!("refusing to serve: {problem}");
    }
    tracing::warn!("{problem} (allowed in a debug build only)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrealkv_syncs_every_commit_unless_told_otherwise() {
        assert_eq!(of_url("surrealkv://./data/db"), Durability::SyncEveryCommit);
        assert_eq!(
            of_url("surrealkv://./data/db?sync=Every"),
            Durability::SyncEveryCommit
        );
        assert_eq!(
            of_url("surrealkv://./data/db?versioned=true&sync=never"),
            Durability::SyncDeferred("never".into())
        );
        assert_eq!(
            of_url("surrealkv://./data/db?SYNC=200ms"),
            Durability::SyncDeferred("200ms".into())
        );
        assert_eq!(of_url("mem://"), Durability::InMemory);
        assert_eq!(of_url("ws://127.0.0.1:8000"), Durability::Remote);
    }

    #[test]
    fn a_release_build_refuses_to_serve_without_sync_on_every_commit() {
        assert!(check("surrealkv://./data/db?sync=never", true).is_err());
        assert!(check("surrealkv://./data/db?sync=1s", true).is_err());
        assert!(check("mem://", true).is_err());
        assert!(check("surrealkv://./data/db", true).is_ok());
        assert!(check("ws://db.internal:8000", true).is_ok());
        // A debug build (the tests' own) only warns.
        assert!(check("surrealkv://./data/db?sync=never", false).is_ok());
        assert!(check("mem://", false).is_ok());
    }
}
