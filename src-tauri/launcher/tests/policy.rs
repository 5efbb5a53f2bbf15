//! `oces-wizard policy [--json]` on Linux, with a policy.json given to the debug build by
//! `OCES_WIZARD_TEST_POLICY_FILE` (a release build reads only /etc/oces-wizard/policy.json).
//! The Windows registry is tested under Wine in `tests/windows_policy.rs`.
#![cfg(all(unix, not(target_os = "macos")))]
#![allow(clippy::expect_used)] // test code: a failed expectation is the report

use std::process::Command;

fn run(args: &[&str], policy: Option<&std::path::Path>, lang: &str) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oces-wizard"));
    cmd.args(args)
        .env("OCES_WIZARD_WINDOW", "/nonexistent/oces-wizard-window")
        .env("LANG", lang)
        .env("LC_ALL", lang);
    match policy {
        Some(p) => cmd.env("OCES_WIZARD_TEST_POLICY_FILE", p),
        // Nowhere: /etc/oces-wizard/policy.json may exist on a developer's machine.
        None => cmd.env(
            "OCES_WIZARD_TEST_POLICY_FILE",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-policy.json"),
        ),
    };
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("one JSON document: {e}: {out}"))
}

fn entry<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["policies"]
        .as_array()
        .expect("policies")
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} listed"))
}

#[test]
fn without_a_policy_every_value_is_the_default() {
    let (code, out, err) = run(&["policy", "--json"], None, "C.UTF-8");
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["policies"].as_array().map(Vec::len), Some(11));
    for p in v["policies"].as_array().expect("policies") {
        assert_eq!(p["source"], "default", "{p}");
        assert_eq!(p["value"], p["default"]);
    }
    assert_eq!(v["warnings"], serde_json::json!([]));
}

/// Good values come from policy.json; broken ones are listed with their codes (the default
/// applies), control characters escaped; the text form speaks the user's language.
#[test]
fn policy_json_values_their_source_and_the_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("policy.json");
    std::fs::write(
        &file,
        r#"{"ExpiryWarningDays": 9999, "HelpdeskName": "IT-service", "HelpdeskPhone": 70000000,
            "AllowedFlows": "dms, stil", "AllowGuideLinks": false, "Bad\u001b[31mName": 1}"#,
    )
    .expect("write");
    let (code, out, err) = run(&["policy", "--json"], Some(&file), "C.UTF-8");
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains('\u{1b}'),
        "no escape character is printed live: {out}"
    );
    let v = json(&out);
    assert_eq!(entry(&v, "HelpdeskName")["value"], "IT-service");
    assert_eq!(entry(&v, "HelpdeskName")["source"], "policy_json");
    assert_eq!(
        entry(&v, "AllowedFlows")["value"],
        serde_json::json!(["dms", "stil"])
    );
    assert_eq!(entry(&v, "AllowGuideLinks")["value"], false);
    assert_eq!(entry(&v, "ExpiryWarningDays")["value"], 60);
    assert_eq!(entry(&v, "ExpiryWarningDays")["source"], "default");
    let warnings: Vec<(String, String)> = v["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| {
            (
                w["policy"].as_str().unwrap_or_default().to_string(),
                w["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert!(warnings.contains(&("ExpiryWarningDays".into(), "policy.out_of_range".into())));
    assert!(warnings.contains(&("HelpdeskPhone".into(), "policy.wrong_type".into())));
    assert!(
        warnings.contains(&("Bad\\u{1b}[31mName".into(), "policy.unknown_name".into())),
        "{warnings:?}"
    );

    let (code, da, _) = run(&["policy"], Some(&file), "da_DK.UTF-8");
    assert_eq!(code, 0);
    assert!(
        da.contains("Kilde") && da.contains("policy.json") && da.contains("standard"),
        "{da}"
    );
    assert!(da.contains("[policy.out_of_range]") && da.contains("uden for det tilladte område"));
    assert!(!da.contains('\u{1b}'));
    let (_, en, _) = run(&["policy"], Some(&file), "en_GB.UTF-8");
    assert!(
        en.contains("Source") && en.contains("Values not used:"),
        "{en}"
    );

    // A damaged file: one warning, every value the default, still one JSON document.
    std::fs::write(&file, b"{ damaged").expect("write");
    let (code, out, _) = run(&["policy", "--json"], Some(&file), "C.UTF-8");
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["warnings"][0]["code"], "policy.unreadable");
    assert_eq!(entry(&v, "AllowGuideLinks")["source"], "default");
}

/// `inspect` warns of expiry by the organisation's ExpiryWarningDays: a certificate with 40
/// days left is "expires soon" by the default 60, not with 30.
#[test]
fn inspect_follows_expiry_warning_days() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cert = testkit::self_signed(dir.path(), "soon", "/CN=Snart udloebet", 40).cert;
    let policy = dir.path().join("policy.json");
    let soon = |policy: Option<&std::path::Path>| {
        let (code, out, err) = run(
            &["inspect", cert.to_str().expect("path"), "--json"],
            policy,
            "C.UTF-8",
        );
        assert_eq!(code, 0, "{err}");
        json(&out)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "cert.expires_soon")
    };
    assert!(soon(None));
    std::fs::write(&policy, r#"{"ExpiryWarningDays": 30}"#).expect("write");
    assert!(!soon(Some(&policy)));
}

/// `inventory` counts a certificate as expiring by the organisation's ExpiryWarningDays when no
/// `--warn-days` is given: 40 days left is "expiring" by the default 60, not with 30, and an
/// explicit `--warn-days` still wins.
#[test]
fn inventory_follows_expiry_warning_days() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");
    let oces = home.path().join(".oces");
    std::fs::create_dir_all(&oces).expect("mkdir");
    testkit::self_signed(&oces, "soon", "/CN=Snart udloebet", 40);
    let policy = data.path().join("policy.json");
    let exit = |policy_file: &std::path::Path, extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
            .args(["inventory", "--exit-code"])
            .args(extra)
            .env("OCES_WIZARD_HOME", home.path())
            .env("OCES_WIZARD_DATA_DIR", data.path())
            .env("OCES_WIZARD_TEST_POLICY_FILE", policy_file)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("the binary runs");
        out.status.code().unwrap_or(-1)
    };
    assert_eq!(exit(&policy, &[]), 1, "no policy: 60 days");
    std::fs::write(&policy, r#"{"ExpiryWarningDays": 30}"#).expect("write");
    assert_eq!(exit(&policy, &[]), 0, "the policy's 30 days");
    assert_eq!(exit(&policy, &["--warn-days", "45"]), 1, "--warn-days wins");
}
