//! Getting in: opening an invitation, enrolling a passkey with it, signing in and out, and
//! seeing one's own account. Passkey options and answers travel as JSON text.

use crate::AppError;
use crate::domain::invitation::InvitationProblem;
#[cfg(feature = "ssr")]
use crate::{
    api::{context::ServerContext, guard::authorize},
    domain::invitation::{InvitationKind, parse_code},
    domain::policy::Action,
    domain::registry::parse_name,
    store::identity::{EnrolError, NewPasskey, Purpose},
};
#[cfg(feature = "ssr")]
use ceremony::{device_label, refused_sign_in, rejected};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What an invitation link shows before enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationView {
    Usable {
        community_name: String,
        roles: Vec<crate::domain::roles::Role>,
        /// Set when the invitation is for a person already in the registry.
        person_name: Option<String>,
        recovery: bool,
    },
    Unusable(InvitationProblem),
}

/// The first half of a passkey ceremony: the challenge's id and the options for the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceremony {
    pub challenge: String,
    pub options: String,
}

/// The signed-in person's own account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub community_name: String,
    pub roles: Vec<crate::domain::roles::Role>,
    pub passkeys: Vec<PasskeyView>,
    /// What the person's roles allow, for their home page.
    pub can: Vec<crate::domain::policy::Action>,
    /// Current notices of their community they have not opened yet.
    pub unread: Vec<crate::api::notices::NoticeLine>,
    /// Election deadlines coming up, for those who run elections.
    pub deadlines: Vec<crate::api::elections::DutyLine>,
    /// Elections whose polls are open to them now (issue 16, item 4).
    pub open_polls: Vec<crate::api::elections::OpenPoll>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    pub key: String,
    pub name: crate::domain::device::PasskeyName,
    /// The passkey this browser signed in with.
    pub this_device: bool,
    pub added: String,
    pub last_used: Option<String>,
}

/// What the invitation with `code` (as its link carries it) offers: the community, the roles
/// and the person it is for, or why it cannot be used.
#[server(prefix = "/api", endpoint = "invitation")]
pub async fn invitation(code: String) -> Result<InvitationView, AppError> {
    authorize(Action::ViewInvitation).await?;
    let Some(code) = parse_code(&code) else {
        return Ok(InvitationView::Unusable(InvitationProblem::Unknown));
    };
    let store = ServerContext::current()?.store;
    let Some(invitation) = store.invitation(&code).await? else {
        return Ok(InvitationView::Unusable(InvitationProblem::Unknown));
    };
    if let Err(problem) = invitation.state.check(chrono::Utc::now()) {
        return Ok(InvitationView::Unusable(problem));
    }
    let community_name = store
        .community(&invitation.community)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let mut roles = invitation.roles.clone();
    let person_name = match &invitation.person {
        Some(person) => {
            // A registry person may already hold roles; the page shows those too.
            let grants = store.role_grants(person, &invitation.community).await?;
            let today = crate::domain::clock::today();
            roles.extend(crate::domain::roles::roles_in_force(&grants, today));
            store.person_summary(person).await?.map(|p| p.name)
        }
        None => None,
    };
    roles.sort();
    roles.dedup();
    Ok(InvitationView::Usable {
        community_name,
        roles,
        person_name,
        recovery: invitation.kind == InvitationKind::Recovery,
    })
}

/// Starts enrolling a passkey with the invitation `code`; `name` is the new person's name
/// (ignored when the invitation is for someone in the registry). Answers the ceremony for
/// the device.
#[server(prefix = "/api", endpoint = "begin_enrolment")]
pub async fn begin_enrolment(code: String, name: String) -> Result<Ceremony, AppError> {
    authorize(Action::BeginEnrolment).await?;
    crate::api::guard::rate_limited("enrol", crate::domain::rate_limit::ENROL).await?;
    let client = crate::auth::client::current().await;
    crate::api::guard::challenge_room(&client).await?;
    let code = parse_code(&code).ok_or(AppError::NotFound)?;
    let context = ServerContext::current()?;
    let invitation = context
        .store
        .invitation(&code)
        .await?
        .ok_or(AppError::NotFound)?;
    invitation
        .state
        .check(chrono::Utc::now())
        .map_err(|_| AppError::Conflict)?;
    let (person, name, existing) = match &invitation.person {
        Some(key) => {
            let summary = context
                .store
                .person_summary(key)
                .await?
                .ok_or(AppError::NotFound)?;
            let existing = context.store.passkeys(key).await?;
            (
                key.clone(),
                summary.name,
                existing.into_iter().map(|p| p.credential_id).collect(),
            )
        }
        None => {
            let name = parse_name("name", &name)
                .map_err(|e| AppError::invalid(e.field, e.problem.code()))?;
            // A person's key is the passkey's user handle: a UUID, hyphenated.
            (
                crate::domain::keys::PersonKey::from_store(uuid::Uuid::new_v4().to_string()),
                name,
                Vec::new(),
            )
        }
    };
    let user = uuid::Uuid::parse_str(&person).map_err(|_| {
        tracing::error!(%person, "person key is not a UUID");
        AppError::Internal
    })?;
    let started = context
        .passkeys
        .start_registration(user, &name, existing)
        .map_err(rejected)?;
    let challenge = context
        .store
        .put_challenge(
            Purpose::Enrol,
            started.state_json,
            Some(&code),
            Some(&name),
            Some(&person),
            &client,
        )
        .await?;
    Ok(Ceremony {
        challenge,
        options: started.options_json,
    })
}

