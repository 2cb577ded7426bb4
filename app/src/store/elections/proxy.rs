//! Proxies in the database (委托投票, L25 Art. 19): a voter names a holder, checked again inside
//! the transaction against the holder's limit, and the principals a holder carries.

use super::super::audit::{Audited, facts};
use super::super::{REFUSED, Store, StoreError};
use super::guard;
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::election::polls::Phase;
use crate::domain::keys::{CommunityKey, ElectionKey, PersonKey};
use surrealdb::types::SurrealValue;

/// A proxy, by name.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue, serde::Serialize, serde::Deserialize)]
#[surreal(crate = "surrealdb::types")]
pub struct ProxyRow {
    pub principal: PersonKey,
    pub principal_name: String,
    pub holder: PersonKey,
    pub holder_name: String,
}

impl Store {
    /// Records that `principal` names `holder` their proxy. The holder's count is checked again
    /// inside the transaction, so two principals racing for a holder's last place cannot both
    /// get it past `limit`.
    pub async fn name_proxy(
        &self,
        community: &CommunityKey,
        election: &ElectionKey,
        principal: &PersonKey,
        holder: &PersonKey,
        limit: u8,
    ) -> Result<(), StoreError> {
        let guard = guard(&[Phase::Preparing, Phase::Open]);
        let surql = format!(
            "{guard} IF array::len(SELECT id FROM proxy WHERE election = $e AND holder = type::record('person', $holder)) >= $limit \
             {{ THROW '{REFUSED}proxy_full' }}; \
             IF record::exists(type::record('participation', [$election, $principal])) \
             {{ THROW '{REFUSED}already_voted' }}; \
             CREATE type::record('proxy', [$election, $principal]) SET election = $e, \
             principal = type::record('person', $principal), holder = type::record('person', $holder);"
        );
        let result = self
            .audited(
                facts(
                    &format!("person:{principal}"),
                    "election.proxy.name",
                    Some(community),
                    Detail::new()
                        .with(Fact::Election, election)
                        .with(Fact::Proxy, holder),
                ),
                Audited {
                    surql: &surql,
                    bindings: vec![
                        ("community", community.into()),
                        ("election", election.into()),
                        ("principal", principal.into()),
                        ("holder", holder.into()),
                        ("limit", limit.into()),
                    ],
                },
            )
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(StoreError::Database(error))
                if matches!(
                    error.details(),
                    surrealdb::types::ErrorDetails::AlreadyExists(_)
                ) =>
            {
                Err(StoreError::Refused(
                    crate::domain::refusal::Refusal::ProxyAlreadyNamed,
                ))
            }
            Err(error) => Err(error),
        }
    }

    /// Every proxy of an election, by holder.
    pub async fn proxies(&self, election: &ElectionKey) -> Result<Vec<ProxyRow>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(principal) AS principal, principal.name AS principal_name, \
                 <string> record::id(holder) AS holder, holder.name AS holder_name \
                 FROM proxy WHERE election = type::record('election', $election) \
                 ORDER BY holder_name, principal_name",
            )
            .bind(("election", election.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// The principals `holder` carries in an election, with whether each has taken part.
    pub async fn principals_of(
        &self,
        election: &ElectionKey,
        holder: &PersonKey,
    ) -> Result<Vec<(PersonKey, String, bool)>, StoreError> {
        #[derive(SurrealValue)]
        #[surreal(crate = "surrealdb::types")]
        struct Principal {
            key: PersonKey,
            name: String,
            voted: bool,
        }
        let rows: Vec<Principal> = self
            .db
            .query(
                "SELECT <string> record::id(principal) AS key, principal.name AS name, \
                 record::exists(type::record('participation', [$election, record::id(principal)])) AS voted \
                 FROM proxy WHERE election = type::record('election', $election) \
                 AND holder = type::record('person', $holder) ORDER BY name",
            )
            .bind(("election", election.to_owned()))
            .bind(("holder", holder.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().map(|p| (p.key, p.name, p.voted)).collect())
    }
}
