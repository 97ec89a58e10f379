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
    let files = split(data);
    foro::fuzz::load_files(&files);
});

fn split(data: &[u8]) -> Vec<(&str, &[u8])> {
    const MARK: &[u8] = b"=== ";
    let mut files = Vec::new();
    let mut name = "forum.yaml";
    let mut start = 0;
    let mut i = 0;
    while i <= data.len() {
        let at_line_start = i == 0 || data[i - 1] == b'\n';
        if i == data.len() || (at_line_start && data[i..].starts_with(MARK)) {
            files.push((name, &data[start..i]));
            if i == data.len() {
                break;
            }
            let line_end = data[i..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(data.len(), |p| i + p);
            name = std::str::from_utf8(&data[i + MARK.len()..line_end])
                .unwrap_or("")
                .trim();
            start = (line_end + 1).min(data.len());
            i = start;
            continue;
        }
        i += 1;
    }
    files
}