/// Finishes enrolment with the device's `credential` for `challenge` and signs the person in;
/// with a recovery invitation, `revoke_old` also deletes the person's other passkeys (the
/// lost phone's).
#[server(prefix = "/api", endpoint = "finish_enrolment")]
pub async fn finish_enrolment(
    challenge: String,
    credential: String,
    revoke_old: Option<bool>,
) -> Result<(), AppError> {
    let revoke_old = revoke_old.unwrap_or(false);
    authorize(Action::FinishEnrolment).await?;
    crate::api::guard::rate_limited("enrol", crate::domain::rate_limit::ENROL).await?;
    let context = ServerContext::current()?;
    let taken = context
        .store
        .take_challenge(&challenge, Purpose::Enrol)
        .await?
        .ok_or_else(|| AppError::invalid("challenge", "expired"))?;
    let (Some(invitation), Some(name), Some(person)) = (taken.invitation, taken.name, taken.person)
    else {
        return Err(AppError::invalid("challenge", "expired"));
    };
    let (passkey, credential_id) = context
        .passkeys
        .finish_registration(&credential, &taken.state)
        .map_err(rejected)?;
    let stored = serde_json::to_string(&passkey).map_err(|error| {
        tracing::error!(%error, "cannot serialise a passkey");
        AppError::Internal
    })?;
    let new = NewPasskey {
        credential_id,
        credential: stored,
        label: device_label(),
    };
    let today = crate::domain::clock::today();
    let person = match context
        .store
        .enrol(&invitation, &person, &name, &new, today, revoke_old)
        .await
    {
        Ok(person) => person,
        Err(EnrolError::InvitationUnusable) => return Err(AppError::Conflict),
        Err(EnrolError::Store(error)) => return Err(error.into()),
    };
    crate::auth::session::sign_in(&person, &new.credential_id).await
}

/// Starts signing in with a passkey: the ceremony for the device.
#[server(prefix = "/api", endpoint = "begin_sign_in")]
pub async fn begin_sign_in() -> Result<Ceremony, AppError> {
    authorize(Action::BeginSignIn).await?;
    // Not an attempt (nothing is checked yet): bounded by the challenges left unanswered.
    let client = crate::auth::client::current().await;
    crate::api::guard::challenge_room(&client).await?;
    let context = ServerContext::current()?;
    let started = context.passkeys.start_sign_in().map_err(rejected)?;
    let challenge = context
        .store
        .put_challenge(
            Purpose::SignIn,
            started.state_json,
            None,
            None,
            None,
            &client,
        )
        .await?;
    Ok(Ceremony {
        challenge,
        options: started.options_json,
    })
}

