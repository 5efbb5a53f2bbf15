//! The command line of the real binary: help, version, and a clear refusal of unknown input.
#![allow(clippy::expect_used)] // test code: a failed expectation is the report

use std::process::Command;

/// The app-data folder of the runs that name none: one that does not exist, so the command
/// line writes no log there (and never into a developer's real one).
fn no_data_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-no-data-dir")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(args)
        .env("OCES_WIZARD_DATA_DIR", no_data_dir())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_describes_the_app_and_exits_0() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: oces-wizard"), "{out}");
    assert!(out.contains("DKMAnet"), "says what the app is for: {out}");
    assert!(
        out.contains("OCES_WIZARD_DATA_DIR"),
        "documents the data folder: {out}"
    );
}

#[test]
fn version_prints_the_crate_version() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("oces-wizard {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_arguments_are_refused_with_usage() {
    let (code, out, err) = run(&["--frobnicate"]);
    assert_eq!(code, 2, "usage errors exit 2");
    assert!(out.is_empty());
    assert!(err.contains("unexpected argument '--frobnicate'"), "{err}");
    assert!(err.contains("--help"), "points to --help: {err}");
}

#[cfg(unix)]
#[test]
fn without_a_subcommand_the_window_program_takes_over() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = dir.path().join("fake-window");
    std::fs::write(&fake, "#!/bin/sh\necho \"window $$ $*\"\n").expect("write");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let child = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .arg("--automation")
        .env("OCES_WIZARD_WINDOW", &fake)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let pid = child.id();
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("window {pid} --automation"),
        "the same process (exec) with the arguments passed on"
    );
}

#[test]
fn a_missing_window_program_is_explained() {
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .env("OCES_WIZARD_WINDOW", "/nonexistent/oces-wizard-window")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not start"), "{err}");
}

/// A PKCS#12 made by openssl in a temporary folder (a self-signed, non-OCES certificate).
fn openssl_p12(dir: &std::path::Path, password: &str) -> std::path::PathBuf {
    let c = testkit::self_signed(dir, "c", "/CN=cli.example.test", 30);
    testkit::pkcs12(dir, "t", &c, None, password, &[])
}

fn run_with_stdin(args: &[&str], stdin: &str, lang: &str) -> (i32, String, String) {
    run_in(&no_data_dir(), args, stdin, lang)
}

