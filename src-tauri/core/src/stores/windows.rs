//! Windows: the current user's personal certificate store ("My"), through CryptoAPI as wrapped
//! by the `schannel` crate (`PFXImportCertStore`, then `CertAddCertificateContextToStore` for
//! the certificate with its key). The key is imported not exportable unless the user asks.
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
use schannel::cert_context::CertContext;
use schannel::cert_store::{CertAdd, CertStore as WinStore, PfxImportOptions};

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
        let imported = PfxImportOptions::new()
            .password(item.password.expose())
            .exportable_private_key(item.exportable)
            .include_extended_properties(false)
            .import(pkcs12)
            .map_err(|e| StoreError::new(ErrorCode::CertWrongPassword).detail(e.to_string()))?;
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

fn find(store: &WinStore, fp: &str) -> Option<CertContext> {
    store
        .certs()
        .find(|c| same_fingerprint(&fingerprint(c.to_der()), fp))
}

impl CertStore for UserStore {
    fn name(&self) -> String {
        "Windows".into()
    }

    fn kind(&self) -> &'static str {
        "windows"
    }

    fn contains(&self, fp: &str) -> Result<bool, StoreError> {
        Ok(find(&open()?, fp).is_some())
    }

    fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
        self.install(item).map(|_| ())
    }

    fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        Ok(open()?.certs().map(|c| c.to_der().to_vec()).collect())
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
