//! Publishing the result: the count frozen on the election with the rounds it still needs (a
//! tie-break or a run-off, each an election of its own) and its notice on the board; the
//! published results page; and the public board after the polls close, with every tracker and
//! what is published of the votes (`domain::election::publication`: never a whole ballot, no
//! group small enough to point at its voters). The board as a file is `export`.

use super::{BoardContent, ResultsView};
use crate::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::request::{any_election, store, today};
#[cfg(feature = "ssr")]
use super::tally::{Tally, results_view, tally, tally_with_ballots};
#[cfg(feature = "ssr")]
use crate::domain::election::paper::SheetStanding;
#[cfg(feature = "ssr")]
use crate::domain::election::plan::{ElectionPlan, PollingPlace, Round, Seats};
#[cfg(feature = "ssr")]
use crate::domain::election::polls::{self, Phase};
#[cfg(feature = "ssr")]
use crate::domain::refusal::Refusal;
#[cfg(feature = "ssr")]
use crate::store::Store;
#[cfg(feature = "ssr")]
use crate::store::elections::ElectionRow;

/// The plan of a follow-up round: a week on, 08:00 to 18:00 local, the parent's places.
#[cfg(feature = "ssr")]
fn next_plan(
    row: &ElectionRow,
    round: Round,
    seats: Seats,
    places: Vec<PollingPlace>,
) -> ElectionPlan {
    let day = today()
        .checked_add_days(chrono::Days::new(7))
        .unwrap_or_else(today);
    let at = |hour: u32| {
        crate::domain::clock::parse_minute(&format!("{day}T{hour:02}:00")).unwrap_or_default()
    };
    let suffix = match round {
        Round::TieBreak => "（再次投票）",
        _ => "（另行选举）",
    };
    ElectionPlan {
        title: format!("{}{suffix}", row.title),
        mode: row.mode(),
        seats,
        election_day: day,
        places,
        voting_opens: at(8),
        voting_closes: at(18),
    }
}

/// Publishes `row`'s result as `officer` (a person's key): the count, the rounds still
/// needed, the notice. Shared by [`publish_result`] and the demo's seeding
/// (`export::publish_result`).
#[cfg(feature = "ssr")]
pub(crate) async fn publish_with(
    store: &Store,
    row: &ElectionRow,
    officer: &str,
) -> Result<crate::domain::keys::NoticeKey, AppError> {
    use super::request::election_rules_with;
    use crate::domain::election::Office;
    use crate::domain::notice::{NewNotice, NoticeInput, NoticeKind};
    if row.phase() == Phase::Published {
        return Err(Refusal::ResultsPublished.into());
    }
    polls::may_see_count(row.phase())?;
    let row = row.clone();
    let actor_key = format!("person:{officer}");
    let community = store
        .community(&row.community)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let tally = tally(store, &row).await?;
    if !tally.complete {
        return Err(Refusal::SheetsMissing.into());
    }
    let mut view = results_view(&row, community, &tally);
    // A next round runs under the rules this one was created with.
    let frozen = election_rules_with(store, &row).await?;
    // The rounds still needed, one election per kind of round.
    let candidates = store.candidates(&row.key).await?;
    let person_of = |key: &str| {
        candidates
            .iter()
            .find(|c| c.key == key)
            .map_or_else(|| key.to_owned(), |c| c.person.to_string())
    };
    let places: Vec<PollingPlace> = store
        .polling_places(&row.key)
        .await?
        .into_iter()
        .map(|p| PollingPlace {
            name: p.name,
            roving: p.roving,
        })
        .collect();
    for round in [Round::TieBreak, Round::Runoff] {
        let mut seats = Seats {
            director: 0,
            deputies: 0,
            members: 0,
        };
        let mut standing = Vec::new();
        for office in &tally.outcome.offices {
            if let Some((needed, n, names)) = office.next_round()
                && needed == round
            {
                match office.office {
                    Office::Director => seats.director = n,
                    Office::DeputyDirector => seats.deputies = n,
                    Office::Member => seats.members = n,
                }
                standing.extend(
                    names
                        .iter()
                        .map(|k| (person_of(k), office.office.code().to_owned())),
                );
            }
        }
        if seats.total() > 0 {
            let plan = next_plan(&row, round, seats, places.clone());
            let key = store
                .create_next_round(
                    &crate::store::Acting::new(&row.community, &actor_key),
                    &row.key,
                    &plan,
                    round,
                    &frozen,
                    &standing,
                    today(),
                )
                .await?;
            view.next_rounds.push(format!("{}:{key}", round.code()));
        }
    }
    view.phase = Phase::Published;
    let json = serde_json::to_string(&view).map_err(|_| AppError::Internal)?;
    let (title, body) = super::announcements::result(&row.title, &view);
    let input = NoticeInput {
        kind: NoticeKind::Election.code(),
        title: &title,
        body: &body,
        publish_at: None,
        ends_on: None,
    };
    let notice = NewNotice::parse(
        &input,
        &election_rules_with(store, &row).await?,
        chrono::Utc::now(),
    )
    .map_err(|errors| {
        tracing::error!(?errors, "the result notice did not pass the notice rules");
        AppError::Internal
    })?;
    Ok(store
        .publish_result(
            &crate::store::Acting::new(&row.community, &actor_key),
            &row.key,
            &json,
            &notice,
        )
        .await?)
}

