//! Installing the certificate where browsers find it (DMS-3), and taking it out again.
//!
//! One interface, [`CertStore`], with one implementation per OS (the way mkcert does it):
//! - Linux: every NSS database a browser uses (Firefox profiles, including Snap and Flatpak
//!   installs, and Chromium/Chrome's `~/.pki/nssdb`), through NSS's own tools (`pk12util`,
//!   `certutil` from libnss3-tools): [`nss`].
//! - Windows: the current user's personal store ("My"), through CryptoAPI
//!   (`PFXImportCertStore`, `CertAddCertificateContextToStore`) as wrapped by the `schannel`
//!   crate; the key is not exportable unless asked: `windows.rs`.
//! - macOS: the login keychain through the Security framework (`security-framework`):
//!   `macos.rs`.
//!
//! The Windows and macOS files compile only on their OS and cannot be built or tested on this
//! project's Linux CI; they are kept small, and everything around them (the check → act →
//! check sequence, one line per store, failures that do not stop the others) is exercised by
//! the Linux tests through the same trait.
//!
//! Every operation is idempotent: install checks first (already there → nothing done), acts,
//! then checks again; remove does the same the other way. User stores need no admin rights;
//! nothing here ever asks for them. When a tool is missing, the result says which command an
//! administrator should run.

#[cfg(target_os = "macos")]
pub mod macos;
pub mod nss;
#[cfg(windows)]
pub mod windows;

use crate::error::ErrorCode;
use crate::secret::Password;
use serde::{Deserialize, Serialize};

/// What to install: a PKCS#12 file's bytes, its password, and the fingerprint of its
/// end-entity certificate (SHA-256, hex with colons, as [`crate::cert`] writes it).
pub struct Installable<'a> {
    /// The PKCS#12 bytes.
    pub pkcs12: &'a [u8],
    /// Its password.
    pub password: &'a Password,
    /// The end-entity certificate's SHA-256 fingerprint.
    pub fingerprint: &'a str,
    /// Windows: mark the key exportable (off by default).
    pub exportable: bool,
}

/// A certificate in a store (DER) and whether its private key is there with it (None: the
/// store cannot tell).
pub type WithKey = (Vec<u8>, Option<bool>);

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// The code (`store.read_only`).
    pub code: ErrorCode,
    /// A plain technical detail (the tool's error name), never a secret.
    pub detail: Option<String>,
    /// The command an administrator can run to fix it, if there is one.
    pub admin_command: Option<String>,
}

impl StoreError {
    /// An error with a code only.
    pub fn new(code: ErrorCode) -> StoreError {
        StoreError {
            code,
            detail: None,
            admin_command: None,
        }
    }

    /// With a technical detail.
    pub fn detail(mut self, d: impl Into<String>) -> StoreError {
        self.detail = Some(d.into());
        self
    }
}

/// One certificate store.
pub trait CertStore {
    /// What the user reads: `Firefox (default-release)`, `Chromium, Chrome`, `Windows`.
    fn name(&self) -> String;
    /// `nss`, `windows`, `macos`.
    fn kind(&self) -> StoreKind;
    /// Whether a certificate with this fingerprint is in the store.
    fn contains(&self, fingerprint: &str) -> Result<bool, StoreError>;
    /// Add the certificate and its key.
    fn add(&self, item: &Installable<'_>) -> Result<(), StoreError>;
    /// Remove the certificate with this fingerprint (and its key); false when it was not there.
    fn remove(&self, fingerprint: &str) -> Result<bool, StoreError>;
    /// Every certificate in the store (DER).
    fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError>;
    /// Every certificate in the store (DER) and whether its private key is there with it;
    /// None where the store cannot tell (the default: not asked).
    fn certificates_with_keys(&self) -> Result<Vec<WithKey>, StoreError> {
        Ok(self
            .certificates()?
            .into_iter()
            .map(|c| (c, None))
            .collect())
    }
    /// After an install: a warning when the key went in but does not do what it must (Windows:
    /// not in the CNG Software Key Storage Provider, or no RSA-PSS test signature). The
    /// certificate stays installed. None by default and when all is well.
    fn key_warning(&self, _item: &Installable<'_>) -> Option<StoreError> {
        None
    }
}

/// How it went in one store.
#[cfg_attr(test, derive(strum::VariantArray))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StoreOutcome {
    /// Installed now.
    Installed,
    /// It was there already; nothing was changed.
    AlreadyThere,
    /// Removed now.
    Removed,
    /// It was not there; nothing was changed.
    NotThere,
    /// It failed (see the code).
    Failed,
    /// It needs an administrator (see the command).
    NeedsAdmin,
}

