//! The UFST gateway credentials in the OS keychain (DMS-6).

use oces_core::error::UiError;
use oces_core::secret::Password;
use oces_core::session::{Session, Updated};
use tauri::State;

/// Keep the gateway user and password in the OS keychain (never in a file).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn save_gateway_credentials(
    state: State<'_, Session>,
    user: String,
    password: Password,
) -> Result<Updated, UiError> {
    state.save_gateway_credentials(&user, &password)
}

/// Whether the gateway password the progress notes as kept is still in the keychain (it is
/// not read out): the view, with the note dropped when it is gone.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn gateway_credentials_present(state: State<'_, Session>) -> Result<Updated, UiError> {
    state.gateway_credentials_present()
}

/// The kept gateway password, when the user asks to see it (shown on the screen).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn reveal_gateway_password(state: State<'_, Session>, user: String) -> Result<String, UiError> {
    state
        .reveal_gateway_password(&user)
        .map(|p| p.expose().to_string())
}

/// Delete the kept gateway credentials.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn delete_gateway_credentials(
    state: State<'_, Session>,
    user: String,
) -> Result<Updated, UiError> {
    state.delete_gateway_credentials(&user)
}
