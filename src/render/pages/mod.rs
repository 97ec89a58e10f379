//! Render stage: the pages of the site, one module per page family, each a
//! function from a [`PageScope`] to the page's HTML.
//!
//! The scope holds what every page builder needs (context, target, link
//! style, language) and the typed accessors that turn model values into
//! template values for that page: localized texts, links, people, rendered
//! Markdown. The views shared by several pages and by the handout
//! ([`Card`], [`SessionCtx`], [`Material`], [`Link`]) live here too.

pub mod agenda;
pub mod chooser;
pub mod documents;
pub mod error;
pub mod home;
pub mod presentations;
pub mod speakers;
pub mod surveys;

use serde::Serialize;

pub use super::context::{NavItem, RecordingCtx};
use super::context::{PageCtx, PageView, TrackCtx, VideoCtx};
use super::format::{asset_size, file_type, initials};
use super::{Context, Txt};
use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::{Lang, Localized, Presentation, Recording, Session, Speaker};
use crate::urls::{self, LinkStyle, Target};

/// What a page builder renders from: one page of one output.
///
/// Every localized value of the page goes through [`PageScope::txt`],
/// which records the first text shown in another language; the page's
/// context then carries the "parts of this page are in another language"
/// note ([`PageScope::render`]).
pub struct PageScope<'a> {
    pub ctx: &'a Context<'a>,
    pub target: &'a Target,
    pub style: &'a LinkStyle,
    /// The page's language (the default language for pages without one).
    pub lang: &'a Lang,
    /// The language of the first text shown in another language.
    fell_back: std::cell::RefCell<Option<String>>,
    /// A speaker's id and biography, already rendered (by the handout
    /// that shows it too: [`crate::render::together::all_pages`]).
    pub rendered_bio: Option<(&'a str, &'a str)>,
    /// Set when the page, rendered with internal links for every output,
    /// holds something that differs by output (captions inlined in the
    /// USB bundle): it is then rendered for each output.
    pub per_output: std::cell::Cell<bool>,
}

