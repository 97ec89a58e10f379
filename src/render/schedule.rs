//! Render stage: the agenda exported for calendar and conference apps.
//!
//! From the same immutable [`Context`] as the pages, [`files`] makes per
//! language `<lang>/schedule.ics` (RFC 5545) and one
//! `<lang>/schedule/<session-id>.ics` per session, `<lang>/schedule.xml`
//! (the frab/c3voc schedule XML) and `<lang>/schedule.json` (the c3voc
//! schedule JSON); the default language's calendars and JSON are also at
//! the root (`schedule.ics`, `schedule/<session-id>.ics`, `schedule.json`). Agenda times are local times in
//! `forum.timezone`; every conversion goes through jiff's time zone
//! database, never a hand-written offset. Everything here is derived from
//! the forum's files only, so the same input gives the same bytes.

mod data;
mod frab;
mod ics;
mod xml;

pub use self::data::{ICS, JSON, ics_path, json_path, session_ics, session_ics_in, xml_path};
use self::data::{Item, Schedule};
use super::{Context, Stager, all_or_errors, put_now};
use crate::diagnostics::Diagnostic;
use crate::output::OutFile;

/// Every schedule export of the forum; the web and USB outputs both call
/// it. With a `stager`, each file is written as soon as it is made (a
/// forum's schedules are ~100 MB at 6,250 sessions), and only its record
/// is kept.
pub fn files(ctx: &Context, stager: Option<&Stager>) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let Some(s) = Schedule::new(ctx) else {
        // The time zone is checked when forum.yaml is loaded; nothing to export.
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut file =
        |path: String, text: String| out.push(put_now(stager, OutFile::bytes(path, text)));
    let all: Vec<&Item> = s.items.iter().collect();
    let default = ctx.forum.default_lang();
    for lang in &ctx.forum.config.languages {
        let whole = ics::calendar(&s, &all, lang);
        if lang == default {
            file(ICS.into(), whole.clone());
        }
        file(ics_path(lang), whole);
        for i in &s.items {
            let one = ics::calendar(&s, &[i], lang);
            if lang == default {
                file(session_ics(&i.session.id), one.clone());
            }
            file(session_ics_in(lang, &i.session.id), one);
        }
        let doc = frab::document(&s, lang);
        file(xml_path(lang), xml::schedule(&doc, &s, lang));
        let json = frab::json(&doc);
        if lang == default {
            file(JSON.into(), json.clone());
        }
        file(json_path(lang), json);
    }
    all_or_errors(out)
}