/// The kind of a certificate store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// An NSS database (Firefox, Chromium on Linux).
    Nss,
    /// The Windows certificate store.
    Windows,
    /// The macOS login keychain.
    Macos,
    /// A kind this version does not know (read from a file a newer version wrote).
    #[default]
    Other,
}

impl StoreKind {
    /// The serde name (`nss`).
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::Nss => "nss",
            StoreKind::Windows => "windows",
            StoreKind::Macos => "macos",
            StoreKind::Other => "other",
        }
    }
}

/// One line of the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoreResult {
    /// The store's name.
    pub store: String,
    /// The store's kind (saved by name; one this version does not know reads as `other`).
    #[serde(deserialize_with = "crate::error::lenient_or_default")]
    #[cfg_attr(feature = "specta", specta(type = StoreKind))]
    pub kind: StoreKind,
    /// How it went.
    pub outcome: StoreOutcome,
    /// The error code when it failed.
    #[serde(default, deserialize_with = "crate::error::lenient_code")]
    #[cfg_attr(feature = "specta", specta(type = Option<ErrorCode>))]
    pub code: Option<ErrorCode>,
    /// A technical detail when it failed, or of the warning.
    #[serde(default)]
    pub detail: Option<String>,
    /// A warning's code when it went in with one (`store.key_provider`: Windows has the key,
    /// but not in the CNG Software Key Storage Provider).
    #[serde(default, deserialize_with = "crate::error::lenient_code")]
    #[cfg_attr(feature = "specta", specta(type = Option<ErrorCode>))]
    pub warning: Option<ErrorCode>,
    /// The command for an administrator.
    #[serde(default)]
    pub admin_command: Option<String>,
}

impl StoreResult {
    fn of(store: &dyn CertStore, outcome: StoreOutcome) -> StoreResult {
        StoreResult {
            store: store.name(),
            kind: store.kind(),
            outcome,
            code: None,
            detail: None,
            warning: None,
            admin_command: None,
        }
    }

    fn warned(store: &dyn CertStore, outcome: StoreOutcome, w: Option<StoreError>) -> StoreResult {
        match w {
            None => StoreResult::of(store, outcome),
            Some(w) => StoreResult {
                warning: Some(w.code),
                detail: w.detail,
                ..StoreResult::of(store, outcome)
            },
        }
    }

    fn failed(store: &dyn CertStore, e: StoreError) -> StoreResult {
        StoreResult {
            outcome: if e.admin_command.is_some() {
                StoreOutcome::NeedsAdmin
            } else {
                StoreOutcome::Failed
            },
            code: Some(e.code),
            detail: e.detail,
            admin_command: e.admin_command,
            ..StoreResult::of(store, StoreOutcome::Failed)
        }
    }

    /// The store has the certificate now (installed or already there).
    pub fn present(&self) -> bool {
        matches!(
            self.outcome,
            StoreOutcome::Installed | StoreOutcome::AlreadyThere
        )
    }
}

