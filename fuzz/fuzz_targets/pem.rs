//! PEM: any text after a BEGIN line goes through the PEM path of the reader.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = b"-----BEGIN CERTIFICATE-----\n".to_vec();
    input.extend_from_slice(data);
    let _ = oces_core::cert::open_bytes(&input, None);
});
