//! Saving and loading the app's own small files: progress and settings.
//!
//! Writes are atomic (a temporary file in the same folder, flushed to disk, then renamed over the
//! old one), so a crash leaves either the old or the new file, never half of one. A file that
//! cannot be read back (damaged, or written by something else) is never deleted: at the
//! window's start-up ([`load_progress`], [`load_settings`]) it is renamed to
//! `<name>.damaged-<unix time>.json` and the app starts clean, telling the user. The read-only
//! commands ([`read_progress`], [`read_settings`]) never rename anything. A progress file
//! written by a **newer** version of the app is never set aside: it is left as it is and
//! reported as [`Loaded::newer`], and the window does not save over it.
//! Nothing secret is ever stored here; [`crate::wizard::WizardState`] has no field for it.

use crate::error::{Coded, ErrorCode};
use crate::i18n::Lang;
use crate::paths::AppPaths;
use crate::wizard::WizardState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A failure to write one of the app's files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data folder could not be created.
    #[error("failed to create the app-data folder `{}`", dir.display())]
    DataDir {
        /// The folder.
        dir: PathBuf,
        /// The OS error (for the log).
        #[source]
        source: std::io::Error,
    },
    /// The progress file could not be written.
    #[error("failed to save progress to `{}`", file.display())]
    ProgressWrite {
        /// The file.
        file: PathBuf,
        /// The OS error (for the log).
        #[source]
        source: std::io::Error,
    },
    /// The progress file on disk is from a newer version of the app: not saved over.
    #[error("the progress in `{}` is from a newer version of the app; not saved over", file.display())]
    ProgressNewer {
        /// The file.
        file: PathBuf,
    },
    /// The settings file could not be written.
    #[error("failed to save settings to `{}`", file.display())]
    SettingsWrite {
        /// The file.
        file: PathBuf,
        /// The OS error (for the log).
        #[source]
        source: std::io::Error,
    },
}

impl Coded for StoreError {
    fn code(&self) -> ErrorCode {
        match self {
            StoreError::DataDir { .. } => ErrorCode::DataDir,
            StoreError::ProgressWrite { .. } => ErrorCode::ProgressWrite,
            StoreError::ProgressNewer { .. } => ErrorCode::ProgressNewer,
            StoreError::SettingsWrite { .. } => ErrorCode::SettingsWrite,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        let path = match self {
            StoreError::DataDir { dir, .. } => dir,
            StoreError::ProgressWrite { file, .. }
            | StoreError::ProgressNewer { file }
            | StoreError::SettingsWrite { file, .. } => file,
        };
        BTreeMap::from([("path", path.display().to_string())])
    }
}

/// Write `bytes` to `path` atomically: temp file in the same folder, fsync, rename.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    crate::files::place::remove_stale_temp_files(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(crate::files::place::TEMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
        dir: dir.to_path_buf(),
        source,
    })
}

/// What loading a file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded<T> {
    /// The value (the default when there was no usable file).
    pub value: T,
    /// Set when a damaged file was renamed aside: its new file name.
    pub set_aside: Option<String>,
    /// The file was written by a newer version of the app: not used, left as it is.
    pub newer: bool,
    /// The file could not be read (damaged) and was left as it is (read-only loading).
    pub unreadable: bool,
}

/// What is on disk.
enum OnDisk<T> {
    Missing,
    Value(T),
    Newer,
    Unreadable,
}

/// The newest progress format this version writes.
pub const PROGRESS_VERSION: u64 = 1;

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path, newest: Option<u64>) -> OnDisk<T> {
    use crate::limits::{read_file, ReadError, MAX_STATE_FILE};
    let bytes = match read_file(path, MAX_STATE_FILE) {
        Ok(b) => b,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return OnDisk::Missing
        }
        Err(_) => return OnDisk::Unreadable,
    };
    // A newer format is recognised by its version number before anything else is read.
    if newest.is_some_and(|newest| newer_than(&bytes, newest)) {
        return OnDisk::Newer;
    }
    match serde_json::from_slice::<T>(&bytes) {
        Ok(v) => OnDisk::Value(v),
        Err(_) => OnDisk::Unreadable,
    }
}

