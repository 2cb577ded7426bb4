//! SurrealDB: connection, schema migrations and, per pillar, the repositories that persist the
//! domain's decisions in transactions. Embedded SurrealKV by default, `mem://` in tests and
//! `ws://` to a SurrealDB server for more than one app server: all through one code path.

pub mod attempts;
pub mod audit;
pub mod elections;
pub mod evaluations;
pub mod identity;
#[cfg(feature = "bench")]
mod inspect;
pub mod invitations;
mod migrations;
pub mod notice_drafts;
pub mod notices;
pub mod people;
pub mod registry;
mod retry;
pub mod rules;
pub mod secret;

pub use migrations::{MIGRATIONS, Migration};

/// A stored day (`YYYY-MM-DD` text, the community's day) as SurrealQL that reads it as a date
/// for a `NaiveDate` field: `NONE` stays `NONE`, and text that is not a day makes the query an
/// error, never a default day (issue 18, item 2). For use inside `concat!` and `format!`.
macro_rules! stored_day {
    ($field:literal) => {
        concat!(
            "(IF ",
            $field,
            " != NONE { <datetime> string::concat(",
            $field,
            ", 'T00:00:00Z') } ELSE { NONE })"
        )
    };
}
pub(crate) use stored_day;

/// Who changes something, and in which community: every audited write takes one, so the
/// community the change belongs to and the actor the audit log names travel together (not as
/// two loose strings among the record keys a call also takes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    /// The community's key.
    pub community: CommunityKey,
    /// As the audit log names them: `person:<key>`, or `cli:<what>` for the command line.
    pub actor: String,
}

impl Acting {
    pub fn new(community: &CommunityKey, actor: impl Into<String>) -> Self {
        Self {
            community: community.clone(),
            actor: actor.into(),
        }
    }
}

use crate::domain::keys::CommunityKey;
use std::sync::Arc;
use surrealdb::Surreal;
use surrealdb::engine::any::Any;

/// Namespace and database every Gongshang deployment uses inside its SurrealDB.
const NAMESPACE: &str = "gongshang";
const DATABASE: &str = "main";

/// Why the store could not do what was asked. Callers log it and answer with an [`crate::AppError`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] surrealdb::Error),
    #[error(
        "the database has schema version {found}, newer than this program's {supported}; \
         run a newer gongshang or restore a backup made with this version"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    /// A slice of a count, read on its own task, stopped before it answered.
    #[error("a database task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("the database is not initialised: {0}")]
    Uninitialised(&'static str),
    /// A rule checked inside a transaction said no (`THROW 'refused:<code>'`); nothing was
    /// written.
    #[error("refused: {0}")]
    Refused(crate::domain::refusal::Refusal),
}

/// The prefix statements put before a refusal's code when they `THROW` one.
pub(crate) const REFUSED: &str = "refused:";

impl StoreError {
    /// A `THROW 'refused:<code>'` becomes the domain's refusal; anything else stays as it was.
    pub(crate) fn refusal_or_self(self) -> Self {
        if let StoreError::Database(error) = &self
            && error.is_thrown()
        {
            let message = error.to_string();
            if let Some(rest) = message.split(REFUSED).nth(1) {
                let code: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if let Ok(refusal) = serde_json::from_value(serde_json::Value::String(code)) {
                    return StoreError::Refused(refusal);
                }
            }
        }
        self
    }
}

/// The one place the store's failures become the app's answers (issue 18, item 5: no api code
/// matches the database's error types). A record that already exists is someone's second try
/// at a one-time act (a second endorsement, a second dispute), answered as a conflict.
impl From<StoreError> for crate::AppError {
    fn from(error: StoreError) -> Self {
        if let StoreError::Refused(refusal) = error {
            return crate::AppError::Refused(refusal);
        }
        if let StoreError::Database(cause) = &error
            && matches!(
                cause.details(),
                surrealdb::types::ErrorDetails::AlreadyExists(_)
            )
        {
            tracing::info!(%error, "a one-time record exists already");
            return crate::AppError::Conflict;
        }
        tracing::error!(%error, "store failure");
        match error {
            StoreError::Database(_) => crate::AppError::Unavailable,
            _ => crate::AppError::Internal,
        }
    }
}

/// A handle on the database; cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    // One shared session: cloning `Surreal` itself would open a session per clone.
    db: Arc<Surreal<Any>>,
}

/// What `/healthz` reports about the database.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Health {
    pub schema_version: i64,
    /// Identifies the database across restarts and across app servers sharing it.
    pub installation: String,
}

