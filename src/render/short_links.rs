//! Render stage: the presentations' short links, printed in the handout
//! PDF for a reader to type: `example.org/forum/en/p/<id>/`, a small page
//! per language and presentation (its id from presentations.yaml, so the
//! link is the same in every build) that leads at once to the
//! presentation's file or slides. The page is in the reader's language,
//! names the presentation, links it visibly, and asks search engines not
//! to index it (the presentations page is the one to find).
//!
//! Web site only: a printed address is typed into a browser on the web;
//! nobody types one into a USB drive, whose pages must all be reachable
//! by links.

use super::Context;
use crate::html::escape;
use crate::model::Presentation;
use crate::output::OutFile;
use crate::urls::{self, LinkStyle};

/// Where the short link page of presentation `id` in `lang` is written.
pub fn path(lang: &str, id: &str) -> String {
    format!("{lang}/p/{id}/index.html")
}

/// Whether the output file `path` is a short link's page (a redirect,
/// not a page of the site: no count, no sitemap, no language switcher).
pub fn is_short_link(path: &str) -> bool {
    let mut parts = path.split('/');
    matches!(
        (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next()
        ),
        (Some(_), Some("p"), Some(_), Some("index.html"), None)
    )
}

/// The short link as printed: the page's address without `https://`
/// (`example.org/forum/en/p/clusters/`).
pub fn printed(base_url: &str, lang: &str, id: &str) -> String {
    let url = urls::absolute(base_url, &path(lang, id));
    url.split_once("://")
        .map_or(url.clone(), |(_, rest)| rest.to_string())
}

/// Whether a presentation has a short link: it has a file or slides to
/// lead to.
pub fn has(p: &Presentation) -> bool {
    p.file.is_some() || p.slides_url.is_some()
}

/// The short link pages of every presentation with a file or slides, in
/// every language, with links in `style`.
pub fn files(ctx: &Context, style: &LinkStyle) -> Vec<OutFile> {
    let f = ctx.forum;
    let mut out = Vec::new();
    for lang in &f.config.languages {
        for p in f.presentations.iter().filter(|p| has(p)) {
            let from = path(lang, &p.id);
            let href = match (&p.file, &p.slides_url) {
                (Some(file), _) => urls::link(&from, file, style),
                (None, Some(url)) => url.clone(),
                (None, None) => continue,
            };
            let title = p.title.get(lang);
            let text_lang = if title.fallback {
                format!(" lang=\"{}\"", escape(title.lang))
            } else {
                String::new()
            };
            let open = match &p.file {
                Some(file) => format!(
                    "{} ({}, {})",
                    ctx.i18n.t(lang, "short_link_open"),
                    super::format::file_type(file),
                    super::format::asset_size(f, file, ctx.i18n, lang)
                ),
                None => ctx.i18n.t(lang, "short_link_open_slides").to_string(),
            };
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<title{text_lang}>{title}</title>\n</head>\n<body>\n<main>\n<h1{text_lang}>{title}</h1>\n<p><a href=\"{href}\">{open}</a></p>\n</main>\n</body>\n</html>\n",
                lang = escape(lang),
                href = escape(&href),
                title = escape(title.text),
                open = escape(&open),
            );
            out.push(OutFile::bytes(from, html.into_bytes()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_link_has_no_scheme_and_ends_in_a_folder() {
        assert_eq!(
            printed("https://example.org/forum/", "es", "clusters-korea"),
            "example.org/forum/es/p/clusters-korea/"
        );
        assert_eq!(path("en", "a"), "en/p/a/index.html");
        assert!(is_short_link("en/p/a/index.html"));
        assert!(!is_short_link("en/pages/a/index.html"));
        assert!(!is_short_link("en/p/a/b/index.html"));
    }
}
