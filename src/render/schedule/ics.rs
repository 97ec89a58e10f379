//! Render stage: the agenda as iCalendar (RFC 5545).
//!
//! Content lines end in CRLF and are folded at 75 octets, never inside a
//! UTF-8 character or an escape; TEXT values escape `\ ; , newline`. The
//! VTIMEZONE is written from jiff's transitions of the forum's zone over
//! the forum's year(s), so clients need no time zone database of their own.

use std::fmt::Write as _;

use jiff::civil::{DateTime, date};
use jiff::tz::{Offset, TimeZone, TimeZoneTransition};
use jiff::{SignedDuration, Timestamp, Zoned};

use super::data::{self, Item, Schedule};
use crate::model::{Lang, SessionKind};

/// Octets of a content line, CRLF excluded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// A calendar with the forum's VTIMEZONE and one VEVENT per item, written
/// in `lang` (titles, descriptions, places and page links).
pub(super) fn calendar(s: &Schedule, items: &[&Item], lang: &Lang) -> String {
    let f = s.ctx.forum;
    let tzid = &f.config.timezone;
    let mut w = Lines::default();
    w.line("BEGIN:VCALENDAR");
    w.line("VERSION:2.0");
    w.line(&format!(
        "PRODID:-//foro//foro {}//{}",
        env!("CARGO_PKG_VERSION"),
        lang.to_ascii_uppercase()
    ));
    w.line("CALSCALE:GREGORIAN");
    w.line("METHOD:PUBLISH");
    w.text("X-WR-CALNAME", f.config.title.get(lang).text);
    w.text("X-WR-TIMEZONE", tzid);
    let from = year_start(f.config.start.year());
    let until = year_start(f.config.end.year().saturating_add(1));
    vtimezone(&mut w, &s.tz, tzid, from, until);
    for item in items {
        event(&mut w, s, item, lang);
    }
    w.line("END:VCALENDAR");
    w.out
}

#[allow(
    clippy::many_single_char_names,
    reason = "w, s, f, c and v as in the rest of the module"
)]
fn event(w: &mut Lines, s: &Schedule, item: &Item, lang: &Lang) {
    let f = s.ctx.forum;
    let c = &f.config;
    let sess = item.session;
    let tzid = param(&c.timezone);
    w.line("BEGIN:VEVENT");
    w.text("UID", &uid(&c.base_url, &sess.id));
    // DTSTAMP must be a UTC date-time; it is the forum's first day at 00:00
    // UTC rather than the build time, so that the same input gives the
    // same bytes (and calendars see no change when nothing changed).
    w.line(&format!("DTSTAMP:{}T000000Z", c.start.strftime("%Y%m%d")));
    w.line(&format!("DTSTART;TZID={tzid}:{}", local(&item.start)));
    w.line(&format!("DTEND;TZID={tzid}:{}", local(&item.end)));
    w.text("SUMMARY", sess.title.get(lang).text);
    let description = description(s, item, lang);
    if !description.is_empty() {
        w.text("DESCRIPTION", &description);
    }
    // Room, venue and full address: what a phone's map app can find.
    let room = sess.room.as_ref().map(|r| r.get(lang).text);
    let v = &c.venue;
    let location: Vec<&str> = room
        .into_iter()
        .chain([&v.name, &v.address, &v.city, &v.country].map(|x| x.get(lang).text))
        .filter(|x| !x.is_empty())
        .collect();
    w.text("LOCATION", &location.join(", "));
    if let Some((lat, lon)) = v.geo {
        w.line(&format!("GEO:{lat};{lon}"));
    }
    w.line(&format!("URL:{}", s.session_url(lang, &sess.id)));
    w.text("CATEGORIES", &s.kind_label(sess.kind, lang));
    // Breaks are in the calendar but do not make anyone look busy.
    w.line(if sess.kind == SessionKind::Break {
        "TRANSP:TRANSPARENT"
    } else {
        "TRANSP:OPAQUE"
    });
    w.line("END:VEVENT");
}

