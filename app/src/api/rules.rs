//! The numbers a community runs under (`domain::rules::CommunityRules`): shown to everyone
//! signed in, changed by the district administrator within what can work. Every pillar reads
//! them through [`ssr::rules`], so a change applies to the next deadline, notice or count.

use crate::AppError;
#[cfg(feature = "ssr")]
use crate::{
    api::{context::ServerContext, guard::authorize},
    domain::policy::{Action, Caller, Decision, decide},
};
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

/// The caller's community's rules: each field's value in force beside its default, and
/// whether the caller may change them. Refuses a caller not signed in.
#[server(prefix = "/api", endpoint = "community_rules")]
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
    let defaults = crate::domain::rules::CommunityRules::default().as_fields();
    let fields = ssr::rules(&caller.community)
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

/// Changes the caller's community's rules: `rules[field]` is a field's new value as the page
/// shows it (at most 64 fields; none sent changes nothing). Refuses values outside what can
/// work; saving the rules as they are writes nothing and logs nothing.
#[server(prefix = "/api", endpoint = "set_community_rules")]
pub async fn set_community_rules(rules: Option<HashMap<String, String>>) -> Result<(), AppError> {
    let changes = rules.unwrap_or_default();
    let caller = authorize(Action::SetCommunityRules)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if changes.len() > 64 {
        return Err(AppError::invalid("rules", "too_long"));
    }
    let mut changes: Vec<(String, String)> = changes.into_iter().collect();
    changes.sort();
    let current = ssr::rules(&caller.community).await?;
    let changed = current.with_changes(&changes)?;
    if changed == current {
        // Saving the form as it was changes nothing, and the audit log says nothing.
        return Ok(());
    }
    ServerContext::current()?
        .store
        .set_community_rules(&caller.acting(), &changed)
        .await?;
    Ok(())
}

/// The rules a community runs under, for every pillar's server functions (the elections',
/// the notices', the registry's) as well as these.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::AppError;
    use crate::api::context::ServerContext;
    use crate::domain::rules::CommunityRules;
    use crate::store::Store;

    /// The rules `community` runs under, from `store`.
    pub(crate) async fn rules_with(
        store: &Store,
        community: &crate::domain::keys::CommunityKey,
    ) -> Result<CommunityRules, AppError> {
        Ok(store.community_rules(community).await?)
    }

    /// The rules `community` runs under, inside a request.
    pub(crate) async fn rules(
        community: &crate::domain::keys::CommunityKey,
    ) -> Result<CommunityRules, AppError> {
        rules_with(&ServerContext::current()?.store, community).await
    }
}
