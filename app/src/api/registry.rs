//! The staff side of the registry: the office dashboard with staffing, searching people, one
//! person's record, granting and ending roles, and importing a household-register extract
//! (preview first; nothing is written until the whole file is valid). Everything is scoped to
//! the caller's own community.

use crate::AppError;
use crate::domain::registry::{ImportSummary, RowError};
use crate::domain::roles::Role;
use crate::domain::staffing::Staffing;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::domain::registry::PeopleFilterInput;

#[cfg(feature = "ssr")]
use crate::{
    api::context::ServerContext,
    domain::appointment::{check_grant, check_recovery, grantable_roles, may_grant},
    domain::policy::{Action, Caller, Decision, decide},
    domain::registry::{KnownPlaces, PAGE_SIZE, PeopleFilter, summarize},
    domain::roles::{Term, TermError},
    domain::staffing::staffing,
};
#[cfg(feature = "ssr")]
use ssr::{check_extract, parse_day, parse_key, person_of, roles_of, staff, today, view};

/// A person as staff see them in lists (the store's row, in the domain's types).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub key: crate::domain::keys::PersonKey,
    pub name: String,
    pub birth_date: Option<chrono::NaiveDate>,
    pub gender: Option<crate::domain::registry::Gender>,
    pub household: Option<String>,
    pub grid: Option<String>,
    pub residents_group: Option<String>,
    pub party_member: bool,
    pub category: crate::domain::registry::Category,
    /// In force today, in the glossary's order.
    pub roles: Vec<Role>,
    pub enrolled: bool,
}

/// The staff office's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeDashboard {
    pub community_name: String,
    pub district: String,
    pub people: u64,
    pub staffing: Staffing,
    /// Whether the caller may read the audit log (the supervisory committee may, staff too).
    pub audit: bool,
    /// Grid workers the caller may assign to grids (key, name); empty when they may not.
    pub grid_workers: Vec<(crate::domain::keys::PersonKey, String)>,
}

/// A page of the people list with what its filters can choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleView {
    pub people: Vec<PersonView>,
    pub total: u64,
    /// 1-based page shown, and the number of pages.
    pub page: u32,
    pub pages: u32,
    pub grids: Vec<String>,
    pub groups: Vec<String>,
}

/// A role grant as a person's record lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub key: crate::domain::keys::GrantKey,
    pub role: Role,
    /// First and last day in force, the community's days.
    pub from: chrono::NaiveDate,
    pub until: Option<chrono::NaiveDate>,
    pub in_force: bool,
    /// The caller may end it (in force, not their own, within what they may grant).
    pub can_end: bool,
}

/// One person's record with what the caller may do to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFile {
    pub person: PersonView,
    pub grants: Vec<GrantView>,
    /// Role codes the caller may grant this person.
    pub grantable: Vec<Role>,
    pub can_invite: bool,
    pub can_recover: bool,
}

/// What an extract would do, with the extract's text as it was read (from the file chosen,
/// or as pasted), which the import then posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub text: String,
    /// The file was read as GB18030 (GBK), not UTF-8.
    pub read_as_gbk: bool,
    pub outcome: ImportOutcome,
}

/// Whether an extract may be imported as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Valid(ImportSummary),
    Invalid(Vec<RowError>),
}

/// Largest extract accepted, in bytes (about 20,000 rows of a register).
pub const MAX_IMPORT_BYTES: usize = 3 * 1024 * 1024;