/// The board's content, with the tally the export needs.
#[cfg(feature = "ssr")]
pub(crate) async fn board_of(
    store: &Store,
    row: &ElectionRow,
) -> Result<(BoardContent, Tally), AppError> {
    use super::BoardBox;
    use crate::domain::election::ballot::Ballot;
    use crate::domain::election::publication::{self, Publication};
    polls::may_see_count(row.phase())?;
    let tally = tally_with_ballots(store, row).await?;
    let mut trackers: Vec<String> = tally.ballots.iter().map(|(t, _)| t.clone()).collect();
    trackers.sort();
    let ballots: Vec<Ballot> = tally.ballots.iter().map(|(_, b)| b.clone()).collect();
    let smallest_group = u64::from(tally.rules.smallest_published_group);
    // Nothing of the votes until every box is settled: figures published box by box as the
    // sheets come in give away a small box by difference, and one phone vote beside a
    // pending box was one person's ballot (review of issue 15, item 3).
    let publication = if tally.complete {
        publication::publish(&tally.contests, &ballots, &tally.sheets, smallest_group)
    } else {
        Publication {
            smallest_group,
            online: None,
            groups: Vec::new(),
        }
    };
    Ok((
        BoardContent {
            key: row.key.clone(),
            title: row.title.clone(),
            participations: tally.participations,
            online_participations: tally.online,
            trackers,
            publication,
            complete: tally.complete,
            boxes: tally
                .boxes
                .iter()
                .map(|b| BoardBox {
                    name: b.name.clone(),
                    handed_out: b.handed_out,
                    // The count reads every box's sheets: a box without one is missing.
                    standing: b.standing.clone().unwrap_or(SheetStanding::Missing),
                })
                .collect(),
            names: tally.names.clone(),
        },
        tally,
    ))
}

/// Publishes the result of `election` on the notice board, once every box's sheet is settled,
/// and creates the rounds it still needs; answers the notice's key and sends a plain form post
/// to the results page.
#[server(prefix = "/api", endpoint = "publish_result")]
pub async fn publish_result(election: String) -> Result<crate::domain::keys::NoticeKey, AppError> {
    use super::request::{committee_election, signed_in};
    use crate::domain::policy::Action;
    let caller = signed_in(Action::RunElection).await?;
    let row = committee_election(&caller, &election).await?;
    let notice = publish_with(&store()?, &row, &caller.key).await?;
    // A plain form post lands on the published result, saying so (issue 16, item 7).
    leptos_axum::redirect(&format!(
        "/elections/{}/results?done=publish_result",
        election.trim()
    ));
    Ok(notice)
}

/// The published result of election `key` (hidden until then).
#[server(prefix = "/api", endpoint = "election_results")]
pub async fn election_results(key: String) -> Result<ResultsView, AppError> {
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
    authorize(Action::ViewElections).await?;
    let row = any_election(&key).await?;
    if row.phase() != Phase::Published {
        return Err(Refusal::ResultsHidden.into());
    }
    serde_json::from_str(row.result.as_deref().unwrap_or_default()).map_err(|error| {
        tracing::error!(%error, election = %row.key, "a published result does not parse");
        AppError::Internal
    })
}

/// The public board of election `key`, once the polls have closed.
#[server(prefix = "/api", endpoint = "election_board")]
pub async fn election_board(key: String) -> Result<BoardContent, AppError> {
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
    authorize(Action::ViewElections).await?;
    let row = any_election(&key).await?;
    Ok(board_of(&store()?, &row).await?.0)
}
