//! The signed-in person, remembered in a tower-sessions session stored in the database (so
//! several app servers share it). The session id is renewed at every sign-in.

use crate::AppError;
use tower_sessions::Session;

const PERSON: &str = "person";
/// When this browser signed in (Unix milliseconds), so a recovery can void older sessions.
const SIGNED_IN_AT: &str = "signed_in_at";
/// The WebAuthn credential id of the passkey that signed this browser in: removing that
/// passkey ends the session (issue 15, item 5).
const PASSKEY: &str = "passkey";

/// Who is signed in on this request, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub person: crate::domain::keys::PersonKey,
    /// Unix milliseconds; 0 for a session from before this was recorded.
    pub at_millis: i64,
    /// The credential id of the passkey it was opened with.
    pub passkey: Option<String>,
}

/// The signed-in person of this request with the time they signed in, if any.
pub async fn signed_in() -> Result<Option<SignedIn>, AppError> {
    let session = current().await?;
    let failed = |error: tower_sessions::session::Error| {
        tracing::error!(%error, "session store failed");
        AppError::Unavailable
    };
    // A session naming no possible person (written by no version of this program) is no
    // session.
    let Some(person) = session
        .get::<String>(PERSON)
        .await
        .map_err(failed)?
        .and_then(|person| crate::domain::keys::PersonKey::parse(&person).ok())
    else {
        return Ok(None);
    };
    let at_millis = session
        .get::<i64>(SIGNED_IN_AT)
        .await
        .map_err(failed)?
        .unwrap_or(0);
    let passkey = session.get::<String>(PASSKEY).await.map_err(failed)?;
    Ok(Some(SignedIn {
        person,
        at_millis,
        passkey,
    }))
}

async fn current() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        AppError::Internal
    })
}

/// Signs `person` in on this browser with the passkey whose WebAuthn credential id is
/// `passkey`, under a fresh session id.
pub async fn sign_in(
    person: &crate::domain::keys::PersonKey,
    passkey: &str,
) -> Result<(), AppError> {
    let session = current().await?;
    let failed = |error: tower_sessions::session::Error| {
        tracing::error!(%error, "session store failed");
        AppError::Unavailable
    };
    session.cycle_id().await.map_err(failed)?;
    session.insert(PERSON, person).await.map_err(failed)?;
    session.insert(PASSKEY, passkey).await.map_err(failed)?;
    session
        .insert(SIGNED_IN_AT, chrono::Utc::now().timestamp_millis())
        .await
        .map_err(failed)
}

/// Forgets whoever is signed in on this browser.
pub async fn sign_out() -> Result<(), AppError> {
    current().await?.flush().await.map_err(|error| {
        tracing::error!(%error, "session store failed");
        AppError::Unavailable
    })
}
