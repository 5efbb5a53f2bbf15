//! `oces-wizard`: the command line for support desks and scripts, and the way into the window.
//!
//! Subcommands (`inspect`, `export`, `--help`, `--version`) run here, in a binary that links
//! only `oces-core`. Without a subcommand the window opens: this process replaces itself with
//! `oces-wizard-window` from the same folder (on Windows, which has no exec, it starts it and
//! passes its exit status on). `OCES_WIZARD_WINDOW` names another window binary (tests).
// The workspace denies unsafe code (the window allows it in one module); here it stays out.
#![forbid(unsafe_code)]

#[macro_use]
mod common;
mod cli;
mod inventory;
mod link;
mod policy;
mod probe;
mod texts;

use std::path::PathBuf;
use std::process::Command;

/// The static Linux build's allocator (see Cargo.toml).
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// Environment variable that overrides where the window binary is.
const WINDOW_ENV: &str = "OCES_WIZARD_WINDOW";

fn window_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(WINDOW_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let name = format!("oces-wizard-window{}", std::env::consts::EXE_SUFFIX);
    let candidate = exe.parent()?.join(name);
    candidate.exists().then_some(candidate)
}

fn open_window() -> i32 {
    let Some(bin) = window_binary() else {
        eprintln_quiet!(
            "oces-wizard: the window program (oces-wizard-window) was not found next to this one; \
             reinstall oces-wizard, or build it with `cargo build -p oces-wizard-window`."
        );
        return 1;
    };
    let mut cmd = Command::new(&bin);
    cmd.args(std::env::args_os().skip(1));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = cmd.exec(); // only returns on failure
        eprintln_quiet!("oces-wizard: could not start {}: {err}", bin.display());
        1
    }
    #[cfg(not(unix))]
    {
        match cmd.status() {
            Ok(s) => s.code().unwrap_or(1),
            Err(err) => {
                eprintln_quiet!("oces-wizard: could not start {}: {err}", bin.display());
                1
            }
        }
    }
}

fn main() {
    // Subcommands append their errors to the window's log (only where the app-data folder
    // exists); the window, once started, keeps its own.
    oces_core::logging::init(
        oces_core::paths::AppPaths::from_env()
            .as_ref()
            .map(|p| p.data_dir.as_path()),
        oces_core::logging::Program::Cli,
    );
    let code = match cli::parse() {
        cli::Action::Window => open_window(),
        cli::Action::Exit(code) => code,
    };
    std::process::exit(code);
}
