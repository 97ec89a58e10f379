//! Render stage: the agenda exported for calendar and conference apps.
//!
//! From the same immutable [`Context`] as the pages, [`files`] makes
//! `schedule.ics` (RFC 5545) and one `schedule/<session-id>.ics` per
//! session, and per language `<lang>/schedule.xml` (the frab/c3voc schedule
//! XML) and `<lang>/schedule.json` (the c3voc schedule JSON; the default
//! language's is also at `schedule.json`). Agenda times are local times in
//! `forum.timezone`; every conversion goes through jiff's time zone
//! database, never a hand-written offset. Everything here is derived from
//! the forum's files only, so the same input gives the same bytes.

mod data;
mod frab;
mod ics;
mod xml;

pub use self::data::{ICS, JSON, json_path, session_ics, xml_path};
use self::data::{Item, Schedule};
use super::Context;
use crate::output::{Content, OutFile};

/// Every schedule export of the forum; the web and USB outputs both call it.
pub fn files(ctx: &Context) -> Vec<OutFile> {
    let Some(s) = Schedule::new(ctx) else {
        // The time zone is checked when forum.yaml is loaded; nothing to export.
        return Vec::new();
    };
    let file = |path: String, text: String| OutFile {
        path,
        content: Content::Bytes(text.into_bytes()),
    };
    let all: Vec<&Item> = s.items.iter().collect();
    let mut out = vec![file(ICS.into(), ics::calendar(&s, &all))];
    out.extend(
        s.items
            .iter()
            .map(|i| file(session_ics(&i.session.id), ics::calendar(&s, &[i]))),
    );
    let default = ctx.forum.default_lang();
    for lang in &ctx.forum.config.languages {
        let doc = frab::document(&s, lang);
        out.push(file(xml_path(lang), xml::schedule(&doc, &s, lang)));
        let json = frab::json(&doc);
        if lang == default {
            out.push(file(JSON.into(), json.clone()));
        }
        out.push(file(json_path(lang), json));
    }
    out
}
