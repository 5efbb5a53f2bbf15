//! Writing a PKCS#12 copy in another encryption profile, so an old Windows can import it (or
//! a legacy file gets modern protection).
//!
//! - [`Profile::Legacy`]: key and certificates with `pbeWithSHAAnd3-KeyTripleDES-CBC`, MAC
//!   HMAC-SHA-1. Windows Server 2016 and older (and Windows 10 before 1709) import only this; they
//!   report AES files as "wrong password".
//! - [`Profile::Modern`]: PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC) for key and certificates,
//!   MAC HMAC-SHA-256, as OpenSSL 3 writes by default.
//!
//! [`reexport`] never changes the original, writes the copy to a temporary file beside the
//! target and renames it only after the bytes have been reopened with the same password and
//! found to hold the same certificates and key; an existing target is never overwritten.

use super::ber::{write_header, Class};
use super::{open_bytes, open_file, LoadError, Opened};
use crate::error::{Coded, ErrorCode};
use crate::secret::{Password, SecretBytes};
use cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use hmac::Mac;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Which protection the copy gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// 3DES and SHA-1: readable by every Windows version.
    Legacy,
    /// AES-256 and SHA-256.
    Modern,
}

/// Iterations for the key derivation (OpenSSL's default).
const ITERATIONS: u64 = 2048;

/// Why a copy could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The original could not be opened.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The original holds no private key, so a PKCS#12 copy would be useless.
    #[error("the file holds no private key to export")]
    NoKey,
    /// The target already exists; nothing was written.
    #[error("`{}` already exists", target.display())]
    TargetExists {
        /// The target.
        target: PathBuf,
    },
    /// Writing failed; nothing was left behind.
    #[error("failed to write `{}`", target.display())]
    Write {
        /// The target.
        target: PathBuf,
        /// The OS error (for the log).
        #[source]
        source: std::io::Error,
    },
    /// The written copy did not reopen to the same content; it was not kept.
    #[error("the new copy could not be verified")]
    VerifyFailed,
}

impl Coded for ExportError {
    fn code(&self) -> ErrorCode {
        match self {
            ExportError::Load(e) => e.code(),
            ExportError::NoKey => ErrorCode::ExportNoKey,
            ExportError::TargetExists { .. } => ErrorCode::ExportTargetExists,
            // A full disk, a quota or a file-size limit (`ulimit -f`): "disk full".
            ExportError::Write { source, .. }
                if matches!(
                    source.kind(),
                    std::io::ErrorKind::StorageFull
                        | std::io::ErrorKind::FileTooLarge
                        | std::io::ErrorKind::QuotaExceeded
                ) =>
            {
                ErrorCode::FileDiskFull
            }
            ExportError::Write { .. } => ErrorCode::ExportWrite,
            ExportError::VerifyFailed => ErrorCode::ExportVerify,
        }
    }

    fn params(&self) -> BTreeMap<&'static str, String> {
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        match self {
            ExportError::Load(e) => e.params(),
            ExportError::TargetExists { target } | ExportError::Write { target, .. } => {
                let folder = target
                    .parent()
                    .map(|p| p.display().to_string())
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| ".".into());
                BTreeMap::from([("file", name(target)), ("folder", folder)])
            }
            _ => BTreeMap::new(),
        }
    }
}

// ---------- a minimal DER writer ----------

fn tlv(class: Class, constructed: bool, number: u32, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    write_header(class, constructed, number, content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(Class::Universal, true, 16, &parts.concat())
}

fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(Class::Universal, true, 17, &parts.concat())
}

fn octets(b: &[u8]) -> Vec<u8> {
    tlv(Class::Universal, false, 4, b)
}

fn explicit0(inner: Vec<u8>) -> Vec<u8> {
    tlv(Class::Context, true, 0, &inner)
}

fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

fn int(v: u64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(7);
    let mut body = bytes[skip..].to_vec();
    if body[0] & 0x80 != 0 {
        body.insert(0, 0);
    }
    tlv(Class::Universal, false, 2, &body)
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut groups = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            groups.push((v & 0x7f) as u8 | 0x80);
            v >>= 7;
        }
        body.extend(groups.iter().rev());
    };
    push(arcs[0] * 40 + arcs[1]);
    for a in &arcs[2..] {
        push(*a);
    }
    tlv(Class::Universal, false, 6, &body)
}

