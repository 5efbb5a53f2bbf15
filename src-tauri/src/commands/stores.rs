//! Installing where browsers find it (DMS-3) and the old-type certificates (CUG-9).

use oces_core::cert_stores::StoreResult;
use oces_core::error::UiError;
use oces_core::secret::Password;
use oces_core::session::cert_stores::{OldInStores, StoreInfo};
use oces_core::session::{Session, StepResult};
use tauri::State;

/// The stores the browsers of this computer read.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn list_stores(state: State<'_, Session>) -> Vec<StoreInfo> {
    state.list_stores()
}

/// Install the chosen certificate file into every store (one line per store).
/// `password`: the one typed on this screen, used as it is (an empty one is the empty
/// password); none uses the one held for the flow since the file was unlocked.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn install_certificate(
    state: State<'_, Session>,
    password: Option<Password>,
    exportable: bool,
) -> Result<StepResult<Vec<StoreResult>>, UiError> {
    state.install_certificate(password, exportable)
}

/// Remove the certificate the app installed (by its fingerprint) from every store.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn uninstall_certificate(
    state: State<'_, Session>,
) -> Result<StepResult<Vec<StoreResult>>, UiError> {
    state.uninstall_certificate()
}

/// List old-type DKMA certificates (issuer "TDC Internet Class II CA") in the stores.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn old_store_certificates(state: State<'_, Session>) -> OldInStores {
    state.old_store_certificates()
}

/// Remove one old-type certificate (only those the list above shows can be removed).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn remove_old_store_certificate(
    state: State<'_, Session>,
    fingerprint: String,
) -> Result<Vec<StoreResult>, UiError> {
    state.remove_old_store_certificate(&fingerprint)
}
