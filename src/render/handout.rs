//! Render stage: the printable handout, one self-contained document per
//! language (`<lang>/handout/index.html`, in the web site and the USB bundle).
//!
//! Built from the same model and Markdown as the site, with its own template
//! and print stylesheet, inlined along with the images so that the file
//! prints correctly when opened on its own.

use base64::Engine as _;
use rayon::prelude::*;
use serde::Serialize;

use super::context::PageCtx;
use super::format::{asset_size, file_type, sort_key};
use super::pages::surveys::{self, SurveyLink};
use super::pages::{Card, PageScope, SessionCtx};
use super::{Context, Txt, windows};
use crate::diagnostics::Diagnostic;
use crate::model::{DocKind, Lang, Session, Speaker};
use crate::output::Rewind;
use crate::urls::{self, HandoutLinks, LinkStyle, Target, doc_prefix};

/// One of the forum's images as a `data:` URI, so the handout needs no
/// other file.
fn data_uri(forum: &crate::model::Forum, path: &str) -> Option<String> {
    let bytes = forum.asset(path)?.inline.as_deref()?;
    let mime = crate::model::Asset::inline_mime(path)?;
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// An SVG QR code for `url`, labelled by the element `qr-label`.
pub fn qr_svg(url: &str) -> Option<String> {
    qr_svg_labelled(url, "qr-label")
}

/// An SVG QR code for `url`, labelled by the element with the id `label`.
pub fn qr_svg_labelled(url: &str, label: &str) -> Option<String> {
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
    Some(svg[start..].replacen(
        "<svg",
        &format!(
            "<svg role=\"img\" aria-labelledby=\"{}\"",
            crate::html::escape(label)
        ),
        1,
    ))
}

#[derive(Serialize)]
struct HandoutCtx {
    page: PageCtx,
    css: String,
    home_url: String,
    qr: Option<String>,
    /// The surveys, each with its QR code.
    surveys: Vec<SurveyQr>,
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
    pdf: Option<crate::render::pdf::Download>,
}

#[derive(Serialize)]
struct SurveyQr {
    #[serde(flatten)]
    link: SurveyLink,
    /// The id of the caption that labels the code.
    label_id: String,
    qr: Option<String>,
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
    sessions: Vec<SessionCtx>,
}

/// A speaker's card (the site's, with the photo inlined) and biography.
#[derive(Serialize)]
struct Bio {
    #[serde(flatten)]
    card: Card,
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
    /// "Draft" beside a draft report's title.
    draft: Option<String>,
}

/// How the handout of `lang` links: by anchor to what it holds.
fn handout_links(ctx: &Context, lang: &Lang) -> LinkStyle {
    let f = ctx.forum;
    let l = || lang.to_string();
    let mut inside: std::collections::BTreeSet<Target> = [
        Target::Agenda(l()),
        Target::Speakers(l()),
        Target::Presentations(l()),
    ]
    .into();
    inside.extend(
        f.speakers
            .iter()
            .map(|s| Target::Speaker(l(), s.id.clone())),
    );
    inside.extend(
        f.pages
            .iter()
            .chain(&f.reports)
            .filter(|d| d.main().handout)
            .map(|d| Target::doc(d.kind, lang, &d.slug)),
    );
    LinkStyle::Handout(HandoutLinks {
        base_url: f.config.base_url.clone(),
        inside,
    })
}

/// The handout of one language, in memory (the preview, tests).
pub fn page(scope: &PageScope) -> Result<String, Diagnostic> {
    let people = people(scope);
    let rewrite = bio_rewrite(scope);
    // The biographies, rendered on the build's threads.
    let ctx = scope.ctx;
    let bios: Vec<String> = people
        .par_iter()
        .map(|s| {
            ctx.prepared
                .bio(ctx.forum, ctx.i18n, s, scope.lang)
                .map(|h| rewrite(&h))
                .unwrap_or_default()
        })
        .collect();
    let data = context(scope, &rewrite, || {
        people
            .iter()
            .zip(bios)
            .map(|(s, html)| entry(scope, s, html))
            .collect()
    });
    scope.render("handout.html", &data)
}

/// What marks the place of each biography in a handout rendered for
/// streaming: a comment, so that a theme that escapes the biography (and
/// so wants something else than its HTML there) is not streamed.
const BIO_MARKS: windows::Marks = windows::Marks {
    prefix: "<!--foro:bio-",
    suffix: "-->",
};

/// Where a handout is written, and how its links are made there (the
/// page's links rewritten for an output's style).
pub struct Sink<'w> {
    pub out: &'w mut (dyn Rewind + Send),
    pub finish: &'w (dyn Fn(&str) -> String + Sync),
}

