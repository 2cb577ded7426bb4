//! The audit log as staff and the supervisory committee read it: the community's newest
//! entries, with the people who acted by name, and whether the whole chain still verifies.

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::{
    api::{context::ServerContext, registry::ssr::staff},
    domain::audit::{ChainBreak, verify},
    domain::audit_detail::{Detail, Fact},
    domain::keys::PersonKey,
    domain::policy::Action,
    domain::rules::{CommunityRules, RuleChange},
};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use naming::Namer;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use std::collections::HashMap;

/// One entry as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub seq: u64,
    /// `YYYY-MM-DD HH:MM` on the community's clock.
    pub at: String,
    /// The acting person's name, or the raw actor (`cli:…`) when not a person here.
    pub actor: String,
    pub action: String,
    /// An entry from before details were facts (`domain::audit_detail`): its words as stored,
    /// record keys replaced by names. Empty for an entry with facts.
    pub detail: String,
    /// What the entry was done to, record keys already replaced by names; the facts the page
    /// does not show (internal keys, records the chain commits to) left out.
    pub facts: Vec<ShownFact>,
    /// For a change of the community's rules: what changed (the detail then is empty, not the
    /// whole set as stored).
    pub rule_changes: Vec<crate::domain::rules::RuleChange>,
}

/// One fact of an entry as the page shows it: `value` is a name where the stored value was a
/// record key, otherwise as stored (codes, counts, dates, the actor's words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownFact {
    pub fact: crate::domain::audit_detail::Fact,
    pub value: String,
}

/// The log and the state of its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    pub entries: Vec<AuditLine>,
    /// Entries in the whole log (every community), all checked.
    pub checked: u64,
    /// `None` when the chain verifies; otherwise the first entry where it breaks.
    pub broken_at: Option<u64>,
    /// The number to ask for as `before` to see the entries older than these, if there are.
    pub older: Option<u64>,
}

/// Entries shown on the page.
pub const AUDIT_PAGE: u32 = 100;

/// The newest [`AUDIT_PAGE`] entries of the caller's community numbered below `before` (all
/// when empty), newest first, with names for the people and records they mention, and whether
/// the whole log's chain verifies (checked in full on every call).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(before: Option<String>) -> Result<AuditView, AppError> {
    let caller = staff(Action::ViewAuditLog).await?;
    let store = ServerContext::current()?.store;
    let whole = store.audit_log().await?;
    let broken_at = verify(&whole).err().map(|error| match error {
        ChainBreak::Gap(seq) | ChainBreak::Link(seq) | ChainBreak::Altered(seq) => seq,
    });
    if let Some(seq) = broken_at {
        tracing::error!(seq, "the audit chain does not verify");
    }
    let before = match before.as_deref().map(crate::domain::text::code) {
        None => None,
        Some(raw) if raw.is_empty() => None,
        Some(raw) => Some(
            raw.parse::<u64>()
                .map_err(|_| AppError::invalid("before", "not_a_number"))?,
        ),
    };
    // One more than a page says whether older entries remain.
    let mut recent = store
        .community_audit_log(&caller.community, before, AUDIT_PAGE + 1)
        .await?;
    let older = (recent.len() > AUDIT_PAGE as usize).then(|| {
        recent.truncate(AUDIT_PAGE as usize);
        recent.last().map_or(0, |entry| entry.seq)
    });
    let mut names: HashMap<String, String> = HashMap::new();
    for entry in &recent {
        if let Some(key) = entry.actor.strip_prefix("person:")
            && !names.contains_key(&entry.actor)
            && let Ok(key) = PersonKey::parse(key)
            && let Some(person) = store.person_summary(&key).await?
        {
            names.insert(entry.actor.clone(), person.name);
        }
    }
    // Record keys in the details become the names of what they are (issue 16, item 8).
    let mut namer = Namer::new(&store);
    let mut shown: HashMap<u64, Vec<ShownFact>> = HashMap::new();
    for entry in &recent {
        match Detail::parse(&entry.detail) {
            Some(detail) if entry.action != "community.rules" => {
                let facts = namer.shown(&detail).await?;
                shown.insert(entry.seq, facts);
            }
            Some(_) => {}
            None => namer.learn_worded(&entry.detail).await?,
        }
    }
    // A change of rules stores the whole new set; the page shows what changed from the set
    // before it (issue 16, item 8: the page printed the stored JSON).
    let mut rules_before: HashMap<u64, Vec<RuleChange>> = HashMap::new();
    let mut last = CommunityRules::default();
    for entry in whole.iter().filter(|e| {
        e.action == "community.rules" && e.community.as_deref() == Some(&caller.community)
    }) {
        let stored = Detail::parse(&entry.detail)
            .and_then(|detail| detail.get(Fact::Record).map(str::to_owned))
            .unwrap_or_else(|| entry.detail.clone());
        let Ok(rules) = serde_json::from_str::<CommunityRules>(&stored) else {
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
                facts: shown.remove(&entry.seq).unwrap_or_default(),
                detail: if entry.action == "community.rules"
                    || Detail::parse(&entry.detail).is_some()
                {
                    String::new()
                } else {
                    namer.worded(&entry.detail)
                },
            })
            .collect(),
        checked: u64::try_from(whole.len()).unwrap_or(u64::MAX),
        broken_at,
        older,
    })
}

