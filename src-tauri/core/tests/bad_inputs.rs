//! The bad-input corpus (at least 100 malformed files, see `testkit::bad_inputs`): every file
//! gives a coded error, never a panic, and within a bounded time. (Memory is bounded by the
//! command-line test of the same corpus, which runs each file under `prlimit`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::error::{Coded, ErrorCode};
use oces_core::secret::Password;
use std::time::Duration;

/// Generous: a hang, not a slow machine, is what this catches.
const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn every_malformed_file_gives_a_coded_error() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = testkit::bad_inputs(dir.path());
    assert!(corpus.len() >= 100, "the corpus has {} files", corpus.len());
    let mut codes = std::collections::BTreeMap::<&'static str, usize>::new();
    let mut accepted = Vec::new();
    for (name, bytes) in corpus {
        let (tx, rx) = std::sync::mpsc::channel();
        let n = name.clone();
        std::thread::spawn(move || {
            let pw = Password::new("bad");
            let r = std::panic::catch_unwind(|| {
                oces_core::cert::open_bytes(&bytes, Some(&pw)).map(|_| ())
            });
            let _ = tx.send(r.map_err(|_| n));
        });
        let result = rx
            .recv_timeout(LIMIT)
            .unwrap_or_else(|_| panic!("{name}: no answer within {LIMIT:?}"));
        match result {
            Err(n) => panic!("{n}: the reader panicked"),
            Ok(Ok(())) => accepted.push(name),
            Ok(Err(e)) => {
                let code = e.code();
                assert_ne!(code, ErrorCode::Internal, "{name}");
                *codes.entry(code.as_str()).or_default() += 1;
            }
        }
    }
    assert!(
        accepted.is_empty(),
        "malformed files accepted: {accepted:?}"
    );
    // The corpus reaches several different refusals, not one catch-all.
    assert!(codes.len() >= 4, "{codes:?}");
    println!("bad-input corpus: {codes:?}");
}

/// Tiny files with huge iteration counts (MAC, PBKDF2, legacy PBE, a key without MAC, and many
/// counts that are each allowed but together too much) are refused with their own code before
/// the work is done, with the right password as well as a wrong one.
#[test]
fn unreasonable_key_derivation_work_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let files = testkit::expensive_pkcs12(dir.path());
    assert_eq!(files.len(), 5);
    for (name, bytes) in files {
        for password in ["bad", "wrong"] {
            let (tx, rx) = std::sync::mpsc::channel();
            let b = bytes.clone();
            std::thread::spawn(move || {
                let pw = Password::new(password);
                let _ = tx.send(oces_core::cert::open_bytes(&b, Some(&pw)).map(|_| ()));
            });
            let r = rx
                .recv_timeout(LIMIT)
                .unwrap_or_else(|_| panic!("{name} ({password}): no answer within {LIMIT:?}"));
            let code = r.err().map(|e| e.code());
            assert_eq!(
                code,
                Some(ErrorCode::CertTooMuchWork),
                "{name} with password {password}"
            );
        }
    }
}
