//! Render stage: Markdown to HTML with pulldown-cmark.
//!
//! Links to content source files (`../speakers/ana.md`) become internal
//! links written as `foro:/<output path>`; each output turns them into its
//! own kind of link with [`crate::urls::rewrite_internal`]. Headings get
//! unique ids, footnotes get ids unique on the page, fenced code is
//! highlighted.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::html::{Anchors, escape, slugify};
use crate::model::MarkdownOptions;
use crate::yaml::Pos;

/// One heading in a document's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// `1.2` when headings are numbered.
    pub number: Option<String>,
    /// The heading's text as HTML.
    pub html: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub has_code: bool,
}

/// Where a Markdown text comes from, for links and error positions.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The file, relative to the project.
    pub file: &'a Path,
    /// The 1-based line of the text's first line in `file`.
    pub first_line: usize,
    /// Columns before the text on each line (Markdown indented in YAML).
    pub indent: usize,
    /// The language of the page it is rendered for.
    pub lang: &'a str,
}

pub struct Renderer<'a> {
    pub links: &'a dyn SourceLinks,
    pub highlighter: &'a Highlighter,
    pub options: MarkdownOptions,
}

impl Renderer<'_> {
    /// Renders `text`; `numbered` numbers `##`–`####` headings (report documents).
    pub fn render(
        &self,
        text: &str,
        src: Source,
        anchors: &mut Anchors,
        numbered: bool,
    ) -> (Rendered, Vec<Diagnostic>) {
        let st = self.walk(text, src, anchors, numbered, true);
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, st.out.into_iter());
        if !st.notes.is_empty() {
            html.push_str("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
            let mut notes = st.notes;
            notes.sort_by_key(|n| n.number);
            for n in notes {
                let _ = write!(html, "<li id=\"{}\">", n.id);
                let mut body = String::new();
                pulldown_cmark::html::push_html(&mut body, n.events.into_iter());
                let label =
                    crate::html::escape(&self.links.label(src.lang, "footnote_back", n.number));
                let back = n.refs.iter().fold(String::new(), |mut acc, r| {
                    let _ = write!(
                        acc,
                        " <a href=\"#{r}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"{label}\">↩</a>"
                    );
                    acc
                });
                // Put the back links inside the last paragraph.
                match body.rfind("</p>") {
                    Some(i) => body.insert_str(i, &back),
                    None => body.push_str(&back),
                }
                html.push_str(&body);
                html.push_str("</li>\n");
            }
            html.push_str("</ol>\n</section>\n");
        }
        let html = prefix_local_links(&html, st.anchors);
        (
            Rendered {
                html,
                toc: st.toc,
                has_code: st.has_code,
            },
            st.diags,
        )
    }

    /// What rendering `text` would report, without making its HTML (or
    /// highlighting its code): its errors and whether it has code. A
    /// build's first pass over the biographies, which it renders again
    /// when their pages are made.
    pub fn check(&self, text: &str, src: Source, anchors: &mut Anchors) -> (bool, Vec<Diagnostic>) {
        let st = self.walk(text, src, anchors, false, false);
        (st.has_code, st.diags)
    }

    /// Reads `text`'s events, with the HTML's parts when `html`.
    fn walk<'s, 'e>(
        &'s self,
        text: &'e str,
        src: Source<'s>,
        anchors: &'s mut Anchors,
        numbered: bool,
        html: bool,
    ) -> State<'s, 'e> {
        let opts = parser_options(self.options);
        let mut st = State {
            r: self,
            src,
            text,
            anchors,
            numbered,
            counters: [0; 6],
            out: Vec::new(),
            heading: None,
            code: None,
            footnote: None,
            notes: Vec::new(),
            note_ids: HashMap::new(),
            toc: Vec::new(),
            has_code: false,
            image: None,
            diags: Vec::new(),
            tables: 0,
            last_heading: String::new(),
            table: tables::Table::default(),
            html,
        };
        for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
            st.event(ev, range.start);
        }
        st
    }
}

/// The Markdown extensions every output (web pages, PDFs) parses with.
pub fn parser_options(options: MarkdownOptions) -> Options {
    let mut opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        opts |= Options::ENABLE_SMART_PUNCTUATION;
    }
    opts
}

struct Note<'e> {
    number: usize,
    id: String,
    refs: Vec<String>,
    events: Vec<Event<'e>>,
}

struct State<'r, 'e> {
    r: &'r Renderer<'r>,
    src: Source<'r>,
    text: &'e str,
    anchors: &'r mut Anchors,
    numbered: bool,
    counters: [usize; 6],
    out: Vec<Event<'e>>,
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'e>>)>,
    code: Option<(String, String)>,
    footnote: Option<(String, Vec<Event<'e>>)>,
    notes: Vec<Note<'e>>,
    note_ids: HashMap<String, usize>,
    toc: Vec<TocEntry>,
    has_code: bool,
    /// Inside an image: where it starts and its alternative text so far.
    image: Option<(usize, String)>,
    diags: Vec<Diagnostic>,
    /// Tables so far, and the text of the last heading, for their labels.
    tables: usize,
    last_heading: String,
    /// The table being read.
    table: tables::Table,
    /// Make the HTML (not only the errors).
    html: bool,
}

impl<'e> State<'_, 'e> {
    fn emit(&mut self, ev: Event<'e>) {
        if !self.html && self.heading.is_none() && self.footnote.is_none() {
            return;
        }
        if let Some((_, ev_list)) = self.footnote.as_mut() {
            if let Some((_, _, h)) = self.heading.as_mut() {
                h.push(ev);
            } else {
                ev_list.push(ev);
            }
        } else if let Some((_, _, h)) = self.heading.as_mut() {
            h.push(ev);
        } else {
            self.out.push(ev);
        }
    }