/// Install into every store: check, add, check again. One store failing does not stop the
/// others; each gets its own line.
pub fn install_all(stores: &[Box<dyn CertStore>], item: &Installable<'_>) -> Vec<StoreResult> {
    stores
        .iter()
        .map(|s| {
            let s = s.as_ref();
            match s.contains(item.fingerprint) {
                Ok(true) => StoreResult::of(s, StoreOutcome::AlreadyThere),
                Ok(false) => match s.add(item).and_then(|_| s.contains(item.fingerprint)) {
                    Ok(true) => {
                        StoreResult::warned(s, StoreOutcome::Installed, s.key_warning(item))
                    }
                    Ok(false) => StoreResult::failed(s, StoreError::new(ErrorCode::StoreVerify)),
                    Err(e) => StoreResult::failed(s, e),
                },
                Err(e) => StoreResult::failed(s, e),
            }
        })
        .collect()
}

/// Remove from every store by fingerprint: check, remove, check again.
pub fn uninstall_all(stores: &[Box<dyn CertStore>], fingerprint: &str) -> Vec<StoreResult> {
    stores
        .iter()
        .map(|s| {
            let s = s.as_ref();
            match s.contains(fingerprint) {
                Ok(false) => StoreResult::of(s, StoreOutcome::NotThere),
                Ok(true) => match s.remove(fingerprint).and_then(|_| s.contains(fingerprint)) {
                    Ok(false) => StoreResult::of(s, StoreOutcome::Removed),
                    Ok(true) => StoreResult::failed(s, StoreError::new(ErrorCode::StoreVerify)),
                    Err(e) => StoreResult::failed(s, e),
                },
                Err(e) => StoreResult::failed(s, e),
            }
        })
        .collect()
}

/// The last install into the browsers' stores (DMS-3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InstallFacts {
    /// The certificate's SHA-256 fingerprint (what remove takes).
    pub fingerprint: String,
    /// One line per store.
    pub results: Vec<StoreResult>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

impl InstallFacts {
    /// The record of an install: the certificate's fingerprint and one line per store.
    pub fn new(fingerprint: String, results: Vec<StoreResult>, now: time::OffsetDateTime) -> Self {
        InstallFacts {
            fingerprint,
            results,
            at: crate::i18n::rfc3339(now),
        }
    }
}

/// The stores of this computer that browsers read.
pub fn system_stores(folders: Option<&crate::paths::UserFolders>) -> Vec<Box<dyn CertStore>> {
    #[cfg(windows)]
    {
        let _ = folders;
        vec![Box::new(windows::UserStore::default())]
    }
    #[cfg(target_os = "macos")]
    {
        let _ = folders;
        vec![Box::new(macos::LoginKeychain)]
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        folders
            .map(|f| {
                nss::discover(&f.home)
                    .into_iter()
                    .map(|s| Box::new(s) as Box<dyn CertStore>)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The SHA-256 fingerprint of a DER certificate, hex with colons (as the inspection writes it).
pub fn fingerprint(der: &[u8]) -> String {
    use sha2::Digest;
    crate::cert::identify::hex_colon(&sha2::Sha256::digest(der))
}

/// A copy of `item`'s PKCS#12 in the legacy profile (3DES, SHA-1), same password, or `None`
/// when the file is legacy already. Windows 10 before version 1709 and Windows Server 2016 and
/// older cannot read AES-protected PKCS#12 files and report them as a wrong password; the
/// Windows store hands them this copy instead (see `windows.rs`).
pub fn legacy_copy(item: &Installable<'_>) -> Result<Option<Vec<u8>>, StoreError> {
    use crate::cert::{export, open_bytes};
    let opened = open_bytes(item.pkcs12, Some(item.password))
        .map_err(|_| StoreError::new(ErrorCode::CertWrongPassword))?;
    if opened.pkcs12.as_ref().is_none_or(|a| a.legacy) {
        return Ok(None);
    }
    let key = opened
        .private_key
        .as_ref()
        .ok_or_else(|| StoreError::new(ErrorCode::ExportNoKey))?;
    export::build_pkcs12(
        &opened.certificates,
        key,
        opened.friendly_name.as_deref(),
        item.password,
        export::Profile::Legacy,
    )
    .map(Some)
    .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))
}

/// Fingerprints compare without regard to case or separators.
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_ascii_uppercase())
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// An old-type DKMA certificate (CUG-9: issued by "TDC Internet Class II CA") found in a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OldCertificate {
    /// Subject.
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// End of validity.
    pub not_after: String,
    /// SHA-256 fingerprint (what remove takes).
    pub fingerprint: String,
}

