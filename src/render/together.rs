//! Render stage: the pages of the outputs (the web site, the USB bundle)
//! made in one pass and written to their staging folders as they are
//! made. With several outputs a page is rendered once with internal links
//! ([`LinkStyle::Internal`]) and its links are made for each output; each
//! language's speaker pages are made with its handouts, a biography
//! rendered once for all of them ([`super::handout::write`]).

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::handout::{self, Sink};
use super::pages;
use super::pages::PageScope;
use super::{Context, Output, Stager, all_or_errors, cannot_write, put_one, render_pages};
use crate::diagnostics::Diagnostic;
use crate::model::{DocKind, Speaker};
use crate::output::{Content, OutFile};
use crate::urls::{self, LinkStyle, Target};

/// One output's share of a render: its pages, how they link, and where
/// they are written (`None`: kept in memory).
pub struct Product<'a> {
    pub targets: &'a [Target],
    pub style: LinkStyle,
    pub stager: Option<&'a Stager>,
}

/// A page made for the output of this index.
type Told = (usize, Result<OutFile, Diagnostic>);

/// The pages of each product, in the order of `products`.
pub fn all_pages(
    ctx: &Context,
    products: &[Product],
) -> Vec<Result<Vec<OutFile>, Vec<Diagnostic>>> {
    let Some(stagers) = products
        .iter()
        .map(|p| p.stager)
        .collect::<Option<Vec<_>>>()
    else {
        // In memory: each output's pages on their own.
        return products
            .iter()
            .map(|p| render_pages(p.targets, None, |t| page(ctx, t, &p.style)))
            .collect();
    };
    let render_style = match products {
        [] => return Vec::new(),
        [one] => one.style.clone(),
        _ => LinkStyle::Internal,
    };
    let sets: Vec<BTreeSet<&Target>> = products
        .iter()
        .map(|p| p.targets.iter().collect())
        .collect();
    let in_all = |t: &Target| sets.iter().all(|s| s.contains(t));
    let langs: Vec<&str> = products[0]
        .targets
        .iter()
        .filter_map(|t| match t {
            Target::Handout(l) if in_all(t) => Some(l.as_str()),
            _ => None,
        })
        .collect();
    let together = |t: &Target| match t {
        Target::Handout(l) | Target::Speaker(l, _) => langs.contains(&l.as_str()),
        _ => false,
    };
    // The 404 page links from the site's root, and the search page's
    // script from the output's root: made for each output.
    let own_kind =
        |t: &Target| products.len() > 1 && matches!(t, Target::NotFound | Target::Search(_));
    let shared: Vec<&Target> = products[0]
        .targets
        .iter()
        .filter(|t| !together(t) && !own_kind(t) && in_all(t))
        .collect();
    let shared_set: BTreeSet<&Target> = shared.iter().copied().collect();
    let own: Vec<Vec<Target>> = products
        .iter()
        .map(|p| {
            p.targets
                .iter()
                .filter(|t| !together(t) && !shared_set.contains(t))
                .cloned()
                .collect()
        })
        .collect();
    let (told, own_pages) = rayon::join(
        || {
            let mut told: Vec<Told> = shared
                .par_iter()
                .flat_map_iter(|t| one_page(ctx, t, &render_style, products, &stagers, None))
                .collect();
            // The languages' handouts side by side while each is at most
            // two windows of speakers (what both hold at once stays under
            // ~25 MB); longer ones a language at a time (their windows
            // keep both cores busy), so that memory does not grow with
            // the forum.
            let each_language =
                |l: &&str| speakers_and_handouts(ctx, l, &render_style, products, &stagers);
            if ctx.forum.speakers.len() <= 2 * super::windows::WINDOW {
                told.par_extend(langs.par_iter().flat_map_iter(each_language));
            } else {
                told.extend(langs.iter().flat_map(each_language));
            }
            told
        },
        || {
            products
                .par_iter()
                .zip(&own)
                .zip(&stagers)
                .map(|((p, own), s)| render_pages(own, Some(s), |t| page(ctx, t, &p.style)))
                .collect::<Vec<_>>()
        },
    );
    let mut each: Vec<Vec<Result<OutFile, Diagnostic>>> =
        products.iter().map(|_| Vec::new()).collect();
    for (i, r) in told {
        each[i].push(r);
    }
    own_pages
        .into_iter()
        .zip(each)
        .map(|(own, made)| super::both(own, all_or_errors(made)))
        .collect()
}

/// One page for every product: rendered once in `style` and its links
/// made for each (or, if it differs by output, rendered for each), then
/// written to each product's staging folder.
fn one_page(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    products: &[Product],
    stagers: &[&Stager],
    bio: Option<(&str, &str)>,
) -> Vec<Told> {
    let (html, per_output) = match page_html(ctx, target, style, bio) {
        Ok(made) => made,
        Err(e) => return vec![(0, Err(e))],
    };
    let path = target.path();
    let base = &ctx.forum.config.base_url;
    products
        .iter()
        .zip(stagers)
        .enumerate()
        .map(|(i, (p, s))| {
            let file = if per_output {
                page_with(ctx, target, &p.style, bio)
            } else {
                let links = p.style.for_page(target, base);
                Ok(OutFile::bytes(
                    path.clone(),
                    urls::rewrite_internal(&html, &path, &links),
                ))
            };
            (i, file.and_then(|f| put_one(s, f)))
        })
        .collect()
}

