//! Render stage: the web site (and, with file links, the USB bundle's pages).

use std::fmt::Write as _;

use serde::Serialize;

use super::context::{PageCtx, doc_target};
use super::{Content, Context, OutFile, Output, Txt, render_pages};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::{DocKind, Document, Session, Speaker};
use crate::urls::{self, LinkStyle, Target};

/// The web target: folder links, sitemap, robots.txt.
pub struct Site {
    pub style: LinkStyle,
}

impl Output for Site {
    fn folder(&self) -> &'static str {
        "site"
    }

    fn render(&self, ctx: &Context) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let targets = targets(ctx);
        // The pages and the rest (search index, schedules, sitemap) at once.
        let (pages, rest) = rayon::join(
            || render_pages(&targets, |t| page(ctx, t, &self.style)),
            || extras(ctx, &self.style, &targets),
        );
        let mut files = pages?;
        files.extend(rest);
        Ok(files)
    }
}

/// Everything of the web site but its pages: search index, sitemap,
/// robots.txt, schedules, assets, files and images.
pub fn extras(ctx: &Context, style: &LinkStyle, targets: &[Target]) -> Vec<OutFile> {
    let mut files = Vec::new();
    files.extend(super::search::files(ctx, style));
    files.push(OutFile {
        path: "sitemap.xml".into(),
        content: Content::Bytes(sitemap(ctx, targets).into_bytes()),
    });
    files.push(OutFile {
        path: "robots.txt".into(),
        content: Content::Bytes(
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                ctx.forum.config.base_url
            )
            .into_bytes(),
        ),
    });
    files.extend(shared_files(ctx));
    files.extend(super::schedule::files(ctx));
    files
}

/// Static assets of the theme and the forum's files and images.
pub fn shared_files(ctx: &Context) -> Vec<OutFile> {
    let mut files: Vec<OutFile> = ctx
        .templates
        .statics
        .iter()
        .map(|(name, bytes)| OutFile {
            path: format!("assets/{name}"),
            content: Content::Bytes(bytes.clone()),
        })
        .collect();
    if ctx.prepared.has_code {
        files.push(OutFile {
            path: "assets/highlight.css".into(),
            content: Content::Bytes(crate::highlight::stylesheet().into_bytes()),
        });
    }
    for a in &ctx.forum.assets {
        files.push(OutFile {
            path: a.path.clone(),
            content: Content::Copy(ctx.project.join(&a.path)),
        });
    }
    files
}

/// Every page of the site, chooser and 404 included.
pub fn targets(ctx: &Context) -> Vec<Target> {
    let f = ctx.forum;
    let mut out = vec![Target::Chooser, Target::NotFound];
    for lang in &f.config.languages {
        let l = || lang.clone();
        out.extend([
            Target::Home(l()),
            Target::Agenda(l()),
            Target::Speakers(l()),
        ]);
        out.extend(
            f.speakers
                .iter()
                .map(|s| Target::Speaker(l(), s.id.clone())),
        );
        if !f.presentations.is_empty() {
            out.push(Target::Presentations(l()));
        }
        out.extend(f.pages.iter().map(|d| Target::Page(l(), d.slug.clone())));
        if f.reports.len() > 1 {
            out.push(Target::Reports(l()));
        }
        out.extend(
            f.reports
                .iter()
                .map(|d| Target::Report(l(), d.slug.clone())),
        );
        if f.participation.is_some() {
            out.push(Target::Participation(l()));
        }
        out.extend([Target::Handout(l()), Target::Search(l())]);
    }
    out
}

