//! Content stage: `agenda.yaml`, days and sessions.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Time;
use serde::Deserialize;

use super::{FileCheck, Reader};
use crate::diagnostics::Diagnostic;
use crate::model::{Agenda, Config, Day, Localized, Session, SessionKind, overlaps};
use crate::yaml::{Positions, Seg};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: String,
    title: Option<Localized>,
    #[serde(default)]
    sessions: Vec<RawSession>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    id: String,
    start: String,
    end: String,
    kind: String,
    title: Localized,
    room: Option<Localized>,
    #[serde(default)]
    speakers: Vec<String>,
    #[serde(default)]
    moderators: Vec<String>,
    #[serde(default)]
    presentations: Vec<String>,
    description: Option<Localized>,
    #[serde(default)]
    stream: bool,
    recording: Option<super::recording::RawRecording>,
}

pub(super) const FILE: &str = "agenda.yaml";

pub(super) fn load(r: &mut Reader, config: &Config) -> Option<Agenda> {
    let rel = Path::new(FILE);
    if !r.present(rel) {
        r.diags.push(
            Diagnostic::error(rel, None, "the project has no agenda.yaml")
                .hint("add agenda.yaml with the forum's days and sessions (`days: []` while it is not known)"),
        );
        return None;
    }
    let text = r.read(rel)?;
    let raw: Raw = r.parse(rel, &text, 0)?;
    let langs: Vec<String> = config.languages.iter().map(ToString::to_string).collect();
    let mut c = r.file(rel, Positions::of(&text, 0), &langs);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut days = Vec::new();
    let mut paths = std::collections::HashMap::new();
    let mut recordings = Vec::new();
    for (di, day) in raw.days.into_iter().enumerate() {
        let dp = [Seg::Key("days"), Seg::Index(di)];
        let date = if let Some(d) = super::forum::parse_date(&day.date) {
            if d < config.start || d > config.end {
                c.error(
                    &[dp[0], dp[1], Seg::Key("date")],
                    format!(
                        "{d} is outside the forum's dates ({} to {})",
                        config.start, config.end
                    ),
                    "fix the date, or the `dates` in forum.yaml",
                );
            }
            Some(d)
        } else {
            c.error(
                &[dp[0], dp[1], Seg::Key("date")],
                format!("`{}` is not a date", day.date),
                "write dates as YYYY-MM-DD, e.g. 2017-09-21",
            );
            None
        };
        if let Some(t) = &day.title {
            c.localized(&[dp[0], dp[1], Seg::Key("title")], t);
        }
        let mut sessions = Vec::new();
        for (si, s) in day.sessions.into_iter().enumerate() {
            let sp = [dp[0], dp[1], Seg::Key("sessions"), Seg::Index(si)];
            paths.entry(s.id.clone()).or_insert((di, si));
            if let Some(mut session) = session(&mut c, &sp, s, &mut seen, &mut recordings) {
                if let Some(d) = &session.description {
                    let path = [sp[0], sp[1], sp[2], sp[3], Seg::Key("description")];
                    session.description_lines =
                        super::localized_lines(&text, &c.positions, &path, d);
                }
                sessions.push((si, session));
            }
        }
        room_overlaps(&mut c, &dp, &sessions, &config.languages[0]);
        if let (Some(date), Ok(tz)) = (date, jiff::tz::TimeZone::get(&config.timezone)) {
            for (si, s) in &sessions {
                let sp = [dp[0], dp[1], Seg::Key("sessions"), Seg::Index(*si)];
                for (key, t) in [("start", s.start), ("end", s.end)] {
                    let path = [sp[0], sp[1], sp[2], sp[3], Seg::Key(key)];
                    clock_change(&mut c, &path, date, t, &tz, &config.timezone);
                }
            }
        }
        if let Some(date) = date {
            days.push(Day {
                date,
                title: day.title,
                sessions: sessions.into_iter().map(|(_, s)| s).collect(),
            });
        }
    }
    let mut dates: Vec<_> = days.iter().map(|d| d.date).collect();
    dates.sort();
    if let Some(w) = dates.windows(2).find(|w| w[0] == w[1]) {
        let i = days.iter().rposition(|d| d.date == w[1]).unwrap_or(0);
        c.error(
            &[Seg::Key("days"), Seg::Index(i), Seg::Key("date")],
            format!("{} is listed as two days", w[1]),
            "put all sessions of a day under one entry of `days`",
        );
    }
    days.sort_by_key(|d| d.date);
    super::recording::check_files(r, rel, recordings);
    r.sources.sessions = paths;
    Some(Agenda { days })
}

