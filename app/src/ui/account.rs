//! `/me`: the signed-in person's home: who they are, their community, their roles and their
//! passkeys, and signing out. Signed out, it offers to sign in with a passkey.

use super::errors::ErrorLine;
use super::join::{Ceremony, CeremonyStatus};
use super::roles::role_names;
use crate::AppError;
use crate::api::identity::{
    Account, PasskeyView, RemovePasskey, RenamePasskey, SignOut, SignOutEverywhere, my_account,
};
use crate::domain::device::{Browser, DeviceKind, PasskeyName};
use crate::i18n::{Locale, td_string};
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn Me() -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let remove = ServerAction::<RemovePasskey>::new();
    let rename = ServerAction::<RenamePasskey>::new();
    // Bumped by the client-side ceremonies (sign in, add a passkey) to reload the account.
    let signed_in = RwSignal::new(0u32);
    let account = Resource::new(
        move || {
            (
                sign_out.version().get(),
                everywhere.version().get(),
                remove.version().get(),
                rename.version().get(),
                signed_in.get(),
            )
        },
        |_| my_account(),
    );
    view! {
        <h1>{t!(i18n, me_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(account)) => {
                        view! { <AccountView account sign_out everywhere remove rename changed=signed_in /> }
                            .into_any()
                    }
                    Ok(None) => view! { <SignIn signed_in /> }.into_any(),
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountView(
    account: Account,
    sign_out: ServerAction<SignOut>,
    everywhere: ServerAction<SignOutEverywhere>,
    remove: ServerAction<RemovePasskey>,
    rename: ServerAction<RenamePasskey>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let removable = account.passkeys.len() > 1;
    let status = RwSignal::new(Ceremony::Idle);
    let add = move |_| {
        if status.get_untracked() == Ceremony::Working {
            return;
        }
        status.set(Ceremony::Working);
        leptos::task::spawn_local(async move {
            match add_passkey().await {
                Ok(()) => {
                    status.set(Ceremony::Idle);
                    changed.update(|n| *n += 1);
                }
                Err(error) => status.set(Ceremony::Failed(error)),
            }
        });
    };
    let roles = account.roles.clone();
    let role_list = move || {
        let names = role_names(i18n.get_locale(), &roles);
        names
            .into_iter()
            .map(|name| view! { <li>{name}</li> })
            .collect_view()
    };
    let no_roles = account.roles.is_empty();
    view! {
        <section class="card-plain" data-testid="account">
            <p class="person-name" data-testid="account-name">{account.name}</p>
            <dl class="facts">
                <dt>{t!(i18n, me_community)}</dt>
                <dd>{account.community_name}</dd>
            </dl>
            <h2>{t!(i18n, me_your_roles)}</h2>
            {if no_roles {
                view! { <p class="empty">{t!(i18n, me_no_roles)}</p> }.into_any()
            } else {
                view! { <ul class="roles" data-testid="account-roles">{role_list}</ul> }.into_any()
            }}
            <h2>{t!(i18n, me_your_passkeys)}</h2>
            <ul class="passkeys" data-testid="passkeys">
                {account
                    .passkeys
                    .into_iter()
                    .map(|passkey| {
                        let key = passkey.key.clone();
                        view! {
                            <li>
                                <span class="passkey-label" data-testid="passkey-name">
                                    {passkey_title(i18n.get_locale_untracked(), &passkey)}
                                </span>
                                {removable
                                    .then(|| {
                                        view! {
                                            <ActionForm action=remove attr:class="inline-form">
                                                <input type="hidden" name="key" value=passkey.key.clone() />
                                                <button type="submit" class="link-button" data-testid="remove-passkey">
                                                    {t!(i18n, me_remove_passkey)}
                                                </button>
                                            </ActionForm>
                                        }
                                    })}
                                <span class="hint">
                                    {t!(i18n, me_passkey_added)} " " {passkey.added} " · "
                                    {match passkey.last_used {
                                        Some(when) => {
                                            view! { {t!(i18n, me_passkey_last_used)} " " {when} }
                                                .into_any()
                                        }
                                        None => t!(i18n, me_passkey_never_used).into_any(),
                                    }}
                                </span>
                                <details>
                                    <summary class="link-button">{t!(i18n, me_rename_passkey)}</summary>
                                    <ActionForm action=rename attr:class="stack">
                                        <input type="hidden" name="key" value=key />
                                        <label>
                                            {t!(i18n, me_passkey_new_name)}
                                            <input type="text" name="name" required maxlength="30" data-testid="passkey-new-name" />
                                        </label>
                                        <button type="submit" class="button secondary" data-testid="rename-passkey">
                                            {t!(i18n, me_rename_passkey)}
                                        </button>
                                    </ActionForm>
                                </details>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button type="button" class="button secondary" data-testid="add-passkey" on:click=add>
                {t!(i18n, me_add_passkey)}
            </button>
            <CeremonyStatus status />
            <ActionForm action=sign_out>
                <button type="submit" class="button secondary" data-testid="sign-out">
                    {t!(i18n, me_sign_out)}
                </button>
            </ActionForm>
            <ActionForm action=everywhere>
                <button type="submit" class="button secondary" data-testid="sign-out-everywhere">
                    {t!(i18n, me_sign_out_everywhere)}
                </button>
                <p class="hint">{t!(i18n, me_sign_out_everywhere_hint)}</p>
            </ActionForm>
        </section>
    }
}

#[component]
fn SignIn(signed_in: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(Ceremony::Idle);
    let query = leptos_router::hooks::use_query_map();
    let navigate = leptos_router::hooks::use_navigate();
    let on_click = move |_| {
        if status.get_untracked() == Ceremony::Working {
            return;
        }
        status.set(Ceremony::Working);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match sign_in().await {
                Ok(()) => {
                    status.set(Ceremony::Idle);
                    let next = query.get_untracked().get("next").unwrap_or_default();
                    match crate::domain::return_to::return_path(&next) {
                        Some(page) => navigate(page, Default::default()),
                        None => signed_in.update(|n| *n += 1),
                    }
                }
                Err(error) => status.set(Ceremony::Failed(error)),
            }
        });
    };
    view! {
        <p class="lead">{t!(i18n, me_intro)}</p>
        <p class="empty">{t!(i18n, me_signed_out)}</p>
        <button type="button" class="button" data-testid="sign-in" on:click=on_click>
            {t!(i18n, me_sign_in)}
        </button>
        <noscript>
            <p class="form-error">{t!(i18n, join_needs_js)}</p>
        </noscript>
        <CeremonyStatus status />
    }
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

/// A passkey as its owner reads it: the name they chose, or "这部手机 · Chrome" for the one
/// this browser signed in with (issue 16, item 12).
fn passkey_title(locale: Locale, passkey: &PasskeyView) -> String {
    match &passkey.name {
        PasskeyName::Chosen(name) => name.clone(),
        PasskeyName::Device { kind, browser } => {
            let device = match (kind, passkey.this_device) {
                (DeviceKind::Phone, true) => td_string!(locale, me_device_this_phone),
                (DeviceKind::Phone, false) => td_string!(locale, me_device_phone),
                (DeviceKind::Tablet, true) => td_string!(locale, me_device_this_tablet),
                (DeviceKind::Tablet, false) => td_string!(locale, me_device_tablet),
                (DeviceKind::Computer, true) => td_string!(locale, me_device_this_computer),
                (DeviceKind::Computer, false) => td_string!(locale, me_device_computer),
            };
            let browser = match browser {
                Browser::WeChat => td_string!(locale, me_browser_wechat),
                Browser::Edge => "Edge",
                Browser::Firefox => "Firefox",
                Browser::Chrome => "Chrome",
                Browser::Safari => "Safari",
                Browser::Other => td_string!(locale, me_browser_other),
            };
            format!("{device} · {browser}")
        }
    }
}