/// Renders one page of the site in the given link style.
pub fn page(ctx: &Context, target: &Target, style: &LinkStyle) -> Result<OutFile, Diagnostic> {
    let path = target.path();
    let html = match target {
        Target::Chooser => chooser(ctx, style),
        Target::NotFound => {
            let rooted = LinkStyle::Rooted(urls::base_path(&ctx.forum.config.base_url));
            let style = if *style == LinkStyle::Folder {
                &rooted
            } else {
                style
            };
            not_found(ctx, style)
        }
        Target::Home(l) => home(ctx, target, style, l),
        Target::Agenda(l) => agenda(ctx, target, style, l),
        Target::Speakers(l) => speakers(ctx, target, style, l),
        Target::Speaker(l, id) => speaker(ctx, target, style, l, id),
        Target::Presentations(l) => presentations(ctx, target, style, l),
        Target::Page(l, slug) => document(ctx, target, style, l, DocKind::Page, slug),
        Target::Report(l, slug) => document(ctx, target, style, l, DocKind::Report, slug),
        Target::Reports(l) => reports(ctx, target, style, l),
        Target::Participation(l) => super::participation::page(ctx, target, style, l),
        Target::Handout(l) => super::handout::page(ctx, target, style, l),
        Target::Search(l) => super::search::page(ctx, target, style, l),
    }?;
    let html = announce_fallbacks(ctx, target, &urls::rewrite_internal(&html, &path, style));
    Ok(OutFile {
        path,
        content: Content::Bytes(html.into_bytes()),
    })
}

/// Marker in the base template where a page whose short texts fall back to
/// another language says so.
const PARTIAL_FALLBACK: &str = "<!--foro:partial-fallback-->";

/// Puts the visible "parts of this page are in another language" note on a
/// page that shows fallback texts (marked `class="fallback"`).
fn announce_fallbacks(ctx: &Context, target: &Target, html: &str) -> String {
    let Some(lang) = target.lang() else {
        return html.replace(PARTIAL_FALLBACK, "");
    };
    let shown = html.find("\" class=\"fallback\"").and_then(|end| {
        let start = html[..end].rfind("lang=\"")? + "lang=\"".len();
        Some(html[start..end].to_string())
    });
    let note = shown.map_or_else(String::new, |shown| {
        let text = ctx.i18n.fill(
            lang,
            "fallback_text",
            &[("language", &ctx.i18n.language_name(lang, &shown))],
        );
        format!(
            "<p class=\"fallback-note\" role=\"note\">{}</p>",
            crate::html::escape(&text)
        )
    });
    html.replace(PARTIAL_FALLBACK, &note)
}

#[derive(Clone, Serialize)]
struct Link {
    href: String,
    label: String,
}

#[derive(Serialize)]
struct ChooserCtx {
    page: PageCtx,
    choices: Vec<Choice>,
}

#[derive(Serialize)]
struct Choice {
    lang: String,
    href: String,
    autonym: String,
    title: Txt,
    prompt: String,
}

fn chooser(ctx: &Context, style: &LinkStyle) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let default = f.default_lang().to_string();
    let mut page = PageCtx::new(ctx, &Target::Chooser, style, "", None, None);
    let from = Target::Chooser.path();
    page.canonical.clone_from(&f.config.base_url);
    page.body_class = "chooser".into();
    page.head_title.clone_from(&page.site_title.text);
    let order = &f.config.languages;
    let choices = order
        .iter()
        .map(|l| Choice {
            lang: l.clone(),
            href: urls::link(&from, &Target::Home(l.clone()).path(), style),
            autonym: ctx.i18n.autonym(l),
            title: Txt::new(&f.config.title, l, order),
            prompt: ctx.i18n.t(l, "choose_language").to_string(),
        })
        .collect();
    ctx.templates
        .render("chooser.html", &default, &ChooserCtx { page, choices })
}

#[derive(Serialize)]
struct NotFoundCtx {
    page: PageCtx,
    homes: Vec<Choice>,
}

fn not_found(ctx: &Context, style: &LinkStyle) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let default = f.default_lang().to_string();
    let title = ctx.i18n.t(&default, "not_found_title").to_string();
    let mut page = PageCtx::new(ctx, &Target::NotFound, style, &title, None, None);
    page.body_class = "not-found".into();
    page.head_title = format!("{title} · {}", page.short_title.text);
    // Served at any missing address: it is nobody's canonical page.
    page.canonical = urls::absolute(&f.config.base_url, "404.html");
    let order = &f.config.languages;
    let homes = order
        .iter()
        .map(|l| Choice {
            lang: l.clone(),
            href: urls::link("404.html", &Target::Home(l.clone()).path(), style),
            autonym: ctx.i18n.autonym(l),
            title: Txt::plain(ctx.i18n.t(l, "not_found_title")),
            prompt: format!(
                "{} — {}",
                ctx.i18n.t(l, "not_found_text"),
                ctx.i18n.t(l, "back_home")
            ),
        })
        .collect();
    ctx.templates
        .render("404.html", &default, &NotFoundCtx { page, homes })
}

