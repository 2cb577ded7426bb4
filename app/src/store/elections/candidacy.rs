//! Candidacies in the database (L25 Art. 18): nominations and their endorsements, the formal
//! candidate list with statements and photos, and the slate a ballot is checked against. The
//! list is published through `lists`.

use super::super::audit::{Audited, facts};
use super::super::{REFUSED, Store, StoreError};
use super::{ElectionRow, guard};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::Office;
use crate::domain::election::candidacy::NominatedBy;
use crate::domain::election::polls::Phase;
use crate::domain::keys::{CandidateKey, CommunityKey, ElectionKey, NominationKey, PersonKey};
use crate::store::Acting;
use surrealdb::types::SurrealValue;

/// The formal list of `$election` as casting checks a ballot against it.
const SLATE: &str = "SELECT <string> record::id(id) AS key, office FROM candidate \
                     WHERE election = type::record('election', $election)";

/// One candidate of the slate: key and office.
#[derive(SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Standing {
    key: String,
    office: Office,
}

impl Standing {
    fn pair(self) -> (String, Office) {
        (self.key, self.office)
    }
}

/// A nomination with how many endorse it.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct NominationRow {
    pub key: NominationKey,
    pub person: PersonKey,
    pub name: String,
    pub gender: Option<String>,
    pub office: Office,
    pub by: NominatedBy,
    pub endorsements: i64,
    /// Already on the formal list.
    pub listed: bool,
}

/// A name on the formal candidate list.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct CandidateRow {
    pub key: String,
    pub person: PersonKey,
    pub name: String,
    pub gender: Option<String>,
    pub office: Office,
    pub statement: String,
    pub has_photo: bool,
}

/// Takes `$voter`'s next endorsement slot for `$office` in `$e`, or refuses once the
/// `$quota` (the office's seats: `candidacy::may_endorse`) is used. Checked inside the
/// transaction, and racing endorsements by one voter all want the same slot's key, so only one
/// of them commits (issue 15, item 10: three parallel nominations for one seat all passed).
const TAKE_ENDORSEMENT_SLOT: &str = "LET $used = array::len(SELECT id FROM endorsement \
    WHERE election = $e AND voter = type::record('person', $voter) AND office = $office); \
    IF $used >= $quota { THROW 'refused:endorsements_used' }; \
    CREATE type::record('endorsement_slot', [$election, $office, $voter, $used]);";

/// Attempts at an endorsement when another of the same voter's took the slot first.
const ENDORSE_ATTEMPTS: usize = 5;

