//! Elections (DESIGN.md "Elections", L25 Arts. 14–25): one module per step of the law, named as
//! in `domain::election` and `store::elections`: the plan, the committee, the voter roll,
//! candidacies, proxies, the polls and the officers' desk, ballots, paper ballots and tally
//! sheets, the count and its publication. Every server function checks who may, asks
//! `domain::election`, and has `store::elections` keep the outcome. On the server, `request`
//! holds what every step does first (the caller, their election, its rules, the form's values)
//! and `views` reads an election into what its pages show; `announcements` writes the notices
//! an election puts on the board, and `export` the board as a file. This module holds the views
//! the election pages share.

#[cfg(feature = "ssr")]
pub mod announcements;
pub mod ballot;
pub mod candidacy;
pub mod committee;
#[cfg(feature = "ssr")]
pub mod export;
pub mod paper;
pub mod plan;
pub mod polls;
pub mod proxy;
pub mod publication;
#[cfg(feature = "ssr")]
pub(crate) mod request;
pub mod roll;
pub mod tally;
#[cfg(feature = "ssr")]
pub(crate) mod views;

use crate::domain::calendar::Duty;
use crate::domain::election::paper::SheetStanding;
use crate::domain::election::plan::{Mode, Office, Round};
use crate::domain::election::polls::Phase;
use serde::{Deserialize, Serialize};

/// A candidate as ballots and lists show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    pub key: String,
    pub name: String,
    pub gender: Option<String>,
    pub office: Office,
    pub statement: String,
    /// Where the photo is served, if there is one.
    pub photo: Option<String>,
}

/// One office on the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestView {
    pub office: Office,
    pub seats: u8,
    pub candidates: Vec<CandidateView>,
}

/// A legal deadline on the election's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineLine {
    pub duty: Duty,
    pub first_day: Option<String>,
    pub last_day: String,
    pub rule: crate::domain::calendar::Source,
    pub done_on: Option<String>,
}

/// An election whose polls are open to a voter on its roll, for their home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenPoll {
    pub key: crate::domain::keys::ElectionKey,
    pub title: String,
    /// When the polls close, local `YYYY-MM-DD HH:MM`.
    pub closes: String,
    /// They took part already (online or on paper).
    pub voted: bool,
}

/// A polling place (a station or a roving box) as an election's pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollingPlaceView {
    pub key: crate::domain::keys::PlaceKey,
    pub name: String,
    pub roving: bool,
}

/// A legal deadline coming up in one of the community's elections, for officers' home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyLine {
    /// The page where the duty is done.
    pub href: String,
    pub title: String,
    pub deadline: DeadlineLine,
}

/// What the signed-in visitor can do in this election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoterStatus {
    pub on_roll: bool,
    /// `online` or `paper` once they took part.
    pub took_part: Option<String>,
    /// Why they cannot cast now, if they cannot.
    pub cannot_cast: Option<crate::domain::refusal::Refusal>,
    /// Voters whose proxy they hold: key, name, already voted.
    pub principals: Vec<(crate::domain::keys::PersonKey, String, bool)>,
    /// The holder's name, if they named a proxy.
    pub proxy_named: Option<String>,
    /// May run the election (the officers' page).
    pub officer: bool,
    /// May count (the count view).
    pub counter: bool,
    /// May nominate for the party organisation.
    pub party_nominator: bool,
    /// The paper ballot handed out in their name, if one was.
    pub paper: Option<PaperHandout>,
    /// Whether they already disputed that hand-out.
    pub disputed: bool,
    /// The polling places they are assigned to hand out paper ballots at (keys).
    pub stations: Vec<crate::domain::keys::PlaceKey>,
    /// The roll's objection period is running: they may object to it.
    pub may_object: bool,
}

/// A paper ballot handed out in a voter's name, as they see it on their phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperHandout {
    pub place: String,
    /// Local `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub by: String,
}

