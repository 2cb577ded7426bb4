//! The election officers' preparation (L25 Arts. 15–18): creating an election, its committee
//! and declared relatives, applications and the voter roll with its objections, nominations by
//! the party organisation, the formal candidate list with statements and photos, and
//! publishing the roll and the list on the notice board when the calendar allows.

// A server function takes its form's fields one by one, so a long form is a long signature.
#![allow(clippy::too_many_arguments)]

use super::{BoxLine, CandidateView, ElectionView};
use crate::AppError;
use crate::api::notices::Upload;
use crate::domain::refusal::Refusal;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The creation form's suggestions for the caller's community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionDefaults {
    pub households: u32,
    pub director: u8,
    pub deputies: u8,
    pub members: u8,
    pub committee_min: u8,
    pub committee_max: u8,
    /// The earliest election day the roll's 20 days allow, from today.
    pub earliest_day: String,
}

/// A member of the election committee, as officers see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeLine {
    pub person: String,
    pub name: String,
    pub withdrawn: bool,
    /// A close relative is nominated: must withdraw (L25 Art. 15).
    pub must_withdraw: bool,
}

/// The roll as officers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollStatus {
    pub on_roll: u64,
    pub struck: u64,
    pub published_on: Option<String>,
    /// Why the roll cannot be published today, if it cannot.
    pub cannot_publish: Option<Refusal>,
    pub households_without_rep: Vec<String>,
    /// People of the community left off the draft, and why (the first 100).
    pub left_off: Vec<(String, Refusal)>,
}

/// An objection to the roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionLine {
    pub key: String,
    pub filed_by: String,
    pub subject: String,
    pub kind: String,
    pub reason: String,
    pub filed_on: String,
    pub decide_by: String,
    pub decision: Option<String>,
    pub overdue: bool,
}

/// A nomination and whether it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominationLine {
    pub key: String,
    pub name: String,
    pub office: String,
    pub by: String,
    pub endorsements: i64,
    pub stands: bool,
    pub listed: bool,
}

/// A two-officer step awaiting its second officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingStep {
    pub step: String,
    pub by_name: String,
    pub by_me: bool,
}

/// Everything the officers' page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionDesk {
    pub election: ElectionView,
    pub pending: Option<PendingStep>,
    /// Why the clock holds back the phase's two-officer step now (too early to open the polls,
    /// or the voting window not over), if it does.
    pub step_waits: Option<Refusal>,
    pub committee: Vec<CommitteeLine>,
    pub roll: RollStatus,
    pub objections: Vec<ObjectionLine>,
    pub nominations: Vec<NominationLine>,
    pub candidates: Vec<CandidateView>,
    /// Why the candidate list cannot be published today, if it cannot.
    pub cannot_publish_list: Option<Refusal>,
    pub boxes: Vec<BoxLine>,
    pub participations: u64,
    /// Proxies: principal, holder.
    pub proxies: Vec<(String, String)>,
    /// Who hands out paper ballots where: place name, officer name.
    pub station_officers: Vec<(String, String)>,
    /// Voters who say the paper ballot handed out in their name was not theirs: name, place,
    /// their note.
    pub disputes: Vec<(String, String, String)>,
}

#[server(prefix = "/api", endpoint = "new_election_defaults")]
pub async fn new_election_defaults() -> Result<ElectionDefaults, AppError> {
    ssr::new_election_defaults().await
}

/// Creates an election. Seats are numbers as typed; times are local `YYYY-MM-DDTHH:MM`;
/// stations and roving boxes one per line. Answers the election's key, and sends a plain form
/// post to its desk.
#[server(prefix = "/api", endpoint = "create_election")]
pub async fn create_election(
    title: String,
    mode: String,
    director: String,
    deputies: String,
    members: String,
    election_day: String,
    voting_opens: String,
    voting_closes: String,
    stations: String,
    roving: String,
) -> Result<String, AppError> {
    let key = ssr::create_election(ssr::NewElectionForm {
        title,
        mode,
        director,
        deputies,
        members,
        election_day,
        voting_opens,
        voting_closes,
        stations,
        roving,
    })
    .await?;
    // A plain form post lands on the new election's desk.
    leptos_axum::redirect(&format!("/elections/{key}/office"));
    Ok(key)
}

