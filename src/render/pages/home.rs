//! Render stage: the home page of a language.

use serde::Serialize;

use super::{NavItem, PageScope};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::Lang;
use crate::render::Context;
use crate::render::Txt;
use crate::render::context::PageCtx;
use crate::urls::Target;
#[derive(Serialize)]
struct HomeCtx {
    page: PageCtx,
    venue: VenueCtx,
    livestream: Option<LivestreamCtx>,
    agenda_href: String,
    speakers_href: String,
    days: Vec<DaySummary>,
    pages: Vec<NavItem>,
    project_number: Option<String>,
    /// JSON for the "now / next" box, read by foro.js.
    schedule_json: String,
    /// The participants' surveys, shown during and after the forum.
    surveys: Vec<super::surveys::SurveyLink>,
    /// The forum's reports with their status (draft or final).
    reports: Vec<super::documents::ReportLink>,
}

#[derive(Serialize)]
struct VenueCtx {
    name: Txt,
    address: Txt,
    city: Txt,
    country: Txt,
    map_url: Option<String>,
}

#[derive(Serialize)]
struct LivestreamCtx {
    url: String,
    note: Option<Txt>,
}

#[derive(Serialize)]
struct DaySummary {
    date: String,
    title: Option<Txt>,
    href: String,
}

pub fn home(s: &PageScope) -> Result<String, Diagnostic> {
    let PageScope { ctx, lang, .. } = *s;
    let f = ctx.forum;
    let link = |t: &Target| s.link(t);
    let title = ctx.i18n.t(lang, "home").to_string();
    let page = s.page(&title, None, None);
    let agenda = Target::Agenda(lang.to_string());
    let c = &f.config;
    let home = HomeCtx {
        venue: VenueCtx {
            name: s.txt(&c.venue.name),
            address: s.txt(&c.venue.address),
            city: s.txt(&c.venue.city),
            country: s.txt(&c.venue.country),
            map_url: c.venue.map_url.clone(),
        },
        livestream: c.livestream.as_ref().map(|l| LivestreamCtx {
            url: l.url.clone(),
            note: s.opt(l.note.as_ref()),
        }),
        agenda_href: link(&agenda),
        speakers_href: link(&Target::Speakers(lang.to_string())),
        days: f
            .agenda
            .days
            .iter()
            .map(|d| DaySummary {
                date: ctx.i18n.date_heading(lang, d.date),
                title: s.opt(d.title.as_ref()),
                href: format!("{}#{}", link(&agenda), day_id(d.date)),
            })
            .collect(),
        pages: f
            .pages
            .iter()
            .map(|d| {
                let (v, fell) = d.version(lang);
                NavItem {
                    href: link(&Target::Page(lang.to_string(), d.slug.clone())),
                    label: v.title.clone(),
                    lang: fell.then(|| v.body.lang.clone()),
                    current: false,
                }
            })
            .collect(),
        project_number: c.project.as_ref().and_then(|p| p.number.clone()),
        schedule_json: now_next_json(ctx, lang, &link(&agenda)),
        surveys: super::surveys::links(s),
        reports: super::documents::report_links(s),
        page,
    };
    s.render("home.html", &home)
}

pub fn day_id(d: jiff::civil::Date) -> String {
    format!("day-{d}")
}

/// Sessions (breaks left out) with their UTC start and end, for the
/// "now / next" box of the home page and the marks of the agenda (foro.js).
pub(super) fn now_next_json(ctx: &Context, lang: &Lang, agenda_href: &str) -> String {
    let f = ctx.forum;
    let Ok(tz) = jiff::tz::TimeZone::get(&f.config.timezone) else {
        return "[]".into();
    };
    let ms = |d: jiff::civil::Date, t: jiff::civil::Time| {
        d.to_datetime(t)
            .to_zoned(tz.clone())
            .map_or(0, |z| z.timestamp().as_millisecond())
    };
    let items: Vec<serde_json::Value> = f
        .sessions()
        .filter(|(_, s)| s.kind != crate::model::SessionKind::Break)
        .map(|(d, s)| {
            serde_json::json!({
                "id": s.id,
                "start": ms(d.date, s.start),
                "end": ms(d.date, s.end),
                "time": format!("{}–{}", I18n::time(s.start), I18n::time(s.end)),
                "title": s.title.get(lang).text,
                "href": format!("{agenda_href}#{}", s.id),
            })
        })
        .collect();
    // Inside a <script> element `</script>` would close it and `<!--` would
    // swallow the rest of the page: no `<` at all (JSON reads `\u003c` as `<`).
    serde_json::to_string(&items)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}
