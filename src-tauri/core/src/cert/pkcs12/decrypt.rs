//! Decryption: the legacy PKCS#12 PBE schemes (3DES, 2DES, RC2 with the SHA-1 KDF) and PBES2
//! (PBKDF2 with HMAC-SHA-1/2, AES-CBC or DES-EDE3-CBC). Every derivation is charged to the
//! opening's [`Work`] before it runs.

use super::kdf::{Digest, PassForm};
use super::work::Work;
use super::{P12Error, OID_PBES2, OID_PBKDF2};
use crate::cert::ber::{tag, Reader};
use cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyInit, KeyIvInit};

/// Decrypt with the scheme named by an AlgorithmIdentifier; returns the plaintext and a name
/// for the scheme. A plaintext that is not one whole SEQUENCE (what both encrypted parts of a
/// PKCS#12 file hold) is a wrong password whose padding happened to look valid; a plaintext
/// that is one counts as proof of the password ([`Work::proven`]).
pub(super) fn decrypt(
    alg_raw: &[u8],
    ciphertext: &[u8],
    pass: PassForm<'_>,
    work: &Work,
) -> Result<(Vec<u8>, String), P12Error> {
    let (plain, name) = decrypt_raw(alg_raw, ciphertext, pass, work, true)?;
    let mut r = Reader::new(&plain);
    if !(r.sequence().is_ok() && r.is_empty()) {
        return Err(P12Error::WrongPassword);
    }
    work.proven.set(work.proven.get() + 1);
    Ok((plain, name))
}