fn session(
    c: &mut FileCheck,
    sp: &[Seg; 4],
    s: RawSession,
    seen: &mut HashMap<String, usize>,
    recordings: &mut Vec<super::recording::Pending>,
) -> Option<Session> {
    let at = |key: &'static str| [sp[0], sp[1], sp[2], sp[3], Seg::Key(key)];
    let mut ok = c.id(&at("id"), &s.id, "session id");
    if let Some(line) = seen.get(&s.id) {
        c.error(
            &at("id"),
            format!("the session id `{}` is already used on line {line}", s.id),
            "give every session of the agenda its own id",
        );
        ok = false;
    } else {
        seen.insert(s.id.clone(), c.positions.value(&at("id")).line);
    }
    let start = time(c, &at("start"), &s.start);
    let end = time(c, &at("end"), &s.end);
    if let (Some(a), Some(b)) = (start, end) {
        if b <= a {
            c.error(
                &at("end"),
                format!(
                    "the session `{}` ends ({}) before or when it starts ({})",
                    s.id, s.end, s.start
                ),
                "`end` must be later than `start` on the same day",
            );
            ok = false;
        }
    }
    let kind = SessionKind::parse(&s.kind);
    if kind.is_none() {
        let names: Vec<&str> = SessionKind::ALL.iter().map(|k| k.name()).collect();
        c.error(
            &at("kind"),
            format!("`{}` is not a session kind", s.kind),
            crate::diagnostics::suggest(
                &s.kind,
                names.iter().copied(),
                &format!("use one of: {}", names.join(", ")),
            ),
        );
    }
    c.localized(&at("title"), &s.title);
    for (key, v) in [("room", &s.room), ("description", &s.description)] {
        if let Some(v) = v {
            c.localized(&at(key), v);
        }
    }
    for (key, list) in [
        ("speakers", &s.speakers),
        ("moderators", &s.moderators),
        ("presentations", &s.presentations),
    ] {
        for (i, id) in list.iter().enumerate() {
            let p = [sp[0], sp[1], sp[2], sp[3], Seg::Key(key), Seg::Index(i)];
            c.id(&p, id, "id");
        }
    }
    let langs = c.langs;
    let recording = match s.recording {
        Some(raw) => {
            let rec = super::recording::check(c, &at("recording"), raw, langs, recordings);
            ok &= rec.is_some();
            rec
        }
        None => None,
    };
    Some(Session {
        id: s.id,
        start: start?,
        end: end?,
        kind: kind?,
        title: s.title,
        room: s.room,
        speakers: s.speakers,
        moderators: s.moderators,
        presentations: s.presentations,
        description: s.description,
        description_lines: Vec::new(),
        stream: s.stream,
        recording,
    })
    .filter(|_| ok)
}

/// `HH:MM`, 24 h.
pub(crate) fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

fn time(c: &mut FileCheck, path: &[Seg], value: &str) -> Option<Time> {
    let t = parse_time(value);
    if t.is_none() {
        c.error(
            path,
            format!("`{value}` is not a time"),
            "write times as \"HH:MM\" in 24 h, in quotes, e.g. \"09:30\" or \"14:00\"",
        );
    }
    t
}

/// A time the clocks skip on a daylight-saving change is an error (the
/// session would be shown at one time and exported at another); one that
/// happens twice is a warning (the first is meant).
fn clock_change(
    c: &mut FileCheck,
    path: &[Seg],
    date: jiff::civil::Date,
    time: jiff::civil::Time,
    tz: &jiff::tz::TimeZone,
    zone: &str,
) {
    use jiff::tz::AmbiguousOffset;
    let shown = time.strftime("%H:%M");
    match tz.to_ambiguous_zoned(date.to_datetime(time)).offset() {
        AmbiguousOffset::Unambiguous { .. } => {}
        AmbiguousOffset::Gap { .. } => c.error(
            path,
            format!("{shown} does not exist on {date} in {zone}: the clocks skip it (daylight saving time)"),
            "move the session to a time that exists, e.g. one hour later",
        ),
        AmbiguousOffset::Fold { .. } => c.warning(
            path,
            format!("{shown} happens twice on {date} in {zone} (the clocks go back); the first is used"),
            "move the session out of the repeated hour to avoid confusion",
        ),
    }
}

/// Sessions of one day that overlap in the same room are a warning.
fn room_overlaps(
    c: &mut FileCheck,
    dp: &[Seg; 2],
    sessions: &[(usize, Session)],
    default: &crate::model::Lang,
) {
    // Per room, sorted by start: a session can only overlap those that start
    // before it ends (linear in the sessions, not quadratic).
    let mut by_room: HashMap<Option<&str>, Vec<&(usize, Session)>> = HashMap::new();
    for entry in sessions {
        let room = entry.1.room.as_ref().map(|r| r.get(default).text);
        by_room.entry(room).or_default().push(entry);
    }
    for list in by_room.values_mut() {
        list.sort_by_key(|(i, s)| (s.start, *i));
        overlaps(
            list,
            |e: &&(usize, Session)| (e.1.start, e.1.end),
            |&&(ia, ref a), &&(ib, ref b)| {
                // Reported at the one written later in the file.
                let (first, later, at) = if ia < ib { (a, b, ib) } else { (b, a, ia) };
                c.warning(
                    &[
                        dp[0],
                        dp[1],
                        Seg::Key("sessions"),
                        Seg::Index(at),
                        Seg::Key("start"),
                    ],
                    format!("`{}` overlaps `{}` in the same room", later.id, first.id),
                    "change the times, or give parallel sessions different rooms",
                );
            },
        );
    }
}
