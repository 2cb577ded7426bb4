//! The audit log's integrity rule: every privileged action is an entry chained to the one
//! before by a SHA-256 hash, so removing, reordering or editing an entry breaks the chain at
//! that point. The store appends; this module says what the hash is and checks a chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One privileged action: who did what, when, in which community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// 1 for the first entry, then consecutive.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The person (or `cli:<user>` for the command line) who acted.
    pub actor: String,
    /// What was done, as a stable code such as `invitation.issue`.
    pub action: String,
    pub community: Option<String>,
    /// What it was done to, in a few words (ids, not personal details).
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields an entry is made of before it is chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFacts {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub community: Option<String>,
    pub detail: String,
}

impl AuditFacts {
    /// The entry these facts make when appended after `previous` (or first, if none).
    pub fn chain_after(self, previous: Option<&AuditEntry>) -> AuditEntry {
        let (seq, prev_hash) = match previous {
            Some(entry) => (entry.seq + 1, entry.hash.clone()),
            None => (1, GENESIS.to_owned()),
        };
        let hash = entry_hash(
            seq,
            &prev_hash,
            &self.at,
            &self.actor,
            &self.action,
            self.community.as_deref(),
            &self.detail,
        );
        AuditEntry {
            seq,
            at: self.at,
            actor: self.actor,
            action: self.action,
            community: self.community,
            detail: self.detail,
            prev_hash,
            hash,
        }
    }
}

/// SHA-256 over the entry's fields, each length-prefixed so no two entries share an encoding.
pub fn entry_hash(
    seq: u64,
    prev_hash: &str,
    at: &DateTime<Utc>,
    actor: &str,
    action: &str,
    community: Option<&str>,
    detail: &str,
) -> String {
    let mut hasher = Sha256::new();
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let community = community.unwrap_or("");
    for field in [
        seq.to_string().as_str(),
        prev_hash,
        at.as_str(),
        actor,
        action,
        community,
        detail,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where a chain stops being trustworthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("entry {0} is missing or out of order")]
    Gap(u64),
    #[error("entry {0} does not point at the entry before it")]
    Link(u64),
    #[error("entry {0} was altered")]
    Altered(u64),
}

/// Checks a whole log, oldest first.
pub fn verify(entries: &[AuditEntry]) -> Result<(), ChainBreak> {
    let mut previous: Option<&AuditEntry> = None;
    for entry in entries {
        let expected_seq = previous.map_or(1, |p| p.seq + 1);
        if entry.seq != expected_seq {
            return Err(ChainBreak::Gap(expected_seq));
        }
        let expected_prev = previous.map_or(GENESIS, |p| p.hash.as_str());
        if entry.prev_hash != expected_prev {
            return Err(ChainBreak::Link(entry.seq));
        }
        let recomputed = entry_hash(
            entry.seq,
            &entry.prev_hash,
            &entry.at,
            &entry.actor,
            &entry.action,
            entry.community.as_deref(),
            &entry.detail,
        );
        if recomputed != entry.hash {
            return Err(ChainBreak::Altered(entry.seq));
        }
        previous = Some(entry);
    }
    Ok(())
}

/// A chain head published outside the database (on a notice, in the daily list, or a copy of
/// either that anyone kept): the entry's sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PublishedHead {
    pub seq: u64,
    pub hash: String,
}

/// Why a log does not match the heads published from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadMismatch {
    /// A head was published for an entry the log no longer has: its tail was cut.
    #[error("entry {0} was published but the log ends before it: its tail was cut")]
    Cut(u64),
    /// The log's entry differs from the hash published for it.
    #[error("entry {0} differs from the hash published for it")]
    Rewritten(u64),
}

