//! Render stage: the presentations page.

use serde::Serialize;

use super::{Link, Material, PageScope};
use crate::diagnostics::Diagnostic;
use crate::render::context::PageCtx;
use crate::render::format::{asset_size, file_type};
use crate::urls::Target;

#[derive(Serialize)]
struct PresentationsCtx {
    page: PageCtx,
    items: Vec<PresentationCtx>,
}

#[derive(Serialize)]
struct PresentationCtx {
    id: String,
    material: Material,
    file_type: Option<String>,
    size: Option<String>,
    language: Option<String>,
    speakers: Vec<Link>,
    session: Option<Link>,
    summary: Option<String>,
    slides_url: Option<String>,
    video_url: Option<String>,
}

pub fn presentations(s: &PageScope) -> Result<String, Diagnostic> {
    let PageScope { ctx, lang, .. } = *s;
    let f = ctx.forum;
    let page = s.page(s.t("presentations"), None, None);
    let agenda = Target::Agenda(lang.to_string());
    let items = f
        .presentations
        .iter()
        .map(|p| PresentationCtx {
            id: p.id.clone(),
            material: s.material(p),
            file_type: p.file.as_deref().map(file_type),
            size: p
                .file
                .as_ref()
                .map(|file| asset_size(f, file, ctx.i18n, lang)),
            language: p.language.as_ref().map(|l| ctx.i18n.language_name(lang, l)),
            speakers: s.people(&p.speakers),
            session: f.session_of(&p.id).map(|(_, sess)| {
                let title = s.txt(&sess.title);
                Link {
                    href: s.link_to(&agenda, &sess.id),
                    label: title.text,
                    lang: title.lang,
                }
            }),
            summary: s.summary(p),
            slides_url: p.slides_url.clone(),
            video_url: p.video_url.clone(),
        })
        .collect();
    s.render("presentations.html", &PresentationsCtx { page, items })
}
