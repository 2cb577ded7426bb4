//! What every election server function does first, on the server: find the caller and check
//! what they may do, find their election (another community's is not found), read the rules it
//! runs under, and read the form's keys, days, times and people. The clock is read here too.

use crate::AppError;
use crate::api::context::ServerContext;
use crate::api::guard::{Person, authorize};
use crate::domain::clock::local_day;
use crate::domain::election::Office;
use crate::domain::election::ballot::Contest;
use crate::domain::election::polls::{self, Phase};
use crate::domain::policy::{Action, Caller, Decision, decide};
use crate::domain::refusal::Refusal;
use crate::domain::registry::MAX_NAME_CHARS;
use crate::domain::rules::CommunityRules;
use crate::store::Store;
use crate::store::elections::ElectionRow;
use chrono::{DateTime, NaiveDate, Utc};

pub(crate) fn store() -> Result<Store, AppError> {
    Ok(ServerContext::current()?.store)
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The community's local day.
pub(crate) fn today() -> NaiveDate {
    local_day(now())
}

pub(crate) use crate::api::rules::ssr::{rules, rules_with};

/// The rules election `row` runs under: those frozen into it when it was created, so changing
/// the community's rules between the close and the publication changes nothing (issue 15,
/// item 7). Elections from before migration 12 were given the rules in force then.
pub(crate) async fn election_rules(row: &ElectionRow) -> Result<CommunityRules, AppError> {
    election_rules_with(&store()?, row).await
}

/// [`election_rules`] with a store at hand.
pub(crate) async fn election_rules_with(
    store: &Store,
    row: &ElectionRow,
) -> Result<CommunityRules, AppError> {
    let rules: CommunityRules = match row.rules.as_deref() {
        Some(json) => serde_json::from_str(json).map_err(|error| {
            tracing::error!(%error, election = %row.key, "an election's frozen rules do not parse");
            AppError::Internal
        })?,
        None => rules_with(store, &row.community).await?,
    };
    // Migration 12 froze whatever a community had stored, lawful or not: such an election
    // is not run or counted by those rules.
    if let Err(error) = rules.within_statute() {
        tracing::error!(%error, election = %row.key, "an election's frozen rules are beyond the law");
        return Err(Refusal::RulesBeyondLaw.into());
    }
    Ok(rules)
}

/// `YYYY-MM-DDTHH:MM` (an `<input type=datetime-local>`) in China's time, as a moment.
pub(crate) fn parse_local(field: &str, raw: &str) -> Result<DateTime<Utc>, AppError> {
    crate::domain::clock::parse_minute(raw).ok_or_else(|| AppError::invalid(field, "not_a_date"))
}

/// A moment shown in China's time.
pub(crate) fn show_local(at: DateTime<Utc>) -> String {
    crate::domain::clock::show_minute(at)
}

/// A local day, `YYYY-MM-DD`.
pub(crate) fn parse_day(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    crate::domain::clock::parse_day(raw).ok_or_else(|| AppError::invalid(field, "not_a_date"))
}

pub(crate) use crate::api::registry::ssr::parse_key;

/// Office codes in ballot order, for forms.
pub(crate) fn office_of(code: &str) -> Result<Office, AppError> {
    Office::parse(code).ok_or_else(|| AppError::invalid("office", "unknown_value"))
}

/// Refuses (as not found) a polling place key that is not one of `row`'s places.
pub(crate) async fn place_of(
    store: &Store,
    row: &ElectionRow,
    place: &str,
) -> Result<(), AppError> {
    if store
        .polling_places(&row.key)
        .await?
        .iter()
        .any(|p| p.key == place)
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The election `key`, if it is the caller's community's (others' are not found).
pub(crate) async fn own_election(caller: &Person, key: &str) -> Result<ElectionRow, AppError> {
    let key = parse_key("election", key)?;
    theirs(caller, store()?.election(&key).await?)
}

/// The election `key` with its slate, read together, if it is the caller's community's:
/// casting needs both for every ballot.
pub(crate) async fn own_election_with_slate(
    caller: &Person,
    key: &str,
) -> Result<(ElectionRow, Vec<Contest>), AppError> {
    let key = parse_key("election", key)?;
    let (row, standing) = store()?
        .election_with_slate(&key)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = theirs(caller, Some(row))?;
    let contests = super::views::contests_of(&row, &standing);
    Ok((row, contests))
}

/// Another community's election is not found, as if it did not exist.
fn theirs(caller: &Person, row: Option<ElectionRow>) -> Result<ElectionRow, AppError> {
    row.filter(|row| row.community == caller.community)
        .ok_or(AppError::NotFound)
}

/// The election `key`, whoever asks.
pub(crate) async fn any_election(key: &str) -> Result<ElectionRow, AppError> {
    let key = parse_key("election", key)?;
    store()?.election(&key).await?.ok_or(AppError::NotFound)
}

/// The caller's election `election`, while it is being prepared (before the polls open).
pub(crate) async fn preparing(caller: &Person, election: &str) -> Result<ElectionRow, AppError> {
    let row = own_election(caller, election).await?;
    if row.phase() != Phase::Preparing {
        return Err(Refusal::PollsAlreadyOpen.into());
    }
    Ok(row)
}

/// The caller's election `key`, when the caller acts for its committee: sits on it, or stands
/// in ([`polls::may_act_for_committee`]). Else `NotOnElectionCommittee`.
pub(crate) async fn committee_election(
    caller: &Person,
    key: &str,
) -> Result<ElectionRow, AppError> {
    let row = own_election(caller, key).await?;
    let seated = store()?.sits_on_committee(&row.key, &caller.key).await?;
    polls::may_act_for_committee(&caller.roles, seated)?;
    Ok(row)
}

/// Whether `caller` acts for the committee of an election of their community still under way
/// (not yet published), or stands in for every committee: what publishing an election notice
/// by hand needs, beside the policy (the second 2026-12-07 review published a fake result
/// notice as an officer who sat on no committee).
pub(crate) async fn acts_for_an_election(caller: &Person) -> Result<(), AppError> {
    if polls::stands_in(&caller.roles) {
        return Ok(());
    }
    let store = store()?;
    for row in store.elections(Some(&caller.community)).await? {
        if row.phase() != Phase::Published && store.sits_on_committee(&row.key, &caller.key).await?
        {
            return Ok(());
        }
    }
    Err(Refusal::NotOnElectionCommittee.into())
}

/// Like [`committee_election`], while the election is being prepared.
pub(crate) async fn committee_preparing(
    caller: &Person,
    election: &str,
) -> Result<ElectionRow, AppError> {
    let row = committee_election(caller, election).await?;
    if row.phase() != Phase::Preparing {
        return Err(Refusal::PollsAlreadyOpen.into());
    }
    Ok(row)
}

/// The caller allowed `action`, signed in.
pub(crate) async fn signed_in(action: Action) -> Result<Person, AppError> {
    authorize(action).await?.ok_or(AppError::Unauthenticated)
}

/// The caller, an election officer.
pub(crate) async fn officer() -> Result<Person, AppError> {
    signed_in(Action::RunElection).await
}

/// The caller, taking part in an election.
pub(crate) async fn voter() -> Result<Person, AppError> {
    signed_in(Action::TakePartInElection).await
}

/// Whether `person`'s roles allow `action`.
pub(crate) fn allowed(person: &Person, action: Action) -> bool {
    decide(
        action,
        &Caller::SignedIn {
            roles: &person.roles,
        },
    ) == Decision::Allow
}

/// A person of the caller's community, by key, by name, or by "name household".
pub(crate) async fn resolve_person(
    caller: &Person,
    field: &str,
    raw: &str,
) -> Result<crate::domain::keys::PersonKey, AppError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, "missing"));
    }
    if text.chars().count() > MAX_NAME_CHARS + 40 {
        return Err(AppError::invalid(field, "too_long"));
    }
    let store = store()?;
    if let Ok(key) = parse_key(field, text)
        && store
            .person_in(&caller.community, &key, today())
            .await?
            .is_some()
    {
        return Ok(key);
    }
    let (name, household) = match text.rsplit_once(char::is_whitespace) {
        Some((name, household)) => (name.trim(), Some(household.trim())),
        None => (text, None),
    };
    let found = store
        .people_named(&caller.community, text, name, household)
        .await?;
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(AppError::invalid(field, "unknown_value")),
        _ => Err(AppError::invalid(field, "ambiguous")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn election_with(rules: Option<String>) -> ElectionRow {
        ElectionRow {
            key: crate::domain::keys::test_key("e1"),
            community: crate::domain::keys::test_key("c1"),
            title: "t".into(),
            mode: crate::domain::election::plan::Mode::AllVoters,
            round: crate::domain::election::plan::Round::Regular,
            parent: None,
            seat_director: 1,
            seat_deputies: 1,
            seat_members: 3,
            election_day: chrono::NaiveDate::from_ymd_opt(2027, 3, 20).unwrap_or_default(),
            voting_opens: Utc::now(),
            voting_closes: Utc::now(),
            phase: crate::domain::election::polls::Phase::Closed,
            roll_published_on: None,
            candidates_published_on: None,
            pending_step: None,
            pending_by: None,
            result: None,
            rules,
        }
    }

    #[tokio::test]
    async fn an_election_is_counted_by_its_frozen_rules_and_never_by_unlawful_ones() {
        // Issue 15, item 7: migration 12 froze whatever a community had stored; an unlawful
        // turnout of 1/1000 must not make 2 voters in 324 a valid election.
        let store = Store::open("mem://").await.expect("store");
        let stricter = CommunityRules {
            turnout: crate::domain::rules::Fraction::new(3, 5),
            ..CommunityRules::default()
        };
        let frozen = election_with(Some(serde_json::to_string(&stricter).expect("json")));
        assert_eq!(
            election_rules_with(&store, &frozen).await.expect("rules"),
            stricter,
            "the frozen rules, not the community's current ones"
        );
        let unlawful = CommunityRules {
            turnout: crate::domain::rules::Fraction::new(1, 1000),
            ..CommunityRules::default()
        };
        let frozen = election_with(Some(serde_json::to_string(&unlawful).expect("json")));
        assert_eq!(
            election_rules_with(&store, &frozen).await,
            Err(AppError::Refused(Refusal::RulesBeyondLaw))
        );
    }
}
