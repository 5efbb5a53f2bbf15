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

/// The one way `--json` output is written: serialised whole before anything is printed, so a
/// value that cannot be serialised never leaves half a document; that case prints a coded
/// error document instead. Returns the exit status for the printing alone (0, or 1).
pub fn print_json<T: serde::Serialize>(value: &T) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            let mut out = std::io::stdout().lock();
            i32::from(writeln!(out, "{s}").and_then(|()| out.flush()).is_err())
        }
        Err(_) => {
            let e = UiError::internal();
            println!(
                "{}",
                serde_json::json!({ "error": { "code": e.code, "message": e.message } })
            );
            1
        }
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
        eprintln!("{}", tr(lang, "cli.error", &[("message", &text)]));
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
    /// The module graph stays a tree: `cli` uses the subcommand modules and this leaf; the
    /// subcommand modules and this leaf never reach back into `cli`.
    #[test]
    fn no_module_reaches_back_into_cli() {
        for (name, source) in [
            ("common.rs", include_str!("common.rs")),
            ("probe.rs", include_str!("probe.rs")),
            ("link.rs", include_str!("link.rs")),
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
