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
    /// `more`: the other fields of the same form that broke one, each `(field, reason)`, so a
    /// form comes back with every problem beside its field at once (the review had to post
    /// the election form four times to learn of four mistakes).
    #[error("invalid input in {field}: {reason}")]
    InvalidInput {
        field: String,
        reason: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        more: Vec<(String, String)>,
    },
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
            more: Vec::new(),
        }
    }

    /// The input error of every result in `checked` that failed, the first named first; `Ok`
    /// when none did. For a form whose fields are checked one by one.
    pub fn all_invalid(checked: Vec<Result<(), AppError>>) -> Result<(), AppError> {
        let mut problems = checked.into_iter().filter_map(Result::err);
        let Some(first) = problems.next() else {
            return Ok(());
        };
        match first {
            AppError::InvalidInput {
                field,
                reason,
                mut more,
            } => {
                more.extend(problems.filter_map(|error| match error {
                    AppError::InvalidInput { field, reason, .. } => Some((field, reason)),
                    _ => None,
                }));
                Err(AppError::InvalidInput {
                    field,
                    reason,
                    more,
                })
            }
            other => Err(other),
        }
    }

    /// The problem of field `name`, if this is an input error naming it.
    pub fn problem_of(&self, name: &str) -> Option<&str> {
        let AppError::InvalidInput {
            field,
            reason,
            more,
        } = self
        else {
            return None;
        };
        std::iter::once((field.as_str(), reason.as_str()))
            .chain(more.iter().map(|(f, r)| (f.as_str(), r.as_str())))
            .find(|(field, _)| *field == name)
            .map(|(_, reason)| reason)
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
            more: Vec::new(),
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
    fn review_a_form_is_refused_with_every_fields_problem_at_once() {
        let all = AppError::all_invalid(vec![
            Ok(()),
            Err(AppError::invalid("title", "missing")),
            Err(AppError::invalid("members", "out_of_range")),
        ])
        .expect_err("refused");
        assert_eq!(all.problem_of("title"), Some("missing"));
        assert_eq!(all.problem_of("members"), Some("out_of_range"));
        assert_eq!(all.problem_of("deputies"), None);
        assert_eq!(AppError::all_invalid(vec![Ok(()), Ok(())]), Ok(()));
    }

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
