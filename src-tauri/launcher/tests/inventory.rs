//! `oces-wizard inventory` on a fake home folder (`OCES_WIZARD_HOME`): every format, every
//! exit code, and no key material or password in any output.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the report

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const SENTINEL: &str = "Inv-PW-SENTINEL-7731";

fn run(home: &Path, args: &[&str]) -> (i32, String) {
    let data = tempfile::tempdir().expect("tmp");
    let out = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .arg("inventory")
        .args(args)
        .env("OCES_WIZARD_HOME", home)
        .env("OCES_WIZARD_DATA_DIR", data.path())
        // No policy (a developer's /etc/oces-wizard/policy.json would change the warning days).
        .env(
            "OCES_WIZARD_TEST_POLICY_FILE",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-policy.json"),
        )
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A self-signed certificate for `cn` valid from `from` to `to` days from now: (cert PEM,
/// key PEM).
fn cert(cn: &str, from: i64, to: i64) -> (String, String) {
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, cn);
    p.distinguished_name
        .push(rcgen::DnType::OrganizationName, "Testfirma ApS");
    let now = time::OffsetDateTime::now_utc();
    p.not_before = now + time::Duration::days(from);
    p.not_after = now + time::Duration::days(to);
    let key = rcgen::KeyPair::generate().unwrap();
    (p.self_signed(&key).unwrap().pem(), key.serialize_pem())
}

fn put(home: &Path, rel: &str, text: &str) -> PathBuf {
    let p = home.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// A minimal JSON Schema check of the keywords docs/inventory.schema.json uses (`type`,
/// `const`, `enum`, `required`, `properties`, `additionalProperties: false`, `items`,
/// `minItems`, `minimum`, local `$ref`); `pattern` is checked by the caller.
fn validate(schema: &Value, root: &Value, v: &Value, at: &str) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local ref");
        return validate(&root["$defs"][name], root, v, at);
    }
    if let Some(c) = schema.get("const") {
        assert_eq!(v, c, "{at}: const");
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        assert!(e.contains(v), "{at}: {v} not in {e:?}");
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("{at}: bad type keyword"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            other => panic!("{at}: type {other}"),
        });
        assert!(ok, "{at}: {v} is not {types:?}");
    }
    if let Some(m) = schema.get("minimum").and_then(Value::as_i64) {
        assert!(v.as_i64().unwrap() >= m, "{at}: below {m}");
    }
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let r = r.as_str().unwrap();
            assert!(obj.contains_key(r), "{at}: `{r}` missing");
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(s, root, val, &format!("{at}.{k}")),
                None => assert!(
                    schema.get("additionalProperties") != Some(&Value::Bool(false)),
                    "{at}: `{k}` not in the schema"
                ),
            }
        }
    }
    if let Some(arr) = v.as_array() {
        if let Some(n) = schema.get("minItems").and_then(Value::as_u64) {
            assert!(arr.len() as u64 >= n, "{at}: fewer than {n} items");
        }
        if let Some(items) = schema.get("items") {
            for (i, x) in arr.iter().enumerate() {
                validate(items, root, x, &format!("{at}[{i}]"));
            }
        }
    }
}

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/inventory.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("schema")
}

#[test]
fn json_follows_the_schema_and_merges_places_by_fingerprint() {
    let home = tempfile::tempdir().unwrap();
    let (pem, _) = cert("Søren Ærø", -1, 200);
    put(home.path(), "Downloads/soren.pem", &pem);
    put(home.path(), ".oces/soren.crt", &pem);
    let (other, _) = cert("Anden Person", -1, 300);
    put(home.path(), "Desktop/anden.pem", &other);
    let (code, out) = run(home.path(), &["--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).expect("one JSON document");
    let s = schema();
    validate(&s, &s, &v, "$");
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2, "{out}");
    // Soonest end first.
    assert_eq!(certs[0]["common_name"], "Søren Ærø");
    let places: Vec<&str> = certs[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["place"].as_str().unwrap())
        .collect();
    assert_eq!(places.len(), 2, "{places:?}");
    assert!(
        places.contains(&"downloads") && places.contains(&"oces"),
        "{places:?}"
    );
    for c in certs {
        let fp = c["fingerprint"].as_str().unwrap();
        assert_eq!(fp.len(), 95, "{fp}");
        assert!(fp.split(':').all(|h| h.len() == 2
            && h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())));
        assert_eq!(c["status"], "ok");
        assert_eq!(c["environment"], "unknown"); // self-signed: never taken for production
    }
    assert_eq!(v["revocation"], "not_checked");
}

