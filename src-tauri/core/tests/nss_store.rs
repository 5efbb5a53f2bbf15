//! Installing into real NSS databases made with `certutil -N` in a temporary folder: install,
//! already there, remove; a read-only database fails alone while another succeeds; a wrong
//! password and a missing tool give coded results; the password appears in no result.
//!
//! Unix only: NSS databases are where browsers keep certificates on Linux (and these tests set
//! Unix permissions). On Windows the store is the user's personal store: see `windows.rs`.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert_stores::nss::{NssStore, Tools};
use oces_core::cert_stores::{install_all, uninstall_all, CertStore, Installable, StoreOutcome};
use oces_core::error::ErrorCode;
use oces_core::secret::Password;
use std::path::Path;
use std::process::Command;

const PW: &str = "Æble-SENTINEL-nss-41";

fn new_db(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let st = Command::new("certutil")
        .args(["-N", "--empty-password", "-d"])
        .arg(format!("sql:{}", dir.display()))
        .status()
        .expect("certutil is installed (libnss3-tools, from the test command)");
    assert!(st.success());
}

fn listed(dir: &Path) -> String {
    let out = Command::new("certutil")
        .args(["-L", "-d"])
        .arg(format!("sql:{}", dir.display()))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(unix)]
fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A store the test process cannot write: as root the tools run as `nobody` (root ignores file
/// modes); otherwise the files are made read-only.
fn read_only_store(dir: &Path) -> NssStore {
    let mut s = NssStore::at(dir, "read-only");
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        chmod(&entry.path(), 0o444);
    }
    chmod(dir, 0o555);
    if root {
        s.tools = Tools {
            prefix: [
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
            ]
            .iter()
            .map(Into::into)
            .collect(),
            dir: None,
        };
    }
    s
}

#[test]
fn install_check_remove_in_real_nss_databases() {
    let work = tempfile::tempdir().unwrap();
    chmod(work.path(), 0o755);
    let p12 = testkit::oces3_test_p12(
        work.path(),
        "Toldsystem (systemcertifikat)",
        "175a859d-ed76-45af-828f-3a69691a7157",
        PW,
    );
    let bytes = std::fs::read(&p12).unwrap();
    let pw = Password::new(PW);
    let opened = oces_core::cert::open_file(&p12, Some(&pw)).unwrap();
    let fp = oces_core::cert_stores::fingerprint(&opened.certificates[0]);

    let (a, b, ro) = (
        work.path().join("firefox"),
        work.path().join("nssdb"),
        work.path().join("locked"),
    );
    for d in [&a, &b, &ro] {
        new_db(d);
    }
    let stores: Vec<Box<dyn CertStore>> = vec![
        Box::new(NssStore::at(&a, "Firefox: test")),
        Box::new(read_only_store(&ro)),
        Box::new(NssStore::at(&b, "Chromium")),
    ];
    let item = Installable {
        pkcs12: &bytes,
        password: &pw,
        fingerprint: &fp,
        exportable: false,
    };

    let r = install_all(&stores, &item);
    let got: Vec<_> = r.iter().map(|r| r.outcome).collect();
    assert_eq!(
        got,
        [
            StoreOutcome::Installed,
            StoreOutcome::Failed,
            StoreOutcome::Installed
        ],
        "{r:#?}"
    );
    assert_eq!(
        r[1].code.map(ErrorCode::as_str),
        Some("store.read_only"),
        "{r:#?}"
    );
    assert!(listed(&a).contains("Toldsystem"), "{}", listed(&a));
    assert!(listed(&b).contains("Toldsystem"));
    assert!(!listed(&ro).contains("Toldsystem"));
    assert!(!format!("{r:?}").contains("SENTINEL"));

    let again = install_all(&stores, &item);
    assert_eq!(again[0].outcome, StoreOutcome::AlreadyThere);
    assert_eq!(again[2].outcome, StoreOutcome::AlreadyThere);

    let gone = uninstall_all(&stores, &fp);
    let got: Vec<_> = gone.iter().map(|r| r.outcome).collect();
    assert_eq!(
        got,
        [
            StoreOutcome::Removed,
            StoreOutcome::NotThere,
            StoreOutcome::Removed
        ],
        "{gone:#?}"
    );
    assert!(!listed(&a).contains("Toldsystem"));
    let again = uninstall_all(&stores, &fp);
    assert!(again.iter().all(|r| r.outcome == StoreOutcome::NotThere));
}