impl<'a> PageScope<'a> {
    pub fn new(ctx: &'a Context<'a>, target: &'a Target, style: &'a LinkStyle) -> PageScope<'a> {
        let f = ctx.forum;
        let lang = target
            .lang()
            .and_then(|l| f.lang(l))
            .unwrap_or_else(|| f.default_lang());
        PageScope {
            ctx,
            target,
            style,
            lang,
            fell_back: std::cell::RefCell::default(),
            rendered_bio: None,
            per_output: std::cell::Cell::new(false),
        }
    }

    /// Notes that a text of the page is shown in `shown`.
    fn note(&self, shown: Option<&String>) {
        if let Some(l) = shown {
            self.fell_back.borrow_mut().get_or_insert_with(|| l.clone());
        }
    }

    /// The language of the first text of the page shown in another
    /// language, if any.
    pub fn fallback(&self) -> Option<String> {
        self.fell_back.borrow().clone()
    }

    /// Renders the page's template with `data`, adding the note about texts
    /// in another language when the page has any (`fallback_text_note`).
    pub fn render<T: Serialize>(&self, template: &str, data: &T) -> Result<String, Diagnostic> {
        let context = self.context(template, data)?;
        self.ctx
            .templates
            .render_context(template, self.lang, &context)
    }

    /// The context [`PageScope::render`] renders `template` with: the
    /// fallback note is as the texts picked so far make it.
    pub fn context<T: Serialize>(
        &self,
        template: &str,
        data: &T,
    ) -> Result<tera::Context, Diagnostic> {
        let note = self
            .fallback()
            .filter(|_| self.target.lang().is_some())
            .map(|shown| {
                crate::html::escape(&self.ctx.i18n.fill(
                    self.lang,
                    "fallback_text",
                    &[("language", &self.ctx.i18n.language_name(self.lang, &shown))],
                ))
            });
        self.ctx
            .templates
            .context(template, self.lang, data, note.as_deref())
    }

    /// Renders `template` with `base` ([`PageScope::context`]) and its
    /// field `field` set to `value` (a part of a long list).
    pub fn render_part<T: Serialize>(
        &self,
        template: &str,
        base: &tera::Context,
        field: &'static str,
        value: &T,
    ) -> Result<String, Diagnostic> {
        let mut context = base.clone();
        context.insert(field, value);
        self.ctx
            .templates
            .render_context(template, self.lang, &context)
    }

    /// The forum's languages, default first.
    pub fn order(&self) -> &'a [Lang] {
        &self.ctx.forum.config.languages
    }

    /// The output path of the page.
    pub fn from(&self) -> String {
        self.target.path()
    }

    /// The common part of the page's template context.
    pub fn page(&self, title: &str, description: Option<&str>, fallback: Option<&str>) -> PageCtx {
        PageCtx::new(self, title, description, fallback)
    }

    /// A localized text in the page's language (the one accessor for
    /// localized values: it records a fallback).
    pub fn txt(&self, l: &Localized) -> Txt {
        let (t, fell) = Txt::resolved(l, self.lang);
        if fell {
            self.note(t.lang.as_ref());
        }
        t
    }

    pub fn opt(&self, l: Option<&Localized>) -> Option<Txt> {
        l.map(|l| self.txt(l))
    }

    /// The plain text of a localized value in the page's language.
    pub fn text(&self, l: &Localized) -> String {
        self.txt(l).text
    }

    /// A translated interface string.
    pub fn t(&self, key: &'a str) -> &'a str {
        self.ctx.i18n.t(self.lang, key)
    }

    /// "All times are Lima time (UTC−5)." in the page's language.
    pub fn timezone_note(&self) -> String {
        let c = &self.ctx.forum.config;
        let city = c
            .timezone_city
            .as_ref()
            .map_or_else(|| crate::i18n::zone_city(&c.timezone), |l| self.text(l));
        let zone = self
            .ctx
            .i18n
            .zone(self.lang, &city, &c.timezone, c.start, c.end);
        self.ctx
            .i18n
            .fill(self.lang, "agenda_intro", &[("timezone", &zone)])
    }

    /// The link from this page to another page.
    pub fn link(&self, to: &Target) -> String {
        urls::link(&self.from(), &to.path(), self.style)
    }

    /// The link from this page to a fragment of another page.
    pub fn link_to(&self, to: &Target, fragment: &str) -> String {
        urls::link_to(&self.from(), &to.path(), Some(fragment), self.style)
    }

    /// The link from this page to one of the forum's files or images.
    pub fn file(&self, path: &str) -> String {
        urls::link(&self.from(), path, self.style)
    }

    /// Links to the pages of the speakers `ids` (unknown ids are skipped).
    pub fn people(&self, ids: &[String]) -> Vec<Link> {
        ids.iter()
            .filter_map(|id| self.ctx.forum.speaker(id))
            .map(|s| Link {
                href: self.link(&Target::Speaker(self.lang.to_string(), s.id.clone())),
                label: s.name.clone(),
                lang: None,
            })
            .collect()
    }

    /// The label of a list of people, agreeing with their number and gender
    /// ("Expositora", "Moderadores").
    pub fn label(&self, key: &str, ids: &[String]) -> String {
        let genders: Vec<_> = ids
            .iter()
            .filter_map(|id| self.ctx.forum.speaker(id))
            .map(|s| s.gender)
            .collect();
        self.ctx.i18n.form(self.lang, key, &genders)
    }

    /// A session of the agenda, with its people and materials.
    pub fn session(&self, s: &Session) -> SessionCtx {
        let f = self.ctx.forum;
        SessionCtx {
            id: s.id.clone(),
            start: I18n::time(s.start),
            end: I18n::time(s.end),
            kind: s.kind.name(),
            kind_label: self.ctx.i18n.kind_label(self.lang, s.kind),
            title: self.txt(&s.title),
            room: self.opt(s.room.as_ref()),
            speakers: self.people(&s.speakers),
            moderators: self.people(&s.moderators),
            speakers_label: self.label("speakers_label", &s.speakers),
            moderators_label: self.label("moderators_label", &s.moderators),
            materials: s
                .presentations
                .iter()
                .filter_map(|id| f.presentation(id))
                .map(|p| self.material(p))
                .collect(),
            description: self.description(s),
            stream: s.stream && f.config.livestream.is_some(),
            recording: s.recording.as_ref().map(|r| self.recording(r)),
        }
    }

    /// Where a `<track>` loads captions from: the file, or in the USB
    /// bundle the captions themselves as a `data:` URI (browsers treat
    /// every `file://` URL as an origin of its own and load no caption
    /// track from another file; the file is in the bundle all the same).
    fn captions_src(&self, path: &str) -> String {
        use base64::Engine as _;
        let inline = self.ctx.forum.asset(path).and_then(|a| a.inline.as_deref());
        if *self.style == LinkStyle::Internal && inline.is_some() {
            self.per_output.set(true);
        }
        match (self.style, inline) {
            (LinkStyle::File, Some(bytes)) => format!(
                "data:text/vtt;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ),
            _ => self.file(path),
        }
    }

    /// A recording: a video of the forum with its captions (the page's
    /// language on by default), or a link to one elsewhere.
    pub fn recording(&self, r: &Recording) -> RecordingCtx {
        match r {
            Recording::Url(url) => RecordingCtx {
                video: None,
                url: Some(url.clone()),
            },
            Recording::File {
                file,
                captions,
                poster,
            } => RecordingCtx {
                video: Some(VideoCtx {
                    src: self.file(file),
                    mime: Recording::video_mime(file).unwrap_or("video/mp4"),
                    detail: format!(
                        "{}, {}",
                        file_type(file),
                        asset_size(self.ctx.forum, file, self.ctx.i18n, self.lang)
                    ),
                    poster: poster.as_deref().map(|p| self.file(p)),
                    tracks: captions
                        .iter()
                        .map(|c| TrackCtx {
                            src: self.captions_src(&c.file),
                            srclang: c.lang.clone(),
                            label: crate::i18n::sentence_case(
                                &self.ctx.i18n.language_name(self.lang, &c.lang),
                            ),
                            default: self.lang.is(&c.lang),
                        })
                        .collect(),
                }),
                url: None,
            },
        }
    }

    /// A speaker's biography, rendered, in the page's language.
    pub fn bio(&self, s: &Speaker) -> Option<std::borrow::Cow<'a, str>> {
        if let Some((_, html)) = self.rendered_bio.filter(|(id, _)| *id == s.id) {
            return Some(std::borrow::Cow::Borrowed(html));
        }
        let ctx = self.ctx;
        ctx.prepared.bio(ctx.forum, ctx.i18n, s, self.lang)
    }

    /// A session's description, rendered (marked with its language when it
    /// falls back).
    pub fn description(&self, s: &Session) -> Option<String> {
        let key = (s.id.clone(), self.lang.to_string());
        let html = self.ctx.prepared.descriptions.get(&key)?;
        Some(self.marked(s.description.as_ref(), &html.html))
    }

    /// A presentation's summary, rendered.
    pub fn summary(&self, p: &Presentation) -> Option<String> {
        let key = (p.id.clone(), self.lang.to_string());
        let html = self.ctx.prepared.summaries.get(&key)?;
        Some(self.marked(p.summary.as_ref(), &html.html))
    }

    /// Rendered Markdown of `source`, in a `lang` element when it is shown
    /// in another language than the page's.
    fn marked(&self, source: Option<&Localized>, html: &str) -> String {
        let Some(source) = source else {
            return html.to_string();
        };
        let (txt, fell) = Txt::resolved(source, self.lang);
        if fell {
            self.note(txt.lang.as_ref());
        }
        match (txt.lang, fell) {
            (Some(l), true) => format!("<div lang=\"{l}\" class=\"fallback\">{html}</div>"),
            (Some(l), false) => format!("<div lang=\"{l}\">{html}</div>"),
            (None, _) => html.to_string(),
        }
    }

    /// A speaker's card, linking to their page and photo.
    pub fn card(&self, s: &Speaker) -> Card {
        Card {
            id: s.id.clone(),
            href: self.link(&Target::Speaker(self.lang.to_string(), s.id.clone())),
            name: s.name.clone(),
            honorific: self.opt(s.honorific.as_ref()),
            position: self.opt(s.position.as_ref()),
            organization: self.opt(s.organization.as_ref()),
            economy: self.opt(s.economy.as_ref()),
            photo: s.photo.as_deref().map(|p| self.file(p)),
            photo_alt: self
                .ctx
                .i18n
                .fill(self.lang, "photo_of", &[("name", &s.name)]),
            initials: initials(&s.name),
        }
    }

    /// Records the texts [`PageScope::card`] would show in another
    /// language, without making the card.
    pub fn note_card(&self, s: &Speaker) {
        for l in [&s.honorific, &s.position, &s.organization, &s.economy]
            .into_iter()
            .flatten()
        {
            let r = l.get(self.lang);
            if r.fallback {
                self.note(Some(&r.lang.to_string()));
            }
        }
    }

    /// A presentation as a downloadable item.
    pub fn material(&self, p: &Presentation) -> Material {
        let (href, detail) = match (&p.file, &p.slides_url) {
            (Some(file), _) => (
                Some(self.file(file)),
                format!(
                    "{}, {}",
                    file_type(file),
                    asset_size(self.ctx.forum, file, self.ctx.i18n, self.lang)
                ),
            ),
            (None, Some(url)) => (Some(url.clone()), self.t("slides").to_string()),
            (None, None) => (None, String::new()),
        };
        Material {
            title: self.txt(&p.title),
            href,
            detail,
        }
    }
}

