//! Render stage: the web site (and, with file links, the USB bundle's pages).

use std::fmt::Write as _;

use super::pages::{self, PageScope};
use super::{Context, Output, Stager, render_pages};
use crate::diagnostics::Diagnostic;
use crate::model::DocKind;
use crate::output::{Content, OutFile};
use crate::urls::{self, LinkStyle, Target};

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

    fn render(
        &self,
        ctx: &Context,
        stager: Option<&Stager>,
    ) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let targets = targets(ctx);
        // The pages and the rest (search index, schedules, sitemap) at once.
        let (pages, rest) = rayon::join(
            || render_pages(&targets, stager, |t| page_to(ctx, t, &self.style, stager)),
            || extras(ctx, &self.style, &targets),
        );
        let mut files = pages?;
        files.extend(rest);
        Ok(files)
    }
}

/// Everything of the web site but its pages: search index, sitemap,
/// robots.txt, schedules, assets, files and images.
pub fn extras(ctx: &Context, style: &LinkStyle, targets: &[Target]) -> Vec<OutFile> {
    let mut files = Vec::new();
    files.extend(super::search::files(ctx, style));
    files.push(OutFile {
        path: "sitemap.xml".into(),
        content: Content::Bytes(sitemap(ctx, targets).into_bytes()),
    });
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
    files.extend(super::schedule::files(ctx));
    files.extend(super::materials::files(ctx));
    files.extend(super::short_links::files(ctx, style));
    files
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

/// Renders one page of the site in the given link style.
pub fn page(ctx: &Context, target: &Target, style: &LinkStyle) -> Result<OutFile, Diagnostic> {
    page_to(ctx, target, style, None)
}

/// Renders one page; with a `stager`, a page too big to hold (the
/// handout) is written to it as it is made and comes back as its record.
pub fn page_to(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    stager: Option<&Stager>,
) -> Result<OutFile, Diagnostic> {
    let path = target.path();
    let style = &style.for_page(target, &ctx.forum.config.base_url);
    let scope = PageScope::new(ctx, target, style);
    let s = &scope;
    let finish = |html: &str| urls::rewrite_internal(html, &path, style);
    let html = match target {
        Target::Handout(_) => match stager {
            Some(stager) => {
                let (file, done) = stager
                    .put_with(&path, |w| super::handout::write(s, &finish, w))
                    .map_err(|e| cannot_write(&path, &e))?;
                done?.map_err(|e| cannot_write(&path, &e))?;
                return Ok(file);
            }
            None => super::handout::page(s),
        },
        Target::Chooser => pages::chooser::chooser(s),
        Target::NotFound => pages::error::not_found(s),
        Target::Home(_) => pages::home::home(s),
        Target::Agenda(_) => pages::agenda::agenda(s),
        Target::Speakers(_) => pages::speakers::speakers(s),
        Target::Speaker(_, id) => pages::speakers::speaker(s, id),
        Target::Presentations(_) => pages::presentations::presentations(s),
        Target::Page(_, slug) => pages::documents::document(s, DocKind::Page, slug),
        Target::Report(_, slug) => pages::documents::document(s, DocKind::Report, slug),
        Target::Reports(_) => pages::documents::reports(s),
        Target::Participation(_) => super::participation::page(s),
        Target::Search(_) => super::search::page(s),
    }?;
    Ok(OutFile {
        content: Content::Bytes(finish(&html).into_bytes()),
        path,
    })
}

/// The error of a page that could not be written to the staging folder.
pub fn cannot_write(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("", None, format!("cannot write the page `{path}`: {e}")).io()
}

fn sitemap(ctx: &Context, targets: &[Target]) -> String {
    let base = &ctx.forum.config.base_url;
    let order = &ctx.forum.config.languages;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for t in targets.iter().filter(|t| t.lang().is_some()) {
        let esc = |s: &str| crate::html::escape(s);
        let _ = write!(
            out,
            "  <url>\n    <loc>{}</loc>\n",
            esc(&urls::absolute(base, &t.path()))
        );
        for l in order {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>",
                esc(&urls::absolute(base, &t.in_lang(l).path()))
            );
        }
        let _ = write!(
            out,
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
            esc(base)
        );
    }
    out.push_str("</urlset>\n");
    out
}
