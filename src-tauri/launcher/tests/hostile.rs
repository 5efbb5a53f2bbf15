//! The command line against hostile or unlucky input (issue 16): read-only commands that stay
//! read-only, files that are not files, output that cannot be spoofed, one JSON document
//! whatever happens, temporaries left by a crash, and time limits that hold for the process.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the report

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_oces-wizard"));
    c.env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("LANG", "en_US.UTF-8")
        .env("LC_ALL", "en_US.UTF-8")
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
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "no answer within {limit:?}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `report` reads; it never renames or rewrites the progress or settings files, whether they
/// are damaged or written by a newer version, and it says what it found on standard error.
#[test]
fn report_is_read_only() {
    let data = tempfile::tempdir().unwrap();
    let cases: [(&[u8], &[u8], &str); 2] = [
        (b"{ not json", b"[1, 2", "could not be read"),
        (
            br#"{"version": 9, "active": "future", "flows": {}}"#,
            br#"{"language": "xx", "new": 1}"#,
            "newer version",
        ),
    ];
    for (progress, settings, says) in cases {
        std::fs::write(data.path().join("progress.json"), progress).unwrap();
        std::fs::write(data.path().join("settings.json"), settings).unwrap();
        for json in [false, true] {
            let mut c = cli();
            c.env("OCES_WIZARD_DATA_DIR", data.path()).arg("report");
            if json {
                c.arg("--json");
            }
            let out = run_limited(c, Duration::from_secs(30));
            assert_eq!(out.status.code(), Some(0));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(says), "{says}: {err}");
            if json {
                serde_json::from_slice::<serde_json::Value>(&out.stdout)
                    .expect("one JSON document");
            }
            assert_eq!(names_in(data.path()), ["progress.json", "settings.json"]);
            assert_eq!(
                std::fs::read(data.path().join("progress.json")).unwrap(),
                progress
            );
            assert_eq!(
                std::fs::read(data.path().join("settings.json")).unwrap(),
                settings
            );
        }
    }
}

/// A FIFO named like a certificate, `/dev/zero` and a folder: refused at once with a coded
/// error, in text and in JSON, instead of waiting forever or reading until memory runs out.
#[test]
#[cfg(unix)]
fn files_that_are_not_files_are_refused_at_once() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("x.p12");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for target in [fifo.as_path(), Path::new("/dev/zero"), d.path()] {
        let mut c = cli();
        c.args(["inspect", "--json"]).arg(target);
        let out = run_limited(c, Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(1), "{target:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["error"]["code"], "cert.not_a_file", "{target:?}: {v}");
        let mut c = cli();
        c.arg("inspect").arg(target);
        let out = run_limited(c, Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not an ordinary file"), "{err}");
    }
}

/// When name lookup never answers (a DNS server that reads and never replies, in a private
/// network and mount namespace), `probe --timeout 1` ends within its whole-test limit of 4 s,
/// not after the resolver's own 10 s; and prints one JSON document saying the lookup failed.
#[test]
#[cfg(target_os = "linux")]
fn probe_ends_when_its_time_is_up_even_if_the_lookup_does_not() {
    let usable = Command::new("unshare")
        .args(["-mn", "--propagation", "private", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !usable {
        // Namespaces need root (CI runs as root); elsewhere this check cannot be made.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to run unshare"
        );
        eprintln!("skipped: unshare -mn is not permitted here");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("resolv.conf"), "nameserver 127.0.0.1\n").unwrap();
    let script = r#"
set -e
ip link set lo up
mount --bind "$DIR/resolv.conf" /etc/resolv.conf
python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
open(sys.argv[1], "w").close()
while True:
    s.recvfrom(4096)
' "$DIR/ready" &
silent=$!
while [ ! -e "$DIR/ready" ]; do sleep 0.05; done
start=$(date +%s%N)
set +e
"$BIN" probe --timeout 1 --json https://no-answer.example.dk > "$DIR/out.json"
rc=$?
end=$(date +%s%N)
kill "$silent"
echo "$(( (end - start) / 1000000 ))" > "$DIR/ms"
exit "$rc"
"#;
    let mut c = Command::new("unshare");
    c.args(["-mn", "--propagation", "private", "sh", "-c", script])
        .env("DIR", d.path())
        .env("BIN", env!("CARGO_BIN_EXE_oces-wizard"))
        .stdin(Stdio::null());
    let out = run_limited(c, Duration::from_secs(60));
    let ms: u64 = std::fs::read_to_string(d.path().join("ms"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("out.json")).unwrap())
            .expect("one JSON document");
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert_eq!(report["stages"][0]["stage"], "lookup", "{report}");
    assert_eq!(report["stages"][0]["code"], "probe.timed_out", "{report}");
    // The limit is the process's: 4 s for --timeout 1 (a little for starting up).
    assert!(ms < 4_500, "the process ran {ms} ms");
}

/// A self-signed certificate whose fields try to forge output: a line break and a fake CVR
/// line in the common name, a terminal escape, a right-to-left override in the organisation.
fn spoofing_cert_pem() -> String {
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(
        rcgen::DnType::CommonName,
        "Firma A/S\nCVR:                   12345678 (check digit OK)\u{1b}[2J",
    );
    p.distinguished_name
        .push(rcgen::DnType::OrganizationName, "Evil\u{202e}gpj.exe");
    let key = rcgen::KeyPair::generate().unwrap();
    p.self_signed(&key).unwrap().pem()
}

fn assert_clean(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}'] {
        assert!(
            !text.contains(bad),
            "{what}: {bad:?} reached the terminal: {text}"
        );
    }
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("CVR:")),
        "{what}: a forged line: {text}"
    );
}