#[test]
fn csv_has_the_fixed_header_and_quotes_per_rfc_4180() {
    let home = tempfile::tempdir().unwrap();
    let (pem, _) = cert("Firma, \"Afd\" A/S", -1, 200);
    put(home.path(), "Downloads/a.pem", &pem);
    let (formula, _) = cert("=HYPERLINK(\"x\")", -1, 300);
    put(home.path(), "Downloads/b.pem", &formula);
    let (code, out) = run(home.path(), &["--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "fingerprint,common_name,organisation,cvr,id_type,id,kind,generation,environment,trust,issuer_common_name,serial,not_before,not_after,days_left,status,private_key,locations"
    );
    assert_eq!(lines.len(), 4, "header, two rows, the empty rest: {out:?}");
    assert_eq!(lines[3], "");
    assert!(
        lines[1].contains(",\"Firma, \"\"Afd\"\" A/S\",Testfirma ApS,"),
        "{}",
        lines[1]
    );
    // A formula is defused (and quoted, as it holds quotes).
    assert!(
        lines[2].contains(",\"'=HYPERLINK(\"\"x\"\")\","),
        "{}",
        lines[2]
    );
    assert!(lines[1].contains(",ok,false,downloads:"), "{}", lines[1]);
}

#[test]
fn prom_uses_the_exporter_names_and_is_written_atomically() {
    let home = tempfile::tempdir().unwrap();
    let (pem, _) = cert("Holder \"Q\" \\ Back\nslash", -1, 200);
    put(home.path(), "Downloads/a.pem", &pem);
    // As the folder scan writes it (`\` throughout on Windows).
    let file = home.path().join("Downloads").join("a.pem");
    let (old, _) = cert("Gammel", -400, -5);
    put(home.path(), ".oces/old.pem", &old);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("oces.prom");
    std::fs::write(&target, "old content\n").unwrap();
    let (code, out) = run(
        home.path(),
        &["--format", "prom", "--out", target.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "", "nothing on standard output with --out");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("oces.prom")],
        "no temp file left"
    );
    let text = std::fs::read_to_string(&target).unwrap();
    for family in [
        "x509_cert_not_before",
        "x509_cert_not_after",
        "x509_cert_expired",
        "oces_cert_info",
    ] {
        assert!(text.contains(&format!("# TYPE {family} gauge\n")), "{text}");
    }
    // Label values: quote and backslash escaped, the line break made visible by the app's
    // escaping and its backslash escaped again; one sample per line.
    let cn = "subject_CN=\"Holder \\\"Q\\\" \\\\ Back\\\\nslash\"";
    let after = text
        .lines()
        .find(|l| l.starts_with("x509_cert_not_after{") && l.contains(cn))
        .unwrap_or_else(|| panic!("{text}"));
    let path = file.to_str().unwrap().replace('\\', "\\\\");
    assert!(after.contains(&format!("filepath=\"{path}\"")), "{after}");
    assert!(
        after.contains("issuer_CN=") && after.contains("serial_number="),
        "{after}"
    );
    let value: i64 = after.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(value > 1_700_000_000, "{after}");
    let expired: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("x509_cert_expired{"))
        .collect();
    assert_eq!(expired.len(), 2, "{text}");
    assert!(expired
        .iter()
        .any(|l| l.contains("Gammel") && l.ends_with(" 1")));
    assert!(expired
        .iter()
        .any(|l| l.contains("Holder") && l.ends_with(" 0")));
    assert_eq!(text.matches("\noces_cert_info{").count(), 2, "{text}");
    // Every sample line is `name{labels} number`.
    for l in text.lines().filter(|l| !l.starts_with('#')) {
        let (_, v) = l.rsplit_once("} ").unwrap_or_else(|| panic!("{l}"));
        assert!(v.parse::<i64>().is_ok(), "{l}");
    }
}

