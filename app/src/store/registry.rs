//! Communities, people and the roles they hold, in the database. Every change is audited in
//! the same transaction.

use super::audit::{Audited, facts};
use super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::keys::{CommunityKey, PersonKey};
use crate::domain::registry::{NewCommunity, NewPerson};
use crate::domain::roles::{Role, Term};
use crate::store::Acting;
use surrealdb::types::SurrealValue;

/// A community as stored.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct Community {
    pub key: CommunityKey,
    pub name: String,
    pub district: String,
    pub households: i64,
}

/// A role held by a person, as stored.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct GrantRow {
    role: String,
    from: String,
    until: Option<String>,
}

impl Store {
    /// Creates a community; `actor` is who did it, for the audit log.
    pub async fn create_community(
        &self,
        community: &NewCommunity,
        actor: &str,
    ) -> Result<Community, StoreError> {
        // Community keys keep the hyphenated UUID form they always had.
        let key = CommunityKey::from_store(uuid::Uuid::new_v4().to_string());
        self.audited(
            facts(actor, "community.create", Some(&key), Detail::new().with(Fact::Community, format!("{} {}", community.district, community.name))),
            Audited {
                surql: "CREATE type::record('community', $key) SET name = $name, district = $district, \
                        households = $households, created_at = time::now()",
                bindings: vec![
                    ("key", key.clone().into()),
                    ("name", community.name.clone().into()),
                    ("district", community.district.clone().into()),
                    ("households", community.households.into()),
                ],
            },
        )
        .await?;
        Ok(Community {
            key,
            name: community.name.clone(),
            district: community.district.clone(),
            households: i64::from(community.households),
        })
    }

