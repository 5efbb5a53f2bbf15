//! Windows only: the foreign calls behind the core's Windows certificate store
//! (`oces_core::cert_stores::windows`) that no kept crate wraps, behind a safe interface:
//! - `pfx_import`: `PFXImportCertStore`, with `PKCS12_ALWAYS_CNG_KSP` when asked, so the key
//!   goes into the CNG "Microsoft Software Key Storage Provider" rather than a CryptoAPI
//!   provider; the password's wide copy is wiped after the call;
//! - `CngKey::of_certificate`: the certificate's private key through
//!   `CryptAcquireCertificatePrivateKey` with `CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG`, refused when
//!   Windows hands back a CryptoAPI key;
//! - `CngKey::provider_name`, `CngKey::exportable`, `CngKey::algorithm_group`: its
//!   properties (`NCryptGetProperty`);
//! - `CngKey::sign_and_verify`: a digest signed with RSA-PSS/SHA-256 (`NCryptSignHash` with
//!   `BCRYPT_PSS_PADDING_INFO`; ECDSA for an EC key) and the signature verified with the
//!   certificate's public key (`PublicKey::of_certificate`, `BCryptVerifySignature`).
//!
//! The workspace denies unsafe code; this small crate is the one exception besides the window's
//! call to glibc's `malloc_trim` (`src-tauri/src/heap.rs`), and each block says
//! why it is sound. Its handles are freed on drop. The tests (`cargo test -p oces-winkey`, run
//! under Wine by scripts/test-windows.sh) show what Wine 8 can do: see the test module.
#![cfg(windows)]

use schannel::cert_context::CertContext;
use schannel::cert_store::CertStore;
use schannel::RawPointer;
use windows_sys::Win32::Security::Cryptography as wc;
use zeroize::Zeroize;

/// The name of the CNG provider the keys go into (`MS_KEY_STORAGE_PROVIDER`).
pub const SOFTWARE_KSP: &str = "Microsoft Software Key Storage Provider";

/// A failed call: which step, and Windows' status (`0x8009000D`) or error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was being done.
    pub step: &'static str,
    /// What Windows answered.
    pub status: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.step, self.status)
    }
}

impl std::error::Error for Failure {}

fn failure(step: &'static str, status: i32) -> Failure {
    Failure {
        step,
        status: format!("0x{:08X}", status as u32),
    }
}

fn last_error(step: &'static str) -> Failure {
    Failure {
        step,
        status: std::io::Error::last_os_error().to_string(),
    }
}

/// Import a PKCS#12 file into a temporary store with `PFXImportCertStore`, the key in the
/// current user's key store: not exportable unless `exportable`; into the CNG Software Key
/// Storage Provider when `cng` (`PKCS12_ALWAYS_CNG_KSP`), else into the CryptoAPI provider the
/// file names or the default one.
pub fn pfx_import(
    pkcs12: &[u8],
    password: &str,
    exportable: bool,
    cng: bool,
) -> std::io::Result<CertStore> {
    let len = u32::try_from(pkcs12.len())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "too large"))?;
    let mut flags = wc::CRYPT_USER_KEYSET;
    if exportable {
        flags |= wc::CRYPT_EXPORTABLE;
    }
    if cng {
        flags |= wc::PKCS12_ALWAYS_CNG_KSP;
    }
    let blob = wc::CRYPT_INTEGER_BLOB {
        cbData: len,
        // The function only reads the blob.
        pbData: pkcs12.as_ptr().cast_mut(),
    };
    let mut wide: Vec<u16> = password.encode_utf16().chain([0]).collect();
    // SAFETY: `blob` describes `pkcs12`, which outlives the call and is only read; `wide` is
    // NUL-terminated and outlives the call.
    let store = unsafe { wc::PFXImportCertStore(&blob, wide.as_ptr(), flags) };
    let err = std::io::Error::last_os_error();
    wide.zeroize();
    if store.is_null() {
        Err(err)
    } else {
        // SAFETY: a store handle just returned to us; the wrapper closes it once, on drop.
        Ok(unsafe { CertStore::from_ptr(store) })
    }
}