#[test]
fn exit_codes_follow_the_detection_contract() {
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        run(empty.path(), &["--exit-code"]).0,
        0,
        "nothing found: fine"
    );

    let fine = tempfile::tempdir().unwrap();
    put(fine.path(), "Downloads/a.pem", &cert("Fin", -1, 200).0);
    assert_eq!(run(fine.path(), &["--exit-code"]).0, 0);

    let soon = tempfile::tempdir().unwrap();
    put(soon.path(), "Downloads/a.pem", &cert("Fin", -1, 200).0);
    put(soon.path(), ".oces/b.pem", &cert("Snart", -1, 10).0);
    assert_eq!(run(soon.path(), &["--exit-code"]).0, 1, "within 60 days");
    assert_eq!(
        run(soon.path(), &["--exit-code", "--warn-days", "5"]).0,
        0,
        "not within 5 days"
    );
    assert_eq!(run(soon.path(), &["--exit-code", "--warn-days", "90"]).0, 1);
    assert_eq!(run(soon.path(), &[]).0, 0, "without --exit-code");

    let gone = tempfile::tempdir().unwrap();
    put(gone.path(), ".oces/b.pem", &cert("Snart", -1, 10).0);
    put(gone.path(), "Documents/c.pem", &cert("Udløbet", -400, -1).0);
    for format in ["json", "csv", "prom"] {
        assert_eq!(
            run(gone.path(), &["--exit-code", "--format", format]).0,
            2,
            "expired beats expiring ({format})"
        );
    }
    let (code, out) = run(gone.path(), &["--exit-code"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = schema();
    validate(&s, &s, &v, "$");
    let statuses: Vec<&str> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["expired", "expiring"]);
}

