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
}

pub fn chooser(s: &PageScope) -> Result<String, Diagnostic> {
    let ctx = s.ctx;
    let f = ctx.forum;
    let mut page = s.page("", None, None);
    page.canonical.clone_from(&f.config.base_url);
    page.body_class = "chooser".into();
    page.head_title.clone_from(&page.site_title.text);
    let order = &f.config.languages;
    let choices = order
        .iter()
        .map(|l| Choice {
            lang: l.clone(),
            href: s.link(&Target::Home(l.clone())),
            autonym: ctx.i18n.autonym(l),
            title: Txt::new(&f.config.title, l, order),
            prompt: ctx.i18n.t(l, "choose_language").to_string(),
        })
        .collect();
    s.render("chooser.html", &ChooserCtx { page, choices })
}
