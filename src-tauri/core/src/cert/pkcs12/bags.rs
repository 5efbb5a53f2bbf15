//! The authSafe's ContentInfos (plain or encrypted) and the SafeBags inside them:
//! certificates, keys, shrouded keys and nested SafeContents, with their attributes.

use super::decrypt::{decrypt, decrypt_raw};
use super::kdf::PassForm;
use super::work::Work;
use super::{
    BagAttrs, P12Error, Pkcs12, OID_CERT_BAG, OID_DATA, OID_ENCRYPTED_DATA, OID_ENVELOPED_DATA,
    OID_FRIENDLY_NAME, OID_KEY_BAG, OID_LOCAL_KEY_ID, OID_SAFE_CONTENTS_BAG, OID_SHROUDED_KEY_BAG,
    OID_X509_CERT,
};
use crate::cert::ber::{tag, Asn1Error, Reader};
use crate::secret::SecretBytes;

/// Read the authSafe's ContentInfos. With `diagnose` (the MAC failed), every part is tried
/// even after one fails, only to find out whether any decrypts well-formed ([`Work::proven`]).
pub(super) fn read_auth_safe(
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
                out.keys.push((
                    SecretBytes::new(crate::cert::ber::to_definite(key.raw)?),
                    attrs,
                ));
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
                let der = crate::cert::ber::to_definite(&plain)?;
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
