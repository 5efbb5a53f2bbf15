//! One name per program: a package's binary and library carry the package's own name, so
//! `cargo build -p X`, `target/…/X`, `CARGO_BIN_EXE_X` and the installed `X.exe` all say the
//! same thing. The two programs are the window (`src-tauri/`, `oces-wizard-window`) and the
//! command line (`src-tauri/launcher/`, `oces-wizard`, the command users and IT type). Reads
//! every workspace member's Cargo.toml, embedded at build time (so the check also runs in the
//! Windows test build under Wine, which has no cargo to ask).
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The workspace's Cargo.toml.
const WORKSPACE: &str = include_str!("../../../Cargo.toml");

/// Every workspace member: its folder (as the workspace lists it) and its Cargo.toml.
const MEMBERS: &[(&str, &str)] = &[
    ("src-tauri/core", include_str!("../../core/Cargo.toml")),
    ("src-tauri", include_str!("../../Cargo.toml")),
    ("src-tauri/launcher", include_str!("../Cargo.toml")),
    ("src-tauri/winkey", include_str!("../../winkey/Cargo.toml")),
    ("tests", include_str!("../../../tests/Cargo.toml")),
    (
        "tests/testkit",
        include_str!("../../../tests/testkit/Cargo.toml"),
    ),
    (
        "bench/empty-window",
        include_str!("../../../bench/empty-window/Cargo.toml"),
    ),
];

/// The two programs: folder, package name (= binary name). The installers ship these file
/// names (`oces-wizard.exe` beside `oces-wizard-window.exe`, `/usr/bin/oces-wizard`).
const PROGRAMS: &[(&str, &str)] = &[
    ("src-tauri", "oces-wizard-window"),
    ("src-tauri/launcher", "oces-wizard"),
];

/// The names a Cargo.toml gives: the package's, the library's (when set) and each binary's
/// (when set; a binary or library without a `name` takes the package's).
#[derive(Debug, Default)]
struct Names {
    package: String,
    lib: Option<String>,
    bins: Vec<Option<String>>,
}

/// Reads the `[package]`, `[lib]` and `[[bin]]` names of a Cargo.toml (the simple form this
/// workspace writes: one `name = "…"` line per section).
fn names(manifest: &str) -> Names {
    let mut out = Names::default();
    let mut section = String::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.to_string();
            if section == "[[bin]]" {
                out.bins.push(None);
            }
            continue;
        }
        let Some(value) = line
            .strip_prefix("name")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('='))
            .map(|r| r.trim().trim_matches('"').to_string())
        else {
            continue;
        };
        match section.as_str() {
            "[package]" => out.package = value,
            "[lib]" => out.lib = Some(value),
            "[[bin]]" => {
                if let Some(last) = out.bins.last_mut() {
                    *last = Some(value);
                }
            }
            _ => {}
        }
    }
    out
}

/// Each name of a package that differs from the package's own: a binary named otherwise, a
/// library named otherwise than the package with `_` for `-`.
fn second_names(n: &Names) -> Vec<String> {
    let mut out = Vec::new();
    for bin in n.bins.iter().flatten() {
        if *bin != n.package {
            out.push(format!("binary `{bin}` of package `{}`", n.package));
        }
    }
    if let Some(lib) = &n.lib {
        if *lib != n.package.replace('-', "_") {
            out.push(format!("library `{lib}` of package `{}`", n.package));
        }
    }
    out
}

/// The folders the workspace's `members = [...]` lists.
fn workspace_members() -> Vec<String> {
    let line = WORKSPACE
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .expect("the workspace lists its members on one line");
    line.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_member_is_checked() {
    let mut listed = workspace_members();
    let mut read: Vec<String> = MEMBERS.iter().map(|(dir, _)| dir.to_string()).collect();
    listed.sort();
    read.sort();
    assert_eq!(
        listed, read,
        "a workspace member was added or removed: update MEMBERS in this test"
    );
}

#[test]
fn no_package_gives_its_binary_or_library_a_second_name() {
    let bad: Vec<String> = MEMBERS
        .iter()
        .flat_map(|(dir, text)| {
            let n = names(text);
            assert!(!n.package.is_empty(), "{dir}/Cargo.toml: no package name");
            second_names(&n)
                .into_iter()
                .map(move |s| format!("{dir}: {s}"))
        })
        .collect();
    assert!(bad.is_empty(), "second names:\n{}", bad.join("\n"));
}

#[test]
fn each_program_is_its_package_and_its_binary() {
    for (dir, name) in PROGRAMS {
        let (_, text) = MEMBERS.iter().find(|(d, _)| d == dir).unwrap();
        let n = names(text);
        assert_eq!(n.package, *name, "{dir}: the package");
        // Exactly one binary, by the package's name (set, or taken from the package).
        assert_eq!(n.bins.len(), 1, "{dir}: one [[bin]] section");
        let bin = n.bins[0].clone().unwrap_or_else(|| n.package.clone());
        assert_eq!(bin, *name, "{dir}: the binary");
    }
}

#[test]
fn the_check_sees_a_second_name() {
    // The names before they were made one: the command line's package was `oces-wizard-cli`
    // with the binary `oces-wizard`, the window's library `oces_wizard_lib`.
    let cli = names(
        "[package]\nname = \"oces-wizard-cli\"\nversion = \"1\"\n\n[[bin]]\nname = \"oces-wizard\"\npath = \"src/main.rs\"\n\n[dependencies]\nname = \"not a target\"\n",
    );
    assert_eq!(cli.package, "oces-wizard-cli");
    assert_eq!(second_names(&cli).len(), 1, "{cli:?}");
    let window = names(
        "[package]\nname = \"oces-wizard\"\n[lib]\nname = \"oces_wizard_lib\"\n[[bin]]\nname = \"oces-wizard-window\"\n",
    );
    assert_eq!(second_names(&window).len(), 2, "{window:?}");
    let one = names(
        "[package]\nname = \"oces-wizard-window\"\n[lib]\nname = \"oces_wizard_window\"\n[[bin]]\nname = \"oces-wizard-window\"\n",
    );
    assert!(second_names(&one).is_empty(), "{one:?}");
    // A binary or library without a name takes the package's.
    let implicit = names(
        "[package]\nname = \"a-b\"\n[lib]\ncrate-type = [\"rlib\"]\n[[bin]]\npath = \"x.rs\"\n",
    );
    assert!(second_names(&implicit).is_empty(), "{implicit:?}");
}
