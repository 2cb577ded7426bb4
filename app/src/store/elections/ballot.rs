//! Casting a ballot in the database: an election's checks (polls open, on the roll, the
//! proxy's holder) put in front of the secret-submission engine (`store::secret`), which writes
//! the participation (keyed [election, voter]) and the anonymous ballot (keyed [election,
//! SHA-256 of its content, fresh UUID v4]) in one transaction. Handing out a paper ballot
//! (`paper`) writes the participation too, which shuts the phone out, and the other way round.

use super::super::secret::{ELECTION, Submission};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use super::polls::STILL_OPEN;
use crate::domain::election::polls::Phase;
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey, PlaceKey};
use crate::domain::refusal::Refusal;
use surrealdb::types::SurrealValue;

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ParticipationRow {
    channel: String,
    proxy: Option<String>,
}

impl Store {
    /// Casts `voter`'s ballot online (by `holder` when a proxy casts it), through the
    /// secret-submission engine ([`Store::submit_secret`]): checks inside the transaction that
    /// the polls are open, the voter is on the roll and the holder is theirs, then writes the
    /// participation and the ballot. `tracker` makes a fresh tracker code for each attempt.
    ///
    /// Errors: the engine's (already voted, by any channel) and the refusals of the checks
    /// (polls not open or closed, not on the roll, not their proxy); nothing is written then.
    pub async fn cast_ballot(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        voter: &PersonKey,
        holder: Option<&PersonKey>,
        content: &str,
        tracker: impl Fn() -> String,
    ) -> Result<String, StoreError> {
        let guard = guard(&[Phase::Open]);
        let checks = format!(
            "{guard} {STILL_OPEN} \
             IF (SELECT VALUE struck FROM ONLY type::record('roll_entry', [$election, $person])) != false \
             {{ THROW '{REFUSED}not_on_roll' }}; \
             IF $holder AND (SELECT VALUE holder FROM ONLY type::record('proxy', [$election, $person])) \
             != type::record('person', $holder) {{ THROW '{REFUSED}not_their_proxy' }};"
        );
        self.submit_secret(
            Submission {
                kind: ELECTION,
                poll: election,
                person: voter,
                checks: &checks,
                fields: "channel = 'online', \
                    proxy = IF $holder { type::record('person', $holder) } ELSE { NONE }",
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("holder", holder.into()),
                ],
                content,
                already: Refusal::AlreadyVoted,
            },
            tracker,
        )
        .await
    }

    /// How `voter` took part, if they did: the channel and, if by proxy, the holder.
    pub async fn participation(
        &self,
        election: &ElectionKey,
        voter: &PersonKey,
    ) -> Result<Option<(String, Option<String>)>, StoreError> {
        let rows: Vec<ParticipationRow> = self
            .db
            .query(
                "SELECT channel, (IF proxy != NONE { <string> record::id(proxy) } ELSE { NONE }) AS proxy \
                 FROM type::record('participation', [$election, $voter])",
            )
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next().map(|row| (row.channel, row.proxy)))
    }

    /// Participations of an election: in all, online, and paper ballots handed out per place
    /// (places with none are left out). Counted from keys, without reading a participation:
    /// all participations are one run of keys, and each place's hand-outs another.
    pub async fn participation_counts(
        &self,
        election: &ElectionKey,
    ) -> Result<(u64, u64, std::collections::BTreeMap<PlaceKey, u64>), StoreError> {
        let total = self.participations(ELECTION, election).await?;
        let mut paper = std::collections::BTreeMap::new();
        for place in self.polling_places(election).await? {
            let handed_out = self
                .keys_in(
                    "handout:[$election, $place, NONE]..=[$election, $place, ..]",
                    vec![
                        ("election", election.to_string()),
                        ("place", place.key.to_string()),
                    ],
                )
                .await?;
            if handed_out > 0 {
                paper.insert(place.key, handed_out);
            }
        }
        let online = total.saturating_sub(paper.values().sum());
        Ok((total, online, paper))
    }
}
