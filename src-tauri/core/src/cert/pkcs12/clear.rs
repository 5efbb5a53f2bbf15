//! What a PKCS#12 file shows before its password: the certificates stored in the clear.
//!
//! Files downloaded from MitID Erhverv keep the certificates in a plain `data` ContentInfo and
//! encrypt only the key (a `pkcs8ShroudedKeyBag`); `openssl pkcs12 -nokeys` reads their holder
//! without a password. [`read_clear`] does the same: it walks the PFX without touching the MAC
//! or any encryption and collects the certificate bags it can read as they are. Nothing here is
//! checked: the MAC (the file's integrity) needs the password, so what comes back is "what the
//! file says", to be confirmed by [`super::parse`] with the password.
//!
//! Files that encrypt their certificates too (OCES2 files, OpenSSL's and Windows' defaults)
//! give no certificates here ([`Clear::certificates_encrypted`] says so).

use super::{
    cert_bag_der, each_bag, BagAttrs, P12Error, OID_CERT_BAG, OID_DATA, OID_ENCRYPTED_DATA,
    OID_KEY_BAG, OID_SAFE_CONTENTS_BAG, OID_SHROUDED_KEY_BAG,
};
use crate::cert::ber::{tag, Reader};

/// The readable-without-password part of a PKCS#12 file.
#[derive(Debug, Clone, Default)]
pub struct Clear {
    /// Certificates stored in the clear (DER) with their attributes, in file order.
    pub certificates: Vec<(Vec<u8>, BagAttrs)>,
    /// The localKeyId of the (encrypted or plain) key bags, in file order; a key is there when
    /// this is not empty.
    pub key_ids: Vec<Option<Vec<u8>>>,
    /// Some part of the file is encrypted as a whole (usually the certificates).
    pub certificates_encrypted: bool,
}

/// Read the clear parts of a PKCS#12 file (no password, no MAC check, no decryption).
pub fn read_clear(bytes: &[u8]) -> Result<Clear, P12Error> {
    let mut r = Reader::new(bytes);
    let mut pfx = r.sequence()?;
    if pfx.small_uint()? != 3 {
        return Err(P12Error::Unsupported("PKCS#12 version".into()));
    }
    let mut auth_safe = pfx.sequence()?;
    if auth_safe.oid()? != OID_DATA {
        return Err(P12Error::Unsupported("public-key integrity mode".into()));
    }
    let explicit = auth_safe.next_tlv()?;
    let auth_octets = explicit.children(0)?.octets()?;
    let mut out = Clear::default();
    let mut r = Reader::new(&auth_octets);
    let mut infos = r.sequence()?;
    while !infos.is_empty() {
        let mut ci = infos.sequence()?;
        let ct = ci.oid()?;
        let content = ci.next_tlv()?;
        match ct.as_str() {
            OID_DATA => {
                let octets = content.children(0)?.octets()?;
                read_bags(&octets, &mut out, 0)?;
            }
            OID_ENCRYPTED_DATA => out.certificates_encrypted = true,
            _ => out.certificates_encrypted = true, // enveloped and the like: not readable
        }
    }
    Ok(out)
}

fn read_bags(bytes: &[u8], out: &mut Clear, depth: usize) -> Result<(), P12Error> {
    each_bag(bytes, depth, |bag_id, mut v, attrs| {
        match bag_id {
            OID_CERT_BAG => {
                if let Some(der) = cert_bag_der(v)? {
                    out.certificates.push((der, attrs));
                }
            }
            OID_KEY_BAG | OID_SHROUDED_KEY_BAG => out.key_ids.push(attrs.local_key_id),
            OID_SAFE_CONTENTS_BAG => {
                let nested = v.expect(tag::SEQUENCE, "SafeContents")?;
                read_bags(nested.raw, out, depth + 1)?;
            }
            _ => {}
        }
        Ok(())
    })
}
