//! Render stage: Markdown to Typst markup, from the same pulldown-cmark
//! events as the web pages ([`crate::markdown::parser_options`]), so that a
//! footnote, a table or a heading means the same on paper and on screen.
//!
//! Every piece of text is escaped: Typst gives meaning to most ASCII
//! punctuation (`#`, `$`, `*`, `_`, `@`, `<`, `` ` ``, `=` at a line's
//! start, ...), and a backslash before any character makes it plain.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeStream,
};

use crate::model::MarkdownOptions;

/// `text` as Typst markup that prints exactly `text`.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` as markup that prints it, with every web address in it as
/// [`url`] prints one.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some((start, end)) = find_url(rest) {
        out.push_str(&esc(&rest[..start]));
        out.push_str(&url(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(&esc(rest));
    out
}

/// The first web address in `text` (`https://…`, `http://…`, `www.…`,
/// at the start of a word), without the punctuation that ends a sentence.
fn find_url(text: &str) -> Option<(usize, usize)> {
    let start = text
        .match_indices("http")
        .chain(text.match_indices("www."))
        .map(|(i, _)| i)
        .filter(|&i| {
            let rest = &text[i..];
            (rest.starts_with("https://")
                || rest.starts_with("http://")
                || rest.starts_with("www."))
                && !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        })
        .min()?;
    let len = text[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(text.len() - start);
    let url = text[start..start + len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
    Some((start, start + url.len()))
}

/// A web address as printed: it may wrap only after `/` and `.`, never
/// inside a word (nor after a `-`, nor hyphenated). Each piece up to a
/// `/` or `.` is an unbreakable box; the line may break between boxes.
pub fn url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() * 2);
    let mut piece = String::new();
    let mut chars = url.chars().peekable();
    while let Some(c) = chars.next() {
        piece.push(c);
        let ends = matches!(c, '/' | '.') && !chars.peek().is_some_and(|n| matches!(n, '/' | '.'));
        if ends || chars.peek().is_none() {
            let _ = write!(out, "#box[{}]", esc(&piece));
            piece.clear();
        }
    }
    out
}

/// `text` as a Typst string literal, quotes included.
pub fn str_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the converter asks of the document it writes into.
pub trait Resolve {
    /// The absolute URL of a link as the Markdown writes it (`None`: the
    /// link leads nowhere on paper; its text is kept).
    fn link(&self, dest: &str) -> Option<String>;
    /// The path in the Typst world of an image as the Markdown writes it
    /// (`None`: the image is unknown; its alternative text is printed).
    fn image(&mut self, dest: &str) -> Option<String>;
}

/// How a text is converted.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub markdown: MarkdownOptions,
    /// Added to each Markdown heading's level (`##` → level 2 + shift),
    /// never below 1.
    pub heading_shift: i8,
    /// Makes the labels of repeated footnotes unique in the document.
    pub label_prefix: &'a str,
}

/// Converts `text` to Typst markup.
pub fn convert(text: &str, opts: Options, res: &mut dyn Resolve) -> String {
    // Adjacent texts merged, so that a web address the parser splits (at
    // `_`, `*`, ...) is found whole.
    let parser = TextMergeStream::new(Parser::new_ext(
        text,
        crate::markdown::parser_options(opts.markdown),
    ));
    // Footnote definitions first: a reference prints the note where it is.
    let mut main = Vec::new();
    let mut notes: HashMap<String, Vec<Event>> = HashMap::new();
    let mut current: Option<(String, Vec<Event>)> = None;
    for ev in parser {
        match ev {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                current = Some((name.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, evs)) = current.take() {
                    notes.entry(name).or_insert(evs);
                }
            }
            ev => match current.as_mut() {
                Some((_, evs)) => evs.push(ev),
                None => main.push(ev),
            },
        }
    }
    let mut w = Writer {
        opts,
        res,
        out: String::with_capacity(text.len() * 3 / 2),
        notes: &notes,
        used: HashMap::new(),
        code: None,
        image: None,
        table: Vec::new(),
        depth: 0,
    };
    w.run(main);
    w.out
}

struct Writer<'a, 'r> {
    opts: Options<'a>,
    res: &'r mut dyn Resolve,
    out: String,
    notes: &'r HashMap<String, Vec<Event<'r>>>,
    /// Footnotes printed so far, with their labels.
    used: HashMap<String, String>,
    code: Option<(String, String)>,
    /// Inside an image: its path (if known) and alternative text so far.
    image: Option<(Option<String>, String)>,
    /// Per open table: whether the header row is open.
    table: Vec<bool>,
    /// Footnotes inside footnotes are printed once, as text.
    depth: usize,
}

impl Writer<'_, '_> {
    fn run(&mut self, events: Vec<Event>) {
        for ev in events {
            self.event(ev);
        }
    }