/// The staff office's dashboard for the caller's community: its people, its staffing against
/// the rules, whether the caller may read the audit log, and the grid workers they may assign.
#[server(prefix = "/api", endpoint = "staff_office")]
pub async fn staff_office() -> Result<OfficeDashboard, AppError> {
    let caller = staff(Action::ViewStaffOffice).await?;
    let store = ServerContext::current()?.store;
    let community = store
        .community(&caller.community)
        .await?
        .ok_or(AppError::NotFound)?;
    let households = u32::try_from(community.households).unwrap_or(0);
    let today = today();
    let grid_workers = store
        .holders_in_force(&community.key, &[Role::StationStaff], today)
        .await?;
    let directors = store
        .holders_in_force(
            &community.key,
            &[Role::CommitteeDirector, Role::DeputyDirector],
            today,
        )
        .await?;
    let grids = store.grid_loads(&community.key).await?;
    let people = store.people_count(&community.key).await?;
    let may_assign = decide(
        Action::ManageRoles,
        &Caller::SignedIn {
            roles: &caller.roles,
        },
    ) == Decision::Allow
        && may_grant(&caller.roles, Role::StationStaff);
    let assignable = if may_assign {
        let filter = PeopleFilter {
            role: Some(Role::StationStaff),
            ..PeopleFilter::default()
        };
        store
            .people(&community.key, &filter, today)
            .await?
            .people
            .into_iter()
            .map(|p| (p.key, p.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(OfficeDashboard {
        community_name: community.name,
        district: community.district,
        people: u64::try_from(people).unwrap_or(0),
        staffing: staffing(
            &crate::api::rules::ssr::rules(&community.key).await?,
            households,
            grid_workers,
            directors,
            grids,
        ),
        audit: decide(
            Action::ViewAuditLog,
            &Caller::SignedIn {
                roles: &caller.roles,
            },
        ) == Decision::Allow,
        grid_workers: assignable,
    })
}

/// A page of the caller's community's people as `filter` chooses, with the grids and groups
/// the filters can choose from.
#[server(prefix = "/api", endpoint = "people")]
pub async fn people(filter: PeopleFilterInput) -> Result<PeopleView, AppError> {
    let caller = staff(Action::ListPeople).await?;
    let filter = PeopleFilter::parse(&filter)?;
    let store = ServerContext::current()?.store;
    let page = store.people(&caller.community, &filter, today()).await?;
    let facets = store.registry_facets(&caller.community).await?;
    let pages = u32::try_from(page.total.div_ceil(u64::from(PAGE_SIZE)))
        .unwrap_or(u32::MAX)
        .max(1);
    Ok(PeopleView {
        people: page.people.into_iter().map(view).collect(),
        total: page.total,
        page: filter.page + 1,
        pages,
        grids: facets.grids,
        groups: facets.groups,
    })
}

/// The record of `person` (a key, in the caller's community): their role grants, and what the
/// caller may grant, end, invite or recover for them.
#[server(prefix = "/api", endpoint = "person_record")]
pub async fn person_record(person: String) -> Result<PersonFile, AppError> {
    let caller = staff(Action::ListPeople).await?;
    let row = person_of(&caller, &person).await?;
    let is_self = row.key == caller.key;
    let store = ServerContext::current()?.store;
    let today = today();
    let grants = store
        .grant_records(&caller.community, &row.key)
        .await?
        .into_iter()
        .map(|grant| {
            let in_force = Term {
                from: grant.from,
                until: grant.until,
            }
            .contains(today);
            let can_end = in_force && check_grant(&caller.roles, is_self, grant.role).is_ok();
            GrantView {
                key: grant.key,
                role: grant.role,
                from: grant.from,
                until: grant.until,
                in_force,
                can_end,
            }
        })
        .collect();
    let allowed = |action| {
        decide(
            action,
            &Caller::SignedIn {
                roles: &caller.roles,
            },
        ) == Decision::Allow
    };
    let grantable = if is_self || !allowed(Action::ManageRoles) {
        Vec::new()
    } else {
        grantable_roles(&caller.roles)
            .into_iter()
            .filter(|role| !row.roles.contains(role))
            .collect()
    };
    let their_grids = ServerContext::current()?
        .store
        .grids_of_worker(&caller.community, &caller.key)
        .await?;
    let can_invite = !row.enrolled
        && !is_self
        && allowed(Action::IssueInvitation)
        && crate::domain::appointment::may_invite_in(
            &caller.roles,
            &their_grids,
            row.grid.as_deref(),
        );
    let can_recover = row.enrolled
        && allowed(Action::IssueRecoveryInvitation)
        && check_recovery(&caller.roles, is_self, &roles_of(&row)).is_ok();
    Ok(PersonFile {
        person: view(row),
        grants,
        grantable,
        can_invite,
        can_recover,
    })
}

/// Grants `role` (a role code) to `person` from `from` (a date, today when empty) until
/// `until` (open when empty). Refuses a grant to the caller themself or above what they may
/// grant; `Conflict` when the store does not grant it.
#[server(prefix = "/api", endpoint = "grant_role")]
pub async fn grant_role(
    person: String,
    role: String,
    from: String,
    until: String,
) -> Result<(), AppError> {
    let caller = staff(Action::ManageRoles).await?;
    let role = Role::parse(&role).ok_or_else(|| AppError::invalid("role", "unknown_value"))?;
    let from = parse_day("from", &from)?.unwrap_or_else(today);
    let until = parse_day("until", &until)?;
    // The start is checked alone first, so the refusal names the date that is wrong.
    Term::for_grant(from, None, today()).map_err(|_| AppError::invalid("from", "out_of_range"))?;
    let term = Term::for_grant(from, until, today()).map_err(|error| {
        let problem = match error {
            TermError::EndsBeforeStart => "before_start",
            TermError::Implausible => "out_of_range",
        };
        AppError::invalid("until", problem)
    })?;
    let row = person_of(&caller, &person).await?;
    check_grant(&caller.roles, row.key == caller.key, role).map_err(|refusal| {
        tracing::warn!(%refusal, caller = %caller.key, ?role, "grant refused");
        AppError::Forbidden
    })?;
    let granted = ServerContext::current()?
        .store
        .grant_role(&caller.acting(), &row.key, role, term)
        .await?;
    if granted {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// Ends `grant` (a key) of `person`: the role stays in force through yesterday. Refuses as
/// [`grant_role`] does; `Conflict` when the store does not end it.
#[server(prefix = "/api", endpoint = "end_role")]
pub async fn end_role(person: String, grant: String) -> Result<(), AppError> {
    let caller = staff(Action::ManageRoles).await?;
    let row = person_of(&caller, &person).await?;
    let grant = parse_key("grant", &grant)?;
    let store = ServerContext::current()?.store;
    let record = store
        .grant_records(&caller.community, &row.key)
        .await?
        .into_iter()
        .find(|g| g.key == grant)
        .ok_or(AppError::NotFound)?;
    let role = record.role;
    check_grant(&caller.roles, row.key == caller.key, role).map_err(|refusal| {
        tracing::warn!(%refusal, caller = %caller.key, ?role, "ending a role refused");
        AppError::Forbidden
    })?;
    let yesterday = today().pred_opt().unwrap_or_else(today);
    if store.end_role(&caller.acting(), &grant, yesterday).await? {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// Makes `person` (who holds the station-staff role) the grid worker of `grid` (a grid's
/// name).
#[server(prefix = "/api", endpoint = "assign_grid_worker")]
pub async fn assign_grid_worker(grid: String, person: String) -> Result<(), AppError> {
    let caller = staff(Action::ManageRoles).await?;
    let grid = crate::domain::registry::parse_name("grid", &grid)?;
    let row = person_of(&caller, &person).await?;
    if !may_grant(&caller.roles, Role::StationStaff) {
        tracing::warn!(caller = %caller.key, "grid assignment above the caller refused");
        return Err(AppError::Forbidden);
    }
    let assigned = ServerContext::current()?
        .store
        .assign_grid_worker(&caller.acting(), &grid, &row.key, today())
        .await?;
    if assigned {
        Ok(())
    } else {
        // Not a grid worker, or a grid the registry does not have.
        Err(AppError::invalid("person", "not_a_grid_worker"))
    }
}

/// What importing a household-register extract (at most [`MAX_IMPORT_BYTES`]) would do: a
/// summary of the rows to add, or every bad row. The extract is `file` when one was chosen
/// (its bytes in base64, UTF-8 or GB18030, as a form without JavaScript posts it), else the
/// text `csv`. Writes nothing.
#[server(prefix = "/api", endpoint = "preview_import")]
pub async fn preview_import(
    csv: String,
    file: Option<crate::api::notices::Upload>,
) -> Result<ImportPreview, AppError> {
    use base64::Engine;
    let caller = staff(Action::ImportPeople).await?;
    let (csv, read_as_gbk) = match file {
        Some(file) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(file.data.as_bytes())
                .map_err(|_| AppError::invalid("file", "unreadable"))?;
            if bytes.len() > MAX_IMPORT_BYTES {
                return Err(AppError::PayloadTooLarge);
            }
            crate::domain::registry::decode_extract(&bytes)
        }
        None => (csv, false),
    };
    let outcome = match check_extract(&caller, &csv).await? {
        Ok(rows) => {
            let facets = ServerContext::current()?
                .store
                .registry_facets(&caller.community)
                .await?;
            let known = KnownPlaces {
                grids: facets.grids,
                groups: facets.groups,
            };
            ImportOutcome::Valid(summarize(&rows, &known))
        }
        Err(errors) => ImportOutcome::Invalid(errors),
    };
    Ok(ImportPreview {
        text: csv,
        read_as_gbk,
        outcome,
    })
}

/// Imports `csv` when every row is valid (as [`preview_import`] checks it); answers how many
/// people were added.
#[server(prefix = "/api", endpoint = "import_people")]
pub async fn import_people(csv: String) -> Result<u32, AppError> {
    let caller = staff(Action::ImportPeople).await?;
    let rows = check_extract(&caller, &csv)
        .await?
        .map_err(|_| AppError::invalid("csv", "invalid_rows"))?;
    let people: Vec<_> = rows.into_iter().map(|row| row.person).collect();
    let added = ServerContext::current()?
        .store
        .add_people(&caller.acting(), &people)
        .await?;
    Ok(u32::try_from(added.len()).unwrap_or(u32::MAX))
}

/// What the staff-side server functions share, here and in the invitations, notices and
/// elections: the caller as staff, the person they name, keys and days as forms send them.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::api::context::ServerContext;
    use crate::api::guard::{Person, authorize};
    use crate::domain::appointment::may_grant;
    use crate::domain::policy::Action;
    use crate::domain::registry::{duplicate_rows, parse_register_rows};
    use crate::domain::roles::Role;
    use crate::store::people::PersonRow;
    use chrono::NaiveDate;

    pub(crate) fn today() -> NaiveDate {
        crate::domain::clock::today()
    }

    pub(crate) fn actor(person: &Person) -> String {
        format!("person:{}", person.key)
    }

    /// The signed-in caller allowed `action` (the policy never allows staff actions
    /// anonymously, so `None` cannot happen past `authorize`; it is still refused).
    pub(crate) async fn staff(action: Action) -> Result<Person, AppError> {
        authorize(action).await?.ok_or(AppError::Unauthenticated)
    }

    pub(crate) fn view(row: PersonRow) -> PersonView {
        PersonView {
            key: row.key,
            name: row.name,
            birth_date: row.birth_date,
            gender: row.gender,
            household: row.household,
            grid: row.grid,
            residents_group: row.residents_group,
            party_member: row.party_member,
            category: row.category,
            roles: row.roles,
            enrolled: row.enrolled,
        }
    }

    /// A record key of kind `K` as a form or a URL sends it (`domain::keys`). Text that could
    /// be no key is a record that is not there (`NotFound`, 404), like an unknown key: keys
    /// come from links and hidden fields, never typed, so "check your input" beside a field
    /// nobody filled in helped no one (the 2026-12-07 review of issue 18). `field` names the
    /// key in the log.
    pub(crate) fn parse_key<K: crate::domain::keys::RecordKey>(
        field: &str,
        raw: &str,
    ) -> Result<K, AppError> {
        K::parse(raw).map_err(|_| {
            tracing::info!(field, kind = K::TABLE, "a key no record could have");
            AppError::NotFound
        })
    }

    /// A person of the caller's community, or not found.
    pub(crate) async fn person_of(caller: &Person, key: &str) -> Result<PersonRow, AppError> {
        let key = parse_key("person", key)?;
        ServerContext::current()?
            .store
            .person_in(&caller.community, &key, today())
            .await?
            .ok_or(AppError::NotFound)
    }

    pub(super) fn roles_of(row: &PersonRow) -> Vec<Role> {
        row.roles.clone()
    }

    /// An optional day a form sends (`YYYY-MM-DD`, or typed as `clock::parse_day` reads it):
    /// empty is none.
    pub(crate) fn parse_day(field: &str, raw: &str) -> Result<Option<NaiveDate>, AppError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        crate::domain::clock::parse_day(raw)
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, "not_a_date"))
    }

    /// Checks an extract against the rules and the registry: the rows to add, or every
    /// bad row.
    pub(super) async fn check_extract(
        caller: &Person,
        csv: &str,
    ) -> Result<Result<Vec<crate::domain::registry::ImportRow>, Vec<RowError>>, AppError> {
        if csv.len() > MAX_IMPORT_BYTES {
            return Err(AppError::PayloadTooLarge);
        }
        let rows = match parse_register_rows(csv, today()) {
            Ok(rows) => rows,
            Err(errors) => return Ok(Err(errors)),
        };
        if rows.is_empty() {
            return Err(AppError::invalid("csv", "missing"));
        }
        let registered = ServerContext::current()?
            .store
            .register_keys(&caller.community)
            .await?;
        let duplicates = duplicate_rows(&rows, &registered);
        if duplicates.is_empty() {
            Ok(Ok(rows))
        } else {
            Ok(Err(duplicates))
        }
    }

    /// Whether the caller may hand `role` out (used by the invitation functions too).
    pub(crate) fn may_hand_out(caller: &Person, role: Role) -> bool {
        may_grant(&caller.roles, role)
    }
}
