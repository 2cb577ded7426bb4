//! What an audit entry was done to, as named facts rather than an English sentence (issue 16,
//! item 8: the log showed "roles: … for …" and "objection … about …" to Chinese readers).
//!
//! An entry's `detail` is part of its hash, so it is written once, in no one's language: a JSON
//! object from [`Fact`] to a value (`{"election":"…","person":"…"}`). The page says each fact's
//! name in the reader's language and each value in words (a person's or an election's name for
//! a record key, a role's name for a role code, 是/否 for a flag). Entries written before this
//! (December 2026) keep their worded detail: the chain commits to it, so it is shown as stored,
//! with its keys and role codes named.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One kind of fact a detail names; the variant order is the order the page shows them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// A community's district and name, as created.
    Community,
    /// An election's key.
    Election,
    /// The key of the election a further round follows.
    FollowsElection,
    /// A notice's key.
    Notice,
    /// A correction's version number (1 is the first publication).
    Version,
    /// A notice's or an election's title, as written.
    Title,
    /// A person's key.
    Person,
    /// A person's key, the relative a declarant named.
    Relative,
    /// A candidate's person key.
    Candidate,
    /// A nomination's key.
    Nomination,
    /// An office, as `Office::code`.
    Office,
    /// Who nominated, as `NominatedBy::code`.
    NominatedBy,
    /// A proxy holder's person key.
    Proxy,
    /// A voter's person key.
    Voter,
    /// An election officer's person key.
    Officer,
    /// A polling place's key.
    Place,
    /// An objection's key.
    Objection,
    /// An objection's kind, as `ObjectionKind::code`.
    ObjectionKind,
    /// An objection's decision: `upheld` or `rejected`.
    Decision,
    /// Whether a roll application was confirmed (`true`/`false`).
    Confirmed,
    /// A role code (`Role::code`), or several joined by commas.
    Role,
    /// A role grant's key.
    Grant,
    /// An invitation's kind: `enrolment` or `recovery`.
    InvitationKind,
    /// The first characters of an invitation's key (enough to find it, not to use it).
    Invitation,
    /// Who issued an invitation: `person:<key>` or `cli:<user>`.
    IssuedBy,
    /// Whether a recovery revoked the person's old passkeys (`true`/`false`).
    OldPasskeysRevoked,
    /// A grid's name.
    Grid,
    /// A passkey's key.
    Passkey,
    /// A passkey's name, as its owner gave it.
    Label,
    /// A count of voters.
    Voters,
    /// A count of people.
    People,
    /// A count of candidates.
    Candidates,
    /// A count of invitations.
    Invitations,
    /// A date (`YYYY-MM-DD`, the community's calendar): the last day something is in force or
    /// shown.
    LastDay,
    /// Why, in the actor's words (a dispute's note).
    Reason,
    /// A record the chain commits to (a tally sheet, a published result, as JSON): kept for
    /// `gongshang audit verify` and the recount, never shown on the page.
    Record,
    /// An evaluation round's key.
    Evaluation,
    /// A question's key.
    Question,
    /// A paper box's number within an evaluation round (1 to 9).
    PaperBox,
}

/// The facts of one entry's detail, at most one value per fact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Detail(BTreeMap<Fact, String>);

impl Detail {
    pub fn new() -> Self {
        Self::default()
    }

    /// This detail with `fact` set to `value` (a later value for the same fact replaces it).
    #[must_use]
    pub fn with(mut self, fact: Fact, value: impl ToString) -> Self {
        self.0.insert(fact, value.to_string());
        self
    }

    /// The stored form: a JSON object, keys in [`Fact`] order.
    pub fn stored(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }

    /// A stored detail read back; `None` for a worded detail from before facts, or anything
    /// else that is not a JSON object of known facts to strings.
    pub fn parse(stored: &str) -> Option<Self> {
        if !stored.starts_with('{') {
            return None;
        }
        serde_json::from_str(stored).ok()
    }

    /// The facts in page order.
    pub fn facts(&self) -> impl Iterator<Item = (Fact, &str)> {
        self.0.iter().map(|(fact, value)| (*fact, value.as_str()))
    }

    /// The value of `fact`, if set.
    pub fn get(&self, fact: Fact) -> Option<&str> {
        self.0.get(&fact).map(String::as_str)
    }
}

impl From<Detail> for String {
    fn from(detail: Detail) -> Self {
        detail.stored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item8_a_detail_is_stored_as_named_facts_in_no_language() {
        let detail = Detail::new()
            .with(Fact::Person, "3a7e1b6f-f938-4e7e-9847-92d46a50c025")
            .with(Fact::Election, "0123456789abcdef0123456789abcdef")
            .with(Fact::Confirmed, true);
        let stored = detail.stored();
        assert_eq!(
            stored,
            r#"{"election":"0123456789abcdef0123456789abcdef","person":"3a7e1b6f-f938-4e7e-9847-92d46a50c025","confirmed":"true"}"#
        );
        assert_eq!(Detail::parse(&stored), Some(detail));
    }

    #[test]
    fn issue16_item8_a_worded_detail_from_before_is_not_read_as_facts() {
        assert_eq!(Detail::parse("election abc: person def"), None);
        assert_eq!(Detail::parse(r#"{"unknown_fact":"x"}"#), None);
        assert_eq!(Detail::parse(r#"{"election":3}"#), None);
    }
}