    /// The community with `key`, if any.
    pub async fn community(&self, key: &CommunityKey) -> Result<Option<Community>, StoreError> {
        let rows: Vec<Community> = self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, name, district, households \
                 FROM type::record('community', $key)",
            )
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Every community, by district and name.
    pub async fn communities(&self) -> Result<Vec<Community>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, name, district, households \
                 FROM community ORDER BY district, name",
            )
            .await?
            .check()?
            .take(0)?)
    }

    /// Adds people to a community in one transaction: all of them or none. Answers their keys
    /// in the order given.
    pub async fn add_people(
        &self,
        acting: &Acting,
        people: &[NewPerson],
    ) -> Result<Vec<PersonKey>, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        // Person keys keep the hyphenated UUID form they always had.
        let keys: Vec<PersonKey> = people
            .iter()
            .map(|_| PersonKey::from_store(uuid::Uuid::new_v4().to_string()))
            .collect();
        let rows: Vec<serde_json::Value> = people
            .iter()
            .zip(&keys)
            .map(|(person, key)| {
                serde_json::json!({
                    "key": key,
                    "name": person.name,
                    "birth_date": person.birth_date.to_string(),
                    "gender": person.gender.code(),
                    "household": person.household,
                    "grid": person.grid,
                    "residents_group": person.residents_group,
                    "party_member": person.party_member,
                    "category": person.category.code(),
                })
            })
            .collect();
        self.audited(
            facts(actor, "people.import", Some(community), Detail::new().with(Fact::People, people.len())),
            Audited {
                surql: "IF record::exists(type::record('community', $community)) = false \
                        { THROW 'unknown community' }; \
                        FOR $p IN $people { CREATE type::record('person', $p.key) SET \
                        community = type::record('community', $community), name = $p.name, \
                        birth_date = $p.birth_date, gender = $p.gender, household = $p.household, \
                        grid = $p.grid, residents_group = $p.residents_group, \
                        party_member = $p.party_member, category = $p.category, created_at = time::now() }",
                bindings: vec![("community", community.into()), ("people", rows.into())],
            },
        )
        .await?;
        Ok(keys)
    }

    /// How many people a community has in its registry.
    pub async fn people_count(&self, community: &CommunityKey) -> Result<i64, StoreError> {
        // Counted from the rows: `count() … GROUP ALL` has had wrong results in SurrealDB 3.
        let counts: Vec<i64> = self
            .db
            .query(
                "RETURN array::len((SELECT VALUE id FROM person \
                 WHERE community = type::record('community', $community)))",
            )
            .bind(("community", community.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(counts.first().copied().unwrap_or(0))
    }

    /// The people holding `role` in `community` (whatever their terms).
    pub async fn role_holders(
        &self,
        community: &CommunityKey,
        role: Role,
    ) -> Result<Vec<PersonKey>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT VALUE <string> record::id(person) FROM role_grant \
                 WHERE community = type::record('community', $community) AND role = $role",
            )
            .bind(("community", community.to_owned()))
            .bind(("role", role.code()))
            .await?
            .check()?
            .take(0)?)
    }

    /// The community called `name` in `district`, if there is one.
    pub async fn community_named(
        &self,
        district: &str,
        name: &str,
    ) -> Result<Option<Community>, StoreError> {
        Ok(self
            .communities()
            .await?
            .into_iter()
            .find(|c| c.district == district && c.name == name))
    }

    /// Grants `role` to `person` in `community` for `term`. Answers false, changing nothing,
    /// when the person already holds the role for part of that term.
    pub async fn grant_role(
        &self,
        acting: &Acting,
        person: &PersonKey,
        role: Role,
        term: Term,
    ) -> Result<bool, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let result = self.audited(
            facts(actor, "role.grant", Some(community), Detail::new().with(Fact::Person, person).with(Fact::Role, role.code())),
            Audited {
                surql: "IF (SELECT VALUE community FROM ONLY type::record('person', $person)) \
                        != type::record('community', $community) { THROW 'person is not in this community' }; \
                        IF array::len((SELECT id FROM role_grant WHERE person = type::record('person', $person) \
                        AND community = type::record('community', $community) AND role = $role \
                        AND (!$until OR from <= $until) AND (until = NONE OR until >= $from))) > 0 \
                        { THROW 'already held' }; \
                        CREATE role_grant SET person = type::record('person', $person), \
                        community = type::record('community', $community), role = $role, \
                        from = $from, until = $until OR NONE",
                bindings: vec![
                    ("person", person.into()),
                    ("community", community.into()),
                    ("role", role.code().into()),
                    ("from", term.from.to_string().into()),
                    ("until", term.until.map(|d| d.to_string()).into()),
                ],
            },
        )
        .await;
        match result {
            Ok(_) => Ok(true),
            Err(StoreError::Database(error))
                if error.is_thrown() && error.to_string().contains("already held") =>
            {
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }

    /// Every grant a person holds in a community, in force or not.
    pub async fn role_grants(
        &self,
        person: &PersonKey,
        community: &CommunityKey,
    ) -> Result<Vec<(Role, Term)>, StoreError> {
        let rows: Vec<GrantRow> = self
            .db
            .query(
                "SELECT role, from, until FROM role_grant WHERE person = type::record('person', $person) \
                 AND community = type::record('community', $community)",
            )
            .bind(("person", person.to_owned()))
            .bind(("community", community.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(in_force_or_not(rows))
    }

    /// The signed-in caller as every request of theirs needs them: their community, when their
    /// sessions became valid, whether the passkey that opened this session (`credential`, its
    /// WebAuthn id) is still theirs, and their grants there. One round trip, because the guard
    /// reads it for every request a signed-in person makes.
    pub async fn caller(
        &self,
        person: &PersonKey,
        credential: Option<&str>,
    ) -> Result<Option<CallerRow>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Found {
            key: PersonKey,
            community: CommunityKey,
            sessions_valid_after: Option<chrono::DateTime<chrono::Utc>>,
            passkey_kept: bool,
        }
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Grant {
            community: CommunityKey,
            role: String,
            from: String,
            until: Option<String>,
        }
        let mut response = self
            .db
            .query(
                "LET $p = type::record('person', $person); \
                 SELECT <string> record::id(id) AS key, <string> record::id(community) AS community, \
                 sessions_valid_after, \
                 IF $credential { array::len((SELECT VALUE id FROM passkey \
                   WHERE credential_id = $credential AND person = $p)) > 0 } ELSE { true } AS passkey_kept \
                 FROM $p; \
                 SELECT <string> record::id(community) AS community, role, from, until \
                 FROM role_grant WHERE person = $p;",
            )
            .bind(("person", person.to_owned()))
            .bind(("credential", credential.map(str::to_owned)))
            .await?
            .check()?;
        let found: Vec<Found> = response.take(1)?;
        let grants: Vec<Grant> = response.take(2)?;
        Ok(found.into_iter().next().map(|found| CallerRow {
            grants: in_force_or_not(
                grants
                    .into_iter()
                    .filter(|g| g.community == found.community)
                    .map(|g| GrantRow {
                        role: g.role,
                        from: g.from,
                        until: g.until,
                    })
                    .collect(),
            ),
            key: found.key,
            community: found.community,
            sessions_valid_after: found.sessions_valid_after,
            passkey_kept: found.passkey_kept,
        }))
    }
}

/// A signed-in person as the guard sees them ([`Store::caller`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerRow {
    pub key: PersonKey,
    pub community: CommunityKey,
    /// Sessions signed in before this are void (set when a recovery revoked old passkeys).
    pub sessions_valid_after: Option<chrono::DateTime<chrono::Utc>>,
    /// False when the passkey that opened the session was removed since: the session ends
    /// with it (issue 15, item 5).
    pub passkey_kept: bool,
    /// Every grant in their community, in force or not.
    pub grants: Vec<(Role, Term)>,
}

