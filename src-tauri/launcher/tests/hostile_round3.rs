//! The command line against the third round of hostile input (issue 30): files of the
//! environment that are not files (a FIFO as `user-dirs.dirs` or `SSL_CERT_FILE`), output
//! channels that close or fill up, usage errors under `--json`, and hostile file and friendly
//! names in every JSON output.
#![cfg(unix)] // every test here drives Unix facilities (FIFOs, closed pipes, /dev/full, prlimit)
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the report

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_oces-wizard"));
    c.env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "en_US.UTF-8")
        .env("OCES_WIZARD_DATA_DIR", "/nonexistent/oces-data")
        .stdin(Stdio::null());
    c
}

/// Run with a time limit: a command that hangs is killed and the test fails.
fn run_limited(mut c: Command, limit: Duration) -> Output {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    wait_limited(&mut child, limit);
    child.wait_with_output().expect("output")
}

fn wait_limited(child: &mut std::process::Child, limit: Duration) {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("no answer within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

fn cert_pem(cn: &str) -> String {
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, cn);
    let key = rcgen::KeyPair::generate().unwrap();
    p.self_signed(&key).unwrap().pem()
}

/// A home whose `~/.config/user-dirs.dirs` is a FIFO (or `/dev/zero`): `find` and `report`
/// answer at once (the file is skipped), where a plain open waited for a writer forever. A
/// real `user-dirs.dirs` is still honoured: its Danish Downloads folder is searched.
#[test]
#[cfg(target_os = "linux")]
fn user_dirs_that_are_not_files_neither_hang_nor_abort() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join(".config");
    std::fs::create_dir_all(&config).unwrap();
    let user_dirs = config.join("user-dirs.dirs");
    let data = tempfile::tempdir().unwrap();
    let base = |args: &[&str]| {
        let mut c = cli();
        c.env("HOME", home.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("OCES_WIZARD_HOME")
            .env("OCES_WIZARD_DATA_DIR", data.path())
            .args(args);
        c
    };
    mkfifo(&user_dirs);
    for args in [&["find", "--json"][..], &["report"], &["report", "--json"]] {
        let out = run_limited(base(args), Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    }
    std::fs::remove_file(&user_dirs).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &user_dirs).unwrap();
    let out = run_limited(base(&["find", "--json"]), Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The coded warning is in the log.
    let log = std::fs::read_to_string(data.path().join("oces-wizard.log")).unwrap();
    assert!(log.contains("code=paths.user_dirs_skipped"), "{log}");
    // An ordinary file: its folder names are used.
    std::fs::remove_file(&user_dirs).unwrap();
    std::fs::write(
        &user_dirs,
        "# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR=\"$HOME/Overførsler\"\n",
    )
    .unwrap();
    let downloads = home.path().join("Overførsler");
    std::fs::create_dir(&downloads).unwrap();
    std::fs::write(downloads.join("fundet.pem"), cert_pem("Fundet")).unwrap();
    let out = run_limited(base(&["find", "--json"]), Duration::from_secs(30));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v.to_string().contains("fundet.pem"), "{v}");
}

/// A local TCP server that accepts and holds connections; its port.
fn silent_server() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming().flatten() {
            held.push(s);
        }
    });
    port
}

/// `SSL_CERT_FILE` as a FIFO or `/dev/zero`: `probe` answers with a coded failure at the TLS
/// stage naming the variable, instead of hanging or running out of memory.
#[test]
#[cfg(target_os = "linux")]
fn a_trust_store_named_by_the_environment_that_is_not_a_file_is_a_coded_failure() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("bundle.pem");
    mkfifo(&fifo);
    let port = silent_server();
    for store in [fifo.as_path(), Path::new("/dev/zero")] {
        let mut c = cli();
        c.env("SSL_CERT_FILE", store)
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .args(["probe", "--json", "--timeout", "2"])
            .arg(format!("https://127.0.0.1:{port}"));
        let out = run_limited(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let last = v["stages"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["stage"], "tls", "{v}");
        assert_eq!(last["code"], "probe.ca_unreadable", "{v}");
        assert_eq!(last["detail"], "SSL_CERT_FILE", "{v}");
    }
}

