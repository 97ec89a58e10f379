//! Render stage: the agenda in the frab/c3voc schedule model, per language.
//!
//! One typed document per language, serialized as the c3voc schedule JSON
//! (<https://c3voc.de/schedule/schema.json>) and written as the schedule
//! XML by `xml`. Conference apps (`Giggity`, `ConfClerk`, `EventFahrplan`) read
//! either.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::data::{Item, Schedule, hh_mm, with_offset};
use crate::model::Lang;
use crate::urls::{self, Target};

/// The JSON document: `{"$schema", "generator", "schedule"}`.
#[derive(Debug, Serialize)]
pub(super) struct Document {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub generator: Generator,
    pub schedule: ScheduleDoc,
}

#[derive(Debug, Serialize)]
pub(super) struct Generator {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct ScheduleDoc {
    pub version: String,
    pub base_url: String,
    pub conference: Conference,
}

#[derive(Debug, Serialize)]
pub(super) struct Conference {
    pub acronym: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    #[serde(rename = "daysCount")]
    pub days_count: usize,
    /// `HH:MM`: the largest step every session starts and ends on.
    pub timeslot_duration: String,
    pub time_zone_name: String,
    /// The home page in this language.
    pub url: String,
    pub tracks: Vec<Track>,
    pub rooms: Vec<Room>,
    pub days: Vec<DayDoc>,
}

/// A session kind, as a track.
#[derive(Debug, Serialize)]
pub(super) struct Track {
    pub name: String,
    #[serde(skip)]
    pub slug: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct Room {
    pub name: String,
    pub guid: String,
}

#[derive(Debug, Serialize)]
pub(super) struct DayDoc {
    pub index: usize,
    pub date: String,
    pub day_start: String,
    pub day_end: String,
    pub rooms: Rooms,
}

/// Room name → its events, in the order the rooms first appear.
#[derive(Debug, Default)]
pub(super) struct Rooms(pub Vec<(String, Vec<EventDoc>)>);

impl Serialize for Rooms {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Debug, Serialize)]
pub(super) struct EventDoc {
    pub id: u32,
    pub guid: String,
    /// Start with its UTC offset.
    pub date: String,
    /// `HH:MM`, local.
    pub start: String,
    /// `HH:MM`.
    pub duration: String,
    pub room: String,
    pub slug: String,
    pub url: String,
    pub title: String,
    pub subtitle: String,
    pub track: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub language: String,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    pub persons: Vec<Person>,
    pub links: Vec<LinkDoc>,
    pub attachments: Vec<LinkDoc>,
}

#[derive(Debug, Serialize)]
pub(super) struct Person {
    pub id: u32,
    pub guid: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub(super) struct LinkDoc {
    pub url: String,
    pub title: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub mime: Option<&'static str>,
}

/// The schedule of the forum in `lang`.
pub(super) fn document(s: &Schedule, lang: &Lang) -> Document {
    let f = s.ctx.forum;
    let c = &f.config;
    let default = f.default_lang();
    // Rooms are told apart by their default-language name, shown in `lang`.
    let room_key = |i: &Item| s.room(i.session, default);
    let mut rooms: Vec<(String, Room)> = Vec::new();
    for i in &s.items {
        let key = room_key(i);
        if !rooms.iter().any(|(k, _)| *k == key) {
            let guid = uuid::Uuid::new_v5(&s.namespace, format!("room:{key}").as_bytes());
            rooms.push((
                key,
                Room {
                    name: s.room(i.session, lang),
                    guid: guid.to_string(),
                },
            ));
        }
    }
    let mut tracks: Vec<Track> = Vec::new();
    for i in &s.items {
        let slug = i.session.kind.name();
        if !tracks.iter().any(|t| t.slug == slug) {
            tracks.push(Track {
                name: s.kind_label(i.session.kind, lang),
                slug,
            });
        }
    }
    let dates: Vec<Date> = c
        .start
        .series(jiff::Span::new().days(1))
        .take_while(|d| *d <= c.end)
        .collect();
    let days = dates
        .iter()
        .enumerate()
        .map(|(n, d)| day(s, lang, n + 1, *d, &rooms, room_key))
        .collect();
    Document {
        schema: "https://c3voc.de/schedule/schema.json",
        generator: Generator {
            name: "foro",
            version: env!("CARGO_PKG_VERSION"),
        },
        schedule: ScheduleDoc {
            version: s.version.clone(),
            base_url: c.base_url.clone(),
            conference: Conference {
                acronym: s.acronym.clone(),
                title: c.title.get(lang).text.to_string(),
                start: c.start.to_string(),
                end: c.end.to_string(),
                days_count: dates.len(),
                timeslot_duration: hh_mm(timeslot(s)),
                time_zone_name: c.timezone.clone(),
                url: urls::absolute(&c.base_url, &Target::Home(lang.to_string()).path()),
                tracks,
                rooms: rooms.into_iter().map(|(_, r)| r).collect(),
                days,
            },
        },
    }
}

fn day(
    s: &Schedule,
    lang: &Lang,
    index: usize,
    date: Date,
    rooms: &[(String, Room)],
    room_key: impl Fn(&Item) -> String,
) -> DayDoc {
    let items: Vec<&Item> = s.items.iter().filter(|i| i.day.date == date).collect();
    let bound = |t: jiff::civil::Time| {
        date.to_datetime(t)
            .to_zoned(s.tz.clone())
            .map(|z| with_offset(&z))
            .unwrap_or_default()
    };
    let (day_start, day_end) = match (
        items.iter().map(|i| &i.start).min(),
        items.iter().map(|i| &i.end).max(),
    ) {
        (Some(a), Some(b)) => (with_offset(a), with_offset(b)),
        _ => (
            bound(jiff::civil::time(0, 0, 0, 0)),
            bound(jiff::civil::time(23, 59, 0, 0)),
        ),
    };
    let mut by_room: Vec<(String, Vec<EventDoc>)> = Vec::new();
    for (key, room) in rooms {
        let events: Vec<EventDoc> = items
            .iter()
            .filter(|i| room_key(i) == *key)
            .map(|i| event(s, lang, i, &room.name))
            .collect();
        if !events.is_empty() {
            by_room.push((room.name.clone(), events));
        }
    }
    DayDoc {
        index,
        date: date.to_string(),
        day_start,
        day_end,
        rooms: Rooms(by_room),
    }
}

fn event(s: &Schedule, lang: &Lang, i: &Item, room: &str) -> EventDoc {
    let f = s.ctx.forum;
    let c = &f.config;
    let sess = i.session;
    let minutes = (i.end.timestamp().as_second() - i.start.timestamp().as_second()) / 60;
    // The schema wants `<acronym>-<4 or more>`; short ids get the number.
    let slug_id = if sess.id.len() >= 4 && !sess.id.ends_with('-') {
        sess.id.clone()
    } else {
        format!("{}-{}", sess.id, i.id)
    };
    let presentations: Vec<_> = sess
        .presentations
        .iter()
        .filter_map(|id| f.presentation(id))
        .collect();
    let mut links = Vec::new();
    let mut attachments = Vec::new();
    for p in &presentations {
        let title = p.title.get(lang).text.to_string();
        if let Some(file) = &p.file {
            attachments.push(LinkDoc {
                url: urls::absolute(&c.base_url, file),
                title: title.clone(),
                mime: mime(file),
            });
        }
        for (url, key) in [(&p.slides_url, "slides"), (&p.video_url, "video")] {
            if let Some(url) = url {
                links.push(LinkDoc {
                    url: url.clone(),
                    title: format!("{}: {title}", s.ctx.i18n.t(lang, key)),
                    mime: None,
                });
            }
        }
    }
    if let (true, Some(live)) = (sess.stream, &c.livestream) {
        links.push(LinkDoc {
            url: live.url.clone(),
            title: s.ctx.i18n.t(lang, "livestream").to_string(),
            mime: None,
        });
    }
    EventDoc {
        id: i.id,
        guid: i.guid.to_string(),
        date: with_offset(&i.start),
        start: hh_mm(i64::from(i.start.hour()) * 60 + i64::from(i.start.minute())),
        duration: hh_mm(minutes),
        room: room.to_string(),
        slug: format!("{}-{slug_id}", s.acronym),
        url: s.session_url(lang, &sess.id),
        title: sess.title.get(lang).text.to_string(),
        subtitle: String::new(),
        track: s.kind_label(sess.kind, lang),
        kind: sess.kind.name(),
        // What the materials are in, when they say; else the text's language.
        language: presentations
            .iter()
            .find_map(|p| p.language.clone())
            .unwrap_or_else(|| lang.to_string()),
        abstract_text: Schedule::abstract_text(sess, lang),
        persons: s
            .people(sess)
            .map(|(id, name)| {
                let (guid, num) = s.person_ids.get(id).copied().unwrap_or_default();
                Person {
                    id: num,
                    guid: guid.to_string(),
                    name: name.to_string(),
                }
            })
            .collect(),
        links,
        attachments,
    }
}

/// The largest step, in minutes, that every session starts and ends on
/// (15 for 09:00, 09:30, 10:15); 15 when there are no sessions.
fn timeslot(s: &Schedule) -> i64 {
    fn gcd(a: i64, b: i64) -> i64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let g = s
        .items
        .iter()
        .flat_map(|i| [i.start.datetime().time(), i.end.datetime().time()])
        .map(|t| i64::from(t.hour()) * 60 + i64::from(t.minute()))
        .fold(60, gcd);
    if s.items.is_empty() { 15 } else { g.max(1) }
}

/// The media type of a presentation file, for the common kinds.
fn mime(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    let types = BTreeMap::from([
        ("pdf", "application/pdf"),
        ("ppt", "application/vnd.ms-powerpoint"),
        (
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("doc", "application/msword"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("odp", "application/vnd.oasis.opendocument.presentation"),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("zip", "application/zip"),
    ]);
    types.get(ext.as_str()).copied()
}

/// The c3voc schedule JSON, pretty-printed.
pub(super) fn json(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_of_common_files() {
        assert_eq!(mime("files/a b.PDF"), Some("application/pdf"));
        assert_eq!(mime("files/x"), None);
    }

    #[test]
    fn rooms_serialize_as_an_ordered_map() {
        let r = Rooms(vec![("Sala B".into(), vec![]), ("Sala A".into(), vec![])]);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"Sala B":[],"Sala A":[]}"#
        );
    }
}
