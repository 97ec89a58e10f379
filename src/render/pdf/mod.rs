//! Render stage: the print-ready PDFs, per language the handout and one per
//! report document, laid out by Typst linked in as a library (feature
//! `pdf`, on by default): the generated Typst markup, the images and the
//! shipped fonts are all it reads, so the same input gives the same bytes.
//!
//! Each PDF is written beside its HTML page in the web site and the USB
//! bundle (`<lang>/handout/`, `<lang>/report/<slug>/`).

pub mod link;
pub mod markup;
#[cfg(feature = "pdf")]
mod source;
#[cfg(feature = "pdf")]
mod world;

pub use link::PdfLink;

use crate::model::{DocKind, Forum, Lang, Paper};
use crate::urls::Target;

/// What the command line asks of the PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Write the PDFs (`--no-pdf`: no).
    pub enabled: bool,
    /// `--paper`, over forum.yaml's `paper`.
    pub paper: Option<Paper>,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            enabled: cfg!(feature = "pdf"),
            paper: None,
        }
    }
}

/// One PDF of the build.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The page it is published beside (and linked from).
    pub page: Target,
    /// `/`-separated, relative to the output's folder.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The PDFs of a build, with the sizes the pages link them with.
#[derive(Debug, Clone, Default)]
pub struct Pdfs {
    pub files: Vec<Pdf>,
}

impl Pdfs {
    /// Which page links which PDF, and its size: what the pages need.
    pub fn links(&self) -> Vec<PdfLink> {
        self.files
            .iter()
            .map(|p| PdfLink {
                page: p.page.clone(),
                path: p.path.clone(),
                size: p.bytes.len() as u64,
                bytes: p.bytes.as_slice().into(),
            })
            .collect()
    }

    /// The PDFs as files of an output.
    pub fn out_files(&self) -> Vec<crate::output::OutFile> {
        self.files
            .iter()
            .map(|p| crate::output::OutFile::bytes(p.path.clone(), p.bytes.clone()))
            .collect()
    }
}

/// A page's link to the PDF beside it: "Download the PDF, 2.1 MB".
#[derive(Debug, Clone, serde::Serialize)]
pub struct Download {
    /// The file's name: the PDF is in the page's folder.
    pub href: String,
    pub label: String,
}

/// The link from `page` to the PDF beside it, if the build writes one.
pub fn download(ctx: &super::Context, page: &Target, lang: &Lang) -> Option<Download> {
    let l = ctx.prepared.pdf_links.iter().find(|l| &l.page == page)?;
    let size = super::format::human_size(l.size, ctx.i18n, lang);
    Some(Download {
        href: l.path.rsplit('/').next().unwrap_or(&l.path).to_string(),
        label: ctx.i18n.fill(lang, "pdf_download", &[("size", &size)]),
    })
}