/// Run with `data` as the app-data folder (where the command line appends to the log when
/// the folder exists).
fn run_in(data: &std::path::Path, args: &[&str], stdin: &str, lang: &str) -> (i32, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(args)
        .env("OCES_WIZARD_DATA_DIR", data)
        .env("LANG", lang)
        .env("LC_ALL", lang)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn inspect_json_has_the_stable_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = openssl_p12(dir.path(), "SENTINEL-cli-pw");
    let file = p12.to_str().expect("utf8 path");
    let (code, out, err) = run_with_stdin(
        &["inspect", file, "--password-stdin", "--json"],
        "SENTINEL-cli-pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["file"]["format"], "pkcs12");
    assert_eq!(v["contains"]["private_key"], true);
    assert_eq!(v["contains"]["certificates"], 1);
    assert_eq!(v["certificate"]["subject"], "CN=cli.example.test");
    assert_eq!(v["certificate"]["issuer"], "CN=cli.example.test");
    for f in ["not_before", "not_after"] {
        let s = v["certificate"][f].as_str().expect("string");
        assert!(
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok(),
            "{f} is RFC 3339: {s}"
        );
    }
    assert_eq!(
        v["certificate"]["sha256_fingerprint"]
            .as_str()
            .map(str::len),
        Some(95)
    );
    assert_eq!(v["oces"]["generation"], "none");
    assert_eq!(v["oces"]["environment"], "unknown");
    assert!(v["oces"]["kind"].is_null() && v["oces"]["cvr"].is_null());
    assert!(v["oces"]["id_type"].is_null() && v["oces"]["id"].is_null());
    assert!(v["oces"]["gateway_user"].is_null());
    assert_eq!(v["pkcs12"]["mac"], "SHA-256");
    let findings = v["findings"].as_array().expect("list");
    assert!(findings.iter().any(|f| f["code"] == "cert.not_oces"
        && f["level"] == "warning"
        && f["message"].is_string()));
    assert_eq!(v["verified"], false);
    assert_eq!(v["trust"]["status"], "not_recognised");
    assert!(v["trust"]["anchor"].is_null() && v["trust"]["environment"].is_null());
    assert!(!out.contains("SENTINEL") && !err.contains("SENTINEL"));
}

#[test]
fn inspect_failures_are_coded_and_secret_free() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");
    let p12 = openssl_p12(dir.path(), "right");
    let file = p12.to_str().expect("utf8 path");
    let (code, out, err) = run_in(
        data.path(),
        &["inspect", file, "--password-stdin", "--json"],
        "SENTINEL-wrong-pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["error"]["code"], "cert.pkcs12.wrong_password");
    assert!(v["error"]["message"].is_string());
    assert!(!out.contains("SENTINEL") && !err.contains("SENTINEL"));
    // The app's log in the data folder has the error, marked as the command line's, and no
    // password.
    let log = std::fs::read_to_string(data.path().join("oces-wizard.log")).expect("a log");
    assert!(
        log.contains(" cli[") && log.contains("code=cert.pkcs12.wrong_password"),
        "{log}"
    );
    assert!(!log.contains("SENTINEL"), "{log}");
    // Where the data folder does not exist, the command line creates nothing.
    assert!(!no_data_dir().exists());
    // `report --log` attaches those lines (and still no password).
    let (code, out, _) = run_in(data.path(), &["report", "--log"], "", "en_US.UTF-8");
    assert_eq!(code, 0);
    assert!(
        out.contains("\nLog (last lines):\n") && out.contains("code=cert.pkcs12.wrong_password"),
        "{out}"
    );
    assert!(!out.contains("SENTINEL"));
    let (_, out, _) = run_in(data.path(), &["report"], "", "en_US.UTF-8");
    assert!(!out.contains("Log (last lines)"), "only when asked: {out}");

    // Without --json: a translated sentence on stderr, in the OS language.
    let (code, out, err) = run_with_stdin(
        &["inspect", file, "--password-stdin"],
        "nope\n",
        "da_DK.UTF-8",
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    // A Windows process takes its language from the user's locale, not from LANG; the Wine
    // prefix of the test run is English.
    let want = if cfg!(windows) {
        "The password does not open this file"
    } else {
        "Adgangskoden passer ikke"
    };
    assert!(err.contains(want), "{err}");

    let missing = dir.path().join("missing.p12");
    let (code, out, _) = run_with_stdin(
        &["inspect", missing.to_str().expect("utf8"), "--json"],
        "",
        "en_US.UTF-8",
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"cert.read_failed\""), "{out}");
}

/// Gigabytes on standard input instead of a password: refused at once with a coded error, one
/// JSON document with `--json`, never an allocation failure.
#[test]
fn a_password_line_of_megabytes_is_refused_with_a_coded_error() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = openssl_p12(dir.path(), "pw");
    let mut child = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args([
            "inspect",
            p12.to_str().expect("utf8"),
            "--password-stdin",
            "--json",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    // Write from another thread: the program stops reading long before the end.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'x'; 1 << 16];
        for _ in 0..160 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["error"]["code"], "input.password_too_long", "{v}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Danish letters in the holder's name come out intact: UTF-8 on a pipe (and in `--json`), and
/// through the console's own wide-character output on Windows (Rust's standard library writes
/// to a Windows console with WriteConsoleW, so no code page is involved).
#[test]
fn danish_letters_come_out_as_utf8_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = testkit::self_signed(dir.path(), "c", "/CN=Søren Ærø Åkjær/O=Læge ApS", 30);
    let p12 = testkit::pkcs12(dir.path(), "Søren Ærø", &c, None, "pw", &[]);
    let file = p12.to_str().expect("utf8 path");
    for args in [
        vec!["inspect", file, "--password-stdin"],
        vec!["inspect", file, "--password-stdin", "--json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
            .args(&args)
            .env("LANG", "da_DK.UTF-8")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), b"pw\n").expect("write");
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).expect("the output is UTF-8");
        assert!(text.contains("Søren Ærø Åkjær"), "{args:?}: {text}");
        assert!(text.contains("Læge ApS"), "{args:?}: {text}");
        if args.contains(&"--json") {
            let v: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
            assert_eq!(
                v["certificate"]["subject"],
                "CN=Søren Ærø Åkjær, O=Læge ApS"
            );
        }
    }
}