#[test]
fn wrong_password_and_missing_tools_are_explained() {
    let work = tempfile::tempdir().unwrap();
    let p12 = testkit::oces3_test_p12(
        work.path(),
        "Told",
        "175a859d-ed76-45af-828f-3a69691a7157",
        PW,
    );
    let bytes = std::fs::read(&p12).unwrap();
    let db = work.path().join("db");
    new_db(&db);
    let wrong = Password::new("forkert");
    let item = Installable {
        pkcs12: &bytes,
        password: &wrong,
        fingerprint: "00:11",
        exportable: false,
    };
    let store = NssStore::at(&db, "Firefox");
    let e = store.add(&item).unwrap_err();
    assert_eq!(e.code, ErrorCode::CertWrongPassword);

    let mut missing = NssStore::at(&db, "Firefox");
    missing.tools.dir = Some(work.path().join("no-tools-here"));
    let r = install_all(&[Box::new(missing) as Box<dyn CertStore>], &item);
    assert_eq!(r[0].outcome, StoreOutcome::NeedsAdmin);
    assert_eq!(r[0].code.map(ErrorCode::as_str), Some("store.tool_missing"));
    assert!(
        r[0].admin_command
            .as_deref()
            .is_some_and(|c| c.contains("nss")),
        "{r:?}"
    );
}

#[test]
fn old_type_dkma_certificates_are_found_and_removed_only_on_request() {
    use oces_core::cert_stores::{old_cug_in, remove_old};
    let work = tempfile::tempdir().unwrap();
    let db = work.path().join("db");
    new_db(&db);
    let tdc = testkit::self_signed(work.path(), "tdc", "/CN=TDC Internet Class II CA/O=TDC", 30);
    let old = testkit::signed_by(work.path(), "old", "/CN=Gammel Bruger/O=Apotek", &tdc, 30);
    let other_ca = testkit::self_signed(work.path(), "other", "/CN=Some Other CA", 30);
    let keep = testkit::signed_by(work.path(), "keep", "/CN=Keep Me", &other_ca, 30);
    for (nick, issued) in [("gammel", &old), ("keep", &keep)] {
        let st = Command::new("certutil")
            .args(["-A", "-n", nick, "-t", ",,", "-d"])
            .arg(format!("sql:{}", db.display()))
            .arg("-i")
            .arg(&issued.cert)
            .status()
            .unwrap();
        assert!(st.success());
    }
    let stores: Vec<Box<dyn CertStore>> = vec![Box::new(NssStore::at(&db, "Firefox: test"))];
    let (found, failed) = old_cug_in(&stores);
    assert!(failed.is_empty());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].certificate.subject.contains("Gammel Bruger"));
    assert_eq!(found[0].store, "Firefox: test");

    // The other certificate is not old-type: removing it this way is refused.
    let pem = std::fs::read(&keep.cert).unwrap();
    let keep_der = oces_core::cert::open_bytes(&pem, None)
        .unwrap()
        .certificates[0]
        .clone();
    let keep_fp = oces_core::cert_stores::fingerprint(&keep_der);
    assert!(remove_old(&stores, &keep_fp).is_err());
    assert!(listed(&db).contains("keep"));

    let r = remove_old(&stores, &found[0].certificate.fingerprint).unwrap();
    assert_eq!(r[0].outcome, StoreOutcome::Removed, "{r:?}");
    assert!(old_cug_in(&stores).0.is_empty());
    assert!(listed(&db).contains("keep"), "only the old one went");
}

fn certutil(args: &[&str]) {
    let out = Command::new("certutil").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "certutil {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn keys_by_fingerprint(s: &NssStore) -> Vec<(String, Option<bool>)> {
    let mut v: Vec<(String, Option<bool>)> = s
        .certificates_with_keys()
        .unwrap()
        .iter()
        .map(|(der, key)| (oces_core::cert_stores::fingerprint(der), *key))
        .collect();
    v.sort();
    v
}