/// The session's description as plain text, then its people and stream.
fn description(s: &Schedule, item: &Item, lang: &Lang) -> String {
    let f = s.ctx.forum;
    let i18n = s.ctx.i18n;
    let sess = item.session;
    let mut parts = vec![Schedule::abstract_text(sess, lang)];
    let names = |ids: &[String]| -> Vec<&str> {
        ids.iter()
            .filter_map(|id| f.speaker(id))
            .map(|p| p.name.as_str())
            .collect()
    };
    let mut people = String::new();
    for (key, ids) in [
        ("speakers_label", &sess.speakers),
        ("moderators_label", &sess.moderators),
    ] {
        let list = names(ids);
        if !list.is_empty() {
            let genders: Vec<_> = ids
                .iter()
                .filter_map(|id| f.speaker(id))
                .map(|p| p.gender)
                .collect();
            let label = i18n.form(lang, key, &genders);
            let _ = writeln!(people, "{label}: {}", list.join(", "));
        }
    }
    parts.push(people);
    if let (true, Some(live)) = (sess.stream, &f.config.livestream) {
        parts.push(format!("{}: {}", i18n.t(lang, "livestream"), live.url));
    }
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `<session-id>@<host>`, with the base URL's folders when the site lives
/// under a path (`opening.foro-apec@www.gob.pe`), so two forums on one
/// host never share a UID. Stable across rebuilds.
pub(super) fn uid(base_url: &str, session_id: &str) -> String {
    let path = crate::urls::base_path(base_url);
    let folders: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let host = data::host(base_url);
    if folders.is_empty() {
        format!("{session_id}@{host}")
    } else {
        format!("{session_id}.{}@{host}", folders.join("."))
    }
}

/// Local date-time as iCalendar writes it with a TZID: `20170921T090000`.
fn local(z: &Zoned) -> String {
    z.datetime().strftime("%Y%m%dT%H%M%S").to_string()
}

fn year_start(year: i16) -> Timestamp {
    date(year, 1, 1)
        .to_zoned(TimeZone::UTC)
        .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp())
}

/// One STANDARD or DAYLIGHT sub-component of a VTIMEZONE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Observance {
    pub daylight: bool,
    /// Local time of the onset, in the offset in force before it.
    pub start: DateTime,
    pub from: Offset,
    pub to: Offset,
    pub name: String,
}

/// The observances in force from `from` until `until`: the transition in
/// force at `from`, then every transition before `until`. A zone that has
/// never changed gets one STANDARD observance.
pub(super) fn observances(tz: &TimeZone, from: Timestamp, until: Timestamp) -> Vec<Observance> {
    let make = |t: TimeZoneTransition| {
        let at = t.timestamp();
        let before = at
            .checked_sub(SignedDuration::from_nanos(1))
            .map_or(t.offset(), |b| tz.to_offset(b));
        Observance {
            daylight: t.dst().is_dst(),
            start: before.to_datetime(at),
            from: before,
            to: t.offset(),
            name: t.abbreviation().to_string(),
        }
    };
    let mut out: Vec<Observance> = tz.preceding(from).next().map(make).into_iter().collect();
    out.extend(
        tz.following(from)
            .take_while(|t| t.timestamp() < until)
            .map(make),
    );
    if out.is_empty() {
        let info = tz.to_offset_info(from);
        out.push(Observance {
            daylight: false,
            start: date(1970, 1, 1).at(0, 0, 0, 0),
            from: info.offset(),
            to: info.offset(),
            name: info.abbreviation().to_string(),
        });
    }
    out
}

fn vtimezone(w: &mut Lines, tz: &TimeZone, tzid: &str, from: Timestamp, until: Timestamp) {
    w.line("BEGIN:VTIMEZONE");
    w.text("TZID", tzid);
    w.text("X-LIC-LOCATION", tzid);
    for o in observances(tz, from, until) {
        let kind = if o.daylight { "DAYLIGHT" } else { "STANDARD" };
        w.line(&format!("BEGIN:{kind}"));
        w.line(&format!("DTSTART:{}", o.start.strftime("%Y%m%dT%H%M%S")));
        w.line(&format!("TZOFFSETFROM:{}", utc_offset(o.from)));
        w.line(&format!("TZOFFSETTO:{}", utc_offset(o.to)));
        if !o.name.is_empty() {
            w.text("TZNAME", &o.name);
        }
        w.line(&format!("END:{kind}"));
    }
    w.line("END:VTIMEZONE");
}

/// `-0500`, `+0530`, `-044640` (seconds only when there are some).
pub(super) fn utc_offset(offset: Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (hours, minutes, seconds) = (abs / 3600, abs / 60 % 60, abs % 60);
    if seconds == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{seconds:02}")
    }
}

