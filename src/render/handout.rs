//! Render stage: the printable handout, one self-contained document per
//! language (`<lang>/handout/index.html`, in the web site and the USB bundle).
//!
//! Built from the same model and Markdown as the site, with its own template
//! and print stylesheet, inlined along with the images so that the file
//! prints correctly when opened on its own.

use std::path::Path;

use base64::Engine as _;
use serde::Serialize;

use super::context::PageCtx;
use super::site::{file_type, human_size, initials};
use super::{Context, Txt};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::markdown::INTERNAL;
use crate::model::{DocKind, Session};
use crate::urls::{self, LinkStyle, Target};

/// The id prefix of a document's headings and notes inside the handout.
pub fn doc_prefix(kind: DocKind, slug: &str) -> String {
    match kind {
        DocKind::Page => format!("page-{slug}-"),
        DocKind::Report => format!("report-{slug}-"),
    }
}

/// The id prefix of a biography inside the handout.
pub fn bio_prefix(id: &str) -> String {
    format!("speaker-{id}-")
}

/// Where an internal link (`foro:/<path>#frag`) points inside the handout:
/// an anchor when the target is part of the handout, else the web address.
pub fn href(ctx: &Context, lang: &str, path: &str, fragment: Option<&str>) -> String {
    let f = ctx.forum;
    let in_handout = |kind: DocKind, slug: &str| {
        let list = if kind == DocKind::Page {
            &f.pages
        } else {
            &f.reports
        };
        list.iter().any(|d| d.slug == slug && d.main().handout)
    };
    let parts: Vec<&str> = path.split('/').collect();
    let anchor = match parts.as_slice() {
        [l, "agenda", "index.html"] if *l == lang => {
            Some(fragment.map_or_else(|| "agenda".to_string(), |fr| format!("session-{fr}")))
        }
        [l, "speakers", "index.html"] if *l == lang => Some("speakers".to_string()),
        [l, "presentations", "index.html"] if *l == lang => Some(fragment.map_or_else(
            || "presentations".to_string(),
            |fr| format!("presentation-{fr}"),
        )),
        [l, "speakers", id, "index.html"] if *l == lang && f.speaker(id).is_some() => {
            Some(format!("speaker-{id}"))
        }
        [l, dir @ ("pages" | "report"), slug, "index.html"] if *l == lang => {
            let kind = if *dir == "pages" {
                DocKind::Page
            } else {
                DocKind::Report
            };
            in_handout(kind, slug).then(|| {
                let prefix = doc_prefix(kind, slug);
                fragment.map_or_else(|| format!("{prefix}top"), |fr| format!("{prefix}{fr}"))
            })
        }
        _ => None,
    };
    if let Some(a) = anchor {
        format!("#{a}")
    } else {
        let url = urls::absolute(&f.config.base_url, path);
        fragment.map_or(url.clone(), |fr| format!("{url}#{fr}"))
    }
}

/// Rewrites every internal link of `html` for the handout.
pub fn rewrite(ctx: &Context, lang: &str, html: &str) -> String {
    let mark = format!("\"{INTERNAL}");
    if !html.contains(&mark) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(&mark) {
        out.push_str(&rest[..=i]);
        let after = &rest[i + mark.len()..];
        let end = after.find('"').unwrap_or(after.len());
        let (path, fragment) = match after[..end].split_once('#') {
            Some((p, fr)) => (p, Some(fr)),
            None => (&after[..end], None),
        };
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        out.push_str(&href(ctx, lang, &path, fragment));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A project image as a `data:` URI, so the handout needs no other file.
fn data_uri(project: &Path, path: &str) -> Option<String> {
    let bytes = std::fs::read(project.join(path)).ok()?;
    let ext = path.rsplit('.').next()?.to_ascii_lowercase();
    let mime = match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    };
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// An SVG QR code for `url`.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // Drop the XML declaration: the SVG is inlined in HTML.
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg", "<svg role=\"img\" aria-labelledby=\"qr-label\"", 1))
}

#[derive(Serialize)]
struct HandoutCtx {
    page: PageCtx,
    css: String,
    home_url: String,
    qr: Option<String>,
    venue: String,
    organizers: Vec<Org>,
    project_number: Option<String>,
    fund: Option<Txt>,
    sponsor: Option<Txt>,
    days: Vec<Day>,
    speakers: Vec<Bio>,
    presentations: Vec<Pres>,
    documents: Vec<Doc>,
    timezone_note: String,
}

#[derive(Serialize)]
struct Org {
    name: Txt,
    logo: Option<String>,
}

#[derive(Serialize)]
struct Day {
    date: String,
    title: Option<Txt>,
    sessions: Vec<Sess>,
}

#[derive(Serialize)]
struct Sess {
    id: String,
    time: String,
    kind: &'static str,
    kind_label: String,
    title: Txt,
    room: Option<Txt>,
    speakers: Vec<String>,
    moderators: Vec<String>,
}

#[derive(Serialize)]
struct Bio {
    id: String,
    name: String,
    honorific: Option<Txt>,
    position: Option<Txt>,
    organization: Option<Txt>,
    economy: Option<String>,
    photo: Option<String>,
    photo_alt: String,
    initials: String,
    html: String,
    lang: Option<String>,
}