/// The issuer common name of the old DKMA certificates (CUG-9).
pub const OLD_CUG_ISSUER: &str = "TDC Internet Class II CA";

/// An old-type certificate and the store it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FoundOld {
    /// The store's name.
    pub store: String,
    /// The certificate.
    pub certificate: OldCertificate,
}

/// Old-type DKMA certificates in the stores (CUG-9), and the stores that could not be read.
pub fn old_cug_in(stores: &[Box<dyn CertStore>]) -> (Vec<FoundOld>, Vec<StoreResult>) {
    let mut found = Vec::new();
    let mut failed = Vec::new();
    for s in stores {
        match s.certificates() {
            Ok(certs) => found.extend(certs.iter().filter_map(|c| {
                old_cug_certificate(c).map(|certificate| FoundOld {
                    store: s.name(),
                    certificate,
                })
            })),
            Err(e) => failed.push(StoreResult::failed(s.as_ref(), e)),
        }
    }
    (found, failed)
}

/// Remove an old-type certificate from every store that has it. Only a fingerprint that
/// belongs to an old-type certificate is acted on: this is not a general "delete" command.
pub fn remove_old(
    stores: &[Box<dyn CertStore>],
    fingerprint: &str,
) -> Result<Vec<StoreResult>, StoreError> {
    let (found, _) = old_cug_in(stores);
    if !found
        .iter()
        .any(|f| same_fingerprint(&f.certificate.fingerprint, fingerprint))
    {
        return Err(StoreError::new(ErrorCode::StoreFailed).detail("not an old-type certificate"));
    }
    Ok(uninstall_all(stores, fingerprint))
}

