//! `oces-wizard link`: guide links and codes made and explained on the terminal, and a lone
//! `oces-wizard://` argument handed to the window (never read as a subcommand or an option).
#![allow(clippy::expect_used)] // test code: a failed expectation is the report

use std::process::Command;

fn run(args: &[&str], lang: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(args)
        .env(
            "OCES_WIZARD_DATA_DIR",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("link-no-data-dir"),
        )
        .env("OCES_WIZARD_WINDOW", "/nonexistent/oces-wizard-window")
        .env("LANG", lang)
        .env("LC_ALL", lang)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("one JSON document: {e}: {out}"))
}

#[test]
fn link_makes_a_link_a_code_and_the_messages() {
    let (code, out, err) = run(
        &[
            "link",
            "--flow",
            "dms",
            "--step",
            "DMS-6",
            "--env",
            "test",
            "--set",
            "se=12345678",
        ],
        "da_DK.UTF-8",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("oces-wizard://v1/go?flow=dms&step=DMS-6&env=test&se=12345678"),
        "{out}"
    );
    // A Windows process takes its language from the user's locale, not from LANG; the Wine
    // prefix of the test run is English.
    if cfg!(windows) {
        assert!(out.contains("Guide code:"), "{out}");
        assert!(out.contains("Sends the user to DMS-6"), "{out}");
        assert!(out.contains("12345678"), "{out}");
        assert!(
            out.contains("Message (da):") && out.contains("Message (en):"),
            "{out}"
        );
    } else {
        assert!(out.contains("Guidekode:"), "{out}");
        assert!(out.contains("Sender brugeren til DMS-6"), "{out}");
        assert!(out.contains("SE-nummer: 12345678"), "{out}");
        assert!(
            out.contains("Besked (da):") && out.contains("Besked (en):"),
            "{out}"
        );
    }
    assert!(
        out.contains("Hej") && out.contains("Hello"),
        "both messages: {out}"
    );

    let (code, out, _) = run(
        &[
            "link",
            "--flow",
            "dms",
            "--step",
            "DMS-6",
            "--env",
            "test",
            "--set",
            "se=12345678",
            "--json",
        ],
        "da_DK.UTF-8",
    );
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(
        v["link"],
        "oces-wizard://v1/go?flow=dms&step=DMS-6&env=test&se=12345678"
    );
    assert_eq!(v["target"]["se"], "12345678");
    let guide_code = v["code"].as_str().expect("a code").to_string();
    assert_eq!(guide_code.len(), 11);
    assert!(v["message"]["da"]
        .as_str()
        .expect("da")
        .contains(&guide_code));
    assert!(v["message"]["en"]
        .as_str()
        .expect("en")
        .contains("Click the link"));
    assert!(v["title"]["da"].as_str().expect("title").len() > 3);

    // The code and the link explain to the same target.
    for what in [guide_code.as_str(), v["link"].as_str().expect("link")] {
        let (code, out, err) = run(&["link", "--explain", what, "--json"], "en_US.UTF-8");
        assert_eq!(code, 0, "{what}: {err}");
        assert_eq!(json(&out)["target"], v["target"], "{what}");
    }
    let (code, out, _) = run(&["link", "--explain", &guide_code], "en_US.UTF-8");
    assert_eq!(code, 0);
    assert!(out.contains("Sends the user to DMS-6"), "{out}");
}

#[test]
fn a_wsbrugerid_travels_only_in_the_link() {
    let (code, out, _) = run(
        &[
            "link",
            "--flow",
            "stil",
            "--step",
            "STIL-6",
            "--env",
            "production",
            "--set",
            "ws=abc-123",
            "--json",
        ],
        "en_US.UTF-8",
    );
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["code"], serde_json::Value::Null);
    assert_eq!(v["no_code"]["code"], "guide.not_speakable");
    let (code, out, _) = run(
        &[
            "link",
            "--flow",
            "stil",
            "--step",
            "STIL-6",
            "--env",
            "production",
            "--set",
            "ws=abc-123",
        ],
        "en_US.UTF-8",
    );
    assert_eq!(code, 0);
    assert!(out.contains("No guide code:"), "{out}");
}

