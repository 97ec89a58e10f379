//! The agenda resolved once for every schedule export (zoned times, stable
//! ids, plain text of descriptions) and the exports' file names; the
//! formats in the sibling modules read it.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use jiff::Zoned;
use jiff::tz::TimeZone;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use uuid::Uuid;

use crate::model::{Day, Lang, Session, SessionKind};
use crate::render::Context;
use crate::urls::{self, Target};

/// The whole agenda as one calendar in the default language, at the
/// output's root.
pub const ICS: &str = "schedule.ics";

/// The whole agenda as one calendar in `lang`.
pub fn ics_path(lang: &str) -> String {
    format!("{lang}/schedule.ics")
}

/// The calendar file of one session in `lang`.
pub fn session_ics_in(lang: &str, session_id: &str) -> String {
    format!("{lang}/schedule/{session_id}.ics")
}
/// The default language's schedule JSON, at the output's root.
pub const JSON: &str = "schedule.json";

/// The calendar file of one session in the default language.
pub fn session_ics(session_id: &str) -> String {
    format!("schedule/{session_id}.ics")
}

/// The frab/c3voc schedule XML of one language.
pub fn xml_path(lang: &str) -> String {
    format!("{lang}/schedule.xml")
}

/// The c3voc schedule JSON of one language.
pub fn json_path(lang: &str) -> String {
    format!("{lang}/schedule.json")
}

/// The agenda resolved once for every export: zoned times and stable ids.
pub(crate) struct Schedule<'a> {
    pub ctx: &'a Context<'a>,
    pub tz: TimeZone,
    /// Sessions in time order.
    pub items: Vec<Item<'a>>,
    /// The UUID (v5) namespace of this forum, from its base URL.
    pub namespace: Uuid,
    pub acronym: String,
    /// Speaker id → (guid, numeric id) for the `persons` of events.
    pub person_ids: BTreeMap<String, (Uuid, u32)>,
    /// Changes whenever a session's time, room or title changes.
    pub version: String,
}

/// One session, with its times in the forum's time zone.
pub(crate) struct Item<'a> {
    pub day: &'a Day,
    pub session: &'a Session,
    pub start: Zoned,
    pub end: Zoned,
    /// Stable across rebuilds: v5 of the forum's namespace and the session id.
    pub guid: Uuid,
    /// Positive and stable across rebuilds (derived from `guid`).
    pub id: u32,
}

impl<'a> Schedule<'a> {
    pub fn new(ctx: &'a Context<'a>) -> Option<Schedule<'a>> {
        let f = ctx.forum;
        let tz = TimeZone::get(&f.config.timezone).ok()?;
        let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, f.config.base_url.as_bytes());
        let guid =
            |kind: &str, id: &str| Uuid::new_v5(&namespace, format!("{kind}:{id}").as_bytes());
        let sessions: Vec<(&Day, &Session)> = f.sessions().collect();
        let guids: Vec<Uuid> = sessions
            .iter()
            .map(|(_, s)| guid("session", &s.id))
            .collect();
        let ids = numeric_ids(&guids);
        let mut items: Vec<Item> = sessions
            .into_iter()
            .zip(guids.into_iter().zip(ids))
            .filter_map(|((day, session), (guid, id))| {
                let at = |t| day.date.to_datetime(t).to_zoned(tz.clone()).ok();
                Some(Item {
                    day,
                    session,
                    start: at(session.start)?,
                    end: at(session.end)?,
                    guid,
                    id,
                })
            })
            .collect();
        items.sort_by(|a, b| (&a.start, &a.end).cmp(&(&b.start, &b.end)));
        let person_guids: Vec<Uuid> = f.speakers.iter().map(|p| guid("speaker", &p.id)).collect();
        let person_ids = f
            .speakers
            .iter()
            .zip(person_guids.iter().copied().zip(numeric_ids(&person_guids)))
            .map(|(p, ids)| (p.id.clone(), ids))
            .collect();
        let default = f.default_lang();
        let mut fingerprint = String::new();
        for i in &items {
            let _ = writeln!(
                fingerprint,
                "{}|{}|{}|{}|{}",
                i.session.id,
                i.start.timestamp(),
                i.end.timestamp(),
                i.session.room.as_ref().map_or("", |r| r.get(default).text),
                i.session.title.get(default).text,
            );
        }
        let version = Uuid::new_v5(&namespace, fingerprint.as_bytes())
            .simple()
            .to_string()[..12]
            .to_string();
        Some(Schedule {
            acronym: acronym(
                &f.config.base_url,
                f.config
                    .short_title
                    .as_ref()
                    .unwrap_or(&f.config.title)
                    .get(default)
                    .text,
            ),
            ctx,
            tz,
            items,
            namespace,
            person_ids,
            version,
        })
    }

    /// The session's place on the agenda page of `lang`, as an absolute URL.
    pub fn session_url(&self, lang: &str, session_id: &str) -> String {
        let base = &self.ctx.forum.config.base_url;
        format!(
            "{}#{session_id}",
            urls::absolute(base, &Target::Agenda(lang.to_string()).path())
        )
    }

    /// The session's room in `lang`, or the venue's name when it has none.
    pub fn room(&self, s: &Session, lang: &Lang) -> String {
        let c = &self.ctx.forum.config;
        s.room
            .as_ref()
            .unwrap_or(&c.venue.name)
            .get(lang)
            .text
            .to_string()
    }

    /// The session's description in `lang` as plain text.
    pub fn abstract_text(s: &Session, lang: &Lang) -> String {
        s.description
            .as_ref()
            .map_or_else(String::new, |d| plain_text(d.get(lang).text))
    }

    /// Names of the session's speakers, then of its moderators.
    pub fn people<'s>(&'s self, s: &'s Session) -> impl Iterator<Item = (&'s str, &'s str)> + 's {
        let f = self.ctx.forum;
        let mut seen = HashSet::new();
        s.speakers
            .iter()
            .chain(&s.moderators)
            .filter(move |id| seen.insert(id.as_str()))
            .filter_map(move |id| f.speaker(id).map(|p| (p.id.as_str(), p.name.as_str())))
    }

    /// The kind's label in `lang` ("Keynote", "Conferencia magistral").
    pub fn kind_label(&self, kind: SessionKind, lang: &Lang) -> String {
        self.ctx
            .i18n
            .t(lang, &format!("kind_{}", kind.name()))
            .to_string()
    }
}

