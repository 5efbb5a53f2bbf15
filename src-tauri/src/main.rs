//! The window binary `oces-wizard-window`: everything is in the library (`oces_wizard_window::run`).
// Keep a console window away from Windows users in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(oces_wizard_window::run());
}
