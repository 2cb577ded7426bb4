//! The numbers a community runs under (`domain::rules::CommunityRules`): shown to everyone
//! signed in, changed by the district administrator within what can work. Every pillar reads
//! them through [`ssr::rules`], so a change applies to the next deadline, notice or count.

use crate::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The rules as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub community_name: String,
    /// Field name, value in force, the default.
    pub fields: Vec<(String, String, String)>,
    pub can_change: bool,
}

#[server(prefix = "/api", endpoint = "community_rules")]
pub async fn community_rules() -> Result<RulesView, AppError> {
    ssr::community_rules().await
}

/// Changes the caller's community's rules: `rules[field]` as the page shows them.
#[server(prefix = "/api", endpoint = "set_community_rules")]
pub async fn set_community_rules(rules: Option<HashMap<String, String>>) -> Result<(), AppError> {
    ssr::set_community_rules(rules.unwrap_or_default()).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::api::context::ServerContext;
    use crate::api::guard::authorize;
    use crate::domain::policy::{Action, Caller, Decision, decide};
    use crate::domain::rules::CommunityRules;
    use crate::store::Store;

    /// The rules `community` runs under, from `store`.
    pub(crate) async fn rules_with(
        store: &Store,
        community: &str,
    ) -> Result<CommunityRules, AppError> {
        Ok(store.community_rules(community).await?)
    }

    /// The rules `community` runs under, inside a request.
    pub(crate) async fn rules(community: &str) -> Result<CommunityRules, AppError> {
        rules_with(&ServerContext::current()?.store, community).await
    }

    pub async fn community_rules() -> Result<RulesView, AppError> {
        let caller = authorize(Action::ViewCommunityRules)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let store = ServerContext::current()?.store;
        let community_name = store
            .community(&caller.community)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let defaults = CommunityRules::default().as_fields();
        let fields = rules(&caller.community)
            .await?
            .as_fields()
            .into_iter()
            .map(|(name, value)| {
                let default = defaults
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                (name, value, default)
            })
            .collect();
        let can_change = decide(
            Action::SetCommunityRules,
            &Caller::SignedIn {
                roles: &caller.roles,
            },
        ) == Decision::Allow;
        Ok(RulesView {
            community_name,
            fields,
            can_change,
        })
    }

    pub async fn set_community_rules(changes: HashMap<String, String>) -> Result<(), AppError> {
        let caller = authorize(Action::SetCommunityRules)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if changes.len() > 64 {
            return Err(AppError::invalid("rules", "too_long"));
        }
        let mut changes: Vec<(String, String)> = changes.into_iter().collect();
        changes.sort();
        let current = rules(&caller.community).await?;
        let changed = current.with_changes(&changes)?;
        if changed == current {
            // Saving the form as it was changes nothing, and the audit log says nothing.
            return Ok(());
        }
        ServerContext::current()?
            .store
            .set_community_rules(
                &caller.community,
                &changed,
                &format!("person:{}", caller.key),
            )
            .await?;
        Ok(())
    }
}