/// Stored grants as roles and terms; a row that no longer parses is no grant at all.
fn in_force_or_not(rows: Vec<GrantRow>) -> Vec<(Role, Term)> {
    rows.into_iter()
        .filter_map(|row| {
            let role = Role::parse(&row.role)?;
            let from = row.from.parse().ok()?;
            let until = match row.until {
                Some(until) => Some(until.parse().ok()?),
                None => None,
            };
            Some((role, Term::new(from, until).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::verify;
    #[allow(unused_imports)]
    use crate::domain::keys::*;
    use crate::domain::registry::parse_register_csv;

    /// The day the registers below are read on.
    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    /// A new community in 青山区, by name: its key.
    async fn community(store: &Store, name: &str) -> CommunityKey {
        let new = NewCommunity::parse(name, "青山区", 2_400).expect("valid");
        store
            .create_community(&new, "cli:admin")
            .await
            .expect("create")
            .key
    }

    /// A register extract of `rows` (after the header), as read today.
    fn register(rows: &str) -> Vec<NewPerson> {
        parse_register_csv(
            &format!("姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n{rows}"),
            today(),
        )
        .expect("valid")
    }

    #[tokio::test]
    async fn creating_a_community_is_stored_and_audited() {
        let store = Store::open("mem://").await.expect("store");
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        let created = store
            .create_community(&new, "cli:admin")
            .await
            .expect("create");
        assert_eq!(
            store.community(&created.key).await.expect("read"),
            Some(created.clone())
        );
        assert_eq!(
            store.communities().await.expect("list"),
            vec![created.clone()]
        );
        let log = store.audit_log().await.expect("log");
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].action, "community.create");
        assert_eq!(log[0].community.as_deref(), Some(created.key.as_str()));
        assert_eq!(verify(&log), Ok(()));
    }

    #[tokio::test]
    async fn two_communities_of_one_name_in_one_district_are_refused() {
        let store = Store::open("mem://").await.expect("store");
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        store
            .create_community(&new, "cli:admin")
            .await
            .expect("create");
        assert!(store.create_community(&new, "cli:admin").await.is_err());
        assert_eq!(store.communities().await.expect("list").len(), 1);
        assert_eq!(
            store.audit_log().await.expect("log").len(),
            1,
            "no entry for the refused one"
        );
    }

    #[tokio::test]
    async fn people_are_added_all_together_and_roles_granted_to_them() {
        use crate::domain::registry::PersonInput;
        let store = Store::open("mem://").await.expect("store");
        let community = community(&store, "示例社区").await;
        let today = today();
        let people = register(
            "王秀英,1958-03-02,女,H1,一网格,一组,是,户籍\n李明,1990-07-15,男,H2,二网格,三组,否,常住\n",
        );
        let keys = store
            .add_people(&crate::store::Acting::new(&community, "cli:admin"), &people)
            .await
            .expect("add");
        assert_eq!(keys.len(), 2);
        assert_eq!(store.people_count(&community).await.expect("count"), 2);
        let term = Term::new(today, None).expect("term");
        store
            .grant_role(
                &crate::store::Acting::new(&community, "cli:admin"),
                &keys[0],
                Role::ResidentRep,
                term,
            )
            .await
            .expect("grant");
        assert!(
            !store
                .grant_role(
                    &crate::store::Acting::new(&community, "cli:admin"),
                    &keys[0],
                    Role::ResidentRep,
                    term
                )
                .await
                .expect("grant again"),
            "a role already held is not granted twice"
        );
        assert_eq!(
            store
                .role_grants(&keys[0], &community)
                .await
                .expect("grants"),
            vec![(Role::ResidentRep, term)]
        );
        let _ = PersonInput::default();
        assert!(
            store
                .add_people(
                    &crate::store::Acting::new(&test_key("nowhere"), "cli:admin"),
                    &people
                )
                .await
                .is_err()
        );
        assert_eq!(
            store.people_count(&community).await.expect("count"),
            2,
            "nothing half-written"
        );
    }

    #[tokio::test]
    async fn the_caller_is_read_with_the_grants_of_their_own_community_only() {
        let store = Store::open("mem://").await.expect("store");
        let communities = [
            community(&store, "示例社区").await,
            community(&store, "另一社区").await,
        ];
        let today = today();
        let people = register("王秀英,1958-03-02,女,H1,一网格,一组,是,户籍\n");
        let person = store
            .add_people(
                &crate::store::Acting::new(&communities[0], "cli:admin"),
                &people,
            )
            .await
            .expect("add")
            .remove(0);
        let term = Term::new(today, None).expect("term");
        store
            .grant_role(
                &crate::store::Acting::new(&communities[0], "cli:admin"),
                &person,
                Role::ResidentRep,
                term,
            )
            .await
            .expect("grant");
        // Granting refuses another community's role; a stray record must still not count.
        store
            .db
            .query(
                "CREATE role_grant SET person = type::record('person', $person), \
                 community = type::record('community', $other), role = 'party_secretary', \
                 from = '2026-11-25'",
            )
            .bind(("person", person.clone()))
            .bind(("other", communities[1].clone()))
            .await
            .and_then(|r| r.check())
            .expect("a stray grant");
        let caller = store
            .caller(&person, None)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(caller.key, person);
        assert_eq!(caller.community, communities[0]);
        assert_eq!(caller.sessions_valid_after, None);
        assert!(caller.passkey_kept, "a session without a recorded passkey");
        let gone = store
            .caller(&person, Some("a-removed-credential"))
            .await
            .expect("read")
            .expect("found");
        assert!(!gone.passkey_kept);
        assert_eq!(
            caller.grants,
            store
                .role_grants(&person, &communities[0])
                .await
                .expect("grants")
        );
        assert_eq!(caller.grants, [(Role::ResidentRep, term)]);
        assert_eq!(
            store.caller(&test_key("nobody"), None).await.expect("read"),
            None
        );
    }

    #[tokio::test]
    async fn an_unknown_community_is_none() {
        let store = Store::open("mem://").await.expect("store");
        assert_eq!(
            store.community(&test_key("nope")).await.expect("read"),
            None
        );
    }
}
