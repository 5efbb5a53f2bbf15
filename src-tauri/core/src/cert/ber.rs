//! A small, strict-about-limits reader for ASN.1 BER (and so DER).
//!
//! Why our own: real PKCS#12 files from Nets (OCES2 VOCES/FOCES) and from MitID Erhverv use BER
//! encodings that DER-only readers refuse: indefinite lengths (`0x80` … `00 00`) and OCTET
//! STRINGs split into constructed chunks. The PKCS#12 MAC is computed over the exact content
//! octets of the outer `data` OCTET STRING (the chunks joined), so the reader has to hand out
//! those octets as they are, before anything is re-encoded. This module reads one value at a
//! time, joins constructed strings, and never allocates more than the input it was given.
//!
//! Limits: nesting depth [`MAX_DEPTH`]; lengths must fit in the remaining input; tags up to
//! four bytes. Every violation is an [`Asn1Error`] with the byte offset, never a panic.

use std::borrow::Cow;

/// How deep constructed values may nest before the input is refused.
pub const MAX_DEPTH: usize = 64;

/// Why the bytes are not valid BER.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Asn1Error {
    /// The input ended inside a value.
    #[error("the data ends too early (at byte {0})")]
    Truncated(usize),
    /// A length or tag that cannot be right.
    #[error("invalid encoding at byte {0}")]
    Invalid(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("nested too deeply (at byte {0})")]
    TooDeep(usize),
    /// A value had another type than the structure requires.
    #[error("unexpected value at byte {at}: expected {expected}")]
    Unexpected {
        /// Byte offset.
        at: usize,
        /// What the structure wanted.
        expected: &'static str,
    },
}

/// Universal tag numbers used here.
pub mod tag {
    /// BOOLEAN
    pub const BOOLEAN: u32 = 1;
    /// INTEGER
    pub const INTEGER: u32 = 2;
    /// BIT STRING
    pub const BIT_STRING: u32 = 3;
    /// OCTET STRING
    pub const OCTET_STRING: u32 = 4;
    /// NULL
    pub const NULL: u32 = 5;
    /// OBJECT IDENTIFIER
    pub const OID: u32 = 6;
    /// SEQUENCE
    pub const SEQUENCE: u32 = 16;
    /// SET
    pub const SET: u32 = 17;
    /// BMPString
    pub const BMP_STRING: u32 = 30;
}

/// Tag class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Universal.
    Universal,
    /// Application.
    Application,
    /// Context-specific (`[n]`).
    Context,
    /// Private.
    Private,
}

/// One value: its tag, whether constructed, and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// Class of the tag.
    pub class: Class,
    /// Constructed (contains values) or primitive.
    pub constructed: bool,
    /// Tag number.
    pub number: u32,
    /// The content octets (for indefinite lengths: without the end-of-contents marker).
    pub content: &'a [u8],
    /// Offset of the content in the outermost input, for error positions.
    pub offset: usize,
    /// The whole encoding: identifier, length and content (and end marker).
    pub raw: &'a [u8],
}

