//! Versioned schema migrations, applied at start-up in order, each in its own transaction with
//! its version record. The record's key is the version, so two app servers starting together
//! cannot both apply one: the loser's commit conflicts and it re-reads the version.

use super::StoreError;
use surrealdb::Surreal;
use surrealdb::engine::any::Any;

/// One step of the schema.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub surql: &'static str,
}

/// Every migration, oldest first. Append only: a released migration is never edited.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "installation",
        surql: include_str!("migrations/0001_installation.surql"),
    },
    Migration {
        version: 2,
        name: "registry",
        surql: include_str!("migrations/0002_registry.surql"),
    },
    Migration {
        version: 3,
        name: "identity",
        surql: include_str!("migrations/0003_identity.surql"),
    },
    Migration {
        version: 4,
        name: "staff",
        surql: include_str!("migrations/0004_staff.surql"),
    },
    Migration {
        version: 5,
        name: "notices",
        surql: include_str!("migrations/0005_notices.surql"),
    },
    Migration {
        version: 6,
        name: "elections",
        surql: include_str!("migrations/0006_elections.surql"),
    },
    Migration {
        version: 7,
        name: "rules",
        surql: include_str!("migrations/0007_rules.surql"),
    },
    Migration {
        version: 8,
        name: "notice_take_down",
        surql: include_str!("migrations/0008_notice_take_down.surql"),
    },
    Migration {
        version: 9,
        name: "notice_drafts",
        surql: include_str!("migrations/0009_notice_drafts.surql"),
    },
    Migration {
        version: 10,
        name: "ballot_keys",
        surql: include_str!("migrations/0010_ballot_keys.surql"),
    },
    Migration {
        version: 11,
        name: "counted_by_key",
        surql: include_str!("migrations/0011_counted_by_key.surql"),
    },
    Migration {
        version: 12,
        name: "trust_holes",
        surql: include_str!("migrations/0012_trust_holes.surql"),
    },
    Migration {
        version: 13,
        name: "secret_ratings",
        surql: include_str!("migrations/0013_secret_ratings.surql"),
    },
    Migration {
        version: 14,
        name: "evaluations",
        surql: include_str!("migrations/0014_evaluations.surql"),
    },
    Migration {
        version: 15,
        name: "rating_paper_and_results",
        surql: include_str!("migrations/0015_rating_paper.surql"),
    },
];

/// Attempts before giving up when another app server is migrating at the same moment.
const ATTEMPTS: usize = 5;

/// The query answering the schema version a database is at (empty before the first one).
pub(super) const LATEST_VERSION: &str =
    "SELECT VALUE version FROM schema_migration ORDER BY version DESC LIMIT 1";

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

async fn current_version(db: &Surreal<Any>) -> Result<i64, StoreError> {
    let mut response = db
        .query("DEFINE TABLE IF NOT EXISTS schema_migration SCHEMALESS")
        .query(LATEST_VERSION)
        .await?
        .check()?;
    let versions: Vec<i64> = response.take(1)?;
    Ok(versions.first().copied().unwrap_or(0))
}

/// Brings the schema to [`latest_version`]; a no-op on an up-to-date database.
pub async fn apply(db: &Surreal<Any>) -> Result<(), StoreError> {
    apply_up_to(db, latest_version()).await
}

/// Brings the schema to `version`: [`apply`], and the tests of one migration, which need the
/// database as it was just before it.
pub(crate) async fn apply_up_to(db: &Surreal<Any>, version: i64) -> Result<(), StoreError> {
    // Another app server starting at the same moment may apply the same step first: any
    // database failure re-reads the version and tries again.
    let raced = |error: &StoreError| matches!(error, StoreError::Database(_));
    while super::retry::again_if_raced("migration", ATTEMPTS, || apply_next(db, version), raced)
        .await?
    {}
    Ok(())
}

/// Applies the first migration after the database's version, up to `version`, in one
/// transaction with its record; answers whether there was one.
async fn apply_next(db: &Surreal<Any>, version: i64) -> Result<bool, StoreError> {
    let found = current_version(db).await?;
    let supported = latest_version();
    if found > supported {
        return Err(StoreError::SchemaTooNew { found, supported });
    }
    let Some(next) = MIGRATIONS
        .iter()
        .find(|m| m.version > found && m.version <= version)
    else {
        return Ok(false);
    };
    db.query("BEGIN TRANSACTION")
        .query(next.surql)
        .query(
            "CREATE type::record('schema_migration', $version) \
             SET version = $version, name = $name, applied_at = time::now()",
        )
        .query("COMMIT TRANSACTION")
        .bind(("version", next.version))
        .bind(("name", next.name))
        .await
        .and_then(|response| response.check())?;
    tracing::info!(
        version = next.version,
        name = next.name,
        "applied migration"
    );
    Ok(true)
}
