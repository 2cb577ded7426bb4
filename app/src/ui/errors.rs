//! What a resident reads when something fails: each [`AppError`] variant's i18n key
//! (`error_*` in `locales/`), resolved in the visitor's language. Used by pages, forms and the
//! server's own error responses, so the wording lives once.

use crate::AppError;
use crate::i18n::{Locale, td_string};
use leptos::prelude::*;

/// The message for `error` in `locale`.
pub fn error_message(locale: Locale, error: &AppError) -> &'static str {
    match error {
        AppError::NotFound => td_string!(locale, error_not_found),
        AppError::InvalidInput { .. } => td_string!(locale, error_invalid_input),
        AppError::Unauthenticated => td_string!(locale, error_unauthenticated),
        AppError::Forbidden => td_string!(locale, error_forbidden),
        AppError::Conflict => td_string!(locale, error_conflict),
        AppError::TooManyAttempts => td_string!(locale, error_too_many_attempts),
        AppError::PayloadTooLarge => td_string!(locale, error_payload_too_large),
        AppError::BadOrigin => td_string!(locale, error_bad_origin),
        AppError::Unavailable => td_string!(locale, error_unavailable),
        AppError::Internal => td_string!(locale, error_internal),
    }
}

/// One failure, said in the visitor's language.
#[component]
pub fn ErrorLine(error: AppError) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <p class="form-error" role="alert">
            {move || error_message(i18n.get_locale(), &error)}
        </p>
    }
}

/// A form's error line, shown when its last submission failed (with or without JavaScript).
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || error.get().map(|error| view! { <ErrorLine error /> })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::tests::ALL;

    #[test]
    fn every_error_has_a_message_in_both_languages() {
        for error in ALL {
            let zh = error_message(Locale::zh_CN, &error);
            let en = error_message(Locale::en, &error);
            assert!(!zh.is_empty() && !en.is_empty(), "{error:?}");
            assert_ne!(zh, en, "{error:?} is not translated");
        }
    }

    #[test]
    fn messages_never_carry_internal_detail() {
        let detail = AppError::invalid("secret_field", "secret_reason");
        for locale in [Locale::zh_CN, Locale::en] {
            let message = error_message(locale, &detail);
            assert!(!message.contains("secret"), "{message}");
        }
    }
}
