//! Render stage: the writer of a PDF's Typst source: escaped and recorded
//! texts, images, Markdown, and the preamble every PDF shares.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::markdown::SourceLinks as _;
use crate::model::{Body, Forum, Lang, Paper, Status};
use crate::render::pdf::markup::{self, esc, str_lit};
use crate::render::{Context, ForumLinks};
use crate::urls;

pub struct Writer<'a> {
    pub ctx: &'a Context<'a>,
    pub f: &'a Forum,
    pub lang: &'a Lang,
    pub paper: Paper,
    pub out: String,
    pub files: Vec<(String, Vec<u8>)>,
    images: HashMap<String, String>,
    pub texts: Vec<(String, String)>,
    labels: usize,
    /// The longest source worth writing: past it the writer stops adding
    /// parts ([`Writer::full`]) and the PDF is not laid out.
    pub max: usize,
}

impl<'a> Writer<'a> {
    pub fn new(ctx: &'a Context<'a>, lang: &'a Lang, paper: Paper) -> Self {
        Writer {
            ctx,
            f: ctx.forum,
            lang,
            paper,
            out: String::with_capacity(64 * 1024),
            files: Vec::new(),
            images: HashMap::new(),
            texts: Vec::new(),
            labels: 0,
            max: usize::MAX,
        }
    }

    /// Whether the source is over [`Writer::max`]: the rest is not written
    /// (a 50,000-speaker handout would hold hundreds of MB for nothing).
    pub fn full(&self) -> bool {
        self.out.len() > self.max
    }

    pub fn order(&self) -> &'a [Lang] {
        &self.f.config.languages
    }

    /// A word of the theme's, escaped.
    pub fn i(&self, key: &str) -> String {
        esc(self.ctx.i18n.t(self.lang, key))
    }

    /// A text from `origin`, escaped and recorded.
    pub fn t(&mut self, text: &str, origin: &str) -> String {
        self.texts.push((text.to_string(), origin.to_string()));
        esc(text)
    }

    /// A localized text from `origin`, marked with its language when it
    /// falls back to another one.
    pub fn l(&mut self, l: &crate::model::Localized, origin: &str) -> String {
        let r = l.get(self.lang);
        let text = self.t(r.text, origin);
        if r.fallback {
            format!("#text(lang: {})[{text}]", str_lit(r.lang))
        } else {
            text
        }
    }

    /// The path in the Typst world of one of the forum's images.
    pub fn image(&mut self, path: &str) -> Option<String> {
        if let Some(p) = self.images.get(path) {
            return Some(p.clone());
        }
        let bytes = self.f.asset(path)?.inline.as_deref()?;
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        let vpath = format!("/img/{}.{ext}", self.images.len());
        self.files.push((vpath.clone(), bytes.to_vec()));
        self.images.insert(path.to_string(), vpath.clone());
        Some(vpath)
    }

    /// A file made for this PDF (the QR code).
    pub fn add_file(&mut self, vpath: &str, bytes: Vec<u8>) {
        self.files.push((vpath.to_string(), bytes));
    }

    /// A Markdown text as markup; `shift` is added to its headings' levels.
    pub fn md(&mut self, body: &Body, shift: i8) -> String {
        let origin = body.file.to_string_lossy().to_string();
        self.texts.push((body.markdown.read().into_owned(), origin));
        self.labels += 1;
        let prefix = format!("m{}-", self.labels);
        let dir = body
            .file
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let mut res = Res { w: self, dir };
        let text = markup::convert(
            &body.markdown.read(),
            markup::Options {
                markdown: res.w.f.config.markdown,
                heading_shift: shift,
                label_prefix: &prefix,
            },
            &mut res,
        );
        if self.lang.is(&body.lang) {
            text
        } else {
            format!("#text(lang: {})[{text}]", str_lit(&body.lang))
        }
    }

    /// A Markdown text of agenda.yaml or presentations.yaml.
    pub fn md_text(&mut self, text: &str, file: &str) -> String {
        let body = Body {
            lang: self.lang.to_string(),
            file: file.into(),
            first_line: 1,
            markdown: crate::model::Text::from(text),
        };
        self.md(&body, 3)
    }

    /// The page set-up, header, footer, fonts and metadata every PDF shares.
    pub fn preamble(&mut self, title: &str, keywords: &[String], draft: bool) {
        let c = &self.f.config;
        let authors: Vec<String> = c
            .organizers
            .iter()
            .map(|o| str_lit(o.name.get(self.lang).text))
            .collect();
        let keywords: Vec<String> = keywords.iter().map(|k| str_lit(k)).collect();
        let (w, h) = match self.paper {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        };
        let bleed = c.print.bleed_mm;
        // With a bleed, crop marks stand in a slug outside it.
        let slug = if bleed > 0.0 { 10.0 } else { 0.0 };
        let edge = bleed + slug;
        let short = esc(c
            .short_title
            .as_ref()
            .unwrap_or(&c.title)
            .get(self.lang)
            .text);
        let page_of = self.ctx.i18n.t(self.lang, "pdf_page_of");
        let page_of = esc(page_of)
            .replace("\\{page\\}", "#counter(page).display()")
            .replace("\\{total\\}", "#counter(page).final().first()");
        let draft_mark = if draft {
            format!(
                "place(center + horizon, box(text(size: 72pt, fill: luma(90%), weight: \"bold\", hyphenate: false, upper[{}])))",
                self.i("pdf_draft")
            )
        } else {
            "none".into()
        };
        let crop = if bleed > 0.0 {
            crop_marks(w, h, bleed, slug)
        } else {
            "none".into()
        };
        let _ = write!(
            self.out,
            r##"#set document(title: {title}, author: ({authors}), keywords: ({keywords}), date: none)
#set text(lang: {lang}, font: ("Libertinus Serif", "Droid Sans Fallback"), size: 10.5pt)
#show raw: set text(font: ("DejaVu Sans Mono", "Droid Sans Fallback"), size: 8.5pt)
#set par(justify: true)
#set text(costs: (widow: 100%, orphan: 100%))
#show link: set text(fill: rgb("#1d4e89"))
#show heading: set block(sticky: true)
#show heading: set text(hyphenate: false)
#set page(
  width: {pw}mm, height: {ph}mm,
  binding: left,
  margin: (inside: {mi}mm, outside: {mo}mm, top: {mt}mm, bottom: {mb}mm),
  header-ascent: 35%, footer-descent: 35%,
  header: context {{
    let p = here().page()
    if p > 1 {{
      let on-page = query(heading.where(level: 1)).filter(h => h.location().page() == p)
      let before = query(heading.where(level: 1).before(here()))
      let section = if on-page.len() > 0 {{ on-page.first().body }} else if before.len() > 0 {{ before.last().body }} else {{ [] }}
      set text(size: 8pt, fill: luma(35%))
      grid(columns: (auto, 1fr), align: (left, right), [{short}], section)
      v(-5pt)
      line(length: 100%, stroke: 0.4pt + luma(60%))
    }}
  }},
  footer: context {{
    if here().page() > 1 {{
      set text(size: 8pt, fill: luma(35%))
      align(center)[{page_of}]
    }}
  }},
  background: {{ {draft_mark}; {crop} }},
)
"##,
            title = str_lit(title),
            authors = join_arr(&authors),
            keywords = join_arr(&keywords),
            lang = str_lit(self.lang),
            pw = fmt_mm(w + 2.0 * edge),
            ph = fmt_mm(h + 2.0 * edge),
            mi = fmt_mm(25.0 + edge),
            mo = fmt_mm(18.0 + edge),
            mt = fmt_mm(24.0 + edge),
            mb = fmt_mm(22.0 + edge),
        );
    }

    /// The organisers' logos in a row.
    pub fn logos(&mut self) -> String {
        let logos: Vec<String> = self
            .f
            .config
            .organizers
            .clone()
            .iter()
            .filter_map(|o| {
                let p = self.image(o.logo.as_deref()?)?;
                let alt = o.name.get(self.lang).text.to_string();
                Some(format!(
                    "image({}, height: 16mm, alt: {})",
                    str_lit(&p),
                    str_lit(&alt)
                ))
            })
            .collect();
        if logos.is_empty() {
            String::new()
        } else {
            format!(
                "#grid(columns: {}, column-gutter: 10mm, align: horizon, {})\n",
                logos.len(),
                logos.join(", ")
            )
        }
    }

    /// The status's word (`Draft`), when set.
    pub fn status(&self, s: Option<Status>) -> Option<String> {
        s.map(|s| {
            self.i(match s {
                Status::Draft => "pdf_draft",
                Status::Final => "pdf_final",
            })
        })
    }
}

