//! `/staff/audit`: the community's newest audit entries and whether the whole hash chain still
//! verifies (the same check as `gongshang audit verify`).

use super::{Refused, StaffNav};
use crate::api::audit::audit_log;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let log = Resource::new(|| (), |_| audit_log());
    view! {
        <StaffNav />
        <h1>{t!(i18n, staff_audit)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(log) => {
                        view! {
                            {match log.broken_at {
                                None => view! {
                                    <p class="chain ok" data-testid="chain-ok">
                                        {t!(i18n, staff_chain_ok)} " (" {log.checked} ")"
                                    </p>
                                }.into_any(),
                                Some(seq) => view! {
                                    <p class="chain broken form-error" role="alert" data-testid="chain-broken">
                                        {t!(i18n, staff_chain_broken)} " #" {seq}
                                    </p>
                                }.into_any(),
                            }}
                            <ol class="audit" data-testid="audit">
                                {log
                                    .entries
                                    .into_iter()
                                    .map(|entry| {
                                        view! {
                                            <li>
                                                <span class="hint">"#" {entry.seq} " · " {entry.at}</span>
                                                <strong>{entry.actor}</strong>
                                                <code>{entry.action}</code>
                                                <span class="audit-detail">{entry.detail}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