/// A parameter value, quoted when it holds `: ; ,` (RFC 5545 §3.2).
fn param(v: &str) -> String {
    let v: String = v.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if v.contains([':', ';', ',']) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` and line breaks;
/// other control characters, which TEXT cannot hold, are dropped.
pub(super) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (RFC 5545 §3.1) and ends it with
/// CRLF: continuation lines start with a space, which counts. Never splits
/// a UTF-8 character or a backslash escape.
pub(super) fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 32 + 2);
    let mut used = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c == '\\' {
            if let Some(next) = chars.next() {
                unit.push(next);
            }
        }
        if used + unit.len() > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&unit);
        used += unit.len();
    }
    out.push_str("\r\n");
    out
}

/// Content lines being written.
#[derive(Default)]
struct Lines {
    out: String,
}

impl Lines {
    /// A line written as it is (folded).
    fn line(&mut self, l: &str) {
        self.out.push_str(&fold(l));
    }

    /// `NAME:value` with a TEXT value.
    fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn physical_lines(folded: &str) -> Vec<&str> {
        folded.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    fn unfold(folded: &str) -> String {
        folded.strip_suffix("\r\n").unwrap().replace("\r\n ", "")
    }

    #[test]
    fn long_lines_fold_at_75_octets_and_unfold_to_the_original() {
        let line = format!("DESCRIPTION:{}", "abcdefghij".repeat(20));
        let folded = fold(&line);
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].len(), 75);
        assert!(lines.iter().all(|l| l.len() <= 75));
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&folded), line);
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // 2-, 3- and 4-octet characters at every alignment.
        for pad in 0..4 {
            let line = format!("SUMMARY:{}{}", "x".repeat(pad), "ñ中😀".repeat(30));
            let folded = fold(&line);
            for l in physical_lines(&folded) {
                assert!(l.len() <= 75, "{} octets: {l}", l.len());
            }
            assert_eq!(unfold(&folded), line);
        }
    }

    #[test]
    fn folding_keeps_escapes_whole() {
        let line = format!("SUMMARY:{}{}", "x".repeat(66), "\\,".repeat(10));
        for l in physical_lines(&fold(&line)) {
            assert!(!l.ends_with('\\') || l.ends_with("\\\\"), "{l}");
        }
    }

    #[test]
    fn text_escaping() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\u{7}g\th"),
            "a\\\\b\\;c\\,d\\ne\\nfg\th"
        );
        assert_eq!(escape_text("Sala A: «Paracas»"), "Sala A: «Paracas»");
    }

    #[test]
    fn offsets_are_written_as_rfc5545_utc_offsets() {
        assert_eq!(utc_offset(Offset::from_hours(-5).unwrap()), "-0500");
        assert_eq!(utc_offset(Offset::from_seconds(19_800).unwrap()), "+0530");
        assert_eq!(
            utc_offset(Offset::from_seconds(-17_776).unwrap()),
            "-045616"
        );
        assert_eq!(utc_offset(Offset::UTC), "+0000");
    }

    fn vtimezone_of(name: &str, year: i16) -> String {
        let tz = TimeZone::get(name).unwrap();
        let mut w = Lines::default();
        vtimezone(&mut w, &tz, name, year_start(year), year_start(year + 1));
        w.out
    }

    #[test]
    fn santiago_has_standard_and_daylight_observances() {
        let tz = TimeZone::get("America/Santiago").unwrap();
        let obs = observances(&tz, year_start(2024), year_start(2025));
        // In force on 1 January (summer time since September 2023), then
        // April (back to -04) and September (-03 again).
        let summary: Vec<(bool, String, String)> = obs
            .iter()
            .map(|o| (o.daylight, o.start.to_string(), utc_offset(o.to)))
            .collect();
        assert_eq!(
            summary,
            vec![
                (true, "2023-09-03T00:00:00".into(), "-0300".into()),
                (false, "2024-04-07T00:00:00".into(), "-0400".into()),
                (true, "2024-09-08T00:00:00".into(), "-0300".into()),
            ]
        );
        let v = vtimezone_of("America/Santiago", 2024);
        assert!(v.contains("BEGIN:STANDARD\r\nDTSTART:20240407T000000\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0400\r\n"));
        assert!(v.contains("BEGIN:DAYLIGHT\r\nDTSTART:20240908T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0300\r\n"));
        assert!(v.starts_with("BEGIN:VTIMEZONE\r\nTZID:America/Santiago\r\n"));
    }

    #[test]
    fn lima_has_only_standard_time() {
        let v = vtimezone_of("America/Lima", 2017);
        assert!(v.contains("BEGIN:STANDARD\r\n"));
        assert!(!v.contains("DAYLIGHT"));
        assert!(v.contains("TZOFFSETTO:-0500\r\n"));
        assert_eq!(v.matches("BEGIN:STANDARD").count(), 1);
    }

    #[test]
    fn a_zone_without_transitions_still_gets_an_observance() {
        let v = vtimezone_of("UTC", 2017);
        assert!(v.contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n"));
    }

    #[test]
    fn uids_name_the_session_and_the_site() {
        assert_eq!(uid("https://foro.pe/", "opening"), "opening@foro.pe");
        assert_eq!(
            uid("https://www.produce.gob.pe/foro-apec-clusters/", "opening"),
            "opening.foro-apec-clusters@www.produce.gob.pe"
        );
    }

    #[test]
    fn parameter_values_are_quoted_when_needed() {
        assert_eq!(param("America/Santiago"), "America/Santiago");
        assert_eq!(param("A;B"), "\"A;B\"");
    }
}