/// Signs in with the device's `credential` for `challenge`. A passkey whose counter went
/// backwards (a cloned authenticator) is flagged and refused.
#[server(prefix = "/api", endpoint = "finish_sign_in")]
pub async fn finish_sign_in(challenge: String, credential: String) -> Result<(), AppError> {
    authorize(Action::FinishSignIn).await?;
    crate::api::guard::rate_limited("sign_in", crate::domain::rate_limit::SIGN_IN).await?;
    let context = ServerContext::current()?;
    let taken = context
        .store
        .take_challenge(&challenge, Purpose::SignIn)
        .await?
        .ok_or_else(|| AppError::invalid("challenge", "expired"))?;
    let (person, credential_id) = context
        .passkeys
        .claimed_person(&credential)
        .map_err(rejected)?;
    let person = crate::domain::keys::PersonKey::parse(&person.to_string()).map_err(|_| {
        tracing::error!(%person, "a passkey's user handle is no person key");
        AppError::Internal
    })?;
    let stored = context.store.passkeys(&person).await?;
    let mut keys: Vec<webauthn_rs::prelude::Passkey> = stored
        .iter()
        .filter_map(|p| serde_json::from_str(&p.credential).ok())
        .collect();
    let used = stored.iter().find(|p| p.credential_id == credential_id);
    let signed_in = match context
        .passkeys
        .finish_sign_in(&credential, &taken.state, &mut keys)
    {
        Ok(signed_in) => signed_in,
        Err(error) => {
            // Only failures count, and a verified sign-in is never refused: a credential id
            // is no secret, so anyone could otherwise lock its owner out.
            crate::api::guard::rate_limited_by(
                "sign_in_passkey",
                &credential_id,
                crate::domain::rate_limit::SIGN_IN_PER_PASSKEY,
            )
            .await?;
            return Err(refused_sign_in(&context, used, error).await);
        }
    };
    if let Some(used) = used
        && let Some(updated) = keys.iter().find(|k| {
            serde_json::to_value(k.cred_id()).ok()
                == Some(serde_json::Value::String(signed_in.credential_id.clone()))
        })
    {
        let state = serde_json::to_string(updated).unwrap_or_else(|_| used.credential.clone());
        context.store.passkey_used(&used.key, state).await?;
    }
    let person =
        crate::domain::keys::PersonKey::parse(&signed_in.person.to_string()).map_err(|_| {
            tracing::error!(person = %signed_in.person, "a passkey's user handle is no person key");
            AppError::Internal
        })?;
    crate::auth::session::sign_in(&person, &signed_in.credential_id).await
}

/// Signs the caller out on this browser.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    authorize(Action::SignOut).await?;
    crate::auth::session::sign_out().await
}

/// Signs the caller out on every browser and phone, this one included: every session they
/// opened before now is void (a phone left somewhere, a shared tablet).
#[server(prefix = "/api", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let person = authorize(Action::SignOutEverywhere)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    ServerContext::current()?
        .store
        .void_sessions(&person.key)
        .await?;
    crate::auth::session::sign_out().await
}

/// Starts adding a passkey to the signed-in caller's account: the ceremony for the device.
#[server(prefix = "/api", endpoint = "begin_add_passkey")]
pub async fn begin_add_passkey() -> Result<Ceremony, AppError> {
    let person = authorize(Action::AddPasskey)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let context = ServerContext::current()?;
    let summary = context
        .store
        .person_summary(&person.key)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = context.store.passkeys(&person.key).await?;
    let user = uuid::Uuid::parse_str(&person.key).map_err(|_| AppError::Internal)?;
    let started = context
        .passkeys
        .start_registration(
            user,
            &summary.name,
            existing.into_iter().map(|p| p.credential_id).collect(),
        )
        .map_err(rejected)?;
    let challenge = context
        .store
        .put_challenge(
            Purpose::AddPasskey,
            started.state_json,
            None,
            None,
            Some(&person.key),
            &crate::auth::client::current().await,
        )
        .await?;
    Ok(Ceremony {
        challenge,
        options: started.options_json,
    })
}

/// Adds the device's `credential` for `challenge` (one the caller started) to their passkeys.
#[server(prefix = "/api", endpoint = "finish_add_passkey")]
pub async fn finish_add_passkey(challenge: String, credential: String) -> Result<(), AppError> {
    let person = authorize(Action::AddPasskey)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let context = ServerContext::current()?;
    let taken = context
        .store
        .take_challenge(&challenge, Purpose::AddPasskey)
        .await?
        .filter(|c| c.person.as_deref() == Some(person.key.as_str()))
        .ok_or_else(|| AppError::invalid("challenge", "expired"))?;
    let (passkey, credential_id) = context
        .passkeys
        .finish_registration(&credential, &taken.state)
        .map_err(rejected)?;
    let stored = serde_json::to_string(&passkey).map_err(|_| AppError::Internal)?;
    let new = NewPasskey {
        credential_id,
        credential: stored,
        label: device_label(),
    };
    context.store.add_passkey(&person.key, &new).await?;
    Ok(())
}

