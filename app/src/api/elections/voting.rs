//! A voter's part in an election: the ballot page, casting (online, or for a principal as
//! their proxy), naming a proxy, nominating and endorsing, objecting to the roll, and reading
//! the roll. Casting works as a plain form post: on success the server sends the browser to
//! the "voted" page, with or without JavaScript. The tracker travels in a short-lived cookie
//! and is shown in the body of that page, never in a URL: a query string lands in proxy logs
//! and the phone's history (issue 15, item 12).

use super::ContestView;
use super::prepare::NominationLine;
use crate::AppError;
use crate::domain::refusal::Refusal;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The ballot as a phone shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotForm {
    pub election: String,
    pub title: String,
    pub contests: Vec<ContestView>,
    /// Casting for this principal (key, name), as their proxy.
    pub principal: Option<(String, String)>,
    /// Why this ballot cannot be cast now, if it cannot.
    pub cannot_cast: Option<Refusal>,
}

/// A voter on the published roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollLine {
    pub name: String,
    pub household: Option<String>,
    pub residents_group: Option<String>,
    pub struck: bool,
}

/// The caller says the paper ballot handed out in their name was not handed to them: recorded
/// and audited, and shown to the election officers. `note` is optional, 500 characters at most.
#[server(prefix = "/api", endpoint = "dispute_paper_handout")]
pub async fn dispute_paper_handout(election: String, note: String) -> Result<(), AppError> {
    ssr::dispute_paper_handout(election, note).await
}

/// The tracker of the ballot this browser just cast in `election`, from the cookie casting set
/// (`None` when there is none, or it is for another election). The page showing it is never
/// cached (`Cache-Control: no-store`).
#[server(prefix = "/api", endpoint = "voted_tracker")]
pub async fn voted_tracker(election: String) -> Result<Option<String>, AppError> {
    ssr::voted_tracker(election).await
}

#[server(prefix = "/api", endpoint = "ballot_page")]
pub async fn ballot_page(
    election: String,
    principal: Option<String>,
) -> Result<BallotForm, AppError> {
    ssr::ballot_page(election, principal).await
}

/// Casts the ballot. `marks[k<candidate>]` is `for`, `against` or `abstain`; `write_ins[office-n]`
/// names another voter; `void_ok` confirms casting a section that would be void. Sends the
/// browser to the "voted" page with the tracker; answers the tracker.
#[server(prefix = "/api", endpoint = "cast_ballot")]
pub async fn cast_ballot(
    election: String,
    principal: Option<String>,
    marks: Option<HashMap<String, String>>,
    write_ins: Option<HashMap<String, String>>,
    void_ok: Option<String>,
) -> Result<String, AppError> {
    ssr::cast_ballot(
        election,
        principal.filter(|p| !p.is_empty()),
        marks.unwrap_or_default(),
        write_ins.unwrap_or_default(),
        void_ok.is_some(),
    )
    .await
}

/// Names `holder` (a name, or name and household) to vote for the caller, who will be away.
#[server(prefix = "/api", endpoint = "name_proxy")]
pub async fn name_proxy(
    election: String,
    holder: String,
    away: Option<String>,
) -> Result<(), AppError> {
    ssr::name_proxy(election, holder, away.is_some()).await
}

/// Starts a voters' nomination of `person` for `office`; the caller is its first endorser.
#[server(prefix = "/api", endpoint = "nominate_by_voters")]
pub async fn nominate_by_voters(
    election: String,
    person: String,
    office: String,
) -> Result<String, AppError> {
    ssr::nominate_by_voters(election, person, office).await
}

#[server(prefix = "/api", endpoint = "endorse_nomination")]
pub async fn endorse_nomination(election: String, nomination: String) -> Result<(), AppError> {
    ssr::endorse_nomination(election, nomination).await
}

/// Voters' nominations still gathering endorsements, and the caller's own endorsements.
#[server(prefix = "/api", endpoint = "open_nominations")]
pub async fn open_nominations(election: String) -> Result<Vec<NominationLine>, AppError> {
    ssr::open_nominations(election).await
}

/// Objects to the published roll: `kind` is `missing` or `wrongly_listed`, about `subject`.
#[server(prefix = "/api", endpoint = "file_objection")]
pub async fn file_objection(
    election: String,
    subject: String,
    kind: String,
    reason: String,
) -> Result<(), AppError> {
    ssr::file_objection(election, subject, kind, reason).await
}

