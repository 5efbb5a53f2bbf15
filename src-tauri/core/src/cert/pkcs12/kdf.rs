//! Key derivation: how the password goes into it ([`PassForm`]), the digests a file may name
//! ([`Digest`]), the MAC check, and the RFC 7292 appendix B KDF ([`p12_kdf`]).
//!
//! Written here rather than taken whole from a crate: the `pkcs12` KDF of RFC 7292 has no
//! well-kept crate that takes our password forms (BMPString, none, OpenSSL 1.0's bytes as
//! characters), and PBKDF2-HMAC-SHA-256 runs straight on `sha2`'s compression function because
//! the `pbkdf2` crate clones, buffers and finalises an HMAC in each of the 2,048 rounds (two
//! thirds of opening a modern file; issue 31). The hashing itself is `sha1`'s and `sha2`'s.
//! The tests hold the loops to the digests' own answers, PBKDF2 to the `pbkdf2` crate's and to
//! RFC 7914's vector, and the whole to files that OpenSSL and other producers wrote.

use super::P12Error;
use crate::secret::Password;
use hmac::Mac;

/// How the password goes into the key derivation.
#[derive(Clone, Copy)]
pub(super) enum PassForm<'a> {
    /// As BMPString (UTF-16 big-endian with a two-byte terminator), or UTF-8 for PBES2.
    Bmp(&'a Password),
    /// No password at all (empty octets), the other reading of an empty password.
    Absent,
    /// As OpenSSL 1.0.x wrote a non-ASCII password: each UTF-8 byte one BMP character (and
    /// the same UTF-8 bytes for PBES2).
    BytesAsChars(&'a Password),
}

impl PassForm<'_> {
    pub(super) fn bmp(&self) -> zeroize::Zeroizing<Vec<u8>> {
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

    pub(super) fn utf8(&self) -> &[u8] {
        match self {
            PassForm::Bmp(p) | PassForm::BytesAsChars(p) => p.expose().as_bytes(),
            PassForm::Absent => &[],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Digest {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    pub(super) fn from_oid(oid: &str) -> Option<Digest> {
        Some(match oid {
            "1.3.14.3.2.26" => Digest::Sha1,
            "2.16.840.1.101.3.4.2.4" => Digest::Sha224,
            "2.16.840.1.101.3.4.2.1" => Digest::Sha256,
            "2.16.840.1.101.3.4.2.2" => Digest::Sha384,
            "2.16.840.1.101.3.4.2.3" => Digest::Sha512,
            _ => return None,
        })
    }

    pub(super) fn from_hmac_oid(oid: &str) -> Option<Digest> {
        Some(match oid {
            "1.2.840.113549.2.7" => Digest::Sha1,
            "1.2.840.113549.2.8" => Digest::Sha224,
            "1.2.840.113549.2.9" => Digest::Sha256,
            "1.2.840.113549.2.10" => Digest::Sha384,
            "1.2.840.113549.2.11" => Digest::Sha512,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Digest::Sha1 => "SHA-1",
            Digest::Sha224 => "SHA-224",
            Digest::Sha256 => "SHA-256",
            Digest::Sha384 => "SHA-384",
            Digest::Sha512 => "SHA-512",
        }
    }

    pub(super) fn kdf(self, pass: &[u8], salt: &[u8], id: u8, rounds: u64, len: usize) -> Vec<u8> {
        match self {
            Digest::Sha1 => p12_kdf::<sha1::Sha1>(pass, salt, id, rounds, len, rehash_sha1),
            Digest::Sha224 => {
                p12_kdf::<sha2::Sha224>(pass, salt, id, rounds, len, rehash::<sha2::Sha224>)
            }
            Digest::Sha256 => p12_kdf::<sha2::Sha256>(pass, salt, id, rounds, len, rehash_sha256),
            Digest::Sha384 => {
                p12_kdf::<sha2::Sha384>(pass, salt, id, rounds, len, rehash::<sha2::Sha384>)
            }
            Digest::Sha512 => {
                p12_kdf::<sha2::Sha512>(pass, salt, id, rounds, len, rehash::<sha2::Sha512>)
            }
        }
    }

    /// Hash blocks the RFC 7292 KDF runs to produce `len` bytes.
    pub(super) fn blocks(self, len: usize) -> usize {
        len.div_ceil(self.len())
    }

    pub(super) fn verify_mac(
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

    pub(super) fn len(self) -> usize {
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
/// `rehash(a, n)` replaces `a` with the digest of itself, `n` times (the KDF's inner loop).
fn p12_kdf<D>(
    pass: &[u8],
    salt: &[u8],
    id: u8,
    rounds: u64,
    len: usize,
    rehash: fn(&mut [u8], u64),
) -> Vec<u8>
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
        let mut a = D::new().chain_update(&d).chain_update(&i_block).finalize();
        rehash(&mut a, rounds - 1);
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

/// The KDF's inner loop with any digest: hash the digest, `n` times.
fn rehash<D: sha2::Digest>(a: &mut [u8], n: u64) {
    for _ in 0..n {
        let next = D::digest(&*a);
        a.copy_from_slice(&next);
    }
}

/// [`rehash`] for SHA-1, straight on the compression function: a 20-byte digest and its
/// padding fill one 64-byte block, so each round is one call of `sha1::compress` (SHA-NI where
/// the processor has it) with no hasher set up, buffered and finalised. Most of a legacy
/// file's opening is this loop.
fn rehash_sha1(a: &mut [u8], n: u64) {
    const IV: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut block = sha1::digest::generic_array::GenericArray::<u8, _>::default();
    block[20] = 0x80;
    block[56..].copy_from_slice(&(20u64 * 8).to_be_bytes());
    block[..20].copy_from_slice(a);
    for _ in 0..n {
        let mut h = IV;
        sha1::compress(&mut h, std::slice::from_ref(&block));
        for (out, word) in block[..20].chunks_exact_mut(4).zip(h) {
            out.copy_from_slice(&word.to_be_bytes());
        }
    }
    a.copy_from_slice(&block[..20]);
    zeroize::Zeroize::zeroize(block.as_mut_slice());
}

/// [`rehash`] for SHA-256 on its compression function, as [`rehash_sha1`].
fn rehash_sha256(a: &mut [u8], n: u64) {
    let mut block = sha2::digest::generic_array::GenericArray::<u8, _>::default();
    block[32] = 0x80;
    block[56..].copy_from_slice(&(32u64 * 8).to_be_bytes());
    block[..32].copy_from_slice(a);
    for _ in 0..n {
        let mut h = SHA256_IV;
        sha2::compress256(&mut h, std::slice::from_ref(&block));
        for (out, word) in block[..32].chunks_exact_mut(4).zip(h) {
            out.copy_from_slice(&word.to_be_bytes());
        }
    }
    a.copy_from_slice(&block[..32]);
    zeroize::Zeroize::zeroize(block.as_mut_slice());
}

/// The SHA-256 initial state (FIPS 180-4).
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// PBKDF2 with HMAC-SHA-256 (RFC 8018, section 5.2): what `pbkdf2::pbkdf2_hmac::<Sha256>`
/// gives, with every round after the first straight on the compression function. HMAC's
/// inner and outer keyed states are computed once; a round then hashes one 32-byte value
/// after a 64-byte key block in each, so its message and padding fill one block: two calls
/// of `sha2::compress256` (SHA-NI where the processor has it), with no hasher cloned,
/// buffered and finalised. The PBES2 encryption of a modern file's certificates is 2,048 of
/// these rounds, two thirds of its opening (`scripts/bench-inspect.sh`).
pub(super) fn pbkdf2_hmac_sha256(pass: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    use sha2::digest::generic_array::GenericArray;
    type Block = GenericArray<u8, sha2::digest::consts::U64>;
    // HMAC's key: the password, hashed first when longer than a block.
    let mut key = Block::default();
    if pass.len() > key.len() {
        key[..32].copy_from_slice(&<sha2::Sha256 as sha2::Digest>::digest(pass));
    } else {
        key[..pass.len()].copy_from_slice(pass);
    }
    let keyed = |pad: u8| {
        let mut b = key;
        b.iter_mut().for_each(|x| *x ^= pad);
        let mut h = SHA256_IV;
        sha2::compress256(&mut h, std::slice::from_ref(&b));
        zeroize::Zeroize::zeroize(b.as_mut_slice());
        h
    };
    let (mut inner, mut outer) = (keyed(0x36), keyed(0x5c));
    // One round's block: the 32-byte value, then the padding of a 96-byte message.
    let mut block = Block::default();
    block[32] = 0x80;
    block[56..].copy_from_slice(&(96u64 * 8).to_be_bytes());
    let mut sum = [0u8; 32];
    for (i, chunk) in out.chunks_mut(32).enumerate() {
        // U1 = HMAC(password, salt || INT(i)), through the hmac crate (any salt length).
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(pass)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(salt);
        mac.update(&u32::try_from(i + 1).unwrap_or(u32::MAX).to_be_bytes());
        block[..32].copy_from_slice(&mac.finalize().into_bytes());
        sum.copy_from_slice(&block[..32]);
        for _ in 1..rounds {
            for state in [&inner, &outer] {
                let mut h = *state;
                sha2::compress256(&mut h, std::slice::from_ref(&block));
                for (o, word) in block[..32].chunks_exact_mut(4).zip(h) {
                    o.copy_from_slice(&word.to_be_bytes());
                }
            }
            sum.iter_mut().zip(&block[..32]).for_each(|(s, u)| *s ^= u);
        }
        chunk.copy_from_slice(&sum[..chunk.len()]);
    }
    zeroize::Zeroize::zeroize(key.as_mut_slice());
    zeroize::Zeroize::zeroize(block.as_mut_slice());
    zeroize::Zeroize::zeroize(&mut sum);
    zeroize::Zeroize::zeroize(&mut inner);
    zeroize::Zeroize::zeroize(&mut outer);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loops on the compression functions give what hashing with the digest gives.
    #[test]
    fn the_compression_loops_give_the_digests_own_answer() {
        for n in [0u64, 1, 2, 3, 2048] {
            let mut fast: Vec<u8> = (0..20).collect();
            let mut slow = fast.clone();
            rehash_sha1(&mut fast, n);
            rehash::<sha1::Sha1>(&mut slow, n);
            assert_eq!(fast, slow, "SHA-1, {n} rounds");
            let mut fast: Vec<u8> = (100..132).collect();
            let mut slow = fast.clone();
            rehash_sha256(&mut fast, n);
            rehash::<sha2::Sha256>(&mut slow, n);
            assert_eq!(fast, slow, "SHA-256, {n} rounds");
        }
        // And by a fixed answer: SHA-1 of SHA-1 of "abc"'s digest.
        let sha1 = |x: &[u8]| <sha1::Sha1 as sha1::Digest>::digest(x).to_vec();
        let mut a = sha1(b"abc");
        rehash_sha1(&mut a, 1);
        assert_eq!(a, sha1(&sha1(b"abc")));
    }

    /// PBKDF2-HMAC-SHA-256 on the compression function gives the pbkdf2 crate's answer, for
    /// passwords shorter than, as long as and longer than a block, several output lengths
    /// (one and more blocks, a partial last one) and round counts; and RFC 7914's vector.
    #[test]
    fn pbkdf2_on_the_compression_function_gives_the_crates_answer() {
        let long: Vec<u8> = (0..150u8).collect();
        for pass in [&b""[..], b"bench", &long[..64], &long[..65], &long] {
            for salt in [&b""[..], b"salt", &long[..100]] {
                for rounds in [1u32, 2, 3, 2048] {
                    for len in [16usize, 24, 32, 33, 64, 70] {
                        let mut fast = vec![0u8; len];
                        let mut slow = vec![0u8; len];
                        pbkdf2_hmac_sha256(pass, salt, rounds, &mut fast);
                        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pass, salt, rounds, &mut slow);
                        assert_eq!(fast, slow, "{} {} {rounds} {len}", pass.len(), salt.len());
                    }
                }
            }
        }
        let mut dk = [0u8; 64];
        pbkdf2_hmac_sha256(b"passwd", b"salt", 1, &mut dk);
        let hex: String = dk.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        );
    }
}