/// Run with standard output a pipe whose reading end is already closed (as after `| head
/// -1`): every write fails with a broken pipe.
#[cfg(unix)]
fn with_closed_stdout(mut c: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = c
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_limited(&mut child, Duration::from_secs(60));
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn with_full_stdout(mut c: Command) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = c
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_limited(&mut child, Duration::from_secs(60));
    child.wait_with_output().unwrap()
}

/// A closed pipe ends quietly (no panic, no exit status 101); a full disk is a coded error,
/// exit status 1. For `export`, whose copy is written and checked before the output fails,
/// standard error says the copy was made, then the coded error.
#[test]
#[cfg(target_os = "linux")]
fn closed_and_full_output_channels_are_no_panic() {
    let d = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port(); // closed again: the probe's connection is refused
    let url = format!("https://127.0.0.1:{port}");
    let pem = d.path().join("c.pem");
    std::fs::write(&pem, cert_pem("Pipe")).unwrap();
    let runs: Vec<Vec<String>> = vec![
        vec!["explain".into(), "--list".into()],
        vec!["explain".into(), "cert.empty".into()],
        vec!["report".into()],
        vec!["report".into(), "--json".into()],
        vec!["probe".into(), url.clone()],
        vec!["probe".into(), url.clone(), "--json".into()],
        vec!["inspect".into(), pem.to_string_lossy().into()],
        vec!["--help".into()],
        vec!["inventory".into()],
        vec![
            "link".into(),
            "--flow".into(),
            "DMS".into(),
            "--step".into(),
            "DMS-5".into(),
        ],
        vec![
            "link".into(),
            "--flow".into(),
            "DMS".into(),
            "--step".into(),
            "DMS-5".into(),
            "--json".into(),
        ],
    ];
    for args in &runs {
        let make = || {
            let mut c = cli();
            c.env("OCES_WIZARD_DATA_DIR", data.path()).args(args);
            c
        };
        let out = with_closed_stdout(make());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}: {err}");
        assert!(
            err.trim().is_empty() || args[0] == "probe",
            "{args:?}: {err}"
        );
        let out = with_full_stdout(make());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // inventory keeps 1 and 2 for its --exit-code answers: its output failure is 3.
        let want = if args[0] == "inventory" { 3 } else { 1 };
        assert_eq!(out.status.code(), Some(want), "{args:?}: {err}");
        assert!(err.contains("cli.output.disk_full"), "{args:?}: {err}");
    }
    // export > /dev/full: the copy is made; the user is told so, then the coded error.
    let p12c = testkit::self_signed(d.path(), "e", "/CN=export.example.test", 30);
    let p12 = testkit::pkcs12(d.path(), "e", &p12c, None, "pw-export", &[]);
    let target = d.path().join("copy.p12");
    let mut c = cli();
    c.args(["export", "--to", "legacy", "--password-stdin", "--out"])
        .arg(&target)
        .arg(&p12)
        .stdin(Stdio::piped());
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut child = c
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"pw-export\n")
            .unwrap();
    }
    wait_limited(&mut child, Duration::from_secs(60));
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(target.is_file(), "the copy is there");
    assert!(err.contains("copy.p12"), "says the copy was written: {err}");
    assert!(err.contains("cli.output.disk_full"), "{err}");
}

/// With `--json` anywhere on the line, a usage error is one JSON error document with a code,
/// exit status 2.
#[test]
#[cfg(unix)]
fn usage_errors_under_json_are_one_json_document() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"https://\xff.example");
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["inspect".as_ref(), "--json".as_ref()],
        vec![
            "inspect".as_ref(),
            "--json".as_ref(),
            "--bogus".as_ref(),
            "x.p12".as_ref(),
        ],
        vec![
            "probe".as_ref(),
            "test".as_ref(),
            "--timeout".as_ref(),
            "0".as_ref(),
            "--json".as_ref(),
        ],
        vec!["find".as_ref(), "--json".as_ref(), "--dir".as_ref()],
        vec!["probe".as_ref(), bad, "--json".as_ref()],
        vec!["--json".as_ref(), "nonsense".as_ref()],
        vec!["explain".as_ref(), "--json".as_ref()],
    ];
    for args in cases {
        let mut c = cli();
        c.args(&args);
        let out = run_limited(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not one JSON document ({e}): {out:?}"));
        assert_eq!(v["error"]["code"], "cli.usage", "{args:?}: {v}");
        let m = v["error"]["message"].as_str().unwrap();
        assert!(!m.is_empty() && !m.chars().any(char::is_control), "{m:?}");
    }
    // Without --json: clap's text on standard error, as before.
    let mut c = cli();
    c.args(["inspect"]);
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// Every string of a JSON value; fails on a control character, escape, bidi override or line
/// break.
fn assert_plain_json(what: &str, bytes: &[u8]) {
    let v: serde_json::Value =
        serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{what}: not JSON ({e})"));
    fn walk(what: &str, v: &serde_json::Value) {
        match v {
            serde_json::Value::String(s) => assert!(
                !s.chars().any(oces_core::text::is_unsafe),
                "{what}: {s:?} has a raw control character"
            ),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(what, x)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                walk(what, &serde_json::Value::String(k.clone()));
                walk(what, x)
            }),
            _ => {}
        }
    }
    walk(what, &v);
}

