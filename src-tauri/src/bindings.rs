//! The TypeScript side of the window's IPC, generated from the Rust definitions into
//! `ui/src/ipc/bindings.ts`: one typed function per command (from [`crate::ipc_commands`]) and
//! every type those commands take or return, enums as unions of their serialised strings.
//!
//! Made with tauri-specta (on specta): it reads the `#[tauri::command]` functions themselves,
//! so the argument names, their types and the result types of the functions it writes are the
//! ones Tauri deserialises and serialises, with serde's renames and tags applied. ts-rs, the
//! other maintained choice, writes types only; the command functions would then be a second
//! hand-kept list. Both crates are dev-dependencies: only this test module uses them, so the
//! app's release build compiles neither (nor the `specta` feature of `oces-core` and `tauri`).
//!
//! The file is checked in. [`tests::the_checked_in_bindings_are_current`] regenerates it in
//! memory and fails when the file differs; `scripts/bindings.sh` writes it anew. It is left
//! out of prettier (ui/.prettierignore) because the check compares it byte for byte with what
//! the generator writes.

/// Where the generated file lives, from this crate's folder.
#[cfg(test)]
const BINDINGS: &str = "../ui/src/ipc/bindings.ts";

/// The command that writes the file anew (named by the stale check).
#[cfg(test)]
const REGENERATE: &str = "scripts/bindings.sh";

#[cfg(test)]
mod tests {
    use super::{BINDINGS, REGENERATE};
    use crate::commands;
    use specta_typescript::Typescript;
    use tauri_specta::{collect_commands, Builder, ErrorHandlingMode};

    /// The commands for tauri-specta (generic ones on the real runtime).
    macro_rules! specta_commands {
        (
            plain: [$($($plain:ident)::+),* $(,)?],
            generic: [$($($generic:ident)::+),* $(,)?] $(,)?
        ) => {
            collect_commands![
                $(commands::$($plain)::+,)*
                $(commands::$($generic)::+::<tauri::Wry>,)*
            ]
        };
    }

    const HEADER: &str = "// Generated from the Rust commands and types by src-tauri/src/bindings.rs: do not edit.\n\
        // Regenerate with scripts/bindings.sh; `cargo test -p oces-wizard` fails while it is stale.\n\
        // Call the commands through `ipc` (./call.ts), which turns a rejection into a UiError.";

    fn builder() -> Builder<tauri::Wry> {
        Builder::<tauri::Wry>::new()
            .commands(crate::ipc_commands!(specta_commands))
            // A rejected call stays a rejection: ./call.ts handles it as every call before.
            .error_handling(ErrorHandlingMode::Throw)
            // The 64-bit integers that cross are milliseconds, file sizes, seconds since 1970
            // and iteration counts, all far below 2^53: a JavaScript number holds them exactly
            // (JSON.parse makes them numbers anyway).
            .dangerously_cast_bigints_to_number()
            .disable_serde_phases()
    }

    /// The bindings as the generator writes them.
    fn generated() -> String {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("bindings.ts");
        builder()
            .export(Typescript::default().header(HEADER), &path)
            .expect("the bindings can be generated");
        std::fs::read_to_string(&path).expect("the generated bindings")
    }

    fn checked_in() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS)
    }

    #[test]
    fn the_checked_in_bindings_are_current() {
        let fresh = generated();
        let kept = std::fs::read_to_string(checked_in()).unwrap_or_default();
        assert!(
            kept == fresh,
            "ui/src/ipc/bindings.ts does not match the Rust commands and types: \
             run {REGENERATE} (or `cargo test -p oces-wizard --lib -- --ignored write_bindings`) \
             and commit the result"
        );
    }

    /// Writes `ui/src/ipc/bindings.ts` (run by scripts/bindings.sh).
    #[test]
    #[ignore = "writes ui/src/ipc/bindings.ts; run by scripts/bindings.sh"]
    fn write_bindings() {
        std::fs::write(checked_in(), generated()).expect("ui/src/ipc/bindings.ts written");
    }
}
