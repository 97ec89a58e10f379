//! Render stage: the search page and its index.
//!
//! The index is a script per language (`assets/search-<lang>.js`) that sets
//! `window.FORO_SEARCH`, so search works from `file://` on a USB drive,
//! where nothing can be fetched; a page loads only its own language's.

use rayon::prelude::*;
use serde::Serialize;

use super::context::PageCtx;
use super::{Context, Txt};
use crate::diagnostics::Diagnostic;
use crate::html::text_of;
use crate::model::{DocKind, Lang};
use std::io;

use crate::output::{OutFile, Stager, write_file};
use crate::urls::{self, LinkStyle, Target};

/// Where the index is written.
pub fn index_path(lang: &str) -> String {
    format!("assets/search-{lang}.js")
}

/// The index files of every language, for links written in `style`.
pub fn files(
    ctx: &Context,
    style: &LinkStyle,
    stager: Option<&Stager>,
) -> Vec<io::Result<OutFile>> {
    ctx.forum
        .config
        .languages
        .par_iter()
        .map(|lang| {
            write_file(stager, &index_path(lang), |w| {
                write_index(w, ctx, style, lang)
            })
        })
        .collect()
}

/// How many speakers' entries are made at once (on the build's threads)
/// while an index is written.
const SPEAKERS_AT_ONCE: usize = 1024;

/// The index script of `lang`, written entry by entry, so that an index
/// is never held whole (62 MB per language at 2×50,000 speakers): its
/// entries as JSON in which no `</` can end the script early.
fn write_index(
    w: &mut dyn io::Write,
    ctx: &Context,
    style: &LinkStyle,
    lang: &Lang,
) -> io::Result<()> {
    w.write_all(b"window.FORO_SEARCH = [")?;
    let mut first = true;
    let mut put = |entry: &str| {
        if !std::mem::take(&mut first) {
            w.write_all(b",")?;
        }
        w.write_all(entry.as_bytes())
    };
    let entries = Entries::new(ctx, style, lang);
    for chunk in ctx.forum.speakers.chunks(SPEAKERS_AT_ONCE) {
        let made: Vec<String> = chunk.par_iter().map(|s| entries.speaker(s)).collect();
        made.iter().try_for_each(|e| put(e))?;
    }
    entries.rest(&mut put)?;
    w.write_all(b"];\n")
}

#[derive(Serialize)]
struct Entry {
    /// Language of the page the entry links to.
    l: String,
    /// Kind label in that language.
    k: String,
    /// Title.
    t: String,
    /// Link from the site's root, in the output's link style.
    u: String,
    /// Text searched and shown as a snippet.
    x: String,
}

/// Text kept per entry: enough to find a person by their organisation or
/// topics, small enough that a 5,000-speaker archive's index stays light.
const MAX_TEXT: usize = 1000;

fn clip(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

/// How the entries of one language's index are made, for links written
/// in `style`.
struct Entries<'a> {
    ctx: &'a Context<'a>,
    style: &'a LinkStyle,
    lang: &'a Lang,
    l: String,
    markdown: pulldown_cmark::Options,
}

impl<'a> Entries<'a> {
    fn new(ctx: &'a Context<'a>, style: &'a LinkStyle, lang: &'a Lang) -> Self {
        Entries {
            ctx,
            style,
            lang,
            l: lang.to_string(),
            markdown: crate::markdown::parser_options(ctx.forum.config.markdown),
        }
    }

    fn url(&self, t: &Target, frag: Option<&str>) -> String {
        urls::from_root(&t.path(), frag, self.style)
    }

    fn kind(&self, k: &str) -> String {
        self.ctx.i18n.t(self.lang, k).to_string()
    }

