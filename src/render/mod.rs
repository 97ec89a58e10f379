//! Render stage: from the model to output files, one [`Output`] per product.
//!
//! Markdown is rendered once per item and language ([`Prepared`]), in
//! parallel, with internal links left as `foro:/<path>`; each output then
//! renders its pages from the same immutable [`Context`] and turns internal
//! links into its own kind of link.

pub mod context;
pub mod format;
pub mod handout;
pub mod pages;
pub mod participation;
pub mod pdf;
pub mod schedule;
pub mod search;
pub mod site;
pub mod usb;

#[cfg(test)]
mod template_docs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::html::Anchors;
use crate::i18n::I18n;
use crate::markdown::{Rendered, Renderer, Source, SourceLinks};
use crate::model::{Body, DocKind, Forum, Localized};
use crate::templates::Templates;
use crate::urls::{self, LinkStyle, Target};

// Re-exported while callers outside render move to `crate::output`.
pub use crate::output::{Content, OutFile};

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
    fn render(&self, ctx: &Context) -> Result<Vec<OutFile>, Vec<Diagnostic>>;
    /// What the output step does to the rendered files before they are
    /// written (see [`crate::steps::finish`]).
    fn steps(&self) -> &'static [crate::steps::Step] {
        &[]
    }
}

/// Markdown rendered once per item and language.
#[derive(Debug, Default)]
pub struct Prepared {
    pub bios: HashMap<(String, String), Rendered>,
    pub docs: HashMap<(DocKind, String, String), Rendered>,
    pub descriptions: HashMap<(String, String), Rendered>,
    pub summaries: HashMap<(String, String), Rendered>,
    /// Documents again, with ids unique in the handout (biographies carry
    /// `speaker-<id>-` ids everywhere, so one rendering serves both).
    pub handout_docs: HashMap<(DocKind, String, String), Rendered>,
    pub has_code: bool,
    /// The PDFs of this build, for the pages that link them (empty when
    /// the build writes none).
    pub pdf_links: Vec<pdf::link::PdfLink>,
}

