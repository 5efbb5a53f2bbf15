//! DER re-encoded in the BER shapes other producers write: indefinite lengths on every
//! constructed value and OCTET STRINGs cut into constructed chunks (Java before 8, Netscape,
//! some Windows and smart-card tools). Readers are tested against these; openssl checks that
//! the result is still a valid file.

/// How far to go.
#[derive(Clone, Copy, Debug)]
pub struct BerStyle {
    /// OCTET STRINGs (and `[0]` encrypted content) longer than this are cut into pieces.
    pub chunk: usize,
    /// Also re-encode what PKCS#7 `data` content holds (a PKCS#12 authenticated safe and its
    /// unencrypted safe contents). That changes the bytes a PKCS#12 MAC covers, so use it on
    /// files without a MAC; without it, the MAC stays valid.
    pub into_data: bool,
}

const OID_PKCS7_DATA: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
];

struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
    whole: &'a [u8],
}

/// The definite-length elements of `der`, in order. Panics on anything else: the input is
/// always a well-formed file that a test just made.
fn elements(mut der: &[u8]) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    while !der.is_empty() {
        let tag = der[0];
        assert_ne!(tag & 0x1f, 0x1f, "multi-byte tags are not expected here");
        let first = der[1] as usize;
        let (head, len) = if first < 0x80 {
            (2, first)
        } else {
            let n = first & 0x7f;
            assert!((1..=4).contains(&n), "not DER: length form {first:#x}");
            let len = der[2..2 + n]
                .iter()
                .fold(0usize, |a, b| (a << 8) | *b as usize);
            (2 + n, len)
        };
        out.push(Tlv {
            tag,
            content: &der[head..head + len],
            whole: &der[..head + len],
        });
        der = &der[head + len..];
    }
    out
}

fn definite(tag: u8, content: &[u8], out: &mut Vec<u8>) {
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
}

fn encode(t: &Tlv<'_>, style: &BerStyle, descend: bool, out: &mut Vec<u8>) {
    let constructed = t.tag & 0x20 != 0;
    if constructed {
        let children = elements(t.content);
        // ContentInfo { data, [0] { OCTET STRING } }: the OCTET STRING holds DER of its own.
        let is_data = t.tag == 0x30
            && style.into_data
            && children.first().is_some_and(|c| c.whole == OID_PKCS7_DATA);
        out.extend_from_slice(&[t.tag, 0x80]);
        for c in &children {
            let inner = descend || (is_data && c.tag == 0xa0);
            encode(c, style, inner, out);
        }
        out.extend_from_slice(&[0, 0]);
        return;
    }
    if matches!(t.tag, 0x04 | 0x80) {
        let content = if descend && t.tag == 0x04 {
            let mut inner = Vec::new();
            for c in elements(t.content) {
                encode(&c, style, false, &mut inner);
            }
            inner
        } else {
            t.content.to_vec()
        };
        if content.len() > style.chunk {
            out.extend_from_slice(&[t.tag | 0x20, 0x80]);
            for piece in content.chunks(style.chunk) {
                definite(0x04, piece, out);
            }
            out.extend_from_slice(&[0, 0]);
        } else {
            definite(t.tag, &content, out);
        }
        return;
    }
    out.extend_from_slice(t.whole);
}

/// `der` (one element) re-encoded as BER in `style`.
pub fn to_ber(der: &[u8], style: BerStyle) -> Vec<u8> {
    let mut out = Vec::new();
    for t in elements(der) {
        encode(&t, &style, false, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_become_indefinite_and_long_octets_chunked() {
        // SEQUENCE { OCTET STRING 'abcde', INTEGER 5 }
        let der = [
            0x30, 0x0a, 0x04, 0x05, b'a', b'b', b'c', b'd', b'e', 0x02, 0x01, 0x05,
        ];
        let ber = to_ber(
            &der,
            BerStyle {
                chunk: 2,
                into_data: false,
            },
        );
        assert_eq!(
            ber,
            [
                0x30, 0x80, // SEQUENCE, indefinite
                0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x02, b'c', b'd', 0x04, 0x01, b'e', 0,
                0, // OCTET STRING in three pieces
                0x02, 0x01, 0x05, 0, 0,
            ]
        );
    }

    #[test]
    fn pkcs7_data_content_is_re_encoded_only_when_asked() {
        // ContentInfo { data, [0] { OCTET STRING { SEQUENCE { NULL } } } }
        let mut der = vec![0x30, 0x13];
        der.extend_from_slice(OID_PKCS7_DATA);
        der.extend_from_slice(&[0xa0, 0x06, 0x04, 0x04, 0x30, 0x02, 0x05, 0x00]);
        let outer = to_ber(
            &der,
            BerStyle {
                chunk: 100,
                into_data: false,
            },
        );
        assert!(outer.ends_with(&[0xa0, 0x80, 0x04, 0x04, 0x30, 0x02, 0x05, 0x00, 0, 0, 0, 0]));
        let deep = to_ber(
            &der,
            BerStyle {
                chunk: 100,
                into_data: true,
            },
        );
        assert!(deep.ends_with(&[0x04, 0x06, 0x30, 0x80, 0x05, 0x00, 0, 0, 0, 0, 0, 0]));
    }
}
