//! Startup, flows, answers, Next/Back, language, links, and the portal texts.

use super::Opener;
use oces_core::error::UiError;
use oces_core::flow::Answer;
use oces_core::i18n::Lang;
use oces_core::session::portal::RidCheck;
use oces_core::session::wizard::Startup;
use oces_core::session::{Session, Updated};
use tauri::{AppHandle, Runtime, State};

/// Async so it runs off the main thread, which is busy serving the page's files at this time.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub async fn get_startup(state: State<'_, Session>) -> Result<Startup, UiError> {
    state.startup()
}

/// Called by the UI once the first screen can be used, with the page's own time to it
/// (`performance.now()`, from the page's navigation start); returns milliseconds since the
/// process started.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn ui_ready(state: State<'_, Session>, page_ms: u32) -> u64 {
    crate::first_screen_ms(state.started(), page_ms)
}

/// Called by the UI when the page first painted text (the engine's "first-contentful-paint"),
/// with that time on the page's clock; logged for `scripts/bench-start.sh`.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn ui_painted(state: State<'_, Session>, page_ms: u32) {
    crate::first_paint(state.started(), page_ms)
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn choose_flow(state: State<'_, Session>, flow: String) -> Result<Updated, UiError> {
    state.choose_flow(&flow)
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn set_answer(
    state: State<'_, Session>,
    id: String,
    value: Answer,
) -> Result<Updated, UiError> {
    state.set_answer(&id, value)
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn advance(state: State<'_, Session>) -> Result<Updated, UiError> {
    state.advance()
}

/// "Gem og luk guiden": saves the progress and, when it was saved, closes the window (the
/// next start opens on the same step). A save that failed leaves the window open, with the
/// warning.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn save_and_close<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Session>,
) -> Result<Updated, UiError> {
    state.save_and_close(&Opener(&app))
}

/// "Luk uden at gemme": offered only when "Gem og luk guiden" could not save and trying
/// again cannot help (a newer version's progress, or no folder to save in); closes the window.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn close_unsaved<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Session>,
) -> Result<(), UiError> {
    state.close_unsaved(&Opener(&app))
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn back(state: State<'_, Session>) -> Result<Updated, UiError> {
    state.back()
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn goto_step(state: State<'_, Session>, code: String) -> Result<Updated, UiError> {
    state.goto_step(&code)
}

/// The policy page and the helpdesk in "Få hjælp": the organisation's policies in force.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn policy_report(state: State<'_, Session>) -> oces_core::session::policy::PolicyReport {
    state.policy_report()
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn start_over(state: State<'_, Session>) -> Result<Updated, UiError> {
    state.start_over()
}

#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn set_language(state: State<'_, Session>, language: Lang) -> Result<(), UiError> {
    state.set_language(language)
}

/// Whether the certificate's password is held for the active flow (it never leaves).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn password_held(state: State<'_, Session>) -> bool {
    state.password_held()
}

/// Open a fixed link of the flow tables, or a link pasted on the current step.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn open_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Session>,
    url: String,
    answer_id: Option<String>,
) -> Result<Option<Updated>, UiError> {
    state.open_link(&Opener(&app), &url, answer_id.as_deref())
}

/// The STIL support case (STIL-7): its subject and its text.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn stil_case(
    state: State<'_, Session>,
) -> Result<Option<oces_core::letters::StilCase>, UiError> {
    state.stil_case()
}

/// Save the STIL support case as a text file where the user chose (never overwriting).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn save_stil_case(state: State<'_, Session>, target: String) -> Result<String, UiError> {
    state.save_stil_case(&target)
}

/// Check a typed value with a named check (the UI shows the verdict as the user types).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn check_value(check: String, value: String) -> oces_core::ids::ValueCheck {
    Session::check_value(&check, &value)
}

/// A composed text of the current flow (CUG-8's email and message).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn composed_text(
    state: State<'_, Session>,
    what: String,
    lang: Option<Lang>,
) -> Result<Option<oces_core::letters::Composed>, UiError> {
    state.composed_text(&what, lang)
}

/// Open a composed email in the user's mail program (the link is made in the core).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn open_composed_email<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Session>,
    what: String,
    lang: Option<Lang>,
) -> Result<(), UiError> {
    state.open_composed_email(&Opener(&app), &what, lang)
}

/// The handover log as it stands (STIL-4).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn handover_log(state: State<'_, Session>) -> Result<oces_core::handover::LogRead, UiError> {
    state.handover_log()
}

/// Log one handover (never the password: the entry has no field for it).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn add_handover(
    state: State<'_, Session>,
    entry: oces_core::handover::HandoverEntry,
) -> Result<Updated, UiError> {
    state.add_handover(entry)
}

/// Export the handover log as CSV where the user chose (never overwriting).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn export_handover_csv(state: State<'_, Session>, target: String) -> Result<String, UiError> {
    state.export_handover_csv(&target)
}

/// CUG-8: the new certificate's RID against the older ones in `.oces`.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn rid_comparison(state: State<'_, Session>) -> Result<RidCheck, UiError> {
    state.rid_comparison()
}