/// Gives the caller's passkey `key` the name `name` of their choosing (issue 16, item 12).
#[server(prefix = "/api", endpoint = "rename_passkey")]
pub async fn rename_passkey(key: String, name: String) -> Result<(), AppError> {
    let person = authorize(Action::RemovePasskey)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if key.is_empty() || key.len() > 64 {
        return Err(AppError::invalid("key", "unknown_value"));
    }
    let name = crate::domain::device::PasskeyName::chosen(&name)?;
    let store = ServerContext::current()?.store;
    if store
        .rename_passkey(&person.key, &key, &name.stored())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Removes the caller's passkey `key`; `Conflict` when it is not theirs or is their last.
#[server(prefix = "/api", endpoint = "remove_passkey")]
pub async fn remove_passkey(key: String) -> Result<(), AppError> {
    let person = authorize(Action::RemovePasskey)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if key.is_empty() || key.len() > 64 {
        return Err(AppError::invalid("key", "unknown_value"));
    }
    let store = ServerContext::current()?.store;
    if store.remove_passkey(&person.key, &key).await? {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// The caller's account, or `None` when nobody is signed in (not an error: the page offers
/// to sign in).
#[server(prefix = "/api", endpoint = "my_account")]
pub async fn my_account() -> Result<Option<Account>, AppError> {
    let person = match authorize(Action::ViewOwnAccount).await {
        Ok(Some(person)) => person,
        Ok(None) | Err(AppError::Unauthenticated) => return Ok(None),
        Err(error) => return Err(error),
    };
    let store = ServerContext::current()?.store;
    let Some(summary) = store.person_summary(&person.key).await? else {
        return Ok(None);
    };
    let this_device = crate::auth::session::signed_in()
        .await?
        .and_then(|signed_in| signed_in.passkey);
    let passkeys = store
        .passkeys(&person.key)
        .await?
        .into_iter()
        .map(|p| PasskeyView {
            this_device: this_device.as_deref() == Some(p.credential_id.as_str()),
            key: p.key,
            name: crate::domain::device::PasskeyName::read(&p.label),
            added: crate::domain::clock::show_day(p.created_at),
            last_used: p.last_used_at.map(crate::domain::clock::show_minute),
        })
        .collect();
    Ok(Some(Account {
        name: summary.name,
        community_name: summary.community_name,
        roles: person.roles.clone(),
        passkeys,
        can: crate::domain::policy::allowed_actions(&person.roles),
        unread: crate::api::notices::unread_for(&store, &person.key, &person.community).await?,
        open_polls: crate::api::elections::views::open_polls_for(&store, &person).await?,
        deadlines: {
            use crate::domain::policy::{Action, allowed_actions};
            let can = allowed_actions(&person.roles);
            let mut duties = Vec::new();
            if can.contains(&Action::RunElection) {
                duties.extend(
                    crate::api::elections::views::upcoming_duties(&store, &person.community)
                        .await?,
                );
            }
            if can.contains(&Action::RunEvaluation) {
                duties.extend(
                    crate::api::evaluations::publication::results_to_publish(
                        &store,
                        &person.community,
                    )
                    .await?,
                );
            }
            duties.sort_by(|a, b| a.deadline.last_day.cmp(&b.deadline.last_day));
            duties
        },
    }))
}

/// What the passkey ceremonies share: refusing a rejected one, naming a new passkey.
#[cfg(feature = "ssr")]
mod ceremony {
    use crate::AppError;
    use crate::api::context::ServerContext;
    use crate::auth::passkeys::PasskeyError;
    use crate::store::identity::StoredPasskey;
    use leptos::prelude::use_context;

    pub(super) fn rejected(error: PasskeyError) -> AppError {
        tracing::warn!(%error, "passkey ceremony rejected");
        AppError::invalid("passkey", "rejected")
    }

    /// What the passkey is called at first: the device and browser it is added with, from
    /// the browser's own description of itself.
    pub(super) fn device_label() -> String {
        let agent = use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get(http::header::USER_AGENT).cloned())
            .and_then(|value| value.to_str().ok().map(str::to_owned))
            .unwrap_or_default();
        crate::domain::device::PasskeyName::from_user_agent(&agent).stored()
    }

    /// The refusal of a failed sign-in; a passkey whose counter went backwards (a cloned
    /// authenticator) is flagged first.
    pub(super) async fn refused_sign_in(
        context: &ServerContext,
        used: Option<&StoredPasskey>,
        error: PasskeyError,
    ) -> AppError {
        if let PasskeyError::Webauthn(
            webauthn_rs::prelude::WebauthnError::CredentialPossibleCompromise,
        ) = error
        {
            if let Some(used) = used {
                tracing::warn!(passkey = %used.key, "passkey counter went backwards: flagged");
                if let Err(error) = context.store.flag_passkey(&used.key).await {
                    return error.into();
                }
            }
            return AppError::invalid("passkey", "rejected");
        }
        rejected(error)
    }
}
