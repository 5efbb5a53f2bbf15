//! Guide links and codes from a support desk: the panel's plan, "Gå dertil", and the support
//! view's "Send brugeren til et trin".

use oces_core::error::UiError;
use oces_core::guide_link::GuidePlan;
use oces_core::session::guide::Composed;
use oces_core::session::{Session, Updated};
use tauri::ipc::Channel;
use tauri::State;

/// The link that reached the window (started with it, or handed over by a second start),
/// taken: its plan for the panel, its coded refusal, or none.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn guide_pending(state: State<'_, Session>) -> Result<Option<GuidePlan>, UiError> {
    state.guide_pending()
}

/// The page watches for links handed over while the window is open: a message on `on_link`
/// each time one arrives (it then asks `guide_pending`). See `incoming::LinkWatch`.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn watch_guide_links(state: State<'_, crate::incoming::LinkWatch>, on_link: Channel<()>) {
    state.set(on_link)
}

/// What a guide link or code (typed in Get help) would do; nothing is changed.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn guide_plan(state: State<'_, Session>, input: String) -> Result<GuidePlan, UiError> {
    state.guide_plan(&input)
}

/// "Gå dertil" (with `instead`: the step the panel offers first): open it and fill empty fields.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn guide_go(
    state: State<'_, Session>,
    input: String,
    instead: bool,
) -> Result<Updated, UiError> {
    state.guide_go(&input, instead)
}

/// Support view: the link, guide code and message for a flow, step and values.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn guide_compose(pairs: Vec<(String, String)>) -> Result<Composed, UiError> {
    Session::guide_compose(&pairs)
}