#[server(prefix = "/api", endpoint = "election_office")]
pub async fn election_office(election: String) -> Result<ElectionDesk, AppError> {
    ssr::election_office(election).await
}

/// `person`: a person's key, or a name (with the household number after a space when two
/// share the name).
#[server(prefix = "/api", endpoint = "add_committee_member")]
pub async fn add_committee_member(election: String, person: String) -> Result<(), AppError> {
    ssr::add_committee_member(election, person).await
}

/// Assigns an election officer (`officer`: key or name as for [`add_committee_member`]) to
/// hand out paper ballots at `place`. Only those assigned to a place hand out there.
#[server(prefix = "/api", endpoint = "assign_place_officer")]
pub async fn assign_place_officer(
    election: String,
    place: String,
    officer: String,
) -> Result<(), AppError> {
    ssr::assign_place_officer(election, place, officer).await
}

#[server(prefix = "/api", endpoint = "withdraw_committee_member")]
pub async fn withdraw_committee_member(election: String, person: String) -> Result<(), AppError> {
    ssr::withdraw_committee_member(election, person).await
}

#[server(prefix = "/api", endpoint = "declare_relative")]
pub async fn declare_relative(
    election: String,
    declarant: String,
    relative: String,
) -> Result<(), AppError> {
    ssr::declare_relative(election, declarant, relative).await
}

/// Records an application to the roll; `serving_since` (`YYYY-MM-DD`) confirms a community
/// worker's service, empty for a permanent resident.
#[server(prefix = "/api", endpoint = "record_application")]
pub async fn record_application(
    election: String,
    person: String,
    serving_since: String,
) -> Result<(), AppError> {
    ssr::record_application(election, person, serving_since).await
}

/// Drafts the roll from the registry (replacing an earlier draft).
#[server(prefix = "/api", endpoint = "draft_roll")]
pub async fn draft_roll(election: String) -> Result<u64, AppError> {
    ssr::draft_roll(election).await
}

#[server(prefix = "/api", endpoint = "publish_roll")]
pub async fn publish_roll(election: String) -> Result<String, AppError> {
    ssr::publish_roll(election).await
}

#[server(prefix = "/api", endpoint = "decide_objection")]
pub async fn decide_objection(
    election: String,
    objection: String,
    upheld: String,
) -> Result<(), AppError> {
    ssr::decide_objection(election, objection, upheld).await
}

#[server(prefix = "/api", endpoint = "nominate_for_party")]
pub async fn nominate_for_party(
    election: String,
    person: String,
    office: String,
) -> Result<String, AppError> {
    ssr::nominate_for_party(election, person, office).await
}

#[server(prefix = "/api", endpoint = "list_candidate")]
pub async fn list_candidate(election: String, nomination: String) -> Result<String, AppError> {
    ssr::list_candidate(election, nomination).await
}

#[server(prefix = "/api", endpoint = "unlist_candidate")]
pub async fn unlist_candidate(election: String, candidate: String) -> Result<(), AppError> {
    ssr::unlist_candidate(election, candidate).await
}

/// Sets a candidate's statement and, optionally, photo (PNG or JPEG).
#[server(prefix = "/api", endpoint = "describe_candidate")]
pub async fn describe_candidate(
    election: String,
    candidate: String,
    statement: String,
    photo: Option<Upload>,
) -> Result<(), AppError> {
    ssr::describe_candidate(election, candidate, statement, photo).await
}