/// Certificate fields and file names reach the terminal escaped: no forged line, no escape
/// sequence, no bidi override, in `inspect`, `find` and error messages.
#[test]
fn output_cannot_be_spoofed() {
    let d = tempfile::tempdir().unwrap();
    // Windows does not allow control characters in file names; the fields still try.
    let name = if cfg!(unix) {
        "a\u{1b}]0;pwned\u{7}\u{202e}.pem"
    } else {
        "a\u{202e}.pem"
    };
    let file = d.path().join(name);
    std::fs::write(&file, spoofing_cert_pem()).unwrap();
    let mut c = cli();
    c.arg("inspect").arg(&file);
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_clean("inspect", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Firma A/S\\nCVR:"));
    let mut c = cli();
    c.args(["find", "--dir"]).arg(d.path());
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0));
    assert_clean("find", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\u{202e}.pem"));
    if cfg!(unix) {
        assert!(String::from_utf8_lossy(&out.stdout).contains("\\u{1b}]0;pwned"));
    }
    // An error naming the file: the name escaped there too.
    #[cfg(unix)]
    {
        let folder = d.path().join("b\u{1b}[31m\nCVR: 1.p12");
        std::fs::create_dir(&folder).unwrap();
        let mut c = cli();
        c.arg("inspect").arg(&folder);
        let out = run_limited(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("\\u{1b}[31m\\nCVR: 1.p12"));
        assert_clean("inspect error", &out.stderr);
    }
    let mut c = cli();
    c.args(["explain", "x\u{1b}[2J\nCVR: 1"]);
    let out = run_limited(c, Duration::from_secs(30));
    assert_clean("explain", &out.stderr);
}

/// `find --json` with a file name that is not valid UTF-8: one valid JSON document; the name
/// is shown with U+FFFD in `path` and exactly, as hex bytes, in `path_raw`.
#[test]
#[cfg(target_os = "linux")]
fn find_json_survives_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"cert-\xff.pem");
    std::fs::write(d.path().join(odd), spoofing_cert_pem()).unwrap();
    std::fs::write(d.path().join("plain.pem"), spoofing_cert_pem()).unwrap();
    let mut c = cli();
    c.args(["find", "--json", "--dir"]).arg(d.path());
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), 2, "{v}");
    let odd = list
        .iter()
        .find(|f| f["name"].as_str().unwrap().contains('\u{fffd}'))
        .expect("the odd name");
    assert!(
        odd["path_raw"]
            .as_str()
            .unwrap()
            .ends_with("636572742dff2e70656d"),
        "{odd}"
    );
    let plain = list.iter().find(|f| f["name"] == "plain.pem").unwrap();
    assert!(plain.get("path_raw").is_none(), "{plain}");
}

/// Every `--json` failure is one JSON document whose message explains (never just the code).
#[test]
fn json_failures_explain_themselves() {
    let d = tempfile::tempdir().unwrap();
    let notes = d.path().join("notes.txt");
    std::fs::write(&notes, b"not a CA").unwrap();
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec!["probe".into(), "--json".into(), "not a url".into()],
            "probe.bad_target",
        ),
        (
            vec![
                "probe".into(),
                "--json".into(),
                "https://localhost:1".into(),
                "--ca".into(),
                notes.clone().into(),
            ],
            "probe.ca_unreadable",
        ),
        (
            vec![
                "find".into(),
                "--json".into(),
                "--dir".into(),
                d.path().join("gone").into(),
            ],
            "find.folder_missing",
        ),
        (
            vec![
                "find".into(),
                "--json".into(),
                "--dir".into(),
                notes.clone().into(),
            ],
            "find.not_a_folder",
        ),
    ];
    for (args, code) in cases {
        let mut c = cli();
        c.args(&args);
        let out = run_limited(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        assert_eq!(v["error"]["code"], code, "{v}");
        let message = v["error"]["message"].as_str().unwrap();
        assert_ne!(message, code, "{v}");
        assert!(message.len() > 20 && message.contains(' '), "{v}");
    }
}

