//! Reading PKCS#12 files (`.p12`, `.pfx`), DER or BER, legacy or modern.
//!
//! The layers (RFC 7292): `PFX { version 3, authSafe ContentInfo(data), macData? }`. The MAC is
//! an HMAC over the exact octets inside the authSafe's OCTET STRING (joined, when BER splits it
//! into chunks), keyed with the RFC 7292 appendix B KDF. It is checked before anything else, so a
//! wrong password is told apart from a damaged file. Inside are `ContentInfo`s that are either
//! plain `data` or `encryptedData` (usually the certificates), holding `SafeBag`s: certificates,
//! keys, and keys encrypted on their own (`pkcs8ShroudedKeyBag`).
//!
//! Encryption schemes read here:
//! - legacy PKCS#12 PBE with SHA-1: 3-key and 2-key 3DES, RC2-128 and RC2-40 (OCES2 files,
//!   OpenSSL `-legacy`, Windows before Server 2019);
//! - PBES2 with PBKDF2 (HMAC-SHA1/224/256/384/512) and AES-128/192/256-CBC or DES-EDE3-CBC
//!   (OpenSSL 3 default, Windows Server 2019+).
//!
//! RC4 schemes, public-key integrity mode, enveloped data and PBMAC1 are named as unsupported.
//!
//! **Work.** Every key derivation is charged to one budget per opening ([`crate::limits`]):
//! an iteration count above [`MAX_ITERATIONS`] or a total above [`MAX_WORK`] is refused with
//! [`P12Error::TooMuchWork`] before any hashing starts.
//!
//! **Wrong password or damaged file.** The signals, in order:
//! - the MAC matches: the password is right; anything that fails later means damage;
//! - the MAC does not match: every encrypted part is decrypted with the same password. When
//!   one of them gives a well-formed structure, the password is right and the file is damaged
//!   ([`P12Error::DamagedPasswordRight`]); otherwise the password is wrong;
//! - no MAC: a decryption whose padding happens to be valid (about one wrong password in 256)
//!   but whose result is not one whole ASN.1 SEQUENCE is a wrong password, not damage.
//!
//! The parts: `kdf` (the RFC 7292 key derivation and how the password goes into it),
//! `decrypt` (the encryption schemes), `bags` (the authSafe's ContentInfos and their
//! SafeBags), `work` (the key-derivation budget and what a file states it will cost) and
//! [`clear`] (what a file shows before its password). The BER reader they share is
//! [`super::ber`], whose module documentation says why it is our own: real OCES files use BER
//! forms that DER-only readers refuse, and the MAC covers the exact octets as stored.

use super::ber::{tag, Asn1Error, Reader};
use crate::limits::{MAX_ITERATIONS, MAX_WORK};
use crate::secret::{Password, SecretBytes};
use serde::Serialize;

mod bags;
pub mod clear;
mod decrypt;
mod kdf;
mod work;

use bags::read_auth_safe;
use bags::{cert_bag_der, each_bag};
use decrypt::decrypt_raw;
pub(crate) use kdf::{bmp_password, kdf_sha1, kdf_sha256};
use kdf::{Digest, PassForm};
use work::{visible_work, Work};

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_ENVELOPED_DATA: &str = "1.2.840.113549.1.7.3";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";
const OID_X509_CERT: &str = "1.2.840.113549.1.9.22.1";
const OID_FRIENDLY_NAME: &str = "1.2.840.113549.1.9.20";
const OID_LOCAL_KEY_ID: &str = "1.2.840.113549.1.9.21";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_PBKDF2: &str = "1.2.840.113549.1.5.12";
const OID_PBMAC1: &str = "1.2.840.113549.1.5.14";

/// What went wrong reading a PKCS#12 file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum P12Error {
    /// Not a PKCS#12 structure, or damaged.
    #[error("the PKCS#12 structure is damaged: {0}")]
    Damaged(#[from] Asn1Error),
    /// The MAC did not match, or decryption failed with this password.
    #[error("the password does not open this PKCS#12 file")]
    WrongPassword,
    /// An algorithm this reader does not implement.
    #[error("the PKCS#12 file uses an unsupported algorithm: {0}")]
    Unsupported(String),
    /// An iteration count (or the sum of them) beyond what any real producer uses.
    #[error("the PKCS#12 file asks for {0} key-derivation iterations")]
    TooMuchWork(u64),
    /// The contents decrypt with the password, but the MAC does not match.
    #[error("the password is right, but the PKCS#12 integrity check fails")]
    DamagedPasswordRight,
}

