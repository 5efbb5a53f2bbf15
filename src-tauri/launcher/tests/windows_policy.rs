//! Policies in the Windows registry (under Wine, scripts/test-windows.sh): values written with
//! `reg add` under `HKLM\Software\Policies\OCES-guiden` and `HKCU\…` reach
//! `oces-wizard.exe policy --json` with their source; HKLM wins over HKCU, HKCU over the
//! default; a value of the wrong type is reported and the next source used. Ignored by
//! default: it changes the machine's policies, which only the throw-away Wine prefix may have
//! changed (`--include-ignored` there).
#![cfg(windows)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::Command;

const KEY: &str = r"Software\Policies\OCES-guiden";

/// `reg.exe` with these arguments; it must succeed unless `may_fail`.
fn reg(args: &[&str], may_fail: bool) {
    let out = Command::new("reg")
        .args(args)
        .output()
        .expect("reg.exe runs");
    assert!(
        may_fail || out.status.success(),
        "reg {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn add(hive: &str, name: &str, kind: &str, data: &str) {
    let key = format!(r"{hive}\{KEY}");
    reg(
        &["add", &key, "/v", name, "/t", kind, "/d", data, "/f"],
        false,
    );
}

fn clear() {
    for hive in ["HKLM", "HKCU"] {
        reg(&["delete", &format!(r"{hive}\{KEY}"), "/f"], true);
    }
}

fn policy_json() -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(["policy", "--json"])
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("one JSON document: {e}: {text}"))
}

/// (value, source) of one policy.
fn get(v: &serde_json::Value, name: &str) -> (serde_json::Value, String) {
    let p = v["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} listed"));
    (
        p["value"].clone(),
        p["source"].as_str().unwrap().to_string(),
    )
}

fn warnings(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let s = |k: &str| w[k].as_str().unwrap_or_default().to_string();
            (s("policy"), s("source"), s("code"))
        })
        .collect()
}

#[test]
#[ignore = "changes this Windows PC's policies: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn registry_policies_reach_the_command_line_hklm_over_hkcu_over_default() {
    clear();
    let v = policy_json();
    assert_eq!(get(&v, "ExpiryWarningDays"), (60.into(), "default".into()));
    assert!(warnings(&v).is_empty());

    // HKCU alone: its values, said to come from HKCU.
    add("HKCU", "ExpiryWarningDays", "REG_DWORD", "14");
    add("HKCU", "HelpdeskName", "REG_SZ", "Brugerens IT-afdeling");
    add("HKCU", "AllowGuideLinks", "REG_DWORD", "0");
    let v = policy_json();
    assert_eq!(get(&v, "ExpiryWarningDays"), (14.into(), "hkcu".into()));
    assert_eq!(
        get(&v, "HelpdeskName"),
        ("Brugerens IT-afdeling".into(), "hkcu".into())
    );
    assert_eq!(get(&v, "AllowGuideLinks"), (false.into(), "hkcu".into()));

    // HKLM on top: it wins where it sets a value; a value of the wrong type (a text where a
    // DWORD belongs) is reported and HKCU's is used; an out-of-range one falls to the default.
    add("HKLM", "ExpiryWarningDays", "REG_DWORD", "90");
    add("HKLM", "AllowedFlows", "REG_SZ", "dms,stil");
    add("HKLM", "AllowGuideLinks", "REG_SZ", "no");
    add("HKLM", "DefaultEnvironment", "REG_SZ", "production");
    add("HKLM", "BackupRequired", "REG_DWORD", "7");
    let v = policy_json();
    assert_eq!(get(&v, "ExpiryWarningDays"), (90.into(), "hklm".into()));
    assert_eq!(
        get(&v, "AllowedFlows"),
        (serde_json::json!(["dms", "stil"]), "hklm".into())
    );
    assert_eq!(
        get(&v, "DefaultEnvironment"),
        ("production".into(), "hklm".into())
    );
    assert_eq!(get(&v, "AllowGuideLinks"), (false.into(), "hkcu".into()));
    assert_eq!(
        get(&v, "HelpdeskName"),
        ("Brugerens IT-afdeling".into(), "hkcu".into())
    );
    assert_eq!(get(&v, "BackupRequired"), (true.into(), "default".into()));
    assert_eq!(get(&v, "LockEnvironment"), (false.into(), "default".into()));
    let w = warnings(&v);
    assert!(
        w.contains(&(
            "AllowGuideLinks".into(),
            "hklm".into(),
            "policy.wrong_type".into()
        )),
        "{w:?}"
    );
    assert!(
        w.contains(&(
            "BackupRequired".into(),
            "hklm".into(),
            "policy.out_of_range".into()
        )),
        "{w:?}"
    );
    assert_eq!(w.len(), 2, "{w:?}");

    // HKLM's value gone: HKCU's shows again.
    reg(
        &[
            "delete",
            &format!(r"HKLM\{KEY}"),
            "/v",
            "ExpiryWarningDays",
            "/f",
        ],
        false,
    );
    assert_eq!(
        get(&policy_json(), "ExpiryWarningDays"),
        (14.into(), "hkcu".into())
    );
    clear();
}
