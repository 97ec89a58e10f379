//! Render stage: the USB bundle, opened by double-clicking `index.html`.
//!
//! The site's pages with every link relative and ending in a file, the
//! search index as a script, `README.txt` and `LEEME.txt`, and
//! `MANIFEST.sha256` over every other file (added by the output steps this
//! output asks for, [`Step::Manifest`]). Names and sizes are checked against
//! what FAT32 and exFAT drives hold ([`Step::FatNames`]) before the bundle
//! replaces the previous one.

use super::site::{self, shared_files};
use super::{Context, Output, Stager, put_all};
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use crate::output::OutFile;
use crate::steps::Step;
use crate::urls::{LinkStyle, Target};

pub struct Usb;

impl Output for Usb {
    fn folder(&self) -> &'static str {
        "usb"
    }

    fn link_style(&self) -> LinkStyle {
        LinkStyle::File
    }

    fn targets(&self, ctx: &Context) -> Vec<Target> {
        site::targets(ctx)
            .into_iter()
            .filter(|t| *t != Target::NotFound)
            .collect()
    }

    fn extras(
        &self,
        ctx: &Context,
        _targets: &[Target],
        stager: Option<&Stager>,
    ) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let mut files = super::both(
            site::search_files(ctx, &self.link_style(), stager),
            super::schedule::files(ctx, stager),
        )?;
        files.extend(shared_files(ctx));
        files.extend(super::materials::files(ctx));
        files.extend(readmes(ctx));
        put_all(stager, files)
    }

    fn steps(&self) -> &'static [Step] {
        &[Step::FatNames, Step::Manifest]
    }
}

fn text_file(path: &str, text: &str) -> OutFile {
    OutFile::bytes(path, text.as_bytes())
}

/// The read-me files of the drive, one per language of the forum, named
/// and written from the theme's UI strings (`readme_file`: README.txt,
/// LEEME.txt); a name two languages share gets the language
/// (`README.pt.txt`).
fn readmes(ctx: &Context) -> Vec<OutFile> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for lang in &ctx.forum.config.languages {
        let mut name = ctx.i18n.t(lang, "readme_file").to_string();
        if taken.contains(&name) || name.is_empty() || name.contains(['/', '\\']) {
            name = format!("README.{lang}.txt");
        }
        taken.push(name.clone());
        out.push(text_file(&name, &readme(ctx, lang)));
    }
    out
}

/// One language's read-me: what the drive holds and how to open it.
fn readme(ctx: &Context, lang: &Lang) -> String {
    let f = ctx.forum;
    let order = &f.config.languages;
    let c = &f.config;
    let t = |k: &str| ctx.i18n.t(lang, k).to_string();
    let title = c.title.get(lang).text;
    let dates = ctx.i18n.date_range(lang, c.start, c.end);
    let venue = format!(
        "{}, {}, {}",
        c.venue.name.get(lang).text,
        c.venue.city.get(lang).text,
        c.venue.country.get(lang).text
    );
    let langs: Vec<String> = order.iter().map(|l| format!("{l}/")).collect();
    let handouts: Vec<String> = order
        .iter()
        .map(|l| format!("{l}/handout/index.html"))
        .collect();
    let item = |s: String| format!("- {}", wrap(&s, 70).replace('\n', "\n  "));
    let text = [
        format!("{title}\n{dates} · {venue}"),
        wrap(&t("readme_intro"), 72),
        format!("{}\n{}", t("readme_how_title"), wrap(&t("readme_how"), 72)),
        [
            t("readme_contents_title"),
            item(t("readme_index")),
            item(
                ctx.i18n
                    .fill(lang, "readme_sites", &[("folders", &langs.join(", "))]),
            ),
            item(
                ctx.i18n
                    .fill(lang, "readme_handouts", &[("files", &handouts.join(", "))]),
            ),
            item(t("readme_files")),
            item(t("readme_manifest")),
        ]
        .join("\n"),
        wrap(&t("readme_verify"), 72),
        ctx.i18n.fill(lang, "readme_web", &[("url", &c.base_url)]),
    ]
    .join("\n\n")
        + "\n";
    // Windows' Notepad reads CRLF everywhere.
    text.replace('\n', "\r\n")
}

/// Breaks `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}
