//! Render stage: the site's sitemap (sitemaps.org 0.9, with `xhtml:link`
//! alternates), written as it is made. A sitemap may list at most 50,000
//! URLs in at most 50 MB: a larger site gets `sitemap-1.xml`,
//! `sitemap-2.xml`, … and `sitemap.xml` is their sitemap index, so that
//! robots.txt names one file either way.

use std::io;
use std::ops::Range;

use rayon::prelude::*;

use super::Context;
use crate::html::escape;
use crate::output::{OutFile, Stager, write_file};
use crate::urls::{self, Target};

/// What one sitemap file may hold (sitemaps.org: 50,000 URLs, 50 MB
/// uncompressed).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub urls: usize,
    pub bytes: usize,
}

pub const PROTOCOL: Limits = Limits {
    urls: 50_000,
    bytes: 50 * 1024 * 1024,
};

const URLSET: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_END: &str = "</urlset>\n";

/// The sitemap files of the pages among `targets` (those of a language),
/// written to `stager` as they are made, or held without one.
pub fn files(
    ctx: &Context,
    targets: &[Target],
    stager: Option<&Stager>,
    limits: Limits,
) -> Vec<io::Result<OutFile>> {
    let pages: Vec<&Target> = targets.iter().filter(|t| t.lang().is_some()).collect();
    let sizes: Vec<usize> = pages.par_iter().map(|t| entry(ctx, t).len()).collect();
    let parts = cut(&sizes, URLSET.len() + URLSET_END.len(), limits);
    let urlset = |w: &mut dyn io::Write, part: &[&Target]| {
        w.write_all(URLSET.as_bytes())?;
        for t in part {
            w.write_all(entry(ctx, t).as_bytes())?;
        }
        w.write_all(URLSET_END.as_bytes())
    };
    if let [one] = parts.as_slice() {
        return vec![write_file(stager, "sitemap.xml", |w| {
            urlset(w, &pages[one.clone()])
        })];
    }
    let mut files: Vec<io::Result<OutFile>> = parts
        .par_iter()
        .enumerate()
        .map(|(i, part)| write_file(stager, &part_name(i), |w| urlset(w, &pages[part.clone()])))
        .collect();
    let base = &ctx.forum.config.base_url;
    files.push(write_file(stager, "sitemap.xml", |w| {
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        )?;
        for i in 0..parts.len() {
            let loc = escape(&urls::absolute(base, &part_name(i)));
            write!(w, "  <sitemap>\n    <loc>{loc}</loc>\n  </sitemap>\n")?;
        }
        w.write_all(b"</sitemapindex>\n")
    }));
    files
}

/// The name of the `i`-th (from 0) sitemap of a site that needs several.
fn part_name(i: usize) -> String {
    format!("sitemap-{}.xml", i + 1)
}

/// One page's `<url>`: its address and those of its versions in every
/// language, the chooser as `x-default`.
fn entry(ctx: &Context, t: &Target) -> String {
    use std::fmt::Write as _;
    let base = &ctx.forum.config.base_url;
    let mut out = format!(
        "  <url>\n    <loc>{}</loc>\n",
        escape(&urls::absolute(base, &t.path()))
    );
    for l in &ctx.forum.config.languages {
        let _ = writeln!(
            out,
            "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>",
            escape(&urls::absolute(base, &t.in_lang(l).path()))
        );
    }
    let _ = write!(
        out,
        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
        escape(base)
    );
    out
}

/// Entries of these `sizes` cut, in order, into the fewest files within
/// `limits`, each file costing `frame` bytes of its own; one (empty) file
/// when there are none.
fn cut(sizes: &[usize], frame: usize, limits: Limits) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let (mut start, mut bytes) = (0, frame);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && (i - start == limits.urls || bytes + size > limits.bytes) {
            parts.push(start..i);
            (start, bytes) = (i, frame);
        }
        bytes += size;
    }
    parts.push(start..sizes.len());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_cut_at_the_count_or_the_size_whichever_comes_first() {
        let limits = Limits {
            urls: 3,
            bytes: 100,
        };
        assert_eq!(cut(&[], 10, limits), vec![0..0]);
        assert_eq!(cut(&[10; 3], 10, limits), vec![0..3]);
        assert_eq!(cut(&[10; 7], 10, limits), vec![0..3, 3..6, 6..7]);
        // 10 + 40 + 40 fits in 100; a third entry of 40 does not.
        assert_eq!(cut(&[40, 40, 40, 5], 10, limits), vec![0..2, 2..4]);
        // An entry larger than a file still gets a file of its own.
        assert_eq!(cut(&[200, 1], 10, limits), vec![0..1, 1..2]);
    }
}
