//! Notice drafts in the database: kept per author, read back only by their author, and deleted
//! in the same transaction that publishes them (a published draft never lingers, and a failed
//! publication keeps it).

use super::notices::NewAttachment;
use super::{Store, StoreError};
use crate::domain::keys::{CommunityKey, DraftKey, NoticeKey, PersonKey};
use crate::domain::notice::NewNotice;
use crate::domain::notice_draft::NoticeDraft;
use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

/// A saved draft, as its author reads it back.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct DraftRow {
    pub key: DraftKey,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub publish_at: String,
    pub ends_on: String,
    pub saved_at: DateTime<Utc>,
}

const DRAFT_FIELDS: &str = "<string> record::id(id) AS key, kind, title, body, publish_at, \
                            ends_on, saved_at";

fn bindings(draft: &NoticeDraft) -> [(&'static str, String); 5] {
    [
        ("kind", draft.kind.code().to_owned()),
        ("title", draft.title.clone()),
        ("body", draft.body.clone()),
        ("publish_at", draft.publish_at.clone()),
        ("ends_on", draft.ends_on.clone()),
    ]
}

impl Store {
    /// How many drafts `person` keeps.
    pub async fn notice_draft_count(&self, person: &PersonKey) -> Result<usize, StoreError> {
        let count: Option<i64> = self
            .db
            .query(
                "RETURN count(SELECT VALUE id FROM notice_draft \
                 WHERE author = type::record('person', $person))",
            )
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(count.and_then(|n| usize::try_from(n).ok()).unwrap_or(0))
    }

    /// Keeps a new draft by `person` in `community`. Answers its key.
    pub async fn create_notice_draft(
        &self,
        community: &CommunityKey,
        person: &PersonKey,
        draft: &NoticeDraft,
    ) -> Result<DraftKey, StoreError> {
        let key = DraftKey::fresh();
        let mut query = self
            .db
            .query(
                "CREATE type::record('notice_draft', $key) SET \
                 community = type::record('community', $community), \
                 author = type::record('person', $person), kind = $kind, title = $title, \
                 body = $body, publish_at = $publish_at, ends_on = $ends_on, saved_at = time::now()",
            )
            .bind(("key", key.clone()))
            .bind(("community", community.to_owned()))
            .bind(("person", person.to_owned()));
        for binding in bindings(draft) {
            query = query.bind(binding);
        }
        query.await?.check()?;
        Ok(key)
    }

    /// Replaces draft `key` of `person`. Answers false, writing nothing, when they have no such
    /// draft (never theirs, published or discarded meanwhile).
    pub async fn update_notice_draft(
        &self,
        person: &PersonKey,
        key: &DraftKey,
        draft: &NoticeDraft,
    ) -> Result<bool, StoreError> {
        let mut query = self
            .db
            .query(
                "UPDATE type::record('notice_draft', $key) SET kind = $kind, title = $title, \
                 body = $body, publish_at = $publish_at, ends_on = $ends_on, saved_at = time::now() \
                 WHERE author = type::record('person', $person) RETURN VALUE <string> record::id(id)",
            )
            .bind(("key", key.to_owned()))
            .bind(("person", person.to_owned()));
        for binding in bindings(draft) {
            query = query.bind(binding);
        }
        let updated: Vec<String> = query.await?.check()?.take(0)?;
        Ok(!updated.is_empty())
    }

    /// `person`'s drafts, the last saved first.
    pub async fn notice_drafts(&self, person: &PersonKey) -> Result<Vec<DraftRow>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT {DRAFT_FIELDS} FROM notice_draft \
                 WHERE author = type::record('person', $person) ORDER BY saved_at DESC"
            ))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Draft `key`, when it is `person`'s.
    pub async fn notice_draft(
        &self,
        person: &PersonKey,
        key: &DraftKey,
    ) -> Result<Option<DraftRow>, StoreError> {
        let rows: Vec<DraftRow> = self
            .db
            .query(format!(
                "SELECT {DRAFT_FIELDS} FROM type::record('notice_draft', $key) \
                 WHERE author = type::record('person', $person)"
            ))
            .bind(("key", key.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Deletes draft `key` of `person`. Answers false when they had no such draft.
    pub async fn discard_notice_draft(
        &self,
        person: &PersonKey,
        key: &DraftKey,
    ) -> Result<bool, StoreError> {
        let deleted: Option<i64> = self
            .db
            .query(
                "LET $gone = (DELETE type::record('notice_draft', $key) \
                 WHERE author = type::record('person', $person) RETURN BEFORE); \
                 RETURN count($gone)",
            )
            .bind(("key", key.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(1)?;
        Ok(deleted.unwrap_or(0) > 0)
    }

    /// Publishes `notice` from `person`'s draft `draft` and deletes the draft, in one audited
    /// transaction. Answers the notice's key.
    pub async fn publish_notice_draft(
        &self,
        community: &CommunityKey,
        person: &PersonKey,
        draft: &DraftKey,
        notice: &NewNotice,
        attachments: &[NewAttachment],
    ) -> Result<NoticeKey, StoreError> {
        let deletion = "DELETE type::record('notice_draft', $draft) \
                        WHERE author = type::record('person', $draft_author)";
        self.publish_notice_and(
            community,
            notice,
            None,
            attachments,
            &format!("person:{person}"),
            Some((
                deletion,
                vec![("draft", draft.into()), ("draft_author", person.into())],
            )),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use super::*;
    use crate::domain::keys::test_key;
    use crate::domain::notice::NoticeInput;
    use crate::domain::notice_draft::DraftInput;
    use crate::domain::registry::NewCommunity;
    use crate::domain::roles::Role;
    use crate::domain::rules::CommunityRules;

    async fn community(store: &Store) -> CommunityKey {
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        store
            .create_community(&new, "cli:test")
            .await
            .expect("create")
            .key
    }

    fn draft(title: &str) -> NoticeDraft {
        let input = DraftInput {
            kind: "general",
            title,
            body: "",
            publish_at: "2026-12-01T09:30",
            ends_on: "",
        };
        NoticeDraft::parse(&input, &[Role::CommitteeDirector], 0).expect("valid")
    }

    #[tokio::test]
    async fn a_draft_is_kept_updated_and_read_back_only_by_its_author() {
        let store = Store::open("mem://").await.expect("store");
        let c = community(&store).await;
        let key = store
            .create_notice_draft(&c, &test_key("wang"), &draft("停水"))
            .await
            .expect("created");
        assert!(
            store
                .update_notice_draft(&test_key("wang"), &key, &draft("停水通知"))
                .await
                .expect("update")
        );
        assert!(
            !store
                .update_notice_draft(&test_key("li"), &key, &draft("改掉"))
                .await
                .expect("update"),
            "someone else's draft is not changed"
        );
        let kept = store
            .notice_draft(&test_key("wang"), &key)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(kept.title, "停水通知");
        assert_eq!(kept.publish_at, "2026-12-01T09:30");
        assert_eq!(
            store
                .notice_draft(&test_key("li"), &key)
                .await
                .expect("read"),
            None
        );
        assert_eq!(
            store.notice_drafts(&test_key("li")).await.expect("list"),
            vec![]
        );
        assert_eq!(
            store
                .notice_drafts(&test_key("wang"))
                .await
                .expect("list")
                .len(),
            1
        );
        assert_eq!(
            store
                .notice_draft_count(&test_key("wang"))
                .await
                .expect("count"),
            1
        );
        assert!(
            !store
                .discard_notice_draft(&test_key("li"), &key)
                .await
                .expect("discard")
        );
        assert!(
            store
                .discard_notice_draft(&test_key("wang"), &key)
                .await
                .expect("discard")
        );
        assert_eq!(
            store
                .notice_draft_count(&test_key("wang"))
                .await
                .expect("count"),
            0
        );
    }

    #[tokio::test]
    async fn publishing_a_draft_deletes_it_in_the_same_transaction() {
        let store = Store::open("mem://").await.expect("store");
        let c = community(&store).await;
        let key = store
            .create_notice_draft(&c, &test_key("wang"), &draft("停水通知"))
            .await
            .expect("created");
        let notice = NewNotice::parse(
            &NoticeInput {
                kind: "general",
                title: "停水通知",
                body: "明天停水。",
                publish_at: None,
                ends_on: None,
            },
            &CommunityRules::default(),
            Utc::now(),
        )
        .expect("valid");
        // A publication that fails (an unknown community) keeps the draft.
        assert!(
            store
                .publish_notice_draft(
                    &test_key("no-such-community"),
                    &test_key("wang"),
                    &key,
                    &notice,
                    &[]
                )
                .await
                .is_err()
        );
        assert_eq!(
            store
                .notice_draft_count(&test_key("wang"))
                .await
                .expect("count"),
            1
        );
        let published = store
            .publish_notice_draft(&c, &test_key("wang"), &key, &notice, &[])
            .await
            .expect("published");
        assert!(store.notice_head(&published).await.expect("head").is_some());
        assert_eq!(
            store
                .notice_draft_count(&test_key("wang"))
                .await
                .expect("count"),
            0
        );
    }
}
