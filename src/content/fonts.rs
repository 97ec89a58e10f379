//! Content stage: the project's own fonts (`fonts/*.ttf`, `*.otf`,
//! `*.ttc`), which the PDFs use besides the shipped ones.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// A font file: its path relative to the project, and its bytes.
pub type FontFile = (String, Arc<[u8]>);

/// The project's font files, sorted by name (so that the same project lays
/// out the same PDFs).
pub fn project_fonts(root: &Path) -> (Vec<FontFile>, Vec<Diagnostic>) {
    let dir = root.join("fonts");
    let mut fonts = Vec::new();
    let mut diags = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (fonts, diags);
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            [".ttf", ".otf", ".ttc", ".otc"]
                .iter()
                .any(|ext| lower.ends_with(ext))
        })
        .collect();
    names.sort();
    for name in names {
        let rel = format!("fonts/{name}");
        match std::fs::read(dir.join(&name)) {
            Ok(bytes) => fonts.push((rel, Arc::from(bytes))),
            Err(e) => diags.push(Diagnostic::error(
                rel.as_str(),
                None,
                format!("cannot read the font: {e}"),
            )),
        }
    }
    (fonts, diags)
}