/// The algorithms a file uses, for the report and the "old Windows" check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Algorithms {
    /// MAC digest (`SHA-1`, `SHA-256`) and iterations; None when the file has no MAC.
    pub mac: Option<String>,
    /// MAC iterations.
    pub mac_iterations: Option<u64>,
    /// How the certificates are encrypted (None when stored in the clear).
    pub certificates: Option<String>,
    /// How the private key is encrypted (None when there is no key or it is in the clear).
    pub key: Option<String>,
    /// Whether the file uses only legacy algorithms (3DES/RC2 and SHA-1).
    pub legacy: bool,
    /// Whether Windows Server 2016 and older (and Windows 10 before 1709) can import it:
    /// they reject PBES2/AES and SHA-256 MACs with "wrong password".
    pub old_windows_can_import: bool,
    /// The file opened only with the password as OpenSSL 1.0.x wrote a non-ASCII one: each of
    /// its UTF-8 bytes as one character of the BMP password (finding
    /// `pkcs12.password_bytes_as_characters`). Not shown on its own (the finding says it).
    #[serde(skip)]
    pub password_bytes_as_characters: bool,
}

/// One bag's attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BagAttrs {
    /// `friendlyName`.
    pub friendly_name: Option<String>,
    /// `localKeyId`.
    pub local_key_id: Option<Vec<u8>>,
}

/// The contents of a PKCS#12 file.
#[derive(Debug, Clone)]
pub struct Pkcs12 {
    /// Certificates (DER) with their attributes, in file order.
    pub certificates: Vec<(Vec<u8>, BagAttrs)>,
    /// Private keys (PKCS#8 DER) with their attributes.
    pub keys: Vec<(SecretBytes, BagAttrs)>,
    /// The attributes of shrouded keys left encrypted ([`parse_without_keys`]).
    pub keys_not_decrypted: Vec<BagAttrs>,
    /// What protects the file.
    pub algorithms: Algorithms,
}

/// Whether the first bytes start like a PFX: a SEQUENCE header in any length form (short,
/// `0x81`-`0x84` long, or indefinite), then `INTEGER 3`. Cheap: for sniffing and for saying
/// "damaged" rather than "not a certificate" about a broken one.
pub fn starts_like_pfx(prefix: &[u8]) -> bool {
    let header = match (prefix.first(), prefix.get(1)) {
        (Some(0x30), Some(&l)) if l <= 0x80 => 2, // short form, or indefinite
        (Some(0x30), Some(&l)) if (0x81..=0x84).contains(&l) => 2 + usize::from(l - 0x80),
        _ => return false,
    };
    prefix.get(header..header + 3) == Some(&[0x02, 0x01, 0x03][..])
}

/// Whether the bytes look like a PKCS#12 PFX (version 3, then a ContentInfo).
pub fn looks_like_pkcs12(bytes: &[u8]) -> bool {
    let mut r = Reader::new(bytes);
    let Ok(mut pfx) = r.sequence() else {
        return false;
    };
    matches!(pfx.small_uint(), Ok(3))
        && pfx
            .sequence()
            .and_then(|mut ci| ci.oid())
            .is_ok_and(|oid| oid.starts_with("1.2.840.113549.1.7."))
}

/// Open a PKCS#12 file with a password (an empty password is tried both ways PKCS#12 allows).
pub fn parse(bytes: &[u8], password: &Password) -> Result<Pkcs12, P12Error> {
    parse_with(bytes, password, true)
}

/// [`parse`] for a caller that only explains the file (`inspect`): when the MAC proves the
/// password, shrouded keys are not decrypted (their key derivation is most of the work, as
/// `openssl pkcs12 -info -noout` also skips it); they are listed in
/// [`Pkcs12::keys_not_decrypted`] with their algorithm. Without a MAC the keys are decrypted,
/// as that is how the password is checked.
pub fn parse_without_keys(bytes: &[u8], password: &Password) -> Result<Pkcs12, P12Error> {
    parse_with(bytes, password, false)
}

