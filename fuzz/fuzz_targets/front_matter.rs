//! The front-matter splitter on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    foro::fuzz::front_matter(text);
});
