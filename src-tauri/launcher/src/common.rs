//! What every subcommand shares: the one way `--json` output is written, a coded failure
//! (text on the terminal, or a JSON error document), and the password from standard input.
//! A leaf: it uses only the core and the texts, so `cli` and the subcommand modules (`probe`)
//! both depend on it and not on each other.

use crate::texts::tr;
use oces_core::error::UiError;
use oces_core::i18n::Lang;
use oces_core::secret::Password;
use oces_core::text::plain;
use std::io::Write;

/// `eprintln!` that never panics: a closed or full standard error is not worth a crash.
macro_rules! eprintln_quiet {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

/// Write `text` to standard output and flush it.
pub fn out(text: &str) -> std::io::Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())?;
    o.flush()
}

/// The exit status after standard output failed: a closed pipe (`| head -1`) ends quietly,
/// with the status the work had (`status`), as other command-line tools do; any other failure
/// (a full disk, `> /dev/full`) is a coded error on standard error, exit status 1, after
/// `done` (what the run did before, e.g. "the copy was written") is said there, so a script
/// knows what happened.
pub fn output_failed(lang: Lang, e: &std::io::Error, done: Option<&str>, status: i32) -> i32 {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return status;
    }
    if let Some(done) = done {
        eprintln_quiet!("{done}");
    }
    let code = if e.kind() == std::io::ErrorKind::StorageFull {
        "cli.output.disk_full"
    } else {
        "cli.output.failed"
    };
    let text = format!("{} ({code})", tr(lang, code, &[]));
    eprintln_quiet!("{}", tr(lang, "cli.error", &[("message", &text)]));
    1
}

/// A JSON text with every string (and key) written by the one escaping rule of every output
/// ([`plain`]): a control character, escape, bidirectional override or line break in a value
/// becomes its visible escape (`\\n`, `\\u{1b}`, `\\u{202e}`), so no consumer (`jq -r`
/// prints strings as they are) gets it live. Works on the text, so the order of the fields
/// stays as written.
pub fn plain_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars();
    let visible = |out: &mut String, c: char| match c {
        '\n' => out.push_str("\\\\n"),
        '\r' => out.push_str("\\\\r"),
        '\t' => out.push_str("\\\\t"),
        c => out.push_str(&format!("\\\\u{{{:x}}}", u32::from(c))),
    };
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if !in_string || c == '"' {
            // Outside strings (the layout's own line breaks) nothing changes.
            in_string ^= c == '"';
            out.push(c);
            continue;
        }
        if c != '\\' {
            if oces_core::text::is_unsafe(c) {
                visible(&mut out, c);
            } else {
                out.push(c);
            }
            continue;
        }
        match chars.next() {
            Some('n') => visible(&mut out, '\n'),
            Some('r') => visible(&mut out, '\r'),
            Some('t') => visible(&mut out, '\t'),
            Some('b') => visible(&mut out, '\u{8}'),
            Some('f') => visible(&mut out, '\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(c) if oces_core::text::is_unsafe(c) => visible(&mut out, c),
                    _ => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The one way `--json` output is written: serialised whole before anything is printed, so a
/// value that cannot be serialised never leaves half a document; that case prints a coded
/// error document instead. Every string in it is escaped ([`plain_json`]). Returns the exit
/// status for the printing alone (0, or 1; a closed pipe is 0, see [`output_failed`]).
pub fn print_json<T: serde::Serialize>(value: &T) -> i32 {
    let (mut text, status) = match serde_json::to_string_pretty(value) {
        Ok(s) => (plain_json(&s), 0),
        Err(_) => {
            let e = UiError::internal();
            (
                serde_json::json!({ "error": { "code": e.code, "message": e.message } })
                    .to_string(),
                1,
            )
        }
    };
    text.push('\n');
    match out(&text) {
        Ok(()) => status,
        Err(e) => output_failed(Lang::detect(), &e, None, status),
    }
}

/// An error's text with its params filled in.
fn error_text(lang: Lang, err: &UiError) -> String {
    let text = tr(lang, &format!("error.{}", err.code), &[]);
    err.params
        .iter()
        .fold(text, |t, (k, v)| t.replace(&format!("{{{k}}}"), &plain(v)))
}

pub fn fail(lang: Lang, json: bool, err: UiError) -> i32 {
    if json {
        // `message` is the English explanation (never just the code again).
        let message = if err.message == err.code.as_str() {
            error_text(Lang::En, &err)
        } else {
            err.message.clone()
        };
        let v = serde_json::json!({ "error": { "code": err.code, "message": message } });
        print_json(&v);
    } else {
        let text = error_text(lang, &err);
        eprintln_quiet!("{}", tr(lang, "cli.error", &[("message", &text)]));
    }
    1
}

/// The password from the first line of standard input, when asked for; a line that is too
/// long or unreadable is a coded error (JSON with `--json`), exit status 1.
pub fn read_password(lang: Lang, json: bool, from_stdin: bool) -> Result<Option<Password>, i32> {
    if !from_stdin {
        return Ok(None);
    }
    Password::from_first_line(std::io::stdin().lock())
        .map(Some)
        .map_err(|code| fail(lang, json, UiError::of(code)))
}

#[cfg(test)]
mod tests {
    /// Every string of a JSON text, keys too, comes out with visible escapes only; the
    /// document stays the same JSON otherwise.
    #[test]
    fn json_strings_are_plain() {
        let v = serde_json::json!({
            "a\u{1b}": "x\u{1b}[31m\n\u{202e}y\\n\u{7f}\u{9b}\t\"",
            "n": [1, "ok ø \\ /", null]
        });
        let text = super::plain_json(&serde_json::to_string_pretty(&v).unwrap());
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["a\\u{1b}"],
            "x\\u{1b}[31m\\n\\u{202e}y\\n\\u{7f}\\u{9b}\\t\""
        );
        assert_eq!(back["n"][1], "ok ø \\ /");
    }

    /// The module graph stays a tree: `cli` uses the subcommand modules and this leaf; the
    /// subcommand modules and this leaf never reach back into `cli`.
    #[test]
    fn no_module_reaches_back_into_cli() {
        for (name, source) in [
            ("common.rs", include_str!("common.rs")),
            ("probe.rs", include_str!("probe.rs")),
            ("link.rs", include_str!("link.rs")),
            ("inventory.rs", include_str!("inventory.rs")),
            ("policy.rs", include_str!("policy.rs")),
            ("texts.rs", include_str!("texts.rs")),
        ] {
            let code: String = source
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            assert!(!code.contains(concat!("crate::", "cli")), "{name} uses cli");
        }
    }
}
