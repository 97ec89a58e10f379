//! The Markdown pipeline on any text, with raw HTML on and off.
//!
//! With `raw_html: false` the output must hold only the elements and
//! attributes foro itself writes: no author-controlled tag, no event handler
//! attribute, no `javascript:` link (`foro::fuzz::only_our_markup`).
#![no_main]

use std::sync::LazyLock;

use foro::highlight::Highlighter;
use libfuzzer_sys::fuzz_target;

static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::default);

fuzz_target!(|data: &[u8]| foro::fuzz::markdown_bytes(data, &HIGHLIGHTER));
