//! Render stage: a PDF of the build as the page beside it links it (kept
//! apart from the PDF step so that the render context can hold the links
//! without depending on it).

use crate::urls::Target;

/// A PDF as the page beside it links it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfLink {
    pub page: Target,
    /// `/`-separated, relative to the output's folder.
    pub path: String,
    pub size: u64,
    /// The PDF itself, for the materials archive of its language.
    pub bytes: std::sync::Arc<[u8]>,
}