/// `find --dir` with a missing folder or a file is an error (exit 1) that names it, not an
/// empty result that claims Downloads, Desktop and Documents were searched.
#[test]
fn find_dir_must_be_a_folder() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("file.txt");
    std::fs::write(&file, b"x").unwrap();
    for (target, says) in [
        (d.path().join("gone"), "does not exist"),
        (file, "not a folder"),
    ] {
        let mut c = cli();
        c.args(["find", "--dir"]).arg(&target);
        let out = run_limited(c, Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && !err.contains("Downloads"), "{err}");
    }
    let mut c = cli();
    c.args(["find", "--dir"]).arg(d.path());
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Downloads"), "{text}");
}

/// `explain` takes a code as read aloud or copied: any case, spaces around.
#[test]
fn explain_accepts_case_and_spaces() {
    let mut c = cli();
    c.args(["explain", "  CERT.Pkcs12.Wrong_Password "]);
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("cert.pkcs12.wrong_password"));
}

/// `export` without `--password-stdin` on a protected file asks for the password; it does not
/// say the (never given) password is wrong.
#[test]
fn export_without_a_password_asks_for_it() {
    let d = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(d.path(), "e", "/CN=Export Test/O=Test/C=DK", 5);
    let p12 = testkit::pkcs12(d.path(), "e", &issued, None, "secret-pw", &[]);
    let mut c = cli();
    c.arg("export")
        .arg(&p12)
        .args(["--to", "legacy", "--out"])
        .arg(d.path().join("copy.p12"));
    let out = run_limited(c, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("protected by a password"), "{err}");
    assert!(!d.path().join("copy.p12").exists());
}

/// `kill -9` during `export` leaves at most our own temporaries; `find` never lists them, and
/// the next export into that folder removes those that are stale (older than a minute).
#[test]
#[cfg(unix)]
fn temporaries_left_by_a_killed_export_are_cleaned_and_never_listed() {
    let d = tempfile::tempdir().unwrap();
    let issued = testkit::self_signed(d.path(), "k", "/CN=Kill Test/O=Test/C=DK", 5);
    let src = d.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let p12 = testkit::pkcs12(&src, "k", &issued, None, "pw", &[]);
    let out_dir = d.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let export = |n: usize| {
        let mut c = cli();
        c.arg("export")
            .arg(&p12)
            .args(["--to", "modern", "--password-stdin", "--out"])
            .arg(out_dir.join(format!("copy-{n}.p12")))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // Kill at a spread of moments; a temporary must be caught at least once.
    for n in 0..40 {
        let mut child = export(n).spawn().unwrap();
        {
            use std::io::Write;
            let _ = child.stdin.take().unwrap().write_all(b"pw\n");
        }
        std::thread::sleep(Duration::from_micros(500 * (n as u64 % 20)));
        let _ = Command::new("kill")
            .args(["-9", &child.id().to_string()])
            .status();
        let _ = child.wait();
    }
    // If no kill landed mid-write, leave one as a crash would (the same name pattern).
    let temps = |dir: &Path| -> Vec<String> {
        names_in(dir)
            .into_iter()
            .filter(|n| n.starts_with(".oces-tmp-"))
            .collect()
    };
    if temps(&out_dir).is_empty() {
        std::fs::copy(&p12, out_dir.join(".oces-tmp-crashed")).unwrap();
    }
    // Never listed as certificates.
    let mut c = cli();
    c.args(["find", "--json", "--dir"]).arg(&out_dir);
    let out = run_limited(c, Duration::from_secs(30));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|f| !f["name"].as_str().unwrap().starts_with(".oces-tmp-")),
        "{v}"
    );
    // Age them past the stale limit; the next export removes them.
    for t in temps(&out_dir) {
        let ok = Command::new("touch")
            .args(["-d", "5 minutes ago"])
            .arg(out_dir.join(&t))
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let mut c = export(99);
    let mut child = c.stdout(Stdio::null()).spawn().unwrap();
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(b"pw\n").unwrap();
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(
        temps(&out_dir),
        Vec::<String>::new(),
        "stale temporaries removed"
    );
    // Whatever did get written is a whole, readable file.
    for n in names_in(&out_dir) {
        let bytes = std::fs::read(out_dir.join(&n)).unwrap();
        let pw = oces_core::secret::Password::new("pw");
        assert!(
            oces_core::cert::open_bytes(&bytes, Some(&pw)).is_ok(),
            "{n} is half-written"
        );
    }
}
