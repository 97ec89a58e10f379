//! Render stage: the typed template context every page shares.

use serde::Serialize;

use super::{Context, Txt};
use crate::model::{Lang, Localized};
use crate::urls::{self, LinkStyle, Target};

/// What the shared page context is built from: one page of one output and
/// its localized-text accessor (which records fallbacks). The page scope
/// of `render::pages` is the one implementation.
pub trait PageView {
    fn context(&self) -> &Context<'_>;
    fn page_target(&self) -> &Target;
    fn link_style(&self) -> &LinkStyle;
    fn language(&self) -> &Lang;
    /// A localized text in the page's language.
    fn localized(&self, l: &Localized) -> Txt;
}

/// What every page template receives as `page`.
#[derive(Debug, Serialize)]
pub struct PageCtx {
    pub lang: String,
    /// The page's own title (plain text).
    pub title: String,
    /// `<title>`: page title and forum short title.
    pub head_title: String,
    pub description: String,
    pub site_title: Txt,
    pub short_title: Txt,
    pub tagline: Option<Txt>,
    pub dates: String,
    /// Links to static assets, relative to this page.
    pub css: Vec<String>,
    pub js: Vec<String>,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub x_default: String,
    pub switch: Vec<Switch>,
    pub nav: Vec<NavItem>,
    pub home: String,
    /// HTML of the note shown when the page's text is in another language.
    pub fallback_note: Option<String>,
    pub footer: Footer,
    pub body_class: String,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct Switch {
    pub lang: String,
    pub href: String,
    /// The language's own name ("Español").
    pub autonym: String,
    /// "Leer esta página en español", in that language.
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    /// The label's language when it is not the page's (an untranslated page).
    pub lang: Option<String>,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct Footer {
    pub organizers: Vec<OrgCtx>,
    pub project_number: Option<String>,
    pub fund: Option<Txt>,
    pub sponsor: Option<Txt>,
    pub contact_email: Option<String>,
    pub contact_url: Option<String>,
    pub venue: Txt,
    pub city: Txt,
    pub country: Txt,
}

#[derive(Debug, Serialize)]
pub struct OrgCtx {
    pub name: Txt,
    pub url: Option<String>,
    pub logo: Option<String>,
}

/// The pages a language has, in navigation order, with their labels (and
/// the label's language when it falls back).
pub fn nav_targets(ctx: &Context, lang: &Lang) -> Vec<(Target, String, Option<String>)> {
    let f = ctx.forum;
    let t = |k: &str| ctx.i18n.t(lang, k).to_string();
    let mut out: Vec<(Target, String, Option<String>)> = Vec::new();
    for (target, label) in ui_targets(ctx, lang, &t) {
        out.push((target, label, None));
    }
    // Free pages come after the forum's own sections, before the report.
    let at = out
        .iter()
        .position(|(t, ..)| {
            !matches!(
                t,
                Target::Home(_)
                    | Target::Agenda(_)
                    | Target::Speakers(_)
                    | Target::Presentations(_)
            )
        })
        .unwrap_or(out.len());
    let l = lang.to_string();
    let mut pages = Vec::new();
    for d in f.pages.iter().filter(|d| d.main().menu) {
        let (v, fell) = d.version(lang);
        pages.push((
            Target::Page(l.clone(), d.slug.clone()),
            v.title.clone(),
            fell.then(|| v.body.lang.clone()),
        ));
    }
    out.splice(at..at, pages);
    out
}

/// The navigation entries named by UI strings (all but the free pages).
fn ui_targets(ctx: &Context, lang: &Lang, t: &dyn Fn(&str) -> String) -> Vec<(Target, String)> {
    let f = ctx.forum;
    let l = lang.to_string();
    let mut out = vec![
        (Target::Home(l.clone()), t("home")),
        (Target::Agenda(l.clone()), t("agenda")),
        (Target::Speakers(l.clone()), t("speakers")),
    ];
    if !f.presentations.is_empty() {
        out.push((Target::Presentations(l.clone()), t("presentations")));
    }
    if !f.reports.is_empty() {
        let target = if f.reports.len() == 1 {
            Target::Report(l.clone(), f.reports[0].slug.clone())
        } else {
            Target::Reports(l.clone())
        };
        out.push((target, t("report")));
    }
    if f.participation.is_some() {
        out.push((Target::Participation(l.clone()), t("participation")));
    }
    out.push((Target::Handout(l.clone()), t("handout")));
    out.push((Target::Search(l), t("search")));
    out
}

/// The page that is `target` in another language: the home page for the
/// pages every language shares (the chooser, 404).
fn same_in(target: &Target, lang: &str) -> Target {
    match target {
        Target::Chooser | Target::NotFound => Target::Home(lang.to_string()),
        t => t.in_lang(lang),
    }
}

/// Whether `target` belongs to the navigation entry `entry` (a speaker page to Speakers).
fn within(target: &Target, entry: &Target) -> bool {
    match (target, entry) {
        (Target::Speaker(..), Target::Speakers(_)) | (Target::Report(..), Target::Reports(_)) => {
            true
        }
        _ => target == entry,
    }
}

impl PageCtx {
    /// The shared context of the page `target` (with a language) titled `title`.
    pub fn new(
        scope: &impl PageView,
        title: &str,
        description: Option<&str>,
        fallback: Option<&str>,
    ) -> PageCtx {
        let (ctx, target, style) = (scope.context(), scope.page_target(), scope.link_style());
        let f = ctx.forum;
        let order = &f.config.languages;
        let lang = scope.language().clone();
        let txt = |l: &Localized| scope.localized(l);
        let opt = |l: Option<&Localized>| l.map(|l| scope.localized(l));
        let from = target.path();
        let link = |to: &str| urls::link(&from, to, style);
        let site_title = txt(&f.config.title);
        let short_title = f
            .config
            .short_title
            .as_ref()
            .map_or_else(|| site_title.clone(), &txt);
        let tagline = opt(f.config.tagline.as_ref());
        let head_title = if matches!(target, Target::Home(_)) {
            site_title.text.clone()
        } else {
            format!("{title} · {}", short_title.text)
        };
        let dates = ctx.i18n.date_range(&lang, f.config.start, f.config.end);
        let description = description.map_or_else(
            || {
                tagline.as_ref().map_or_else(
                    || format!("{} · {dates}", site_title.text),
                    |t| t.text.clone(),
                )
            },
            str::to_string,
        );
        let base = &f.config.base_url;
        let alternates = order
            .iter()
            .map(|l| Alternate {
                lang: l.to_string(),
                href: urls::absolute(base, &same_in(target, l).path()),
            })
            .collect();
        let switch = order
            .iter()
            .filter(|l| **l != lang)
            .map(|l| Switch {
                lang: l.to_string(),
                href: link(&same_in(target, l).path()),
                autonym: ctx.i18n.autonym(l),
                label: ctx.i18n.fill(
                    l,
                    "in_language",
                    &[("language", &ctx.i18n.language_name(l, l))],
                ),
            })
            .collect();
        let nav = nav_targets(ctx, &lang)
            .into_iter()
            .map(|(t, label, label_lang)| NavItem {
                href: link(&t.path()),
                current: within(target, &t),
                label,
                lang: label_lang,
            })
            .collect();
        let mut css = vec![link("assets/style.css")];
        if ctx.prepared.has_code {
            css.push(link("assets/highlight.css"));
        }
        let c = &f.config;
        let footer = Footer {
            organizers: c
                .organizers
                .iter()
                .map(|o| OrgCtx {
                    name: txt(&o.name),
                    url: o.url.clone(),
                    logo: o.logo.as_deref().map(link),
                })
                .collect(),
            project_number: c.project.as_ref().and_then(|p| p.number.clone()),
            fund: c.project.as_ref().and_then(|p| opt(p.fund.as_ref())),
            sponsor: c.project.as_ref().and_then(|p| opt(p.sponsor.as_ref())),
            contact_email: c.contact.as_ref().and_then(|x| x.email.clone()),
            contact_url: c.contact.as_ref().and_then(|x| x.url.clone()),
            venue: txt(&c.venue.name),
            city: txt(&c.venue.city),
            country: txt(&c.venue.country),
        };
        let fallback_note = fallback.map(|shown| {
            crate::html::escape(&ctx.i18n.fill(
                &lang,
                "fallback_page",
                &[("language", &ctx.i18n.language_name(&lang, shown))],
            ))
        });
        PageCtx {
            title: title.to_string(),
            head_title,
            description,
            site_title,
            short_title,
            tagline,
            dates,
            css,
            js: vec![link("assets/foro.js")],
            canonical: urls::absolute(base, &from),
            alternates,
            // The language chooser: it lists every language.
            x_default: base.clone(),
            switch,
            nav,
            home: link(&Target::Home(lang.to_string()).path()),
            fallback_note,
            footer,
            body_class: body_class(target).into(),
            lang: lang.to_string(),
        }
    }
}

fn body_class(t: &Target) -> &'static str {
    match t {
        Target::Chooser => "chooser",
        Target::NotFound => "not-found",
        Target::Home(_) => "home",
        Target::Agenda(_) => "agenda",
        Target::Speakers(_) => "speakers",
        Target::Speaker(..) => "speaker",
        Target::Presentations(_) => "presentations",
        Target::Page(..) => "page",
        Target::Reports(_) | Target::Report(..) => "report",
        Target::Participation(_) => "participation",
        Target::Handout(_) => "handout",
        Target::Search(_) => "search",
    }
}

/// A recording as a page shows it: a video to play, or a link.
#[derive(Debug, Clone, Serialize)]
pub struct RecordingCtx {
    pub video: Option<VideoCtx>,
    /// An external video, linked (nothing loads until the reader clicks).
    pub url: Option<String>,
}

/// A video file of the forum, for a `<video>` element.
#[derive(Debug, Clone, Serialize)]
pub struct VideoCtx {
    pub src: String,
    pub mime: &'static str,
    /// Type and size, as the materials show them (`WEBM, 76 KB`).
    pub detail: String,
    pub poster: Option<String>,
    pub tracks: Vec<TrackCtx>,
}

/// A captions file, for a `<track kind="captions">`.
#[derive(Debug, Clone, Serialize)]
pub struct TrackCtx {
    pub src: String,
    pub srclang: String,
    /// The language's name in the page's language.
    pub label: String,
    /// The page's language: shown unless the reader turns it off.
    pub default: bool,
}
