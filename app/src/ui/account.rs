//! `/me`: the signed-in person's home: who they are, their community, their roles and their
//! passkeys, and signing out. Signed out, it offers to sign in with a passkey.

use super::errors::ErrorLine;
use super::forms::{PostForm, keep, kept_form};
use super::passkeys::{AddPasskeyButton, SignInButton};
use super::prefs::locale_code;
use super::roles::role_names;
use crate::api::identity::{
    Account, PasskeyView, RemovePasskey, RenamePasskey, SignOut, SignOutEverywhere, my_account,
};
use crate::domain::device::{Browser, DeviceKind, PasskeyName};
use crate::i18n::{Locale, td_string};
use crate::i18n::{t, use_i18n};
use crate::ui::forms::FieldError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn Me() -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <h1>{t!(i18n, me_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(account)) => view! { <AccountView account /> }.into_any(),
                    Ok(None) => view! { <SignIn /> }.into_any(),
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountView(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let removable = account.passkeys.len() > 1;
    let no_roles = account.roles.is_empty();
    let role_list = role_names(locale, &account.roles)
        .into_iter()
        .map(|name| view! { <li>{name}</li> })
        .collect_view();
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
                        let removing = key.clone();
                        let renaming = format!("rename-{key}");
                        let rename_open = kept_form(&renaming).is_some();
                        view! {
                            <li>
                                <span class="passkey-label" data-testid="passkey-name">
                                    {passkey_title(locale, &passkey)}
                                </span>
                                {removable
                                    .then(|| {
                                        view! {
                                            <PostForm action=RemovePasskey::PATH id=format!("remove-{removing}") attr:class="inline-form">
                                                <input type="hidden" name="key" value=removing.clone() />
                                                <button type="submit" class="link-button" data-testid="remove-passkey">
                                                    {t!(i18n, me_remove_passkey)}
                                                </button>
                                            </PostForm>
                                            {passkey.this_device.then(|| view! {
                                                <span class="hint" data-testid="remove-signs-out">{t!(i18n, me_remove_this_device_hint)}</span>
                                            })}
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
                                <details open=rename_open>
                                    <summary class="link-button">{t!(i18n, me_rename_passkey)}</summary>
                                    <PostForm action=RenamePasskey::PATH id=renaming attr:class="stack">
                                        <input type="hidden" name="key" value=key.clone() />
                                        <label>
                                            {t!(i18n, me_passkey_new_name)}
                                            <input type="text" name="name" required maxlength="30" value=keep("name") data-testid="passkey-new-name" /> <FieldError name="passkey_name" />
                                        </label>
                                        <button type="submit" class="button secondary" data-testid="rename-passkey">
                                            {t!(i18n, me_rename_passkey)}
                                        </button>
                                    </PostForm>
                                </details>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <AddPasskeyButton lang=locale_code(locale).to_owned() />
            <PostForm action=SignOut::PATH>
                <button type="submit" class="button secondary" data-testid="sign-out">
                    {t!(i18n, me_sign_out)}
                </button>
            </PostForm>
            <PostForm action=SignOutEverywhere::PATH>
                <button type="submit" class="button secondary" data-testid="sign-out-everywhere">
                    {t!(i18n, me_sign_out_everywhere)}
                </button>
                <p class="hint">{t!(i18n, me_sign_out_everywhere_hint)}</p>
            </PostForm>
        </section>
    }
}

/// Signed out: the sign-in button (an island), which goes on to `?next=` once signed in.
#[component]
fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let next = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("next"));
    view! {
        <p class="lead">{t!(i18n, me_intro)}</p>
        <p class="empty">{t!(i18n, me_signed_out)}</p>
        <SignInButton lang=locale_code(i18n.get_locale_untracked()).to_owned() next />
    }
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
