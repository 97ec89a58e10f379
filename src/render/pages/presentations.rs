//! Render stage: the presentations page.

use serde::Serialize;

use super::{Link, Material, PageScope, RecordingCtx};
use crate::diagnostics::Diagnostic;
use crate::render::context::PageCtx;
use crate::render::format::{asset_size, file_type, human_size};
use crate::render::materials;
use crate::urls::Target;

#[derive(Serialize)]
struct PresentationsCtx {
    page: PageCtx,
    items: Vec<PresentationCtx>,
    /// All the files in one zip archive, when there are files.
    materials: Option<MaterialsCtx>,
}

#[derive(Serialize)]
struct MaterialsCtx {
    href: String,
    /// `1.2 MB`, as the language writes it.
    size: String,
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
    recording: Option<RecordingCtx>,
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
            recording: p.recording.as_ref().map(|r| s.recording(r)),
        })
        .collect();
    s.render(
        "presentations.html",
        &PresentationsCtx {
            page,
            items,
            materials: materials::size(ctx, lang).map(|bytes| MaterialsCtx {
                href: s.file(&materials::path(lang)),
                size: human_size(bytes, ctx.i18n, lang),
            }),
        },
    )
}