fn parse_with(bytes: &[u8], password: &Password, keys: bool) -> Result<Pkcs12, P12Error> {
    let mut r = Reader::new(bytes);
    let mut pfx = r.sequence()?;
    let version = pfx.small_uint()?;
    if version != 3 {
        return Err(P12Error::Damaged(Asn1Error::Unexpected {
            at: 0,
            expected: "PKCS#12 version 3",
        }));
    }
    let mut auth_safe = pfx.sequence()?;
    let ct = auth_safe.oid()?;
    match ct.as_str() {
        OID_DATA => {}
        OID_SIGNED_DATA => {
            return Err(P12Error::Unsupported(
                "public-key integrity mode (signedData)".into(),
            ))
        }
        _ => return Err(P12Error::Unsupported(format!("content type {ct}"))),
    }
    let explicit = auth_safe.next_tlv()?;
    if !explicit.is_context(0) {
        return Err(Asn1Error::Unexpected {
            at: explicit.offset,
            expected: "[0] content",
        }
        .into());
    }
    let auth_octets = explicit.children(0)?.octets()?;

    let mut work = Work::new();
    let mut algorithms = Algorithms::default();
    // Passwords to try: as typed; for an empty password also the "no password" form.
    let mut candidates: Vec<PassForm> = vec![PassForm::Bmp(password)];
    if password.expose().is_empty() {
        candidates.push(PassForm::Absent);
    }
    // OpenSSL 1.0.x put each UTF-8 byte of a non-ASCII password (æ, ø, å) into the BMP
    // password as one character; OpenSSL 3 still opens such files with the password as typed.
    // Tried second, within the same work budget.
    if !password.expose().is_ascii() {
        candidates.push(PassForm::BytesAsChars(password));
    }
    let mut chosen = None;
    // What the file states it will cost, refused before any of it is done: the MAC once, and
    // every encryption whose parameters can be read without decrypting.
    let mut stated = visible_work(&auth_octets);
    if stated > MAX_WORK {
        return Err(P12Error::TooMuchWork(stated));
    }
    let mac_data = if pfx.is_empty() {
        None
    } else {
        Some(pfx.sequence()?)
    };
    if let Some(mut mac_data) = mac_data {
        let mut digest_info = mac_data.sequence()?;
        let mut alg = digest_info.sequence()?;
        let alg_oid = alg.oid()?;
        let expected = digest_info.octets()?;
        let salt = mac_data.octets()?;
        let iterations = if mac_data.is_empty() {
            1
        } else {
            mac_data.small_uint()?
        };
        if alg_oid == OID_PBMAC1 {
            return Err(P12Error::Unsupported("PBMAC1 integrity (RFC 9579)".into()));
        }
        let digest = Digest::from_oid(&alg_oid)
            .ok_or_else(|| P12Error::Unsupported(format!("MAC digest {alg_oid}")))?;
        algorithms.mac = Some(digest.name().into());
        algorithms.mac_iterations = Some(iterations);
        if iterations > MAX_ITERATIONS {
            return Err(P12Error::TooMuchWork(iterations));
        }
        stated = stated.saturating_add(iterations.max(1));
        if stated > MAX_WORK {
            return Err(P12Error::TooMuchWork(stated));
        }
        for c in &candidates {
            work.charge(iterations, 1)?;
            if digest.verify_mac(c, &salt, iterations, &auth_octets, &expected)? {
                chosen = Some(*c);
                break;
            }
        }
        if chosen.is_none() {
            // Wrong password, or the right one and a damaged file: the contents decide.
            for c in &candidates {
                let mut scratch = Pkcs12 {
                    certificates: Vec::new(),
                    keys: Vec::new(),
                    keys_not_decrypted: Vec::new(),
                    algorithms: Algorithms::default(),
                };
                match read_auth_safe(&auth_octets, *c, &mut scratch, &work, true) {
                    Err(P12Error::TooMuchWork(n)) => return Err(P12Error::TooMuchWork(n)),
                    _ if work.proven.get() > 0 => return Err(P12Error::DamagedPasswordRight),
                    _ => {}
                }
            }
            return Err(P12Error::WrongPassword);
        }
        work.skip_keys = !keys;
    }

    let mut out = Pkcs12 {
        certificates: Vec::new(),
        keys: Vec::new(),
        keys_not_decrypted: Vec::new(),
        algorithms,
    };
    // Without a MAC, decryption itself tells whether a password form works.
    let forms: Vec<PassForm> = match chosen {
        Some(c) => vec![c],
        None => candidates,
    };
    let mut last_err = None;
    let mut used = chosen;
    for form in forms {
        let mut attempt = Pkcs12 {
            certificates: Vec::new(),
            keys: Vec::new(),
            keys_not_decrypted: Vec::new(),
            algorithms: out.algorithms.clone(),
        };
        match read_auth_safe(&auth_octets, form, &mut attempt, &work, false) {
            Ok(()) => {
                out = attempt;
                used = Some(form);
                last_err = None;
                break;
            }
            // The MAC proved the password: a part that does not decrypt is damage.
            Err(P12Error::WrongPassword) if chosen.is_some() => {
                last_err = Some(P12Error::Damaged(Asn1Error::Unexpected {
                    at: 0,
                    expected: "contents that decrypt with the password the MAC accepted",
                }))
            }
            Err(e @ P12Error::TooMuchWork(_)) => return Err(e),
            Err(e) => last_err = Some(e),
        }
    }
    if let Some(e) = last_err {
        return Err(e);
    }
    let a = &mut out.algorithms;
    a.password_bytes_as_characters = matches!(used, Some(PassForm::BytesAsChars(_)));
    let legacy_names = |n: &Option<String>| n.as_deref().is_none_or(|s| s.starts_with("PBE-SHA1-"));
    a.legacy = legacy_names(&a.certificates)
        && legacy_names(&a.key)
        && a.mac.as_deref().is_none_or(|m| m == "SHA-1");
    a.old_windows_can_import = a.legacy;
    Ok(out)
}

