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

use super::ber::{tag, Asn1Error, Reader};
use crate::limits::{MAX_ITERATIONS, MAX_WORK};
use crate::secret::{Password, SecretBytes};
use cipher::{block_padding::Pkcs7, BlockDecryptMut, InnerIvInit, KeyInit, KeyIvInit};
use hmac::Mac;
use serde::Serialize;
use std::cell::Cell;

pub mod clear;

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

/// The key-derivation work one opening may still do (hash rounds).
struct Work {
    left: Cell<u64>,
    /// Encrypted parts that decrypted into a well-formed structure (proof of the password).
    proven: Cell<usize>,
    /// The MAC proved the password and the caller does not need the keys: shrouded key bags
    /// are noted (algorithm, attributes) but not decrypted.
    skip_keys: bool,
}

impl Work {
    fn new() -> Work {
        Work {
            left: Cell::new(MAX_WORK),
            proven: Cell::new(0),
            skip_keys: false,
        }
    }

    /// Charge `rounds` iterations run `blocks` times; refused before any hashing.
    fn charge(&self, rounds: u64, blocks: usize) -> Result<(), P12Error> {
        if rounds > MAX_ITERATIONS {
            return Err(P12Error::TooMuchWork(rounds));
        }
        let cost = rounds.max(1).saturating_mul(blocks.max(1) as u64);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(P12Error::TooMuchWork(MAX_WORK - self.left.get() + cost)),
        }
    }
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