fn bmp(s: &str) -> Vec<u8> {
    let body: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tlv(Class::Universal, false, 30, &body)
}

fn random<const N: usize>() -> Result<[u8; N], ExportError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|_| ExportError::VerifyFailed)?;
    Ok(b)
}

// ---------- encryption ----------

/// Encrypt `plain`; returns the AlgorithmIdentifier and the ciphertext.
fn encrypt(
    profile: Profile,
    plain: &[u8],
    password: &Password,
) -> Result<(Vec<u8>, Vec<u8>), ExportError> {
    match profile {
        Profile::Legacy => {
            let salt = random::<8>()?;
            let bmp_pw = super::pkcs12::bmp_password(password);
            let key =
                zeroize::Zeroizing::new(super::pkcs12::kdf_sha1(&bmp_pw, &salt, 1, ITERATIONS, 24));
            let iv = super::pkcs12::kdf_sha1(&bmp_pw, &salt, 2, ITERATIONS, 8);
            let ct = cbc::Encryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
                .map_err(|_| ExportError::VerifyFailed)?
                .encrypt_padded_vec_mut::<Pkcs7>(plain);
            let alg = seq(&[
                oid("1.2.840.113549.1.12.1.3"),
                seq(&[octets(&salt), int(ITERATIONS)]),
            ]);
            Ok((alg, ct))
        }
        Profile::Modern => {
            let salt = random::<16>()?;
            let iv = random::<16>()?;
            let mut key = zeroize::Zeroizing::new([0u8; 32]);
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                password.expose().as_bytes(),
                &salt,
                ITERATIONS as u32,
                &mut *key,
            );
            let ct = cbc::Encryptor::<aes::Aes256>::new_from_slices(&*key, &iv)
                .map_err(|_| ExportError::VerifyFailed)?
                .encrypt_padded_vec_mut::<Pkcs7>(plain);
            let alg = seq(&[
                oid("1.2.840.113549.1.5.13"),
                seq(&[
                    seq(&[
                        oid("1.2.840.113549.1.5.12"),
                        seq(&[
                            octets(&salt),
                            int(ITERATIONS),
                            seq(&[oid("1.2.840.113549.2.9"), null()]),
                        ]),
                    ]),
                    seq(&[oid("2.16.840.1.101.3.4.1.42"), octets(&iv)]),
                ]),
            ]);
            Ok((alg, ct))
        }
    }
}