#[server(prefix = "/api", endpoint = "publish_candidates")]
pub async fn publish_candidates(election: String) -> Result<String, AppError> {
    ssr::publish_candidates(election).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::super::ssr::{
        actor, contests, election_rules, now, own_election, parse_key, parse_local, rules,
        signed_in, store, today,
    };
    use super::*;
    use crate::api::guard::Person;
    use crate::domain::election::Mode;
    use crate::domain::election::candidacy::{
        self, Listed, NominatedBy, Relatives, check_list, must_withdraw, nomination_stands,
    };
    use crate::domain::election::plan::{ElectionPlan, PollingPlace, Round, Seats};
    use crate::domain::election::polls::{self, Phase, TwoOfficerStep};
    use crate::domain::election::roll::{self, Application, Resident};
    use crate::domain::notice::{NewNotice, NoticeKind};
    use crate::domain::policy::Action;
    use crate::domain::registry::{Category, Gender, MAX_NAME_CHARS};
    use crate::domain::roles::Role;
    use crate::store::elections::{ElectionList, ElectionRow};
    use chrono::NaiveDate;

    /// Longest candidate statement.
    const MAX_STATEMENT_CHARS: usize = 2_000;
    /// Largest candidate photo.
    const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

    pub struct NewElectionForm {
        pub title: String,
        pub mode: String,
        pub director: String,
        pub deputies: String,
        pub members: String,
        pub election_day: String,
        pub voting_opens: String,
        pub voting_closes: String,
        pub stations: String,
        pub roving: String,
    }

    async fn officer() -> Result<Person, AppError> {
        signed_in(Action::RunElection).await
    }

    fn seat(field: &str, raw: &str) -> Result<u8, AppError> {
        crate::domain::text::number(raw).ok_or_else(|| AppError::invalid(field, "not_a_number"))
    }

    fn day(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
        crate::domain::clock::parse_day(raw).ok_or_else(|| AppError::invalid(field, "not_a_date"))
    }

    fn lines(raw: &str, roving: bool) -> Vec<PollingPlace> {
        raw.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|name| PollingPlace {
                name: name.to_owned(),
                roving,
            })
            .collect()
    }

    pub async fn new_election_defaults() -> Result<ElectionDefaults, AppError> {
        let caller = officer().await?;
        let community = store()?
            .community(&caller.community)
            .await?
            .ok_or(AppError::NotFound)?;
        let rules = rules(&caller.community).await?;
        let households = u32::try_from(community.households).unwrap_or(0);
        let seats = Seats::suggested(&rules, households);
        Ok(ElectionDefaults {
            households,
            director: seats.director,
            deputies: seats.deputies,
            members: seats.members,
            committee_min: rules.committee_size.0,
            committee_max: rules.committee_size.1,
            earliest_day: crate::domain::calendar::earliest_election_day(&rules, today())
                .to_string(),
        })
    }

    pub async fn create_election(form: NewElectionForm) -> Result<String, AppError> {
        let caller = officer().await?;
        // Read as every title is (`domain::text`): no control or invisible characters.
        let title = crate::domain::text::line(&form.title);
        let title = title.as_str();
        if title.is_empty() {
            return Err(AppError::invalid("title", "missing"));
        }
        if title.chars().count() > crate::domain::election::plan::MAX_ELECTION_TITLE_CHARS {
            return Err(AppError::invalid("title", "too_long"));
        }
        let mode = Mode::parse(form.mode.trim())
            .ok_or_else(|| AppError::invalid("mode", "unknown_value"))?;
        let mut places = lines(&form.stations, false);
        places.extend(lines(&form.roving, true));
        let plan = ElectionPlan {
            title: title.to_owned(),
            mode,
            seats: Seats {
                director: seat("director", &form.director)?,
                deputies: seat("deputies", &form.deputies)?,
                members: seat("members", &form.members)?,
            },
            election_day: day("election_day", &form.election_day)?,
            places,
            voting_opens: parse_local("voting_opens", &form.voting_opens)?,
            voting_closes: parse_local("voting_closes", &form.voting_closes)?,
        };
        let rules = rules(&caller.community).await?;
        plan.check(&rules, today())?;
        Ok(store()?
            .create_election(
                &caller.community,
                &plan,
                Round::Regular,
                &rules,
                &actor(&caller),
            )
            .await?)
    }

    /// A person of the caller's community, by key, by name, or by "name household".
    pub(crate) async fn resolve_person(
        caller: &Person,
        field: &str,
        raw: &str,
    ) -> Result<String, AppError> {
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

    async fn preparing(caller: &Person, election: &str) -> Result<ElectionRow, AppError> {
        let row = own_election(caller, election).await?;
        if row.phase() != Phase::Preparing {
            return Err(Refusal::PollsAlreadyOpen.into());
        }
        Ok(row)
    }

    pub async fn add_committee_member(election: String, person: String) -> Result<(), AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let person = resolve_person(&caller, "person", &person).await?;
        store()?
            .add_committee_member(&caller.community, &row.key, &person, &actor(&caller))
            .await?;
        Ok(())
    }

    pub async fn assign_place_officer(
        election: String,
        place: String,
        officer: String,
    ) -> Result<(), AppError> {
        use crate::domain::policy::{Caller, Decision, decide};
        let caller = self::officer().await?;
        let row = own_election(&caller, &election).await?;
        let place = parse_key("place", &place)?;
        let person = resolve_person(&caller, "officer", &officer).await?;
        if person == caller.key {
            // Another officer puts you at a station, as another confirms the close.
            return Err(Refusal::SameOfficer.into());
        }
        let store = store()?;
        super::super::ssr::place_of(&store, &row, &place).await?;
        let grants = store.role_grants(&person, &caller.community).await?;
        let roles = crate::domain::roles::roles_in_force(&grants, today());
        if decide(Action::HandOutPaper, &Caller::SignedIn { roles: &roles }) != Decision::Allow {
            // Only someone who may hand out paper ballots can be put at a station.
            return Err(AppError::invalid("officer", "unknown_value"));
        }
        store
            .assign_to_place(
                &caller.community,
                &row.key,
                &place,
                &person,
                &actor(&caller),
            )
            .await?;
        Ok(())
    }

    pub async fn withdraw_committee_member(
        election: String,
        person: String,
    ) -> Result<(), AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let person = parse_key("person", &person)?;
        store()?
            .withdraw_committee_member(&caller.community, &row.key, &person, &actor(&caller))
            .await?;
        Ok(())
    }

    pub async fn declare_relative(
        election: String,
        declarant: String,
        relative: String,
    ) -> Result<(), AppError> {
        let caller = officer().await?;
        let row = own_election(&caller, &election).await?;
        let declarant = resolve_person(&caller, "declarant", &declarant).await?;
        let relative = resolve_person(&caller, "relative", &relative).await?;
        if declarant == relative {
            return Err(AppError::invalid("relative", "unknown_value"));
        }
        store()?
            .declare_relative(
                &caller.community,
                &row.key,
                &declarant,
                &relative,
                &actor(&caller),
            )
            .await?;
        Ok(())
    }

    pub async fn record_application(
        election: String,
        person: String,
        serving_since: String,
    ) -> Result<(), AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let person = resolve_person(&caller, "person", &person).await?;
        let since = match serving_since.trim() {
            "" => None,
            raw => {
                let since = day("serving_since", raw)?;
                if since > today() {
                    return Err(AppError::invalid("serving_since", "in_the_future"));
                }
                Some(since)
            }
        };
        store()?
            .apply_for_roll(
                &caller.community,
                &row.key,
                &person,
                since,
                since.is_some(),
                &actor(&caller),
            )
            .await?;
        Ok(())
    }

    fn resident(row: &crate::store::elections::RollPersonRow) -> Resident<String> {
        let application = match (row.applied, row.confirmed, row.serving_since.as_deref()) {
            (true, true, Some(since)) => match since.parse() {
                Ok(serving_since) => Application::Confirmed { serving_since },
                Err(_) => Application::Applied,
            },
            (true, _, _) => Application::Applied,
            _ => Application::None,
        };
        Resident {
            key: row.key.clone(),
            birth_date: row.birth_date.as_deref().and_then(|d| d.parse().ok()),
            category: Category::parse(&row.category).unwrap_or(Category::Registered),
            application,
            household: row.household.clone(),
            household_rep: row.roles.iter().any(|r| r == Role::HouseholdRep.code()),
            resident_rep: row.roles.iter().any(|r| r == Role::ResidentRep.code()),
        }
    }

    async fn draft(row: &ElectionRow) -> Result<roll::DraftRoll<String>, AppError> {
        let people = store()?
            .roll_residents(&row.community, &row.key, today())
            .await?;
        let residents: Vec<Resident<String>> = people.iter().map(resident).collect();
        Ok(roll::draft(
            row.mode(),
            &residents,
            row.election_day(),
            &election_rules(row).await?,
        ))
    }

    pub async fn draft_roll(election: String) -> Result<u64, AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        if row.roll_published_on.is_some() {
            return Err(Refusal::RollAlreadyPublished.into());
        }
        let draft = draft(&row).await?;
        store()?
            .write_roll(&caller.community, &row.key, &draft.voters, &actor(&caller))
            .await?;
        Ok(u64::try_from(draft.voters.len()).unwrap_or(0))
    }

    async fn notice(
        community: &str,
        kind: NoticeKind,
        title: String,
        body: String,
    ) -> Result<NewNotice, AppError> {
        let input = crate::domain::notice::NoticeInput {
            kind: kind.code(),
            title: &title,
            body: &body,
            publish_at: None,
            ends_on: None,
        };
        NewNotice::parse(&input, &rules(community).await?, chrono::Utc::now()).map_err(|errors| {
            tracing::error!(?errors, "an election notice did not pass the notice rules");
            AppError::Internal
        })
    }

    pub async fn publish_roll(election: String) -> Result<String, AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let rules = election_rules(&row).await?;
        let store = store()?;
        let size = super::super::ssr::roll_size(&store.roll(&row.key).await?);
        if size == 0 {
            return Err(Refusal::RollNotPublished.into());
        }
        roll::may_publish(&rules, row.election_day(), today())?;
        let objections_until = today()
            .checked_add_days(chrono::Days::new(u64::from(rules.objection_days)))
            .unwrap_or(today());
        let (title, body) =
            super::super::announcements::roll(&row.title, &row.key, size, objections_until);
        let notice = notice(&row.community, NoticeKind::Election, title, body).await?;
        Ok(store
            .publish_list(
                &caller.community,
                &row.key,
                ElectionList::Roll,
                today(),
                &notice,
                &actor(&caller),
            )
            .await?)
    }

    pub async fn decide_objection(
        election: String,
        objection: String,
        upheld: String,
    ) -> Result<(), AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let objection = parse_key("objection", &objection)?;
        let upheld = match upheld.trim() {
            "yes" => true,
            "no" => false,
            _ => return Err(AppError::invalid("upheld", "unknown_value")),
        };
        store()?
            .decide_objection(
                &caller.community,
                &row.key,
                &objection,
                upheld,
                today(),
                &actor(&caller),
            )
            .await?;
        Ok(())
    }

    pub async fn nominate_for_party(
        election: String,
        person: String,
        office: String,
    ) -> Result<String, AppError> {
        let caller = signed_in(Action::NominateForParty).await?;
        let row = preparing(&caller, &election).await?;
        let office = super::super::ssr::office_of(&office)?;
        if row.seats().of(office) == 0 {
            return Err(AppError::invalid("office", "unknown_value"));
        }
        let person = resolve_person(&caller, "person", &person).await?;
        let store = store()?;
        if !store.on_roll(&row.key, &person).await? {
            return Err(Refusal::NotOnRoll.into());
        }
        Ok(store
            .nominate(
                &caller.community,
                &row.key,
                &person,
                office,
                NominatedBy::Party,
                &caller.key,
                row.seats().of(office),
            )
            .await?)
    }

    pub async fn list_candidate(election: String, nomination: String) -> Result<String, AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let nomination = parse_key("nomination", &nomination)?;
        let store = store()?;
        let found = store
            .nominations(&row.key)
            .await?
            .into_iter()
            .find(|n| n.key == nomination)
            .ok_or(AppError::NotFound)?;
        let by = if found.by == "party" {
            NominatedBy::Party
        } else {
            NominatedBy::Voters
        };
        let endorsements = usize::try_from(found.endorsements).unwrap_or(0);
        if !nomination_stands(by, endorsements, &election_rules(&row).await?) {
            return Err(Refusal::TooFewEndorsements.into());
        }
        Ok(store
            .list_candidate(&caller.community, &row.key, &nomination, &actor(&caller))
            .await?)
    }

    pub async fn unlist_candidate(election: String, candidate: String) -> Result<(), AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let candidate = parse_key("candidate", &candidate)?;
        store()?
            .unlist_candidate(&caller.community, &row.key, &candidate, &actor(&caller))
            .await?;
        Ok(())
    }

    pub async fn describe_candidate(
        election: String,
        candidate: String,
        statement: String,
        photo: Option<Upload>,
    ) -> Result<(), AppError> {
        use crate::domain::notice::AttachmentKind;
        use base64::Engine;
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        let candidate = parse_key("candidate", &candidate)?;
        let statement = crate::domain::text::paragraphs(&statement);
        let statement = statement.as_str();
        if statement.chars().count() > MAX_STATEMENT_CHARS {
            return Err(AppError::invalid("statement", "too_long"));
        }
        let photo = match photo.filter(|p| !p.data.is_empty()) {
            None => None,
            Some(upload) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(upload.data.as_bytes())
                    .map_err(|_| AppError::invalid("photo", "unreadable"))?;
                if bytes.len() > MAX_PHOTO_BYTES {
                    return Err(AppError::invalid("photo", "too_long"));
                }
                match AttachmentKind::sniff(&bytes) {
                    Some(kind @ (AttachmentKind::Png | AttachmentKind::Jpeg)) => {
                        Some((kind.media_type(), bytes))
                    }
                    _ => return Err(AppError::invalid("photo", "unknown_value")),
                }
            }
        };
        store()?
            .describe_candidate(
                &caller.community,
                &row.key,
                &candidate,
                statement,
                photo
                    .as_ref()
                    .map(|(kind, bytes)| (*kind, bytes.as_slice())),
                &actor(&caller),
            )
            .await?;
        Ok(())
    }

    /// Why the candidate list cannot be published today, if it cannot.
    pub(crate) async fn list_problem(row: &ElectionRow) -> Result<Option<Refusal>, AppError> {
        let store = store()?;
        let rules = election_rules(row).await?;
        if row.candidates_published_on.is_some() {
            return Ok(Some(Refusal::CandidatesPublished));
        }
        if row.roll_published_on.is_none() {
            return Ok(Some(Refusal::RollNotPublished));
        }
        let candidates = store.candidates(&row.key).await?;
        let listed: Vec<Listed<String>> = candidates
            .iter()
            .map(|c| Listed {
                person: c.person.clone(),
                office: crate::domain::election::Office::parse(&c.office)
                    .unwrap_or(crate::domain::election::Office::Member),
                gender: c.gender.as_deref().and_then(Gender::parse),
            })
            .collect();
        if let Err(refusal) = check_list(row.seats(), &listed, &rules) {
            return Ok(Some(refusal));
        }
        let relatives = Relatives::new(store.relatives(&row.key).await?);
        let members: Vec<String> = store
            .committee(&row.key)
            .await?
            .into_iter()
            .filter(|m| !m.withdrawn)
            .map(|m| m.person)
            .collect();
        let nominees: Vec<String> = candidates.iter().map(|c| c.person.clone()).collect();
        if !must_withdraw(&members, &nominees, &relatives).is_empty() {
            return Ok(Some(Refusal::RelativeNominated));
        }
        Ok(candidacy::may_publish_list(&rules, row.election_day(), today()).err())
    }

    pub async fn publish_candidates(election: String) -> Result<String, AppError> {
        let caller = officer().await?;
        let row = preparing(&caller, &election).await?;
        if let Some(refusal) = list_problem(&row).await? {
            return Err(refusal.into());
        }
        let (_, views) = contests(&store()?, &row).await?;
        let lists: Vec<(String, u8, Vec<String>)> = views
            .iter()
            .map(|contest| {
                (
                    contest.office.clone(),
                    contest.seats,
                    contest.candidates.iter().map(|c| c.name.clone()).collect(),
                )
            })
            .collect();
        let (title, body) = super::super::announcements::candidates(&row.title, &row.key, &lists);
        let notice = notice(&row.community, NoticeKind::Election, title, body).await?;
        Ok(store()?
            .publish_list(
                &caller.community,
                &row.key,
                ElectionList::Candidates,
                today(),
                &notice,
                &actor(&caller),
            )
            .await?)
    }

    pub async fn election_office(election: String) -> Result<ElectionDesk, AppError> {
        let caller = officer().await?;
        let row = own_election(&caller, &election).await?;
        let store = store()?;
        let rules = election_rules(&row).await?;
        let view = super::super::ssr::election(row.key.clone()).await?;
        let pending = match (&row.pending_step, &row.pending_by) {
            (Some(step), Some(by)) => Some(PendingStep {
                step: step.clone(),
                by_name: store
                    .person_summary(by)
                    .await?
                    .map(|p| p.name)
                    .unwrap_or_default(),
                by_me: *by == caller.key,
            }),
            _ => None,
        };
        let step_waits = match row.phase() {
            Phase::Preparing => Some(TwoOfficerStep::OpenPolls),
            Phase::Open => Some(TwoOfficerStep::ClosePolls),
            Phase::Closed | Phase::Published => None,
        }
        .and_then(|step| polls::may_take_now(step, row.window(), now()).err());
        let nominations = store.nominations(&row.key).await?;
        let candidates = store.candidates(&row.key).await?;
        let relatives = Relatives::new(store.relatives(&row.key).await?);
        let nominees: Vec<String> = nominations.iter().map(|n| n.person.clone()).collect();
        let committee = store
            .committee(&row.key)
            .await?
            .into_iter()
            .map(|m| CommitteeLine {
                must_withdraw: !m.withdrawn
                    && !must_withdraw(std::slice::from_ref(&m.person), &nominees, &relatives)
                        .is_empty(),
                person: m.person,
                name: m.name,
                withdrawn: m.withdrawn,
            })
            .collect();
        let roll_rows = store.roll(&row.key).await?;
        let (households_without_rep, left_off) = if row.roll_published_on.is_none() {
            let draft = draft(&row).await?;
            let names: std::collections::BTreeMap<String, String> = store
                .roll_residents(&row.community, &row.key, today())
                .await?
                .into_iter()
                .map(|p| (p.key, p.name))
                .collect();
            (
                draft.households_without_rep,
                draft
                    .left_off
                    .into_iter()
                    .take(100)
                    .map(|(k, r)| (names.get(&k).cloned().unwrap_or(k), r))
                    .collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let roll = RollStatus {
            on_roll: super::super::ssr::roll_size(&roll_rows),
            struck: u64::try_from(roll_rows.iter().filter(|r| r.struck).count()).unwrap_or(0),
            published_on: row.roll_published_on.clone(),
            cannot_publish: if row.roll_published_on.is_some() {
                Some(Refusal::RollAlreadyPublished)
            } else if roll_rows.is_empty() {
                Some(Refusal::RollNotPublished)
            } else {
                roll::may_publish(&rules, row.election_day(), today()).err()
            },
            households_without_rep,
            left_off,
        };
        let objections = store
            .objections(&row.key)
            .await?
            .into_iter()
            .map(|o| {
                let filed: NaiveDate = o.filed_on.parse().unwrap_or_else(|_| today());
                let decide_by = roll::decide_by(&rules, filed);
                ObjectionLine {
                    overdue: o.decision.is_none() && today() > decide_by,
                    key: o.key,
                    filed_by: o.filed_by_name,
                    subject: o.subject_name,
                    kind: o.kind,
                    reason: o.reason,
                    filed_on: o.filed_on,
                    decide_by: decide_by.to_string(),
                    decision: o.decision,
                }
            })
            .collect();
        let nominations = nominations
            .into_iter()
            .map(|n| {
                let by = if n.by == "party" {
                    NominatedBy::Party
                } else {
                    NominatedBy::Voters
                };
                NominationLine {
                    stands: nomination_stands(
                        by,
                        usize::try_from(n.endorsements).unwrap_or(0),
                        &rules,
                    ),
                    key: n.key,
                    name: n.name,
                    office: n.office,
                    by: n.by,
                    endorsements: n.endorsements,
                    listed: n.listed,
                }
            })
            .collect();
        let candidates = candidates
            .into_iter()
            .map(|c| CandidateView {
                photo: c.has_photo.then(|| format!("/elections/photos/{}", c.key)),
                key: c.key,
                name: c.name,
                gender: c.gender,
                office: c.office,
                statement: c.statement,
            })
            .collect();
        let (participations, _, handed_out) = store.participation_counts(&row.key).await?;
        let boxes = store
            .polling_places(&row.key)
            .await?
            .into_iter()
            .map(|p| BoxLine {
                handed_out: handed_out.get(&p.key).copied().unwrap_or(0),
                key: p.key,
                name: p.name,
                roving: p.roving,
                standing: String::new(),
                entered_by: Vec::new(),
            })
            .collect();
        let proxies = store
            .proxies(&row.key)
            .await?
            .into_iter()
            .map(|p| (p.principal_name, p.holder_name))
            .collect();
        let places = store.polling_places(&row.key).await?;
        let station_officers = store
            .place_officers(&row.key)
            .await?
            .into_iter()
            .map(|(place, _, name)| {
                let place = places
                    .iter()
                    .find(|p| p.key == place)
                    .map_or(place, |p| p.name.clone());
                (place, name)
            })
            .collect();
        let disputes = store.handout_disputes(&row.key).await?;
        Ok(ElectionDesk {
            station_officers,
            disputes,
            election: view,
            pending,
            step_waits,
            committee,
            roll,
            objections,
            nominations,
            candidates,
            cannot_publish_list: list_problem(&row).await?,
            boxes,
            participations,
            proxies,
        })
    }
}
