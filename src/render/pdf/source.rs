//! Render stage: the Typst markup of a PDF, with the images it shows.
//!
//! Every text from the forum goes through [`markup::esc`] (plain text) or
//! [`markup::convert`] (Markdown) and is recorded with the file it comes
//! from, so that a glyph no font has is reported where it is written.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::model::Paper;
use crate::render::Context;
use crate::urls::Target;

mod handout;
mod report;
mod writer;

use writer::Writer;

/// A PDF's Typst source and the files it reads.
pub struct Doc {
    pub source: String,
    pub files: Vec<(String, Vec<u8>)>,
    /// Every text from the forum, with the file it comes from.
    pub texts: Vec<(String, String)>,
    /// The source went over the size asked for and was not finished.
    pub over: bool,
}

/// The markup of the PDF published beside `page`.
/// Writing stops once the source is over `max` bytes ([`Doc::over`]).
pub fn build(ctx: &Context, page: &Target, paper: Paper, max: usize) -> Doc {
    let f = ctx.forum;
    let lang = page
        .lang()
        .and_then(|l| f.lang(l))
        .unwrap_or_else(|| f.default_lang());
    let mut w = Writer::new(ctx, lang, paper);
    w.max = max;
    match page {
        Target::Report(_, slug) => {
            if let Some(d) = ctx.forum.reports.iter().find(|d| &d.slug == slug) {
                report::write(&mut w, d);
            }
        }
        _ => handout::write(&mut w),
    }
    Doc {
        over: w.full(),
        source: w.out,
        files: w.files,
        texts: w.texts,
    }
}

/// A warning for each text holding a character that no font has.
pub fn coverage(fonts: &[typst::text::Font], texts: &[(String, String)]) -> Vec<Diagnostic> {
    let mut known: HashMap<char, bool> = HashMap::new();
    let mut out = Vec::new();
    for (text, origin) in texts {
        let missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .filter(|&c| {
                !*known.entry(c).or_insert_with(|| {
                    // Marks that only shape the letter before them (U+200B..,
                    // variation selectors) need no glyph of their own.
                    matches!(c, '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}')
                        || fonts.iter().any(|f| f.info().coverage.contains(c as u32))
                })
            })
            .collect();
        if let Some(&first) = missing.first() {
            let excerpt: String = text
                .lines()
                .find(|l| l.contains(first))
                .unwrap_or(text)
                .trim()
                .chars()
                .take(60)
                .collect();
            let mut chars: Vec<String> = missing
                .iter()
                .map(|c| format!("U+{:04X}", *c as u32))
                .collect();
            chars.dedup();
            out.push(
                Diagnostic::warning(
                    origin.as_str(),
                    None,
                    format!(
                        "no font of the PDFs has `{first}` ({}) in \"{excerpt}\": it prints as an empty box",
                        chars.join(", ")
                    ),
                )
                .hint("add a font that has these characters to the project's fonts/ folder (.ttf or .otf)"),
            );
        }
    }
    out
}
