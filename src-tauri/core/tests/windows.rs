//! The Windows-only code, on Windows: the user's certificate store (DMS-3 install, check and
//! undo; the key in the CNG Software Key Storage Provider and its RSA-PSS proof, or the coded
//! warning where it is not; CUG-9's old-type search and removal; the legacy copy for a Windows
//! that reads no AES files), Credential Manager (DMS-6), the Internet Options proxy, known folders (including a
//! Documents and Desktop redirected the way OneDrive does it), `.oces` under `%USERPROFILE%`,
//! and what a user sees when a file is held open by another program.
//!
//! These tests change the current user's Windows settings (store, credentials, registry). They
//! are marked `ignore` so that `cargo test` on a developer's own Windows PC leaves that PC alone;
//! scripts/test-windows.sh runs them with `--include-ignored` under Wine, in a throw-away
//! prefix made for the run.
#![cfg(windows)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use oces_core::cert_stores::windows::{Added, UserStore};
use oces_core::cert_stores::{self, CertStore, Installable, StoreOutcome};
use oces_core::error::{Coded, ErrorCode};
use oces_core::files::place::{place, Mode};
use oces_core::paths::UserFolders;
use oces_core::probe::Proxy;
use oces_core::secret::Password;
use std::path::{Path, PathBuf};
use winreg::enums::{HKEY_CURRENT_USER, KEY_ALL_ACCESS};
use winreg::RegKey;

fn producer(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/producers")
            .join(name),
    )
    .unwrap()
}

/// The kept keytool files (RSA 2048; see producers/README.md) and their leaf fingerprint.
fn keytool(name: &str) -> (Vec<u8>, Password, String) {
    let bytes = producer(name);
    let pw = Password::new("Keytool-Pw-17");
    let opened = oces_core::cert::open_bytes(&bytes, Some(&pw)).unwrap();
    let fp = cert_stores::fingerprint(&opened.certificates[0]);
    (bytes, pw, fp)
}

/// The store tests share the one personal store: one at a time.
fn store_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn outcomes(r: &[cert_stores::StoreResult]) -> Vec<StoreOutcome> {
    r.iter().map(|r| r.outcome).collect()
}

