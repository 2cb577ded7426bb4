//! The board as a file (`/elections/{id}/board.json`): everything a recount needs and nothing
//! that leads to a voter: the contests and the names they use, the rules the count applies,
//! the roll's size and the participations, every tracker (sorted), each box's hand-outs and
//! standing, what is published of the votes (`domain::election::publication`: each office's
//! online sections on their own, write-ins as totals, no group below the smallest published
//! group), and the published result, if there is one. `gongshang recount` reads it back
//! without the server's tally code.

use super::publication::board_of;
use super::request::election_rules_with;
use crate::AppError;
use crate::domain::election::publication::Publication;
use crate::domain::election::tally::WinRule;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format's name, so a reader knows what it holds. Format 1 published whole ballots and
/// every box's sheet under its name (issue 15, items 3 and 4); nothing reads it any more.
pub const FORMAT: &str = "gongshang-board-2";

/// A share as numerator and denominator.
pub type Share = (u32, u32);

/// How the round's seats are won, as the export states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRules {
    /// Participations must be more than this share of the roll.
    pub turnout: Share,
    /// `majority`: more than `share` of the ballots cast; `plurality`: the most votes, with at
    /// least `share` of the ballots cast if given.
    pub win: String,
    pub share: Option<Share>,
    /// Every rule frozen into the election when it was created (`CommunityRules`), so a
    /// recount can check them against the law's floors and ceilings, and the three above
    /// against them.
    pub frozen: serde_json::Value,
}

/// One office as the export states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportContest {
    pub office: String,
    pub seats: u8,
    pub candidates: Vec<String>,
}

/// The whole export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardExport {
    pub format: String,
    pub election: String,
    pub title: String,
    pub phase: String,
    /// `Mode` and `Round` codes: which of the frozen rules apply.
    pub mode: String,
    pub round: String,
    pub rules: ExportRules,
    pub roll_size: u64,
    pub participations: u64,
    pub online_participations: u64,
    pub contests: Vec<ExportContest>,
    pub names: BTreeMap<String, String>,
    pub trackers: Vec<String>,
    pub boxes: Vec<super::BoardBox>,
    /// Every box with ballots handed out is settled; until then `publication` is empty.
    pub complete: bool,
    pub publication: Publication,
    /// The published result (`api::elections::ResultsView`), once published.
    pub result: Option<serde_json::Value>,
}

/// The export of election `key`, once its polls have closed.
pub async fn board_export(store: &Store, key: &str) -> Result<BoardExport, AppError> {
    let key = super::request::parse_key("election", key)?;
    let row = store.election(&key).await?.ok_or(AppError::NotFound)?;
    let (board, tally) = board_of(store, &row).await?;
    let rules_in_force = election_rules_with(store, &row).await?;
    let turnout = row.mode().turnout(&rules_in_force);
    let (win, share) = match WinRule::of(row.round(), &rules_in_force) {
        WinRule::Majority(share) => ("majority", Some(share)),
        WinRule::Plurality(share) => ("plurality", share),
    };
    Ok(BoardExport {
        format: FORMAT.to_owned(),
        election: row.key.to_string(),
        title: row.title.clone(),
        phase: row.phase.code().to_owned(),
        mode: row.mode.code().to_owned(),
        round: row.round.code().to_owned(),
        rules: ExportRules {
            turnout: (turnout.numerator, turnout.denominator),
            win: win.to_owned(),
            share: share.map(|s| (s.numerator, s.denominator)),
            frozen: serde_json::to_value(&rules_in_force).unwrap_or_default(),
        },
        roll_size: tally.roll_size,
        participations: tally.participations,
        online_participations: tally.online,
        contests: tally
            .contests
            .iter()
            .map(|c| ExportContest {
                office: c.office.code().to_owned(),
                seats: c.seats,
                candidates: c.candidates.clone(),
            })
            .collect(),
        names: board.names,
        trackers: board.trackers,
        boxes: board.boxes,
        complete: board.complete,
        publication: board.publication,
        result: row
            .result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
    })
}

/// Publishes election `key`'s result as `officer` (a person's key), outside any request: for
/// seeding the demo. The server function does the same after checking the caller.
pub async fn publish_result(
    store: &Store,
    key: &crate::domain::keys::ElectionKey,
    officer: &crate::domain::keys::PersonKey,
) -> Result<crate::domain::keys::NoticeKey, AppError> {
    let row = store.election(key).await?.ok_or(AppError::NotFound)?;
    super::publication::publish_with(store, &row, officer).await
}

/// Counts election `key` from what is stored, exactly as publishing its result does; answers
/// how many stored ballots were counted. The benchmarks time it.
pub async fn count_stored(
    store: &Store,
    key: &crate::domain::keys::ElectionKey,
) -> Result<u64, AppError> {
    let row = store.election(key).await?.ok_or(AppError::NotFound)?;
    let tally = super::tally::tally(store, &row).await?;
    Ok(tally.online_ballots)
}