enum Job<'a> {
    Bio(&'a str, &'a Body, &'a str),
    Doc(DocKind, &'a str, &'a Body, &'a str),
    Description(&'a str, &'a str, &'a str, (usize, usize)),
    Summary(&'a str, &'a str, &'a str, (usize, usize)),
    HandoutDoc(DocKind, &'a str, &'a Body, &'a str),
}

impl Prepared {
    /// Renders every Markdown text of the forum, in parallel.
    pub fn build(forum: &Forum, highlighter: &Highlighter) -> (Prepared, Vec<Diagnostic>) {
        Self::build_cached(forum, highlighter, None, None)
    }

    /// Like [`Prepared::build`], re-rendering only the texts `cache` does not
    /// hold (same text, file, language and set of link targets), and
    /// refilling `cache` with this build's results.
    ///
    /// `partial_project` is the project folder when the forum was loaded with
    /// errors: the pass then only collects the Markdown's own errors.
    pub fn build_cached(
        forum: &Forum,
        highlighter: &Highlighter,
        cache: Option<&mut MdCache>,
        partial_project: Option<&Path>,
    ) -> (Prepared, Vec<Diagnostic>) {
        let targets_version = link_targets_version(forum);
        let order = &forum.config.languages;
        let links = ForumLinks {
            forum,
            project: partial_project,
        };
        let renderer = Renderer {
            links: &links,
            highlighter,
            options: forum.config.markdown,
        };
        let mut jobs = Vec::new();
        for lang in order {
            for s in &forum.speakers {
                let body = s.bio.iter().find(|b| &b.lang == lang).unwrap_or(&s.bio[0]);
                jobs.push(Job::Bio(&s.id, body, lang));
            }
            for d in forum.pages.iter().chain(&forum.reports) {
                let body = &d.version(lang, order).0.body;
                jobs.push(Job::Doc(d.kind, &d.slug, body, lang));
                if d.main().handout {
                    jobs.push(Job::HandoutDoc(d.kind, &d.slug, body, lang));
                }
            }
            for (_, s) in forum.sessions() {
                if let Some(desc) = &s.description {
                    let r = desc.get(lang, order);
                    let line = crate::model::start_of(
                        &s.description_lines,
                        if matches!(desc, Localized::One(_)) {
                            ""
                        } else {
                            r.lang
                        },
                    );
                    jobs.push(Job::Description(&s.id, r.text, lang, line));
                }
            }
            for p in &forum.presentations {
                if let Some(sum) = &p.summary {
                    let r = sum.get(lang, order);
                    let line = crate::model::start_of(
                        &p.summary_lines,
                        if matches!(sum, Localized::One(_)) {
                            ""
                        } else {
                            r.lang
                        },
                    );
                    jobs.push(Job::Summary(&p.id, r.text, lang, line));
                }
            }
        }
        let old = cache.as_deref();
        let results: Vec<(MdKey, Shared)> = jobs
            .par_iter()
            .map(|job| {
                let (text, file, start, lang, prefix, numbered) = match job {
                    Job::Bio(id, b, lang) => (
                        b.markdown.as_str(),
                        b.file.as_path(),
                        (b.first_line, 0),
                        *lang,
                        urls::bio_prefix(id),
                        false,
                    ),
                    Job::Doc(kind, _, b, lang) => (
                        b.markdown.as_str(),
                        b.file.as_path(),
                        (b.first_line, 0),
                        *lang,
                        String::new(),
                        *kind == DocKind::Report,
                    ),
                    Job::Description(id, text, lang, line) => (
                        *text,
                        Path::new("agenda.yaml"),
                        *line,
                        *lang,
                        format!("{id}-"),
                        false,
                    ),
                    Job::Summary(id, text, lang, line) => (
                        *text,
                        Path::new("presentations.yaml"),
                        *line,
                        *lang,
                        format!("{id}-"),
                        false,
                    ),
                    Job::HandoutDoc(kind, slug, b, lang) => (
                        b.markdown.as_str(),
                        b.file.as_path(),
                        (b.first_line, 0),
                        *lang,
                        urls::doc_prefix(*kind, slug),
                        *kind == DocKind::Report,
                    ),
                };
                let key = MdKey {
                    text: (text_hash(text), text.len()),
                    file: file.to_path_buf(),
                    start,
                    lang: lang.to_string(),
                    prefix: prefix.clone(),
                    numbered,
                    targets_version,
                };
                if let Some(hit) = old.and_then(|c| c.entries.get(&key)) {
                    return (key, std::sync::Arc::clone(hit));
                }
                let mut anchors = Anchors::prefixed(&prefix);
                anchors.reserve(RESERVED_IDS.iter().copied());
                let src = Source {
                    file,
                    first_line: start.0,
                    indent: start.1,
                    lang,
                };
                (
                    key,
                    std::sync::Arc::new(renderer.render(text, src, &mut anchors, numbered)),
                )
            })
            .collect();
        let mut fresh = HashMap::new();
        let mut p = Prepared::default();
        let mut diags = Vec::new();
        for (job, (key, shared)) in jobs.iter().zip(results) {
            let done = shared.0.clone();
            diags.extend(shared.1.iter().cloned());
            if cache.is_some() {
                fresh.insert(key, shared);
            }
            p.has_code |= done.has_code;
            match job {
                Job::Bio(id, _, lang) => p
                    .bios
                    .insert(((*id).to_string(), (*lang).to_string()), done),
                Job::Doc(kind, slug, _, lang) => p
                    .docs
                    .insert((*kind, (*slug).to_string(), (*lang).to_string()), done),
                Job::Description(id, _, lang, _) => p
                    .descriptions
                    .insert(((*id).to_string(), (*lang).to_string()), done),
                Job::Summary(id, _, lang, _) => p
                    .summaries
                    .insert(((*id).to_string(), (*lang).to_string()), done),
                Job::HandoutDoc(kind, slug, _, lang) => p
                    .handout_docs
                    .insert((*kind, (*slug).to_string(), (*lang).to_string()), done),
            };
        }
        // A broken link is reported once, not once per language.
        diags.sort_by(|a, b| {
            (&a.file, a.pos.map(|p| (p.line, p.col)))
                .cmp(&(&b.file, b.pos.map(|p| (p.line, p.col))))
        });
        diags.dedup();
        if let Some(c) = cache {
            c.entries = fresh;
        }
        (p, diags)
    }
}

/// Rendered Markdown kept between the rebuilds of `foro watch`.
#[derive(Debug, Default)]
pub struct MdCache {
    entries: HashMap<MdKey, Shared>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct MdKey {
    /// The text's hash and length (the text itself is not kept twice).
    text: (u64, usize),
    file: PathBuf,
    start: (usize, usize),
    lang: String,
    prefix: String,
    numbered: bool,
    targets_version: u64,
}

/// A rendered text and its diagnostics, shared between builds.
type Shared = std::sync::Arc<(Rendered, Vec<Diagnostic>)>;

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A fingerprint of everything a Markdown link can point to: when it
/// changes, every text is rendered again (a link may have become valid or
/// broken).
fn link_targets_version(forum: &Forum) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    forum.config.languages.hash(&mut h);
    forum.config.markdown.smart_punctuation.hash(&mut h);
    forum.config.markdown.raw_html.hash(&mut h);
    forum.participation.is_some().hash(&mut h);
    for s in &forum.speakers {
        s.id.hash(&mut h);
    }
    for d in forum.pages.iter().chain(&forum.reports) {
        (d.kind == DocKind::Page, &d.slug).hash(&mut h);
    }
    for a in &forum.assets {
        a.path.hash(&mut h);
    }
    h.finish()
}

/// Ids the templates use themselves; Markdown headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "contents",
    "nav",
    "footer",
    "search",
    "now-next",
    "language",
    "biography",
    "sessions",
    "materials",
    "notes",
];

/// Resolves links to project source files against the forum's items.
pub struct ForumLinks<'a> {
    pub forum: &'a Forum,
    /// When the forum was loaded with errors, a source file that exists is
    /// taken as a valid target (its own error is reported already).
    pub project: Option<&'a Path>,
}

impl SourceLinks for ForumLinks<'_> {
    fn resolve(&self, path: &str, lang: &str) -> Option<String> {
        let f = self.forum;
        let l = lang.to_string();
        let target = match path {
            "forum.yaml" => Some(Target::Home(l.clone())),
            "agenda.yaml" => Some(Target::Agenda(l.clone())),
            "presentations.yaml" => Some(Target::Presentations(l.clone())),
            "participation.yaml" => f
                .participation
                .as_ref()
                .map(|_| Target::Participation(l.clone())),
            _ => None,
        };
        if let Some(t) = target {
            return Some(t.path());
        }
        if path.starts_with("files/") || path.starts_with("images/") {
            return f
                .assets
                .iter()
                .any(|a| a.path == path)
                .then(|| path.to_string());
        }
        let (dir, name) = path.split_once('/')?;
        let id = name.strip_suffix(".md")?.split('.').next()?;
        let target = match dir {
            "speakers" => f.speaker(id).map(|_| Target::Speaker(l, id.to_string())),
            "pages" => f
                .pages
                .iter()
                .any(|d| d.slug == id)
                .then(|| Target::Page(l, id.to_string())),
            "report" => f
                .reports
                .iter()
                .any(|d| d.slug == id)
                .then(|| Target::Report(l, id.to_string())),
            _ => None,
        };
        let on_disk = || self.project.is_some_and(|p| p.join(path).is_file());
        match (target, dir) {
            (Some(t), _) => Some(t.path()),
            (None, "speakers") if on_disk() => {
                Some(Target::Speaker(lang.to_string(), id.to_string()).path())
            }
            (None, "pages") if on_disk() => {
                Some(Target::Page(lang.to_string(), id.to_string()).path())
            }
            (None, "report") if on_disk() => {
                Some(Target::Report(lang.to_string(), id.to_string()).path())
            }
            _ => None,
        }
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
    pub fn new(l: &Localized, lang: &str, order: &[String]) -> Txt {
        let r = l.get(lang, order);
        let escaped = crate::html::escape(r.text);
        Txt {
            text: r.text.to_string(),
            html: if r.fallback {
                format!(
                    "<span lang=\"{}\" class=\"fallback\">{escaped}</span>",
                    r.lang
                )
            } else {
                escaped
            },
            lang: r.fallback.then(|| r.lang.to_string()),
        }
    }

    pub fn plain(s: &str) -> Txt {
        Txt {
            text: s.to_string(),
            html: crate::html::escape(s),
            lang: None,
        }
    }

    pub fn opt(l: Option<&Localized>, lang: &str, order: &[String]) -> Option<Txt> {
        l.map(|l| Txt::new(l, lang, order))
    }
}

/// Renders the outputs in parallel, page by page.
pub fn render_pages<T, F>(items: &[T], f: F) -> Result<Vec<OutFile>, Vec<Diagnostic>>
where
    T: Sync,
    F: Fn(&T) -> Result<OutFile, Diagnostic> + Sync + Send,
{
    let results: Vec<_> = items.par_iter().map(f).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}
