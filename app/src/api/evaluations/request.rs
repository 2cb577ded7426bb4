//! What every evaluation server function does first, on the server: find the caller and check
//! what they may do, find their round (another community's is not found), read the clock.

use crate::AppError;
use crate::api::guard::{Person, authorize};
use crate::domain::policy::Action;
use crate::store::evaluations::EvaluationRow;

pub(crate) use crate::api::elections::request::{now, parse_key, show_local, store, today};

/// The signed-in caller allowed `action`.
pub(crate) async fn signed_in(action: Action) -> Result<Person, AppError> {
    authorize(action).await?.ok_or(AppError::Unauthenticated)
}

/// The round `key`, whoever's it is (public pages).
pub(crate) async fn any_round(key: &str) -> Result<EvaluationRow, AppError> {
    let key = parse_key("round", key)?;
    store()?.evaluation(&key).await?.ok_or(AppError::NotFound)
}

/// The round `key` if it is the caller's community's; another community's is not found.
pub(crate) async fn own_round(caller: &Person, key: &str) -> Result<EvaluationRow, AppError> {
    let row = any_round(key).await?;
    if row.community == caller.community {
        Ok(row)
    } else {
        Err(AppError::NotFound)
    }
}