/// Why a handout was not written in parts.
enum Failed {
    Template(Diagnostic),
    Write(std::io::Error),
}

/// Writes the handout of one language to each sink as it is made: the
/// template is rendered a window of speakers at a time, each biography
/// marked ([`windows::cut`]), so that neither the template's context nor
/// the page is ever held whole (a card is ~3 KB of template values, a
/// biography ~4 KB of HTML: 155 MB and 200 MB per language at 2×50,000
/// speakers). The page's links are made in each part by the sink's
/// `finish`, as they are in a page rendered whole. A theme that does not
/// show each biography once, in order and unescaped, or that shows a
/// speaker by its place in the list, gets its handout rendered whole.
///
/// Each biography is rendered once, and `each` is given it too (the
/// speaker's page is made from it): what `each` returns comes back in the
/// handout's order.
pub fn write<T: Send>(
    scope: &PageScope,
    sinks: &mut [Sink],
    each: &(dyn Fn(&Speaker, &str) -> T + Sync),
) -> Result<(std::io::Result<()>, Vec<T>), Diagnostic> {
    let people = people(scope);
    let (ctx, lang) = (scope.ctx, scope.lang);
    let raw = |s: &Speaker| {
        ctx.prepared
            .bio(ctx.forum, ctx.i18n, s, lang)
            .unwrap_or_default()
    };
    let rewrite = bio_rewrite(scope);
    // Every card's texts are noted before the page's top is rendered, so
    // that its note on texts in another language is the whole page's.
    let data = context(scope, &rewrite, || {
        for s in &people {
            scope.note_card(s);
        }
        Vec::new()
    });
    let base = scope.context("handout.html", &data)?;
    drop(data);
    let mut told: Vec<T> = Vec::with_capacity(people.len());
    let cut = windows::cut(
        people.len(),
        &BIO_MARKS,
        &|r| {
            // A scope of its own: the render runs beside the writing of
            // the window before, and the page's note is in `base` already.
            let scope = PageScope::new(ctx, scope.target, scope.style);
            let speakers: Vec<Bio> = people[r.clone()]
                .iter()
                .zip(r)
                .map(|(s, i)| entry(&scope, s, BIO_MARKS.of(i)))
                .collect();
            scope
                .render_part("handout.html", &base, "speakers", &speakers)
                .map_err(Failed::Template)
        },
        &mut |own, texts| {
            let bios: Vec<(String, T)> = people[own.clone()]
                .par_iter()
                .map(|s| {
                    let html = raw(s);
                    let page = each(s, &html);
                    (rewrite(&html), page)
                })
                .collect();
            let mut bios = bios.into_iter();
            for text in texts {
                let bio = bios.next();
                for k in sinks.iter_mut() {
                    k.out.write_all((k.finish)(text).as_bytes())?;
                    if let Some((html, _)) = &bio {
                        k.out.write_all((k.finish)(html).as_bytes())?;
                    }
                }
                told.extend(bio.map(|(_, page)| page));
            }
            Ok(())
        },
    );
    match cut {
        Ok(()) => Ok((Ok(()), told)),
        Err(windows::Stop::Failed(Failed::Template(e))) => Err(e),
        Err(windows::Stop::Failed(Failed::Write(e))) => Ok((Err(e), told)),
        Err(windows::Stop::NotLocal) => {
            let html = page(scope)?;
            let rest: Vec<T> = people[told.len()..]
                .par_iter()
                .map(|s| each(s, &raw(s)))
                .collect();
            told.extend(rest);
            let written = sinks.iter_mut().try_for_each(|k| {
                k.out.rewind()?;
                k.out.write_all((k.finish)(&html).as_bytes())
            });
            Ok((written, told))
        }
    }
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Self {
        Failed::Write(e)
    }
}

/// The speakers in the handout's order (by name).
fn people<'a>(scope: &PageScope<'a>) -> Vec<&'a Speaker> {
    let mut people: Vec<_> = scope.ctx.forum.speakers.iter().collect();
    people.sort_by_cached_key(|s| sort_key(&s.name));
    people
}

