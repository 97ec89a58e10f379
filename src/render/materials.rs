//! Render stage: all materials in one download. Per language, a zip
//! archive of the presentations' files, linked from the presentations page
//! with its size, written by the output stage as a stream
//! ([`Content::Zip`]): deterministic (the same bytes for the same files)
//! and never held in memory.
//!
//! [`entries`] is the archive's file list: a later step adds the
//! language's report PDF there, and the size on the page follows.

use super::Context;
use crate::model::Lang;
use crate::output::{Content, OutFile};

/// The archive of `lang`, beside the presentations page:
/// `en/presentations/materials-en.zip`.
pub fn path(lang: &str) -> String {
    format!("{lang}/presentations/materials-{lang}.zip")
}

/// The archive's entries: every presentation's file once, in a folder named
/// like the archive, with its path under `files/` (`materials-en/deck.pdf`).
pub fn entries(ctx: &Context, lang: &Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in &ctx.forum.presentations {
        let Some(file) = &p.file else { continue };
        if out.iter().any(|(_, f)| f == file) {
            continue;
        }
        let inside = file.strip_prefix("files/").unwrap_or(file);
        out.push((format!("materials-{lang}/{inside}"), file.clone()));
    }
    out
}

/// The archive's size in bytes, from the sizes the forum was loaded with
/// (rendering reads no file); `None` when no presentation has a file.
pub fn size(ctx: &Context, lang: &Lang) -> Option<u64> {
    let entries = entries(ctx, lang);
    (!entries.is_empty()).then(|| {
        crate::output::zip_size(
            entries
                .iter()
                .map(|(name, file)| (name.as_str(), ctx.forum.asset_size(file).unwrap_or(0))),
        )
    })
}

/// The archive of every language that has presentation files.
pub fn files(ctx: &Context) -> Vec<OutFile> {
    ctx.forum
        .config
        .languages
        .iter()
        .filter_map(|lang| {
            let entries: Vec<OutFile> = entries(ctx, lang)
                .into_iter()
                .filter_map(|(name, file)| {
                    Some(OutFile {
                        path: name,
                        content: Content::Copy(ctx.forum.asset(&file)?.source.clone()),
                    })
                })
                .collect();
            (!entries.is_empty()).then(|| OutFile {
                path: path(lang),
                content: Content::Zip(entries),
            })
        })
        .collect()
}
