//! The one error type of the app. Every layer answers with [`AppError`]; each variant maps to an
//! HTTP status here and to an i18n key in `ui::errors`, so a resident always reads a message in
//! their language and never an internal detail. Internal causes are logged where they happen,
//! then dropped.

use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, in terms a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or the caller may not know it exists).
    #[error("not found")]
    NotFound,
    /// The input broke a rule; `field` names the form field, `reason` is an i18n key suffix.
    #[error("invalid input in {field}: {reason}")]
    InvalidInput { field: String, reason: String },
    /// Nobody is signed in.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but the policy table does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// The action was already done (a second ballot, a used invitation).
    #[error("conflict")]
    Conflict,
    /// Too many attempts from this client; wait and try again.
    #[error("too many attempts")]
    TooManyAttempts,
    /// The request body is over the limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// A state-changing request came from another site.
    #[error("bad origin")]
    BadOrigin,
    /// The database is unreachable or overloaded; retrying later may work.
    #[error("unavailable")]
    Unavailable,
    /// A bug or an unexpected failure. Details were logged; none are carried here.
    #[error("internal error")]
    Internal,
    /// A rule of the community's affairs said no (polls closed, already voted…); the page says
    /// which rule, in the visitor's language.
    #[error("refused: {0}")]
    Refused(crate::domain::refusal::Refusal),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::InvalidInput { .. } => 422,
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::BadOrigin => 403,
            AppError::Conflict => 409,
            AppError::TooManyAttempts => 429,
            AppError::PayloadTooLarge => 413,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Refused(refusal) if refusal.is_about_input() => 422,
            AppError::Refused(_) => 409,
        }
    }

    /// Builds an input error for a form field.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AppError::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl From<crate::domain::refusal::Refusal> for AppError {
    fn from(refusal: crate::domain::refusal::Refusal) -> Self {
        AppError::Refused(refusal)
    }
}

impl From<crate::domain::registry::FieldError> for AppError {
    fn from(error: crate::domain::registry::FieldError) -> Self {
        AppError::invalid(error.field, error.problem.code())
    }
}

impl FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The client sent something the server function could not decode: the caller's fault.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::invalid("request", "malformed"),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unavailable,
            ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::NotFound,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const ALL: [AppError; 12] = [
        AppError::Refused(crate::domain::refusal::Refusal::AlreadyVoted),
        AppError::Refused(crate::domain::refusal::Refusal::BadWriteIn),
        AppError::NotFound,
        AppError::InvalidInput {
            field: String::new(),
            reason: String::new(),
        },
        AppError::Unauthenticated,
        AppError::Forbidden,
        AppError::Conflict,
        AppError::TooManyAttempts,
        AppError::PayloadTooLarge,
        AppError::BadOrigin,
        AppError::Unavailable,
        AppError::Internal,
    ];

    #[test]
    fn client_errors_are_4xx_and_only_server_faults_are_5xx() {
        for error in ALL {
            let server_fault = matches!(error, AppError::Internal | AppError::Unavailable);
            assert_eq!(error.status() >= 500, server_fault, "{error:?}");
        }
    }

    #[test]
    fn a_malformed_server_fn_call_is_the_callers_fault() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into()));
        assert_eq!(error.status(), 422);
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("db".into()));
        assert_eq!(error, AppError::Internal);
    }
}
