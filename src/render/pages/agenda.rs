//! Render stage: the agenda page (days, parallel sessions in slots).

use serde::Serialize;

use super::home::{day_id, now_next_json};
use super::{PageScope, SessionCtx};
use crate::diagnostics::Diagnostic;
use crate::model::Session;
use crate::render::Txt;
use crate::render::context::PageCtx;
#[derive(Serialize)]
struct AgendaCtx {
    page: PageCtx,
    timezone_note: String,
    days: Vec<DayCtx>,
    livestream_url: Option<String>,
    /// The sessions' UTC start and end, for foro.js to mark the session
    /// running now and the next one.
    schedule_json: String,
}

#[derive(Serialize)]
struct DayCtx {
    id: String,
    date: String,
    title: Option<Txt>,
    sessions: Vec<SessionCtx>,
    /// The same sessions grouped by start time: parallel sessions share a slot.
    slots: Vec<SlotCtx>,
}

/// Sessions that start at the same time (in different rooms).
#[derive(Serialize)]
struct SlotCtx {
    start: String,
    /// The slot's end, when all its sessions end together.
    end: Option<String>,
    sessions: Vec<SessionCtx>,
}

/// Groups sessions sorted by start time into slots.
fn slots(sessions: &[SessionCtx]) -> Vec<SlotCtx> {
    let mut out: Vec<SlotCtx> = Vec::new();
    for s in sessions {
        match out.last_mut() {
            Some(slot) if slot.start == s.start => {
                if slot.end.as_deref() != Some(s.end.as_str()) {
                    slot.end = None;
                }
                slot.sessions.push(s.clone());
            }
            _ => out.push(SlotCtx {
                start: s.start.clone(),
                end: Some(s.end.clone()),
                sessions: vec![s.clone()],
            }),
        }
    }
    out
}

pub fn agenda(scope: &PageScope) -> Result<String, Diagnostic> {
    let PageScope { ctx, lang, .. } = *scope;
    let f = ctx.forum;
    let title = ctx.i18n.t(lang, "agenda").to_string();
    let page = scope.page(&title, None, None);
    let mut days: Vec<DayCtx> = f
        .agenda
        .days
        .iter()
        .map(|d| {
            let mut sessions: Vec<&Session> = d.sessions.iter().collect();
            sessions.sort_by_key(|s| (s.start, s.end));
            DayCtx {
                id: day_id(d.date),
                date: ctx.i18n.date_heading(lang, d.date),
                title: scope.opt(d.title.as_ref()),
                sessions: sessions.into_iter().map(|s| scope.session(s)).collect(),
                slots: Vec::new(),
            }
        })
        .collect();
    for d in &mut days {
        d.slots = slots(&d.sessions);
    }
    let agenda = AgendaCtx {
        timezone_note: scope.timezone_note(),
        days,
        livestream_url: f.config.livestream.as_ref().map(|l| l.url.clone()),
        schedule_json: now_next_json(
            ctx,
            lang,
            &scope.link(&crate::urls::Target::Agenda(lang.to_string())),
        ),
        page,
    };
    scope.render("agenda.html", &agenda)
}