/// Not on Windows: there the OS language is the user's locale, which a test cannot set for one
/// child process (the language code is shared, and tested here on Linux).
#[cfg(not(windows))]
#[test]
fn inspect_human_output_follows_the_os_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = openssl_p12(dir.path(), "pw");
    let file = p12.to_str().expect("utf8 path");
    let (code, en, _) = run_with_stdin(
        &["inspect", file, "--password-stdin"],
        "pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 0);
    assert!(
        en.contains("The wizard does not know the issuer") && en.contains("cli.example.test"),
        "{en}"
    );
    assert!(!en.contains("Not verified"), "the old line is gone: {en}");
    let (_, da, _) = run_with_stdin(
        &["inspect", file, "--password-stdin"],
        "pw\n",
        "da_DK.UTF-8",
    );
    assert!(da.contains("Guiden kender ikke udstederen"), "{da}");
    assert!(!da.contains("Ikke verificeret"), "{da}");
}

/// A real OCES3 production certificate (public, in shared/real-certs beside the checkout):
/// verified against the bundled anchors, said in plain words, and in `--json` as `trust`.
#[cfg(not(windows))]
#[test]
fn inspect_says_whether_a_real_certificate_is_genuine() {
    let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/real-certs/oces3/skatteforvaltningen-b2b-prod-2023.pem");
    if !file.exists() {
        eprintln!("skipped: {} not found", file.display());
        return;
    }
    let file = file.to_str().expect("utf8 path");
    let (code, da, _) = run_with_stdin(&["inspect", file], "", "da_DK.UTF-8");
    assert_eq!(code, 0);
    assert!(
        da.contains("Ægte OCES3-certifikat fra Den Danske Stat (produktion)"),
        "{da}"
    );
    let (_, en, _) = run_with_stdin(&["inspect", file], "", "en_US.UTF-8");
    assert!(
        en.contains("Genuine OCES3 certificate from Den Danske Stat (production)"),
        "{en}"
    );
    let (_, json, _) = run_with_stdin(&["inspect", file, "--json"], "", "en_US.UTF-8");
    let v: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    assert_eq!(v["trust"]["status"], "verified");
    assert_eq!(v["trust"]["anchor"], "Den Danske Stat OCES rod-CA");
    assert_eq!(v["trust"]["environment"], "production");
    assert_eq!(v["oces"]["environment"], "production");
    assert_eq!(v["verified"], true);
}

/// `export` goes through the window's use case: a target the window's save dialog would refuse
/// (not `.p12`/`.pfx`) is refused here too, with nothing written; a relative target is taken
/// from the current folder.
#[test]
fn export_refuses_a_target_the_window_would_refuse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = openssl_p12(dir.path(), "pw");
    let bad = dir.path().join("copy.bin");
    let (code, stdout, err) = run_with_stdin(
        &[
            "export",
            p12.to_str().expect("utf8"),
            "--to",
            "legacy",
            "--out",
            bad.to_str().expect("utf8"),
            "--password-stdin",
        ],
        "pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 1, "{stdout}{err}");
    assert!(err.contains(".p12, .pfx"), "{err}");
    assert!(!bad.exists(), "nothing written");

    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .current_dir(dir.path())
        .args(["export", p12.to_str().expect("utf8")])
        .args([
            "--to",
            "modern",
            "--out",
            "relative.p12",
            "--password-stdin",
        ])
        .env("OCES_WIZARD_DATA_DIR", no_data_dir())
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "en_US.UTF-8")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("stdin").write_all(b"pw\n")?;
            c.wait_with_output()
        })
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("relative.p12").is_file());
}

