//! The bad-input corpus through the real command, each file in its own process under
//! `prlimit` (1 GiB of address space, 10 s of CPU): every file ends with exit status 1 and a
//! coded JSON error, never a crash, a kill by the limits, or a hang. On Windows (under Wine),
//! which has no `prlimit`, each run gets the same 10 s, measured by the clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn every_malformed_file_is_refused_within_memory_and_time_limits() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = testkit::bad_inputs(dir.path());
    assert!(corpus.len() >= 100);
    let files = dir.path().join("corpus");
    std::fs::create_dir_all(&files).unwrap();
    for (name, bytes) in &corpus {
        let path = files.join(name);
        std::fs::write(&path, bytes).unwrap();
        #[cfg(unix)]
        let mut cmd = {
            let mut c = Command::new("prlimit");
            c.args(["--as=1073741824", "--cpu=10", "--"])
                .arg(env!("CARGO_BIN_EXE_oces-wizard"));
            c
        };
        #[cfg(not(unix))]
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_oces-wizard"));
        let started = std::time::Instant::now();
        let mut child = cmd
            .args(["inspect", "--json", "--password-stdin"])
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("prlimit (util-linux) runs");
        child.stdin.take().unwrap().write_all(b"bad\n").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{name}: took {:?}",
            started.elapsed()
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: not JSON ({e})"));
        let code = v["error"]["code"].as_str().unwrap_or_default();
        assert!(
            code.starts_with("cert.") && code != "internal",
            "{name}: {code}"
        );
    }
}
