//! Language and text-size switches. Each is a plain form posting to a server function, so it
//! works without JavaScript: the server sets a cookie and sends the browser back to the page.

use super::forms::PostForm;
use crate::api::preferences::{SetLanguage, SetTextSize};
use crate::i18n::{Locale, t, t_string, use_i18n};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Cookie holding the chosen locale code (`zh-CN` or `en`).
pub const LANG_COOKIE: &str = "gs_lang";
/// Cookie holding the chosen text size (`normal` or `large`).
pub const TEXT_SIZE_COOKIE: &str = "gs_text";

/// The locale for a code, if we speak it. Codes are matched case-insensitively.
pub fn parse_locale(code: &str) -> Option<Locale> {
    match code.trim().to_ascii_lowercase().as_str() {
        "zh-cn" | "zh" => Some(Locale::zh_CN),
        "en" => Some(Locale::en),
        _ => None,
    }
}

/// The code a locale is written as in cookies and in `<html lang>`.
pub fn locale_code(locale: Locale) -> &'static str {
    match locale {
        Locale::zh_CN => "zh-CN",
        Locale::en => "en",
    }
}

/// The language the switch offers: the one not shown now.
pub fn other_locale(locale: Locale) -> Locale {
    match locale {
        Locale::zh_CN => Locale::en,
        Locale::en => Locale::zh_CN,
    }
}

/// Text size: many residents are old; "large" scales every size on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
}

impl TextSize {
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "normal" => Some(Self::Normal),
            "large" => Some(Self::Large),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Large => "large",
        }
    }

    pub fn toggled(self) -> Self {
        match self {
            Self::Normal => Self::Large,
            Self::Large => Self::Normal,
        }
    }

    /// The class put on `<body>`.
    pub fn body_class(self) -> &'static str {
        match self {
            Self::Normal => "text-normal",
            Self::Large => "text-large",
        }
    }
}

/// The value of cookie `name` in a `Cookie` request header.
pub fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

/// The request's cookie `name`, read from the request being rendered (server side only).
#[cfg(feature = "ssr")]
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|header| cookie_value(header, name).map(str::to_owned))
}

/// The text size in force, from the request's cookie (pages render on the server only).
pub fn initial_text_size() -> TextSize {
    #[cfg(feature = "ssr")]
    {
        request_cookie(TEXT_SIZE_COOKIE)
            .and_then(|value| TextSize::parse(&value))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextSize::Normal
    }
}

/// The form that switches to the other language: a plain post; the server sets the cookie
/// and the page comes back in the other language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let target = locale_code(other_locale(i18n.get_locale_untracked()));
    view! {
        <PostForm action=SetLanguage::PATH attr:class="pref-form">
            <input type="hidden" name="lang" value=target />
            <button
                type="submit"
                class="pref-button"
                data-testid="switch-language"
                lang=target
                aria-label=t_string!(i18n, switch_language_label)
            >
                {t!(i18n, switch_language)}
            </button>
        </PostForm>
    }
}

/// The form that toggles large text.
#[component]
pub fn TextSizeSwitch(size: TextSize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PostForm action=SetTextSize::PATH attr:class="pref-form">
            <input type="hidden" name="size" value=size.toggled().as_str() />
            <button
                type="submit"
                class="pref-button"
                data-testid="switch-text-size"
                aria-pressed=(size == TextSize::Large).to_string()
            >
                {match size {
                    TextSize::Normal => t!(i18n, text_size_larger).into_any(),
                    TextSize::Large => t!(i18n, text_size_normal).into_any(),
                }}
            </button>
        </PostForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_codes_round_trip() {
        for locale in [Locale::zh_CN, Locale::en] {
            assert_eq!(parse_locale(locale_code(locale)), Some(locale));
        }
        assert_eq!(parse_locale("ZH-cn"), Some(Locale::zh_CN));
        assert_eq!(parse_locale("fr"), None);
        assert_eq!(parse_locale(""), None);
    }

    #[test]
    fn the_switch_offers_the_other_language() {
        assert_eq!(other_locale(Locale::zh_CN), Locale::en);
        assert_eq!(other_locale(Locale::en), Locale::zh_CN);
    }

    #[test]
    fn text_size_parses_only_known_values() {
        assert_eq!(TextSize::parse("large"), Some(TextSize::Large));
        assert_eq!(TextSize::parse("normal"), Some(TextSize::Normal));
        assert_eq!(TextSize::parse("huge"), None);
        assert_eq!(TextSize::Large.toggled(), TextSize::Normal);
    }

    #[test]
    fn cookie_values_are_found_by_exact_name() {
        let header = "gs_text=large; gs_lang=en; other=1";
        assert_eq!(cookie_value(header, "gs_lang"), Some("en"));
        assert_eq!(cookie_value(header, "gs_text"), Some("large"));
        assert_eq!(cookie_value(header, "gs"), None);
        assert_eq!(cookie_value("", "gs_lang"), None);
    }
}
