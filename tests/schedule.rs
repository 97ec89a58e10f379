//! Schedule exports (`schedule.ics`, `<lang>/schedule.xml`, `schedule.json`)
//! and the participation report, on the example forum and on the fixtures
//! under `tests/fixtures/schedule/`:
//!
//! - `three-days`: three days, two parallel rooms on day 2, a break, a
//!   description with `; , \` and accents, participation figures computed
//!   by hand below;
//! - `santiago-dst`: America/Santiago in March, on summer time (UTC−3),
//!   with a session at 09:00 that must be 12:00 UTC.
//!
//! The tests that need outside tools are ignored by default and run in CI
//! with `--include-ignored` (`.ci/run` installs xmllint and Python's
//! icalendar).

mod ics;
mod participation;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use foro::build::{self, Products};
use foro::render::Content;

/// A forum rendered in memory: the web site's files and the forum.
pub struct Rendered {
    pub files: BTreeMap<String, Vec<u8>>,
    pub forum: foro::model::Forum,
}

impl Rendered {
    pub fn text(&self, path: &str) -> String {
        let bytes = self
            .files
            .get(path)
            .unwrap_or_else(|| panic!("no file {path} in the site"));
        String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn session_ids(&self) -> Vec<String> {
        self.forum.sessions().map(|(_, s)| s.id.clone()).collect()
    }
}

pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

pub fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedule")
        .join(case)
}

pub fn render(project: &Path) -> Rendered {
    let r = build::render(project, Products::Web)
        .unwrap_or_else(|e| panic!("{} does not build: {e:?}", project.display()));
    let (_, site) = r
        .products
        .into_iter()
        .find(|(folder, _)| *folder == "site")
        .expect("a web site");
    let files = site
        .into_iter()
        .filter_map(|f| match f.content {
            Content::Bytes(b) => Some((f.path, b)),
            Content::Copy(_) | Content::Zip(_) | Content::Staged { .. } => None,
        })
        .collect();
    Rendered {
        files,
        forum: r.forum,
    }
}

/// `<day>` elements of a schedule XML: (index, start, rooms with their
/// events' (start, slug)).
type Days = Vec<(String, String, Vec<(String, Vec<(String, String)>)>)>;

fn xml_days(xml: &str) -> Days {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("day"))
        .map(|d| {
            let rooms = d
                .children()
                .filter(|n| n.has_tag_name("room"))
                .map(|r| {
                    let events = r
                        .children()
                        .filter(|n| n.has_tag_name("event"))
                        .map(|e| (child(e, "start"), child(e, "slug")))
                        .collect();
                    (r.attribute("name").unwrap_or_default().to_string(), events)
                })
                .collect();
            (
                d.attribute("index").unwrap_or_default().to_string(),
                d.attribute("start").unwrap_or_default().to_string(),
                rooms,
            )
        })
        .collect()
}

fn slug_ok(slug: &str) -> bool {
    // [a-z0-9_]{4,}-[a-z0-9\-_]{4,}, as in schedule.xml.xsd.
    let word = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    slug.char_indices().any(|(i, c)| {
        c == '-'
            && i >= 4
            && slug[..i].chars().all(word)
            && slug[i + 1..].len() >= 4
            && slug[i + 1..].chars().all(|c| word(c) || c == '-')
    })
}

#[test]
fn schedule_xml_has_days_parallel_rooms_and_stable_ids() {
    let site = render(&fixture("three-days"));
    let en = site.text("en/schedule.xml");
    let days = xml_days(&en);
    let indexes: Vec<&str> = days.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(indexes, ["1", "2", "3"]);
    assert_eq!(days[0].1, "2018-05-14T09:00:00-05:00");
    let second: BTreeMap<&str, &Vec<(String, String)>> =
        days[1].2.iter().map(|(r, e)| (r.as_str(), e)).collect();
    assert_eq!(
        second.keys().copied().collect::<Vec<_>>(),
        ["Room A", "Room B"]
    );
    assert_eq!(
        second["Room A"][0],
        ("09:00".into(), "salas_2018-workshop-a".into())
    );
    assert_eq!(
        second["Room B"][0].0, "09:00",
        "parallel sessions in two rooms"
    );
    // A session without a room is in the venue.
    assert_eq!(days[2].2[0].0, "Convention Centre");
    let doc = roxmltree::Document::parse(&en).unwrap();
    let events: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("event"))
        .collect();
    assert_eq!(events.len(), site.session_ids().len());
    let mut guids = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for e in &events {
        let guid = e.attribute("guid").unwrap();
        assert!(uuid::Uuid::parse_str(guid).is_ok(), "{guid}");
        assert!(guids.insert(guid.to_string()));
        let id: u32 = e.attribute("id").unwrap().parse().unwrap();
        assert!(id > 0 && ids.insert(id));
        let slug = e
            .children()
            .find(|c| c.has_tag_name("slug"))
            .and_then(|c| c.text())
            .unwrap();
        assert!(slug_ok(slug), "{slug}");
        let date = e
            .children()
            .find(|c| c.has_tag_name("date"))
            .and_then(|c| c.text())
            .unwrap();
        assert!(date.ends_with("-05:00"), "{date}");
    }
    // Spanish titles and rooms in es/schedule.xml, the same guids.
    let es = site.text("es/schedule.xml");
    assert!(es.contains("<title>Taller A: cadenas de valor</title>"));
    assert!(es.contains("<room name=\"Sala A\""));
    for g in &guids {
        assert!(es.contains(g.as_str()));
    }
    // Materials: the file as an attachment, the slides as a link.
    assert!(en.contains("<attachment href=\"https://eventos.example.gob.pe/salas-2018/files/clusters.pdf\" type=\"application/pdf\">Clusters in practice</attachment>"));
    assert!(
        en.contains("<language>es</language>"),
        "the materials' language"
    );
}

