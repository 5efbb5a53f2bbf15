//! macOS: the login keychain, through the Security framework as wrapped by the
//! `security-framework` crate (`SecPKCS12Import` into the default keychain; search and delete
//! by certificate).
//!
//! This file compiles only on macOS. The test command type-checks it for aarch64-apple-darwin
//! (scripts/check-macos.sh); nothing here is linked or run on the project's Linux CI. The
//! shared behaviour around it is tested through [`super::CertStore`] on Linux.

use super::{fingerprint, same_fingerprint, CertStore, Installable, StoreError};
use crate::error::ErrorCode;
use security_framework::certificate::SecCertificate;
use security_framework::import_export::Pkcs12ImportOptions;
use security_framework::item::{ItemClass, ItemSearchOptions, Limit, Reference, SearchResult};
use security_framework::os::macos::keychain::SecKeychain;

/// The user's login keychain.
#[derive(Debug, Clone, Copy)]
pub struct LoginKeychain;

fn certificates() -> Result<Vec<SecCertificate>, StoreError> {
    let found = ItemSearchOptions::new()
        .class(ItemClass::certificate())
        .load_refs(true)
        .limit(Limit::All)
        .search();
    match found {
        Ok(items) => Ok(items
            .into_iter()
            .filter_map(|r| match r {
                SearchResult::Ref(Reference::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect()),
        // "Not found" is an empty keychain, not a failure.
        Err(e) if e.code() == -25300 => Ok(Vec::new()),
        Err(e) => Err(StoreError::new(ErrorCode::StoreFailed).detail(e.to_string())),
    }
}

impl CertStore for LoginKeychain {
    fn name(&self) -> String {
        "macOS".into()
    }

    fn kind(&self) -> super::StoreKind {
        super::StoreKind::Macos
    }

    fn contains(&self, fp: &str) -> Result<bool, StoreError> {
        Ok(certificates()?
            .iter()
            .any(|c| same_fingerprint(&fingerprint(&c.to_der()), fp)))
    }

    fn add(&self, item: &Installable<'_>) -> Result<(), StoreError> {
        let keychain = SecKeychain::default()
            .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()))?;
        let mut options = Pkcs12ImportOptions::new();
        options.passphrase(item.password.expose());
        options.keychain(keychain);
        options
            .import(item.pkcs12)
            .map(|_| ())
            .map_err(|e| match e.code() {
                // errSecAuthFailed, errSecPkcs12VerifyFailure
                -25293 | -25264 => StoreError::new(ErrorCode::CertWrongPassword),
                _ => StoreError::new(ErrorCode::StoreFailed).detail(e.to_string()),
            })
    }

    fn certificates(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        Ok(certificates()?.iter().map(|c| c.to_der()).collect())
    }

    fn remove(&self, fp: &str) -> Result<bool, StoreError> {
        match certificates()?
            .into_iter()
            .find(|c| same_fingerprint(&fingerprint(&c.to_der()), fp))
        {
            Some(c) => c
                .delete()
                .map(|_| true)
                .map_err(|e| StoreError::new(ErrorCode::StoreFailed).detail(e.to_string())),
            None => Ok(false),
        }
    }
}