    /// An internal link for a project path, `None` to keep the URL as it
    /// is ([`links::rewrite`]).
    fn rewrite(&mut self, url: &str, offset: usize, image: bool) -> Option<String> {
        let (text, src) = (self.text, self.src);
        let pos = || position(text, src, offset);
        let at = links::At {
            file: src.file,
            lang: src.lang,
            pos: &pos,
        };
        links::rewrite(self.r.links, url, image, &at, &mut self.diags)
    }

    fn pos(&self, offset: usize) -> Pos {
        position(self.text, self.src, offset)
    }
}

/// The line and column of `offset` in `text`, in its file.
fn position(text: &str, src: Source, offset: usize) -> Pos {
    {
        let before = &text[..offset.min(text.len())];
        let line = src.first_line + before.matches('\n').count();
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1 + src.indent;
        Pos { line, col }
    }
}

impl<'e> State<'_, 'e> {
    fn event(&mut self, ev: Event<'e>, offset: usize) {
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some((level, id.map(|i| i.to_string()), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Text(ref t) | Event::Code(ref t)
                if self.image.is_some() && self.code.is_none() =>
            {
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(t);
                }
                self.emit(ev);
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, code) = self.code.take().unwrap_or_default();
                if !self.html {
                    self.has_code |= !lang.is_empty();
                    return;
                }
                let html = if lang.is_empty() {
                    format!(
                        "<pre class=\"code\" tabindex=\"0\"><code>{}</code></pre>\n",
                        escape(&code)
                    )
                } else {
                    self.has_code = true;
                    format!(
                        "<pre class=\"code\" tabindex=\"0\" data-lang=\"{l}\"><code class=\"language-{l}\">{}</code></pre>\n",
                        self.r.highlighter.highlight(&code, &lang),
                        l = escape(&lang)
                    )
                };
                self.emit(Event::Html(html.into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self
                    .rewrite(&dest_url, offset, false)
                    .map_or(dest_url, CowStr::from);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self
                    .rewrite(&dest_url, offset, true)
                    .map_or(dest_url, CowStr::from);
                self.image = Some((offset, String::new()));
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = self.image.take() {
                    if alt.trim().is_empty() {
                        self.diags.push(
                            Diagnostic::warning(self.src.file, Some(self.pos(at)), "the image has no alternative text")
                                .hint("describe the image between the brackets: `![Photo of the opening ceremony](...)`"),
                        );
                    }
                }
                self.emit(Event::End(TagEnd::Image));
            }
            Event::Html(h) | Event::InlineHtml(h) if !self.r.options.raw_html => {
                self.emit(Event::Text(h));
            }
            Event::FootnoteReference(name) => {
                let note = self.note(&name);
                let n = &mut self.notes[note];
                let ref_id = self.anchors.unique(&format!("fnref-{}", n.number));
                n.refs.push(ref_id.clone());
                let html = format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{ref_id}\" role=\"doc-noteref\">{}</a></sup>",
                    n.id, n.number
                );
                self.emit(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.footnote = Some((name.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, events)) = self.footnote.take() {
                    let note = self.note(&name);
                    self.notes[note].events = events;
                }
            }
            ev @ (Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableCell)) => {
                // A table scrolls inside a region named after the section
                // it is in, so that the tables of several documents (the
                // handout) keep distinct names.
                let label = matches!(ev, Event::Start(Tag::Table(_))).then(|| {
                    self.tables += 1;
                    let n = self
                        .r
                        .links
                        .label(self.src.lang, "table_region", self.tables);
                    if self.last_heading.is_empty() {
                        n
                    } else {
                        format!("{n} — {}", self.last_heading)
                    }
                });
                for e in self.table.event(ev, label) {
                    self.emit(e);
                }
            }
            ev => self.emit(ev),
        }
    }

    /// The index of the note `name`, numbering it on first sight.
    fn note(&mut self, name: &str) -> usize {
        if let Some(i) = self.note_ids.get(name) {
            return *i;
        }
        let number = self.notes.len() + 1;
        let id = self.anchors.unique(&format!("fn-{number}"));
        self.notes.push(Note {
            number,
            id,
            refs: Vec::new(),
            events: Vec::new(),
        });
        self.note_ids.insert(name.to_string(), number - 1);
        number - 1
    }

    fn end_heading(&mut self) {
        let Some((level, id, events)) = self.heading.take() else {
            return;
        };
        let text: String = events
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let id = self.anchors.unique(&id.unwrap_or_else(|| slugify(&text)));
        self.last_heading.clone_from(&text);
        let depth = level as usize;
        let number = (self.numbered && (2..=4).contains(&depth)).then(|| {
            self.counters[depth - 2] += 1;
            for c in &mut self.counters[depth - 1..] {
                *c = 0;
            }
            self.counters[..depth - 1]
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(".")
        });
        if !self.html {
            return;
        }
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, events.into_iter());
        if (2..=3).contains(&depth) {
            self.toc.push(TocEntry {
                level: u8::try_from(depth).unwrap_or(2),
                id: id.clone(),
                number: number.clone(),
                html: inner.clone(),
            });
        }
        let secno = number
            .map(|n| format!("<span class=\"secno\">{n}</span> "))
            .unwrap_or_default();
        // `{#custom-id}` is the author's text: escape it like any attribute.
        let html = format!(
            "<h{depth} id=\"{}\">{secno}{inner}</h{depth}>\n",
            escape(&id)
        );
        self.emit(Event::Html(html.into()));
    }
}

mod links;
mod plain;
mod tables;

use links::prefix_local_links;
pub use links::{INTERNAL, SourceLinks, join_inside};
pub use plain::plain_text;

#[cfg(test)]
mod tests;