/// Windows' answer for a password that does not open the file (also what a Windows that cannot
/// read the file's algorithms says), as a Win32 error or as its HRESULT.
pub fn is_wrong_password(e: &std::io::Error) -> bool {
    const PW: u32 = windows_sys::Win32::Foundation::ERROR_INVALID_PASSWORD;
    e.raw_os_error()
        .is_some_and(|c| c as u32 == PW || c as u32 == 0x8007_0000 | PW)
}

/// A CNG key handle, freed on drop when it is ours (not one cached on the certificate).
pub struct CngKey {
    handle: wc::NCRYPT_KEY_HANDLE,
    owned: bool,
}

impl CngKey {
    /// The certificate's private key as a CNG key. An error when Windows has no key for it, or
    /// only a CryptoAPI one (Wine hands one over even when only CNG is asked for).
    pub fn of_certificate(cert: &CertContext) -> Result<CngKey, Failure> {
        let mut handle: wc::HCRYPTPROV_OR_NCRYPT_KEY_HANDLE = 0;
        let mut spec: wc::CERT_KEY_SPEC = 0;
        let mut free = 0;
        // SAFETY: the context is valid while `cert` is borrowed and is only read; the
        // out-pointers are locals.
        let ok = unsafe {
            wc::CryptAcquireCertificatePrivateKey(
                cert.as_ptr() as *const wc::CERT_CONTEXT,
                wc::CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG
                    | wc::CRYPT_ACQUIRE_SILENT_FLAG
                    | wc::CRYPT_ACQUIRE_COMPARE_KEY_FLAG,
                std::ptr::null(),
                &mut handle,
                &mut spec,
                &mut free,
            )
        };
        if ok == 0 {
            return Err(last_error("no CNG key for the certificate"));
        }
        let owned = free != 0;
        if spec != wc::CERT_NCRYPT_KEY_SPEC {
            if owned {
                // SAFETY: a CryptoAPI provider handle that we own and release once.
                unsafe { wc::CryptReleaseContext(handle, 0) };
            }
            return Err(Failure {
                step: "a CryptoAPI key, not a CNG key",
                status: format!("key spec {spec}"),
            });
        }
        Ok(CngKey { handle, owned })
    }

    /// An RSA 2048 key made in the Software KSP without a name (kept in memory only, nothing is
    /// written anywhere), and its public half. For tests of [`CngKey::sign_and_verify`].
    #[doc(hidden)]
    pub fn ephemeral_rsa_2048() -> Result<(CngKey, PublicKey), Failure> {
        let provider = Provider::open()?;
        let mut handle: wc::NCRYPT_KEY_HANDLE = 0;
        // SAFETY: an open provider handle; the out-pointer is a local.
        let status = unsafe {
            wc::NCryptCreatePersistedKey(
                provider.0,
                &mut handle,
                wc::BCRYPT_RSA_ALGORITHM,
                std::ptr::null(),
                0,
                0,
            )
        };
        if status != 0 {
            return Err(failure("NCryptCreatePersistedKey", status));
        }
        let key = CngKey {
            handle,
            owned: true,
        };
        let bits = 2048u32;
        // SAFETY: a key handle we own; the input is a u32 of 4 bytes.
        let status = unsafe {
            wc::NCryptSetProperty(
                key.handle,
                wc::NCRYPT_LENGTH_PROPERTY,
                (&raw const bits).cast(),
                4,
                0,
            )
        };
        if status != 0 {
            return Err(failure("NCRYPT_LENGTH_PROPERTY", status));
        }
        // SAFETY: a key handle we own.
        let status = unsafe { wc::NCryptFinalizeKey(key.handle, 0) };
        if status != 0 {
            return Err(failure("NCryptFinalizeKey", status));
        }
        let public = key.public_key()?;
        Ok((key, public))
    }

