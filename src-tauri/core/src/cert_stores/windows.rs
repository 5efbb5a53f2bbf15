//! Windows: the current user's personal certificate store ("My").
//!
//! The PKCS#12 file is imported with `PFXImportCertStore` and `PKCS12_ALWAYS_CNG_KSP`, so the
//! key goes into the CNG "Microsoft Software Key Storage Provider", not the legacy CryptoAPI
//! provider, whose RSA keys cannot make the RSA-PSS signatures a TLS 1.3 client login needs. The
//! key is not exportable unless the user asks. Only the certificate with the key is then added
//! to "My" (`CertAddCertificateContextToStore`, through the `schannel` crate). The foreign calls
//! that no kept crate wraps are in the `oces-winkey` crate, so the core stays free of unsafe code.
//!
//! After the install, [`UserStore::prove_key`] shows that the key works: it takes the key through
//! the store's certificate (`CryptAcquireCertificatePrivateKey` with
//! `CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG`), checks that it is in the Software KSP and that its
//! export policy is the one chosen, signs a test digest with RSA-PSS/SHA-256 (`NCryptSignHash`;
//! ECDSA for an EC key) and verifies that signature with the certificate's public key. When the
//! proof fails, the certificate stays installed and the store's result carries a coded warning
//! (`store.key_provider`, `store.key_export_policy`, `store.key_signature`; [`CertStore::key_warning`]).
//!
//! Should the Software KSP refuse the import itself (no Windows 8 or later should; Wine 8 does),
//! the key is imported into the provider the file names or the default CryptoAPI one, as before,
//! and the proof's `store.key_provider` warning says so; the install does not fail.
//!
//! Under Wine 8, as measured by the tests (`core/tests/windows.rs`, `oces-winkey`'s own):
//! `PFXImportCertStore` refuses `PKCS12_ALWAYS_CNG_KSP` and `PKCS12_PREFER_CNG_KSP` (NULL, last
//! error 0), so the key goes to Wine's CryptoAPI provider and the proof ends in
//! `store.key_provider`; Wine's `CryptAcquireCertificatePrivateKey` ignores
//! `CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG` and hands back a CryptoAPI handle, which the key-spec
//! check catches. Wine's Software KSP makes RSA keys in memory only (a named key cannot be
//! opened again: `NTE_NOT_SUPPORTED`) and signs them with RSA-PSS/SHA-256, which
//! `oces-winkey`'s tests sign and verify through the proof's own code; it does not answer the
//! provider's name or the export policy (`NTE_INVALID_PARAMETER`). So the whole proof passing
//! on an installed key has not been seen here; it needs a real Windows.
//!
//! Its certificates are listed for the old-type DKMA search (issuer "TDC Internet Class II CA",
//! CUG-9), which is shared with the other stores.
//!
//! An AES-protected file on a Windows that reads only 3DES/RC2 files (Windows 10 before 1709,
//! Server 2016 and older: "wrong password" for a right password) is handed over again as a
//! legacy copy made in memory ([`super::legacy_copy`]); the user's file is not changed.
//!
//! Compiled only on Windows. The test command cross-builds it and runs its tests under Wine in
//! a throw-away prefix (`core/tests/windows.rs`, scripts/test-windows.sh).

use super::{fingerprint, legacy_copy, same_fingerprint, CertStore, Installable, StoreError};
use crate::error::ErrorCode;
pub use oces_winkey::SOFTWARE_KSP;
use oces_winkey::{is_wrong_password, pfx_import, CngKey, Failure, PublicKey};
use schannel::cert_context::CertContext;
use schannel::cert_store::{CertAdd, CertStore as WinStore};

/// The current user's personal store.
#[derive(Debug, Clone, Copy, Default)]
pub struct UserStore {
    /// Tests only: refuse AES files the way Windows Server 2016 and older do ("wrong password"),
    /// so that the legacy-copy path runs on any Windows (and under Wine, which reads AES).
    #[doc(hidden)]
    pub refuses_aes: bool,
}

/// How [`UserStore::install`] put the certificate in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The file as it is.
    AsItIs,
    /// A legacy (3DES) copy, because Windows could not read the file's AES protection.
    LegacyCopy,
}

