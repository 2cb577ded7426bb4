//! Language and text-size switches. Each is a plain form posting to a server function, so it
//! works without JavaScript (the server sets a cookie and sends the browser back); once the
//! page is hydrated the same form switches instantly, without a reload.

use super::errors::FormError;
use crate::api::preferences::{SetLanguage, SetTextSize};
use crate::i18n::{Locale, t, t_string, use_i18n};
use leptos::prelude::*;

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

/// The text size in force: from the cookie on the server, from the rendered page in the browser.
pub fn initial_text_size() -> TextSize {
    #[cfg(feature = "ssr")]
    {
        request_cookie(TEXT_SIZE_COOKIE)
            .and_then(|value| TextSize::parse(&value))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let large = document()
            .body()
            .map(|body| body.class_name().contains(TextSize::Large.body_class()))
            .unwrap_or(false);
        if large {
            TextSize::Large
        } else {
            TextSize::Normal
        }
    }
}

/// The form that switches to the other language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(code)) = action.value().get()
            && let Some(locale) = parse_locale(&code)
        {
            i18n.set_locale(locale);
        }
    });
    let target = move || locale_code(other_locale(i18n.get_locale()));
    view! {
        <FormError error=Signal::derive(move || action.value().get().and_then(Result::err)) />
        <ActionForm action=action attr:class="pref-form">
            <input type="hidden" name="lang" value=target />
            <button
                type="submit"
                class="pref-button"
                data-testid="switch-language"
                lang=target
                aria-label=move || t_string!(i18n, switch_language_label)
            >
                {t!(i18n, switch_language)}
            </button>
        </ActionForm>
    }
}

/// The form that toggles large text.
#[component]
pub fn TextSizeSwitch(size: RwSignal<TextSize>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetTextSize>::new();
    Effect::new(move |_| {
        if let Some(Ok(value)) = action.value().get()
            && let Some(applied) = TextSize::parse(&value)
        {
            size.set(applied);
        }
    });
    view! {
        <FormError error=Signal::derive(move || action.value().get().and_then(Result::err)) />
        <ActionForm action=action attr:class="pref-form">
            <input type="hidden" name="size" value=move || size.get().toggled().as_str() />
            <button
                type="submit"
                class="pref-button"
                data-testid="switch-text-size"
                aria-pressed=move || (size.get() == TextSize::Large).to_string()
            >
                {move || match size.get() {
                    TextSize::Normal => t!(i18n, text_size_larger).into_any(),
                    TextSize::Large => t!(i18n, text_size_normal).into_any(),
                }}
            </button>
        </ActionForm>
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