/// A hostile file name and a hostile friendly name through every JSON output of the command
/// line: no string holds a raw ESC, U+202E or line break.
#[test]
#[cfg(target_os = "linux")]
fn every_json_output_escapes_file_and_friendly_names() {
    let d = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let hostile = "x\u{1b}[31m\u{202e}\nCVR: 1\t";
    let issued = testkit::self_signed(d.path(), "h", "/CN=hostile.example.test", 30);
    let p12 = testkit::pkcs12(
        d.path(),
        "h",
        &issued,
        None,
        "pw",
        &["-name", &format!("friend{hostile}")],
    );
    let named = d.path().join(format!("cert{hostile}.p12"));
    std::fs::rename(&p12, &named).unwrap();
    let folder = d.path().join(format!("dir{hostile}.p12"));
    std::fs::create_dir(&folder).unwrap();
    // The progress of a user whose placed file has the hostile name.
    let paths = oces_core::paths::AppPaths::in_dir(data.path());
    let mut w = oces_core::wizard::WizardState::default();
    w.choose_flow(oces_core::flow::FlowId::Cug);
    w.update_facts(|f| f.placed = Some(home.path().join(format!(".oces/{hostile}.html"))));
    oces_core::saved_state::save_progress(&paths, &w).expect("save");

    let runs: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec!["inspect".into(), "--json".into(), named.clone().into()],
            "",
        ),
        (
            vec![
                "inspect".into(),
                "--json".into(),
                "--password-stdin".into(),
                named.clone().into(),
            ],
            "pw\n",
        ),
        (
            vec![
                "inspect".into(),
                "--json".into(),
                "--password-stdin".into(),
                named.clone().into(),
            ],
            "wrong\n",
        ),
        (
            vec!["inspect".into(), "--json".into(), folder.clone().into()],
            "",
        ),
        (
            vec![
                "find".into(),
                "--json".into(),
                "--dir".into(),
                d.path().into(),
            ],
            "",
        ),
        (
            vec![
                "find".into(),
                "--json".into(),
                "--dir".into(),
                folder.clone().into(),
            ],
            "",
        ),
        (vec!["report".into(), "--json".into()], ""),
        (vec!["report".into(), "--json".into(), "--log".into()], ""),
        (
            vec![
                "probe".into(),
                "test".into(),
                "--json".into(),
                "--cert".into(),
                folder.clone().into(),
            ],
            "",
        ),
        (
            vec![
                "probe".into(),
                "test".into(),
                "--json".into(),
                "--ca".into(),
                folder.clone().into(),
            ],
            "",
        ),
        (
            vec![
                "inspect".into(),
                "--json".into(),
                format!("--{hostile}").into(),
            ],
            "",
        ),
    ];
    let mut saw_friendly = false;
    for (args, stdin) in runs {
        let mut c = cli();
        c.env("OCES_WIZARD_DATA_DIR", data.path())
            .env("OCES_WIZARD_HOME", home.path())
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        {
            use std::io::Write;
            let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        }
        wait_limited(&mut child, Duration::from_secs(60));
        let out = child.wait_with_output().unwrap();
        let what = format!("{args:?}");
        assert!(!out.stdout.is_empty(), "{what}: no JSON: {out:?}");
        assert_plain_json(&what, &out.stdout);
        let text = String::from_utf8_lossy(&out.stdout);
        saw_friendly |= text.contains("friendx");
    }
    assert!(saw_friendly, "the friendly name was shown somewhere");
}

