//! The passkey ceremonies, the islands WebAuthn needs: enrolling with an invitation, signing
//! in, and adding a passkey. Each is a leaf of its server-rendered page and takes plain props:
//! the page's language as its code (`zh-CN`, `en`), since islands have no i18n context. After
//! a ceremony the browser loads the next page whole, so nothing else on the page needs the
//! browser.

use crate::AppError;
use crate::i18n::{Locale, td_string};
use crate::ui::errors::error_message;
use crate::ui::prefs::parse_locale;
use leptos::prelude::*;

/// Where a passkey ceremony stands.
#[derive(Debug, Clone, PartialEq)]
enum Ceremony {
    Idle,
    Working,
    /// Failed; `None` when the person cancelled or the device refused.
    Failed(Option<AppError>),
}

fn locale_of(lang: &str) -> Locale {
    parse_locale(lang).unwrap_or_default()
}

/// Goes to `path` with a full page load (the signed-in page is rendered by the server).
fn go(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// What the person sees while and after their device works.
#[component]
fn CeremonyStatus(locale: Locale, status: RwSignal<Ceremony>) -> impl IntoView {
    move || match status.get() {
        Ceremony::Idle => None,
        Ceremony::Working => {
            Some(view! { <p role="status">{td_string!(locale, join_working)}</p> }.into_any())
        }
        Ceremony::Failed(Some(error)) => Some(
            view! { <p class="form-error" role="alert">{error_message(locale, &error)}</p> }
                .into_any(),
        ),
        Ceremony::Failed(None) => Some(
            view! { <p class="form-error" role="alert">{td_string!(locale, join_failed)}</p> }
                .into_any(),
        ),
    }
}

/// Runs `ceremony` once at a time, showing its progress in `status`; `done` on success.
fn start<F>(
    status: RwSignal<Ceremony>,
    ceremony: impl FnOnce() -> F + 'static,
    done: impl FnOnce() + 'static,
) where
    F: std::future::Future<Output = Result<(), Option<AppError>>> + 'static,
{
    if status.get_untracked() == Ceremony::Working {
        return;
    }
    status.set(Ceremony::Working);
    leptos::task::spawn_local(async move {
        match ceremony().await {
            Ok(()) => done(),
            Err(error) => status.set(Ceremony::Failed(error)),
        }
    });
}

/// The enrolment form of `/join/{code}`: the person's name (read-only when the registry has
/// it), for a recovery whether to revoke the old passkeys, and the button creating the
/// passkey. On success, home, which greets them with their roles.
#[island]
pub fn EnrolForm(
    lang: String,
    code: String,
    person_name: Option<String>,
    recovery: bool,
) -> impl IntoView {
    let locale = locale_of(&lang);
    let known = person_name.is_some();
    let name = RwSignal::new(person_name.unwrap_or_default());
    let status = RwSignal::new(Ceremony::Idle);
    // A recovery usually follows a lost phone: revoking its passkey is the safe default.
    let revoke_old = RwSignal::new(recovery);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let code = code.clone();
        start(
            status,
            move || enrol(code, name.get_untracked(), revoke_old.get_untracked()),
            || go("/"),
        );
    };
    view! {
        <form class="stack" on:submit=on_submit>
            <label for="join-name">{td_string!(locale, join_name_label)}</label>
            <input
                id="join-name"
                name="name"
                autocomplete="name"
                required
                maxlength="40"
                readonly=known
                value=name.get_untracked()
                on:input=move |event| name.set(event_target_value(&event))
            />
            <p class="hint">{td_string!(locale, join_passkey_explained)}</p>
            {recovery
                .then(|| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                name="revoke_old"
                                data-testid="revoke-old"
                                checked=recovery
                                on:change=move |event| revoke_old.set(event_target_checked(&event))
                            />
                            {td_string!(locale, join_revoke_old)}
                        </label>
                    }
                })}
            <button type="submit" class="button" data-testid="create-passkey" disabled=move || status.get() == Ceremony::Working>
                {td_string!(locale, join_create_passkey)}
            </button>
            <noscript>
                <p class="form-error">{td_string!(locale, join_needs_js)}</p>
            </noscript>
            <CeremonyStatus locale status />
        </form>
    }
}

/// Signing in with a passkey; on success to `next` (a path of this site, checked by
/// `domain::return_to`), else to `/me`.
#[island]
pub fn SignInButton(lang: String, next: Option<String>) -> impl IntoView {
    let locale = locale_of(&lang);
    let status = RwSignal::new(Ceremony::Idle);
    let on_click = move |_| {
        let next = next.clone();
        start(status, sign_in, move || {
            let page = next
                .as_deref()
                .and_then(crate::domain::return_to::return_path)
                .unwrap_or("/me");
            go(page);
        });
    };
    view! {
        <button type="button" class="button" data-testid="sign-in" on:click=on_click>
            {td_string!(locale, me_sign_in)}
        </button>
        <noscript>
            <p class="form-error">{td_string!(locale, me_sign_in_needs_js)}</p>
        </noscript>
        <CeremonyStatus locale status />
    }
}

/// Adding a passkey on this device to the signed-in person; the page reloads with it listed.
#[island]
pub fn AddPasskeyButton(lang: String) -> impl IntoView {
    let locale = locale_of(&lang);
    let status = RwSignal::new(Ceremony::Idle);
    let on_click = move |_| start(status, add_passkey, || go("/me"));
    view! {
        <button type="button" class="button secondary" data-testid="add-passkey" on:click=on_click>
            {td_string!(locale, me_add_passkey)}
        </button>
        <CeremonyStatus locale status />
    }
}

/// Runs the enrolment ceremony; `Err(None)` when the device did not create a passkey.
async fn enrol(code: String, name: String, revoke_old: bool) -> Result<(), Option<AppError>> {
    let ceremony = crate::api::identity::begin_enrolment(code, name)
        .await
        .map_err(Some)?;
    let credential = crate::auth::create_on_device(&ceremony.options)
        .await
        .ok_or(None)?;
    crate::api::identity::finish_enrolment(ceremony.challenge, credential, Some(revoke_old))
        .await
        .map_err(Some)
}

async fn sign_in() -> Result<(), Option<AppError>> {
    let ceremony = crate::api::identity::begin_sign_in().await.map_err(Some)?;
    let credential = crate::auth::get_on_device(&ceremony.options)
        .await
        .ok_or(None)?;
    crate::api::identity::finish_sign_in(ceremony.challenge, credential)
        .await
        .map_err(Some)
}

async fn add_passkey() -> Result<(), Option<AppError>> {
    let ceremony = crate::api::identity::begin_add_passkey()
        .await
        .map_err(Some)?;
    let credential = crate::auth::create_on_device(&ceremony.options)
        .await
        .ok_or(None)?;
    crate::api::identity::finish_add_passkey(ceremony.challenge, credential)
        .await
        .map_err(Some)
}
