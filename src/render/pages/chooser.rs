//! Render stage: the language chooser at the root of the site.

use serde::Serialize;

use super::PageScope;
use crate::diagnostics::Diagnostic;
use crate::render::Txt;
use crate::render::context::PageCtx;
use crate::urls::Target;

#[derive(Serialize)]
struct ChooserCtx {
    page: PageCtx,
    choices: Vec<Choice>,
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

/// The dates and place of the forum written in `lang`.
pub fn meta(s: &PageScope, lang: &str) -> String {
    let c = &s.ctx.forum.config;
    let order = s.order();
    format!(
        "{} · {}, {}",
        s.ctx.i18n.date_range(lang, c.start, c.end),
        c.venue.city.get(lang, order).text,
        c.venue.country.get(lang, order).text
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
                .get(l, order)
                .text
        })
        .collect();
    page.head_title = titles.join(" · ");
    let choices = order
        .iter()
        .map(|l| Choice {
            lang: l.clone(),
            href: s.link(&Target::Home(l.clone())),
            autonym: ctx.i18n.autonym(l),
            title: Txt::new(&f.config.title, l, order),
            prompt: ctx.i18n.t(l, "choose_language").to_string(),
            meta: meta(s, l),
        })
        .collect();
    s.render("chooser.html", &ChooserCtx { page, choices })
}
