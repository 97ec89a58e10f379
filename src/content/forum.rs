//! Content stage: `forum.yaml`, the event itself.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::{
    Config, Contact, HandoutPart, Livestream, Localized, MarkdownOptions, Organizer, Paper,
    PrintConfig, Project, Surveys, Venue,
};
use crate::yaml::{Positions, Seg};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Localized,
    short_title: Option<Localized>,
    tagline: Option<Localized>,
    languages: Vec<String>,
    dates: RawDates,
    timezone: String,
    venue: RawVenue,
    base_url: String,
    #[serde(default)]
    organizers: Vec<RawOrganizer>,
    project: Option<RawProject>,
    livestream: Option<RawLivestream>,
    contact: Option<RawContact>,
    theme: Option<String>,
    markdown: Option<RawMarkdown>,
    surveys: Option<RawSurveys>,
    #[serde(default)]
    variants: std::collections::BTreeMap<String, String>,
    timezone_city: Option<Localized>,
    #[serde(default)]
    economies: std::collections::BTreeMap<String, Localized>,
    #[serde(default)]
    publish: std::collections::BTreeMap<String, super::publish_targets::RawTarget>,
    paper: Option<String>,
    handout: Option<Vec<String>>,
    print: Option<RawPrint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurveys {
    opening: Option<Localized>,
    closing: Option<Localized>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrint {
    bleed_mm: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDates {
    start: String,
    end: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVenue {
    name: Localized,
    address: Localized,
    city: Localized,
    country: String,
    map_url: Option<String>,
    geo: Option<RawGeo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeo {
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganizer {
    name: Localized,
    url: Option<String>,
    logo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    number: Option<String>,
    fund: Option<Localized>,
    sponsor: Option<Localized>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLivestream {
    url: String,
    note: Option<Localized>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    email: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    smart_punctuation: Option<bool>,
    raw_html: Option<bool>,
}

const FILE: &str = "forum.yaml";

/// The most days `end` may lie after `start`.
pub(crate) const MAX_DAYS: i32 = 366;

/// Reads forum.yaml; `None` when it is missing or unusable (nothing else can
/// be checked without its languages).
pub(super) fn load(r: &mut Reader) -> Option<Config> {
    let rel = Path::new(FILE);
    if !r.present(rel) {
        r.diags.push(
            Diagnostic::error(rel, None, "the project has no forum.yaml").hint(
                "every forum project needs forum.yaml; `foro new DIR` writes a starter project",
            ),
        );
        return None;
    }
    let text = r.read(rel)?;
    let raw: Raw = r.parse(rel, &text, 0)?;
    let positions = Positions::of(&text, 0);
    let languages = raw.languages.clone();
    let mut c = r.file(rel, positions, &languages);

    let mut ok = true;
    if languages.is_empty() {
        c.error(
            &[Seg::Key("languages")],
            "`languages` is empty",
            "list the forum's languages, default first, e.g. `[en, es]`",
        );
        return None;
    }
    for (i, lang) in languages.iter().enumerate() {
        if let Err(message) = crate::model::check_code(lang) {
            c.error(
                &[Seg::Key("languages"), Seg::Index(i)],
                message,
                "use two- or three-letter lowercase codes (BCP 47 primary tags) such as `en`, `es`, `pt`",
            );
            ok = false;
        } else if languages[..i].contains(lang) {
            c.error(
                &[Seg::Key("languages"), Seg::Index(i)],
                format!("`{lang}` is listed twice"),
                "list each language once",
            );
            ok = false;
        }
    }
    for (lang, variant) in &raw.variants {
        let at = [Seg::Key("variants"), Seg::Key(lang)];
        if !languages.contains(lang) {
            c.error(
                &at,
                format!(
                    "`{lang}` is not one of the forum's languages ({})",
                    languages.join(", ")
                ),
                "give a variant to a language listed in `languages`, e.g. `variants: {es: es-PE}`",
            );
            ok = false;
        } else if let Err(message) = crate::model::check_variant(lang, variant) {
            c.error(
                &at,
                message,
                format!("write a BCP 47 tag of `{lang}` with a region, e.g. `{lang}-PE`"),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }

    let date = |c: &mut super::FileCheck, key: &'static str, value: &str| -> Option<Date> {
        if let Some(d) = parse_date(value) {
            Some(d)
        } else {
            c.error(
                &[Seg::Key("dates"), Seg::Key(key)],
                format!("`{value}` is not a date"),
                "write dates as YYYY-MM-DD, e.g. 2017-09-21",
            );
            None
        }
    };
    let start = date(&mut c, "start", &raw.dates.start);
    let end = date(&mut c, "end", &raw.dates.end);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            c.error(
                &[Seg::Key("dates"), Seg::Key("end")],
                format!("the forum ends ({e}) before it starts ({s})"),
                "`end` must be the same day as `start` or later",
            );
        } else if s
            .until((jiff::Unit::Day, e))
            .is_ok_and(|span| span.get_days() > MAX_DAYS)
        {
            // A mistyped year (1017 for 2017) would make every schedule
            // list hundreds of thousands of days.
            c.error(
                &[Seg::Key("dates"), Seg::Key("end")],
                format!("the forum lasts from {s} to {e}, more than {MAX_DAYS} days"),
                "check the years in `dates`: a forum lasts days or weeks",
            );
        }
    }
    if jiff::tz::TimeZone::get(&raw.timezone).is_err() {
        c.error(
            &[Seg::Key("timezone")],
            format!("`{}` is not a known time zone", raw.timezone),
            "use an IANA time zone name such as `America/Lima` or `Asia/Bangkok`",
        );
    }
    if let Err(why) = super::file_check::check_base_url(&raw.base_url) {
        c.error(
            &[Seg::Key("base_url")],
            format!("invalid URL `{}`: {why}", raw.base_url),
            "write the address the site is published at, such as `https://www.example.org/forum/`",
        );
    }
    c.localized(&[Seg::Key("title")], &raw.title);
    if let Some(v) = &raw.short_title {
        c.localized(&[Seg::Key("short_title")], v);
    }
    if let Some(v) = &raw.tagline {
        c.localized(&[Seg::Key("tagline")], v);
    }
    c.localized(&[Seg::Key("venue"), Seg::Key("name")], &raw.venue.name);
    c.localized(
        &[Seg::Key("venue"), Seg::Key("address")],
        &raw.venue.address,
    );
    c.localized(&[Seg::Key("venue"), Seg::Key("city")], &raw.venue.city);
    if let Some(v) = &raw.timezone_city {
        c.localized(&[Seg::Key("timezone_city")], v);
    }
    for (code, v) in &raw.economies {
        c.localized(&[Seg::Key("economies"), Seg::Key(code)], v);
    }
    let country = crate::model::economies::resolve(&raw.venue.country, &raw.economies)
        .unwrap_or_else(|| {
            c.warning(
                &[Seg::Key("venue"), Seg::Key("country")],
                format!("`{}` is not a country foro knows; it is shown as written in every language", raw.venue.country),
                crate::diagnostics::suggest(
                    &raw.venue.country,
                    crate::model::economies::names(),
                    "write an ISO 3166 code (PE, PER) or add the name to `economies:` with its translations",
                ),
            );
            Localized::One(raw.venue.country.clone())
        });
    if let Some(u) = &raw.venue.map_url {
        c.url(&[Seg::Key("venue"), Seg::Key("map_url")], u);
    }
    for (i, o) in raw.organizers.iter().enumerate() {
        c.localized(
            &[Seg::Key("organizers"), Seg::Index(i), Seg::Key("name")],
            &o.name,
        );
        if let Some(u) = &o.url {
            c.url(&[Seg::Key("organizers"), Seg::Index(i), Seg::Key("url")], u);
        }
    }
    if let Some(p) = &raw.project {
        for (key, v) in [("fund", &p.fund), ("sponsor", &p.sponsor)] {
            if let Some(v) = v {
                c.localized(&[Seg::Key("project"), Seg::Key(key)], v);
            }
        }
    }
    if let Some(l) = &raw.livestream {
        c.url(&[Seg::Key("livestream"), Seg::Key("url")], &l.url);
        if let Some(n) = &l.note {
            c.localized(&[Seg::Key("livestream"), Seg::Key("note")], n);
        }
    }
    if let Some(surveys) = &raw.surveys {
        for (key, v) in [("opening", &surveys.opening), ("closing", &surveys.closing)] {
            let Some(v) = v else { continue };
            let at = [Seg::Key("surveys"), Seg::Key(key)];
            c.localized(&at, v);
            let mut v = v;
            while let Localized::Written(_, inner) = v {
                v = inner;
            }
            match v {
                Localized::One(url) => c.url(&at, url),
                Localized::Map(map) => {
                    for (lang, url) in map {
                        c.url(&[Seg::Key("surveys"), Seg::Key(key), Seg::Key(lang)], url);
                    }
                }
                Localized::Written(..) => {}
            }
        }
    }
    if let Some(contact) = &raw.contact {
        if let Some(u) = &contact.url {
            c.url(&[Seg::Key("contact"), Seg::Key("url")], u);
        }
        if let Some(e) = &contact.email {
            let valid = e
                .split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
                && !e.contains(char::is_whitespace);
            if !valid {
                c.error(
                    &[Seg::Key("contact"), Seg::Key("email")],
                    format!("`{e}` is not an e-mail address"),
                    "write it as name@example.org",
                );
            }
        }
    }
    let publish = super::publish_targets::check(&mut c, &raw.publish);
    let print = print_config(&mut c, &raw);
    if let Some(theme) = &raw.theme {
        if let Err(why) = crate::slug::check_id(theme) {
            c.error(
                &[Seg::Key("theme")],
                format!("invalid theme name `{theme}`: {why}"),
                "name a folder under themes/ with lowercase letters, digits and `-`",
            );
        } else if theme != "default" && !r.root.join("themes").join(theme).is_dir() {
            let pos = Positions::of(&text, 0).value(&[Seg::Key("theme")]);
            r.diags.push(
                Diagnostic::error(rel, Some(pos), format!("the theme `{theme}` does not exist"))
                    .hint(format!("create themes/{theme}/ in the project, or remove `theme` to use the built-in theme")),
            );
        }
    }
    for (i, o) in raw.organizers.iter().enumerate() {
        if let Some(logo) = &o.logo {
            let pos = Positions::of(&text, 0).value(&[
                Seg::Key("organizers"),
                Seg::Index(i),
                Seg::Key("logo"),
            ]);
            super::assets::check_ref(r, rel, pos, logo, "images");
        }
    }

    let md = raw.markdown.unwrap_or(RawMarkdown {
        smart_punctuation: None,
        raw_html: None,
    });
    let defaults = MarkdownOptions::default();
    Some(Config {
        title: raw.title,
        short_title: raw.short_title,
        tagline: raw.tagline,
        languages: crate::model::Lang::forum(&languages, &raw.variants),
        start: start?,
        end: end?,
        timezone: raw.timezone,
        venue: Venue {
            name: raw.venue.name,
            address: raw.venue.address,
            city: raw.venue.city,
            country,
            map_url: raw.venue.map_url,
            geo: raw.venue.geo.map(|g| (g.lat, g.lon)),
        },
        base_url: if raw.base_url.ends_with('/') {
            raw.base_url
        } else {
            format!("{}/", raw.base_url)
        },
        organizers: raw
            .organizers
            .into_iter()
            .map(|o| Organizer {
                name: o.name,
                url: o.url,
                logo: o.logo.map(|l| super::assets::normalize(&l)),
            })
            .collect(),
        project: raw.project.map(|p| Project {
            number: p.number,
            fund: p.fund,
            sponsor: p.sponsor,
        }),
        livestream: raw.livestream.map(|l| Livestream {
            url: l.url,
            note: l.note,
        }),
        contact: raw.contact.map(|c| Contact {
            email: c.email,
            url: c.url,
        }),
        theme: raw.theme.filter(|t| t != "default"),
        markdown: MarkdownOptions {
            smart_punctuation: md.smart_punctuation.unwrap_or(defaults.smart_punctuation),
            raw_html: md.raw_html.unwrap_or(defaults.raw_html),
        },
        surveys: raw.surveys.map_or_else(Surveys::default, |s| Surveys {
            opening: s.opening,
            closing: s.closing,
        }),
        timezone_city: raw.timezone_city,
        economies: raw.economies,
        publish,
        print,
    })
}

/// `paper`, `handout` and `print` (the PDFs).
fn print_config(c: &mut super::FileCheck, raw: &Raw) -> PrintConfig {
    let mut print = PrintConfig::default();
    if let Some(p) = &raw.paper {
        match Paper::parse(p) {
            Some(p) => print.paper = p,
            None => c.error(
                &[Seg::Key("paper")],
                format!("`{p}` is not a paper size foro prints on"),
                "write `paper: a4` or `paper: letter`",
            ),
        }
    }
    if let Some(parts) = &raw.handout {
        let mut order = Vec::new();
        for (i, name) in parts.iter().enumerate() {
            match HandoutPart::parse(name) {
                Some(part) if order.contains(&part) => c.error(
                    &[Seg::Key("handout"), Seg::Index(i)],
                    format!("`{name}` is listed twice"),
                    "list each part of the handout once",
                ),
                Some(part) => order.push(part),
                None => c.error(
                    &[Seg::Key("handout"), Seg::Index(i)],
                    format!("`{name}` is not a part of the handout"),
                    "the parts are agenda, speakers, presentations, pages and report",
                ),
            }
        }
        print.handout = order;
    }
    if let Some(b) = raw.print.as_ref().and_then(|p| p.bleed_mm) {
        if (0.0..=10.0).contains(&b) {
            print.bleed_mm = b;
        } else {
            c.error(
                &[Seg::Key("print"), Seg::Key("bleed_mm")],
                format!("a bleed of {b} mm is outside 0 to 10 mm"),
                "print shops usually ask for `bleed_mm: 3`",
            );
        }
    }
    print
}

/// `YYYY-MM-DD`, exactly.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i16>().ok();
    Date::new(
        num(0..4)?,
        i8::try_from(num(5..7)?).ok()?,
        i8::try_from(num(8..10)?).ok()?,
    )
    .ok()
}