/// A cursor over a sequence of values.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// Read values from `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader {
            data,
            pos: 0,
            base: 0,
            depth: 0,
        }
    }

    /// True when every value has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Offset of the cursor in the outermost input.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Read the next value.
    pub fn next_tlv(&mut self) -> Result<Tlv<'a>, Asn1Error> {
        let start = self.pos;
        let at = |p: usize| self.base + p;
        let b0 = *self
            .data
            .get(self.pos)
            .ok_or(Asn1Error::Truncated(at(self.pos)))?;
        self.pos += 1;
        let class = match b0 >> 6 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::Context,
            _ => Class::Private,
        };
        let constructed = b0 & 0x20 != 0;
        let mut number = u32::from(b0 & 0x1f);
        if number == 0x1f {
            number = 0;
            for i in 0.. {
                if i == 4 {
                    return Err(Asn1Error::Invalid(at(self.pos)));
                }
                let b = *self
                    .data
                    .get(self.pos)
                    .ok_or(Asn1Error::Truncated(at(self.pos)))?;
                self.pos += 1;
                number = (number << 7) | u32::from(b & 0x7f);
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        let lb = *self
            .data
            .get(self.pos)
            .ok_or(Asn1Error::Truncated(at(self.pos)))?;
        self.pos += 1;
        if lb == 0x80 {
            // Indefinite length: only for constructed values; content runs to a 00 00 marker
            // at this level, so walk the children to find it.
            if !constructed {
                return Err(Asn1Error::Invalid(at(self.pos - 1)));
            }
            if self.depth + 1 > MAX_DEPTH {
                return Err(Asn1Error::TooDeep(at(start)));
            }
            let content_start = self.pos;
            let mut inner = Reader {
                data: &self.data[content_start..],
                pos: 0,
                base: self.base + content_start,
                depth: self.depth + 1,
            };
            loop {
                if inner.data.get(inner.pos..inner.pos + 2) == Some(&[0, 0]) {
                    let content = &inner.data[..inner.pos];
                    self.pos = content_start + inner.pos + 2;
                    return Ok(Tlv {
                        class,
                        constructed,
                        number,
                        content,
                        offset: self.base + content_start,
                        raw: &self.data[start..self.pos],
                    });
                }
                if inner.is_empty() {
                    return Err(Asn1Error::Truncated(inner.offset()));
                }
                inner.next_tlv()?;
            }
        }
        let len = if lb & 0x80 == 0 {
            usize::from(lb)
        } else {
            let n = usize::from(lb & 0x7f);
            if n > 4 {
                return Err(Asn1Error::Invalid(at(self.pos - 1)));
            }
            let bytes = self
                .data
                .get(self.pos..self.pos + n)
                .ok_or(Asn1Error::Truncated(at(self.pos)))?;
            self.pos += n;
            bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b))
        };
        let end = self
            .pos
            .checked_add(len)
            .filter(|e| *e <= self.data.len())
            .ok_or(Asn1Error::Truncated(at(self.data.len())))?;
        let content = &self.data[self.pos..end];
        let offset = at(self.pos);
        self.pos = end;
        Ok(Tlv {
            class,
            constructed,
            number,
            content,
            offset,
            raw: &self.data[start..end],
        })
    }

    /// Read the next value and require a universal tag.
    pub fn expect(&mut self, number: u32, what: &'static str) -> Result<Tlv<'a>, Asn1Error> {
        let at = self.offset();
        let t = self.next_tlv()?;
        if t.class != Class::Universal || t.number != number {
            return Err(Asn1Error::Unexpected { at, expected: what });
        }
        Ok(t)
    }

    /// Read a SEQUENCE and return a reader over its values.
    pub fn sequence(&mut self) -> Result<Reader<'a>, Asn1Error> {
        let t = self.expect(tag::SEQUENCE, "SEQUENCE")?;
        t.children(self.depth)
    }

    /// Read an OBJECT IDENTIFIER in dotted form.
    pub fn oid(&mut self) -> Result<String, Asn1Error> {
        let t = self.expect(tag::OID, "OBJECT IDENTIFIER")?;
        oid_to_string(t.content).ok_or(Asn1Error::Invalid(t.offset))
    }

    /// Read a non-negative INTEGER that fits in a u64.
    pub fn small_uint(&mut self) -> Result<u64, Asn1Error> {
        let t = self.expect(tag::INTEGER, "INTEGER")?;
        let bytes = t.content;
        if bytes.is_empty() || bytes.len() > 9 || bytes[0] & 0x80 != 0 {
            return Err(Asn1Error::Invalid(t.offset));
        }
        let trimmed = if bytes.len() == 9 {
            if bytes[0] != 0 {
                return Err(Asn1Error::Invalid(t.offset));
            }
            &bytes[1..]
        } else {
            bytes
        };
        Ok(trimmed.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b)))
    }

    /// Read an OCTET STRING (primitive or constructed chunks) and return its octets.
    pub fn octets(&mut self) -> Result<Cow<'a, [u8]>, Asn1Error> {
        let t = self.expect(tag::OCTET_STRING, "OCTET STRING")?;
        t.string_octets(self.depth)
    }

    /// Peek at the next value without consuming it.
    pub fn peek(&self) -> Result<Tlv<'a>, Asn1Error> {
        self.clone().next_tlv()
    }
}

