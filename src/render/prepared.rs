//! Render stage: Markdown rendered once per item and language, in
//! parallel, with internal links left as `foro:/<path>` ([`Prepared`]); the
//! cache `watch` keeps between rebuilds ([`MdCache`]); how Markdown links
//! find the forum's items ([`ForumLinks`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::html::Anchors;
use crate::i18n::I18n;
use crate::markdown::{Rendered, Renderer, Source};
use crate::model::{Body, DocKind, Forum, Lang, Speaker};
use crate::urls;

mod links;
pub use links::ForumLinks;

/// Markdown rendered once per item and language.
#[derive(Default)]
pub struct Prepared {
    pub bios: HashMap<(String, String), Done>,
    pub docs: HashMap<(DocKind, String, String), Done>,
    pub descriptions: HashMap<(String, String), Done>,
    pub summaries: HashMap<(String, String), Done>,
    /// Documents again, with ids unique in the handout (biographies carry
    /// `speaker-<id>-` ids everywhere, so one rendering serves both).
    pub handout_docs: HashMap<(DocKind, String, String), Done>,
    pub has_code: bool,
    /// The PDFs of this build, for the pages that link them (empty when
    /// the build writes none).
    pub pdf_links: Vec<super::pdf::link::PdfLink>,
    /// Set when the biographies are not kept (a build, whose biographies
    /// are most of its text): each is rendered again when a page asks for
    /// it ([`Prepared::bio`]), with the highlighter of the first pass, so
    /// that memory stays flat as the forum grows.
    bios_on_demand: Option<Highlighter>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("bios", &self.bios.len())
            .field("docs", &self.docs.len())
            .field("on_demand", &self.bios_on_demand.is_some())
            .finish_non_exhaustive()
    }
}