/// Whether `bytes` are a JSON object whose format `version` is above `newest`.
fn newer_than(bytes: &[u8], newest: u64) -> bool {
    /// Only the version: the rest of a newer file is not this version's to read.
    #[derive(Deserialize)]
    struct Versioned {
        version: Option<u64>,
    }
    serde_json::from_slice::<Versioned>(bytes)
        .ok()
        .and_then(|v| v.version)
        .is_some_and(|v| v > newest)
}

/// `set_aside_damaged`: rename an unreadable file (start-up) or leave it (read-only commands).
fn load_json<T: for<'de> Deserialize<'de> + Default>(
    path: &Path,
    newest: Option<u64>,
    set_aside_damaged: bool,
) -> Loaded<T> {
    let mut out = Loaded {
        value: T::default(),
        set_aside: None,
        newer: false,
        unreadable: false,
    };
    match read_json(path, newest) {
        OnDisk::Missing => {}
        OnDisk::Value(v) => out.value = v,
        OnDisk::Newer => out.newer = true,
        OnDisk::Unreadable if set_aside_damaged => out.set_aside = set_aside(path),
        OnDisk::Unreadable => out.unreadable = true,
    }
    out
}

/// Rename a damaged file next to itself; returns the new name, or None if even that failed.
fn set_aside(path: &Path) -> Option<String> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stem = path.file_stem()?.to_string_lossy().to_string();
    for n in 0..100u32 {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let name = format!("{stem}.damaged-{stamp}{suffix}.json");
        let target = path.with_file_name(&name);
        if target.exists() {
            continue;
        }
        return std::fs::rename(path, &target).ok().map(|_| name);
    }
    None
}

/// Load the saved progress at the window's start-up; a damaged file is set aside and a fresh
/// state returned; a newer version's file is left alone ([`Loaded::newer`]).
pub fn load_progress(paths: &AppPaths) -> Loaded<WizardState> {
    let mut loaded: Loaded<WizardState> =
        load_json(&paths.progress_file(), Some(PROGRESS_VERSION), true);
    loaded.value.sanitize();
    loaded
}

/// Read the saved progress without changing anything on disk (`oces-wizard report`).
pub fn read_progress(paths: &AppPaths) -> Loaded<WizardState> {
    let mut loaded: Loaded<WizardState> =
        load_json(&paths.progress_file(), Some(PROGRESS_VERSION), false);
    loaded.value.sanitize();
    loaded
}

/// Save the progress atomically; never over a newer version's progress (one that appeared
/// after this version's start: the session does not save at all over one found at the start).
pub fn save_progress(paths: &AppPaths, state: &WizardState) -> Result<(), StoreError> {
    ensure_dir(&paths.data_dir)?;
    let file = paths.progress_file();
    if matches!(
        read_json::<serde::de::IgnoredAny>(&file, Some(PROGRESS_VERSION)),
        OnDisk::Newer
    ) {
        return Err(StoreError::ProgressNewer { file });
    }
    let json = serde_json::to_vec_pretty(state).unwrap_or_default();
    atomic_write(&file, &json).map_err(|source| StoreError::ProgressWrite { file, source })
}

/// The user's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The language the user chose; None until they choose. A language this version does
    /// not know (written by a newer one) reads as None instead of making the file unreadable.
    #[serde(default, deserialize_with = "known_language")]
    pub language: Option<Lang>,
}

fn known_language<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(v.and_then(|v| serde_json::from_value(v).ok()))
}

/// Load the settings at start-up; a damaged file is set aside.
pub fn load_settings(paths: &AppPaths) -> Loaded<Settings> {
    load_json(&paths.settings_file(), None, true)
}

/// Read the settings without changing anything on disk.
pub fn read_settings(paths: &AppPaths) -> Loaded<Settings> {
    load_json(&paths.settings_file(), None, false)
}

