//! The staff office (`/staff/…`): the registry's people, roles, imports, invitations and the
//! audit log. Every page asks its server function, which checks the policy; a visitor who may
//! not see a page gets the reason (and, when signed out, the way to sign in), never the data.
//! These pages need JavaScript for their forms; residents' voting and rating pages do not.

mod audit;
mod audit_facts;
mod home;
mod import;
mod people;
mod person;
pub(crate) mod rules;
mod sheet;

pub use audit::AuditLog;
pub use home::StaffHome;
pub use import::Import;
pub use people::People;
pub use person::PersonPage;
pub use rules::Rules;
pub use sheet::Sheet;

use super::errors::Refused;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// Shows `children` to registry staff only: pages whose first request is a form (import,
/// printing a sheet) ask the office first, so a visitor who may not use them is told so at
/// once instead of after filling the form in.
#[component]
fn StaffGate(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let office = Resource::new(|| (), |_| crate::api::registry::staff_office());
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match office.await {
                        Err(error) => view! { <Refused error /> }.into_any(),
                        Ok(_) => children().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The staff pages' own small navigation, shown only to those the office lets in, on every
/// staff page: a resident reading the rules, or an election officer refused the people list, is
/// not offered pages that refuse them (issue 16, item 6; the second 2026-12-07 review).
#[component]
fn StaffNav() -> impl IntoView {
    let office = Resource::new(|| (), |_| crate::api::registry::staff_office());
    view! {
        <Suspense>
            {move || Suspend::new(async move { office.await.ok().map(|_| view! { <StaffLinks /> }) })}
        </Suspense>
    }
}

#[component]
fn StaffLinks() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="sub-nav no-print">
            <a href="/staff">{t!(i18n, staff_office)}</a>
            <a href="/staff/people">{t!(i18n, staff_people)}</a>
            <a href="/staff/import">{t!(i18n, staff_import)}</a>
            <a href="/staff/audit">{t!(i18n, staff_audit)}</a>
            <a href="/staff/rules">{t!(i18n, staff_rules)}</a>
        </nav>
    }
}
