//! Render stage: the speakers page and each speaker's page.

use serde::Serialize;

use super::{Card, Link, Material, PageScope};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::Speaker;
use crate::render::Txt;
use crate::render::context::PageCtx;
use crate::render::format::sort_key;
use crate::render::windows;
use crate::urls::Target;

#[derive(Serialize)]
struct SpeakersCtx {
    page: PageCtx,
    speakers: Vec<Card>,
}

/// Marks each card's link while a long list is rendered a window of
/// speakers at a time (characters a template does not escape).
const CARD_MARKS: windows::Marks = windows::Marks {
    prefix: "\u{E000}foro-card-",
    suffix: "\u{E001}",
};

/// The speakers page. A list longer than one window is rendered a window
/// of cards at a time ([`windows::cut`], each card's link marked), so that
/// the template's context never holds every card (~3 KB each: 150 MB at
/// 50,000 speakers); a theme that shows a card by its place in the list,
/// or not its link exactly once, gets the page rendered whole.
pub fn speakers(s: &PageScope) -> Result<String, Diagnostic> {
    let mut list: Vec<&Speaker> = s.ctx.forum.speakers.iter().collect();
    list.sort_by_cached_key(|p| (sort_key(&p.name), p.id.clone()));
    let page = || s.page(s.t("speakers"), None, None);
    let whole = |list: Vec<&Speaker>| {
        let page = page();
        let speakers = list.into_iter().map(|p| s.card(p)).collect();
        s.render("speakers.html", &SpeakersCtx { page, speakers })
    };
    if list.len() <= windows::WINDOW {
        return whole(list);
    }
    let data = SpeakersCtx {
        page: page(),
        speakers: Vec::new(),
    };
    for p in &list {
        s.note_card(p);
    }
    let base = s.context("speakers.html", &data)?;
    let (ctx, target, style) = (s.ctx, s.target, s.style);
    let mut html = String::new();
    let cut = windows::cut(
        list.len(),
        &CARD_MARKS,
        &|r| {
            let scope = PageScope::new(ctx, target, style);
            let speakers: Vec<Card> = list[r.clone()]
                .iter()
                .zip(r)
                .map(|(p, i)| {
                    let mut card = scope.card(p);
                    card.href.insert_str(0, &CARD_MARKS.of(i));
                    card
                })
                .collect();
            scope.render_part("speakers.html", &base, "speakers", &speakers)
        },
        &mut |_, texts| {
            for t in texts {
                html.push_str(t);
            }
            Ok(())
        },
    );
    match cut {
        Ok(()) => Ok(html),
        Err(windows::Stop::Failed(e)) => Err(e),
        Err(windows::Stop::NotLocal) => whole(list),
    }
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
    let has_bio = s.bio.iter().any(|b| !b.markdown.is_blank());
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
