//! The notice board in the database: publishing a notice (its first version and attachments),
//! publishing a correction (the next version), and reading the board. Versions and attachments
//! are immutable (the schema refuses changes); each publication is audited in its transaction.

use super::audit::{Audited, facts};
use super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::keys::{CommunityKey, NoticeKey, PersonKey};
use crate::domain::notice::{AttachmentKind, NewNotice, NoticeKind};
use crate::store::Acting;
use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

/// SurrealDB's `encoding::base64::encode` leaves the padding off; accept it either way.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
use chrono::{DateTime, NaiveDate, Utc};
use surrealdb::types::SurrealValue;

/// Bytes SurrealDB encoded with `encoding::base64::encode`.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    LENIENT.decode(text.as_bytes()).ok()
}

/// A checked attachment to store with a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub name: String,
    pub kind: AttachmentKind,
    pub data: Vec<u8>,
}

/// One version of a notice, as stored.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct NoticeVersion {
    pub number: i64,
    pub title: String,
    pub body: String,
    pub publish_at: DateTime<Utc>,
    /// Its last day on the board (the community's day), if set.
    pub ends_on: Option<NaiveDate>,
    pub author: String,
    /// The audit-chain head its publication made: sequence number and hash (none for
    /// versions published before migration 12).
    pub audit_seq: Option<i64>,
    pub audit_hash: Option<String>,
}

/// A notice with its latest version's headline facts, for lists.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct NoticeHead {
    pub key: NoticeKey,
    pub community: CommunityKey,
    pub kind: NoticeKind,
    pub latest: i64,
    pub title: String,
    /// When the latest version went (or goes) up.
    pub publish_at: DateTime<Utc>,
    /// When the first version went up.
    pub first_published: DateTime<Utc>,
    pub ends_on: Option<NaiveDate>,
    /// The record it is about, as `table:key`, if any.
    pub about: Option<String>,
    /// The last day it was shown, when staff took it down.
    pub taken_down_on: Option<NaiveDate>,
}

/// An attachment's description (its bytes are fetched on their own).
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct AttachmentInfo {
    pub key: String,
    pub version: i64,
    pub name: String,
    pub kind: String,
    pub size: i64,
}

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AttachmentData {
    name: String,
    kind: String,
    data: String,
}

fn attachment_rows(attachments: &[NewAttachment]) -> serde_json::Value {
    attachments
        .iter()
        .map(|a| {
            serde_json::json!({
                "name": a.name,
                "kind": a.kind.media_type(),
                "size": a.data.len(),
                "data": STANDARD.encode(&a.data),
            })
        })
        .collect()
}

/// Writes version `$number` of `$n` with its attachments (shared by publish and correct).
const WRITE_VERSION: &str = "LET $v = type::record('notice_version', [$key, $number]); \
    CREATE $v SET notice = $n, number = $number, title = $title, body = $body, \
    publish_at = <datetime> $publish_at, ends_on = $ends_on OR NONE, author = $author, \
    audit_seq = $audit_seq, audit_hash = $audit_hash, created_at = time::now(); \
    FOR $a IN $attachments { CREATE notice_attachment SET version = $v, name = $a.name, \
    kind = $a.kind, size = $a.size, data = encoding::base64::decode($a.data) }; \
    UPDATE $n SET latest = $number";

