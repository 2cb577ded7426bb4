//! The ballot (EL Arts. 41, 44): the ballot page, casting online (for oneself, or for a
//! principal as their proxy), and the tracker of the ballot just cast. Casting works as a plain
//! form post: on success the server sends the browser to the "voted" page, with or without
//! JavaScript. The tracker travels in a short-lived cookie and is shown in the body of that
//! page, never in a URL: a query string lands in proxy logs and the phone's history (issue 15,
//! item 12).

use super::ContestView;
use crate::AppError;
use crate::domain::election::Office;
use crate::domain::refusal::Refusal;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use super::request::{now, parse_key, store};
#[cfg(feature = "ssr")]
use crate::api::guard::Person;
#[cfg(feature = "ssr")]
use crate::domain::election::polls;
#[cfg(feature = "ssr")]
use crate::store::elections::ElectionRow;

/// The ballot as a phone shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotForm {
    pub election: crate::domain::keys::ElectionKey,
    pub title: String,
    pub contests: Vec<ContestView>,
    /// Casting for this principal (key, name), as their proxy.
    pub principal: Option<(crate::domain::keys::PersonKey, String)>,
    /// Why this ballot cannot be cast now, if it cannot.
    pub cannot_cast: Option<Refusal>,
}

/// The cookie carrying a fresh tracker to the "voted" page.
#[cfg(feature = "ssr")]
const TRACKER_COOKIE: &str = "gs_tracker";
/// Long enough to reach the page on a slow phone, short enough not to linger.
#[cfg(feature = "ssr")]
const TRACKER_COOKIE_SECONDS: u32 = 600;

/// The voter whose ballot this is: the caller, or a principal whose proxy the caller holds.
#[cfg(feature = "ssr")]
async fn whose(
    caller: &Person,
    row: &ElectionRow,
    principal: Option<&str>,
) -> Result<Option<(crate::domain::keys::PersonKey, String)>, AppError> {
    let Some(principal) = principal else {
        return Ok(None);
    };
    let principal: crate::domain::keys::PersonKey = parse_key("principal", principal)?;
    store()?
        .principals_of(&row.key, &caller.key)
        .await?
        .into_iter()
        .find(|(key, _, _)| *key == principal)
        .map(|(key, name, _)| Some((key, name)))
        .ok_or(Refusal::NotTheirProxy.into())
}

/// Why `voter` cannot cast in `row` now, if they cannot.
#[cfg(feature = "ssr")]
async fn why_not(
    row: &ElectionRow,
    voter: &crate::domain::keys::PersonKey,
) -> Result<Option<Refusal>, AppError> {
    let store = store()?;
    if !store.on_roll(&row.key, voter).await? {
        return Ok(Some(Refusal::NotOnRoll));
    }
    if store.participation(&row.key, voter).await?.is_some() {
        return Ok(Some(Refusal::AlreadyVoted));
    }
    Ok(polls::may_cast(row.phase(), row.window(), now()).err())
}

/// Sets the cookie that carries `tracker` of `election` to the "voted" page.
#[cfg(feature = "ssr")]
fn set_tracker_cookie(election: &str, tracker: &str, seconds: u32) -> Result<(), AppError> {
    use crate::api::context::ServerContext;
    use http::{HeaderValue, header::SET_COOKIE};
    let secure = if ServerContext::current()?.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{TRACKER_COOKIE}={election}.{tracker}; Path=/; Max-Age={seconds}; HttpOnly; SameSite=Strict{secure}"
    );
    let header = HeaderValue::from_str(&cookie).map_err(|error| {
        tracing::error!(%error, "tracker cookie is not a header value");
        AppError::Internal
    })?;
    use_context::<leptos_axum::ResponseOptions>()
        .ok_or(AppError::Internal)?
        .append_header(SET_COOKIE, header);
    Ok(())
}

/// The ballot of `election` for the caller, or for `principal` (a key) whose proxy they hold:
/// the published contests, and why it cannot be cast now, if it cannot.
#[server(prefix = "/api", endpoint = "ballot_page")]
pub async fn ballot_page(
    election: String,
    principal: Option<String>,
) -> Result<BallotForm, AppError> {
    use super::request::{own_election, voter};
    use super::views::contests;
    let caller = voter().await?;
    let row = own_election(&caller, &election).await?;
    let principal = whose(
        &caller,
        &row,
        principal.as_deref().filter(|p| !p.is_empty()),
    )
    .await?;
    let voter = principal
        .as_ref()
        .map_or(caller.key.clone(), |(k, _)| k.clone());
    let cannot_cast = why_not(&row, &voter).await?;
    let contests = if row.candidates_published_on.is_some() {
        contests(&store()?, &row).await?.1
    } else {
        Vec::new()
    };
    Ok(BallotForm {
        election: row.key.clone(),
        title: row.title.clone(),
        contests,
        principal,
        cannot_cast,
    })
}

