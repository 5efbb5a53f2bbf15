//! Installing the certificate where browsers find it (DMS-3), taking it out, and the old-type
//! DKMA certificates in the stores (CUG-9).

use super::{now, Session, StepResult};
use crate::cert::export::Profile;
use crate::cert::{FileFormat, Opened};
use crate::cert_stores::{self, FoundOld, StoreResult};
use crate::error::{ErrorCode, UiError};
use crate::flow_facts::InstallFacts;
use crate::secret::Password;
use serde::Serialize;

/// A certificate store found on this computer.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoreInfo {
    name: String,
    kind: crate::cert_stores::StoreKind,
}

/// Old-type DKMA certificates in the stores the browsers read (CUG-9).
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OldInStores {
    found: Vec<FoundOld>,
    failed: Vec<StoreResult>,
}

/// The protection a file packed for the stores gets: Windows' store reads only the legacy
/// one (3DES, SHA-1) on every version; the others read the modern one.
pub fn store_profile() -> Profile {
    if cfg!(windows) {
        Profile::Legacy
    } else {
        Profile::Modern
    }
}

/// What goes into the stores for a file read as `bytes` and opened as `opened`: a PKCS#12 file
/// as it is (the very bytes that were opened); anything else with a key (a CUG page, PEM) is
/// packed into one first, with the same password and `profile`. No key: `export.no_key`.
pub fn pkcs12_for_stores(
    bytes: &[u8],
    opened: &Opened,
    password: &Password,
    profile: Profile,
) -> Result<Vec<u8>, UiError> {
    let key = opened
        .private_key
        .as_ref()
        .ok_or_else(|| UiError::of(ErrorCode::ExportNoKey))?;
    if opened.format == FileFormat::Pkcs12 {
        return Ok(bytes.to_vec());
    }
    Ok(crate::cert::export::build_pkcs12(
        &opened.certificates,
        key,
        opened.friendly_name.as_deref(),
        password,
        profile,
    )?)
}

impl Session {
    /// The stores the browsers of this computer read.
    pub fn list_stores(&self) -> Vec<StoreInfo> {
        let _step = self.log_step();
        (self.stores)(self.folders.as_ref())
            .iter()
            .map(|s| StoreInfo {
                name: s.name(),
                kind: s.kind(),
            })
            .collect()
    }

    /// Install the chosen certificate file into every store (one line per store). The
    /// password opens the file here first, so a wrong one is said once, not per store (typed
    /// here, or the one held for the flow; never written). The file is read once: the bytes
    /// that were opened are the bytes installed.
    pub fn install_certificate(
        &self,
        password: Option<Password>,
        exportable: bool,
    ) -> Result<StepResult<Vec<StoreResult>>, UiError> {
        self.use_case("install_certificate", || {
            self.check_store_install()?;
            let password = self
                .password_for_step(password)
                .unwrap_or_else(|| Password::new(""));
            let (flow, facts) = self.inputs()?;
            let file = Self::chosen_file(&facts)?;
            let bytes = crate::cert::read_file(&file)?;
            let opened = crate::cert::open_bytes(&bytes, Some(&password))?;
            let leaf = opened
                .certificates
                .first()
                .ok_or_else(|| UiError::of(ErrorCode::CertNoCertificate))?;
            let fingerprint = cert_stores::fingerprint(leaf);
            let pkcs12 = pkcs12_for_stores(&bytes, &opened, &password, store_profile())?;
            let targets = (self.stores)(self.folders.as_ref());
            if targets.is_empty() {
                return Err(UiError::of(ErrorCode::StoreNone));
            }
            let results = cert_stores::install_all(
                &targets,
                &cert_stores::Installable {
                    pkcs12: &pkcs12,
                    password: &password,
                    fingerprint: &fingerprint,
                    exportable,
                },
            );
            let facts = InstallFacts::new(fingerprint, results.clone(), now());
            self.record_step(flow, results, None, |f| f.installed = Some(facts))
        })
    }

    /// Remove the certificate the app installed (by its fingerprint) from every store. Before
    /// an install there is nothing to remove: `wizard.step_not_done`.
    pub fn uninstall_certificate(&self) -> Result<StepResult<Vec<StoreResult>>, UiError> {
        self.use_case("uninstall_certificate", || {
            let (flow, facts) = self.inputs()?;
            let installed = facts
                .installed
                .ok_or_else(|| UiError::of(ErrorCode::StepNotDone))?;
            let results = cert_stores::uninstall_all(
                &(self.stores)(self.folders.as_ref()),
                &installed.fingerprint,
            );
            self.record_step(flow, results, None, |f| f.installed = None)
        })
    }

    /// List old-type DKMA certificates (issuer "TDC Internet Class II CA") in the stores.
    pub fn old_store_certificates(&self) -> OldInStores {
        let _step = self.log_step();
        let (found, failed) = cert_stores::old_cug_in(&(self.stores)(self.folders.as_ref()));
        OldInStores { found, failed }
    }