/// The root user a SurrealDB server was started with (`surreal start --user … --pass …`).
/// The embedded stores need none.
#[derive(Clone)]
pub struct DatabaseLogin {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for DatabaseLogin {
    // Configuration is logged; the password must never be.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseLogin")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Connects to `url` (`surrealkv://path`, `mem://`, `ws://host:port`) and brings the
    /// schema up to date. Refuses a database whose schema is newer than this program.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_as(url, None).await
    }

    /// Like [`Store::open`], signing in first: a SurrealDB server refuses anonymous clients.
    pub async fn open_as(url: &str, login: Option<&DatabaseLogin>) -> Result<Self, StoreError> {
        let db = surrealdb::engine::any::connect(url).await?;
        if let Some(login) = login {
            db.signin(surrealdb::opt::auth::Root {
                username: login.username.clone(),
                password: login.password.clone(),
            })
            .await?;
        }
        db.use_ns(NAMESPACE).use_db(DATABASE).await?;
        let store = Self { db: Arc::new(db) };
        migrations::apply(&store.db).await?;
        Ok(store)
    }

    /// The session store tower-sessions keeps signed-in browsers in (table `session`).
    pub fn session_store(&self) -> tower_sessions_surrealdb_store::SurrealSessionStore<Any> {
        tower_sessions_surrealdb_store::SurrealSessionStore::new(
            self.db.clone(),
            "session".to_owned(),
        )
    }

