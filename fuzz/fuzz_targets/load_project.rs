//! A whole forum project from one input: the YAML loaders, the content
//! checks, the Markdown and every product, rendered but not written.
//!
//! The input is a list of files, each introduced by a line `=== <path>`:
//!
//! ```text
//! === forum.yaml
//! title: Forum
//! === speakers/ana.md
//! ---
//! name: Ana
//! ---
//! Bio.
//! ```
//!
//! Bytes before the first header go to `forum.yaml`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    foro::fuzz::load_files(&foro::fuzz::split_files(data));
});
