//! The audit log in the database: appends chained entries in the same transaction as the
//! privileged action they record, and reads the chain back for verification.

use super::{Store, StoreError};
use crate::domain::audit::{AuditEntry, AuditFacts};
use crate::domain::audit_detail::Detail;
use crate::domain::keys::CommunityKey;
use chrono::{DateTime, SubsecRound, Utc};
use surrealdb::types::{ErrorDetails, QueryError, SurrealValue};

/// Attempts when other requests appended at the same moment (all wanted the same key).
/// Privileged actions are rare, so this is only reached by a burst of them.
const ATTEMPTS: usize = 32;

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AuditRow {
    seq: i64,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    community: Option<String>,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        AuditEntry {
            seq: u64::try_from(row.seq).unwrap_or_default(),
            at: row.at,
            actor: row.actor,
            action: row.action,
            community: row.community,
            detail: row.detail,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

/// A statement to run together with its audit entry, and the values it binds.
pub(crate) struct Audited<'a> {
    pub surql: &'a str,
    pub bindings: Vec<(&'static str, serde_json::Value)>,
}

/// The facts of an entry made now by `actor`; `detail` is stored as named facts, in no
/// language (`domain::audit_detail`).
pub fn facts(actor: &str, action: &str, community: Option<&str>, detail: Detail) -> AuditFacts {
    AuditFacts {
        // Stored and hashed at microsecond precision so the hash survives a round trip.
        at: Utc::now().trunc_subsecs(6),
        actor: actor.to_owned(),
        action: action.to_owned(),
        community: community.map(str::to_owned),
        detail: detail.stored(),
    }
}

impl Store {
    /// Runs `work` and appends the audit entry in one transaction; retries when another
    /// append took the next sequence number first.
    pub(crate) async fn audited(
        &self,
        facts: AuditFacts,
        work: Audited<'_>,
    ) -> Result<AuditEntry, StoreError> {
        let (facts, work) = (&facts, &work);
        let run = move || async move {
            let last = self.last_audit_entry().await?;
            let entry = facts.clone().chain_after(last.as_ref());
            let mut query = self
                .db
                .query("BEGIN TRANSACTION")
                .query(work.surql)
                .query(
                    "CREATE type::record('audit', $audit_seq) SET seq = $audit_seq, at = $audit_at, \
                     actor = $audit_actor, action = $audit_action, community = $audit_community, \
                     detail = $audit_detail, prev_hash = $audit_prev, hash = $audit_hash",
                )
                .query("COMMIT TRANSACTION")
                .bind(("audit_seq", i64::try_from(entry.seq).unwrap_or(i64::MAX)))
                .bind(("audit_at", entry.at))
                .bind(("audit_actor", entry.actor.clone()))
                .bind(("audit_action", entry.action.clone()))
                .bind(("audit_community", entry.community.clone()))
                .bind(("audit_detail", entry.detail.clone()))
                .bind(("audit_prev", entry.prev_hash.clone()))
                .bind(("audit_hash", entry.hash.clone()));
            for (name, value) in &work.bindings {
                query = query.bind((*name, value.clone()));
            }
            let errors = match query.await {
                Ok(mut response) => response.take_errors().into_values().collect(),
                Err(error) => vec![error],
            };
            root_cause(errors).map_or(Ok(entry), |cause| Err(StoreError::Database(cause)))
        };
        super::retry::again_if_raced("audit append", ATTEMPTS, run, |error| {
            matches!(error, StoreError::Database(cause) if super::retry::lost_race(cause, &["audit:"]))
        })
        .await
        .map_err(StoreError::refusal_or_self)
    }

    /// Every chain head published so far: those on notice versions and the daily anchors,
    /// in order of sequence number.
    pub async fn published_heads(
        &self,
    ) -> Result<Vec<crate::domain::audit::PublishedHead>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Head {
            seq: i64,
            hash: String,
        }
        let mut response = self
            .db
            .query(
                "SELECT audit_seq AS seq, audit_hash AS hash FROM notice_version \
                 WHERE audit_seq != NONE AND audit_hash != NONE",
            )
            .query("SELECT seq, hash FROM audit_anchor")
            .await?
            .check()?;
        let on_notices: Vec<Head> = response.take(0)?;
        let daily: Vec<Head> = response.take(1)?;
        let mut heads: Vec<crate::domain::audit::PublishedHead> = on_notices
            .into_iter()
            .chain(daily)
            .filter_map(|h| {
                Some(crate::domain::audit::PublishedHead {
                    seq: u64::try_from(h.seq).ok()?,
                    hash: h.hash,
                })
            })
            .collect();
        heads.sort();
        heads.dedup();
        Ok(heads)
    }

    /// Records today's chain head (`day`, the community's local date) once; later calls on the
    /// same day, from any instance, change nothing. Nothing is recorded for an empty log.
    pub async fn anchor_audit_head(&self, day: chrono::NaiveDate) -> Result<(), StoreError> {
        let Some(last) = self.last_audit_entry().await? else {
            return Ok(());
        };
        let result = self
            .db
            .query(
                "IF !record::exists(type::record('audit_anchor', $day)) { \
                 CREATE type::record('audit_anchor', $day) SET seq = $seq, hash = $hash, \
                 at = time::now() RETURN NONE }",
            )
            .bind(("day", day.to_string()))
            .bind(("seq", i64::try_from(last.seq).unwrap_or(i64::MAX)))
            .bind(("hash", last.hash))
            .await
            .and_then(|r| r.check());
        match result {
            Ok(_) => Ok(()),
            // Another instance anchored the same day at the same moment.
            Err(error)
                if super::retry::lost_race(&error, &["audit_anchor:"])
                    || error.to_string().contains("already exists") =>
            {
                Ok(())
            }
            Err(error) => Err(error.into()),
        }
    }

    async fn last_audit_entry(&self) -> Result<Option<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = self
            .db
            .query("SELECT * OMIT id FROM audit ORDER BY seq DESC LIMIT 1")
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next().map(AuditEntry::from))
    }

    /// The whole log, oldest first.
    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = self
            .db
            .query("SELECT * OMIT id FROM audit ORDER BY seq ASC")
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// The newest `limit` entries of a community, newest first (for the staff page).
    pub async fn community_audit_log(
        &self,
        community: &CommunityKey,
        before: Option<u64>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let before = before.map_or(i64::MAX, |seq| i64::try_from(seq).unwrap_or(i64::MAX));
        let rows: Vec<AuditRow> = self
            .db
            .query(
                "SELECT * OMIT id FROM audit WHERE community = $community AND seq < $before \
                 ORDER BY seq DESC LIMIT $limit",
            )
            .bind(("community", community.to_owned()))
            .bind(("before", before))
            .bind(("limit", i64::from(limit)))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }
}

