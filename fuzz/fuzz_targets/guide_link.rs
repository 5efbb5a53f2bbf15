//! Guide links and guide codes as they arrive from a browser, a pasted message or a person:
//! each input is read as a link, as a code and as a program's arguments. Each must be refused
//! with a coded error or give a target whose link (and code, where it has one) reads back to
//! the same target; nothing may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use oces_core::guide_link;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    for read in [guide_link::parse_link(s), guide_link::parse_code(s), guide_link::parse(s)] {
        if let Ok(t) = read {
            assert_eq!(guide_link::parse_link(&t.link()).as_ref(), Ok(&t));
            if let Ok(code) = t.code() {
                assert_eq!(guide_link::parse_code(&code).as_ref(), Ok(&t));
            }
        }
    }
    let args: Vec<&str> = s.split('\u{0}').collect();
    let _ = guide_link::link_in_args(&args);
});
