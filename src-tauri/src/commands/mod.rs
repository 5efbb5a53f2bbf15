//! The window's commands, by area. Each is a one-line forward to [`oces_core::session`]: the
//! names, argument names and JSON shapes are what the UI calls, and must not change.
//!
//! Every command carries `#[cfg_attr(test, specta::specta)]` and every type it returns
//! `derive(specta::Type)` (under test only): the page's TypeScript, `ui/src/ipc/bindings.ts`,
//! is generated from them (see `crate::bindings`), and the list of commands is the one in
//! `ipc_commands!` (lib.rs).

mod files;
mod guide;
mod keychain;
mod probe;
mod stores;
mod support;
mod wizard;

pub use files::*;
pub use guide::*;
pub use keychain::*;
pub use probe::*;
pub use stores::*;
pub use support::*;
pub use wizard::*;

use oces_core::session::Session;
use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;

/// The desktop as the session sees it: links and folders opened through the opener plugin,
/// links on Linux by `crate::browser` (without the window's own WebKit settings).
struct Opener<'a, R: Runtime>(&'a AppHandle<R>);

impl<R: Runtime> oces_core::session::Desktop for Opener<'_, R> {
    #[cfg(target_os = "linux")]
    fn open_url(&self, url: &str) -> Result<(), String> {
        crate::browser::open(url, crate::webkit::ours())
    }

    #[cfg(not(target_os = "linux"))]
    fn open_url(&self, url: &str) -> Result<(), String> {
        self.0
            .opener()
            .open_url(url, None::<&str>)
            .map_err(|e| e.to_string())
    }

    fn reveal(&self, path: &std::path::Path) -> Result<(), String> {
        self.0
            .opener()
            .reveal_item_in_dir(path)
            .map_err(|e| e.to_string())
    }

    fn close(&self) {
        self.0.exit(0);
    }
}

/// A script that hands the page its startup data before the page's own scripts run, so the
/// first screen needs no round trip, and the texts of the language it opens in, so the page's
/// own code carries no texts (the other language is loaded when it is chosen). The data holds
/// no secrets (progress and settings only).
///
/// The script is ASCII (`oces_core::i18n::json_ascii`): WebKit keeps it, in the window's
/// process and in the web process, at one byte a character instead of two, and so the string
/// of texts the page parses (issue 31). The page lets go of that string once parsed.
pub fn startup_script(session: &Session) -> Option<String> {
    use oces_core::i18n::json_ascii;
    let data = json_ascii(&serde_json::to_string(&session.startup().ok()?).ok()?);
    // The texts the UI is built with, as the core embeds them.
    let lang = session.language().0;
    let (code, texts) = (lang.code(), oces_core::i18n::locale_json(lang));
    // As one string, which the page parses with JSON.parse: quicker for the page than an
    // object literal of some 1,400 entries.
    let texts = serde_json::to_string(&json_ascii(texts)).ok()?;
    // JSON is a JavaScript expression; it is not inside HTML, so no escaping beyond serde's.
    Some(format!(
        "window.__OCES_STARTUP__ = {data};\nwindow.__OCES_TEXTS__ = {{\"lang\":\"{code}\",\"json\":{texts}}};"
    ))
}
