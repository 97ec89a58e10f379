//! Render stage: from the model to output files, one [`Output`] per product.
//!
//! Markdown is rendered once per item and language ([`Prepared`]), in
//! parallel, with internal links left as `foro:/<path>`; each output then
//! renders its pages from the same immutable [`Context`] and turns internal
//! links into its own kind of link.

pub mod context;
pub mod format;
pub mod handout;
pub mod materials;
pub mod pages;
pub mod participation;
pub mod pdf;
mod prepared;
pub mod schedule;
pub mod search;
pub mod short_links;
pub mod site;
pub mod sitemap;
pub mod together;
pub mod usb;
pub mod windows;

#[cfg(test)]
mod template_docs;

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::{Forum, Lang, Localized};
use crate::templates::Templates;
use crate::urls::LinkStyle;

pub use prepared::{ForumLinks, MdCache, Prepared, RESERVED_IDS};

// Re-exported while callers outside render move to `crate::output`.
pub use crate::output::{Content, OutFile, Stager};

/// Everything the outputs share, immutable while they render.
pub struct Context<'a> {
    pub forum: &'a Forum,
    pub project: &'a Path,
    pub i18n: &'a I18n,
    pub templates: &'a Templates,
    pub prepared: &'a Prepared,
}

/// One product of a build (web site, USB bundle, ...).
pub trait Output: Sync {
    /// The folder under `--out` (`site`, `usb`).
    fn folder(&self) -> &'static str;
    /// How the output's pages link to each other.
    fn link_style(&self) -> LinkStyle;
    /// The output's pages.
    fn targets(&self, ctx: &Context) -> Vec<crate::urls::Target>;
    /// Everything of the output but its pages (search index, schedules,
    /// assets, ...), written to `stager` when there is one.
    fn extras(
        &self,
        ctx: &Context,
        targets: &[crate::urls::Target],
        stager: Option<&Stager>,
    ) -> Result<Vec<OutFile>, Vec<Diagnostic>>;
    /// What the output step does to the rendered files before they are
    /// written (see [`crate::steps::finish`]).
    fn steps(&self) -> &'static [crate::steps::Step] {
        &[]
    }
}

/// A localized text resolved for a page: plain, and as HTML marked with its
/// language when it falls back to another one.
#[derive(Debug, Clone, Default, serde::Serialize, PartialEq, Eq)]
pub struct Txt {
    pub text: String,
    pub html: String,
    /// The language of the text, when it is not the page's.
    pub lang: Option<String>,
}

impl Txt {
    pub fn new(l: &Localized, lang: &Lang) -> Txt {
        Self::resolved(l, lang).0
    }

    /// The text and whether it stands in for a missing translation (a text
    /// declared in another language, `{text: …, lang: en}`, is marked with
    /// its language but is no fallback).
    pub fn resolved(l: &Localized, lang: &Lang) -> (Txt, bool) {
        let r = l.get(lang);
        let escaped = crate::html::escape(r.text);
        let other = r.lang != lang.as_str() && !r.text.is_empty();
        let html = if r.fallback {
            format!(
                "<span lang=\"{}\" class=\"fallback\">{escaped}</span>",
                r.lang
            )
        } else if other {
            format!("<span lang=\"{}\">{escaped}</span>", r.lang)
        } else {
            escaped
        };
        let txt = Txt {
            text: r.text.to_string(),
            html,
            lang: (r.fallback || other).then(|| r.lang.to_string()),
        };
        (txt, r.fallback)
    }

    pub fn plain(s: &str) -> Txt {
        Txt {
            text: s.to_string(),
            html: crate::html::escape(s),
            lang: None,
        }
    }

    pub fn opt(l: Option<&Localized>, lang: &Lang) -> Option<Txt> {
        l.map(|l| Txt::new(l, lang))
    }
}

/// The error of a page that could not be written to the staging folder.
pub fn cannot_write(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("", None, format!("cannot write the page `{path}`: {e}")).io()
}

/// Writes `files` now where a `stager` is (they are not held until the
/// end of the build: a search index, a sitemap, the schedules), or returns
/// them as they are.
pub fn put_all(
    stager: Option<&Stager>,
    files: Vec<OutFile>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    all_or_errors(files.into_iter().map(|f| put_now(stager, f)))
}

/// Writes one file now where a `stager` is, or returns it as it is.
pub fn put_now(stager: Option<&Stager>, file: OutFile) -> Result<OutFile, Diagnostic> {
    match stager {
        Some(s) => put_one(s, file),
        None => Ok(file),
    }
}

/// Writes one file to `stager` now ([`Stager::put`]), naming it if it
/// cannot be written.
pub fn put_one(stager: &Stager, file: OutFile) -> Result<OutFile, Diagnostic> {
    let path = file.path.clone();
    stager.put(file).map_err(|e| cannot_write(&path, &e))
}

/// Renders the outputs in parallel, page by page; with a `stager`, each
/// page is written as soon as it is rendered (see [`together::render`]).
pub fn render_pages<T, F>(
    items: &[T],
    stager: Option<&Stager>,
    f: F,
) -> Result<Vec<OutFile>, Vec<Diagnostic>>
where
    T: Sync,
    F: Fn(&T) -> Result<OutFile, Diagnostic> + Sync + Send,
{
    let results: Vec<_> = items
        .par_iter()
        .map(|t| f(t).and_then(|file| put_now(stager, file)))
        .collect();
    all_or_errors(results)
}

/// Two parts of an output's files, or the errors of both.
pub fn both(
    a: Result<Vec<OutFile>, Vec<Diagnostic>>,
    b: Result<Vec<OutFile>, Vec<Diagnostic>>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    all_or_errors([a, b])
        .map(|files| files.into_iter().flatten().collect())
        .map_err(|errors| errors.into_iter().flatten().collect())
}

/// Every value, or every error when there is one (a build reports all its
/// errors in one run).
pub fn all_or_errors<T, E>(
    results: impl IntoIterator<Item = Result<T, E>>,
) -> Result<Vec<T>, Vec<E>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => values.push(v),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}
