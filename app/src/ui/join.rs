//! `/join/{code}`: the invitation link staff hand out. It says whose community and which roles
//! the invitation is for, asks for the person's name when the registry does not have it, and
//! creates the passkey. A link that cannot be used says why and what to do.

use super::errors::ErrorLine;
use super::roles::role_names;
use crate::AppError;
use crate::api::identity::{InvitationView, invitation};
use crate::domain::invitation::InvitationProblem;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Join() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let view_of = Resource::new(code, invitation);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match view_of.await {
                    Ok(InvitationView::Usable { community_name, roles, person_name, recovery }) => {
                        view! {
                            <EnrolForm
                                code=code()
                                community_name
                                roles
                                person_name
                                recovery
                            />
                        }
                            .into_any()
                    }
                    Ok(InvitationView::Unusable(problem)) => view! { <Unusable problem /> }.into_any(),
                    Err(error) => view! { <ErrorLine error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Unusable(problem: InvitationProblem) -> impl IntoView {
    let i18n = use_i18n();
    let (title, body) = match problem {
        InvitationProblem::Unknown => (
            t_string!(i18n, invitation_unknown_title),
            t_string!(i18n, invitation_unknown_body).to_string(),
        ),
        InvitationProblem::Expired { on } => (
            t_string!(i18n, invitation_expired_title),
            format!(
                "{}{on}{}",
                t_string!(i18n, invitation_expired_on),
                t_string!(i18n, invitation_expired_body)
            ),
        ),
        InvitationProblem::Used => (
            t_string!(i18n, invitation_used_title),
            t_string!(i18n, invitation_used_body).to_string(),
        ),
        InvitationProblem::Voided => (
            t_string!(i18n, invitation_voided_title),
            t_string!(i18n, invitation_voided_body).to_string(),
        ),
    };
    view! {
        <div class="error-page" data-testid="invitation-unusable">
            <h1>{title}</h1>
            <p>{body}</p>
            <p>
                <a href="/me" class="button">
                    {t!(i18n, me_sign_in)}
                </a>
            </p>
        </div>
    }
}

/// Where a passkey ceremony stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ceremony {
    Idle,
    Working,
    /// Failed; `None` when the person cancelled or the device refused.
    Failed(Option<AppError>),
}

#[component]
fn EnrolForm(
    code: String,
    community_name: String,
    roles: Vec<String>,
    person_name: Option<String>,
    recovery: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let known = person_name.is_some();
    let name = RwSignal::new(person_name.unwrap_or_default());
    let status = RwSignal::new(Ceremony::Idle);
    // A recovery usually follows a lost phone: revoking its passkey is the safe default.
    let revoke_old = RwSignal::new(recovery);
    let role_list = move || role_names(i18n.get_locale(), &roles).join("、");
    let navigate = leptos_router::hooks::use_navigate();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if status.get_untracked() == Ceremony::Working {
            return;
        }
        status.set(Ceremony::Working);
        let code = code.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match enrol(code, name.get_untracked(), revoke_old.get_untracked()).await {
                // The home page greets them with their roles and what those let them do.
                Ok(()) => navigate("/", Default::default()),
                Err(error) => status.set(Ceremony::Failed(error)),
            }
        });
    };
    view! {
        <h1>{t!(i18n, join_title)}</h1>
        {recovery.then(|| view! { <p class="lead">{t!(i18n, join_recovery)}</p> })}
        <dl class="facts">
            <dt>{t!(i18n, join_community)}</dt>
            <dd data-testid="join-community">{community_name}</dd>
            <dt>{t!(i18n, join_roles)}</dt>
            <dd data-testid="join-roles">{role_list}</dd>
        </dl>
        <form class="stack" on:submit=on_submit>
            <label for="join-name">{t!(i18n, join_name_label)}</label>
            <input
                id="join-name"
                name="name"
                autocomplete="name"
                required
                maxlength="40"
                readonly=known
                // The attribute for the page as the server sends it (before or without the
                // wasm), the property for typing afterwards.
                value=name.get_untracked()
                prop:value=move || name.get()
                on:input=move |event| name.set(event_target_value(&event))
            />
            <p class="hint">{t!(i18n, join_passkey_explained)}</p>
            {recovery
                .then(|| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                name="revoke_old"
                                data-testid="revoke-old"
                                prop:checked=move || revoke_old.get()
                                on:change=move |event| revoke_old.set(event_target_checked(&event))
                            />
                            {t!(i18n, join_revoke_old)}
                        </label>
                    }
                })}
            <button type="submit" class="button" data-testid="create-passkey" disabled=move || status.get() == Ceremony::Working>
                {t!(i18n, join_create_passkey)}
            </button>
            <noscript>
                <p class="form-error">{t!(i18n, join_needs_js)}</p>
            </noscript>
            <CeremonyStatus status />
        </form>
    }
}

/// What the person sees while and after their device works.
#[component]
pub(super) fn CeremonyStatus(status: RwSignal<Ceremony>) -> impl IntoView {
    let i18n = use_i18n();
    move || match status.get() {
        Ceremony::Idle => None,
        Ceremony::Working => {
            Some(view! { <p role="status">{t!(i18n, join_working)}</p> }.into_any())
        }
        Ceremony::Failed(Some(error)) => Some(view! { <ErrorLine error /> }.into_any()),
        Ceremony::Failed(None) => Some(
            view! { <p class="form-error" role="alert">{t!(i18n, join_failed)}</p> }.into_any(),
        ),
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
