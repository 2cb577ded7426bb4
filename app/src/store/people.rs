//! The registry as staff read and change it: searching people, one person's record with the
//! roles they hold, what is already registered (so an import cannot add someone twice), the
//! grids' sizes for the staffing dashboard, and ending a role. Changes are audited in the same
//! transaction.

use super::audit::{Audited, facts};
use super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::keys::{CommunityKey, GrantKey, PersonKey};
use crate::domain::place_order;
use crate::domain::registry::{Category, Gender, PAGE_SIZE, PeopleFilter, RegisterKey};
use crate::domain::roles::Role;
use crate::domain::staffing::GridLoad;
use crate::store::Acting;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use surrealdb::types::SurrealValue;

/// A person as the people list shows them.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct PersonRow {
    pub key: PersonKey,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
    pub household: Option<String>,
    pub grid: Option<String>,
    pub residents_group: Option<String>,
    pub party_member: bool,
    pub category: Category,
    /// Roles in force today, in the glossary's order.
    pub roles: Vec<Role>,
    /// Holds at least one passkey.
    pub enrolled: bool,
}

/// One page of a search, and how many matched in all.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PeoplePage {
    pub people: Vec<PersonRow>,
    pub total: u64,
}

/// A role grant with its key, so staff can end it.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct GrantRecord {
    pub key: GrantKey,
    pub role: Role,
    /// First and last day in force (the community's days), read as dates.
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

/// A grid's assigned grid worker.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct GridWorker {
    pub grid: String,
    pub person: PersonKey,
    pub name: String,
}

/// The grids and residents' groups the registry uses, for the list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegistryFacets {
    pub grids: Vec<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PlaceRow {
    name: String,
    birth_date: Option<String>,
    household: Option<String>,
    grid: Option<String>,
    residents_group: Option<String>,
}

/// The search's conditions, shared by the page and its count so they cannot disagree.
const MATCHES: &str = "community = $c \
    AND (!$text OR string::contains(name, $text) OR household = $text) \
    AND (!$grid OR grid = $grid) AND (!$group OR residents_group = $group) \
    AND (!$category OR category = $category) \
    AND (!$role OR id IN $holders)";

/// A [`PersonRow`]'s fields but `enrolled`, read from `person` (with `$today` bound): the
/// birth date is read as a date, so an unreadable one is an error, not a missing value.
const PERSON_FIELDS: &str = concat!(
    "<string> record::id(id) AS key, name, ",
    crate::store::stored_day!("birth_date"),
    " AS birth_date, gender, household, grid, residents_group, party_member, category, \
    (SELECT VALUE role FROM role_grant WHERE person = $parent.id \
      AND from <= $today AND (until = NONE OR until >= $today)) AS roles"
);

/// Role grants in force on `$today`, as a condition on `role_grant`.
const IN_FORCE: &str = "from <= $today AND (until = NONE OR until >= $today)";

