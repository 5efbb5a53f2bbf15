//! Text from outside (certificate fields, file names, server answers) made safe to show.
//!
//! Such text is attacker-controlled: a common name can hold a line break followed by a fake
//! "CVR: … (check digit OK)" line, an escape sequence that recolours or clears the terminal,
//! or a right-to-left override that makes `exe.pdf` look like `fdp.exe`. [`plain`] is the one
//! escaper every text output of the app uses for such values: control characters (C0, DEL,
//! C1), bidirectional-text controls and line/paragraph separators become visible escapes
//! (`\n`, `\t`, `\u{202e}`), so one value stays on one line and reads as it is. Letters of any
//! script, including æ, ø and å, pass unchanged; so do backslashes (Windows paths).

use std::borrow::Cow;

/// Whether a character must not reach a terminal or a one-line field as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}'              // Arabic letter mark
            | '\u{200e}' | '\u{200f}' // left-to-right / right-to-left marks
            | '\u{2028}' | '\u{2029}' // line / paragraph separators
            | '\u{202a}'..='\u{202e}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{feff}'              // byte order mark / zero-width no-break space
        )
}

/// `s` with every unsafe character written as a visible escape; borrowed when nothing changes.
pub fn plain(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_is_unchanged() {
        for s in [
            "Søren Ærø",
            "C:\\Users\\ÅSE\\Downloads\\cert.p12",
            "Ελληνικά",
            "名前",
            "",
        ] {
            assert!(matches!(plain(s), Cow::Borrowed(_)), "{s}");
        }
    }

    #[test]
    fn a_fake_line_stays_on_one_line() {
        let cn = "Firma A/S\nCVR:                   12345678 (check digit OK)";
        let shown = plain(cn);
        assert!(!shown.contains('\n'));
        assert_eq!(
            shown,
            "Firma A/S\\nCVR:                   12345678 (check digit OK)"
        );
    }

    #[test]
    fn escapes_and_bidi_controls_are_visible() {
        assert_eq!(plain("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(plain("x\u{9b}31m"), "x\\u{9b}31m"); // C1 CSI
        assert_eq!(plain("cert\u{202e}21p.exe"), "cert\\u{202e}21p.exe");
        assert_eq!(plain("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(plain("tab\there\r"), "tab\\there\\r");
        assert_eq!(plain("\u{7f}\u{0}"), "\\u{7f}\\u{0}");
    }
}