/// The statements and bindings that publish a new notice, for [`Store::publish_notice`] and for
/// other pillars that publish a notice in the same transaction as their own change. Answers the
/// notice's key with them.
pub(crate) fn new_notice_work(
    community: &CommunityKey,
    notice: &NewNotice,
    about: Option<&str>,
    attachments: &[NewAttachment],
    author: &str,
) -> (NoticeKey, String, Vec<(&'static str, serde_json::Value)>) {
    let key = NoticeKey::fresh();
    let surql = format!(
        "IF record::exists(type::record('community', $community)) = false \
         {{ THROW 'unknown community' }}; \
         LET $n = type::record('notice', $key); \
         CREATE $n SET community = type::record('community', $community), kind = $kind, \
         about = $about OR NONE, latest = 1, created_at = time::now(); {WRITE_VERSION}"
    );
    let bindings = vec![
        ("community", community.into()),
        ("key", key.clone().into()),
        ("kind", notice.kind.code().into()),
        ("about", about.into()),
        ("number", 1.into()),
        ("title", notice.title.clone().into()),
        ("body", notice.body.clone().into()),
        ("publish_at", notice.publish_at.to_rfc3339().into()),
        ("ends_on", notice.ends_on.map(|d| d.to_string()).into()),
        ("author", author.into()),
        ("attachments", attachment_rows(attachments)),
    ];
    (key, surql, bindings)
}

impl Store {
    /// Publishes a new notice in `community` (now or at its scheduled time). Answers its key.
    pub async fn publish_notice(
        &self,
        community: &CommunityKey,
        notice: &NewNotice,
        about: Option<&str>,
        attachments: &[NewAttachment],
        author: &str,
    ) -> Result<NoticeKey, StoreError> {
        self.publish_notice_and(community, notice, about, attachments, author, None)
            .await
    }

    /// Like [`Self::publish_notice`], with `more` statements and their bindings in the same
    /// audited transaction (a draft's deletion, say).
    pub(crate) async fn publish_notice_and(
        &self,
        community: &CommunityKey,
        notice: &NewNotice,
        about: Option<&str>,
        attachments: &[NewAttachment],
        author: &str,
        more: Option<(&str, Vec<(&'static str, serde_json::Value)>)>,
    ) -> Result<NoticeKey, StoreError> {
        let (key, mut surql, mut bindings) =
            new_notice_work(community, notice, about, attachments, author);
        if let Some((statements, more_bindings)) = more {
            surql = format!("{surql}; {statements}");
            bindings.extend(more_bindings);
        }
        self.audited(
            facts(
                author,
                "notice.publish",
                Some(community),
                Detail::new()
                    .with(Fact::Notice, &key)
                    .with(Fact::Title, &notice.title),
            ),
            Audited {
                surql: &surql,
                bindings,
            },
        )
        .await?;
        Ok(key)
    }

    /// Publishes a correction of notice `key` as version `number` (the next one, from the
    /// domain). Answers false, writing nothing, when the notice is not of this community or
    /// another correction took that number first.
    pub async fn correct_notice(
        &self,
        community: &CommunityKey,
        key: &str,
        number: u32,
        notice: &NewNotice,
        attachments: &[NewAttachment],
        author: &str,
    ) -> Result<bool, StoreError> {
        let surql = format!(
            "LET $n = type::record('notice', $key); \
             IF (SELECT VALUE community FROM ONLY $n) != type::record('community', $community) \
             {{ THROW 'not this community' }}; \
             IF (SELECT VALUE latest FROM ONLY $n) + 1 != $number {{ THROW 'not the next version' }}; \
             {WRITE_VERSION}"
        );
        let result = self
            .audited(
                facts(
                    author,
                    "notice.correct",
                    Some(community),
                    Detail::new()
                        .with(Fact::Notice, key)
                        .with(Fact::Version, number)
                        .with(Fact::Title, &notice.title),
                ),
                Audited {
                    surql: &surql,
                    bindings: vec![
                        ("community", community.into()),
                        ("key", key.into()),
                        ("number", number.into()),
                        ("title", notice.title.clone().into()),
                        ("body", notice.body.clone().into()),
                        ("publish_at", notice.publish_at.to_rfc3339().into()),
                        ("ends_on", notice.ends_on.map(|d| d.to_string()).into()),
                        ("author", author.into()),
                        ("attachments", attachment_rows(attachments)),
                    ],
                },
            )
            .await;
        super::audit::refused_as_false(result)
    }

    /// Takes notice `key` down: it was last shown on `last_day`. Answers false, writing
    /// nothing, when it is not of this community or was already taken down.
    pub async fn take_down_notice(
        &self,
        acting: &Acting,
        key: &str,
        last_day: NaiveDate,
    ) -> Result<bool, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let result = self
            .audited(
                facts(
                    actor,
                    "notice.take_down",
                    Some(community),
                    Detail::new()
                        .with(Fact::Notice, key)
                        .with(Fact::LastDay, last_day),
                ),
                Audited {
                    surql: "LET $n = type::record('notice', $key); \
                            IF (SELECT VALUE community FROM ONLY $n) != type::record('community', $community) \
                            { THROW 'not this community' }; \
                            IF (SELECT VALUE taken_down_on FROM ONLY $n) != NONE { THROW 'already taken down' }; \
                            UPDATE $n SET taken_down_on = $day;",
                    bindings: vec![
                        ("community", community.into()),
                        ("key", key.into()),
                        ("day", last_day.to_string().into()),
                    ],
                },
            )
            .await;
        super::audit::refused_as_false(result)
    }

    /// Every notice of `community` (or of all communities), newest first, with its latest
    /// version's facts. Standing (scheduled, current, archived) is the domain's to decide.
    pub async fn notice_heads(
        &self,
        community: Option<&CommunityKey>,
    ) -> Result<Vec<NoticeHead>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT <string> record::id(id) AS key, <string> record::id(community) AS community, \
                 kind, latest, \
                 (SELECT VALUE title FROM ONLY type::record('notice_version', [record::id($parent.id), $parent.latest])) AS title, \
                 (SELECT VALUE publish_at FROM ONLY type::record('notice_version', [record::id($parent.id), $parent.latest])) AS publish_at, \
                 (SELECT VALUE publish_at FROM ONLY type::record('notice_version', [record::id($parent.id), 1])) AS first_published, \
                 (SELECT VALUE {DAY_OF_ENDS_ON} FROM ONLY type::record('notice_version', [record::id($parent.id), $parent.latest])) AS ends_on, about, \
                 {DAY_TAKEN_DOWN} AS taken_down_on \
                 FROM notice WHERE !$community OR community = type::record('community', $community) \
                 ORDER BY first_published DESC"
            ))
            .bind(("community", community.cloned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// One notice's facts, if it exists.
    pub async fn notice_head(&self, key: &NoticeKey) -> Result<Option<NoticeHead>, StoreError> {
        Ok(self
            .notice_heads(None)
            .await?
            .into_iter()
            .find(|n| &n.key == key))
    }

    /// Every version of a notice, oldest first.
    pub async fn notice_versions(&self, key: &NoticeKey) -> Result<Vec<NoticeVersion>, StoreError> {
        Ok(self
            .db
            .query(format!(
                "SELECT number, title, body, publish_at, {DAY_OF_ENDS_ON} AS ends_on, author, audit_seq, audit_hash FROM notice_version \
                 WHERE notice = type::record('notice', $key) ORDER BY number"
            ))
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// The attachments of every version of a notice.
    pub async fn notice_attachments(
        &self,
        key: &NoticeKey,
    ) -> Result<Vec<AttachmentInfo>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, version.number AS version, name, kind, size \
                 FROM notice_attachment WHERE version.notice = type::record('notice', $key) \
                 ORDER BY version, name",
            )
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// The notice an attachment belongs to, if the attachment exists.
    pub async fn attachment_notice(&self, key: &str) -> Result<Option<NoticeKey>, StoreError> {
        let rows: Vec<NoticeKey> = self
            .db
            .query(
                "SELECT VALUE <string> record::id(version.notice) \
                 FROM type::record('notice_attachment', $key)",
            )
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// An attachment's name, media type and bytes.
    pub async fn attachment_data(
        &self,
        key: &str,
    ) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
        let rows: Vec<AttachmentData> = self
            .db
            .query(
                "SELECT name, kind, encoding::base64::encode(data) AS data \
                 FROM type::record('notice_attachment', $key)",
            )
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next().and_then(|row| {
            let data = LENIENT.decode(row.data.as_bytes()).ok()?;
            Some((row.name, row.kind, data))
        }))
    }
}

impl Store {
    /// Records that `person` opened notice `key` (again: the first time is kept).
    pub async fn mark_read(&self, person: &PersonKey, key: &NoticeKey) -> Result<(), StoreError> {
        self.db
            .query(
                "LET $r = type::record('notice_read', [$person, $key]); \
                 IF record::exists($r) = false { CREATE $r SET person = type::record('person', $person), \
                 notice = type::record('notice', $key), at = time::now() }",
            )
            .bind(("person", person.to_owned()))
            .bind(("key", key.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// The keys of the notices `person` has opened.
    pub async fn read_notices(&self, person: &PersonKey) -> Result<Vec<NoticeKey>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT VALUE <string> record::id(notice) FROM notice_read \
                 WHERE person = type::record('person', $person)",
            )
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }
}

impl NoticeHead {
    /// Where the latest version sits on the board, for `domain::notice::standing`.
    pub fn placement(&self) -> crate::domain::notice::Placement {
        // Taken down, it ends on the earlier of that day and its own last day.
        let ends_on = match (self.ends_on, self.taken_down_on) {
            (Some(own), Some(down)) => Some(own.min(down)),
            (own, down) => own.or(down),
        };
        crate::domain::notice::Placement {
            publish_at: self.publish_at,
            ends_on,
            superseded: false,
        }
    }
}

/// A version's `ends_on` (stored as `YYYY-MM-DD`) read as a date: an unreadable one is an
/// error, never a missing day (issue 18, item 2).
const DAY_OF_ENDS_ON: &str = crate::store::stored_day!("ends_on");

/// The day staff took a notice down, read as a date.
const DAY_TAKEN_DOWN: &str = crate::store::stored_day!("taken_down_on");

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::domain::keys::*;
    use crate::domain::notice::{NoticeInput, check_attachment};
    use crate::domain::registry::NewCommunity;
    use crate::domain::rules::CommunityRules;

    async fn community(store: &Store) -> CommunityKey {
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        store
            .create_community(&new, "cli:test")
            .await
            .expect("create")
            .key
    }

    fn notice(title: &str) -> NewNotice {
        NewNotice::parse(
            &NoticeInput {
                kind: "general",
                title,
                body: "各位居民：请注意。",
                publish_at: None,
                ends_on: None,
            },
            &CommunityRules::default(),
            Utc::now(),
        )
        .expect("valid")
    }

    #[tokio::test]
    async fn a_notice_is_published_with_its_attachment_and_listed() {
        let store = Store::open("mem://").await.expect("store");
        let c = community(&store).await;
        let (kind, name) = check_attachment("名单.pdf", b"%PDF-1.4 test").expect("pdf");
        let attachment = NewAttachment {
            name,
            kind,
            data: b"%PDF-1.4 test".to_vec(),
        };
        let key = store
            .publish_notice(&c, &notice("停水通知"), None, &[attachment], "person:staff")
            .await
            .expect("publish");
        let heads = store.notice_heads(Some(&c)).await.expect("heads");
        assert_eq!(heads.len(), 1);
        assert_eq!(heads[0].key, key);
        assert_eq!(heads[0].title, "停水通知");
        assert_eq!(heads[0].latest, 1);
        let files = store.notice_attachments(&key).await.expect("files");
        assert_eq!(files.len(), 1);
        let (name, media, data) = store
            .attachment_data(&files[0].key)
            .await
            .expect("read")
            .expect("file");
        assert_eq!(
            (name.as_str(), media.as_str()),
            ("名单.pdf", "application/pdf")
        );
        assert_eq!(data, b"%PDF-1.4 test");
        assert_eq!(
            store
                .attachment_notice(&files[0].key)
                .await
                .expect("notice"),
            Some(key.clone())
        );
        assert!(
            store
                .audit_log()
                .await
                .expect("log")
                .iter()
                .any(|e| e.action == "notice.publish")
        );
    }

    #[tokio::test]
    async fn a_correction_is_the_next_version_and_the_first_stays() {
        let store = Store::open("mem://").await.expect("store");
        let c = community(&store).await;
        let key = store
            .publish_notice(&c, &notice("停水通知"), None, &[], "person:staff")
            .await
            .expect("publish");
        assert!(
            store
                .correct_notice(
                    &c,
                    &key,
                    2,
                    &notice("停水通知（更正）"),
                    &[],
                    "person:staff"
                )
                .await
                .expect("correct")
        );
        assert!(
            !store
                .correct_notice(&c, &key, 2, &notice("又一次"), &[], "person:staff")
                .await
                .expect("again"),
            "version 2 exists: a racing correction loses"
        );
        assert!(
            !store
                .correct_notice(
                    &test_key("elsewhere"),
                    &key,
                    3,
                    &notice("x"),
                    &[],
                    "person:staff"
                )
                .await
                .expect("foreign")
        );
        let versions = store.notice_versions(&key).await.expect("versions");
        let titles: Vec<_> = versions.iter().map(|v| v.title.as_str()).collect();
        assert_eq!(titles, ["停水通知", "停水通知（更正）"]);
        let head = store.notice_head(&key).await.expect("head").expect("found");
        assert_eq!(head.latest, 2);
        assert_eq!(head.title, "停水通知（更正）");
    }

    #[tokio::test]
    async fn a_published_version_cannot_be_edited_or_deleted() {
        let store = Store::open("mem://").await.expect("store");
        let c = community(&store).await;
        let key = store
            .publish_notice(&c, &notice("停水通知"), None, &[], "person:staff")
            .await
            .expect("publish");
        for surql in [
            "UPDATE type::record('notice_version', [$key, 1]) SET title = 'forged'",
            "DELETE type::record('notice_version', [$key, 1])",
        ] {
            let result = store
                .db
                .query(surql)
                .bind(("key", key.clone()))
                .await
                .expect("query")
                .check();
            assert!(result.is_err(), "{surql}");
        }
        assert_eq!(
            store.notice_versions(&key).await.expect("versions")[0].title,
            "停水通知"
        );
    }

    #[tokio::test]
    async fn a_notice_opened_twice_is_read_once() {
        let store = Store::open("mem://").await.expect("store");
        let c = community(&store).await;
        let key = store
            .publish_notice(&c, &notice("停水通知"), None, &[], "person:staff")
            .await
            .expect("publish");
        assert!(
            store
                .read_notices(&test_key("someone"))
                .await
                .expect("read")
                .is_empty()
        );
        store
            .mark_read(&test_key("someone"), &key)
            .await
            .expect("mark");
        store
            .mark_read(&test_key("someone"), &key)
            .await
            .expect("mark again");
        assert_eq!(
            store
                .read_notices(&test_key("someone"))
                .await
                .expect("read"),
            [key]
        );
        assert!(
            store
                .read_notices(&test_key("another"))
                .await
                .expect("read")
                .is_empty()
        );
    }
}
