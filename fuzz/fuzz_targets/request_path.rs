//! The preview's request parsing on any bytes: the request line and the
//! site path it names, which must never leave the site.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    foro::fuzz::request_path(bytes);
});
