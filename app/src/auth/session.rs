//! The signed-in person, remembered in a tower-sessions session stored in the database (so
//! several app servers share it). The session id is renewed at every sign-in.

use crate::AppError;
use tower_sessions::Session;

const PERSON: &str = "person";

async fn current() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        AppError::Internal
    })
}

/// The key of the person signed in on this request, if any.
pub async fn person() -> Result<Option<String>, AppError> {
    current()
        .await?
        .get::<String>(PERSON)
        .await
        .map_err(|error| {
            tracing::error!(%error, "session store failed");
            AppError::Unavailable
        })
}

/// Signs `person` in on this browser, under a fresh session id.
pub async fn sign_in(person: &str) -> Result<(), AppError> {
    let session = current().await?;
    let failed = |error: tower_sessions::session::Error| {
        tracing::error!(%error, "session store failed");
        AppError::Unavailable
    };
    session.cycle_id().await.map_err(failed)?;
    session.insert(PERSON, person).await.map_err(failed)
}

/// Forgets whoever is signed in on this browser.
pub async fn sign_out() -> Result<(), AppError> {
    current().await?.flush().await.map_err(|error| {
        tracing::error!(%error, "session store failed");
        AppError::Unavailable
    })
}