/// Checks a log (oldest first, already [`verify`]-ed) against heads published outside the
/// database. Whoever can run DDL can rewrite the whole chain consistently or cut its tail, and
/// [`verify`] alone still passes; a head someone saw published cannot be taken back (issue 15,
/// item 14).
pub fn check_heads(entries: &[AuditEntry], heads: &[PublishedHead]) -> Result<(), HeadMismatch> {
    for head in heads {
        let found = usize::try_from(head.seq)
            .ok()
            .and_then(|seq| seq.checked_sub(1))
            .and_then(|index| entries.get(index))
            .filter(|entry| entry.seq == head.seq);
        match found {
            None => return Err(HeadMismatch::Cut(head.seq)),
            Some(entry) if entry.hash != head.hash => {
                return Err(HeadMismatch::Rewritten(head.seq));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_tail_or_a_rewritten_chain_is_caught_by_the_published_heads() {
        let mut log: Vec<AuditEntry> = Vec::new();
        for n in 0..4 {
            let facts = AuditFacts {
                at: DateTime::from_timestamp(1_767_225_600 + n, 0).expect("time"),
                actor: "cli:test".into(),
                action: "test.step".into(),
                community: None,
                detail: format!("step {n}"),
            };
            let entry = facts.chain_after(log.last());
            log.push(entry);
        }
        let heads = vec![
            PublishedHead {
                seq: 2,
                hash: log[1].hash.clone(),
            },
            PublishedHead {
                seq: 4,
                hash: log[3].hash.clone(),
            },
        ];
        assert_eq!(check_heads(&log, &heads), Ok(()));
        let cut = &log[..3];
        assert_eq!(verify(cut), Ok(()), "a cut chain still verifies on its own");
        assert_eq!(check_heads(cut, &heads), Err(HeadMismatch::Cut(4)));
        // Rewritten from entry 2 on, consistently: the chain verifies, the head does not.
        let mut rewritten = log[..1].to_vec();
        for (n, original) in log.iter().enumerate().skip(1) {
            let facts = AuditFacts {
                at: original.at,
                actor: "cli:forger".into(),
                action: "test.step".into(),
                community: None,
                detail: format!("step {n}"),
            };
            let entry = facts.chain_after(rewritten.last());
            rewritten.push(entry);
        }
        assert_eq!(verify(&rewritten), Ok(()));
        assert_eq!(
            check_heads(&rewritten, &heads),
            Err(HeadMismatch::Rewritten(2))
        );
    }

    fn facts(n: i64) -> AuditFacts {
        AuditFacts {
            at: DateTime::from_timestamp(1_767_225_600 + n, 0).expect("time"),
            actor: format!("person:{n}"),
            action: "invitation.issue".into(),
            community: Some("community:demo".into()),
            detail: format!("invitation {n}"),
        }
    }

    fn chain(len: i64) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for n in 0..len {
            let entry = facts(n).chain_after(entries.last());
            entries.push(entry);
        }
        entries
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(5);
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[4].seq, 5);
        assert_eq!(verify(&entries), Ok(()));
        assert_eq!(verify(&[]), Ok(()));
    }

    #[test]
    fn an_edited_entry_breaks_the_chain_there() {
        let mut entries = chain(5);
        entries[2].detail = "something else".into();
        assert_eq!(verify(&entries), Err(ChainBreak::Altered(3)));
    }

    #[test]
    fn a_removed_entry_breaks_the_chain() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(verify(&entries), Err(ChainBreak::Gap(2)));
    }

    #[test]
    fn a_rehashed_forgery_still_breaks_the_next_link() {
        let mut entries = chain(4);
        entries[1].actor = "person:forger".into();
        let e = &entries[1];
        entries[1].hash = entry_hash(
            e.seq,
            &e.prev_hash,
            &e.at,
            &e.actor,
            &e.action,
            e.community.as_deref(),
            &e.detail,
        );
        assert_eq!(verify(&entries), Err(ChainBreak::Link(3)));
    }

    #[test]
    fn field_boundaries_cannot_be_shifted() {
        let at = DateTime::from_timestamp(0, 0).expect("time");
        let a = entry_hash(1, GENESIS, &at, "ab", "c", None, "");
        let b = entry_hash(1, GENESIS, &at, "a", "bc", None, "");
        assert_ne!(a, b);
    }
}
