//! Communities, people and the roles they hold, in the database. Every change is audited in
//! the same transaction.

use super::audit::{Audited, facts};
use super::{Store, StoreError};
use crate::domain::registry::NewCommunity;
use crate::domain::roles::{Role, Term};
use surrealdb::types::SurrealValue;

/// A community as stored.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct Community {
    pub key: String,
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
        let key = uuid::Uuid::new_v4().to_string();
        self.audited(
            facts(actor, "community.create", Some(&key), format!("{} {}", community.district, community.name)),
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
    pub async fn community(&self, key: &str) -> Result<Option<Community>, StoreError> {
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

    /// Grants `role` to `person` in `community` for `term`.
    pub async fn grant_role(
        &self,
        person: &str,
        community: &str,
        role: Role,
        term: Term,
        actor: &str,
    ) -> Result<(), StoreError> {
        self.audited(
            facts(actor, "role.grant", Some(community), format!("person {person}: {}", role.code())),
            Audited {
                surql: "IF (SELECT VALUE community FROM ONLY type::record('person', $person)) \
                        != type::record('community', $community) { THROW 'person is not in this community' }; \
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
        .await?;
        Ok(())
    }

    /// Every grant a person holds in a community, in force or not.
    pub async fn role_grants(
        &self,
        person: &str,
        community: &str,
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
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let role = Role::parse(&row.role)?;
                let from = row.from.parse().ok()?;
                let until = match row.until {
                    Some(until) => Some(until.parse().ok()?),
                    None => None,
                };
                Some((role, Term::new(from, until).ok()?))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::verify;

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
    async fn an_unknown_community_is_none() {
        let store = Store::open("mem://").await.expect("store");
        assert_eq!(store.community("nope").await.expect("read"), None);
    }
}