/// Positive 7-digit ids from UUIDs, unique within the list: the same UUID
/// gives the same id unless an earlier one took it (then the next free one).
fn numeric_ids(guids: &[Uuid]) -> Vec<u32> {
    const LOW: u32 = 1_000_000;
    const SPAN: u32 = 9_000_000;
    let mut used = HashSet::new();
    guids
        .iter()
        .map(|g| {
            let b = g.as_bytes();
            let mut id = LOW + u32::from_be_bytes([b[0], b[1], b[2], b[3]]) % SPAN;
            while !used.insert(id) {
                id = LOW + (id - LOW + 1) % SPAN;
            }
            id
        })
        .collect()
}

/// A conference acronym for the schedule formats (`[a-z0-9_]{4,}`, which
/// both the XML schema and the JSON schema accept): the last folder of the
/// base URL, else the short title, else the host name.
pub(crate) fn acronym(base_url: &str, short_title: &str) -> String {
    let path = urls::base_path(base_url);
    let last = path.split('/').rfind(|s| !s.is_empty()).unwrap_or("");
    let clean = |s: &str| -> String {
        if s.chars().any(char::is_alphanumeric) {
            crate::slug::suggest_id(s).replace('-', "_")
        } else {
            String::new()
        }
    };
    [last, short_title, &host(base_url)]
        .into_iter()
        .map(clean)
        .find(|a| a.len() >= 4)
        .unwrap_or_else(|| "forum".into())
}

/// The host of an absolute URL (`https://www.gob.pe/foro/` → `www.gob.pe`).
pub(crate) fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Markdown as plain text for calendars and apps: paragraphs separated by
/// a blank line, list items on their own lines, the address of external
/// links kept after their text, raw HTML dropped.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for ev in Parser::new_ext(markdown, opts) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak
            | Event::Rule
            | Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push('\n');
            }
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                match lists.last_mut() {
                    Some(Some(n)) => {
                        let _ = write!(out, "{n}. ");
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop().filter(|u| u.starts_with("http")) {
                    if !out.ends_with(url.as_str()) {
                        let _ = write!(out, " <{url}>");
                    }
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) => out.push_str("\n\n"),
            _ => {}
        }
    }
    // Tidy: no trailing spaces, at most one blank line in a row.
    let mut tidy = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines().map(str::trim_end) {
        if line.is_empty() {
            blank += 1;
            if blank > 1 || tidy.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        tidy.push_str(line);
        tidy.push('\n');
    }
    tidy.trim_end().to_string()
}

/// `HH:MM` from minutes.
pub(crate) fn hh_mm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A date-time with its UTC offset, as both schedule formats want it
/// (`2017-09-21T09:00:00-05:00`).
pub(crate) fn with_offset(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_match_both_schemas() {
        let ok = |a: &str| {
            a.len() >= 4
                && a.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        let a = acronym("https://www.produce.gob.pe/foro-apec-clusters/", "x");
        assert_eq!(a, "foro_apec_clusters");
        let b = acronym("https://foro.example.org/", "Foro de Clústeres 2024");
        assert_eq!(b, "foro_de_clusteres_2024");
        let c = acronym("https://abc.pe/", "—");
        assert_eq!(c, "abc_pe");
        assert!([a, b, c].iter().all(|x| ok(x)));
        assert_eq!(host("https://user@WWW.Gob.pe:8080/x/"), "www.gob.pe:8080");
    }

    #[test]
    fn numeric_ids_are_stable_positive_and_unique() {
        let g = |s: &str| Uuid::new_v5(&Uuid::NAMESPACE_URL, s.as_bytes());
        let a = numeric_ids(&[g("a"), g("b"), g("a")]);
        assert_eq!(a[0], numeric_ids(&[g("a")])[0]);
        assert_ne!(a[0], a[2]);
        assert!(a.iter().all(|i| (1_000_000..10_000_000).contains(i)));
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let md = "Welcome by the <b>Ministry</b>, see [the venue](https://x.pe/v)\nand [agenda](../agenda.yaml).\n\n- one\n- two\n\n1. first\n2. second\n\n<div class=\"x\">\nraw block\n</div>\n";
        assert_eq!(
            plain_text(md),
            "Welcome by the Ministry, see the venue <https://x.pe/v> and agenda.\n\n- one\n- two\n\n1. first\n2. second"
        );
    }
}