    /// Checks the database answers and reports its schema version and installation id.
    pub async fn health(&self) -> Result<Health, StoreError> {
        let mut response = self
            .db
            .query("SELECT VALUE uuid FROM ONLY installation:main")
            .query(migrations::LATEST_VERSION)
            .await?
            .check()?;
        let installation: Option<String> = response.take(0)?;
        let schema_version: Option<i64> = response.take::<Vec<i64>>(1)?.first().copied();
        Ok(Health {
            installation: installation.ok_or(StoreError::Uninitialised("installation"))?,
            schema_version: schema_version.ok_or(StoreError::Uninitialised("schema"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::domain::keys::*;

    #[tokio::test]
    async fn a_new_database_is_migrated_to_the_latest_schema() {
        let store = Store::open("mem://").await.expect("open mem store");
        let health = store.health().await.expect("health");
        assert_eq!(health.schema_version, migrations::latest_version());
        assert_eq!(
            health.installation.len(),
            36,
            "a UUID: {}",
            health.installation
        );
    }

    #[tokio::test]
    async fn migrating_twice_changes_nothing() {
        let store = Store::open("mem://").await.expect("open mem store");
        let before = store.health().await.expect("health");
        migrations::apply(&store.db).await.expect("second apply");
        assert_eq!(store.health().await.expect("health"), before);
    }

    #[tokio::test]
    async fn elections_made_before_their_rules_were_frozen_get_the_rules_in_force() {
        // Issue 15, item 7, migration 12: the defaults literal is today's defaults, and a
        // community's own rules win.
        let db = surrealdb::engine::any::connect("mem://")
            .await
            .expect("mem");
        db.use_ns(NAMESPACE).use_db(DATABASE).await.expect("ns");
        migrations::apply_up_to(&db, 11).await.expect("schema 11");
        let own = crate::domain::rules::CommunityRules {
            turnout: crate::domain::rules::Fraction::new(3, 5),
            ..crate::domain::rules::CommunityRules::default()
        };
        db.query(
            "CREATE community:c1 SET name = '一', district = '青山区', households = 1500, \
             created_at = time::now(); \
             CREATE community:c2 SET name = '二', district = '青山区', households = 1500, \
             created_at = time::now(); \
             CREATE community_rules:c2 SET rules = $own, updated_at = time::now(); \
             CREATE election:e1 SET community = community:c1, title = 't', mode = 'all_voters', \
             round = 'regular', seat_director = 1, seat_deputies = 1, seat_members = 3, \
             election_day = '2026-01-01', voting_opens = time::now(), voting_closes = time::now(), \
             phase = 'preparing', created_at = time::now(); \
             CREATE election:e2 SET community = community:c2, title = 't', mode = 'all_voters', \
             round = 'regular', seat_director = 1, seat_deputies = 1, seat_members = 3, \
             election_day = '2026-01-01', voting_opens = time::now(), voting_closes = time::now(), \
             phase = 'preparing', created_at = time::now();",
        )
        .bind(("own", serde_json::to_string(&own).expect("json")))
        .await
        .and_then(|r| r.check())
        .expect("two elections as schema 11 stored them");
        migrations::apply(&db).await.expect("migrate");
        let store = Store { db: Arc::new(db) };
        let frozen = |key: &'static str| {
            let store = store.clone();
            async move {
                let row = store
                    .election(&test_key(key))
                    .await
                    .expect("read")
                    .expect("row");
                serde_json::from_str::<crate::domain::rules::CommunityRules>(
                    row.rules.as_deref().expect("frozen"),
                )
                .expect("parses")
            }
        };
        assert_eq!(
            frozen("e1").await,
            crate::domain::rules::CommunityRules::default()
        );
        assert_eq!(frozen("e2").await, own);
    }

    #[tokio::test]
    async fn ballots_cast_before_the_re_keyings_keep_election_tracker_and_content_and_stay_final() {
        use sha2::Digest;
        let db = surrealdb::engine::any::connect("mem://")
            .await
            .expect("mem");
        db.use_ns(NAMESPACE).use_db(DATABASE).await.expect("ns");
        migrations::apply_up_to(&db, 9).await.expect("schema 9");
        let old = uuid::Uuid::new_v4().simple().to_string();
        let content = r#"{"sections":[]}"#;
        db.query(
            "CREATE type::record('ballot', $old) SET election = election:e1, \
             tracker = 'ABCD-EFGH', content = $content; \
             CREATE polling_place:p1 SET election = election:e1, name = 'hall', roving = false, \
             position = 1; \
             CREATE participation:['e1', 'v1'] SET election = election:e1, voter = person:v1, \
             channel = 'paper', place = polling_place:p1; \
             CREATE participation:['e1', 'v2'] SET election = election:e1, voter = person:v2, \
             channel = 'online';",
        )
        .bind(("old", old.clone()))
        .bind(("content", content))
        .await
        .and_then(|r| r.check())
        .expect("a ballot, a place and two participations as schema 9 stored them");
        migrations::apply(&db).await.expect("migrate");
        let store = Store { db: Arc::new(db) };
        let board = store.ballots(&test_key("e1")).await.expect("ballots");
        assert_eq!(
            board,
            [elections::BoardBallot {
                tracker: "ABCD-EFGH".into(),
                content: content.into()
            }]
        );
        let read = store
            .content_groups_by_reading(secret::ELECTION, "e1")
            .await
            .expect("read");
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].times, 1);
        assert_eq!(
            store
                .content_groups_by_key(secret::ELECTION, "e1")
                .await
                .expect("by key"),
            read,
            "the migrated ballot's content has its record, so its run is counted"
        );
        let keys = store.ballot_keys().await;
        let digest = format!("{:x}", sha2::Sha256::digest(content));
        assert_eq!(
            keys,
            [serde_json::json!(["e1", digest, old])],
            "same UUID, election and content first"
        );
        let (total, online, paper) = store
            .participation_counts(&test_key("e1"))
            .await
            .expect("counts");
        assert_eq!((total, online), (2, 1));
        assert_eq!(
            paper,
            [(test_key("p1"), 1)].into(),
            "the hand-out was recorded"
        );
        for (change, what) in [
            (
                "UPDATE ballot SET content = 'forged'",
                "a ballot is still never changed",
            ),
            ("DELETE ballot", "nor removed"),
            (
                "UPDATE ballot_content SET content = 'forged'",
                "a content record is never changed",
            ),
            ("DELETE ballot_content", "nor removed"),
            ("DELETE handout", "nor is a hand-out"),
        ] {
            let outcome = store.db.query(change).await.and_then(|r| r.check());
            assert!(outcome.is_err(), "{what}: {change}");
        }
        assert_eq!(
            store.ballots(&test_key("e1")).await.expect("ballots").len(),
            1
        );
    }

    #[tokio::test]
    async fn a_database_newer_than_the_program_is_refused() {
        let store = Store::open("mem://").await.expect("open mem store");
        let future = migrations::latest_version() + 1;
        store
            .db
            .query("CREATE type::record('schema_migration', $v) SET version = $v, name = 'future', applied_at = time::now()")
            .bind(("v", future))
            .await
            .and_then(|r| r.check())
            .expect("insert future version");
        match migrations::apply(&store.db).await {
            Err(StoreError::SchemaTooNew { found, .. }) => assert_eq!(found, future),
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
    }
}