/// An election's public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionView {
    pub key: crate::domain::keys::ElectionKey,
    pub title: String,
    pub community_name: String,
    pub mode: Mode,
    pub round: Round,
    pub election_day: String,
    /// Local `YYYY-MM-DD HH:MM`.
    pub voting_opens: String,
    pub voting_closes: String,
    pub phase: Phase,
    pub seats: Vec<(Office, u8)>,
    pub places: Vec<PollingPlaceView>,
    pub timeline: Vec<DeadlineLine>,
    pub roll_published_on: Option<String>,
    pub roll_size: u64,
    pub candidates_published_on: Option<String>,
    /// The published candidate list (empty before publication).
    pub contests: Vec<ContestView>,
    /// Published proxies: principal, holder.
    pub proxies: Vec<(String, String)>,
    pub committee: Vec<String>,
    pub you: Option<VoterStatus>,
    /// The rules frozen into the election when it was created that decide its outcome
    /// (field of `CommunityRules`, value as the rules page shows it).
    pub rules: Vec<(String, String)>,
}

/// One name's line in a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    pub key: String,
    pub name: String,
    pub for_votes: u64,
    pub against: u64,
    pub abstain: u64,
    pub write_in: bool,
    pub elected: bool,
    pub tied: bool,
    pub runoff: bool,
}

/// One office's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeResult {
    pub office: Office,
    pub seats: u8,
    pub lines: Vec<ResultLine>,
    pub void_sections: u64,
    pub blank_sections: u64,
    pub empty_seats: u8,
    pub tied_seats: u8,
    /// The round this office needs next, if it needs one.
    pub next_round: Option<Round>,
}

/// A polling place's box at the count: how many paper ballots were handed out there, where its
/// tally sheet stands and who entered it (on the officers' desk, the hand-outs only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollingPlaceCount {
    pub key: crate::domain::keys::PlaceKey,
    pub name: String,
    pub roving: bool,
    pub handed_out: u64,
    /// Where its tally sheet stands (not read on the officers' desk).
    pub standing: Option<SheetStanding>,
    /// Officers who entered it, by name.
    pub entered_by: Vec<String>,
}

/// The count: live for officers after the polls close, frozen once published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub key: crate::domain::keys::ElectionKey,
    pub title: String,
    pub community_name: String,
    pub election_day: String,
    pub mode: Mode,
    pub round: Round,
    pub phase: Phase,
    pub roll_size: u64,
    pub participations: u64,
    pub online_ballots: u64,
    pub ballots_cast: u64,
    pub blank_ballots: u64,
    pub void_ballots: u64,
    pub turnout_valid: bool,
    pub offices: Vec<OfficeResult>,
    pub boxes: Vec<PollingPlaceCount>,
    /// Every box with ballots handed out is settled: the result may be published.
    pub complete: bool,
    /// Elections created for the rounds still needed, once published.
    pub next_rounds: Vec<String>,
}

/// One polling place's box on the board: how many paper ballots were handed out there, and
/// where its tally sheet stands; only confirmed boxes count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardBox {
    pub name: String,
    pub handed_out: u64,
    pub standing: SheetStanding,
}

/// The public board after the polls close: every tracker (did my ballot get in?) and,
/// separately, what is published of the votes (`domain::election::publication`: sections
/// instead of whole ballots, no group below the smallest published group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardContent {
    pub key: crate::domain::keys::ElectionKey,
    pub title: String,
    pub participations: u64,
    pub online_participations: u64,
    /// Sorted: random codes, so the order says nothing.
    pub trackers: Vec<String>,
    pub publication: crate::domain::election::publication::Publication,
    /// Every box with ballots handed out is settled. Until then nothing of the votes is
    /// published (`publication` is empty), only the trackers.
    pub complete: bool,
    pub boxes: Vec<BoardBox>,
    /// Names of the candidates and of those written in, by key.
    pub names: std::collections::BTreeMap<String, String>,
}
