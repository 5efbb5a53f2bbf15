//! The support report ("Get help") and the support view.

use oces_core::error::UiError;
use oces_core::i18n::Lang;
use oces_core::session::support::SupportShown;
use oces_core::session::Session;
use oces_core::support::{CodeInfo, Report};
use tauri::State;

/// The support report exactly as it would be shared (text), for the "Get help" preview.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn support_report(
    state: State<'_, Session>,
    lang: Option<Lang>,
    include_log: Option<bool>,
) -> Result<String, UiError> {
    state.support_report(lang, include_log)
}

/// Save the support report where the user chose: JSON for `.json`, text otherwise.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn save_support_report(
    state: State<'_, Session>,
    target: String,
    include_log: Option<bool>,
) -> Result<String, UiError> {
    state.save_support_report(&target, include_log)
}

/// Save the support report as JSON on the Desktop (or Documents, or home), without a dialog.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn save_support_report_desktop(
    state: State<'_, Session>,
    include_log: Option<bool>,
) -> Result<String, UiError> {
    state.save_support_report_desktop(include_log)
}

/// Support view: open a saved support report.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn open_support_report(
    state: State<'_, Session>,
    path: String,
) -> Result<SupportShown<Report>, UiError> {
    state.open_support_report(&path)
}

/// Support view: read a support code.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn read_support_code(code: String) -> Result<SupportShown<CodeInfo>, UiError> {
    Session::read_support_code(&code)
}
