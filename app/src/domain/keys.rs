//! Record keys, one type per record kind (issue 18, item 2), so that a call taking an election
//! and a person cannot be handed them the other way round, and text from a form becomes a key
//! only through [`RecordKey::parse`].
//!
//! A key reads as its text everywhere (`Deref<Target = str>`, `Display`), because it goes into
//! URLs, query bindings and logs as text; the reverse is never implicit: there is no
//! `From<String>`. Keys come from three places only: [`RecordKey::parse`] (a form or a URL),
//! the store (rows it reads, trusted as it wrote them), and [`RecordKey::fresh`] (a new
//! record). On the wire (server-function answers) a key is its text, and reading it back
//! checks it again, so a hand-made answer cannot carry a key no record could have.
//!
//! Not yet typed: candidates inside a ballot (the contests in `domain::election` name them by
//! their key's text, as stored ballots keep it), passkeys, sessions and invitations (the
//! identity store's own, never beside another kind in a call), attachments and audit entries.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest key accepted, in bytes: the store's keys are UUIDs (36 characters); the rest
/// is room for keys made by the command line.
pub const MAX_KEY_LEN: usize = 64;

/// Why a text is not a key. Forms show it as "unknown value": a key is never typed by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a record key: empty, longer than {MAX_KEY_LEN} bytes, or not ASCII letters, digits, - and _"
)]
pub struct NotAKey;

/// Whether `raw` (already trimmed) could be a key: 1 to [`MAX_KEY_LEN`] ASCII letters, digits,
/// `-` and `_`. Nothing else reaches a query, whatever a form sends.
fn is_key(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= MAX_KEY_LEN
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What every record key does; implemented by the types `record_key!` makes, so a helper can
/// parse any kind of key (`api::request::parse_key`).
pub trait RecordKey: Sized + Clone + fmt::Display + AsRef<str> {
    /// The table the key's records live in (for logs and for `type::record`).
    const TABLE: &'static str;

    /// A key from a form, a URL or the command line: surrounding white space is dropped,
    /// anything else not a key is [`NotAKey`].
    fn parse(raw: &str) -> Result<Self, NotAKey>;
}

/// Declares a key type for table `$table`.
macro_rules! record_key {
    ($(#[$doc:meta])* $name:ident, $table:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl RecordKey for $name {
            const TABLE: &'static str = $table;

            fn parse(raw: &str) -> Result<Self, NotAKey> {
                $name::parse(raw)
            }
        }

        impl $name {
            /// A key from a form, a URL or the command line: surrounding white space is
            /// dropped, anything else not a key is [`NotAKey`].
            pub fn parse(raw: &str) -> Result<Self, NotAKey> {
                let raw = raw.trim();
                if is_key(raw) { Ok(Self(raw.to_owned())) } else { Err(NotAKey) }
            }

            /// A key the store read or is about to write; not checked (the store wrote it).
            #[cfg(feature = "ssr")]
            #[allow(dead_code)] // made for every kind; not every kind's keys are made so
            pub(crate) fn from_store(raw: String) -> Self {
                Self(raw)
            }

            /// A new random key (a UUID's 32 hex digits) for a record about to be created.
            #[cfg(feature = "ssr")]
            #[allow(dead_code)] // made for every kind; not every kind's keys are made so
            pub(crate) fn fresh() -> Self {
                Self(uuid::Uuid::new_v4().simple().to_string())
            }

            /// The key as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = NotAKey;
            fn try_from(raw: String) -> Result<Self, NotAKey> {
                $name::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(key: $name) -> String {
                key.0
            }
        }

        impl From<$name> for serde_json::Value {
            fn from(key: $name) -> Self {
                serde_json::Value::String(key.0)
            }
        }

        impl From<&$name> for serde_json::Value {
            fn from(key: &$name) -> Self {
                serde_json::Value::String(key.0.clone())
            }
        }

        #[cfg(feature = "ssr")]
        impl surrealdb::types::SurrealValue for $name {
            fn kind_of() -> surrealdb::types::Kind {
                String::kind_of()
            }

            fn is_value(value: &surrealdb::types::Value) -> bool {
                String::is_value(value)
            }

            fn into_value(self) -> surrealdb::types::Value {
                self.0.into_value()
            }

            fn from_value(
                value: surrealdb::types::Value,
            ) -> Result<Self, surrealdb::types::Error> {
                String::from_value(value).map(Self)
            }
        }
    };
}

record_key!(
    /// A community (`community` table).
    CommunityKey,
    "community"
);
record_key!(
    /// A person of the registry (`person` table): residents, officers and candidates alike.
    PersonKey,
    "person"
);
record_key!(
    /// An election (`election` table).
    ElectionKey,
    "election"
);
record_key!(
    /// One of an election's polling places (`polling_place` table).
    PlaceKey,
    "polling_place"
);
record_key!(
    /// A notice on the board (`notice` table).
    NoticeKey,
    "notice"
);
record_key!(
    /// An objection to a published roll (`objection` table).
    ObjectionKey,
    "objection"
);
record_key!(
    /// A nomination of a candidate (`nomination` table).
    NominationKey,
    "nomination"
);
record_key!(
    /// A candidate on an election's list (`candidate` table). Ballots name candidates by this
    /// key's text (`domain::election::ballot::Contest`), as stored ballots always have.
    CandidateKey,
    "candidate"
);
record_key!(
    /// A grant of a role to a person for a term (`role_grant` table).
    GrantKey,
    "role_grant"
);
record_key!(
    /// A notice draft (`notice_draft` table).
    DraftKey,
    "notice_draft"
);
record_key!(
    /// An evaluation round (`evaluation` table).
    EvaluationKey,
    "evaluation"
);
record_key!(
    /// A question on a subject's work report (`evaluation_question` table).
    QuestionKey,
    "evaluation_question"
);

/// A key for a test, from text known to be one.
#[cfg(test)]
pub(crate) fn test_key<K: RecordKey>(raw: &str) -> K {
    K::parse(raw).expect("a test's key")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue18_item2_a_key_is_parsed_once_and_text_never_becomes_one_unchecked() {
        assert_eq!(
            ElectionKey::parse("  4f9c-a_1 ").map(String::from),
            Ok("4f9c-a_1".to_owned())
        );
        for bad in [
            "",
            "   ",
            "a b",
            "选举",
            "x'; DROP",
            &"a".repeat(MAX_KEY_LEN + 1),
        ] {
            assert_eq!(PersonKey::parse(bad), Err(NotAKey), "{bad:?}");
        }
        assert!(PersonKey::parse(&"a".repeat(MAX_KEY_LEN)).is_ok());
    }

    #[test]
    fn issue18_item2_a_key_on_the_wire_is_its_text_and_is_checked_when_read_back() {
        let key = NoticeKey::parse("abc123").expect("key");
        assert_eq!(serde_json::to_string(&key).expect("json"), "\"abc123\"");
        let back: NoticeKey = serde_json::from_str("\"abc123\"").expect("back");
        assert_eq!(back, key);
        assert!(serde_json::from_str::<NoticeKey>("\"a b\"").is_err());
    }
}