/// What a link may not say is refused with a coded error, as text or as one JSON document.
#[test]
fn refusals_are_coded() {
    for (args, want) in [
        (
            vec![
                "link",
                "--flow",
                "dms",
                "--step",
                "DMS-6",
                "--set",
                "password=x",
            ],
            "guide.unknown_key",
        ),
        (
            vec!["link", "--flow", "dms", "--step", "CUG-4"],
            "guide.other_flow",
        ),
        (
            vec![
                "link",
                "--flow",
                "cug",
                "--step",
                "CUG-4",
                "--set",
                "se=12345678",
            ],
            "guide.not_for_flow",
        ),
        (
            vec![
                "link",
                "--flow",
                "dms",
                "--step",
                "DMS-6",
                "--set",
                "se=http://evil.test",
            ],
            "guide.bad_value",
        ),
        (
            vec![
                "link",
                "--explain",
                "oces-wizard://v2/go?flow=dms&step=DMS-6",
            ],
            "guide.version",
        ),
        (
            vec![
                "link",
                "--explain",
                "oces-wizard://v1/go?flow=dms&step=DMS-6&open=file%3A%2F%2F%2Fetc",
            ],
            "guide.unknown_key",
        ),
        (vec!["link", "--explain", "AAAAA-AAAAA"], "guide.code_check"),
    ] {
        let mut with_json = args.clone();
        with_json.push("--json");
        let (code, out, _) = run(&with_json, "en_US.UTF-8");
        assert_eq!(code, 1, "{args:?}");
        let v = json(&out);
        assert_eq!(v["error"]["code"], want, "{args:?}");
        assert!(
            v["error"]["message"].as_str().is_some_and(|m| m.len() > 20),
            "{out}"
        );
        let (code, out, err) = run(&args, "da_DK.UTF-8");
        assert_eq!((code, out.as_str()), (1, ""), "{args:?}");
        // The OS language: English in the test run's Wine prefix, whatever LANG says.
        let want = if cfg!(windows) { "Error:" } else { "Fejl:" };
        assert!(err.starts_with(want), "{err}");
    }
    // Usage errors stay usage errors.
    let (code, _, _) = run(&["link", "--flow", "dms"], "en_US.UTF-8");
    assert_eq!(code, 2);
    let (code, _, _) = run(
        &["link", "--flow", "dms", "--step", "DMS-6", "--set", "se"],
        "en_US.UTF-8",
    );
    assert_eq!(code, 2);
}

#[cfg(unix)]
fn fake_window(dir: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let fake = dir.join("fake-window");
    std::fs::write(
        &fake,
        "#!/bin/sh\nprintf 'window'; printf ' [%s]' \"$@\"; echo\n",
    )
    .expect("write");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    fake
}

/// A lone link (valid or not: the window shows its panel or its coded error) goes to the
/// window as it is; with other arguments it is refused here and nothing is started.
#[cfg(unix)]
#[test]
fn a_lone_link_goes_to_the_window_and_extra_arguments_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fake = fake_window(dir.path());
    let go = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
            .args(args)
            .env("OCES_WIZARD_WINDOW", &fake)
            .env("LC_ALL", "en_US.UTF-8")
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let link = "oces-wizard://v1/go?flow=dms&step=DMS-6&env=test";
    for lone in [
        link,
        "oces-wizard://v9/go?flow=x",
        "OCES-WIZARD://v1/go?flow=cug&step=CUG-1",
    ] {
        let (code, out, err) = go(&[lone]);
        assert_eq!(code, 0, "{lone}: {err}");
        assert_eq!(out.trim(), format!("window [{lone}]"));
    }
    let (code, out, _) = go(&["--automation", link]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("window [--automation] [{link}]"));
    for args in [
        vec![link, "--gpu-launcher=calc"],
        vec![link, "inspect", "/etc/passwd"],
        vec!["inspect", link],
        vec![link, "--automation"],
    ] {
        let (code, out, err) = go(&args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(out, "", "the window was not started: {args:?}");
        assert!(
            err.contains("only argument") || err.contains("extra"),
            "{err}"
        );
    }
}
