//! Our temporary files: one prefix for every file the app writes through a temporary one (a
//! placed or backed-up certificate, an exported copy), never listed by the finder, and what a
//! killed run left behind is removed on the next write in that folder. A leaf, so the
//! certificate code and the file steps can both use it.

use std::path::Path;
use std::time::Duration;

/// Prefix of our temporary files; a leftover (from a killed process) is removed later.
pub const TEMP_PREFIX: &str = ".oces-tmp-";

/// Temporary files older than this are leftovers of a process that did not finish.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Remove our temporary files that a killed process left in `dir`.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if !name.to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
