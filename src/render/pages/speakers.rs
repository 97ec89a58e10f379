//! Render stage: the speakers page and each speaker's page.

use serde::Serialize;

use super::{Card, Link, Material, PageScope};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::Speaker;
use crate::render::Txt;
use crate::render::context::PageCtx;
use crate::render::format::sort_key;
use crate::urls::Target;

#[derive(Serialize)]
struct SpeakersCtx {
    page: PageCtx,
    speakers: Vec<Card>,
}

pub fn speakers(s: &PageScope) -> Result<String, Diagnostic> {
    let page = s.page(s.t("speakers"), None, None);
    let mut list: Vec<&Speaker> = s.ctx.forum.speakers.iter().collect();
    list.sort_by_cached_key(|p| (sort_key(&p.name), p.id.clone()));
    let speakers = list.into_iter().map(|p| s.card(p)).collect();
    s.render("speakers.html", &SpeakersCtx { page, speakers })
}

#[derive(Serialize)]
struct SpeakerCtx {
    page: PageCtx,
    speaker: Card,
    bio: String,
    bio_lang: Option<String>,
    links: Vec<Link>,
    sessions: Vec<SpeakerSession>,
    presentations: Vec<Material>,
}

#[derive(Serialize)]
struct SpeakerSession {
    href: String,
    title: Txt,
    when: String,
    role: Option<String>,
}

pub fn speaker(scope: &PageScope, id: &str) -> Result<String, Diagnostic> {
    let PageScope { ctx, lang, .. } = *scope;
    let f = ctx.forum;
    let s = f
        .speaker(id)
        .ok_or_else(|| Diagnostic::error("", None, format!("no speaker `{id}`")))?;
    let (bio, bio_fallback) = s.bio(lang);
    let shown = bio_fallback.then(|| bio.lang.clone());
    let description = s.position.as_ref().map(|p| {
        let org = s
            .organization
            .as_ref()
            .map(|o| format!(", {}", o.get(lang).text))
            .unwrap_or_default();
        format!("{}{org}", p.get(lang).text)
    });
    let has_bio = s.bio.iter().any(|b| !b.markdown.trim().is_empty());
    let page = scope.page(
        &s.name,
        description.as_deref(),
        shown.as_deref().filter(|_| has_bio),
    );
    let agenda = Target::Agenda(lang.to_string());
    let sessions = f
        .sessions_of(id)
        .filter_map(|(d, sess)| {
            let role = if sess.speakers.iter().any(|x| x == id) {
                None
            } else if sess.moderators.iter().any(|x| x == id) {
                Some(scope.label("moderators_label", std::slice::from_ref(&s.id)))
            } else {
                return None;
            };
            Some(SpeakerSession {
                href: scope.link_to(&agenda, &sess.id),
                title: scope.txt(&sess.title),
                when: format!(
                    "{}, {}–{}",
                    ctx.i18n.date_heading(lang, d.date),
                    I18n::time(sess.start),
                    I18n::time(sess.end)
                ),
                role,
            })
        })
        .collect();
    let presentations = f.presentations_of(id).map(|p| scope.material(p)).collect();
    let data = SpeakerCtx {
        speaker: scope.card(s),
        bio: scope.bio(s).unwrap_or_default().into_owned(),
        bio_lang: shown,
        links: s
            .links
            .iter()
            .map(|l| {
                let label = scope.txt(&l.label);
                Link {
                    href: l.url.clone(),
                    label: label.text,
                    lang: label.lang,
                }
            })
            .collect(),
        sessions,
        presentations,
        page,
    };
    scope.render("speaker.html", &data)
}