#[derive(Serialize)]
struct HomeCtx {
    page: PageCtx,
    venue: VenueCtx,
    livestream: Option<LivestreamCtx>,
    agenda_href: String,
    speakers_href: String,
    days: Vec<DaySummary>,
    pages: Vec<super::context::NavItem>,
    project_number: Option<String>,
    /// JSON for the "now / next" box, read by foro.js.
    schedule_json: String,
}

#[derive(Serialize)]
struct VenueCtx {
    name: Txt,
    address: String,
    city: String,
    country: String,
    map_url: Option<String>,
}

#[derive(Serialize)]
struct LivestreamCtx {
    url: String,
    note: Option<Txt>,
}

#[derive(Serialize)]
struct DaySummary {
    date: String,
    title: Option<Txt>,
    href: String,
}

fn home(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let order = &f.config.languages;
    let from = target.path();
    let link = |t: &Target| urls::link(&from, &t.path(), style);
    let title = ctx.i18n.t(lang, "home").to_string();
    let page = PageCtx::new(ctx, target, style, &title, None, None);
    let agenda = Target::Agenda(lang.to_string());
    let c = &f.config;
    let home = HomeCtx {
        venue: VenueCtx {
            name: Txt::new(&c.venue.name, lang, order),
            address: c.venue.address.clone(),
            city: c.venue.city.clone(),
            country: c.venue.country.clone(),
            map_url: c.venue.map_url.clone(),
        },
        livestream: c.livestream.as_ref().map(|l| LivestreamCtx {
            url: l.url.clone(),
            note: Txt::opt(l.note.as_ref(), lang, order),
        }),
        agenda_href: link(&agenda),
        speakers_href: link(&Target::Speakers(lang.to_string())),
        days: f
            .agenda
            .days
            .iter()
            .map(|d| DaySummary {
                date: ctx.i18n.date(lang, d.date),
                title: Txt::opt(d.title.as_ref(), lang, order),
                href: format!("{}#{}", link(&agenda), day_id(d.date)),
            })
            .collect(),
        pages: f
            .pages
            .iter()
            .map(|d| {
                let (v, fell) = d.version(lang, order);
                super::context::NavItem {
                    href: link(&Target::Page(lang.to_string(), d.slug.clone())),
                    label: v.title.clone(),
                    lang: fell.then(|| v.body.lang.clone()),
                    current: false,
                }
            })
            .collect(),
        project_number: c.project.as_ref().and_then(|p| p.number.clone()),
        schedule_json: now_next_json(ctx, lang, &link(&agenda)),
        page,
    };
    ctx.templates.render("home.html", lang, &home)
}

fn day_id(d: jiff::civil::Date) -> String {
    format!("day-{d}")
}