impl PageView for PageScope<'_> {
    fn context(&self) -> &Context<'_> {
        self.ctx
    }
    fn page_target(&self) -> &Target {
        self.target
    }
    fn link_style(&self) -> &LinkStyle {
        self.style
    }
    fn language(&self) -> &Lang {
        self.lang
    }
    fn localized(&self, l: &Localized) -> Txt {
        self.txt(l)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
    /// The label's language when it is not the page's.
    pub lang: Option<String>,
}

#[derive(Clone, Serialize)]
/// A session as the agenda page and the handout show it.
pub struct SessionCtx {
    pub id: String,
    pub start: String,
    pub end: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub title: Txt,
    pub room: Option<Txt>,
    pub speakers: Vec<Link>,
    pub moderators: Vec<Link>,
    /// "Speaker" / "Expositoras": agrees with the speakers.
    pub speakers_label: String,
    pub moderators_label: String,
    pub materials: Vec<Material>,
    pub description: Option<String>,
    pub stream: bool,
    pub recording: Option<RecordingCtx>,
}

/// A speaker as the speakers page, a speaker's page and the handout show
/// them.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: String,
    pub href: String,
    pub name: String,
    pub honorific: Option<Txt>,
    pub position: Option<Txt>,
    pub organization: Option<Txt>,
    pub economy: Option<Txt>,
    pub photo: Option<String>,
    pub photo_alt: String,
    pub initials: String,
}

/// A presentation to download.
#[derive(Debug, Clone, Serialize)]
pub struct Material {
    pub title: Txt,
    pub href: Option<String>,
    pub detail: String,
}
