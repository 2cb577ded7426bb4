//! What a passkey is called (issue 16, item 12: passkeys were listed by the browser's raw
//! user-agent string). Either the kind of device and the browser it was added with, read once
//! from the user agent when it is added, or a name its owner chose.

use super::registry::{FieldError, Problem};
use serde::{Deserialize, Serialize};

/// The kind of device a passkey was added on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum DeviceKind {
    Phone,
    Tablet,
    Computer,
}

/// The browser a passkey was added with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Browser {
    /// Stored as `wechat` in a passkey's label (`code()`), though serde says `we_chat`.
    #[strum(serialize = "wechat")]
    WeChat,
    Edge,
    Firefox,
    Chrome,
    Safari,
    Other,
}

/// A passkey's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasskeyName {
    Device { kind: DeviceKind, browser: Browser },
    Chosen(String),
}

/// Longest name an owner may give a passkey, in characters.
pub const MAX_PASSKEY_NAME_CHARS: usize = 30;

const DEVICE_PREFIX: &str = "device:";

impl PasskeyName {
    /// The device and browser a user agent describes.
    pub fn from_user_agent(agent: &str) -> Self {
        let has = |part: &str| agent.contains(part);
        let browser = if has("MicroMessenger") {
            Browser::WeChat
        } else if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
            Browser::Edge
        } else if has("Firefox/") || has("FxiOS/") {
            Browser::Firefox
        } else if has("Chrome/") || has("CriOS/") {
            Browser::Chrome
        } else if has("Safari/") {
            Browser::Safari
        } else {
            Browser::Other
        };
        let kind = if has("iPad") || (has("Android") && !has("Mobile")) {
            DeviceKind::Tablet
        } else if has("iPhone") || has("Android") || has("Mobile") {
            DeviceKind::Phone
        } else {
            DeviceKind::Computer
        };
        PasskeyName::Device { kind, browser }
    }

    /// A name its owner typed: one line of at most [`MAX_PASSKEY_NAME_CHARS`].
    pub fn chosen(raw: &str) -> Result<Self, FieldError> {
        let name = super::text::line(raw);
        if name.is_empty() {
            return Err(FieldError::new("passkey_name", Problem::Missing));
        }
        if name.chars().count() > MAX_PASSKEY_NAME_CHARS {
            return Err(FieldError::new("passkey_name", Problem::TooLong));
        }
        Ok(PasskeyName::Chosen(name))
    }

    /// As the passkey's stored label.
    pub fn stored(&self) -> String {
        match self {
            PasskeyName::Device { kind, browser } => {
                format!("{DEVICE_PREFIX}{}:{}", kind.code(), browser.code())
            }
            PasskeyName::Chosen(name) => name.clone(),
        }
    }

    /// Reads a stored label: a device, a chosen name, or (labels stored before names existed)
    /// a user agent.
    pub fn read(stored: &str) -> Self {
        if let Some(device) = stored.strip_prefix(DEVICE_PREFIX) {
            let mut parts = device.split(':');
            let kind = parts.next().and_then(DeviceKind::parse);
            let browser = parts.next().and_then(Browser::parse);
            if let (Some(kind), Some(browser)) = (kind, browser) {
                return PasskeyName::Device { kind, browser };
            }
        }
        if stored.contains("Mozilla/") {
            return PasskeyName::from_user_agent(stored);
        }
        PasskeyName::Chosen(stored.to_owned())
    }
}

impl DeviceKind {
    pub fn code(self) -> &'static str {
        self.into()
    }

    fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

impl Browser {
    pub fn code(self) -> &'static str {
        self.into()
    }

    fn parse(code: &str) -> Option<Self> {
        code.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    const IPHONE_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47";
    const WINDOWS_EDGE: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    const IPAD_SAFARI: &str = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    #[test]
    fn issue16_item12_a_passkey_is_named_by_its_device_and_browser() {
        let device = |kind, browser| PasskeyName::Device { kind, browser };
        assert_eq!(
            PasskeyName::from_user_agent(ANDROID_CHROME),
            device(DeviceKind::Phone, Browser::Chrome)
        );
        assert_eq!(
            PasskeyName::from_user_agent(IPHONE_WECHAT),
            device(DeviceKind::Phone, Browser::WeChat)
        );
        assert_eq!(
            PasskeyName::from_user_agent(WINDOWS_EDGE),
            device(DeviceKind::Computer, Browser::Edge)
        );
        assert_eq!(
            PasskeyName::from_user_agent(IPAD_SAFARI),
            device(DeviceKind::Tablet, Browser::Safari)
        );
        for name in [
            PasskeyName::from_user_agent(ANDROID_CHROME),
            PasskeyName::chosen(" 妈妈的手机 ").expect("valid"),
        ] {
            assert_eq!(PasskeyName::read(&name.stored()), name);
        }
        // Labels stored before names existed were user agents.
        assert_eq!(
            PasskeyName::read(ANDROID_CHROME),
            device(DeviceKind::Phone, Browser::Chrome)
        );
    }

    #[test]
    fn issue16_item12_a_chosen_name_is_one_short_line() {
        assert_eq!(
            PasskeyName::chosen("家里\u{8}的平板"),
            Ok(PasskeyName::Chosen("家里的平板".into()))
        );
        assert_eq!(
            PasskeyName::chosen("  ").map_err(|e| e.problem),
            Err(Problem::Missing)
        );
        assert_eq!(
            PasskeyName::chosen(&"长".repeat(31)).map_err(|e| e.problem),
            Err(Problem::TooLong)
        );
    }

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let kinds = [
            (DeviceKind::Phone, "phone"),
            (DeviceKind::Tablet, "tablet"),
            (DeviceKind::Computer, "computer"),
        ];
        for (kind, code) in kinds {
            assert_eq!(kind.code(), code);
            assert_eq!(DeviceKind::parse(kind.code()), Some(kind));
        }
        let browsers = [
            (Browser::WeChat, "wechat"),
            (Browser::Edge, "edge"),
            (Browser::Firefox, "firefox"),
            (Browser::Chrome, "chrome"),
            (Browser::Safari, "safari"),
            (Browser::Other, "other"),
        ];
        for (browser, code) in browsers {
            assert_eq!(browser.code(), code);
            assert_eq!(Browser::parse(browser.code()), Some(browser));
        }
        assert_eq!(Browser::parse("we_chat"), None, "the label's spelling only");
        assert_eq!(
            serde_json::to_string(&Browser::WeChat).unwrap_or_default(),
            "\"we_chat\"",
            "serde's spelling is its own, as before"
        );
        assert_eq!(
            PasskeyName::read("device:phone:wechat"),
            PasskeyName::Device {
                kind: DeviceKind::Phone,
                browser: Browser::WeChat
            }
        );
    }
}