    /// Remove one old-type certificate (only those the list above shows can be removed), and
    /// only after the confirmed login at CUG-8 (`Session::removal_confirmed`): a removal from
    /// a store cannot be undone.
    pub fn remove_old_store_certificate(
        &self,
        fingerprint: &str,
    ) -> Result<Vec<StoreResult>, UiError> {
        self.use_case("remove_old_store_certificate", || {
            self.check_store_install()?;
            self.removal_confirmed()?;
            cert_stores::remove_old(&(self.stores)(self.folders.as_ref()), fingerprint)
                .map_err(|e| UiError::of(e.code))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::cert_stores::{CertStore, Installable, StoreError, StoreOutcome};
    use std::sync::Mutex;

    /// What the memory store holds, shared by every instance (the session makes new ones
    /// for each use case). One test uses it.
    static HELD: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());

    struct Memory;

    impl CertStore for Memory {
        fn name(&self) -> String {
            "memory".into()
        }
        fn kind(&self) -> crate::cert_stores::StoreKind {
            crate::cert_stores::StoreKind::Nss
        }
        fn contains(&self, fp: &str) -> Result<bool, StoreError> {
            let held = HELD
                .lock()
                .map_err(|_| StoreError::new(ErrorCode::StoreFailed))?;
            Ok(held
                .iter()
                .any(|(h, _)| cert_stores::same_fingerprint(h, fp)))
        }
        fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
            let mut held = HELD
                .lock()
                .map_err(|_| StoreError::new(ErrorCode::StoreFailed))?;
            held.push((item.fingerprint.into(), item.pkcs12.to_vec()));
            Ok(())
        }
        fn remove(&self, fp: &str) -> Result<bool, StoreError> {
            let mut held = HELD
                .lock()
                .map_err(|_| StoreError::new(ErrorCode::StoreFailed))?;
            let before = held.len();
            held.retain(|(h, _)| !cert_stores::same_fingerprint(h, fp));
            Ok(held.len() < before)
        }
        fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
            Ok(Vec::new())
        }
    }

    fn memory(_: Option<&crate::paths::UserFolders>) -> Vec<Box<dyn CertStore>> {
        vec![Box::new(Memory)]
    }

    /// A store that holds one old-type DKMA certificate ("TDC Internet Class II CA"), or,
    /// `broken`, cannot be read.
    struct OldHeld {
        broken: bool,
    }