impl<'a> Tlv<'a> {
    /// A reader over a constructed value's children.
    pub fn children(&self, depth: usize) -> Result<Reader<'a>, Asn1Error> {
        if !self.constructed {
            return Err(Asn1Error::Unexpected {
                at: self.offset,
                expected: "a constructed value",
            });
        }
        if depth + 1 > MAX_DEPTH {
            return Err(Asn1Error::TooDeep(self.offset));
        }
        Ok(Reader {
            data: self.content,
            pos: 0,
            base: self.offset,
            depth: depth + 1,
        })
    }

    /// The octets of a string type: the content when primitive, the joined chunks when
    /// constructed (BER).
    pub fn string_octets(&self, depth: usize) -> Result<Cow<'a, [u8]>, Asn1Error> {
        if !self.constructed {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut out = Vec::with_capacity(self.content.len());
        let mut r = self.children(depth)?;
        while !r.is_empty() {
            let chunk = r.next_tlv()?;
            // Chunks carry the string's universal type; for an implicitly tagged string
            // (`[0] IMPLICIT OCTET STRING`) that is OCTET STRING.
            let want = if self.class == Class::Universal {
                self.number
            } else {
                tag::OCTET_STRING
            };
            if chunk.class != Class::Universal || chunk.number != want {
                return Err(Asn1Error::Unexpected {
                    at: chunk.offset,
                    expected: "a chunk of the same string type",
                });
            }
            out.extend_from_slice(&chunk.string_octets(r.depth)?);
        }
        Ok(Cow::Owned(out))
    }

    /// Whether this is the context-specific tag `[n]`.
    pub fn is_context(&self, n: u32) -> bool {
        self.class == Class::Context && self.number == n
    }
}

