//! Render stage: all materials in one download. Per language, a zip
//! archive of the presentations' files, linked from the presentations page
//! with its size, written by the output stage as a stream
//! ([`Content::Zip`]): deterministic (the same bytes for the same files)
//! and never held in memory.
//!
//! [`entries`] is the archive's file list: the presentations' files, then
//! the language's handout and report PDFs when the build writes them; the
//! size on the page follows.

use super::Context;
use crate::model::Lang;
use crate::output::{Content, OutFile};
use crate::urls::Target;

/// The archive of `lang`, beside the presentations page:
/// `en/presentations/materials-en.zip`.
pub fn path(lang: &str) -> String {
    format!("{lang}/presentations/materials-{lang}.zip")
}

/// Where an entry of the archive comes from.
pub enum Source<'a> {
    /// A presentation's file, relative to the project.
    File(String),
    /// One of the language's PDFs, made by this build.
    Pdf(&'a super::pdf::PdfLink),
}

/// The archive's entries: every presentation's file once, in a folder named
/// like the archive, with its path under `files/` (`materials-en/deck.pdf`),
/// then the handout's and the reports' PDFs in `lang`
/// (`materials-en/<forum>-handout-en.pdf`).
pub fn entries<'a>(ctx: &Context<'a>, lang: &Lang) -> Vec<(String, Source<'a>)> {
    let mut out: Vec<(String, Source)> = Vec::new();
    for p in &ctx.forum.presentations {
        let Some(file) = &p.file else { continue };
        if out
            .iter()
            .any(|(_, s)| matches!(s, Source::File(f) if f == file))
        {
            continue;
        }
        let inside = file.strip_prefix("files/").unwrap_or(file);
        out.push((
            format!("materials-{lang}/{inside}"),
            Source::File(file.clone()),
        ));
    }
    if ctx.forum.presentations.is_empty() {
        // No presentations page links an archive.
        return out;
    }
    let mut pdfs: Vec<&super::pdf::PdfLink> = ctx
        .prepared
        .pdf_links
        .iter()
        .filter(|l| match &l.page {
            Target::Handout(l) | Target::Report(l, _) => l == lang.as_str(),
            _ => false,
        })
        .collect();
    // The handout first, then the reports as the build lists them.
    pdfs.sort_by_key(|l| !matches!(l.page, Target::Handout(_)));
    for l in pdfs {
        let file_name = l.path.rsplit('/').next().unwrap_or(&l.path);
        let name = format!("materials-{lang}/{file_name}");
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, Source::Pdf(l)));
        }
    }
    out
}

/// The archive's size in bytes, from the sizes the forum was loaded with
/// and the PDFs' (rendering reads no file); `None` when it has no entry.
pub fn size(ctx: &Context, lang: &Lang) -> Option<u64> {
    let entries = entries(ctx, lang);
    (!entries.is_empty()).then(|| {
        crate::output::zip_size(entries.iter().map(|(name, source)| {
            let size = match source {
                Source::File(file) => ctx.forum.asset_size(file).unwrap_or(0),
                Source::Pdf(l) => l.size,
            };
            (name.as_str(), size)
        }))
    })
}

/// The archive of every language that has presentation files or PDFs.
pub fn files(ctx: &Context) -> Vec<OutFile> {
    ctx.forum
        .config
        .languages
        .iter()
        .filter_map(|lang| {
            let entries: Vec<OutFile> = entries(ctx, lang)
                .into_iter()
                .filter_map(|(name, source)| {
                    let content = match source {
                        Source::File(file) => Content::Copy(ctx.forum.asset(&file)?.source.clone()),
                        Source::Pdf(l) => Content::Bytes(l.bytes.to_vec()),
                    };
                    Some(OutFile {
                        path: name,
                        content,
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