    impl CertStore for OldHeld {
        fn name(&self) -> String {
            "old".into()
        }
        fn kind(&self) -> crate::cert_stores::StoreKind {
            crate::cert_stores::StoreKind::Nss
        }
        fn contains(&self, _: &str) -> Result<bool, StoreError> {
            Ok(false)
        }
        fn add(&self, _: &Installable<'_>) -> Result<(), StoreError> {
            Err(StoreError::new(ErrorCode::StoreFailed))
        }
        fn remove(&self, _: &str) -> Result<bool, StoreError> {
            Ok(false)
        }
        fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
            if self.broken {
                return Err(StoreError::new(ErrorCode::StoreFailed));
            }
            let ca_key = rcgen::KeyPair::generate().expect("key");
            let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
            ca.distinguished_name
                .push(rcgen::DnType::CommonName, cert_stores::OLD_CUG_ISSUER);
            ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
            let issuer = rcgen::Issuer::new(ca, ca_key);
            let key = rcgen::KeyPair::generate().expect("key");
            let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
            p.distinguished_name
                .push(rcgen::DnType::CommonName, "Gammel DKMA Bruger");
            Ok(vec![p
                .signed_by(&key, &issuer)
                .expect("leaf")
                .der()
                .to_vec()])
        }
    }

    fn old_held(_: Option<&crate::paths::UserFolders>) -> Vec<Box<dyn CertStore>> {
        vec![Box::new(OldHeld { broken: false })]
    }

    fn unreadable(_: Option<&crate::paths::UserFolders>) -> Vec<Box<dyn CertStore>> {
        vec![Box::new(OldHeld { broken: true })]
    }

    fn none(_: Option<&crate::paths::UserFolders>) -> Vec<Box<dyn CertStore>> {
        Vec::new()
    }

    /// Arriving at CUG-9 the session looks into the browsers' stores and records whether
    /// there is nothing there: then the page of old certificates in the browsers is passed
    /// over. An old certificate there, or a store that cannot be read, keeps the page.
    #[test]
    fn cug_9_looks_into_the_browsers_on_arrival() {
        type Finder = fn(Option<&crate::paths::UserFolders>) -> Vec<Box<dyn CertStore>>;
        let cases: [(Finder, bool); 3] = [(none, true), (old_held, false), (unreadable, false)];
        for (stores, clear) in cases {
            let TestSession { session: s, dir } = session();
            let t = TestSession {
                session: s.with_stores(stores),
                dir,
            };
            answer_cug8(&t, "yes");
            let u = t.session.goto_step("CUG-9").expect("opens");
            assert_eq!(u.view.view.current, "CUG-9");
            assert_eq!(u.view.view.facts.browsers_clear, Some(clear), "{clear}");
            let more = u.view.view.page.as_ref().map(|p| p.more);
            assert_eq!(more, Some(!clear), "{clear}: the browsers' page");
        }
    }

    /// CUG-9's store removal refuses in the use case itself until CUG-8 has "Ja, det virker";
    /// with it, the removal goes on to the stores (here none, so the certificate is not found).
    #[test]
    fn removing_an_old_store_certificate_waits_for_the_confirmed_login() {
        let t = session();
        let fp = "AB".repeat(32);
        assert_eq!(
            code(t.session.remove_old_store_certificate(&fp)),
            ErrorCode::StepLocked
        );
        t.session.choose_flow("cug").expect("flow");
        assert_eq!(
            code(t.session.remove_old_store_certificate(&fp)),
            ErrorCode::StepLocked
        );
        answer_cug8(&t, "not_yet");
        assert_eq!(
            code(t.session.remove_old_store_certificate(&fp)),
            ErrorCode::StepLocked
        );
        answer_cug8(&t, "yes");
        assert_eq!(
            code(t.session.remove_old_store_certificate(&fp)),
            ErrorCode::StoreFailed,
            "past the gate: the stores are asked"
        );
    }

    #[test]
    fn install_needs_a_file_and_a_store_and_uninstall_an_install() {
        let t = session();
        t.session.choose_flow("dms").expect("flow");
        assert!(t.session.list_stores().is_empty());
        assert_eq!(
            code(t.session.install_certificate(None, false)),
            ErrorCode::NoFileChosen
        );
        chosen_p12(&t, "Test1234");
        assert_eq!(
            code(t.session.install_certificate(None, false)),
            ErrorCode::CertWrongPassword,
            "no password typed or held: the empty one is tried"
        );
        assert_eq!(
            code(
                t.session
                    .install_certificate(Some(Password::new("Test1234")), false)
            ),
            ErrorCode::StoreNone
        );
        assert_eq!(
            code(t.session.uninstall_certificate()),
            ErrorCode::StepNotDone
        );
    }

    /// The PKCS#12 file goes in byte for byte, the facts record it, and remove takes it out.
    #[test]
    fn install_then_uninstall_with_the_held_password() {
        let t = session();
        let s = Session::load(None, t.session.folders.clone()).with_stores(memory);
        s.choose_flow("dms").expect("flow");
        let file = p12(&t, "Test1234");
        s.choose_file(&file.display().to_string()).expect("chosen");
        assert_eq!(
            code(s.install_certificate(Some(Password::new("nope")), false)),
            ErrorCode::CertWrongPassword
        );
        assert!(!s.view().expect("view").password_held);
        let unlocked = s
            .unlock_file(Some(Password::new("Test1234")))
            .expect("unlocked");
        // The view says the password is held, so the install screen does not ask again.
        assert!(unlocked.updated.view.password_held);
        assert!(s.view().expect("view").password_held);
        let r = s.install_certificate(None, false).expect("installed");
        assert_eq!(r.result.len(), 1);
        assert_eq!(r.result[0].outcome, StoreOutcome::Installed);
        let installed = r.updated.view.view.facts.installed.expect("recorded");
        {
            let held = HELD.lock().expect("held");
            let original = std::fs::read(&file).expect("file");
            assert!(held.iter().any(|(fp, bytes)| {
                cert_stores::same_fingerprint(fp, &installed.fingerprint) && *bytes == original
            }));
        }
        let r = s.uninstall_certificate().expect("removed");
        assert_eq!(r.result[0].outcome, StoreOutcome::Removed);
        assert!(r.updated.view.view.facts.installed.is_none());
    }

    /// A PKCS#12 file is installed as it is; a file with a key in another form is packed with
    /// the profile asked for; a file without a key cannot be installed.
    #[test]
    fn what_goes_into_the_stores() {
        let t = session();
        let file = p12(&t, "Test1234");
        let pw = Password::new("Test1234");
        let bytes = std::fs::read(&file).expect("read");
        let opened = crate::cert::open_bytes(&bytes, Some(&pw)).expect("opened");
        for profile in [Profile::Legacy, Profile::Modern] {
            assert_eq!(
                pkcs12_for_stores(&bytes, &opened, &pw, profile).expect("as is"),
                bytes
            );
        }
        let as_pem = Opened {
            format: FileFormat::Pem,
            ..opened
        };
        for profile in [Profile::Legacy, Profile::Modern] {
            let packed = pkcs12_for_stores(b"-----BEGIN", &as_pem, &pw, profile).expect("packed");
            assert_ne!(packed, bytes);
            let reopened = crate::cert::open_bytes(&packed, Some(&pw)).expect("reopens");
            assert_eq!(reopened.certificates, as_pem.certificates);
            let algorithms = serde_json::to_string(&reopened.pkcs12).expect("json");
            let legacy = algorithms.to_lowercase().contains("3des")
                || algorithms.to_lowercase().contains("des-ede3");
            assert_eq!(legacy, profile == Profile::Legacy, "{algorithms}");
        }
        let no_key = Opened {
            private_key: None,
            ..as_pem
        };
        assert_eq!(
            code(pkcs12_for_stores(b"", &no_key, &pw, Profile::Modern)),
            ErrorCode::ExportNoKey
        );
        assert_eq!(store_profile() == Profile::Legacy, cfg!(windows));
    }
}