#[test]
fn schedule_json_follows_the_c3voc_layout() {
    let site = render(&fixture("three-days"));
    assert_eq!(site.files["schedule.json"], site.files["en/schedule.json"]);
    let doc: serde_json::Value = serde_json::from_str(&site.text("es/schedule.json")).unwrap();
    let s = &doc["schedule"];
    assert_eq!(s["base_url"], "https://eventos.example.gob.pe/salas-2018/");
    let c = &s["conference"];
    assert_eq!(c["acronym"], "salas_2018");
    assert_eq!(c["title"], "Foro de salas paralelas");
    assert_eq!(c["daysCount"], 3);
    assert_eq!(c["start"], "2018-05-14");
    assert_eq!(c["end"], "2018-05-16");
    assert_eq!(c["time_zone_name"], "America/Lima");
    assert_eq!(c["timeslot_duration"], "00:15");
    let day2 = &c["days"][1];
    assert_eq!(day2["index"], 2);
    assert_eq!(day2["day_start"], "2018-05-15T09:00:00-05:00");
    let rooms = day2["rooms"].as_object().unwrap();
    assert_eq!(rooms.keys().collect::<Vec<_>>(), ["Sala A", "Sala B"]);
    let event = &rooms["Sala B"][0];
    for key in [
        "id", "guid", "date", "start", "duration", "room", "slug", "url", "title", "subtitle",
        "track", "type", "language", "abstract", "persons", "links",
    ] {
        assert!(event.get(key).is_some(), "an event without {key}");
    }
    assert_eq!(event["title"], "Taller B: financiamiento");
    assert_eq!(event["duration"], "01:30");
    assert_eq!(event["type"], "workshop");
    assert_eq!(event["track"], "Taller");
    assert_eq!(
        event["url"],
        "https://eventos.example.gob.pe/salas-2018/es/agenda/#workshop-b"
    );
    let names: Vec<&str> = event["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Dana Lee", "Eli Park"]);
    // Santiago in March: UTC−3.
    let santiago = render(&fixture("santiago-dst"));
    let doc: serde_json::Value = serde_json::from_str(&santiago.text("schedule.json")).unwrap();
    let day1 = &doc["schedule"]["conference"]["days"][0];
    assert_eq!(
        day1["rooms"]["Sala 1"][0]["date"],
        "2024-03-20T09:00:00-03:00"
    );
    assert_eq!(
        day1["rooms"]["Sala 1"][0]["title"], "Apertura",
        "the default language is Spanish"
    );
}

#[test]
fn the_home_and_agenda_pages_link_the_exports_and_the_participation_page() {
    let site = render(&fixture("three-days"));
    let home = site.text("es/index.html");
    // Each language's buttons give that language's calendar.
    for href in [
        "\"schedule.ics\"",
        "\"schedule.xml\"",
        "\"schedule.json\"",
        "\"participation/\"",
    ] {
        assert!(home.contains(&format!("href={href}")), "home lacks {href}");
    }
    assert!(home.contains("Añadir al calendario"));
    let agenda = site.text("en/agenda/index.html");
    for href in [
        "\"../schedule.ics\"",
        "\"../schedule.xml\"",
        "\"../schedule.json\"",
        "\"../participation/\"",
    ] {
        assert!(
            agenda.contains(&format!("href={href}")),
            "agenda lacks {href}"
        );
    }
    for id in site.session_ids() {
        let link = format!("href=\"../schedule/{id}.ics\"");
        assert_eq!(agenda.contains(&link), id != "coffee-1", "{link}");
        assert!(site.files.contains_key(&format!("schedule/{id}.ics")));
        for lang in ["en", "es"] {
            assert!(
                site.files
                    .contains_key(&format!("{lang}/schedule/{id}.ics"))
            );
        }
    }
    assert!(agenda.contains(">Add to calendar</a>"));
}

/// The schedule XML and calendars of the example forum and the fixtures,
/// written to a temporary folder for the outside tools.
pub fn exports(ext: &str) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, project) in [
        ("example", example()),
        ("three-days", fixture("three-days")),
        ("santiago-dst", fixture("santiago-dst")),
    ] {
        let site = render(&project);
        for (path, bytes) in site.files.iter().filter(|(p, _)| p.ends_with(ext)) {
            let to = dir.path().join(name).join(path);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(&to, bytes).unwrap();
            paths.push(to);
        }
    }
    (dir, paths)
}

#[test]
#[ignore = "needs xmllint"]
fn xmllint_validates_every_schedule_xml_against_the_c3voc_schema() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/schedule.xml.xsd");
    assert!(schema.is_file(), "no schema at {}", schema.display());
    let (_dir, files) = exports("schedule.xml");
    assert_eq!(files.len(), 6, "two languages × three forums");
    for f in files {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&f)
            .output()
            .expect("running xmllint (apt-get install libxml2-utils)");
        assert!(
            out.status.success(),
            "{}:\n{}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