/// An `HTTPS_PROXY` that is not valid UTF-8 is a coded failure at the proxy stage naming the
/// variable, not skipped (which would test a direct path the user's programs do not take).
#[test]
#[cfg(target_os = "linux")]
fn a_proxy_variable_that_is_not_utf8_is_a_coded_failure() {
    use std::os::unix::ffi::OsStrExt;
    let port = silent_server();
    let mut c = cli();
    c.env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env(
            "HTTPS_PROXY",
            std::ffi::OsStr::from_bytes(b"http://pr\xffxy.firma.dk:3128"),
        )
        .args(["probe", "--json", "--timeout", "2"])
        .arg(format!("https://127.0.0.1:{port}"));
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["stages"][0]["stage"], "proxy", "{v}");
    assert_eq!(v["stages"][0]["code"], "probe.proxy_unsupported", "{v}");
    assert_eq!(
        v["stages"][0]["detail"], "HTTPS_PROXY: not valid UTF-8",
        "{v}"
    );
}

/// A file-size limit (`prlimit --fsize`, SIGXFSZ) reached while `export` writes the copy: a
/// coded "disk full", exit status 1, no temporary left and no target.
#[test]
#[cfg(target_os = "linux")]
fn a_file_size_limit_during_export_is_disk_full() {
    let d = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(d.path(), "f", "/CN=fsize.example.test", 30);
    let p12 = testkit::pkcs12(d.path(), "f", &issued, None, "pw-fsize", &[]);
    let out_dir = d.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("copy.p12");
    let mut c = Command::new("prlimit");
    c.arg("--fsize=1024")
        .arg(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(["export", "--to", "modern", "--password-stdin", "--out"])
        .arg(&target)
        .arg(&p12)
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "en_US.UTF-8")
        .env("OCES_WIZARD_DATA_DIR", "/nonexistent/oces-data")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"pw-fsize\n")
            .unwrap();
    }
    wait_limited(&mut child, Duration::from_secs(60));
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(err.contains("not enough space"), "{err}");
    assert!(!target.exists());
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert!(left.is_empty(), "the temporary is removed: {left:?}");
}

/// A bundle of `n` PEM certificates cycling through 100 distinct ones.
fn big_bundle(n: usize) -> String {
    let key = rcgen::KeyPair::generate().unwrap();
    let pems: Vec<String> = (0..100)
        .map(|i| {
            rcgen::CertificateParams::new(vec![format!("b{i}.example")])
                .unwrap()
                .self_signed(&key)
                .unwrap()
                .pem()
        })
        .collect();
    pems.iter().cycle().take(n).cloned().collect()
}

/// `probe --timeout 1` with a `--ca` of 16,000 certificates (9 MB): the run's one budget covers
/// reading it, so the answer is the coded `probe.ca_too_large` (counted, nothing parsed), not
/// seconds of parsing before any stage's timer starts. The same bundle as `SSL_CERT_FILE` is a
/// coded failure at the TLS stage naming the variable. The time limit is a hang guard only.
#[test]
fn a_huge_ca_bundle_is_refused_within_the_runs_budget() {
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("bundle.pem");
    let text = big_bundle(16_000);
    assert!(text.len() > 8_000_000 && text.len() < 10 * 1024 * 1024);
    std::fs::write(&big, text).unwrap();
    let port = silent_server();
    let url = format!("https://127.0.0.1:{port}");

    let mut c = cli();
    c.args([
        "probe",
        "--json",
        "--timeout",
        "1",
        "--direct",
        &url,
        "--ca",
    ])
    .arg(&big);
    let out = run_limited(c, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v["error"]["code"], "probe.ca_too_large", "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("16000 certificates") && message.contains("at most 1000"),
        "{message}"
    );

    // Text: the translated explanation, with the code's advice.
    let mut c = cli();
    c.args(["probe", "--timeout", "1", "--direct", &url, "--ca"])
        .arg(&big);
    let out = run_limited(c, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("holds more certificates than the test reads"),
        "{err}"
    );

    let mut c = cli();
    c.env("SSL_CERT_FILE", &big)
        .args(["probe", "--json", "--timeout", "1", "--direct", &url]);
    let out = run_limited(c, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let last = v["stages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["stage"], "tls", "{v}");
    assert_eq!(last["code"], "probe.ca_too_large", "{v}");
    assert_eq!(last["detail"], "SSL_CERT_FILE", "{v}");
}
