//! The file steps: inspect, find, choose, unlock, place, back up, archive, reveal.

use super::Opener;
use oces_core::cert::export::{Exported, Profile};
use oces_core::cert::Inspection;
use oces_core::error::UiError;
use oces_core::files::{archive, backup, find, place};
use oces_core::secret::Password;
use oces_core::session::files::Unlocked;
use oces_core::session::{Session, StepResult, Updated};
use tauri::{AppHandle, Runtime, State};

/// Open and explain a certificate file the user picked, dropped or typed (off the main thread).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn inspect_file(
    state: State<'_, Session>,
    path: String,
    password: Option<Password>,
) -> Result<Inspection, UiError> {
    state.inspect_file(&path, password.as_ref())
}

/// Write a copy of a PKCS#12 file with other encryption.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn export_copy(
    state: State<'_, Session>,
    path: String,
    password: Password,
    profile: Profile,
    target: String,
) -> Result<Exported, UiError> {
    state.export_copy(&path, &password, profile, &target)
}

/// Certificate files in the user's folders, newest first, and whether the search stopped early
/// (the window then says the list is not complete).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn find_files(state: State<'_, Session>) -> Result<find::Search, UiError> {
    state.find_files()
}

/// The user chose a file (from the list, by browsing, dropping or typing its path).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn choose_file(state: State<'_, Session>, path: String) -> Result<Updated, UiError> {
    state.choose_file(&path)
}

/// Unlock the chosen file with its password and record what it is.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn unlock_file(
    state: State<'_, Session>,
    password: Option<Password>,
) -> Result<StepResult<Unlocked>, UiError> {
    state.unlock_file(password)
}

/// Put the chosen file in `~/.oces` (copy or move, optionally under a new name).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn place_file(
    state: State<'_, Session>,
    name: Option<String>,
    mode: place::Mode,
) -> Result<StepResult<place::Placed>, UiError> {
    state.place_file(name.as_deref(), mode)
}

/// Make the verified backup copy in a folder the user chose.
/// `password`: the one typed on this screen, used as it is (an empty one is the empty
/// password); none uses the one held for the flow since the file was unlocked.
/// `same_disk_ok`: the user said to use a folder on the same disk as the certificate anyway
/// (a temporary folder is refused whatever it says).
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn backup_file(
    state: State<'_, Session>,
    dir: String,
    password: Option<Password>,
    same_disk_ok: bool,
) -> Result<StepResult<backup::Backup>, UiError> {
    state.backup_file(&dir, password, same_disk_ok)
}

/// The certificate files in `~/.oces`, with which are old.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn list_old_certificates(
    state: State<'_, Session>,
) -> Result<Vec<archive::OcesEntry>, UiError> {
    state.list_old_certificates()
}

/// Move the chosen old certificates to `~/.oces/archive/<date>/`.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn archive_files(state: State<'_, Session>, paths: Vec<String>) -> Result<Updated, UiError> {
    state.archive_files(&paths)
}

/// Move the last archived files back.
#[tauri::command(async)]
#[cfg_attr(test, specta::specta)]
pub fn undo_archive(state: State<'_, Session>) -> Result<Updated, UiError> {
    state.undo_archive()
}

/// Show the placed file or the backup in the file manager.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn reveal<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, Session>,
    which: String,
) -> Result<(), UiError> {
    state.reveal(&Opener(&app), &which)
}
