//! DER certificates: the summary (subject, issuer, OCES meaning) of any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = oces_core::cert::identify::summarize(data);
    let _ = oces_core::cert::open_bytes(data, None);
});