/// Dotted form of an OID's content octets.
pub fn oid_to_string(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() || bytes.len() > 64 || *bytes.last()? & 0x80 != 0 {
        return None;
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for b in bytes {
        if v > (u64::MAX >> 7) {
            return None;
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        }
    }
    Some(
        arcs.iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// Re-encode BER as DER-style definite lengths (constructed strings joined, indefinite lengths
/// made definite). SET OF values are not sorted; this is for readers that refuse indefinite
/// lengths, not for producing canonical signatures.
pub fn to_definite(input: &[u8]) -> Result<Vec<u8>, Asn1Error> {
    let mut out = Vec::with_capacity(input.len());
    let mut r = Reader::new(input);
    while !r.is_empty() {
        let t = r.next_tlv()?;
        write_definite(&t, 0, &mut out)?;
    }
    Ok(out)
}

fn write_definite(t: &Tlv<'_>, depth: usize, out: &mut Vec<u8>) -> Result<(), Asn1Error> {
    let is_string = t.class == Class::Universal
        && matches!(t.number, tag::OCTET_STRING | tag::BIT_STRING | 12 | 19..=30);
    let (constructed, content): (bool, Cow<'_, [u8]>) = if t.constructed && is_string {
        (false, t.string_octets(depth)?)
    } else if t.constructed {
        let mut inner = Vec::with_capacity(t.content.len());
        let mut r = t.children(depth)?;
        while !r.is_empty() {
            let c = r.next_tlv()?;
            write_definite(&c, depth + 1, &mut inner)?;
        }
        (true, Cow::Owned(inner))
    } else {
        (false, Cow::Borrowed(t.content))
    };
    write_header(t.class, constructed, t.number, content.len(), out);
    out.extend_from_slice(&content);
    Ok(())
}

/// Write an identifier and a definite length.
pub fn write_header(class: Class, constructed: bool, number: u32, len: usize, out: &mut Vec<u8>) {
    let c = match class {
        Class::Universal => 0x00,
        Class::Application => 0x40,
        Class::Context => 0x80,
        Class::Private => 0xc0,
    } | if constructed { 0x20 } else { 0 };
    if number < 31 {
        out.push(c | number as u8);
    } else {
        out.push(c | 0x1f);
        let mut groups = Vec::new();
        let mut n = number;
        loop {
            groups.push((n & 0x7f) as u8);
            n >>= 7;
            if n == 0 {
                break;
            }
        }
        for (i, g) in groups.iter().rev().enumerate() {
            out.push(if i + 1 < groups.len() { g | 0x80 } else { *g });
        }
    }
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_primitive_and_sequence() {
        // SEQUENCE { INTEGER 3, OCTET STRING 'ab' }
        let der = [0x30, 0x07, 0x02, 0x01, 0x03, 0x04, 0x02, b'a', b'b'];
        let mut r = Reader::new(&der);
        let mut s = r.sequence().expect("sequence");
        assert_eq!(s.small_uint().expect("int"), 3);
        assert_eq!(&*s.octets().expect("octets"), b"ab");
        assert!(s.is_empty() && r.is_empty());
    }

    #[test]
    fn indefinite_length_and_chunked_octets() {
        // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { 'ab', 'c' } } 00 00
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        let mut r = Reader::new(&ber);
        let mut s = r.sequence().expect("sequence");
        assert_eq!(&*s.octets().expect("joined"), b"abc");
        assert!(s.is_empty() && r.is_empty());
        assert_eq!(
            to_definite(&ber).expect("to DER"),
            vec![0x30, 0x05, 0x04, 0x03, b'a', b'b', b'c']
        );
    }

    #[test]
    fn implicitly_tagged_chunked_string() {
        // [0] IMPLICIT OCTET STRING, constructed, indefinite: { 04 01 'x', 04 01 'y' }
        let ber = [0xa0, 0x80, 0x04, 0x01, b'x', 0x04, 0x01, b'y', 0x00, 0x00];
        let t = Reader::new(&ber).next_tlv().expect("tlv");
        assert!(t.is_context(0));
        assert_eq!(&*t.string_octets(0).expect("joined"), b"xy");
    }

    #[test]
    fn long_form_lengths() {
        let mut der = vec![0x04, 0x82, 0x01, 0x00];
        der.extend(std::iter::repeat_n(7u8, 256));
        let mut r = Reader::new(&der);
        assert_eq!(r.octets().expect("octets").len(), 256);
        let mut out = Vec::new();
        write_header(Class::Universal, false, 4, 256, &mut out);
        assert_eq!(out, der[..4]);
    }

    #[test]
    fn oids() {
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]).as_deref(),
            Some("1.2.840.113549.1.7.1")
        );
        assert_eq!(
            oid_to_string(&[0x55, 0x04, 0x03]).as_deref(),
            Some("2.5.4.3")
        );
        assert_eq!(oid_to_string(&[0x86]), None, "unterminated arc");
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let cases: &[&[u8]] = &[
            &[],
            &[0x30],
            &[0x30, 0x05, 0x02],
            &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
            &[0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            &[0x04, 0x80, 0x00, 0x00],
            &[0x30, 0x80, 0x02, 0x01, 0x01],
            &[0x1f, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00],
        ];
        for c in cases {
            let mut r = Reader::new(c);
            assert!(
                r.next_tlv().is_err() || !r.is_empty() || c.is_empty(),
                "{c:?}"
            );
            assert!(to_definite(c).is_err() || c.is_empty(), "{c:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut ber = Vec::new();
        for _ in 0..200 {
            ber.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..200 {
            ber.extend_from_slice(&[0, 0]);
        }
        assert!(matches!(
            Reader::new(&ber).next_tlv(),
            Err(Asn1Error::TooDeep(_))
        ));
    }
}