/// How a biography's links are made in the handout: by anchor to what it
/// holds.
fn bio_rewrite(scope: &PageScope) -> impl Fn(&str) -> String + Sync + use<> {
    let from = scope.target.path();
    let links = handout_links(scope.ctx, scope.lang);
    move |html: &str| urls::rewrite_internal(html, &from, &links)
}

/// A speaker's entry in the handout: the card, with the photo inlined,
/// and `html` as the biography.
fn entry(scope: &PageScope, s: &Speaker, html: String) -> Bio {
    let mut card = scope.card(s);
    card.photo = s
        .photo
        .as_deref()
        .and_then(|p| data_uri(scope.ctx.forum, p));
    Bio {
        card,
        html,
        lang: match s.bio(scope.lang) {
            (b, true) => Some(b.lang.clone()),
            (_, false) => None,
        },
    }
}

/// The handout's template context, with the speakers `speakers` makes
/// (called where their texts are picked, for the page's note on texts in
/// another language). `rewrite` makes the handout's links
/// ([`bio_rewrite`]: built once per handout, from a set of every page it
/// holds).
fn context(
    scope: &PageScope,
    rewrite: &dyn Fn(&str) -> String,
    speakers: impl FnOnce() -> Vec<Bio>,
) -> HandoutCtx {
    let (ctx, lang) = (scope.ctx, scope.lang);
    let f = ctx.forum;
    let c = &f.config;
    let title = ctx.i18n.t(lang, "handout").to_string();
    let page = scope.page(&title, None, None);
    let home_url = urls::absolute(&c.base_url, &Target::Home(lang.to_string()).path());
    let names = |ids: &[String]| {
        ids.iter()
            .filter_map(|id| f.speaker(id))
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    let days = f
        .agenda
        .days
        .iter()
        .map(|d| {
            let mut sessions: Vec<&Session> = d.sessions.iter().collect();
            sessions.sort_by_key(|s| (s.start, s.end));
            Day {
                date: ctx.i18n.date_heading(lang, d.date),
                title: scope.opt(d.title.as_ref()),
                sessions: sessions.into_iter().map(|s| scope.session(s)).collect(),
            }
        })
        .collect();
    let speakers = speakers();
    let presentations = f
        .presentations
        .iter()
        .map(|p| Pres {
            id: p.id.clone(),
            title: scope.txt(&p.title),
            kind: p
                .file
                .as_deref()
                .map_or_else(|| ctx.i18n.t(lang, "slides").to_string(), file_type),
            size: p
                .file
                .as_ref()
                .map(|file| asset_size(f, file, ctx.i18n, lang))
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
            let (v, fell) = d.version(lang);
            let html = ctx
                .prepared
                .handout_docs
                .get(&(d.kind, d.slug.clone(), lang.to_string()))
                .map(|r| rewrite(&r.html))
                .unwrap_or_default();
            Doc {
                id: format!("{}top", doc_prefix(d.kind, &d.slug)),
                title: v.title.clone(),
                html,
                report: d.kind == DocKind::Report,
                lang: fell.then(|| v.body.lang.clone()),
                draft: crate::render::pages::documents::draft_label(ctx.i18n, lang, &v.publication),
            }
        })
        .collect();
    let css = ctx
        .templates
        .statics
        .get("handout.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    HandoutCtx {
        page,
        css,
        qr: qr_svg(&home_url),
        surveys: surveys::links(scope)
            .into_iter()
            .map(|link| {
                let label_id = format!("survey-{}-label", link.kind);
                SurveyQr {
                    qr: qr_svg_labelled(&link.url, &label_id),
                    label_id,
                    link,
                }
            })
            .collect(),
        home_url,
        venue: format!(
            "{}, {}, {}, {}",
            scope.text(&c.venue.name),
            scope.text(&c.venue.address),
            scope.text(&c.venue.city),
            scope.text(&c.venue.country)
        ),
        organizers: c
            .organizers
            .iter()
            .map(|o| Org {
                name: scope.txt(&o.name),
                logo: o.logo.as_deref().and_then(|l| data_uri(f, l)),
            })
            .collect(),
        project_number: c.project.as_ref().and_then(|p| p.number.clone()),
        fund: c.project.as_ref().and_then(|p| scope.opt(p.fund.as_ref())),
        sponsor: c
            .project
            .as_ref()
            .and_then(|p| scope.opt(p.sponsor.as_ref())),
        days,
        speakers,
        presentations,
        documents,
        timezone_note: scope.timezone_note(),
        pdf: crate::render::pdf::download(ctx, &Target::Handout(lang.to_string()), lang),
    }
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