/// With `run` false, only the scheme is read and named (nothing derived or decrypted).
pub(super) fn decrypt_raw(
    alg_raw: &[u8],
    ciphertext: &[u8],
    pass: PassForm<'_>,
    work: &Work,
    run: bool,
) -> Result<(Vec<u8>, String), P12Error> {
    let mut r = Reader::new(alg_raw);
    let mut alg = r.sequence()?;
    let oid = alg.oid()?;
    let name_of = |oid: &str| -> Option<&'static str> {
        Some(match oid {
            "1.2.840.113549.1.12.1.3" => "PBE-SHA1-3DES",
            "1.2.840.113549.1.12.1.4" => "PBE-SHA1-2DES",
            "1.2.840.113549.1.12.1.5" => "PBE-SHA1-RC2-128",
            "1.2.840.113549.1.12.1.6" => "PBE-SHA1-RC2-40",
            "1.2.840.113549.1.12.1.1" => "PBE-SHA1-RC4-128",
            "1.2.840.113549.1.12.1.2" => "PBE-SHA1-RC4-40",
            _ => return None,
        })
    };
    if let Some(name) = name_of(&oid) {
        let mut params = alg.sequence()?;
        let salt = params.octets()?;
        let rounds = params.small_uint()?;
        let klen = match name {
            "PBE-SHA1-3DES" => 24,
            "PBE-SHA1-2DES" | "PBE-SHA1-RC2-128" => 16,
            _ => 5,
        };
        if !run {
            return Ok((Vec::new(), name.into()));
        }
        // Key and IV: two derivations.
        work.charge(rounds, Digest::Sha1.blocks(klen) + Digest::Sha1.blocks(8))?;
        let bmp = pass.bmp();
        let key_iv = |klen: usize| {
            (
                zeroize::Zeroizing::new(Digest::Sha1.kdf(&bmp, &salt, 1, rounds, klen)),
                Digest::Sha1.kdf(&bmp, &salt, 2, rounds, 8),
            )
        };
        let plain = match name {
            "PBE-SHA1-3DES" => {
                let (k, iv) = key_iv(24);
                cbc_decrypt::<des::TdesEde3>(&k, &iv, ciphertext)?
            }
            "PBE-SHA1-2DES" => {
                let (k, iv) = key_iv(16);
                cbc_decrypt::<des::TdesEde2>(&k, &iv, ciphertext)?
            }
            "PBE-SHA1-RC2-128" | "PBE-SHA1-RC2-40" => {
                let bits = if name.ends_with("40") { 40 } else { 128 };
                let (k, iv) = key_iv(bits / 8);
                let c = rc2::Rc2::new_with_eff_key_len(&k, bits);
                cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(c, &iv)
                    .map_err(|_| P12Error::Unsupported("RC2 IV".into()))?
                    .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
                    .map_err(|_| P12Error::WrongPassword)?
            }
            other => return Err(P12Error::Unsupported(other.into())),
        };
        return Ok((plain, name.into()));
    }
    if oid != OID_PBES2 {
        return Err(P12Error::Unsupported(format!("encryption {oid}")));
    }
    let mut params = alg.sequence()?;
    let mut kdf = params.sequence()?;
    let kdf_oid = kdf.oid()?;
    if kdf_oid != OID_PBKDF2 {
        return Err(P12Error::Unsupported(format!("key derivation {kdf_oid}")));
    }
    let mut kp = kdf.sequence()?;
    let salt = kp.octets()?;
    let rounds64 = kp.small_uint()?;
    let rounds = u32::try_from(rounds64).map_err(|_| P12Error::TooMuchWork(rounds64))?;
    let mut key_len = None;
    let mut prf = Digest::Sha1;
    while !kp.is_empty() {
        let t = kp.peek()?;
        if t.number == tag::INTEGER {
            key_len = Some(kp.small_uint()?);
        } else {
            let mut a = kp.sequence()?;
            let o = a.oid()?;
            prf = Digest::from_hmac_oid(&o)
                .ok_or_else(|| P12Error::Unsupported(format!("PBKDF2 PRF {o}")))?;
        }
    }
    let mut enc = params.sequence()?;
    let enc_oid = enc.oid()?;
    let iv = enc.octets()?;
    let (klen, cipher_name) = match enc_oid.as_str() {
        "2.16.840.1.101.3.4.1.2" => (16, "AES-128-CBC"),
        "2.16.840.1.101.3.4.1.22" => (24, "AES-192-CBC"),
        "2.16.840.1.101.3.4.1.42" => (32, "AES-256-CBC"),
        "1.2.840.113549.3.7" => (24, "DES-EDE3-CBC"),
        other => return Err(P12Error::Unsupported(format!("cipher {other}"))),
    };
    if key_len.is_some_and(|k| k != klen as u64) {
        return Err(P12Error::Unsupported("PBKDF2 key length".into()));
    }
    if !run {
        return Ok((
            Vec::new(),
            format!("PBES2-PBKDF2-HMAC-{}-{}", prf.name(), cipher_name),
        ));
    }
    work.charge(u64::from(rounds), prf.blocks(klen))?;
    let mut key = zeroize::Zeroizing::new(vec![0u8; klen]);
    let pw = pass.utf8();
    match prf {
        Digest::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(pw, &salt, rounds, &mut key),
        Digest::Sha224 => pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pw, &salt, rounds, &mut key),
        Digest::Sha256 => super::kdf::pbkdf2_hmac_sha256(pw, &salt, rounds, &mut key),
        Digest::Sha384 => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pw, &salt, rounds, &mut key),
        Digest::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pw, &salt, rounds, &mut key),
    }
    let plain = match klen {
        16 => cbc_decrypt::<aes::Aes128>(&key, &iv, ciphertext)?,
        24 if cipher_name.starts_with("AES") => cbc_decrypt::<aes::Aes192>(&key, &iv, ciphertext)?,
        24 => cbc_decrypt::<des::TdesEde3>(&key, &iv, ciphertext)?,
        _ => cbc_decrypt::<aes::Aes256>(&key, &iv, ciphertext)?,
    };
    Ok((
        plain,
        format!("PBES2-PBKDF2-HMAC-{}-{}", prf.name(), cipher_name),
    ))
}

fn cbc_decrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>, P12Error>
where
    C: cipher::BlockCipher + cipher::BlockDecrypt + KeyInit,
{
    cbc::Decryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| P12Error::Unsupported("key or IV length".into()))?
        .decrypt_padded_vec_mut::<Pkcs7>(data)
        .map_err(|_| P12Error::WrongPassword)
}