/// `apec-clusters-forum-2017`: the forum's short title in the default
/// language, as a file name (ASCII letters, digits and `-`).
pub fn forum_slug(forum: &Forum) -> String {
    let c = &forum.config;
    let name = c.short_title.as_ref().unwrap_or(&c.title);
    let text = name.get(forum.default_lang()).text;
    let mut out = String::new();
    for ch in text.chars() {
        let ch = crate::slug::deaccent(ch).to_ascii_lowercase();
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    if out.is_empty() { "forum".into() } else { out }
}

/// Where the handout PDF of `lang` is written.
pub fn handout_path(forum: &Forum, lang: &str) -> String {
    format!("{lang}/handout/{}-handout-{lang}.pdf", forum_slug(forum))
}

/// Where the PDF of the report document `slug` in `lang` is written.
pub fn report_path(forum: &Forum, slug: &str, lang: &str) -> String {
    format!(
        "{lang}/report/{slug}/{}-{slug}-{lang}.pdf",
        forum_slug(forum)
    )
}

/// Every PDF the build writes, as (page, path) pairs.
pub fn planned(forum: &Forum) -> Vec<(Target, String)> {
    let mut out = Vec::new();
    for lang in &forum.config.languages {
        out.push((Target::Handout(lang.to_string()), handout_path(forum, lang)));
        for d in &forum.reports {
            out.push((
                Target::doc(DocKind::Report, lang, &d.slug),
                report_path(forum, &d.slug, lang),
            ));
        }
    }
    out
}

/// The longest Typst source laid out (about 600 pages): beyond it a PDF is
/// skipped with a warning.
#[cfg(feature = "pdf")]
const MAX_SOURCE: usize = 1_500_000;

/// Lays out every PDF of the forum, in parallel. Warnings (a glyph no font
/// has) and errors come back as diagnostics.
#[cfg(feature = "pdf")]
pub fn render(
    ctx: &super::Context,
    opts: PdfOptions,
    project_fonts: &[(String, std::sync::Arc<[u8]>)],
) -> (Pdfs, Vec<crate::diagnostics::Diagnostic>) {
    render_up_to(ctx, opts, project_fonts, MAX_SOURCE)
}

/// [`render`], skipping the PDFs whose Typst source is over `max_source`
/// bytes (the benchmark lays out a 2×1,000-speaker handout).
#[cfg(feature = "pdf")]
pub fn render_up_to(
    ctx: &super::Context,
    opts: PdfOptions,
    project_fonts: &[(String, std::sync::Arc<[u8]>)],
    max_source: usize,
) -> (Pdfs, Vec<crate::diagnostics::Diagnostic>) {
    use rayon::prelude::*;
    if !opts.enabled {
        return (Pdfs::default(), Vec::new());
    }
    let fonts = world::fonts(&world::load_fonts(
        &project_fonts
            .iter()
            .map(|(_, b)| b.clone())
            .collect::<Vec<_>>(),
    ));
    let paper = opts.paper.unwrap_or(ctx.forum.config.print.paper);
    let results: Vec<_> = planned(ctx.forum)
        .into_par_iter()
        .map(|(page, path)| {
            let doc = source::build(ctx, &page, paper, max_source);
            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
            if doc.over {
                // Thousands of pages would take minutes to lay out.
                let warning = crate::diagnostics::Diagnostic::warning(
                    "",
                    None,
                    format!(
                        "{name} is not written: its text is over {} KB, more pages than a print shop or reader wants",
                        max_source / 1000
                    ),
                )
                .hint("split the long document, or leave it out of the handout with `handout: false`");
                return (None, vec![warning]);
            }
            let mut diags = source::coverage(&fonts, &doc.texts);
            match compile(doc, &fonts, &name) {
                Ok((bytes, not_ua)) => {
                    diags.extend(not_ua.map(|e| {
                        crate::diagnostics::Diagnostic::warning(
                            "",
                            None,
                            format!("{name} is a tagged PDF but not PDF/UA-1: {e}"),
                        )
                    }));
                    (Some(Pdf { page, path, bytes }), diags)
                }
                Err(e) => {
                    diags.push(crate::diagnostics::Diagnostic::error(
                        "",
                        None,
                        format!("cannot lay out {name}: {e}"),
                    ));
                    (None, diags)
                }
            }
        })
        .collect();
    let mut pdfs = Pdfs::default();
    let mut diags = Vec::new();
    for (pdf, d) in results {
        pdfs.files.extend(pdf);
        diags.extend(d);
    }
    diags.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    diags.dedup();
    (pdfs, diags)
}

/// Without the `pdf` feature no PDF is written.
#[cfg(not(feature = "pdf"))]
pub fn render(
    _ctx: &super::Context,
    _opts: PdfOptions,
    _project_fonts: &[(String, std::sync::Arc<[u8]>)],
) -> (Pdfs, Vec<crate::diagnostics::Diagnostic>) {
    (Pdfs::default(), Vec::new())
}

/// Lays out `doc` and writes it as PDF/UA-1 (tagged, titled, every image
/// with its alt text, checked by Typst). Should a document break a rule of
/// PDF/UA-1 that foro does not foresee, it is written as a tagged PDF and
/// the reason comes back beside it (a warning, not a lost PDF).
#[cfg(feature = "pdf")]
fn compile(
    doc: source::Doc,
    fonts: &[typst::text::Font],
    name: &str,
) -> Result<(Vec<u8>, Option<String>), String> {
    let world = world::World::new(doc.source, doc.files, fonts.to_vec());
    let fmt = |diags: &[typst::diag::SourceDiagnostic]| {
        diags
            .iter()
            .map(|d| {
                let at = world_range(&world, d.span);
                format!("{}{at}", d.message)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let paged: typst_layout::PagedDocument = typst::compile(&world).output.map_err(|e| fmt(&e))?;
    let options = |standards| typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(name.to_string()),
        creator: typst::foundations::Smart::Custom(Some("foro".into())),
        standards,
        ..typst_pdf::PdfOptions::default()
    };
    let ua = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| e.message().to_string())?;
    match typst_pdf::pdf(&paged, &options(ua)) {
        Ok(bytes) => Ok((bytes, None)),
        Err(e) => {
            let why = fmt(&e);
            typst_pdf::pdf(&paged, &options(typst_pdf::PdfStandards::default()))
                .map(|bytes| (bytes, Some(why)))
                .map_err(|e| fmt(&e))
        }
    }
}

/// Where in the generated markup a Typst error is (for a bug report).
#[cfg(feature = "pdf")]
fn world_range(world: &world::World, span: typst::syntax::DiagSpan) -> String {
    use typst::WorldExt as _;
    world
        .range(span)
        .and_then(|r| world.source_text().get(r))
        .map(|s| format!(" (at `{}`)", s.chars().take(60).collect::<String>()))
        .unwrap_or_default()
}

#[cfg(all(test, feature = "pdf"))]
mod tests;