impl UserStore {
    /// Install and say how (see [`Added`]); [`CertStore::add`] is this without the answer.
    pub fn install(&self, item: &Installable<'_>) -> Result<Added, StoreError> {
        let added = match self.import(item.pkcs12, item) {
            Ok(()) => Added::AsItIs,
            // The password was checked before we got here, so "wrong password" from Windows
            // means it cannot read the file's algorithms: try the legacy copy once.
            Err(e) if e.code == ErrorCode::CertWrongPassword => match legacy_copy(item)? {
                Some(copy) => self.import(&copy, item).map(|()| Added::LegacyCopy)?,
                None => return Err(e),
            },
            Err(e) => return Err(e),
        };
        if self.has_private_key(item.fingerprint)? {
            Ok(added)
        } else {
            Err(StoreError::new(ErrorCode::StoreVerify).detail("the key did not go in with it"))
        }
    }

    /// Whether the certificate with this fingerprint has its private key with it in the store
    /// (what a browser needs to log in with it).
    pub fn has_private_key(&self, fp: &str) -> Result<bool, StoreError> {
        Ok(find(&open()?, fp).is_some_and(|c| c.private_key().silent(true).acquire().is_ok()))
    }

    /// Show that the key of the certificate with `fp` in "My" works where TLS 1.3 needs it: a
    /// CNG key in the Microsoft Software Key Storage Provider, exportable only if
    /// `exportable`, that signs a test digest with RSA-PSS/SHA-256 (ECDSA for an EC key), the
    /// signature checked with the certificate's public key. The error says which part failed
    /// (`store.key_provider`, `store.key_export_policy`, `store.key_signature`).
    pub fn prove_key(&self, fp: &str, exportable: bool) -> Result<KeyProof, StoreError> {
        let coded = |code: ErrorCode| move |e: Failure| StoreError::new(code).detail(e.to_string());
        let store = open()?;
        let cert = find(&store, fp)
            .ok_or_else(|| StoreError::new(ErrorCode::StoreVerify).detail("not in the store"))?;
        let key = CngKey::of_certificate(&cert).map_err(coded(ErrorCode::StoreKeyProvider))?;
        let provider = key
            .provider_name()
            .map_err(coded(ErrorCode::StoreKeyProvider))?;
        if provider != SOFTWARE_KSP {
            return Err(StoreError::new(ErrorCode::StoreKeyProvider).detail(provider));
        }
        let key_exportable = key
            .exportable()
            .map_err(coded(ErrorCode::StoreKeyExportPolicy))?;
        if key_exportable != exportable {
            return Err(
                StoreError::new(ErrorCode::StoreKeyExportPolicy).detail(format!(
                    "exportable: {key_exportable}, chosen: {exportable}"
                )),
            );
        }
        let algorithm = key
            .algorithm_group()
            .map_err(coded(ErrorCode::StoreKeySignature))?;
        let public =
            PublicKey::of_certificate(&cert).map_err(coded(ErrorCode::StoreKeySignature))?;
        let signature_len = key
            .sign_and_verify(&public, &test_digest(), algorithm == "RSA")
            .map_err(coded(ErrorCode::StoreKeySignature))?;
        Ok(KeyProof {
            provider,
            algorithm,
            exportable: key_exportable,
            signature_len,
        })
    }

    /// Import `pkcs12` and add the certificate with `fp` and its key to "My".
    fn import(&self, pkcs12: &[u8], item: &Installable<'_>) -> Result<(), StoreError> {
        if self.refuses_aes
            && crate::cert::open_bytes(pkcs12, Some(item.password))
                .ok()
                .and_then(|o| o.pkcs12)
                .is_some_and(|a| !a.legacy)
        {
            return Err(StoreError::new(ErrorCode::CertWrongPassword).detail("AES refused"));
        }
        let pw = item.password.expose();
        let imported = match pfx_import(pkcs12, pw, item.exportable, true) {
            Ok(s) => s,
            Err(e) if is_wrong_password(&e) => {
                return Err(StoreError::new(ErrorCode::CertWrongPassword).detail(e.to_string()))
            }
            // The Software KSP refused the import (Wine does; no Windows 8 or later should):
            // the provider the file names, or the default CryptoAPI one, as before. The proof
            // after the install says so with a coded warning.
            Err(e) => {
                tracing::warn!(error = %e, "the Software KSP refused the import; trying CryptoAPI");
                pfx_import(pkcs12, pw, item.exportable, false).map_err(|e| {
                    StoreError::new(ErrorCode::CertWrongPassword).detail(e.to_string())
                })?
            }
        };
        let mut store = open()?;
        // Only the certificate with the key goes in "My"; CA certificates do not belong there.
        let leaf = imported
            .certs()
            .find(|c| same_fingerprint(&fingerprint(c.to_der()), item.fingerprint))
            .ok_or_else(|| StoreError::new(ErrorCode::StoreVerify).detail("not in the file"))?;
        store
            .add_cert(&leaf, CertAdd::ReplaceExisting)
            .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))?;
        Ok(())
    }
}

