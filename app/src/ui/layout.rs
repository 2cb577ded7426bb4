//! The frame every page sits in: a top bar with the preference switches, the page, and the
//! bottom navigation phones reach with a thumb.

use super::prefs::{LanguageSwitch, TextSize, TextSizeSwitch};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Frame(text_size: TextSize, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">
            {t!(i18n, skip_to_content)}
        </a>
        <header class="top-bar">
            <A href="/" attr:class="brand">
                <span class="brand-name">{t!(i18n, app_name)}</span>
                <span class="brand-tagline">{t!(i18n, tagline)}</span>
            </A>
            <div class="prefs">
                <TextSizeSwitch size=text_size />
                <LanguageSwitch />
            </div>
        </header>
        <main id="main" class="page">
            <super::forms::Done />
            {children()}
        </main>
        <footer class="site-footer">{t!(i18n, footer_law)}</footer>
        <BottomNav />
    }
}

#[component]
fn BottomNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="bottom-nav" aria-label=move || t_string!(i18n, nav_label)>
            <A href="/deliberations">
                <span class="nav-icon" aria-hidden="true">"议"</span>
                <span class="nav-label">{t!(i18n, nav_short_deliberations)}</span>
            </A>
            <A href="/evaluations">
                <span class="nav-icon" aria-hidden="true">"评"</span>
                <span class="nav-label">{t!(i18n, nav_short_evaluations)}</span>
            </A>
            <A href="/elections">
                <span class="nav-icon" aria-hidden="true">"选"</span>
                <span class="nav-label">{t!(i18n, nav_short_elections)}</span>
            </A>
            <A href="/notices">
                <span class="nav-icon" aria-hidden="true">"公"</span>
                <span class="nav-label">{t!(i18n, nav_notices)}</span>
            </A>
            <A href="/me">
                <span class="nav-icon" aria-hidden="true">"我"</span>
                <span class="nav-label">{t!(i18n, nav_me)}</span>
            </A>
        </nav>
    }
}