/// Names for the record keys the entries' details mention.
#[cfg(feature = "ssr")]
mod naming {
    use super::ShownFact;
    use crate::AppError;
    use crate::domain::audit_detail::{Detail, Fact};
    use crate::domain::keys::{ElectionKey, EvaluationKey, NoticeKey, PersonKey};
    use crate::store::Store;
    use std::collections::HashMap;

    /// Names for the record keys details mention, each looked up once per page.
    pub(super) struct Namer<'a> {
        store: &'a Store,
        names: HashMap<String, String>,
    }

    /// Shown for a key whose record is gone.
    const UNKNOWN: &str = "…";

    impl<'a> Namer<'a> {
        pub(super) fn new(store: &'a Store) -> Self {
            Self {
                store,
                names: HashMap::new(),
            }
        }

        async fn person(&mut self, key: &str) -> Result<String, AppError> {
            if let Some(name) = self.names.get(key) {
                return Ok(name.clone());
            }
            let name = match PersonKey::parse(key) {
                Ok(person) => self
                    .store
                    .person_summary(&person)
                    .await?
                    .map_or_else(|| UNKNOWN.to_owned(), |person| person.name),
                Err(_) => UNKNOWN.to_owned(),
            };
            self.names.insert(key.to_owned(), name.clone());
            Ok(name)
        }

        async fn candidate(
            &mut self,
            election: Option<&str>,
            key: &str,
        ) -> Result<String, AppError> {
            let name = self.person(key).await?;
            if name != UNKNOWN {
                return Ok(name);
            }
            let candidates = match election.and_then(|e| ElectionKey::parse(e).ok()) {
                Some(election) => self.store.candidates(&election).await?,
                None => Vec::new(),
            };
            let name = candidates
                .into_iter()
                .find(|candidate| candidate.key == key)
                .map_or_else(|| UNKNOWN.to_owned(), |candidate| candidate.name);
            self.names.insert(key.to_owned(), name.clone());
            Ok(name)
        }

        async fn election(&mut self, key: &str) -> Result<String, AppError> {
            if let Some(name) = self.names.get(key) {
                return Ok(name.clone());
            }
            let name = match ElectionKey::parse(key) {
                Ok(election) => self
                    .store
                    .election(&election)
                    .await?
                    .map_or_else(|| UNKNOWN.to_owned(), |election| election.title),
                Err(_) => UNKNOWN.to_owned(),
            };
            self.names.insert(key.to_owned(), name.clone());
            Ok(name)
        }

        /// A round by its period ("2026年度").
        async fn evaluation(&mut self, key: &str) -> Result<String, AppError> {
            if let Some(name) = self.names.get(key) {
                return Ok(name.clone());
            }
            let name = match EvaluationKey::parse(key) {
                Ok(round) => self
                    .store
                    .evaluation(&round)
                    .await?
                    .map_or_else(|| UNKNOWN.to_owned(), |round| round.period),
                Err(_) => UNKNOWN.to_owned(),
            };
            self.names.insert(key.to_owned(), name.clone());
            Ok(name)
        }

        async fn notice(&mut self, key: &str) -> Result<String, AppError> {
            if let Some(name) = self.names.get(key) {
                return Ok(name.clone());
            }
            let name = match NoticeKey::parse(key) {
                Ok(notice) => self
                    .store
                    .notice_head(&notice)
                    .await?
                    .map_or_else(|| UNKNOWN.to_owned(), |notice| notice.title),
                Err(_) => UNKNOWN.to_owned(),
            };
            self.names.insert(key.to_owned(), name.clone());
            Ok(name)
        }

        async fn place(&mut self, election: Option<&str>, key: &str) -> Result<String, AppError> {
            if let Some(name) = self.names.get(key) {
                return Ok(name.clone());
            }
            let places = match election.and_then(|e| ElectionKey::parse(e).ok()) {
                Some(election) => self.store.polling_places(&election).await?,
                None => Vec::new(),
            };
            let name = places
                .into_iter()
                .find(|place| place.key == key)
                .map_or_else(|| UNKNOWN.to_owned(), |place| place.name);
            self.names.insert(key.to_owned(), name.clone());
            Ok(name)
        }

        /// The facts of `detail` the page shows, keys named.
        pub(super) async fn shown(&mut self, detail: &Detail) -> Result<Vec<ShownFact>, AppError> {
            let election = detail.get(Fact::Election);
            let mut shown = Vec::new();
            for (fact, value) in detail.facts() {
                if value.is_empty() {
                    // An invitation that adds no role, say: nothing to show.
                    continue;
                }
                let value = match fact {
                    // Stored as the person's key, or (listing, describing, unlisting) as the
                    // candidate record's.
                    Fact::Candidate => self.candidate(election, value).await?,
                    Fact::Person | Fact::Relative | Fact::Proxy | Fact::Voter | Fact::Officer => {
                        self.person(value).await?
                    }
                    Fact::IssuedBy => match value.strip_prefix("person:") {
                        Some(key) => self.person(key).await?,
                        None => value.to_owned(),
                    },
                    Fact::Election | Fact::FollowsElection => self.election(value).await?,
                    Fact::Notice => self.notice(value).await?,
                    Fact::Evaluation => self.evaluation(value).await?,
                    Fact::Place => self.place(election, value).await?,
                    // Internal keys say nothing to a reader, and a record the chain commits
                    // to is read by `gongshang audit verify` and the recount, not here.
                    Fact::Nomination
                    | Fact::Objection
                    | Fact::Grant
                    | Fact::Passkey
                    | Fact::Invitation
                    | Fact::Question
                    | Fact::Record => continue,
                    Fact::Community
                    | Fact::Version
                    | Fact::Title
                    | Fact::Office
                    | Fact::NominatedBy
                    | Fact::ObjectionKind
                    | Fact::Decision
                    | Fact::Confirmed
                    | Fact::PaperBox
                    | Fact::Role
                    | Fact::InvitationKind
                    | Fact::OldPasskeysRevoked
                    | Fact::Grid
                    | Fact::Label
                    | Fact::Voters
                    | Fact::People
                    | Fact::Candidates
                    | Fact::Invitations
                    | Fact::LastDay
                    | Fact::Reason => value.to_owned(),
                };
                shown.push(ShownFact { fact, value });
            }
            Ok(shown)
        }

        /// Looks up the keys a worded detail (from before facts) mentions.
        pub(super) async fn learn_worded(&mut self, detail: &str) -> Result<(), AppError> {
            for key in record_keys(worded_part(detail)) {
                if self.names.contains_key(key) {
                    continue;
                }
                let person = match PersonKey::parse(key) {
                    Ok(person) => self.store.person_summary(&person).await?,
                    Err(_) => None,
                };
                let election = match (&person, ElectionKey::parse(key)) {
                    (None, Ok(election)) => self.store.election(&election).await?,
                    _ => None,
                };
                let name = match (person, election) {
                    (Some(person), _) => person.name,
                    (None, Some(election)) => election.title,
                    (None, None) => UNKNOWN.to_owned(),
                };
                self.names.insert(key.to_owned(), name);
            }
            Ok(())
        }

        /// A worded detail with its keys replaced by the names `learn_worded` found.
        pub(super) fn worded(&self, detail: &str) -> String {
            let words = worded_part(detail);
            record_keys(words).fold(words.to_owned(), |detail, key| {
                detail.replace(key, self.names.get(key).map_or(UNKNOWN, String::as_str))
            })
        }
    }

    /// A worded detail without the payload the chain commits to (a published result): the
    /// words before it say what happened.
    fn worded_part(detail: &str) -> &str {
        detail.split(": {").next().unwrap_or_default()
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
