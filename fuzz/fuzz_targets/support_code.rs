//! Support codes as typed by a person: decode must accept or refuse, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = oces_core::support::decode(s);
    }
});
