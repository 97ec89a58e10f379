//! Render stage: the frab/c3voc schedule XML (`schedule.xml.xsd`).
//!
//! Written from the same typed document as the JSON, element by element in
//! the schema's order.

use std::fmt::Write as _;

use super::data::{self, Schedule};
use super::frab::{Document, EventDoc, LinkDoc};
use crate::model::Lang;

/// `<lang>/schedule.xml`.
pub(super) fn schedule(doc: &Document, s: &Schedule, lang: &Lang) -> String {
    let c = &doc.schedule.conference;
    let mut w = Xml::default();
    w.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.open("schedule", &[]);
    w.empty(
        "generator",
        &[
            ("name", doc.generator.name),
            ("version", doc.generator.version),
        ],
    );
    let own_url = crate::urls::absolute(&s.ctx.forum.config.base_url, &data::xml_path(lang));
    w.leaf("url", &own_url);
    w.leaf("version", &doc.schedule.version);
    w.open("conference", &[]);
    w.leaf("acronym", &c.acronym);
    w.leaf("title", &c.title);
    w.leaf("start", &c.start);
    w.leaf("end", &c.end);
    w.leaf("days", &c.days_count.to_string());
    w.leaf("timeslot_duration", &c.timeslot_duration);
    w.leaf("base_url", &doc.schedule.base_url);
    w.leaf("url", &c.url);
    w.leaf("time_zone_name", &c.time_zone_name);
    for t in &c.tracks {
        w.empty("track", &[("name", &t.name), ("slug", t.slug)]);
    }
    w.close("conference");
    for d in &c.days {
        let index = d.index.to_string();
        w.open(
            "day",
            &[
                ("index", &index),
                ("date", &d.date),
                ("start", &d.day_start),
                ("end", &d.day_end),
            ],
        );
        for (name, events) in &d.rooms.0 {
            let guid = c
                .rooms
                .iter()
                .find(|r| r.name == *name)
                .map_or("", |r| r.guid.as_str());
            w.open("room", &[("name", name), ("guid", guid)]);
            for e in events {
                event(&mut w, e);
            }
            w.close("room");
        }
        w.close("day");
    }
    w.close("schedule");
    w.out
}

fn event(w: &mut Xml, e: &EventDoc) {
    let id = e.id.to_string();
    w.open("event", &[("id", &id), ("guid", &e.guid)]);
    w.leaf("room", &e.room);
    w.leaf("title", &e.title);
    w.leaf("type", e.kind);
    w.leaf("date", &e.date);
    w.leaf("start", &e.start);
    w.leaf("duration", &e.duration);
    w.leaf("abstract", &e.abstract_text);
    w.leaf("slug", &e.slug);
    w.leaf("track", &e.track);
    if e.persons.is_empty() {
        w.empty("persons", &[]);
    } else {
        w.open("persons", &[]);
        for p in &e.persons {
            let id = p.id.to_string();
            w.attr_leaf("person", &[("id", &id), ("guid", &p.guid)], &p.name);
        }
        w.close("persons");
    }
    w.leaf("language", &e.language);
    links(w, "links", "link", &e.links);
    links(w, "attachments", "attachment", &e.attachments);
    w.leaf("url", &e.url);
    w.close("event");
}

fn links(w: &mut Xml, list: &str, item: &str, links: &[LinkDoc]) {
    if links.is_empty() {
        return;
    }
    w.open(list, &[]);
    for l in links {
        let mut attrs = vec![("href", l.url.as_str())];
        if let Some(m) = l.mime {
            attrs.push(("type", m));
        }
        w.attr_leaf(item, &attrs, &l.title);
    }
    w.close(list);
}

/// An indented XML writer; every text and attribute value is escaped.
#[derive(Default)]
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"{}\"", escape(v));
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        let _ = writeln!(self.out, "</{name}>");
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    fn leaf(&mut self, name: &str, text: &str) {
        self.attr_leaf(name, &[], text);
    }

    fn attr_leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        let _ = writeln!(self.out, ">{}</{name}>", escape(text));
    }
}

/// Escapes text and attribute values; drops characters XML 1.0 cannot hold.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Line breaks in attribute values would be normalized away.
            '\n' | '\r' | '\t' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape("R&D <\"Sala\"> it's\u{1}\nok"),
            "R&amp;D &lt;&quot;Sala&quot;&gt; it&apos;s&#10;ok"
        );
    }
}
