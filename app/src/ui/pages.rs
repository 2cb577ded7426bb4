//! The pages of the shell: home, the four pillars' landing pages, "me", and not found.
//! The pillars fill their pages in their own issues; until then each says plainly that
//! nothing is under way.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, home_title)}</h1>
        <p class="lead">{t!(i18n, home_intro)}</p>
        <super::home::SignedInSummary />
        <ul class="cards">
            <li>
                <A href="/deliberations" attr:class="card">
                    <strong>{t!(i18n, nav_deliberations)}</strong>
                    <span>{t!(i18n, home_card_deliberations)}</span>
                </A>
            </li>
            <li>
                <A href="/evaluations" attr:class="card">
                    <strong>{t!(i18n, nav_evaluations)}</strong>
                    <span>{t!(i18n, home_card_evaluations)}</span>
                </A>
            </li>
            <li>
                <A href="/elections" attr:class="card">
                    <strong>{t!(i18n, nav_elections)}</strong>
                    <span>{t!(i18n, home_card_elections)}</span>
                </A>
            </li>
            <li>
                <A href="/notices" attr:class="card">
                    <strong>{t!(i18n, nav_notices)}</strong>
                    <span>{t!(i18n, home_card_notices)}</span>
                </A>
            </li>
        </ul>
    }
}

#[component]
pub fn Deliberations() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, deliberations_title)}</h1>
        <p class="lead">{t!(i18n, deliberations_intro)}</p>
        <p class="empty">{t!(i18n, deliberations_empty)}</p>
    }
}

/// Shown for any path no route matches; answers with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <div class="error-page" data-testid="not-found">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_body)}</p>
            <p>
                <A href="/" attr:class="button">
                    {t!(i18n, back_home)}
                </A>
            </p>
        </div>
    }
}