/// Build a PKCS#12 file from certificates (leaf first) and a PKCS#8 key.
pub fn build_pkcs12(
    certificates: &[Vec<u8>],
    key: &SecretBytes,
    friendly_name: Option<&str>,
    password: &Password,
    profile: Profile,
) -> Result<Vec<u8>, ExportError> {
    let local_key_id = certificates
        .first()
        .map(|c| sha1::Sha1::digest(c).to_vec())
        .unwrap_or_default();
    let attrs = |with_id: bool| {
        let mut a = Vec::new();
        if let Some(name) = friendly_name {
            a.push(seq(&[oid("1.2.840.113549.1.9.20"), set(&[bmp(name)])]));
        }
        if with_id {
            a.push(seq(&[
                oid("1.2.840.113549.1.9.21"),
                set(&[octets(&local_key_id)]),
            ]));
        }
        set(&a)
    };
    // Certificates, encrypted together.
    let cert_bags: Vec<Vec<u8>> = certificates
        .iter()
        .enumerate()
        .map(|(i, der)| {
            let value = seq(&[oid("1.2.840.113549.1.9.22.1"), explicit0(octets(der))]);
            seq(&[
                oid("1.2.840.113549.1.12.10.1.3"),
                explicit0(value),
                attrs(i == 0),
            ])
        })
        .collect();
    let (cert_alg, cert_ct) = encrypt(profile, &seq(&cert_bags), password)?;
    let encrypted_data = seq(&[
        int(0),
        seq(&[
            oid("1.2.840.113549.1.7.1"),
            cert_alg,
            tlv(Class::Context, false, 0, &cert_ct),
        ]),
    ]);
    let certs_info = seq(&[oid("1.2.840.113549.1.7.6"), explicit0(encrypted_data)]);
    // The key, encrypted on its own.
    let (key_alg, key_ct) = encrypt(profile, key.expose(), password)?;
    let key_bag = seq(&[
        oid("1.2.840.113549.1.12.10.1.2"),
        explicit0(seq(&[key_alg, octets(&key_ct)])),
        attrs(true),
    ]);
    let key_info = seq(&[
        oid("1.2.840.113549.1.7.1"),
        explicit0(octets(&seq(&[key_bag]))),
    ]);
    let auth_safe = seq(&[certs_info, key_info]);
    // MAC over the authSafe octets.
    let salt = random::<16>()?;
    let (digest_oid, mac) = match profile {
        Profile::Legacy => {
            let k = zeroize::Zeroizing::new(super::pkcs12::kdf_sha1(
                &super::pkcs12::bmp_password(password),
                &salt,
                3,
                ITERATIONS,
                20,
            ));
            let mut m = <hmac::Hmac<sha1::Sha1> as Mac>::new_from_slice(&k)
                .map_err(|_| ExportError::VerifyFailed)?;
            m.update(&auth_safe);
            ("1.3.14.3.2.26", m.finalize().into_bytes().to_vec())
        }
        Profile::Modern => {
            let k = zeroize::Zeroizing::new(super::pkcs12::kdf_sha256(
                &super::pkcs12::bmp_password(password),
                &salt,
                3,
                ITERATIONS,
                32,
            ));
            let mut m = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&k)
                .map_err(|_| ExportError::VerifyFailed)?;
            m.update(&auth_safe);
            ("2.16.840.1.101.3.4.2.1", m.finalize().into_bytes().to_vec())
        }
    };
    let mac_data = seq(&[
        seq(&[seq(&[oid(digest_oid), null()]), octets(&mac)]),
        octets(&salt),
        int(ITERATIONS),
    ]);
    Ok(seq(&[
        int(3),
        seq(&[oid("1.2.840.113549.1.7.1"), explicit0(octets(&auth_safe))]),
        mac_data,
    ]))
}

/// What a finished copy is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Exported {
    /// Where it was written.
    pub path: PathBuf,
    /// Its algorithms, as read back.
    pub algorithms: super::pkcs12::Algorithms,
    /// SHA-256 of the new file.
    pub sha256: String,
}

fn same_content(a: &Opened, b: &Opened) -> bool {
    a.certificates == b.certificates
        && match (&a.private_key, &b.private_key) {
            (Some(x), Some(y)) => x.expose() == y.expose(),
            _ => false,
        }
}

/// Write a copy of `source` (a PKCS#12 or CUG file with a key) in `profile` to `target`.
pub fn reexport(
    source: &Path,
    password: &Password,
    profile: Profile,
    target: &Path,
) -> Result<Exported, ExportError> {
    let original = open_file(source, Some(password))?;
    let key = original.private_key.clone().ok_or(ExportError::NoKey)?;
    if target.exists() {
        return Err(ExportError::TargetExists {
            target: target.to_path_buf(),
        });
    }
    let bytes = build_pkcs12(
        &original.certificates,
        &key,
        original.friendly_name.as_deref(),
        password,
        profile,
    )?;
    let reopened = open_bytes(&bytes, Some(password)).map_err(|_| ExportError::VerifyFailed)?;
    if !same_content(&original, &reopened) {
        return Err(ExportError::VerifyFailed);
    }
    let write_err = |source| ExportError::Write {
        target: target.to_path_buf(),
        source,
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // One temporary-file policy for the app (crate::temp): our prefix, never listed by the
    // finder, and what a killed run left behind is removed on the next write here.
    crate::temp::remove_stale_temp_files(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(crate::temp::TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(write_err)?;
    tmp.write_all(&bytes).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    // Read back what reached the disk before it gets its name.
    let on_disk = std::fs::read(tmp.path()).map_err(write_err)?;
    if on_disk != bytes {
        return Err(ExportError::VerifyFailed);
    }
    tmp.persist_noclobber(target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            ExportError::TargetExists {
                target: target.to_path_buf(),
            }
        } else {
            write_err(e.error)
        }
    })?;
    let algorithms = reopened.pkcs12.unwrap_or_default();
    Ok(Exported {
        path: target.to_path_buf(),
        algorithms,
        sha256: sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    })
}