enum Job<'a> {
    Bio(&'a str, &'a Body, &'a str),
    Doc(DocKind, &'a str, &'a Body, &'a str),
    Description(&'a str, &'a str, &'a str, (usize, usize)),
    Summary(&'a str, &'a str, &'a str, (usize, usize)),
    HandoutDoc(DocKind, &'a str, &'a Body, &'a str),
}

impl Prepared {
    /// Renders every Markdown text of the forum, in parallel; `i18n` gives
    /// the labels Markdown output carries (footnote back links, tables) in
    /// each text's language.
    pub fn build(
        forum: &Forum,
        highlighter: Highlighter,
        i18n: &I18n,
    ) -> (Prepared, Vec<Diagnostic>) {
        Self::render_all(forum, highlighter, None, None, i18n)
    }

    /// Like [`Prepared::build`], re-rendering only the texts `cache` does not
    /// hold (same text, file, language and set of link targets), and
    /// refilling `cache` with this build's results.
    pub fn build_cached(
        forum: &Forum,
        highlighter: Highlighter,
        cache: Option<&mut MdCache>,
        i18n: &I18n,
    ) -> (Prepared, Vec<Diagnostic>) {
        Self::render_all(forum, highlighter, cache, None, i18n)
    }

    /// The Markdown's own errors (broken links) of a forum loaded with
    /// errors, whose pages are never written: only diagnostics come back,
    /// so no text rendered without the theme's strings reaches a reader.
    /// A source file in `project` that exists is taken as a valid target
    /// (its own error is reported already).
    pub fn check_partial(forum: &Forum, project: &Path) -> Vec<Diagnostic> {
        let unseen = I18n::default();
        Self::render_all(forum, Highlighter::default(), None, Some(project), &unseen).1
    }

    fn render_all(
        forum: &Forum,
        highlighter: Highlighter,
        cache: Option<&mut MdCache>,
        partial_project: Option<&Path>,
        i18n: &I18n,
    ) -> (Prepared, Vec<Diagnostic>) {
        let targets_version = link_targets_version(forum, i18n);
        let order = &forum.config.languages;
        let links = ForumLinks {
            forum,
            project: partial_project,
            i18n,
        };
        let renderer = Renderer {
            links: &links,
            highlighter: &highlighter,
            options: forum.config.markdown,
        };
        let mut jobs = Vec::new();
        for lang in order {
            for s in &forum.speakers {
                jobs.push(Job::Bio(&s.id, s.bio(lang).0, lang));
            }
            for d in forum.pages.iter().chain(&forum.reports) {
                let body = &d.version(lang).0.body;
                jobs.push(Job::Doc(d.kind, &d.slug, body, lang));
                if d.main().handout {
                    jobs.push(Job::HandoutDoc(d.kind, &d.slug, body, lang));
                }
            }
            for (_, s) in forum.sessions() {
                if let Some(desc) = &s.description {
                    let r = desc.get(lang);
                    let line = crate::model::start_of(
                        &s.description_lines,
                        if desc.is_one() { "" } else { r.lang },
                    );
                    jobs.push(Job::Description(&s.id, r.text, lang, line));
                }
            }
            for p in &forum.presentations {
                if let Some(sum) = &p.summary {
                    let r = sum.get(lang);
                    let line = crate::model::start_of(
                        &p.summary_lines,
                        if sum.is_one() { "" } else { r.lang },
                    );
                    jobs.push(Job::Summary(&p.id, r.text, lang, line));
                }
            }
        }
        let old = cache.as_deref();
        let keep_bios = cache.is_some();
        let results: Vec<(MdKey, Shared)> = jobs
            .par_iter()
            .map(|job| {
                let at = |file, (first_line, indent), lang| Source {
                    file,
                    first_line,
                    indent,
                    lang,
                };
                let (text, src, prefix, numbered) = match job {
                    Job::Bio(id, b, lang) => {
                        let (text, src, prefix) = bio_text(id, b, lang);
                        (text, src, prefix, false)
                    }
                    Job::Doc(kind, _, b, lang) => (
                        b.markdown.read(),
                        at(b.file.as_path(), (b.first_line, 0), *lang),
                        String::new(),
                        *kind == DocKind::Report,
                    ),
                    Job::Description(id, text, lang, line) => (
                        Cow::Borrowed(*text),
                        at(Path::new("agenda.yaml"), *line, *lang),
                        format!("{id}-"),
                        false,
                    ),
                    Job::Summary(id, text, lang, line) => (
                        Cow::Borrowed(*text),
                        at(Path::new("presentations.yaml"), *line, *lang),
                        format!("{id}-"),
                        false,
                    ),
                    Job::HandoutDoc(kind, slug, b, lang) => (
                        b.markdown.read(),
                        at(b.file.as_path(), (b.first_line, 0), *lang),
                        urls::doc_prefix(*kind, slug),
                        *kind == DocKind::Report,
                    ),
                };
                let key = MdKey {
                    text: (text_hash(&text), text.len()),
                    file: src.file.to_path_buf(),
                    start: (src.first_line, src.indent),
                    lang: src.lang.to_string(),
                    prefix: prefix.clone(),
                    numbered,
                    targets_version,
                };
                if let Some(hit) = old.and_then(|c| c.entries.get(&key)) {
                    return (key, std::sync::Arc::clone(hit));
                }
                if keep_bios || !matches!(job, Job::Bio(..)) {
                    let done = render_text(&renderer, &text, src, &prefix, numbered);
                    return (key, std::sync::Arc::new(done));
                }
                // A build needs of a biography only what it tells: its
                // errors and whether it has code ([`Prepared::bio`] renders
                // it when its pages are made).
                let (has_code, diags) = renderer.check(&text, src, &mut anchors(&prefix));
                let told = Rendered {
                    has_code,
                    ..Rendered::default()
                };
                (key, std::sync::Arc::new((told, diags)))
            })
            .collect();
        let mut fresh = HashMap::new();
        let mut p = Prepared::default();
        let mut diags = Vec::new();
        for (job, (key, shared)) in jobs.iter().zip(results) {
            let done = Done(std::sync::Arc::clone(&shared));
            diags.extend(shared.1.iter().cloned());
            if cache.is_some() {
                fresh.insert(key, shared);
            }
            p.has_code |= done.has_code;
            match job {
                // A build renders biographies again when a page asks.
                Job::Bio(..) if !keep_bios => None,
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
        if !keep_bios {
            p.bios_on_demand = Some(highlighter);
        }
        (p, diags)
    }

    /// A speaker's biography in `lang`, rendered: the kept one (`watch`),
    /// or rendered now (a build), exactly as the first pass did.
    pub fn bio<'p>(
        &'p self,
        forum: &Forum,
        i18n: &I18n,
        s: &Speaker,
        lang: &Lang,
    ) -> Option<Cow<'p, str>> {
        if let Some(r) = self.bios.get(&(s.id.clone(), lang.to_string())) {
            return Some(Cow::Borrowed(r.html.as_str()));
        }
        let highlighter = self.bios_on_demand.as_ref()?;
        let links = ForumLinks {
            forum,
            project: None,
            i18n,
        };
        let renderer = Renderer {
            links: &links,
            highlighter,
            options: forum.config.markdown,
        };
        let (text, src, prefix) = bio_text(&s.id, s.bio(lang).0, lang);
        let (done, _) = render_text(&renderer, &text, src, &prefix, false);
        Some(Cow::Owned(done.html))
    }
}

/// A speaker's biography as the first pass and a page render it alike:
/// its text, where it comes from, and the prefix of its ids.
fn bio_text<'b>(id: &str, b: &'b Body, lang: &'b str) -> (Cow<'b, str>, Source<'b>, String) {
    let src = Source {
        file: &b.file,
        first_line: b.first_line,
        indent: 0,
        lang,
    };
    (b.markdown.read(), src, urls::bio_prefix(id))
}

/// One Markdown text rendered as the pages show it: its ids under
/// `prefix`, the ids the page itself uses kept free.
fn render_text(
    renderer: &Renderer,
    text: &str,
    src: Source,
    prefix: &str,
    numbered: bool,
) -> (Rendered, Vec<Diagnostic>) {
    renderer.render(text, src, &mut anchors(prefix), numbered)
}

/// The ids of a text rendered under `prefix`, those the page uses kept free.
fn anchors(prefix: &str) -> Anchors {
    let mut anchors = Anchors::prefixed(prefix);
    anchors.reserve(RESERVED_IDS.iter().copied());
    anchors
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

/// A rendered text, shared with `watch`'s cache rather than copied (a
/// rebuild copied every biography's HTML).
#[derive(Debug, Clone, Default)]
pub struct Done(Shared);

impl std::ops::Deref for Done {
    type Target = Rendered;

    fn deref(&self) -> &Rendered {
        &self.0.0
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A fingerprint of everything a Markdown link can point to: when it
/// changes, every text is rendered again (a link may have become valid or
/// broken).
fn link_targets_version(forum: &Forum, i18n: &I18n) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // The labels Markdown output carries change with the theme's strings.
    for lang in &forum.config.languages {
        for key in LABELS {
            i18n.get(lang, key).hash(&mut h);
        }
    }
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
/// Every literal `id="…"` of the built-in theme's templates is here (a
/// test keeps the list complete).
pub const RESERVED_IDS: &[&str] = &[
    "agenda",
    "agenda-now",
    "agenda-title",
    "biography",
    "biography-title",
    "changes-title",
    "contents",
    "contents-title",
    "cover-title",
    "days-title",
    "footer",
    "footer-about-title",
    "footer-orgs-title",
    "forum-title",
    "language",
    "links-title",
    "main",
    "main-menu",
    "materials",
    "materials-title",
    "more-title",
    "nav",
    "notes",
    "now-next",
    "now-next-title",
    "presentations",
    "presentations-title",
    "qr-label",
    "reports-title",
    "schedule-downloads-title",
    "search",
    "search-input",
    "search-results",
    "search-status",
    "sessions",
    "sessions-title",
    "speakers",
    "speakers-title",
    "surveys",
    "surveys-title",
    "targets",
    "top",
];

/// The UI strings rendered Markdown carries.
const LABELS: [&str; 2] = ["footnote_back", "table_region"];