/// Save the settings atomically.
pub fn save_settings(paths: &AppPaths, settings: &Settings) -> Result<(), StoreError> {
    ensure_dir(&paths.data_dir)?;
    let file = paths.settings_file();
    let json = serde_json::to_vec_pretty(settings).unwrap_or_default();
    atomic_write(&file, &json).map_err(|source| StoreError::SettingsWrite { file, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Answer;
    use crate::flow::FlowId;

    /// The data folder holds the progress file and nothing else (no temporary file).
    fn assert_only_progress_file(paths: &AppPaths) {
        let names: Vec<_> = std::fs::read_dir(&paths.data_dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            names,
            vec!["progress.json"],
            "no temporary file left behind"
        );
    }

    fn temp() -> (tempfile::TempDir, AppPaths) {
        let d = tempfile::tempdir().expect("tempdir");
        let p = AppPaths::in_dir(d.path().join("data"));
        (d, p)
    }

    #[test]
    fn progress_round_trip() {
        let (_d, paths) = temp();
        assert_eq!(load_progress(&paths).value, WizardState::default());
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        w.set_answer("dms_env", Answer::Text("test".into()))
            .expect("answer");
        save_progress(&paths, &w).expect("save");
        let back = load_progress(&paths);
        // All but the page on screen, which is not saved (the next start opens the step as
        // when it is entered).
        let mut saved = w.clone();
        for p in saved.flows.values_mut() {
            p.page = None;
        }
        assert_eq!(back.value, saved);
        assert_eq!(back.set_aside, None);
        assert_only_progress_file(&paths);
    }

    /// Issue 26: after a restart DMS-6 shows the gateway password as kept, from the saved
    /// progress alone: the view carries the kept gateway user (the note made once the keychain
    /// read the password back), and nothing of the password, which the file never holds.
    #[test]
    fn a_kept_gateway_password_is_known_after_a_restart() {
        let (_d, paths) = temp();
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Dms);
        let user = "CVR_25313763_UR_175a859d-ed76-45af-828f-3a69691a7157";
        w.update_facts(|f| f.credentials = Some(user.into()));
        save_progress(&paths, &w).expect("save");
        let back = load_progress(&paths).value;
        let view = back.view();
        assert_eq!(view.facts.credentials.as_deref(), Some(user));
        assert_eq!(view.gateway_user.as_deref(), Some(user));
        let file = std::fs::read_to_string(paths.progress_file()).expect("progress file");
        assert!(file.contains(user), "{file}");
    }

    /// A progress file as the versions before the typed fields wrote it (certificate kind,
    /// environment, generation and each store's kind as plain strings) still loads with
    /// the same names; a value this version does not know reads as unknown instead of setting
    /// the whole file aside.
    #[test]
    fn an_old_progress_file_with_plain_string_fields_still_loads() {
        use crate::cert::identify::{Environment, Generation, Kind};
        use crate::cert_stores::StoreKind;
        let old = |generation: &str, environment: &str, kind: &str, store: &str| {
            format!(
                r#"{{"version": 1, "active": "dms", "flows": {{"dms": {{"current": "DMS-4",
                "completed": {{}}, "answers": {{}}, "facts": {{
                "certificate": {{"common_name": "Test System", "organisation": null,
                  "issuer": null, "not_after": "2028-01-01T00:00:00Z", "fingerprint": "ab:cd",
                  "generation": "{generation}", "environment": "{environment}",
                  "kind": "{kind}", "cvr": "12345678", "id_type": "UUID", "id": null,
                  "gateway_user": null, "private_key": true}},
                "installed": {{"fingerprint": "ab:cd", "at": "2026-11-22T10:00:00Z",
                  "results": [{{"store": "Firefox", "kind": "{store}", "outcome": "installed",
                  "code": null, "detail": null}}]}}}}}}}}, "recent_errors": []}}"#
            )
        };
        let (_d, paths) = temp();
        std::fs::create_dir_all(&paths.data_dir).expect("mkdir");
        let read = |text: String| {
            std::fs::write(paths.progress_file(), text).expect("write");
            let loaded = load_progress(&paths);
            assert_eq!(loaded.set_aside, None, "read, not set aside");
            let facts = loaded.value.flows[&FlowId::Dms].facts.clone();
            let c = facts.certificate.expect("certificate");
            let store = facts.installed.expect("installed").results[0].kind;
            (c.generation, c.environment, c.kind, store)
        };
        for (saved, wanted) in [
            (
                ["oces3", "test", "system", "nss"],
                (
                    Generation::Oces3,
                    Environment::Test,
                    Some(Kind::System),
                    StoreKind::Nss,
                ),
            ),
            (
                ["oces2", "production", "employee", "windows"],
                (
                    Generation::Oces2,
                    Environment::Production,
                    Some(Kind::Employee),
                    StoreKind::Windows,
                ),
            ),
            // Values this version does not know (a newer version's file).
            (
                ["oces9", "staging", "robot", "keyring"],
                (
                    Generation::None,
                    Environment::Unknown,
                    None,
                    StoreKind::Other,
                ),
            ),
        ] {
            let [g, e, k, store] = saved;
            assert_eq!(read(old(g, e, k, store)), wanted, "{saved:?}");
        }
        // Written back with the same names as before.
        let loaded = load_progress(&paths).value;
        let mut w = loaded.clone();
        w.update_facts(|f| {
            let c = f.certificate.as_mut().expect("certificate");
            (c.generation, c.environment, c.kind) = (
                Generation::Oces1,
                Environment::Production,
                Some(Kind::Organisation),
            );
            f.installed.as_mut().expect("installed").results[0].kind = StoreKind::Macos;
        });
        let json = serde_json::to_value(&w).expect("json");
        let facts = &json["flows"]["dms"]["facts"];
        assert_eq!(facts["certificate"]["generation"], "oces1");
        assert_eq!(facts["certificate"]["environment"], "production");
        assert_eq!(facts["certificate"]["kind"], "organisation");
        assert_eq!(facts["installed"]["results"][0]["kind"], "macos");
    }

    #[test]
    fn damaged_progress_is_set_aside_not_deleted() {
        let (_d, paths) = temp();
        std::fs::create_dir_all(&paths.data_dir).expect("mkdir");
        std::fs::write(paths.progress_file(), b"{ this is not json").expect("write");
        let loaded = load_progress(&paths);
        assert_eq!(loaded.value, WizardState::default());
        let name = loaded.set_aside.expect("a notice names the set-aside file");
        assert!(name.starts_with("progress.damaged-") && name.ends_with(".json"));
        assert_eq!(
            std::fs::read(paths.data_dir.join(&name)).expect("kept"),
            b"{ this is not json",
            "the damaged file is kept byte for byte"
        );
        assert!(!paths.progress_file().exists());
        // A second damaged file in the same second gets its own name.
        std::fs::write(paths.progress_file(), b"[]").expect("write");
        let again = load_progress(&paths).set_aside.expect("set aside");
        assert_ne!(again, name);
    }

    /// A huge sparse progress file (it claims 4 GiB) is not read into memory: at start-up it is
    /// set aside like any unreadable one, and read-only it is reported unreadable.
    #[test]
    fn a_huge_sparse_progress_file_is_not_read() {
        let (_d, paths) = temp();
        std::fs::create_dir_all(&paths.data_dir).expect("mkdir");
        let f = std::fs::File::create(paths.progress_file()).expect("create");
        f.set_len(4 << 30).expect("sparse");
        drop(f);
        assert!(read_progress(&paths).unreadable);
        let loaded = load_progress(&paths);
        assert_eq!(loaded.value, WizardState::default());
        assert!(loaded.set_aside.is_some());
    }

    /// The read-only loaders leave a damaged file where it is, byte for byte.
    #[test]
    fn reading_never_sets_aside() {
        let (_d, paths) = temp();
        std::fs::create_dir_all(&paths.data_dir).expect("mkdir");
        std::fs::write(paths.progress_file(), b"{ damaged").expect("write");
        std::fs::write(paths.settings_file(), b"[1, 2").expect("write");
        let p = read_progress(&paths);
        let s = read_settings(&paths);
        assert!(p.unreadable && s.unreadable);
        assert_eq!((p.set_aside, s.set_aside), (None, None));
        assert_eq!(
            std::fs::read(paths.progress_file()).expect("kept"),
            b"{ damaged"
        );
        assert_eq!(
            std::fs::read(paths.settings_file()).expect("kept"),
            b"[1, 2"
        );
    }

    /// A valid file from a newer version (a higher format version, fields and values this
    /// version does not know) is neither used nor set aside, at start-up or read-only.
    #[test]
    fn a_newer_versions_file_is_left_alone() {
        let (_d, paths) = temp();
        std::fs::create_dir_all(&paths.data_dir).expect("mkdir");
        let newer = br#"{"version": 2, "active": "teleport", "flows": {}, "new_field": true}"#;
        std::fs::write(paths.progress_file(), newer).expect("write");
        std::fs::write(
            paths.settings_file(),
            br#"{"language": "de", "theme": "dark"}"#,
        )
        .expect("write");
        for loaded in [load_progress(&paths), read_progress(&paths)] {
            assert!(loaded.newer);
            assert_eq!(loaded.set_aside, None);
            assert_eq!(loaded.value, WizardState::default());
        }
        let s = load_settings(&paths);
        assert_eq!((s.value.language, s.set_aside), (None, None));
        assert_eq!(std::fs::read(paths.progress_file()).expect("kept"), newer);
        assert_eq!(
            std::fs::read_dir(&paths.data_dir).expect("dir").count(),
            2,
            "nothing renamed"
        );
    }

    /// A newer version's progress file that appears while this version runs (or that a
    /// session saves over regardless) is never replaced: the save fails, saying why, and the
    /// file keeps its bytes. An older or equal version's file is saved over as always.
    #[test]
    fn a_newer_versions_progress_is_never_saved_over() {
        let (_d, paths) = temp();
        std::fs::create_dir_all(&paths.data_dir).expect("mkdir");
        let newer = br#"{"version": 2, "active": "teleport", "flows": {}}"#;
        std::fs::write(paths.progress_file(), newer).expect("write");
        let mut w = WizardState::default();
        w.choose_flow(FlowId::Cug);
        let e = save_progress(&paths, &w).expect_err("not saved over");
        assert_eq!(std::fs::read(paths.progress_file()).expect("kept"), newer);
        assert_eq!(e.code(), ErrorCode::ProgressNewer);
        assert_only_progress_file(&paths);
        std::fs::write(paths.progress_file(), br#"{"version": 1, "flows": {}}"#).expect("write");
        save_progress(&paths, &w).expect("an older file is saved over");
        assert_eq!(load_progress(&paths).value.active, FlowId::Cug);
    }

    #[test]
    fn settings_round_trip_and_missing_file() {
        let (_d, paths) = temp();
        assert_eq!(load_settings(&paths).value.language, None);
        save_settings(
            &paths,
            &Settings {
                language: Some(Lang::En),
            },
        )
        .expect("save");
        assert_eq!(load_settings(&paths).value.language, Some(Lang::En));
    }

    #[test]
    fn unwritable_target_gives_a_coded_error_and_keeps_nothing() {
        // A folder where the progress file should be: the rename fails for root too.
        let (_d, paths) = temp();
        std::fs::create_dir_all(paths.progress_file()).expect("mkdir");
        let err = save_progress(&paths, &WizardState::default()).expect_err("blocked");
        assert_eq!(err.code(), ErrorCode::ProgressWrite);
        assert!(err.params()["path"].ends_with("progress.json"));
        assert_only_progress_file(&paths);
        // And a data folder that is a file: a coded error too.
        let (_d2, p2) = temp();
        std::fs::write(&p2.data_dir, b"not a folder").expect("write");
        let err = save_settings(&p2, &Settings::default()).expect_err("blocked");
        assert_eq!(err.code(), ErrorCode::DataDir);
    }
}
