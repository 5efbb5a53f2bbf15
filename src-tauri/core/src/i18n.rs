//! Languages: Danish (default) and English.
//!
//! The app speaks Danish unless the OS locale says another language, in which case it speaks
//! English; a choice the user makes is remembered in the settings and wins over the OS.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

// ---------- the texts ----------

/// The locale files, embedded here once for every program (the window hands one to its page,
/// the command line and the core's own texts (the report, the letters) read them).
const DA_JSON: &str = include_str!("../../../ui/src/i18n/da.json");
const EN_JSON: &str = include_str!("../../../ui/src/i18n/en.json");

/// The locale file of `lang` as it is (flat JSON, key to text).
pub fn locale_json(lang: Lang) -> &'static str {
    match lang {
        Lang::Da => DA_JSON,
        Lang::En => EN_JSON,
    }
}

/// The texts of `lang`, key to text (read from the embedded file once; it never changes).
/// Each language is read the first time it is asked for, not both together: a command line
/// run in Danish never reads the English file (120 KB and 1,300 texts: a third of a
/// millisecond and 80 page faults each, `scripts/bench-inspect.sh`) unless a Danish text
/// is missing.
pub fn texts(lang: Lang) -> &'static std::collections::HashMap<String, String> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static DA: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (table, json) = match lang {
        Lang::Da => (&DA, DA_JSON),
        Lang::En => (&EN, EN_JSON),
    };
    table.get_or_init(|| serde_json::from_str(json).unwrap_or_default())
}

/// The text of `key` in `lang`, each `{name}` filled from `params`; the English text when
/// `lang` lacks it, the key itself when both do (a test checks that both files have every key
/// the core asks for).
pub fn tr(lang: Lang, key: &str, params: &[(&str, &str)]) -> String {
    let text = texts(lang)
        .get(key)
        .or_else(|| texts(Lang::En).get(key))
        .map_or(key, String::as_str);
    // One pass, so a value that holds `{name}` (a certificate's name) is never filled in again.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            params
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match filled {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A UTC time as the app stores it (`2026-11-28T06:41:00Z`, RFC 3339) written the way `lang`
/// writes dates: "28. november 2026 kl. 06.41 UTC" in Danish, "28 November 2026, 06:41 UTC"
/// in English. Anything else is returned as it is.
pub fn date_time(rfc3339: &str, lang: Lang) -> String {
    let parsed = (|| {
        let (date, rest) = rfc3339.split_once('T')?;
        let mut d = date.splitn(3, '-');
        let year: u32 = d.next()?.parse().ok()?;
        let month: usize = d.next()?.parse().ok()?;
        let day: u32 = d.next()?.parse().ok()?;
        let utc = rest.ends_with('Z') || rest.ends_with("+00:00");
        let hh: u32 = rest.get(..2)?.parse().ok()?;
        let mm: u32 = rest.get(3..5)?.parse().ok()?;
        (utc && (1..=12).contains(&month) && rest.get(2..3) == Some(":"))
            .then_some((year, month, day, hh, mm))
    })();
    match parsed {
        Some((y, m, d, hh, mm)) => match lang {
            Lang::Da => format!("{d}. {} {y} kl. {hh:02}.{mm:02} UTC", MONTHS_DA[m - 1]),
            Lang::En => format!("{d} {} {y}, {hh:02}:{mm:02} UTC", MONTHS_EN[m - 1]),
        },
        None => rfc3339.to_string(),
    }
}

/// A date the way `lang` writes it: "6. december 2026" in Danish, "6 December 2026" in
/// English.
pub fn date_only(date: time::Date, lang: Lang) -> String {
    let (d, m, y) = (date.day(), usize::from(u8::from(date.month())), date.year());
    match lang {
        Lang::Da => format!("{d}. {} {y}", MONTHS_DA[m - 1]),
        Lang::En => format!("{d} {} {y}", MONTHS_EN[m - 1]),
    }
}

/// `2026-11-22T10:00:00Z`.
pub fn rfc3339(now: time::OffsetDateTime) -> String {
    now.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_the_danish_way() {
        assert_eq!(
            date_time("2026-11-28T06:41:00Z", Lang::Da),
            "28. november 2026 kl. 06.41 UTC"
        );
        assert_eq!(
            date_time("2026-03-01T18:05:59+00:00", Lang::En),
            "1 March 2026, 18:05 UTC"
        );
        assert_eq!(date_time("not a date", Lang::Da), "not a date");
        assert_eq!(
            date_time("2026-13-01T00:00:00Z", Lang::Da),
            "2026-13-01T00:00:00Z"
        );
    }

    #[test]
    fn texts_are_filled_once_and_fall_back() {
        assert_eq!(tr(Lang::Da, "no.such.key", &[]), "no.such.key");
        let da = tr(Lang::Da, "report.keychain_kept", &[("user", "{user}")]);
        assert_eq!(da, "gateway-adgangskoden er gemt for {user}");
        assert_eq!(
            tr(Lang::En, "report.keychain_kept", &[("user", "CVR_1_UR_2")]),
            "gateway password kept for CVR_1_UR_2"
        );
        assert!(locale_json(Lang::Da).contains("\"report.keychain_kept\""));
    }

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
