//! The support report after real work with sentinel secrets: a PKCS#12 whose password is a
//! sentinel is opened and backed up, a handover is logged. Neither the report (text and JSON),
//! nor the saved progress, nor the handover log, nor the app's log (attached to the report
//! too) may contain the password or key bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert;
use oces_core::flow::FlowId;
use oces_core::paths::{AppPaths, UserFolders};
use oces_core::secret::Password;
use oces_core::support::{decode, report, report_text, Machine};
use oces_core::wizard::{CertFacts, WizardState};

const SENTINEL_PW: &str = "SENTINEL-p12-pw-Æ41";

#[test]
fn no_secret_reaches_the_report_or_the_saved_files() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let folders = UserFolders::under(home.path().to_path_buf());
    let paths = AppPaths::in_dir(data.path());
    // The app's log, as the window writes it, into the data folder.
    let _log = tracing::subscriber::set_default(oces_core::logging::subscriber(
        data.path(),
        oces_core::logging::Program::Window,
    ));
    let p12 = testkit::oces3_test_p12(
        work.path(),
        "Toldsystem (systemcertifikat)",
        "175a859d-ed76-45af-828f-3a69691a7157",
        SENTINEL_PW,
    );
    let downloads = folders.downloads.clone().unwrap();
    std::fs::create_dir_all(&downloads).unwrap();
    let file = downloads.join("told.p12");
    std::fs::copy(&p12, &file).unwrap();
    let pw = Password::new(SENTINEL_PW);
    // A wrong password first (logged), then the right one.
    let wrong = Password::new("SENTINEL-wrong-pw-Æ42");
    let e = cert::open_file(&file, Some(&wrong)).map_err(oces_core::error::UiError::from);
    assert!(e.is_err());

    let opened = cert::open_file(&file, Some(&pw)).unwrap();
    let key = opened.private_key.clone().unwrap();
    let key_hex: String = key.expose()[..24]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let inspection = cert::inspect(&opened, time::OffsetDateTime::now_utc()).unwrap();
    let backup =
        oces_core::files::backup::backup(&file, &home.path().join("usb"), Some(&pw)).unwrap();

    let mut w = WizardState::default();
    w.choose_flow(FlowId::Dms);
    w.update_facts(|f| {
        f.file = Some(file.clone());
        f.certificate = Some(CertFacts::from_inspection(&inspection));
        f.backup = Some(backup.placed.path().to_path_buf());
    });
    // An error met on the way: a wrong password (its code only is kept).
    w.note_error(
        oces_core::error::ErrorCode::CertWrongPassword,
        time::OffsetDateTime::now_utc(),
    );
    oces_core::saved_state::save_progress(&paths, &w).unwrap();
    oces_core::handover::append(
        &paths.handover_log(),
        &oces_core::handover::HandoverEntry {
            handed_over_by: "Anne".into(),
            handed_to: "Jens".into(),
            handed_over_at: "2026-11-22T10:00".into(),
            method: "phone".into(),
            receipt_confirmed: true,
            receipt_at: Some("2026-11-22T10:05".into()),
            logged_at: "x".into(),
        },
    )
    .unwrap();

    let mut r = report(
        &w,
        Some(&folders),
        Machine {
            app_version: "0.1.0".into(),
            os: "linux".into(),
            language: "da".into(),
        },
    );
    assert!(r.log.is_empty(), "the log is attached only when asked");
    oces_core::support::attach_log(&mut r, data.path());
    assert!(
        r.log
            .iter()
            .any(|l| l.contains("code=cert.pkcs12.wrong_password") && l.contains("step=")),
        "{:?}",
        r.log
    );
    let text = report_text(&r);
    assert!(text.contains("\nLog (seneste linjer):\n  "), "{text}");
    let json = serde_json::to_string(&r).unwrap();
    // The report in English too (for a desk that prefers it): its part in words (step names,
    // the message as the screen said it) is new text written into the report.
    let text_en = oces_core::support::report_text_in(&r, oces_core::i18n::Lang::En);
    for (what, s) in [("text", &text), ("English text", &text_en), ("json", &json)] {
        assert!(!s.contains("SENTINEL"), "{what} report leaks the password");
        assert!(!s.contains(&key_hex), "{what} report leaks key bytes");
        assert!(
            !s.contains(&home.path().display().to_string()),
            "{what}: home as ~"
        );
    }
    assert!(text.contains("CVR_25313763_UI_175a859d-ed76-45af-828f-3a69691a7157"));
    let shown = if cfg!(windows) {
        "%USERPROFILE%\\Downloads\\told.p12"
    } else {
        "~/Downloads/told.p12"
    };
    assert!(text.contains(shown), "{text}");
    // The certificate summary: subject, issuer, serial, validity, fingerprint, CVR, findings.
    let c = &inspection.certificate;
    // Validity in the text the Danish way, in this computer's zone ("28. november 2026 kl.
    // 07.41 (UTC+01:00)"), raw (UTC) in the JSON.
    let zone = oces_core::i18n::Zone::system();
    for when in [&c.not_before, &c.not_after] {
        let danish = oces_core::i18n::date_time(when, oces_core::i18n::Lang::Da, &zone);
        assert!(danish.contains(" kl. "), "{danish}");
        assert!(text.contains(&danish), "{danish} missing in\n{text}");
        assert!(json.contains(when.as_str()));
    }
    for want in [&c.subject, &c.issuer, &c.serial, &c.sha256_fingerprint] {
        assert!(!want.is_empty());
        assert!(text.contains(want.as_str()), "{want} missing in\n{text}");
        assert!(json.contains(want.as_str()), "{want} missing in the JSON");
    }
    assert!(text.contains("CVR:") && text.contains("25313763"));
    assert!(
        !inspection.findings.is_empty(),
        "a test certificate has findings"
    );
    for f in &inspection.findings {
        assert!(text.contains(f.code), "finding {} missing", f.code);
    }
    // The last errors, with their codes and the step they happened at.
    assert!(
        text.contains("Besked vist:") && text.contains("cert.pkcs12.wrong_password på DMS-1"),
        "{text}"
    );
    // The user reads this report too: no line headed as an error.
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("Fejl") || l.starts_with("Error")),
        "{text}"
    );
    assert_eq!(r.errors.len(), 1);
    // ... and first in words: the message the user was shown, as the screen said it.
    let (words, _) = text
        .split_once("\nTil supporten: tekniske oplysninger\n")
        .expect("a technical part");
    let shown = oces_core::i18n::tr(
        oces_core::i18n::Lang::Da,
        "error.cert.pkcs12.wrong_password",
        &[],
    );
    assert!(words.contains(&shown), "{words}");
    assert!(!words.contains("cert.pkcs12"), "{words}");
    for entry in std::fs::read_dir(data.path()).unwrap() {
        let s =
            String::from_utf8_lossy(&std::fs::read(entry.unwrap().path()).unwrap()).into_owned();
        assert!(!s.contains("SENTINEL") && !s.contains(&key_hex));
    }
    // The support code in the report reads back to the same flow and results.
    let info = decode(&r.support_code).unwrap();
    assert_eq!(info.flow, FlowId::Dms);
    assert!(info.found && info.opened && info.backed_up);
    assert_eq!(
        info.generation,
        Some(oces_core::cert::identify::Generation::Oces3)
    );
}