/// Whether this reader's "wrong password" about the file rests on two checks that agree, so it
/// can be told as a fact: the file has a MAC the reader computes (a supported digest, not
/// PBMAC1) *and* at least one encrypted part, every one of them in a scheme the reader
/// decrypts. Then a password that fails the MAC is tried on the contents too, and a right
/// password on a damaged file is told apart ([`P12Error::DamagedPasswordRight`]).
///
/// Otherwise (no MAC, so only a decryption's padding decides and damage looks the same; a MAC
/// over contents in the clear; an encrypted part the reader cannot decrypt or read) a "wrong
/// password" may be the reader failing on a damaged or unknown file. Only the structure is
/// read here: no key derivation, no password.
pub fn password_check_is_firm(bytes: &[u8]) -> bool {
    fn schemes_ok(alg_raw: &[u8], found: &mut usize) -> bool {
        *found += 1;
        let work = Work::new();
        // Named without being run; RC4 is named but never decrypted here.
        decrypt_raw(alg_raw, &[], PassForm::Absent, &work, false)
            .is_ok_and(|(_, name)| !name.contains("RC4"))
    }
    fn bags_ok(bytes: &[u8], depth: usize, found: &mut usize) -> bool {
        if depth > 4 {
            return false;
        }
        let Ok(mut bags) = Reader::new(bytes).sequence() else {
            return false;
        };
        while !bags.is_empty() {
            let Ok(mut bag) = bags.sequence() else {
                return false;
            };
            let (Ok(id), Ok(value)) = (bag.oid(), bag.next_tlv()) else {
                return false;
            };
            let Ok(mut v) = value.children(0) else {
                return false;
            };
            let ok = match id.as_str() {
                OID_SHROUDED_KEY_BAG => v
                    .sequence()
                    .and_then(|mut e| e.expect(tag::SEQUENCE, "AlgorithmIdentifier"))
                    .is_ok_and(|alg| schemes_ok(alg.raw, found)),
                OID_SAFE_CONTENTS_BAG => v
                    .expect(tag::SEQUENCE, "SafeContents")
                    .is_ok_and(|n| bags_ok(n.raw, depth + 1, found)),
                _ => true,
            };
            if !ok {
                return false;
            }
        }
        true
    }
    let read = || -> Result<bool, Asn1Error> {
        let mut pfx = Reader::new(bytes).sequence()?;
        if pfx.small_uint()? != 3 {
            return Ok(false);
        }
        let mut auth_safe = pfx.sequence()?;
        if auth_safe.oid()? != OID_DATA {
            return Ok(false);
        }
        let auth_octets = auth_safe.next_tlv()?.children(0)?.octets()?;
        // The MAC: present, and one this reader computes.
        if pfx.is_empty() {
            return Ok(false);
        }
        let mut mac_data = pfx.sequence()?;
        let mut digest_info = mac_data.sequence()?;
        let mut alg = digest_info.sequence()?;
        if Digest::from_oid(&alg.oid()?).is_none() {
            return Ok(false);
        }
        let mut found = 0usize;
        let mut infos = Reader::new(&auth_octets).sequence()?;
        while !infos.is_empty() {
            let mut ci = infos.sequence()?;
            let ct = ci.oid()?;
            let mut inner = ci.next_tlv()?.children(0)?;
            let ok = match ct.as_str() {
                OID_DATA => bags_ok(&inner.octets()?, 0, &mut found),
                OID_ENCRYPTED_DATA => {
                    let mut ed = inner.sequence()?;
                    ed.small_uint()?;
                    let mut eci = ed.sequence()?;
                    eci.oid()?;
                    let alg = eci.expect(tag::SEQUENCE, "AlgorithmIdentifier")?;
                    schemes_ok(alg.raw, &mut found)
                }
                _ => false,
            };
            if !ok {
                return Ok(false);
            }
        }
        Ok(found > 0)
    };
    read().unwrap_or(false)
}
