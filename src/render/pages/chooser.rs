//! Render stage: the language chooser at the root of the site.

use serde::Serialize;

use super::PageScope;
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use crate::render::Txt;
use crate::render::context::PageCtx;
use crate::urls::Target;

#[derive(Serialize)]
struct ChooserCtx {
    page: PageCtx,
    choices: Vec<Choice>,
    logos: Vec<Logo>,
}

#[derive(Serialize)]
pub struct Choice {
    pub lang: String,
    pub href: String,
    pub autonym: String,
    pub title: Txt,
    pub prompt: String,
    /// Dates and place in that language ("21 y 22 de septiembre de 2017 ·
    /// Lima, Perú").
    pub meta: String,
}

/// An organizer on the pages in no language of their own (the chooser and
/// the 404 page): its logo, and its name in each language where it reads
/// differently, each marked with the language it is written in.
#[derive(Serialize)]
pub struct Logo {
    pub src: Option<String>,
    /// The name in the default language: the logo's `alt`.
    pub name: Named,
    /// The name in the other languages where it differs (shown to screen
    /// readers after the logo, or as text beside the first name).
    pub more: Vec<Named>,
}

#[derive(Serialize)]
pub struct Named {
    pub lang: String,
    pub text: String,
}

/// The forum's organizers, named in every language of the forum.
pub fn logos(s: &PageScope) -> Vec<Logo> {
    let c = &s.ctx.forum.config;
    let order = s.order();
    c.organizers
        .iter()
        .map(|o| {
            let mut names: Vec<Named> = Vec::new();
            for l in order {
                let r = o.name.get(l);
                if !names.iter().any(|n| n.text == r.text) {
                    names.push(Named {
                        lang: r.lang.to_string(),
                        text: r.text.to_string(),
                    });
                }
            }
            let name = names.remove(0);
            Logo {
                src: o.logo.as_deref().map(|path| s.file(path)),
                name,
                more: names,
            }
        })
        .collect()
}

/// The dates and place of the forum written in `lang`.
pub fn meta(s: &PageScope, lang: &Lang) -> String {
    let c = &s.ctx.forum.config;
    format!(
        "{} · {}, {}",
        s.ctx.i18n.date_range(lang, c.start, c.end),
        c.venue.city.get(lang).text,
        c.venue.country.get(lang).text
    )
}

pub fn chooser(s: &PageScope) -> Result<String, Diagnostic> {
    let ctx = s.ctx;
    let f = ctx.forum;
    let mut page = s.page("", None, None);
    page.canonical.clone_from(&f.config.base_url);
    page.body_class = "chooser".into();
    let order = &f.config.languages;
    // Every reader finds their language in the tab's title.
    let titles: Vec<&str> = order
        .iter()
        .map(|l| {
            f.config
                .short_title
                .as_ref()
                .unwrap_or(&f.config.title)
                .get(l)
                .text
        })
        .collect();
    page.head_title = titles.join(" · ");
    let choices = order
        .iter()
        .map(|l| Choice {
            lang: l.to_string(),
            href: s.link(&Target::Home(l.to_string())),
            autonym: ctx.i18n.autonym(l),
            title: Txt::new(&f.config.title, l),
            prompt: ctx.i18n.t(l, "choose_language").to_string(),
            meta: meta(s, l),
        })
        .collect();
    let logos = logos(s);
    s.render(
        "chooser.html",
        &ChooserCtx {
            page,
            choices,
            logos,
        },
    )
}
