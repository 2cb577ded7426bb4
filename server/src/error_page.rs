//! Error responses the server sends itself (refused origin, oversized body, a panic caught in a
//! handler): a small page in the visitor's language. Leptos pages render their own errors.

use app::AppError;
use app::i18n::Locale;
use app::ui::errors::error_message;
use app::ui::prefs::{LANG_COOKIE, cookie_value, locale_code, parse_locale};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The visitor's language: their `gs_lang` cookie, else Chinese.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookies| cookie_value(cookies, LANG_COOKIE).and_then(parse_locale))
        .unwrap_or(Locale::zh_CN)
}

/// A full HTML page explaining `error`, with its status.
pub fn render(locale: Locale, error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = app::i18n::td_string!(locale, error_title);
    let home = app::i18n::td_string!(locale, back_home);
    let message = error_message(locale, error);
    let lang = locale_code(locale);
    let body = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main><h1>{title}</h1><p>{message}</p>\
         <p><a href=\"/\">{home}</a></p></main></body></html>"
    );
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_cookie_and_defaults_to_chinese() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_locale(&headers), Locale::zh_CN);
        headers.insert(header::COOKIE, "a=1; gs_lang=en".parse().expect("header"));
        assert_eq!(request_locale(&headers), Locale::en);
        headers.insert(header::COOKIE, "gs_lang=xx".parse().expect("header"));
        assert_eq!(request_locale(&headers), Locale::zh_CN);
    }

    #[test]
    fn the_page_has_the_errors_status() {
        assert_eq!(render(Locale::en, &AppError::PayloadTooLarge).status(), 413);
        assert_eq!(render(Locale::zh_CN, &AppError::BadOrigin).status(), 403);
    }
}
