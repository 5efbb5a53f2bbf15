//! `oces-core`: everything oces-wizard knows and does, without any window.
//!
//! The app shell (`src-tauri`) and the command line are thin layers over this crate, so every
//! rule here is testable without a display: the window's commands forward to [`session`], one
//! method per use case, and the command line calls the same methods where it does the same.
//! This crate must never depend on Tauri (checked in CI with `cargo tree`).
// The workspace denies unsafe code (the window allows it in one module); here it stays out.
#![forbid(unsafe_code)]

pub mod budget;
pub mod cert;
pub mod cert_stores;
pub mod error;
pub mod files;
pub mod flow;
pub mod flow_facts;
pub mod flow_findings;
pub mod guide_link;
pub mod handover;
pub mod i18n;
pub mod ids;
pub mod inventory;
/// The window only (feature `keychain`); the command line is built without it.
#[cfg(feature = "keychain")]
pub mod keychain;
pub mod letters;
pub mod limits;
pub mod link;
pub mod logging;
pub mod paths;
pub mod platform;
pub mod policy;
pub mod probe;
pub mod saved_state;
pub mod secret;
pub mod session;
pub mod support;
pub mod temp;
pub mod text;
pub mod wizard;

#[cfg(test)]
mod locale_check;
#[cfg(test)]
mod module_check;
