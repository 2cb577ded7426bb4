//! A visitor's display preferences: language and text size. Both are plain cookies written by
//! the server, so the forms work without JavaScript and the first render is already right.

use crate::AppError;
use leptos::prelude::*;

/// Remembers the chosen language; answers the locale code now in force.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<String, AppError> {
    use crate::ui::prefs::{LANG_COOKIE, parse_locale};
    let locale = parse_locale(&lang).ok_or_else(|| AppError::invalid("lang", "unknown"))?;
    let code = crate::ui::prefs::locale_code(locale);
    cookie::set(LANG_COOKIE, code)?;
    Ok(code.to_owned())
}

/// Remembers the chosen text size ("normal" or "large"); answers the size now in force.
#[server(prefix = "/api", endpoint = "set_text_size")]
pub async fn set_text_size(size: String) -> Result<String, AppError> {
    use crate::ui::prefs::{TEXT_SIZE_COOKIE, TextSize};
    let size = TextSize::parse(&size).ok_or_else(|| AppError::invalid("size", "unknown"))?;
    cookie::set(TEXT_SIZE_COOKIE, size.as_str())?;
    Ok(size.as_str().to_owned())
}

/// The preference cookie both functions write.
#[cfg(feature = "ssr")]
mod cookie {
    use crate::AppError;
    use crate::api::context::ServerContext;
    use http::{HeaderValue, header::SET_COOKIE};

    /// A year: preferences should outlive a phone's browser session.
    const MAX_AGE_SECONDS: u32 = 365 * 24 * 3600;

    /// Sets cookie `name` to `value` on the response, for a year.
    pub(super) fn set(name: &str, value: &str) -> Result<(), AppError> {
        let context = ServerContext::current()?;
        let secure = if context.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{name}={value}; Path=/; Max-Age={MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax{secure}"
        );
        let header = HeaderValue::from_str(&cookie).map_err(|error| {
            tracing::error!(%error, "preference cookie is not a header value");
            AppError::Internal
        })?;
        let response = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
            .ok_or(AppError::Internal)?;
        response.append_header(SET_COOKIE, header);
        Ok(())
    }
}