/// Sessions with their UTC start and end, for the "now / next" box.
fn now_next_json(ctx: &Context, lang: &str, agenda_href: &str) -> String {
    let f = ctx.forum;
    let Ok(tz) = jiff::tz::TimeZone::get(&f.config.timezone) else {
        return "[]".into();
    };
    let ms = |d: jiff::civil::Date, t: jiff::civil::Time| {
        d.to_datetime(t)
            .to_zoned(tz.clone())
            .map_or(0, |z| z.timestamp().as_millisecond())
    };
    let items: Vec<serde_json::Value> = f
        .sessions()
        .filter(|(_, s)| s.kind != crate::model::SessionKind::Break)
        .map(|(d, s)| {
            serde_json::json!({
                "start": ms(d.date, s.start),
                "end": ms(d.date, s.end),
                "time": format!("{}–{}", I18n::time(s.start), I18n::time(s.end)),
                "title": s.title.get(lang, &f.config.languages).text,
                "href": format!("{agenda_href}#{}", s.id),
            })
        })
        .collect();
    // Inside a <script> element `</script>` would close it and `<!--` would
    // swallow the rest of the page: no `<` at all (JSON reads `\u003c` as `<`).
    serde_json::to_string(&items)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

#[derive(Serialize)]
struct AgendaCtx {
    page: PageCtx,
    timezone_note: String,
    days: Vec<DayCtx>,
    livestream_url: Option<String>,
}

#[derive(Serialize)]
struct DayCtx {
    id: String,
    date: String,
    title: Option<Txt>,
    sessions: Vec<SessionCtx>,
    /// The same sessions grouped by start time: parallel sessions share a slot.
    slots: Vec<SlotCtx>,
}

/// Sessions that start at the same time (in different rooms).
#[derive(Serialize)]
struct SlotCtx {
    start: String,
    /// The slot's end, when all its sessions end together.
    end: Option<String>,
    sessions: Vec<SessionCtx>,
}

/// Groups sessions sorted by start time into slots.
fn slots(sessions: &[SessionCtx]) -> Vec<SlotCtx> {
    let mut out: Vec<SlotCtx> = Vec::new();
    for s in sessions {
        match out.last_mut() {
            Some(slot) if slot.start == s.start => {
                if slot.end.as_deref() != Some(s.end.as_str()) {
                    slot.end = None;
                }
                slot.sessions.push(s.clone());
            }
            _ => out.push(SlotCtx {
                start: s.start.clone(),
                end: Some(s.end.clone()),
                sessions: vec![s.clone()],
            }),
        }
    }
    out
}

#[derive(Clone, Serialize)]
struct SessionCtx {
    id: String,
    start: String,
    end: String,
    kind: &'static str,
    kind_label: String,
    title: Txt,
    room: Option<Txt>,
    speakers: Vec<Link>,
    moderators: Vec<Link>,
    materials: Vec<Material>,
    description: Option<String>,
    stream: bool,
}

#[derive(Clone, Serialize)]
struct Material {
    title: Txt,
    href: Option<String>,
    detail: String,
}

fn agenda(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let order = &f.config.languages;
    let from = target.path();
    let title = ctx.i18n.t(lang, "agenda").to_string();
    let page = PageCtx::new(ctx, target, style, &title, None, None);
    let people = |ids: &[String]| -> Vec<Link> {
        ids.iter()
            .filter_map(|id| f.speaker(id))
            .map(|s| Link {
                href: urls::link(
                    &from,
                    &Target::Speaker(lang.to_string(), s.id.clone()).path(),
                    style,
                ),
                label: s.name.clone(),
            })
            .collect()
    };
    let mut days: Vec<DayCtx> = f
        .agenda
        .days
        .iter()
        .map(|d| {
            let mut sessions: Vec<&Session> = d.sessions.iter().collect();
            sessions.sort_by_key(|s| (s.start, s.end));
            DayCtx {
                id: day_id(d.date),
                date: ctx.i18n.date(lang, d.date),
                title: Txt::opt(d.title.as_ref(), lang, order),
                sessions: sessions
                    .into_iter()
                    .map(|s| SessionCtx {
                        id: s.id.clone(),
                        start: I18n::time(s.start),
                        end: I18n::time(s.end),
                        kind: s.kind.name(),
                        kind_label: ctx.i18n.kind_label(lang, s.kind),
                        title: Txt::new(&s.title, lang, order),
                        room: Txt::opt(s.room.as_ref(), lang, order),
                        speakers: people(&s.speakers),
                        moderators: people(&s.moderators),
                        materials: s
                            .presentations
                            .iter()
                            .filter_map(|id| f.presentation(id))
                            .map(|p| material(ctx, &from, style, lang, p))
                            .collect(),
                        description: ctx
                            .prepared
                            .descriptions
                            .get(&(s.id.clone(), lang.to_string()))
                            .map(|r| r.html.clone()),
                        stream: s.stream && f.config.livestream.is_some(),
                    })
                    .collect(),
                slots: Vec::new(),
            }
        })
        .collect();
    for d in &mut days {
        d.slots = slots(&d.sessions);
    }
    let agenda = AgendaCtx {
        timezone_note: ctx
            .i18n
            .fill(lang, "agenda_intro", &[("timezone", &f.config.timezone)]),
        days,
        livestream_url: f.config.livestream.as_ref().map(|l| l.url.clone()),
        page,
    };
    ctx.templates.render("agenda.html", lang, &agenda)
}

fn material(
    ctx: &Context,
    from: &str,
    style: &LinkStyle,
    lang: &str,
    p: &crate::model::Presentation,
) -> Material {
    let order = &ctx.forum.config.languages;
    let (href, detail) = match (&p.file, &p.slides_url) {
        (Some(file), _) => {
            let size = ctx.forum.asset_size(file).unwrap_or(0);
            (
                Some(urls::link(from, file, style)),
                format!("{}, {}", file_type(file), human_size(size, ctx.i18n, lang)),
            )
        }
        (None, Some(url)) => (Some(url.clone()), ctx.i18n.t(lang, "slides").to_string()),
        (None, None) => (None, String::new()),
    };
    Material {
        title: Txt::new(&p.title, lang, order),
        href,
        detail,
    }
}

/// `PDF`, `PPTX`: the file's extension in capitals.
pub fn file_type(path: &str) -> String {
    path.rsplit_once('.')
        .map_or_else(|| "FILE".into(), |(_, ext)| ext.to_ascii_uppercase())
}

/// `2.3 KB` / `2,3 KB`.
pub fn human_size(bytes: u64, i18n: &I18n, lang: &str) -> String {
    let units = ["B", "KB", "MB", "GB"];
    let mut size = bytes;
    let mut tenths = 0;
    let mut unit = 0;
    while size >= 1000 && unit + 1 < units.len() {
        tenths = (size % 1000) / 100;
        size /= 1000;
        unit += 1;
    }
    if unit == 0 || size >= 100 {
        format!("{size} {}", units[unit])
    } else {
        format!(
            "{size}{}{tenths} {}",
            i18n.t(lang, "decimal_separator"),
            units[unit]
        )
    }
}

#[derive(Serialize)]
struct SpeakersCtx {
    page: PageCtx,
    speakers: Vec<Card>,
}

#[derive(Serialize)]
struct Card {
    id: String,
    href: String,
    name: String,
    honorific: Option<Txt>,
    position: Option<Txt>,
    organization: Option<Txt>,
    economy: Option<String>,
    photo: Option<String>,
    photo_alt: String,
    initials: String,
}

fn card(ctx: &Context, from: &str, style: &LinkStyle, lang: &str, s: &Speaker) -> Card {
    let order = &ctx.forum.config.languages;
    Card {
        id: s.id.clone(),
        href: urls::link(
            from,
            &Target::Speaker(lang.to_string(), s.id.clone()).path(),
            style,
        ),
        name: s.name.clone(),
        honorific: Txt::opt(s.honorific.as_ref(), lang, order),
        position: Txt::opt(s.position.as_ref(), lang, order),
        organization: Txt::opt(s.organization.as_ref(), lang, order),
        economy: s.economy.clone(),
        photo: s.photo.as_deref().map(|p| urls::link(from, p, style)),
        photo_alt: ctx.i18n.fill(lang, "photo_of", &[("name", &s.name)]),
        initials: initials(&s.name),
    }
}

fn speakers(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let from = target.path();
    let title = ctx.i18n.t(lang, "speakers").to_string();
    let page = PageCtx::new(ctx, target, style, &title, None, None);
    let mut list: Vec<&Speaker> = f.speakers.iter().collect();
    list.sort_by_cached_key(|s| (sort_key(&s.name), s.id.clone()));
    let speakers = list
        .into_iter()
        .map(|s| card(ctx, &from, style, lang, s))
        .collect();
    ctx.templates
        .render("speakers.html", lang, &SpeakersCtx { page, speakers })
}

/// Up to two initials of a name, for a photo's placeholder.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .take(2)
        .collect()
}

