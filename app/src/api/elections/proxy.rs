//! Proxy votes (委托投票, L25 Art. 19): a voter who will be away names another voter of the
//! community to vote for them; the holder carries a limited number, is not a candidate, and
//! none are allowed in representative mode.

use crate::AppError;
use leptos::prelude::*;

/// Names `holder` (a name, or name and household) to vote for the caller, who says they will
/// be away (`away` is any value when ticked).
#[server(prefix = "/api", endpoint = "name_proxy")]
pub async fn name_proxy(
    election: String,
    holder: String,
    away: Option<String>,
) -> Result<(), AppError> {
    use super::request::{election_rules, own_election, resolve_person, store, voter};
    use crate::domain::election::proxy::{self, ProxyRequest};
    use crate::domain::refusal::Refusal;
    let away = away.is_some();
    let caller = voter().await?;
    if !away {
        return Err(Refusal::NotAway.into());
    }
    let row = own_election(&caller, &election).await?;
    let holder = resolve_person(&caller, "holder", &holder).await?;
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
