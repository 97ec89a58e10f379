//! Render stage: the web site (and, with file links, the USB bundle's pages).

use super::{Context, Output, Stager, all_or_errors, cannot_write, put_all};
use crate::diagnostics::Diagnostic;
use crate::output::{Content, OutFile};
use crate::urls::{LinkStyle, Target};

/// The web target: folder links, sitemap, robots.txt.
pub struct Site {
    pub style: LinkStyle,
}

impl Site {
    /// The web site as it is uploaded and previewed (folder links).
    pub fn web() -> Site {
        Site {
            style: LinkStyle::Folder,
        }
    }
}

impl Output for Site {
    fn folder(&self) -> &'static str {
        "site"
    }

    fn link_style(&self) -> LinkStyle {
        self.style.clone()
    }

    fn targets(&self, ctx: &Context) -> Vec<Target> {
        targets(ctx)
    }

    fn extras(
        &self,
        ctx: &Context,
        targets: &[Target],
        stager: Option<&Stager>,
    ) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        extras(ctx, &self.style, targets, stager)
    }
}

/// Everything of the web site but its pages: search index, sitemap,
/// robots.txt, schedules, assets, files and images.
pub fn extras(
    ctx: &Context,
    style: &LinkStyle,
    targets: &[Target],
    stager: Option<&Stager>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let sitemaps = all_or_errors(
        super::sitemap::files(ctx, targets, stager, super::sitemap::PROTOCOL)
            .into_iter()
            .map(|r| r.map_err(|e| cannot_write("sitemap.xml", &e))),
    );
    let mut files = super::both(
        super::both(search_files(ctx, style, stager), sitemaps),
        super::schedule::files(ctx, stager),
    )?;
    files.push(OutFile {
        path: "robots.txt".into(),
        content: Content::Bytes(
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                ctx.forum.config.base_url
            )
            .into_bytes(),
        ),
    });
    files.extend(shared_files(ctx));
    files.extend(super::materials::files(ctx));
    files.extend(super::short_links::files(ctx, style));
    put_all(stager, files)
}

/// The search index of each language, written to `stager` as it is made.
pub fn search_files(
    ctx: &Context,
    style: &LinkStyle,
    stager: Option<&Stager>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let langs = &ctx.forum.config.languages;
    all_or_errors(
        super::search::files(ctx, style, stager)
            .into_iter()
            .zip(langs)
            .map(|(r, lang)| r.map_err(|e| cannot_write(&super::search::index_path(lang), &e))),
    )
}

/// Static assets of the theme and the forum's files and images.
pub fn shared_files(ctx: &Context) -> Vec<OutFile> {
    let mut files: Vec<OutFile> = ctx
        .templates
        .statics
        .iter()
        .map(|(name, bytes)| OutFile {
            path: format!("assets/{name}"),
            content: Content::Bytes(bytes.clone()),
        })
        .collect();
    if ctx.prepared.has_code {
        files.push(OutFile {
            path: "assets/highlight.css".into(),
            content: Content::Bytes(crate::highlight::stylesheet().into_bytes()),
        });
    }
    for a in &ctx.forum.assets {
        files.push(OutFile {
            path: a.path.clone(),
            content: Content::Copy(a.source.clone()),
        });
    }
    files
}

/// Every page of the site, chooser and 404 included.
pub fn targets(ctx: &Context) -> Vec<Target> {
    let f = ctx.forum;
    let mut out = vec![Target::Chooser, Target::NotFound];
    for lang in &f.config.languages {
        let l = || lang.to_string();
        out.extend([
            Target::Home(l()),
            Target::Agenda(l()),
            Target::Speakers(l()),
        ]);
        out.extend(
            f.speakers
                .iter()
                .map(|s| Target::Speaker(l(), s.id.clone())),
        );
        if !f.presentations.is_empty() {
            out.push(Target::Presentations(l()));
        }
        out.extend(f.pages.iter().map(|d| Target::Page(l(), d.slug.clone())));
        if f.reports.len() > 1 {
            out.push(Target::Reports(l()));
        }
        out.extend(
            f.reports
                .iter()
                .map(|d| Target::Report(l(), d.slug.clone())),
        );
        if f.participation.is_some() {
            out.push(Target::Participation(l()));
        }
        out.extend([Target::Handout(l()), Target::Search(l())]);
    }
    out
}