/// Sorts names by their letters, ignoring case and accents.
fn sort_key(name: &str) -> String {
    crate::slug::suggest_id(name)
}

#[derive(Serialize)]
struct SpeakerCtx {
    page: PageCtx,
    speaker: Card,
    bio: String,
    bio_lang: Option<String>,
    links: Vec<Link>,
    sessions: Vec<SpeakerSession>,
    presentations: Vec<Material>,
}

#[derive(Serialize)]
struct SpeakerSession {
    href: String,
    title: Txt,
    when: String,
    role: Option<String>,
}

fn speaker(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
    id: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let order = &f.config.languages;
    let from = target.path();
    let s = f
        .speaker(id)
        .ok_or_else(|| Diagnostic::error("", None, format!("no speaker `{id}`")))?;
    let bio_fallback = !s.bio.iter().any(|b| b.lang == lang);
    let shown = bio_fallback.then(|| s.bio[0].lang.clone());
    let description = s.position.as_ref().map(|p| {
        let org = s
            .organization
            .as_ref()
            .map(|o| format!(", {}", o.get(lang, order).text))
            .unwrap_or_default();
        format!("{}{org}", p.get(lang, order).text)
    });
    let has_bio = s.bio.iter().any(|b| !b.markdown.trim().is_empty());
    let page = PageCtx::new(
        ctx,
        target,
        style,
        &s.name,
        description.as_deref(),
        shown.as_deref().filter(|_| has_bio),
    );
    let agenda = Target::Agenda(lang.to_string()).path();
    let sessions = f
        .sessions_of(id)
        .filter_map(|(d, sess)| {
            let role = if sess.speakers.iter().any(|x| x == id) {
                None
            } else if sess.moderators.iter().any(|x| x == id) {
                Some(ctx.i18n.t(lang, "moderator").to_string())
            } else {
                return None;
            };
            Some(SpeakerSession {
                href: format!("{}#{}", urls::link(&from, &agenda, style), sess.id),
                title: Txt::new(&sess.title, lang, order),
                when: format!(
                    "{}, {}–{}",
                    ctx.i18n.date(lang, d.date),
                    I18n::time(sess.start),
                    I18n::time(sess.end)
                ),
                role,
            })
        })
        .collect();
    let presentations = f
        .presentations_of(id)
        .map(|p| material(ctx, &from, style, lang, p))
        .collect();
    let ctx_ = SpeakerCtx {
        speaker: card(ctx, &from, style, lang, s),
        bio: ctx
            .prepared
            .bios
            .get(&(id.to_string(), lang.to_string()))
            .map(|r| r.html.clone())
            .unwrap_or_default(),
        bio_lang: shown,
        links: s
            .links
            .iter()
            .map(|l| Link {
                href: l.url.clone(),
                label: l.label.clone(),
            })
            .collect(),
        sessions,
        presentations,
        page,
    };
    ctx.templates.render("speaker.html", lang, &ctx_)
}