/// How the password goes into the key derivation.
#[derive(Clone, Copy)]
enum PassForm<'a> {
    /// As BMPString (UTF-16 big-endian with a two-byte terminator), or UTF-8 for PBES2.
    Bmp(&'a Password),
    /// No password at all (empty octets), the other reading of an empty password.
    Absent,
    /// As OpenSSL 1.0.x wrote a non-ASCII password: each UTF-8 byte one BMP character (and
    /// the same UTF-8 bytes for PBES2).
    BytesAsChars(&'a Password),
}

impl PassForm<'_> {
    fn bmp(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let mut v = zeroize::Zeroizing::new(Vec::new());
        match self {
            PassForm::Bmp(p) => {
                for u in p.expose().encode_utf16() {
                    v.extend_from_slice(&u.to_be_bytes());
                }
                v.extend_from_slice(&[0, 0]);
            }
            PassForm::BytesAsChars(p) => {
                for b in p.expose().bytes() {
                    v.extend_from_slice(&[0, b]);
                }
                v.extend_from_slice(&[0, 0]);
            }
            PassForm::Absent => {}
        }
        v
    }

    fn utf8(&self) -> &[u8] {
        match self {
            PassForm::Bmp(p) | PassForm::BytesAsChars(p) => p.expose().as_bytes(),
            PassForm::Absent => &[],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Digest {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    fn from_oid(oid: &str) -> Option<Digest> {
        Some(match oid {
            "1.3.14.3.2.26" => Digest::Sha1,
            "2.16.840.1.101.3.4.2.4" => Digest::Sha224,
            "2.16.840.1.101.3.4.2.1" => Digest::Sha256,
            "2.16.840.1.101.3.4.2.2" => Digest::Sha384,
            "2.16.840.1.101.3.4.2.3" => Digest::Sha512,
            _ => return None,
        })
    }

    fn from_hmac_oid(oid: &str) -> Option<Digest> {
        Some(match oid {
            "1.2.840.113549.2.7" => Digest::Sha1,
            "1.2.840.113549.2.8" => Digest::Sha224,
            "1.2.840.113549.2.9" => Digest::Sha256,
            "1.2.840.113549.2.10" => Digest::Sha384,
            "1.2.840.113549.2.11" => Digest::Sha512,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Digest::Sha1 => "SHA-1",
            Digest::Sha224 => "SHA-224",
            Digest::Sha256 => "SHA-256",
            Digest::Sha384 => "SHA-384",
            Digest::Sha512 => "SHA-512",
        }
    }

    fn kdf(self, pass: &[u8], salt: &[u8], id: u8, rounds: u64, len: usize) -> Vec<u8> {
        match self {
            Digest::Sha1 => p12_kdf::<sha1::Sha1>(pass, salt, id, rounds, len),
            Digest::Sha224 => p12_kdf::<sha2::Sha224>(pass, salt, id, rounds, len),
            Digest::Sha256 => p12_kdf::<sha2::Sha256>(pass, salt, id, rounds, len),
            Digest::Sha384 => p12_kdf::<sha2::Sha384>(pass, salt, id, rounds, len),
            Digest::Sha512 => p12_kdf::<sha2::Sha512>(pass, salt, id, rounds, len),
        }
    }

    /// Hash blocks the RFC 7292 KDF runs to produce `len` bytes.
    fn blocks(self, len: usize) -> usize {
        len.div_ceil(self.len())
    }

    fn verify_mac(
        self,
        pass: &PassForm<'_>,
        salt: &[u8],
        rounds: u64,
        data: &[u8],
        expected: &[u8],
    ) -> Result<bool, P12Error> {
        let key = zeroize::Zeroizing::new(self.kdf(&pass.bmp(), salt, 3, rounds, self.len()));
        macro_rules! check {
            ($d:ty) => {{
                let mut m = <hmac::Hmac<$d> as Mac>::new_from_slice(&key)
                    .map_err(|_| P12Error::Unsupported("MAC key".into()))?;
                m.update(data);
                Ok(m.verify_slice(expected).is_ok())
            }};
        }
        match self {
            Digest::Sha1 => check!(sha1::Sha1),
            Digest::Sha224 => check!(sha2::Sha224),
            Digest::Sha256 => check!(sha2::Sha256),
            Digest::Sha384 => check!(sha2::Sha384),
            Digest::Sha512 => check!(sha2::Sha512),
        }
    }

    fn len(self) -> usize {
        match self {
            Digest::Sha1 => 20,
            Digest::Sha224 => 28,
            Digest::Sha256 => 32,
            Digest::Sha384 => 48,
            Digest::Sha512 => 64,
        }
    }
}

/// The password as PKCS#12 feeds it to its KDF: BMPString octets with a two-byte terminator.
pub(crate) fn bmp_password(p: &Password) -> zeroize::Zeroizing<Vec<u8>> {
    PassForm::Bmp(p).bmp()
}

/// The RFC 7292 KDF with SHA-1.
pub(crate) fn kdf_sha1(pass: &[u8], salt: &[u8], id: u8, rounds: u64, len: usize) -> Vec<u8> {
    Digest::Sha1.kdf(pass, salt, id, rounds, len)
}

/// The RFC 7292 KDF with SHA-256.
pub(crate) fn kdf_sha256(pass: &[u8], salt: &[u8], id: u8, rounds: u64, len: usize) -> Vec<u8> {
    Digest::Sha256.kdf(pass, salt, id, rounds, len)
}

/// RFC 7292 appendix B.2 key derivation over already-encoded password octets. The `pkcs12`
/// crate's KDF always appends the BMPString terminator; the "absent password" reading of an
/// empty password needs the raw form, so the KDF is applied here to octets we prepare.
fn p12_kdf<D>(pass: &[u8], salt: &[u8], id: u8, rounds: u64, len: usize) -> Vec<u8>
where
    D: sha2::Digest + sha2::digest::core_api::BlockSizeUser,
{
    let u = <D as sha2::Digest>::output_size();
    let v = <D as sha2::digest::core_api::BlockSizeUser>::block_size();
    let fill = |src: &[u8]| -> Vec<u8> {
        if src.is_empty() {
            return Vec::new();
        }
        let n = v * src.len().div_ceil(v);
        (0..n).map(|i| src[i % src.len()]).collect()
    };
    let mut i_block = fill(salt);
    i_block.extend(fill(pass));
    let d = vec![id; v];
    let mut out = Vec::with_capacity(len);
    let rounds = rounds.max(1);
    while out.len() < len {
        // Kept in the digest's own fixed-size output type: no allocation per round.
        let mut a = D::new().chain_update(&d).chain_update(&i_block).finalize();
        for _ in 1..rounds {
            a = D::digest(a);
        }
        out.extend_from_slice(&a[..u.min(len - out.len())]);
        if out.len() >= len {
            break;
        }
        let b: Vec<u8> = (0..v).map(|k| a[k % u]).collect();
        for chunk in i_block.chunks_mut(v) {
            let mut carry = 1u16;
            for k in (0..v).rev() {
                let s = u16::from(chunk[k]) + u16::from(b[k]) + carry;
                chunk[k] = s as u8;
                carry = s >> 8;
            }
        }
    }
    zeroize::Zeroize::zeroize(&mut i_block);
    out
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

/// The key-derivation cost of the encryptions whose parameters are readable without a
/// password: `encryptedData` parts and shrouded key bags in plain parts (those inside encrypted
/// parts are charged when reached). Parts that cannot be read count nothing here; reading them
/// properly reports the damage.
fn visible_work(auth_octets: &[u8]) -> u64 {
    fn bags_cost(bytes: &[u8], depth: usize) -> u64 {
        let mut total = 0u64;
        let Ok(mut bags) = Reader::new(bytes).sequence() else {
            return 0;
        };
        while let Ok(mut bag) = bags.sequence() {
            let (Ok(id), Ok(value)) = (bag.oid(), bag.next_tlv()) else {
                break;
            };
            let Ok(mut v) = value.children(0) else {
                continue;
            };
            let cost = match id.as_str() {
                OID_SHROUDED_KEY_BAG => v
                    .sequence()
                    .and_then(|mut e| e.expect(tag::SEQUENCE, "AlgorithmIdentifier"))
                    .map_or(0, |alg| scheme_cost(alg.raw)),
                OID_SAFE_CONTENTS_BAG if depth < 4 => v
                    .expect(tag::SEQUENCE, "SafeContents")
                    .map_or(0, |n| bags_cost(n.raw, depth + 1)),
                _ => 0,
            };
            total = total.saturating_add(cost);
        }
        total
    }
    let mut total = 0u64;
    let Ok(mut infos) = Reader::new(auth_octets).sequence() else {
        return 0;
    };
    while let Ok(mut ci) = infos.sequence() {
        let (Ok(ct), Ok(content)) = (ci.oid(), ci.next_tlv()) else {
            break;
        };
        let Ok(mut inner) = content.children(0) else {
            continue;
        };
        let cost = match ct.as_str() {
            OID_DATA => inner.octets().map_or(0, |o| bags_cost(&o, 0)),
            OID_ENCRYPTED_DATA => inner
                .sequence()
                .and_then(|mut ed| {
                    ed.small_uint()?;
                    let mut eci = ed.sequence()?;
                    eci.oid()?;
                    eci.expect(tag::SEQUENCE, "AlgorithmIdentifier")
                })
                .map_or(0, |alg| scheme_cost(alg.raw)),
            _ => 0,
        };
        total = total.saturating_add(cost);
    }
    total
}

/// Hash rounds an encryption scheme's parameters ask for (0 when they cannot be read).
fn scheme_cost(alg_raw: &[u8]) -> u64 {
    let read = || -> Result<u64, Asn1Error> {
        let mut alg = Reader::new(alg_raw).sequence()?;
        let oid = alg.oid()?;
        let mut params = alg.sequence()?;
        if let Some(klen) = match oid.as_str() {
            "1.2.840.113549.1.12.1.3" => Some(24),
            "1.2.840.113549.1.12.1.4" | "1.2.840.113549.1.12.1.5" => Some(16),
            "1.2.840.113549.1.12.1.6" => Some(5),
            _ => None,
        } {
            params.octets()?;
            let rounds = params.small_uint()?;
            let blocks = Digest::Sha1.blocks(klen) + Digest::Sha1.blocks(8);
            return Ok(rounds.max(1).saturating_mul(blocks as u64));
        }
        if oid != OID_PBES2 {
            return Ok(0);
        }
        let mut kdf = params.sequence()?;
        kdf.oid()?;
        let mut kp = kdf.sequence()?;
        kp.octets()?;
        // PBKDF2 with up to SHA-512 and a 32-byte key: one block per round.
        Ok(kp.small_uint()?.max(1))
    };
    read().unwrap_or(0)
}

/// Read the authSafe's ContentInfos. With `diagnose` (the MAC failed), every part is tried
/// even after one fails, only to find out whether any decrypts well-formed ([`Work::proven`]).
fn read_auth_safe(
    bytes: &[u8],
    pass: PassForm<'_>,
    out: &mut Pkcs12,
    work: &Work,
    diagnose: bool,
) -> Result<(), P12Error> {
    let mut r = Reader::new(bytes);
    let mut infos = r.sequence()?;
    while !infos.is_empty() {
        let ci = infos.sequence()?;
        match read_content_info(ci, pass, out, work) {
            Err(e @ P12Error::TooMuchWork(_)) => return Err(e),
            Err(_) if diagnose => {}
            other => other?,
        }
    }
    Ok(())
}

fn read_content_info(
    mut ci: Reader<'_>,
    pass: PassForm<'_>,
    out: &mut Pkcs12,
    work: &Work,
) -> Result<(), P12Error> {
    {
        let ct = ci.oid()?;
        let content = ci.next_tlv()?;
        let mut inner = content.children(0)?;
        match ct.as_str() {
            OID_DATA => {
                let octets = inner.octets()?;
                read_safe_contents(&octets, pass, out, 0, work)?;
            }
            OID_ENCRYPTED_DATA => {
                let mut ed = inner.sequence()?;
                let _version = ed.small_uint()?;
                let mut eci = ed.sequence()?;
                let _ct = eci.oid()?;
                let alg = eci.expect(tag::SEQUENCE, "AlgorithmIdentifier")?;
                let enc = eci.next_tlv()?;
                if !enc.is_context(0) {
                    return Err(Asn1Error::Unexpected {
                        at: enc.offset,
                        expected: "[0] encrypted content",
                    }
                    .into());
                }
                let ciphertext = enc.string_octets(0)?;
                let (plain, name) = decrypt(alg.raw, &ciphertext, pass, work)?;
                out.algorithms.certificates.get_or_insert(name);
                read_safe_contents(&plain, pass, out, 0, work)?;
            }
            OID_ENVELOPED_DATA => {
                return Err(P12Error::Unsupported(
                    "public-key privacy mode (envelopedData)".into(),
                ))
            }
            other => return Err(P12Error::Unsupported(format!("content type {other}"))),
        }
    }
    Ok(())
}

/// Walk a SafeContents: for each bag, its type, its value and its attributes. The one bag
/// loop for reading with the password ([`read_safe_contents`]) and before it
/// ([`clear::read_clear`]); nesting is the caller's (`depth` is checked here).
pub(super) fn each_bag<'a>(
    bytes: &'a [u8],
    depth: usize,
    mut f: impl FnMut(&str, Reader<'a>, BagAttrs) -> Result<(), P12Error>,
) -> Result<(), P12Error> {
    if depth > 4 {
        return Err(Asn1Error::TooDeep(0).into());
    }
    let mut r = Reader::new(bytes);
    let mut bags = r.sequence()?;
    while !bags.is_empty() {
        let mut bag = bags.sequence()?;
        let bag_id = bag.oid()?;
        let value = bag.next_tlv()?;
        let v = value.children(0)?;
        let attrs = if bag.is_empty() {
            BagAttrs::default()
        } else {
            read_attrs(&mut bag)?
        };
        f(&bag_id, v, attrs)?;
    }
    Ok(())
}

/// A certificate bag's DER, when it holds an X.509 certificate.
pub(super) fn cert_bag_der(mut v: Reader<'_>) -> Result<Option<Vec<u8>>, P12Error> {
    let mut cb = v.sequence()?;
    let cert_type = cb.oid()?;
    let explicit = cb.next_tlv()?;
    if cert_type != OID_X509_CERT {
        return Ok(None);
    }
    Ok(Some(explicit.children(0)?.octets()?.into_owned()))
}

fn read_safe_contents(
    bytes: &[u8],
    pass: PassForm<'_>,
    out: &mut Pkcs12,
    depth: usize,
    work: &Work,
) -> Result<(), P12Error> {
    each_bag(bytes, depth, |bag_id, mut v, attrs| {
        match bag_id {
            OID_CERT_BAG => {
                if let Some(der) = cert_bag_der(v)? {
                    out.certificates.push((der, attrs));
                }
            }
            OID_KEY_BAG => {
                let key = v.expect(tag::SEQUENCE, "PrivateKeyInfo")?;
                out.keys
                    .push((SecretBytes::new(super::ber::to_definite(key.raw)?), attrs));
            }
            OID_SHROUDED_KEY_BAG => {
                let mut epki = v.sequence()?;
                let alg = epki.expect(tag::SEQUENCE, "AlgorithmIdentifier")?;
                let ciphertext = epki.octets()?;
                if work.skip_keys {
                    let (_, name) = decrypt_raw(alg.raw, &ciphertext, pass, work, false)?;
                    out.algorithms.key.get_or_insert(name);
                    out.keys_not_decrypted.push(attrs);
                    return Ok(());
                }
                let (plain, name) = decrypt(alg.raw, &ciphertext, pass, work)?;
                out.algorithms.key.get_or_insert(name);
                let der = super::ber::to_definite(&plain)?;
                out.keys.push((SecretBytes::new(der), attrs));
            }
            OID_SAFE_CONTENTS_BAG => {
                let nested = v.expect(tag::SEQUENCE, "SafeContents")?;
                read_safe_contents(nested.raw, pass, out, depth + 1, work)?;
            }
            _ => {} // CRLs and secrets are not needed here.
        }
        Ok(())
    })
}

fn read_attrs(bag: &mut Reader<'_>) -> Result<BagAttrs, P12Error> {
    let set = bag.expect(tag::SET, "bag attributes")?;
    let mut attrs = BagAttrs::default();
    let mut r = set.children(0)?;
    while !r.is_empty() {
        let mut attr = r.sequence()?;
        let oid = attr.oid()?;
        let values = attr.expect(tag::SET, "attribute values")?;
        let mut vr = values.children(0)?;
        if vr.is_empty() {
            continue;
        }
        let first = vr.next_tlv()?;
        match oid.as_str() {
            OID_FRIENDLY_NAME if first.number == tag::BMP_STRING => {
                let octets = first.string_octets(0)?;
                let units: Vec<u16> = octets
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                attrs.friendly_name = Some(String::from_utf16_lossy(&units));
            }
            OID_LOCAL_KEY_ID if first.number == tag::OCTET_STRING => {
                attrs.local_key_id = Some(first.string_octets(0)?.into_owned());
            }
            _ => {}
        }
    }
    Ok(attrs)
}

/// Decrypt with the scheme named by an AlgorithmIdentifier; returns the plaintext and a name
/// for the scheme. A plaintext that is not one whole SEQUENCE (what both encrypted parts of a
/// PKCS#12 file hold) is a wrong password whose padding happened to look valid; a plaintext
/// that is one counts as proof of the password ([`Work::proven`]).
fn decrypt(
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
fn decrypt_raw(
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
        Digest::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pw, &salt, rounds, &mut key),
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
