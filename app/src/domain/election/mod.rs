//! Elections of the residents' committee (DESIGN.md "Elections", L25 Arts. 14–25, EL where
//! silent): the plan, the voter roll, candidacies, proxies, the polls, ballots, paper tally
//! sheets and the count. Every rule lives here once, pure; `api::elections` checks who may and
//! `store::elections` keeps the records, each sliced by the same steps under the same names.

pub mod ballot;
pub mod candidacy;
pub mod paper;
pub mod plan;
pub mod polls;
pub mod proxy;
pub mod publication;
pub mod roll;
pub mod tally;

pub use ballot::{Ballot, Mark, Section};
pub use plan::{ElectionPlan, Mode, Office, Round, Seats};
pub use polls::Phase;