    /// The key's public half, exported and imported into BCrypt (RSA only).
    fn public_key(&self) -> Result<PublicKey, Failure> {
        let mut n = 0u32;
        // SAFETY: a valid key handle; the first call asks for the size only.
        let status = unsafe {
            wc::NCryptExportKey(
                self.handle,
                0,
                wc::BCRYPT_RSAPUBLIC_BLOB,
                std::ptr::null(),
                std::ptr::null_mut(),
                0,
                &mut n,
                0,
            )
        };
        if status != 0 || n == 0 || n > 4096 {
            return Err(failure("NCryptExportKey (size)", status));
        }
        let mut blob = vec![0u8; n as usize];
        // SAFETY: the buffer has the size the first call gave.
        let status = unsafe {
            wc::NCryptExportKey(
                self.handle,
                0,
                wc::BCRYPT_RSAPUBLIC_BLOB,
                std::ptr::null(),
                blob.as_mut_ptr(),
                n,
                &mut n,
                0,
            )
        };
        if status != 0 {
            return Err(failure("NCryptExportKey", status));
        }
        let mut alg: wc::BCRYPT_ALG_HANDLE = std::ptr::null_mut();
        // SAFETY: the out-pointer is a local; the name is a static wide string.
        let status = unsafe {
            wc::BCryptOpenAlgorithmProvider(&mut alg, wc::BCRYPT_RSA_ALGORITHM, std::ptr::null(), 0)
        };
        if status != 0 {
            return Err(failure("BCryptOpenAlgorithmProvider", status));
        }
        let mut public: wc::BCRYPT_KEY_HANDLE = std::ptr::null_mut();
        // SAFETY: an open algorithm handle; the blob is valid for `n` bytes; then the algorithm
        // handle is closed once (the key keeps what it needs).
        let status = unsafe {
            let s = wc::BCryptImportKeyPair(
                alg,
                std::ptr::null_mut(),
                wc::BCRYPT_RSAPUBLIC_BLOB,
                &mut public,
                blob.as_ptr(),
                n,
                0,
            );
            wc::BCryptCloseAlgorithmProvider(alg, 0);
            s
        };
        if status != 0 || public.is_null() {
            return Err(failure("BCryptImportKeyPair", status));
        }
        Ok(PublicKey(public))
    }

    /// The name of the key's provider ([`SOFTWARE_KSP`] for a key in the Software KSP).
    pub fn provider_name(&self) -> Result<String, Failure> {
        let mut prov: wc::NCRYPT_PROV_HANDLE = 0;
        let mut got = 0u32;
        // SAFETY: a valid key handle; the out-buffer is a handle-sized local.
        let status = unsafe {
            wc::NCryptGetProperty(
                self.handle,
                wc::NCRYPT_PROVIDER_HANDLE_PROPERTY,
                (&raw mut prov).cast(),
                std::mem::size_of::<wc::NCRYPT_PROV_HANDLE>() as u32,
                &mut got,
                0,
            )
        };
        if status != 0 {
            return Err(failure("NCRYPT_PROVIDER_HANDLE_PROPERTY", status));
        }
        let provider = Provider(prov);
        provider.name()
    }

    /// Whether the key's export policy allows an export (`NCRYPT_ALLOW_EXPORT_FLAG` or the
    /// plain-text one).
    pub fn exportable(&self) -> Result<bool, Failure> {
        let mut v = 0u32;
        let mut got = 0u32;
        // SAFETY: a valid key handle; a u32 out-buffer of its size.
        let status = unsafe {
            wc::NCryptGetProperty(
                self.handle,
                wc::NCRYPT_EXPORT_POLICY_PROPERTY,
                (&raw mut v).cast(),
                4,
                &mut got,
                0,
            )
        };
        if status != 0 || got != 4 {
            return Err(failure("NCRYPT_EXPORT_POLICY_PROPERTY", status));
        }
        Ok(v & (wc::NCRYPT_ALLOW_EXPORT_FLAG | wc::NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG) != 0)
    }

    /// The key's algorithm group: `RSA`, `ECDSA`, …
    pub fn algorithm_group(&self) -> Result<String, Failure> {
        wide_property(self.handle, wc::NCRYPT_ALGORITHM_GROUP_PROPERTY)
            .map_err(|s| failure("NCRYPT_ALGORITHM_GROUP_PROPERTY", s))
    }

