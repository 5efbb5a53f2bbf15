//! The command line of the same binary, for support desks and scripts.
//!
//! Without arguments the window opens. `--help` and `--version` answer on the terminal.
//! Subcommands (`inspect`, `probe`, `report`, `explain`) arrive with later features.

use clap::Parser;

/// What `main` should do.
pub enum Action {
    /// Open the window.
    Window,
    /// Exit with this code (the command line has answered).
    Exit(i32),
}

#[derive(Parser, Debug)]
#[command(
    name = "oces-wizard",
    version,
    about = "Sets up Danish business certificates step by step (DKMAnet, UFST DMS Import, STIL).",
    long_about = "Sets up Danish business certificates step by step: DKMAnet CUG certificates, \
UFST customs DMS Import (system-to-system) and STIL Integrationsplatformen.\n\n\
Run without arguments to open the window.",
    after_help = "Environment:\n  OCES_WIZARD_DATA_DIR  folder for progress and settings (default: the OS app-data folder)"
)]
struct Cli {
    /// Passed by WebKit's WebDriver when the window is driven by end-to-end tests.
    #[arg(long, hide = true)]
    automation: bool,
}

/// Parse the process arguments.
pub fn parse() -> Action {
    match Cli::try_parse() {
        Ok(_) => Action::Window,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            Action::Exit(code)
        }
    }
}
