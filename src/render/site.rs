//! Render stage: the web site (and, with file links, the USB bundle's pages).

use std::fmt::Write as _;

use rayon::prelude::*;

use super::pages::{self, PageScope};
use super::{Context, Output, Stager, all_or_errors, cannot_write, put_all, render_pages};
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
            || all_pages(ctx, &targets, &self.style, stager),
            || extras(ctx, &self.style, &targets, stager),
        );
        let mut files = pages?;
        files.extend(rest?);
        Ok(files)
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
    let mut files = search_files(ctx, style, stager)?;
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

/// Renders one page of the site in the given link style.
pub fn page(ctx: &Context, target: &Target, style: &LinkStyle) -> Result<OutFile, Diagnostic> {
    page_with(ctx, target, style, None)
}

/// Renders `targets` in `style`; with a `stager`, each page is written as
/// soon as it is made, and each language's speaker pages and handout are
/// made together ([`speakers_and_handout`]).
pub fn all_pages(
    ctx: &Context,
    targets: &[Target],
    style: &LinkStyle,
    stager: Option<&Stager>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let Some(stager) = stager else {
        return render_pages(targets, None, |t| page(ctx, t, style));
    };
    let together: Vec<&str> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Handout(l) => Some(l.as_str()),
            _ => None,
        })
        .collect();
    let others: Vec<Target> = targets
        .iter()
        .filter(|t| match t {
            Target::Handout(l) | Target::Speaker(l, _) => !together.contains(&l.as_str()),
            _ => true,
        })
        .cloned()
        .collect();
    let (rest, langs) = rayon::join(
        || render_pages(&others, Some(stager), |t| page(ctx, t, style)),
        || {
            together
                .par_iter()
                .map(|l| speakers_and_handout(ctx, l, style, stager))
                .collect::<Vec<_>>()
        },
    );
    all_or_errors(std::iter::once(rest).chain(langs))
        .map(|files| files.into_iter().flatten().collect())
        .map_err(|errors| errors.into_iter().flatten().collect())
}

/// The speaker pages of `lang` and its handout, written to `stager` as
/// they are made: each biography is rendered once, for its page and for
/// the handout, which is never held whole ([`super::handout::write`]).
fn speakers_and_handout(
    ctx: &Context,
    lang: &str,
    style: &LinkStyle,
    stager: &Stager,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let target = Target::Handout(lang.to_string());
    let path = target.path();
    let page_style = style.for_page(&target, &ctx.forum.config.base_url);
    let scope = PageScope::new(ctx, &target, &page_style);
    let finish = |html: &str| urls::rewrite_internal(html, &path, &page_style);
    let each = |s: &crate::model::Speaker, bio: &str| {
        let t = Target::Speaker(lang.to_string(), s.id.clone());
        page_with(ctx, &t, style, Some((&s.id, bio)))
            .and_then(|file| stager.put(file).map_err(|e| cannot_write(&t.path(), &e)))
    };
    let (file, done) = stager
        .put_with(&path, |w| super::handout::write(&scope, &finish, w, &each))
        .map_err(|e| vec![cannot_write(&path, &e)])?;
    let (written, pages) = match done {
        Ok(done) => done,
        Err(e) => {
            // The handout's template failed: its speaker pages are made on
            // their own, so that their errors are told in the same run.
            let speakers: Vec<Target> = ctx
                .forum
                .speakers
                .iter()
                .map(|s| Target::Speaker(lang.to_string(), s.id.clone()))
                .collect();
            let mut errors = vec![e];
            if let Err(more) = render_pages(&speakers, Some(stager), |t| page(ctx, t, style)) {
                errors.extend(more);
            }
            return Err(errors);
        }
    };
    written.map_err(|e| vec![cannot_write(&path, &e)])?;
    let mut files = all_or_errors(pages)?;
    files.push(file);
    Ok(files)
}

/// Renders one page; `bio` is a speaker's id and biography when it is
/// already rendered (by the handout).
fn page_with(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    bio: Option<(&str, &str)>,
) -> Result<OutFile, Diagnostic> {
    let path = target.path();
    let style = &style.for_page(target, &ctx.forum.config.base_url);
    let mut scope = PageScope::new(ctx, target, style);
    scope.rendered_bio = bio;
    let s = &scope;
    let finish = |html: &str| urls::rewrite_internal(html, &path, style);
    let html = match target {
        Target::Handout(_) => super::handout::page(s),
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