fn open() -> Result<WinStore, StoreError> {
    WinStore::open_current_user("My")
        .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))
}

/// What [`UserStore::prove_key`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProof {
    /// The key's provider: [`SOFTWARE_KSP`].
    pub provider: String,
    /// The key's algorithm group (`RSA`, `ECDSA`).
    pub algorithm: String,
    /// Whether the key's export policy allows an export.
    pub exportable: bool,
    /// The test signature's length in bytes (256 for RSA 2048).
    pub signature_len: usize,
}

/// The digest that is signed: SHA-256 of a fixed text and a fresh random part, so no two
/// proofs sign the same digest.
fn test_digest() -> [u8; 32] {
    use sha2::Digest;
    let mut nonce = [0u8; 16];
    // A fixed digest would do as well; a failure of the random source is not a key failure.
    let _ = getrandom::fill(&mut nonce);
    let mut h = sha2::Sha256::new();
    h.update(b"oces-wizard: proof that the installed key signs");
    h.update(nonce);
    h.finalize().into()
}

fn find(store: &WinStore, fp: &str) -> Option<CertContext> {
    store
        .certs()
        .find(|c| same_fingerprint(&fingerprint(c.to_der()), fp))
}

impl CertStore for UserStore {
    fn name(&self) -> String {
        "Windows".into()
    }

    fn kind(&self) -> super::StoreKind {
        super::StoreKind::Windows
    }

    fn contains(&self, fp: &str) -> Result<bool, StoreError> {
        Ok(find(&open()?, fp).is_some())
    }

    fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
        self.install(item).map(|_| ())
    }

    fn key_warning(&self, item: &Installable<'_>) -> Option<StoreError> {
        let proof = self.prove_key(item.fingerprint, item.exportable);
        if let Err(e) = &proof {
            tracing::warn!(code = %e.code, detail = ?e.detail, "the installed key did not pass its proof");
        }
        proof.err()
    }

    fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        Ok(open()?.certs().map(|c| c.to_der().to_vec()).collect())
    }

    /// The key as Windows answers for it (`CryptAcquireCertificatePrivateKey`, silently).
    fn certificates_with_keys(&self) -> Result<Vec<super::WithKey>, StoreError> {
        Ok(open()?
            .certs()
            .map(|c| {
                let key = c.private_key().silent(true).acquire().is_ok();
                (c.to_der().to_vec(), Some(key))
            })
            .collect())
    }

    fn remove(&self, fp: &str) -> Result<bool, StoreError> {
        let failed =
            |e: std::io::Error| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string());
        // The store stays open until after the delete: a registry-backed store writes a delete
        // through when it is closed.
        let store = open()?;
        let Some(cert) = find(&store, fp) else {
            return Ok(false);
        };
        let thumbprint = cert
            .fingerprint(schannel::cert_context::HashAlgorithm::sha1())
            .map_err(failed)?;
        cert.delete().map_err(failed)?;
        drop(store);
        if find(&open()?, fp).is_some() {
            // CryptoAPI said it was deleted, yet the store still lists it (Wine 8 does this for
            // the current user's system store). Remove the certificate's own entry in the
            // registry-backed "My" store, where user certificates live, instead.
            remove_registry_entry(&thumbprint)?;
            if find(&open()?, fp).is_some() {
                return Err(StoreError::new(ErrorCode::StoreVerify).detail("still listed"));
            }
        }
        Ok(true)
    }
}

/// Delete `HKCU\Software\Microsoft\SystemCertificates\My\Certificates\<SHA-1>`, the entry of
/// one certificate in the current user's registry store.
fn remove_registry_entry(sha1: &[u8]) -> Result<(), StoreError> {
    use winreg::enums::{HKEY_CURRENT_USER, KEY_ALL_ACCESS};
    let name: String = sha1.iter().map(|b| format!("{b:02X}")).collect();
    winreg::RegKey::predef(HKEY_CURRENT_USER)
        .open_subkey_with_flags(
            r"Software\Microsoft\SystemCertificates\My\Certificates",
            KEY_ALL_ACCESS,
        )
        .and_then(|certs| certs.delete_subkey_all(&name))
        .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))
}
