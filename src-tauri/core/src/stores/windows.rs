//! Windows: the current user's personal certificate store ("My"), through CryptoAPI as wrapped
//! by the `schannel` crate (`PFXImportCertStore`, then `CertAddCertificateContextToStore` for
//! each certificate with its key). The key is imported not exportable unless the user asks.
//! Its certificates are listed for the old-type DKMA search (issuer "TDC Internet Class II CA",
//! CUG-9), which is shared with the other stores.
//!
//! This file compiles only on Windows. It cannot be built or tested on the project's Linux CI:
//! the shared behaviour around it is tested through [`super::CertStore`] on Linux.

use super::{fingerprint, same_fingerprint, CertStore, Installable, StoreError};
use crate::error::ErrorCode;
use schannel::cert_store::{CertAdd, CertStore as WinStore, PfxImportOptions};

/// The current user's personal store.
#[derive(Debug, Clone, Copy)]
pub struct UserStore;

fn open() -> Result<WinStore, StoreError> {
    WinStore::open_current_user("My")
        .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))
}

impl CertStore for UserStore {
    fn name(&self) -> String {
        "Windows".into()
    }

    fn kind(&self) -> &'static str {
        "windows"
    }

    fn contains(&self, fp: &str) -> Result<bool, StoreError> {
        Ok(open()?
            .certs()
            .any(|c| same_fingerprint(&fingerprint(c.to_der()), fp)))
    }

    fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
        let imported = PfxImportOptions::new()
            .password(item.password.expose())
            .exportable_private_key(item.exportable)
            .include_extended_properties(false)
            .import(item.pkcs12)
            .map_err(|_| StoreError::new(ErrorCode::CertWrongPassword))?;
        let mut store = open()?;
        for cert in imported.certs() {
            // Only the certificate with the key goes in "My"; CA certificates do not belong there.
            if same_fingerprint(&fingerprint(cert.to_der()), item.fingerprint) {
                store
                    .add_cert(&cert, CertAdd::ReplaceExisting)
                    .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))?;
            }
        }
        Ok(())
    }

    fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        Ok(open()?.certs().map(|c| c.to_der().to_vec()).collect())
    }

    fn remove(&self, fp: &str) -> Result<bool, StoreError> {
        let store = open()?;
        let found = store
            .certs()
            .find(|c| same_fingerprint(&fingerprint(c.to_der()), fp));
        match found {
            Some(c) => c
                .delete()
                .map(|_| true)
                .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string())),
            None => Ok(false),
        }
    }
}
