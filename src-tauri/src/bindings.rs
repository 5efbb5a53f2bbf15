//! The TypeScript side of the window's IPC, generated from the Rust definitions into
//! `ui/src/ipc/bindings.ts`: one typed function per command (from `ipc_commands!` in lib.rs) and
//! every type those commands take or return, enums as unions of their serialised strings.
//!
//! Made with tauri-specta (on specta): it reads the `#[tauri::command]` functions themselves,
//! so the argument names, their types and the result types of the functions it writes are the
//! ones Tauri deserialises and serialises, with serde's renames and tags applied. ts-rs, the
//! other maintained choice, writes types only; the command functions would then be a second
//! hand-kept list. Both crates are dev-dependencies: only this test module uses them, so the
//! app's release build compiles neither (nor the `specta` feature of `oces-core` and `tauri`).
//!
//! The file is checked in. [`the_checked_in_bindings_are_current`] regenerates it in
//! memory and fails when the file differs; `scripts/bindings.sh` writes it anew. It is left
//! out of prettier (ui/.prettierignore) because the check compares it byte for byte with what
//! the generator writes.

/// Where the generated file lives, from this crate's folder.
const BINDINGS: &str = "../ui/src/ipc/bindings.ts";

/// The command that writes the file anew (named by the stale check).
const REGENERATE: &str = "./scripts/bindings.sh";

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

/// The names of the commands, as Tauri knows them.
macro_rules! command_names {
    (
        plain: [$($($plain:ident)::+),* $(,)?],
        generic: [$($($generic:ident)::+),* $(,)?] $(,)?
    ) => {
        [$(last_segment!($($plain)::+),)* $(last_segment!($($generic)::+),)*]
    };
}

/// `a::b::name` → `"name"`.
macro_rules! last_segment {
    ($name:ident) => {
        stringify!($name)
    };
    ($first:ident :: $($rest:ident)::+) => {
        last_segment!($($rest)::+)
    };
}

const HEADER: &str =
    "// Generated from the Rust commands and types by src-tauri/src/bindings.rs: do not edit.\n\
    // Regenerate with scripts/bindings.sh; `cargo test -p oces-wizard-window` fails while it is stale.\n\
    // Call the commands through `ipc` (./call.ts), which turns a rejection into a UiError.";

fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(ipc_commands!(specta_commands))
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
    let first_difference = fresh
        .lines()
        .zip(kept.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(fresh.lines().count().min(kept.lines().count()))
        + 1;
    assert!(
        kept == fresh,
        "ui/src/ipc/bindings.ts does not match the Rust commands and types (from line \
         {first_difference}): run {REGENERATE} (or `cargo test -p oces-wizard-window --lib -- \
         --ignored write_bindings`) and commit the result"
    );
}

#[test]
fn the_bindings_have_every_command_and_error_codes_as_a_union() {
    let ts = generated();
    // A command of each kind: plain, async, generic over the runtime, with a channel.
    for f in [
        "getStartup: () =>",
        "advance: () =>",
        "openLink: (url: string, answerId: string | null) =>",
        "probeConnection: (target: string, password: string | null, onEvent: Channel<ProbeEvent>)",
    ] {
        assert!(ts.contains(f), "{f} missing from the bindings");
    }
    // One function per command of `ipc_commands`, calling it by its Rust name.
    let names = ipc_commands!(command_names);
    assert_eq!(ts.matches("__TAURI_INVOKE<").count(), names.len());
    for name in names {
        assert!(
            ts.contains(&format!(">(\"{name}\"")),
            "no function calls {name}"
        );
    }
    // Enums reach TypeScript as unions of their serialised strings, not `string`.
    assert!(ts.contains("code: ErrorCode,"), "UiError.code is the union");
    assert!(ts.contains("\"wizard.step_incomplete\" |"));
    assert!(ts.contains("export type StepKind = "));
    // The support code's certificate fields are the certificate's own enums.
    let code_info = ts
        .split("export type CodeInfo = {")
        .nth(1)
        .and_then(|t| t.split("\n};").next())
        .expect("CodeInfo");
    // (Optional, as the fields read leniently: absent reads as none.)
    for field in [
        "kind?: Kind | null,",
        "environment?: Environment | null,",
        "generation?: Generation | null,",
    ] {
        assert!(code_info.contains(field), "CodeInfo lacks {field}");
    }
}

/// A password crosses as the string the page typed (`Password` is wrapped on arrival).
#[test]
fn a_password_is_a_string_in_typescript() {
    use specta::{Type, Types};
    assert_eq!(
        oces_core::secret::Password::definition(&mut Types::default()),
        String::definition(&mut Types::default())
    );
}

/// Writes `ui/src/ipc/bindings.ts` (run by scripts/bindings.sh).
#[test]
#[ignore = "writes ui/src/ipc/bindings.ts; run by scripts/bindings.sh"]
fn write_bindings() {
    std::fs::write(checked_in(), generated()).expect("ui/src/ipc/bindings.ts written");
}