#[derive(Serialize)]
struct Pres {
    id: String,
    title: Txt,
    kind: String,
    size: String,
    language: String,
    speakers: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct Doc {
    id: String,
    title: String,
    html: String,
    report: bool,
    lang: Option<String>,
}

/// The handout of one language.
pub fn page(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let order = &f.config.languages;
    let c = &f.config;
    let title = ctx.i18n.t(lang, "handout").to_string();
    let page = PageCtx::new(ctx, target, style, &title, None, None);
    let home_url = urls::absolute(&c.base_url, &Target::Home(lang.to_string()).path());
    let names = |ids: &[String]| {
        ids.iter()
            .filter_map(|id| f.speaker(id))
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    let session = |s: &Session| Sess {
        id: s.id.clone(),
        time: format!("{}–{}", I18n::time(s.start), I18n::time(s.end)),
        kind: s.kind.name(),
        kind_label: ctx.i18n.kind_label(lang, s.kind),
        title: Txt::new(&s.title, lang, order),
        room: Txt::opt(s.room.as_ref(), lang, order),
        speakers: names(&s.speakers),
        moderators: names(&s.moderators),
    };
    let days = f
        .agenda
        .days
        .iter()
        .map(|d| {
            let mut sessions: Vec<&Session> = d.sessions.iter().collect();
            sessions.sort_by_key(|s| (s.start, s.end));
            Day {
                date: ctx.i18n.date(lang, d.date),
                title: Txt::opt(d.title.as_ref(), lang, order),
                sessions: sessions.into_iter().map(session).collect(),
            }
        })
        .collect();
    let mut people: Vec<_> = f.speakers.iter().collect();
    people.sort_by_cached_key(|s| crate::slug::suggest_id(&s.name));
    let speakers = people
        .into_iter()
        .map(|s| {
            let html = ctx
                .prepared
                .bios
                .get(&(s.id.clone(), lang.to_string()))
                .map(|r| rewrite(ctx, lang, &r.html))
                .unwrap_or_default();
            Bio {
                id: s.id.clone(),
                name: s.name.clone(),
                honorific: Txt::opt(s.honorific.as_ref(), lang, order),
                position: Txt::opt(s.position.as_ref(), lang, order),
                organization: Txt::opt(s.organization.as_ref(), lang, order),
                economy: s.economy.clone(),
                photo: s.photo.as_deref().and_then(|p| data_uri(ctx.project, p)),
                photo_alt: ctx.i18n.fill(lang, "photo_of", &[("name", &s.name)]),
                initials: initials(&s.name),
                html,
                lang: (!s.bio.iter().any(|b| b.lang == lang)).then(|| s.bio[0].lang.clone()),
            }
        })
        .collect();
    let presentations = f
        .presentations
        .iter()
        .map(|p| Pres {
            id: p.id.clone(),
            title: Txt::new(&p.title, lang, order),
            kind: p
                .file
                .as_deref()
                .map_or_else(|| ctx.i18n.t(lang, "slides").to_string(), file_type),
            size: p
                .file
                .as_ref()
                .map(|file| human_size(f.asset_size(file).unwrap_or(0), ctx.i18n, lang))
                .unwrap_or_default(),
            language: p
                .language
                .as_ref()
                .map(|l| ctx.i18n.language_name(lang, l))
                .unwrap_or_default(),
            speakers: names(&p.speakers).join(", "),
            url: p
                .file
                .as_ref()
                .map(|file| urls::absolute(&c.base_url, file))
                .or_else(|| p.slides_url.clone()),
        })
        .collect();
    let mut docs: Vec<_> = f
        .reports
        .iter()
        .chain(&f.pages)
        .filter(|d| d.main().handout)
        .collect();
    docs.sort_by_key(|d| (d.kind == DocKind::Page, d.main().weight, d.slug.clone()));
    let documents = docs
        .into_iter()
        .map(|d| {
            let (v, fell) = d.version(lang, order);
            let html = ctx
                .prepared
                .handout_docs
                .get(&(d.kind, d.slug.clone(), lang.to_string()))
                .map(|r| rewrite(ctx, lang, &r.html))
                .unwrap_or_default();
            Doc {
                id: format!("{}top", doc_prefix(d.kind, &d.slug)),
                title: v.title.clone(),
                html,
                report: d.kind == DocKind::Report,
                lang: fell.then(|| v.body.lang.clone()),
            }
        })
        .collect();
    let css = ctx
        .templates
        .statics
        .get("handout.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let data = HandoutCtx {
        page,
        css,
        qr: qr_svg(&home_url),
        home_url,
        venue: format!(
            "{}, {}, {}, {}",
            c.venue.name.get(lang, order).text,
            c.venue.address,
            c.venue.city,
            c.venue.country
        ),
        organizers: c
            .organizers
            .iter()
            .map(|o| Org {
                name: Txt::new(&o.name, lang, order),
                logo: o.logo.as_deref().and_then(|l| data_uri(ctx.project, l)),
            })
            .collect(),
        project_number: c.project.as_ref().and_then(|p| p.number.clone()),
        fund: c
            .project
            .as_ref()
            .and_then(|p| Txt::opt(p.fund.as_ref(), lang, order)),
        sponsor: c
            .project
            .as_ref()
            .and_then(|p| Txt::opt(p.sponsor.as_ref(), lang, order)),
        days,
        speakers,
        presentations,
        documents,
        timezone_note: ctx
            .i18n
            .fill(lang, "agenda_intro", &[("timezone", &c.timezone)]),
    };
    ctx.templates.render("handout.html", lang, &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_is_inline_svg() {
        let svg = qr_svg("https://www.example.gob.pe/foro/es/").unwrap();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(!svg.contains("<?xml"));
    }
}