/// An audited change whose statement refused with THROW (a rule of the data, not a fault)
/// answers false; anything else that failed is an error.
pub(crate) fn refused_as_false(result: Result<AuditEntry, StoreError>) -> Result<bool, StoreError> {
    match result {
        Ok(_) => Ok(true),
        Err(StoreError::Database(error)) if error.is_thrown() => Ok(false),
        Err(error) => Err(error),
    }
}

/// The error that failed a transaction, rather than the "not executed" of its bystanders.
pub(crate) fn root_cause(errors: Vec<surrealdb::Error>) -> Option<surrealdb::Error> {
    let bystander = |e: &surrealdb::Error| {
        matches!(
            e.details(),
            ErrorDetails::Query(Some(QueryError::NotExecuted | QueryError::Cancelled))
        )
    };
    let (bystanders, causes): (Vec<_>, Vec<_>) = errors.into_iter().partition(bystander);
    causes
        .into_iter()
        .next()
        .or_else(|| bystanders.into_iter().next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::verify;
    use crate::domain::audit_detail::Fact;
    #[allow(unused_imports)]
    use crate::domain::keys::*;

    #[tokio::test]
    async fn issue16_review_older_audit_entries_are_reached_page_by_page() {
        let store = Store::open("mem://").await.expect("store");
        for (n, community) in ["c1", "c2", "c1", "c1", "c1"].into_iter().enumerate() {
            store
                .audited(
                    facts(
                        "cli:test",
                        "test.step",
                        Some(community),
                        Detail::new().with(Fact::Reason, format!("step {n}")),
                    ),
                    Audited {
                        surql: "LET $noop = true",
                        bindings: vec![],
                    },
                )
                .await
                .expect("append");
        }
        let seqs = |entries: Vec<AuditEntry>| entries.iter().map(|e| e.seq).collect::<Vec<_>>();
        let newest = seqs(
            store
                .community_audit_log(&test_key("c1"), None, 2)
                .await
                .expect("page"),
        );
        assert_eq!(newest.len(), 2);
        let older = seqs(
            store
                .community_audit_log(&test_key("c1"), newest.last().copied(), 2)
                .await
                .expect("older"),
        );
        assert_eq!(older.len(), 2, "the other community's entry is skipped");
        assert!(older.iter().all(|seq| *seq < newest[1]));
        let rest = store
            .community_audit_log(&test_key("c1"), older.last().copied(), 2)
            .await
            .expect("rest");
        assert!(rest.is_empty());
    }

    #[tokio::test]
    async fn appended_entries_form_a_verifiable_chain() {
        let store = Store::open("mem://").await.expect("store");
        for n in 0..3 {
            store
                .audited(
                    facts(
                        "cli:test",
                        "test.step",
                        Some("c1"),
                        Detail::new().with(Fact::Reason, format!("step {n}")),
                    ),
                    Audited {
                        surql: "LET $noop = true",
                        bindings: vec![],
                    },
                )
                .await
                .expect("append");
        }
        let log = store.audit_log().await.expect("log");
        assert_eq!(log.len(), 3);
        assert_eq!(verify(&log), Ok(()));
    }

    #[tokio::test]
    async fn concurrent_appends_all_land_in_one_chain() {
        let store = Store::open("mem://").await.expect("store");
        let tasks: Vec<_> = (0..10)
            .map(|n| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .audited(
                            facts(
                                "cli:test",
                                "test.race",
                                None,
                                Detail::new().with(Fact::Reason, format!("racer {n}")),
                            ),
                            Audited {
                                surql: "LET $noop = true",
                                bindings: vec![],
                            },
                        )
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("join").expect("append");
        }
        let log = store.audit_log().await.expect("log");
        assert_eq!(log.len(), 10);
        assert_eq!(verify(&log), Ok(()));
    }

    #[tokio::test]
    async fn the_audit_log_cannot_be_edited_or_deleted() {
        let store = Store::open("mem://").await.expect("store");
        store
            .audited(
                facts(
                    "cli:test",
                    "test",
                    None,
                    Detail::new().with(Fact::Reason, "x"),
                ),
                Audited {
                    surql: "LET $noop = true",
                    bindings: vec![],
                },
            )
            .await
            .expect("append");
        for attack in ["UPDATE audit:1 SET detail = 'y'", "DELETE audit:1"] {
            let result = store.db.query(attack).await.and_then(|r| r.check());
            assert!(result.is_err(), "{attack} must fail");
        }
        assert_eq!(
            store.audit_log().await.expect("log")[0].detail,
            r#"{"reason":"x"}"#
        );
    }

    #[tokio::test]
    async fn a_failed_action_leaves_no_audit_entry() {
        let store = Store::open("mem://").await.expect("store");
        let result = store
            .audited(
                facts("cli:test", "test", None, Detail::new()),
                Audited {
                    surql: "THROW 'refused'",
                    bindings: vec![],
                },
            )
            .await;
        assert!(result.is_err());
        assert!(store.audit_log().await.expect("log").is_empty());
    }
}