    /// A speaker's entry; a biography's words come from its Markdown, read
    /// no further than an entry holds.
    fn speaker(&self, s: &crate::model::Speaker) -> String {
        let lang = self.lang;
        let get = |x: Option<&crate::model::Localized>| {
            x.map(|v| v.get(lang).text.to_string()).unwrap_or_default()
        };
        let bio =
            crate::markdown::plain_text(&s.bio(lang).0.markdown.read(), self.markdown, MAX_TEXT);
        json(&Entry {
            l: self.l.clone(),
            k: self.ctx.i18n.form(lang, "kind_speaker", &[s.gender]),
            t: s.name.clone(),
            u: self.url(&Target::Speaker(self.l.clone(), s.id.clone()), None),
            x: clip(&format!(
                "{} {} {} {bio}",
                get(s.position.as_ref()),
                get(s.organization.as_ref()),
                get(s.economy.as_ref())
            )),
        })
    }

    /// The entries of the sessions, presentations, pages and reports, in
    /// that order, each given to `put`.
    fn rest(&self, put: &mut dyn FnMut(&str) -> io::Result<()>) -> io::Result<()> {
        let (ctx, lang, l) = (self.ctx, self.lang, &self.l);
        let f = ctx.forum;
        for (_, s) in f.sessions() {
            let desc = ctx
                .prepared
                .descriptions
                .get(&(s.id.clone(), l.clone()))
                .map(|r| text_of(&r.html))
                .unwrap_or_default();
            let people: Vec<&str> = s
                .speakers
                .iter()
                .chain(&s.moderators)
                .filter_map(|id| f.speaker(id))
                .map(|p| p.name.as_str())
                .collect();
            let room = s
                .room
                .as_ref()
                .map(|r| r.get(lang).text.to_string())
                .unwrap_or_default();
            put(&json(&Entry {
                l: l.clone(),
                k: self.kind("kind_session"),
                t: s.title.get(lang).text.to_string(),
                u: self.url(&Target::Agenda(l.clone()), Some(&s.id)),
                x: clip(&format!("{room} {} {desc}", people.join(", "))),
            }))?;
        }
        for p in &f.presentations {
            let sum = ctx
                .prepared
                .summaries
                .get(&(p.id.clone(), l.clone()))
                .map(|r| text_of(&r.html))
                .unwrap_or_default();
            let people: Vec<&str> = p
                .speakers
                .iter()
                .filter_map(|id| f.speaker(id))
                .map(|x| x.name.as_str())
                .collect();
            put(&json(&Entry {
                l: l.clone(),
                k: self.kind("kind_presentation"),
                t: p.title.get(lang).text.to_string(),
                u: self.url(&Target::Presentations(l.clone()), Some(&p.id)),
                x: clip(&format!("{} {sum}", people.join(", "))),
            }))?;
        }
        for d in f.pages.iter().chain(&f.reports) {
            let text = ctx
                .prepared
                .docs
                .get(&(d.kind, d.slug.clone(), l.clone()))
                .map(|r| text_of(&r.html))
                .unwrap_or_default();
            put(&json(&Entry {
                l: l.clone(),
                k: self.kind(if d.kind == DocKind::Page {
                    "kind_page"
                } else {
                    "kind_report"
                }),
                t: d.version(lang).0.title.clone(),
                u: self.url(&Target::doc(d.kind, lang, &d.slug), None),
                x: clip(&text),
            }))?;
        }
        Ok(())
    }
}

/// An entry as JSON in a script: `</` written `<\/`, so that no text
/// closes the script.
fn json(e: &Entry) -> String {
    let json = serde_json::to_string(e).unwrap_or_else(|_| "{}".into());
    if json.contains("</") {
        json.replace("</", "<\\/")
    } else {
        json
    }
}

#[derive(Serialize)]
struct SearchCtx {
    page: PageCtx,
    /// From this page to the site's root, for the index's links.
    root: String,
    label: Txt,
}

/// The search page of one language.
pub fn page(scope: &super::pages::PageScope) -> Result<String, Diagnostic> {
    let (ctx, lang, style) = (scope.ctx, scope.lang, scope.style);
    let from = scope.target.path();
    let title = ctx.i18n.t(lang, "search").to_string();
    let mut page = scope.page(&title, None, None);
    page.js
        .insert(0, urls::link(&from, &index_path(lang), style));
    let root = urls::root(&from, style);
    let label = Txt::plain(ctx.i18n.t(lang, "search_label"));
    scope.render("search.html", &SearchCtx { page, root, label })
}
