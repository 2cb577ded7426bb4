//! Pages and components. All text goes through i18n (zh-CN default, en); every page works on a
//! 360-px screen and, for reading and the forms that matter, without JavaScript.

mod account;
pub(crate) mod elections;
pub mod errors;
pub(crate) mod evaluations;
pub mod forms;
mod home;
mod join;
mod keys;
mod layout;
mod notices;
mod pages;
mod passkeys;
pub mod prefs;
mod print;
pub mod roles;
#[cfg(feature = "ssr")]
pub mod shell;
mod staff;
pub mod uploads;

#[cfg(feature = "ssr")]
pub use shell::{CspNonce, shell};

use crate::i18n::{I18nContextProvider, t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::{Body, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};
use prefs::initial_text_size;

/// The whole application: language context, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=language_source()>
            <Document />
        </I18nContextProvider>
    }
}

/// Where the server takes the page language from: our own cookie only, never the browser's
/// Accept-Language, so the site is Chinese unless the visitor chose otherwise.
fn language_source() -> leptos_use::UseLocalesOptions {
    leptos_use::UseLocalesOptions::default().ssr_lang_header_getter(|| {
        #[cfg(feature = "ssr")]
        {
            prefs::request_cookie(prefs::LANG_COOKIE)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
}

#[component]
fn Document() -> impl IntoView {
    let i18n = use_i18n();
    let text_size = initial_text_size();
    view! {
        // A plain string, not a closure over the locale signal: in async rendering leptos_axum
        // reads the title after the page's reactive owner is gone, and a closure reading a
        // signal then panics under concurrent requests (a 500 in about one in forty).
        <Title text=t_string!(i18n, app_name).to_string() />
        <Body {..} class=text_size.body_class() />
        <Router>
            <layout::Frame text_size>
                <Routes fallback=pages::NotFound>
                    <Route path=path!("/") view=pages::Home ssr=SsrMode::Async />
                    <Route path=path!("/deliberations") view=pages::Deliberations ssr=SsrMode::Async />
                    <Route path=path!("/evaluations") view=evaluations::EvaluationList ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/new") view=evaluations::NewEvaluation ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:key") view=evaluations::RoundPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:key/rate") view=evaluations::RatePage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:key/paper") view=evaluations::PaperPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:key/print") view=evaluations::ResultsPrint ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:key/projection") view=evaluations::ProjectionPage ssr=SsrMode::Async />
                    <Route path=path!("/evaluations/:key/results") view=evaluations::ResultsPage ssr=SsrMode::Async />
                    <Route path=path!("/elections") view=elections::ElectionList ssr=SsrMode::Async />
                    <Route path=path!("/elections/new") view=elections::NewElection ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key") view=elections::ElectionPage ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/ballot") view=elections::BallotPage ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/voted") view=elections::Voted ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/roll") view=elections::RollPage ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/results") view=elections::Results ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/protocol") view=elections::Protocol ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/board") view=elections::Board ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/office") view=elections::Desk ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/station") view=elections::PollingStationPage ssr=SsrMode::Async />
                    <Route path=path!("/elections/:key/count") view=elections::CountPage ssr=SsrMode::Async />
                    // The board is read on cheap phones and by feed-less visitors: rendered
                    // whole on the server, so it reads without JavaScript.
                    <Route path=path!("/notices") view=notices::Board ssr=SsrMode::Async />
                    <Route path=path!("/notices/new") view=notices::NewNoticePage ssr=SsrMode::Async />
                    <Route path=path!("/notices/:key") view=notices::NoticePage ssr=SsrMode::Async />
                    <Route path=path!("/notices/:key/print") view=notices::Poster ssr=SsrMode::Async />
                    <Route path=path!("/me") view=account::Me ssr=SsrMode::Async />
                    <Route path=path!("/join/:code") view=join::Join ssr=SsrMode::Async />
                    // Staff pages wait for their data so a refusal carries its status (401/403).
                    <Route path=path!("/staff") view=staff::StaffHome ssr=SsrMode::Async />
                    <Route path=path!("/staff/people") view=staff::People ssr=SsrMode::Async />
                    <Route path=path!("/staff/people/:key") view=staff::PersonPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/import") view=staff::Import ssr=SsrMode::Async />
                    <Route path=path!("/staff/sheet") view=staff::Sheet ssr=SsrMode::Async />
                    <Route path=path!("/staff/audit") view=staff::AuditLog ssr=SsrMode::Async />
                    <Route path=path!("/staff/rules") view=staff::Rules ssr=SsrMode::Async />
                </Routes>
            </layout::Frame>
        </Router>
    }
}