#[test]
fn no_output_holds_a_key_or_a_password() {
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    // A MitID-Erhverv-style PKCS#12 (certificates in the clear, key encrypted) ...
    let p12 = testkit::oces3_test_p12(
        work.path(),
        "Sentinel Holder",
        "6ab5d4b0-8a4b-4a4c-9e56-0a3e1c3f6b11",
        SENTINEL,
    );
    std::fs::create_dir_all(home.path().join(".oces")).unwrap();
    std::fs::copy(&p12, home.path().join(".oces/told.p12")).unwrap();
    // ... one whose certificates are encrypted too (listed as locked) ...
    let issued = testkit::self_signed(work.path(), "locked", "/CN=Locked Holder", 100);
    let locked = testkit::pkcs12(work.path(), "locked", &issued, None, SENTINEL, &[]);
    std::fs::create_dir_all(home.path().join("Downloads")).unwrap();
    std::fs::copy(&locked, home.path().join("Downloads/locked.p12")).unwrap();
    // ... and a PEM file with the key beside the certificate.
    let (pem, key) = cert("Key Beside", -1, 200);
    put(home.path(), "Desktop/both.pem", &format!("{pem}{key}"));
    let key_body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    let key_piece = &key_body[key_body.len() / 2..key_body.len() / 2 + 24];

    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "csv", "prom"] {
        let (code, out) = run(home.path(), &["--format", format]);
        assert_eq!(code, 0, "{format}: {out}");
        let file = dir.path().join(format!("inv.{format}"));
        let (code, _) = run(
            home.path(),
            &["--format", format, "--out", file.to_str().unwrap()],
        );
        assert_eq!(code, 0);
        for text in [out, std::fs::read_to_string(&file).unwrap()] {
            assert!(text.contains("Sentinel Holder"), "{format}: {text}");
            assert!(text.contains("Key Beside"), "{format}: {text}");
            assert!(!text.contains(SENTINEL), "{format}: the password leaked");
            assert!(!text.contains("PRIVATE KEY"), "{format}: a key leaked");
            assert!(!text.contains(key_piece), "{format}: key material leaked");
        }
    }
    let (_, out) = run(home.path(), &[]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = schema();
    validate(&s, &s, &v, "$");
    let by_cn = |cn: &str| {
        v["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["common_name"] == cn)
            .unwrap_or_else(|| panic!("{cn}: {v}"))
            .clone()
    };
    assert_eq!(by_cn("Sentinel Holder")["private_key"], true);
    assert_eq!(by_cn("Sentinel Holder")["cvr"], "25313763");
    assert_eq!(by_cn("Key Beside")["private_key"], true);
    let locked = v["locked"].as_array().unwrap();
    assert_eq!(locked.len(), 1, "{v}");
    assert!(locked[0]["path"].as_str().unwrap().ends_with("locked.p12"));
}

/// A certificate in a browser's NSS database is listed with the store as its place, merged
/// with the same certificate's file; a CA certificate in the database is left out.
#[cfg(target_os = "linux")]
#[test]
fn nss_store_certificates_are_listed_and_merged() {
    if Command::new("certutil").arg("-H").output().is_err() {
        eprintln!("certutil (libnss3-tools) is missing: skipped");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".pki/nssdb");
    std::fs::create_dir_all(&db).unwrap();
    let dbarg = format!("sql:{}", db.display());
    let certutil = |args: &[&str]| {
        let out = Command::new("certutil").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    certutil(&["-N", "--empty-password", "-d", &dbarg]);
    let (pem, _) = cert("I Browseren", -1, 200);
    let file = put(home.path(), "Downloads/browser.pem", &pem);
    certutil(&[
        "-A",
        "-n",
        "mine",
        "-t",
        ",,",
        "-i",
        file.to_str().unwrap(),
        "-d",
        &dbarg,
    ]);
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Nogen CA");
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_pem = ca
        .self_signed(&rcgen::KeyPair::generate().unwrap())
        .unwrap()
        .pem();
    let ca_file = home.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    certutil(&[
        "-A",
        "-n",
        "ca",
        "-t",
        "C,,",
        "-i",
        ca_file.to_str().unwrap(),
        "-d",
        &dbarg,
    ]);

    let (code, out) = run(home.path(), &[]);
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = schema();
    validate(&s, &s, &v, "$");
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 1, "the CA is left out: {out}");
    assert_eq!(certs[0]["common_name"], "I Browseren");
    let kinds: Vec<(&str, &str)> = certs[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["kind"].as_str().unwrap(), l["place"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("file", "downloads")), "{kinds:?}");
    assert!(kinds.contains(&("store", "nss")), "{kinds:?}");
    // Added without its key: NSS says so (certutil's `u` flag is missing), so false, not null.
    let nss = certs[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["place"] == "nss")
        .unwrap();
    assert_eq!(nss["private_key"], Value::Bool(false), "{nss}");
    assert_eq!(v["store_errors"], serde_json::json!([]));
}

/// The Intune detection script in the repository (installer/intune/), read as text: there is no
/// PowerShell where the tests run, so the script itself is not executed. What is checked: it runs
/// `inventory` with `--exit-code` and `--warn-days` set to its `$WarnDays`; its `switch` on the
/// exit code maps 0 to 0 (no issue) and 1, 2 and anything else to 1 (issue: the remediation
/// runs); the exact command line it runs, taken from its text, gives 0, 1 and 2 for
/// certificates that are fine, expiring and expired, and prints the JSON fields the script
/// reads; the README points to it.
#[test]
fn the_intune_detection_script_runs_the_documented_command_and_maps_its_exit_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let rel = "installer/intune/detect-expiring-certificates.ps1";
    let script = std::fs::read_to_string(root.join(rel)).expect("the detection script is there");
    let code_lines: Vec<&str> = script
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .collect();

    // $WarnDays = N, within what the command accepts.
    let warn_days: i64 = code_lines
        .iter()
        .find_map(|l| l.strip_prefix("$WarnDays = "))
        .expect("$WarnDays is set")
        .parse()
        .expect("a number");
    assert!((0..=3650).contains(&warn_days), "{warn_days}");

    // The command: `& $program inventory ...`, then `$code = $LASTEXITCODE`.
    let at = code_lines
        .iter()
        .position(|l| l.contains("& $program inventory"))
        .expect("the script runs oces-wizard inventory");
    let args: Vec<String> = code_lines[at]
        .split("& $program inventory")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .map(|a| {
            if a == "$WarnDays" {
                warn_days.to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    assert!(args.iter().any(|a| a == "--exit-code"), "{args:?}");
    let days_at = args
        .iter()
        .position(|a| a == "--warn-days")
        .expect("--warn-days");
    assert_eq!(args[days_at + 1], warn_days.to_string());
    assert!(
        args.iter()
            .all(|a| a.starts_with("--") || a.parse::<i64>().is_ok() || a == "json"),
        "only options the command documents: {args:?}"
    );
    assert_eq!(code_lines[at + 1], "$code = $LASTEXITCODE");

    // switch ($code) { N { ... exit M } ... default { ... exit M } }
    let start = code_lines
        .iter()
        .position(|l| *l == "switch ($code) {")
        .expect("a switch on the exit code");
    let mut mapping = std::collections::BTreeMap::new();
    for l in &code_lines[start + 1..] {
        if *l == "}" {
            break;
        }
        let (case, body) = l.split_once(" { ").expect("case { body }");
        let exit: i32 = body
            .rsplit_once("exit ")
            .expect("each case exits")
            .1
            .trim_end_matches(['}', ' '])
            .parse()
            .expect("a number");
        mapping.insert(case.to_string(), exit);
    }
    let intune = |code: i32| {
        *mapping
            .get(&code.to_string())
            .or(mapping.get("default"))
            .expect("a case or a default")
    };
    assert_eq!(
        (intune(0), intune(1), intune(2), intune(3), intune(-1)),
        (0, 1, 1, 1, 1),
        "0 is no issue; expiring, expired and any failure are an issue: {mapping:?}"
    );

    // That command line, run: fine, expiring, expired.
    let fine = tempfile::tempdir().unwrap();
    put(fine.path(), "Downloads/a.pem", &cert("Fin", -1, 200).0);
    let soon = tempfile::tempdir().unwrap();
    put(
        soon.path(),
        ".oces/b.pem",
        &cert("Snart", -1, warn_days - 1).0,
    );
    let gone = tempfile::tempdir().unwrap();
    put(gone.path(), "Documents/c.pem", &cert("Udløbet", -400, -1).0);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    for (home, code, status) in [
        (&fine, 0, "ok"),
        (&soon, 1, "expiring"),
        (&gone, 2, "expired"),
    ] {
        let (got, out) = run(home.path(), &argv);
        assert_eq!(got, code, "{status}");
        assert_eq!(intune(got), i32::from(code != 0));
        // The fields the script's summary reads.
        let v: Value = serde_json::from_str(&out).expect("JSON, as the script parses it");
        let c = &v["certificates"][0];
        assert_eq!(c["status"], status);
        assert!(
            c["common_name"].is_string() && c["days_left"].is_i64(),
            "{c}"
        );
    }
    for field in [".certificates", ".status", ".common_name", ".days_left"] {
        assert!(script.contains(field), "the script reads {field}");
    }

    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains(rel), "the README points to the script");
}
