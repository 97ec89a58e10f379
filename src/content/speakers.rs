//! Content stage: `speakers/<id>.md` and their translations `<id>.<lang>.md`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use serde::Deserialize;

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::{Body, Gender, Link, Localized, Speaker};
use crate::yaml::{Positions, Seg};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: String,
    honorific: Option<Localized>,
    position: Option<Localized>,
    organization: Option<Localized>,
    economy: Option<Localized>,
    gender: Option<String>,
    photo: Option<String>,
    #[serde(default)]
    links: Vec<Link>,
}

/// A translation may only override localized fields, with plain strings.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawTranslation {
    honorific: Option<String>,
    position: Option<String>,
    organization: Option<String>,
}

pub(super) fn load(r: &mut Reader, langs: &[String]) -> Vec<Speaker> {
    let files = super::markdown_files(r, "speakers");
    let mut defaults: Vec<(PathBuf, String)> = Vec::new();
    let mut translations: Vec<(PathBuf, String, String)> = Vec::new();
    for (rel, stem) in files {
        let Some((id, lang)) = super::split_lang_stem(r, &rel, &stem, langs, "speaker id") else {
            continue;
        };
        match lang {
            None => defaults.push((rel, id)),
            Some(lang) => translations.push((rel, id, lang)),
        }
    }
    // Files are read and parsed in parallel, each with its own reader;
    // the readers' diagnostics and texts are then merged in file order.
    let parsed: Vec<(Option<Speaker>, Reader)> = defaults
        .into_par_iter()
        .map(|(rel, id)| r.cached(&rel, |sub| speaker(sub, &rel, id, langs)))
        .collect();
    let mut speakers: Vec<Speaker> = Vec::new();
    for (s, sub) in parsed {
        r.absorb(sub);
        speakers.extend(s);
    }
    let by_id: HashMap<String, usize> = speakers
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let parsed: Vec<(Option<Translation>, Reader)> = translations
        .into_par_iter()
        .filter_map(|(rel, id, lang)| {
            let mut sub = r.child();
            if !by_id.contains_key(&id) {
                let orphan = super::listing::orphan_translation(
                    &sub.root,
                    &rel,
                    ("speakers", &id),
                    &format!("for the speaker `{id}`, who"),
                    &langs[0],
                    " with the speaker's front matter",
                );
                if let Some(d) = orphan {
                    sub.diags.push(d);
                    return Some((None, sub));
                }
                return None;
            }
            drop(sub);
            Some(r.cached(&rel, |sub| translation(sub, &rel, id, lang)))
        })
        .collect();
    for (t, sub) in parsed {
        r.absorb(sub);
        if let Some(t) = t {
            if let Some(i) = by_id.get(&t.id) {
                apply(&mut speakers[*i], t, &langs[0]);
            }
        }
    }
    speakers
}

fn speaker(r: &mut Reader, rel: &Path, id: String, langs: &[String]) -> Option<Speaker> {
    let text = r.read(rel)?;
    let fm = super::front_matter::split_or_report(r, rel, &text)?;
    if fm.yaml.trim().is_empty() {
        r.diags.push(
            Diagnostic::error(
                rel,
                Some(crate::yaml::Pos { line: 1, col: 1 }),
                "the speaker has no front matter",
            )
            .hint("start the file with `---`, then `name: \"…\"` and the other fields, then `---`"),
        );
        return None;
    }
    let off = fm.yaml_line - 1;
    let raw: Raw = r.parse(rel, fm.yaml, off)?;
    let positions = Positions::of(fm.yaml, off);
    let mut c = r.file(rel, positions, langs);
    if raw.name.trim().is_empty() {
        c.error(
            &[Seg::Key("name")],
            "the speaker's name is empty",
            "write the name as the person writes it",
        );
    }
    for (key, v) in [
        ("honorific", &raw.honorific),
        ("position", &raw.position),
        ("organization", &raw.organization),
    ] {
        if let Some(v) = v {
            c.localized(&[Seg::Key(key)], v);
        }
    }
    let gender = raw.gender.as_deref().and_then(|g| {
        let parsed = Gender::parse(g);
        if parsed.is_none() {
            c.error(
                &[Seg::Key("gender")],
                format!("`{g}` is not a gender value"),
                "use one of: female, male, other, undisclosed (or leave it out)",
            );
        }
        parsed
    });
    for (i, link) in raw.links.iter().enumerate() {
        c.url(
            &[Seg::Key("links"), Seg::Index(i), Seg::Key("url")],
            &link.url,
        );
    }
    let photo_pos = c.positions.value(&[Seg::Key("photo")]);
    let body = Body {
        lang: langs[0].clone(),
        file: rel.to_path_buf(),
        first_line: fm.body_line,
        markdown: text.part(fm.body),
    };
    if let Some(photo) = &raw.photo {
        super::assets::check_ref(r, rel, photo_pos, photo, "images");
    }
    Some(Speaker {
        id,
        name: raw.name,
        honorific: raw.honorific,
        position: raw.position,
        organization: raw.organization,
        economy: raw.economy,
        gender,
        photo: raw.photo.map(|p| super::assets::normalize(&p)),
        links: raw.links,
        bio: vec![body],
    })
}

/// A speaker's text in another language, read but not yet applied.
#[derive(Clone)]
struct Translation {
    id: String,
    lang: String,
    raw: RawTranslation,
    body: Body,
}

fn translation(r: &mut Reader, rel: &Path, id: String, lang: String) -> Option<Translation> {
    let text = r.read(rel)?;
    let fm = super::front_matter::split_or_report(r, rel, &text)?;
    let off = fm.yaml_line - 1;
    let raw = if fm.yaml.trim().is_empty() {
        RawTranslation::default()
    } else {
        r.parse::<RawTranslation>(rel, fm.yaml, off)?
    };
    let body = Body {
        lang: lang.clone(),
        file: rel.to_path_buf(),
        first_line: fm.body_line,
        markdown: text.part(fm.body),
    };
    Some(Translation {
        id,
        lang,
        raw,
        body,
    })
}

fn apply(s: &mut Speaker, t: Translation, default: &str) {
    let lang = t.lang.as_str();
    for (field, value) in [
        (&mut s.honorific, t.raw.honorific),
        (&mut s.position, t.raw.position),
        (&mut s.organization, t.raw.organization),
    ] {
        if let Some(v) = value {
            match field {
                Some(l) => l.set(lang, v, default),
                None => *field = Some(Localized::Map(vec![(lang.to_string(), v)])),
            }
        }
    }
    s.bio.push(t.body);
}