/// Whether a DER certificate is an old-type DKMA certificate; its summary if so.
pub fn old_cug_certificate(der: &[u8]) -> Option<OldCertificate> {
    let s = crate::cert::identify::summarize(der).ok()?;
    (s.issuer_common_name.as_deref() == Some(OLD_CUG_ISSUER)).then(|| OldCertificate {
        subject: s.subject,
        issuer: s.issuer,
        not_after: s.not_after,
        fingerprint: fingerprint(der),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A store in memory that can be told to fail, or to warn about the key after an install
    /// (as Windows' does when the key is not in the CNG Software KSP). Made with [`fake`].
    struct Fake {
        name: &'static str,
        held: RefCell<Vec<String>>,
        broken: bool,
        key_warns: bool,
    }

    /// An empty, working store named `name`.
    fn fake(name: &'static str) -> Fake {
        Fake {
            name,
            held: RefCell::new(Vec::new()),
            broken: false,
            key_warns: false,
        }
    }

    impl Fake {
        /// Holding the certificate with this fingerprint.
        fn holding(self, fp: &str) -> Fake {
            self.held.borrow_mut().push(fp.into());
            self
        }
        /// Refusing every install.
        fn broken(self) -> Fake {
            Fake {
                broken: true,
                ..self
            }
        }
        /// Failing the key proof after an install.
        fn key_warns(self) -> Fake {
            Fake {
                key_warns: true,
                ..self
            }
        }
        fn boxed(self) -> Box<dyn CertStore> {
            Box::new(self)
        }
    }

    /// What every test installs: fingerprint `AB:CD`, with the password `pw`.
    fn item(pw: &Password) -> Installable<'_> {
        Installable {
            pkcs12: b"",
            password: pw,
            fingerprint: "AB:CD",
            exportable: false,
        }
    }

    impl CertStore for Fake {
        fn name(&self) -> String {
            self.name.into()
        }
        fn kind(&self) -> StoreKind {
            StoreKind::Nss
        }
        fn contains(&self, fp: &str) -> Result<bool, StoreError> {
            Ok(self.held.borrow().iter().any(|h| same_fingerprint(h, fp)))
        }
        fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
            if self.broken {
                return Err(StoreError::new(ErrorCode::StoreReadOnly));
            }
            self.held.borrow_mut().push(item.fingerprint.into());
            Ok(())
        }
        fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
            Ok(Vec::new())
        }
        fn remove(&self, fp: &str) -> Result<bool, StoreError> {
            let before = self.held.borrow().len();
            self.held.borrow_mut().retain(|h| !same_fingerprint(h, fp));
            Ok(self.held.borrow().len() < before)
        }
        fn key_warning(&self, _item: &Installable<'_>) -> Option<StoreError> {
            self.key_warns
                .then(|| StoreError::new(ErrorCode::StoreKeyProvider).detail("a CryptoAPI key"))
        }
    }

    #[test]
    fn each_store_gets_its_line_and_a_failure_stops_nothing() {
        let stores = vec![
            fake("a").broken().boxed(),
            fake("b").boxed(),
            fake("c").holding("ab:cd").boxed(),
        ];
        let pw = Password::new("x");
        let item = item(&pw);
        let r = install_all(&stores, &item);
        let got: Vec<_> = r.iter().map(|r| (r.store.as_str(), r.outcome)).collect();
        assert_eq!(
            got,
            [
                ("a", StoreOutcome::Failed),
                ("b", StoreOutcome::Installed),
                ("c", StoreOutcome::AlreadyThere)
            ]
        );
        assert_eq!(r[0].code, Some(ErrorCode::StoreReadOnly));
        let again = install_all(&stores, &item);
        assert_eq!(again[1].outcome, StoreOutcome::AlreadyThere, "idempotent");
        let gone = uninstall_all(&stores, "abcd");
        let got: Vec<_> = gone.iter().map(|r| r.outcome).collect();
        assert_eq!(
            got,
            [
                StoreOutcome::NotThere,
                StoreOutcome::Removed,
                StoreOutcome::Removed
            ]
        );
    }

    #[test]
    fn a_failed_key_proof_is_a_warning_on_an_install_not_a_failure() {
        let stores = vec![fake("Windows").key_warns().boxed(), fake("b").boxed()];
        let pw = Password::new("x");
        let item = item(&pw);
        let r = install_all(&stores, &item);
        assert_eq!(r[0].outcome, StoreOutcome::Installed);
        assert!(r[0].present());
        assert_eq!(r[0].code, None, "not a failure");
        assert_eq!(r[0].warning, Some(ErrorCode::StoreKeyProvider));
        assert_eq!(r[0].detail.as_deref(), Some("a CryptoAPI key"));
        assert_eq!((r[1].warning, r[1].detail.as_deref()), (None, None));
        let json = serde_json::to_value(&r[0]).unwrap();
        assert_eq!(json["warning"], "store.key_provider");
        // An older saved result without the field still reads.
        let mut old = json.clone();
        old.as_object_mut().unwrap().remove("warning");
        assert_eq!(
            serde_json::from_value::<StoreResult>(old).unwrap().warning,
            None
        );
        // A code this version does not know (a newer app's report) reads as none, and the
        // rest of the line still reads.
        let mut newer = json.clone();
        newer["warning"] = "store.from_the_future".into();
        newer["code"] = "store.read_only".into();
        let read = serde_json::from_value::<StoreResult>(newer).unwrap();
        assert_eq!(
            (read.warning, read.code),
            (None, Some(ErrorCode::StoreReadOnly))
        );
        // The proof belongs to an install made now: a store that had it already is not asked.
        let again = install_all(&stores, &item);
        assert_eq!(again[0].outcome, StoreOutcome::AlreadyThere);
        assert_eq!(again[0].warning, None);
    }

    #[test]
    fn fingerprints_compare_loosely_but_never_empty() {
        assert!(same_fingerprint("ab:cd:ef", "ABCDEF"));
        assert!(!same_fingerprint("", ""));
        assert!(!same_fingerprint("ab", "abcd"));
    }
}
