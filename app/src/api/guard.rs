//! The first line of every server function: who is calling, and may they? Looks the caller up
//! in the session, finds their roles in force today, and asks the policy table.

use crate::AppError;
use crate::api::context::ServerContext;
use crate::domain::policy::{Action, Caller, Decision, decide};
use crate::domain::roles::{Role, roles_in_force};

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Person {
    pub key: crate::domain::keys::PersonKey,
    pub community: crate::domain::keys::CommunityKey,
    pub roles: Vec<Role>,
}

impl Person {
    /// This person acting in their community, as the store's audited writes take it.
    pub fn acting(&self) -> crate::store::Acting {
        crate::store::Acting::new(&self.community, format!("person:{}", self.key))
    }
}

/// Allows or refuses `action`; answers the caller when signed in.
pub async fn authorize(action: Action) -> Result<Option<Person>, AppError> {
    let person = match crate::auth::session::signed_in().await? {
        Some(signed_in) => load(&signed_in).await?,
        None => None,
    };
    let caller = match &person {
        Some(person) => Caller::SignedIn {
            roles: &person.roles,
        },
        None => Caller::Anonymous,
    };
    match decide(action, &caller) {
        Decision::Allow => Ok(person),
        Decision::Unauthenticated => Err(AppError::Unauthenticated),
        Decision::Forbidden => {
            tracing::warn!(?action, person = ?person.as_ref().map(|p| &p.key), "refused by policy");
            Err(AppError::Forbidden)
        }
    }
}

async fn load(signed_in: &crate::auth::session::SignedIn) -> Result<Option<Person>, AppError> {
    let store = ServerContext::current()?.store;
    let Some(caller) = store
        .caller(&signed_in.person, signed_in.passkey.as_deref())
        .await?
    else {
        // The person was removed while signed in: treat as signed out.
        return Ok(None);
    };
    if !caller.passkey_kept {
        // The passkey this browser signed in with was removed: the tablet left behind.
        return Ok(None);
    }
    if caller
        .sessions_valid_after
        .is_some_and(|after| signed_in.at_millis < after.timestamp_millis())
    {
        // Signed in before a recovery revoked this person's old passkeys (the lost phone), or
        // before they signed out everywhere.
        return Ok(None);
    }
    let today = crate::domain::clock::today();
    Ok(Some(Person {
        key: caller.key,
        community: caller.community,
        roles: roles_in_force(&caller.grants, today),
    }))
}

/// Counts an attempt by this client (its address, as `auth::client` resolved it) against
/// `limit`; refuses once the window's quota is spent.
pub async fn rate_limited(
    purpose: &str,
    limit: crate::domain::rate_limit::RateLimit,
) -> Result<(), AppError> {
    let client = crate::auth::client::current().await;
    rate_limited_by(purpose, &client, limit).await
}

/// Counts an attempt on `key` (a client address, a passkey's credential id) against `limit`.
pub async fn rate_limited_by(
    purpose: &str,
    key: &str,
    limit: crate::domain::rate_limit::RateLimit,
) -> Result<(), AppError> {
    let now = chrono::Utc::now().timestamp();
    let store = ServerContext::current()?.store;
    let count = store
        .count_attempt(purpose, key, limit.window(now), limit.window_end(now))
        .await?;
    if limit.allows(count) {
        Ok(())
    } else {
        tracing::warn!(key, purpose, count, "rate limit reached");
        Err(AppError::TooManyAttempts)
    }
}

/// Refuses to start another passkey ceremony for a client holding too many unanswered ones.
pub async fn challenge_room(client: &str) -> Result<(), AppError> {
    let store = ServerContext::current()?.store;
    let outstanding = store.outstanding_challenges(client).await?;
    if outstanding < crate::domain::rate_limit::OUTSTANDING_CHALLENGES {
        Ok(())
    } else {
        tracing::warn!(client, outstanding, "too many unanswered challenges");
        Err(AppError::TooManyAttempts)
    }
}
