//! Render stage: the error page (404), served at any missing address.

use serde::Serialize;

use super::PageScope;
use super::chooser::{Choice, Logo};
use crate::diagnostics::Diagnostic;
use crate::render::Txt;
use crate::render::context::PageCtx;
use crate::urls::Target;

#[derive(Serialize)]
struct NotFoundCtx {
    page: PageCtx,
    homes: Vec<Choice>,
    logos: Vec<Logo>,
}

pub fn not_found(s: &PageScope) -> Result<String, Diagnostic> {
    let ctx = s.ctx;
    let f = ctx.forum;
    let title = s.t("not_found_title");
    let mut page = s.page(title, None, None);
    page.body_class = "not-found".into();
    let order = &f.config.languages;
    let titles: Vec<&str> = order
        .iter()
        .map(|l| ctx.i18n.t(l, "not_found_title"))
        .collect();
    page.head_title = titles.join(" · ");
    // Served at any missing address: it is nobody's canonical page and has
    // no alternates.
    page.canonical = String::new();
    page.alternates.clear();
    page.x_default = String::new();
    let homes = order
        .iter()
        .map(|l| Choice {
            lang: l.to_string(),
            href: s.link(&Target::Home(l.to_string())),
            autonym: ctx.i18n.autonym(l),
            title: Txt::plain(ctx.i18n.t(l, "not_found_title")),
            prompt: format!(
                "{} — {}",
                ctx.i18n.t(l, "not_found_text"),
                ctx.i18n.t(l, "back_home")
            ),
            meta: super::chooser::meta(s, l),
        })
        .collect();
    let logos = super::chooser::logos(s);
    s.render("404.html", &NotFoundCtx { page, homes, logos })
}