impl Store {
    /// Records a nomination of `person` for `office`, by the party organisation or started by
    /// a voter (who then counts as its first endorsement, within `quota`, the office's seats).
    /// Answers its key.
    #[allow(clippy::too_many_arguments)]
    pub async fn nominate(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        person: &PersonKey,
        office: Office,
        by: NominatedBy,
        proposer: &PersonKey,
        quota: u8,
    ) -> Result<NominationKey, StoreError> {
        let key = NominationKey::fresh();
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE candidates_published_on FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}candidates_published' }}; \
             IF (SELECT VALUE community FROM ONLY type::record('person', $person)) \
             != type::record('community', $community) {{ THROW 'not this community' }}; \
             IF array::len(SELECT id FROM nomination WHERE election = $e AND person = type::record('person', $person) AND office = $office) > 0 \
             {{ THROW '{REFUSED}already_nominated' }}; \
             IF $by = 'voters' {{ {TAKE_ENDORSEMENT_SLOT} }}; \
             LET $n = type::record('nomination', $key); \
             CREATE $n SET election = $e, person = type::record('person', $person), office = $office, \
             by = $by, proposer = type::record('person', $proposer), created_at = time::now(); \
             IF $by = 'voters' {{ CREATE type::record('endorsement', [$key, $proposer]) SET nomination = $n, \
             election = $e, office = $office, voter = type::record('person', $proposer) }};"
        );
        self.audited(
            facts(
                &format!("person:{proposer}"),
                "election.nominate",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Nomination, &key)
                    .with(Fact::Candidate, person)
                    .with(Fact::Office, office.code())
                    .with(Fact::NominatedBy, by.code()),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("key", key.clone().into()),
                    ("person", person.into()),
                    ("office", office.code().into()),
                    ("by", by.code().into()),
                    ("proposer", proposer.into()),
                    ("voter", proposer.into()),
                    ("quota", quota.into()),
                ],
            },
        )
        .await?;
        Ok(key)
    }

    /// How many nominations for `office` `voter` endorses in an election.
    pub async fn endorsements_by(
        &self,
        election: &ElectionKey,
        voter: &PersonKey,
        office: Office,
    ) -> Result<usize, StoreError> {
        let count: Option<i64> = self
            .db
            .query(
                "RETURN array::len(SELECT id FROM endorsement WHERE election = type::record('election', $election) \
                 AND voter = type::record('person', $voter) AND office = $office)",
            )
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .bind(("office", office.code()))
            .await?
            .check()?
            .take(0)?;
        Ok(count.and_then(|c| usize::try_from(c).ok()).unwrap_or(0))
    }

    /// Adds `voter`'s endorsement to a voters' nomination, within `quota` (the office's seats).
    /// Not audited: endorsing is a voter's public act and is visible on the nomination itself.
    pub async fn endorse(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        nomination: &NominationKey,
        voter: &PersonKey,
        quota: u8,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "BEGIN TRANSACTION; {guard} \
             IF (SELECT VALUE candidates_published_on FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}candidates_published' }}; \
             LET $n = type::record('nomination', $nomination); \
             IF (SELECT VALUE election FROM ONLY $n) != $e OR (SELECT VALUE by FROM ONLY $n) != 'voters' \
             {{ THROW 'not a voters nomination of this election' }}; \
             LET $office = (SELECT VALUE office FROM ONLY $n); \
             {TAKE_ENDORSEMENT_SLOT} \
             CREATE type::record('endorsement', [$nomination, $voter]) SET nomination = $n, \
             election = $e, office = $office, voter = type::record('person', $voter); \
             COMMIT TRANSACTION;"
        );
        let surql = surql.as_str();
        let run = move || async move {
            let result = self
                .db
                .query(surql)
                .bind(("community", community.to_owned()))
                .bind(("election", election.to_owned()))
                .bind(("nomination", nomination.to_owned()))
                .bind(("voter", voter.to_owned()))
                .bind(("quota", quota))
                .await;
            let errors: Vec<surrealdb::Error> = match result {
                Ok(mut response) => response.take_errors().into_values().collect(),
                Err(error) => vec![error],
            };
            crate::store::audit::root_cause(errors).map_or(Ok(()), Err)
        };
        crate::store::retry::again_if_raced("endorsement", ENDORSE_ATTEMPTS, run, |error| {
            crate::store::retry::lost_race(error, &["endorsement_slot:"])
        })
        .await
        .map_err(|error| StoreError::from(error).refusal_or_self())
    }

    /// Nominations of an election, by office and name.
    pub async fn nominations(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<NominationRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, <string> record::id(person) AS person, \
                 person.name AS name, person.gender AS gender, office, by, \
                 array::len(SELECT id FROM endorsement WHERE nomination = $parent.id) AS endorsements, \
                 array::len(SELECT id FROM candidate WHERE election = $parent.election AND person = $parent.person) > 0 AS listed \
                 FROM nomination WHERE election = type::record('election', $election) ORDER BY office, name",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Puts a standing nomination's person on the formal list for its office.
    pub async fn list_candidate(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        nomination: &NominationKey,
    ) -> Result<CandidateKey, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let key = CandidateKey::fresh();
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE candidates_published_on FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}candidates_published' }}; \
             LET $n = type::record('nomination', $nomination); \
             IF (SELECT VALUE election FROM ONLY $n) != $e {{ THROW 'not this election' }}; \
             LET $person = (SELECT VALUE person FROM ONLY $n); \
             IF array::len(SELECT id FROM candidate WHERE election = $e AND person = $person) > 0 \
             {{ THROW '{REFUSED}already_nominated' }}; \
             CREATE type::record('candidate', $key) SET election = $e, person = $person, \
             office = (SELECT VALUE office FROM ONLY $n), statement = '';"
        );
        self.audited(
            facts(
                actor,
                "election.candidate.list",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Candidate, &key)
                    .with(Fact::Nomination, nomination),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("nomination", nomination.into()),
                    ("key", key.clone().into()),
                ],
            },
        )
        .await?;
        Ok(key)
    }

    /// Takes a candidate off the list before it is published.
    pub async fn unlist_candidate(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        candidate: &CandidateKey,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE candidates_published_on FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}candidates_published' }}; \
             LET $c = type::record('candidate', $candidate); \
             IF (SELECT VALUE election FROM ONLY $c) != $e {{ THROW 'not this election' }}; \
             DELETE $c;"
        );
        self.audited(
            facts(
                actor,
                "election.candidate.unlist",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Candidate, candidate),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("candidate", candidate.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Sets a candidate's statement and, if given, photo (checked beforehand).
    #[allow(clippy::too_many_arguments)]
    pub async fn describe_candidate(
        &self,
        acting: &Acting,
        election: &ElectionKey,
        candidate: &CandidateKey,
        statement: &str,
        photo: Option<(&str, &[u8])>,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        use base64::Engine;
        let guard = guard(&[Phase::Preparing]);
        let surql = format!(
            "{guard} IF (SELECT VALUE candidates_published_on FROM ONLY $e) != NONE \
             {{ THROW '{REFUSED}candidates_published' }}; \
             LET $c = type::record('candidate', $candidate); \
             IF (SELECT VALUE election FROM ONLY $c) != $e {{ THROW 'not this election' }}; \
             UPDATE $c SET statement = $statement; \
             IF $photo {{ UPDATE $c SET photo = encoding::base64::decode($photo), photo_kind = $kind }};"
        );
        let (kind, data) = match photo {
            Some((kind, bytes)) => (
                Some(kind.to_owned()),
                Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
            ),
            None => (None, None),
        };
        self.audited(
            facts(
                actor,
                "election.candidate.describe",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Candidate, candidate),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("candidate", candidate.into()),
                    ("statement", statement.into()),
                    ("photo", data.into()),
                    ("kind", kind.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// The formal list as a ballot is checked against it: each candidate's key and office,
    /// without the names, statements and photos the ballot page shows. Casting reads this for
    /// every ballot, so it joins nothing.
    pub async fn slate(&self, election: &ElectionKey) -> Result<Vec<(String, Office)>, StoreError> {
        let rows: Vec<Standing> = self
            .db
            .query(SLATE)
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(Standing::pair).collect())
    }

    /// The election and its slate in one round trip: what casting reads for every ballot.
    pub async fn election_with_slate(
        &self,
        election: &ElectionKey,
    ) -> Result<Option<(ElectionRow, Vec<(String, Office)>)>, StoreError> {
        let mut response = self
            .db
            .query(super::plan::election_by_key())
            .query(SLATE)
            .bind(("key", election.to_owned()))
            .bind(("election", election.to_owned()))
            .await?
            .check()?;
        let rows: Vec<ElectionRow> = response.take(0)?;
        let standing: Vec<Standing> = response.take(1)?;
        Ok(rows
            .into_iter()
            .next()
            .map(|row| (row, standing.into_iter().map(Standing::pair).collect())))
    }

    /// The formal list, by office and name.
    pub async fn candidates(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<CandidateRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, <string> record::id(person) AS person, \
                 person.name AS name, person.gender AS gender, office, statement, \
                 photo != NONE AS has_photo \
                 FROM candidate WHERE election = type::record('election', $election) ORDER BY office, name",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// A candidate's photo and its media type, with the election it belongs to.
    pub async fn candidate_photo(
        &self,
        candidate: &CandidateKey,
    ) -> Result<Option<(ElectionKey, String, Vec<u8>)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Photo {
            election: ElectionKey,
            kind: Option<String>,
            data: Option<String>,
        }
        let rows: Vec<Photo> = self
            .db
            .query(
                "SELECT <string> record::id(election) AS election, photo_kind AS kind, \
                 encoding::base64::encode(photo) AS data FROM type::record('candidate', $candidate) \
                 WHERE photo != NONE",
            )
            .bind(("candidate", candidate.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next().and_then(|row| {
            let data = super::super::notices::decode_base64(&row.data?)?;
            Some((row.election, row.kind?, data))
        }))
    }
}
