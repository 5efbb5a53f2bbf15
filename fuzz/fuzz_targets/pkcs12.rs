//! PKCS#12 (DER and BER): the reader must return Ok or a coded error, never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oces_core::secret::Password;

fuzz_target!(|data: &[u8]| {
    let pw = Password::new("fuzz");
    let _ = oces_core::cert::pkcs12::parse(data, &pw);
    let _ = oces_core::cert::open_bytes(data, Some(&pw));
});