    /// Sign `digest` (SHA-256) with this key, with RSA-PSS (SHA-256, 32-byte salt) when `rsa`
    /// and ECDSA when not, and verify the signature with `public`. The signature's length when
    /// both worked.
    pub fn sign_and_verify(
        &self,
        public: &PublicKey,
        digest: &[u8; 32],
        rsa: bool,
    ) -> Result<usize, Failure> {
        let pss = wc::BCRYPT_PSS_PADDING_INFO {
            pszAlgId: wc::BCRYPT_SHA256_ALGORITHM,
            cbSalt: 32,
        };
        let (padding, pad_flag) = if rsa {
            (
                (&raw const pss).cast::<std::ffi::c_void>(),
                wc::BCRYPT_PAD_PSS,
            )
        } else {
            (std::ptr::null(), 0)
        };
        let mut len = 0u32;
        // SAFETY: a valid key handle; `padding` is null or points at `pss`, alive for the whole
        // function; the first call asks for the size only.
        let status = unsafe {
            wc::NCryptSignHash(
                self.handle,
                padding,
                digest.as_ptr(),
                32,
                std::ptr::null_mut(),
                0,
                &mut len,
                pad_flag | wc::NCRYPT_SILENT_FLAG,
            )
        };
        if status != 0 || len == 0 || len > 2048 {
            return Err(failure("NCryptSignHash (size)", status));
        }
        let mut signature = vec![0u8; len as usize];
        // SAFETY: as above; the buffer has the size the first call gave.
        let status = unsafe {
            wc::NCryptSignHash(
                self.handle,
                padding,
                digest.as_ptr(),
                32,
                signature.as_mut_ptr(),
                len,
                &mut len,
                pad_flag | wc::NCRYPT_SILENT_FLAG,
            )
        };
        if status != 0 {
            return Err(failure("NCryptSignHash", status));
        }
        signature.truncate(len as usize);
        // SAFETY: a valid public key handle; digest and signature are valid for their lengths;
        // `padding` as above.
        let status = unsafe {
            wc::BCryptVerifySignature(
                public.0,
                padding,
                digest.as_ptr(),
                32,
                signature.as_ptr(),
                len,
                pad_flag,
            )
        };
        if status != 0 {
            return Err(failure(
                "the signature does not verify with the certificate's public key",
                status,
            ));
        }
        Ok(signature.len())
    }
}

impl Drop for CngKey {
    fn drop(&mut self) {
        if self.owned {
            // SAFETY: a key handle we own, freed once.
            unsafe { wc::NCryptFreeObject(self.handle) };
        }
    }
}

/// A CNG provider handle, freed on drop.
struct Provider(wc::NCRYPT_PROV_HANDLE);

impl Provider {
    /// The Software KSP.
    fn open() -> Result<Provider, Failure> {
        let mut prov: wc::NCRYPT_PROV_HANDLE = 0;
        // SAFETY: the out-pointer is a local; the name is a static wide string.
        let status =
            unsafe { wc::NCryptOpenStorageProvider(&mut prov, wc::MS_KEY_STORAGE_PROVIDER, 0) };
        if status != 0 {
            return Err(failure("NCryptOpenStorageProvider", status));
        }
        Ok(Provider(prov))
    }

    fn name(&self) -> Result<String, Failure> {
        wide_property(self.0, wc::NCRYPT_NAME_PROPERTY)
            .map_err(|s| failure("NCRYPT_NAME_PROPERTY", s))
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        // SAFETY: a provider handle we own, freed once.
        unsafe { wc::NCryptFreeObject(self.0) };
    }
}

/// The name of the Software KSP as it answers for itself (`NCRYPT_NAME_PROPERTY`).
pub fn software_ksp_name() -> Result<String, Failure> {
    Provider::open()?.name()
}

/// A string property of a CNG object (at most 256 UTF-16 units, as these names are); the
/// status when the object does not answer.
fn wide_property(
    object: wc::NCRYPT_HANDLE,
    property: windows_sys::core::PCWSTR,
) -> Result<String, i32> {
    let mut buf = [0u16; 256];
    let mut got = 0u32;
    // SAFETY: a valid object handle; the out-buffer and its size in bytes.
    let status = unsafe {
        wc::NCryptGetProperty(
            object,
            property,
            buf.as_mut_ptr().cast(),
            std::mem::size_of_val(&buf) as u32,
            &mut got,
            0,
        )
    };
    if status != 0 {
        return Err(status);
    }
    let units = (got as usize / 2).min(buf.len());
    let text = &buf[..units];
    let end = text.iter().position(|&c| c == 0).unwrap_or(text.len());
    Ok(String::from_utf16_lossy(&text[..end]))
}

/// A BCrypt public key, destroyed on drop.
pub struct PublicKey(wc::BCRYPT_KEY_HANDLE);

