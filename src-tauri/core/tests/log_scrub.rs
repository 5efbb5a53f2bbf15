//! The log's last guard against secrets must not be an oracle (issue 30, class 1): a live
//! password is never replaced inside the structured parts of a line (code, step, place), a
//! password too short to be scrubbed safely takes the line's free text with it, and a
//! private-key block that runs over several lines is removed whole when lines are read back.
//! One test (the register of live secrets is global to the process).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::error::ErrorCode;
use oces_core::logging;
use oces_core::secret::Password;

const PK: &str = concat!("PRIVATE", " KEY");

fn log_of(dir: &std::path::Path, password: &str, cause: &str) -> String {
    let _ = std::fs::remove_file(logging::log_file(dir, 0));
    let pw = Password::new(password);
    let sub = logging::subscriber(dir, logging::Program::Cli);
    tracing::subscriber::with_default(sub, || {
        let _step = logging::step_span("DMS-2").entered();
        let e = std::io::Error::other(cause.to_string());
        logging::record_error(
            &ErrorCode::CertWrongPassword,
            false,
            Some(&e),
            std::panic::Location::caller(),
        );
        tracing::warn!(target: "oces_core::test", step = "DMS-2", "free {cause}");
    });
    drop(pw);
    std::fs::read_to_string(logging::log_file(dir, 0)).unwrap()
}

#[test]
fn the_scrub_is_no_oracle_and_keeps_codes_whole() {
    let dir = tempfile::tempdir().unwrap();
    let cause = "the pkcs12 file: wrong password (a MAC mismatch)";
    for short in [
        "a", "password", "pkcs12", "wrong", "ssword", "e", "DMS", "1",
    ] {
        let log = log_of(dir.path(), short, cause);
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 2, "{short}: {log}");
        let e = lines[0];
        // The structured parts as they are: the code, the step, the place.
        assert!(
            e.contains(" code=cert.pkcs12.wrong_password step=DMS-2 at=")
                && e.contains("tests/log_scrub.rs:"),
            "{short}: {e}"
        );
        assert!(e.contains(" WARN oces_core::error: "), "{short}: {e}");
        // Nothing of the cause: a short secret cannot be scrubbed, the free text goes.
        assert!(e.ends_with(logging::LEFT_OUT), "{short}: {e}");
        assert!(
            !e.contains("MAC") && !e.contains(logging::REDACTED),
            "{short}: {e}"
        );
        assert!(lines[1].ends_with(&format!("step=DMS-2 {}", logging::LEFT_OUT)));
    }
    // A long one is replaced in the free text only; the code keeps its words.
    let long = "wrong_password-Æ9";
    let log = log_of(
        dir.path(),
        long,
        &format!("tried {long} on the pkcs12 file"),
    );
    assert!(
        log.contains("code=cert.pkcs12.wrong_password step=DMS-2"),
        "{log}"
    );
    assert!(
        log.contains("cause=tried [REDACTED] on the pkcs12 file"),
        "{log}"
    );
    assert!(!log.contains(long), "{log}");
    // No secret live: the whole cause.
    let log = log_of(dir.path(), "", cause);
    assert!(log.contains(&format!("cause={cause}")), "{log}");

    // Read back (a report's tail): a line from an older log with a password typed now is
    // reduced the same way, its code left whole.
    let written = format!(
        "2026-01-01T00:00:00.000Z cli[1]  WARN oces_core::error: code=cert.pkcs12.wrong_password step=DMS-2 at=- cause=wrong password\n\
         2026-01-01T00:00:01.000Z cli[1]  WARN oces_core::error: code=internal step=- at=- cause=key -----BEGIN {PK}-----\n\
         MIIKEYBODYLINEONE\n\
         MIIKEYBODYLINETWO\n\
         -----END {PK}----- after\n\
         2026-01-01T00:00:02.000Z cli[1]  WARN oces_core::error: code=internal step=- at=- cause=last\n"
    );
    std::fs::write(logging::log_file(dir.path(), 0), written).unwrap();
    let pw = Password::new("password");
    let tail = logging::tail(dir.path());
    drop(pw);
    assert!(
        tail[0].ends_with(&format!(
            "code=cert.pkcs12.wrong_password step=DMS-2 at=- {}",
            logging::LEFT_OUT
        )),
        "{tail:?}"
    );
    let all = tail.join("\n");
    assert!(!all.contains("MIIKEYBODY"), "{all}");
    // Without a live secret the lines are kept; the key block still goes whole.
    let tail = logging::tail(dir.path());
    let all = tail.join("\n");
    assert!(!all.contains("MIIKEYBODY"), "{all}");
    assert!(
        all.contains("cause=wrong password") && all.contains("cause=last"),
        "{all}"
    );
    assert!(all.contains("cause=key [REDACTED]"), "{all}");
}
