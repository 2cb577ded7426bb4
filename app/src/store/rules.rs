//! A community's own numbers in the database: read (the defaults when it has none) and
//! replaced, audited.

use super::audit::{Audited, facts};
use super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::keys::CommunityKey;
use crate::domain::rules::CommunityRules;
use crate::store::Acting;

impl Store {
    /// The rules `community` runs under: its own, or the defaults. Stored rules that no longer
    /// pass [`CommunityRules::validate`] (set before the law's bounds were checked) are not
    /// used: the defaults are, and the error is logged for the district to re-enter them.
    pub async fn community_rules(
        &self,
        community: &CommunityKey,
    ) -> Result<CommunityRules, StoreError> {
        let stored: Option<String> = self
            .db
            .query(
                "RETURN (SELECT VALUE rules FROM ONLY type::record('community_rules', $community))",
            )
            .bind(("community", community.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(stored
            .and_then(|json| match serde_json::from_str::<CommunityRules>(&json) {
                Ok(rules) => match rules.validate() {
                    Ok(()) => Some(rules),
                    Err(error) => {
                        tracing::error!(%error, %community, "stored rules are unworkable or unlawful; using the defaults");
                        None
                    }
                },
                Err(error) => {
                    tracing::error!(%error, %community, "stored rules do not parse; using the defaults");
                    None
                }
            })
            .unwrap_or_default())
    }

    /// Replaces `community`'s rules (checked by the caller with `CommunityRules::validate`).
    pub async fn set_community_rules(
        &self,
        acting: &Acting,
        rules: &CommunityRules,
    ) -> Result<(), StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let json = serde_json::to_string(rules).map_err(|_| StoreError::Uninitialised("rules"))?;
        self.audited(
            facts(
                actor,
                "community.rules",
                Some(community),
                Detail::new().with(Fact::Record, &json),
            ),
            Audited {
                surql: "IF record::exists(type::record('community', $community)) = false \
                        { THROW 'unknown community' }; \
                        UPSERT type::record('community_rules', $community) SET rules = $rules, \
                        updated_at = time::now();",
                bindings: vec![("community", community.into()), ("rules", json.into())],
            },
        )
        .await?;
        Ok(())
    }
}