/// Casts the ballot. `marks[k<candidate>]` is `for`, `against` or `abstain`; `write_ins[office-n]`
/// names another voter (exactly one voter of that name on the roll, or "name household" when
/// two share it); `void_ok` confirms casting a section that would be void; `principal` casts
/// for a voter whose proxy the caller holds. Sends the browser to the "voted" page with the
/// tracker; answers the tracker.
#[server(prefix = "/api", endpoint = "cast_ballot")]
pub async fn cast_ballot(
    election: String,
    principal: Option<String>,
    marks: Option<HashMap<String, String>>,
    write_ins: Option<HashMap<String, String>>,
    void_ok: Option<String>,
) -> Result<String, AppError> {
    use super::request::{own_election_with_slate, voter};
    use super::views::roll_names;
    use crate::domain::election::ballot::{Ballot, BallotInput, SectionState, tracker_code};
    use crate::domain::election::roll::written_in;
    let principal = principal.filter(|p| !p.is_empty());
    let marks = marks.unwrap_or_default();
    let write_ins = write_ins.unwrap_or_default();
    let void_ok = void_ok.is_some();
    let caller = voter().await?;
    let input = BallotInput::from_form(marks, write_ins)?;
    let (row, contests) = own_election_with_slate(&caller, &election).await?;
    let principal = whose(&caller, &row, principal.as_deref()).await?;
    if principal.is_some() && !row.mode().allows_proxies() {
        return Err(Refusal::NoProxiesInThisMode.into());
    }
    polls::may_cast(row.phase(), row.window(), now())?;
    let store = store()?;
    // Only a write-in needs the roll (to find the person written in); reading the whole
    // roll for every ballot made casting crawl under load.
    let roll = if input
        .write_ins
        .iter()
        .any(|(_, name)| !name.trim().is_empty())
    {
        store.roll(&row.key).await?
    } else {
        Vec::new()
    };
    let names = roll_names(&roll);
    let ballot = Ballot::parse(&contests, &input, |written| {
        written_in(&names, written).map(str::to_owned)
    })?;
    if !void_ok
        && ballot
            .review(&contests)
            .iter()
            .any(|(_, state)| *state == SectionState::Void)
    {
        return Err(Refusal::VoidSectionUnconfirmed.into());
    }
    let content = serde_json::to_string(&ballot).map_err(|error| {
        tracing::error!(%error, "a ballot does not serialise");
        AppError::Internal
    })?;
    let voter = principal.as_ref().map_or(&caller.key, |(k, _)| k);
    let holder = principal.as_ref().map(|_| &caller.key);
    let tracker = store
        .cast_ballot(&caller.community, &row.key, voter, holder, &content, || {
            tracker_code(rand::random())
        })
        .await?;
    set_tracker_cookie(&row.key, &tracker, TRACKER_COOKIE_SECONDS)?;
    leptos_axum::redirect(&format!("/elections/{}/voted", row.key));
    Ok(tracker)
}

/// The names written in on a ballot form of `election` (`write_ins` as [`cast_ballot`] takes
/// them) that are no single voter on its roll, each with its office: what casting would
/// refuse, shown by the review beside its section.
#[server(prefix = "/api", endpoint = "check_write_ins")]
pub async fn check_write_ins(
    election: String,
    write_ins: Option<HashMap<String, String>>,
) -> Result<Vec<(Office, String)>, AppError> {
    use super::request::{own_election, voter};
    use super::views::roll_names;
    use crate::domain::election::ballot::{Ballot, BallotInput};
    use crate::domain::election::roll::written_in;
    let caller = voter().await?;
    let input = BallotInput::from_form(Vec::new(), write_ins.unwrap_or_default())?;
    let row = own_election(&caller, &election).await?;
    if input
        .write_ins
        .iter()
        .all(|(_, name)| name.trim().is_empty())
    {
        return Ok(Vec::new());
    }
    let roll = store()?.roll(&row.key).await?;
    let names = roll_names(&roll);
    Ok(Ballot::unresolved_write_ins(&input, |written| {
        written_in(&names, written).map(str::to_owned)
    }))
}

/// The tracker of the ballot this browser just cast in `election`, from the cookie casting set
/// (`None` when there is none, or it is for another election). The page showing it is never
/// cached (`Cache-Control: no-store`).
#[server(prefix = "/api", endpoint = "voted_tracker")]
pub async fn voted_tracker(election: String) -> Result<Option<String>, AppError> {
    use crate::api::guard::authorize;
    use crate::domain::policy::Action;
    use http::{HeaderValue, header::CACHE_CONTROL};
    authorize(Action::ViewElections).await?;
    // An election that is not there has no receipt to show (the 2026-12-07 review got an empty
    // receipt page for any address).
    let election = super::request::any_election(&election).await?.key;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let cookies = use_context::<http::request::Parts>()
        .map(|parts| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok().map(str::to_owned))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let wanted = format!("{TRACKER_COOKIE}={election}.");
    Ok(cookies
        .iter()
        .flat_map(|header| header.split(';'))
        .find_map(|cookie| cookie.trim().strip_prefix(&wanted).map(str::to_owned))
        .filter(|tracker| {
            !tracker.is_empty()
                && tracker.len() <= 16
                && tracker
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
        }))
}
