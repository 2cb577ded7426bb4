//! The audit log as staff and the supervisory committee read it: the community's newest
//! entries, with the people who acted by name, and whether the whole chain still verifies.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: u64,
    /// `YYYY-MM-DD HH:MM` on the community's clock.
    pub at: String,
    /// The acting person's name, or the raw actor (`cli:…`) when not a person here.
    pub actor: String,
    pub action: String,
    pub detail: String,
    /// For a change of the community's rules: what changed (the detail then is empty, not the
    /// whole set as stored).
    pub rule_changes: Vec<crate::domain::rules::RuleChange>,
}

/// The log and the state of its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub entries: Vec<AuditLine>,
    /// Entries in the whole log (every community), all checked.
    pub checked: u64,
    /// `None` when the chain verifies; otherwise the first entry where it breaks.
    pub broken_at: Option<u64>,
}

/// Entries shown on the page.
pub const AUDIT_PAGE: u32 = 100;

#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log() -> Result<AuditView, AppError> {
    ssr::audit_log().await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::api::context::ServerContext;
    use crate::api::registry::ssr::staff;
    use crate::domain::audit::{ChainBreak, verify};
    use crate::domain::policy::Action;
    use crate::domain::rules::{CommunityRules, RuleChange};
    use std::collections::HashMap;

    pub async fn audit_log() -> Result<AuditView, AppError> {
        let caller = staff(Action::ViewAuditLog).await?;
        let store = ServerContext::current()?.store;
        let whole = store.audit_log().await?;
        let broken_at = verify(&whole).err().map(|error| match error {
            ChainBreak::Gap(seq) | ChainBreak::Link(seq) | ChainBreak::Altered(seq) => seq,
        });
        if let Some(seq) = broken_at {
            tracing::error!(seq, "the audit chain does not verify");
        }
        let recent = store
            .community_audit_log(&caller.community, AUDIT_PAGE)
            .await?;
        let mut names: HashMap<String, String> = HashMap::new();
        for entry in &recent {
            if let Some(key) = entry.actor.strip_prefix("person:")
                && !names.contains_key(&entry.actor)
                && let Some(person) = store.person_summary(key).await?
            {
                names.insert(entry.actor.clone(), person.name);
            }
        }
        // Record keys in the details become the names of what they are (issue 16, item 8).
        let mut referred: HashMap<String, String> = HashMap::new();
        for entry in &recent {
            for key in record_keys(&entry.detail) {
                if referred.contains_key(key) {
                    continue;
                }
                let name = match store.person_summary(key).await? {
                    Some(person) => person.name,
                    None => match store.election(key).await? {
                        Some(election) => election.title,
                        None => "…".to_owned(),
                    },
                };
                referred.insert(key.to_owned(), name);
            }
        }
        // A change of rules stores the whole new set; the page shows what changed from the set
        // before it (issue 16, item 8: the page printed the stored JSON).
        let mut rules_before: HashMap<u64, Vec<RuleChange>> = HashMap::new();
        let mut last = CommunityRules::default();
        for entry in whole.iter().filter(|e| {
            e.action == "community.rules" && e.community.as_deref() == Some(&caller.community)
        }) {
            let Ok(rules) = serde_json::from_str::<CommunityRules>(&entry.detail) else {
                continue;
            };
            rules_before.insert(entry.seq, rules.changes_from(&last));
            last = rules;
        }
        Ok(AuditView {
            entries: recent
                .into_iter()
                .map(|entry| AuditLine {
                    rule_changes: rules_before.remove(&entry.seq).unwrap_or_default(),
                    seq: entry.seq,
                    at: crate::domain::clock::show_minute(entry.at),
                    actor: names.get(&entry.actor).cloned().unwrap_or(entry.actor),
                    action: entry.action.clone(),
                    detail: if entry.action == "community.rules" {
                        String::new()
                    } else {
                        // A payload the chain commits to (a published result) is the
                        // record's, not the page's: the words before it say what happened.
                        let words = entry.detail.split(": {").next().unwrap_or_default();
                        record_keys(words).fold(words.to_owned(), |detail, key| {
                            detail.replace(key, referred.get(key).map_or("…", String::as_str))
                        })
                    },
                })
                .collect(),
            checked: u64::try_from(whole.len()).unwrap_or(u64::MAX),
            broken_at,
        })
    }

    /// The record keys a detail mentions: 32 hexadecimal digits (elections, notices…) or a
    /// hyphenated UUID (people).
    fn record_keys(detail: &str) -> impl Iterator<Item = &str> {
        detail
            .split(|c: char| !c.is_ascii_hexdigit() && c != '-')
            .filter(|word| {
                word.len() == 32 && !word.contains('-')
                    || word.len() == 36
                        && word
                            .char_indices()
                            .all(|(i, c)| (c == '-') == matches!(i, 8 | 13 | 18 | 23))
            })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn issue16_item8_record_keys_are_found_in_a_detail() {
            let detail = "election 0123456789abcdef0123456789abcdef: voter \
                          fedcba9876543210fedcba9876543210 at 2026-12-01, by \
                          person:3a7e1b6f-f938-4e7e-9847-92d46a50c025";
            assert_eq!(
                record_keys(detail).collect::<Vec<_>>(),
                [
                    "0123456789abcdef0123456789abcdef",
                    "fedcba9876543210fedcba9876543210",
                    "3a7e1b6f-f938-4e7e-9847-92d46a50c025"
                ]
            );
        }
    }
}