impl Store {
    /// People of `community` matching `filter`, by household then name, one page at a time.
    pub async fn people(
        &self,
        community: &CommunityKey,
        filter: &PeopleFilter,
        today: NaiveDate,
    ) -> Result<PeoplePage, StoreError> {
        let surql = format!(
            "LET $c = type::record('community', $community); \
             LET $holders = IF $role {{ (SELECT VALUE person FROM role_grant WHERE community = $c \
               AND role = $role AND {IN_FORCE}) }} ELSE {{ [] }}; \
             SELECT {PERSON_FIELDS}, \
               array::len((SELECT VALUE id FROM passkey WHERE person = $parent.id)) > 0 AS enrolled \
             FROM person WHERE {MATCHES} ORDER BY household, name LIMIT $limit START $start; \
             RETURN array::len((SELECT VALUE id FROM person WHERE {MATCHES}));"
        );
        let mut response = self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("today", today.to_string()))
            .bind(("text", filter.text.clone()))
            .bind(("grid", filter.grid.clone()))
            .bind(("group", filter.residents_group.clone()))
            .bind(("category", filter.category.map(|c| c.code())))
            .bind(("role", filter.role.map(Role::code)))
            .bind(("limit", i64::from(PAGE_SIZE)))
            .bind(("start", i64::from(filter.page) * i64::from(PAGE_SIZE)))
            .await?
            .check()?;
        let mut people: Vec<PersonRow> = response.take(2)?;
        for person in &mut people {
            person.roles.sort();
            person.roles.dedup();
        }
        let total: Option<i64> = response.take(3)?;
        Ok(PeoplePage {
            people,
            total: total.and_then(|t| u64::try_from(t).ok()).unwrap_or(0),
        })
    }

    /// People matching `filter` who hold no passkey and no open invitation: those a printed
    /// sheet of invitations is for. At most `limit`, by household then name.
    pub async fn uninvited_people(
        &self,
        community: &CommunityKey,
        filter: &PeopleFilter,
        today: NaiveDate,
        limit: u32,
    ) -> Result<Vec<PersonRow>, StoreError> {
        let surql = format!(
            "LET $c = type::record('community', $community); \
             LET $holders = IF $role {{ (SELECT VALUE person FROM role_grant WHERE community = $c \
               AND role = $role AND {IN_FORCE}) }} ELSE {{ [] }}; \
             SELECT {PERSON_FIELDS}, \
               false AS enrolled \
             FROM person WHERE {MATCHES} \
               AND array::len((SELECT VALUE id FROM passkey WHERE person = $parent.id)) = 0 \
               AND array::len((SELECT VALUE id FROM invitation WHERE person = $parent.id \
                 AND used_at = NONE AND expires_at > time::now())) = 0 \
             ORDER BY household, name LIMIT $limit;"
        );
        let mut response = self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("today", today.to_string()))
            .bind(("text", filter.text.clone()))
            .bind(("grid", filter.grid.clone()))
            .bind(("group", filter.residents_group.clone()))
            .bind(("category", filter.category.map(|c| c.code())))
            .bind(("role", filter.role.map(Role::code)))
            .bind(("limit", i64::from(limit)))
            .await?
            .check()?;
        Ok(response.take(2)?)
    }

    /// One person of `community` as the list shows them, if they belong to it.
    pub async fn person_in(
        &self,
        community: &CommunityKey,
        person: &PersonKey,
        today: NaiveDate,
    ) -> Result<Option<PersonRow>, StoreError> {
        let surql = format!(
            "SELECT {PERSON_FIELDS}, \
               array::len((SELECT VALUE id FROM passkey WHERE person = $parent.id)) > 0 AS enrolled \
             FROM type::record('person', $person) WHERE community = type::record('community', $community)"
        );
        let rows: Vec<PersonRow> = self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("person", person.to_owned()))
            .bind(("today", today.to_string()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Every grant a person has had in a community, newest first.
    pub async fn grant_records(
        &self,
        community: &CommunityKey,
        person: &PersonKey,
    ) -> Result<Vec<GrantRecord>, StoreError> {
        Ok(self
            .db
            .query(concat!(
                "SELECT <string> record::id(id) AS key, role, ",
                crate::store::stored_day!("from"),
                " AS from, ",
                crate::store::stored_day!("until"),
                " AS until FROM role_grant \
                 WHERE person = type::record('person', $person) \
                 AND community = type::record('community', $community) ORDER BY from DESC"
            ))
            .bind(("community", community.to_owned()))
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Ends a grant on `last_day` (it stays in force through that day). Answers false when the
    /// grant is not of this community or already ended by then.
    pub async fn end_role(
        &self,
        acting: &Acting,
        grant: &GrantKey,
        last_day: NaiveDate,
    ) -> Result<bool, StoreError> {
        let detail = Detail::new()
            .with(Fact::Grant, grant)
            .with(Fact::LastDay, last_day);
        self.end_grant(acting, "role.end", detail, grant, last_day)
            .await
    }

    /// Ends a committee member's grant on `last_day` because they were rated 不称职 in two
    /// running evaluation rounds, `round` the second (L25 Art. 37: their office ends). Audited
    /// with that basis. Answers false as [`Self::end_role`] does.
    pub async fn end_role_under_art37(
        &self,
        acting: &Acting,
        grant: &GrantKey,
        last_day: NaiveDate,
        round: &crate::domain::keys::EvaluationKey,
    ) -> Result<bool, StoreError> {
        let detail = Detail::new()
            .with(Fact::Grant, grant)
            .with(Fact::LastDay, last_day)
            .with(Fact::Evaluation, round);
        self.end_grant(acting, "role.end.art37", detail, grant, last_day)
            .await
    }

    async fn end_grant(
        &self,
        acting: &Acting,
        action: &str,
        detail: Detail,
        grant: &GrantKey,
        last_day: NaiveDate,
    ) -> Result<bool, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let result = self
            .audited(
                facts(actor, action, Some(community), detail),
                Audited {
                    surql: "LET $g = (SELECT * FROM ONLY type::record('role_grant', $grant)); \
                            IF $g = NONE OR $g.community != type::record('community', $community) \
                            { THROW 'not in this community' }; \
                            IF $g.until != NONE AND $g.until <= $last_day { THROW 'already ended' }; \
                            IF $g.from > $last_day { DELETE type::record('role_grant', $grant) } \
                            ELSE { UPDATE type::record('role_grant', $grant) SET until = $last_day }",
                    bindings: vec![
                        ("community", community.into()),
                        ("grant", grant.into()),
                        ("last_day", last_day.to_string().into()),
                    ],
                },
            )
            .await;
        super::audit::refused_as_false(result)
    }

    /// What identifies everyone already in the registry of `community`.
    pub async fn register_keys(
        &self,
        community: &CommunityKey,
    ) -> Result<HashSet<RegisterKey>, StoreError> {
        let rows = self.places(community).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let born = row.birth_date?.parse().ok()?;
                Some((row.name, born, row.household?))
            })
            .collect())
    }

    /// The grids and residents' groups in use.
    pub async fn registry_facets(
        &self,
        community: &CommunityKey,
    ) -> Result<RegistryFacets, StoreError> {
        let rows = self.places(community).await?;
        let grids: BTreeSet<String> = rows.iter().filter_map(|r| r.grid.clone()).collect();
        let groups: BTreeSet<String> = rows
            .iter()
            .filter_map(|r| r.residents_group.clone())
            .collect();
        let (mut grids, mut groups): (Vec<String>, Vec<String>) =
            (grids.into_iter().collect(), groups.into_iter().collect());
        place_order::sort(&mut grids);
        place_order::sort(&mut groups);
        Ok(RegistryFacets { grids, groups })
    }

    /// Each grid with the number of distinct households registered in it and the name of its
    /// grid worker.
    pub async fn grid_loads(&self, community: &CommunityKey) -> Result<Vec<GridLoad>, StoreError> {
        let rows = self.places(community).await?;
        let mut grids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in rows {
            if let (Some(grid), Some(household)) = (row.grid, row.household) {
                grids.entry(grid).or_default().insert(household);
            }
        }
        let workers: BTreeMap<String, String> = self
            .grid_workers(community)
            .await?
            .into_iter()
            .map(|w| (w.grid, w.name))
            .collect();
        let mut loads: Vec<GridLoad> = grids
            .into_iter()
            .map(|(grid, households)| GridLoad {
                worker: workers.get(&grid).cloned(),
                grid,
                households: u32::try_from(households.len()).unwrap_or(u32::MAX),
            })
            .collect();
        loads.sort_by(|a, b| place_order::compare(&a.grid, &b.grid));
        Ok(loads)
    }

    /// The grids `person` is the grid worker of.
    pub async fn grids_of_worker(
        &self,
        community: &CommunityKey,
        person: &PersonKey,
    ) -> Result<Vec<String>, StoreError> {
        Ok(self
            .grid_workers(community)
            .await?
            .into_iter()
            .filter(|worker| &worker.person == person)
            .map(|worker| worker.grid)
            .collect())
    }

    /// The grid worker assigned to each grid.
    pub async fn grid_workers(
        &self,
        community: &CommunityKey,
    ) -> Result<Vec<GridWorker>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT grid, <string> record::id(person) AS person, person.name AS name \
                 FROM grid_worker WHERE community = type::record('community', $community) ORDER BY grid",
            )
            .bind(("community", community.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Makes `person` the grid worker of `grid`, replacing whoever was. The person must hold
    /// the station-staff role in force on `today` and the grid must be in the registry.
    /// Answers false, changing nothing, otherwise.
    pub async fn assign_grid_worker(
        &self,
        acting: &Acting,
        grid: &str,
        person: &PersonKey,
        today: NaiveDate,
    ) -> Result<bool, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let surql = format!(
            "LET $c = type::record('community', $community); \
             LET $p = type::record('person', $person); \
             IF array::len((SELECT id FROM person WHERE community = $c AND grid = $grid LIMIT 1)) = 0 \
             {{ THROW 'no such grid' }}; \
             IF array::len((SELECT id FROM role_grant WHERE person = $p AND community = $c \
             AND role = 'station_staff' AND {IN_FORCE})) = 0 {{ THROW 'not a grid worker' }}; \
             UPSERT type::record('grid_worker', [$community, $grid]) SET community = $c, grid = $grid, \
             person = $p, since = time::now()"
        );
        let result = self
            .audited(
                facts(
                    actor,
                    "grid.assign",
                    Some(community),
                    Detail::new()
                        .with(Fact::Grid, grid)
                        .with(Fact::Person, person),
                ),
                Audited {
                    surql: &surql,
                    bindings: vec![
                        ("community", community.into()),
                        ("grid", grid.into()),
                        ("person", person.into()),
                        ("today", today.to_string().into()),
                    ],
                },
            )
            .await;
        super::audit::refused_as_false(result)
    }

    /// Keys of the people of `community` called `text`, or called `name` in `household`.
    pub async fn people_named(
        &self,
        community: &CommunityKey,
        text: &str,
        name: &str,
        household: Option<&str>,
    ) -> Result<Vec<PersonKey>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT VALUE <string> record::id(id) FROM person \
                 WHERE community = type::record('community', $community) \
                 AND (name = $text OR ($household != NONE AND name = $name AND household = $household))",
            )
            .bind(("community", community.to_owned()))
            .bind(("text", text.to_owned()))
            .bind(("name", name.to_owned()))
            .bind(("household", household.map(str::to_owned)))
            .await?
            .check()?
            .take(0)?)
    }

    /// How many people hold one of `roles` in `community` today.
    pub async fn holders_in_force(
        &self,
        community: &CommunityKey,
        roles: &[Role],
        today: NaiveDate,
    ) -> Result<u32, StoreError> {
        let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        let surql = format!(
            "RETURN array::len(array::distinct((SELECT VALUE person FROM role_grant \
             WHERE community = type::record('community', $community) AND role IN $roles AND {IN_FORCE})))"
        );
        let count: Option<i64> = self
            .db
            .query(surql)
            .bind(("community", community.to_owned()))
            .bind(("roles", codes))
            .bind(("today", today.to_string()))
            .await?
            .check()?
            .take(0)?;
        Ok(count.and_then(|c| u32::try_from(c).ok()).unwrap_or(0))
    }

    async fn places(&self, community: &CommunityKey) -> Result<Vec<PlaceRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT name, birth_date, household, grid, residents_group FROM person \
                 WHERE community = type::record('community', $community)",
            )
            .bind(("community", community.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::domain::keys::*;
    use crate::domain::registry::{Category, NewCommunity, PeopleFilterInput, parse_register_csv};
    use crate::domain::roles::Term;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    const EXTRACT: &str = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n\
        王秀英,1958-03-02,女,H1,第一网格,一组,是,户籍\n\
        王强,1985-01-09,男,H1,第一网格,一组,否,户籍\n\
        李明,1990-07-15,男,H2,第二网格,三组,否,常住\n\
        张伟,1979-11-30,男,H3,第二网格,四组,否,户籍\n";

    async fn registry() -> (Store, CommunityKey, Vec<PersonKey>) {
        let store = Store::open("mem://").await.expect("store");
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        let community = store
            .create_community(&new, "cli:admin")
            .await
            .expect("create")
            .key;
        let people = parse_register_csv(EXTRACT, today()).expect("valid");
        let keys = store
            .add_people(&crate::store::Acting::new(&community, "cli:admin"), &people)
            .await
            .expect("add");
        (store, community, keys)
    }

    fn filter(input: PeopleFilterInput) -> PeopleFilter {
        PeopleFilter::parse(&input).expect("valid filter")
    }

    #[tokio::test]
    async fn people_are_found_by_name_household_grid_category_and_role() {
        let (store, community, keys) = registry().await;
        let term = Term::new(today(), None).expect("term");
        store
            .grant_role(
                &crate::store::Acting::new(&community, "cli:admin"),
                &keys[2],
                Role::HouseholdRep,
                term,
            )
            .await
            .expect("grant");
        let names =
            |page: PeoplePage| -> Vec<String> { page.people.into_iter().map(|p| p.name).collect() };
        let all = store
            .people(&community, &PeopleFilter::default(), today())
            .await
            .expect("all");
        assert_eq!(all.total, 4);
        let by_name = store
            .people(
                &community,
                &filter(PeopleFilterInput {
                    q: "王".into(),
                    ..Default::default()
                }),
                today(),
            )
            .await
            .expect("by name");
        assert_eq!(names(by_name), ["王强", "王秀英"]);
        let by_household = store
            .people(
                &community,
                &filter(PeopleFilterInput {
                    q: "H2".into(),
                    ..Default::default()
                }),
                today(),
            )
            .await
            .expect("by household");
        assert_eq!(names(by_household), ["李明"]);
        let by_grid_and_category = store
            .people(
                &community,
                &filter(PeopleFilterInput {
                    grid: "第二网格".into(),
                    category: "户籍".into(),
                    ..Default::default()
                }),
                today(),
            )
            .await
            .expect("by grid");
        assert_eq!(names(by_grid_and_category), ["张伟"]);
        let by_role = store
            .people(
                &community,
                &filter(PeopleFilterInput {
                    role: "household_rep".into(),
                    ..Default::default()
                }),
                today(),
            )
            .await
            .expect("by role");
        assert_eq!(by_role.total, 1);
        assert_eq!(by_role.people[0].roles, [Role::HouseholdRep]);
        assert!(!by_role.people[0].enrolled);
        assert_eq!(by_role.people[0].category, Category::Permanent);
    }

    #[tokio::test]
    async fn the_list_is_paged() {
        let (store, community, _) = registry().await;
        let second = store
            .people(
                &community,
                &filter(PeopleFilterInput {
                    page: "2".into(),
                    ..Default::default()
                }),
                today(),
            )
            .await
            .expect("page 2");
        assert_eq!(second.total, 4);
        assert!(
            second.people.is_empty(),
            "four people fit on the first page"
        );
    }

    #[tokio::test]
    async fn an_ended_role_is_no_longer_in_force_and_cannot_be_ended_twice() {
        let (store, community, keys) = registry().await;
        let from = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        store
            .grant_role(
                &crate::store::Acting::new(&community, "cli:admin"),
                &keys[0],
                Role::ResidentRep,
                Term::new(from, None).expect("term"),
            )
            .await
            .expect("grant");
        let grants = store
            .grant_records(&community, &keys[0])
            .await
            .expect("grants");
        assert_eq!(grants.len(), 1);
        let yesterday = today().pred_opt().expect("date");
        assert!(
            store
                .end_role(
                    &crate::store::Acting::new(&community, "person:x"),
                    &grants[0].key,
                    yesterday
                )
                .await
                .expect("end")
        );
        let row = store
            .person_in(&community, &keys[0], today())
            .await
            .expect("read")
            .expect("row");
        assert!(row.roles.is_empty());
        assert!(
            !store
                .end_role(
                    &crate::store::Acting::new(&community, "person:x"),
                    &grants[0].key,
                    yesterday
                )
                .await
                .expect("again")
        );
        assert!(
            !store
                .end_role(
                    &crate::store::Acting::new(&test_key("elsewhere"), "person:x"),
                    &grants[0].key,
                    today()
                )
                .await
                .expect("foreign")
        );
        let log = store.audit_log().await.expect("log");
        assert_eq!(log.iter().filter(|e| e.action == "role.end").count(), 1);
    }

    #[tokio::test]
    async fn the_registry_knows_its_people_grids_and_groups() {
        let (store, community, _) = registry().await;
        let keys = store.register_keys(&community).await.expect("keys");
        assert_eq!(keys.len(), 4);
        assert!(keys.contains(&(
            "李明".to_owned(),
            NaiveDate::from_ymd_opt(1990, 7, 15).expect("date"),
            "H2".to_owned()
        )));
        let loads = store.grid_loads(&community).await.expect("loads");
        assert_eq!(
            loads,
            [
                GridLoad {
                    grid: "第一网格".into(),
                    households: 1,
                    worker: None,
                },
                GridLoad {
                    grid: "第二网格".into(),
                    households: 2,
                    worker: None,
                },
            ]
        );
        let facets = store.registry_facets(&community).await.expect("facets");
        assert_eq!(facets.groups, ["一组", "三组", "四组"]);
        assert!(
            store
                .person_in(&test_key("elsewhere"), &test_key("nobody"), today())
                .await
                .expect("read")
                .is_none()
        );
    }

    #[tokio::test]
    async fn holders_in_force_count_people_not_grants() {
        let (store, community, keys) = registry().await;
        let term = Term::new(today(), None).expect("term");
        for role in [Role::CommitteeDirector, Role::DeputyDirector] {
            store
                .grant_role(
                    &crate::store::Acting::new(&community, "cli:admin"),
                    &keys[0],
                    role,
                    term,
                )
                .await
                .expect("grant");
        }
        store
            .grant_role(
                &crate::store::Acting::new(&community, "cli:admin"),
                &keys[1],
                Role::DeputyDirector,
                term,
            )
            .await
            .expect("grant");
        let count = store
            .holders_in_force(
                &community,
                &[Role::CommitteeDirector, Role::DeputyDirector],
                today(),
            )
            .await
            .expect("count");
        assert_eq!(count, 2);
    }

    #[tokio::test]
    async fn a_sheet_goes_to_people_without_a_passkey_or_an_open_invitation() {
        let (store, community, keys) = registry().await;
        let open = |store: &Store| {
            let store = store.clone();
            let community = community.clone();
            async move {
                store
                    .uninvited_people(&community, &PeopleFilter::default(), today(), 48)
                    .await
                    .expect("uninvited")
                    .into_iter()
                    .map(|p| p.key)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(open(&store).await.len(), 4);
        store
            .issue_invitation_sheet(
                &crate::store::Acting::new(&community, "person:staff"),
                &keys[..2],
                &[Role::Resident],
                Role::ALL,
                7,
            )
            .await
            .expect("sheet");
        let left = open(&store).await;
        assert_eq!(left.len(), 2);
        assert!(!left.contains(&keys[0]) && !left.contains(&keys[1]));
        let limited = store
            .uninvited_people(&community, &PeopleFilter::default(), today(), 1)
            .await
            .expect("limited");
        assert_eq!(limited.len(), 1);
    }

    #[tokio::test]
    async fn a_grid_gets_one_grid_worker_who_must_be_station_staff() {
        let (store, community, keys) = registry().await;
        let term = Term::new(today(), None).expect("term");
        assert!(
            !store
                .assign_grid_worker(
                    &crate::store::Acting::new(&community, "person:chief"),
                    "第一网格",
                    &keys[0],
                    today()
                )
                .await
                .expect("assign"),
            "not station staff"
        );
        for key in &keys[..2] {
            store
                .grant_role(
                    &crate::store::Acting::new(&community, "cli:admin"),
                    key,
                    Role::StationStaff,
                    term,
                )
                .await
                .expect("grant");
        }
        assert!(
            !store
                .assign_grid_worker(
                    &crate::store::Acting::new(&community, "person:chief"),
                    "第九网格",
                    &keys[0],
                    today()
                )
                .await
                .expect("assign"),
            "no such grid"
        );
        for key in &keys[..2] {
            assert!(
                store
                    .assign_grid_worker(
                        &crate::store::Acting::new(&community, "person:chief"),
                        "第一网格",
                        key,
                        today()
                    )
                    .await
                    .expect("assign")
            );
        }
        let workers = store.grid_workers(&community).await.expect("workers");
        assert_eq!(
            workers.len(),
            1,
            "one worker per grid: the second replaced the first"
        );
        assert_eq!(workers[0].person, keys[1]);
        let loads = store.grid_loads(&community).await.expect("loads");
        assert_eq!(loads[0].worker.as_deref(), Some("王强"));
        assert_eq!(loads[1].worker, None);
    }
}
