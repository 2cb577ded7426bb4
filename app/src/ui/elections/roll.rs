//! `/elections/{key}/roll`: the published voter roll, by residents' group, for the community's
//! signed-in people (the paper copy hangs on the board downstairs).

use super::ElectionNav;
use crate::api::elections::roll::voter_roll;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RollPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let roll = Resource::new(key, voter_roll);
    view! {
        <ElectionNav key=key() />
        <h1>{t!(i18n, el_roll)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match roll.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(lines) => view! {
                        <p class="hint">{lines.iter().filter(|l| !l.struck).count()} " " {t!(i18n, el_voters)}</p>
                        <ul class="people" data-testid="roll">
                            {lines
                                .into_iter()
                                .map(|l| {
                                    view! {
                                        <li class:ended=l.struck>
                                            <strong>{l.name}</strong> " "
                                            <span class="hint">{l.residents_group.unwrap_or_default()} " " {l.household.unwrap_or_default()}</span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
