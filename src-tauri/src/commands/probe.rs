//! The connection test (DMS-7) and the revocation checks.

use oces_core::cert::revocation::Revocation;
use oces_core::error::UiError;
use oces_core::probe::{ProbeEvent, ProbeReport};
use oces_core::secret::Password;
use oces_core::session::probe::ProbePlan;
use oces_core::session::{Session, StepResult};
use tauri::ipc::Channel;
use tauri::State;

/// Run the connection test with the chosen certificate file; stages go to `on_event`.
/// `password`: the one typed on this screen, used as it is (an empty one is the empty
/// password); none uses the one held for the flow since the file was unlocked.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub async fn probe_connection(
    state: State<'_, Session>,
    target: String,
    password: Option<Password>,
    on_event: Channel<ProbeEvent>,
) -> Result<StepResult<ProbeReport>, UiError> {
    (state.probe_connection(&target, password, &mut |e| drop(on_event.send(e)))).await
}

/// Cancel the connection test that is running (nothing happens when none is).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn cancel_probe(state: State<'_, Session>) {
    state.cancel_probe()
}

/// The address and proxy of a test, shown before it runs.
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn probe_plan(state: State<'_, Session>, target: String) -> Result<ProbePlan, UiError> {
    state.probe_plan(&target)
}

/// Whether a certificate shown in this session is revoked (the screen never waits for it).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub async fn check_revocation(
    state: State<'_, Session>,
    fingerprint: String,
) -> Result<Revocation, UiError> {
    Ok(state.check_revocation(&fingerprint).await)
}

/// Stop the revocation checks that are running (when the screen that asked closes).
#[tauri::command]
#[cfg_attr(test, specta::specta)]
pub fn cancel_revocation(state: State<'_, Session>) {
    state.cancel_revocation()
}
