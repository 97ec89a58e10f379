//! The USB bundle and the printable handouts of the example forum
//! (`content/`), checked as participants and organisers use them, with the
//! real tools: Chromium over `file://` (via `tests/browser`), pdftotext,
//! pdftoppm, zbarimg and sha256sum. The tests that need Chromium are
//! `#[ignore = "needs chromium"]`; `.ci/run` installs the tools and runs
//! them with `--include-ignored`.

mod browser;
mod bundle;
pub mod example_forum;
mod fat;
mod print;
pub mod tools;
