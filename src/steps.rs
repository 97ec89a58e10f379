//! Output stage: what an output asks of the files its renderer returns,
//! before they are written (the USB bundle's FAT-name check and manifest).
//!
//! Kept apart from `output` (the writer) so that `fat` and `manifest`,
//! which read [`OutFile`]s, do not depend on a module that calls them.

use crate::diagnostics::Diagnostic;
use crate::output::OutFile;

/// What an output asks of the files its renderer returns, before they are
/// written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every name and size must fit on a FAT32 or exFAT drive.
    FatNames,
    /// Add `MANIFEST.sha256` over every other file.
    Manifest,
}

/// Runs an output's steps over its files, in order.
pub fn finish(steps: &[Step], mut files: Vec<OutFile>) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    for step in steps {
        match step {
            Step::FatNames => crate::fat::check_files(&files)?,
            Step::Manifest => {
                let manifest = crate::manifest::build(&files).map_err(|e| {
                    vec![
                        Diagnostic::error("", None, format!("cannot hash the bundle's files: {e}"))
                            .io(),
                    ]
                })?;
                files.push(OutFile::bytes(crate::manifest::FILE, manifest.into_bytes()));
            }
        }
    }
    Ok(files)
}
