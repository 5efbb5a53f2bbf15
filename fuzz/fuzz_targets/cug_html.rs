//! The DKMA CUG page: any bytes after an HTML start go through the HTML reader.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oces_core::secret::Password;

fuzz_target!(|data: &[u8]| {
    let mut input = b"<!DOCTYPE html><html><body>".to_vec();
    input.extend_from_slice(data);
    let _ = oces_core::cert::open_bytes(&input, Some(&Password::new("fuzz")));
});