    fn event(&mut self, ev: Event) {
        if let Some((_, alt)) = self.image.as_mut() {
            match ev {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        if let Some((_, buf)) = self.code.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, code) = self.code.take().unwrap_or_default();
                    let code = code.strip_suffix('\n').unwrap_or(&code);
                    let _ = write!(self.out, "#raw(block: true, ");
                    if !lang.is_empty() {
                        let _ = write!(self.out, "lang: {}, ", str_lit(&lang));
                    }
                    let _ = writeln!(self.out, "{})\n", str_lit(code));
                }
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.out.push_str(&text(&t)),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.out.push_str(&esc(&t));
            }
            Event::Code(t) => {
                let _ = write!(self.out, "#raw({})", str_lit(&t));
            }
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push_str("\\\n"),
            Event::Rule => self.out.push_str("\n#line(length: 100%)\n\n"),
            Event::TaskListMarker(done) => {
                self.out.push_str(if done { "☑ " } else { "☐ " });
            }
            Event::FootnoteReference(name) => self.footnote(&name),
            // Raw HTML has no meaning on paper.
            Event::Html(_) | Event::InlineHtml(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        let o = &mut self.out;
        match tag {
            Tag::Paragraph
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::TableRow => {}
            Tag::Heading { level, .. } => {
                let level = heading_level(level) + i32::from(self.opts.heading_shift);
                let _ = write!(o, "\n#heading(level: {})[", level.max(1));
            }
            Tag::BlockQuote(_) => o.push_str("#quote(block: true)["),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(None) => o.push_str("#list(tight: false, "),
            Tag::List(Some(start)) => {
                let _ = write!(o, "#enum(tight: false, start: {start}, ");
            }
            Tag::Item
            | Tag::TableCell
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => o.push('['),
            Tag::Table(aligns) => {
                let aligns: Vec<&str> = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                        Alignment::None | Alignment::Left => "left",
                    })
                    .collect();
                let _ = write!(
                    o,
                    "#table(columns: {}, align: ({},), ",
                    aligns.len(),
                    aligns.join(", ")
                );
                self.table.push(false);
            }
            Tag::TableHead => {
                o.push_str("table.header(");
                if let Some(h) = self.table.last_mut() {
                    *h = true;
                }
            }
            Tag::Emphasis => o.push_str("#emph["),
            Tag::Strong => o.push_str("#strong["),
            Tag::Strikethrough | Tag::Subscript | Tag::Superscript => o.push_str("#strike["),
            Tag::Link { dest_url, .. } => match self.res.link(&dest_url) {
                Some(url) => {
                    let _ = write!(o, "#link({})[", str_lit(&url));
                }
                None => o.push_str("#["),
            },
            Tag::Image { dest_url, .. } => {
                let path = self.res.image(&dest_url);
                self.image = Some((path, String::new()));
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        let o = &mut self.out;
        match tag {
            TagEnd::Paragraph => o.push_str("\n\n"),
            TagEnd::Heading(_) | TagEnd::BlockQuote(_) => o.push_str("]\n\n"),
            TagEnd::List(_) => o.push_str(")\n\n"),
            TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => o.push_str("], "),
            TagEnd::TableHead => {
                o.push_str("), ");
                if let Some(h) = self.table.last_mut() {
                    *h = false;
                }
            }
            TagEnd::Table => {
                self.table.pop();
                o.push_str(")\n\n");
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Subscript
            | TagEnd::Superscript
            | TagEnd::Link => o.push(']'),
            TagEnd::Image => self.end_image(),
            TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::TableRow => {}
        }
    }

    fn end_image(&mut self) {
        let Some((path, alt)) = self.image.take() else {
            return;
        };
        match path {
            // Without an alternative text (a build warning) the image is
            // decorative, as in the HTML: an artifact that PDF/UA readers skip.
            Some(p) if alt.trim().is_empty() => {
                let _ = write!(
                    self.out,
                    "#pdf.artifact(box(image({}, width: 100%, fit: \"contain\")))",
                    str_lit(&p)
                );
            }
            Some(p) => {
                let _ = write!(
                    self.out,
                    "#box(image({}, alt: {}, width: 100%, fit: \"contain\"))",
                    str_lit(&p),
                    str_lit(&alt)
                );
            }
            None => self.out.push_str(&esc(&alt)),
        }
    }

    fn footnote(&mut self, name: &str) {
        if let Some(label) = self.used.get(name) {
            let _ = write!(self.out, "#footnote(<{label}>)");
            return;
        }
        let Some(events) = self.notes.get(name) else {
            self.out.push_str(&esc(&format!("[^{name}]")));
            return;
        };
        if self.depth > 0 {
            return;
        }
        let label = format!("{}fn-{}", self.opts.label_prefix, self.used.len() + 1);
        self.used.insert(name.to_string(), label.clone());
        let outer = std::mem::take(&mut self.out);
        self.depth += 1;
        self.run(events.clone());
        self.depth -= 1;
        let body = std::mem::replace(&mut self.out, outer);
        let _ = write!(self.out, "#footnote[{}]<{label}>", body.trim_end());
    }
}

fn heading_level(l: HeadingLevel) -> i32 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests;
