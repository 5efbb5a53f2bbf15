//! The helpdesk log as the window writes it (`logging::init`, global, so its own test binary
//! with one test): a sentinel password is pushed through every path that logs an error:
//! `UiError::from` with a cause chain, `UiError::internal`, `UiError::internal_from`,
//! `UiError::of`, `UiError::new`, a real certificate error, a panic, a private key in an event. The log must
//! record each with its code, cause chain, step (each session's own) and place in the code,
//! and hold neither the sentinel nor the key.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::error::{Coded, ErrorCode, UiError};
use oces_core::logging;
use oces_core::paths::AppPaths;
use oces_core::secret::Password;

const SENTINEL: &str = "Log-SENTINEL-pw-Æ-4q";
/// The body of a made-up key block: the scrub removes a block whatever it holds, so no real
/// key material is needed (nor kept in the sources).
const KEY_BODY: &str = "S0VZLUJPRFktU0VOVElORUwtbm90LWEta2V5";
/// The label of the made-up key blocks, put together so that no source line is a key header.
const PK: &str = concat!("PRIVATE", " KEY");

/// An error whose text and causes carry the secret, as a careless error type might.
#[derive(Debug)]
struct Careless {
    inner: std::io::Error,
}

impl std::fmt::Display for Careless {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not open with {SENTINEL}")
    }
}

impl std::error::Error for Careless {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.inner)
    }
}

impl Coded for Careless {
    fn code(&self) -> ErrorCode {
        ErrorCode::CertWrongPassword
    }
}

fn careless() -> Careless {
    let key = format!("-----BEGIN {PK}-----\n{KEY_BODY}\n-----END {PK}-----");
    Careless {
        inner: std::io::Error::other(format!("the key {key} did not match {SENTINEL}")),
    }
}

const QUESTION_MARK_LINE: u32 = line!() + 3;

fn via_question_mark() -> Result<(), UiError> {
    Err(careless())?;
    Ok(())
}

#[test]
fn every_error_path_is_logged_with_its_cause_and_step_and_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_dir(dir.path().join("data"));
    let file =
        logging::init(Some(&paths.data_dir), logging::Program::Window).expect("logging starts");
    assert_eq!(file, paths.log_file());
    let pw = Password::new(SENTINEL);

    // The step the window is shown is recorded (where the session makes the view for it),
    // and the session's use cases log inside it.
    let session = oces_core::session::Session::load(None, None);
    let step = session.choose_flow("dms").unwrap().view.view.current;
    assert_eq!(step, "DMS-1");
    // Outside any use case, a line has no step: the process has none.
    let _ = UiError::of(ErrorCode::StepIncomplete);
    // The step is the session's own, read from its state when a use case starts: two
    // sessions on different steps each log theirs, whichever view was made last (CUG-1's).
    let other = oces_core::session::Session::load(None, None);
    assert_eq!(other.choose_flow("cug").unwrap().view.view.current, "CUG-1");
    {
        let _step = session.log_step();
        let _ = UiError::of(ErrorCode::FileNameTaken);
    }
    {
        let _step = other.log_step();
        let _ = UiError::of(ErrorCode::StepLocked);
    }
    let _in_step = session.log_step();

    let e = via_question_mark().unwrap_err();
    assert_eq!(e.code, ErrorCode::CertWrongPassword);
    let e = UiError::from(careless());
    let line_of_from = line!() - 1;
    assert!(e.message.contains(SENTINEL), "the test's error is careless");
    let _ = UiError::internal();
    let line_of_internal = line!() - 1;
    let _ = UiError::internal_from(&careless());
    let _ = UiError::of(ErrorCode::StepNotDone);
    let line_of_of = line!() - 1;
    let _ = UiError::new(ErrorCode::MailFailed, Default::default(), "no mail program");
    let line_of_new = line!() - 1;
    // A real error of the core, opened with the sentinel password.
    let real = oces_core::cert::open_bytes(b"not a certificate at all", Some(&pw))
        .map_err(UiError::from)
        .unwrap_err();
    // An event that carries a private key and the password.
    tracing::error!(target: "oces_wizard_window", "careless event {SENTINEL} -----BEGIN RSA {PK}-----\n{KEY_BODY}");
    // A panic, whose message has the password.
    let secret = pw.expose().to_string();
    let span = session.step_span();
    let joined = std::thread::spawn(move || {
        let _step = span.enter();
        panic!("boom with {secret}")
    })
    .join();
    assert!(joined.is_err());

    let log = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{log}"))
            .to_string()
    };
    // The step change.
    assert!(find("oces_core::step").contains("step=DMS-1"));
    // The error made outside the session's use cases.
    assert!(find("code=wizard.step_incomplete").contains("step=- at="));
    // Each session's own step.
    assert!(find("code=files.name_taken").contains("step=DMS-1 at="));
    assert!(find("code=wizard.step_locked").contains("step=CUG-1 at="));
    // `?` and `from`: code, step, place, the whole chain with the secret and key scrubbed.
    let here = "tests/log_file.rs";
    let q = find(&format!("{here}:{QUESTION_MARK_LINE}:"));
    assert!(q.contains(" WARN ") && q.contains("code=cert.pkcs12.wrong_password"));
    assert!(q.contains("step=DMS-1"), "{q}");
    assert!(
        q.contains(
            "cause=could not open with [REDACTED]: the key [REDACTED] did not match [REDACTED]"
        ),
        "{q}"
    );
    find(&format!("{here}:{line_of_from}:"));
    let i = find(&format!("{here}:{line_of_internal}:"));
    assert!(i.contains(" ERROR ") && i.contains("code=internal"), "{i}");
    let o = find(&format!("{here}:{line_of_of}:"));
    assert!(o.contains("code=wizard.step_not_done"), "{o}");
    let n = find(&format!("{here}:{line_of_new}:"));
    assert!(n.contains("code=link.mail_failed"), "{n}");
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("code=internal") && l.contains("did not match"))
            .count(),
        1,
        "internal_from logs the cause"
    );
    // Through a function pointer (`map_err(UiError::from)`) the place is not known: the
    // line says so rather than naming the standard library.
    let r = find(&format!("code={}", real.code));
    assert!(r.contains("at=- ") && r.contains("step=DMS-1"), "{r}");
    find("careless event [REDACTED]");
    let p = find("oces_core::panic");
    assert!(
        p.contains("boom with [REDACTED]") && p.contains("step=DMS-1"),
        "{p}"
    );
    // Every line is one event from this window.
    let tag = format!("window[{}]", std::process::id());
    assert!(lines.iter().all(|l| l.contains(&tag)), "{log}");

    // Nowhere in any file of the log: not the password, not the key.
    for n in 0..logging::KEPT_FILES {
        let text = std::fs::read(logging::log_file(&paths.data_dir, n)).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        assert!(
            !text.contains(SENTINEL) && !text.contains("SENTINEL"),
            "{text}"
        );
        assert!(!text.contains(KEY_BODY), "{text}");
    }
    // Nor in what a report would attach.
    let tail = logging::tail(&paths.data_dir);
    assert!(tail.len() >= 8, "{tail:?}");
    assert!(tail.iter().all(|l| !l.contains("SENTINEL")));
    drop(pw);
}
