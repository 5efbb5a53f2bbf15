//! PKCS#12 files whose iteration counts are the fuzzer's to choose (seeds with one iteration,
//! so every count is near the bytes it mutates): whatever the counts say, an opening ends
//! within the key-derivation budget (libFuzzer's -timeout catches one that does not) with Ok
//! or a coded error. Both the right seed password and a wrong one are tried, so the
//! MAC-failed path that decrypts to tell damage from a wrong password is reached too.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oces_core::secret::Password;

fuzz_target!(|data: &[u8]| {
    for pw in ["fuzz", "wrong", ""] {
        let _ = oces_core::cert::pkcs12::parse(data, &Password::new(pw));
    }
});
