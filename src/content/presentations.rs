//! Content stage: `presentations.yaml` and `participation.yaml`.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::Reader;
use crate::model::{EconomyCount, EconomyGroup, Expected, Localized, Participation, Presentation};
use crate::yaml::{Positions, Seg};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    id: String,
    title: Localized,
    #[serde(default)]
    speakers: Vec<String>,
    language: Option<String>,
    file: Option<String>,
    slides_url: Option<String>,
    video_url: Option<String>,
    summary: Option<Localized>,
    recording: Option<super::recording::RawRecording>,
}

pub(super) const FILE: &str = "presentations.yaml";

pub(super) fn load(r: &mut Reader, langs: &[String]) -> Option<Vec<Presentation>> {
    let rel = Path::new(FILE);
    if !r.present(rel) {
        return None;
    }
    let text = r.read(rel)?;
    let raws: Vec<Raw> = r.parse(rel, &text, 0)?;
    let positions = Positions::of(&text, 0);
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut files = Vec::new();
    let mut recordings = Vec::new();
    {
        let mut c = r.file(rel, positions.clone(), langs);
        for (i, p) in raws.into_iter().enumerate() {
            let at = |key: &'static str| [Seg::Index(i), Seg::Key(key)];
            let mut ok = c.id(&at("id"), &p.id, "presentation id");
            if let Some(line) = seen.get(&p.id) {
                c.error(
                    &at("id"),
                    format!(
                        "the presentation id `{}` is already used on line {line}",
                        p.id
                    ),
                    "give every presentation its own id",
                );
                ok = false;
            } else {
                seen.insert(p.id.clone(), c.positions.value(&at("id")).line);
            }
            c.localized(&at("title"), &p.title);
            if let Some(s) = &p.summary {
                c.localized(&at("summary"), s);
            }
            for (j, id) in p.speakers.iter().enumerate() {
                c.id(
                    &[Seg::Index(i), Seg::Key("speakers"), Seg::Index(j)],
                    id,
                    "speaker id",
                );
            }
            if let Some(lang) = &p.language {
                let valid =
                    (2..=3).contains(&lang.len()) && lang.chars().all(|ch| ch.is_ascii_lowercase());
                if !valid {
                    c.error(
                        &at("language"),
                        format!("`{lang}` is not a language code"),
                        "use a two-letter code such as `en` or `es`",
                    );
                }
            }
            for (key, url) in [("slides_url", &p.slides_url), ("video_url", &p.video_url)] {
                if let Some(u) = url {
                    c.url(&at(key), u);
                }
            }
            if let Some(f) = &p.file {
                files.push((c.positions.value(&at("file")), f.clone()));
            }
            let recording = match p.recording {
                Some(raw) => {
                    let rec = super::recording::check(
                        &mut c,
                        &at("recording"),
                        raw,
                        langs,
                        &mut recordings,
                    );
                    ok &= rec.is_some();
                    rec
                }
                None => None,
            };
            if ok {
                out.push(Presentation {
                    id: p.id,
                    title: p.title,
                    speakers: p.speakers,
                    language: p.language,
                    file: p.file.map(|f| super::assets::normalize(&f)),
                    slides_url: p.slides_url,
                    video_url: p.video_url,
                    summary_lines: p
                        .summary
                        .as_ref()
                        .map(|v| {
                            super::localized_lines(
                                &text,
                                &c.positions,
                                &[Seg::Index(i), Seg::Key("summary")],
                                v,
                            )
                        })
                        .unwrap_or_default(),
                    summary: p.summary,
                    recording,
                });
            }
        }
    }
    for (pos, f) in files {
        super::assets::check_ref(r, rel, pos, &f, "files");
    }
    super::recording::check_files(r, rel, recordings);
    Some(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParticipation {
    #[serde(default)]
    targets: RawTargets,
    #[serde(default)]
    participants: Vec<EconomyCount>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTargets {
    women_speakers_percent: Option<f64>,
    women_participants_percent: Option<f64>,
    participants: Option<u32>,
    speakers: Option<u32>,
    #[serde(default)]
    groups: Vec<EconomyGroup>,
}

/// The most participants of one economy in one group: far above any forum,
/// low enough that no total overflows.
const MAX_PEOPLE: u32 = 1_000_000;

pub(super) fn load_participation(r: &mut Reader, langs: &[String]) -> Option<Participation> {
    let rel = Path::new("participation.yaml");
    if !r.present(rel) {
        return None;
    }
    let text = r.read(rel)?;
    let raw: RawParticipation = r.parse(rel, &text, 0)?;
    let mut c = r.file(rel, Positions::of(&text, 0), langs);
    for (key, v) in [
        ("women_speakers_percent", raw.targets.women_speakers_percent),
        (
            "women_participants_percent",
            raw.targets.women_participants_percent,
        ),
    ] {
        if let Some(v) = v {
            if !(0.0..=100.0).contains(&v) {
                c.error(
                    &[Seg::Key("targets"), Seg::Key(key)],
                    format!("{v} is not a percentage"),
                    "write a number from 0 to 100",
                );
            }
        }
    }
    let mut seen = Vec::new();
    for (i, e) in raw.participants.iter().enumerate() {
        if e.economy.trim().is_empty() {
            c.error(
                &[Seg::Key("participants"), Seg::Index(i), Seg::Key("economy")],
                "the economy is empty",
                "name the economy, e.g. \"Peru\"",
            );
        } else if seen.contains(&&e.economy) {
            c.error(
                &[Seg::Key("participants"), Seg::Index(i), Seg::Key("economy")],
                format!("`{}` is listed twice", e.economy),
                "add the figures up into one entry per economy",
            );
        }
        seen.push(&e.economy);
        for (key, n) in [
            ("women", e.women),
            ("men", e.men),
            ("other", e.other),
            ("undisclosed", e.undisclosed),
        ] {
            if n > MAX_PEOPLE {
                c.error(
                    &[Seg::Key("participants"), Seg::Index(i), Seg::Key(key)],
                    format!("{n} is more people than a forum has (at most {MAX_PEOPLE})"),
                    "check the figure: it counts the participants of one economy",
                );
            }
        }
    }
    for (i, g) in raw.targets.groups.iter().enumerate() {
        let at = |k: &'static str| {
            [
                Seg::Key("targets"),
                Seg::Key("groups"),
                Seg::Index(i),
                Seg::Key(k),
            ]
        };
        c.localized(&at("name"), &g.name);
        for (j, m) in g.members.iter().enumerate() {
            if g.members[..j].contains(m) {
                let path = [
                    Seg::Key("targets"),
                    Seg::Key("groups"),
                    Seg::Index(i),
                    Seg::Key("members"),
                    Seg::Index(j),
                ];
                c.error(
                    &path,
                    format!("`{m}` is listed twice in this group"),
                    "list every economy of the group once",
                );
            }
        }
        if let Some(n) = g.economies {
            if n as usize > g.members.len() {
                c.error(
                    &at("economies"),
                    format!(
                        "the group has {} economies, fewer than the {n} expected",
                        g.members.len()
                    ),
                    "list the group's economies under `members`, or lower the target",
                );
            }
        }
    }
    Some(Participation {
        women_speakers_percent: raw.targets.women_speakers_percent,
        women_participants_percent: raw.targets.women_participants_percent,
        participants: raw.participants,
        expected: Expected {
            participants: raw.targets.participants,
            speakers: raw.targets.speakers,
            groups: raw.targets.groups,
        },
    })
}