#[derive(Serialize)]
struct PresentationsCtx {
    page: PageCtx,
    items: Vec<PresentationCtx>,
}

#[derive(Serialize)]
struct PresentationCtx {
    id: String,
    material: Material,
    file_type: Option<String>,
    size: Option<String>,
    language: Option<String>,
    speakers: Vec<Link>,
    session: Option<Link>,
    summary: Option<String>,
    slides_url: Option<String>,
    video_url: Option<String>,
}

fn presentations(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let order = &f.config.languages;
    let from = target.path();
    let title = ctx.i18n.t(lang, "presentations").to_string();
    let page = PageCtx::new(ctx, target, style, &title, None, None);
    let agenda = Target::Agenda(lang.to_string()).path();
    let items = f
        .presentations
        .iter()
        .map(|p| PresentationCtx {
            id: p.id.clone(),
            material: material(ctx, &from, style, lang, p),
            file_type: p.file.as_deref().map(file_type),
            size: p
                .file
                .as_ref()
                .map(|file| human_size(f.asset_size(file).unwrap_or(0), ctx.i18n, lang)),
            language: p.language.as_ref().map(|l| ctx.i18n.language_name(lang, l)),
            speakers: p
                .speakers
                .iter()
                .filter_map(|id| f.speaker(id))
                .map(|s| Link {
                    href: urls::link(
                        &from,
                        &Target::Speaker(lang.to_string(), s.id.clone()).path(),
                        style,
                    ),
                    label: s.name.clone(),
                })
                .collect(),
            session: f.session_of(&p.id).map(|(_, s)| Link {
                href: format!("{}#{}", urls::link(&from, &agenda, style), s.id),
                label: s.title.get(lang, order).text.to_string(),
            }),
            summary: ctx
                .prepared
                .summaries
                .get(&(p.id.clone(), lang.to_string()))
                .map(|r| r.html.clone()),
            slides_url: p.slides_url.clone(),
            video_url: p.video_url.clone(),
        })
        .collect();
    ctx.templates.render(
        "presentations.html",
        lang,
        &PresentationsCtx { page, items },
    )
}

