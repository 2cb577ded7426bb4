//! Paper ballots in the database (EL Arts. 38, 43): a hand-out at a polling place by an officer
//! assigned there (the voter's participation, so the phone is shut out), a voter's dispute of a
//! hand-out in their name, and each officer's entry of a box's tally sheet. Hand-outs, disputes
//! and entries are audited.

use super::super::audit::{Audited, facts};
use super::super::secret::{ELECTION, Failure, gate_shard};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use super::polls::STILL_OPEN;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey, PlaceKey};
use crate::domain::refusal::Refusal;
use surrealdb::types::SurrealValue;

/// A paper ballot handed out in a voter's name: where, when (UTC) and by whom.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct HandoutRow {
    /// The polling place's name.
    pub place: String,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub by: Option<String>,
}

/// One officer's entry of a box's tally sheet.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct SheetEntryRow {
    pub place: PlaceKey,
    pub officer: PersonKey,
    pub officer_name: String,
    pub sheet: String,
}

impl Store {
    /// Marks `voter` as handed a paper ballot at `place` by `officer`: from now on they cannot
    /// vote by phone, and a second hand-out is refused. Only an officer assigned to that place
    /// may (checked inside the transaction); the hand-out records who and when, and is audited
    /// (issue 15, item 6: any officer could shut any voter out of the phone vote, unrecorded).
    pub async fn hand_out_paper(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        voter: &PersonKey,
        place: &PlaceKey,
        officer: &PersonKey,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Open]);
        let participate = ELECTION.participate("channel = 'paper', place = $place");
        let pass_gate = ELECTION.pass_gate();
        let surql = format!(
            "{guard} {STILL_OPEN} \
             IF (SELECT VALUE struck FROM ONLY type::record('roll_entry', [$election, $voter])) != false \
             {{ THROW '{REFUSED}not_on_roll' }}; \
             LET $place = type::record('polling_place', $place); \
             IF (SELECT VALUE election FROM ONLY $place) != $e {{ THROW 'not this election' }}; \
             IF !record::exists(type::record('place_officer', [$election, $place_key, $officer])) \
             {{ THROW '{REFUSED}not_assigned_here' }}; \
             {participate} \
             CREATE type::record('handout', [$election, $place_key, $voter]) \
             SET by = type::record('person', $officer), at = time::now() RETURN NONE; \
             {pass_gate}"
        );
        let result = self
            .audited(
                facts(
                    &format!("person:{officer}"),
                    "election.paper.hand_out",
                    Some(community),
                    // Not the place: staff read the log, and who used which box is for the
                    // count alone (issue 15, item 3).
                    Detail::new()
                        .with(Fact::Election, election)
                        .with(Fact::Voter, voter),
                ),
                Audited {
                    surql: &surql,
                    bindings: vec![
                        ("community", community.into()),
                        ("election", election.into()),
                        ("poll", election.into()),
                        ("voter", voter.into()),
                        ("person", voter.into()),
                        ("place", place.into()),
                        ("place_key", place.into()),
                        ("officer", officer.into()),
                        ("gate", gate_shard().into()),
                    ],
                },
            )
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(StoreError::Database(error))
                if matches!(ELECTION.classify(&error), Failure::AlreadyTookPart) =>
            {
                Err(StoreError::Refused(Refusal::AlreadyVoted))
            }
            Err(error) => Err(error),
        }
    }

    /// The paper ballot handed out in `voter`'s name, if one was: where (the place's name),
    /// when, and by whom (name). The voter sees it on their phone.
    pub async fn handout_of(
        &self,
        election: &ElectionKey,
        voter: &PersonKey,
    ) -> Result<Option<HandoutRow>, StoreError> {
        let rows: Vec<HandoutRow> = self
            .db
            .query(
                "LET $p = (SELECT VALUE place FROM ONLY type::record('participation', [$election, $voter])); \
                 IF $p { SELECT $p.name AS place, at, by.name AS by FROM \
                 type::record('handout', [$election, record::id($p), $voter]) } ELSE { [] };",
            )
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?
            .take(1)?;
        Ok(rows.into_iter().next())
    }

    /// `voter` says the paper ballot handed out in their name was not handed to them; audited,
    /// and listed on the officers' desk. One dispute per voter and election.
    pub async fn dispute_handout(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        voter: &PersonKey,
        note: &str,
    ) -> Result<(), StoreError> {
        let surql = "LET $e = type::record('election', $election); \
             IF (SELECT VALUE community FROM ONLY $e) != type::record('community', $community) \
             { THROW 'not this community' }; \
             IF (SELECT VALUE channel FROM ONLY type::record('participation', [$election, $voter])) != 'paper' \
             { THROW 'no paper ballot in this name' }; \
             CREATE type::record('handout_dispute', [$election, $voter]) SET election = $e, \
             voter = type::record('person', $voter), note = $note, at = time::now() RETURN NONE;";
        self.audited(
            facts(
                &format!("person:{voter}"),
                "election.paper.dispute",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Reason, note),
            ),
            Audited {
                surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("voter", voter.into()),
                    ("note", note.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Whether `voter` disputed the hand-out in their name.
    pub async fn disputed_handout(
        &self,
        election: &ElectionKey,
        voter: &PersonKey,
    ) -> Result<bool, StoreError> {
        let found: Option<bool> = self
            .db
            .query("RETURN record::exists(type::record('handout_dispute', [$election, $voter]))")
            .bind(("election", election.to_owned()))
            .bind(("voter", voter.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(found.unwrap_or(false))
    }

    /// Disputed hand-outs of an election: the voter's name, the place's name, their note.
    pub async fn handout_disputes(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Row {
            name: String,
            place: Option<String>,
            note: String,
        }
        let rows: Vec<Row> = self
            .db
            .query(
                "SELECT voter.name AS name, \
                 (SELECT VALUE place.name FROM ONLY type::record('participation', [record::id($parent.election), record::id($parent.voter)])) AS place, \
                 note FROM handout_dispute WHERE election = type::record('election', $election) ORDER BY at",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows
            .into_iter()
            .map(|r| (r.name, r.place.unwrap_or_default(), r.note))
            .collect())
    }

    /// Records (or replaces) `officer`'s entry of a box's tally sheet, once the polls closed.
    pub async fn enter_sheet(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        place: &PlaceKey,
        officer: &PersonKey,
        sheet: &str,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Closed]);
        let surql = format!(
            "{guard} LET $place = type::record('polling_place', $place); \
             IF (SELECT VALUE election FROM ONLY $place) != $e {{ THROW 'not this election' }}; \
             UPSERT type::record('tally_entry', [$election, $place, $officer]) SET election = $e, \
             place = $place, officer = type::record('person', $officer), sheet = $sheet, \
             entered_at = time::now();"
        );
        self.audited(
            facts(
                &format!("person:{officer}"),
                "election.sheet.enter",
                Some(community),
                Detail::new()
                    .with(Fact::Election, election)
                    .with(Fact::Place, place)
                    .with(Fact::Record, sheet),
            ),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("election", election.into()),
                    ("place", place.into()),
                    ("officer", officer.into()),
                    ("sheet", sheet.into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Every tally sheet entry of an election, by box and time of entry.
    pub async fn sheet_entries(
        &self,
        election: &ElectionKey,
    ) -> Result<Vec<SheetEntryRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(place) AS place, <string> record::id(officer) AS officer, \
                 officer.name AS officer_name, sheet, entered_at FROM tally_entry \
                 WHERE election = type::record('election', $election) ORDER BY place, entered_at",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }
}
