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

/// JSON text with every character outside ASCII written as a `\uXXXX` escape (two for one
/// outside the Basic Multilingual Plane), for the script the window hands its page
/// (`startup_script`). JSON is a JavaScript expression, so the script holds the texts as they
/// are, but one `–` or `…` among them makes WebKit keep the whole script, and every string the
/// page reads out of it, at two bytes a character instead of one (it stores a string in one
/// byte a character only when all of them are Latin-1), in the window's process and in the web
/// process. Escaped, both are ASCII, and only the texts that hold such a character are stored
/// at two bytes once the page has parsed them. Outside JSON's strings only ASCII can occur, so
/// the escapes land inside strings, where JSON allows them.
pub fn json_ascii(json: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
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

/// The months' names in Danish, as dates in texts and reports write them.
pub const MONTHS_DA: [&str; 12] = [
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
/// The months' names in English.
pub const MONTHS_EN: [&str; 12] = [
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

/// The time zone a report's times are written in: the computer's, or UTC when it cannot be
/// read (then [`Zone::known`] is false, and the report says its times are UTC).
#[derive(Debug, Clone)]
pub struct Zone(Option<jiff::tz::TimeZone>);

impl Zone {
    /// This computer's time zone (`TZ`, `/etc/localtime`, Windows' setting), without libc's
    /// `localtime` (so safe beside other threads); UTC, not known, when there is none to be
    /// found. On Unix the zone files are read here through the bounded read path
    /// ([`crate::limits::read_file`]): jiff's own system lookup reads a file `TZ` names whole,
    /// `/dev/zero` too. Elsewhere (Windows' setting, no file) jiff's lookup is used.
    pub fn system() -> Zone {
        #[cfg(unix)]
        let found = zone_from(
            std::env::var("TZ").ok().as_deref(),
            std::path::Path::new("/etc/localtime"),
            std::path::Path::new("/usr/share/zoneinfo"),
        );
        #[cfg(not(unix))]
        let found = jiff::tz::TimeZone::try_system().map_err(|e| e.to_string());
        match found {
            Ok(tz) => Zone(Some(tz)),
            Err(e) => {
                tracing::warn!(target: "oces_core::i18n", "the computer's time zone could not be read: {}", crate::text::plain(&e));
                Zone(None)
            }
        }
    }

    /// A zone that is always `offset` from UTC.
    pub fn fixed(offset: time::UtcOffset) -> Zone {
        Zone(
            jiff::tz::Offset::from_seconds(offset.whole_seconds())
                .ok()
                .map(jiff::tz::TimeZone::fixed),
        )
    }

    /// No zone known: times are written in UTC, said as such.
    pub fn unknown() -> Zone {
        Zone(None)
    }

    /// Whether the zone is known (else times are UTC).
    pub fn known(&self) -> bool {
        self.0.is_some()
    }

    /// The zone's offset from UTC at `t`; None when the zone is not known.
    fn offset_at(&self, t: time::OffsetDateTime) -> Option<time::UtcOffset> {
        let tz = self.0.as_ref()?;
        let at = jiff::Timestamp::from_second(t.unix_timestamp()).ok()?;
        time::UtcOffset::from_whole_seconds(tz.to_offset(at).seconds()).ok()
    }
}

/// The largest zone file read (a real TZif file is a few KiB).
#[cfg(unix)]
const MAX_ZONE_FILE: u64 = 256 * 1024;

/// The zone POSIX's `TZ` (`tz`) names, as the C library reads it: unset, the file `localtime`;
/// a path (with or without a leading `:`), that file; a name such as `Europe/Copenhagen`, that
/// file under `zoneinfo`; anything else, a POSIX zone string (`CET-1CEST,M3.5.0,M10.5.0/3`).
/// Every file through the bounded read path: a device, a FIFO or a file over
/// [`MAX_ZONE_FILE`] is refused, never read.
#[cfg(unix)]
fn zone_from(
    tz: Option<&str>,
    localtime: &std::path::Path,
    zoneinfo: &std::path::Path,
) -> Result<jiff::tz::TimeZone, String> {
    let read = |path: &std::path::Path, name: &str| {
        let bytes = crate::limits::read_file(path, MAX_ZONE_FILE)
            .map_err(|e| format!("{}: {e:?}", path.display()))?;
        jiff::tz::TimeZone::tzif(name, &bytes).map_err(|e| e.to_string())
    };
    let Some(tz) = tz else {
        return read(localtime, "Local");
    };
    let name = tz.strip_prefix(':').unwrap_or(tz);
    if name.is_empty() {
        return Ok(jiff::tz::TimeZone::UTC);
    }
    if name.starts_with('/') {
        return read(std::path::Path::new(name), name);
    }
    let a_name = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
        && !name.split('/').any(|part| part.is_empty() || part == "..");
    if a_name && zoneinfo.join(name).is_file() {
        return read(&zoneinfo.join(name), name);
    }
    jiff::tz::TimeZone::posix(name).map_err(|e| e.to_string())
}

/// A UTC time as the app stores it (`2026-12-07T09:15:00Z`, RFC 3339) written the way `lang`
/// writes dates, in `zone` with its offset: "7. december 2026 kl. 10.15 (UTC+01:00)" in
/// Danish, "7 December 2026, 10:15 (UTC+01:00)" in English; in UTC when the zone is not known
/// ("… kl. 09.15 UTC", "…, 09:15 UTC"). Anything else is returned as it is.
pub fn date_time(rfc3339: &str, lang: Lang, zone: &Zone) -> String {
    let parsed = (|| {
        let (date, rest) = rfc3339.split_once('T')?;
        let mut d = date.splitn(3, '-');
        let year: i32 = d.next()?.parse().ok()?;
        let month: u8 = d.next()?.parse().ok()?;
        let day: u8 = d.next()?.parse().ok()?;
        let utc = rest.ends_with('Z') || rest.ends_with("+00:00");
        let hh: u8 = rest.get(..2)?.parse().ok()?;
        let mm: u8 = rest.get(3..5)?.parse().ok()?;
        if !utc || rest.get(2..3) != Some(":") {
            return None;
        }
        let date =
            time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()?;
        let time = time::Time::from_hms(hh, mm, 0).ok()?;
        Some(time::PrimitiveDateTime::new(date, time).assume_utc())
    })();
    let Some(utc) = parsed else {
        return rfc3339.to_string();
    };
    let offset = zone.offset_at(utc);
    let t = offset.map_or(utc, |o| utc.to_offset(o));
    let (y, m, d) = (t.year(), usize::from(u8::from(t.month())), t.day());
    let (hh, mm) = (t.hour(), t.minute());
    let zone = match offset {
        Some(o) => {
            let sign = if o.is_negative() { '-' } else { '+' };
            let (oh, om) = (
                o.whole_hours().unsigned_abs(),
                o.minutes_past_hour().unsigned_abs(),
            );
            format!("(UTC{sign}{oh:02}:{om:02})")
        }
        None => "UTC".to_string(),
    };
    match lang {
        Lang::Da => format!("{d}. {} {y} kl. {hh:02}.{mm:02} {zone}", MONTHS_DA[m - 1]),
        Lang::En => format!("{d} {} {y}, {hh:02}:{mm:02} {zone}", MONTHS_EN[m - 1]),
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

    /// The texts handed to the page are ASCII (see `json_ascii`), and read back as the same
    /// texts; so does a character outside the Basic Multilingual Plane, and a text that is
    /// already escaped stays as it is. The locale files themselves are not ASCII (`–`, `…`,
    /// `→`), so a script holding them as they are would fail the first check.
    #[test]
    fn texts_for_the_page_are_ascii_and_read_back_the_same() {
        for lang in Lang::ALL {
            let escaped = json_ascii(locale_json(lang));
            assert!(escaped.is_ascii(), "{lang:?}");
            let back: std::collections::HashMap<String, String> =
                serde_json::from_str(&escaped).expect("JSON");
            assert_eq!(&back, texts(lang), "{lang:?}");
        }
        assert!(
            !locale_json(Lang::Da).is_ascii(),
            "nothing to escape in the test"
        );
        let json = r#"{"a":"Næste → trin 2 – “ok” 😀","b":"\u00e6"}"#;
        let escaped = json_ascii(json);
        assert!(escaped.is_ascii());
        let back: serde_json::Value = serde_json::from_str(&escaped).expect("JSON");
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(json).expect("JSON")
        );
        assert_eq!(back["b"], "æ");
    }

    /// Without a known zone: UTC, said as such (the old form).
    #[test]
    fn dates_the_danish_way() {
        let utc = Zone::unknown();
        assert_eq!(
            date_time("2026-11-28T06:41:00Z", Lang::Da, &utc),
            "28. november 2026 kl. 06.41 UTC"
        );
        assert_eq!(
            date_time("2026-03-01T18:05:59+00:00", Lang::En, &utc),
            "1 March 2026, 18:05 UTC"
        );
        assert_eq!(date_time("not a date", Lang::Da, &utc), "not a date");
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-01-01T24:00:00Z",
        ] {
            assert_eq!(date_time(bad, Lang::Da, &utc), bad);
        }
    }

    /// The computer's zone is read through the bounded read path: a `TZ` naming a device or
    /// a huge file gives no zone (UTC, said so) at once instead of reading on; names, paths
    /// and POSIX strings give their zones.
    #[cfg(unix)]
    #[test]
    fn the_system_zone_is_read_within_bounds() {
        let dir = tempfile::tempdir().expect("dir");
        let none = dir.path().join("none");
        // jiff's own lookup would read /dev/zero without end.
        assert!(zone_from(Some("/dev/zero"), &none, &none).is_err());
        assert!(zone_from(Some(":/dev/zero"), &none, &none).is_err());
        // A FIFO with no writer: jiff's lookup waited on it for ever (seen with
        // `TZ=<fifo> oces-wizard report`); refused here before it is opened.
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(zone_from(Some(fifo.to_str().expect("utf-8")), &none, &none).is_err());
        }
        let huge = dir.path().join("huge");
        std::fs::write(&huge, vec![b'T'; 300 * 1024]).expect("write");
        assert!(zone_from(Some(huge.to_str().expect("utf-8")), &none, &none).is_err());
        assert!(
            zone_from(None, &huge, &none).is_err(),
            "localtime over the cap"
        );
        // A POSIX string, and a name under zoneinfo (a copy of a real TZif file when the
        // machine has one; the POSIX string's zone otherwise).
        let winter = jiff::Timestamp::from_second(1_765_098_900).expect("ts"); // 2025-12-07
        let cet = zone_from(Some("CET-1CEST,M3.5.0,M10.5.0/3"), &none, &none).expect("posix");
        assert_eq!(cet.to_offset(winter).seconds(), 3600);
        let real = std::path::Path::new("/usr/share/zoneinfo/Europe/Copenhagen");
        if let Ok(bytes) = std::fs::read(real) {
            let zi = dir.path().join("zoneinfo");
            std::fs::create_dir_all(zi.join("Europe")).expect("dir");
            std::fs::write(zi.join("Europe/Copenhagen"), &bytes).expect("write");
            for tz in ["Europe/Copenhagen", ":Europe/Copenhagen"] {
                let z = zone_from(Some(tz), &none, &zi).expect(tz);
                assert_eq!(z.to_offset(winter).seconds(), 3600, "{tz}");
            }
            let local = zone_from(None, &zi.join("Europe/Copenhagen"), &none).expect("local");
            assert_eq!(local.to_offset(winter).seconds(), 3600);
            // A name that climbs out of zoneinfo is not a name: read as a POSIX string, it
            // is no zone.
            assert!(zone_from(Some("../zoneinfo/Europe/Copenhagen"), &none, &zi).is_err());
        }
        assert_eq!(
            zone_from(Some(""), &none, &none)
                .expect("utc")
                .to_offset(winter)
                .seconds(),
            0
        );
    }

    /// In the computer's zone (here a fixed one): the local time with its offset, the day
    /// and the year moving with it.
    #[test]
    fn dates_in_a_zone_are_local_with_the_offset() {
        let at = |h: i8, m: i8| Zone::fixed(time::UtcOffset::from_hms(h, m, 0).expect("offset"));
        let cph = at(1, 0);
        assert!(cph.known() && !Zone::unknown().known());
        assert_eq!(
            date_time("2026-12-07T09:15:00Z", Lang::Da, &cph),
            "7. december 2026 kl. 10.15 (UTC+01:00)"
        );
        assert_eq!(
            date_time("2026-12-07T09:15:00Z", Lang::En, &cph),
            "7 December 2026, 10:15 (UTC+01:00)"
        );
        assert_eq!(
            date_time("2026-12-31T23:30:00Z", Lang::Da, &cph),
            "1. januar 2027 kl. 00.30 (UTC+01:00)"
        );
        assert_eq!(
            date_time("2026-01-01T02:00:00Z", Lang::En, &at(-3, -30)),
            "31 December 2025, 22:30 (UTC-03:30)"
        );
        assert_eq!(
            date_time("2026-06-01T12:00:00Z", Lang::Da, &at(0, 0)),
            "1. juni 2026 kl. 12.00 (UTC+00:00)"
        );
    }

    /// A zone with summer time writes each time with the offset of its own date.
    #[test]
    fn summer_and_winter_times_have_their_own_offsets() {
        let cet = Zone(Some(
            jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("zone"),
        ));
        assert_eq!(
            date_time("2026-07-01T08:00:00Z", Lang::Da, &cet),
            "1. juli 2026 kl. 10.00 (UTC+02:00)"
        );
        assert_eq!(
            date_time("2026-12-07T09:15:00Z", Lang::Da, &cet),
            "7. december 2026 kl. 10.15 (UTC+01:00)"
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