fn boxed(s: UserStore) -> Vec<Box<dyn CertStore>> {
    vec![Box::new(s)]
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn install_check_and_undo_in_the_personal_store() {
    let _one_at_a_time = store_lock();
    let (bytes, pw, fp) = keytool("keytool-java17-legacy.p12");
    let item = Installable {
        pkcs12: &bytes,
        password: &pw,
        fingerprint: &fp,
        exportable: false,
    };
    let store = UserStore::default();
    assert!(!store.contains(&fp).unwrap(), "a fresh prefix has it not");
    let r = cert_stores::install_all(&boxed(store), &item);
    assert_eq!(outcomes(&r), [StoreOutcome::Installed], "{r:?}");
    assert_eq!(r[0].kind, oces_core::cert_stores::StoreKind::Windows);
    assert!(store.contains(&fp).unwrap());
    assert!(
        store.has_private_key(&fp).unwrap(),
        "the key went in with it"
    );

    let again = cert_stores::install_all(&boxed(store), &item);
    assert_eq!(outcomes(&again), [StoreOutcome::AlreadyThere]);

    let gone = cert_stores::uninstall_all(&boxed(store), &fp);
    assert_eq!(outcomes(&gone), [StoreOutcome::Removed], "{gone:?}");
    assert!(!store.contains(&fp).unwrap());
    let nothing = cert_stores::uninstall_all(&boxed(store), &fp);
    assert_eq!(outcomes(&nothing), [StoreOutcome::NotThere]);
}

/// Wine says so in its own registry key.
fn under_wine() -> bool {
    RegKey::predef(winreg::enums::HKEY_LOCAL_MACHINE)
        .open_subkey(r"Software\Wine")
        .is_ok()
}

/// The key goes into the CNG Software Key Storage Provider, not exportable unless chosen, and
/// signs a test digest with RSA-PSS/SHA-256 that the certificate verifies. On Windows all of that
/// is asserted. Under Wine 8 it cannot be: its `PFXImportCertStore` refuses the CNG flag (asserted
/// here, so a Wine that learns it makes this test say so), the key goes to Wine's CryptoAPI
/// provider, and what this test then checks is the fallback: the certificate and its key are
/// installed, and the result carries the coded warning `store.key_provider` instead of failing.
#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn the_key_goes_to_the_software_ksp_and_signs_with_pss_or_a_coded_warning_says_why_not() {
    let _one_at_a_time = store_lock();
    let (bytes, pw, fp) = keytool("keytool-java17-legacy.p12");
    let store = UserStore::default();
    for exportable in [false, true] {
        let item = Installable {
            pkcs12: &bytes,
            password: &pw,
            fingerprint: &fp,
            exportable,
        };
        let r = cert_stores::install_all(&boxed(store), &item);
        assert_eq!(outcomes(&r), [StoreOutcome::Installed], "{r:?}");
        assert_eq!(r[0].code, None, "not a failure: {r:?}");
        assert!(store.has_private_key(&fp).unwrap(), "the key went in");
        let proof = store.prove_key(&fp, exportable);
        if under_wine() {
            assert!(
                oces_winkey::pfx_import(&bytes, pw.expose(), exportable, true).is_err(),
                "Wine 8 refuses PKCS12_ALWAYS_CNG_KSP"
            );
            assert!(oces_winkey::pfx_import(&bytes, pw.expose(), exportable, false).is_ok());
            assert_eq!(r[0].warning, Some(ErrorCode::StoreKeyProvider), "{r:?}");
            let detail = r[0].detail.as_deref().unwrap_or("");
            assert!(
                detail.contains("a CryptoAPI key, not a CNG key"),
                "{detail}"
            );
            assert_eq!(proof.unwrap_err().code, ErrorCode::StoreKeyProvider);
        } else {
            assert_eq!(r[0].warning, None, "{r:?}");
            let p = proof.unwrap();
            assert_eq!(p.provider, cert_stores::windows::SOFTWARE_KSP);
            assert_eq!(p.algorithm, "RSA");
            assert_eq!(p.exportable, exportable);
            assert_eq!(p.signature_len, 256, "RSA 2048");
        }
        let gone = cert_stores::uninstall_all(&boxed(store), &fp);
        assert_eq!(outcomes(&gone), [StoreOutcome::Removed], "{gone:?}");
    }
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn a_wrong_password_is_said_so_and_nothing_goes_in() {
    let _one_at_a_time = store_lock();
    let (bytes, _, fp) = keytool("keytool-java17-legacy.p12");
    let wrong = Password::new("not-the-password");
    let r = cert_stores::install_all(
        &boxed(UserStore::default()),
        &Installable {
            pkcs12: &bytes,
            password: &wrong,
            fingerprint: &fp,
            exportable: false,
        },
    );
    assert_eq!(outcomes(&r), [StoreOutcome::Failed]);
    assert_eq!(r[0].code, Some(ErrorCode::CertWrongPassword));
    assert!(!UserStore::default().contains(&fp).unwrap());
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn an_aes_file_goes_in_as_a_legacy_copy_where_windows_reads_no_aes() {
    let _one_at_a_time = store_lock();
    let (bytes, pw, fp) = keytool("keytool-java17.p12");
    let opened = oces_core::cert::open_bytes(&bytes, Some(&pw)).unwrap();
    assert!(!opened.pkcs12.unwrap().legacy, "the kept file is AES");
    let item = Installable {
        pkcs12: &bytes,
        password: &pw,
        fingerprint: &fp,
        exportable: false,
    };
    // The copy the old Windows gets: legacy, same password, same certificate.
    let copy = cert_stores::legacy_copy(&item)
        .unwrap()
        .expect("a copy for an AES file");
    let reopened = oces_core::cert::open_bytes(&copy, Some(&pw)).unwrap();
    assert!(reopened.pkcs12.unwrap().legacy);
    assert_eq!(cert_stores::fingerprint(&reopened.certificates[0]), fp);

    // A Windows that refuses AES files ("wrong password" for the right one) gets the copy; this
    // one (Wine reads AES) takes the file as it is. Both end with certificate and key in.
    let old_windows = UserStore { refuses_aes: true };
    for (store, how) in [
        (old_windows, Added::LegacyCopy),
        (UserStore::default(), Added::AsItIs),
    ] {
        assert_eq!(store.install(&item).unwrap(), how, "{store:?}");
        assert!(store.has_private_key(&fp).unwrap(), "{store:?}");
        let gone = cert_stores::uninstall_all(&boxed(store), &fp);
        assert_eq!(
            outcomes(&gone),
            [StoreOutcome::Removed],
            "{store:?}: {gone:?}"
        );
    }
    // A legacy file goes in as it is even there.
    let (legacy_bytes, _, legacy_fp) = keytool("keytool-java17-legacy.p12");
    let legacy = Installable {
        pkcs12: &legacy_bytes,
        password: &pw,
        fingerprint: &legacy_fp,
        exportable: false,
    };
    assert_eq!(old_windows.install(&legacy).unwrap(), Added::AsItIs);
    cert_stores::uninstall_all(&boxed(old_windows), &legacy_fp);
}

/// A certificate issued by "TDC Internet Class II CA" (DER), as the old DKMA ones were.
fn old_type_certificate(cn: &str) -> Vec<u8> {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name
        .push(DnType::CommonName, cert_stores::OLD_CUG_ISSUER);
    ca.distinguished_name.push(DnType::OrganizationName, "TDC");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let issuer = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let mut leaf = CertificateParams::new(Vec::<String>::new()).unwrap();
    leaf.distinguished_name.push(DnType::CommonName, cn);
    let key = KeyPair::generate().unwrap();
    leaf.signed_by(&key, &issuer).unwrap().der().to_vec()
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn old_dkma_certificates_are_found_and_removed_only_on_request() {
    let _one_at_a_time = store_lock();
    let old = old_type_certificate("Søren Ærø (gammelt DKMA-certifikat)");
    let (bytes, pw, other_fp) = keytool("keytool-java17-legacy.p12");
    let mut my = schannel::cert_store::CertStore::open_current_user("My").unwrap();
    let ctx = schannel::cert_context::CertContext::new(&old).unwrap();
    my.add_cert(&ctx, schannel::cert_store::CertAdd::ReplaceExisting)
        .unwrap();
    drop(my); // closing the store writes the certificate through
              // A current certificate beside it, which the search must leave alone.
    let r = cert_stores::install_all(
        &boxed(UserStore::default()),
        &Installable {
            pkcs12: &bytes,
            password: &pw,
            fingerprint: &other_fp,
            exportable: false,
        },
    );
    assert!(r[0].present(), "{r:?}");

    let all = boxed(UserStore::default());
    let (found, failed) = cert_stores::old_cug_in(&all);
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].store, "Windows");
    assert!(found[0].certificate.subject.contains("Søren Ærø"));
    let old_fp = found[0].certificate.fingerprint.clone();
    assert_eq!(old_fp, cert_stores::fingerprint(&old));

    // Not a general delete: the current certificate is refused.
    assert!(cert_stores::remove_old(&all, &other_fp).is_err());
    assert!(UserStore::default().contains(&other_fp).unwrap());

    let removed = cert_stores::remove_old(&all, &old_fp).unwrap();
    assert_eq!(outcomes(&removed), [StoreOutcome::Removed]);
    assert!(cert_stores::old_cug_in(&all).0.is_empty());
    assert!(UserStore::default().contains(&other_fp).unwrap(), "kept");
    cert_stores::uninstall_all(&all, &other_fp);
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn gateway_credentials_in_credential_manager() {
    use oces_core::keychain;
    let user = "CVR_25313763_UI_8a0e4c1f-2b7d-4e59-9c3a-5f6d7e8a9b0c";
    let secret = Password::new("Sentinel-Gw-Æøå-7Q2");
    assert!(!keychain::present(user).unwrap());
    keychain::save(user, &secret).unwrap();
    assert!(keychain::present(user).unwrap());
    assert_eq!(keychain::reveal(user).unwrap().expose(), secret.expose());
    // Saving again replaces what was kept.
    keychain::save(user, &Password::new("Second-Sentinel-9")).unwrap();
    assert_eq!(
        keychain::reveal(user).unwrap().expose(),
        "Second-Sentinel-9"
    );
    assert!(keychain::delete(user).unwrap());
    assert!(!keychain::present(user).unwrap());
    assert!(!keychain::delete(user).unwrap(), "nothing left to delete");
    assert_eq!(
        keychain::reveal(user).err(),
        Some(ErrorCode::KeychainNotFound)
    );
}

fn internet_settings() -> RegKey {
    RegKey::predef(HKEY_CURRENT_USER)
        .create_subkey(r"Software\Microsoft\Windows\CurrentVersion\Internet Settings")
        .unwrap()
        .0
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn the_internet_options_proxy_is_read_from_the_registry() {
    let key = internet_settings();
    key.set_value("ProxyEnable", &1u32).unwrap();
    key.set_value(
        "ProxyServer",
        &"http=proxy.firma.dk:8080;https=secure.firma.dk:3128",
    )
    .unwrap();
    key.set_value("ProxyOverride", &"*.intern.firma.dk;10.*;<local>")
        .unwrap();
    let shown = |h: &str| Proxy::system(h).map(|p| p.shown());
    assert_eq!(
        shown("secureftpgatewaytest.skat.dk"),
        Some("http://secure.firma.dk:3128".into()),
        "the https entry of the per-scheme form"
    );
    assert_eq!(shown("gw.intern.firma.dk"), None, "wildcard bypass");
    assert_eq!(shown("10.1.2.3"), None, "address wildcard bypass");
    assert_eq!(shown("gateway"), None, "<local>: a name without a dot");

    key.set_value("ProxyServer", &"proxy.firma.dk:8080")
        .unwrap();
    assert_eq!(
        shown("secureftpgatewaytest.skat.dk"),
        Some("http://proxy.firma.dk:8080".into()),
        "one proxy for every scheme"
    );
    key.set_value("ProxyEnable", &0u32).unwrap();
    assert_eq!(shown("secureftpgatewaytest.skat.dk"), None, "switched off");
}

/// Point a known folder somewhere else in `User Shell Folders`, as OneDrive's folder backup
/// does (REG_EXPAND_SZ with `%USERPROFILE%`).
fn redirect(value: &str, to: &str) {
    let key = RegKey::predef(HKEY_CURRENT_USER)
        .open_subkey_with_flags(
            r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders",
            KEY_ALL_ACCESS,
        )
        .unwrap();
    let raw = winreg::RegValue {
        bytes: to
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect(),
        vtype: winreg::enums::RegType::REG_EXPAND_SZ,
    };
    key.set_raw_value(value, &raw).unwrap();
}

#[test]
#[ignore = "changes this Windows user's settings: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn known_folders_follow_a_onedrive_redirect_and_oces_is_under_the_profile() {
    std::env::remove_var(oces_core::paths::HOME_ENV);
    let profile = PathBuf::from(std::env::var_os("USERPROFILE").unwrap());
    for d in [
        "OneDrive\\Dokumenter",
        "OneDrive\\Skrivebord",
        "Overførsler",
    ] {
        std::fs::create_dir_all(profile.join(d)).unwrap();
    }
    redirect("Personal", "%USERPROFILE%\\OneDrive\\Dokumenter");
    redirect("Desktop", "%USERPROFILE%\\OneDrive\\Skrivebord");
    redirect(
        "{374DE290-123F-4565-9164-39C4925E467B}",
        "%USERPROFILE%\\Overførsler",
    );
    let f = UserFolders::from_env().unwrap();
    assert_eq!(f.home, profile);
    assert_eq!(f.documents, Some(profile.join("OneDrive\\Dokumenter")));
    assert_eq!(f.desktop, Some(profile.join("OneDrive\\Skrivebord")));
    assert_eq!(f.downloads, Some(profile.join("Overførsler")));
    assert_eq!(f.oces_dir(), profile.join(".oces"));

    // A certificate found in the redirected Downloads is placed in %USERPROFILE%\.oces.
    let src = profile.join("Overførsler\\Søren Ærø.html");
    std::fs::write(&src, b"<html>certificate page</html>").unwrap();
    let placed = place(&src, &f.oces_dir(), None, Mode::Copy).unwrap();
    assert_eq!(placed.path(), profile.join(".oces\\Søren Ærø.html"));
    assert!(placed.path().to_string_lossy().contains('\\'));
    assert!(src.exists(), "a copy keeps the original");
    // The same file again is "already in place"; nothing is overwritten.
    let again = place(&src, &f.oces_dir(), None, Mode::Copy).unwrap();
    assert!(matches!(
        again,
        oces_core::files::place::Placed::AlreadyInPlace { .. }
    ));
}

#[test]
fn a_file_another_program_holds_open_says_close_that_program() {
    use std::os::windows::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("cert.p12");
    std::fs::write(&src, b"not really a certificate").unwrap();
    // As a program that opens a file for itself alone (share mode 0) holds it.
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(0)
        .open(&src)
        .unwrap();
    let e = place(&src, &dir.path().join("to"), None, Mode::Copy).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FileInUse, "{e:?}");
    assert_eq!(e.params().get("file").map(String::as_str), Some("cert.p12"));
    drop(held);
    assert!(place(&src, &dir.path().join("to"), None, Mode::Copy).is_ok());
}