impl PublicKey {
    /// The certificate's public key (`CryptImportPublicKeyInfoEx2`).
    pub fn of_certificate(cert: &CertContext) -> Result<PublicKey, Failure> {
        let mut key: wc::BCRYPT_KEY_HANDLE = std::ptr::null_mut();
        // SAFETY: the context and its certificate info are valid while `cert` is borrowed and
        // are only read; the out-pointer is a local.
        let ok = unsafe {
            let ctx = cert.as_ptr() as *const wc::CERT_CONTEXT;
            wc::CryptImportPublicKeyInfoEx2(
                wc::X509_ASN_ENCODING,
                &(*(*ctx).pCertInfo).SubjectPublicKeyInfo,
                0,
                std::ptr::null(),
                &mut key,
            )
        };
        if ok == 0 || key.is_null() {
            return Err(last_error("the certificate's public key"));
        }
        Ok(PublicKey(key))
    }
}

impl Drop for PublicKey {
    fn drop(&mut self) {
        // SAFETY: a key handle we own, destroyed once.
        unsafe { wc::BCryptDestroyKey(self.0) };
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// Wine says so in its own registry key.
    fn under_wine() -> bool {
        winreg::RegKey::predef(winreg::enums::HKEY_LOCAL_MACHINE)
            .open_subkey(r"Software\Wine")
            .is_ok()
    }

    fn digest(n: u8) -> [u8; 32] {
        std::array::from_fn(|i| (i as u8).wrapping_mul(7) ^ n)
    }

    /// What the proof after an install does, on a key of the Software KSP made here: RSA-PSS
    /// with SHA-256 through `NCryptSignHash`, verified with the public key; a signature that
    /// the public key does not verify is caught, and so is a PSS signature checked as ECDSA.
    /// Under Wine 8 this runs too (its KSP makes RSA keys in memory and signs with PSS); what
    /// Wine cannot do is put a PKCS#12 file's key into the KSP, see the core's tests/windows.rs.
    #[test]
    fn the_software_ksp_signs_with_rsa_pss_and_a_wrong_public_key_is_caught() {
        let (key, public) = CngKey::ephemeral_rsa_2048().unwrap();
        assert_eq!(key.sign_and_verify(&public, &digest(1), true), Ok(256));
        assert_eq!(key.sign_and_verify(&public, &digest(2), true), Ok(256));
        let (_, other_public) = CngKey::ephemeral_rsa_2048().unwrap();
        let e = key
            .sign_and_verify(&other_public, &digest(1), true)
            .unwrap_err();
        assert!(e.step.contains("does not verify"), "{e}");
        assert!(key.sign_and_verify(&public, &digest(1), false).is_err());
    }

    /// The key's properties that the proof reads. Windows answers every one; Wine 8's ncrypt
    /// answers the algorithm group and none of the provider's name or the export policy
    /// (measured: NTE_INVALID_PARAMETER, 0x80090027). Both are asserted, so a Wine that learns
    /// them makes this test say so.
    #[test]
    fn the_key_properties_the_proof_reads() {
        let (key, _) = CngKey::ephemeral_rsa_2048().unwrap();
        assert_eq!(key.algorithm_group().as_deref(), Ok("RSA"));
        if under_wine() {
            let status = |r: Result<String, Failure>| r.unwrap_err().status;
            assert_eq!(status(software_ksp_name()), "0x80090027");
            assert_eq!(status(key.provider_name()), "0x80090027");
            assert_eq!(key.exportable().unwrap_err().status, "0x80090027");
        } else {
            assert_eq!(software_ksp_name().as_deref(), Ok(SOFTWARE_KSP));
            assert_eq!(key.provider_name().as_deref(), Ok(SOFTWARE_KSP));
            assert!(key.exportable().is_ok());
        }
    }

    #[test]
    fn a_wrong_password_is_known_as_win32_error_and_as_hresult() {
        let wrong = |c: u32| is_wrong_password(&std::io::Error::from_raw_os_error(c as i32));
        assert!(wrong(86));
        assert!(wrong(0x8007_0056));
        assert!(!wrong(0));
        assert!(
            !wrong(0x8009_0016),
            "NTE_BAD_KEYSET is not a password answer"
        );
    }
}
