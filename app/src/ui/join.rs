//! `/join/{code}`: the invitation link staff hand out. It says whose community and which roles
//! the invitation is for, asks for the person's name when the registry does not have it, and
//! creates the passkey. A link that cannot be used says why and what to do.

use super::errors::ErrorLine;
use super::passkeys::EnrolForm;
use super::prefs::locale_code;
use super::roles::role_names;
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
                            <EnrolPage
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
    // A link to no invitation is not found; one that was used, expired or voided is gone.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(match problem {
            InvitationProblem::Unknown => http::StatusCode::NOT_FOUND,
            _ => http::StatusCode::GONE,
        });
    }
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

/// The invitation's facts, served as HTML, and the enrolment form, an island (WebAuthn).
#[component]
fn EnrolPage(
    code: String,
    community_name: String,
    roles: Vec<crate::domain::roles::Role>,
    person_name: Option<String>,
    recovery: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let role_list = role_names(i18n.get_locale_untracked(), &roles).join(crate::i18n::td_string!(
        i18n.get_locale_untracked(),
        list_separator
    ));
    let lang = locale_code(i18n.get_locale_untracked()).to_owned();
    view! {
        <h1>{t!(i18n, join_title)}</h1>
        {recovery.then(|| view! { <p class="lead">{t!(i18n, join_recovery)}</p> })}
        <dl class="facts">
            <dt>{t!(i18n, join_community)}</dt>
            <dd data-testid="join-community">{community_name}</dd>
            <dt>{t!(i18n, join_roles)}</dt>
            <dd data-testid="join-roles">{role_list}</dd>
        </dl>
        <EnrolForm lang code person_name recovery />
    }
}
