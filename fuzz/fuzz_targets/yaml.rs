//! The YAML layer on any text: the nesting guard, `serde_yaml` and the
//! position pass of `yaml-rust2`, as every loader uses them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    foro::fuzz::yaml(text);
});