/// A DKMA page the reader does not understand: the support report says what the reader saw
/// (size, hash, counts, markers) so the reader can be fixed, and nothing of the page itself.
#[test]
fn an_unreadable_cug_page_reaches_the_report_as_sizes_and_markers_only() {
    let home = tempfile::tempdir().unwrap();
    let folders = UserFolders::under(home.path().to_path_buf());
    let downloads = folders.downloads.clone().unwrap();
    std::fs::create_dir_all(&downloads).unwrap();
    let file = downloads.join("John SENTINEL-NAME.html");
    let blob: String = (0..600).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    let page = format!(
        "<html><body><form><input value=\"SENTINEL-FIELD\"></form><script>x=\"{blob}\"</script>\
         </body></html>"
    );
    std::fs::write(&file, &page).unwrap();
    let unreadable = oces_core::files::unreadable::check_choice(FlowId::Cug, &file)
        .unwrap()
        .expect("not understood");
    let mut w = WizardState::default();
    w.choose_flow(FlowId::Cug);
    w.update_facts(|f| {
        f.file = Some(file.clone());
        f.unreadable = Some(unreadable);
    });
    let r = report(
        &w,
        Some(&folders),
        Machine {
            app_version: "0.0.0".into(),
            os: "test".into(),
            language: "da".into(),
        },
    );
    let text = report_text(&r);
    // A Danish user's report says it in Danish (the review: no "bytes", no "utf8 true").
    assert!(
        text.contains(&format!("{} byte,", page.len())),
        "the size is there: {text}"
    );
    assert!(
        text.contains("1 base64-stykker (det længste 600 tegn)"),
        "{text}"
    );
    assert!(!text.contains("utf8 ") && !text.contains("bytes"), "{text}");
    let en = oces_core::support::report_text_in(&r, oces_core::i18n::Lang::En);
    assert!(en.contains(&format!("{} bytes,", page.len())), "{en}");
    assert!(
        en.contains("1 base64 runs (longest 600 characters)"),
        "{en}"
    );
    assert!(text.contains("<form <input"), "markers: {text}");
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"unreadable\""));
    for leak in ["SENTINEL-FIELD", "abcdefghij"] {
        assert!(
            !text.contains(leak) && !json.contains(leak),
            "{leak} leaked"
        );
    }
}
