//! Languages: Danish (default) and English.
//!
//! The app speaks Danish unless the OS locale says another language, in which case it speaks
//! English; a choice the user makes is remembered in the settings and wins over the OS.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dansk.
    Da,
    /// English.
    En,
}

impl Lang {
    /// Every language, Danish first.
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    /// The language for an OS locale name (`da_DK.UTF-8`, `da-DK`, `en-US`, `C`); no locale at
    /// all means Danish, the app's default.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            None => Lang::Da,
            Some(l) if l.to_ascii_lowercase().starts_with("da") => Lang::Da,
            Some(_) => Lang::En,
        }
    }

    /// The OS locale's language.
    pub fn detect() -> Lang {
        Lang::from_locale(sys_locale::get_locale().as_deref())
    }

    /// Lower-case code (`da`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_mapping() {
        assert_eq!(Lang::from_locale(Some("da_DK.UTF-8")), Lang::Da);
        assert_eq!(Lang::from_locale(Some("da-DK")), Lang::Da);
        assert_eq!(Lang::from_locale(Some("DA")), Lang::Da);
        assert_eq!(Lang::from_locale(Some("en-US")), Lang::En);
        assert_eq!(Lang::from_locale(Some("de_DE")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::Da);
    }
}