/// The speaker pages of `lang` and its handout in every product, written
/// as they are made: each biography is rendered once, for the pages and
/// the handouts, which are never held whole.
fn speakers_and_handouts(
    ctx: &Context,
    lang: &str,
    style: &LinkStyle,
    products: &[Product],
    stagers: &[&Stager],
) -> Vec<Told> {
    let target = Target::Handout(lang.to_string());
    let path = target.path();
    let base = &ctx.forum.config.base_url;
    let page_style = style.for_page(&target, base);
    let scope = PageScope::new(ctx, &target, &page_style);
    let styles: Vec<LinkStyle> = products
        .iter()
        .map(|p| p.style.for_page(&target, base))
        .collect();
    let finishes: Vec<_> = styles
        .iter()
        .map(|links| {
            let path = path.clone();
            move |html: &str| urls::rewrite_internal(html, &path, links)
        })
        .collect();
    let speaker = |s: &Speaker| Target::Speaker(lang.to_string(), s.id.clone());
    let each = |s: &Speaker, bio: &str| {
        one_page(
            ctx,
            &speaker(s),
            style,
            products,
            stagers,
            Some((&s.id, bio)),
        )
    };
    let mut files = match stagers
        .iter()
        .map(|s| s.create(&path))
        .collect::<std::io::Result<Vec<_>>>()
    {
        Ok(files) => files,
        Err(e) => return vec![(0, Err(cannot_write(&path, &e)))],
    };
    let mut sinks: Vec<Sink> = files
        .iter_mut()
        .zip(&finishes)
        .map(|(out, finish)| Sink {
            out,
            finish: finish as &(dyn Fn(&str) -> String + Sync),
        })
        .collect();
    let done = handout::write(&scope, &mut sinks, &each);
    drop(sinks);
    match done {
        Err(e) => {
            // The handout's template failed: its speaker pages are made on
            // their own, so that their errors are told in the same run.
            let mut told = vec![(0, Err(e))];
            told.par_extend(
                ctx.forum
                    .speakers
                    .par_iter()
                    .flat_map_iter(|s| one_page(ctx, &speaker(s), style, products, stagers, None)),
            );
            told
        }
        Ok((written, pages)) => {
            let mut told: Vec<Told> = pages.into_iter().flatten().collect();
            if let Err(e) = written {
                told.push((0, Err(cannot_write(&path, &e))));
                return told;
            }
            told.extend(
                files
                    .into_iter()
                    .enumerate()
                    .map(|(i, f)| (i, f.finish().map_err(|e| cannot_write(&path, &e)))),
            );
            told
        }
    }
}

/// An output's files: its pages and the rest at once. With a `stager`,
/// each page is written to the staging folder as soon as it is rendered and
/// only its record is returned ([`crate::output::Content::Staged`]).
pub fn render(
    output: &dyn Output,
    ctx: &Context,
    stager: Option<&Stager>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    render_all(ctx, &[output], &[stager])
        .pop()
        .unwrap_or(Ok(Vec::new()))
}

/// The files of each output (in the order of `outputs`, each with its
/// staging folder or none): the pages of all of them in one pass
/// ([`all_pages`]) and, at the same time, the rest of each.
pub fn render_all(
    ctx: &Context,
    outputs: &[&dyn Output],
    stagers: &[Option<&Stager>],
) -> Vec<Result<Vec<OutFile>, Vec<Diagnostic>>> {
    let targets: Vec<Vec<Target>> = outputs.iter().map(|o| o.targets(ctx)).collect();
    let products: Vec<Product> = outputs
        .iter()
        .zip(&targets)
        .zip(stagers)
        .map(|((o, targets), stager)| Product {
            targets,
            style: o.link_style(),
            stager: *stager,
        })
        .collect();
    let (pages, rest): (Vec<_>, Vec<_>) = rayon::join(
        || all_pages(ctx, &products),
        || {
            outputs
                .par_iter()
                .zip(&targets)
                .zip(stagers)
                .map(|((o, t), s)| o.extras(ctx, t, *s))
                .collect()
        },
    );
    pages
        .into_iter()
        .zip(rest)
        .map(|(pages, rest)| super::both(pages, rest))
        .collect()
}

/// Renders one page of the site in the given link style.
pub fn page(ctx: &Context, target: &Target, style: &LinkStyle) -> Result<OutFile, Diagnostic> {
    page_with(ctx, target, style, None)
}

/// Renders one page; `bio` is a speaker's id and biography when it is
/// already rendered (by the handout).
pub fn page_with(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    bio: Option<(&str, &str)>,
) -> Result<OutFile, Diagnostic> {
    let path = target.path();
    let (html, _) = page_html(ctx, target, style, bio)?;
    let style = style.for_page(target, &ctx.forum.config.base_url);
    Ok(OutFile {
        content: Content::Bytes(urls::rewrite_internal(&html, &path, &style).into_bytes()),
        path,
    })
}

/// A page's HTML before its internal links are made (see
/// [`urls::rewrite_internal`]), and whether it differs by output beyond
/// its links (when rendered with [`LinkStyle::Internal`]).
pub fn page_html(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    bio: Option<(&str, &str)>,
) -> Result<(String, bool), Diagnostic> {
    let style = &style.for_page(target, &ctx.forum.config.base_url);
    let mut scope = PageScope::new(ctx, target, style);
    scope.rendered_bio = bio;
    let s = &scope;
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
    Ok((html, scope.per_output.get()))
}