/// Resolves a Markdown text's links and images for paper.
struct Res<'w, 'a> {
    w: &'w mut Writer<'a>,
    dir: std::path::PathBuf,
}

impl markup::Resolve for Res<'_, '_> {
    fn link(&self, dest: &str) -> Option<String> {
        if dest.contains("://") || dest.starts_with("mailto:") {
            return Some(dest.to_string());
        }
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with('/') || dest.contains(':') {
            return None;
        }
        let path = dest.split('#').next().unwrap_or(dest);
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let project_path = crate::markdown::join_inside(&self.dir, &path)?;
        let f = self.w.f;
        if f.asset(&project_path).is_some() {
            return Some(urls::absolute(&f.config.base_url, &project_path));
        }
        let links = ForumLinks {
            forum: f,
            project: None,
            i18n: self.w.ctx.i18n,
        };
        links
            .resolve(&project_path, self.w.lang)
            .map(|out| urls::absolute(&f.config.base_url, &out))
    }

    fn image(&mut self, dest: &str) -> Option<String> {
        let path = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
        let project_path = crate::markdown::join_inside(&self.dir, &path)?;
        self.w.image(&project_path)
    }
}

fn join_arr(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => format!("{},", items[0]),
        _ => items.join(", "),
    }
}

fn fmt_mm(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Crop marks at the trim box's corners, in the slug outside the bleed.
fn crop_marks(w: f64, h: f64, bleed: f64, slug: f64) -> String {
    let e = bleed + slug;
    let len = slug - 2.0;
    let mut marks = Vec::new();
    for x in [e, e + w] {
        for y in [0.0, e + h + bleed + 2.0] {
            marks.push(format!(
                "place(top + left, dx: {}mm, dy: {}mm, line(angle: 90deg, length: {}mm, stroke: 0.25pt))",
                fmt_mm(x),
                fmt_mm(y),
                fmt_mm(len)
            ));
        }
    }
    for y in [e, e + h] {
        for x in [0.0, e + w + bleed + 2.0] {
            marks.push(format!(
                "place(top + left, dx: {}mm, dy: {}mm, line(length: {}mm, stroke: 0.25pt))",
                fmt_mm(x),
                fmt_mm(y),
                fmt_mm(len)
            ));
        }
    }
    marks.join("; ")
}