#[test]
fn export_writes_a_verified_legacy_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p12 = openssl_p12(dir.path(), "pw");
    let before = std::fs::read(&p12).expect("read");
    let out = dir.path().join("windows.p12");
    let (code, stdout, err) = run_with_stdin(
        &[
            "export",
            p12.to_str().expect("utf8"),
            "--to",
            "legacy",
            "--out",
            out.to_str().expect("utf8"),
            "--password-stdin",
        ],
        "pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("verified"), "{stdout}");
    assert_eq!(
        std::fs::read(&p12).expect("read"),
        before,
        "original unchanged"
    );
    let (code, json, _) = run_with_stdin(
        &[
            "inspect",
            out.to_str().expect("utf8"),
            "--password-stdin",
            "--json",
        ],
        "pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["pkcs12"]["legacy"], true);
    assert_eq!(v["pkcs12"]["key"], "PBE-SHA1-3DES");

    // Again to the same place: refused, file untouched.
    let copy = std::fs::read(&out).expect("read");
    let (code, _, err) = run_with_stdin(
        &[
            "export",
            p12.to_str().expect("utf8"),
            "--to",
            "modern",
            "--out",
            out.to_str().expect("utf8"),
            "--password-stdin",
        ],
        "pw\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&out).expect("read"), copy);
}

#[test]
fn explain_covers_every_error_code() {
    let (code, out, _) = run(&["explain", "--list"]);
    assert_eq!(code, 0);
    for c in oces_core::error::ErrorCode::ALL {
        let block = out
            .split(&format!("{}\n", c.as_str()))
            .nth(1)
            .unwrap_or_else(|| panic!("{} is not listed", c.as_str()));
        let mut lines = block.lines();
        let da = lines.next().unwrap_or_default();
        let en = lines.next().unwrap_or_default();
        assert!(
            da.starts_with("  da: ") && da.len() > 12,
            "{}: {da}",
            c.as_str()
        );
        assert!(
            en.starts_with("  en: ") && en.len() > 12,
            "{}: {en}",
            c.as_str()
        );
        assert!(!da.contains("error."), "{}: untranslated", c.as_str());
    }
    let (code, out, _) = run(&["explain", "cert.pkcs12.wrong_password"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Adgangskoden passer ikke") && out.contains("does not open"),
        "{out}"
    );
    let (code, _, err) = run(&["explain", "no.such.code"]);
    assert_eq!(code, 1);
    assert!(err.contains("--list"), "{err}");
}

#[test]
fn report_and_support_code_from_saved_progress() {
    let data = tempfile::tempdir().expect("tempdir");
    let home = tempfile::tempdir().expect("tempdir");
    let paths = oces_core::paths::AppPaths::in_dir(data.path());
    let mut w = oces_core::wizard::WizardState::default();
    w.choose_flow(oces_core::flow::FlowId::Cug);
    w.update_facts(|f| f.placed = Some(home.path().join(".oces/Søren Ærø.html")));
    oces_core::saved_state::save_progress(&paths, &w).expect("save");
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(["report"])
        .env("OCES_WIZARD_DATA_DIR", data.path())
        .env("OCES_WIZARD_HOME", home.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Step:              CUG-1"), "{text}");
    let shown = if cfg!(windows) {
        "%USERPROFILE%\\.oces\\Søren Ærø.html"
    } else {
        "~/.oces/Søren Ærø.html"
    };
    assert!(text.contains(shown), "{text}");
    // The code in its one written form, as on the screen: "CUG-1 · 6Y33-3333-3W".
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("Code for support:"))
        .map(str::trim)
        .expect("support code line");
    let (step, code) = line.split_once(" \u{b7} ").expect("step · code");
    assert_eq!(step, "CUG-1", "{line}");
    let code = code.to_string();
    let (status, json, _) = run(&["support-code", &code]);
    assert_eq!(status, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["flow"], "cug");
    assert_eq!(v["step"], "CUG-1");
    assert_eq!(v["placed"], true);
    // A mistyped character is caught.
    let mut typo: Vec<char> = code.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let (status, _, err) = run(&["support-code", &typo]);
    assert_eq!(status, 1);
    assert!(
        err.contains("mistyped") || err.contains("character"),
        "{err}"
    );
}

#[test]
fn probe_passes_against_a_server_that_accepts_the_certificate() {
    let dir = tempfile::tempdir().expect("tmp");
    let gw = testkit::gateway(dir.path(), "Probe-PW-SENTINEL");
    let url = format!("https://127.0.0.1:{}", gw.server.port);
    let ca = gw.server_ca.to_str().expect("utf-8");
    let cert = gw.p12.to_str().expect("utf-8");
    let args = [
        "probe",
        &url,
        "--cert",
        cert,
        "--password-stdin",
        "--ca",
        ca,
        "--json",
    ];
    let (code, out, err) = run_with_stdin(&args, "Probe-PW-SENTINEL\n", "en_US.UTF-8");
    assert_eq!(code, 0, "{out}\n{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let stages: Vec<(String, bool, String)> = v["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| {
            assert!(s["ms"].is_u64(), "{s}");
            (
                s["stage"].as_str().unwrap_or_default().to_string(),
                s["ok"].as_bool().unwrap_or(false),
                s["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let names: Vec<&str> = stages.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(names, ["lookup", "connect", "tls", "client_cert", "http"]);
    assert!(stages.iter().all(|s| s.1 && s.2 == "ok"), "{stages:?}");
    assert!(!out.contains("SENTINEL") && !err.contains("SENTINEL"));
    assert!(v["openssl"]
        .as_str()
        .unwrap_or_default()
        .contains("-cert CERTIFICATE.pem -key PRIVATE-KEY.pem"));

    // Without the extra root the same server is not trusted (text output, exit 1).
    let (code, out, _) = run_with_stdin(
        &["probe", &url, "--cert", cert, "--password-stdin"],
        "Probe-PW-SENTINEL\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("probe.server_untrusted"), "{out}");
    assert!(
        out.contains("It stopped at: Secure connection (TLS)."),
        "{out}"
    );

    // A wrong password is refused before any connection is made.
    let (code, out, _) = run_with_stdin(
        &["probe", &url, "--cert", cert, "--password-stdin", "--json"],
        "wrong\n",
        "en_US.UTF-8",
    );
    assert_eq!(code, 1);
    assert!(out.contains("cert.pkcs12.wrong_password"), "{out}");
}

#[test]
fn probe_failures_are_coded() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("https://127.0.0.1:{port}");
    let (code, out, _) = run(&["probe", &url, "--json", "--timeout", "2"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["stages"][1]["stage"], "connect");
    assert_eq!(v["stages"][1]["code"], "probe.refused");
    assert_eq!(v["ok"], false);

    let (code, out, _) = run(&["probe", "http://example.dk", "--json"]);
    assert_eq!(code, 1);
    assert!(out.contains("probe.bad_target"), "{out}");
    let (code, _, err) = run(&["probe", &url, "--timeout", "0"]);
    assert_eq!(code, 2, "{err}");
}

/// `find` shows which certificate each file holds where that can be read before the password
/// (a file with its certificates in the clear, as MitID Erhverv makes them).
#[cfg(not(windows))]
#[test]
fn find_shows_the_holder_read_before_the_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let work = tempfile::tempdir().expect("tempdir");
    let p12 = testkit::oces3_test_p12(
        work.path(),
        "Toldsystem (systemcertifikat)",
        "175a859d-ed76-45af-828f-3a69691a7157",
        "Find-SENTINEL-pw",
    );
    std::fs::copy(&p12, dir.path().join("told.p12")).expect("copy");
    let d = dir.path().to_str().expect("utf8");
    let (code, text, _) = run_with_stdin(&["find", "--dir", d], "", "da_DK.UTF-8");
    assert_eq!(code, 0);
    assert!(
        text.contains("told.p12") && text.contains("(Toldsystem (systemcertifikat))"),
        "{text}"
    );
    let (_, json, _) = run_with_stdin(&["find", "--dir", d, "--json"], "", "en_US.UTF-8");
    let v: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let c = &v[0]["certificate"];
    assert_eq!(c["common_name"], "Toldsystem (systemcertifikat)");
    assert_eq!(c["cvr"], "25313763");
    assert_eq!(c["before_password"], true);
    assert_eq!(c["trust"], "not_recognised");
    assert_eq!(c["environment"], "unknown");
}

/// Without a password, `inspect` shows what a MitID Erhverv-style file keeps in the clear
/// (holder, UUID), marked as not yet checked; with `--json` as `before_password: true`. A file
/// whose certificates are encrypted still asks for the password.
#[test]
fn inspect_reads_what_is_clear_before_the_password() {
    let d = tempfile::tempdir().expect("dir");
    let uuid = "3a9b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    let p12 = testkit::oces3_test_p12(d.path(), "Toldsystem", uuid, "pw");
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(["inspect", "--json"])
        .arg(&p12)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["before_password"], true, "{v}");
    assert_eq!(v["certificate"]["common_name"], "Toldsystem", "{v}");
    assert_eq!(v["oces"]["id"], uuid, "{v}");
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .arg("inspect")
        .arg(&p12)
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "en_US.UTF-8")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Toldsystem") && text.contains("not yet been checked"),
        "{text}"
    );
    // Encrypted certificates (openssl's default): the password is still needed.
    let issued = testkit::self_signed(d.path(), "enc", "/CN=Encrypted/O=Test/C=DK", 5);
    let enc = testkit::pkcs12(d.path(), "enc", &issued, None, "pw", &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(["inspect", "--json"])
        .arg(&enc)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "cert.pkcs12.password_needed", "{v}");
}

/// `inspect`, `export` and `probe` go through the session's use cases, as the window does, so
/// the two cannot drift: no file of the command line opens a certificate, writes a re-export
/// or runs a connection test by calling the core's lower layers itself.
#[test]
fn the_command_line_goes_through_the_session() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lower = [
        "open_file(",
        "open_file_to_inspect(",
        "open_bytes(",
        "open_before_password(",
        "reexport(",
        "build_pkcs12(",
        "probe::probe(",
        "read_roots_within(",
    ];
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("source");
        for call in lower {
            if text.contains(call) {
                found.push(format!("{}: {call}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "lower-layer calls: {found:?}");
}