/// Whether the key is with a certificate in NSS (the inventory's `private_key`), from certutil's
/// `u` flag: true for a certificate installed from a PKCS#12 file, false for one added without
/// its key; a `u` given as a trust flag by hand does not count; still true with a primary
/// password set (nothing is logged in); and unknown (None) for two certificates under one
/// nickname of which only one has its key.
#[test]
fn the_key_beside_a_certificate_is_known_from_certutils_user_flag() {
    let work = tempfile::tempdir().unwrap();
    chmod(work.path(), 0o755);
    let db = work.path().join("nssdb");
    new_db(&db);
    let dbarg = format!("sql:{}", db.display());
    let store = NssStore::at(&db, "Chromium");

    let p12 = testkit::oces3_test_p12(
        work.path(),
        "Med nøgle",
        "175a859d-ed76-45af-828f-3a69691a7157",
        PW,
    );
    let bytes = std::fs::read(&p12).unwrap();
    let pw = Password::new(PW);
    let with_key = oces_core::cert_stores::fingerprint(
        &oces_core::cert::open_file(&p12, Some(&pw))
            .unwrap()
            .certificates[0],
    );
    store
        .add(&Installable {
            pkcs12: &bytes,
            password: &pw,
            fingerprint: &with_key,
            exportable: false,
        })
        .unwrap();
    // Another certificate without its key, given the `u` flag by hand.
    let only = testkit::self_signed(work.path(), "only", "/CN=Uden nøgle", 30);
    let only_pem = only.cert.to_str().unwrap();
    certutil(&[
        "-A", "-d", &dbarg, "-n", "uden", "-t", "u,u,u", "-i", only_pem,
    ]);
    let only_fp = oces_core::cert_stores::fingerprint(
        &oces_core::cert::open_file(&only.cert, None)
            .unwrap()
            .certificates[0],
    );
    // (The file's CA certificate went in too, without a key: listed, and left out here.)
    let ours = |s: &NssStore| {
        let got = keys_by_fingerprint(s);
        let of = |fp: &str| got.iter().find(|(f, _)| f == fp).map(|(_, k)| *k);
        (of(&with_key), of(&only_fp))
    };
    let expected = (Some(Some(true)), Some(Some(false)));
    assert_eq!(ours(&store), expected);

    // A primary password: the flag still shows without logging in.
    let old = work.path().join("old.pw");
    let new = work.path().join("new.pw");
    std::fs::write(&old, "\n").unwrap();
    std::fs::write(&new, "Primær-Pw-9").unwrap();
    certutil(&[
        "-W",
        "-d",
        &dbarg,
        "-f",
        old.to_str().unwrap(),
        "-@",
        new.to_str().unwrap(),
    ]);
    assert_eq!(ours(&store), expected, "with a primary password");

    // Two certificates under one nickname (a renewed one beside the old, same holder), only the
    // first with its key: the listing cannot tell which has it.
    let db2 = work.path().join("renewed");
    new_db(&db2);
    let store2 = NssStore::at(&db2, "Firefox");
    let first = testkit::self_signed(work.path(), "first", "/CN=Fornyet", 30);
    let second = testkit::self_signed(work.path(), "second", "/CN=Fornyet", 60);
    let first_p12 = testkit::pkcs12(
        work.path(),
        "first",
        &first,
        None,
        PW,
        &["-name", "fornyet"],
    );
    let fp_of = |pem: &Path| {
        oces_core::cert_stores::fingerprint(
            &oces_core::cert::open_file(pem, None).unwrap().certificates[0],
        )
    };
    let (first_fp, second_fp) = (fp_of(&first.cert), fp_of(&second.cert));
    store2
        .add(&Installable {
            pkcs12: &std::fs::read(&first_p12).unwrap(),
            password: &pw,
            fingerprint: &first_fp,
            exportable: false,
        })
        .unwrap();
    assert_eq!(
        keys_by_fingerprint(&store2),
        [(first_fp.clone(), Some(true))]
    );
    let db2arg = format!("sql:{}", db2.display());
    certutil(&[
        "-A",
        "-d",
        &db2arg,
        "-n",
        "fornyet",
        "-t",
        ",,",
        "-i",
        second.cert.to_str().unwrap(),
    ]);
    let mut both = vec![(first_fp, None), (second_fp, None)];
    both.sort();
    assert_eq!(keys_by_fingerprint(&store2), both);
}
