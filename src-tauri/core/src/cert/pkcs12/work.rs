//! The key-derivation budget of one opening ([`Work`]), and what a file states its encryptions
//! will cost before any of it is done ([`visible_work`]); see [`crate::limits`].

use super::kdf::Digest;
use super::{
    P12Error, OID_DATA, OID_ENCRYPTED_DATA, OID_PBES2, OID_SAFE_CONTENTS_BAG, OID_SHROUDED_KEY_BAG,
};
use crate::cert::ber::{tag, Asn1Error, Reader};
use crate::limits::{MAX_ITERATIONS, MAX_WORK};
use std::cell::Cell;

/// The key-derivation work one opening may still do (hash rounds).
pub(super) struct Work {
    pub(super) left: Cell<u64>,
    /// Encrypted parts that decrypted into a well-formed structure (proof of the password).
    pub(super) proven: Cell<usize>,
    /// The MAC proved the password and the caller does not need the keys: shrouded key bags
    /// are noted (algorithm, attributes) but not decrypted.
    pub(super) skip_keys: bool,
}

impl Work {
    pub(super) fn new() -> Work {
        Work {
            left: Cell::new(MAX_WORK),
            proven: Cell::new(0),
            skip_keys: false,
        }
    }

    /// Charge `rounds` iterations run `blocks` times; refused before any hashing.
    pub(super) fn charge(&self, rounds: u64, blocks: usize) -> Result<(), P12Error> {
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

/// The key-derivation cost of the encryptions whose parameters are readable without a
/// password: `encryptedData` parts and shrouded key bags in plain parts (those inside encrypted
/// parts are charged when reached). Parts that cannot be read count nothing here; reading them
/// properly reports the damage.
pub(super) fn visible_work(auth_octets: &[u8]) -> u64 {
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
pub(super) fn scheme_cost(alg_raw: &[u8]) -> u64 {
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