#[derive(Serialize)]
struct DocCtx {
    page: PageCtx,
    html: String,
    toc: Vec<crate::markdown::TocEntry>,
    report: bool,
    text_lang: Option<String>,
}

fn document(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
    kind: DocKind,
    slug: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let list = if kind == DocKind::Page {
        &f.pages
    } else {
        &f.reports
    };
    let doc: &Document = list
        .iter()
        .find(|d| d.slug == slug)
        .ok_or_else(|| Diagnostic::error("", None, format!("no document `{slug}`")))?;
    let (v, fell) = doc.version(lang, &f.config.languages);
    let shown = fell.then(|| v.body.lang.clone());
    let page = PageCtx::new(ctx, target, style, &v.title, None, shown.as_deref());
    let rendered = ctx
        .prepared
        .docs
        .get(&(kind, slug.to_string(), lang.to_string()))
        .cloned()
        .unwrap_or_default();
    let d = DocCtx {
        html: rendered.html,
        toc: if kind == DocKind::Report {
            rendered.toc
        } else {
            Vec::new()
        },
        report: kind == DocKind::Report,
        text_lang: shown,
        page,
    };
    ctx.templates.render("document.html", lang, &d)
}

#[derive(Serialize)]
struct ReportsCtx {
    page: PageCtx,
    docs: Vec<Link>,
}

fn reports(
    ctx: &Context,
    target: &Target,
    style: &LinkStyle,
    lang: &str,
) -> Result<String, Diagnostic> {
    let f = ctx.forum;
    let from = target.path();
    let title = ctx.i18n.t(lang, "report").to_string();
    let page = PageCtx::new(ctx, target, style, &title, None, None);
    let docs = f
        .reports
        .iter()
        .map(|d| Link {
            href: urls::link(
                &from,
                &doc_target(DocKind::Report, lang, &d.slug).path(),
                style,
            ),
            label: d.version(lang, &f.config.languages).0.title.clone(),
        })
        .collect();
    ctx.templates
        .render("reports.html", lang, &ReportsCtx { page, docs })
}

fn sitemap(ctx: &Context, targets: &[Target]) -> String {
    let base = &ctx.forum.config.base_url;
    let order = &ctx.forum.config.languages;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for t in targets.iter().filter(|t| t.lang().is_some()) {
        let esc = |s: &str| crate::html::escape(s);
        let _ = write!(
            out,
            "  <url>\n    <loc>{}</loc>\n",
            esc(&urls::absolute(base, &t.path()))
        );
        for l in order {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}\"/>",
                esc(&urls::absolute(base, &t.in_lang(l).path()))
            );
        }
        let _ = write!(
            out,
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n",
            esc(&urls::absolute(base, &t.in_lang(&order[0]).path()))
        );
    }
    out.push_str("</urlset>\n");
    out
}
