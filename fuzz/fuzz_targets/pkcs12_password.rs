//! PKCS#12 with any password: the first byte gives the password's length, the bytes after it
//! are the password (as a password line read from standard input would give it), the rest is
//! the file. Covers the empty-password forms, the BMPString and UTF-8 encodings, and the
//! password-line reader itself. Must return Ok or a coded error, never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oces_core::secret::Password;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n).min(rest.len());
    let (line, file) = rest.split_at(n);
    let Ok(pw) = Password::from_first_line(line) else {
        return;
    };
    let _ = oces_core::cert::open_bytes(file, Some(&pw));
});