/// The published roll, for the community's signed-in people.
#[server(prefix = "/api", endpoint = "voter_roll")]
pub async fn voter_roll(election: String) -> Result<Vec<RollLine>, AppError> {
    ssr::voter_roll(election).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::ssr::{
        contests, election_rules, now, own_election, own_election_with_slate, parse_key, signed_in,
        store, today,
    };
    use super::*;
    use crate::api::context::ServerContext;
    use crate::api::guard::{Person, authorize};
    use crate::domain::election::ballot::{Ballot, BallotInput, SectionState, tracker_code};
    use crate::domain::election::candidacy::{NominatedBy, may_endorse, nomination_stands};
    use crate::domain::election::polls;
    use crate::domain::election::proxy::{self, ProxyRequest};
    use crate::domain::election::roll::{self, ObjectionKind, written_in};
    use crate::domain::policy::Action;
    use crate::store::elections::ElectionRow;

    /// Longest reason for an objection.
    const MAX_REASON_CHARS: usize = 500;

    async fn voter() -> Result<Person, AppError> {
        signed_in(Action::TakePartInElection).await
    }

    /// The voter whose ballot this is: the caller, or a principal whose proxy the caller holds.
    async fn whose(
        caller: &Person,
        row: &ElectionRow,
        principal: Option<&str>,
    ) -> Result<Option<(String, String)>, AppError> {
        let Some(principal) = principal else {
            return Ok(None);
        };
        let principal = parse_key("principal", principal)?;
        store()?
            .principals_of(&row.key, &caller.key)
            .await?
            .into_iter()
            .find(|(key, _, _)| *key == principal)
            .map(|(key, name, _)| Some((key, name)))
            .ok_or(Refusal::NotTheirProxy.into())
    }

    async fn why_not(row: &ElectionRow, voter: &str) -> Result<Option<Refusal>, AppError> {
        let store = store()?;
        if !store.on_roll(&row.key, voter).await? {
            return Ok(Some(Refusal::NotOnRoll));
        }
        if store.participation(&row.key, voter).await?.is_some() {
            return Ok(Some(Refusal::AlreadyVoted));
        }
        Ok(polls::may_cast(row.phase(), row.window(), now()).err())
    }

    pub async fn ballot_page(
        election: String,
        principal: Option<String>,
    ) -> Result<BallotForm, AppError> {
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

    /// Finds the voter a written name means: exactly one voter of that name on the roll, or
    /// "name household" when two share it.
    pub async fn cast_ballot(
        election: String,
        principal: Option<String>,
        marks: HashMap<String, String>,
        write_ins: HashMap<String, String>,
        void_ok: bool,
    ) -> Result<String, AppError> {
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
        let names = super::super::ssr::roll_names(&roll);
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
        let voter = principal
            .as_ref()
            .map_or(caller.key.as_str(), |(k, _)| k.as_str());
        let holder = principal.as_ref().map(|_| caller.key.as_str());
        let tracker = store
            .cast_ballot(&caller.community, &row.key, voter, holder, &content, || {
                tracker_code(rand::random())
            })
            .await?;
        set_tracker_cookie(&row.key, &tracker, TRACKER_COOKIE_SECONDS)?;
        leptos_axum::redirect(&format!("/elections/{}/voted", row.key));
        Ok(tracker)
    }

    /// The cookie carrying a fresh tracker to the "voted" page.
    const TRACKER_COOKIE: &str = "gs_tracker";
    /// Long enough to reach the page on a slow phone, short enough not to linger.
    const TRACKER_COOKIE_SECONDS: u32 = 600;

    fn set_tracker_cookie(election: &str, tracker: &str, seconds: u32) -> Result<(), AppError> {
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

    pub async fn dispute_paper_handout(election: String, note: String) -> Result<(), AppError> {
        let caller = voter().await?;
        let row = own_election(&caller, &election).await?;
        let note = crate::domain::registry::parse_note("note", &note, 500)?;
        let store = store()?;
        if store.handout_of(&row.key, &caller.key).await?.is_none() {
            return Err(AppError::NotFound);
        }
        Ok(store
            .dispute_handout(&caller.community, &row.key, &caller.key, &note)
            .await?)
    }

    pub async fn voted_tracker(election: String) -> Result<Option<String>, AppError> {
        use http::{HeaderValue, header::CACHE_CONTROL};
        authorize(Action::ViewElections).await?;
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

    pub async fn name_proxy(election: String, holder: String, away: bool) -> Result<(), AppError> {
        let caller = voter().await?;
        if !away {
            return Err(Refusal::NotAway.into());
        }
        let row = own_election(&caller, &election).await?;
        let holder = super::super::prepare::ssr::resolve_person(&caller, "holder", &holder).await?;
        let store = store()?;
        let rules = election_rules(&row).await?;
        let candidates = store.candidates(&row.key).await?;
        let proxies = store.proxies(&row.key).await?;
        let request = ProxyRequest {
            mode: row.mode(),
            principal: &caller.key,
            holder: &holder,
            principal_on_roll: store.on_roll(&row.key, &caller.key).await?,
            holder_on_roll: store.on_roll(&row.key, &holder).await?,
            holder_is_candidate: candidates.iter().any(|c| c.person == holder),
            holder_carries: proxies.iter().filter(|p| p.holder == holder).count(),
            principal_has_proxy: proxies.iter().any(|p| p.principal == caller.key),
        };
        proxy::check(&request, &rules)?;
        store
            .name_proxy(
                &caller.community,
                &row.key,
                &caller.key,
                &holder,
                rules.proxies_per_holder,
            )
            .await?;
        Ok(())
    }

    async fn voter_on_roll(caller: &Person, row: &ElectionRow) -> Result<(), AppError> {
        if store()?.on_roll(&row.key, &caller.key).await? {
            Ok(())
        } else {
            Err(Refusal::NotOnRoll.into())
        }
    }

    pub async fn nominate_by_voters(
        election: String,
        person: String,
        office: String,
    ) -> Result<String, AppError> {
        let caller = voter().await?;
        let row = own_election(&caller, &election).await?;
        voter_on_roll(&caller, &row).await?;
        let office = super::super::ssr::office_of(&office)?;
        let seats = row.seats().of(office);
        if seats == 0 {
            return Err(AppError::invalid("office", "unknown_value"));
        }
        let person = super::super::prepare::ssr::resolve_person(&caller, "person", &person).await?;
        let store = store()?;
        if !store.on_roll(&row.key, &person).await? {
            return Err(Refusal::NotOnRoll.into());
        }
        may_endorse(
            store.endorsements_by(&row.key, &caller.key, office).await?,
            seats,
        )?;
        Ok(store
            .nominate(
                &caller.community,
                &row.key,
                &person,
                office,
                NominatedBy::Voters,
                &caller.key,
                seats,
            )
            .await?)
    }

    pub async fn endorse_nomination(election: String, nomination: String) -> Result<(), AppError> {
        let caller = voter().await?;
        let row = own_election(&caller, &election).await?;
        voter_on_roll(&caller, &row).await?;
        let nomination = parse_key("nomination", &nomination)?;
        let store = store()?;
        let found = store
            .nominations(&row.key)
            .await?
            .into_iter()
            .find(|n| n.key == nomination)
            .ok_or(AppError::NotFound)?;
        let office = super::super::ssr::office_of(&found.office)?;
        may_endorse(
            store.endorsements_by(&row.key, &caller.key, office).await?,
            row.seats().of(office),
        )?;
        Ok(store
            .endorse(
                &caller.community,
                &row.key,
                &nomination,
                &caller.key,
                row.seats().of(office),
            )
            .await?)
    }

    pub async fn open_nominations(election: String) -> Result<Vec<NominationLine>, AppError> {
        let caller = voter().await?;
        let row = own_election(&caller, &election).await?;
        let rules = election_rules(&row).await?;
        Ok(store()?
            .nominations(&row.key)
            .await?
            .into_iter()
            .filter(|n| n.by == "voters")
            .map(|n| NominationLine {
                stands: nomination_stands(
                    NominatedBy::Voters,
                    usize::try_from(n.endorsements).unwrap_or(0),
                    &rules,
                ),
                key: n.key,
                name: n.name,
                office: n.office,
                by: n.by,
                endorsements: n.endorsements,
                listed: n.listed,
            })
            .collect())
    }

    pub async fn file_objection(
        election: String,
        subject: String,
        kind: String,
        reason: String,
    ) -> Result<(), AppError> {
        let caller = voter().await?;
        let row = own_election(&caller, &election).await?;
        let published = row.roll_published_on().ok_or(Refusal::RollNotPublished)?;
        roll::may_object(&election_rules(&row).await?, published, today())?;
        let kind = match kind.trim() {
            "missing" => ObjectionKind::Missing,
            "wrongly_listed" => ObjectionKind::WronglyListed,
            _ => return Err(AppError::invalid("kind", "unknown_value")),
        };
        let reason = crate::domain::text::paragraphs(&reason);
        let reason = reason.as_str();
        if reason.is_empty() {
            return Err(AppError::invalid("reason", "missing"));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(AppError::invalid("reason", "too_long"));
        }
        let subject =
            super::super::prepare::ssr::resolve_person(&caller, "subject", &subject).await?;
        store()?
            .file_objection(
                &caller.community,
                &row.key,
                &caller.key,
                &subject,
                kind,
                reason,
                today(),
            )
            .await?;
        Ok(())
    }

    pub async fn voter_roll(election: String) -> Result<Vec<RollLine>, AppError> {
        let caller = voter().await?;
        let row = own_election(&caller, &election).await?;
        if row.roll_published_on.is_none() {
            return Err(Refusal::RollNotPublished.into());
        }
        Ok(store()?
            .roll(&row.key)
            .await?
            .into_iter()
            .map(|r| RollLine {
                name: r.name,
                household: r.household,
                residents_group: r.residents_group,
                struck: r.struck,
            })
            .collect())
    }
}
